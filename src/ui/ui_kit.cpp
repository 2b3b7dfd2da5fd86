// ui_kit.cpp: shared widgets of the dashboard (see ui_kit.h).
#include "ui/ui_kit.h"

#include "ui/widget_registry.h"

#include <algorithm>
#include <vector>

#include "imgui_internal.h"  // DC.CurrLineTextBaseOffset: links and dots line up with AlignTextToFramePadding text

namespace fhl::ui {

namespace {

UiFonts g_fonts;

struct CardFrame {
  ImDrawListSplitter splitter;
  ImGuiWindow* window = nullptr;
  ImDrawList* draw_list = nullptr;
  ImVec2 start;
  float right = 0;
};
std::vector<CardFrame>& CardStack() {
  static std::vector<CardFrame> stack;
  return stack;
}

void DrawFakeBold(ImDrawList* dl, ImFont* font, float size, ImVec2 pos, ImU32 col, std::string_view text) {
  dl->AddText(font, size, pos, col, text.data(), text.data() + text.size());
  dl->AddText(font, size, ImVec2(pos.x + 0.6f, pos.y), col, text.data(), text.data() + text.size());
}

}  // namespace

void SetKitFonts(const UiFonts& fonts) { g_fonts = fonts; }

const char* ArrowText() {
  ImFont* f = ImGui::GetFont();
  return f && f->FindGlyphNoFallback(0x2192) ? "\xE2\x86\x92" : "->";
}

const char* ChevronText() {
  ImFont* f = ImGui::GetFont();
  return f && f->FindGlyphNoFallback(0x203A) ? "\xE2\x80\xBA" : ">";
}

void TextView(std::string_view text) { ImGui::TextUnformatted(text.data(), text.data() + text.size()); }

namespace {
float TextBaseOffset() { return ImGui::GetCurrentWindow()->DC.CurrLineTextBaseOffset; }
}  // namespace

bool LinkText(std::string_view text, const char* id) {
  const Theme& t = GetTheme();
  float offset = TextBaseOffset();
  ImVec2 size = ImGui::CalcTextSize(text.data(), text.data() + text.size());
  size.x = std::max(size.x, 1.0f);
  size.y = std::max(size.y, ImGui::GetTextLineHeight());
  ImVec2 pos = ImGui::GetCursorScreenPos();
  size.y += offset;
  ImGui::PushID(id);
  bool clicked = ImGui::InvisibleButton("##link", size);
  ImGui::PopID();
  bool hovered = ImGui::IsItemHovered();
  ImU32 col = hovered ? t.link_hover : t.link;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddText(ImVec2(pos.x, pos.y + offset), col, text.data(), text.data() + text.size());
  if (hovered) {
    float y = pos.y + size.y - 1.0f;
    dl->AddLine(ImVec2(pos.x, y), ImVec2(pos.x + size.x, y), col, 1.0f);
    ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
  }
  return clicked;
}

namespace {
// The console's rounded "pill" button in the colours the caller pushed; disabled buttons never report a click.
bool PillButton(const char* label, bool enabled) {
  ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, 14.0f);
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(14, 5));
  ImGui::BeginDisabled(!enabled);
  const bool clicked = ImGui::Button(label);
  ImGui::EndDisabled();
  ImGui::PopStyleVar(2);
  return clicked && enabled;
}
}  // namespace

bool PrimaryButton(const char* label, bool enabled) {
  const Theme& t = GetTheme();
  ImGui::PushStyleColor(ImGuiCol_Button, ToVec4(t.primary));
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ToVec4(t.primary_hover));
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, ToVec4(t.primary_active));
  ImGui::PushStyleColor(ImGuiCol_Text, ToVec4(t.primary_text));
  ImGui::PushStyleColor(ImGuiCol_Border, ToVec4(t.primary));
  const bool clicked = PillButton(label, enabled);
  ImGui::PopStyleColor(5);
  return clicked;
}

bool NormalButton(const char* label, bool enabled) {
  const Theme& t = GetTheme();
  ImGui::PushStyleColor(ImGuiCol_Text, ToVec4(t.link));
  ImGui::PushStyleColor(ImGuiCol_Border, ToVec4(t.link));
  const bool clicked = PillButton(label, enabled);
  ImGui::PopStyleColor(2);
  return clicked;
}

bool SegmentButton(const char* label, bool selected) {
  const Theme& t = GetTheme();
  int colors = 0;
  if (selected) {
    ImGui::PushStyleColor(ImGuiCol_Button, ToVec4(IM_COL32(0x41, 0x4d, 0x5c, 255)));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ToVec4(IM_COL32(0x41, 0x4d, 0x5c, 255)));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, ToVec4(IM_COL32(0x41, 0x4d, 0x5c, 255)));
    ImGui::PushStyleColor(ImGuiCol_Text, ToVec4(IM_COL32(255, 255, 255, 255)));
    ImGui::PushStyleColor(ImGuiCol_Border, ToVec4(IM_COL32(0x41, 0x4d, 0x5c, 255)));
    colors = 5;
  } else {
    ImGui::PushStyleColor(ImGuiCol_Text, ToVec4(t.text_secondary));
    colors = 1;
  }
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(9, 4));
  bool clicked = ImGui::Button(label);
  ImGui::PopStyleVar();
  ImGui::PopStyleColor(colors);
  return clicked;
}

