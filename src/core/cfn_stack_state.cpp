// cfn_stack_state.cpp: the CloudFormation service's whole state as JSON (stacks, resources, events and operations in
// flight) and back. LoadState checks everything before replacing anything: a bad state leaves the service unchanged.
#include <memory>

#include "core/cfn_stack_service.h"

namespace fhl {
namespace {

// [SECTION] writing

Json ProvisionedJson(const CfnProvisioned& p) { return {{"physical_id", p.physical_id}, {"attributes", p.attributes}}; }

Json StringMapJson(const std::map<std::string, std::string>& m) {
  Json j = Json::object();
  for (const auto& [k, v] : m) j[k] = v;
  return j;
}

Json ResourceJson(const CfnStackResource& r) {
  return {{"logical_id", r.logical_id},
          {"type", r.type},
          {"status", r.status},
          {"reason", r.reason},
          {"last_updated", r.last_updated},
          {"depends_on", r.depends_on},
          {"deletion_policy", r.deletion_policy},
          {"properties", r.properties},
          {"provisioned", r.provisioned},
          {"current", ProvisionedJson(r.current)},
          {"has_previous", r.has_previous},
          {"previous_properties", r.previous_properties},
          {"previous", ProvisionedJson(r.previous)},
          {"has_replaced", r.has_replaced},
          {"replaced_properties", r.replaced_properties},
          {"replaced", ProvisionedJson(r.replaced)},
          {"created_by_update", r.created_by_update},
          {"in_template", r.in_template}};
}

Json EventJson(const CfnStackEvent& e) {
  return {{"event_id", e.event_id},     {"logical_id", e.logical_id}, {"physical_id", e.physical_id},
          {"resource_type", e.resource_type}, {"timestamp", e.timestamp}, {"status", e.status},
          {"reason", e.reason},         {"properties", e.properties}, {"client_request_token", e.client_request_token}};
}

Json OperationJson(const CfnOperation& op) {
  Json actions = Json::array();
  for (const CfnAction& a : op.actions) {
    actions.push_back({{"logical_id", a.logical_id},
                       {"kind", static_cast<int>(a.kind)},
                       {"state", static_cast<int>(a.state)},
                       {"wait_for", a.wait_for},
                       {"done_at", a.done_at},
                       {"complete_status", a.complete_status},
                       {"physical_id", a.physical_id}});
  }
  Json j = {{"phase", op.phase},
            {"actions", std::move(actions)},
            {"failed", op.failed},
            {"failed_verb", op.failed_verb},
            {"delete_after_rollback", op.delete_after_rollback}};
  if (op.step_at) j["step_at"] = *op.step_at;
  return j;
}

// [SECTION] reading (every reader records the first problem and returns a default)

class Reader {
 public:
  std::string error;
  const Json& Member(const Json& j, const char* name) {
    static const Json kNull;
    if (!j.is_object() || !j.contains(name)) {
      Fail(std::string("missing member ") + name);
      return kNull;
    }
    return j[name];
  }
  std::string Str(const Json& j, const char* name) {
    const Json& v = Member(j, name);
    if (!v.is_string()) return Fail(std::string(name) + " is not a string"), std::string();
    return v.get<std::string>();
  }
  int64_t Int(const Json& j, const char* name) {
    const Json& v = Member(j, name);
    if (!v.is_number_integer()) return Fail(std::string(name) + " is not an integer"), 0;
    return v.get<int64_t>();
  }
  bool Bool(const Json& j, const char* name) {
    const Json& v = Member(j, name);
    if (!v.is_boolean()) return Fail(std::string(name) + " is not a boolean"), false;
    return v.get<bool>();
  }
  std::vector<std::string> Strings(const Json& j, const char* name) {
    const Json& v = Member(j, name);
    std::vector<std::string> out;
    if (!v.is_array()) return Fail(std::string(name) + " is not a list"), out;
    for (const Json& x : v) {
      if (!x.is_string()) return Fail(std::string(name) + " has a non-string"), out;
      out.push_back(x.get<std::string>());
    }
    return out;
  }
  std::map<std::string, std::string> StringMap(const Json& j, const char* name) {
    const Json& v = Member(j, name);
    std::map<std::string, std::string> out;
    if (!v.is_object()) return Fail(std::string(name) + " is not an object"), out;
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (!it.value().is_string()) return Fail(std::string(name) + " has a non-string"), out;
      out[it.key()] = it.value().get<std::string>();
    }
    return out;
  }
  Json Any(const Json& j, const char* name) { return Member(j, name); }
  CfnProvisioned Provisioned(const Json& j, const char* name) {
    const Json& v = Member(j, name);
    CfnProvisioned p;
    p.physical_id = Str(v, "physical_id");
    p.attributes = Any(v, "attributes");
    return p;
  }
  void Fail(std::string e) {
    if (error.empty()) error = std::move(e);
  }
};

CfnStackResource ReadResource(Reader& rd, const Json& j) {
  CfnStackResource r;
  r.logical_id = rd.Str(j, "logical_id");
  r.type = rd.Str(j, "type");
  r.status = rd.Str(j, "status");
  r.reason = rd.Str(j, "reason");
  r.last_updated = rd.Int(j, "last_updated");
  r.depends_on = rd.Strings(j, "depends_on");
  r.deletion_policy = rd.Str(j, "deletion_policy");
  r.properties = rd.Any(j, "properties");
  r.provisioned = rd.Bool(j, "provisioned");
  r.current = rd.Provisioned(j, "current");
  r.has_previous = rd.Bool(j, "has_previous");
  r.previous_properties = rd.Any(j, "previous_properties");
  r.previous = rd.Provisioned(j, "previous");
  r.has_replaced = rd.Bool(j, "has_replaced");
  r.replaced_properties = rd.Any(j, "replaced_properties");
  r.replaced = rd.Provisioned(j, "replaced");
  r.created_by_update = rd.Bool(j, "created_by_update");
  r.in_template = rd.Bool(j, "in_template");
  return r;
}

CfnStackEvent ReadEvent(Reader& rd, const Json& j) {
  CfnStackEvent e;
  e.event_id = rd.Str(j, "event_id");
  e.logical_id = rd.Str(j, "logical_id");
  e.physical_id = rd.Str(j, "physical_id");
  e.resource_type = rd.Str(j, "resource_type");
  e.timestamp = rd.Int(j, "timestamp");
  e.status = rd.Str(j, "status");
  e.reason = rd.Str(j, "reason");
  e.properties = rd.Str(j, "properties");
  e.client_request_token = rd.Str(j, "client_request_token");
  return e;
}

CfnOperation ReadOperation(Reader& rd, const Json& j) {
  CfnOperation op;
  op.phase = rd.Str(j, "phase");
  op.failed = rd.Strings(j, "failed");
  op.failed_verb = rd.Str(j, "failed_verb");
  op.delete_after_rollback = rd.Bool(j, "delete_after_rollback");
  if (j.is_object() && j.contains("step_at")) op.step_at = rd.Int(j, "step_at");
  const Json& actions = rd.Member(j, "actions");
  if (!actions.is_array()) {
    rd.Fail("actions is not a list");
    return op;
  }
  for (const Json& x : actions) {
    CfnAction a;
    a.logical_id = rd.Str(x, "logical_id");
    const int64_t kind = rd.Int(x, "kind");
    const int64_t state = rd.Int(x, "state");
    if (kind < 0 || kind > static_cast<int>(CfnAction::Kind::kRevert)) rd.Fail("bad action kind");
    if (state < 0 || state > static_cast<int>(CfnAction::State::kCancelled)) rd.Fail("bad action state");
    a.kind = static_cast<CfnAction::Kind>(kind);
    a.state = static_cast<CfnAction::State>(state);
    a.wait_for = rd.Strings(x, "wait_for");
    a.done_at = rd.Int(x, "done_at");
    a.complete_status = rd.Str(x, "complete_status");
    a.physical_id = rd.Str(x, "physical_id");
    op.actions.push_back(std::move(a));
  }
  return op;
}

}  // namespace

