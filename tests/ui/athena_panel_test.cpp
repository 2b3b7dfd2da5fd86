// athena_panel_test.cpp: the Athena section (athena_panel, sql_editor, results_grid, catalog_tree) over the Athena/Glue
// fake (fake_athena.h), driven by clicks and keys in a headless ImGui context; plus the dashboard's Athena entry over
// a real Lab. With FHL_UI_SCREENSHOT_DIR set, also renders Athena scenes to PNG for visual review.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>

#include "core/lab.h"
#include "fake_athena.h"
#include "imgui_internal.h"  // ClearActiveID: take the keyboard away from the editor
#include "software_renderer.h"
#include "ui/athena_panel.h"
#include "ui/dashboard.h"
#include "ui/fonts.h"
#include "ui/results_grid.h"
#include "ui/sql_editor.h"
#include "ui/theme.h"
#include "ui/ui_kit.h"
#include "ui_harness.h"

namespace fhl::ui {
namespace {

using testing::FakeAthena;

// [SECTION] pure helpers

TEST(AthenaText, FindsTheErrorPositionInTrinoMessages) {
  auto p = AthenaPanel::FindErrorPosition(
      "COLUMN_NOT_FOUND: line 3:7: Column 'x' cannot be resolved or requester is not authorized to access requested resources");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->line, 3);
  EXPECT_EQ(p->column, 7);
  EXPECT_EQ(p->offset, 18u);
  EXPECT_EQ(p->length, std::string("line 3:7").size());
  auto q = AthenaPanel::FindErrorPosition("TABLE_NOT_FOUND: line 1:91: Table 'awsdatacatalog.db.t' does not exist");
  ASSERT_TRUE(q.has_value());
  EXPECT_EQ(q->line, 1);
  EXPECT_EQ(q->column, 91);
  EXPECT_FALSE(AthenaPanel::FindErrorPosition("HIVE_CURSOR_ERROR: Row is not a valid JSON Object").has_value());
  EXPECT_FALSE(AthenaPanel::FindErrorPosition("newline 3:7 is not a position").has_value());
  EXPECT_FALSE(AthenaPanel::FindErrorPosition("line 3 is missing a column").has_value());
  auto r = AthenaPanel::FindErrorPosition("a line without digits, then line 12:1: x");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->line, 12);
  EXPECT_EQ(r->column, 1);
}

TEST(AthenaText, FormatsDataScannedAndRunTimeInConsoleUnits) {
  EXPECT_EQ(AthenaPanel::FormatDataScanned(0), "0 bytes");
  EXPECT_EQ(AthenaPanel::FormatDataScanned(1023), "1023 bytes");
  EXPECT_EQ(AthenaPanel::FormatDataScanned(1024), "1.00 KB");
  EXPECT_EQ(AthenaPanel::FormatDataScanned(1536), "1.50 KB");
  EXPECT_EQ(AthenaPanel::FormatDataScanned(76975964), "73.41 MB");
  EXPECT_EQ(AthenaPanel::FormatDataScanned(1024.0 * 1024 * 1024 * 2.5), "2.50 GB");
  EXPECT_EQ(AthenaPanel::FormatRunTime(0), "0 ms");
  EXPECT_EQ(AthenaPanel::FormatRunTime(999), "999 ms");
  EXPECT_EQ(AthenaPanel::FormatRunTime(1000), "1 sec");
  EXPECT_EQ(AthenaPanel::FormatRunTime(1200), "1.2 sec");
  EXPECT_EQ(AthenaPanel::FormatRunTime(1234), "1.234 sec");
  EXPECT_EQ(AthenaPanel::FormatRunTime(65000), "1 min 5 sec");
  AthenaPanel::QueryRun run;
  run.state = "SUCCEEDED";
  run.queue_ms = 98;
  run.engine_ms = 1200;
  run.scanned_bytes = 76975964;
  EXPECT_EQ(AthenaPanel::StatusText(run), "Completed  Time in queue: 98 ms  Run time: 1.2 sec  Data scanned: 73.41 MB");
  run.state = "RUNNING";
  run.engine_ms = run.scanned_bytes = -1;
  EXPECT_EQ(AthenaPanel::StatusText(run), "Running  Time in queue: 98 ms");
}

TEST(SqlEditorText, LineColumnAndOffsetsRoundTripWithUtf8AndClamping) {
  const std::string text = "SELECT a,\n  b\xC3\xA9x\nFROM t";  // "bex" with an e-acute (2 bytes)
  EXPECT_EQ(SqlEditor::OffsetOfLineColumn(text, 1, 1), 0u);
  EXPECT_EQ(SqlEditor::OffsetOfLineColumn(text, 2, 1), 10u);
  EXPECT_EQ(SqlEditor::OffsetOfLineColumn(text, 2, 5), 15u);  // after "  b" + 2-byte char
  EXPECT_EQ(SqlEditor::OffsetOfLineColumn(text, 2, 99), 16u);  // clamped to the end of line 2
  EXPECT_EQ(SqlEditor::OffsetOfLineColumn(text, 3, 6), text.size() - 1);
  EXPECT_EQ(SqlEditor::OffsetOfLineColumn(text, 9, 1), text.size());  // past the last line
  EXPECT_EQ(SqlEditor::LineColumnOfOffset(text, 15), std::make_pair(2, 5));
  EXPECT_EQ(SqlEditor::LineColumnOfOffset(text, 0), std::make_pair(1, 1));
  EXPECT_EQ(SqlEditor::LineColumnOfOffset(text, 10), std::make_pair(2, 1));
  EXPECT_EQ(SqlEditor::LineColumnOfOffset(text, 1000), std::make_pair(3, 7));
}

// [SECTION] result data

Json ResultsBody(const std::vector<std::pair<std::string, std::string>>& columns, const std::vector<std::vector<Json>>& rows,
                 bool header) {
  Json info = Json::array(), out_rows = Json::array();
  Json head = Json::array();
  for (const auto& [n, t] : columns) {
    info.push_back({{"Name", n}, {"Type", t}});
    head.push_back({{"VarCharValue", n}});
  }
  if (header) out_rows.push_back({{"Data", head}});
  for (const auto& row : rows) {
    Json data = Json::array();
    for (const Json& v : row) data.push_back(v.is_null() ? Json::object() : Json{{"VarCharValue", v}});
    out_rows.push_back({{"Data", data}});
  }
  return {{"ResultSet", {{"Rows", out_rows}, {"ResultSetMetadata", {{"ColumnInfo", info}}}}}};
}

