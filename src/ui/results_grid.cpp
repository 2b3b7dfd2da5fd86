// results_grid.cpp: Athena result rows and their grid (see results_grid.h).
//
// [SECTION] result data      AppendPage, sorting, TSV and CSV text
// [SECTION] paging           GetQueryResults pages through ApiCache::Fetch
// [SECTION] clipboard        copy selection / all, download
// [SECTION] drawing          toolbar and clipped table
#include "ui/results_grid.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "imgui.h"
#include "ui/format.h"
#include "ui/json_access.h"
#include "ui/ui_kit.h"
#include "ui/widget_registry.h"

namespace fhl::ui {

// [SECTION] result data

namespace {

const std::string& EmptyString() {
  static const std::string kEmpty;
  return kEmpty;
}

// Number in a numeric column's text; NaN for NULL or text that is not a number ("NaN", "Infinity" parse as such).
double ParseNumber(const std::string& text, bool is_null) {
  if (is_null || text.empty()) return std::nan("");
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (end == text.c_str()) return std::nan("");
  return v;
}

void AppendTsvField(std::string& out, const std::string& value) {
  if (value.find_first_of("\t\n\r\"") == std::string::npos) {
    out += value;
    return;
  }
  out.push_back('"');
  for (char c : value) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

void AppendCsvField(std::string& out, const std::string& value) {
  out.push_back('"');
  for (char c : value) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

}  // namespace

void ResultTable::Clear() {
  columns_.clear();
  cells_.clear();
  nulls_.clear();
  order_.clear();
  sort_column_ = -1;
  sort_ascending_ = true;
}

bool ResultTable::IsNumericType(std::string_view type) {
  static const char* const kNumeric[] = {"tinyint", "smallint", "integer", "int", "bigint", "real", "double", "float", "decimal"};
  std::string lower;
  for (char c : type) {
    if (c == '(') break;  // decimal(10,2)
    lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  for (const char* n : kNumeric)
    if (lower == n) return true;
  return false;
}

void ResultTable::AppendPage(const Json& body, bool first_page) {
  const Json& result_set = JMember(body, "ResultSet");
  const Json& rows = JArray(result_set, "Rows");
  if (first_page) {
    Clear();
    for (const Json& info : JArray(JMember(result_set, "ResultSetMetadata"), "ColumnInfo"))
      columns_.push_back(ResultColumn{std::string(JStr(info, "Name")), std::string(JStr(info, "Type", "varchar"))});
    // No metadata (some statements): as many unnamed columns as the widest row.
    if (columns_.empty()) {
      size_t width = 0;
      for (const Json& row : rows) width = std::max(width, JArray(row, "Data").size());
      for (size_t i = 0; i < width; ++i) columns_.push_back(ResultColumn{"_col" + std::to_string(i), "varchar"});
    }
  }
  const size_t n = column_count();
  if (n == 0) return;
  size_t start = 0;
  if (first_page && !rows.empty()) {
    const Json& data = JArray(rows[0], "Data");
    bool is_header = data.size() == n;
    for (size_t c = 0; is_header && c < n; ++c) {
      const Json& v = JMember(data[c], "VarCharValue");
      is_header = v.is_string() && v.get_ref<const std::string&>() == columns_[c].name;
    }
    if (is_header) start = 1;
  }
  cells_.reserve(cells_.size() + (rows.size() - std::min(rows.size(), start)) * n);
  for (size_t r = start; r < rows.size(); ++r) {
    const Json& data = JArray(rows[r], "Data");
    for (size_t c = 0; c < n; ++c) {
      static const Json kNull;
      const Json& v = c < data.size() ? JMember(data[c], "VarCharValue") : kNull;
      if (v.is_string()) {
        cells_.push_back(v.get_ref<const std::string&>());
        nulls_.push_back(0);
      } else {
        cells_.emplace_back();
        nulls_.push_back(1);
      }
    }
  }
  ApplySort();
}

void ResultTable::SortBy(int column, bool ascending) {
  sort_column_ = column >= 0 && static_cast<size_t>(column) < column_count() ? column : -1;
  sort_ascending_ = ascending;
  ApplySort();
}

void ResultTable::ApplySort() {
  const size_t rows = row_count();
  if (sort_column_ < 0) {
    order_.clear();
    return;
  }
  order_.resize(rows);
  for (size_t i = 0; i < rows; ++i) order_[i] = i;
  const size_t col = static_cast<size_t>(sort_column_);
  const bool asc = sort_ascending_;
  if (IsNumericType(columns_[col].type)) {
    std::vector<double> keys(rows);
    for (size_t i = 0; i < rows; ++i) keys[i] = ParseNumber(cell(i, col), is_null(i, col));
    std::stable_sort(order_.begin(), order_.end(), [&](size_t a, size_t b) {
      double ka = keys[a], kb = keys[b];
      bool na = std::isnan(ka), nb = std::isnan(kb);
      if (na || nb) return !na && nb;  // numbers before NULL / non-numbers
      return asc ? ka < kb : kb < ka;
    });
  } else {
    std::stable_sort(order_.begin(), order_.end(), [&](size_t a, size_t b) {
      bool na = is_null(a, col), nb = is_null(b, col);
      if (na || nb) return !na && nb;
      int cmp = cell(a, col).compare(cell(b, col));
      return asc ? cmp < 0 : cmp > 0;
    });
  }
}

std::string ResultTable::CellTsv(size_t display_index, size_t column) const {
  if (display_index >= row_count() || column >= column_count()) return std::string();
  size_t row = display_row(display_index);
  std::string out;
  AppendTsvField(out, is_null(row, column) ? EmptyString() : cell(row, column));
  return out;
}

std::string ResultTable::RowTsv(size_t display_index) const {
  if (display_index >= row_count()) return std::string();
  size_t row = display_row(display_index);
  std::string out;
  for (size_t c = 0; c < column_count(); ++c) {
    if (c > 0) out.push_back('\t');
    AppendTsvField(out, is_null(row, c) ? EmptyString() : cell(row, c));
  }
  return out;
}

std::string ResultTable::AllTsv() const {
  std::string out;
  for (size_t c = 0; c < column_count(); ++c) {
    if (c > 0) out.push_back('\t');
    AppendTsvField(out, columns_[c].name);
  }
  for (size_t i = 0; i < row_count(); ++i) {
    out.push_back('\n');
    out += RowTsv(i);
  }
  return out;
}

std::string ResultTable::Csv() const {
  std::string out;
  if (column_count() == 0) return out;
  for (size_t c = 0; c < column_count(); ++c) {
    if (c > 0) out.push_back(',');
    AppendCsvField(out, columns_[c].name);
  }
  out.push_back('\n');
  for (size_t r = 0; r < row_count(); ++r) {
    for (size_t c = 0; c < column_count(); ++c) {
      if (c > 0) out.push_back(',');
      if (!is_null(r, c)) AppendCsvField(out, cell(r, c));
    }
    out.push_back('\n');
  }
  return out;
}

// [SECTION] paging

void ResultsGrid::Reset() {
  execution_id_.clear();
  next_token_.clear();
  error_.reset();
  loaded_ = false;
  pages_ = 0;
  table_.Clear();
  column_widths_.clear();
  selected_row_ = selected_column_ = -1;
}

void ResultsGrid::Load(UiContext& ctx, const std::string& execution_id) {
  Reset();
  execution_id_ = execution_id;
  loaded_ = true;
  FetchPage(ctx, std::string());
}

bool ResultsGrid::FetchNextPage(UiContext& ctx) {
  if (!loaded_ || next_token_.empty()) return false;
  std::string token = next_token_;
  return FetchPage(ctx, token);
}

bool ResultsGrid::FetchPage(UiContext& ctx, const std::string& token) {
  Json request = {{"QueryExecutionId", execution_id_}, {"MaxResults", kPageRows}};
  if (!token.empty()) request["NextToken"] = token;
  Response r = ctx.api->Fetch("Athena", "GetQueryResults", request);
  if (!r.ok()) {
    error_ = r.error;
    next_token_.clear();
    return false;
  }
  error_.reset();
  bool first = token.empty();
  table_.AppendPage(r.body, first);
  next_token_ = std::string(JStr(r.body, "NextToken"));
  ++pages_;
  if (first) ComputeColumnWidths();
  return true;
}

void ResultsGrid::ComputeColumnWidths() {
  column_widths_.assign(table_.column_count(), 0.0f);
  if (ImGui::GetCurrentContext() == nullptr) return;
  const size_t sample = std::min<size_t>(table_.row_count(), 60);
  for (size_t c = 0; c < table_.column_count(); ++c) {
    float w = ImGui::CalcTextSize(table_.columns()[c].name.c_str()).x + 28;  // room for the sort arrow
    for (size_t r = 0; r < sample; ++r) {
      const std::string& v = table_.cell(r, c);
      w = std::max(w, ImGui::CalcTextSize(v.c_str(), v.c_str() + std::min<size_t>(v.size(), 80)).x + 12);
    }
    column_widths_[c] = std::min(std::max(w, 64.0f), 380.0f);
  }
}

// [SECTION] clipboard

std::string ResultsGrid::SelectionTsv() const {
  if (selected_row_ < 0) return std::string();
  size_t row = static_cast<size_t>(selected_row_);
  if (selected_column_ < 0) return table_.RowTsv(row);
  return table_.CellTsv(row, static_cast<size_t>(selected_column_));
}

void ResultsGrid::Copy(UiContext& ctx, const std::string& text, const char* what) {
  if (ImGui::GetCurrentContext() != nullptr) ImGui::SetClipboardText(text.c_str());
  if (ctx.hooks && ctx.hooks->set_clipboard) ctx.hooks->set_clipboard(text);
  ctx.AddFlash(Flash::Kind::kSuccess, std::string(what) + " copied to the clipboard.");
}

void ResultsGrid::CopySelection(UiContext& ctx) {
  if (selected_row_ < 0 || static_cast<size_t>(selected_row_) >= table_.row_count()) return;
  Copy(ctx, SelectionTsv(), selected_column_ < 0 ? "Row" : "Cell");
}

void ResultsGrid::CopyAll(UiContext& ctx) {
  char what[64];
  std::snprintf(what, sizeof what, "%s row%s", FormatCount(static_cast<int64_t>(table_.row_count())).c_str(),
                table_.row_count() == 1 ? "" : "s");
  Copy(ctx, table_.AllTsv(), what);
}

void ResultsGrid::Download(UiContext& ctx) {
  if (!loaded_) return;
  while (has_more() && table_.row_count() < kDownloadRowLimit) {
    if (!FetchNextPage(ctx)) break;
  }
  if (error_) {
    ctx.FlashError("Download results failed.", *error_);
    return;
  }
  if (ctx.hooks && ctx.hooks->download) {
    ctx.hooks->download(execution_id_ + ".csv", table_.Csv(), "text/csv");
  } else {
    ctx.AddFlash(Flash::Kind::kInfo, "Downloads are only available in the browser.");
  }
}

// [SECTION] drawing

namespace {

// Text shown in a cell: one line, at most ~200 bytes (cut at a UTF-8 boundary) with an ellipsis when cut.
std::string_view DisplayText(const std::string& value, std::string& scratch) {
  constexpr size_t kMax = 200;
  size_t nl = value.find_first_of("\n\r");
  if (nl == std::string::npos && value.size() <= kMax) return value;
  size_t cut = std::min(nl, std::min(value.size(), kMax));
  while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
  scratch.assign(value, 0, cut);
  scratch += "...";
  return scratch;
}

}  // namespace

void ResultsGrid::Draw(UiContext& ctx, float width, float height) {
  const Theme& th = GetTheme();
  const size_t rows = table_.row_count();
  const size_t cols = table_.column_count();

  const ImVec2 start = ImGui::GetCursorScreenPos();
  // Toolbar: counter on the left, actions on the right.
  char counter[96];
  std::snprintf(counter, sizeof counter, "(%s%s)", FormatCount(static_cast<int64_t>(rows)).c_str(), has_more() ? "+" : "");
  ImGui::AlignTextToFramePadding();
  Heading("Results", counter);
  TrackWidget("Athena/Results/Count");
  float actions_w = ImGui::CalcTextSize("Copy").x + ImGui::CalcTextSize("Copy all").x +
                    ImGui::CalcTextSize("Download results").x + 3 * 28 + 2 * 8;
  ImGui::SameLine();
  if (ImGui::GetCursorScreenPos().x < start.x + width - actions_w)
    ImGui::SetCursorScreenPos(ImVec2(start.x + width - actions_w, ImGui::GetCursorScreenPos().y));
  bool has_selection = selected_row_ >= 0 && static_cast<size_t>(selected_row_) < rows;
  if (NormalButton("Copy##results", has_selection)) CopySelection(ctx);
  TrackWidget("Athena/Results/Copy");
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("%s", has_selection ? "Copy the selected cell or row (Ctrl+C)" : "Select a cell or a row number first");
  ImGui::SameLine();
  if (NormalButton("Copy all##results", rows > 0)) CopyAll(ctx);
  TrackWidget("Athena/Results/Copy all");
  ImGui::SameLine();
  if (NormalButton("Download results##results", cols > 0)) Download(ctx);
  TrackWidget("Athena/Download");
  ImGui::Dummy(ImVec2(0, 4));

  if (error_) {
    ErrorBanner(*error_, "Could not read the query results.");
    ImGui::Spacing();
  }
  if (cols == 0) {
    SecondaryText("Query successful. This statement returns no rows.");
    TrackWidget("Athena/Results");
    return;
  }

  ImGuiIO& io = ImGui::GetIO();
  const float row_h = ImGui::GetTextLineHeight() + ImGui::GetStyle().CellPadding.y * 2;
  const bool load_more_row = has_more();
  const float used = ImGui::GetCursorScreenPos().y - start.y;  // toolbar and error lines above the table
  float table_h = std::max(height - used - (load_more_row ? ImGui::GetFrameHeight() + 8 : 0), 4 * row_h);
  float wanted = row_h * static_cast<float>(rows + 1) + ImGui::GetStyle().ScrollbarSize + 4;
  table_h = std::min(table_h, std::max(wanted, 4 * row_h));

  ImGuiTableFlags flags = ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_RowBg |
                          ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable |
                          ImGuiTableFlags_Sortable | ImGuiTableFlags_SortTristate | ImGuiTableFlags_SizingFixedFit |
                          ImGuiTableFlags_NoSavedSettings;
  ImGui::PushID(execution_id_.c_str());  // new results get fresh column widths and sort state
  bool near_end = false;
  int clicked_row = -2, clicked_col = -2;
  if (ImGui::BeginTable("##results", static_cast<int>(cols) + 1, flags, ImVec2(width, table_h))) {
    char row_sample[32];
    std::snprintf(row_sample, sizeof row_sample, "%zu", std::max<size_t>(rows, 99));
    ImGui::TableSetupScrollFreeze(1, 1);
    ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_NoSort |
                                     ImGuiTableColumnFlags_NoResize | ImGuiTableColumnFlags_NoHide,
                            ImGui::CalcTextSize(row_sample).x + 8);
    if (column_widths_.size() != cols) ComputeColumnWidths();
    for (size_t c = 0; c < cols; ++c) {
      std::string label = table_.columns()[c].name + "##c" + std::to_string(c);
      ImGui::TableSetupColumn(label.c_str(), ImGuiTableColumnFlags_WidthFixed, column_widths_[c],
                              static_cast<ImGuiID>(c));
    }

    // Sorting: the table's specs drive the data's display order.
    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs()) {
      if (specs->SpecsDirty) {
        if (specs->SpecsCount > 0) {
          const ImGuiTableColumnSortSpecs& s = specs->Specs[0];
          table_.SortBy(static_cast<int>(s.ColumnUserID), s.SortDirection != ImGuiSortDirection_Descending);
        } else {
          table_.SortBy(-1, true);
        }
        specs->SpecsDirty = false;
        Select(-1, -1);  // the selection is a display position: it would point at another row now
      }
    }

    // Header row (tracked per column).
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    for (int c = 0; c <= static_cast<int>(cols); ++c) {
      if (!ImGui::TableSetColumnIndex(c)) continue;
      ImGui::PushID(c);
      ImGui::TableHeader(ImGui::TableGetColumnName(c));
      ImGui::PopID();
      if (c > 0) {
        const ResultColumn& col = table_.columns()[static_cast<size_t>(c - 1)];
        TrackWidget("Athena/Results/Header/" + col.name);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s (%s)", col.name.c_str(), col.type.c_str());
      }
    }

    std::string scratch;
    char num[32];
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows), row_h);
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        ImGui::TableNextRow(0, row_h);
        const size_t row = table_.display_row(static_cast<size_t>(i));
        const bool row_selected = selected_row_ == i && selected_column_ < 0;
        if (row_selected) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, th.row_selected);
        ImGui::PushID(i);
        // Row number: click selects the row.
        ImGui::TableSetColumnIndex(0);
        std::snprintf(num, sizeof num, "%d", i + 1);
        ImVec2 p = ImGui::GetCursorScreenPos();
        if (ImGui::Selectable("##row", row_selected, 0, ImVec2(0, ImGui::GetTextLineHeight()))) {
          clicked_row = i;
          clicked_col = -1;
        }
        TrackWidget("Athena/Results/Row/" + std::string(num));
        ImGui::GetWindowDrawList()->AddText(p, th.text_secondary, num);
        for (size_t c = 0; c < cols; ++c) {
          if (!ImGui::TableSetColumnIndex(static_cast<int>(c) + 1)) continue;
          bool cell_selected = selected_row_ == i && selected_column_ == static_cast<int>(c);
          p = ImGui::GetCursorScreenPos();
          ImGui::PushID(static_cast<int>(c));
          if (ImGui::Selectable("##cell", cell_selected, 0, ImVec2(0, ImGui::GetTextLineHeight()))) {
            clicked_row = i;
            clicked_col = static_cast<int>(c);
          }
          ImGui::PopID();
          if (!table_.is_null(row, c)) {
            std::string_view text = DisplayText(table_.cell(row, c), scratch);
            ImGui::GetWindowDrawList()->AddText(p, th.text, text.data(), text.data() + text.size());
            if (text.size() != table_.cell(row, c).size() && ImGui::IsItemHovered()) {
              const std::string& full = table_.cell(row, c);
              ImGui::SetTooltip("%.*s", static_cast<int>(std::min<size_t>(full.size(), 2000)), full.c_str());
            }
          }
        }
        ImGui::PopID();
      }
      if (clipper.DisplayEnd >= static_cast<int>(rows) - 20) near_end = true;
    }
    ImGui::EndTable();
  }
  TrackWidget("Athena/Results");
  ImGui::PopID();

  if (clicked_row >= -1) Select(clicked_row, clicked_col);
  // Ctrl+C copies the selection when no text field has the keyboard.
  if (selected_row_ >= 0 && io.KeyCtrl && !io.WantTextInput && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_C), false))
    CopySelection(ctx);

  if (load_more_row) {
    ImGui::Dummy(ImVec2(0, 4));
    if (NormalButton("Load more##results")) FetchNextPage(ctx);
    TrackWidget("Athena/Results/Load more");
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    SecondaryText("More rows are available; scrolling to the end loads them too.");
    // Scrolled to the end of what is loaded: the next page (one per frame).
    if (near_end && rows > 0) FetchNextPage(ctx);
  }
}

}  // namespace fhl::ui
