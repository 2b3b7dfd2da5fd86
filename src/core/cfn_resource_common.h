// cfn_resource_common.h: what the CloudFormation resource handlers (cfn_resource_*.cpp) share: the property-schema
// check with CloudFormation's texts, handler-error texts, generated physical names, and one factory per type.
// Internal to the handlers; must not depend on the stack service, the Lab or any service's classes.
#pragma once

#include <string>
#include <vector>

#include "core/cfn_resource_types.h"

namespace fhl {

// [SECTION] property schemas

enum class CfnKind {
  kString,     // numbers and booleans are converted to their text, as CloudFormation does
  kInteger,    // integral numbers and numeric strings ("60" from a Number parameter) become integers
  kBoolean,    // "true"/"false" strings become booleans
  kObject,     // with fields: only those keys; without: any object
  kArray,      // items of `item` kind (kObject items use `fields`)
  kDocument,   // a JSON policy document: object or JSON text
  kStringMap,  // object whose scalar values become strings (Glue Parameters)
  kAny,
};

struct CfnField {
  const char* name;
  CfnKind kind;
  bool required = false;
  const std::vector<CfnField>* fields = nullptr;  // kObject members, or members of each kArray object item
  CfnKind item = CfnKind::kAny;                   // kArray item kind
};

// Checks `properties` (a resolved Properties object; null = none) against a schema and converts scalars as
// CloudFormation does. Messages use the resource schema validator's texts, e.g. "#: required key [X] not found",
// "#/A/B: expected type: Integer, found: String", "#: extraneous key [Y] is not permitted".
class CfnPropertyCheck {
 public:
  CfnPropertyCheck(std::string logical_id, const Json& properties);
  void Check(const std::vector<CfnField>& schema);
  // Extra checks on the converted value (call after Check).
  void Enum(const std::string& path, const Json* value, const std::vector<std::string>& allowed);
  void Pattern(const std::string& path, const Json* value, const char* pattern_text,
               bool (*matches)(const std::string&));
  void MaxLength(const std::string& path, const Json* value, size_t max_chars);
  void Fail(std::string message) { errors_.push_back(std::move(message)); }

  Json& value() { return value_; }
  bool ok() const { return errors_.empty(); }
  // "Properties validation failed for resource X with message: <one>" or "...: [<a>, <b>]".
  ApiError error() const;
  Result<Json> result() const;

 private:
  void CheckValue(Json& v, CfnKind kind, const std::vector<CfnField>* fields, CfnKind item, const std::string& path);
  std::string logical_id_;
  Json value_;
  std::vector<std::string> errors_;
};

// Member lookup on a (checked) properties object; nullptr when absent or null.
const Json* Member(const Json& object, const char* name);
std::string StringOr(const Json& object, const char* name, const std::string& fallback);
// A kDocument value as JSON text.
std::string DocumentText(const Json& document);

// [SECTION] handler results

// A failed service call as CloudFormation reports it: `Resource handler returned message: "<message> (Service:
// <service>, Status Code: <n>, Request ID: <uuid>)" (RequestToken: <uuid>, HandlerErrorCode: <code>)`. The code and
// HTTP status of `error` are kept.
ApiError CfnHandlerError(CfnResourceContext& ctx, const char* service_label, const ApiError& error);
// A handler's own refusal (no service call), same outer form.
ApiError CfnHandlerFailure(CfnResourceContext& ctx, const std::string& message, const char* handler_code);
// "Resource of type 'T' with identifier 'id' already exists." (HandlerErrorCode: AlreadyExists).
ApiError CfnAlreadyExists(CfnResourceContext& ctx, const std::string& type, const std::string& identifier);
// True for the "does not exist" errors of the lab's services (a delete of something already gone succeeds).
bool IsNotFoundError(const ApiError& error);
bool IsAlreadyExistsError(const ApiError& error);

// One service call through ctx.call; a failure comes back wrapped by CfnHandlerError with service_label.
Result<Json> CfnCall(CfnResourceContext& ctx, const char* service, const char* service_label, std::string_view action,
                     const Json& request);

// [SECTION] generated names

// `<stack>-<logicalid>-<suffix>` cut to max_chars (the stack and logical id part shortened first), suffix of
// suffix_chars random upper-case letters and digits, or lower-case letters and digits when lower_case (the whole
// name is then lower case, for S3). Needs ctx.rng.
Result<std::string> CfnGeneratedName(CfnResourceContext& ctx, const std::string& logical_id, size_t max_chars,
                                     int suffix_chars, bool lower_case);
std::string CfnRandomUpperAlnum(Rng& rng, int length);

// [SECTION] the types (one factory per cfn_resource_<type>.cpp)

CfnResourceType MakeS3BucketType();
CfnResourceType MakeIamRoleType();
CfnResourceType MakeIamPolicyType();
CfnResourceType MakeFirehoseDeliveryStreamType();
CfnResourceType MakeGlueDatabaseType();
CfnResourceType MakeGlueTableType();
CfnResourceType MakeAthenaWorkGroupType();
CfnResourceType MakeAthenaNamedQueryType();

}  // namespace fhl