TEST(ResultTableTest, DropsTheRepeatedHeaderOnlyOnTheFirstPage) {
  ResultTable t;
  t.AppendPage(ResultsBody({{"a", "varchar"}, {"b", "bigint"}}, {{"x", "1"}, {"a", "b"}}, true), true);
  EXPECT_EQ(t.column_count(), 2u);
  ASSERT_EQ(t.row_count(), 2u);  // the later row equal to the names is data
  EXPECT_EQ(t.cell(0, 0), "x");
  EXPECT_EQ(t.cell(1, 0), "a");
  t.AppendPage(ResultsBody({{"a", "varchar"}, {"b", "bigint"}}, {{"y", nullptr}}, true), false);
  ASSERT_EQ(t.row_count(), 4u);  // a later page keeps its first row
  EXPECT_EQ(t.cell(2, 0), "a");
  EXPECT_TRUE(t.is_null(3, 1));
  EXPECT_FALSE(t.is_null(3, 0));
  ResultTable ddl;  // no header repeat (e.g. SHOW TABLES)
  ddl.AppendPage(ResultsBody({{"tab_name", "varchar"}}, {{"stock_ticks"}}, false), true);
  EXPECT_EQ(ddl.row_count(), 1u);
  EXPECT_EQ(ddl.cell(0, 0), "stock_ticks");
}

TEST(ResultTableTest, SortsNumericTypesAsNumbersAndTextByteWiseWithNullsLast) {
  ResultTable t;
  t.AppendPage(ResultsBody({{"sym", "varchar"}, {"price", "double"}, {"n", "bigint"}},
                           {{"b", "10.5", "2"}, {"a", "9.25", "10"}, {"C", nullptr, "-3"}, {"d", "100", nullptr}}, true),
               true);
  ASSERT_EQ(t.row_count(), 4u);
  auto column = [&](size_t c) {
    std::vector<std::string> out;
    for (size_t i = 0; i < t.row_count(); ++i) {
      size_t r = t.display_row(i);
      out.push_back(t.is_null(r, c) ? "NULL" : t.cell(r, c));
    }
    return out;
  };
  t.SortBy(1, true);
  EXPECT_EQ(column(1), (std::vector<std::string>{"9.25", "10.5", "100", "NULL"}));  // not "10.5" < "100" < "9.25"
  t.SortBy(1, false);
  EXPECT_EQ(column(1), (std::vector<std::string>{"100", "10.5", "9.25", "NULL"}));
  t.SortBy(2, true);
  EXPECT_EQ(column(2), (std::vector<std::string>{"-3", "2", "10", "NULL"}));
  t.SortBy(0, true);
  EXPECT_EQ(column(0), (std::vector<std::string>{"C", "a", "b", "d"}));  // byte-wise: upper case first
  t.SortBy(-1, true);
  EXPECT_EQ(column(0), (std::vector<std::string>{"b", "a", "C", "d"}));  // arrival order again
  EXPECT_TRUE(ResultTable::IsNumericType("decimal(10,2)"));
  EXPECT_TRUE(ResultTable::IsNumericType("INTEGER"));
  EXPECT_FALSE(ResultTable::IsNumericType("varchar"));
  EXPECT_FALSE(ResultTable::IsNumericType("timestamp"));
}

TEST(ResultTableTest, TsvAndCsvText) {
  ResultTable t;
  t.AppendPage(ResultsBody({{"name", "varchar"}, {"note", "varchar"}},
                           {{"plain", "tab\there"}, {"quote \"q\"", nullptr}, {"multi\nline", "x"}}, true),
               true);
  EXPECT_EQ(t.CellTsv(0, 0), "plain");
  EXPECT_EQ(t.CellTsv(0, 1), "\"tab\there\"");
  EXPECT_EQ(t.RowTsv(1), "\"quote \"\"q\"\"\"\t");  // NULL is an empty field
  EXPECT_EQ(t.AllTsv(), "name\tnote\nplain\t\"tab\there\"\n\"quote \"\"q\"\"\"\t\n\"multi\nline\"\tx");
  EXPECT_EQ(t.Csv(), "\"name\",\"note\"\n\"plain\",\"tab\there\"\n\"quote \"\"q\"\"\",\n\"multi\nline\",\"x\"\n");
  const std::string csv = t.Csv();
  t.SortBy(0, false);  // TSV follows the display order, CSV the file's
  EXPECT_EQ(t.RowTsv(0), "\"quote \"\"q\"\"\"\t");
  EXPECT_EQ(t.RowTsv(2), "\"multi\nline\"\tx");
  EXPECT_EQ(t.CellTsv(5, 0), "");  // out of range
  EXPECT_EQ(t.Csv(), csv);
}

// [SECTION] panel over the fake

class AthenaPanelTest : public ::testing::Test {
 protected:
  AthenaPanelTest() : cache_(fake_.MakeCache()), harness_(1440, 1000) {
    ApplyTheme();
    ImGuiIO& io = ImGui::GetIO();
    io.KeyMap[ImGuiKey_Enter] = 13;
    io.KeyMap[ImGuiKey_KeyPadEnter] = 256 + 13;
    io.KeyMap[ImGuiKey_C] = 'C';
    io.KeyMap[ImGuiKey_Backspace] = 8;
    hooks_.set_clipboard = [this](const std::string& text) { clipboard_ = text; };
    hooks_.download = [this](const std::string& name, const std::string& bytes, const std::string& mime) {
      download_name_ = name;
      download_bytes_ = bytes;
      download_mime_ = mime;
    };
    ctx_.api = &cache_;
    ctx_.hooks = &hooks_;
    ctx_.controls = &controls_;
    ctx_.sim_now_s = fake_.aws.now_s;
    ctx_.sim_now = FromEpochSeconds(fake_.aws.now_s);
    draw_ = [this] {
      cache_.BeginFrame(ImGui::GetTime());
      ctx_.wants_redraw = false;
      testing::FullScreenWindow([this] { panel_.Draw(ctx_); });
    };
  }
  void Frames(int n = 2) {
    for (int i = 0; i < n; ++i) harness_.Frame(draw_);
  }
  bool Click(const std::string& name) { return harness_.Click(name, draw_); }
  bool Visible(const std::string& name) { return FindWidget(name).visible; }
  // Cancel stays on screen (the buttons never move) but does nothing unless a query runs.
  void ExpectCancelDisabled() {
    int stops = fake_.CountCalls("Athena.StopQueryExecution");
    ASSERT_TRUE(Click("Athena/Cancel"));
    EXPECT_EQ(fake_.CountCalls("Athena.StopQueryExecution"), stops);
  }
  void Key(int key, bool ctrl = false) {
    ImGuiIO& io = ImGui::GetIO();
    io.KeyCtrl = ctrl;
    io.KeysDown[key] = true;
    harness_.Frame(draw_);
    io.KeysDown[key] = false;
    harness_.Frame(draw_);
    io.KeyCtrl = false;
  }
  void Type(const std::string& text) {
    for (char c : text) {
      if (c == '\n') {
        Key(13);
      } else {
        ImGui::GetIO().AddInputCharacter(static_cast<unsigned>(static_cast<unsigned char>(c)));
        harness_.Frame(draw_);
      }
    }
  }
  // Runs the editor's text through the Run button and lets the fake finish it.
  void RunToCompletion(const std::string& sql) {
    panel_.SetQueryText(sql);
    Frames();
    ASSERT_TRUE(Click("Athena/Run"));
    fake_.WorkUntilDone();
    Frames(3);
  }

  FakeAthena fake_;
  ApiCache cache_;
  PlatformHooks hooks_;
  SimControls controls_;
  UiContext ctx_;
  testing::ImGuiHarness harness_;
  AthenaPanel panel_;
  std::function<void()> draw_;
  std::string clipboard_, download_name_, download_bytes_, download_mime_;
};

