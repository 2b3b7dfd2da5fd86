// cloudformation_panel.cpp: the AWS CloudFormation section (see cloudformation_panel.h): the Stacks list here, the
// wizard and the detail in their own files. Every read goes through ApiCache::Get, every change through Write.
//
// [SECTION] widget names
//   Stacks list    CloudFormation/Create stack, CloudFormation/Refresh, CloudFormation/Show deleted,
//                  CloudFormation/Stack/<stack name>, CloudFormation/Empty (the empty-state text)
//   Wizard         CloudFormation/Cancel, CloudFormation/Previous, CloudFormation/Next, CloudFormation/Submit,
//                  CloudFormation/Error (validation or submit error box), CloudFormation/Error/Go to (paste source,
//                  error with a line)
//     step 1       CloudFormation/Template/Lab template, CloudFormation/Template/Paste, CloudFormation/Template/Upload,
//                  CloudFormation/Template/Current (update only), CloudFormation/Template/Editor (paste source),
//                  CloudFormation/Template/Reset, CloudFormation/Template/Edit lab template,
//                  CloudFormation/Template/Choose file (calls PlatformHooks::pick_template_file),
//                  CloudFormation/Template/Uploaded (file name), CloudFormation/Preview/View (template preview)
//     step 2       CloudFormation/Stack name, CloudFormation/Parameter/<key>
//     step 3       CloudFormation/Capabilities/Acknowledge (only when ValidateTemplate returned Capabilities)
//   Stack detail   CloudFormation/Back (breadcrumb "Stacks"), CloudFormation/Status, CloudFormation/Delete,
//                  CloudFormation/Update, CloudFormation/Delete/Confirm, CloudFormation/Delete/Cancel (modal),
//                  CloudFormation/Tab/Stack info, CloudFormation/Tab/Events, CloudFormation/Tab/Resources,
//                  CloudFormation/Tab/Outputs, CloudFormation/Tab/Parameters, CloudFormation/Tab/Template
//     tabs         CloudFormation/Info, CloudFormation/Events/Refresh, CloudFormation/Event/<n> (0 = newest),
//                  CloudFormation/Resource/<logical id> (physical id; a link for streams, buckets, Glue, Athena),
//                  CloudFormation/Output/<key>, CloudFormation/Parameter value/<key>,
//                  CloudFormation/Template/View, CloudFormation/Template/BufferingHints ("Show only BufferingHints"),
//                  CloudFormation/Template/Go to BufferingHints, CloudFormation/Template/Highlight (first visible
//                  highlighted line)
// [SECTION] stacks list
#include "ui/cloudformation_panel.h"

#include <algorithm>
#include <set>

#include "ui/json_access.h"
#include "ui/stack_text.h"
#include "ui/ui_kit.h"
#include "ui/widget_registry.h"

namespace fhl::ui {

void CloudFormationPanel::StartCreate() {
  wizard_.StartCreate();
  view_ = View::kWizard;
}

void CloudFormationPanel::OpenStack(const std::string& stack_name, const std::string& stack_id, StackDetail::Tab tab) {
  detail_.Open(stack_name, stack_id, tab);
  view_ = View::kDetail;
}

void CloudFormationPanel::SetUploadedTemplate(const std::string& file_name, const std::string& text) {
  if (view_ != View::kWizard) StartCreate();
  wizard_.SetUploadedTemplate(file_name, text);
}

void CloudFormationPanel::Draw(UiContext& ctx) {
  switch (view_) {
    case View::kStacks:
      DrawStacks(ctx);
      break;
    case View::kWizard: {
      StackCreateWizard::Outcome outcome = wizard_.Draw(ctx);
      if (outcome == StackCreateWizard::Outcome::kCancelled) {
        view_ = wizard_.updating() ? View::kDetail : View::kStacks;
      } else if (outcome == StackCreateWizard::Outcome::kSubmitted) {
        OpenStack(wizard_.submitted_stack_name(), wizard_.submitted_stack_id(), StackDetail::Tab::kEvents);
      }
      break;
    }
    case View::kDetail: {
      StackDetail::Action action = detail_.Draw(ctx);
      if (action.kind == StackDetail::Action::Kind::kBack) {
        view_ = View::kStacks;
      } else if (action.kind == StackDetail::Action::Kind::kUpdate) {
        wizard_.StartUpdate(detail_.stack_name(), action.template_body, action.parameters);
        view_ = View::kWizard;
      }
      break;
    }
  }
}

// [SECTION] stacks list

void CloudFormationPanel::DrawStacks(UiContext& ctx) {
  const Theme& th = GetTheme();
  ImGui::PushStyleColor(ImGuiCol_Text, ToVec4(th.text_secondary));
  TextView(std::string("CloudFormation  ") + ChevronText() + "  Stacks");
  ImGui::PopStyleColor();
  ImGui::Spacing();

  // Unthrottled while some stack is IN_PROGRESS (as of the last frame), so its status moves as the lab works.
  const CachedResponse& list =
      ctx.api->Get("CloudFormation", "ListStacks", Json::object(), list_live_ ? kLiveSmall : kLiveListing);
  if (!list.response.ok()) {
    ErrorBanner(*list.response.error, "Could not list stacks.");
    return;
  }
  std::vector<const Json*> stacks;
  bool any_in_progress = false;
  for (const Json& s : JArray(list.response.body, "StackSummaries")) {
    std::string_view status = JStr(s, "StackStatus");
    if (status == "DELETE_COMPLETE" && !show_deleted_) continue;
    any_in_progress = any_in_progress || IsInProgressStatus(status);
    stacks.push_back(&s);
  }
  // Newest first, as the console lists them.
  std::stable_sort(stacks.begin(), stacks.end(), [](const Json* a, const Json* b) {
    return StackTime(JMember(*a, "CreationTime")).value_or(0) > StackTime(JMember(*b, "CreationTime")).value_or(0);
  });
  list_live_ = any_in_progress;

  std::string counter = "(" + std::to_string(stacks.size()) + ")";
  BeginCard();
  Heading("Stacks", counter.c_str());
  ImGui::SameLine();
  float w = ImGui::CalcTextSize("Refresh").x + ImGui::CalcTextSize("Create stack").x + 2 * 28 + 10;
  float avail = CardInnerWidth();
  if (avail > w) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + avail - w);
  if (NormalButton("Refresh##cfn")) ctx.api->InvalidateAll();
  TrackWidget("CloudFormation/Refresh");
  ImGui::SameLine(0, 10);
  if (PrimaryButton("Create stack##cfn-list")) StartCreate();
  TrackWidget("CloudFormation/Create stack");
  SecondaryText("A stack is a group of AWS resources that CloudFormation creates, updates and deletes as a unit.");
  ImGui::Checkbox("Show deleted stacks", &show_deleted_);
  TrackWidget("CloudFormation/Show deleted");
  ImGui::Spacing();

