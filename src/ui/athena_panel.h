// athena_panel.h: the "Amazon Athena" section: query editor (tabs, catalog tree, Run/Cancel/Clear/Save, status, error
// box at line:column, results grid), Recent queries, Saved queries, Settings. Depends on ImGui and Lab::Call shapes only;
// never blocks: polls GetQueryExecution each frame while a query is QUEUED/RUNNING and asks for redraws meanwhile.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/api_error.h"
#include "ui/catalog_tree.h"
#include "ui/results_grid.h"
#include "ui/sql_editor.h"
#include "ui/ui_context.h"

namespace fhl::ui {

class AthenaPanel {
 public:
  static constexpr const char* kWorkGroup = "primary";
  static constexpr const char* kCatalog = "AwsDataCatalog";
  static constexpr int kHistoryCount = 50;  // ListQueryExecutions / ListNamedQueries MaxResults

  enum class View { kEditor, kRecent, kSaved, kSettings };

  // One query execution shown in a query tab.
  struct QueryRun {
    std::string execution_id;
    std::string query;     // the text that ran
    std::string database;  // QueryExecutionContext.Database
    std::string state;     // "" until known; QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED
    std::string reason;    // Status.StateChangeReason
    std::optional<ApiError> error;  // StartQueryExecution / GetQueryExecution failed
    double queue_ms = -1, engine_ms = -1, total_ms = -1, scanned_bytes = -1;  // Statistics (-1: not reported)
    int error_line = 0, error_column = 0;  // position in the reason or error message (1-based; 0 = none)
    bool cancel_requested = false;
    int polls = 0;  // GetQueryExecution calls made
    ResultsGrid grid;

    bool polling() const { return !error && !execution_id.empty() && (state.empty() || state == "QUEUED" || state == "RUNNING"); }
  };

  // Draws the section. Widget names: see the [SECTION] widget names index in athena_panel.cpp.
  void Draw(UiContext& ctx);

  // Text API (tests and the page's JS API): the active tab's SQL, replaced even while the user is typing.
  void SetQueryText(const std::string& sql) { editor_.SetText(sql); }
  const std::string& query_text() const { return editor_.text(); }
  // Starts the active tab's query (as Run / Ctrl+Enter). False when there is nothing to run, one is already running
  // in this tab, or StartQueryExecution failed (the error shows in the tab).
  bool Run(UiContext& ctx);
  void Cancel(UiContext& ctx);  // StopQueryExecution for the active tab's running query
  void Clear();                 // empties the active tab's editor
  // Opens an execution in a new tab (Recent queries) and loads its state and results.
  void OpenExecution(const std::string& execution_id, const std::string& query, const std::string& database);
  // Opens a saved query's text in a new tab titled with its name.
  void OpenSaved(const std::string& name, const std::string& query, const std::string& database);
  void ShowView(View view) { view_ = view; }
  // Query result location (Settings; like the console's client-side setting): sent as
  // ResultConfiguration.OutputLocation with every query. Empty: the workgroup's own location, if it has one.
  // Returns false (and keeps the old value) unless it is "s3://bucket[/prefix]"; a missing trailing "/" is added.
  bool SetOutputLocation(const std::string& location);
  const std::string& output_location() const { return output_location_; }
  View view() const { return view_; }

  SqlEditor& editor() { return editor_; }
  CatalogTree& catalog() { return catalog_; }
  QueryRun* active_run();       // the active tab's execution, or null
  bool any_running() const;     // some tab polls a QUEUED/RUNNING query

  // "line 3:7" in an Athena/Trino message: {line, column, offset of "line", length of "line 3:7"}; nullopt if absent.
  struct ErrorPosition {
    int line = 0, column = 0;
    size_t offset = 0, length = 0;
  };
  static std::optional<ErrorPosition> FindErrorPosition(std::string_view message);
  // Console units: "512 bytes", "1.50 KB", "73.41 MB" (1024-based, two decimals).
  static std::string FormatDataScanned(double bytes);
  // "412 ms", "1.2 sec", "1 min 5 sec".
  static std::string FormatRunTime(double ms);
  // "Completed", "Running", ... for a QueryExecutionState.
  static const char* StateLabel(std::string_view state);
  // The status line: "Completed  Time in queue: 98 ms  Run time: 1.2 sec  Data scanned: 73.41 MB".
  static std::string StatusText(const QueryRun& run);

 private:
  void Poll(UiContext& ctx, int tab_id, QueryRun& run);
  void DrawEditorView(UiContext& ctx);
  void DrawQueryCard(UiContext& ctx, float width, float editor_h);
  void DrawSaveForm(UiContext& ctx);
  void DrawResultsCard(UiContext& ctx, float width, float height);
  void DrawStatus(const QueryRun& run);
  void DrawError(const QueryRun& run);
  void DrawRecent(UiContext& ctx);
  void DrawSaved(UiContext& ctx);
  void DrawSettings(UiContext& ctx);
  // The workgroup's OutputLocation (GetWorkGroup), "" when it has none.
  std::string WorkGroupOutputLocation(UiContext& ctx);
  void Save(UiContext& ctx);
  QueryRun& RunFor(int tab_id);

  View view_ = View::kEditor;
  SqlEditor editor_;
  CatalogTree catalog_;
  std::map<int, std::unique_ptr<QueryRun>> runs_;  // by editor tab id
  std::map<std::string, Json> finished_;            // QueryExecution of terminal history entries (never change)
  std::string output_location_;
  char settings_location_[512] = {};
  bool settings_loaded_ = false;
  std::string settings_error_;
  bool save_open_ = false;
  char save_name_[128] = {};
  char save_description_[256] = {};
};

}  // namespace fhl::ui