TEST_F(AthenaPanelTest, RunPollsWithoutBlockingThenShowsResults) {
  Frames();
  EXPECT_TRUE(Visible("Athena/Editor"));
  EXPECT_TRUE(Visible("Athena/Run"));
  EXPECT_TRUE(Visible("Athena/Tab/1"));
  ExpectCancelDisabled();
  panel_.SetQueryText("SELECT ticker_symbol, price\nFROM stock_ticks");
  Frames();
  ASSERT_TRUE(Click("Athena/Run"));
  ASSERT_EQ(fake_.CountCalls("Athena.StartQueryExecution"), 1);
  EXPECT_EQ(fake_.last_start["QueryString"], "SELECT ticker_symbol, price\nFROM stock_ticks");
  EXPECT_EQ(fake_.last_start["QueryExecutionContext"]["Database"], "default");
  EXPECT_EQ(fake_.last_start["WorkGroup"], "primary");
  ASSERT_NE(panel_.active_run(), nullptr);

  // Nothing works on the query: the panel keeps polling once per frame and asking for frames, never blocking.
  int polls = fake_.CountCalls("Athena.GetQueryExecution");
  Frames(10);
  EXPECT_EQ(fake_.CountCalls("Athena.GetQueryExecution"), polls + 10);
  EXPECT_EQ(panel_.active_run()->state, "QUEUED");
  EXPECT_TRUE(ctx_.wants_redraw);
  EXPECT_TRUE(Visible("Athena/Cancel"));
  EXPECT_EQ(fake_.results_calls, 0);

  fake_.Work();  // QUEUED -> RUNNING
  Frames(1);
  EXPECT_EQ(panel_.active_run()->state, "RUNNING");
  EXPECT_TRUE(panel_.any_running());
  fake_.Work();
  fake_.Work();  // -> SUCCEEDED
  Frames(3);
  const AthenaPanel::QueryRun& run = *panel_.active_run();
  EXPECT_EQ(run.state, "SUCCEEDED");
  EXPECT_FALSE(ctx_.wants_redraw);
  ExpectCancelDisabled();
  EXPECT_EQ(fake_.results_calls, 1);  // results fetched once, not per frame
  EXPECT_EQ(fake_.last_results_request["MaxResults"], 1000);
  ASSERT_EQ(run.grid.table().row_count(), 2u);
  EXPECT_EQ(run.grid.table().cell(0, 0), "QXZ");
  EXPECT_TRUE(Visible("Athena/Results"));
  EXPECT_TRUE(Visible("Athena/Results/Header/ticker_symbol"));
  EXPECT_TRUE(Visible("Athena/Results/Header/price"));
  EXPECT_TRUE(Visible("Athena/Status"));
  EXPECT_FALSE(Visible("Athena/Error"));
  EXPECT_EQ(AthenaPanel::StatusText(run), "Completed  Time in queue: 98 ms  Run time: 1.234 sec  Data scanned: 73.41 MB");
  int after = fake_.CountCalls("Athena.GetQueryExecution");
  Frames(5);
  EXPECT_EQ(fake_.CountCalls("Athena.GetQueryExecution"), after);  // no polling once finished
}

TEST_F(AthenaPanelTest, FailedQueryShowsTheReasonAndMovesTheCursorToTheErrorPosition) {
  fake_.next.state = "FAILED";
  fake_.next.reason =
      "COLUMN_NOT_FOUND: line 3:7: Column 'symbol' cannot be resolved or requester is not authorized to access "
      "requested resources";
  RunToCompletion("SELECT\n  ticker_symbol,\n  symbol\nFROM stock_ticks");
  const AthenaPanel::QueryRun& run = *panel_.active_run();
  EXPECT_EQ(run.state, "FAILED");
  EXPECT_EQ(run.error_line, 3);
  EXPECT_EQ(run.error_column, 7);
  EXPECT_TRUE(Visible("Athena/Error"));
  EXPECT_TRUE(Visible("Athena/Error/Go to"));
  EXPECT_FALSE(Visible("Athena/Results"));
  EXPECT_EQ(fake_.results_calls, 0);
  Frames(3);
  EXPECT_TRUE(panel_.editor().editing());  // the editor took the keyboard
  EXPECT_EQ(panel_.editor().CursorLineColumn(), std::make_pair(3, 7));

  // Move away, then "Go to line 3:7" brings the cursor back.
  panel_.editor().GoTo(1, 1);
  Frames(3);
  EXPECT_EQ(panel_.editor().CursorLineColumn(), std::make_pair(1, 1));
  ASSERT_TRUE(Click("Athena/Error/Go to"));
  EXPECT_EQ(panel_.editor().CursorLineColumn(), std::make_pair(3, 7));
}

TEST_F(AthenaPanelTest, SynchronousStartErrorIsShownWithItsPosition) {
  fake_.start_error = ApiError{"InvalidRequestException", "line 1:8: mismatched input 'FROM'. Expecting: '*', <expression>", 400};
  panel_.SetQueryText("SELECT FROM t");
  Frames();
  ASSERT_TRUE(Click("Athena/Run"));
  const AthenaPanel::QueryRun& run = *panel_.active_run();
  ASSERT_TRUE(run.error.has_value());
  EXPECT_FALSE(run.polling());
  EXPECT_EQ(run.error_line, 1);
  EXPECT_EQ(run.error_column, 8);
  EXPECT_TRUE(Visible("Athena/Error"));
  ExpectCancelDisabled();
  Frames(3);
  EXPECT_EQ(panel_.editor().CursorLineColumn(), std::make_pair(1, 8));
  EXPECT_EQ(fake_.CountCalls("Athena.GetQueryExecution"), 0);
}

TEST_F(AthenaPanelTest, CancelStopsTheRunningQuery) {
  fake_.next.running_steps = 100;
  panel_.SetQueryText("SELECT * FROM stock_ticks");
  Frames();
  ASSERT_TRUE(Click("Athena/Run"));
  fake_.Work();
  Frames();
  ASSERT_EQ(panel_.active_run()->state, "RUNNING");
  ASSERT_TRUE(Click("Athena/Cancel"));
  EXPECT_EQ(fake_.CountCalls("Athena.StopQueryExecution"), 1);
  EXPECT_TRUE(panel_.active_run()->cancel_requested);
  EXPECT_TRUE(panel_.any_running());  // still polling until the core reports CANCELLED
  fake_.Work();
  Frames(2);
  EXPECT_EQ(panel_.active_run()->state, "CANCELLED");
  EXPECT_FALSE(panel_.any_running());
  ExpectCancelDisabled();
  EXPECT_TRUE(Visible("Athena/Run"));
  EXPECT_EQ(fake_.results_calls, 0);
}

