// athena_chunk_aggregate.cpp: partial rows of a plain split aggregation for one chunk (see the header). Each
// aggregate follows the SQLite 3.40 function it stands for step by step (sumStep, countStep, minmaxStep) or ours
// (athena_arbitrary, athena_max_by_pair), in the same row order, so the values are bit-identical.
#include "core/athena_chunk_aggregate.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <unordered_map>

namespace fhl {

namespace {

// SQLite's fundamental type codes (SQLITE_INTEGER ... SQLITE_NULL; athena_functions.cpp checks they match).
constexpr char kSqliteInteger = 1, kSqliteFloat = 2, kSqliteText = 3, kSqliteNull = 5;

// A cell as SQLite receives it from the scan: a NaN double becomes NULL (sqlite3_result_double stores no NaN).
CellRef CellAt(const ChunkSource& s, int column, size_t row) {
  if (static_cast<size_t>(column) < s.data_columns) {
    CellRef c = s.object->cell(static_cast<size_t>(column), row);
    if (c.kind == CellRef::kReal && std::isnan(c.real)) c.kind = CellRef::kNull;
    return c;
  }
  return s.constants[static_cast<size_t>(column) - s.data_columns];
}

PartialValue ValueOf(const CellRef& c) {
  PartialValue v;
  switch (c.kind) {
    case CellRef::kNull:
      break;
    case CellRef::kInteger:
      v.kind = PartialValue::kInteger;
      v.integer = c.integer;
      break;
    case CellRef::kReal:
      v.kind = PartialValue::kReal;
      v.real = c.real;
      break;
    case CellRef::kText:
      v.kind = PartialValue::kText;
      v.bytes.assign(c.text.data(), c.text.size());
      break;
  }
  return v;
}

// The chunk's groups: per row its group, per group (in output order) a row that holds its key. Kept on the parsed
// object (ParsedObject::KeepGrouping) as [group count, output order..., first row of each group..., group of each
// row...], so a repeated query does not hash the keys again. Constant columns do not change the grouping.
std::shared_ptr<const std::vector<uint32_t>> Groups(const ChunkSource& s, const std::vector<int>& group_columns,
                                                    size_t begin, size_t end, size_t* rows_hashed) {
  std::string memo_key = "partial groups of rows " + std::to_string(begin) + "-" + std::to_string(end) + " by";
  for (int c : group_columns) {
    if (static_cast<size_t>(c) < s.data_columns) memo_key += " " + std::to_string(c);
  }
  if (auto kept = s.object->FindGrouping(memo_key)) return kept;
  *rows_hashed = end - begin;
  std::unordered_map<std::string, uint32_t> group_of;
  std::vector<uint32_t> of_row;
  std::vector<uint32_t> first_row;
  of_row.reserve(end - begin);
  std::string key;
  for (size_t r = begin; r < end; ++r) {
    key.clear();
    for (int c : group_columns) AppendGroupKey(key, CellAt(s, c, r));
    auto it = group_of.find(key);  // find first: emplace would allocate a node for every row
    if (it == group_of.end()) {
      it = group_of.emplace(key, static_cast<uint32_t>(first_row.size())).first;
      first_row.push_back(static_cast<uint32_t>(r));
    }
    of_row.push_back(it->second);
  }
  const uint32_t groups = static_cast<uint32_t>(first_row.size());
  std::vector<uint32_t> order(groups);
  for (uint32_t g = 0; g < groups; ++g) order[g] = g;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    for (int c : group_columns) {
      const int cmp = CompareCells(CellAt(s, c, first_row[a]), CellAt(s, c, first_row[b]));
      if (cmp != 0) return cmp < 0;
    }
    return false;
  });
  auto layout = std::make_shared<std::vector<uint32_t>>();
  layout->reserve(1 + 2 * groups + of_row.size());
  layout->push_back(groups);
  layout->insert(layout->end(), order.begin(), order.end());
  layout->insert(layout->end(), first_row.begin(), first_row.end());
  layout->insert(layout->end(), of_row.begin(), of_row.end());
  s.object->KeepGrouping(std::move(memo_key), layout);
  return layout;
}

// One aggregate's state for one group.
struct Accumulator {
  int64_t count = 0;     // rows counted (count) / values added (sum)
  int64_t int_sum = 0;   // sum: exact while every value is an integer
  double real_sum = 0;   // sum: every value added as a double, in row order
  bool approx = false;   // sum: a double was added, or the integer sum overflowed
  bool overflow = false;
  bool set = false;      // min/max/arbitrary/pairs: best holds a value
  CellRef best;
  CellRef key;           // pairs: the key of best
};

