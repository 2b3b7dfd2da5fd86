// dashboard_test.cpp: the whole Dashboard over a real Lab, headless: navigation, the student's flow (start demo data,
// watch deliveries land, open an object), idle behaviour and the widget registry.
#include "ui/dashboard.h"

#include <gtest/gtest.h>

#include "core/lab.h"
#include "ui/widget_registry.h"
#include "ui_harness.h"

namespace fhl::ui {
namespace {

class DashboardTest : public ::testing::Test {
 protected:
  DashboardTest() : harness_(1440, 1000, /*wrap_widget_frames=*/false), dashboard_(lab_, controls_, Hooks()) {}

  PlatformHooks Hooks() {
    PlatformHooks hooks;
    hooks.download = [this](const std::string& name, const std::string& bytes, const std::string&) {
      downloaded_name_ = name;
      downloaded_bytes_ = bytes;
    };
    hooks.set_clipboard = [this](const std::string& text) { clipboard_ = text; };
    return hooks;
  }
  void Frames(int n = 2) {
    for (int i = 0; i < n; ++i) harness_.Frame(draw_);
  }
  bool Click(const std::string& name) { return harness_.Click(name, draw_); }
  // Simulated time passes (as the platform loop would do at speed x wall time), with a frame after each step.
  void AdvanceSeconds(int seconds, int step_s = 5) {
    for (int t = 0; t < seconds; t += step_s) {
      lab_.Advance(static_cast<TimeUs>(step_s) * kUsPerSecond);
      harness_.Frame(draw_);
    }
  }
  Json CallOk(std::string_view service, std::string_view action, const Json& request) {
    Response r = lab_.Call(service, action, request);
    EXPECT_TRUE(r.ok()) << (r.error ? r.error->code + ": " + r.error->message : std::string());
    return r.body;
  }

