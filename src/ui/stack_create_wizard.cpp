// stack_create_wizard.cpp: the Create/Update stack wizard (see stack_create_wizard.h). ValidateTemplate goes through
// ApiCache::Fetch (uncached, once per Next), CreateStack/UpdateStack through ApiCache::Write.
//
// [SECTION] state and actions
// [SECTION] drawing: steps, template, details, review
// [SECTION] error box (message, line excerpt, Go to line)
#include "ui/stack_create_wizard.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "core/lab_template.h"
#include "imgui_stdlib.h"
#include "ui/json_access.h"
#include "ui/stack_text.h"
#include "ui/ui_kit.h"
#include "ui/widget_registry.h"

namespace fhl::ui {

namespace {

bool Blank(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
}

const char* SourceLabel(StackCreateWizard::Source s) {
  switch (s) {
    case StackCreateWizard::Source::kLab:
      return "Lab template";
    case StackCreateWizard::Source::kPaste:
      return "Pasted template";
    case StackCreateWizard::Source::kUpload:
      return "Uploaded template file";
    case StackCreateWizard::Source::kCurrent:
      return "Current template";
  }
  return "";
}

void Gap(float h) { ImGui::Dummy(ImVec2(0, h)); }

}  // namespace

// [SECTION] state and actions

StackCreateWizard::StackCreateWizard() { StartCreate(); }

void StackCreateWizard::StartCreate() {
  step_ = 1;
  updating_ = false;
  source_ = Source::kLab;
  editor_.SetText(std::string(LabTemplateBody()));
  current_template_.clear();
  previous_parameters_.clear();
  parameters_.clear();
  capabilities_.clear();
  capabilities_reason_.clear();
  validated_text_.clear();
  acknowledged_ = false;
  stack_name_ = kLabStackName;
  name_error_.clear();
  error_.reset();
  error_line_ = error_column_ = 0;
  error_path_.clear();
  submitted_id_.clear();
  submitted_name_.clear();
}

void StackCreateWizard::StartUpdate(const std::string& stack_name, const std::string& current_template,
                                    const std::vector<std::pair<std::string, std::string>>& current_parameters) {
  StartCreate();
  updating_ = true;
  source_ = Source::kCurrent;
  current_template_ = current_template;
  previous_parameters_ = current_parameters;
  editor_.SetText(current_template);
  stack_name_ = stack_name;
}

void StackCreateWizard::SetUploadedTemplate(const std::string& file_name, const std::string& text) {
  upload_name_ = file_name;
  upload_text_ = text;
  SelectSource(Source::kUpload);
}

void StackCreateWizard::SelectSource(Source source) {
  if (source == Source::kCurrent && !updating_) return;
  if (source != source_) error_.reset();
  source_ = source;
}

std::string StackCreateWizard::TemplateText() const {
  switch (source_) {
    case Source::kLab:
      return std::string(LabTemplateBody());
    case Source::kPaste:
      return editor_.tabs().front().text;
    case Source::kUpload:
      return upload_text_;
    case Source::kCurrent:
      return current_template_;
  }
  return std::string();
}

void StackCreateWizard::SetError(const ApiError& error, const std::string& text) {
  error_ = error;
  error_text_ = text;
  error_line_ = error_column_ = 0;
  error_path_.clear();
  if (std::optional<TemplateErrorPosition> p = FindTemplateErrorLine(error.message)) {
    error_line_ = p->line;
    error_column_ = p->column;
  } else {
    error_path_ = FindJsonPathInMessage(error.message);
    if (!error_path_.empty()) error_line_ = LineOfJsonPath(text, error_path_);
  }
  if (error_line_ > 0 && source_ == Source::kPaste && step_ == 1) editor_.GoTo(error_line_, std::max(1, error_column_));
}

bool StackCreateWizard::Next(UiContext& ctx) {
  if (step_ == 1) {
    std::string text = TemplateText();
    if (source_ == Source::kUpload && upload_name_.empty()) {
      error_ = ApiError{"ValidationError", "Choose a template file to upload first.", 400};
      error_line_ = 0;
      error_path_.clear();
      return false;
    }
    if (Blank(text)) {
      error_ = ApiError{"ValidationError", "Template format error: the template is empty.", 400};
      error_line_ = 0;
      error_path_.clear();
      return false;
    }
    Response r = ctx.api->Fetch("CloudFormation", "ValidateTemplate", Json{{"TemplateBody", text}});
    if (!r.ok()) {
      SetError(*r.error, text);
      return false;
    }
    error_.reset();
    const Json& b = r.body;
    std::vector<std::string> caps;
    for (const Json& c : JArray(b, "Capabilities"))
      if (c.is_string()) caps.push_back(c.get<std::string>());
    if (caps != capabilities_ || text != validated_text_) acknowledged_ = false;
    capabilities_ = caps;
    capabilities_reason_ = std::string(JStr(b, "CapabilitiesReason"));
    template_description_ = std::string(JStr(b, "Description"));
    validated_text_ = text;
    // Parameters: keep what the user typed for keys that stay; otherwise the previous value (update) or default.
    std::vector<Parameter> params;
    for (const Json& p : JArray(b, "Parameters")) {
      Parameter q;
      q.key = std::string(JStr(p, "ParameterKey"));
      if (q.key.empty()) continue;
      q.description = std::string(JStr(p, "Description"));
      q.default_value = std::string(JStr(p, "DefaultValue"));
      q.no_echo = JBool(p, "NoEcho");
      q.value = q.default_value;
      for (const auto& [k, v] : previous_parameters_) {
        if (k != q.key) continue;
        q.has_previous = true;
        q.previous_value = v;
        q.value = v;
      }
      for (const Parameter& old : parameters_)
        if (old.key == q.key) q.value = old.value;
      params.push_back(std::move(q));
    }
    parameters_ = std::move(params);
    step_ = 2;
    return true;
  }
  if (step_ == 2) {
    name_error_ = updating_ ? std::string() : StackNameError(stack_name_);
    if (!name_error_.empty()) return false;
    error_.reset();
    step_ = 3;
    return true;
  }
  return false;
}

void StackCreateWizard::Previous() {
  if (step_ > 1) --step_;
  error_.reset();
}

Json StackCreateWizard::BuildRequest() const {
  Json params = Json::array();
  for (const Parameter& p : parameters_) {
    if (updating_ && p.has_previous && p.value == p.previous_value) {
      params.push_back({{"ParameterKey", p.key}, {"UsePreviousValue", true}});
    } else {
      params.push_back({{"ParameterKey", p.key}, {"ParameterValue", p.value}});
    }
  }
  Json request = {{"StackName", stack_name_}, {"Parameters", params}};
  if (updating_ && source_ == Source::kCurrent) {
    request["UsePreviousTemplate"] = true;
  } else {
    request["TemplateBody"] = validated_text_;
  }
  if (!capabilities_.empty()) request["Capabilities"] = capabilities_;
  return request;
}

bool StackCreateWizard::Submit(UiContext& ctx) {
  if (step_ != 3) return false;
  if (!capabilities_.empty() && !acknowledged_) return false;  // the console keeps Submit disabled
  last_request_ = BuildRequest();
  Response r = ctx.api->Write("CloudFormation", updating_ ? "UpdateStack" : "CreateStack", last_request_);
  if (!r.ok()) {
    SetError(*r.error, validated_text_);
    return false;
  }
  error_.reset();
  submitted_id_ = std::string(JStr(r.body, "StackId"));
  submitted_name_ = stack_name_;
  ctx.AddFlash(Flash::Kind::kSuccess, std::string(updating_ ? "Update" : "Create") + " in progress for stack " +
                                          stack_name_ + ".");
  return true;
}

// [SECTION] drawing: steps, template, details, review

StackCreateWizard::Outcome StackCreateWizard::Draw(UiContext& ctx) {
  const Theme& t = GetTheme();
  ImGui::PushStyleColor(ImGuiCol_Text, ToVec4(t.text_secondary));
  std::string crumb = std::string("CloudFormation  ") + ChevronText() + "  Stacks  " + ChevronText() + "  " +
                      (updating_ ? "Update stack" : "Create stack");
  TextView(crumb);
  ImGui::PopStyleColor();
  Gap(4);

  DrawSteps();
  ImGui::SameLine(0, 24);
  ImGui::BeginGroup();
  static const char* const kTitles[] = {"Specify template", "Specify stack details", "Review and create"};
  std::string title = std::string(kTitles[step_ - 1]);
  if (step_ == 3 && updating_) title = "Review " + stack_name_;
  Heading(title.c_str(), nullptr, true);
  Gap(6);
  if (step_ == 1) DrawTemplateStep(ctx);
  if (step_ == 2) DrawDetailsStep();
  if (step_ == 3) DrawReviewStep();

  // Buttons, right-aligned: Cancel, Previous, Next / Submit.
  Outcome outcome = Outcome::kNone;
  Gap(8);
  const bool last = step_ == 3;
  const bool can_submit = !last || capabilities_.empty() || acknowledged_;
  const char* go = last ? "Submit" : "Next";
  float w = ImGui::CalcTextSize("Cancel").x + ImGui::CalcTextSize(go).x + 2 * 28 + 12;
  if (step_ > 1) w += ImGui::CalcTextSize("Previous").x + 28 + 12;
  AlignRight(w);
  if (NormalButton("Cancel##cfn-wizard")) outcome = Outcome::kCancelled;
  TrackWidget("CloudFormation/Cancel");
  if (step_ > 1) {
    ImGui::SameLine(0, 12);
    if (NormalButton("Previous##cfn-wizard")) Previous();
    TrackWidget("CloudFormation/Previous");
  }
  ImGui::SameLine(0, 12);
  if (last) {
    if (PrimaryButton("Submit##cfn-wizard", can_submit) && Submit(ctx)) outcome = Outcome::kSubmitted;
    TrackWidget("CloudFormation/Submit");
    if (!can_submit && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
      ImGui::SetTooltip("Acknowledge the capabilities above to submit.");
  } else {
    if (PrimaryButton("Next##cfn-wizard")) Next(ctx);
    TrackWidget("CloudFormation/Next");
  }
  ImGui::EndGroup();
  return outcome;
}

void StackCreateWizard::DrawSteps() {
  const Theme& t = GetTheme();
  static const char* const kTitles[] = {"Specify template", "Specify stack details", "Review and create"};
  ImGui::BeginGroup();
  ImGui::Dummy(ImVec2(190, 0));
  for (int i = 1; i <= 3; ++i) {
    char label[16];
    std::snprintf(label, sizeof label, "Step %d", i);
    SecondaryText(label);
    ImU32 col = i == step_ ? t.text : i < step_ ? t.link : t.text_secondary;
    ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::PushStyleColor(ImGuiCol_Text, ToVec4(col));
    TextView(kTitles[i - 1]);
    ImGui::PopStyleColor();
    if (i == step_) ImGui::GetWindowDrawList()->AddText(ImVec2(p.x + 0.6f, p.y), col, kTitles[i - 1]);
    Gap(6);
    if (i < 3) {
      ImVec2 q = ImGui::GetCursorScreenPos();
      ImGui::GetWindowDrawList()->AddLine(q, ImVec2(q.x + 170, q.y), t.divider);
      Gap(6);
    }
  }
  ImGui::EndGroup();
}

void StackCreateWizard::DrawTemplateStep(UiContext& ctx) {
  if (error_) DrawError("The template is not valid.");
  BeginCard("Specify template");
  SecondaryText("A template is a JSON file that describes your stack's resources and properties.");
  Gap(6);
  KeyValueLabel("Template source");
  auto radio = [&](const char* label, Source s, const char* track) {
    if (ImGui::RadioButton(label, source_ == s)) SelectSource(s);
    TrackWidget(track);
  };
  if (updating_) {
    radio("Use current template", Source::kCurrent, "CloudFormation/Template/Current");
    ImGui::SameLine(0, 24);
  }
  radio("Use the lab template", Source::kLab, "CloudFormation/Template/Lab template");
  ImGui::SameLine(0, 24);
  radio("Paste or edit a template", Source::kPaste, "CloudFormation/Template/Paste");
  ImGui::SameLine(0, 24);
  radio("Upload a template file", Source::kUpload, "CloudFormation/Template/Upload");
  Gap(8);

  const float width = CardInnerWidth();
  switch (source_) {
    case Source::kLab:
    case Source::kCurrent: {
      std::string text = TemplateText();
      if (source_ == Source::kLab) {
        SecondaryText("The course's template (firehose-lab.template.json): the S3 bucket, the Firehose stream with its "
                      "delivery role, and the Glue database and table Athena queries. It also deploys on real AWS.");
      } else {
        SecondaryText("The template the stack was last deployed with. Change parameter values on the next page.");
      }
      Gap(4);
      preview_.SetText(text);
      preview_.Draw("CloudFormation/Preview", width, 300, ctx.fonts.mono);
      if (source_ == Source::kLab && NormalButton("Edit a copy of the lab template")) {
        editor_.SetText(text);
        SelectSource(Source::kPaste);
      }
      if (source_ == Source::kLab) TrackWidget("CloudFormation/Template/Edit lab template");
      break;
    }
    case Source::kPaste: {
      SecondaryText("Edit the template below (JSON). Next validates it.");
      Gap(4);
      const bool same = error_ && error_text_ == editor_.tabs().front().text;
      SqlEditor::Events events;
      editor_.DrawEditor("CloudFormation/Template/Editor", ImVec2(width, 380), ctx.fonts.mono, same ? error_line_ : 0,
                         same ? error_column_ : 0, events);
      auto [line, column] = editor_.CursorLineColumn();
      char cursor[64];
      std::snprintf(cursor, sizeof cursor, "JSON   Ln %d, Col %d", line, column);
      if (NormalButton("Reset to the lab template")) editor_.SetText(std::string(LabTemplateBody()));
      TrackWidget("CloudFormation/Template/Reset");
      ImGui::SameLine();
      AlignRight(ImGui::CalcTextSize(cursor).x);
      ImGui::AlignTextToFramePadding();
      SecondaryText(cursor);
      break;
    }
    case Source::kUpload: {
      const bool can_pick = ctx.hooks && ctx.hooks->pick_template_file;
      if (NormalButton("Choose file", can_pick)) ctx.hooks->pick_template_file();
      TrackWidget("CloudFormation/Template/Choose file");
      if (!can_pick && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("File upload is not available here.");
      ImGui::SameLine(0, 12);
      ImGui::AlignTextToFramePadding();
      if (upload_name_.empty()) {
        SecondaryText("No file chosen. JSON format only.");
      } else {
        char size[64];
        std::snprintf(size, sizeof size, "  (%zu bytes)", upload_text_.size());
        TextView(upload_name_ + size);
        TrackWidget("CloudFormation/Template/Uploaded");
        Gap(4);
        preview_.SetText(upload_text_);
        preview_.Draw("CloudFormation/Preview", width, 300, ctx.fonts.mono);
      }
      break;
    }
  }
  EndCard();
}

void StackCreateWizard::DrawDetailsStep() {
  const Theme& t = GetTheme();
  BeginCard("Provide a stack name");
  KeyValueLabel("Stack name");
  ImGui::SetNextItemWidth(std::min(520.0f, CardInnerWidth()));
  ImGui::BeginDisabled(updating_);
  if (ImGui::InputText("##stack-name", &stack_name_)) name_error_.clear();
  ImGui::EndDisabled();
  TrackWidget("CloudFormation/Stack name");
  if (!name_error_.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ToVec4(t.error));
    TextView(name_error_);
    ImGui::PopStyleColor();
  } else {
    SecondaryText("Stack name can include letters (A-Z and a-z), numbers (0-9), and dashes (-).");
  }
  EndCard();
  Gap(8);
  BeginCard("Parameters");
  SecondaryText(
      "Parameters are defined in your template and allow you to input custom values when you create or update a stack.");
  Gap(6);
  if (parameters_.empty()) TextView("There are no parameters defined in your template.");
  for (Parameter& p : parameters_) {
    ImGui::PushID(p.key.c_str());
    Heading(p.key.c_str());
    if (!p.description.empty()) SecondaryText(p.description);
    ImGui::SetNextItemWidth(std::min(520.0f, CardInnerWidth()));
    ImGui::InputText("##value", &p.value, p.no_echo ? ImGuiInputTextFlags_Password : 0);
    TrackWidget("CloudFormation/Parameter/" + p.key);
    if (updating_ && p.has_previous && p.value == p.previous_value) {
      ImGui::SameLine(0, 10);
      ImGui::AlignTextToFramePadding();
      SecondaryText("(previous value)");
    }
    Gap(8);
    ImGui::PopID();
  }
  EndCard();
}

void StackCreateWizard::DrawReviewStep() {
  if (error_) DrawError(updating_ ? "Update stack failed." : "Create stack failed.");
  BeginCard("Step 1: Specify template");
  if (BeginKeyValues("##review-template", 2)) {
    std::string source = SourceLabel(source_);
    if (source_ == Source::kUpload) source += ": " + upload_name_;
    KeyValue("Template source", source);
    KeyValue("Description", template_description_.empty() ? std::string("-") : template_description_);
    EndKeyValues();
  }
  EndCard();
  Gap(8);
  BeginCard("Step 2: Specify stack details");
  if (BeginKeyValues("##review-name", 1)) {
    KeyValue("Stack name", stack_name_);
    EndKeyValues();
  }
  if (!parameters_.empty()) {
    Gap(4);
    ImGuiTableFlags flags = ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp |
                            ImGuiTableFlags_NoSavedSettings | ImGuiTableFlags_PadOuterX;
    if (ImGui::BeginTable("##review-params", 2, flags, ImVec2(CardInnerWidth(), 0))) {
      ImGui::TableSetupColumn("Key", 0, 1.0f);
      ImGui::TableSetupColumn("Value", 0, 2.0f);
      ImGui::TableHeadersRow();
      for (const Parameter& p : parameters_) {
        ImGui::TableNextRow(0, ImGui::GetFrameHeight());
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        TextView(p.key);
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        TextView(p.no_echo ? std::string("****") : p.value.empty() ? std::string("-") : p.value);
      }
      ImGui::EndTable();
    }
  }
  EndCard();
  if (!capabilities_.empty()) {
    Gap(8);
    BeginCard("Capabilities");
    std::string reason = capabilities_reason_.empty() ? "The following resource(s) require capabilities." : capabilities_reason_;
    InfoBox(reason.c_str());
    Gap(4);
    const bool named = std::find(capabilities_.begin(), capabilities_.end(), "CAPABILITY_NAMED_IAM") != capabilities_.end();
    const bool iam = named || std::find(capabilities_.begin(), capabilities_.end(), "CAPABILITY_IAM") != capabilities_.end();
    if (iam) {
      std::string text =
          "This template contains Identity and Access Management (IAM) resources. Check that you want to create each of "
          "these resources and that they have the minimum required permissions.";
      if (named) text += " In addition, they have custom names. Check that the custom names are unique within your AWS account.";
      TextView(text);
      Gap(4);
    }
    std::string label = CapabilityAcknowledgement(named ? "CAPABILITY_NAMED_IAM" : iam ? "CAPABILITY_IAM" : capabilities_.front());
    ImGui::Checkbox(label.c_str(), &acknowledged_);
    TrackWidget("CloudFormation/Capabilities/Acknowledge");
    EndCard();
  }
}

// [SECTION] error box (message, line excerpt, Go to line)

void StackCreateWizard::DrawError(const char* lead) {
  const Theme& t = GetTheme();
  ImGui::BeginGroup();
  ErrorBanner(*error_, lead);
  if (error_line_ > 0 && !error_text_.empty()) {
    Gap(2);
    char where[160];
    if (!error_path_.empty()) {
      std::snprintf(where, sizeof where, "Line %d (%s):", error_line_, error_path_.c_str());
    } else if (error_column_ > 0) {
      std::snprintf(where, sizeof where, "Line %d, column %d:", error_line_, error_column_);
    } else {
      std::snprintf(where, sizeof where, "Line %d:", error_line_);
    }
    SecondaryText(where);
    // Excerpt: two lines around the error line, the error line on a red band.
    const int first = std::max(1, error_line_ - 2);
    std::vector<std::string> lines = TextLines(error_text_, first, error_line_ + 2);
    UiFonts fonts = FindFonts();
    if (fonts.mono) ImGui::PushFont(fonts.mono);
    const float lh = ImGui::GetTextLineHeight() + 2;
    const float w = ImGui::GetContentRegionAvail().x;
    ImVec2 p = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + lh * static_cast<float>(lines.size()) + 8), t.code_bg, 4.0f);
    dl->AddRect(p, ImVec2(p.x + w, p.y + lh * static_cast<float>(lines.size()) + 8), t.border, 4.0f);
    for (size_t i = 0; i < lines.size(); ++i) {
      int n = first + static_cast<int>(i);
      float y = p.y + 4 + lh * static_cast<float>(i);
      if (n == error_line_) dl->AddRectFilled(ImVec2(p.x + 1, y), ImVec2(p.x + w - 1, y + lh), IM_COL32(0xd9, 0x15, 0x15, 0x22));
      char num[16];
      std::snprintf(num, sizeof num, "%5d", n);
      dl->AddText(ImVec2(p.x + 6, y + 1), n == error_line_ ? t.error : t.text_secondary, num);
      std::string shown = lines[i].size() > 200 ? lines[i].substr(0, 200) + "..." : lines[i];
      dl->PushClipRect(p, ImVec2(p.x + w - 4, p.y + 10000), true);
      dl->AddText(ImVec2(p.x + 6 + ImGui::CalcTextSize("00000  ").x, y + 1), t.text, shown.c_str());
      dl->PopClipRect();
    }
    ImGui::Dummy(ImVec2(w, lh * static_cast<float>(lines.size()) + 8));
    if (fonts.mono) ImGui::PopFont();
    if (source_ == Source::kPaste && step_ == 1) {
      Gap(2);
      char go[48];
      std::snprintf(go, sizeof go, "Go to line %d", error_line_);
      if (NormalButton(go)) editor_.GoTo(error_line_, std::max(1, error_column_));
      TrackWidget("CloudFormation/Error/Go to");
    }
  } else if (!error_path_.empty()) {
    SecondaryText("Location in the template: " + error_path_);
  }
  ImGui::EndGroup();
  TrackWidget("CloudFormation/Error");
  Gap(8);
}

}  // namespace fhl::ui
