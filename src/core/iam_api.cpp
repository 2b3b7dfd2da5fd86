// iam_api.cpp: IAM's request/response shapes (roles and inline role policies) over IamService, with IAM's error
// codes and texts (ValidationError, EntityAlreadyExists, NoSuchEntity, DeleteConflict, MalformedPolicyDocument).
// Must not depend on other services or a clock. Nothing changes unless the whole request is valid.
#include <algorithm>

#include "core/iam_service.h"
#include "core/wire_http.h"  // PercentEncode: IAM returns policy documents URL-encoded (RFC 3986)
#include "core/request_fields.h"

namespace fhl {
namespace {

// [SECTION] shared checks

constexpr const char* kNamePattern = "Member must satisfy regular expression pattern: [\\w+=,.@-]+";
constexpr int64_t kMinSession = 3600, kMaxSession = 43200;
constexpr size_t kMaxPolicyDocumentChars = 131072;
constexpr size_t kMaxDescriptionChars = 1000;

ApiError IamValidation(const ValidationErrors& errors) {
  ApiError e = errors.ToError();
  e.code = "ValidationError";  // IAM's query protocol names it so
  return e;
}

ApiError Malformed(std::string message) { return ApiError{"MalformedPolicyDocument", std::move(message), 400}; }

void CheckName(const std::optional<std::string>& name, const std::string& path, size_t max_chars,
               ValidationErrors& errors) {
  if (!name) return errors.Add(std::nullopt, path, "Member must not be null");
  if (name->empty()) return errors.Add(*name, path, "Member must have length greater than or equal to 1");
  if (name->size() > max_chars) {
    errors.Add(*name, path, "Member must have length less than or equal to " + std::to_string(max_chars));
  }
  if (!IsIamName(*name, SIZE_MAX)) errors.Add(*name, path, kNamePattern);
}

void CheckDocumentLength(const std::optional<std::string>& doc, const std::string& path, ValidationErrors& errors) {
  if (!doc) return errors.Add(std::nullopt, path, "Member must not be null");
  if (doc->empty()) errors.Add(*doc, path, "Member must have length greater than or equal to 1");
  if (doc->size() > kMaxPolicyDocumentChars) {
    errors.Add("...", path, "Member must have length less than or equal to 131072");
  }
}

bool IsValidPath(const std::string& path) {
  if (path.empty() || path.size() > 512 || path.front() != '/' || path.back() != '/') return false;
  return std::all_of(path.begin(), path.end(), [](char c) { return c >= 0x21 && c <= 0x7E; });
}

// Checks a policy document as IAM's policy grammar does (the parts that matter here). trust: an
// AssumeRolePolicyDocument (statements need a Principal) rather than a permissions policy (they must not have one).
std::optional<ApiError> CheckPolicyDocument(const std::string& text, bool trust) {
  auto doc = ParseJson(text);
  if (!doc || !doc->is_object()) return Malformed("This policy contains invalid Json");
  if (auto version = doc->find("Version"); version != doc->end()) {
    if (!version->is_string() || (*version != "2012-10-17" && *version != "2008-10-17")) {
      return Malformed("The policy failed legacy parsing");
    }
  }
  auto statement = doc->find("Statement");
  if (statement == doc->end()) return Malformed("Syntax errors in policy.");
  std::vector<const Json*> statements;
  if (statement->is_object()) {
    statements.push_back(&*statement);
  } else if (statement->is_array() && !statement->empty()) {
    for (const Json& s : *statement) statements.push_back(&s);
  } else {
    return Malformed("Syntax errors in policy.");
  }
  for (const Json* s : statements) {
    if (!s->is_object()) return Malformed("Syntax errors in policy.");
    auto effect = s->find("Effect");
    if (effect == s->end() || !effect->is_string() || (*effect != "Allow" && *effect != "Deny")) {
      return Malformed("Syntax errors in policy.");
    }
    const bool has_principal = s->contains("Principal") || s->contains("NotPrincipal");
    if (!s->contains("Action") && !s->contains("NotAction")) return Malformed("Policy statement must contain actions.");
    if (trust) {
      if (!has_principal) return Malformed("AssumeRolePolicy policy: Missing required field Principal");
    } else {
      if (has_principal) return Malformed("Policy document should not specify a principal.");
      if (!s->contains("Resource") && !s->contains("NotResource")) {
        return Malformed("Policy statement must contain resources.");
      }
    }
  }
  return std::nullopt;
}

// IAM counts policy sizes without whitespace.
size_t PolicySize(const std::string& text) {
  return static_cast<size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return c != ' ' && c != '\n' && c != '\r' && c != '\t'; }));
}

