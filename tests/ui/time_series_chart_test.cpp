// time_series_chart_test.cpp: nice ticks, time steps and labels, and the chart's draw cost and hover behaviour.
#include "ui/time_series_chart.h"

#include <gtest/gtest.h>

#include <vector>

#include "ui_harness.h"

namespace fhl::ui {
namespace {

TEST(NiceTicksTest, CoversTheRangeWithRoundSteps) {
  std::vector<double> t = NiceTicks(0, 97, 5);
  EXPECT_EQ(t.front(), 0);
  EXPECT_GE(t.back(), 97);
  EXPECT_EQ(t[1] - t[0], 20);
  EXPECT_LE(t.size(), 7u);
  t = NiceTicks(0, 0.3, 3);
  EXPECT_DOUBLE_EQ(t[1], 0.1);
  EXPECT_DOUBLE_EQ(t.back(), 0.3);
  t = NiceTicks(-12, 48, 4);
  EXPECT_LE(t.front(), -12);
  EXPECT_GE(t.back(), 48);
  EXPECT_EQ(t[1] - t[0], 20);
}

TEST(NiceTicksTest, EmptyRangeStillHasAnAxis) {
  std::vector<double> t = NiceTicks(0, 0, 4);
  EXPECT_GE(t.size(), 2u);
  EXPECT_GT(t.back(), t.front());
}

TEST(NiceTimeStepTest, PicksClockFriendlySteps) {
  EXPECT_EQ(NiceTimeStep(300, 6), 60);
  EXPECT_EQ(NiceTimeStep(900, 8), 120);
  EXPECT_EQ(NiceTimeStep(3600, 8), 600);
  EXPECT_EQ(NiceTimeStep(86400, 8), 10800);
  EXPECT_EQ(NiceTimeStep(60, 10), 10);
}

TEST(FormatTimeTickTest, UtcLabels) {
  double t = 1767225600 + 3600 + 5 * 60;  // 2026-01-01 01:05:00
  EXPECT_EQ(FormatTimeTick(t, 300), "01:05");
  EXPECT_EQ(FormatTimeTick(t + 30, 10), "01:05:30");
  EXPECT_EQ(FormatTimeTick(1767225600 + 86400, 3 * 3600), "Jan 2");
}

TEST(FormatValueTest, TooltipValues) {
  EXPECT_EQ(FormatTooltipValue(1234, ValueFormat::kNumber), "1,234");
  EXPECT_EQ(FormatTooltipValue(1.5, ValueFormat::kNumber), "1.5");
  EXPECT_EQ(FormatTooltipValue(2048, ValueFormat::kBytes), "2.0 KB");
  EXPECT_EQ(FormatTooltipValue(42, ValueFormat::kSeconds), "42 s");
  EXPECT_EQ(FormatAxisValue(1500, ValueFormat::kBytes), "1.5k");
}

struct ChartFixture {
  std::vector<double> times, values;
  std::vector<ChartMarker> markers;
  ChartFixture(int points, double period, int marker_count) {
    for (int i = 0; i < points; ++i) {
      times.push_back(1767225600.0 + i * period);
      values.push_back(100 + (i % 17));
    }
    for (int i = 0; i < marker_count; ++i)
      markers.push_back({1767225600.0 + i * 60.0, IM_COL32(0, 128, 128, 255), i % 2 ? "size" : "interval"});
  }
  ChartHover Draw(double span_s, double period) {
    ChartSeries s;
    s.label = "Incoming records";
    s.times_s = times.data();
    s.values = values.data();
    s.count = static_cast<int>(times.size());
    s.color = IM_COL32(0, 0, 255, 255);
    ChartOptions o;
    o.start_s = 1767225600.0;
    o.end_s = 1767225600.0 + span_s;
    o.period_s = period;
    return DrawTimeSeriesChart("chart", o, &s, 1, markers.data(), static_cast<int>(markers.size()));
  }
};

TEST(TimeSeriesChartTest, DenseSeriesCostIsBoundedByWidth) {
  testing::ImGuiHarness h(800, 400);
  ChartFixture f(86400, 1, 0);  // a day of 1-second points
  int dense = h.Frame([&] { testing::FullScreenWindow([&] { f.Draw(86400, 1); }); });
  ChartFixture small(100, 1, 0);
  int sparse = h.Frame([&] { testing::FullScreenWindow([&] { small.Draw(100, 1); }); });
  EXPECT_LT(dense, 40000);  // min/max per pixel column: a few vertices per column, not 86,400 points
  EXPECT_GT(dense, sparse / 4);
}

TEST(TimeSeriesChartTest, HoverSnapsToDatapointAndMarker) {
  testing::ImGuiHarness h(800, 400);
  ChartFixture f(60, 60, 60);
  ChartHover hover;
  h.MoveMouse(400, 100);
  for (int i = 0; i < 3; ++i) h.Frame([&] { testing::FullScreenWindow([&] { hover = f.Draw(3600, 60); }); });
  EXPECT_TRUE(hover.hovered);
  EXPECT_GE(hover.point, 0);
  EXPECT_LT(hover.point, 60);
  h.MoveMouse(-100, -100);
  h.Frame([&] { testing::FullScreenWindow([&] { hover = f.Draw(3600, 60); }); });
  EXPECT_FALSE(hover.hovered);
}

TEST(TimeSeriesChartTest, EmptySeriesDrawsNoDataText) {
  testing::ImGuiHarness h(800, 400);
  ChartFixture f(0, 60, 0);
  int vertices = h.Frame([&] { testing::FullScreenWindow([&] { f.Draw(900, 60); }); });
  EXPECT_GT(vertices, 0);
}

}  // namespace
}  // namespace fhl::ui
