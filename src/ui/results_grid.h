// results_grid.h: Athena query results: the rows of GetQueryResults pages (ResultTable: pure data, sorting, TSV/CSV
// text, no ImGui) and their ImGui grid (ResultsGrid: clipped table, NextToken paging, sort by header, copy, download).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/api_error.h"
#include "core/json.h"
#include "ui/ui_context.h"

namespace fhl::ui {

// [SECTION] result data (no ImGui)

struct ResultColumn {
  std::string name;
  std::string type;  // Athena's ColumnInfo Type: "varchar", "double", "bigint", ...
};

class ResultTable {
 public:
  void Clear();
  // Appends one GetQueryResults answer. On the first page the columns come from ResultSetMetadata.ColumnInfo and the
  // first row is dropped when it repeats the column names (Athena does that for SELECT). A missing VarCharValue is NULL.
  void AppendPage(const Json& body, bool first_page);

  size_t row_count() const { return column_count() == 0 ? 0 : nulls_.size() / column_count(); }
  size_t column_count() const { return columns_.size(); }
  const std::vector<ResultColumn>& columns() const { return columns_; }
  // Cell of the row in arrival order (the order of the result file).
  const std::string& cell(size_t row, size_t column) const { return cells_[row * column_count() + column]; }
  bool is_null(size_t row, size_t column) const { return nulls_[row * column_count() + column] != 0; }

  // Display order: row index (arrival order) of the i-th displayed row.
  size_t display_row(size_t i) const { return order_.empty() ? i : order_[i]; }
  // Sorts the display order by `column` (-1: arrival order). Numeric column types compare as numbers, everything
  // else byte-wise; NULLs (and non-numbers in numeric columns) go last in both directions. Stable.
  void SortBy(int column, bool ascending);
  int sort_column() const { return sort_column_; }
  bool sort_ascending() const { return sort_ascending_; }

  static bool IsNumericType(std::string_view type);

  // Clipboard text: tab-separated, one line per row ("\n"), fields with a tab, newline or quote are quoted ("a""b").
  // NULL is an empty field. Rows are display indices.
  std::string CellTsv(size_t display_index, size_t column) const;
  std::string RowTsv(size_t display_index) const;
  std::string AllTsv() const;  // header line, then every row in display order
  // The result file as Athena writes it: every field double-quoted ("" escapes a quote), NULL as an empty unquoted
  // field, header first, rows in arrival order, "\n" after each line.
  std::string Csv() const;

 private:
  void ApplySort();

  std::vector<ResultColumn> columns_;
  std::vector<std::string> cells_;  // row-major
  std::vector<uint8_t> nulls_;      // row-major, 1 = NULL
  std::vector<size_t> order_;       // display order; empty = arrival order
  int sort_column_ = -1;
  bool sort_ascending_ = true;
};

// [SECTION] ImGui grid

class ResultsGrid {
 public:
  static constexpr int kPageRows = 1000;                 // GetQueryResults MaxResults (Athena's maximum)
  static constexpr size_t kDownloadRowLimit = 1000000;   // Download fetches remaining pages up to this many rows

  // Forgets the results (a new query runs in this tab).
  void Reset();
  // Fetches the first page of an execution's results now (GetQueryResults).
  void Load(UiContext& ctx, const std::string& execution_id);
  // Fetches the page after the last one (NextToken); false when there is none or the call failed.
  bool FetchNextPage(UiContext& ctx);

  // Toolbar (row count, Copy, Copy all, Download results) and the table, `height` tall (the table scrolls inside).
  // Scrolling near the end fetches the next page; "Load more" below does it on demand.
  void Draw(UiContext& ctx, float width, float height);

  // Selection: a cell (column >= 0) or a whole row (column -1); display_row -1: nothing selected.
  void Select(int display_row, int column) {
    selected_row_ = display_row;
    selected_column_ = column;
  }
  int selected_row() const { return selected_row_; }
  int selected_column() const { return selected_column_; }
  std::string SelectionTsv() const;
  void CopySelection(UiContext& ctx);
  void CopyAll(UiContext& ctx);
  // Fetches the remaining pages (up to kDownloadRowLimit rows) and hands "<execution id>.csv" to the platform.
  void Download(UiContext& ctx);

  bool loaded() const { return loaded_; }
  const std::string& execution_id() const { return execution_id_; }
  const std::string& next_token() const { return next_token_; }
  bool has_more() const { return !next_token_.empty(); }
  int pages_fetched() const { return pages_; }
  const std::optional<ApiError>& error() const { return error_; }
  const ResultTable& table() const { return table_; }
  ResultTable& table() { return table_; }

 private:
  bool FetchPage(UiContext& ctx, const std::string& token);
  void ComputeColumnWidths();
  void Copy(UiContext& ctx, const std::string& text, const char* what);

  std::string execution_id_;
  std::string next_token_;
  std::optional<ApiError> error_;
  bool loaded_ = false;
  int pages_ = 0;
  ResultTable table_;
  std::vector<float> column_widths_;
  int selected_row_ = -1;
  int selected_column_ = -1;
};

}  // namespace fhl::ui
