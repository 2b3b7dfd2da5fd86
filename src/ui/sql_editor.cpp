// sql_editor.cpp: query tabs and the multi-line SQL editor (see sql_editor.h).
//
// [SECTION] text positions   line:column <-> byte offset
// [SECTION] tabs             add, close, activate, tab strip
// [SECTION] editor           InputTextMultiline with resize/always callback, gutter, error highlight, Ctrl+Enter
#include "ui/sql_editor.h"

#include <algorithm>
#include <cstdio>

#include "imgui_internal.h"  // GetActiveID/ClearActiveID (Ctrl+Enter, text replaced while editing), the editor's child window
#include "ui/theme.h"
#include "ui/ui_kit.h"
#include "ui/widget_registry.h"

namespace fhl::ui {

// [SECTION] text positions

namespace {
bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }
}  // namespace

size_t SqlEditor::OffsetOfLineColumn(std::string_view text, int line, int column) {
  size_t pos = 0;
  for (int l = 1; l < line; ++l) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) return text.size();  // past the last line: the end
    pos = nl + 1;
  }
  for (int c = 1; c < column && pos < text.size() && text[pos] != '\n'; ++c) {
    ++pos;
    while (pos < text.size() && IsContinuationByte(text[pos])) ++pos;
  }
  return pos;
}

std::pair<int, int> SqlEditor::LineColumnOfOffset(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  int line = 1, column = 1;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else if (!IsContinuationByte(text[i])) {
      ++column;
    }
  }
  return {line, column};
}

// [SECTION] tabs

SqlEditor::SqlEditor() { AddTab(); }

int SqlEditor::AddTab(std::string title, std::string text) {
  Tab tab;
  tab.id = next_id_++;
  tab.title = title.empty() ? "Query " + std::to_string(next_number_++) : std::move(title);
  tab.text = std::move(text);
  tab.cursor_bytes = tab.text.size();
  tabs_.push_back(std::move(tab));
  active_ = static_cast<int>(tabs_.size()) - 1;
  return tabs_.back().id;
}

SqlEditor::Tab* SqlEditor::FindTab(int id) {
  for (Tab& t : tabs_)
    if (t.id == id) return &t;
  return nullptr;
}

void SqlEditor::CloseTab(int id) {
  for (size_t i = 0; i < tabs_.size(); ++i) {
    if (tabs_[i].id != id) continue;
    if (tabs_.size() == 1) {
      tabs_[0].text.clear();
      tabs_[0].cursor_bytes = 0;
      return;
    }
    tabs_.erase(tabs_.begin() + static_cast<std::ptrdiff_t>(i));
    if (active_ > static_cast<int>(i) || active_ >= static_cast<int>(tabs_.size())) --active_;
    active_ = std::max(0, active_);
    return;
  }
}

void SqlEditor::Activate(int id) {
  for (size_t i = 0; i < tabs_.size(); ++i)
    if (tabs_[i].id == id) active_ = static_cast<int>(i);
}

void SqlEditor::Rename(int id, std::string title) {
  if (Tab* t = FindTab(id)) t->title = std::move(title);
}

void SqlEditor::SetText(std::string text) {
  Tab& tab = active();
  // While the editor has the keyboard ImGui edits its own copy: let go of it so the new text shows this frame.
  if (editing_ && ImGui::GetCurrentContext() != nullptr) {
    ImGui::ClearActiveID();
    editing_ = false;
  }
  tab.text = std::move(text);
  tab.cursor_bytes = tab.text.size();
}

void SqlEditor::GoTo(int line, int column) {
  pending_cursor_ = true;
  pending_line_ = std::max(1, line);
  pending_column_ = std::max(1, column);
  focus_request_ = true;
}

std::pair<int, int> SqlEditor::CursorLineColumn() const {
  const Tab& tab = active();
  return LineColumnOfOffset(tab.text, tab.cursor_bytes);
}