TEST_F(AthenaPanelTest, RunIsRefusedForBlankTextAndWhileRunning) {
  panel_.SetQueryText("   \n  ");
  Frames();
  EXPECT_FALSE(panel_.Run(ctx_));
  Click("Athena/Run");
  EXPECT_EQ(fake_.CountCalls("Athena.StartQueryExecution"), 0);
  panel_.SetQueryText("SELECT 1");
  EXPECT_TRUE(panel_.Run(ctx_));
  EXPECT_FALSE(panel_.Run(ctx_));  // already running in this tab
  EXPECT_EQ(fake_.CountCalls("Athena.StartQueryExecution"), 1);
  ASSERT_TRUE(Click("Athena/Clear"));
  EXPECT_EQ(panel_.query_text(), "");
}

TEST_F(AthenaPanelTest, TypingInTheEditorAndCtrlEnterRuns) {
  Frames();
  ASSERT_TRUE(Click("Athena/Editor"));
  EXPECT_TRUE(panel_.editor().editing());
  Type("SELECT 1\nFROM t");
  EXPECT_EQ(panel_.query_text(), "SELECT 1\nFROM t");
  EXPECT_EQ(panel_.editor().CursorLineColumn(), std::make_pair(2, 7));
  Key(13, /*ctrl=*/true);
  ASSERT_EQ(fake_.CountCalls("Athena.StartQueryExecution"), 1);
  EXPECT_EQ(fake_.last_start["QueryString"], "SELECT 1\nFROM t");  // Ctrl+Enter did not add a line
  Frames(2);
  EXPECT_TRUE(panel_.editor().editing());  // the editor keeps the keyboard
  Type("X");
  EXPECT_EQ(panel_.query_text(), "SELECT 1\nFROM tX");
  // Ctrl+Enter with the keyboard elsewhere (no text field active) runs too, once the first query finished.
  fake_.WorkUntilDone();
  Frames(2);
  ImGui::ClearActiveID();
  Frames(2);
  EXPECT_FALSE(panel_.editor().editing());
  Key(13, true);
  EXPECT_EQ(fake_.CountCalls("Athena.StartQueryExecution"), 2);
}

TEST_F(AthenaPanelTest, SetQueryTextReplacesTextWhileTheUserIsTyping) {
  Frames();
  ASSERT_TRUE(Click("Athena/Editor"));
  Type("abc");
  panel_.SetQueryText("SELECT 42");
  Frames(2);
  EXPECT_EQ(panel_.query_text(), "SELECT 42");
  Frames(2);
  EXPECT_EQ(panel_.query_text(), "SELECT 42");  // ImGui's own copy did not write the old text back
}

TEST_F(AthenaPanelTest, QueryTabsKeepTheirOwnTextAndResults) {
  RunToCompletion("SELECT 1");
  ASSERT_TRUE(Click("Athena/Tab/New"));
  EXPECT_EQ(panel_.editor().tabs().size(), 2u);
  EXPECT_EQ(panel_.editor().active().title, "Query 2");
  EXPECT_EQ(panel_.query_text(), "");
  EXPECT_FALSE(Visible("Athena/Results"));  // the new tab has no results
  ASSERT_TRUE(Click("Athena/Tab/1"));
  EXPECT_EQ(panel_.query_text(), "SELECT 1");
  EXPECT_TRUE(Visible("Athena/Results"));
  ASSERT_TRUE(Click("Athena/Tab/2/Close"));
  EXPECT_EQ(panel_.editor().tabs().size(), 1u);
  EXPECT_FALSE(Visible("Athena/Tab/1/Close"));  // the last tab cannot be closed
  ASSERT_TRUE(Click("Athena/Tab/New"));
  EXPECT_EQ(panel_.editor().active().title, "Query 3");  // numbers keep counting, as in the console
}

TEST_F(AthenaPanelTest, QueriesInBackgroundTabsKeepPollingAndFinish) {
  panel_.SetQueryText("SELECT 1");
  Frames();
  ASSERT_TRUE(Click("Athena/Run"));
  const int first_tab = panel_.editor().active_id();
  ASSERT_TRUE(Click("Athena/Tab/New"));
  EXPECT_TRUE(ctx_.wants_redraw);  // a query runs, even though this tab shows none
  fake_.WorkUntilDone();
  Frames(2);
  EXPECT_FALSE(panel_.any_running());
  EXPECT_FALSE(ctx_.wants_redraw);
  EXPECT_EQ(fake_.results_calls, 1);  // its results were loaded when it finished
  ASSERT_TRUE(Click("Athena/Tab/1"));
  EXPECT_EQ(panel_.editor().active_id(), first_tab);
  EXPECT_EQ(panel_.active_run()->state, "SUCCEEDED");
  EXPECT_TRUE(Visible("Athena/Results/Header/ticker_symbol"));
}

TEST_F(AthenaPanelTest, StatementWithoutRowsShowsSuccessWithoutATable) {
  fake_.next.columns.clear();
  fake_.next.rows.clear();
  fake_.next.header_row = false;
  RunToCompletion("CREATE DATABASE stocks_lab");
  EXPECT_EQ(panel_.active_run()->state, "SUCCEEDED");
  EXPECT_EQ(panel_.active_run()->grid.table().column_count(), 0u);
  EXPECT_TRUE(Visible("Athena/Results"));
  EXPECT_FALSE(Visible("Athena/Results/Row/1"));
  ASSERT_TRUE(Click("Athena/Download"));  // disabled: nothing to download
  EXPECT_TRUE(download_name_.empty());
}

TEST_F(AthenaPanelTest, HeaderClicksSortNumericAndTextColumns) {
  fake_.next.columns = {{"sym", "varchar"}, {"price", "double"}};
  fake_.next.rows = {{std::string("b"), std::string("10.5")},
                     {std::string("a"), std::string("9.25")},
                     {std::string("C"), std::string("100")}};
  RunToCompletion("SELECT sym, price FROM t");
  const ResultTable& t = panel_.active_run()->grid.table();
  auto shown = [&](size_t c) {
    std::vector<std::string> out;
    for (size_t i = 0; i < t.row_count(); ++i) out.push_back(t.cell(t.display_row(i), c));
    return out;
  };
  ASSERT_TRUE(Click("Athena/Results/Header/price"));
  EXPECT_EQ(t.sort_column(), 1);
  EXPECT_EQ(shown(1), (std::vector<std::string>{"9.25", "10.5", "100"}));
  ASSERT_TRUE(Click("Athena/Results/Header/price"));
  EXPECT_EQ(shown(1), (std::vector<std::string>{"100", "10.5", "9.25"}));
  ASSERT_TRUE(Click("Athena/Results/Header/sym"));
  EXPECT_EQ(shown(0), (std::vector<std::string>{"C", "a", "b"}));
}