Json RoleJson(const IamRole& r, bool with_tags) {
  Json out = {{"Path", r.path},
              {"RoleName", r.name},
              {"RoleId", r.role_id},
              {"Arn", r.arn},
              {"CreateDate", FormatIso8601(r.create_date)},
              {"AssumeRolePolicyDocument", PercentEncode(r.assume_role_policy_document)},
              {"MaxSessionDuration", r.max_session_duration_s}};
  if (!r.description.empty()) out["Description"] = r.description;
  if (with_tags) {
    if (!r.tags.empty()) {
      Json tags = Json::array();
      for (const auto& tag : r.tags) tags.push_back({{"Key", tag.first}, {"Value", tag.second}});
      out["Tags"] = std::move(tags);
    }
    out["RoleLastUsed"] = Json::object();
  }
  return out;
}

// MaxItems (1-1000, default 100) and Marker of a List* request.
std::optional<ApiError> ReadPaging(RequestFields& f, int64_t* max_items, std::string* marker) {
  auto max = f.Integer("MaxItems");
  auto m = f.String("Marker");
  if (!f.ok()) return f.error();
  ValidationErrors errors;
  if (max && (*max < 1 || *max > 1000)) {
    errors.Add(std::to_string(*max), "maxItems",
               *max < 1 ? "Member must have value greater than or equal to 1"
                        : "Member must have value less than or equal to 1000");
  }
  if (m && m->empty()) errors.Add(*m, "marker", "Member must have length greater than or equal to 1");
  if (!errors.empty()) return IamValidation(errors);
  *max_items = max.value_or(100);
  *marker = m.value_or("");
  return std::nullopt;
}

// [SECTION] actions

class IamApi {
 public:
  IamApi(IamService& service, TimeUs now) : service_(service), now_(now) {}

  Response CreateRole(const Json& request) {
    RequestFields f(request);
    auto name = f.String("RoleName");
    auto path = f.String("Path");
    auto document = f.String("AssumeRolePolicyDocument");
    auto description = f.String("Description");
    auto max_session = f.Integer("MaxSessionDuration");
    const Json* tags = f.Array("Tags");
    const bool has_boundary = f.Has("PermissionsBoundary");
    IamRole role;
    if (tags) {
      for (const Json& tag : *tags) {
        RequestFields t(tag, "Tags.member.");
        auto key = t.String("Key");
        auto value = t.String("Value");
        if (!t.ok()) f.Fail(t.error());
        role.tags.emplace_back(key.value_or(""), value.value_or(""));
      }
    }
    if (!f.ok()) return FailWith(f.error());
    ValidationErrors errors;
    CheckName(name, "roleName", IamService::kMaxRoleNameChars, errors);
    CheckDocumentLength(document, "assumeRolePolicyDocument", errors);
    if (description && description->size() > kMaxDescriptionChars) {
      errors.Add(*description, "description", "Member must have length less than or equal to 1000");
    }
    if (max_session && (*max_session < kMinSession || *max_session > kMaxSession)) {
      errors.Add(std::to_string(*max_session), "maxSessionDuration",
                 *max_session < kMinSession ? "Member must have value greater than or equal to 3600"
                                            : "Member must have value less than or equal to 43200");
    }
    if (tags && tags->size() > 50) errors.Add("[...]", "tags", "Member must have length less than or equal to 50");
    if (!errors.empty()) return FailWith(IamValidation(errors));
    if (path && !IsValidPath(*path)) {
      return Response::Fail("ValidationError",
                            "The specified value for path is invalid. It must begin and end with / and contain only "
                            "alphanumeric characters and/or / characters.");
    }
    if (has_boundary) {
      return Response::Fail("InvalidInput", "Permissions boundaries are not supported by this lab.");
    }
    if (auto e = CheckPolicyDocument(*document, /*trust=*/true)) return FailWith(*e);
    role.name = *name;
    role.path = path.value_or("/");
    role.assume_role_policy_document = *document;
    role.description = description.value_or("");
    role.max_session_duration_s = max_session.value_or(kMinSession);
    if (Status s = service_.CreateRole(std::move(role), now_); !s.ok()) return FailWith(s.error());
    return Response::Ok({{"Role", RoleJson(*service_.FindRole(*name), true)}});
  }

