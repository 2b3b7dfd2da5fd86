// panels_test.cpp: the Firehose, Monitoring, S3 and clock panels over a fake Lab::Call (fake_aws.h), driven by
// clicks on their TrackWidget names in a headless ImGui context.
#include <gtest/gtest.h>

#include <functional>

#include "fake_aws.h"
#include "ui/clock_bar.h"
#include "ui/firehose_panel.h"
#include "ui/s3_panel.h"
#include "ui/theme.h"
#include "ui_harness.h"

namespace fhl::ui {
namespace {

using testing::FakeAws;

class PanelTest : public ::testing::Test {
 protected:
  PanelTest() : cache_(aws_.MakeCache()), harness_(1440, 1000) {
    ApplyTheme();
    ctx_.api = &cache_;
    ctx_.hooks = &hooks_;
    ctx_.controls = &controls_;
    SyncClock();
  }
  void SyncClock() {
    ctx_.sim_now_s = aws_.now_s;
    ctx_.sim_now = FromEpochSeconds(aws_.now_s);
  }
  std::function<void()> Draw(std::function<void()> panel) {
    return [this, panel] {
      cache_.BeginFrame(ImGui::GetTime());
      SyncClock();
      testing::FullScreenWindow(panel);
    };
  }
  void Frames(const std::function<void()>& draw, int n = 2) {
    for (int i = 0; i < n; ++i) harness_.Frame(draw);
  }
  bool Click(const std::string& name, const std::function<void()>& draw) { return harness_.Click(name, draw); }

