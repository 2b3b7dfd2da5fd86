// athena_panel.cpp: the Amazon Athena section (see athena_panel.h). Writes go through ApiCache::Write, query state
// through ApiCache::Fetch (uncached, every frame while QUEUED/RUNNING), listings through ApiCache::Get.
//
// [SECTION] widget names
//   Views          Athena/View/Editor, Athena/View/Recent queries, Athena/View/Saved queries, Athena/View/Settings
//   Settings       Athena/Settings/Edit (editor banner while no result location is set), Athena/Settings/Output location,
//                  Athena/Settings/Save
//   Query tabs     Athena/Tab/<n> (n = 1-based position), Athena/Tab/<n>/Close, Athena/Tab/New
//   Editor         Athena/Editor (click to type; Enter = new line, Ctrl+Enter = Run), Athena/Cursor ("Ln 3, Col 7")
//   Actions        Athena/Run, Athena/Cancel (enabled while running), Athena/Clear, Athena/Save, and while the save form is open
//                  Athena/Save/Name, Athena/Save/Description, Athena/Save/Confirm, Athena/Save/Cancel
//   Catalog        Athena/Database (combo; Athena/Database/<name> while open), Athena/Table filter,
//                  Athena/Table/<name>, Athena/Table/<name>/Preview, Athena/Table/<name>/Column/<column>
//   Status         Athena/Status, Athena/Error, Athena/Error/Go to
//   Results        Athena/Results, Athena/Results/Count, Athena/Results/Header/<column>, Athena/Results/Row/<n>,
//                  Athena/Results/Copy, Athena/Results/Copy all, Athena/Results/Load more, Athena/Download
//   Recent         Athena/History/<execution id>
//   Saved          Athena/Saved/<name>
// [SECTION] text helpers
// [SECTION] running queries
// [SECTION] editor view
// [SECTION] status and error
// [SECTION] recent and saved queries
// [SECTION] settings                  query result location
#include "ui/athena_panel.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <vector>

#include "imgui_internal.h"  // ImTextCharFromUtf8 (cutting long queries to one line)
#include "ui/format.h"
#include "ui/json_access.h"
#include "ui/ui_kit.h"
#include "ui/widget_registry.h"

