// terminal_panel_test.cpp: the Terminal section (ui/terminal_panel.h) over a real Lab, driven by typed characters and
// keys in a headless ImGui context: Enter runs, Up/Down recall, Tab completes from the command table and the lab's
// names, Copy output and Clear; the dashboard's Nav/Terminal entry. With FHL_UI_SCREENSHOT_DIR set, also renders the
// panel to PNG for visual review.
#include <gtest/gtest.h>

#include <cstdlib>
#include <functional>
#include <string>

#include "core/lab.h"
#include "software_renderer.h"
#include "ui/api_cache.h"
#include "ui/dashboard.h"
#include "ui/terminal_panel.h"
#include "ui/theme.h"
#include "ui_harness.h"

namespace fhl::ui {
namespace {

constexpr int kTab = 9, kEnter = 13, kUp = 38, kDown = 40;

class TerminalPanelTest : public ::testing::Test {
 protected:
  TerminalPanelTest() : lab_(Options()), cache_(lab_), harness_(1440, 900) {
    ApplyTheme();
    ImGuiIO& io = ImGui::GetIO();
    io.KeyMap[ImGuiKey_Enter] = kEnter;
    io.KeyMap[ImGuiKey_Tab] = kTab;
    io.KeyMap[ImGuiKey_UpArrow] = kUp;
    io.KeyMap[ImGuiKey_DownArrow] = kDown;
    hooks_.set_clipboard = [this](const std::string& text) { clipboard_ = text; };
    ctx_.api = &cache_;
    ctx_.hooks = &hooks_;
    ctx_.controls = &controls_;
    draw_ = [this] {
      cache_.BeginFrame(ImGui::GetTime());
      testing::FullScreenWindow([this] { panel_.Draw(ctx_); });
    };
  }
  static LabOptions Options() {
    LabOptions o;
    o.start_time = 1773480360LL * kUsPerSecond;  // 2026-03-14T09:26:00Z
    o.seed = 7;
    return o;  // with the lab's stream and bucket
  }
  void Frames(int n = 2) {
    for (int i = 0; i < n; ++i) harness_.Frame(draw_);
  }
  void Key(int key) {
    ImGuiIO& io = ImGui::GetIO();
    io.KeysDown[key] = true;
    harness_.Frame(draw_);
    io.KeysDown[key] = false;
    harness_.Frame(draw_);
  }
  void Type(const std::string& text) {
    for (char c : text) {
      ImGui::GetIO().AddInputCharacter(static_cast<unsigned char>(c));
      harness_.Frame(draw_);
    }
  }
  // Clicks the input line, types a command and presses Enter.
  void Command(const std::string& line) {
    ASSERT_TRUE(harness_.Click("Terminal/Input", draw_));
    Type(line);
    Key(kEnter);
    Frames();
  }

