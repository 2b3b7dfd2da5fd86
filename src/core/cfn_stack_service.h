// cfn_stack_service.h: the CloudFormation service: stacks, their resources and events, deployed over simulated time
// through the per-type handlers (cfn_resource_types.h). cfn_api.cpp maps AWS's JSON shapes onto it.
// Must not depend on the UI or the Lab: every effect on other services goes through the handlers' call function.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/api_error.h"
#include "core/cfn_resource_types.h"
#include "core/cfn_template.h"
#include "core/json.h"
#include "core/sim_time.h"

namespace fhl {

class Rng;

struct CfnStackEvent {
  std::string event_id;
  std::string logical_id;
  std::string physical_id;
  std::string resource_type;
  TimeUs timestamp = 0;
  std::string status;
  std::string reason;
  std::string properties;  // ResourceProperties (JSON text), resource events only
  std::string client_request_token;
};

struct CfnStackResource {
  std::string logical_id;
  std::string type;
  std::string status;  // CREATE_IN_PROGRESS, CREATE_COMPLETE, ...
  std::string reason;
  TimeUs last_updated = 0;
  std::vector<std::string> depends_on;  // from the template in force when last deployed (delete order)
  std::string deletion_policy = "Delete";
  Json properties = Json::object();  // resolved, as last applied
  bool provisioned = false;          // the real resource exists
  CfnProvisioned current;
  // During an update: the state before it (rollback) and a replaced resource awaiting cleanup.
  bool has_previous = false;
  Json previous_properties = Json::object();
  CfnProvisioned previous;
  bool has_replaced = false;
  Json replaced_properties = Json::object();
  CfnProvisioned replaced;
  bool created_by_update = false;
  bool in_template = true;  // false: removed by the update in progress (cleanup deletes it)
};

// One step of an operation on one resource.
struct CfnAction {
  enum class Kind { kCreate, kSync, kDelete, kDeleteReplaced, kRevert };
  enum class State { kPending, kRunning, kDone, kFailed, kCancelled };
  std::string logical_id;
  Kind kind = Kind::kCreate;
  State state = State::kPending;
  std::vector<std::string> wait_for;  // logical ids whose actions must be done first
  TimeUs done_at = 0;
  std::string complete_status;  // the event written at done_at
  std::string physical_id;      // the physical id the completion event names
};

struct CfnOperation {
  // The phase names are the stack statuses they run under.
  std::string phase;  // "CREATE_IN_PROGRESS", "ROLLBACK_IN_PROGRESS", "DELETE_IN_PROGRESS", "UPDATE_IN_PROGRESS",
                      // "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "UPDATE_ROLLBACK_IN_PROGRESS",
                      // "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS"
  std::vector<CfnAction> actions;
  std::optional<TimeUs> step_at;       // start work at this time (a phase that just began)
  std::vector<std::string> failed;     // resources that failed in this operation (sorted for messages)
  std::string failed_verb;             // "create" | "update" | "delete"
  bool delete_after_rollback = false;  // OnFailure DELETE
};

struct CfnStack {
  std::string stack_id;
  std::string name;
  std::string description;
  std::string template_body;
  CfnTemplate tmpl;
  std::map<std::string, std::string> parameters;
  std::vector<std::string> capabilities;
  Json tags = Json::array();
  std::string status;
  std::string reason;
  TimeUs creation_time = 0;
  std::optional<TimeUs> last_updated_time;
  std::optional<TimeUs> deletion_time;
  bool disable_rollback = false;
  std::string on_failure = "ROLLBACK";
  std::string client_request_token;
  Json outputs = Json::array();  // [{OutputKey, OutputValue, Description, ExportName}]
  std::map<std::string, CfnStackResource> resources;
  std::vector<CfnStackEvent> events;  // oldest first
  // The template and parameters an update replaces (restored by an update rollback).
  std::string previous_template_body;
  CfnTemplate previous_tmpl;
  std::map<std::string, std::string> previous_parameters;
  std::optional<CfnOperation> op;