TEST_F(AthenaPanelTest, CopySelectionAndAllAsTsv) {
  fake_.next.columns = {{"sym", "varchar"}, {"price", "double"}};
  fake_.next.rows = {{std::string("QXZ"), std::string("84.51")}, {std::string("ABC"), std::nullopt}};
  RunToCompletion("SELECT sym, price FROM t");
  ASSERT_TRUE(Click("Athena/Results/Row/2"));
  EXPECT_EQ(panel_.active_run()->grid.selected_row(), 1);
  EXPECT_EQ(panel_.active_run()->grid.selected_column(), -1);
  ASSERT_TRUE(Click("Athena/Results/Copy"));
  EXPECT_EQ(clipboard_, "ABC\t");
  panel_.active_run()->grid.Select(0, 1);
  Frames();
  ASSERT_TRUE(Click("Athena/Results/Copy"));
  EXPECT_EQ(clipboard_, "84.51");
  ASSERT_TRUE(Click("Athena/Results/Copy all"));
  EXPECT_EQ(clipboard_, "sym\tprice\nQXZ\t84.51\nABC\t");
  // Ctrl+C copies the selection when no text field has the keyboard.
  clipboard_.clear();
  panel_.active_run()->grid.Select(1, 0);
  Key('C', true);
  EXPECT_EQ(clipboard_, "ABC");
}

TEST_F(AthenaPanelTest, PagesWithNextTokenAndDownloadsEveryRowAsCsv) {
  fake_.next.columns = {{"n", "integer"}};
  fake_.next.rows.clear();
  for (int i = 0; i < 2500; ++i) fake_.next.rows.push_back({std::to_string(i)});
  RunToCompletion("SELECT n FROM numbers");
  const ResultsGrid& grid = panel_.active_run()->grid;
  EXPECT_EQ(grid.table().row_count(), 999u);  // 1,000 rows per page, the header row among them
  EXPECT_TRUE(grid.has_more());
  EXPECT_EQ(grid.next_token(), "tok-1000");
  EXPECT_FALSE(fake_.last_results_request.contains("NextToken"));
  Frames(3);
  EXPECT_EQ(grid.pages_fetched(), 1);  // not scrolled: no more pages fetched by themselves
  ASSERT_TRUE(Visible("Athena/Results/Load more"));
  ASSERT_TRUE(Click("Athena/Results/Load more"));
  EXPECT_EQ(fake_.last_results_request["NextToken"], "tok-1000");
  EXPECT_EQ(grid.table().row_count(), 1999u);
  EXPECT_EQ(grid.table().cell(999, 0), "999");  // continuous, no duplicated or dropped row
  ASSERT_TRUE(Click("Athena/Download"));
  EXPECT_EQ(download_name_, panel_.active_run()->execution_id + ".csv");
  EXPECT_EQ(download_mime_, "text/csv");
  EXPECT_EQ(grid.table().row_count(), 2500u);
  EXPECT_FALSE(grid.has_more());
  EXPECT_EQ(std::count(download_bytes_.begin(), download_bytes_.end(), '\n'), 2501);
  EXPECT_EQ(download_bytes_.substr(0, 12), "\"n\"\n\"0\"\n\"1\"\n");
  Frames(2);
  EXPECT_FALSE(Visible("Athena/Results/Load more"));
}

TEST_F(AthenaPanelTest, LargeResultsDrawOnlyVisibleRows) {
  fake_.next.columns = {{"n", "integer"}, {"label", "varchar"}};
  fake_.next.rows.clear();
  for (int i = 0; i < 60; ++i) fake_.next.rows.push_back({std::to_string(i), "row " + std::to_string(i)});
  RunToCompletion("SELECT n, label FROM small");
  const int small_vertices = harness_.Frame(draw_);
  fake_.next.rows.clear();
  for (int i = 0; i < 20000; ++i) fake_.next.rows.push_back({std::to_string(i), "row " + std::to_string(i)});
  RunToCompletion("SELECT n, label FROM large");
  ASSERT_TRUE(Click("Athena/Download"));  // fetches every page
  ASSERT_EQ(panel_.active_run()->grid.table().row_count(), 20000u);
  Frames(2);
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 50; ++i) harness_.Frame(draw_);
  double frame_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count() / 50;
  RecordProperty("frame_ms_20000_rows", std::to_string(frame_ms));
  const int large_vertices = harness_.Frame(draw_);
  EXPECT_LT(large_vertices, small_vertices * 3 / 2);  // the clipper submits only the visible rows
  ASSERT_TRUE(Click("Athena/Results/Header/n"));
  ASSERT_TRUE(Click("Athena/Results/Header/n"));  // descending, numerically
  EXPECT_EQ(panel_.active_run()->grid.table().cell(panel_.active_run()->grid.table().display_row(0), 0), "19999");
}

TEST_F(AthenaPanelTest, ScrollingToTheEndFetchesTheNextPage) {
  fake_.next.columns = {{"n", "integer"}};
  fake_.next.rows.clear();
  for (int i = 0; i < 1500; ++i) fake_.next.rows.push_back({std::to_string(i)});
  RunToCompletion("SELECT n FROM numbers");
  WidgetRect r = FindWidget("Athena/Results");
  ASSERT_TRUE(r.visible);
  harness_.MoveMouse(r.x + r.width * 0.5f, r.y + r.height * 0.5f);
  for (int i = 0; i < 400 && panel_.active_run()->grid.has_more(); ++i) {
    ImGui::GetIO().MouseWheel = -20.0f;
    harness_.Frame(draw_);
  }
  EXPECT_FALSE(panel_.active_run()->grid.has_more());
  EXPECT_EQ(panel_.active_run()->grid.table().row_count(), 1500u);
  EXPECT_EQ(panel_.active_run()->grid.pages_fetched(), 2);
}

TEST_F(AthenaPanelTest, RecentQueriesReopenResultsInANewTab) {
  RunToCompletion("SELECT 'first'");
  RunToCompletion("SELECT 'second'");
  ASSERT_EQ(fake_.executions.size(), 2u);
  ASSERT_TRUE(Click("Athena/View/Recent queries"));
  const std::string first = fake_.executions[0].id;
  ASSERT_TRUE(Visible("Athena/History/" + first));
  ASSERT_TRUE(Visible("Athena/History/" + fake_.executions[1].id));
  EXPECT_LT(FindWidget("Athena/History/" + fake_.executions[1].id).y, FindWidget("Athena/History/" + first).y);  // newest first
  int results = fake_.results_calls;
  ASSERT_TRUE(Click("Athena/History/" + first));
  EXPECT_EQ(panel_.view(), AthenaPanel::View::kEditor);
  EXPECT_EQ(panel_.editor().tabs().size(), 2u);
  EXPECT_EQ(panel_.query_text(), "SELECT 'first'");
  ASSERT_NE(panel_.active_run(), nullptr);
  EXPECT_EQ(panel_.active_run()->execution_id, first);
  EXPECT_EQ(panel_.active_run()->state, "SUCCEEDED");
  EXPECT_EQ(fake_.results_calls, results + 1);
  EXPECT_TRUE(Visible("Athena/Results"));
}

