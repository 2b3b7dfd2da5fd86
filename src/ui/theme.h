// theme.h: the dashboard's colours (a light, AWS-console-like palette, or a high-contrast one), fonts and the reader's
// display preferences (font scale, reduced motion), applied to ImGui's style. Depends on ImGui only.
#pragma once

#include "imgui.h"

namespace fhl::ui {

struct Theme {
  ImU32 page_bg, container_bg, border, divider;
  ImU32 top_bar_bg, top_bar_text, top_bar_muted, top_bar_button, top_bar_button_active;
  ImU32 text, text_secondary, link, link_hover;
  ImU32 primary, primary_hover, primary_active, primary_text;
  ImU32 success, error, warning, info, pending;
  ImU32 error_bg, error_border, success_bg, info_bg, info_border;
  ImU32 nav_bg, nav_selected_bg, nav_selected_bar;
  ImU32 chart_grid, chart_axis, chart_series, chart_series_fill, chart_hover;
  ImU32 marker_interval, marker_size, marker_failed;
  ImU32 code_bg;
  ImU32 json_key, json_string, json_number, json_literal;
  ImU32 row_hover, row_selected;
  ImU32 flash_text;   // text on the flash messages' error/success/info backgrounds
  ImU32 focus;        // keyboard focus ring (ImGuiCol_NavHighlight)
};

enum class ThemeKind { kDefault, kHighContrast };

// The reader's display preferences. Set by the platform (the page's toolbar, localStorage, prefers-* media queries).
struct DisplayPrefs {
  ThemeKind theme = ThemeKind::kDefault;
  float font_scale = 1.0f;      // text size relative to fonts.h's sizes; clamped to [kMinFontScale, kMaxFontScale]
  bool reduced_motion = false;  // prefers-reduced-motion: no blinking cursor, no animated scrolling
};
constexpr float kMinFontScale = 0.85f;
constexpr float kMaxFontScale = 2.0f;

// The palette of the current preferences (GetTheme()) or of a given kind.
const Theme& GetTheme();
const Theme& GetTheme(ThemeKind kind);

const DisplayPrefs& GetDisplayPrefs();
// Stores the preferences (font scale clamped; NaN means 1) and bumps DisplayPrefsRevision() when they changed.
void SetDisplayPrefs(const DisplayPrefs& prefs);
// Changes whenever SetDisplayPrefs changed something: the dashboard re-applies the style when it differs.
unsigned DisplayPrefsRevision();
// "default" / "high-contrast" and back (nullopt-like: false for an unknown name).
const char* ThemeKindName(ThemeKind kind);
bool ParseThemeKind(const char* name, ThemeKind* out);

// Sets colours, rounding, spacing (scaled by the font scale), border widths and io's cursor blink on the current
// ImGui context from the current preferences (idempotent).
void ApplyTheme();

// Fonts the platform loaded (src/ui/fonts.h via the web platform). Lookup: a font whose name contains "Mono" is the
// monospace font (else the second font, if any); one containing "Heading" or "Bold" the heading font. Any may be
// null in native tests: callers then use the current font.
struct UiFonts {
  ImFont* mono = nullptr;
  ImFont* heading = nullptr;
};
UiFonts FindFonts();

inline ImVec4 ToVec4(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }

}  // namespace fhl::ui