namespace fhl::ui {

// [SECTION] text helpers

std::optional<AthenaPanel::ErrorPosition> AthenaPanel::FindErrorPosition(std::string_view message) {
  auto digits = [&](size_t& i, int& value) {
    size_t start = i;
    value = 0;
    while (i < message.size() && std::isdigit(static_cast<unsigned char>(message[i])) && i - start < 9)
      value = value * 10 + (message[i++] - '0');
    return i > start;
  };
  for (size_t at = message.find("line "); at != std::string_view::npos; at = message.find("line ", at + 1)) {
    if (at > 0 && std::isalnum(static_cast<unsigned char>(message[at - 1]))) continue;  // "newline 1:2"
    size_t i = at + 5;
    ErrorPosition p;
    if (!digits(i, p.line) || i >= message.size() || message[i] != ':') continue;
    ++i;
    if (!digits(i, p.column) || p.line < 1) continue;
    p.column = std::max(1, p.column);
    p.offset = at;
    p.length = i - at;
    return p;
  }
  return std::nullopt;
}

std::string AthenaPanel::FormatDataScanned(double bytes) {
  if (!(bytes >= 0)) bytes = 0;
  char buf[48];
  if (bytes < 1024) {
    std::snprintf(buf, sizeof buf, "%.0f bytes", bytes);
    return buf;
  }
  static const char* const kUnits[] = {"KB", "MB", "GB", "TB", "PB"};
  double v = bytes / 1024;
  int unit = 0;
  while (v >= 1024 && unit < 4) {
    v /= 1024;
    ++unit;
  }
  std::snprintf(buf, sizeof buf, "%.2f %s", v, kUnits[unit]);
  return buf;
}

std::string AthenaPanel::FormatRunTime(double ms) {
  if (!(ms >= 0)) ms = 0;
  char buf[48];
  if (ms < 1000) {
    std::snprintf(buf, sizeof buf, "%.0f ms", std::floor(ms));
    return buf;
  }
  if (ms < 60000) {
    std::snprintf(buf, sizeof buf, "%.3f", ms / 1000);
    std::string s = buf;
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s + " sec";
  }
  int64_t s = static_cast<int64_t>(ms / 1000);
  std::snprintf(buf, sizeof buf, "%lld min %lld sec", static_cast<long long>(s / 60), static_cast<long long>(s % 60));
  return buf;
}

const char* AthenaPanel::StateLabel(std::string_view state) {
  if (state == "QUEUED") return "Queued";
  if (state == "RUNNING") return "Running";
  if (state == "SUCCEEDED") return "Completed";
  if (state == "FAILED") return "Failed";
  if (state == "CANCELLED") return "Cancelled";
  return "Submitting";
}

std::string AthenaPanel::StatusText(const QueryRun& run) {
  std::string s = run.error ? "Failed" : StateLabel(run.state);
  if (run.queue_ms >= 0) s += "  Time in queue: " + FormatRunTime(run.queue_ms);
  if (run.engine_ms >= 0) s += "  Run time: " + FormatRunTime(run.engine_ms);
  if (run.scanned_bytes >= 0) s += "  Data scanned: " + FormatDataScanned(run.scanned_bytes);
  return s;
}

namespace {

std::string TimestampText(const Json& v) {
  if (v.is_number()) return FormatConsoleDate(FromEpochSeconds(v.get<double>()));
  if (v.is_string()) return FormatConsoleDateIso(v.get_ref<const std::string&>());
  return "-";
}

bool IsTerminal(std::string_view state) { return state == "SUCCEEDED" || state == "FAILED" || state == "CANCELLED"; }

ImU32 StateColor(std::string_view state) {
  const Theme& t = GetTheme();
  if (state == "SUCCEEDED") return t.success;
  if (state == "FAILED") return t.error;
  if (state == "CANCELLED") return t.warning;
  return t.info;
}

// Right-aligns the next widget of `width` inside the current card (AlignRight would use the window's edge).
void AlignRightInCard(float width) {
  float avail = CardInnerWidth();
  if (avail > width) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + avail - width);
}

// One line of text cut to `max_w` pixels with an ellipsis; runs of white space (new lines too) become one space.
std::string OneLine(std::string_view text, float max_w) {
  std::string s;
  s.reserve(std::min<size_t>(text.size(), 240));
  for (char c : text) {
    if (s.size() >= 240) break;
    bool space = c == '\n' || c == '\r' || c == '\t' || c == ' ';
    if (space && (s.empty() || s.back() == ' ')) continue;
    s.push_back(space ? ' ' : c);
  }
  if (ImGui::CalcTextSize(s.c_str()).x <= max_w) return s;
  // Cut by summing glyph advances once (not re-measuring the string per dropped character).
  ImFont* font = ImGui::GetFont();
  const float scale = ImGui::GetFontSize() / font->FontSize;
  const float budget = max_w - ImGui::CalcTextSize("...").x;
  float w = 0;
  size_t i = 0;
  while (i < s.size()) {
    unsigned int c = 0;
    int n = ImTextCharFromUtf8(&c, s.c_str() + i, s.c_str() + s.size());
    if (n <= 0) break;
    float advance = font->GetCharAdvance(static_cast<ImWchar>(c)) * scale;
    if (w + advance > budget) break;
    w += advance;
    i += static_cast<size_t>(n);
  }
  s.resize(i);
  return s + "...";
}

void Spinner(ImU32 color) {
  float h = ImGui::GetTextLineHeight();
  ImVec2 p = ImGui::GetCursorScreenPos();
  ImVec2 c(p.x + h * 0.5f, p.y + ImGui::GetStyle().FramePadding.y + h * 0.5f);
  float a = static_cast<float>(ImGui::GetTime()) * 6.0f;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PathArcTo(c, h * 0.36f, a, a + 4.2f, 16);
  dl->PathStroke(color, 0, 2.0f);
  ImGui::Dummy(ImVec2(h, h + 2 * ImGui::GetStyle().FramePadding.y));
}

bool CtrlEnterPressed() {
  ImGuiIO& io = ImGui::GetIO();
  return io.KeyCtrl && (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false) ||
                        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter), false));
}

}  // namespace

// [SECTION] running queries

AthenaPanel::QueryRun& AthenaPanel::RunFor(int tab_id) {
  std::unique_ptr<QueryRun>& r = runs_[tab_id];
  if (!r) r = std::make_unique<QueryRun>();
  return *r;
}

AthenaPanel::QueryRun* AthenaPanel::active_run() {
  auto it = runs_.find(editor_.active_id());
  return it == runs_.end() ? nullptr : it->second.get();
}

bool AthenaPanel::any_running() const {
  for (const auto& [id, run] : runs_)
    if (run->polling()) return true;
  return false;
}