void Step(const PartialAggregate& a, const ChunkSource& s, size_t row, Accumulator& acc, bool* fallback) {
  if (a.op == PartialAggregate::kCountRows) {
    ++acc.count;
    return;
  }
  const CellRef cell = CellAt(s, a.column, row);
  switch (a.op) {
    case PartialAggregate::kCountRows:
      break;
    case PartialAggregate::kCount:
      if (cell.kind != CellRef::kNull) ++acc.count;
      break;
    case PartialAggregate::kSum:  // sumStep
      if (cell.kind == CellRef::kInteger) {
        ++acc.count;
        acc.real_sum += static_cast<double>(cell.integer);
        if (!acc.approx && !acc.overflow && __builtin_add_overflow(acc.int_sum, cell.integer, &acc.int_sum)) {
          acc.approx = acc.overflow = true;
        }
      } else if (cell.kind == CellRef::kReal) {
        ++acc.count;
        acc.real_sum += cell.real;
        acc.approx = true;
      } else if (cell.kind == CellRef::kText) {
        *fallback = true;  // SQLite would read a number out of the text; not a typed column's value
      }
      break;
    case PartialAggregate::kMin:
    case PartialAggregate::kMax: {  // minmaxStep: the first of equal values stays
      if (cell.kind == CellRef::kNull) break;
      const int cmp = acc.set ? CompareCells(acc.best, cell) : 0;
      if (!acc.set || (a.op == PartialAggregate::kMax ? cmp < 0 : cmp > 0)) {
        acc.best = cell;
        acc.set = true;
      }
      break;
    }
    case PartialAggregate::kArbitrary:  // the first non-NULL value
      if (!acc.set && cell.kind != CellRef::kNull) {
        acc.best = cell;
        acc.set = true;
      }
      break;
    case PartialAggregate::kMaxByPair:
    case PartialAggregate::kMinByPair: {  // ByStep: rows with a NULL key are ignored; the first extreme key stays
      const CellRef key = CellAt(s, a.key_column, row);
      if (key.kind == CellRef::kNull) break;
      const int sign = a.op == PartialAggregate::kMaxByPair ? 1 : -1;
      if (acc.set && CompareCells(key, acc.key) * sign <= 0) break;
      acc.best = cell;
      acc.key = key;
      acc.set = true;
      break;
    }
  }
}

// The aggregate's value when the chunk ends (xFinal); false when SQLite must raise the error instead.
bool Final(const PartialAggregate& a, const Accumulator& acc, PartialValue* out) {
  *out = PartialValue{};
  switch (a.op) {
    case PartialAggregate::kCountRows:
    case PartialAggregate::kCount:
      out->kind = PartialValue::kInteger;
      out->integer = acc.count;
      return true;
    case PartialAggregate::kSum:  // sumFinalize
      if (acc.count == 0) return true;
      if (acc.overflow) return false;
      if (acc.approx) {
        out->kind = PartialValue::kReal;
        out->real = acc.real_sum;
      } else {
        out->kind = PartialValue::kInteger;
        out->integer = acc.int_sum;
      }
      return true;
    case PartialAggregate::kMin:
    case PartialAggregate::kMax:
    case PartialAggregate::kArbitrary:
      if (acc.set) *out = ValueOf(acc.best);
      return true;
    case PartialAggregate::kMaxByPair:
    case PartialAggregate::kMinByPair:
      if (acc.set) {
        out->kind = PartialValue::kBlob;
        AppendPairField(out->bytes, acc.best);
        AppendPairField(out->bytes, acc.key);
      }
      return true;
  }
  return true;
}

}  // namespace

int CompareCells(const CellRef& a, const CellRef& b) {
  auto rank = [](const CellRef& c) { return c.kind == CellRef::kNull ? 0 : c.kind == CellRef::kText ? 2 : 1; };
  const int ra = rank(a), rb = rank(b);
  if (ra != rb) return ra < rb ? -1 : 1;
  if (ra == 0) return 0;
  if (ra == 2) {
    if (a.text.data() == b.text.data() && a.text.size() == b.text.size()) return 0;  // e.g. a per-object constant
    const int c = a.text.compare(b.text);
    return c < 0 ? -1 : c > 0 ? 1 : 0;
  }
  if (a.kind == CellRef::kInteger && b.kind == CellRef::kInteger) {
    return a.integer < b.integer ? -1 : a.integer > b.integer ? 1 : 0;
  }
  const double x = a.kind == CellRef::kInteger ? static_cast<double>(a.integer) : a.real;
  const double y = b.kind == CellRef::kInteger ? static_cast<double>(b.integer) : b.real;
  return x < y ? -1 : x > y ? 1 : 0;
}

