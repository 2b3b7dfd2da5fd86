// iam_service.h: the IAM roles of the lab's account (roles, their trust policies and inline policies) and IAM's
// JSON API over them (iam_api.cpp). IAM is global; its eventual consistency is not simulated.
// Must not depend on other services, the UI or a clock (time is an input).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/api_error.h"
#include "core/json.h"
#include "core/sim_time.h"

namespace fhl {

class Rng;

struct IamRole {
  std::string name;                         // RoleName, 1-64 chars of [\w+=,.@-]
  std::string path = "/";                   // "/" or "/a/b/"
  std::string role_id;                      // "AROA" + 17 upper-case letters and digits
  std::string arn;                          // arn:aws:iam::<account>:role<path><name>
  std::string assume_role_policy_document;  // JSON text as given
  std::string description;
  int64_t max_session_duration_s = 3600;  // 3600-43200
  TimeUs create_date = 0;
  std::vector<std::pair<std::string, std::string>> tags;
  std::map<std::string, std::string> inline_policies;  // PolicyName -> document JSON text
};

class IamService {
 public:
  static constexpr size_t kMaxRoleNameChars = 64;
  static constexpr size_t kMaxPolicyNameChars = 128;
  static constexpr size_t kMaxInlinePolicyChars = 10240;  // aggregate size of a role's inline policies
  static constexpr size_t kMaxRoles = 1000;               // default quota per account

  IamService(Rng& rng, std::string account_id);
  ~IamService();

  // The JSON layer (iam_api.cpp). Actions: CreateRole, GetRole, DeleteRole, ListRoles, UpdateRole,
  // UpdateAssumeRolePolicy, PutRolePolicy, GetRolePolicy, DeleteRolePolicy, ListRolePolicies. Shapes of the AWS SDK
  // for JavaScript v3 (timestamps as ISO-8601 strings); policy documents come back URL-encoded, as IAM returns them.
  // A failed call changes nothing.
  Response Call(std::string_view action, const Json& request, TimeUs now);

  // [SECTION] typed access (validated input)
  const IamRole* FindRole(std::string_view name) const;  // role names are case-insensitive on IAM
  IamRole* FindRole(std::string_view name);
  std::vector<const IamRole*> ListRoles() const;  // sorted by name
  // Adds a role (name, path, documents set by the caller); role_id, arn and create_date are filled in here.
  Status CreateRole(IamRole role, TimeUs now);
  Status DeleteRole(std::string_view name);
  void Changed() { ++generation_; }

  std::string RoleArn(const std::string& path, const std::string& name) const;
  const std::string& account_id() const { return account_id_; }
  uint64_t generation() const { return generation_; }

  // [SECTION] persistence
  // Every role as JSON, and back. LoadState is all-or-nothing: a malformed state is an error and nothing changes.
  Json SaveState() const;
  Status LoadState(const Json& state);

 private:
  Rng& rng_;
  std::string account_id_;
  std::map<std::string, IamRole, std::less<>> roles_;  // key: lower-case name
  uint64_t generation_ = 0;
};

// Error values of IAM (code, AWS text, HTTP status).
ApiError IamNoSuchRole(std::string_view name);

// True when text is an IAM name: 1..max_chars of [A-Za-z0-9_+=,.@-].
bool IsIamName(std::string_view text, size_t max_chars);

}  // namespace fhl