bool AthenaPanel::Run(UiContext& ctx) {
  const std::string text = editor_.text();
  bool blank = std::all_of(text.begin(), text.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
  if (blank) return false;
  QueryRun& run = RunFor(editor_.active_id());
  if (run.polling()) return false;
  std::string database = catalog_.database();
  Json request = {{"QueryString", text},
                  {"QueryExecutionContext", {{"Database", database}, {"Catalog", kCatalog}}},
                  {"WorkGroup", kWorkGroup}};
  if (!output_location_.empty()) request["ResultConfiguration"] = {{"OutputLocation", output_location_}};
  Response r = ctx.api->Write("Athena", "StartQueryExecution", request);
  run.grid.Reset();
  run = QueryRun();
  run.query = text;
  run.database = database;
  if (!r.ok()) {
    run.error = r.error;
    if (std::optional<ErrorPosition> p = FindErrorPosition(r.error->message)) {
      run.error_line = p->line;
      run.error_column = p->column;
      editor_.GoTo(p->line, p->column);
    }
    return false;
  }
  run.execution_id = std::string(JStr(r.body, "QueryExecutionId"));
  if (run.execution_id.empty()) {
    run.error = ApiError{"InvalidResponse", "StartQueryExecution returned no QueryExecutionId.", 500};
    return false;
  }
  run.state = "QUEUED";
  return true;
}

void AthenaPanel::Cancel(UiContext& ctx) {
  QueryRun* run = active_run();
  if (!run || !run->polling() || run->cancel_requested) return;
  Response r = ctx.api->Write("Athena", "StopQueryExecution", Json{{"QueryExecutionId", run->execution_id}});
  if (!r.ok()) {
    ctx.FlashError("Cancel failed.", *r.error);
    return;
  }
  run->cancel_requested = true;
}

void AthenaPanel::Clear() { editor_.SetText(std::string()); }

bool AthenaPanel::SetOutputLocation(const std::string& location) {
  std::string l = location;
  while (!l.empty() && std::isspace(static_cast<unsigned char>(l.back()))) l.pop_back();
  while (!l.empty() && std::isspace(static_cast<unsigned char>(l.front()))) l.erase(l.begin());
  if (l.empty()) {
    output_location_.clear();
    return true;
  }
  if (l.rfind("s3://", 0) != 0 || l.size() <= 5 || l[5] == '/') return false;
  if (l.back() != '/') l.push_back('/');
  output_location_ = l;
  return true;
}

std::string AthenaPanel::WorkGroupOutputLocation(UiContext& ctx) {
  const CachedResponse& wg = ctx.api->Get("Athena", "GetWorkGroup", Json{{"WorkGroup", kWorkGroup}}, kLiveListing);
  const Json& config = JMember(JMember(wg.response.body, "WorkGroup"), "Configuration");
  return std::string(JStr(JMember(config, "ResultConfiguration"), "OutputLocation"));
}

void AthenaPanel::OpenExecution(const std::string& execution_id, const std::string& query, const std::string& database) {
  int tab = editor_.AddTab(std::string(), query);
  QueryRun& run = RunFor(tab);
  run.execution_id = execution_id;
  run.query = query;
  run.database = database;
  if (!database.empty()) catalog_.SetDatabase(database);
  view_ = View::kEditor;
}

void AthenaPanel::OpenSaved(const std::string& name, const std::string& query, const std::string& database) {
  editor_.AddTab(name, query);
  if (!database.empty()) catalog_.SetDatabase(database);
  view_ = View::kEditor;
}

void AthenaPanel::Poll(UiContext& ctx, int tab_id, QueryRun& run) {
  Response r = ctx.api->Fetch("Athena", "GetQueryExecution", Json{{"QueryExecutionId", run.execution_id}});
  ++run.polls;
  if (!r.ok()) {
    run.error = r.error;
    return;
  }
  const Json& qe = JMember(r.body, "QueryExecution");
  const Json& status = JMember(qe, "Status");
  const Json& stats = JMember(qe, "Statistics");
  std::string state(JStr(status, "State"));
  run.reason = std::string(JStr(status, "StateChangeReason"));
  run.queue_ms = JNum(stats, "QueryQueueTimeInMillis", -1);
  run.engine_ms = JNum(stats, "EngineExecutionTimeInMillis", -1);
  run.total_ms = JNum(stats, "TotalExecutionTimeInMillis", -1);
  run.scanned_bytes = JNum(stats, "DataScannedInBytes", -1);
  if (run.query.empty()) run.query = std::string(JStr(qe, "Query"));
  const bool finished_now = IsTerminal(state) && !IsTerminal(run.state);
  run.state = state;
  if (!finished_now) return;
  ctx.api->InvalidateAll();  // DDL changes the catalog; history shows the new state
  if (state == "SUCCEEDED") {
    run.grid.Load(ctx, run.execution_id);
  } else if (state == "FAILED") {
    if (std::optional<ErrorPosition> p = FindErrorPosition(run.reason)) {
      run.error_line = p->line;
      run.error_column = p->column;
      SqlEditor::Tab* tab = editor_.FindTab(tab_id);
      if (tab_id == editor_.active_id() && tab && tab->text == run.query) editor_.GoTo(p->line, p->column);
    }
  }
}

// [SECTION] editor view

void AthenaPanel::Draw(UiContext& ctx) {
  // Poll every tab's running query, visible or not: the core works on it between frames (Lab::Work).
  for (auto& [tab_id, run] : runs_)
    if (run->polling()) Poll(ctx, tab_id, *run);

  const Theme& th = GetTheme();
  ImGui::PushStyleColor(ImGuiCol_Text, ToVec4(th.text_secondary));
  std::string crumb = std::string("Amazon Athena  ") + ChevronText() + "  Query editor";
  TextView(crumb);
  ImGui::PopStyleColor();
  ImGui::Spacing();

  static const char* const kViews[] = {"Editor", "Recent queries", "Saved queries", "Settings"};
  static const char* const kViewNames[] = {"Athena/View/Editor", "Athena/View/Recent queries", "Athena/View/Saved queries",
                                           "Athena/View/Settings"};
  int view = static_cast<int>(view_);
  if (TabStrip("##athena-views", kViews, 4, &view, kViewNames)) view_ = static_cast<View>(view);
  ImGui::Spacing();

  switch (view_) {
    case View::kEditor:
      DrawEditorView(ctx);
      break;
    case View::kRecent:
      DrawRecent(ctx);
      break;
    case View::kSaved:
      DrawSaved(ctx);
      break;
    case View::kSettings:
      DrawSettings(ctx);
      break;
  }
  if (any_running()) ctx.wants_redraw = true;  // keep frames (and polls) coming while a query runs
}

void AthenaPanel::DrawEditorView(UiContext& ctx) {
  // As in the console: no query result location yet -> a blue banner pointing at Settings.
  if (output_location_.empty() && WorkGroupOutputLocation(ctx).empty()) {
    const Theme& t = GetTheme();
    ImVec2 p = ImGui::GetCursorScreenPos();
    float w = ImGui::GetContentRegionAvail().x;
    float h = ImGui::GetFrameHeight() + 20;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), t.info_bg, 6.0f);
    dl->AddRect(p, ImVec2(p.x + w, p.y + h), t.info_border, 6.0f, 0, 1.5f);
    ImGui::SetCursorScreenPos(ImVec2(p.x + 14, p.y + 10));
    ImGui::AlignTextToFramePadding();
    TextView("Before you run your first query, you need to set up a query result location in Amazon S3.");
    const char* label = "Edit settings";
    ImGui::SameLine();
    ImGui::SetCursorScreenPos(ImVec2(p.x + w - ImGui::CalcTextSize(label).x - 28 - 14, p.y + 10));
    if (NormalButton(label)) view_ = View::kSettings;
    TrackWidget("Athena/Settings/Edit");
    ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + h));
    ImGui::Dummy(ImVec2(w, 8));
  }
  const float total_w = ImGui::GetContentRegionAvail().x;
  // The dashboard adds a 16 px spacer after the panel: leave room for it so the page itself does not scroll.
  const float total_h = std::max(620.0f, ImGui::GetContentRegionAvail().y - 16 - 2 * ImGui::GetStyle().ItemSpacing.y);
  const float left_w = std::min(300.0f, std::max(220.0f, total_w * 0.22f));
  const float gap = 16;

  // Left: the catalog in a card.
  ImGui::BeginChild("##athena-left", ImVec2(left_w, total_h), false, ImGuiWindowFlags_NoScrollbar);
  BeginCard("Data");
  CatalogTree::Action action = catalog_.Draw(ctx, CardInnerWidth(), total_h - 2 * kCardPadding - 44);
  EndCard();
  ImGui::EndChild();
  if (action.kind == CatalogTree::Action::Kind::kPreview) {
    std::string sql = "SELECT * FROM \"" + catalog_.database() + "\".\"" + action.table + "\" limit 10;";
    editor_.AddTab(std::string(), sql);
    Run(ctx);
  } else if (action.kind == CatalogTree::Action::Kind::kInsert) {
    SqlEditor::Tab& tab = editor_.active();
    std::string text = tab.text;
    size_t at = std::min(tab.cursor_bytes, text.size());
    text.insert(at, action.text);
    editor_.SetText(text);
    auto lc = SqlEditor::LineColumnOfOffset(editor_.text(), at + action.text.size());
    editor_.GoTo(lc.first, lc.second);
  }

  // Right: query card and results card.
  ImGui::SameLine(0, gap);
  const float right_w = std::max(200.0f, total_w - left_w - gap);
  ImGui::BeginChild("##athena-right", ImVec2(right_w, total_h), false);
  const float editor_h = std::max(150.0f, std::min(280.0f, total_h * 0.28f));
  DrawQueryCard(ctx, right_w, editor_h);
  float results_h = std::max(260.0f, ImGui::GetContentRegionAvail().y - 2 * kCardPadding - 8);
  DrawResultsCard(ctx, right_w, results_h);
  ImGui::EndChild();
}