  Lab lab_;
  SimControls controls_;
  testing::ImGuiHarness harness_;
  Dashboard dashboard_;
  std::function<void()> draw_ = [this] { dashboard_.Draw(); };
  std::string downloaded_name_, downloaded_bytes_, clipboard_;
};

TEST_F(DashboardTest, FirstFrameShowsNavigationClockAndTheLabStream) {
  Frames();
  EXPECT_TRUE(FindWidget("Nav/Firehose").visible);
  EXPECT_TRUE(FindWidget("Nav/S3").visible);
  EXPECT_TRUE(FindWidget("Clock/Time").visible);
  EXPECT_TRUE(FindWidget("Clock/Pause").visible);
  EXPECT_TRUE(FindWidget("Firehose/Stream/" + lab_.lab_stream_name()).visible);
  std::optional<Json> widgets = ParseJson(WidgetsJson());
  ASSERT_TRUE(widgets.has_value());
  EXPECT_TRUE(widgets->contains("Nav/S3"));
}

TEST_F(DashboardTest, StudentFlowFromDemoDataToAnObject) {
  Frames();
  ASSERT_TRUE(Click("Firehose/Stream/" + lab_.lab_stream_name()));
  ASSERT_TRUE(Click("Firehose/Tab/Test with demo data"));
  ASSERT_TRUE(Click("Firehose/Start sending demo data"));
  Json demo = CallOk("Lab", "DescribeDemoData", {{"DeliveryStreamName", lab_.lab_stream_name()}});
  EXPECT_TRUE(demo["Running"].get<bool>());
  AdvanceSeconds(130);
  EXPECT_TRUE(FindWidget("Firehose/Demo/Stats").visible);
  Json deliveries = CallOk("Lab", "ListDeliveries", {{"DeliveryStreamName", lab_.lab_stream_name()}});
  ASSERT_FALSE(deliveries["Deliveries"].empty());
  std::string key = deliveries["Deliveries"][0]["Key"].get<std::string>();

  ASSERT_TRUE(Click("Firehose/Tab/Monitoring"));
  EXPECT_TRUE(FindWidget("Firehose/Monitoring/Chart/Incoming records (per second)").visible);
  ASSERT_TRUE(Click("Firehose/Tab/Test with demo data"));
  ASSERT_TRUE(Click("Firehose/Stop sending demo data"));
  EXPECT_FALSE(CallOk("Lab", "DescribeDemoData", {{"DeliveryStreamName", lab_.lab_stream_name()}})["Running"].get<bool>());

  // Browse to the object through the folders, as a student would.
  ASSERT_TRUE(Click("Nav/S3"));
  ASSERT_TRUE(Click("S3/Bucket/" + lab_.lab_bucket_name()));
  std::string prefix;
  for (size_t slash = key.find('/'); slash != std::string::npos; slash = key.find('/', slash + 1)) {
    prefix = key.substr(0, slash + 1);
    ASSERT_TRUE(Click("S3/Folder/" + prefix)) << prefix;
  }
  ASSERT_TRUE(Click("S3/Object/" + key));
  EXPECT_TRUE(FindWidget("S3/Viewer/Raw").visible);
  ASSERT_TRUE(Click("S3/Viewer/Pretty"));
  EXPECT_TRUE(FindWidget("S3/Viewer/Document count").visible);
  ASSERT_TRUE(Click("S3/Viewer/Download"));
  EXPECT_EQ(downloaded_name_, key.substr(key.rfind('/') + 1));
  EXPECT_FALSE(downloaded_bytes_.empty());
  ASSERT_TRUE(Click("S3/Viewer/Copy S3 URI"));
  EXPECT_EQ(clipboard_, "s3://" + lab_.lab_bucket_name() + "/" + key);
}

TEST_F(DashboardTest, DeliveryLinkOpensTheObjectInS3) {
  CallOk("Lab", "StartDemoData", {{"DeliveryStreamName", lab_.lab_stream_name()}});
  lab_.Advance(70 * kUsPerSecond);
  Json deliveries = CallOk("Lab", "ListDeliveries", {{"DeliveryStreamName", lab_.lab_stream_name()}});
  ASSERT_FALSE(deliveries["Deliveries"].empty());
  std::string key = deliveries["Deliveries"][0]["Key"].get<std::string>();
  Frames();
  ASSERT_TRUE(Click("Firehose/Stream/" + lab_.lab_stream_name()));
  ASSERT_TRUE(Click("Firehose/Tab/Test with demo data"));
  ASSERT_TRUE(Click("Firehose/Delivery/" + key));
  Frames();
  EXPECT_TRUE(FindWidget("S3/Viewer/Raw").visible);
}

TEST_F(DashboardTest, ClockBarDrivesSimControls) {
  Frames();
  ASSERT_TRUE(Click("Clock/Speed/60x"));
  EXPECT_EQ(controls_.speed, 60);
  ASSERT_TRUE(Click("Clock/Pause"));
  EXPECT_EQ(controls_.speed, 0);
  ASSERT_TRUE(Click("Clock/Step/1min"));
  EXPECT_EQ(controls_.step_request_s, 60);
}

TEST_F(DashboardTest, IdleDashboardStopsAnimating) {
  Frames(3);
  for (int i = 0; i < 30; ++i) harness_.Frame(draw_);  // half a second of wall time, nothing changes
  EXPECT_FALSE(dashboard_.WantsAnimation());
}

TEST_F(DashboardTest, LabStreamNavLinkOpensItsDetails) {
  Frames();
  ASSERT_TRUE(Click("Nav/Lab stream"));
  EXPECT_TRUE(FindWidget("Firehose/Tab/Monitoring").visible);
  ASSERT_TRUE(Click("Nav/Lab bucket"));
  EXPECT_TRUE(FindWidget("S3/Folder/stocks/").visible || FindWidget("S3/Filter").visible);
}

}  // namespace
}  // namespace fhl::ui
