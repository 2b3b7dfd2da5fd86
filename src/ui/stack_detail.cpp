// stack_detail.cpp: the stack detail view (see stack_detail.h). Reads through ApiCache::Get (refreshed when the lab's
// generation changes, unthrottled while the stack is IN_PROGRESS), DeleteStack through ApiCache::Write.
//
// [SECTION] status text and event order
// [SECTION] header, tabs
// [SECTION] tabs: info, events, resources, outputs, parameters, template
// [SECTION] delete confirmation
#include "ui/stack_detail.h"

#include <algorithm>
#include <cstdio>

#include "ui/json_access.h"
#include "ui/stack_text.h"
#include "ui/ui_kit.h"
#include "ui/widget_registry.h"

namespace fhl::ui {

namespace {

constexpr ImGuiTableFlags kTableFlags = ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_RowBg |
                                        ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_NoSavedSettings |
                                        ImGuiTableFlags_PadOuterX;

void Cell(std::string_view text) {
  ImGui::TableNextColumn();
  ImGui::AlignTextToFramePadding();
  ImGui::PushTextWrapPos(0.0f);
  TextView(text.empty() ? std::string_view("-") : text);
  ImGui::PopTextWrapPos();
}

bool UpdatableStatus(std::string_view s) {
  return s == "CREATE_COMPLETE" || s == "UPDATE_COMPLETE" || s == "UPDATE_ROLLBACK_COMPLETE" || s == "IMPORT_COMPLETE";
}

}  // namespace

// [SECTION] status text and event order

void StackStatusText(std::string_view status) {
  const Theme& t = GetTheme();
  ImU32 col = t.pending;
  switch (ToneOfStatus(status)) {
    case StackTone::kSuccess:
      col = t.success;
      break;
    case StackTone::kInProgress:
      col = t.info;
      break;
    case StackTone::kFailed:
      col = t.error;
      break;
    case StackTone::kNeutral:
      break;
  }
  ImGui::PushStyleColor(ImGuiCol_Text, ToVec4(col));
  DotText(col, status.empty() ? std::string_view("-") : status);
  ImGui::PopStyleColor();
}

std::vector<const Json*> StackDetail::EventsNewestFirst(const Json& body) {
  std::vector<const Json*> out;
  for (const Json& e : JArray(body, "StackEvents")) out.push_back(&e);
  // The API answers newest first already; a stable sort on the timestamp keeps that order for equal times.
  std::stable_sort(out.begin(), out.end(), [](const Json* a, const Json* b) {
    std::optional<TimeUs> ta = StackTime(JMember(*a, "Timestamp")), tb = StackTime(JMember(*b, "Timestamp"));
    return ta.value_or(0) > tb.value_or(0);
  });
  return out;
}

// [SECTION] header, tabs

void StackDetail::Open(const std::string& stack_name, const std::string& stack_id, Tab tab) {
  if (stack_name != name_ || stack_id != id_) template_ = TemplateView();
  name_ = stack_name;
  id_ = stack_id;
  tab_ = tab;
  confirm_delete_ = false;
  status_.clear();
}

Json StackDetail::StackRequest() const { return Json{{"StackName", id_.empty() ? name_ : id_}}; }

StackDetail::Action StackDetail::Draw(UiContext& ctx) {
  Action action;
  const Theme& t = GetTheme();
  // Breadcrumb: CloudFormation > Stacks (link back) > name.
  ImGui::PushStyleColor(ImGuiCol_Text, ToVec4(t.text_secondary));
  TextView(std::string("CloudFormation  ") + ChevronText() + " ");
  ImGui::PopStyleColor();
  ImGui::SameLine(0, 6);
  if (LinkText("Stacks", "##cfn-back")) action.kind = Action::Kind::kBack;
  TrackWidget("CloudFormation/Back");
  ImGui::SameLine(0, 6);
  ImGui::PushStyleColor(ImGuiCol_Text, ToVec4(t.text_secondary));
  TextView(std::string(ChevronText()) + "  " + name_);
  ImGui::PopStyleColor();
  ImGui::Spacing();

  const bool live = IsInProgressStatus(status_);
  const CachePolicy policy = live ? kLiveSmall : kLiveListing;
  const CachedResponse* d = &ctx.api->Get("CloudFormation", "DescribeStacks", StackRequest(), policy);
  if (!d->response.ok() && !id_.empty())
    d = &ctx.api->Get("CloudFormation", "DescribeStacks", Json{{"StackName", name_}}, policy);
  if (!d->response.ok()) {
    Heading(name_.c_str(), nullptr, true);
    ErrorBanner(*d->response.error, "Could not describe the stack.");
    return action;
  }
  const Json& stacks = JArray(d->response.body, "Stacks");
  static const Json kEmpty = Json::object();
  const Json& stack = stacks.empty() ? kEmpty : stacks[0];
  status_ = std::string(JStr(stack, "StackStatus"));
  if (id_.empty()) id_ = std::string(JStr(stack, "StackId"));

  // Title and actions.
  Heading(name_.c_str(), nullptr, true);
  const bool deletable = status_ != "DELETE_IN_PROGRESS" && status_ != "DELETE_COMPLETE" && !status_.empty();
  const bool updatable = UpdatableStatus(status_);
  float buttons_w = ImGui::CalcTextSize("Delete").x + ImGui::CalcTextSize("Update").x + 2 * 28 + 10;
  ImGui::SameLine();
  AlignRight(buttons_w);
  if (NormalButton("Delete##cfn", deletable)) RequestDelete();
  TrackWidget("CloudFormation/Delete");
  ImGui::SameLine(0, 10);
  if (NormalButton("Update##cfn", updatable)) {
    Response tr = ctx.api->Fetch("CloudFormation", "GetTemplate", Json{{"StackName", name_}});
    if (!tr.ok()) {
      ctx.FlashError("Update failed.", *tr.error);
    } else {
      action.kind = Action::Kind::kUpdate;
      action.template_body = TemplateDisplayText(JMember(tr.body, "TemplateBody"));
      for (const Json& p : JArray(stack, "Parameters"))
        action.parameters.emplace_back(std::string(JStr(p, "ParameterKey")), std::string(JStr(p, "ParameterValue")));
    }
  }
  TrackWidget("CloudFormation/Update");
  if (!updatable && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("A stack can be updated when its status is CREATE_COMPLETE, UPDATE_COMPLETE or UPDATE_ROLLBACK_COMPLETE.");
  StackStatusText(status_);
  TrackWidget("CloudFormation/Status");
  std::string_view reason = JStr(stack, "StackStatusReason");
  if (!reason.empty()) {
    ImGui::SameLine(0, 12);
    SecondaryText(reason);
  }
  ImGui::Spacing();

  static const char* const kTabs[] = {"Stack info", "Events", "Resources", "Outputs", "Parameters", "Template"};
  static const char* const kTrack[] = {"CloudFormation/Tab/Stack info", "CloudFormation/Tab/Events",
                                       "CloudFormation/Tab/Resources", "CloudFormation/Tab/Outputs",
                                       "CloudFormation/Tab/Parameters", "CloudFormation/Tab/Template"};
  int tab = static_cast<int>(tab_);
  if (TabStrip("##cfn-tabs", kTabs, 6, &tab, kTrack)) tab_ = static_cast<Tab>(tab);
  ImGui::Spacing();
  switch (tab_) {
    case Tab::kInfo:
      DrawInfo(stack);
      break;
    case Tab::kEvents:
      DrawEvents(ctx, live);
      break;
    case Tab::kResources:
      DrawResources(ctx, live);
      break;
    case Tab::kOutputs:
      DrawOutputs(stack);
      break;
    case Tab::kParameters:
      DrawParameters(stack);
      break;
    case Tab::kTemplate:
      DrawTemplate(ctx);
      break;
  }
  DrawDeleteModal(ctx);
  return action;
}

// [SECTION] tabs: info, events, resources, outputs, parameters, template

void StackDetail::DrawInfo(const Json& stack) {
  BeginCard("Overview");
  if (BeginKeyValues("##cfn-info", 2)) {
    KeyValue("Stack ID", JStr(stack, "StackId"));
    KeyValue("Description", JStr(stack, "Description"));
    KeyValueLabel("Status");
    StackStatusText(JStr(stack, "StackStatus"));
    ImGui::Dummy(ImVec2(0, 4));
    KeyValue("Status reason", JStr(stack, "StackStatusReason"));
    KeyValue("Created time", StackTimeText(JMember(stack, "CreationTime")));
    KeyValue("Updated time", StackTimeText(JMember(stack, "LastUpdatedTime")));
    if (!JMember(stack, "DeletionTime").is_null()) KeyValue("Deleted time", StackTimeText(JMember(stack, "DeletionTime")));
    std::string caps;
    for (const Json& c : JArray(stack, "Capabilities")) caps += (caps.empty() ? "" : ", ") + std::string(JAsStr(c));
    KeyValue("Capabilities", caps);
    KeyValue("Termination protection", JBool(stack, "EnableTerminationProtection") ? "Activated" : "Deactivated");
    EndKeyValues();
    TrackWidget("CloudFormation/Info");
  }
  EndCard();
}

void StackDetail::DrawEvents(UiContext& ctx, bool live) {
  const CachedResponse& ev =
      ctx.api->Get("CloudFormation", "DescribeStackEvents", StackRequest(), live ? kLiveSmall : kLiveListing);
  if (!ev.response.ok()) {
    ErrorBanner(*ev.response.error, "Could not describe the stack events.");
    return;
  }
  std::vector<const Json*> events = EventsNewestFirst(ev.response.body);
  std::string counter = "(" + std::to_string(events.size()) + ")";
  BeginCard();
  Heading("Events", counter.c_str());
  ImGui::SameLine();
  float w = ImGui::CalcTextSize("Refresh").x + 28;
  float avail = CardInnerWidth();
  if (avail > w) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + avail - w);
  if (NormalButton("Refresh##cfn-events")) ctx.api->InvalidateAll();
  TrackWidget("CloudFormation/Events/Refresh");
  SecondaryText(live ? "The stack is in progress: new events appear as they happen (newest first)."
                     : "Newest first.");
  ImGui::Spacing();
  if (ImGui::BeginTable("##cfn-events", 4, kTableFlags, ImVec2(CardInnerWidth(), 0))) {
    ImGui::TableSetupColumn("Timestamp", 0, 1.5f);
    ImGui::TableSetupColumn("Logical ID", 0, 1.3f);
    ImGui::TableSetupColumn("Status", 0, 1.4f);
    ImGui::TableSetupColumn("Status reason", 0, 2.6f);
    ImGui::TableHeadersRow();
    int n = 0;
    for (const Json* e : events) {
      ImGui::TableNextRow(0, ImGui::GetFrameHeight());
      Cell(StackTimeText(JMember(*e, "Timestamp")));
      TrackWidget("CloudFormation/Event/" + std::to_string(n++));
      Cell(JStr(*e, "LogicalResourceId"));
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      StackStatusText(JStr(*e, "ResourceStatus"));
      Cell(JStr(*e, "ResourceStatusReason"));
    }
    ImGui::EndTable();
  }
  if (events.empty()) SecondaryText("No events.");
  EndCard();
}

void StackDetail::DrawResources(UiContext& ctx, bool live) {
  const CachedResponse& res =
      ctx.api->Get("CloudFormation", "DescribeStackResources", StackRequest(), live ? kLiveSmall : kLiveListing);
  if (!res.response.ok()) {
    ErrorBanner(*res.response.error, "Could not describe the stack resources.");
    return;
  }
  const Json& list = JArray(res.response.body, "StackResources");
  // The stack's Glue database: where a Glue table link opens Athena.
  std::string database;
  for (const Json& r : list)
    if (JStr(r, "ResourceType") == "AWS::Glue::Database") database = std::string(JStr(r, "PhysicalResourceId"));
  std::string counter = "(" + std::to_string(list.size()) + ")";
  BeginCard("Resources", counter.c_str());
  SecondaryText("Physical IDs of the stream, the bucket, the Glue database and table and the Athena resources open "
                "them in their consoles.");
  ImGui::Spacing();
  if (ImGui::BeginTable("##cfn-resources", 5, kTableFlags, ImVec2(CardInnerWidth(), 0))) {
    ImGui::TableSetupColumn("Logical ID", 0, 1.1f);
    ImGui::TableSetupColumn("Physical ID", 0, 2.9f);
    ImGui::TableSetupColumn("Type", 0, 2.2f);
    ImGui::TableSetupColumn("Status", 0, 1.4f);
    ImGui::TableSetupColumn("Status reason", 0, 1.2f);
    ImGui::TableHeadersRow();
    for (const Json& r : list) {
      std::string logical(JStr(r, "LogicalResourceId"));
      std::string physical(JStr(r, "PhysicalResourceId"));
      std::string_view type = JStr(r, "ResourceType");
      std::string_view status = JStr(r, "ResourceStatus");
      ImGui::TableNextRow(0, ImGui::GetFrameHeight());
      Cell(logical);
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      const bool exists = !physical.empty() && status != "DELETE_COMPLETE" && status != "CREATE_FAILED";
      NavRequest nav;
      nav.pending = true;
      bool linkable = exists;
      if (type == "AWS::KinesisFirehose::DeliveryStream") {
        nav.section = Section::kFirehose;
        nav.stream = physical;
      } else if (type == "AWS::S3::Bucket") {
        nav.section = Section::kS3;
        nav.bucket = physical;
      } else if (type == "AWS::Glue::Database" || type == "AWS::Glue::Table" || type == "AWS::Athena::WorkGroup" ||
                 type == "AWS::Athena::NamedQuery") {
        nav.section = Section::kAthena;
        nav.database = type == "AWS::Glue::Database" ? physical : database;
      } else {
        linkable = false;
      }
      std::string track = "CloudFormation/Resource/" + logical;
      if (linkable) {
        if (LinkText(physical, track.c_str())) ctx.nav = nav;
      } else {
        TextView(physical.empty() ? std::string_view("-") : std::string_view(physical));
      }
      TrackWidget(track);
      if (ImGui::IsItemHovered() && ImGui::GetItemRectMax().x > ImGui::GetWindowDrawList()->GetClipRectMax().x)
        ImGui::SetTooltip("%s", physical.c_str());  // clipped by the column: the whole id
      Cell(type);
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      StackStatusText(status);
      Cell(JStr(r, "ResourceStatusReason"));
    }
    ImGui::EndTable();
  }
  if (list.empty()) SecondaryText("No resources.");
  EndCard();
}

void StackDetail::DrawOutputs(const Json& stack) {
  const Json& outputs = JArray(stack, "Outputs");
  std::string counter = "(" + std::to_string(outputs.size()) + ")";
  BeginCard("Outputs", counter.c_str());
  if (ImGui::BeginTable("##cfn-outputs", 4, kTableFlags, ImVec2(CardInnerWidth(), 0))) {
    ImGui::TableSetupColumn("Key", 0, 1.2f);
    ImGui::TableSetupColumn("Value", 0, 2.4f);
    ImGui::TableSetupColumn("Description", 0, 2.0f);
    ImGui::TableSetupColumn("Export name", 0, 1.0f);
    ImGui::TableHeadersRow();
    for (const Json& o : outputs) {
      ImGui::TableNextRow(0, ImGui::GetFrameHeight());
      Cell(JStr(o, "OutputKey"));
      Cell(JStr(o, "OutputValue"));
      TrackWidget("CloudFormation/Output/" + std::string(JStr(o, "OutputKey")));
      Cell(JStr(o, "Description"));
      Cell(JStr(o, "ExportName"));
    }
    ImGui::EndTable();
  }
  if (outputs.empty()) SecondaryText("No outputs.");
  EndCard();
}

void StackDetail::DrawParameters(const Json& stack) {
  const Json& params = JArray(stack, "Parameters");
  std::string counter = "(" + std::to_string(params.size()) + ")";
  BeginCard("Parameters", counter.c_str());
  if (ImGui::BeginTable("##cfn-params", 2, kTableFlags, ImVec2(CardInnerWidth(), 0))) {
    ImGui::TableSetupColumn("Key", 0, 1.0f);
    ImGui::TableSetupColumn("Value", 0, 2.0f);
    ImGui::TableHeadersRow();
    for (const Json& p : params) {
      ImGui::TableNextRow(0, ImGui::GetFrameHeight());
      Cell(JStr(p, "ParameterKey"));
      Cell(JStr(p, "ParameterValue"));
      TrackWidget("CloudFormation/Parameter value/" + std::string(JStr(p, "ParameterKey")));
    }
    ImGui::EndTable();
  }
  if (params.empty()) SecondaryText("No parameters.");
  EndCard();
}

void StackDetail::DrawTemplate(UiContext& ctx) {
  const CachedResponse& tr = ctx.api->Get("CloudFormation", "GetTemplate", Json{{"StackName", name_}}, kLiveListing);
  if (!tr.response.ok()) {
    ErrorBanner(*tr.response.error, "Could not get the template.");
    return;
  }
  template_.SetText(TemplateDisplayText(JMember(tr.response.body, "TemplateBody")));
  BeginCard("Template");
  float h = std::max(360.0f, ImGui::GetContentRegionAvail().y - 110);
  template_.Draw("CloudFormation/Template", CardInnerWidth(), h, ctx.fonts.mono);
  EndCard();
}

// [SECTION] delete confirmation

bool StackDetail::ConfirmDelete(UiContext& ctx) {
  Response r = ctx.api->Write("CloudFormation", "DeleteStack", Json{{"StackName", name_}});
  if (!r.ok()) {
    ctx.FlashError("Delete stack failed.", *r.error);
    return false;
  }
  tab_ = Tab::kEvents;
  ctx.AddFlash(Flash::Kind::kInfo, "Delete in progress for stack " + name_ + ".");
  return true;
}

void StackDetail::DrawDeleteModal(UiContext& ctx) {
  const char* title = "Delete stack?##cfn-delete";
  if (confirm_delete_) {
    ImGui::OpenPopup(title);
    confirm_delete_ = false;
  }
  const ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.4f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(520, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(20, 16));
  bool open = ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoMove |
                                                         ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoTitleBar);
  ImGui::PopStyleVar();
  modal_open_ = open;
  if (!open) return;
  Heading("Delete stack?", nullptr, true);
  ImGui::Dummy(ImVec2(0, 6));
  ImGui::PushTextWrapPos(0.0f);
  TextView("Deleting stack " + name_ +
           " will delete all stack resources. Resources will be deleted according to their DeletionPolicy.");
  ImGui::PopTextWrapPos();
  ImGui::Dummy(ImVec2(0, 10));
  float w = ImGui::CalcTextSize("Cancel").x + ImGui::CalcTextSize("Delete").x + 2 * 28 + 10;
  AlignRight(w);
  if (NormalButton("Cancel##cfn-delete")) ImGui::CloseCurrentPopup();
  TrackWidget("CloudFormation/Delete/Cancel");
  ImGui::SameLine(0, 10);
  if (PrimaryButton("Delete##cfn-delete-confirm")) {
    ConfirmDelete(ctx);
    ImGui::CloseCurrentPopup();
  }
  TrackWidget("CloudFormation/Delete/Confirm");
  ImGui::EndPopup();
}

}  // namespace fhl::ui
