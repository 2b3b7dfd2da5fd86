// template_view.h: a read-only CloudFormation template viewer: line numbers, light JSON colours, the BufferingHints
// blocks highlighted (so students spot IntervalInSeconds / SizeInMBs) and a "Show only BufferingHints" filter.
// Depends on ImGui, theme.h and stack_text.h only.
#pragma once

#include <string>
#include <vector>

#include "imgui.h"
#include "ui/stack_text.h"

namespace fhl::ui {

class TemplateView {
 public:
  // Replaces the text (no-op when unchanged); the view scrolls to the first highlighted block on its next draw.
  void SetText(const std::string& text);
  const std::string& text() const { return text_; }
  const std::vector<LineRange>& highlights() const { return highlights_; }
  bool IsHighlighted(int line) const;  // 1-based
  int line_count() const { return static_cast<int>(starts_.size()); }

  // Draws the toolbar (highlight note, "Show only BufferingHints" checkbox tracked as `<track>/BufferingHints`,
  // "Go to BufferingHints" tracked as `<track>/Go to BufferingHints`) and the text in a bordered child of `height`
  // tracked as `<track>/View`; the first visible highlighted block is tracked as `<track>/Highlight`.
  void Draw(const char* track, float width, float height, ImFont* mono);

  bool only_highlights = false;

 private:
  std::string text_;
  std::vector<size_t> starts_;  // byte offset of each line
  std::vector<LineRange> highlights_;
  int scroll_to_line_ = 0;      // 1-based; 0 = none pending
};

}  // namespace fhl::ui