Json CfnService::SaveState() const {
  Json stacks = Json::array();
  for (const auto& sp : stacks_) {
    const CfnStack& s = *sp;
    Json resources = Json::array();
    for (const auto& [id, r] : s.resources) resources.push_back(ResourceJson(r));
    Json events = Json::array();
    for (const CfnStackEvent& e : s.events) events.push_back(EventJson(e));
    Json j = {{"stack_id", s.stack_id},
              {"name", s.name},
              {"template_body", s.template_body},
              {"parameters", StringMapJson(s.parameters)},
              {"capabilities", s.capabilities},
              {"tags", s.tags},
              {"status", s.status},
              {"reason", s.reason},
              {"creation_time", s.creation_time},
              {"disable_rollback", s.disable_rollback},
              {"on_failure", s.on_failure},
              {"client_request_token", s.client_request_token},
              {"outputs", s.outputs},
              {"resources", std::move(resources)},
              {"events", std::move(events)},
              {"previous_template_body", s.previous_template_body},
              {"previous_parameters", StringMapJson(s.previous_parameters)}};
    if (s.last_updated_time) j["last_updated_time"] = *s.last_updated_time;
    if (s.deletion_time) j["deletion_time"] = *s.deletion_time;
    if (s.op) j["op"] = OperationJson(*s.op);
    stacks.push_back(std::move(j));
  }
  return {{"version", 1}, {"stacks", std::move(stacks)}};
}