void AthenaPanel::DrawQueryCard(UiContext& ctx, float width, float editor_h) {
  (void)width;
  BeginCard();
  SqlEditor::Events events;
  editor_.DrawTabs("Athena", CardInnerWidth(), events);
  if (events.closed_tab_id >= 0) runs_.erase(events.closed_tab_id);
  ImGui::Dummy(ImVec2(0, 6));

  QueryRun* run = active_run();
  const bool text_matches = run && run->query == editor_.text();
  int err_line = text_matches ? run->error_line : 0, err_col = text_matches ? run->error_column : 0;
  editor_.DrawEditor("Athena/Editor", ImVec2(CardInnerWidth(), editor_h), ctx.fonts.mono, err_line, err_col, events);
  ImGui::Dummy(ImVec2(0, 8));

  // Actions: Run (Ctrl+Enter), Cancel while running, Clear, Save; cursor position on the right.
  const bool running = run && run->polling();
  const bool has_text = std::any_of(editor_.text().begin(), editor_.text().end(),
                                    [](char c) { return !std::isspace(static_cast<unsigned char>(c)); });
  bool run_clicked = PrimaryButton("Run##athena", has_text && !running);
  TrackWidget("Athena/Run");
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("Run query (Ctrl+Enter)");
  ImGui::SameLine();
  // Cancel is always there (disabled unless a query runs), so the buttons never move under the mouse.
  if (NormalButton("Cancel##athena", running && !run->cancel_requested)) Cancel(ctx);
  TrackWidget("Athena/Cancel");
  ImGui::SameLine();
  if (NormalButton("Clear##athena", !editor_.text().empty())) Clear();
  TrackWidget("Athena/Clear");
  ImGui::SameLine();
  if (NormalButton("Save##athena", has_text)) {
    save_open_ = !save_open_;
    if (save_open_) {
      std::snprintf(save_name_, sizeof save_name_, "%s", editor_.active().title.c_str());
      save_description_[0] = '\0';
    }
  }
  TrackWidget("Athena/Save");
  auto [line, column] = editor_.CursorLineColumn();
  char cursor[64];
  std::snprintf(cursor, sizeof cursor, "SQL   Ln %d, Col %d", line, column);
  ImGui::SameLine();
  AlignRightInCard(ImGui::CalcTextSize(cursor).x);
  ImGui::AlignTextToFramePadding();
  SecondaryText(cursor);
  TrackWidget("Athena/Cursor");

  // Ctrl+Enter outside any text field runs too (inside the editor, the editor reports it).
  if (!events.run && !ImGui::GetIO().WantTextInput && CtrlEnterPressed()) events.run = true;
  if ((run_clicked || events.run) && has_text && !running) Run(ctx);

  if (save_open_) DrawSaveForm(ctx);
  EndCard();
}

