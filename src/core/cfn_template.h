// cfn_template.h: a CloudFormation template parsed from JSON, its static checks (sections, parameters, conditions,
// dependency order, capabilities) and the intrinsic functions. Pure functions of their inputs: must not depend on
// the Lab, any service or the clock. Error texts follow CloudFormation's (aws-facts §6).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/api_error.h"
#include "core/json.h"

namespace fhl {

struct CfnParameter {
  std::string name;
  std::string type;  // "String", "Number", "CommaDelimitedList", "List<Number>", "AWS::SSM::..."(rejected) ...
  std::optional<std::string> default_value;
  std::string description;
  std::vector<std::string> allowed_values;
  std::optional<std::string> allowed_pattern;
  std::optional<double> min_value, max_value;
  std::optional<int64_t> min_length, max_length;
  std::string constraint_description;
  bool no_echo = false;
};

struct CfnResource {
  std::string logical_id;
  std::string type;                     // "AWS::S3::Bucket"
  Json properties = Json::object();     // unresolved (still holds intrinsics)
  std::vector<std::string> depends_on;  // explicit DependsOn plus every Ref/GetAtt/Sub target, sorted, unique
  std::optional<std::string> condition;
  std::string deletion_policy = "Delete";  // "Delete" | "Retain" | "Snapshot"
};

struct CfnTemplate {
  Json document;  // the whole template as parsed
  std::string description;
  std::vector<CfnParameter> parameters;  // template (text) order
  std::vector<CfnResource> resources;    // template (text) order
  Json conditions = Json::object();
  Json mappings = Json::object();
  Json outputs = Json::object();
  std::vector<std::string> output_order;  // Outputs keys in template order (Json objects sort their keys)
  std::vector<std::string> transforms;  // the Transform section (ValidateTemplate's DeclaredTransforms)
  const CfnParameter* FindParameter(const std::string& name) const;
  const CfnResource* FindResource(const std::string& logical_id) const;
};

// Parses and statically checks a template body (JSON text). A YAML body gets a ValidationError that says so and
// names the conversion (e.g. `cfn-flip`); a JSON syntax error names line and column. Checks: known top-level
// sections, Resources present and non-empty, each resource has a Type, logical ids alphanumeric, DependsOn and Ref
// targets exist ("Template format error: Unresolved resource dependencies [X] in the Resources block of the
// template"), no cycles ("Circular dependency between resources: [A, B]"), intrinsic shapes well formed.
// Errors: code "ValidationError", status 400, message starting with "Template format error: " where AWS does.
Result<CfnTemplate> ParseTemplate(std::string_view template_body);

// "Template format error: Unrecognized resource types: [AWS::Foo::Bar]" unless known(type) for every resource.
Status CheckResourceTypes(const CfnTemplate& tmpl, const std::function<bool(std::string_view type)>& known);

// Resolves parameter values for CreateStack/UpdateStack from the request's Parameters list
// ([{ParameterKey, ParameterValue, UsePreviousValue}]) and the template's Defaults. previous: the stack's current
// values (for UsePreviousValue). Checks AllowedValues, AllowedPattern, Min/MaxValue, Min/MaxLength with AWS texts,
// e.g. "Parameter 'BufferInterval' must be a number not greater than 900", "Parameters: [X] must have values",
// "Parameters: [Y] do not exist in the template".
Result<std::map<std::string, std::string>> ResolveParameters(
    const CfnTemplate& tmpl, const Json& parameters_request,
    const std::map<std::string, std::string>& previous = {});

// The values intrinsics can see while a stack is being deployed.
struct CfnContext {
  std::map<std::string, std::string> parameters;  // template parameters, resolved
  std::map<std::string, std::string> pseudo;      // "AWS::StackName" -> ..., "AWS::Region", "AWS::AccountId", ...
  std::map<std::string, bool> conditions;         // evaluated conditions
  std::set<std::string> list_parameters;          // CommaDelimitedList / List<Number>: Ref gives a list
  Json mappings = Json::object();                 // the Mappings section (Fn::FindInMap)
  // Ref of a resource: its physical id, or nullopt while it does not exist yet.
  std::function<std::optional<std::string>(const std::string& logical_id)> ref_resource;
  // Fn::GetAtt: the attribute value, or an error (unknown attribute: "Template error: resource X does not support
  // attribute type Y in Fn::GetAtt").
  std::function<Result<Json>(const std::string& logical_id, const std::string& attribute)> get_att;
};

// Pseudo parameters for a stack: AWS::StackName, AWS::StackId, AWS::Region, AWS::AccountId, AWS::Partition
// ("aws"), AWS::URLSuffix ("amazonaws.com"). AWS::NoValue and AWS::NotificationARNs are handled by ResolveValue.
std::map<std::string, std::string> PseudoParameters(const std::string& stack_name, const std::string& stack_id,
                                                    const std::string& region, const std::string& account_id);

// The parts of ctx that come from the template: list_parameters and mappings.
void AddTemplateToContext(const CfnTemplate& tmpl, CfnContext* ctx);

// Evaluates the Conditions section (Fn::Equals, Fn::If, Fn::And, Fn::Or, Fn::Not, Condition) over parameters.
Result<std::map<std::string, bool>> EvaluateConditions(const CfnTemplate& tmpl, const CfnContext& ctx);

// Resolves every intrinsic in value (Ref, Fn::GetAtt in both forms, Fn::Sub in both forms, Fn::Join, Fn::Select,
// Fn::Split, Fn::If, Fn::Equals, Fn::Base64, Fn::GetAZs, Condition) and removes properties/list items that resolve to
// AWS::NoValue. Errors are template errors with CloudFormation's texts.
Result<Json> ResolveValue(const Json& value, const CfnContext& ctx);

// Resources to create, in dependency order (a resource after everything it depends on; ties in template order).
// Resources whose Condition is false are left out.
std::vector<std::string> CreationOrder(const CfnTemplate& tmpl, const std::map<std::string, bool>& conditions);

// Capabilities the template needs: CAPABILITY_NAMED_IAM when an IAM resource has a custom name (RoleName,
// PolicyName of AWS::IAM::ManagedPolicy, UserName, GroupName), else CAPABILITY_IAM when any IAM resource exists.
struct CfnCapabilityNeed {
  std::vector<std::string> capabilities;  // empty, ["CAPABILITY_IAM"] or ["CAPABILITY_NAMED_IAM"]
  std::string reason;  // "The following resource(s) require capabilities: [AWS::IAM::Role]"
};
CfnCapabilityNeed RequiredCapabilities(const CfnTemplate& tmpl);

// The ValidateTemplate response body: Parameters [{ParameterKey, DefaultValue, NoEcho, Description}], Description,
// Capabilities, CapabilitiesReason, DeclaredTransforms.
Json ValidateTemplateResponse(const CfnTemplate& tmpl);

}  // namespace fhl
