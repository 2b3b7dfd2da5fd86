// cfn_resource_iam.cpp: the AWS::IAM::Role and AWS::IAM::Policy handlers (roles and inline role policies through the
// lab's IAM). Must not depend on the stack service, the Lab or IamService: every effect goes through ctx.call.
#include <map>
#include <set>

#include "core/cfn_resource_common.h"
#include "core/rng.h"

namespace fhl {
namespace {

constexpr const char* kRoleType = "AWS::IAM::Role";
constexpr const char* kPolicyType = "AWS::IAM::Policy";

// [SECTION] schemas

const std::vector<CfnField>& TagFields() {
  static const std::vector<CfnField> kFields = {{"Key", CfnKind::kString, true}, {"Value", CfnKind::kString, true}};
  return kFields;
}

const std::vector<CfnField>& InlinePolicyFields() {
  static const std::vector<CfnField> kFields = {{"PolicyName", CfnKind::kString, true},
                                                {"PolicyDocument", CfnKind::kDocument, true}};
  return kFields;
}

const std::vector<CfnField>& RoleSchema() {
  static const std::vector<CfnField> kFields = {
      {"AssumeRolePolicyDocument", CfnKind::kDocument, true},
      {"RoleName", CfnKind::kString},
      {"Path", CfnKind::kString},
      {"Description", CfnKind::kString},
      {"MaxSessionDuration", CfnKind::kInteger},
      {"Policies", CfnKind::kArray, false, &InlinePolicyFields(), CfnKind::kObject},
      {"ManagedPolicyArns", CfnKind::kArray, false, nullptr, CfnKind::kString},
      {"PermissionsBoundary", CfnKind::kString},
      {"Tags", CfnKind::kArray, false, &TagFields(), CfnKind::kObject},
  };
  return kFields;
}

const std::vector<CfnField>& PolicySchema() {
  static const std::vector<CfnField> kFields = {
      {"PolicyName", CfnKind::kString, true},
      {"PolicyDocument", CfnKind::kDocument, true},
      {"Roles", CfnKind::kArray, false, nullptr, CfnKind::kString},
      {"Groups", CfnKind::kArray, false, nullptr, CfnKind::kString},
      {"Users", CfnKind::kArray, false, nullptr, CfnKind::kString},
  };
  return kFields;
}

Result<Json> NormalizeRole(const std::string& logical_id, const Json& properties) {
  CfnPropertyCheck check(logical_id, properties);
  check.Check(RoleSchema());
  check.MaxLength("#/RoleName", Member(check.value(), "RoleName"), 64);
  return check.result();
}

Result<Json> NormalizePolicy(const std::string& logical_id, const Json& properties) {
  CfnPropertyCheck check(logical_id, properties);
  check.Check(PolicySchema());
  return check.result();
}

Status ToStatus(const Result<Json>& r) { return r.ok() ? Status::Ok() : Status(r.error()); }

std::vector<std::string> StringList(const Json& object, const char* name) {
  std::vector<std::string> out;
  if (const Json* list = Member(object, name)) {
    for (const Json& item : *list) {
      if (item.is_string()) out.push_back(item.get<std::string>());
    }
  }
  return out;
}

// Policies[] as name -> document text (a later duplicate wins, as IAM's PutRolePolicy would).
std::map<std::string, std::string> InlinePolicies(const Json& props) {
  std::map<std::string, std::string> out;
  if (const Json* list = Member(props, "Policies")) {
    for (const Json& p : *list) {
      const Json* name = Member(p, "PolicyName");
      const Json* doc = Member(p, "PolicyDocument");
      if (name && name->is_string() && doc) out[name->get<std::string>()] = DocumentText(*doc);
    }
  }
  return out;
}

Status PutRolePolicy(CfnResourceContext& ctx, const std::string& role, const std::string& name,
                     const std::string& document) {
  auto r = CfnCall(ctx, "IAM", "Iam", "PutRolePolicy",
                   Json{{"RoleName", role}, {"PolicyName", name}, {"PolicyDocument", document}});
  return r.ok() ? Status::Ok() : Status(r.error());
}

// Deletes an inline policy; one that is already gone counts as deleted.
Status DeleteRolePolicy(CfnResourceContext& ctx, const std::string& role, const std::string& name) {
  Response r = ctx.call("IAM", "DeleteRolePolicy", Json{{"RoleName", role}, {"PolicyName", name}});
  if (!r.ok() && !IsNotFoundError(*r.error)) return CfnHandlerError(ctx, "Iam", *r.error);
  return Status::Ok();
}

std::optional<ApiError> Unsupported(CfnResourceContext& ctx, const Json& props) {
  if (!StringList(props, "ManagedPolicyArns").empty()) {
    return CfnHandlerFailure(ctx, "Managed policies (ManagedPolicyArns) are not part of this lab; use Policies.",
                             "InvalidRequest");
  }
  if (Member(props, "PermissionsBoundary")) {
    return CfnHandlerFailure(ctx, "Permissions boundaries are not part of this lab.", "InvalidRequest");
  }
  return std::nullopt;
}

// [SECTION] AWS::IAM::Role

Result<CfnProvisioned> RoleProvisioned(CfnResourceContext& ctx, const std::string& name) {
  auto got = CfnCall(ctx, "IAM", "Iam", "GetRole", Json{{"RoleName", name}});
  if (!got.ok()) return got.error();
  const Json& role = got.value()["Role"];
  CfnProvisioned p;
  p.physical_id = name;
  p.attributes = {{"Arn", StringOr(role, "Arn", "")}, {"RoleId", StringOr(role, "RoleId", "")}};
  return p;
}

Status DeleteRoleAndPolicies(CfnResourceContext& ctx, const std::string& name) {
  Response list = ctx.call("IAM", "ListRolePolicies", Json{{"RoleName", name}, {"MaxItems", 1000}});
  if (!list.ok()) {
    if (IsNotFoundError(*list.error)) return Status::Ok();
    return CfnHandlerError(ctx, "Iam", *list.error);
  }
  for (const Json& policy : list.body["PolicyNames"]) {
    if (!policy.is_string()) continue;
    if (Status s = DeleteRolePolicy(ctx, name, policy.get<std::string>()); !s.ok()) return s;
  }
  Response r = ctx.call("IAM", "DeleteRole", Json{{"RoleName", name}});
  if (!r.ok() && !IsNotFoundError(*r.error)) return CfnHandlerError(ctx, "Iam", *r.error);
  return Status::Ok();
}

Result<CfnProvisioned> CreateRole(CfnResourceContext& ctx, const std::string& logical_id, const Json& properties) {
  auto normalized = NormalizeRole(logical_id, properties);
  if (!normalized.ok()) return normalized.error();
  const Json& props = normalized.value();
  if (auto e = Unsupported(ctx, props)) return *e;
  std::string name = StringOr(props, "RoleName", "");
  if (name.empty()) {
    auto generated = CfnGeneratedName(ctx, logical_id, 64, 12, /*lower_case=*/false);
    if (!generated.ok()) return generated.error();
    name = generated.value();
  }
  Json request = {{"RoleName", name},
                  {"AssumeRolePolicyDocument", DocumentText(*Member(props, "AssumeRolePolicyDocument"))}};
  for (const char* member : {"Path", "Description", "MaxSessionDuration", "Tags"}) {
    if (const Json* v = Member(props, member)) request[member] = *v;
  }
  Response created = ctx.call("IAM", "CreateRole", request);
  if (!created.ok()) {
    if (IsAlreadyExistsError(*created.error)) return CfnAlreadyExists(ctx, kRoleType, name);
    return CfnHandlerError(ctx, "Iam", *created.error);
  }
  for (const auto& policy : InlinePolicies(props)) {
    if (Status s = PutRolePolicy(ctx, name, policy.first, policy.second); !s.ok()) {
      DeleteRoleAndPolicies(ctx, name);  // nothing of a failed create stays behind
      return s.error();
    }
  }
  return RoleProvisioned(ctx, name);
}

CfnUpdateKind RoleUpdateKind(const Json& old_properties, const Json& new_properties) {
  for (const char* member : {"RoleName", "Path"}) {
    const Json none;
    const Json* a = Member(old_properties, member);
    const Json* b = Member(new_properties, member);
    if ((a ? *a : none) != (b ? *b : none)) return CfnUpdateKind::kReplacement;
  }
  return CfnUpdateKind::kNoInterruption;
}

Result<CfnProvisioned> UpdateRole(CfnResourceContext& ctx, const std::string& logical_id, const CfnProvisioned& current,
                                  const Json& old_properties, const Json& new_properties) {
  auto normalized = NormalizeRole(logical_id, new_properties);
  if (!normalized.ok()) return normalized.error();
  const Json& props = normalized.value();
  if (auto e = Unsupported(ctx, props)) return *e;
  auto old_normalized = NormalizeRole(logical_id, old_properties);
  const Json old_props = old_normalized.ok() ? old_normalized.value() : Json::object();
  const std::string& name = current.physical_id;

  const std::string trust = DocumentText(*Member(props, "AssumeRolePolicyDocument"));
  const Json* old_trust = Member(old_props, "AssumeRolePolicyDocument");
  if (!old_trust || DocumentText(*old_trust) != trust) {
    auto r = CfnCall(ctx, "IAM", "Iam", "UpdateAssumeRolePolicy", Json{{"RoleName", name}, {"PolicyDocument", trust}});
    if (!r.ok()) return r.error();
  }
  const std::string description = StringOr(props, "Description", "");
  auto session_of = [](const Json& p) {
    const Json* v = Member(p, "MaxSessionDuration");
    return v ? *v : Json(3600);
  };
  if (description != StringOr(old_props, "Description", "") || session_of(props) != session_of(old_props)) {
    Json request = {{"RoleName", name}, {"Description", description}, {"MaxSessionDuration", session_of(props)}};
    auto r = CfnCall(ctx, "IAM", "Iam", "UpdateRole", request);
    if (!r.ok()) return r.error();
  }
  const auto old_policies = InlinePolicies(old_props);
  const auto new_policies = InlinePolicies(props);
  for (const auto& policy : new_policies) {
    auto it = old_policies.find(policy.first);
    if (it != old_policies.end() && it->second == policy.second) continue;
    if (Status s = PutRolePolicy(ctx, name, policy.first, policy.second); !s.ok()) return s.error();
  }
  for (const auto& policy : old_policies) {
    if (new_policies.count(policy.first)) continue;
    if (Status s = DeleteRolePolicy(ctx, name, policy.first); !s.ok()) return s.error();
  }
  return RoleProvisioned(ctx, name);
}

Status RemoveRole(CfnResourceContext& ctx, const CfnProvisioned& current, const Json& /*properties*/) {
  return DeleteRoleAndPolicies(ctx, current.physical_id);
}

// [SECTION] AWS::IAM::Policy

std::optional<ApiError> PolicyTargets(CfnResourceContext& ctx, const Json& props) {
  if (!StringList(props, "Groups").empty() || !StringList(props, "Users").empty()) {
    return CfnHandlerFailure(ctx, "IAM users and groups are not part of this lab; attach the policy to Roles.",
                             "InvalidRequest");
  }
  if (StringList(props, "Roles").empty()) {
    return CfnHandlerFailure(ctx, "At least one of [Groups,Roles,Users] must be non-empty.", "InvalidRequest");
  }
  return std::nullopt;
}

// Puts `name` on every role; on a failure, the roles already done lose it again.
Status PutOnRoles(CfnResourceContext& ctx, const std::vector<std::string>& roles, const std::string& name,
                  const std::string& document, const std::set<std::string>& keep_on_failure) {
  for (size_t i = 0; i < roles.size(); ++i) {
    if (Status s = PutRolePolicy(ctx, roles[i], name, document); !s.ok()) {
      for (size_t j = 0; j < i; ++j) {
        if (!keep_on_failure.count(roles[j])) DeleteRolePolicy(ctx, roles[j], name);
      }
      return s;
    }
  }
  return Status::Ok();
}

Result<CfnProvisioned> CreatePolicy(CfnResourceContext& ctx, const std::string& logical_id, const Json& properties) {
  auto normalized = NormalizePolicy(logical_id, properties);
  if (!normalized.ok()) return normalized.error();
  const Json& props = normalized.value();
  if (auto e = PolicyTargets(ctx, props)) return *e;
  if (!ctx.rng) return ApiError{"InternalFailure", "No random source to generate a physical id.", 500};
  const std::string name = StringOr(props, "PolicyName", "");
  const std::string document = DocumentText(*Member(props, "PolicyDocument"));
  if (Status s = PutOnRoles(ctx, StringList(props, "Roles"), name, document, {}); !s.ok()) return s.error();
  // CloudFormation names an inline policy resource after the stack and logical id ("mysta-RoleP-1A2B3C4D5E6F").
  CfnProvisioned p;
  p.physical_id = ctx.stack_name.substr(0, 5) + "-" + logical_id.substr(0, 5) + "-" + CfnRandomUpperAlnum(*ctx.rng, 12);
  return p;
}

Result<CfnProvisioned> UpdatePolicy(CfnResourceContext& ctx, const std::string& logical_id,
                                    const CfnProvisioned& current, const Json& old_properties,
                                    const Json& new_properties) {
  auto normalized = NormalizePolicy(logical_id, new_properties);
  if (!normalized.ok()) return normalized.error();
  const Json& props = normalized.value();
  if (auto e = PolicyTargets(ctx, props)) return *e;
  auto old_normalized = NormalizePolicy(logical_id, old_properties);
  const Json old_props = old_normalized.ok() ? old_normalized.value() : Json::object();
  const std::string name = StringOr(props, "PolicyName", "");
  const std::string old_name = StringOr(old_props, "PolicyName", "");
  const std::vector<std::string> roles = StringList(props, "Roles");
  const std::vector<std::string> old_roles = StringList(old_props, "Roles");
  const std::set<std::string> had(old_roles.begin(), old_roles.end());
  const std::set<std::string> has(roles.begin(), roles.end());
  if (Status s = PutOnRoles(ctx, roles, name, DocumentText(*Member(props, "PolicyDocument")),
                            name == old_name ? had : std::set<std::string>());
      !s.ok()) {
    return s.error();
  }
  for (const std::string& role : old_roles) {
    if (name == old_name && has.count(role)) continue;
    if (Status s = DeleteRolePolicy(ctx, role, old_name); !s.ok()) return s.error();
  }
  return current;
}

Status RemovePolicy(CfnResourceContext& ctx, const CfnProvisioned& /*current*/, const Json& properties) {
  auto normalized = NormalizePolicy("Policy", properties);
  if (!normalized.ok()) return Status::Ok();  // never created
  const std::string name = StringOr(normalized.value(), "PolicyName", "");
  for (const std::string& role : StringList(normalized.value(), "Roles")) {
    if (Status s = DeleteRolePolicy(ctx, role, name); !s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace

CfnResourceType MakeIamRoleType() {
  CfnResourceType t;
  t.type = kRoleType;
  t.validate = [](const std::string& logical_id, const Json& properties) {
    return ToStatus(NormalizeRole(logical_id, properties));
  };
  t.create = CreateRole;
  t.update_kind = RoleUpdateKind;
  t.update = UpdateRole;
  t.remove = RemoveRole;
  t.create_seconds = 3;  // IAM is eventually consistent; CloudFormation waits for the role to propagate
  t.delete_seconds = 2;
  return t;
}

CfnResourceType MakeIamPolicyType() {
  CfnResourceType t;
  t.type = kPolicyType;
  t.validate = [](const std::string& logical_id, const Json& properties) {
    return ToStatus(NormalizePolicy(logical_id, properties));
  };
  t.create = CreatePolicy;
  t.update_kind = [](const Json&, const Json&) { return CfnUpdateKind::kNoInterruption; };
  t.update = UpdatePolicy;
  t.remove = RemovePolicy;
  t.create_seconds = 2;
  t.delete_seconds = 1;
  return t;
}

}  // namespace fhl
