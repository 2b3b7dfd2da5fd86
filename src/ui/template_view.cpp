// template_view.cpp: the read-only template viewer (see template_view.h): a clipped list of lines drawn straight
// on the draw list, BufferingHints lines on an amber band with a bar in the gutter.
#include "ui/template_view.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "ui/theme.h"
#include "ui/ui_kit.h"
#include "ui/widget_registry.h"

namespace fhl::ui {

namespace {

constexpr ImU32 kHighlightBg = IM_COL32(0xff, 0xf1, 0xc2, 255);
constexpr ImU32 kHighlightBar = IM_COL32(0xf8, 0x9c, 0x1c, 255);

// One line with keys, strings, numbers and literals coloured (a JSON-ish tokenizer; anything else in text colour).
void DrawJsonLine(ImDrawList* dl, ImVec2 pos, const char* b, const char* e) {
  const Theme& t = GetTheme();
  const char* p = b;
  float x = pos.x;
  auto emit = [&](const char* s, const char* f, ImU32 col) {
    if (f <= s) return;
    dl->AddText(ImVec2(x, pos.y), col, s, f);
    x += ImGui::CalcTextSize(s, f).x;
  };
  while (p < e) {
    const char* s = p;
    if (*p == '"') {
      ++p;
      while (p < e && *p != '"') p += (*p == '\\' && p + 1 < e) ? 2 : 1;
      if (p < e) ++p;
      const char* q = p;
      while (q < e && *q == ' ') ++q;
      emit(s, p, (q < e && *q == ':') ? t.json_key : t.json_string);
    } else if (*p == '-' || std::isdigit(static_cast<unsigned char>(*p))) {
      while (p < e && (std::isalnum(static_cast<unsigned char>(*p)) || *p == '.' || *p == '-' || *p == '+')) ++p;
      emit(s, p, t.json_number);
    } else if (std::isalpha(static_cast<unsigned char>(*p))) {
      while (p < e && std::isalpha(static_cast<unsigned char>(*p))) ++p;
      emit(s, p, t.json_literal);
    } else {
      while (p < e && *p != '"' && *p != '-' && !std::isalnum(static_cast<unsigned char>(*p))) ++p;
      emit(s, p, t.text);
    }
  }
}

}  // namespace

void TemplateView::SetText(const std::string& text) {
  if (text == text_ && !starts_.empty()) return;
  text_ = text;
  starts_.clear();
  starts_.push_back(0);
  for (size_t i = 0; i < text_.size(); ++i)
    if (text_[i] == '\n') starts_.push_back(i + 1);
  highlights_ = FindKeyBlocks(text_, "BufferingHints");
  scroll_to_line_ = highlights_.empty() ? 0 : highlights_.front().first;
}

bool TemplateView::IsHighlighted(int line) const {
  for (const LineRange& r : highlights_)
    if (line >= r.first && line <= r.last) return true;
  return false;
}

void TemplateView::Draw(const char* track, float width, float height, ImFont* mono) {
  const Theme& t = GetTheme();
  const std::string base = track;

  // Toolbar: what is highlighted and why, the filter, a jump button.
  if (!highlights_.empty()) {
    const LineRange& r = highlights_.front();
    ImVec2 p = ImGui::GetCursorScreenPos();
    float h = ImGui::GetTextLineHeight();
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + 2), ImVec2(p.x + h, p.y + h - 2), kHighlightBg, 3.0f);
    ImGui::GetWindowDrawList()->AddRect(ImVec2(p.x, p.y + 2), ImVec2(p.x + h, p.y + h - 2), kHighlightBar, 3.0f);
    ImGui::Dummy(ImVec2(h, h));
    ImGui::SameLine(0, 8);
    char note[200];
    std::snprintf(note, sizeof note,
                  "BufferingHints (lines %d-%d): IntervalInSeconds and SizeInMBs decide when Firehose writes an object to S3.",
                  r.first, r.last);
    TextView(note);
    ImGui::Checkbox("Show only BufferingHints", &only_highlights);
    TrackWidget(base + "/BufferingHints");
    ImGui::SameLine(0, 16);
    if (NormalButton("Go to BufferingHints")) {
      only_highlights = false;
      scroll_to_line_ = r.first;
    }
    TrackWidget(base + "/Go to BufferingHints");
  } else {
    SecondaryText("This template has no BufferingHints block.");
  }
  ImGui::Dummy(ImVec2(0, 4));

  // Lines shown: all, or only the highlighted blocks.
  std::vector<int> shown;  // 1-based line numbers
  if (only_highlights && !highlights_.empty()) {
    for (const LineRange& r : highlights_)
      for (int l = r.first; l <= r.last && l <= line_count(); ++l) shown.push_back(l);
  }
  const bool all = shown.empty();
  const int count = all ? line_count() : static_cast<int>(shown.size());

  if (mono) ImGui::PushFont(mono);
  const float line_h = ImGui::GetTextLineHeight() + 2;
  char digits[16];
  std::snprintf(digits, sizeof digits, "%d", std::max(line_count(), 99));
  const float gutter_w = ImGui::CalcTextSize(digits).x + 20;
  ImGui::PushStyleColor(ImGuiCol_ChildBg, ToVec4(t.container_bg));
  ImGui::PushStyleColor(ImGuiCol_Border, ToVec4(t.border));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 4));
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(0, 0));
  std::string child_id = base + "##template-view";
  ImGui::BeginChild(child_id.c_str(), ImVec2(width, height), true, ImGuiWindowFlags_HorizontalScrollbar);
  if (scroll_to_line_ > 0) {
    int index = scroll_to_line_ - 1;
    if (!all) index = 0;
    ImGui::SetScrollY(std::max(0.0f, static_cast<float>(index - 3) * line_h));
    scroll_to_line_ = 0;
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float row_w = ImGui::GetContentRegionAvail().x;
  bool tracked_highlight = false;
  ImGuiListClipper clipper;
  clipper.Begin(count, line_h);
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      int line = all ? i + 1 : shown[static_cast<size_t>(i)];
      size_t b = starts_[static_cast<size_t>(line - 1)];
      size_t e = static_cast<size_t>(line) < starts_.size() ? starts_[static_cast<size_t>(line)] - 1 : text_.size();
      if (e > b && text_[e - 1] == '\r') --e;
      ImVec2 p = ImGui::GetCursorScreenPos();
      bool lit = IsHighlighted(line);
      if (lit) {
        dl->AddRectFilled(ImVec2(p.x + gutter_w - 6, p.y), ImVec2(p.x + row_w, p.y + line_h), kHighlightBg);
        dl->AddRectFilled(ImVec2(p.x + gutter_w - 6, p.y), ImVec2(p.x + gutter_w - 3, p.y + line_h), kHighlightBar);
      }
      char num[16];
      std::snprintf(num, sizeof num, "%d", line);
      float nw = ImGui::CalcTextSize(num).x;
      dl->AddText(ImVec2(p.x + gutter_w - 12 - nw, p.y + 1), lit ? kHighlightBar : t.text_secondary, num);
      DrawJsonLine(dl, ImVec2(p.x + gutter_w + 4, p.y + 1), text_.data() + b, text_.data() + e);
      float text_w = ImGui::CalcTextSize(text_.data() + b, text_.data() + e).x;
      ImGui::Dummy(ImVec2(std::max(row_w, gutter_w + 12 + text_w), line_h));
      if (lit && !tracked_highlight) {
        TrackWidget(base + "/Highlight");
        tracked_highlight = true;
      }
    }
  }
  clipper.End();
  ImGui::EndChild();
  ImGui::PopStyleVar(2);
  ImGui::PopStyleColor(2);
  if (mono) ImGui::PopFont();
  TrackWidget(base + "/View");
}

}  // namespace fhl::ui