void AthenaPanel::DrawSaveForm(UiContext& ctx) {
  ImGui::Dummy(ImVec2(0, 6));
  ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::GetWindowDrawList()->AddLine(p, ImVec2(p.x + CardInnerWidth(), p.y), GetTheme().divider);
  ImGui::Dummy(ImVec2(0, 6));
  Heading("Save query");
  float field_w = std::min(360.0f, CardInnerWidth() * 0.4f);
  ImGui::AlignTextToFramePadding();
  TextView("Name");
  ImGui::SameLine(110);
  ImGui::SetNextItemWidth(field_w);
  ImGui::InputTextWithHint("##save-name", "Query name", save_name_, sizeof save_name_);
  TrackWidget("Athena/Save/Name");
  ImGui::AlignTextToFramePadding();
  TextView("Description");
  ImGui::SameLine(110);
  ImGui::SetNextItemWidth(field_w * 1.5f);
  ImGui::InputTextWithHint("##save-description", "Optional", save_description_, sizeof save_description_);
  TrackWidget("Athena/Save/Description");
  ImGui::Dummy(ImVec2(0, 4));
  bool named = save_name_[0] != '\0';
  if (PrimaryButton("Save query##athena", named)) Save(ctx);
  TrackWidget("Athena/Save/Confirm");
  ImGui::SameLine();
  if (NormalButton("Cancel##save")) save_open_ = false;
  TrackWidget("Athena/Save/Cancel");
}

void AthenaPanel::Save(UiContext& ctx) {
  Json request = {{"Name", save_name_},
                  {"Database", catalog_.database()},
                  {"QueryString", editor_.text()},
                  {"WorkGroup", kWorkGroup}};
  if (save_description_[0]) request["Description"] = save_description_;
  Response r = ctx.api->Write("Athena", "CreateNamedQuery", request);
  if (!r.ok()) {
    ctx.FlashError("Save query failed.", *r.error);
    return;
  }
  editor_.Rename(editor_.active_id(), save_name_);
  ctx.AddFlash(Flash::Kind::kSuccess, std::string("Query saved: ") + save_name_);
  save_open_ = false;
}

void AthenaPanel::DrawResultsCard(UiContext& ctx, float width, float height) {
  (void)width;
  QueryRun* run = active_run();
  BeginCard("Query results");
  if (!run || (run->execution_id.empty() && !run->error)) {
    SecondaryText("Run a query to see its results here. Ctrl+Enter runs the query in the editor.");
    TrackWidget("Athena/Status");
    EndCard();
    return;
  }
  DrawStatus(*run);
  ImGui::Dummy(ImVec2(0, 6));
  if (run->error || run->state == "FAILED") {
    DrawError(*run);
  } else if (run->state == "CANCELLED") {
    InfoBox("Query cancelled. Results written before the cancellation are not shown.");
  } else if (run->state == "SUCCEEDED") {
    // The grid (toolbar + table) fills the rest of the column and scrolls inside.
    // Below the grid: the card's padding, EndCard's spacer and the item spacing between them.
    float grid_h = ImGui::GetContentRegionAvail().y - kCardPadding - 6 - 3 * ImGui::GetStyle().ItemSpacing.y;
    run->grid.Draw(ctx, CardInnerWidth(), std::max(std::min(160.0f, height), grid_h));
  } else {
    SecondaryText(run->cancel_requested ? "Cancelling..." : "The query is running. Results appear here when it completes.");
  }
  EndCard();
}

// [SECTION] status and error