void SqlEditor::DrawTabs(const char* track, float width, Events& events) {
  const Theme& t = GetTheme();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImVec2 start = ImGui::GetCursorScreenPos();
  const ImVec2 pad(12, 7);
  const bool closable = tabs_.size() > 1;
  const char* close_glyph = "\xC3\x97";  // multiplication sign (Latin-1, in every font the page loads)
  float bottom = start.y + ImGui::GetTextLineHeight() + 2 * pad.y + 3;
  int activate = -1, close = -1;
  for (size_t i = 0; i < tabs_.size(); ++i) {
    const Tab& tab = tabs_[i];
    if (i > 0) ImGui::SameLine(0, 2);
    ImVec2 ts = ImGui::CalcTextSize(tab.title.c_str());
    const float box = ImGui::GetTextLineHeight();
    const float close_w = closable ? box + 6 : 0;
    ImVec2 p = ImGui::GetCursorScreenPos();
    ImVec2 size(ts.x + 2 * pad.x, ts.y + 2 * pad.y + 3);  // the title's button; the close box follows it
    ImVec2 full(size.x + close_w, size.y);
    ImGui::PushID(tab.id);
    char name[96];
    std::snprintf(name, sizeof name, "%s/Tab/%zu", track, i + 1);
    if (ImGui::InvisibleButton("##tab", size)) activate = static_cast<int>(i);
    bool hovered = ImGui::IsItemHovered();
    TrackWidget(name);
    bool on = active_ == static_cast<int>(i);
    if (on) dl->AddRectFilled(p, ImVec2(p.x + full.x, p.y + full.y), t.container_bg, 4.0f, ImDrawFlags_RoundCornersTop);
    ImU32 col = on ? t.link : hovered ? t.link_hover : t.text;
    ImVec2 tp(p.x + pad.x, p.y + pad.y);
    dl->AddText(tp, col, tab.title.c_str());
    if (on) {
      dl->AddText(ImVec2(tp.x + 0.6f, tp.y), col, tab.title.c_str());
      dl->AddRectFilled(ImVec2(p.x + 2, p.y + full.y - 3), ImVec2(p.x + full.x - 2, p.y + full.y), t.primary, 1.5f);
    }
    if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    if (closable) {
      ImGui::SameLine(0, 0);
      ImVec2 cp = ImGui::GetCursorScreenPos();
      if (ImGui::InvisibleButton("##close", ImVec2(close_w, size.y))) close = static_cast<int>(i);
      bool close_hovered = ImGui::IsItemHovered();
      std::snprintf(name, sizeof name, "%s/Tab/%zu/Close", track, i + 1);
      TrackWidget(name);
      ImVec2 bp(cp.x, p.y + pad.y);
      if (close_hovered) {
        dl->AddRectFilled(bp, ImVec2(bp.x + box, bp.y + box), t.row_hover, 3.0f);
        ImGui::SetTooltip("Close %s", tab.title.c_str());
      }
      ImVec2 gs = ImGui::CalcTextSize(close_glyph);
      dl->AddText(ImVec2(bp.x + (box - gs.x) * 0.5f, bp.y + (box - gs.y) * 0.5f),
                  close_hovered ? t.text : t.text_secondary, close_glyph);
    }
    ImGui::PopID();
  }
  ImGui::SameLine(0, 6);
  {
    ImVec2 p = ImGui::GetCursorScreenPos();
    float h = ImGui::GetTextLineHeight() + 2 * pad.y;
    ImVec2 size(h, h);
    if (ImGui::InvisibleButton("##new-tab", size)) {
      events.new_tab_id = AddTab();
      events.tab_changed = true;
    }
    bool hovered = ImGui::IsItemHovered();
    std::string name = std::string(track) + "/Tab/New";
    TrackWidget(name);
    if (hovered) {
      dl->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), t.row_hover, 4.0f);
      ImGui::SetTooltip("New query tab");
      ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    }
    ImVec2 c(p.x + size.x * 0.5f, p.y + size.y * 0.5f);
    float r = size.x * 0.22f;
    dl->AddLine(ImVec2(c.x - r, c.y), ImVec2(c.x + r, c.y), t.link, 1.6f);
    dl->AddLine(ImVec2(c.x, c.y - r), ImVec2(c.x, c.y + r), t.link, 1.6f);
  }
  dl->AddLine(ImVec2(start.x, bottom), ImVec2(start.x + width, bottom), t.divider, 1.0f);
  ImGui::SetCursorScreenPos(ImVec2(start.x, bottom + 1));
  ImGui::Dummy(ImVec2(0, 0));

  if (close >= 0) {
    events.closed_tab_id = tabs_[static_cast<size_t>(close)].id;
    int before = active_id();
    CloseTab(events.closed_tab_id);
    if (active_id() != before || before == events.closed_tab_id) events.tab_changed = true;
  } else if (activate >= 0 && activate != active_) {
    active_ = activate;
    events.tab_changed = true;
  }
}

