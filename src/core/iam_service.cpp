// iam_service.cpp: IAM roles as typed state, and their persistence (SaveState/LoadState).
// The JSON API is iam_api.cpp. Must not depend on other services or a clock.
#include "core/iam_service.h"

#include <algorithm>

#include "core/rng.h"

namespace fhl {
namespace {

std::string LowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string NewRoleId(Rng& rng) {
  static constexpr char kChars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::string id = "AROA";
  for (int i = 0; i < 17; ++i) id += kChars[rng.Below(sizeof(kChars) - 1)];
  return id;
}

// [SECTION] persistence helpers

const std::string* StringMember(const Json& object, const char* name) {
  auto it = object.find(name);
  if (it == object.end() || !it->is_string()) return nullptr;
  return &it->get_ref<const std::string&>();
}

bool IntegerMember(const Json& object, const char* name, int64_t* out) {
  auto it = object.find(name);
  if (it == object.end() || !it->is_number_integer()) return false;
  *out = it->get<int64_t>();
  return true;
}

ApiError BadState(const std::string& what) {
  return ApiError{"InvalidStateException", "IAM state is not valid: " + what + ".", 400};
}

}  // namespace

ApiError IamNoSuchRole(std::string_view name) {
  return ApiError{"NoSuchEntity", "The role with name " + std::string(name) + " cannot be found.", 404};
}

bool IsIamName(std::string_view text, size_t max_chars) {
  if (text.empty() || text.size() > max_chars) return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("_+=,.@-").find(c) != std::string_view::npos;
  });
}

IamService::IamService(Rng& rng, std::string account_id) : rng_(rng), account_id_(std::move(account_id)) {}

IamService::~IamService() = default;

// [SECTION] roles

std::string IamService::RoleArn(const std::string& path, const std::string& name) const {
  return "arn:aws:iam::" + account_id_ + ":role" + path + name;
}

const IamRole* IamService::FindRole(std::string_view name) const {
  auto it = roles_.find(LowerAscii(name));
  return it == roles_.end() ? nullptr : &it->second;
}

IamRole* IamService::FindRole(std::string_view name) {
  auto it = roles_.find(LowerAscii(name));
  return it == roles_.end() ? nullptr : &it->second;
}

std::vector<const IamRole*> IamService::ListRoles() const {
  std::vector<const IamRole*> out;
  out.reserve(roles_.size());
  for (const auto& entry : roles_) out.push_back(&entry.second);
  std::sort(out.begin(), out.end(), [](const IamRole* a, const IamRole* b) { return a->name < b->name; });
  return out;
}

Status IamService::CreateRole(IamRole role, TimeUs now) {
  const std::string key = LowerAscii(role.name);
  if (roles_.count(key)) {
    return ApiError{"EntityAlreadyExists", "Role with name " + role.name + " already exists.", 409};
  }
  if (roles_.size() >= kMaxRoles) {
    return ApiError{"LimitExceeded", "Cannot exceed quota for RolesPerAccount: " + std::to_string(kMaxRoles) + ".",
                    409};
  }
  role.role_id = NewRoleId(rng_);
  role.arn = RoleArn(role.path, role.name);
  role.create_date = now;
  roles_.emplace(key, std::move(role));
  ++generation_;
  return Status::Ok();
}

Status IamService::DeleteRole(std::string_view name) {
  auto it = roles_.find(LowerAscii(name));
  if (it == roles_.end()) return IamNoSuchRole(name);
  if (!it->second.inline_policies.empty()) {
    return ApiError{"DeleteConflict", "Cannot delete entity, must delete policies first.", 409};
  }
  roles_.erase(it);
  ++generation_;
  return Status::Ok();
}

// [SECTION] persistence

Json IamService::SaveState() const {
  Json roles = Json::array();
  for (const IamRole* r : ListRoles()) {
    Json tags = Json::array();
    for (const auto& tag : r->tags) tags.push_back({{"Key", tag.first}, {"Value", tag.second}});
    Json policies = Json::object();
    for (const auto& p : r->inline_policies) policies[p.first] = p.second;
    roles.push_back({{"RoleName", r->name},
                     {"Path", r->path},
                     {"RoleId", r->role_id},
                     {"AssumeRolePolicyDocument", r->assume_role_policy_document},
                     {"Description", r->description},
                     {"MaxSessionDuration", r->max_session_duration_s},
                     {"CreateDateUs", r->create_date},
                     {"Tags", std::move(tags)},
                     {"InlinePolicies", std::move(policies)}});
  }
  return Json{{"Roles", std::move(roles)}};
}

Status IamService::LoadState(const Json& state) {
  if (!state.is_object()) return BadState("not an object");
  auto list = state.find("Roles");
  if (list == state.end() || !list->is_array()) return BadState("Roles is not a list");
  std::map<std::string, IamRole, std::less<>> loaded;
  for (const Json& item : *list) {
    if (!item.is_object()) return BadState("a role is not an object");
    IamRole role;
    const std::string* name = StringMember(item, "RoleName");
    const std::string* path = StringMember(item, "Path");
    const std::string* id = StringMember(item, "RoleId");
    const std::string* trust = StringMember(item, "AssumeRolePolicyDocument");
    const std::string* description = StringMember(item, "Description");
    if (!name || !IsIamName(*name, kMaxRoleNameChars)) return BadState("a role has no valid RoleName");
    if (!path || path->empty() || path->front() != '/' || path->back() != '/') {
      return BadState("role " + *name + " has no valid Path");
    }
    if (!id || !trust || !description) return BadState("role " + *name + " misses RoleId, policy or description");
    if (!IntegerMember(item, "MaxSessionDuration", &role.max_session_duration_s) ||
        !IntegerMember(item, "CreateDateUs", &role.create_date)) {
      return BadState("role " + *name + " misses MaxSessionDuration or CreateDateUs");
    }
    role.name = *name;
    role.path = *path;
    role.role_id = *id;
    role.assume_role_policy_document = *trust;
    role.description = *description;
    role.arn = RoleArn(role.path, role.name);
    auto tags = item.find("Tags");
    if (tags == item.end() || !tags->is_array()) return BadState("role " + *name + " has no Tags list");
    for (const Json& tag : *tags) {
      const std::string* key = tag.is_object() ? StringMember(tag, "Key") : nullptr;
      const std::string* value = tag.is_object() ? StringMember(tag, "Value") : nullptr;
      if (!key || !value) return BadState("role " + *name + " has a malformed tag");
      role.tags.emplace_back(*key, *value);
    }
    auto policies = item.find("InlinePolicies");
    if (policies == item.end() || !policies->is_object()) return BadState("role " + *name + " has no InlinePolicies");
    for (auto it = policies->begin(); it != policies->end(); ++it) {
      if (!it.value().is_string() || !IsIamName(it.key(), kMaxPolicyNameChars)) {
        return BadState("role " + *name + " has a malformed inline policy");
      }
      role.inline_policies[it.key()] = it.value().get<std::string>();
    }
    const std::string key = LowerAscii(role.name);
    if (loaded.count(key)) return BadState("role " + *name + " appears twice");
    loaded.emplace(key, std::move(role));
  }
  roles_ = std::move(loaded);
  ++generation_;
  return Status::Ok();
}

}  // namespace fhl