Status CfnService::LoadState(const Json& state) {
  auto bad = [](const std::string& why) {
    return ApiError{"InvalidStateException", "The CloudFormation state is not valid: " + why, 400};
  };
  if (!state.is_object() || !state.contains("version") || state["version"] != 1) return bad("unknown version");
  if (!state.contains("stacks") || !state["stacks"].is_array()) return bad("stacks is not a list");
  Reader rd;
  std::vector<std::unique_ptr<CfnStack>> loaded;
  for (const Json& j : state["stacks"]) {
    auto sp = std::make_unique<CfnStack>();
    CfnStack& s = *sp;
    s.stack_id = rd.Str(j, "stack_id");
    s.name = rd.Str(j, "name");
    s.template_body = rd.Str(j, "template_body");
    s.parameters = rd.StringMap(j, "parameters");
    s.capabilities = rd.Strings(j, "capabilities");
    s.tags = rd.Any(j, "tags");
    s.status = rd.Str(j, "status");
    s.reason = rd.Str(j, "reason");
    s.creation_time = rd.Int(j, "creation_time");
    s.disable_rollback = rd.Bool(j, "disable_rollback");
    s.on_failure = rd.Str(j, "on_failure");
    s.client_request_token = rd.Str(j, "client_request_token");
    s.outputs = rd.Any(j, "outputs");
    s.previous_template_body = rd.Str(j, "previous_template_body");
    s.previous_parameters = rd.StringMap(j, "previous_parameters");
    if (j.is_object() && j.contains("last_updated_time")) s.last_updated_time = rd.Int(j, "last_updated_time");
    if (j.is_object() && j.contains("deletion_time")) s.deletion_time = rd.Int(j, "deletion_time");
    const Json& resources = rd.Member(j, "resources");
    if (resources.is_array()) {
      for (const Json& r : resources) {
        CfnStackResource res = ReadResource(rd, r);
        s.resources[res.logical_id] = std::move(res);
      }
    } else {
      rd.Fail("resources is not a list");
    }
    const Json& events = rd.Member(j, "events");
    if (events.is_array()) {
      for (const Json& e : events) s.events.push_back(ReadEvent(rd, e));
    } else {
      rd.Fail("events is not a list");
    }
    if (j.is_object() && j.contains("op")) s.op = ReadOperation(rd, j["op"]);
    if (!rd.error.empty()) return bad(rd.error);
    auto tmpl = ParseTemplate(s.template_body);
    if (!tmpl.ok()) return bad("stack " + s.name + " has an invalid template: " + tmpl.error().message);
    s.tmpl = std::move(tmpl.value());
    s.description = s.tmpl.description;
    if (!s.previous_template_body.empty()) {
      auto previous = ParseTemplate(s.previous_template_body);
      if (!previous.ok()) return bad("stack " + s.name + " has an invalid previous template");
      s.previous_tmpl = std::move(previous.value());
    }
    loaded.push_back(std::move(sp));
  }
  stacks_ = std::move(loaded);
  ++generation_;
  return Status::Ok();
}

}  // namespace fhl