// [SECTION] editor

namespace {

struct CallbackContext {
  SqlEditor::Tab* tab = nullptr;
  bool* pending_cursor = nullptr;
  int line = 1, column = 1;
};

}  // namespace

int SqlEditor::Callback(ImGuiInputTextCallbackData* data) {
  auto* cc = static_cast<CallbackContext*>(data->UserData);
  if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
    std::string& s = cc->tab->text;
    s.resize(static_cast<size_t>(data->BufTextLen));
    data->Buf = s.data();
    return 0;
  }
  if (data->EventFlag == ImGuiInputTextFlags_CallbackAlways) {
    std::string_view text(data->Buf, static_cast<size_t>(data->BufTextLen));
    if (*cc->pending_cursor) {
      int offset = static_cast<int>(OffsetOfLineColumn(text, cc->line, cc->column));
      data->CursorPos = data->SelectionStart = data->SelectionEnd = offset;
      *cc->pending_cursor = false;
    }
    cc->tab->cursor_bytes = static_cast<size_t>(std::max(0, data->CursorPos));
  }
  return 0;
}

void SqlEditor::DrawEditor(const char* track_name, ImVec2 size, ImFont* mono, int error_line, int error_column,
                           Events& events) {
  const Theme& t = GetTheme();
  Tab& tab = active();
  ImGuiIO& io = ImGui::GetIO();
  if (mono) ImGui::PushFont(mono);
  const float line_h = ImGui::GetFontSize();
  const ImGuiStyle& style = ImGui::GetStyle();

  // Gutter wide enough for the line count's digits.
  int lines = 1 + static_cast<int>(std::count(tab.text.begin(), tab.text.end(), '\n'));
  char digits[16];
  std::snprintf(digits, sizeof digits, "%d", std::max(lines, 99));
  const float gutter_w = ImGui::CalcTextSize(digits).x + 18;
  ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(gutter_w, size.y));
  ImGui::SameLine(0, 0);

  ImGui::PushID(tab.id);
  const ImGuiID id = ImGui::GetID("##sql");
  const bool was_active = ImGui::GetActiveID() == id;
  const bool enter = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false) ||  // no auto-repeat: one run
                     ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter), false);
  if (was_active && enter && io.KeyCtrl) {
    events.run = true;      // ImGui lets go of the editor on Ctrl+Enter: take the keyboard back next frame
    focus_request_ = true;
  }
  if (focus_request_) {
    ImGui::SetKeyboardFocusHere();
    focus_request_ = false;
  }
  CallbackContext cc;
  cc.tab = &tab;
  cc.pending_cursor = &pending_cursor_;
  cc.line = pending_line_;
  cc.column = pending_column_;
  ImGuiInputTextFlags flags = ImGuiInputTextFlags_CallbackResize | ImGuiInputTextFlags_CallbackAlways |
                              ImGuiInputTextFlags_AllowTabInput;
  ImGui::PushStyleColor(ImGuiCol_FrameBg, ToVec4(t.container_bg));
  ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, 0.0f);
  ImGui::InputTextMultiline("##sql", tab.text.data(), tab.text.capacity() + 1, ImVec2(size.x - gutter_w, size.y), flags,
                            &SqlEditor::Callback, &cc);
  ImGui::PopStyleVar();
  ImGui::PopStyleColor();
  editing_ = ImGui::GetActiveID() == id || (events.run && was_active);
  TrackWidget(track_name);
  ImVec2 frame_min = ImGui::GetItemRectMin(), frame_max = ImGui::GetItemRectMax();

  // The editor's child window (InputTextMultiline draws its text there): its scroll places the gutter numbers and
  // the error highlight on the text lines.
  ImGuiWindow* parent = ImGui::GetCurrentWindow();
  ImGuiWindow* child = parent->DC.ChildWindows.empty() ? nullptr : parent->DC.ChildWindows.back();
  if (child && child->ChildId != id) child = nullptr;  // not drawn this frame (clipped away)
  float scroll_y = child ? child->Scroll.y : 0.0f;
  float text_top = frame_min.y + style.FramePadding.y - scroll_y;
  // Horizontal scroll lives in ImGui's edit state, and only while the editor is active (else the text is unscrolled).
  ImGuiInputTextState* edit_state = ImGui::GetActiveID() == id ? ImGui::GetInputTextState(id) : nullptr;
  float text_left = frame_min.x + style.FramePadding.x - (edit_state ? edit_state->ScrollX : 0.0f);
  ImGui::PopID();

  // Gutter: line numbers of the visible lines, the error line in red.
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(origin, ImVec2(origin.x + gutter_w, origin.y + size.y), t.code_bg);
  dl->AddRect(origin, ImVec2(frame_max.x, origin.y + size.y), t.border);
  dl->PushClipRect(origin, ImVec2(origin.x + gutter_w, origin.y + size.y), true);
  int first = std::max(0, static_cast<int>((origin.y - text_top) / line_h));
  int last = std::min(lines, first + static_cast<int>(size.y / line_h) + 2);
  char num[16];
  for (int i = first; i < last; ++i) {
    std::snprintf(num, sizeof num, "%d", i + 1);
    float w = ImGui::CalcTextSize(num).x;
    bool err = error_line == i + 1;
    dl->AddText(ImVec2(origin.x + gutter_w - 8 - w, text_top + static_cast<float>(i) * line_h),
                err ? t.error : t.text_secondary, num);
  }
  dl->PopClipRect();

  // Error line: a light red band over the line and a red bar under the column (on the editor's own draw list).
  if (error_line > 0 && error_line <= lines && child) {
    ImDrawList* cdl = child->DrawList;
    float y = text_top + static_cast<float>(error_line - 1) * line_h;
    cdl->PushClipRect(frame_min, frame_max, true);
    cdl->AddRectFilled(ImVec2(frame_min.x, y), ImVec2(frame_max.x, y + line_h), IM_COL32(0xd9, 0x15, 0x15, 0x1c));
    size_t line_start = OffsetOfLineColumn(tab.text, error_line, 1);
    size_t at = OffsetOfLineColumn(tab.text, error_line, std::max(1, error_column));
    float x0 = text_left + ImGui::CalcTextSize(tab.text.data() + line_start, tab.text.data() + at).x;
    size_t next = at;
    if (next < tab.text.size() && tab.text[next] != '\n') {
      ++next;
      while (next < tab.text.size() && IsContinuationByte(tab.text[next])) ++next;
    }
    float x1 = next > at ? text_left + ImGui::CalcTextSize(tab.text.data() + line_start, tab.text.data() + next).x
                         : x0 + ImGui::CalcTextSize("m").x;
    cdl->AddRectFilled(ImVec2(x0, y + line_h - 2), ImVec2(std::max(x1, x0 + 4), y + line_h), t.error);
    cdl->PopClipRect();
  }
  if (mono) ImGui::PopFont();
}

}  // namespace fhl::ui
