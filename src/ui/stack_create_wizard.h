// stack_create_wizard.h: the CloudFormation "Create stack" / "Update stack" wizard: 1 specify template (lab
// template, paste/edit, upload, or the current one on update) validated with ValidateTemplate, 2 stack name and
// parameters, 3 review with the capabilities acknowledgement, then CreateStack / UpdateStack.
// Depends on ImGui, the UI kit and Lab::Call shapes (through UiContext) only.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/api_error.h"
#include "core/json.h"
#include "ui/sql_editor.h"
#include "ui/template_view.h"
#include "ui/ui_context.h"

namespace fhl::ui {

class StackCreateWizard {
 public:
  enum class Source { kLab, kPaste, kUpload, kCurrent };
  enum class Outcome { kNone, kCancelled, kSubmitted };

  struct Parameter {
    std::string key, description, default_value;
    std::string value;           // what is sent
    std::string previous_value;  // update: the stack's current value (UsePreviousValue when unchanged)
    bool has_previous = false;
    bool no_echo = false;
  };

  StackCreateWizard();

  // Step 1 of a new stack: the lab template selected, the editor prefilled with it.
  void StartCreate();
  // Step 1 of an update of `stack_name`: "Use current template" selected (the editor prefilled with it), the
  // current parameter values kept (sent as UsePreviousValue while unchanged).
  void StartUpdate(const std::string& stack_name, const std::string& current_template,
                   const std::vector<std::pair<std::string, std::string>>& current_parameters);

  // Draws the current step. kSubmitted once CreateStack/UpdateStack succeeded (see submitted_stack_*()).
  Outcome Draw(UiContext& ctx);

  // A template file the platform read for "Upload a template file": selects that source.
  void SetUploadedTemplate(const std::string& file_name, const std::string& text);

  // Actions of the buttons (tests and the page's JS API may call them directly).
  void SelectSource(Source source);
  bool Next(UiContext& ctx);    // step 1: ValidateTemplate; step 2: checks the stack name; false when it stays
  void Previous();
  bool Submit(UiContext& ctx);  // step 3: CreateStack / UpdateStack

  // The template the chosen source gives.
  std::string TemplateText() const;

  int step() const { return step_; }  // 1..3
  bool updating() const { return updating_; }
  Source source() const { return source_; }
  SqlEditor& editor() { return editor_; }
  const std::optional<ApiError>& error() const { return error_; }
  int error_line() const { return error_line_; }
  const std::string& error_path() const { return error_path_; }
  std::vector<Parameter>& parameters() { return parameters_; }
  const std::vector<std::string>& capabilities() const { return capabilities_; }
  bool acknowledged() const { return acknowledged_; }
  void set_acknowledged(bool on) { acknowledged_ = on; }
  const std::string& stack_name() const { return stack_name_; }
  void set_stack_name(const std::string& name) { stack_name_ = name; }
  const std::string& submitted_stack_id() const { return submitted_id_; }
  const std::string& submitted_stack_name() const { return submitted_name_; }
  const std::string& uploaded_file_name() const { return upload_name_; }
  Json last_request() const { return last_request_; }

 private:
  void DrawSteps();
  void DrawTemplateStep(UiContext& ctx);
  void DrawDetailsStep();
  void DrawReviewStep();
  void DrawError(const char* lead);
  void SetError(const ApiError& error, const std::string& text);
  Json BuildRequest() const;

  int step_ = 1;
  bool updating_ = false;
  Source source_ = Source::kLab;
  SqlEditor editor_;
  std::string upload_name_, upload_text_;
  std::string current_template_;
  std::vector<std::pair<std::string, std::string>> previous_parameters_;
  TemplateView preview_;

  // ValidateTemplate's answer for the text that passed step 1.
  std::string validated_text_;
  std::string template_description_;
  std::vector<std::string> capabilities_;
  std::string capabilities_reason_;
  std::vector<Parameter> parameters_;
  bool acknowledged_ = false;

  std::string stack_name_;
  std::string name_error_;
  std::optional<ApiError> error_;
  int error_line_ = 0, error_column_ = 0;
  std::string error_path_;
  std::string error_text_;  // the template text the error refers to (for the excerpt)

  std::string submitted_id_, submitted_name_;
  Json last_request_;
};

}  // namespace fhl::ui