void AthenaPanel::DrawStatus(const QueryRun& run) {
  const Theme& t = GetTheme();
  ImGui::BeginGroup();
  std::string state = run.error ? "FAILED" : run.state;
  if (run.polling()) {
    Spinner(t.info);
    ImGui::SameLine(0, 4);
    ImGui::AlignTextToFramePadding();
    ImGui::PushStyleColor(ImGuiCol_Text, ToVec4(t.info));
    TextView(StateLabel(run.state));
    ImGui::PopStyleColor();
  } else {
    ImGui::AlignTextToFramePadding();
    DotText(StateColor(state), StateLabel(state));
  }
  auto stat = [&](const char* label, const std::string& value) {
    ImGui::SameLine(0, 24);
    SecondaryText(label);
    ImGui::SameLine(0, 6);
    TextView(value);
  };
  if (run.queue_ms >= 0) stat("Time in queue:", FormatRunTime(run.queue_ms));
  if (run.engine_ms >= 0) stat("Run time:", FormatRunTime(run.engine_ms));
  if (run.scanned_bytes >= 0) stat("Data scanned:", FormatDataScanned(run.scanned_bytes));
  if (!run.execution_id.empty()) {
    std::string id = "Query ID: " + run.execution_id;
    float w = ImGui::CalcTextSize(id.c_str()).x;
    ImGui::SameLine(0, 24);
    if (CardInnerWidth() >= w) {  // right-aligned when it fits on the line (the error box repeats it anyway)
      AlignRightInCard(w);
      SecondaryText(id);
    } else {
      ImGui::Dummy(ImVec2(0, 0));
    }
  }
  ImGui::EndGroup();
  TrackWidget("Athena/Status");
}

void AthenaPanel::DrawError(const QueryRun& run) {
  const Theme& t = GetTheme();
  std::string message = run.error ? run.error->code + ": " + run.error->message : run.reason;
  if (message.empty()) message = "The query failed without a reason.";
  std::optional<ErrorPosition> pos = FindErrorPosition(message);
  std::string note;
  if (!run.error) {
    note = "This query ran against the \"" + run.database + "\" database, unless qualified by the query. Query ID: " +
           run.execution_id;
  }

  // A red box: icon, the message word-wrapped with "line L:C" highlighted, the note, and "Go to line L:C".
  const float width = CardInnerWidth();
  const float pad = 12;
  const float icon_w = ImGui::GetTextLineHeight() + 10;
  const float wrap_w = std::max(60.0f, width - 2 * pad - icon_w);
  const float lh = ImGui::GetTextLineHeight();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImVec2 p = ImGui::GetCursorScreenPos();
  dl->ChannelsSplit(2);
  dl->ChannelsSetCurrent(1);

  // Word wrap by hand so the position can have its own colour and background.
  float x = 0, y = 0;
  ImVec2 origin(p.x + pad + icon_w, p.y + pad);
  size_t i = 0;
  while (i < message.size()) {
    size_t end = message.find(' ', i);
    end = end == std::string::npos ? message.size() : end + 1;
    if (pos && i < pos->offset && end > pos->offset) end = pos->offset;  // the position starts a word of its own
    bool in_pos = pos && i >= pos->offset && i < pos->offset + pos->length;
    if (in_pos) end = pos->offset + pos->length;
    const char* b = message.c_str() + i;
    const char* e = message.c_str() + end;
    float w = ImGui::CalcTextSize(b, e).x;
    if (x > 0 && x + w > wrap_w) {
      x = 0;
      y += lh + 2;
    }
    ImVec2 at(origin.x + x, origin.y + y);
    if (in_pos) {
      dl->AddRectFilled(ImVec2(at.x - 2, at.y - 1), ImVec2(at.x + w + 2, at.y + lh + 1), IM_COL32(0xd9, 0x15, 0x15, 0x26), 3.0f);
      dl->AddText(at, t.error, b, e);
      dl->AddText(ImVec2(at.x + 0.6f, at.y), t.error, b, e);
    } else {
      dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), at, t.text, b, e, w > wrap_w ? wrap_w : 0.0f);
      if (w > wrap_w) y += ImGui::CalcTextSize(b, e, false, wrap_w).y - lh;  // a very long word wraps by itself
    }
    x += w;
    i = end;
  }
  float text_bottom = origin.y + y + lh;
  ImGui::SetCursorScreenPos(ImVec2(origin.x, text_bottom + 6));
  if (!note.empty()) {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + wrap_w);
    SecondaryText(note);
    ImGui::PopTextWrapPos();
  }
  const int line = pos ? pos->line : run.error_line;
  const int column = pos ? pos->column : run.error_column;
  if (line > 0) {
    ImGui::Dummy(ImVec2(0, 2));
    char go[64];
    std::snprintf(go, sizeof go, "Go to line %d:%d", line, column);
    ImGui::SetCursorScreenPos(ImVec2(origin.x, ImGui::GetCursorScreenPos().y));
    if (NormalButton(go)) editor_.GoTo(line, column);
    TrackWidget("Athena/Error/Go to");
  }
  float bottom = ImGui::GetCursorScreenPos().y - ImGui::GetStyle().ItemSpacing.y + pad;
  dl->ChannelsSetCurrent(0);
  ImVec2 q(p.x + width, bottom);
  dl->AddRectFilled(p, q, t.error_bg, 6.0f);
  dl->AddRect(p, q, t.error_border, 6.0f, 0, 1.5f);
  float r = lh * 0.45f;
  ImVec2 c(p.x + pad + r, p.y + pad + lh * 0.5f);
  dl->AddCircleFilled(c, r, t.error, 16);
  ImVec2 is = ImGui::CalcTextSize("!");
  dl->AddText(ImVec2(c.x - is.x * 0.5f, c.y - is.y * 0.5f), IM_COL32(255, 255, 255, 255), "!");
  dl->ChannelsMerge();
  ImGui::SetCursorScreenPos(p);
  ImGui::Dummy(ImVec2(width, q.y - p.y));
  TrackWidget("Athena/Error");
}

