// cfn_resource_types.h: what CloudFormation does for each resource type of the lab: create, update, delete the real
// resource through the Lab's one entry point, and report its physical id and Fn::GetAtt attributes.
// Must not depend on the stack service or the UI; every effect goes through CfnResourceContext::call.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "core/api_error.h"
#include "core/json.h"

namespace fhl {

class Rng;

struct CfnResourceContext {
  // Lab::Call (service, action, request) -> response. The only way a handler changes the lab.
  std::function<Response(std::string_view service, std::string_view action, const Json& request)> call;
  std::string stack_name;
  std::string account_id;
  std::string region;
  Rng* rng = nullptr;  // generated physical names: "<stack>-<logicalid>-<13 upper alnum>" style (aws-facts §6.1)
};

struct CfnProvisioned {
  std::string physical_id;            // what Ref returns
  Json attributes = Json::object();   // Fn::GetAtt values by attribute name ("Arn", "RoleId", ...)
};

// How an UpdateStack change to a resource is applied (CloudFormation's "Update requires" column).
enum class CfnUpdateKind { kNoInterruption, kReplacement };

// Every error of validate/create/update/remove carries the resource's whole status reason in ApiError::message,
// already in CloudFormation's form (the stack service shows it as is), e.g.
// `Resource handler returned message: "<service text> (Service: Firehose, Status Code: 400, Request ID: <uuid>)"
// (RequestToken: <uuid>, HandlerErrorCode: InvalidRequest)`. remove of a resource that is already gone succeeds.
// Handlers convert resolved values as CloudFormation does ("60" from a Number parameter for an Integer property).
struct CfnResourceType {
  std::string type;  // "AWS::KinesisFirehose::DeliveryStream"
  // Checks resolved properties before anything is created (required properties, types, ranges); the message is the
  // resource's CREATE_FAILED reason, e.g. "Properties validation failed for resource Bucket with message: ...".
  std::function<Status(const std::string& logical_id, const Json& properties)> validate;
  std::function<Result<CfnProvisioned>(CfnResourceContext& ctx, const std::string& logical_id, const Json& properties)>
      create;
  // Which kind of update old -> new needs (e.g. a DeliveryStreamName change is a replacement).
  std::function<CfnUpdateKind(const Json& old_properties, const Json& new_properties)> update_kind;
  // In-place update (only called for kNoInterruption); returns the (possibly unchanged) provisioned state.
  std::function<Result<CfnProvisioned>(CfnResourceContext& ctx, const std::string& logical_id,
                                       const CfnProvisioned& current, const Json& old_properties,
                                       const Json& new_properties)>
      update;
  // Deletes the resource. A non-empty bucket fails as on AWS ("The bucket you tried to delete is not empty").
  std::function<Status(CfnResourceContext& ctx, const CfnProvisioned& current, const Json& properties)> remove;
  // Simulated seconds the resource takes to reach CREATE_COMPLETE / DELETE_COMPLETE (events are spread over time).
  int create_seconds = 1;
  int delete_seconds = 1;
};

// The handler for a type, or nullptr for a type this lab does not support (the stack then fails validation with
// "Template format error: Unrecognized resource types: [AWS::Foo::Bar]").
const CfnResourceType* FindCfnResourceType(std::string_view type);

}  // namespace fhl