void DotText(ImU32 color, std::string_view text) {
  float h = ImGui::GetTextLineHeight();
  float offset = TextBaseOffset();
  ImVec2 pos = ImGui::GetCursorScreenPos();
  ImGui::GetWindowDrawList()->AddCircleFilled(ImVec2(pos.x + h * 0.35f, pos.y + offset + h * 0.55f), h * 0.26f, color, 12);
  ImGui::Dummy(ImVec2(h * 0.8f, h + offset));
  ImGui::SameLine(0, 2);
  ImGui::PushStyleColor(ImGuiCol_Text, ToVec4(color));
  TextView(text);
  ImGui::PopStyleColor();
}

void StatusIndicator(std::string_view status) {
  const Theme& t = GetTheme();
  if (status == "ACTIVE") {
    DotText(t.success, "Active");
  } else if (status == "CREATING") {
    DotText(t.info, "Creating");
  } else if (status == "DELETING") {
    DotText(t.pending, "Deleting");
  } else if (status == "CREATING_FAILED") {
    DotText(t.error, "Creating failed");
  } else if (status == "DELETING_FAILED") {
    DotText(t.error, "Deleting failed");
  } else {
    DotText(t.pending, status.empty() ? "-" : status);
  }
}

namespace {

void Banner(ImU32 fill, ImU32 border, ImU32 icon, const char* icon_text, std::string_view text) {
  float width = CardInnerWidth();
  float pad = 10.0f;
  float icon_w = ImGui::GetTextLineHeight() + 8.0f;
  float wrap = std::max(40.0f, width - 2 * pad - icon_w);
  ImVec2 ts = ImGui::CalcTextSize(text.data(), text.data() + text.size(), false, wrap);
  ImVec2 p = ImGui::GetCursorScreenPos();
  ImVec2 q(p.x + width, p.y + ts.y + 2 * pad);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p, q, fill, 6.0f);
  dl->AddRect(p, q, border, 6.0f, 0, 1.5f);
  float r = ImGui::GetTextLineHeight() * 0.45f;
  ImVec2 c(p.x + pad + r, p.y + pad + ImGui::GetTextLineHeight() * 0.5f);
  dl->AddCircleFilled(c, r, icon, 16);
  ImVec2 is = ImGui::CalcTextSize(icon_text);
  dl->AddText(ImVec2(c.x - is.x * 0.5f, c.y - is.y * 0.5f), IM_COL32(255, 255, 255, 255), icon_text);
  ImGui::SetCursorScreenPos(ImVec2(p.x + pad + icon_w, p.y + pad));
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + wrap);
  ImGui::TextUnformatted(text.data(), text.data() + text.size());
  ImGui::PopTextWrapPos();
  ImGui::SetCursorScreenPos(ImVec2(p.x, q.y));
  ImGui::Dummy(ImVec2(width, 0));
}

}  // namespace

void ErrorBanner(const ApiError& error, const char* lead) {
  const Theme& t = GetTheme();
  std::string text;
  if (lead) {
    text += lead;
    text += ' ';
  }
  text += error.code;
  text += ": ";
  text += error.message;
  Banner(t.error_bg, t.error_border, t.error, "!", text);
}

void InfoBox(const char* text) {
  const Theme& t = GetTheme();
  Banner(t.info_bg, t.info_border, t.info, "i", text);
}

void Heading(const char* text, const char* counter, bool large) {
  const Theme& t = GetTheme();
  ImFont* font = g_fonts.heading ? g_fonts.heading : ImGui::GetFont();
  float size = (g_fonts.heading ? font->FontSize : ImGui::GetFontSize()) * (large ? 1.3f : 1.08f);
  ImVec2 pos = ImGui::GetCursorScreenPos();
  ImVec2 ts = font->CalcTextSizeA(size, FLT_MAX, 0, text);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (g_fonts.heading) {
    dl->AddText(font, size, pos, t.text, text);
  } else {
    DrawFakeBold(dl, font, size, pos, t.text, text);
  }
  float w = ts.x + 1;
  if (counter) {
    ImVec2 cs = font->CalcTextSizeA(size, FLT_MAX, 0, counter);
    dl->AddText(font, size, ImVec2(pos.x + w + 6, pos.y), t.text_secondary, counter);
    w += 6 + cs.x;
  }
  ImGui::Dummy(ImVec2(w, ts.y));
}

void SecondaryText(std::string_view text) {
  ImGui::PushStyleColor(ImGuiCol_Text, ToVec4(GetTheme().text_secondary));
  TextView(text);
  ImGui::PopStyleColor();
}