  // Reads RoleName and finds the role; nullptr with *error set otherwise.
  IamRole* RoleFromRequest(RequestFields& f, Response* error) {
    auto name = f.String("RoleName");
    if (!f.ok()) return *error = FailWith(f.error()), nullptr;
    ValidationErrors errors;
    CheckName(name, "roleName", IamService::kMaxRoleNameChars, errors);
    if (!errors.empty()) return *error = FailWith(IamValidation(errors)), nullptr;
    IamRole* role = service_.FindRole(*name);
    if (!role) *error = FailWith(IamNoSuchRole(*name));
    return role;
  }

  Response GetRole(const Json& request) {
    RequestFields f(request);
    Response error;
    const IamRole* role = RoleFromRequest(f, &error);
    if (!role) return error;
    return Response::Ok({{"Role", RoleJson(*role, true)}});
  }

  Response DeleteRole(const Json& request) {
    RequestFields f(request);
    Response error;
    const IamRole* role = RoleFromRequest(f, &error);
    if (!role) return error;
    if (Status s = service_.DeleteRole(role->name); !s.ok()) return FailWith(s.error());
    return Response::Ok(Json::object());
  }

  Response ListRoles(const Json& request) {
    RequestFields f(request);
    auto prefix = f.String("PathPrefix");
    int64_t max_items = 0;
    std::string marker;
    if (auto e = ReadPaging(f, &max_items, &marker)) return FailWith(*e);
    Json roles = Json::array();
    Json body = Json::object();
    bool truncated = false;
    for (const IamRole* r : service_.ListRoles()) {
      if (prefix && r->path.compare(0, prefix->size(), *prefix) != 0) continue;
      if (!marker.empty() && r->name < marker) continue;
      if (static_cast<int64_t>(roles.size()) == max_items) {
        truncated = true;
        body["Marker"] = r->name;
        break;
      }
      roles.push_back(RoleJson(*r, false));
    }
    body["Roles"] = std::move(roles);
    body["IsTruncated"] = truncated;
    return Response::Ok(std::move(body));
  }

  Response UpdateRole(const Json& request) {
    RequestFields f(request);
    auto description = f.String("Description");
    auto max_session = f.Integer("MaxSessionDuration");
    Response error;
    IamRole* role = RoleFromRequest(f, &error);
    ValidationErrors errors;
    if (description && description->size() > kMaxDescriptionChars) {
      errors.Add(*description, "description", "Member must have length less than or equal to 1000");
    }
    if (max_session && (*max_session < kMinSession || *max_session > kMaxSession)) {
      errors.Add(std::to_string(*max_session), "maxSessionDuration",
                 *max_session < kMinSession ? "Member must have value greater than or equal to 3600"
                                            : "Member must have value less than or equal to 43200");
    }
    if (!errors.empty()) return FailWith(IamValidation(errors));
    if (!role) return error;
    if (description) role->description = *description;
    if (max_session) role->max_session_duration_s = *max_session;
    service_.Changed();
    return Response::Ok(Json::object());
  }

  Response UpdateAssumeRolePolicy(const Json& request) {
    RequestFields f(request);
    auto document = f.String("PolicyDocument");
    Response error;
    IamRole* role = RoleFromRequest(f, &error);
    ValidationErrors errors;
    CheckDocumentLength(document, "policyDocument", errors);
    if (!errors.empty()) return FailWith(IamValidation(errors));
    if (!role) return error;
    if (auto e = CheckPolicyDocument(*document, /*trust=*/true)) return FailWith(*e);
    role->assume_role_policy_document = *document;
    service_.Changed();
    return Response::Ok(Json::object());
  }