  if (stacks.empty()) {
    // Empty state: what to do, and the button again in the middle (as the console's empty tables do).
    ImGui::Dummy(ImVec2(0, 18));
    const char* title = "No stacks";
    const char* text = "No stacks. Create a stack from the lab template to start the lab.";
    float cw = CardInnerWidth();
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.0f, (cw - ImGui::CalcTextSize(title).x) * 0.5f));
    Heading(title);
    float x0 = ImGui::GetCursorPosX();
    ImGui::SetCursorPosX(x0 + std::max(0.0f, (cw - ImGui::CalcTextSize(text).x) * 0.5f));
    TextView(text);
    TrackWidget("CloudFormation/Empty");
    ImGui::Dummy(ImVec2(0, 6));
    const char* label = "Create stack";
    ImGui::SetCursorPosX(x0 + std::max(0.0f, (cw - ImGui::CalcTextSize(label).x - 28) * 0.5f));
    if (NormalButton("Create stack##cfn-empty")) StartCreate();
    TrackWidget("CloudFormation/Empty/Create stack");
    ImGui::Dummy(ImVec2(0, 18));
    EndCard();
    return;
  }

  ImGuiTableFlags flags = ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp |
                          ImGuiTableFlags_NoSavedSettings | ImGuiTableFlags_PadOuterX;
  std::string open_name, open_id;
  std::set<std::string> tracked_names;
  if (ImGui::BeginTable("##cfn-stacks", 4, flags, ImVec2(CardInnerWidth(), 0))) {
    ImGui::TableSetupColumn("Stack name", 0, 1.6f);
    ImGui::TableSetupColumn("Status", 0, 1.5f);
    ImGui::TableSetupColumn("Created time", 0, 1.8f);
    ImGui::TableSetupColumn("Description", 0, 3.0f);
    ImGui::TableHeadersRow();
    for (const Json* s : stacks) {
      std::string name(JStr(*s, "StackName"));
      std::string id(JStr(*s, "StackId"));
      ImGui::TableNextRow(0, ImGui::GetFrameHeight());
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      std::string track = "CloudFormation/Stack/" + name;
      ImGui::PushID(id.c_str());
      if (LinkText(name, track.c_str())) {
        open_name = name;
        open_id = id;
      }
      ImGui::PopID();
      // A deleted stack may share its name with a newer one: the name tracks the newest (listed first).
      if (tracked_names.insert(name).second) TrackWidget(track);
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      StackStatusText(JStr(*s, "StackStatus"));
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      TextView(StackTimeText(JMember(*s, "CreationTime")));
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      ImGui::PushTextWrapPos(0.0f);
      TextView(JStr(*s, "TemplateDescription", "-"));
      ImGui::PopTextWrapPos();
    }
    ImGui::EndTable();
  }
  EndCard();
  if (!open_name.empty()) OpenStack(open_name, open_id);
}

}  // namespace fhl::ui