  Lab lab_;
  ApiCache cache_;
  PlatformHooks hooks_;
  SimControls controls_;
  UiContext ctx_;
  testing::ImGuiHarness harness_;
  TerminalPanel panel_;
  std::function<void()> draw_;
  std::string clipboard_;
};

TEST_F(TerminalPanelTest, EnterRunsTheTypedCommand) {
  Frames();
  EXPECT_TRUE(FindWidget("Terminal/Input").visible);
  EXPECT_TRUE(FindWidget("Terminal/Output").visible);
  EXPECT_TRUE(FindWidget("Terminal/Status").visible);
  Command("aws firehose list-delivery-streams --output text");
  ASSERT_EQ(panel_.entries().size(), 1u);
  EXPECT_EQ(panel_.ScrollbackText(),
            "$ aws firehose list-delivery-streams --output text\nFalse\nDELIVERYSTREAMNAMES\tie-tech-mba-stream\n");
  EXPECT_EQ(panel_.input(), "");  // the line is cleared for the next command
  // The scrollback lines are drawn (tabs expanded to 8-column stops).
  ASSERT_EQ(panel_.Lines().size(), 3u);
  EXPECT_EQ(panel_.Lines()[2].text, "DELIVERYSTREAMNAMES     ie-tech-mba-stream");
  EXPECT_TRUE(FindWidget("Terminal/Line/2").visible);

  // An error: stderr text and its exit status.
  Command("aws firehose describe-delivery-stream --delivery-stream-name nope");
  ASSERT_EQ(panel_.entries().size(), 2u);
  EXPECT_EQ(panel_.entries()[1].result.exit_code, 254);
  EXPECT_NE(panel_.ScrollbackText().find("\nAn error occurred (ResourceNotFoundException) when calling the "
                                         "DescribeDeliveryStream operation: Firehose nope under account 123456789012 "
                                         "not found.\nexit status 254\n"),
            std::string::npos);

  // Writes go to the lab: put-record is counted by the stream.
  Command("aws firehose put-record --delivery-stream-name ie-tech-mba-stream --record Data=eyJhIjoxfQ==");
  EXPECT_EQ(panel_.entries()[2].result.exit_code, 0) << panel_.entries()[2].result.err;
  EXPECT_NE(panel_.entries()[2].result.out.find("\"RecordId\": \""), std::string::npos);
}

TEST_F(TerminalPanelTest, HistoryWithUpAndDown) {
  Frames();
  Command("aws s3 ls");
  Command("aws glue get-databases");
  ASSERT_EQ(panel_.history(), (std::vector<std::string>{"aws s3 ls", "aws glue get-databases"}));
  ASSERT_TRUE(harness_.Click("Terminal/Input", draw_));
  Type("aws fire");
  Key(kUp);
  EXPECT_EQ(panel_.input(), "aws glue get-databases");
  Key(kUp);
  EXPECT_EQ(panel_.input(), "aws s3 ls");
  Key(kUp);  // stays at the oldest
  EXPECT_EQ(panel_.input(), "aws s3 ls");
  Key(kDown);
  EXPECT_EQ(panel_.input(), "aws glue get-databases");
  Key(kDown);  // back to the line being typed
  EXPECT_EQ(panel_.input(), "aws fire");
  Key(kEnter);
  Frames();
  EXPECT_EQ(panel_.history().back(), "aws fire");
  EXPECT_EQ(panel_.entries().back().result.exit_code, 252);
}

TEST_F(TerminalPanelTest, TabCompletesCommandsOptionsAndLabNames) {
  Frames();
  ASSERT_TRUE(harness_.Click("Terminal/Input", draw_));
  Type("aws fire");
  Key(kTab);
  EXPECT_EQ(panel_.input(), "aws firehose ");
  Type("desc");
  Key(kTab);
  EXPECT_EQ(panel_.input(), "aws firehose describe-delivery-stream ");
  Type("--del");
  Key(kTab);
  EXPECT_EQ(panel_.input(), "aws firehose describe-delivery-stream --delivery-stream-name ");
  Key(kTab);  // the lab's only stream
  EXPECT_EQ(panel_.input(), "aws firehose describe-delivery-stream --delivery-stream-name ie-tech-mba-stream ");
  Type("--output t");
  Key(kTab);  // table and text: extended to the common prefix "t", both listed
  EXPECT_EQ(panel_.input(), "aws firehose describe-delivery-stream --delivery-stream-name ie-tech-mba-stream --output t");
  EXPECT_EQ(panel_.completions(), (std::vector<std::string>{"table", "text"}));
  Frames();
  EXPECT_TRUE(FindWidget("Terminal/Completions").visible);
  Type("e");
  Key(kTab);
  EXPECT_EQ(panel_.input(), "aws firehose describe-delivery-stream --delivery-stream-name ie-tech-mba-stream --output text ");
  EXPECT_TRUE(panel_.completions().empty());

  // s3 paths: buckets, then folders inside them.
  panel_.set_input("aws s3 ls s3://ie");
  panel_.CompleteInput(ctx_);
  EXPECT_EQ(panel_.input(), "aws s3 ls s3://" + lab_.lab_bucket_name() + "/");
  lab_.Call("S3", "PutObject", {{"Bucket", lab_.lab_bucket_name()}, {"Key", "stocks/2026/x.json"}, {"Body", "eA=="}});
  panel_.CompleteInput(ctx_);
  EXPECT_EQ(panel_.input(), "aws s3 ls s3://" + lab_.lab_bucket_name() + "/stocks/");
}

TEST_F(TerminalPanelTest, CopyOutputAndClear) {
  Frames();
  Command("aws firehose list-delivery-streams --query DeliveryStreamNames[0]");
  ASSERT_TRUE(harness_.Click("Terminal/Copy output", draw_));
  EXPECT_EQ(clipboard_, "$ aws firehose list-delivery-streams --query DeliveryStreamNames[0]\n\"ie-tech-mba-stream\"\n");
  ASSERT_TRUE(harness_.Click("Terminal/Copy last", draw_));
  EXPECT_EQ(clipboard_, "\"ie-tech-mba-stream\"\n");
  Command("clear");
  EXPECT_TRUE(panel_.entries().empty());
  Command("aws s3 ls s3://nope");
  ASSERT_TRUE(harness_.Click("Terminal/Clear", draw_));
  EXPECT_TRUE(panel_.entries().empty());
  EXPECT_EQ(panel_.ScrollbackText(), "");
  EXPECT_EQ(panel_.history().size(), 3u);  // Clear keeps the history ("clear" is in it, as in bash)
  EXPECT_EQ(panel_.history()[1], "clear");
}

TEST(TerminalDashboard, NavigationOpensTheTerminal) {
  testing::ImGuiHarness harness(1440, 900, /*wrap_widget_frames=*/false);
  Lab lab;
  SimControls controls;
  Dashboard dashboard(lab, controls);
  auto draw = [&] { dashboard.Draw(); };
  for (int i = 0; i < 3; ++i) harness.Frame(draw);
  EXPECT_FALSE(FindWidget("Terminal/Input").visible);
  ASSERT_TRUE(harness.Click("Nav/Terminal", draw));
  EXPECT_TRUE(FindWidget("Terminal/Input").visible);
  EXPECT_TRUE(FindWidget("Terminal/Output").visible);
  ASSERT_TRUE(harness.Click("Nav/Firehose", draw));
  EXPECT_FALSE(FindWidget("Terminal/Input").visible);
}

TEST(TerminalScreenshot, SavesThePanel) {
  const char* dir = std::getenv("FHL_UI_SCREENSHOT_DIR");
  if (!dir || !*dir) GTEST_SKIP() << "set FHL_UI_SCREENSHOT_DIR to a folder to write PNG screenshots";
  const int width = 1440, height = 900;
  testing::ImGuiHarness harness(width, height, /*wrap_widget_frames=*/true);
  testing::LoadPageFonts();
  testing::SoftwareTexture texture = testing::SoftwareTexture::FromFontAtlas();
  ApplyTheme();
  Lab lab;
  lab.Call("Lab", "StartDemoData", {{"DeliveryStreamName", lab.lab_stream_name()}, {"RecordsPerSecond", 10}});
  for (int s = 0; s < 3 * 60; s += 5) lab.Advance(5 * kUsPerSecond);
  ApiCache cache(lab);
  PlatformHooks hooks;
  SimControls controls;
  UiContext ctx;
  ctx.api = &cache;
  ctx.hooks = &hooks;
  ctx.controls = &controls;
  TerminalPanel panel;
  auto draw = [&] {
    cache.BeginFrame(ImGui::GetTime());
    ctx.fonts = FindFonts();
    testing::DrawInContentArea(width, height, [&] { panel.Draw(ctx); });
  };
  harness.Frame(draw);
  panel.Submit(ctx, "aws s3 ls s3://" + lab.lab_bucket_name() + "/stocks/ --recursive --summarize");
  panel.Submit(ctx, "aws firehose describe-delivery-stream --delivery-stream-name " + lab.lab_stream_name() +
                        " --query 'DeliveryStreamDescription.{Name:DeliveryStreamName,Status:DeliveryStreamStatus}' --output table");
  panel.Submit(ctx, "aws firehose put-record --delivery-stream-name nope --record Data=eA==");
  panel.set_input("aws athena start-query-execution --query-string \"SELECT 1\" --work-group primary");
  for (int i = 0; i < 3; ++i) harness.Frame(draw);
  EXPECT_TRUE(testing::SaveLastFrame(texture, width, height, std::string(dir) + "/terminal-panel.png"));
}

}  // namespace
}  // namespace fhl::ui