  FakeAws aws_;
  ApiCache cache_;
  PlatformHooks hooks_;
  SimControls controls_;
  UiContext ctx_;
  testing::ImGuiHarness harness_;
};

// [SECTION] Firehose

TEST_F(PanelTest, StreamListOpensDetailsWithTabs) {
  FirehosePanel panel;
  auto draw = Draw([&] { panel.Draw(ctx_); });
  Frames(draw);
  ASSERT_TRUE(FindWidget("Firehose/Stream/ie-tech-mba-stream").visible);
  ASSERT_TRUE(Click("Firehose/Stream/ie-tech-mba-stream", draw));
  EXPECT_EQ(panel.selected_stream(), "ie-tech-mba-stream");
  EXPECT_TRUE(FindWidget("Firehose/Tab/Monitoring").visible);
  EXPECT_TRUE(FindWidget("Firehose/Tab/Configuration").visible);
  EXPECT_TRUE(FindWidget("Firehose/Tab/Test with demo data").visible);
  ASSERT_TRUE(Click("Firehose/Back", draw));
  EXPECT_TRUE(panel.selected_stream().empty());
}

TEST_F(PanelTest, StartAndStopDemoData) {
  FirehosePanel panel;
  auto draw = Draw([&] { panel.Draw(ctx_); });
  panel.OpenStream(aws_.stream);
  Frames(draw);
  ASSERT_TRUE(Click("Firehose/Tab/Test with demo data", draw));
  ASSERT_TRUE(FindWidget("Firehose/Start sending demo data").visible);
  ASSERT_TRUE(Click("Firehose/Start sending demo data", draw));
  EXPECT_TRUE(aws_.demo_running);
  EXPECT_EQ(aws_.last_write["RecordsPerSecond"], 100);
  EXPECT_EQ(aws_.last_write["DeliveryStreamName"], aws_.stream);
  ASSERT_FALSE(ctx_.flashes.empty());
  EXPECT_EQ(ctx_.flashes.back().kind, Flash::Kind::kSuccess);
  aws_.records_sent = 1234;
  aws_.generation++;
  Frames(draw);
  EXPECT_TRUE(FindWidget("Firehose/Demo/Stats").visible);
  ASSERT_TRUE(Click("Firehose/Stop sending demo data", draw));
  EXPECT_FALSE(aws_.demo_running);
}

TEST_F(PanelTest, FailedWriteBecomesAnErrorFlash) {
  FirehosePanel panel;
  auto draw = Draw([&] { panel.Draw(ctx_); });
  panel.OpenStream(aws_.stream, FirehosePanel::Tab::kDemo);
  Frames(draw);
  aws_.failures["Lab.StartDemoData"] = ApiError{"ResourceInUseException", "Firehose is not ACTIVE.", 400};
  ASSERT_TRUE(Click("Firehose/Start sending demo data", draw));
  ASSERT_FALSE(ctx_.flashes.empty());
  EXPECT_EQ(ctx_.flashes.back().kind, Flash::Kind::kError);
  EXPECT_NE(ctx_.flashes.back().text.find("ResourceInUseException: Firehose is not ACTIVE."), std::string::npos);
}

TEST_F(PanelTest, FailedReadShowsBannerWithoutTabs) {
  FirehosePanel panel;
  auto draw = Draw([&] { panel.Draw(ctx_); });
  panel.OpenStream("missing-stream");
  Frames(draw);
  EXPECT_FALSE(FindWidget("Firehose/Tab/Monitoring").visible);
  aws_.failures["Firehose.ListDeliveryStreams"] = ApiError{"ServiceUnavailableException", "Slow down.", 400};
  panel.OpenStream(std::string());
  Frames(draw);
  EXPECT_FALSE(FindWidget("Firehose/Stream/ie-tech-mba-stream").visible);
}

TEST_F(PanelTest, EditBufferingHintsCallsUpdateDestination) {
  FirehosePanel panel;
  auto draw = Draw([&] { panel.Draw(ctx_); });
  panel.OpenStream(aws_.stream, FirehosePanel::Tab::kConfiguration);
  Frames(draw);
  ASSERT_TRUE(Click("Firehose/Edit buffering hints", draw));
  ASSERT_TRUE(FindWidget("Firehose/Save buffering hints").visible);
  ASSERT_TRUE(Click("Firehose/Save buffering hints", draw));
  EXPECT_EQ(aws_.last_write["CurrentDeliveryStreamVersionId"], "1");
  EXPECT_EQ(aws_.last_write["DestinationId"], "destinationId-000000000001");
  EXPECT_EQ(aws_.last_write["ExtendedS3DestinationUpdate"]["BufferingHints"]["IntervalInSeconds"], 60);
  EXPECT_EQ(aws_.version, 2);
  EXPECT_FALSE(FindWidget("Firehose/Save buffering hints").visible);
}

TEST_F(PanelTest, DestinationBucketLinkRequestsS3Navigation) {
  FirehosePanel panel;
  auto draw = Draw([&] { panel.Draw(ctx_); });
  panel.OpenStream(aws_.stream, FirehosePanel::Tab::kConfiguration);
  Frames(draw);
  ASSERT_TRUE(Click("Firehose/Destination bucket", draw));
  EXPECT_TRUE(ctx_.nav.pending);
  EXPECT_EQ(ctx_.nav.section, Section::kS3);
  EXPECT_EQ(ctx_.nav.bucket, aws_.bucket);
}

// [SECTION] Monitoring

TEST_F(PanelTest, MonitoringAsksForPerSecondExpressionAndDrawsCharts) {
  FirehosePanel panel;
  auto draw = Draw([&] { panel.Draw(ctx_); });
  panel.OpenStream(aws_.stream);
  Frames(draw, 3);
  const Json& r = aws_.last_metric_request;
  ASSERT_TRUE(r.contains("MetricDataQueries"));
  const Json& q = r["MetricDataQueries"];
  EXPECT_EQ(q[0]["Id"], "m1");
  EXPECT_EQ(q[0]["MetricStat"]["Metric"]["MetricName"], "IncomingRecords");
  EXPECT_EQ(q[0]["MetricStat"]["Metric"]["Dimensions"][0]["Value"], aws_.stream);
  EXPECT_EQ(q[0]["MetricStat"]["Stat"], "Sum");
  EXPECT_EQ(q[0]["ReturnData"], false);
  EXPECT_EQ(q[1]["Expression"], "m1/PERIOD(m1)");
  EXPECT_EQ(r["EndTime"].get<double>() - r["StartTime"].get<double>(), 900);
  EXPECT_EQ(r["ScanBy"], "TimestampAscending");
  EXPECT_TRUE(FindWidget("Firehose/Monitoring/Chart/Incoming records (per second)").visible);
  EXPECT_TRUE(FindWidget("Firehose/Monitoring/Chart/Delivery to Amazon S3 data freshness").visible);

  ASSERT_TRUE(Click("Firehose/Monitoring/Range/24h", draw));
  const Json& r24 = aws_.last_metric_request;
  EXPECT_EQ(r24["EndTime"].get<double>() - r24["StartTime"].get<double>(), 86400);
  EXPECT_GE(r24["MetricDataQueries"][0]["MetricStat"]["Period"].get<int>(), 60);
}

TEST_F(PanelTest, MonitoringAutoRefreshFollowsSimulatedTime) {
  FirehosePanel panel;
  auto draw = Draw([&] { panel.Draw(ctx_); });
  panel.OpenStream(aws_.stream);
  harness_.set_delta_time(0.1f);
  Frames(draw, 3);
  int calls = aws_.CountCalls("CloudWatch.GetMetricData");
  // Paused clock: nothing to refresh, however many frames.
  Frames(draw, 20);
  EXPECT_EQ(aws_.CountCalls("CloudWatch.GetMetricData"), calls);
  // 5 s of lab time: below the 10 s auto-refresh.
  aws_.now_s += 5;
  aws_.generation++;
  Frames(draw, 5);
  EXPECT_EQ(aws_.CountCalls("CloudWatch.GetMetricData"), calls);
  aws_.now_s += 5;
  aws_.generation++;
  Frames(draw, 5);
  EXPECT_EQ(aws_.CountCalls("CloudWatch.GetMetricData"), calls + 1);
}

TEST_F(PanelTest, MonitoringDeliveryMarkersRefreshIncrementally) {
  for (int i = 0; i < 30; ++i)
    aws_.deliveries.push_back({{"Time", aws_.now_s - 600 + i * 60}, {"Reason", "BufferingInterval"}, {"Bucket", aws_.bucket},
                               {"Key", "k" + std::to_string(i)}, {"Records", 100}, {"Bytes", 7000}, {"Success", true}});
  FirehosePanel panel;
  auto draw = Draw([&] { panel.Draw(ctx_); });
  panel.OpenStream(aws_.stream);
  harness_.set_delta_time(0.3f);
  Frames(draw, 3);
  EXPECT_EQ(panel.monitoring().delivery_count(), 10u);  // the 15-minute window holds the 10 past deliveries
  for (int step = 0; step < 5; ++step) {  // one minute of lab time per step: one more delivery each
    aws_.now_s += 60;
    aws_.generation++;
    Frames(draw, 2);
  }
  EXPECT_EQ(panel.monitoring().delivery_count(), 15u);
  int lists = aws_.CountCalls("Lab.ListDeliveries");
  aws_.now_s += 900;  // everything older slides out of the window
  aws_.generation++;
  Frames(draw, 2);
  EXPECT_EQ(panel.monitoring().delivery_count(), 15u);  // deliveries at now-600+.. up to the 30th
  EXPECT_GT(aws_.CountCalls("Lab.ListDeliveries"), lists);
}

TEST_F(PanelTest, MonitoringShowsMetricErrors) {
  aws_.failures["CloudWatch.GetMetricData"] = ApiError{"InvalidParameterCombination", "Bad period.", 400};
  FirehosePanel panel;
  auto draw = Draw([&] { panel.Draw(ctx_); });
  panel.OpenStream(aws_.stream);
  Frames(draw, 3);  // must not crash; charts show "No data available."
  EXPECT_TRUE(FindWidget("Firehose/Monitoring/Chart/Incoming records (per second)").visible);
}

TEST(MonitoringPeriodTest, EffectivePeriod) {
  EXPECT_EQ(MonitoringPanel::EffectivePeriod(300, 0), 5);
  EXPECT_EQ(MonitoringPanel::EffectivePeriod(900, 0), 5);
  EXPECT_EQ(MonitoringPanel::EffectivePeriod(3600, 0), 30);
  EXPECT_EQ(MonitoringPanel::EffectivePeriod(86400, 0), 900);
  EXPECT_EQ(MonitoringPanel::EffectivePeriod(86400, 1), 60);  // sub-minute only within 3 hours
  EXPECT_EQ(MonitoringPanel::EffectivePeriod(10800, 1), 1);
}

// [SECTION] S3

TEST_F(PanelTest, BrowseBucketFoldersAndOpenObject) {
  std::string key = "stocks/2026/01/01/00/ie-tech-mba-stream-1-2026-01-01-00-01-00-1b0f5c7e-2d4a-4f7e-9a51-0c3b6d8e2f41";
  aws_.AddObject(key, testing::DemoBody(25));
  S3Panel panel;
  auto draw = Draw([&] { panel.Draw(ctx_); });
  Frames(draw);
  ASSERT_TRUE(Click("S3/Bucket/" + aws_.bucket, draw));
  for (const char* folder : {"stocks/", "stocks/2026/", "stocks/2026/01/", "stocks/2026/01/01/", "stocks/2026/01/01/00/"}) {
    ASSERT_TRUE(Click(std::string("S3/Folder/") + folder, draw)) << folder;
    EXPECT_EQ(panel.prefix(), folder);
  }
  ASSERT_TRUE(Click("S3/Object/" + key, draw));
  EXPECT_TRUE(panel.viewer().is_open());
  EXPECT_EQ(panel.viewer().body(), testing::DemoBody(25));
  EXPECT_TRUE(FindWidget("S3/Viewer/Raw").visible);
  ASSERT_TRUE(Click("S3/Viewer/Pretty", draw));
  EXPECT_EQ(panel.viewer().document_count(), 25u);
  EXPECT_TRUE(FindWidget("S3/Viewer/Document count").visible);
  // Breadcrumb back to a folder closes the viewer.
  ASSERT_TRUE(Click("S3/Breadcrumb/stocks/2026/", draw));
  EXPECT_FALSE(panel.viewer().is_open());
  EXPECT_EQ(panel.prefix(), "stocks/2026/");
}

TEST_F(PanelTest, ObjectInAScrollingTableOpens) {
  for (int i = 0; i < 60; ++i) aws_.objects["f/obj-" + std::to_string(100 + i)] = "{}";
  aws_.generation++;
  S3Panel panel;
  panel.Open(aws_.bucket, "f/");
  auto draw = Draw([&] { panel.Draw(ctx_); });
  Frames(draw);
  ASSERT_TRUE(Click("S3/Object/f/obj-101", draw));
  EXPECT_TRUE(panel.viewer().is_open());
  EXPECT_EQ(panel.viewer().key(), "f/obj-101");
}

TEST_F(PanelTest, ViewerDownloadAndCopyUseThePlatformHooks) {
  std::string key = "stocks/2026/01/01/00/obj-1";
  aws_.AddObject(key, "{\"a\":1}");
  std::string downloaded_name, downloaded_bytes, clipboard;
  hooks_.download = [&](const std::string& name, const std::string& bytes, const std::string&) {
    downloaded_name = name;
    downloaded_bytes = bytes;
  };
  hooks_.set_clipboard = [&](const std::string& text) { clipboard = text; };
  S3Panel panel;
  panel.Open(aws_.bucket, "stocks/2026/01/01/00/", key);
  auto draw = Draw([&] { panel.Draw(ctx_); });
  Frames(draw);
  ASSERT_TRUE(Click("S3/Viewer/Download", draw));
  EXPECT_EQ(downloaded_name, "obj-1");
  EXPECT_EQ(downloaded_bytes, "{\"a\":1}");
  ASSERT_TRUE(Click("S3/Viewer/Copy S3 URI", draw));
  EXPECT_EQ(clipboard, "s3://" + aws_.bucket + "/" + key);
  ASSERT_TRUE(Click("S3/Viewer/Copy key", draw));
  EXPECT_EQ(clipboard, key);
}

TEST_F(PanelTest, MissingObjectShowsAnErrorNotACrash) {
  S3Panel panel;
  panel.Open(aws_.bucket, "", "no/such/key");
  auto draw = Draw([&] { panel.Draw(ctx_); });
  Frames(draw);
  EXPECT_TRUE(panel.viewer().is_open());
  EXPECT_TRUE(panel.viewer().body().empty());
  EXPECT_FALSE(FindWidget("S3/Viewer/Raw").visible);
}

TEST_F(PanelTest, LargeFolderPagesByThousand) {
  for (int i = 0; i < 2500; ++i) {
    char key[64];
    std::snprintf(key, sizeof key, "big/obj-%05d", i);
    aws_.objects[key] = "{}";
  }
  aws_.generation++;
  S3Panel panel;
  panel.Open(aws_.bucket, "big/");
  auto draw = Draw([&] { panel.Draw(ctx_); });
  Frames(draw);
  EXPECT_TRUE(FindWidget("S3/Object/big/obj-00000").visible);
  EXPECT_FALSE(FindWidget("S3/Object/big/obj-00999").visible);  // clipped: only visible rows are drawn
  ASSERT_TRUE(Click("S3/Page/Next", draw));
  EXPECT_EQ(panel.page(), 1);
  EXPECT_TRUE(FindWidget("S3/Object/big/obj-01000").visible);
  ASSERT_TRUE(Click("S3/Page/Next", draw));
  EXPECT_EQ(panel.page(), 2);
  EXPECT_TRUE(FindWidget("S3/Object/big/obj-02000").visible);
  Click("S3/Page/Next", draw);  // disabled on the last page
  EXPECT_EQ(panel.page(), 2);
  ASSERT_TRUE(Click("S3/Page/Prev", draw));
  EXPECT_EQ(panel.page(), 1);
  int lists = aws_.CountCalls("S3.ListObjectsV2");
  Frames(draw, 30);  // nothing changed: no new listing calls
  EXPECT_EQ(aws_.CountCalls("S3.ListObjectsV2"), lists);
}

// [SECTION] clock bar

TEST_F(PanelTest, ClockBarControlsSpeedPauseAndSteps) {
  ClockBar bar;
  auto draw = Draw([&] { bar.Draw(ctx_, 40); });
  Frames(draw);
  ASSERT_TRUE(Click("Clock/Speed/60x", draw));
  EXPECT_EQ(controls_.speed, 60);
  ASSERT_TRUE(Click("Clock/Pause", draw));
  EXPECT_EQ(controls_.speed, 0);
  EXPECT_TRUE(FindWidget("Clock/Play").visible);
  ASSERT_TRUE(Click("Clock/Step/10s", draw));
  EXPECT_EQ(controls_.step_request_s, 10);
  ASSERT_TRUE(Click("Clock/Play", draw));
  EXPECT_EQ(controls_.speed, 60);
  ASSERT_TRUE(Click("Clock/Speed/1x", draw));
  EXPECT_EQ(controls_.speed, 1);
}

}  // namespace
}  // namespace fhl::ui
