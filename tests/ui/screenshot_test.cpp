// screenshot_test.cpp: renders dashboard scenes over a real Lab with the page's fonts (fonts.h) on the CPU and saves
// PNGs for visual review. Runs only when FHL_UI_SCREENSHOT_DIR names an existing folder; skipped otherwise.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "core/lab.h"
#include "software_renderer.h"
#include "ui/dashboard.h"
#include "ui/fonts.h"
#include "ui_harness.h"

namespace fhl::ui {
namespace {

TEST(ScreenshotTest, SavesDashboardScenes) {
  const char* dir = std::getenv("FHL_UI_SCREENSHOT_DIR");
  if (!dir || !*dir) GTEST_SKIP() << "set FHL_UI_SCREENSHOT_DIR to a folder to write PNG screenshots";
  const int width = 1440, height = 900;
  testing::ImGuiHarness harness(width, height, /*wrap_widget_frames=*/false);
  testing::LoadPageFonts();
  testing::SoftwareTexture texture = testing::SoftwareTexture::FromFontAtlas();

  Lab lab;
  SimControls controls;
  Dashboard dashboard(lab, controls);
  auto draw = [&] { dashboard.Draw(); };
  lab.Call("Lab", "StartDemoData", {{"DeliveryStreamName", lab.lab_stream_name()}, {"RecordsPerSecond", 100}});
  for (int s = 0; s < 12 * 60; s += 5) lab.Advance(5 * kUsPerSecond);

  int saved = 0;
  auto shot = [&](const std::string& name) {
    for (int i = 0; i < 3; ++i) harness.Frame(draw);
    saved += testing::SaveLastFrame(texture, width, height, std::string(dir) + "/" + name + ".png") ? 1 : 0;
  };
  shot("01-firehose-streams");
  harness.Click("Firehose/Stream/" + lab.lab_stream_name(), draw);
  shot("02-stream-monitoring");
  harness.Click("Firehose/Tab/Configuration", draw);
  shot("03-stream-configuration");
  harness.Click("Firehose/Tab/Test with demo data", draw);
  shot("04-stream-demo-data");
  harness.Click("Nav/S3", draw);
  shot("05-s3-buckets");
  harness.Click("Nav/Lab bucket", draw);
  harness.Click("S3/Folder/stocks/", draw);
  shot("06-s3-bucket-stocks");
  Response list = lab.Call("Lab", "ListDeliveries", {{"DeliveryStreamName", lab.lab_stream_name()}});
  ASSERT_TRUE(list.ok());
  ASSERT_FALSE(list.body["Deliveries"].empty());
  std::string key = list.body["Deliveries"][0]["Key"].get<std::string>();
  std::string prefix = "stocks/";
  for (size_t slash = key.find('/', prefix.size()); slash != std::string::npos; slash = key.find('/', slash + 1)) {
    prefix = key.substr(0, slash + 1);
    harness.Click("S3/Folder/" + prefix, draw);
  }
  shot("07-s3-objects");
  harness.Click("S3/Object/" + key, draw);
  shot("08-object-raw");
  harness.Click("S3/Viewer/Pretty", draw);
  shot("09-object-pretty");
  EXPECT_EQ(saved, 9);
}

}  // namespace
}  // namespace fhl::ui