  bool deleted() const { return status == "DELETE_COMPLETE"; }
  const CfnStackResource* FindResource(const std::string& logical_id) const;
};

struct CfnServiceOptions {
  std::function<Response(std::string_view service, std::string_view action, const Json& request)> call;
  std::string account_id = "123456789012";
  std::string region = "us-east-1";
  Rng* rng = nullptr;
};

class CfnService {
 public:
  using Lookup = std::function<const CfnResourceType*(std::string_view type)>;
  static constexpr size_t kMaxStacks = 200;  // default quota per region (real: 2000)
  static constexpr size_t kEventsPerPage = 100;

  explicit CfnService(CfnServiceOptions options, Lookup lookup = FindCfnResourceType);
  ~CfnService();

  // The JSON layer (cfn_api.cpp): AWS request/response shapes.
  Response Call(std::string_view action, const Json& request, TimeUs now);

  // [SECTION] simulated time
  std::optional<TimeUs> NextEventTime() const;
  // Runs everything due at or before now, in time order. Re-entrant calls (a handler calling back into the lab)
  // return at once; the outer call finishes the work.
  void RunDue(TimeUs now);

  // [SECTION] typed read access
  // By name (the live stack) or by stack id (deleted ones too); nullptr when there is none.
  const CfnStack* FindStack(std::string_view name_or_id) const;
  std::vector<const CfnStack*> List() const;  // creation order, deleted ones included
  uint64_t generation() const { return generation_; }

  // [SECTION] persistence: the whole service state as JSON; LoadState is all-or-nothing.
  Json SaveState() const;
  Status LoadState(const Json& state);

  // [SECTION] typed operations (used by cfn_api.cpp)
  Response ValidateTemplate(const Json& request) const;
  Response CreateStack(const Json& request, TimeUs now);
  Response UpdateStack(const Json& request, TimeUs now);
  Response DeleteStack(const Json& request, TimeUs now);
  Response DescribeStacks(const Json& request) const;
  Response DescribeStackEvents(const Json& request) const;
  Response DescribeStackResources(const Json& request) const;
  Response GetTemplate(const Json& request) const;
  Response ListStacks(const Json& request) const;

 private:
  CfnStack* FindLive(std::string_view name_or_id);
  Result<CfnStack*> StackFromRequest(std::string_view name_or_id);
  Result<CfnTemplate> CheckTemplate(std::string_view body) const;
  void AddStackEvent(CfnStack& s, TimeUs t, const std::string& status, const std::string& reason);
  // set_status false: an event about a replaced physical resource (the logical resource keeps its status).
  void AddResourceEvent(CfnStack& s, CfnStackResource& r, TimeUs t, const std::string& status,
                        const std::string& reason, const std::string& physical_id, bool set_status = true);
  void FailAction(CfnStack& s, CfnAction& a, CfnStackResource& r, TimeUs t, const std::string& status,
                  const std::string& reason, const std::string& verb);
  CfnContext ContextFor(const CfnStack& s, const CfnTemplate& tmpl) const;
  CfnResourceContext HandlerContext(const CfnStack& s) const;
  void BeginPhase(CfnStack& s, TimeUs t, const std::string& phase, std::vector<CfnAction> actions,
                  const std::string& reason);
  std::vector<CfnAction> DeleteActions(const CfnStack& s, bool only_removed_or_replaced) const;
  bool Step(CfnStack& s, TimeUs t);  // true when anything happened
  void StartAction(CfnStack& s, CfnAction& a, TimeUs t);
  void FinishAction(CfnStack& s, CfnAction& a);
  void FinishPhase(CfnStack& s, TimeUs t);
  void ComputeOutputs(CfnStack& s);

  CfnServiceOptions options_;
  Lookup lookup_;
  std::vector<std::unique_ptr<CfnStack>> stacks_;  // creation order
  uint64_t generation_ = 0;
  bool running_ = false;
};

}  // namespace fhl