// [SECTION] recent and saved queries

void AthenaPanel::DrawRecent(UiContext& ctx) {
  const Theme& t = GetTheme();
  const CachedResponse& list = ctx.api->Get("Athena", "ListQueryExecutions",
                                            Json{{"MaxResults", kHistoryCount}, {"WorkGroup", kWorkGroup}}, kLiveListing);
  if (!list.response.ok()) {
    ErrorBanner(*list.response.error, "Could not list recent queries.");
    return;
  }
  const Json& ids = JArray(list.response.body, "QueryExecutionIds");
  std::string counter = "(" + std::to_string(ids.size()) + ")";
  BeginCard("Recent queries", counter.c_str());
  SecondaryText("Queries run in the primary workgroup, newest first. Open one to see its query and results.");
  ImGui::Spacing();
  ImGuiTableFlags flags = ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp |
                          ImGuiTableFlags_NoSavedSettings | ImGuiTableFlags_PadOuterX;
  std::string open_id, open_query, open_db;
  if (ImGui::BeginTable("##recent", 6, flags, ImVec2(CardInnerWidth(), 0))) {
    ImGui::TableSetupColumn("Execution ID", ImGuiTableColumnFlags_WidthFixed,
                            ImGui::CalcTextSize("00000000-0000-0000-0000-000000000000").x + 8);
    ImGui::TableSetupColumn("Query", 0, 3.2f);
    ImGui::TableSetupColumn("Start time", 0, 2.3f);
    ImGui::TableSetupColumn("Status", 0, 1.1f);
    ImGui::TableSetupColumn("Run time", 0, 0.9f);
    ImGui::TableSetupColumn("Data scanned", 0, 1.0f);
    ImGui::TableHeadersRow();
    for (const Json& idj : ids) {
      std::string id(JAsStr(idj));
      if (id.empty()) continue;
      // Terminal executions never change: keep them; others refresh with the lab.
      const Json* qe = nullptr;
      auto done = finished_.find(id);
      if (done != finished_.end()) {
        qe = &done->second;
      } else {
        const CachedResponse& g = ctx.api->Get("Athena", "GetQueryExecution", Json{{"QueryExecutionId", id}}, kLiveListing);
        if (g.response.ok()) {
          const Json& e = JMember(g.response.body, "QueryExecution");
          if (IsTerminal(JStr(JMember(e, "Status"), "State"))) {
            if (finished_.size() > 500) finished_.clear();
            qe = &(finished_[id] = e);
          } else {
            qe = &e;
          }
        }
      }
      ImGui::TableNextRow(0, ImGui::GetFrameHeight());
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      std::string track = "Athena/History/" + id;
      if (LinkText(id, track.c_str()) && qe) {
        open_id = id;
        open_query = std::string(JStr(*qe, "Query"));
        open_db = std::string(JStr(JMember(*qe, "QueryExecutionContext"), "Database"));
      }
      TrackWidget(track);
      if (!qe) {
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        ImGui::TextColored(ToVec4(t.error), "Could not describe this execution.");
        continue;
      }
      const Json& status = JMember(*qe, "Status");
      const Json& stats = JMember(*qe, "Statistics");
      std::string_view state = JStr(status, "State");
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      std::string q = OneLine(JStr(*qe, "Query"), ImGui::GetContentRegionAvail().x - 4);
      TextView(q);
      if (ImGui::IsItemHovered()) {
        std::string_view full = JStr(*qe, "Query");
        ImGui::SetTooltip("%.*s", static_cast<int>(std::min<size_t>(full.size(), 2000)), full.data());
      }
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      TextView(TimestampText(JMember(status, "SubmissionDateTime")));
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      DotText(StateColor(state), StateLabel(state));
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      double ms = JNum(stats, "EngineExecutionTimeInMillis", -1);
      TextView(ms >= 0 ? FormatRunTime(ms) : "-");
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      double scanned = JNum(stats, "DataScannedInBytes", -1);
      TextView(scanned >= 0 ? FormatDataScanned(scanned) : "-");
    }
    ImGui::EndTable();
  }
  if (ids.empty()) SecondaryText("No queries yet. Queries you run in the editor appear here.");
  EndCard();
  if (!open_id.empty()) OpenExecution(open_id, open_query, open_db);
}