void BeginCard(const char* title, const char* counter) {
  std::vector<CardFrame>& stack = CardStack();
  stack.emplace_back();
  CardFrame& f = stack.back();
  f.window = ImGui::GetCurrentWindow();
  f.draw_list = ImGui::GetWindowDrawList();
  f.start = ImGui::GetCursorScreenPos();
  f.right = f.start.x + ImGui::GetContentRegionAvail().x;
  f.splitter.Split(f.draw_list, 2);
  f.splitter.SetCurrentChannel(f.draw_list, 1);
  ImGui::SetCursorScreenPos(ImVec2(f.start.x + kCardPadding, f.start.y + kCardPadding));
  ImGui::BeginGroup();
  float wrap_local = (f.right - kCardPadding) - ImGui::GetWindowPos().x + ImGui::GetScrollX();
  ImGui::PushTextWrapPos(wrap_local);
  if (title) {
    Heading(title, counter);
    ImGui::Spacing();
  }
}

float CardInnerWidth() {
  const std::vector<CardFrame>& stack = CardStack();
  if (stack.empty() || stack.back().window != ImGui::GetCurrentWindow()) return ImGui::GetContentRegionAvail().x;
  return std::max(50.0f, stack.back().right - kCardPadding - ImGui::GetCursorScreenPos().x);
}

void EndCard() {
  std::vector<CardFrame>& stack = CardStack();
  if (stack.empty()) return;
  CardFrame& f = stack.back();
  const Theme& t = GetTheme();
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
  float bottom = ImGui::GetItemRectMax().y + kCardPadding;
  f.splitter.SetCurrentChannel(f.draw_list, 0);
  f.draw_list->AddRectFilled(f.start, ImVec2(f.right, bottom), t.container_bg, 8.0f);
  f.draw_list->AddRect(f.start, ImVec2(f.right, bottom), t.divider, 8.0f, 0, 1.0f);
  f.splitter.Merge(f.draw_list);
  ImGui::SetCursorScreenPos(ImVec2(f.start.x, bottom));
  ImGui::Dummy(ImVec2(f.right - f.start.x, 0));
  stack.pop_back();
  ImGui::Dummy(ImVec2(0, 4));
}

bool BeginKeyValues(const char* id, int columns) {
  float width = CardInnerWidth();
  return ImGui::BeginTable(id, columns, ImGuiTableFlags_SizingStretchSame | ImGuiTableFlags_NoSavedSettings,
                           ImVec2(width, 0));
}

void KeyValueLabel(const char* label) {
  ImGui::TableNextColumn();
  SecondaryText(label);
}

void KeyValue(const char* label, std::string_view value) {
  KeyValueLabel(label);
  ImGui::PushTextWrapPos(0.0f);
  TextView(value.empty() ? std::string_view("-") : value);
  ImGui::PopTextWrapPos();
  ImGui::Dummy(ImVec2(0, 4));
}

void KeyValueStatus(const char* label, std::string_view status) {
  KeyValueLabel(label);
  StatusIndicator(status);
  ImGui::Dummy(ImVec2(0, 4));
}

void EndKeyValues() { ImGui::EndTable(); }

bool TabStrip(const char* id, const char* const* labels, int count, int* selected, const char* const* track_names) {
  const Theme& t = GetTheme();
  bool changed = false;
  ImGui::PushID(id);
  ImVec2 start = ImGui::GetCursorScreenPos();
  float width = CardInnerWidth();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 pad(12, 7);
  float bottom = start.y;
  for (int i = 0; i < count; ++i) {
    if (i > 0) ImGui::SameLine(0, 2);
    ImVec2 ts = ImGui::CalcTextSize(labels[i]);
    ImVec2 p = ImGui::GetCursorScreenPos();
    ImVec2 size(ts.x + 2 * pad.x, ts.y + 2 * pad.y + 3);
    // A plain button (press on release): a click lands even when the mouse jumps here from another tab, which
    // ImGui's own tab items (AllowItemOverlap) ignore for one frame.
    if (ImGui::InvisibleButton(labels[i], size) && *selected != i) {
      *selected = i;
      changed = true;
    }
    bool hovered = ImGui::IsItemHovered();
    if (track_names) TrackWidget(track_names[i]);
    bool on = *selected == i;
    ImU32 col = on ? t.link : hovered ? t.link_hover : t.text;
    ImVec2 tp(p.x + pad.x, p.y + pad.y);
    dl->AddText(tp, col, labels[i]);
    if (on) {
      dl->AddText(ImVec2(tp.x + 0.6f, tp.y), col, labels[i]);
      dl->AddRectFilled(ImVec2(p.x + 2, p.y + size.y - 3), ImVec2(p.x + size.x - 2, p.y + size.y), t.primary, 1.5f);
    }
    if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    bottom = p.y + size.y;
  }
  dl->AddLine(ImVec2(start.x, bottom), ImVec2(start.x + width, bottom), t.divider, 1.0f);
  ImGui::PopID();
  ImGui::Dummy(ImVec2(0, 2));
  return changed;
}

void AlignRight(float width) {
  float avail = ImGui::GetContentRegionAvail().x;
  if (avail > width) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + avail - width);
}

}  // namespace fhl::ui