TEST_F(AthenaPanelTest, SaveAndOpenNamedQueries) {
  panel_.SetQueryText("SELECT ticker_symbol FROM stock_ticks");
  Frames();
  ASSERT_TRUE(Click("Athena/Save"));
  ASSERT_TRUE(Visible("Athena/Save/Name"));
  ASSERT_TRUE(Click("Athena/Save/Name"));
  ImGuiIO& io = ImGui::GetIO();
  io.KeyCtrl = false;
  // Replace the proposed name ("Query 1"): select all is not mapped here, so erase it with Backspace.
  for (int i = 0; i < 7; ++i) Key(8);
  Type("Top tickers");
  ASSERT_TRUE(Click("Athena/Save/Confirm"));
  ASSERT_EQ(fake_.named_queries.size(), 1u);
  EXPECT_EQ(fake_.last_named_query["Name"], "Top tickers");
  EXPECT_EQ(fake_.last_named_query["QueryString"], "SELECT ticker_symbol FROM stock_ticks");
  EXPECT_EQ(fake_.last_named_query["Database"], "default");
  EXPECT_EQ(fake_.last_named_query["WorkGroup"], "primary");
  EXPECT_EQ(panel_.editor().active().title, "Top tickers");
  EXPECT_FALSE(Visible("Athena/Save/Name"));

  ASSERT_TRUE(Click("Athena/View/Saved queries"));
  ASSERT_TRUE(Visible("Athena/Saved/Top tickers"));
  ASSERT_TRUE(Click("Athena/Saved/Top tickers"));
  EXPECT_EQ(panel_.view(), AthenaPanel::View::kEditor);
  EXPECT_EQ(panel_.editor().tabs().size(), 2u);
  EXPECT_EQ(panel_.query_text(), "SELECT ticker_symbol FROM stock_ticks");
  EXPECT_EQ(panel_.editor().active().title, "Top tickers");

  // Without BatchGetNamedQuery the list falls back to GetNamedQuery per id.
  fake_.batch_named_queries = false;
  cache_.InvalidateAll();
  ASSERT_TRUE(Click("Athena/View/Saved queries"));
  EXPECT_TRUE(Visible("Athena/Saved/Top tickers"));
  EXPECT_GE(fake_.CountCalls("Athena.GetNamedQuery"), 1);
}

TEST_F(AthenaPanelTest, ResultLocationSettingIsSentWithEveryQuery) {
  Frames();
  ASSERT_TRUE(Visible("Athena/Settings/Edit"));  // no location anywhere yet: the console's banner
  panel_.SetQueryText("SELECT 1");
  ASSERT_TRUE(panel_.Run(ctx_));
  EXPECT_FALSE(fake_.last_start.contains("ResultConfiguration"));
  fake_.WorkUntilDone();
  ASSERT_TRUE(Click("Athena/Settings/Edit"));
  EXPECT_EQ(panel_.view(), AthenaPanel::View::kSettings);
  ASSERT_TRUE(Click("Athena/Settings/Save"));  // the proposal: a folder of the lab bucket
  EXPECT_EQ(panel_.output_location(), "s3://" + fake_.aws.bucket + "/athena-results/");
  EXPECT_FALSE(panel_.SetOutputLocation("bucket/folder/"));
  EXPECT_FALSE(panel_.SetOutputLocation("s3:///folder/"));
  EXPECT_EQ(panel_.output_location(), "s3://" + fake_.aws.bucket + "/athena-results/");  // unchanged
  EXPECT_TRUE(panel_.SetOutputLocation(" s3://other-bucket/results "));
  EXPECT_EQ(panel_.output_location(), "s3://other-bucket/results/");
  ASSERT_TRUE(Click("Athena/View/Editor"));
  EXPECT_FALSE(Visible("Athena/Settings/Edit"));
  ASSERT_TRUE(panel_.Run(ctx_));
  EXPECT_EQ(fake_.last_start["ResultConfiguration"]["OutputLocation"], "s3://other-bucket/results/");
}

TEST_F(AthenaPanelTest, CatalogListsTablesColumnsAndPartitionKeysAndPreviews) {
  Frames();
  EXPECT_EQ(panel_.catalog().database(), "default");
  EXPECT_TRUE(Visible("Athena/Database"));
  EXPECT_FALSE(Visible("Athena/Table/stock_ticks"));
  ASSERT_TRUE(Click("Athena/Database"));
  ASSERT_TRUE(Visible("Athena/Database/stocks"));
  ASSERT_TRUE(Click("Athena/Database/stocks"));
  EXPECT_EQ(panel_.catalog().database(), "stocks");
  ASSERT_TRUE(Visible("Athena/Table/stock_ticks"));
  EXPECT_FALSE(Visible("Athena/Table/stock_ticks/Column/price"));
  ASSERT_TRUE(Click("Athena/Table/stock_ticks"));
  EXPECT_TRUE(Visible("Athena/Table/stock_ticks/Column/price"));
  EXPECT_TRUE(Visible("Athena/Table/stock_ticks/Column/datehour"));  // the partition key
  ASSERT_TRUE(Click("Athena/Table/stock_ticks/Preview"));
  EXPECT_EQ(panel_.editor().tabs().size(), 2u);
  EXPECT_EQ(fake_.last_start["QueryString"], "SELECT * FROM \"stocks\".\"stock_ticks\" limit 10;");
  EXPECT_EQ(fake_.last_start["QueryExecutionContext"]["Database"], "stocks");
  ASSERT_TRUE(Click("Athena/Table/stock_ticks"));
  EXPECT_FALSE(Visible("Athena/Table/stock_ticks/Column/price"));
}

TEST_F(AthenaPanelTest, ServiceErrorsShowAsBannersNotCrashes) {
  fake_.aws.failures["Glue.GetDatabases"] = ApiError{"AccessDeniedException", "No Glue here.", 400};
  fake_.aws.failures["Athena.ListQueryExecutions"] = ApiError{"InternalServerException", "Try again.", 500};
  Frames();
  EXPECT_TRUE(Visible("Athena/Editor"));
  ASSERT_TRUE(Click("Athena/View/Recent queries"));
  EXPECT_FALSE(Visible("Athena/Editor"));
  fake_.aws.failures["Athena.GetQueryExecution"] = ApiError{"InternalServerException", "Poll failed.", 500};
  ASSERT_TRUE(Click("Athena/View/Editor"));
  panel_.SetQueryText("SELECT 1");
  ASSERT_TRUE(panel_.Run(ctx_));
  Frames(2);
  ASSERT_TRUE(panel_.active_run()->error.has_value());
  EXPECT_EQ(panel_.active_run()->error->code, "InternalServerException");
  EXPECT_FALSE(panel_.any_running());  // a failed poll stops polling
  EXPECT_TRUE(Visible("Athena/Error"));
}

// [SECTION] dashboard over a real Lab

TEST(AthenaDashboardTest, NavigationShowsTheQueryEditor) {
  Lab lab;
  SimControls controls;
  testing::ImGuiHarness harness(1440, 1000, /*wrap_widget_frames=*/false);
  Dashboard dashboard(lab, controls);
  auto draw = [&] { dashboard.Draw(); };
  harness.Frame(draw);
  harness.Frame(draw);
  ASSERT_TRUE(FindWidget("Nav/Athena").visible);
  EXPECT_FALSE(FindWidget("Athena/Editor").visible);
  ASSERT_TRUE(harness.Click("Nav/Athena", draw));
  EXPECT_TRUE(FindWidget("Athena/Editor").visible);
  EXPECT_TRUE(FindWidget("Athena/Run").visible);
  EXPECT_TRUE(FindWidget("Athena/Database").visible);
  ASSERT_TRUE(harness.Click("Nav/S3", draw));
  EXPECT_FALSE(FindWidget("Athena/Editor").visible);
}