void AppendGroupKey(std::string& key, const CellRef& cell) {
  auto append_raw = [&key](const void* p, size_t n) { key.append(static_cast<const char*>(p), n); };
  switch (cell.kind) {
    case CellRef::kNull:
      key += 'n';
      break;
    case CellRef::kInteger:
      key += 'i';
      append_raw(&cell.integer, sizeof cell.integer);
      break;
    case CellRef::kReal: {
      const double d = cell.real;
      if (d >= -9.2e18 && d <= 9.2e18 && static_cast<double>(static_cast<int64_t>(d)) == d) {
        const int64_t i = static_cast<int64_t>(d);
        key += 'i';
        append_raw(&i, sizeof i);
      } else {
        key += 'r';
        append_raw(&d, sizeof d);
      }
      break;
    }
    case CellRef::kText: {
      const uint32_t n = static_cast<uint32_t>(cell.text.size());
      key += 't';
      append_raw(&n, sizeof n);
      key.append(cell.text.data(), cell.text.size());
      break;
    }
  }
}

void AppendPairField(std::string& out, const CellRef& cell) {
  switch (cell.kind) {
    case CellRef::kNull:
      out += kSqliteNull;
      break;
    case CellRef::kInteger:
      out += kSqliteInteger;
      out.append(reinterpret_cast<const char*>(&cell.integer), 8);
      break;
    case CellRef::kReal:
      out += kSqliteFloat;
      out.append(reinterpret_cast<const char*>(&cell.real), 8);
      break;
    case CellRef::kText: {
      const uint32_t n = static_cast<uint32_t>(cell.text.size());
      out += kSqliteText;
      out.append(reinterpret_cast<const char*>(&n), 4);
      out.append(cell.text.data(), cell.text.size());
      break;
    }
  }
}

bool AggregateChunk(const TranslatedQuery& query, const ChunkSource& source, size_t row_begin, size_t row_end,
                    std::vector<PartialValue>* out, size_t* rows_hashed) {
  *rows_hashed = 0;
  const std::vector<int>& group_columns = query.partial_group_columns;
  const std::vector<PartialAggregate>& aggregates = query.partial_aggregates;
  row_end = std::max(row_begin, std::min(row_end, source.object->row_count()));
  // Without GROUP BY there is exactly one group, even over no rows (count 0, the others NULL).
  std::shared_ptr<const std::vector<uint32_t>> groups;
  size_t group_count = 1;
  if (!group_columns.empty()) {
    groups = Groups(source, group_columns, row_begin, row_end, rows_hashed);
    group_count = (*groups)[0];
  }
  const uint32_t* order = groups ? groups->data() + 1 : nullptr;
  const uint32_t* first_row = groups ? order + group_count : nullptr;
  const uint32_t* of_row = groups ? first_row + group_count : nullptr;
  std::vector<Accumulator> state(group_count * aggregates.size());
  bool fallback = false;
  for (size_t a = 0; a < aggregates.size(); ++a) {  // one column at a time: reads stay sequential
    Accumulator* column_state = state.data() + a * group_count;
    for (size_t r = row_begin; r < row_end; ++r) {
      Step(aggregates[a], source, r, column_state[of_row ? of_row[r - row_begin] : 0], &fallback);
    }
  }
  if (fallback) return false;
  const size_t width = group_columns.size() + aggregates.size();
  std::vector<PartialValue> rows(group_count * width);
  for (size_t k = 0; k < group_count; ++k) {
    const size_t g = order ? order[k] : 0;
    PartialValue* row = rows.data() + k * width;
    for (size_t i = 0; i < group_columns.size(); ++i) row[i] = ValueOf(CellAt(source, group_columns[i], first_row[g]));
    for (size_t a = 0; a < aggregates.size(); ++a) {
      if (!Final(aggregates[a], state[a * group_count + g], &row[group_columns.size() + a])) return false;
    }
  }
  out->insert(out->end(), std::make_move_iterator(rows.begin()), std::make_move_iterator(rows.end()));
  return true;
}

}  // namespace fhl
