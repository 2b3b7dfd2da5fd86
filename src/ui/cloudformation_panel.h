// cloudformation_panel.h: the "AWS CloudFormation" section: Stacks list (empty state pointing at the lab template),
// the Create/Update stack wizard (stack_create_wizard.h) and the stack detail (stack_detail.h).
// Depends on ImGui and Lab::Call shapes (through UiContext) only.
#pragma once

#include <string>

#include "ui/stack_create_wizard.h"
#include "ui/stack_detail.h"
#include "ui/ui_context.h"

namespace fhl::ui {

class CloudFormationPanel {
 public:
  enum class View { kStacks, kWizard, kDetail };

  // Draws the section. Widget names: see the [SECTION] widget names index in cloudformation_panel.cpp.
  void Draw(UiContext& ctx);

  void ShowStacks() { view_ = View::kStacks; }
  void StartCreate();
  // Opens a stack's detail (stack_id may be empty: looked up by name).
  void OpenStack(const std::string& stack_name, const std::string& stack_id = std::string(),
                 StackDetail::Tab tab = StackDetail::Tab::kInfo);
  // Text of a template file the page read for "Upload a template file" (the platform's pick_template_file hook
  // opens the file chooser; the page passes the result here). Opens the wizard on that source.
  void SetUploadedTemplate(const std::string& file_name, const std::string& text);

  View view() const { return view_; }
  StackCreateWizard& wizard() { return wizard_; }
  StackDetail& detail() { return detail_; }

 private:
  void DrawStacks(UiContext& ctx);

  View view_ = View::kStacks;
  StackCreateWizard wizard_;
  StackDetail detail_;
  bool show_deleted_ = false;
  bool list_live_ = false;
};

}  // namespace fhl::ui
