// theme_test.cpp: the dashboard's themes and display preferences (ui/theme.h): WCAG contrast of text against its
// backgrounds (high contrast >= 7:1, default >= 4.5:1), style set-up that does not compound, reduced motion, and a
// software-rendered high-contrast dashboard (saved as PNG when FHL_UI_SCREENSHOT_DIR is set).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/lab.h"
#include "software_renderer.h"
#include "ui/dashboard.h"
#include "ui/keyboard_nav.h"
#include "ui/theme.h"
#include "ui_harness.h"

namespace fhl::ui {
namespace {

// [SECTION] WCAG 2.x relative luminance and contrast ratio
double Channel(double c) { return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); }
double Luminance(const ImVec4& c) { return 0.2126 * Channel(c.x) + 0.7152 * Channel(c.y) + 0.0722 * Channel(c.z); }
double Contrast(const ImVec4& a, const ImVec4& b) {
  const double la = Luminance(a), lb = Luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}
double Contrast(ImU32 a, ImU32 b) { return Contrast(ToVec4(a), ToVec4(b)); }

TEST(ContrastTest, MatchesKnownWcagValues) {
  EXPECT_NEAR(Contrast(IM_COL32(0, 0, 0, 255), IM_COL32(255, 255, 255, 255)), 21.0, 1e-9);
  EXPECT_NEAR(Contrast(IM_COL32(0x76, 0x76, 0x76, 255), IM_COL32(255, 255, 255, 255)), 4.54, 0.01);  // the classic AA grey
  EXPECT_NEAR(Contrast(IM_COL32(9, 9, 9, 255), IM_COL32(9, 9, 9, 255)), 1.0, 1e-9);
}

class ThemeTest : public ::testing::Test {
 protected:
  void TearDown() override { SetDisplayPrefs(DisplayPrefs{}); }  // the preferences are global: leave the default
  testing::ImGuiHarness harness_;

  void Apply(ThemeKind kind, float scale = 1.0f, bool reduced_motion = false) {
    DisplayPrefs p;
    p.theme = kind;
    p.font_scale = scale;
    p.reduced_motion = reduced_motion;
    SetDisplayPrefs(p);
    ApplyTheme();
  }