// [SECTION] panel over a real Lab (queries progress only through Lab::Work, as in the page's frame loop)

class AthenaRealLabTest : public ::testing::Test {
 protected:
  AthenaRealLabTest() : cache_(lab_), harness_(1440, 1000) {
    ApplyTheme();
    ctx_.api = &cache_;
    ctx_.hooks = &hooks_;
    ctx_.controls = &controls_;
    draw_ = [this] {
      cache_.BeginFrame(ImGui::GetTime());
      ctx_.wants_redraw = false;
      testing::FullScreenWindow([this] { panel_.Draw(ctx_); });
    };
  }
  void Frames(int n = 2) {
    for (int i = 0; i < n; ++i) harness_.Frame(draw_);
  }
  bool Click(const std::string& name) { return harness_.Click(name, draw_); }
  // Run, then one work slice per frame until the query finishes; returns the number of frames it took.
  int RunAndWait(const std::string& sql) {
    panel_.SetQueryText(sql);
    Frames(1);
    EXPECT_TRUE(Click("Athena/Run")) << sql;
    int frames = 0;
    for (; frames < 2000 && panel_.any_running(); ++frames) {
      lab_.Work(/*budget_units=*/200000);
      lab_.RecordWorkTime(/*measured_real_us=*/1000);
      harness_.Frame(draw_);
    }
    Frames(2);
    return frames;
  }
  std::string State() { return panel_.active_run() ? panel_.active_run()->state : std::string("(none)"); }
  std::string Reason() {
    const AthenaPanel::QueryRun* r = panel_.active_run();
    if (!r) return std::string();
    return r->error ? r->error->code + ": " + r->error->message : r->reason;
  }

  Lab lab_;
  ApiCache cache_;
  PlatformHooks hooks_;
  SimControls controls_;
  UiContext ctx_;
  testing::ImGuiHarness harness_;
  AthenaPanel panel_;
  std::function<void()> draw_;
};

TEST_F(AthenaRealLabTest, CreateTableQueryItAndSeeAColumnError) {
  lab_.Call("Lab", "StartDemoData", {{"DeliveryStreamName", lab_.lab_stream_name()}, {"RecordsPerSecond", 10}});
  for (int s = 0; s < 190; s += 5) lab_.Advance(5 * kUsPerSecond);
  Frames();
  ASSERT_TRUE(FindWidget("Athena/Database").visible);
  // First the query result location, as the console asks: the banner's button, then Save on the proposal.
  ASSERT_TRUE(Click("Athena/Settings/Edit"));
  ASSERT_TRUE(Click("Athena/Settings/Save"));
  EXPECT_EQ(panel_.output_location(), "s3://" + lab_.lab_bucket_name() + "/athena-results/");
  ASSERT_TRUE(Click("Athena/View/Editor"));
  EXPECT_FALSE(FindWidget("Athena/Settings/Edit").visible);

  RunAndWait("CREATE DATABASE IF NOT EXISTS stocks_db");
  ASSERT_EQ(State(), "SUCCEEDED") << Reason();
  ASSERT_TRUE(Click("Athena/Database"));
  ASSERT_TRUE(FindWidget("Athena/Database/stocks_db").visible);
  ASSERT_TRUE(Click("Athena/Database/stocks_db"));
  EXPECT_EQ(panel_.catalog().database(), "stocks_db");

  RunAndWait("CREATE EXTERNAL TABLE `stock_ticks` (\n  `ticker_symbol` string, `sector` string, `change` double, `price` double)\n"
             "ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'\nLOCATION 's3://" + lab_.lab_bucket_name() + "/stocks/';");
  ASSERT_EQ(State(), "SUCCEEDED") << Reason();
  Frames(2);
  ASSERT_TRUE(FindWidget("Athena/Table/stock_ticks").visible);
  ASSERT_TRUE(Click("Athena/Table/stock_ticks"));
  EXPECT_TRUE(FindWidget("Athena/Table/stock_ticks/Column/price").visible);

  int frames = RunAndWait("SELECT ticker_symbol, price\nFROM stock_ticks\nORDER BY price DESC\nLIMIT 5");
  ASSERT_EQ(State(), "SUCCEEDED") << Reason();
  EXPECT_GE(frames, 1);
  const AthenaPanel::QueryRun& run = *panel_.active_run();
  ASSERT_EQ(run.grid.table().column_count(), 2u);
  EXPECT_GT(run.grid.table().row_count(), 0u);
  EXPECT_LE(run.grid.table().row_count(), 5u);
  EXPECT_EQ(run.grid.table().columns()[0].name, "ticker_symbol");
  EXPECT_EQ(run.grid.table().columns()[1].type, "double");
  EXPECT_GT(run.scanned_bytes, 0);
  EXPECT_TRUE(FindWidget("Athena/Results/Header/price").visible);

  RunAndWait("SELECT ticker_symbol,\n  price,\n  symbol\nFROM stock_ticks");
  ASSERT_EQ(State(), "FAILED") << Reason();
  EXPECT_NE(Reason().find("COLUMN_NOT_FOUND"), std::string::npos) << Reason();
  EXPECT_EQ(panel_.active_run()->error_line, 3) << Reason();
  EXPECT_EQ(panel_.active_run()->error_column, 3) << Reason();
  EXPECT_TRUE(FindWidget("Athena/Error").visible);
  Frames(2);
  EXPECT_EQ(panel_.editor().CursorLineColumn(), std::make_pair(3, 3));

  ASSERT_TRUE(Click("Athena/View/Recent queries"));
  Json list = lab_.Call("Athena", "ListQueryExecutions", Json::object()).body;
  ASSERT_TRUE(list["QueryExecutionIds"].is_array());
  ASSERT_GE(list["QueryExecutionIds"].size(), 4u);
  EXPECT_TRUE(FindWidget("Athena/History/" + list["QueryExecutionIds"][0].get<std::string>()).visible);
}

// [SECTION] screenshots (FHL_UI_SCREENSHOT_DIR)

