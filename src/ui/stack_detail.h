// stack_detail.h: one CloudFormation stack as the console shows it: header with Delete (confirmation modal) and
// Update, tabs Stack info, Events (newest first, live while IN_PROGRESS), Resources (physical ids open the
// Firehose/S3/Athena sections), Outputs, Parameters, Template (BufferingHints highlighted).
// Depends on ImGui, the UI kit and Lab::Call shapes (through UiContext) only.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json.h"
#include "ui/template_view.h"
#include "ui/ui_context.h"

namespace fhl::ui {

class StackDetail {
 public:
  enum class Tab { kInfo, kEvents, kResources, kOutputs, kParameters, kTemplate };

  // What the user asked for that the panel handles.
  struct Action {
    enum class Kind { kNone, kBack, kUpdate };
    Kind kind = Kind::kNone;
    std::string template_body;                                 // kUpdate: the stack's current template
    std::vector<std::pair<std::string, std::string>> parameters;  // kUpdate: current values
  };

  // `stack_id` may be empty (looked up by name); with an id, a deleted stack stays describable.
  void Open(const std::string& stack_name, const std::string& stack_id, Tab tab = Tab::kInfo);
  Action Draw(UiContext& ctx);

  // Delete: asks for confirmation (the modal), Confirm sends DeleteStack.
  void RequestDelete() { confirm_delete_ = true; }
  bool ConfirmDelete(UiContext& ctx);

  const std::string& stack_name() const { return name_; }
  const std::string& stack_id() const { return id_; }
  Tab tab() const { return tab_; }
  void set_tab(Tab tab) { tab_ = tab; }
  TemplateView& template_view() { return template_; }
  bool delete_modal_open() const { return modal_open_; }

  // Event rows in display order (newest first) of a DescribeStackEvents body; stable for equal timestamps.
  static std::vector<const Json*> EventsNewestFirst(const Json& body);

 private:
  // The stack's Describe request key: its id when known, else its name.
  Json StackRequest() const;
  void DrawInfo(const Json& stack);
  void DrawEvents(UiContext& ctx, bool live);
  void DrawResources(UiContext& ctx, bool live);
  void DrawOutputs(const Json& stack);
  void DrawParameters(const Json& stack);
  void DrawTemplate(UiContext& ctx);
  void DrawDeleteModal(UiContext& ctx);

  std::string name_, id_;
  Tab tab_ = Tab::kInfo;
  TemplateView template_;
  bool confirm_delete_ = false;
  bool modal_open_ = false;
  std::string status_;  // the stack's status at the last draw (IN_PROGRESS: refresh without throttle)
};

// A stack or resource status in the console's colours (green complete, blue in progress, red failed/rollback).
void StackStatusText(std::string_view status);

}  // namespace fhl::ui