  Response PutRolePolicy(const Json& request) {
    RequestFields f(request);
    auto policy_name = f.String("PolicyName");
    auto document = f.String("PolicyDocument");
    Response error;
    IamRole* role = RoleFromRequest(f, &error);
    ValidationErrors errors;
    CheckName(policy_name, "policyName", IamService::kMaxPolicyNameChars, errors);
    CheckDocumentLength(document, "policyDocument", errors);
    if (!errors.empty()) return FailWith(IamValidation(errors));
    if (!role) return error;
    if (auto e = CheckPolicyDocument(*document, /*trust=*/false)) return FailWith(*e);
    size_t total = PolicySize(*document);
    for (const auto& p : role->inline_policies) {
      if (p.first != *policy_name) total += PolicySize(p.second);
    }
    if (total > IamService::kMaxInlinePolicyChars) {
      return Response::Fail("LimitExceeded", "Maximum policy size of 10240 bytes exceeded for role " + role->name, 409);
    }
    role->inline_policies[*policy_name] = *document;
    service_.Changed();
    return Response::Ok(Json::object());
  }

  // RoleName + PolicyName of Get/DeleteRolePolicy: the role holding that policy, or nullptr with *error set.
  IamRole* PolicyFromRequest(const Json& request, std::string* policy_name, Response* error) {
    RequestFields f(request);
    auto name = f.String("PolicyName");
    IamRole* role = RoleFromRequest(f, error);
    ValidationErrors errors;
    CheckName(name, "policyName", IamService::kMaxPolicyNameChars, errors);
    if (!errors.empty()) return *error = FailWith(IamValidation(errors)), nullptr;
    if (!role) return nullptr;
    if (!role->inline_policies.count(*name)) {
      *error = Response::Fail("NoSuchEntity", "The role policy with name " + *name + " cannot be found.", 404);
      return nullptr;
    }
    *policy_name = *name;
    return role;
  }

  Response GetRolePolicy(const Json& request) {
    std::string policy_name;
    Response error;
    const IamRole* role = PolicyFromRequest(request, &policy_name, &error);
    if (!role) return error;
    return Response::Ok({{"RoleName", role->name},
                         {"PolicyName", policy_name},
                         {"PolicyDocument", PercentEncode(role->inline_policies.find(policy_name)->second)}});
  }

  Response DeleteRolePolicy(const Json& request) {
    std::string policy_name;
    Response error;
    IamRole* role = PolicyFromRequest(request, &policy_name, &error);
    if (!role) return error;
    role->inline_policies.erase(policy_name);
    service_.Changed();
    return Response::Ok(Json::object());
  }

  Response ListRolePolicies(const Json& request) {
    RequestFields f(request);
    int64_t max_items = 0;
    std::string marker;
    Response error;
    IamRole* role = RoleFromRequest(f, &error);
    if (auto e = ReadPaging(f, &max_items, &marker)) return FailWith(*e);
    if (!role) return error;
    Json names = Json::array();
    Json body = Json::object();
    bool truncated = false;
    for (const auto& p : role->inline_policies) {
      if (!marker.empty() && p.first < marker) continue;
      if (static_cast<int64_t>(names.size()) == max_items) {
        truncated = true;
        body["Marker"] = p.first;
        break;
      }
      names.push_back(p.first);
    }
    body["PolicyNames"] = std::move(names);
    body["IsTruncated"] = truncated;
    return Response::Ok(std::move(body));
  }

 private:
  IamService& service_;
  TimeUs now_;
};

}  // namespace

Response IamService::Call(std::string_view action, const Json& request, TimeUs now) {
  IamApi api(*this, now);
  if (action == "CreateRole") return api.CreateRole(request);
  if (action == "GetRole") return api.GetRole(request);
  if (action == "DeleteRole") return api.DeleteRole(request);
  if (action == "ListRoles") return api.ListRoles(request);
  if (action == "UpdateRole") return api.UpdateRole(request);
  if (action == "UpdateAssumeRolePolicy") return api.UpdateAssumeRolePolicy(request);
  if (action == "PutRolePolicy") return api.PutRolePolicy(request);
  if (action == "GetRolePolicy") return api.GetRolePolicy(request);
  if (action == "DeleteRolePolicy") return api.DeleteRolePolicy(request);
  if (action == "ListRolePolicies") return api.ListRolePolicies(request);
  return UnknownOperation("IAM", action);
}

}  // namespace fhl