TEST(AthenaScreenshotTest, SavesAthenaScenes) {
  const char* dir = std::getenv("FHL_UI_SCREENSHOT_DIR");
  if (!dir || !*dir) GTEST_SKIP() << "set FHL_UI_SCREENSHOT_DIR to a folder to write PNG screenshots";
  const int width = 1440, height = 900;
  testing::ImGuiHarness harness(width, height);
  testing::LoadPageFonts();
  ApplyTheme();
  testing::SoftwareTexture texture = testing::SoftwareTexture::FromFontAtlas();
  FakeAthena fake;
  ApiCache cache = fake.MakeCache();
  PlatformHooks hooks;
  SimControls controls;
  UiContext ctx;
  ctx.api = &cache;
  ctx.hooks = &hooks;
  ctx.controls = &controls;
  AthenaPanel panel;
  auto draw = [&] {
    cache.BeginFrame(ImGui::GetTime());
    ctx.fonts = FindFonts();
    SetKitFonts(ctx.fonts);
    testing::DrawInContentArea(width, height, [&] { panel.Draw(ctx); });
  };
  int saved = 0;
  auto shot = [&](const std::string& name) {
    for (int i = 0; i < 3; ++i) harness.Frame(draw);
    saved += testing::SaveLastFrame(texture, width, height, std::string(dir) + "/" + name + ".png") ? 1 : 0;
  };
  fake.next.columns = {{"ticker_symbol", "varchar"}, {"sector", "varchar"}, {"total_change", "double"}, {"ticks", "bigint"}};
  fake.next.rows.clear();
  const char* tickers[] = {"QXZ", "ABC", "NFS", "WSB", "TGT", "AMZN", "CRM", "JYB", "KFU", "MMB", "BFH", "PPL"};
  const char* sectors[] = {"HEALTHCARE", "RETAIL", "TECHNOLOGY", "FINANCIAL", "ENERGY", "AUTOMOBILE"};
  for (int i = 0; i < 40; ++i) {
    char change[32];
    std::snprintf(change, sizeof change, "%.2f", 12.5 - i * 0.77);
    fake.next.rows.push_back({std::string(tickers[i % 12]) + (i >= 12 ? std::to_string(i / 12) : ""),
                              std::string(sectors[i % 6]), std::string(change),
                              i % 9 == 4 ? std::nullopt : std::optional<std::string>(std::to_string(120 + i * 7))});
  }
  panel.catalog().SetDatabase("stocks");
  panel.catalog().Toggle("stock_ticks");
  panel.SetQueryText(
      "SELECT ticker_symbol, sector, round(sum(change), 2) AS total_change, count(*) AS ticks\n"
      "FROM stock_ticks\nGROUP BY ticker_symbol, sector\nORDER BY total_change DESC;");
  harness.Frame(draw);
  ASSERT_TRUE(panel.Run(ctx));
  fake.Work();
  shot("athena-01-running");
  fake.WorkUntilDone();
  shot("athena-02-results");
  fake.next.state = "FAILED";
  fake.next.reason =
      "COLUMN_NOT_FOUND: line 3:7: Column 'symbol' cannot be resolved or requester is not authorized to access "
      "requested resources";
  panel.editor().AddTab();
  panel.SetQueryText("SELECT ticker_symbol, price\nFROM stock_ticks\nWHERE symbol = 'QXZ'\nLIMIT 10;");
  harness.Frame(draw);
  ASSERT_TRUE(panel.Run(ctx));
  fake.WorkUntilDone();
  shot("athena-03-error");
  panel.ShowView(AthenaPanel::View::kRecent);
  shot("athena-04-recent");
  panel.ShowView(AthenaPanel::View::kEditor);
  harness.Frame(draw);
  ASSERT_TRUE(harness.Click("Athena/Save", draw));
  shot("athena-05-save-form");
  ASSERT_TRUE(harness.Click("Athena/Save/Confirm", draw));
  panel.ShowView(AthenaPanel::View::kSaved);
  shot("athena-06-saved");
  EXPECT_EQ(saved, 6);
}

// The real dashboard over a real Lab, driven only by clicks and typed keys (as the end-to-end test will), with one
// Lab::Work slice per frame (as the page's loop will).
TEST(AthenaScreenshotTest, SavesDashboardAthenaScenes) {
  const char* dir = std::getenv("FHL_UI_SCREENSHOT_DIR");
  if (!dir || !*dir) GTEST_SKIP() << "set FHL_UI_SCREENSHOT_DIR to a folder to write PNG screenshots";
  const int width = 1440, height = 900;
  testing::ImGuiHarness harness(width, height, /*wrap_widget_frames=*/false);
  testing::LoadPageFonts();
  testing::SoftwareTexture texture = testing::SoftwareTexture::FromFontAtlas();
  ImGuiIO& io = ImGui::GetIO();
  io.KeyMap[ImGuiKey_Enter] = 13;
  io.KeyMap[ImGuiKey_A] = 'A';
  io.KeyMap[ImGuiKey_Backspace] = 8;
  Lab lab;
  SimControls controls;
  Dashboard dashboard(lab, controls);
  auto draw = [&] {
    lab.Work(200000);
    lab.RecordWorkTime(1000);
    dashboard.Draw();
  };
  auto key = [&](int k, bool ctrl) {
    io.KeyCtrl = ctrl;
    io.KeysDown[k] = true;
    harness.Frame(draw);
    io.KeysDown[k] = false;
    harness.Frame(draw);
    io.KeyCtrl = false;
  };
  auto type_query = [&](const std::string& sql) {  // select all + type over it, then Ctrl+Enter
    ASSERT_TRUE(harness.Click("Athena/Editor", draw));
    key('A', true);
    key(8, false);
    for (char c : sql) {
      if (c == '\n') {
        key(13, false);
      } else {
        io.AddInputCharacter(static_cast<unsigned char>(c));
        harness.Frame(draw);
      }
    }
    key(13, true);
    for (int i = 0; i < 60; ++i) harness.Frame(draw);
  };
  int saved = 0;
  auto shot = [&](const std::string& name) {
    for (int i = 0; i < 3; ++i) harness.Frame(draw);
    saved += testing::SaveLastFrame(texture, width, height, std::string(dir) + "/" + name + ".png") ? 1 : 0;
  };
  lab.Call("Lab", "StartDemoData", {{"DeliveryStreamName", lab.lab_stream_name()}, {"RecordsPerSecond", 100}});
  for (int s = 0; s < 6 * 60; s += 5) lab.Advance(5 * kUsPerSecond);
  harness.Frame(draw);
  harness.Frame(draw);
  ASSERT_TRUE(harness.Click("Nav/Athena", draw));
  shot("athena-10-dashboard-first-visit");
  ASSERT_TRUE(harness.Click("Athena/Settings/Edit", draw));
  ASSERT_TRUE(harness.Click("Athena/Settings/Save", draw));
  shot("athena-11-dashboard-settings");
  ASSERT_TRUE(harness.Click("Athena/View/Editor", draw));
  type_query("CREATE DATABASE stocks_db");
  ASSERT_TRUE(harness.Click("Athena/Database", draw));
  ASSERT_TRUE(harness.Click("Athena/Database/stocks_db", draw));
  type_query("CREATE EXTERNAL TABLE stock_ticks (\n  ticker_symbol string, sector string, change double, price double)\n"
             "ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'\nLOCATION 's3://" + lab.lab_bucket_name() + "/stocks/'");
  ASSERT_TRUE(harness.Click("Athena/Table/stock_ticks", draw));
  type_query("SELECT ticker_symbol, sector, count(*) AS ticks, round(avg(price), 2) AS avg_price\nFROM stock_ticks\n"
             "GROUP BY ticker_symbol, sector\nORDER BY ticks DESC");
  EXPECT_TRUE(FindWidget("Athena/Results/Header/avg_price").visible);
  shot("athena-12-dashboard-results");
  type_query("SELECT ticker_symbol,\n  price,\n  symbol\nFROM stock_ticks");
  EXPECT_TRUE(FindWidget("Athena/Error").visible);
  shot("athena-13-dashboard-error");
  EXPECT_EQ(saved, 4);
}

}  // namespace
}  // namespace fhl::ui