void AthenaPanel::DrawSaved(UiContext& ctx) {
  const CachedResponse& list = ctx.api->Get("Athena", "ListNamedQueries",
                                            Json{{"MaxResults", kHistoryCount}, {"WorkGroup", kWorkGroup}}, kLiveListing);
  if (!list.response.ok()) {
    ErrorBanner(*list.response.error, "Could not list saved queries.");
    return;
  }
  const Json& ids = JArray(list.response.body, "NamedQueryIds");
  // The queries themselves: BatchGetNamedQuery, or GetNamedQuery one by one when the batch call is refused.
  std::vector<const Json*> queries;
  std::optional<ApiError> error;
  if (!ids.empty()) {
    const CachedResponse& batch = ctx.api->Get("Athena", "BatchGetNamedQuery", Json{{"NamedQueryIds", ids}}, kLiveListing);
    if (batch.response.ok()) {
      for (const Json& q : JArray(batch.response.body, "NamedQueries")) queries.push_back(&q);
    } else {
      for (const Json& id : ids) {
        const CachedResponse& one = ctx.api->Get("Athena", "GetNamedQuery", Json{{"NamedQueryId", id}}, kLiveListing);
        if (one.response.ok()) {
          queries.push_back(&JMember(one.response.body, "NamedQuery"));
        } else {
          error = one.response.error;
        }
      }
    }
  }
  std::string counter = "(" + std::to_string(queries.size()) + ")";
  BeginCard("Saved queries", counter.c_str());
  SecondaryText("Named queries of the primary workgroup. Open one in a new editor tab; Save in the editor adds one.");
  ImGui::Spacing();
  if (error) ErrorBanner(*error, "Could not read a saved query.");
  ImGuiTableFlags flags = ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp |
                          ImGuiTableFlags_NoSavedSettings | ImGuiTableFlags_PadOuterX;
  std::string open_name, open_query, open_db;
  bool open = false;
  if (ImGui::BeginTable("##saved", 4, flags, ImVec2(CardInnerWidth(), 0))) {
    ImGui::TableSetupColumn("Name", 0, 1.6f);
    ImGui::TableSetupColumn("Description", 0, 2.0f);
    ImGui::TableSetupColumn("Database", 0, 1.0f);
    ImGui::TableSetupColumn("Query", 0, 3.4f);
    ImGui::TableHeadersRow();
    for (const Json* q : queries) {
      std::string name(JStr(*q, "Name"));
      ImGui::TableNextRow(0, ImGui::GetFrameHeight());
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      std::string track = "Athena/Saved/" + name;
      ImGui::PushID(JStr(*q, "NamedQueryId").data(), JStr(*q, "NamedQueryId").data() + JStr(*q, "NamedQueryId").size());
      if (LinkText(name.empty() ? std::string_view("(unnamed)") : std::string_view(name), track.c_str())) {
        open = true;
        open_name = name;
        open_query = std::string(JStr(*q, "QueryString"));
        open_db = std::string(JStr(*q, "Database"));
      }
      ImGui::PopID();
      TrackWidget(track);
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      TextView(OneLine(JStr(*q, "Description", "-"), ImGui::GetContentRegionAvail().x - 4));
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      TextView(JStr(*q, "Database", "-"));
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      TextView(OneLine(JStr(*q, "QueryString"), ImGui::GetContentRegionAvail().x - 4));
    }
    ImGui::EndTable();
  }
  if (queries.empty() && !error) SecondaryText("No saved queries. Use Save in the editor to keep a query here.");
  EndCard();
  if (open) OpenSaved(open_name.empty() ? std::string("Saved query") : open_name, open_query, open_db);
}

// [SECTION] settings

void AthenaPanel::DrawSettings(UiContext& ctx) {
  std::string workgroup_location = WorkGroupOutputLocation(ctx);
  if (!settings_loaded_) {
    // Propose a folder of the lab's bucket, as students are told to create one.
    std::string proposal = output_location_;
    if (proposal.empty()) {
      const CachedResponse& info = ctx.api->Get("Lab", "DescribeLab", Json::object(), kLiveListing);
      std::string_view bucket = JStr(info.response.body, "LabBucketName");
      if (!bucket.empty()) proposal = "s3://" + std::string(bucket) + "/athena-results/";
    }
    std::snprintf(settings_location_, sizeof settings_location_, "%s", proposal.c_str());
    settings_loaded_ = true;
  }
  BeginCard("Query result location and encryption");
  if (BeginKeyValues("##settings", 2)) {
    KeyValue("Location of query result", output_location_.empty() ? std::string("-") : output_location_);
    KeyValue("Workgroup primary result location", workgroup_location.empty() ? std::string("-") : workgroup_location);
    EndKeyValues();
  }
  ImGui::Spacing();
  SecondaryText("Athena writes every query's results to this S3 folder as <query id>.csv (plus a .metadata file).");
  ImGui::SetNextItemWidth(std::min(520.0f, CardInnerWidth() * 0.6f));
  ImGui::InputTextWithHint("##output-location", "s3://bucket/folder/", settings_location_, sizeof settings_location_);
  TrackWidget("Athena/Settings/Output location");
  ImGui::SameLine();
  if (PrimaryButton("Save##settings")) {
    if (SetOutputLocation(settings_location_)) {
      settings_error_.clear();
      std::snprintf(settings_location_, sizeof settings_location_, "%s", output_location_.c_str());
      ctx.AddFlash(Flash::Kind::kSuccess, output_location_.empty() ? std::string("Query result location removed.")
                                                                   : "Query result location saved: " + output_location_);
    } else {
      settings_error_ = "Enter an S3 location like s3://bucket/folder/.";
    }
  }
  TrackWidget("Athena/Settings/Save");
  if (!settings_error_.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ToVec4(GetTheme().error));
    TextView(settings_error_);
    ImGui::PopStyleColor();
  }
  EndCard();
}

}  // namespace fhl::ui
