// theme.cpp: palettes and ImGui style of the dashboard (see theme.h). The default follows the AWS console's light
// mode: white containers on a grey page, dark top bar, blue links and primary buttons. The high-contrast one is
// white text on black with yellow focus and selection, light-blue links and thicker borders (text >= 7:1).
#include "ui/theme.h"

#include <cctype>
#include <cstring>

namespace fhl::ui {

namespace {

constexpr ImU32 Rgb(unsigned r, unsigned g, unsigned b, unsigned a = 255) { return IM_COL32(r, g, b, a); }

Theme MakeDefaultTheme() {
  Theme t{};
  t.page_bg = Rgb(0xf2, 0xf3, 0xf3);
  t.container_bg = Rgb(0xff, 0xff, 0xff);
  t.border = Rgb(0xc6, 0xc6, 0xcd);
  t.divider = Rgb(0xe9, 0xeb, 0xed);
  t.top_bar_bg = Rgb(0x0f, 0x1b, 0x2a);
  t.top_bar_text = Rgb(0xff, 0xff, 0xff);
  t.top_bar_muted = Rgb(0xb6, 0xbe, 0xc9);
  t.top_bar_button = Rgb(0x23, 0x33, 0x47);
  t.top_bar_button_active = Rgb(0x53, 0x9f, 0xe5);
  t.text = Rgb(0x00, 0x07, 0x16);
  t.text_secondary = Rgb(0x5f, 0x6b, 0x7a);
  t.link = Rgb(0x09, 0x72, 0xd3);
  t.link_hover = Rgb(0x03, 0x31, 0x60);
  t.primary = Rgb(0x09, 0x72, 0xd3);
  t.primary_hover = Rgb(0x03, 0x31, 0x60);
  t.primary_active = Rgb(0x03, 0x31, 0x60);
  t.primary_text = Rgb(0xff, 0xff, 0xff);
  t.success = Rgb(0x03, 0x7f, 0x0c);
  t.error = Rgb(0xd9, 0x15, 0x15);
  t.warning = Rgb(0x8d, 0x66, 0x05);
  t.info = Rgb(0x09, 0x72, 0xd3);
  t.pending = Rgb(0x5f, 0x6b, 0x7a);
  t.error_bg = Rgb(0xff, 0xf7, 0xf7);
  t.error_border = Rgb(0xd9, 0x15, 0x15);
  t.success_bg = Rgb(0xf2, 0xfc, 0xf3);
  t.info_bg = Rgb(0xf2, 0xf8, 0xfd);
  t.info_border = Rgb(0x00, 0x73, 0xbb);
  t.nav_bg = Rgb(0xff, 0xff, 0xff);
  t.nav_selected_bg = Rgb(0xf2, 0xf8, 0xfd);
  t.nav_selected_bar = Rgb(0x09, 0x72, 0xd3);
  t.chart_grid = Rgb(0xe9, 0xeb, 0xed);
  t.chart_axis = Rgb(0x7d, 0x89, 0x98);
  t.chart_series = Rgb(0x68, 0x8a, 0xe8);
  t.chart_series_fill = Rgb(0x68, 0x8a, 0xe8, 0x30);
  t.chart_hover = Rgb(0x41, 0x4d, 0x5c);
  t.marker_interval = Rgb(0x2e, 0xa5, 0x97);
  t.marker_size = Rgb(0xe0, 0x79, 0x41);
  t.marker_failed = Rgb(0xd9, 0x15, 0x15);
  t.code_bg = Rgb(0xfa, 0xfa, 0xfa);
  t.json_key = Rgb(0x05, 0x50, 0xae);
  t.json_string = Rgb(0x11, 0x63, 0x29);
  t.json_number = Rgb(0x95, 0x38, 0x00);
  t.json_literal = Rgb(0x82, 0x50, 0xdf);
  t.row_hover = Rgb(0xf2, 0xf8, 0xfd);
  t.row_selected = Rgb(0xe0, 0xee, 0xfb);
  t.flash_text = Rgb(0xff, 0xff, 0xff);
  t.focus = Rgb(0x09, 0x72, 0xd3);
  return t;
}

Theme MakeHighContrastTheme() {
  const ImU32 black = Rgb(0, 0, 0), white = Rgb(0xff, 0xff, 0xff), yellow = Rgb(0xff, 0xff, 0x00);
  Theme t{};
  t.page_bg = black;
  t.container_bg = black;
  t.border = white;
  t.divider = Rgb(0xc0, 0xc0, 0xc0);
  t.top_bar_bg = black;
  t.top_bar_text = white;
  t.top_bar_muted = Rgb(0xe6, 0xe6, 0xe6);
  t.top_bar_button = black;
  t.top_bar_button_active = yellow;  // the clock bar draws selected buttons with dark text
  t.text = white;
  t.text_secondary = Rgb(0xe0, 0xe0, 0xe0);
  t.link = Rgb(0x8f, 0xd8, 0xff);
  t.link_hover = yellow;
  t.primary = white;
  t.primary_hover = yellow;
  t.primary_active = yellow;
  t.primary_text = black;
  t.success = Rgb(0x5c, 0xff, 0x5c);
  t.error = Rgb(0xff, 0x8a, 0x8a);
  t.warning = Rgb(0xff, 0xd8, 0x4d);
  t.info = Rgb(0x8f, 0xd8, 0xff);
  t.pending = Rgb(0xe0, 0xe0, 0xe0);
  t.error_bg = black;
  t.error_border = Rgb(0xff, 0x8a, 0x8a);
  t.success_bg = black;
  t.info_bg = black;
  t.info_border = Rgb(0x8f, 0xd8, 0xff);
  t.nav_bg = black;
  t.nav_selected_bg = Rgb(0x33, 0x33, 0x00);
  t.nav_selected_bar = yellow;
  t.chart_grid = Rgb(0x70, 0x70, 0x70);
  t.chart_axis = white;
  t.chart_series = Rgb(0x8f, 0xd8, 0xff);
  t.chart_series_fill = Rgb(0x8f, 0xd8, 0xff, 0x40);
  t.chart_hover = yellow;
  t.marker_interval = Rgb(0x5c, 0xff, 0xe0);
  t.marker_size = Rgb(0xff, 0xb0, 0x5c);
  t.marker_failed = Rgb(0xff, 0x8a, 0x8a);
  t.code_bg = Rgb(0x12, 0x12, 0x12);
  t.json_key = Rgb(0x8f, 0xd8, 0xff);
  t.json_string = Rgb(0x9c, 0xff, 0x9c);
  t.json_number = Rgb(0xff, 0xc8, 0x80);
  t.json_literal = Rgb(0xe0, 0xb0, 0xff);
  t.row_hover = Rgb(0x26, 0x26, 0x26);
  t.row_selected = Rgb(0x33, 0x33, 0x00);
  t.flash_text = black;  // flashes are filled with the bright error/success/info colours
  t.focus = yellow;
  return t;
}

DisplayPrefs g_prefs;
unsigned g_prefs_revision = 1;

bool NameContains(const ImFont* font, const char* needle) {
  const char* name = font->GetDebugName();
  if (!name) return false;
  size_t n = std::strlen(needle);
  for (const char* p = name; *p; ++p) {
    size_t i = 0;
    while (i < n && p[i] && std::tolower(static_cast<unsigned char>(p[i])) == std::tolower(static_cast<unsigned char>(needle[i])))
      ++i;
    if (i == n) return true;
  }
  return false;
}

}  // namespace

const Theme& GetTheme(ThemeKind kind) {
  static const Theme default_theme = MakeDefaultTheme();
  static const Theme high_contrast = MakeHighContrastTheme();
  return kind == ThemeKind::kHighContrast ? high_contrast : default_theme;
}

const Theme& GetTheme() { return GetTheme(g_prefs.theme); }

const DisplayPrefs& GetDisplayPrefs() { return g_prefs; }

void SetDisplayPrefs(const DisplayPrefs& prefs) {
  DisplayPrefs p = prefs;
  if (!(p.font_scale == p.font_scale)) p.font_scale = 1.0f;  // NaN
  p.font_scale = p.font_scale < kMinFontScale ? kMinFontScale : p.font_scale > kMaxFontScale ? kMaxFontScale : p.font_scale;
  if (p.theme == g_prefs.theme && p.font_scale == g_prefs.font_scale && p.reduced_motion == g_prefs.reduced_motion) return;
  g_prefs = p;
  ++g_prefs_revision;
}

unsigned DisplayPrefsRevision() { return g_prefs_revision; }

const char* ThemeKindName(ThemeKind kind) { return kind == ThemeKind::kHighContrast ? "high-contrast" : "default"; }

bool ParseThemeKind(const char* name, ThemeKind* out) {
  if (!name) return false;
  if (std::strcmp(name, "default") == 0) *out = ThemeKind::kDefault;
  else if (std::strcmp(name, "high-contrast") == 0) *out = ThemeKind::kHighContrast;
  else return false;
  return true;
}

void ApplyTheme() {
  const Theme& t = GetTheme();
  const bool high_contrast = g_prefs.theme == ThemeKind::kHighContrast;
  ImGuiStyle& s = ImGui::GetStyle();
  s = ImGuiStyle();  // from ImGui's defaults every time: ScaleAllSizes below must not compound
  s.WindowPadding = ImVec2(16, 12);
  s.FramePadding = ImVec2(10, 5);
  s.ItemSpacing = ImVec2(8, 6);
  s.ItemInnerSpacing = ImVec2(6, 4);
  s.CellPadding = ImVec2(8, 5);
  s.ScrollbarSize = 12;
  s.GrabMinSize = 10;
  s.WindowRounding = 0;
  s.ChildRounding = 6;
  s.FrameRounding = 6;
  s.PopupRounding = 6;
  s.ScrollbarRounding = 6;
  s.GrabRounding = 6;
  s.TabRounding = 4;
  s.WindowBorderSize = 0;
  s.ChildBorderSize = high_contrast ? 2.0f : 1.0f;
  s.FrameBorderSize = high_contrast ? 2.0f : 1.0f;
  s.PopupBorderSize = high_contrast ? 2.0f : 1.0f;
  s.TabBorderSize = high_contrast ? 1.0f : 0.0f;
  s.SelectableTextAlign = ImVec2(0, 0.5f);
  s.ScaleAllSizes(g_prefs.font_scale);  // spacing grows with the text (border widths are not scaled)
  ImGui::GetIO().ConfigInputTextCursorBlink = !g_prefs.reduced_motion;

  ImVec4* c = s.Colors;
  c[ImGuiCol_Text] = ToVec4(t.text);
  c[ImGuiCol_TextDisabled] = ToVec4(high_contrast ? IM_COL32(0xb0, 0xb0, 0xb0, 255) : IM_COL32(0x9b, 0xa7, 0xb6, 255));
  c[ImGuiCol_WindowBg] = ToVec4(t.page_bg);
  c[ImGuiCol_ChildBg] = ToVec4(IM_COL32(0, 0, 0, 0));
  c[ImGuiCol_PopupBg] = ToVec4(t.container_bg);
  c[ImGuiCol_Border] = ToVec4(t.border);
  c[ImGuiCol_BorderShadow] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_FrameBg] = ToVec4(t.container_bg);
  c[ImGuiCol_FrameBgHovered] = ToVec4(high_contrast ? t.row_hover : IM_COL32(0xf4, 0xf4, 0xf4, 255));
  c[ImGuiCol_FrameBgActive] = ToVec4(high_contrast ? t.row_hover : IM_COL32(0xe9, 0xeb, 0xed, 255));
  c[ImGuiCol_TitleBg] = ToVec4(t.top_bar_bg);
  c[ImGuiCol_TitleBgActive] = ToVec4(t.top_bar_bg);
  c[ImGuiCol_TitleBgCollapsed] = ToVec4(t.top_bar_bg);
  c[ImGuiCol_MenuBarBg] = ToVec4(t.container_bg);
  c[ImGuiCol_ScrollbarBg] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_ScrollbarGrab] = ToVec4(high_contrast ? IM_COL32(0xc0, 0xc0, 0xc0, 255) : IM_COL32(0xc6, 0xc6, 0xcd, 255));
  c[ImGuiCol_ScrollbarGrabHovered] = ToVec4(high_contrast ? IM_COL32(0xff, 0xff, 0xff, 255) : IM_COL32(0x9b, 0xa7, 0xb6, 255));
  c[ImGuiCol_ScrollbarGrabActive] = ToVec4(high_contrast ? IM_COL32(0xff, 0xff, 0x00, 255) : IM_COL32(0x7d, 0x89, 0x98, 255));
  c[ImGuiCol_CheckMark] = ToVec4(t.primary);
  c[ImGuiCol_SliderGrab] = ToVec4(t.primary);
  c[ImGuiCol_SliderGrabActive] = ToVec4(t.primary_hover);
  c[ImGuiCol_Button] = ToVec4(t.container_bg);
  c[ImGuiCol_ButtonHovered] = ToVec4(high_contrast ? t.row_hover : IM_COL32(0xf2, 0xf8, 0xfd, 255));
  c[ImGuiCol_ButtonActive] = ToVec4(high_contrast ? t.row_selected : IM_COL32(0xd3, 0xe7, 0xf9, 255));
  c[ImGuiCol_Header] = ToVec4(t.row_selected);
  c[ImGuiCol_HeaderHovered] = ToVec4(t.row_hover);
  c[ImGuiCol_HeaderActive] = ToVec4(t.row_selected);
  c[ImGuiCol_Separator] = ToVec4(t.divider);
  c[ImGuiCol_SeparatorHovered] = ToVec4(t.border);
  c[ImGuiCol_SeparatorActive] = ToVec4(t.primary);
  c[ImGuiCol_ResizeGrip] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_ResizeGripHovered] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_ResizeGripActive] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_Tab] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_TabHovered] = ToVec4(t.row_hover);
  c[ImGuiCol_TabActive] = ToVec4(t.container_bg);
  c[ImGuiCol_TabUnfocused] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_TabUnfocusedActive] = ToVec4(t.container_bg);
  c[ImGuiCol_PlotLines] = ToVec4(t.chart_series);
  c[ImGuiCol_PlotHistogram] = ToVec4(t.chart_series);
  c[ImGuiCol_TableHeaderBg] = ToVec4(high_contrast ? IM_COL32(0x1a, 0x1a, 0x1a, 255) : IM_COL32(0xfa, 0xfa, 0xfa, 255));
  c[ImGuiCol_TableBorderStrong] = ToVec4(t.divider);
  c[ImGuiCol_TableBorderLight] = ToVec4(t.divider);
  c[ImGuiCol_TableRowBg] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_TableRowBgAlt] = ToVec4(high_contrast ? IM_COL32(0x12, 0x12, 0x12, 255) : IM_COL32(0xfa, 0xfa, 0xfa, 255));
  c[ImGuiCol_TextSelectedBg] = ToVec4(high_contrast ? IM_COL32(0xff, 0xff, 0x00, 0x60) : IM_COL32(0x09, 0x72, 0xd3, 0x50));
  c[ImGuiCol_NavHighlight] = ToVec4(t.focus);
  c[ImGuiCol_NavWindowingHighlight] = ToVec4(t.focus);
  c[ImGuiCol_ModalWindowDimBg] = ImVec4(0, 0, 0, 0.35f);
}

UiFonts FindFonts() {
  UiFonts f;
  ImGuiIO& io = ImGui::GetIO();
  if (!io.Fonts) return f;
  for (ImFont* font : io.Fonts->Fonts) {
    if (!f.mono && NameContains(font, "mono")) f.mono = font;
    if (!f.heading && (NameContains(font, "heading") || NameContains(font, "bold"))) f.heading = font;
  }
  if (!f.mono && io.Fonts->Fonts.Size >= 2 && io.Fonts->Fonts[1] != f.heading) f.mono = io.Fonts->Fonts[1];
  return f;
}

}  // namespace fhl::ui
