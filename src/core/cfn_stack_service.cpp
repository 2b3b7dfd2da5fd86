// cfn_stack_service.cpp: the stack engine of the CloudFormation service: operations (create, rollback, delete,
// update, cleanup, update rollback) as phases of per-resource actions run over simulated time in dependency order.
// Invariant: every resource effect goes through a handler of the injected lookup; events are appended in time order.
#include "core/cfn_stack_service.h"

#include <algorithm>
#include <set>

#include "core/cfn_intrinsics.h"
#include "core/rng.h"

namespace fhl {
namespace {

std::string Bracketed(std::vector<std::string> names) {
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  std::string out = "[";
  for (size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
  return out + "]";
}

bool IsDeletePhase(const std::string& phase) {
  return phase == "DELETE_IN_PROGRESS" || phase == "ROLLBACK_IN_PROGRESS" ||
         phase == "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS" || phase == "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS" ||
         phase == "UPDATE_ROLLBACK_IN_PROGRESS";
}

constexpr const char* kReplacementReason =
    "Requested update requires the creation of a new physical resource; hence creating one.";

}  // namespace

const CfnStackResource* CfnStack::FindResource(const std::string& logical_id) const {
  auto it = resources.find(logical_id);
  return it == resources.end() ? nullptr : &it->second;
}

CfnService::CfnService(CfnServiceOptions options, Lookup lookup)
    : options_(std::move(options)), lookup_(std::move(lookup)) {}

CfnService::~CfnService() = default;

// [SECTION] lookup

const CfnStack* CfnService::FindStack(std::string_view name_or_id) const {
  for (const auto& s : stacks_) {
    if (s->stack_id == name_or_id) return s.get();
  }
  for (const auto& s : stacks_) {
    if (s->name == name_or_id && !s->deleted()) return s.get();
  }
  return nullptr;
}

CfnStack* CfnService::FindLive(std::string_view name_or_id) {
  for (auto& s : stacks_) {
    if ((s->name == name_or_id || s->stack_id == name_or_id) && !s->deleted()) return s.get();
  }
  return nullptr;
}

std::vector<const CfnStack*> CfnService::List() const {
  std::vector<const CfnStack*> out;
  for (const auto& s : stacks_) out.push_back(s.get());
  return out;
}

// [SECTION] events

void CfnService::AddStackEvent(CfnStack& s, TimeUs t, const std::string& status, const std::string& reason) {
  CfnStackEvent e;
  e.event_id = options_.rng ? options_.rng->NextUuid() : s.name + "-" + std::to_string(s.events.size());
  e.logical_id = s.name;
  e.physical_id = s.stack_id;
  e.resource_type = "AWS::CloudFormation::Stack";
  e.timestamp = t;
  e.status = status;
  e.reason = reason;
  e.client_request_token = s.client_request_token;
  s.events.push_back(std::move(e));
  s.status = status;
  s.reason = reason;
  ++generation_;
}

void CfnService::AddResourceEvent(CfnStack& s, CfnStackResource& r, TimeUs t, const std::string& status,
                                  const std::string& reason, const std::string& physical_id, bool set_status) {
  CfnStackEvent e;
  // "<LogicalId>-CREATE_IN_PROGRESS-2017-05-04T18:13:13.880Z"; two events of one resource in the same millisecond
  // get the next free millisecond in their id.
  TimeUs id_time = t;
  for (;;) {
    e.event_id = r.logical_id + "-" + status + "-" + FormatIso8601(id_time);
    const bool taken = std::any_of(s.events.rbegin(), s.events.rend(),
                                   [&](const CfnStackEvent& x) { return x.event_id == e.event_id; });
    if (!taken) break;
    id_time += kUsPerMs;
  }
  e.logical_id = r.logical_id;
  e.physical_id = physical_id;
  e.resource_type = r.type;
  e.timestamp = t;
  e.status = status;
  e.reason = reason;
  e.client_request_token = s.client_request_token;
  if (status == "CREATE_IN_PROGRESS" || status == "UPDATE_IN_PROGRESS") e.properties = DumpJson(r.properties);
  s.events.push_back(std::move(e));
  if (set_status) {
    r.status = status;
    r.reason = reason;
    r.last_updated = t;
  }
  ++generation_;
}

// [SECTION] contexts

CfnContext CfnService::ContextFor(const CfnStack& s, const CfnTemplate& tmpl) const {
  CfnContext ctx;
  ctx.parameters = s.parameters;
  ctx.pseudo = PseudoParameters(s.name, s.stack_id, options_.region, options_.account_id);
  AddTemplateToContext(tmpl, &ctx);
  if (auto conditions = EvaluateConditions(tmpl, ctx); conditions.ok()) ctx.conditions = conditions.value();
  const CfnStack* stack = &s;
  ctx.ref_resource = [stack](const std::string& id) -> std::optional<std::string> {
    const CfnStackResource* r = stack->FindResource(id);
    if (!r || !r->provisioned) return std::nullopt;
    return r->current.physical_id;
  };
  ctx.get_att = [stack](const std::string& id, const std::string& attribute) -> Result<Json> {
    const CfnStackResource* r = stack->FindResource(id);
    if (!r || !r->provisioned) {
      return ApiError{"ValidationError", "Template error: instance of Fn::GetAtt references undefined resource " + id,
                      400};
    }
    if (!r->current.attributes.is_object() || !r->current.attributes.contains(attribute)) {
      return ApiError{"ValidationError",
                      "Template error: resource " + id + " does not support attribute type " + attribute +
                          " in Fn::GetAtt",
                      400};
    }
    return r->current.attributes[attribute];
  };
  return ctx;
}

CfnResourceContext CfnService::HandlerContext(const CfnStack& s) const {
  CfnResourceContext ctx;
  ctx.call = options_.call;
  ctx.stack_name = s.name;
  ctx.account_id = options_.account_id;
  ctx.region = options_.region;
  ctx.rng = options_.rng;
  return ctx;
}

// [SECTION] phases

void CfnService::BeginPhase(CfnStack& s, TimeUs t, const std::string& phase, std::vector<CfnAction> actions,
                            const std::string& reason) {
  if (!s.op) s.op = CfnOperation{};
  s.op->phase = phase;
  s.op->actions = std::move(actions);
  s.op->failed.clear();
  s.op->failed_verb.clear();
  s.op->step_at = t;
  AddStackEvent(s, t, phase, reason);
}

// Delete actions in reverse dependency order: a resource waits for every resource that depends on it.
// only_removed_or_replaced: the cleanup of an update (resources no longer in the template, replaced physical ids,
// resources an update created and its rollback undoes).
std::vector<CfnAction> CfnService::DeleteActions(const CfnStack& s, bool only_removed_or_replaced) const {
  std::vector<CfnAction> out;
  std::set<std::string> in_set;
  for (const auto& [id, r] : s.resources) {
    if (only_removed_or_replaced) {
      if (r.has_replaced) {
        CfnAction a;
        a.logical_id = id;
        a.kind = CfnAction::Kind::kDeleteReplaced;
        out.push_back(std::move(a));
      }
      if (!r.provisioned || r.in_template) continue;
    } else if (!r.provisioned) {
      continue;
    }
    CfnAction a;
    a.logical_id = id;
    a.kind = CfnAction::Kind::kDelete;
    out.push_back(std::move(a));
    in_set.insert(id);
  }
  for (CfnAction& a : out) {
    if (a.kind != CfnAction::Kind::kDelete) continue;
    for (const auto& [id, r] : s.resources) {
      if (id == a.logical_id || !in_set.count(id)) continue;
      if (std::find(r.depends_on.begin(), r.depends_on.end(), a.logical_id) != r.depends_on.end()) {
        a.wait_for.push_back(id);
      }
    }
  }
  return out;
}

void CfnService::FailAction(CfnStack& s, CfnAction& a, CfnStackResource& r, TimeUs t, const std::string& status,
                            const std::string& reason, const std::string& verb) {
  AddResourceEvent(s, r, t, status, reason, r.provisioned ? r.current.physical_id : "");
  a.state = CfnAction::State::kFailed;
  s.op->failed.push_back(r.logical_id);
  if (s.op->failed_verb.empty()) s.op->failed_verb = verb;
}

void CfnService::StartAction(CfnStack& s, CfnAction& a, TimeUs t) {
  CfnStackResource& r = s.resources[a.logical_id];
  const CfnResourceType* type = lookup_ ? lookup_(r.type) : nullptr;
  CfnResourceContext hctx = HandlerContext(s);
  auto run = [&](int seconds, const std::string& status, const std::string& physical_id) {
    a.state = CfnAction::State::kRunning;
    a.done_at = t + static_cast<TimeUs>(std::max(seconds, 0)) * kUsPerSecond;
    a.complete_status = status;
    a.physical_id = physical_id;
  };
  switch (a.kind) {
    case CfnAction::Kind::kCreate:
    case CfnAction::Kind::kSync: {
      const CfnResource* def = s.tmpl.FindResource(a.logical_id);
      r.logical_id = a.logical_id;
      r.in_template = true;
      if (def) {
        r.type = def->type;
        r.depends_on = def->depends_on;
        r.deletion_policy = def->deletion_policy;
      }
      type = lookup_ ? lookup_(r.type) : nullptr;
      auto props = ResolveValue(def ? def->properties : Json::object(), ContextFor(s, s.tmpl));
      Json new_props = props.ok() && props.value().is_object() ? props.value() : Json::object();
      if (!r.provisioned) {  // a new resource
        if (a.kind == CfnAction::Kind::kSync) r.created_by_update = true;
        r.properties = new_props;
        AddResourceEvent(s, r, t, "CREATE_IN_PROGRESS", "", "");
        if (!props.ok()) return FailAction(s, a, r, t, "CREATE_FAILED", props.error().message, "create");
        if (!type || !type->create) {
          return FailAction(s, a, r, t, "CREATE_FAILED", "Resource type " + r.type + " is not supported", "create");
        }
        if (type->validate) {
          if (auto v = type->validate(a.logical_id, new_props); !v.ok()) {
            return FailAction(s, a, r, t, "CREATE_FAILED", v.error().message, "create");
          }
        }
        auto created = type->create(hctx, a.logical_id, new_props);
        if (!created.ok()) return FailAction(s, a, r, t, "CREATE_FAILED", created.error().message, "create");
        r.provisioned = true;
        r.current = created.value();
        AddResourceEvent(s, r, t, "CREATE_IN_PROGRESS", "Resource creation Initiated", r.current.physical_id);
        return run(type->create_seconds, "CREATE_COMPLETE", r.current.physical_id);
      }
      // An existing resource during an update.
      if (!props.ok()) {
        AddResourceEvent(s, r, t, "UPDATE_IN_PROGRESS", "", r.current.physical_id);
        return FailAction(s, a, r, t, "UPDATE_FAILED", props.error().message, "update");
      }
      if (new_props == r.properties) {
        a.state = CfnAction::State::kDone;
        return;
      }
      const Json old_props = r.properties;
      if (!type) {
        AddResourceEvent(s, r, t, "UPDATE_IN_PROGRESS", "", r.current.physical_id);
        return FailAction(s, a, r, t, "UPDATE_FAILED", "Resource type " + r.type + " is not supported", "update");
      }
      const CfnUpdateKind kind = type->update_kind && type->update ? type->update_kind(old_props, new_props)
                                                                    : CfnUpdateKind::kReplacement;
      if (kind == CfnUpdateKind::kNoInterruption) {
        r.properties = new_props;
        AddResourceEvent(s, r, t, "UPDATE_IN_PROGRESS", "", r.current.physical_id);
        Status valid = type->validate ? type->validate(a.logical_id, new_props) : Status::Ok();
        if (!valid.ok()) {
          r.properties = old_props;
          return FailAction(s, a, r, t, "UPDATE_FAILED", valid.error().message, "update");
        }
        auto updated = type->update(hctx, a.logical_id, r.current, old_props, new_props);
        if (!updated.ok()) {
          r.properties = old_props;
          return FailAction(s, a, r, t, "UPDATE_FAILED", updated.error().message, "update");
        }
        r.has_previous = true;
        r.previous = r.current;
        r.previous_properties = old_props;
        r.current = updated.value();
        return run(type->create_seconds, "UPDATE_COMPLETE", r.current.physical_id);
      }
      r.properties = new_props;
      AddResourceEvent(s, r, t, "UPDATE_IN_PROGRESS", kReplacementReason, r.current.physical_id);
      Status valid = type->validate ? type->validate(a.logical_id, new_props) : Status::Ok();
      if (!valid.ok()) {
        r.properties = old_props;
        return FailAction(s, a, r, t, "UPDATE_FAILED", valid.error().message, "update");
      }
      auto created = type->create ? type->create(hctx, a.logical_id, new_props)
                                  : Result<CfnProvisioned>(ApiError{"InternalFailure", "no create handler", 500});
      if (!created.ok()) {
        r.properties = old_props;
        return FailAction(s, a, r, t, "UPDATE_FAILED", created.error().message, "update");
      }
      r.has_replaced = true;
      r.replaced = r.current;
      r.replaced_properties = old_props;
      r.current = created.value();
      AddResourceEvent(s, r, t, "UPDATE_IN_PROGRESS", "Resource creation Initiated", r.current.physical_id);
      return run(type->create_seconds, "UPDATE_COMPLETE", r.current.physical_id);
    }
    case CfnAction::Kind::kDelete: {
      if (r.deletion_policy == "Retain") {
        AddResourceEvent(s, r, t, "DELETE_SKIPPED", "", r.current.physical_id);
        r.provisioned = false;
        a.state = CfnAction::State::kDone;
        return;
      }
      AddResourceEvent(s, r, t, "DELETE_IN_PROGRESS", "", r.current.physical_id);
      Status removed = type && type->remove ? type->remove(hctx, r.current, r.properties) : Status::Ok();
      if (!removed.ok()) return FailAction(s, a, r, t, "DELETE_FAILED", removed.error().message, "delete");
      r.provisioned = false;
      return run(type ? type->delete_seconds : 1, "DELETE_COMPLETE", r.current.physical_id);
    }
    case CfnAction::Kind::kDeleteReplaced: {
      AddResourceEvent(s, r, t, "DELETE_IN_PROGRESS", "", r.replaced.physical_id, false);
      Status removed = type && type->remove ? type->remove(hctx, r.replaced, r.replaced_properties) : Status::Ok();
      if (!removed.ok()) {
        AddResourceEvent(s, r, t, "DELETE_FAILED", removed.error().message, r.replaced.physical_id, false);
        a.state = CfnAction::State::kFailed;  // cleanup failures leave the stack's outcome unchanged
        r.has_replaced = false;
        return;
      }
      const std::string physical = r.replaced.physical_id;
      r.has_replaced = false;
      return run(type ? type->delete_seconds : 1, "DELETE_COMPLETE", physical);
    }
    case CfnAction::Kind::kRevert: {
      if (r.has_replaced) {  // point back at the old physical resource; the new one goes in the cleanup
        std::swap(r.current, r.replaced);
        std::swap(r.properties, r.replaced_properties);
        AddResourceEvent(s, r, t, "UPDATE_IN_PROGRESS", "", r.current.physical_id);
        return run(0, "UPDATE_COMPLETE", r.current.physical_id);
      }
      if (!r.has_previous) {  // its own update failed and changed nothing
        AddResourceEvent(s, r, t, "UPDATE_IN_PROGRESS", "", r.current.physical_id);
        return run(0, "UPDATE_COMPLETE", r.current.physical_id);
      }
      AddResourceEvent(s, r, t, "UPDATE_IN_PROGRESS", "", r.current.physical_id);
      auto updated = type && type->update
                         ? type->update(hctx, a.logical_id, r.current, r.properties, r.previous_properties)
                         : Result<CfnProvisioned>(r.previous);
      if (!updated.ok()) return FailAction(s, a, r, t, "UPDATE_FAILED", updated.error().message, "update");
      r.current = updated.value();
      r.properties = r.previous_properties;
      r.has_previous = false;
      return run(type ? type->create_seconds : 1, "UPDATE_COMPLETE", r.current.physical_id);
    }
  }
}

void CfnService::FinishAction(CfnStack& s, CfnAction& a) {
  CfnStackResource& r = s.resources[a.logical_id];
  a.state = CfnAction::State::kDone;
  AddResourceEvent(s, r, a.done_at, a.complete_status, "", a.physical_id,
                   a.kind != CfnAction::Kind::kDeleteReplaced);
}

void CfnService::ComputeOutputs(CfnStack& s) {
  s.outputs = Json::array();
  const CfnContext ctx = ContextFor(s, s.tmpl);
  for (const std::string& key : s.tmpl.output_order) {
    if (!s.tmpl.outputs.contains(key)) continue;
    const Json& o = s.tmpl.outputs[key];
    if (o.contains("Condition") && o["Condition"].is_string()) {
      auto c = ctx.conditions.find(o["Condition"].get<std::string>());
      if (c == ctx.conditions.end() || !c->second) continue;
    }
    auto value = ResolveValue(o["Value"], ctx);
    if (!value.ok()) continue;
    std::string text;
    if (value.value().is_array()) {
      for (size_t i = 0; i < value.value().size(); ++i) {
        text += (i ? "," : "") + CfnScalarText(value.value()[i]).value_or(DumpJson(value.value()[i]));
      }
    } else {
      text = CfnScalarText(value.value()).value_or(DumpJson(value.value()));
    }
    Json item = {{"OutputKey", key}, {"OutputValue", text}};
    if (o.contains("Description") && o["Description"].is_string()) item["Description"] = o["Description"];
    if (o.contains("Export") && o["Export"].is_object() && o["Export"].contains("Name")) {
      auto name = ResolveValue(o["Export"]["Name"], ctx);
      if (name.ok() && name.value().is_string()) item["ExportName"] = name.value();
    }
    s.outputs.push_back(std::move(item));
  }
}

void CfnService::FinishPhase(CfnStack& s, TimeUs t) {
  CfnOperation& op = *s.op;
  const std::string phase = op.phase;
  const std::vector<std::string> failed = op.failed;
  const std::string verb = op.failed_verb.empty() ? "create" : op.failed_verb;
  const std::string failed_text = "The following resource(s) failed to " + verb + ": " + Bracketed(failed) + ". ";
  auto done = [&](const std::string& status, const std::string& reason) {
    s.op.reset();
    AddStackEvent(s, t, status, reason);
  };
  auto clear_update_marks = [&]() {
    for (auto it = s.resources.begin(); it != s.resources.end();) {
      CfnStackResource& r = it->second;
      r.has_previous = false;
      r.has_replaced = false;
      r.created_by_update = false;
      if (!r.in_template && !r.provisioned) {
        it = s.resources.erase(it);
      } else {
        r.in_template = true;
        ++it;
      }
    }
    s.previous_template_body.clear();
    s.previous_tmpl = CfnTemplate();
    s.previous_parameters.clear();
  };
  if (phase == "CREATE_IN_PROGRESS") {
    if (failed.empty()) {
      ComputeOutputs(s);
      return done("CREATE_COMPLETE", "");
    }
    if (s.disable_rollback || s.on_failure == "DO_NOTHING") return done("CREATE_FAILED", failed_text);
    const bool then_delete = s.on_failure == "DELETE";
    BeginPhase(s, t, "ROLLBACK_IN_PROGRESS", DeleteActions(s, false), failed_text + "Rollback requested by user.");
    s.op->delete_after_rollback = then_delete;
    return;
  }
  if (phase == "ROLLBACK_IN_PROGRESS") {
    if (!failed.empty()) {
      return done("ROLLBACK_FAILED", "The following resource(s) failed to delete: " + Bracketed(failed) + ". ");
    }
    if (op.delete_after_rollback) {
      s.deletion_time = t;
      return done("DELETE_COMPLETE", "");
    }
    return done("ROLLBACK_COMPLETE", "");
  }
  if (phase == "DELETE_IN_PROGRESS") {
    if (!failed.empty()) {
      return done("DELETE_FAILED", "The following resource(s) failed to delete: " + Bracketed(failed) + ". ");
    }
    s.deletion_time = t;
    return done("DELETE_COMPLETE", "");
  }
  if (phase == "UPDATE_IN_PROGRESS") {
    if (failed.empty()) {
      BeginPhase(s, t, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", DeleteActions(s, true), "");
      return;
    }
    // Back to the previous template and parameters; resources an update removed are kept.
    s.template_body = s.previous_template_body;
    s.tmpl = s.previous_tmpl;
    s.parameters = s.previous_parameters;
    std::vector<CfnAction> actions;
    for (auto& [id, r] : s.resources) {
      if (r.created_by_update) {
        r.in_template = false;
        continue;
      }
      r.in_template = true;
      if (const CfnResource* def = s.tmpl.FindResource(id)) r.depends_on = def->depends_on;
      if (r.has_previous || r.has_replaced || r.status == "UPDATE_FAILED") {
        CfnAction a;
        a.logical_id = id;
        a.kind = CfnAction::Kind::kRevert;
        actions.push_back(std::move(a));
      }
    }
    BeginPhase(s, t, "UPDATE_ROLLBACK_IN_PROGRESS", std::move(actions), failed_text);
    return;
  }
  if (phase == "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS") {
    clear_update_marks();
    ComputeOutputs(s);
    return done("UPDATE_COMPLETE", "");
  }
  if (phase == "UPDATE_ROLLBACK_IN_PROGRESS") {
    if (!failed.empty()) {
      return done("UPDATE_ROLLBACK_FAILED", "The following resource(s) failed to update: " + Bracketed(failed) + ". ");
    }
    BeginPhase(s, t, "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", DeleteActions(s, true), "");
    return;
  }
  if (phase == "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS") {
    clear_update_marks();
    ComputeOutputs(s);
    return done("UPDATE_ROLLBACK_COMPLETE", "");
  }
  s.op.reset();  // unknown phase (defensive)
}

bool CfnService::Step(CfnStack& s, TimeUs t) {
  bool any = false;
  for (int guard = 0; s.op && guard < 64; ++guard) {
    CfnOperation& op = *s.op;
    if (op.step_at && *op.step_at <= t) {
      op.step_at.reset();
      any = true;
    }
    const std::string phase = op.phase;
    // 1. Completions due by t, in time order.
    for (;;) {
      CfnAction* next = nullptr;
      for (CfnAction& a : op.actions) {
        if (a.state == CfnAction::State::kRunning && a.done_at <= t && (!next || a.done_at < next->done_at)) next = &a;
      }
      if (!next) break;
      FinishAction(s, *next);
      any = true;
    }
    const bool abort_on_failure = !IsDeletePhase(phase);
    // 2. Start what is ready (a no-op sync is done at once and may free others).
    for (bool started = true; started;) {
      started = false;
      if (abort_on_failure && !op.failed.empty()) break;
      for (size_t i = 0; i < op.actions.size(); ++i) {
        CfnAction& a = op.actions[i];
        if (a.state != CfnAction::State::kPending) continue;
        const bool ready = std::all_of(a.wait_for.begin(), a.wait_for.end(), [&](const std::string& id) {
          return std::all_of(op.actions.begin(), op.actions.end(), [&](const CfnAction& b) {
            return b.logical_id != id || b.kind == CfnAction::Kind::kDeleteReplaced || b.state == CfnAction::State::kDone;
          });
        });
        if (!ready) continue;
        StartAction(s, op.actions[i], t);
        started = true;
        any = true;
        if (abort_on_failure && !op.failed.empty()) break;
      }
    }
    // 3. A failure cancels the work in flight.
    if (abort_on_failure && !op.failed.empty()) {
      for (CfnAction& a : op.actions) {
        if (a.state == CfnAction::State::kRunning) {
          CfnStackResource& r = s.resources[a.logical_id];
          const bool creating = a.complete_status == "CREATE_COMPLETE";
          AddResourceEvent(s, r, t, creating ? "CREATE_FAILED" : "UPDATE_FAILED",
                           creating ? "Resource creation cancelled" : "Resource update cancelled", a.physical_id);
          op.failed.push_back(a.logical_id);
          a.state = CfnAction::State::kCancelled;
        } else if (a.state == CfnAction::State::kPending) {
          a.state = CfnAction::State::kCancelled;
        }
      }
    }
    // 4. The phase ends when nothing runs and nothing more can start.
    const bool running = std::any_of(op.actions.begin(), op.actions.end(),
                                     [](const CfnAction& a) { return a.state == CfnAction::State::kRunning; });
    if (running) break;
    FinishPhase(s, t);
    any = true;
  }
  return any;
}

std::optional<TimeUs> CfnService::NextEventTime() const {
  std::optional<TimeUs> next;
  auto consider = [&](TimeUs t) {
    if (!next || t < *next) next = t;
  };
  for (const auto& s : stacks_) {
    if (!s->op) continue;
    if (s->op->step_at) consider(*s->op->step_at);
    for (const CfnAction& a : s->op->actions) {
      if (a.state == CfnAction::State::kRunning) consider(a.done_at);
    }
  }
  return next;
}

void CfnService::RunDue(TimeUs now) {
  if (running_) return;  // a handler called back into the lab; the outer RunDue finishes the work
  running_ = true;
  for (int guard = 0; guard < 100000; ++guard) {
    const std::optional<TimeUs> next = NextEventTime();
    if (!next || *next > now) break;
    for (size_t i = 0; i < stacks_.size(); ++i) Step(*stacks_[i], *next);
  }
  running_ = false;
}

}  // namespace fhl
