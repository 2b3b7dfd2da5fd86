// keyboard_nav_test.cpp: keyboard-only use of the dashboard (ui/keyboard_nav.h) over a real Lab: Tab reaches every
// navigation entry in order, Space opens it, Shift+Tab goes back, and Tab leaves the dashboard at both ends.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/lab.h"
#include "ui/dashboard.h"
#include "ui/keyboard_nav.h"
#include "ui_harness.h"

namespace fhl::ui {
namespace {

constexpr int kTab = 9, kSpace = 32, kEnter = 13, kEscape = 27;

class KeyboardNavTest : public ::testing::Test {
 protected:
  KeyboardNavTest() : harness_(1440, 900, /*wrap_widget_frames=*/false), dashboard_(lab_, controls_) {
    ImGuiIO& io = ImGui::GetIO();
    io.KeyMap[ImGuiKey_Tab] = kTab;
    io.KeyMap[ImGuiKey_Space] = kSpace;
    io.KeyMap[ImGuiKey_Enter] = kEnter;
    io.KeyMap[ImGuiKey_Escape] = kEscape;
    TakeKeyboardExit();  // nothing left over from another test
    Frames(3);
  }

  void Frames(int n) {
    for (int i = 0; i < n; ++i) harness_.Frame([&] { dashboard_.Draw(); });
  }
  // Key down for one frame, up, then frames for ImGui to apply the move and for skipped widgets.
  void Press(int key, bool shift = false) {
    ImGuiIO& io = ImGui::GetIO();
    io.KeyShift = shift;
    io.KeysDown[key] = true;
    Frames(1);
    io.KeysDown[key] = false;
    io.KeyShift = false;
    Frames(1);
    for (int i = 0; i < 300 && KeyboardNavPending(); ++i) Frames(1);
    Frames(1);
  }
  static bool Same(const WidgetRect& a, const WidgetRect& b) {
    return a.visible && b.visible && std::abs(a.x - b.x) < 0.5f && std::abs(a.y - b.y) < 0.5f &&
           std::abs(a.width - b.width) < 0.5f && std::abs(a.height - b.height) < 0.5f;
  }
  // Tabs until the focus ring is on `name` (at most `limit` presses); returns the number of presses or -1.
  int TabTo(const std::string& name, int limit = 80, bool shift = false) {
    for (int i = 1; i <= limit; ++i) {
      Press(kTab, shift);
      if (TakeKeyboardExit() != 0) return -1;
      if (Same(KeyboardFocusRect(), FindWidget(name))) return i;
    }
    return -1;
  }

  testing::ImGuiHarness harness_;
  Lab lab_;
  SimControls controls_;
  Dashboard dashboard_;
};

TEST_F(KeyboardNavTest, TabReachesTheNavigationAndSpaceOpensS3) {
  ASSERT_FALSE(FindWidget("S3/Bucket/" + lab_.lab_bucket_name()).visible) << "the lab starts in Firehose";
  const int firehose = TabTo("Nav/Firehose");
  ASSERT_GT(firehose, 0) << "Tab reaches Nav/Firehose";
  EXPECT_TRUE(KeyboardFocusRect().visible);
  // The navigation entries come one after the other in the Tab order.
  EXPECT_EQ(TabTo("Nav/S3", 1), 1);
  Press(kSpace);
  Frames(3);
  EXPECT_TRUE(FindWidget("S3/Bucket/" + lab_.lab_bucket_name()).visible) << "Space pressed Nav/S3";
  EXPECT_TRUE(Same(KeyboardFocusRect(), FindWidget("Nav/S3"))) << "focus stays on the pressed entry";
  // Shift+Tab goes back to the entry before.
  EXPECT_EQ(TabTo("Nav/Firehose", 1, /*shift=*/true), 1);
}

TEST_F(KeyboardNavTest, TabLeavesAfterTheLastWidgetAndShiftTabBeforeTheFirst) {
  EnterKeyboardNav(+1);
  Frames(4);
  ASSERT_TRUE(KeyboardFocusRect().visible) << "entering from before focuses the first widget";
  const WidgetRect first = KeyboardFocusRect();
  Press(kTab, /*shift=*/true);
  EXPECT_EQ(TakeKeyboardExit(), -1) << "Shift+Tab on the first widget leaves the dashboard";
  EXPECT_FALSE(KeyboardFocusRect().visible) << "no focus ring once the focus left";

  EnterKeyboardNav(-1);
  Frames(4);
  ASSERT_TRUE(KeyboardFocusRect().visible) << "entering from after focuses the last widget";
  EXPECT_FALSE(Same(KeyboardFocusRect(), first));
  Press(kTab);
  EXPECT_EQ(TakeKeyboardExit(), +1) << "Tab on the last widget leaves the dashboard";

  // A full round: from the first widget, Tab visits a number of widgets and then leaves, never stuck.
  EnterKeyboardNav(+1);
  Frames(4);
  std::vector<WidgetRect> seen;
  int exit = 0;
  for (int i = 0; i < 200 && exit == 0; ++i) {
    Press(kTab);
    exit = TakeKeyboardExit();
    if (exit == 0) {
      ASSERT_TRUE(KeyboardFocusRect().visible) << "after Tab " << i + 1;
      if (!seen.empty()) {
        EXPECT_FALSE(Same(seen.back(), KeyboardFocusRect())) << "Tab " << i + 1 << " moved";
      }
      seen.push_back(KeyboardFocusRect());
    }
  }
  EXPECT_EQ(exit, +1);
  EXPECT_GE(seen.size(), 8u) << "clock bar buttons, navigation entries and the panel's widgets";
}

TEST_F(KeyboardNavTest, EscapeLeavesATextFieldAndTabGoesOn) {
  // S3's filter is a text field: reach it by Tab (it becomes active for typing), then Escape ends the editing.
  harness_.Click("Nav/Lab bucket", [&] { dashboard_.Draw(); });
  Frames(2);
  ASSERT_TRUE(FindWidget("S3/Filter").visible);
  EnterKeyboardNav(+1);
  Frames(4);
  ASSERT_GT(TabTo("S3/Filter", 120), 0);
  Frames(2);
  EXPECT_TRUE(ImGui::GetIO().WantTextInput) << "tabbing into a text field starts editing";
  Press(kEscape);
  EXPECT_FALSE(ImGui::GetIO().WantTextInput) << "Escape leaves the text field";
  Press(kTab);
  EXPECT_EQ(TakeKeyboardExit(), 0);
  EXPECT_TRUE(KeyboardFocusRect().visible);
  EXPECT_FALSE(Same(KeyboardFocusRect(), FindWidget("S3/Filter"))) << "Tab moved on from the field";
}

}  // namespace
}  // namespace fhl::ui
