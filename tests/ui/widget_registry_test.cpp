// widget_registry_test.cpp: named rectangles of the last completed frame, visibility and the JSON export.
#include "ui/widget_registry.h"

#include <gtest/gtest.h>

#include "core/json.h"
#include "ui_harness.h"

namespace fhl::ui {
namespace {

TEST(WidgetRegistryTest, FindsWidgetsOfTheLastCompletedFrame) {
  testing::ImGuiHarness h(800, 600);
  bool draw_second = true;
  auto draw = [&] {
    testing::FullScreenWindow([&] {
      ImGui::Button("First");
      TrackWidget("Test/First");
      if (draw_second) {
        ImGui::Button("Second \"quoted\"");
        TrackWidget("Test/Second \"quoted\"");
      }
    });
  };
  h.Frame(draw);
  WidgetRect first = FindWidget("Test/First");
  EXPECT_TRUE(first.visible);
  EXPECT_GT(first.width, 10);
  EXPECT_GT(first.height, 5);
  EXPECT_TRUE(FindWidget("Test/Second \"quoted\"").visible);
  std::optional<Json> json = ParseJson(WidgetsJson());
  ASSERT_TRUE(json.has_value());
  EXPECT_TRUE(json->contains("Test/Second \"quoted\""));
  draw_second = false;
  h.Frame(draw);
  EXPECT_FALSE(FindWidget("Test/Second \"quoted\"").visible);
  EXPECT_FALSE(FindWidget("Test/Never").visible);
}

TEST(WidgetRegistryTest, ScrolledOutWidgetsAreNotVisible) {
  testing::ImGuiHarness h(800, 600);
  auto draw = [&] {
    testing::FullScreenWindow([&] {
      ImGui::BeginChild("##scroll", ImVec2(300, 100), true);
      for (int i = 0; i < 50; ++i) {
        ImGui::Button(("Row " + std::to_string(i)).c_str());
        TrackWidget("Test/Row/" + std::to_string(i));
      }
      ImGui::EndChild();
    });
  };
  h.Frame(draw);
  h.Frame(draw);
  EXPECT_TRUE(FindWidget("Test/Row/0").visible);
  EXPECT_FALSE(FindWidget("Test/Row/40").visible);
  WidgetRect r = FindWidget("Test/Row/0");
  EXPECT_GE(r.x, 0);
  EXPECT_LE(r.y + r.height, 110);
}

TEST(WidgetRegistryTest, ClickThroughTheHarness) {
  testing::ImGuiHarness h(800, 600);
  int clicks = 0;
  auto draw = [&] {
    testing::FullScreenWindow([&] {
      if (ImGui::Button("Press me")) ++clicks;
      TrackWidget("Test/Press");
    });
  };
  h.Frame(draw);
  ASSERT_TRUE(h.Click("Test/Press", draw));
  EXPECT_EQ(clicks, 1);
}

}  // namespace
}  // namespace fhl::ui