  // Every text colour of the palette against every background it is drawn on.
  void ExpectTextContrast(ThemeKind kind, double min_ratio) {
    Apply(kind);
    const Theme& t = GetTheme();
    const ImVec4* c = ImGui::GetStyle().Colors;
    SCOPED_TRACE(ThemeKindName(kind));
    for (ImGuiCol bg : {ImGuiCol_WindowBg, ImGuiCol_PopupBg, ImGuiCol_FrameBg, ImGuiCol_Button, ImGuiCol_Header,
                        ImGuiCol_HeaderHovered, ImGuiCol_TableHeaderBg, ImGuiCol_TableRowBgAlt}) {
      EXPECT_GE(Contrast(c[ImGuiCol_Text], c[bg]), min_ratio) << "ImGuiCol_Text on colour " << bg;
    }
    for (ImU32 bg : {t.page_bg, t.container_bg, t.nav_bg, t.row_hover, t.row_selected, t.nav_selected_bg}) {
      EXPECT_GE(Contrast(t.text, bg), min_ratio);
    }
    for (ImU32 fg : {t.text_secondary, t.link, t.success, t.error, t.info}) {
      EXPECT_GE(Contrast(fg, t.container_bg), min_ratio) << std::hex << fg;
    }
    EXPECT_GE(Contrast(t.primary_text, t.primary), min_ratio);
    EXPECT_GE(Contrast(t.top_bar_text, t.top_bar_bg), min_ratio);
    for (ImU32 flash_bg : {t.error, t.success, t.info}) EXPECT_GE(Contrast(t.flash_text, flash_bg), min_ratio);
  }
};

TEST_F(ThemeTest, HighContrastTextIsAtLeastSevenToOne) { ExpectTextContrast(ThemeKind::kHighContrast, 7.0); }

TEST_F(ThemeTest, DefaultTextIsAtLeastFourAndAHalfToOne) { ExpectTextContrast(ThemeKind::kDefault, 4.5); }

TEST_F(ThemeTest, HighContrastIsBlackAndWhiteWithYellowFocusAndThickBorders) {
  Apply(ThemeKind::kHighContrast);
  const ImGuiStyle& s = ImGui::GetStyle();
  EXPECT_EQ(ImGui::ColorConvertFloat4ToU32(s.Colors[ImGuiCol_WindowBg]), IM_COL32(0, 0, 0, 255));
  EXPECT_EQ(ImGui::ColorConvertFloat4ToU32(s.Colors[ImGuiCol_Text]), IM_COL32(255, 255, 255, 255));
  EXPECT_EQ(ImGui::ColorConvertFloat4ToU32(s.Colors[ImGuiCol_NavHighlight]), IM_COL32(255, 255, 0, 255));
  EXPECT_GE(s.FrameBorderSize, 2.0f);
  EXPECT_GE(s.ChildBorderSize, 2.0f);
  // The focus ring must stand out from the page (non-text contrast >= 3:1; here far more).
  EXPECT_GE(Contrast(s.Colors[ImGuiCol_NavHighlight], s.Colors[ImGuiCol_WindowBg]), 7.0);
  Apply(ThemeKind::kDefault);
  EXPECT_EQ(ImGui::GetStyle().FrameBorderSize, 1.0f);
  EXPECT_NE(ImGui::ColorConvertFloat4ToU32(ImGui::GetStyle().Colors[ImGuiCol_WindowBg]), IM_COL32(0, 0, 0, 255));
}

TEST_F(ThemeTest, FontScaleScalesSpacingWithoutCompounding) {
  Apply(ThemeKind::kDefault, 1.0f);
  const ImVec2 base = ImGui::GetStyle().ItemSpacing;
  const float base_padding = ImGui::GetStyle().FramePadding.x;
  Apply(ThemeKind::kDefault, 2.0f);
  ApplyTheme();  // again: still 2x, not 4x
  EXPECT_FLOAT_EQ(ImGui::GetStyle().ItemSpacing.x, base.x * 2);
  EXPECT_FLOAT_EQ(ImGui::GetStyle().FramePadding.x, base_padding * 2);
  Apply(ThemeKind::kDefault, 1.0f);
  EXPECT_FLOAT_EQ(ImGui::GetStyle().ItemSpacing.x, base.x);
}

TEST_F(ThemeTest, PreferencesAreClampedAndRevisionChangesOnlyOnChange) {
  SetDisplayPrefs(DisplayPrefs{});
  const unsigned r0 = DisplayPrefsRevision();
  SetDisplayPrefs(DisplayPrefs{});
  EXPECT_EQ(DisplayPrefsRevision(), r0) << "same preferences: nothing to re-apply";
  DisplayPrefs p;
  p.font_scale = 5.0f;
  SetDisplayPrefs(p);
  EXPECT_NE(DisplayPrefsRevision(), r0);
  EXPECT_FLOAT_EQ(GetDisplayPrefs().font_scale, kMaxFontScale);
  p.font_scale = 0.1f;
  SetDisplayPrefs(p);
  EXPECT_FLOAT_EQ(GetDisplayPrefs().font_scale, kMinFontScale);
  p.font_scale = std::nanf("");
  SetDisplayPrefs(p);
  EXPECT_FLOAT_EQ(GetDisplayPrefs().font_scale, 1.0f);
  ThemeKind kind = ThemeKind::kDefault;
  EXPECT_TRUE(ParseThemeKind("high-contrast", &kind));
  EXPECT_EQ(kind, ThemeKind::kHighContrast);
  EXPECT_STREQ(ThemeKindName(kind), "high-contrast");
  EXPECT_FALSE(ParseThemeKind("dark", &kind));
  EXPECT_FALSE(ParseThemeKind(nullptr, &kind));
  EXPECT_EQ(kind, ThemeKind::kHighContrast) << "an unknown name changes nothing";
}

TEST_F(ThemeTest, ReducedMotionStopsTheCursorBlinking) {
  Apply(ThemeKind::kDefault, 1.0f, /*reduced_motion=*/true);
  EXPECT_FALSE(ImGui::GetIO().ConfigInputTextCursorBlink);
  Apply(ThemeKind::kDefault, 1.0f, /*reduced_motion=*/false);
  EXPECT_TRUE(ImGui::GetIO().ConfigInputTextCursorBlink);
}

// [SECTION] the whole dashboard in high contrast, drawn on the CPU
TEST(ThemeScreenshotTest, HighContrastDashboardIsBlackWithWhiteTextAndAYellowFocusRing) {
  const int width = 1280, height = 800;
  testing::ImGuiHarness harness(width, height, /*wrap_widget_frames=*/false);
  testing::LoadPageFonts();
  testing::SoftwareTexture texture = testing::SoftwareTexture::FromFontAtlas();
  DisplayPrefs prefs;
  prefs.theme = ThemeKind::kHighContrast;
  prefs.font_scale = 1.5f;
  SetDisplayPrefs(prefs);
  ImGui::GetIO().FontGlobalScale = 1.5f;  // the page rebuilds the atlas instead (crisper); same layout

  Lab lab;
  SimControls controls;
  Dashboard dashboard(lab, controls);
  auto draw = [&] { dashboard.Draw(); };
  for (int i = 0; i < 3; ++i) harness.Frame(draw);
  EnterKeyboardNav(+1);
  ImGuiIO& io = ImGui::GetIO();
  io.KeyMap[ImGuiKey_Tab] = 9;
  for (int i = 0; i < 4; ++i) harness.Frame(draw);
  ASSERT_TRUE(KeyboardFocusRect().visible) << "entering by keyboard focuses the first widget";
  const WidgetRect focus = KeyboardFocusRect();

  std::vector<uint8_t> rgb = testing::RenderDrawData(ImGui::GetDrawData(), texture, width, height, IM_COL32(0, 0, 0, 255));
  auto pixel = [&](int x, int y) {
    const size_t i = (static_cast<size_t>(y) * width + x) * 3;
    return IM_COL32(rgb[i], rgb[i + 1], rgb[i + 2], 255);
  };
  size_t white = 0, yellow = 0, other_light = 0;
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const ImU32 p = pixel(x, y);
      const unsigned r = p & 0xff, g = (p >> 8) & 0xff, b = (p >> 16) & 0xff;
      if (r > 240 && g > 240 && b > 240) white++;
      else if (r > 240 && g > 240 && b < 40) yellow++;
      else if (r + g + b > 600) other_light++;
    }
  }
  EXPECT_EQ(pixel(width - 5, height - 5), IM_COL32(0, 0, 0, 255)) << "the page is black";
  EXPECT_GT(white, 1000u) << "white text";
  EXPECT_GT(yellow, 100u) << "the yellow focus ring";
  // The ring's top edge lies just above the focused widget.
  bool ring_above = false;
  for (int dy = 1; dy <= 6 && !ring_above; ++dy) {
    const int y = static_cast<int>(focus.y) - dy, x = static_cast<int>(focus.x + focus.width / 2);
    if (y >= 0 && pixel(x, y) == IM_COL32(255, 255, 0, 255)) ring_above = true;
  }
  EXPECT_TRUE(ring_above);

  if (const char* dir = std::getenv("FHL_UI_SCREENSHOT_DIR"); dir && *dir) {
    EXPECT_TRUE(testing::WritePng(std::string(dir) + "/high-contrast-150.png", rgb, width, height));
  }
  io.FontGlobalScale = 1.0f;
  SetDisplayPrefs(DisplayPrefs{});
}

}  // namespace
}  // namespace fhl::ui
