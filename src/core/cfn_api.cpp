// cfn_api.cpp: the CloudFormation JSON layer: AWS request/response shapes of ValidateTemplate, CreateStack,
// UpdateStack, DeleteStack, DescribeStacks, DescribeStackEvents, DescribeStackResources, GetTemplate, ListStacks.
// Checks every request fully before changing anything (a failed call changes nothing).
#include <algorithm>
#include <set>

#include "core/cfn_intrinsics.h"
#include "core/cfn_stack_service.h"
#include "core/request_fields.h"
#include "core/rng.h"

namespace fhl {
namespace {

ApiError Invalid(const std::string& message) { return ApiError{"ValidationError", message, 400}; }

ApiError NullMember(const char* member) {
  return Invalid(std::string("1 validation error detected: Value null at '") + member +
                 "' failed to satisfy constraint: Member must not be null");
}

std::optional<ApiError> CheckStackName(const std::string& name) {
  const char* pattern = "[a-zA-Z][-a-zA-Z0-9]*";  // CreateStack's form (DescribeStacks-style calls add |arn:...)
  bool ok = !name.empty() && ((name[0] >= 'a' && name[0] <= 'z') || (name[0] >= 'A' && name[0] <= 'Z'));
  for (char c : name) {
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-');
  }
  if (!ok) {
    return Invalid("1 validation error detected: Value '" + name +
                   "' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: " +
                   pattern);
  }
  if (name.size() > 128) {
    return Invalid("1 validation error detected: Value '" + name +
                   "' at 'stackName' failed to satisfy constraint: Member must have length less than or equal to 128");
  }
  return std::nullopt;
}

Result<std::vector<std::string>> ReadCapabilities(RequestFields& f) {
  std::vector<std::string> out;
  const Json* caps = f.Array("Capabilities");
  if (!f.ok()) return f.error();
  if (!caps) return out;
  for (const Json& c : *caps) {
    if (!c.is_string()) return SerializationError("Capabilities", "list of strings");
    const std::string v = c.get<std::string>();
    if (v != "CAPABILITY_IAM" && v != "CAPABILITY_NAMED_IAM" && v != "CAPABILITY_AUTO_EXPAND") {
      return Invalid("1 validation error detected: Value '[" + v +
                     "]' at 'capabilities' failed to satisfy constraint: Member must satisfy constraint: [Member must "
                     "satisfy enum value set: [CAPABILITY_AUTO_EXPAND, CAPABILITY_NAMED_IAM, CAPABILITY_IAM]]");
    }
    if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
  }
  return out;
}

Status CheckCapabilities(const CfnTemplate& tmpl, const std::vector<std::string>& given) {
  const CfnCapabilityNeed need = RequiredCapabilities(tmpl);
  if (need.capabilities.empty()) return Status::Ok();
  auto has = [&](const char* c) { return std::find(given.begin(), given.end(), c) != given.end(); };
  const bool ok = need.capabilities[0] == "CAPABILITY_NAMED_IAM" ? has("CAPABILITY_NAMED_IAM")
                                                                  : has("CAPABILITY_IAM") || has("CAPABILITY_NAMED_IAM");
  if (ok) return Status::Ok();
  return ApiError{"InsufficientCapabilitiesException", "Requires capabilities : [" + need.capabilities[0] + "]", 400};
}

Result<Json> ReadTags(RequestFields& f) {
  const Json* tags = f.Array("Tags");
  if (!f.ok()) return f.error();
  Json out = Json::array();
  if (!tags) return out;
  for (const Json& t : *tags) {
    if (!t.is_object() || !t.contains("Key") || !t["Key"].is_string() || !t.contains("Value") || !t["Value"].is_string()) {
      return SerializationError("Tags", "list of Tag structures with Key and Value strings");
    }
    out.push_back({{"Key", t["Key"]}, {"Value", t["Value"]}});
  }
  if (out.size() > 50) {
    return Invalid("1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length "
                   "less than or equal to 50");
  }
  return out;
}

std::string Iso(TimeUs t) { return FormatIso8601(t); }

Json EventJson(const CfnStack& s, const CfnStackEvent& e) {
  Json j = {{"StackId", s.stack_id},
            {"EventId", e.event_id},
            {"StackName", s.name},
            {"LogicalResourceId", e.logical_id},
            {"PhysicalResourceId", e.physical_id},
            {"ResourceType", e.resource_type},
            {"Timestamp", Iso(e.timestamp)},
            {"ResourceStatus", e.status}};
  if (!e.reason.empty()) j["ResourceStatusReason"] = e.reason;
  if (!e.properties.empty()) j["ResourceProperties"] = e.properties;
  if (!e.client_request_token.empty()) j["ClientRequestToken"] = e.client_request_token;
  return j;
}

}  // namespace

// [SECTION] dispatch

Response CfnService::Call(std::string_view action, const Json& request, TimeUs now) {
  if (!request.is_object()) return FailWith(ApiError{"SerializationException", "The request body must be a JSON object.", 400});
  if (action == "ValidateTemplate") return ValidateTemplate(request);
  if (action == "CreateStack") return CreateStack(request, now);
  if (action == "UpdateStack") return UpdateStack(request, now);
  if (action == "DeleteStack") return DeleteStack(request, now);
  if (action == "DescribeStacks") return DescribeStacks(request);
  if (action == "DescribeStackEvents") return DescribeStackEvents(request);
  if (action == "DescribeStackResources") return DescribeStackResources(request);
  if (action == "GetTemplate") return GetTemplate(request);
  if (action == "ListStacks") return ListStacks(request);
  return UnknownOperation("CloudFormation", action);
}

Result<CfnTemplate> CfnService::CheckTemplate(std::string_view body) const {
  auto tmpl = ParseTemplate(body);
  if (!tmpl.ok()) return tmpl;
  if (auto s = CheckResourceTypes(tmpl.value(), [this](std::string_view type) { return lookup_ && lookup_(type); });
      !s.ok()) {
    return s.error();
  }
  return tmpl;
}

Result<CfnStack*> CfnService::StackFromRequest(std::string_view name_or_id) {
  CfnStack* s = FindLive(name_or_id);
  if (!s) return Invalid("Stack with id " + std::string(name_or_id) + " does not exist");
  return s;
}

// [SECTION] ValidateTemplate

Response CfnService::ValidateTemplate(const Json& request) const {
  RequestFields f(request);
  auto body = f.String("TemplateBody");
  auto url = f.String("TemplateURL");
  if (!f.ok()) return FailWith(f.error());
  if (!body && url) return FailWith(Invalid("TemplateURL is not supported in this lab; pass the template as TemplateBody."));
  if (!body) return FailWith(Invalid("Either Template URL or Template Body must be specified."));
  auto tmpl = CheckTemplate(*body);
  if (!tmpl.ok()) return FailWith(tmpl.error());
  return Response::Ok(ValidateTemplateResponse(tmpl.value()));
}

// [SECTION] CreateStack

Response CfnService::CreateStack(const Json& request, TimeUs now) {
  RequestFields f(request);
  auto name = f.String("StackName");
  auto body = f.String("TemplateBody");
  auto url = f.String("TemplateURL");
  auto on_failure = f.String("OnFailure");
  auto disable_rollback = f.Boolean("DisableRollback");
  auto token = f.String("ClientRequestToken");
  const Json* params = f.Array("Parameters");
  if (!f.ok()) return FailWith(f.error());
  auto capabilities = ReadCapabilities(f);
  if (!capabilities.ok()) return FailWith(capabilities.error());
  auto tags = ReadTags(f);
  if (!tags.ok()) return FailWith(tags.error());
  if (!name) return FailWith(NullMember("stackName"));
  if (auto e = CheckStackName(*name)) return FailWith(*e);
  if (on_failure && *on_failure != "DO_NOTHING" && *on_failure != "ROLLBACK" && *on_failure != "DELETE") {
    return FailWith(Invalid("1 validation error detected: Value '" + *on_failure +
                            "' at 'onFailure' failed to satisfy constraint: Member must satisfy enum value set: "
                            "[DO_NOTHING, ROLLBACK, DELETE]"));
  }
  if (on_failure && disable_rollback) return FailWith(Invalid("You cannot specify both DisableRollback and OnFailure."));
  if (CfnStack* existing = FindLive(*name)) {
    if (token && *token == existing->client_request_token) return Response::Ok({{"StackId", existing->stack_id}});
    return Response::Fail("AlreadyExistsException", "Stack [" + *name + "] already exists");
  }
  if (!body && url) return FailWith(Invalid("TemplateURL is not supported in this lab; pass the template as TemplateBody."));
  if (!body) return FailWith(Invalid("Either Template URL or Template Body must be specified."));
  auto tmpl = CheckTemplate(*body);
  if (!tmpl.ok()) return FailWith(tmpl.error());
  if (!tmpl.value().transforms.empty()) {
    return FailWith(Invalid("Transform " + tmpl.value().transforms[0] + " is not supported in this lab."));
  }
  auto values = ResolveParameters(tmpl.value(), params ? *params : Json());
  if (!values.ok()) return FailWith(values.error());
  if (auto s = CheckCapabilities(tmpl.value(), capabilities.value()); !s.ok()) return FailWith(s.error());
  size_t live = 0;
  for (const auto& s : stacks_) live += !s->deleted();
  if (live >= kMaxStacks) {
    return Response::Fail("LimitExceededException", "Limit on the number of stacks (" + std::to_string(kMaxStacks) +
                                                        ") exceeded in this lab.");
  }
  auto stack = std::make_unique<CfnStack>();
  CfnStack& s = *stack;
  s.name = *name;
  s.stack_id = "arn:aws:cloudformation:" + options_.region + ":" + options_.account_id + ":stack/" + s.name + "/" +
               (options_.rng ? options_.rng->NextUuid() : std::to_string(stacks_.size()));
  s.template_body = *body;
  s.tmpl = std::move(tmpl.value());
  s.description = s.tmpl.description;
  s.parameters = std::move(values.value());
  {
    CfnContext plain = ContextFor(s, s.tmpl);
    plain.conditions.clear();
    auto conditions = EvaluateConditions(s.tmpl, plain);
    if (!conditions.ok()) return FailWith(conditions.error());
  }
  s.capabilities = capabilities.value();
  s.tags = tags.value();
  s.creation_time = now;
  s.disable_rollback = disable_rollback.value_or(false);
  s.on_failure = on_failure.value_or(s.disable_rollback ? "DO_NOTHING" : "ROLLBACK");
  s.client_request_token = token.value_or("");
  std::vector<CfnAction> actions;
  const CfnContext ctx = ContextFor(s, s.tmpl);
  const std::vector<std::string> order = CreationOrder(s.tmpl, ctx.conditions);
  for (const std::string& id : order) {
    CfnAction a;
    a.logical_id = id;
    a.kind = CfnAction::Kind::kCreate;
    for (const std::string& d : s.tmpl.FindResource(id)->depends_on) {
      if (std::find(order.begin(), order.end(), d) != order.end()) a.wait_for.push_back(d);
    }
    actions.push_back(std::move(a));
  }
  // Resources are listed once they start (as on AWS); until then only the plan knows them.
  stacks_.push_back(std::move(stack));
  BeginPhase(s, now, "CREATE_IN_PROGRESS", std::move(actions), "User Initiated");
  return Response::Ok({{"StackId", s.stack_id}});
}

// [SECTION] UpdateStack

Response CfnService::UpdateStack(const Json& request, TimeUs now) {
  RequestFields f(request);
  auto name = f.String("StackName");
  auto body = f.String("TemplateBody");
  auto use_previous = f.Boolean("UsePreviousTemplate");
  auto token = f.String("ClientRequestToken");
  const Json* params = f.Array("Parameters");
  const bool has_tags = f.Has("Tags");
  if (!f.ok()) return FailWith(f.error());
  auto capabilities = ReadCapabilities(f);
  if (!capabilities.ok()) return FailWith(capabilities.error());
  auto tags = ReadTags(f);
  if (!tags.ok()) return FailWith(tags.error());
  if (!name) return FailWith(NullMember("stackName"));
  CfnStack* sp = FindLive(*name);
  if (!sp) return FailWith(Invalid("Stack [" + *name + "] does not exist"));
  CfnStack& s = *sp;
  if (s.status != "CREATE_COMPLETE" && s.status != "UPDATE_COMPLETE" && s.status != "UPDATE_ROLLBACK_COMPLETE") {
    return FailWith(Invalid("Stack:" + s.stack_id + " is in " + s.status + " state and can not be updated."));
  }
  if (body && use_previous.value_or(false)) {
    return FailWith(Invalid("You cannot specify both usePreviousTemplate and Template Body or Template Url"));
  }
  if (!body && !use_previous.value_or(false)) {
    return FailWith(Invalid("Either Template URL or Template Body must be specified."));
  }
  const std::string new_body = body ? *body : s.template_body;
  auto tmpl = CheckTemplate(new_body);
  if (!tmpl.ok()) return FailWith(tmpl.error());
  if (!tmpl.value().transforms.empty()) {
    return FailWith(Invalid("Transform " + tmpl.value().transforms[0] + " is not supported in this lab."));
  }
  auto values = ResolveParameters(tmpl.value(), params ? *params : Json(), s.parameters);
  if (!values.ok()) return FailWith(values.error());
  if (auto c = CheckCapabilities(tmpl.value(), capabilities.value()); !c.ok()) return FailWith(c.error());
  std::vector<std::string> retyped;
  for (const CfnResource& r : tmpl.value().resources) {
    const CfnStackResource* old = s.FindResource(r.logical_id);
    if (old && old->provisioned && old->type != r.type) retyped.push_back(r.logical_id);
  }
  if (!retyped.empty()) {
    std::string list;
    for (size_t i = 0; i < retyped.size(); ++i) list += (i ? ", " : "") + retyped[i];
    return FailWith(Invalid("Update of resource type is not permitted. The new template modifies resource type of the "
                            "following resources: [" + list + "]"));
  }
  if (tmpl.value().document == s.tmpl.document && values.value() == s.parameters &&
      (!has_tags || tags.value() == s.tags)) {
    return FailWith(Invalid("No updates are to be performed."));
  }
  // Conditions must evaluate before anything changes.
  CfnStack probe_stack;
  probe_stack.name = s.name;
  probe_stack.stack_id = s.stack_id;
  probe_stack.parameters = values.value();
  {
    CfnContext plain = ContextFor(probe_stack, tmpl.value());
    plain.conditions.clear();
    auto conditions = EvaluateConditions(tmpl.value(), plain);
    if (!conditions.ok()) return FailWith(conditions.error());
  }
  // Apply.
  s.previous_template_body = s.template_body;
  s.previous_tmpl = s.tmpl;
  s.previous_parameters = s.parameters;
  s.template_body = new_body;
  s.tmpl = std::move(tmpl.value());
  s.description = s.tmpl.description;
  s.parameters = std::move(values.value());
  s.capabilities = capabilities.value();
  if (has_tags) s.tags = tags.value();
  s.last_updated_time = now;
  s.client_request_token = token.value_or("");
  const CfnContext ctx = ContextFor(s, s.tmpl);
  const std::vector<std::string> order = CreationOrder(s.tmpl, ctx.conditions);
  std::vector<CfnAction> actions;
  for (const std::string& id : order) {
    CfnAction a;
    a.logical_id = id;
    a.kind = CfnAction::Kind::kSync;
    for (const std::string& d : s.tmpl.FindResource(id)->depends_on) {
      if (std::find(order.begin(), order.end(), d) != order.end()) a.wait_for.push_back(d);
    }
    actions.push_back(std::move(a));
  }
  for (auto& [id, r] : s.resources) {
    r.in_template = std::find(order.begin(), order.end(), id) != order.end();
    r.has_previous = r.has_replaced = r.created_by_update = false;
  }
  BeginPhase(s, now, "UPDATE_IN_PROGRESS", std::move(actions), "User Initiated");
  return Response::Ok({{"StackId", s.stack_id}});
}

// [SECTION] DeleteStack

Response CfnService::DeleteStack(const Json& request, TimeUs now) {
  RequestFields f(request);
  auto name = f.String("StackName");
  auto token = f.String("ClientRequestToken");
  const Json* retain = f.Array("RetainResources");
  if (!f.ok()) return FailWith(f.error());
  if (!name) return FailWith(NullMember("stackName"));
  CfnStack* sp = FindLive(*name);
  if (!sp) return Response::Ok(Json::object());  // deleting a stack that does not exist succeeds, as on AWS
  CfnStack& s = *sp;
  if (s.status == "DELETE_IN_PROGRESS") return Response::Ok(Json::object());
  if (s.op) {
    return FailWith(Invalid("Stack [" + s.name + "] cannot be deleted while in status " + s.status));
  }
  std::set<std::string> retained;
  if (retain) {
    if (s.status != "DELETE_FAILED") {
      return FailWith(Invalid("Invalid operation on stack [" + s.stack_id +
                              "]. RetainResources can only be specified when the stack is in the DELETE_FAILED state."));
    }
    for (const Json& r : *retain) {
      if (!r.is_string()) return FailWith(SerializationError("RetainResources", "list of strings"));
      if (!s.FindResource(r.get<std::string>())) {
        return FailWith(Invalid("The specified resources to retain must be in a valid state. Resource [" +
                                r.get<std::string>() + "] does not exist in the stack."));
      }
      retained.insert(r.get<std::string>());
    }
  }
  for (const std::string& id : retained) s.resources[id].deletion_policy = "Retain";
  s.client_request_token = token.value_or("");
  BeginPhase(s, now, "DELETE_IN_PROGRESS", DeleteActions(s, false), "User Initiated");
  return Response::Ok(Json::object());
}

// [SECTION] read operations

Response CfnService::DescribeStacks(const Json& request) const {
  RequestFields f(request);
  auto name = f.String("StackName");
  if (!f.ok()) return FailWith(f.error());
  std::vector<const CfnStack*> selected;
  if (name) {
    const CfnStack* s = FindStack(*name);
    if (!s) return FailWith(Invalid("Stack with id " + *name + " does not exist"));
    selected.push_back(s);
  } else {
    for (auto it = stacks_.rbegin(); it != stacks_.rend(); ++it) {
      if (!(*it)->deleted()) selected.push_back(it->get());
    }
  }
  Json stacks = Json::array();
  for (const CfnStack* s : selected) {
    Json params = Json::array();
    for (const CfnParameter& p : s->tmpl.parameters) {
      auto it = s->parameters.find(p.name);
      if (it == s->parameters.end()) continue;
      params.push_back({{"ParameterKey", p.name}, {"ParameterValue", p.no_echo ? "****" : it->second}});
    }
    Json j = {{"StackId", s->stack_id},
              {"StackName", s->name},
              {"Parameters", std::move(params)},
              {"CreationTime", Iso(s->creation_time)},
              {"StackStatus", s->status},
              {"DisableRollback", s->disable_rollback},
              {"NotificationARNs", Json::array()},
              {"Capabilities", s->capabilities},
              {"Outputs", s->outputs},
              {"Tags", s->tags},
              {"EnableTerminationProtection", false},
              {"DriftInformation", {{"StackDriftStatus", "NOT_CHECKED"}}}};
    if (!s->description.empty()) j["Description"] = s->description;
    if (!s->reason.empty()) j["StackStatusReason"] = s->reason;
    if (s->last_updated_time) j["LastUpdatedTime"] = Iso(*s->last_updated_time);
    if (s->deletion_time) j["DeletionTime"] = Iso(*s->deletion_time);
    stacks.push_back(std::move(j));
  }
  return Response::Ok({{"Stacks", std::move(stacks)}});
}

Response CfnService::DescribeStackEvents(const Json& request) const {
  RequestFields f(request);
  auto name = f.String("StackName");
  auto token = f.String("NextToken");
  if (!f.ok()) return FailWith(f.error());
  if (!name) return FailWith(NullMember("stackName"));
  const CfnStack* s = FindStack(*name);
  if (!s) return FailWith(Invalid("Stack [" + *name + "] does not exist"));
  size_t start = 0;
  if (token) {
    const bool digits = !token->empty() && token->size() < 10 &&
                        std::all_of(token->begin(), token->end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits || std::stoul(*token) > s->events.size()) return FailWith(Invalid("Invalid NextToken: " + *token));
    start = std::stoul(*token);
  }
  Json events = Json::array();
  const size_t n = s->events.size();
  size_t i = start;
  for (; i < n && events.size() < kEventsPerPage; ++i) events.push_back(EventJson(*s, s->events[n - 1 - i]));
  Json out = {{"StackEvents", std::move(events)}};
  if (i < n) out["NextToken"] = std::to_string(i);
  return Response::Ok(out);
}

Response CfnService::DescribeStackResources(const Json& request) const {
  RequestFields f(request);
  auto name = f.String("StackName");
  auto logical = f.String("LogicalResourceId");
  auto physical = f.String("PhysicalResourceId");
  if (!f.ok()) return FailWith(f.error());
  const CfnStack* s = nullptr;
  if (name) {
    s = FindStack(*name);
    if (!s) return FailWith(Invalid("Stack with id " + *name + " does not exist"));
  } else if (physical) {
    for (const auto& st : stacks_) {
      for (const auto& [id, r] : st->resources) {
        if (r.current.physical_id == *physical && !st->deleted()) s = st.get();
      }
    }
    if (!s) return FailWith(Invalid("Stack for " + *physical + " does not exist"));
  } else {
    return FailWith(Invalid("Either StackName or PhysicalResourceId must be specified."));
  }
  Json out = Json::array();
  for (const auto& [id, r] : s->resources) {
    if (logical && id != *logical) continue;
    if (!name && physical && r.current.physical_id != *physical) continue;
    Json j = {{"StackName", s->name},
              {"StackId", s->stack_id},
              {"LogicalResourceId", id},
              {"PhysicalResourceId", r.current.physical_id},
              {"ResourceType", r.type},
              {"Timestamp", Iso(r.last_updated)},
              {"ResourceStatus", r.status},
              {"DriftInformation", {{"StackResourceDriftStatus", "NOT_CHECKED"}}}};
    if (!r.reason.empty()) j["ResourceStatusReason"] = r.reason;
    out.push_back(std::move(j));
  }
  return Response::Ok({{"StackResources", std::move(out)}});
}

Response CfnService::GetTemplate(const Json& request) const {
  RequestFields f(request);
  auto name = f.String("StackName");
  if (!f.ok()) return FailWith(f.error());
  if (!name) return FailWith(Invalid("Either StackName or ChangeSetName must be specified."));
  const CfnStack* s = FindStack(*name);
  if (!s) return FailWith(Invalid("Stack with id " + *name + " does not exist"));
  return Response::Ok({{"TemplateBody", s->template_body}, {"StagesAvailable", Json::array({"Original", "Processed"})}});
}

Response CfnService::ListStacks(const Json& request) const {
  RequestFields f(request);
  const Json* filter = f.Array("StackStatusFilter");
  if (!f.ok()) return FailWith(f.error());
  std::set<std::string> statuses;
  if (filter) {
    for (const Json& x : *filter) {
      if (!x.is_string()) return FailWith(SerializationError("StackStatusFilter", "list of strings"));
      statuses.insert(x.get<std::string>());
    }
  }
  Json out = Json::array();
  for (auto it = stacks_.rbegin(); it != stacks_.rend(); ++it) {
    const CfnStack& s = **it;
    if (!statuses.empty() && !statuses.count(s.status)) continue;
    Json j = {{"StackId", s.stack_id},
              {"StackName", s.name},
              {"CreationTime", Iso(s.creation_time)},
              {"StackStatus", s.status},
              {"DriftInformation", {{"StackDriftStatus", "NOT_CHECKED"}}}};
    if (!s.description.empty()) j["TemplateDescription"] = s.description;
    if (!s.reason.empty()) j["StackStatusReason"] = s.reason;
    if (s.last_updated_time) j["LastUpdatedTime"] = Iso(*s.last_updated_time);
    if (s.deletion_time) j["DeletionTime"] = Iso(*s.deletion_time);
    out.push_back(std::move(j));
  }
  return Response::Ok({{"StackSummaries", std::move(out)}});
}

}  // namespace fhl
