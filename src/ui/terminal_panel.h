// terminal_panel.h: the "Terminal" section: an AWS CLI prompt over the lab (core/aws_cli.h) with scrollback,
// history (Up/Down), Tab completion, Copy output and Clear. Depends on ImGui and the UI context only: every
// command goes through ApiCache -> Lab::Call.
#pragma once

#include <string>
#include <vector>

#include "core/aws_cli.h"
#include "ui/ui_context.h"

struct ImGuiInputTextCallbackData;

namespace fhl::ui {

class TerminalPanel {
 public:
  // One command and what it printed.
  struct Entry {
    std::string command;
    AwsCliResult result;
  };

  // A scrollback line as displayed: tabs expanded to 8-column stops, colour (ImU32).
  struct Line {
    std::string text;
    unsigned color;
  };

  TerminalPanel();
  void Draw(UiContext& ctx);

  // Runs `line` as if typed and Enter pressed ("clear" empties the scrollback, "history" lists commands).
  void Submit(UiContext& ctx, const std::string& line);
  // Completes the input line as Tab does; the candidates stay listed under the input when there are several.
  void CompleteInput(UiContext& ctx);
  // Up (-1: older) / Down (+1: newer) through the history, as the arrow keys do.
  void BrowseHistory(int direction);
  void Clear();

  // Everything the scrollback shows, as plain text ("$ aws ..." lines, output, "exit status N" lines).
  std::string ScrollbackText() const;
  const std::vector<Entry>& entries() const { return entries_; }
  const std::vector<std::string>& history() const { return history_; }
  const std::vector<std::string>& completions() const { return completions_; }
  const std::vector<Line>& Lines();  // rebuilt when the entries changed
  std::string input() const { return std::string(input_.data()); }
  void set_input(const std::string& text);

 private:
  static int InputCallback(ImGuiInputTextCallbackData* data);
  AwsCallFn CallThrough(UiContext& ctx);


  std::vector<Entry> entries_;
  std::vector<Line> lines_;
  bool lines_dirty_ = true;
  std::vector<std::string> history_;
  int history_pos_ = -1;  // -1: editing a new line; else index into history_
  std::string draft_;     // the new line kept while browsing history
  std::vector<std::string> completions_;
  std::vector<char> input_;
  bool focus_input_ = true;
  int terminal_width_chars_ = 80;  // scrollback width in monospace cells (tables fit it, as the CLI's do)
  bool scroll_to_bottom_ = false;
  UiContext* frame_ctx_ = nullptr;  // for the input callback (Tab completion reads lab names)
};

}  // namespace fhl::ui
