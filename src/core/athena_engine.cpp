// athena_engine.cpp: QueryRun: the locked-down SQLite connection (defensive mode, read-only authorizer), the
// "athena_scan" virtual table over a table's objects, partition pruning and sliced execution.
// Must not depend on the Athena service, the Lab or JSON.
//
// [SECTION] helpers
// [SECTION] the athena_scan virtual table
// [SECTION] the partials virtual table (split aggregation)
// [SECTION] authorizer
// [SECTION] QueryRun
#include "core/athena_engine.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <map>
#include <set>
#include <unordered_map>
#include <utility>

#include "core/athena_chunk_aggregate.h"
#include "core/athena_functions.h"

namespace fhl {

// [SECTION] helpers

namespace {

constexpr int kPseudoColumns = 3;  // "$path", "$file_size", "$file_modified_time"


std::string QuoteIdentifier(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// SQLite column type for a Hive type, so that comparisons get the affinity the stored values have.
const char* SqliteType(const std::string& hive_type) {
  auto starts = [&](const char* p) { return hive_type.rfind(p, 0) == 0; };
  if (starts("int") || starts("bigint") || starts("smallint") || starts("tinyint") || starts("boolean")) {
    return "INTEGER";
  }
  if (starts("double") || starts("float") || starts("real") || starts("decimal")) return "REAL";
  if (starts("string") || starts("varchar") || starts("char") || starts("timestamp") || starts("date")) return "TEXT";
  return "";
}

bool IsIntegerType(const std::string& hive_type) { return std::string_view(SqliteType(hive_type)) == "INTEGER"; }

std::string FormatTimestampMs(TimeUs t) {
  const CivilTime c = ToCivil(t);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d.%03d", c.year, c.month, c.day, c.hour, c.minute,
                c.second, c.micros / 1000);
  return buf;
}

std::string ValueText(sqlite3_value* v) {
  const unsigned char* text = sqlite3_value_text(v);
  return text ? std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(sqlite3_value_bytes(v))) : "";
}

// A partial row's value as the partial statement produced it (copied: the statement moves on).
PartialValue ColumnValue(sqlite3_stmt* stmt, int column) {
  PartialValue v;
  switch (sqlite3_column_type(stmt, column)) {
    case SQLITE_INTEGER:
      v.kind = PartialValue::kInteger;
      v.integer = sqlite3_column_int64(stmt, column);
      break;
    case SQLITE_FLOAT:
      v.kind = PartialValue::kReal;
      v.real = sqlite3_column_double(stmt, column);
      break;
    case SQLITE_TEXT:
      v.kind = PartialValue::kText;
      v.bytes.assign(reinterpret_cast<const char*>(sqlite3_column_text(stmt, column)),
                     static_cast<size_t>(sqlite3_column_bytes(stmt, column)));
      break;
    case SQLITE_BLOB: {
      v.kind = PartialValue::kBlob;
      const void* blob = sqlite3_column_blob(stmt, column);
      if (blob) v.bytes.assign(static_cast<const char*>(blob), static_cast<size_t>(sqlite3_column_bytes(stmt, column)));
      break;
    }
    default:
      break;
  }
  return v;
}

bool IsErrorName(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'A' && c <= 'Z') || c == '_'; });
}

}  // namespace

SqlError SqlErrorFromText(const std::string& text, const std::string& fallback_name) {
  SqlError e;
  std::string_view rest = text;
  const size_t colon = rest.find(": ");
  if (colon != std::string_view::npos && IsErrorName(rest.substr(0, colon))) {
    e.name = std::string(rest.substr(0, colon));
    rest.remove_prefix(colon + 2);
  } else {
    e.name = fallback_name;
  }
  // "line L:C: message"
  if (rest.rfind("line ", 0) == 0) {
    int line = 0, column = 0, consumed = 0;
    const std::string head(rest.substr(0, 32));
    if (std::sscanf(head.c_str(), "line %d:%d: %n", &line, &column, &consumed) == 2 && consumed > 0) {
      e.line = line;
      e.column = column;
      rest.remove_prefix(static_cast<size_t>(consumed));
    }
  }
  e.message = std::string(rest);
  return e;
}

// One object of a table as the run saw it at planning; the body is kept alive by the shared pointer.
struct SnapshotFile {
  std::string bucket;
  std::string key;
  std::string path;           // "$path": s3://bucket/key
  std::string modified_text;  // "$file_modified_time" as stored (FormatTimestampMs)
  std::shared_ptr<const std::string> body;
  uint64_t size_bytes = 0;
  TimeUs last_modified = 0;
  std::vector<std::string> partition_values;
};

struct BoundTable {
  GlueTable table;  // snapshot: DDL between slices does not affect a running query
  std::string sqlite_name;
  std::vector<SnapshotFile> files;
  std::map<std::pair<std::string, std::string>, size_t> file_index;  // (bucket, key) -> files[i]
  std::vector<std::shared_ptr<const ParsedObject>> parsed;           // per file, once parsed
  std::vector<bool> scanned;                                         // counted in DataScannedInBytes
  // Constant partition constraints present in every plan SQLite considered (xBestIndex): the planning listing
  // applies them, so pruned partitions are never parsed.
  bool constraints_seen = false;
  std::vector<PartitionConstraint> pre_constraints;
};

// One chunk of a split aggregation: rows [row_begin, row_end) of tables[0].files[file].
struct Chunk {
  size_t file = 0;
  uint32_t row_begin = 0;
  uint32_t row_end = 0;
};

namespace {

// A partition key's value for a file (integer-typed keys as integers), pointing into the snapshot.
CellRef PartitionCell(const BoundTable& t, const SnapshotFile& f, size_t k) {
  static const std::string kNoValue;
  const std::string& value = k < f.partition_values.size() ? f.partition_values[k] : kNoValue;
  CellRef cell;
  if (IsIntegerType(t.table.partition_keys[k].type)) {
    cell.kind = CellRef::kInteger;
    cell.integer = std::strtoll(value.c_str(), nullptr, 10);
  } else {
    cell.kind = CellRef::kText;
    cell.text = value;
  }
  return cell;
}

// The virtual-table columns after the data columns, constant per file: the partition keys, then "$path",
// "$file_size" and "$file_modified_time".
std::vector<CellRef> ConstantCells(const BoundTable& t, const SnapshotFile& f) {
  std::vector<CellRef> cells;
  for (size_t k = 0; k < t.table.partition_keys.size(); ++k) cells.push_back(PartitionCell(t, f, k));
  CellRef path, size, modified;
  path.kind = modified.kind = CellRef::kText;
  path.text = f.path;
  modified.text = f.modified_text;
  size.kind = CellRef::kInteger;
  size.integer = static_cast<int64_t>(f.size_bytes);
  cells.insert(cells.end(), {path, size, modified});
  return cells;
}

}  // namespace

struct QueryRun::Impl {
  QueryRun* run = nullptr;
  sqlite3* db = nullptr;
  sqlite3_stmt* stmt = nullptr;
  // Split aggregation (TranslatedQuery::partial_sql): the per-chunk statement, the chunks of tables[0] (built when
  // parsing ends), the chunk in progress and the partial rows collected (partial_width values each, owned).
  sqlite3_stmt* partial_stmt = nullptr;
  std::vector<Chunk> chunks;
  size_t next_chunk = 0;
  const Chunk* active_chunk = nullptr;  // restricts tables[0]'s scan while partial_stmt steps
  size_t partial_width = 0;
  std::vector<PartialValue> partial_values;
  TimeUs query_start = 0;
  std::vector<BoundTable> tables;
  // Parse cursor (kParse phase).
  size_t parse_table = 0;
  size_t parse_file = 0;
  uint64_t bytes_to_parse = 0;
  uint64_t bytes_planned = 0;
  // Set during Work / StepSome only.
  const ObjectStore* store = nullptr;
  SerDeCache* cache = nullptr;
  uint64_t run_scanned_bytes = 0;
  bool denied = false;  // the authorizer refused something while preparing
  uint64_t step_units = 0;
  std::optional<SqlError> scan_error;

  ~Impl() {
    if (partial_stmt) sqlite3_finalize(partial_stmt);
    if (stmt) sqlite3_finalize(stmt);
    if (db) sqlite3_close(db);
  }

  // A chunk's partial rows computed without SQLite (TranslatedQuery::partial_plan): 1 = appended, 0 = SQLite
  // must run the chunk, -1 = the object cannot be read (scan_error set). Counts the chunk's object as scanned
  // (run_scanned_bytes), as the scan would, and its cells as work (kUnitsPerDirectCell).
  int AggregateDirectly(const TranslatedQuery& query, const Chunk& chunk) {
    run_scanned_bytes = 0;
    BoundTable& t = tables[0];
    const SnapshotFile& f = t.files[chunk.file];
    const ParsedObject* object = Parsed(t, chunk.file, *cache, &step_units);
    if (!object) return -1;
    ChunkSource source;
    source.object = object;
    source.data_columns = t.table.columns.size();
    source.constants = ConstantCells(t, f);
    size_t rows_hashed = 0;
    if (!AggregateChunk(query, source, chunk.row_begin, chunk.row_end, &partial_values, &rows_hashed)) return 0;
    if (!t.scanned[chunk.file]) {
      t.scanned[chunk.file] = true;
      run_scanned_bytes += f.size_bytes;
    }
    step_units += kUnitsPerRow + kUnitsPerHashedRow * rows_hashed +
                  kUnitsPerDirectCell * (1 + query.partial_aggregates.size()) * (chunk.row_end - chunk.row_begin);
    return 1;
  }

  // The parsed rows of a file (parsing now if the parse phase did not), or nullptr after recording an error.
  const ParsedObject* Parsed(BoundTable& t, size_t i, SerDeCache& serde, uint64_t* units) {
    if (!t.parsed[i]) {
      const SnapshotFile& f = t.files[i];
      S3Object object;
      object.key = f.key;
      object.body = f.body;
      object.last_modified = f.last_modified;
      // A parse the shared cache already held costs little; a real parse costs its bytes (the cache grows).
      const uint64_t cached_before = serde.cached_bytes();
      t.parsed[i] = serde.Parse(t.table, object);
      *units += serde.cached_bytes() > cached_before ? f.size_bytes : kUnitsPerCachedObject;
    } else {
      *units += kUnitsPerCachedObject;
    }
    const ParsedObject* p = t.parsed[i].get();
    if (!p) {
      scan_error = SqlError{"HIVE_CURSOR_ERROR", 0, 0, "Could not read " + t.files[i].key};
      return nullptr;
    }
    if (p->error()) {
      scan_error = SqlErrorFromText(*p->error(), "HIVE_CURSOR_ERROR");
      return nullptr;
    }
    return p;
  }
};

// [SECTION] the athena_scan virtual table

namespace {

struct ScanVtab {
  sqlite3_vtab base;  // first: SQLite casts
  QueryRun::Impl* impl;
  size_t table_index;
};

struct ScanCursor {
  sqlite3_vtab_cursor base;   // first: SQLite casts
  std::vector<size_t> files;  // indices into BoundTable::files
  size_t pos = 0;             // into files
  const ParsedObject* object = nullptr;
  size_t row = 0;
  size_t row_begin = 0;         // rows [row_begin, row_end) of each file: a chunk's range, else all rows
  size_t row_end = SIZE_MAX;
  sqlite3_int64 rowid = 0;
  // GROUP BY mode: rows in an order where equal group keys are adjacent (SQLite then needs no sorter).
  bool grouped = false;
  std::vector<const ParsedObject*> parsed;           // per files[i]
  std::vector<std::pair<uint32_t, uint32_t>> order;  // (index into files, row)
  size_t next = 0;                                   // into order
};

BoundTable& TableOf(sqlite3_vtab* vtab) {
  auto* v = reinterpret_cast<ScanVtab*>(vtab);
  return v->impl->tables[v->table_index];
}

int ScanConnect(sqlite3* db, void* aux, int argc, const char* const* argv, sqlite3_vtab** out, char** err) {
  auto* impl = static_cast<QueryRun::Impl*>(aux);
  if (argc < 4) {
    *err = sqlite3_mprintf("athena_scan needs a table index");
    return SQLITE_ERROR;
  }
  const size_t index = static_cast<size_t>(std::strtoul(argv[3], nullptr, 10));
  if (index >= impl->tables.size()) {
    *err = sqlite3_mprintf("athena_scan: no table %s", argv[3]);
    return SQLITE_ERROR;
  }
  const GlueTable& t = impl->tables[index].table;
  std::string decl = "CREATE TABLE x(";
  auto add = [&](const std::string& name, const char* type, bool hidden) {
    if (decl.back() != '(') decl += ", ";
    decl += QuoteIdentifier(name);
    if (*type) decl += std::string(" ") + type;
    if (hidden) decl += " HIDDEN";
  };
  for (const GlueColumn& c : t.columns) add(c.name, SqliteType(c.type), false);
  for (const GlueColumn& c : t.partition_keys) add(c.name, SqliteType(c.type), false);
  add("$path", "TEXT", true);
  add("$file_size", "INTEGER", true);
  add("$file_modified_time", "TEXT", true);
  decl += ")";
  const int rc = sqlite3_declare_vtab(db, decl.c_str());
  if (rc != SQLITE_OK) return rc;
  auto* v = new ScanVtab();
  v->impl = impl;
  v->table_index = index;
  *out = &v->base;
  return SQLITE_OK;
}

int ScanDisconnect(sqlite3_vtab* vtab) {
  delete reinterpret_cast<ScanVtab*>(vtab);
  return SQLITE_OK;
}

bool PartitionOp(unsigned char op, PartitionConstraint::Op* out) {
  switch (op) {
    case SQLITE_INDEX_CONSTRAINT_EQ:
      *out = PartitionConstraint::kEq;
      return true;
    case SQLITE_INDEX_CONSTRAINT_LT:
      *out = PartitionConstraint::kLt;
      return true;
    case SQLITE_INDEX_CONSTRAINT_LE:
      *out = PartitionConstraint::kLe;
      return true;
    case SQLITE_INDEX_CONSTRAINT_GT:
      *out = PartitionConstraint::kGt;
      return true;
    case SQLITE_INDEX_CONSTRAINT_GE:
      *out = PartitionConstraint::kGe;
      return true;
    default:
      return false;
  }
}

bool SameConstraint(const PartitionConstraint& a, const PartitionConstraint& b) {
  return a.column == b.column && a.op == b.op && a.value == b.value;
}

// Pushes usable comparisons on partition keys into xFilter (idxStr lists "<key index>:<op>," per argument).
// SQLite still checks them itself (omit = 0): pruning only has to keep every partition that can match.
int ScanBestIndex(sqlite3_vtab* vtab, sqlite3_index_info* info) {
  BoundTable& t = TableOf(vtab);
  const int data_columns = static_cast<int>(t.table.columns.size());
  const int keys = static_cast<int>(t.table.partition_keys.size());
  std::string idx;
  int argc = 0;
  std::vector<PartitionConstraint> constant;
  for (int i = 0; i < info->nConstraint; ++i) {
    const auto& c = info->aConstraint[i];
    PartitionConstraint pc;
    if (!c.usable || c.iColumn < data_columns || c.iColumn >= data_columns + keys || !PartitionOp(c.op, &pc.op)) {
      continue;
    }
    pc.column = static_cast<size_t>(c.iColumn - data_columns);
    info->aConstraintUsage[i].argvIndex = ++argc;
    info->aConstraintUsage[i].omit = 0;
    idx += std::to_string(pc.column) + ":" + std::to_string(static_cast<int>(pc.op)) + ",";
    sqlite3_value* rhs = nullptr;
    if (sqlite3_vtab_rhs_value(info, i, &rhs) == SQLITE_OK && rhs && sqlite3_value_type(rhs) != SQLITE_NULL) {
      pc.value = ValueText(rhs);
      constant.push_back(pc);
    }
  }
  if (!t.constraints_seen) {
    t.constraints_seen = true;
    t.pre_constraints = constant;
  } else {
    std::vector<PartitionConstraint> kept;
    for (const auto& pc : t.pre_constraints) {
      if (std::any_of(constant.begin(), constant.end(), [&](const auto& o) { return SameConstraint(pc, o); })) {
        kept.push_back(pc);
      }
    }
    t.pre_constraints = std::move(kept);
  }
  // GROUP BY on plain columns of this table: deliver rows with equal keys adjacent (hash grouping, linear) so
  // SQLite skips its sorter, the one step of an aggregate that cannot be sliced. idxStr gets "|c1,c2,".
  if (info->nOrderBy > 0 && sqlite3_vtab_distinct(info) == 1) {
    bool plain = true;
    std::string group = "|";
    for (int k = 0; k < info->nOrderBy; ++k) {
      const int c = info->aOrderBy[k].iColumn;
      if (c < 0 || c >= data_columns + keys) plain = false;
      group += (info->aOrderBy[k].desc ? "-" : "") + std::to_string(c) + ",";
    }
    if (plain) {
      info->orderByConsumed = 1;
      idx += group;
    }
  }
  if (!idx.empty()) {
    info->idxStr = sqlite3_mprintf("%s", idx.c_str());
    info->needToFreeIdxStr = 1;
  }
  info->estimatedCost = 1e9 / (1.0 + 100.0 * argc);
  info->estimatedRows = static_cast<sqlite3_int64>(1000000 / (1 + 100 * argc));
  return SQLITE_OK;
}

int ScanOpen(sqlite3_vtab*, sqlite3_vtab_cursor** out) {
  auto* c = new ScanCursor();
  *out = &c->base;
  return SQLITE_OK;
}

int ScanClose(sqlite3_vtab_cursor* cursor) {
  delete reinterpret_cast<ScanCursor*>(cursor);
  return SQLITE_OK;
}

// GROUP BY mode: points (pos, row, object) at order[next].
int SettleGrouped(ScanCursor* c) {
  if (c->next < c->order.size()) {
    c->pos = c->order[c->next].first;
    c->row = c->order[c->next].second;
    c->object = c->parsed[c->pos];
  }
  return SQLITE_OK;
}

// Moves to the first row at or after (pos, row), opening (and counting) files as it goes.
int SettleCursor(ScanCursor* c) {
  auto* v = reinterpret_cast<ScanVtab*>(c->base.pVtab);
  QueryRun::Impl* impl = v->impl;
  BoundTable& t = impl->tables[v->table_index];
  while (c->pos < c->files.size()) {
    if (!c->object) {
      const size_t i = c->files[c->pos];
      if (!t.scanned[i]) {
        t.scanned[i] = true;
        impl->run_scanned_bytes += t.files[i].size_bytes;
      }
      c->object = impl->Parsed(t, i, *impl->cache, &impl->step_units);
      if (!c->object) {
        sqlite3_free(c->base.pVtab->zErrMsg);
        c->base.pVtab->zErrMsg = sqlite3_mprintf("%s", impl->scan_error->Text().c_str());
        return SQLITE_ERROR;
      }
      c->row = c->row_begin;
    }
    if (c->row < std::min(c->object->row_count(), c->row_end)) return SQLITE_OK;
    c->object = nullptr;
    ++c->pos;
  }
  return SQLITE_OK;
}

// The value of a group column (data column or partition key) for a row.
CellRef GroupCell(const BoundTable& t, size_t file, const ParsedObject& object, size_t row, int column) {
  const int data_columns = static_cast<int>(t.table.columns.size());
  if (column < data_columns) return object.cell(static_cast<size_t>(column), row);
  return PartitionCell(t, t.files[file], static_cast<size_t>(column - data_columns));
}

// Reads every selected file and orders the rows by group: equal keys adjacent, groups sorted as the ORDER BY
// SQLite handed over (it may rely on that order when ORDER BY repeats the GROUP BY).
int GroupRows(ScanCursor* c, const std::vector<int>& group_columns) {
  auto* v = reinterpret_cast<ScanVtab*>(c->base.pVtab);
  QueryRun::Impl* impl = v->impl;
  BoundTable& t = impl->tables[v->table_index];
  c->grouped = true;
  c->parsed.assign(c->files.size(), nullptr);
  std::unordered_map<std::string, uint32_t> group_of;
  std::vector<uint32_t> group_ids;
  std::vector<uint32_t> group_sizes;
  std::vector<std::pair<uint32_t, uint32_t>> first_row;  // per group: (index into files, row)
  auto c_files = [c](uint32_t f) { return c->files[f]; };
  std::string key;
  for (size_t f = 0; f < c->files.size(); ++f) {
    const size_t i = c->files[f];
    if (!t.scanned[i]) {
      t.scanned[i] = true;
      impl->run_scanned_bytes += t.files[i].size_bytes;
    }
    const ParsedObject* object = impl->Parsed(t, i, *impl->cache, &impl->step_units);
    if (!object) {
      sqlite3_free(c->base.pVtab->zErrMsg);
      c->base.pVtab->zErrMsg = sqlite3_mprintf("%s", impl->scan_error->Text().c_str());
      return SQLITE_ERROR;
    }
    c->parsed[f] = object;
    for (size_t r = c->row_begin; r < std::min(object->row_count(), c->row_end); ++r) {
      key.clear();
      for (int col : group_columns) AppendGroupKey(key, GroupCell(t, i, *object, r, col < 0 ? -col - 1 : col));
      auto it = group_of.find(key);  // find first: emplace would allocate a node for every row
      if (it == group_of.end()) {
        it = group_of.emplace(key, static_cast<uint32_t>(group_sizes.size())).first;
        group_sizes.push_back(0);
        first_row.emplace_back(static_cast<uint32_t>(f), static_cast<uint32_t>(r));
      }
      ++group_sizes[it->second];
      group_ids.push_back(it->second);
    }
  }
  // Sort the groups (by one representative row each), then place rows with a counting sort (stable).
  std::vector<uint32_t> rank(group_sizes.size());
  for (uint32_t g = 0; g < rank.size(); ++g) rank[g] = g;
  std::sort(rank.begin(), rank.end(), [&](uint32_t a, uint32_t b) {
    for (int col : group_columns) {
      const int column = col < 0 ? -col - 1 : col;
      const auto [fa, ra] = first_row[a];
      const auto [fb, rb] = first_row[b];
      const int cmp = CompareCells(GroupCell(t, c_files(fa), *c->parsed[fa], ra, column),
                                   GroupCell(t, c_files(fb), *c->parsed[fb], rb, column));
      if (cmp != 0) return col < 0 ? cmp > 0 : cmp < 0;
    }
    return false;
  });
  std::vector<size_t> start(group_sizes.size() + 1, 0);
  std::vector<size_t> group_start(group_sizes.size(), 0);
  for (size_t k = 0; k < rank.size(); ++k) start[k + 1] = start[k] + group_sizes[rank[k]];
  for (size_t k = 0; k < rank.size(); ++k) group_start[rank[k]] = start[k];
  start.assign(group_start.begin(), group_start.end());
  c->order.resize(group_ids.size());
  size_t n = 0;
  for (size_t f = 0; f < c->files.size(); ++f) {
    for (size_t r = c->row_begin; r < std::min(c->parsed[f]->row_count(), c->row_end); ++r, ++n) {
      c->order[start[group_ids[n]]++] = {static_cast<uint32_t>(f), static_cast<uint32_t>(r)};
    }
  }
  c->next = 0;
  return SettleGrouped(c);
}

int ScanFilter(sqlite3_vtab_cursor* cursor, int, const char* idx_str, int argc, sqlite3_value** argv) {
  auto* c = reinterpret_cast<ScanCursor*>(cursor);
  auto* v = reinterpret_cast<ScanVtab*>(cursor->pVtab);
  QueryRun::Impl* impl = v->impl;
  BoundTable& t = impl->tables[v->table_index];
  c->files.clear();
  c->pos = 0;
  c->object = nullptr;
  c->row = 0;
  c->grouped = false;
  c->parsed.clear();
  c->order.clear();
  c->next = 0;
  std::vector<PartitionConstraint> constraints;
  const char* p = idx_str ? idx_str : "";
  std::vector<int> group_columns;  // column index, or -(index + 1) for DESC
  if (const char* bar = std::strchr(p, '|')) {
    for (const char* g = bar + 1; *g;) {
      const bool desc = *g == '-';
      const int column = std::atoi(desc ? g + 1 : g);
      group_columns.push_back(desc ? -(column + 1) : column);
      while (*g && *g != ',') ++g;
      if (*g == ',') ++g;
    }
  }
  for (int a = 0; a < argc && *p && *p != '|'; ++a) {
    unsigned column = 0;
    int op = 0, consumed = 0;
    if (std::sscanf(p, "%u:%d,%n", &column, &op, &consumed) != 2 || consumed == 0) break;
    p += consumed;
    if (sqlite3_value_type(argv[a]) == SQLITE_NULL) return SQLITE_OK;  // a comparison with NULL matches nothing
    PartitionConstraint pc;
    pc.column = column;
    pc.op = static_cast<PartitionConstraint::Op>(op);
    pc.value = ValueText(argv[a]);
    constraints.push_back(std::move(pc));
  }
  if (constraints.empty()) {
    for (size_t i = 0; i < t.files.size(); ++i) c->files.push_back(i);
  } else {
    // Listing applies projection and constraints; only objects of the planning snapshot take part.
    auto listed = ListTableFiles(t.table, *impl->store, impl->query_start, constraints);
    if (!listed.ok()) {
      impl->scan_error = SqlErrorFromText(listed.error().message, "HIVE_FILESYSTEM_ERROR");
      sqlite3_free(cursor->pVtab->zErrMsg);
      cursor->pVtab->zErrMsg = sqlite3_mprintf("%s", impl->scan_error->Text().c_str());
      return SQLITE_ERROR;
    }
    for (const ScanFile& f : listed.value()) {
      auto it = t.file_index.find({f.bucket, f.key});
      if (it != t.file_index.end()) c->files.push_back(it->second);
    }
    std::sort(c->files.begin(), c->files.end());
  }
  c->row_begin = 0;
  c->row_end = SIZE_MAX;
  if (impl->active_chunk && v->table_index == 0) {  // a split aggregation's chunk: one file, some of its rows
    const Chunk& chunk = *impl->active_chunk;
    const bool listed = std::binary_search(c->files.begin(), c->files.end(), chunk.file);
    c->files.clear();
    if (listed) c->files.push_back(chunk.file);
    c->row_begin = chunk.row_begin;
    c->row_end = chunk.row_end;
  }
  if (!group_columns.empty()) return GroupRows(c, group_columns);
  return SettleCursor(c);
}

int ScanNext(sqlite3_vtab_cursor* cursor) {
  auto* c = reinterpret_cast<ScanCursor*>(cursor);
  auto* v = reinterpret_cast<ScanVtab*>(cursor->pVtab);
  v->impl->step_units += kUnitsPerRow;
  ++c->rowid;
  if (c->grouped) {
    ++c->next;
    return SettleGrouped(c);
  }
  ++c->row;
  return SettleCursor(c);
}

int ScanEof(sqlite3_vtab_cursor* cursor) {
  auto* c = reinterpret_cast<ScanCursor*>(cursor);
  if (c->grouped) return c->next >= c->order.size() ? 1 : 0;
  return c->pos >= c->files.size() ? 1 : 0;
}

// A cell as SQLite's value. Texts point into a parsed object or the snapshot, which outlive the statement (the
// run holds them), so SQLite may keep the pointers.
void ResultCell(sqlite3_context* ctx, const CellRef& cell) {
  switch (cell.kind) {
    case CellRef::kNull:
      sqlite3_result_null(ctx);
      break;
    case CellRef::kInteger:
      sqlite3_result_int64(ctx, cell.integer);
      break;
    case CellRef::kReal:
      sqlite3_result_double(ctx, cell.real);
      break;
    case CellRef::kText:
      sqlite3_result_text(ctx, cell.text.data(), static_cast<int>(cell.text.size()), SQLITE_STATIC);
      break;
  }
}

int ScanColumn(sqlite3_vtab_cursor* cursor, sqlite3_context* ctx, int column) {
  auto* c = reinterpret_cast<ScanCursor*>(cursor);
  BoundTable& t = TableOf(cursor->pVtab);
  const int data_columns = static_cast<int>(t.table.columns.size());
  const int keys = static_cast<int>(t.table.partition_keys.size());
  const SnapshotFile& f = t.files[c->files[c->pos]];
  if (column < data_columns) {
    ResultCell(ctx, c->object->cell(static_cast<size_t>(column), c->row));
    return SQLITE_OK;
  }
  if (column < data_columns + keys) {
    ResultCell(ctx, PartitionCell(t, f, static_cast<size_t>(column - data_columns)));
    return SQLITE_OK;
  }
  // The snapshot's strings outlive the statement (the run holds them), so SQLite may keep the pointers.
  switch (column - data_columns - keys) {
    case 0:
      sqlite3_result_text(ctx, f.path.data(), static_cast<int>(f.path.size()), SQLITE_STATIC);
      break;
    case 1:
      sqlite3_result_int64(ctx, static_cast<sqlite3_int64>(f.size_bytes));
      break;
    default:
      sqlite3_result_text(ctx, f.modified_text.data(), static_cast<int>(f.modified_text.size()), SQLITE_STATIC);
      break;
  }
  return SQLITE_OK;
}

int ScanRowid(sqlite3_vtab_cursor* cursor, sqlite3_int64* rowid) {
  *rowid = reinterpret_cast<ScanCursor*>(cursor)->rowid;
  return SQLITE_OK;
}

// A read-only virtual table module (no xUpdate, no transactions): create = connect, destroy = disconnect.
sqlite3_module ReadOnlyModule(decltype(sqlite3_module::xConnect) connect,
                              decltype(sqlite3_module::xBestIndex) best_index,
                              decltype(sqlite3_module::xDisconnect) disconnect, decltype(sqlite3_module::xOpen) open,
                              decltype(sqlite3_module::xClose) close, decltype(sqlite3_module::xFilter) filter,
                              decltype(sqlite3_module::xNext) next, decltype(sqlite3_module::xEof) eof,
                              decltype(sqlite3_module::xColumn) column, decltype(sqlite3_module::xRowid) rowid) {
  sqlite3_module m;
  std::memset(&m, 0, sizeof m);
  m.iVersion = 1;
  m.xCreate = connect;
  m.xConnect = connect;
  m.xBestIndex = best_index;
  m.xDisconnect = disconnect;
  m.xDestroy = disconnect;
  m.xOpen = open;
  m.xClose = close;
  m.xFilter = filter;
  m.xNext = next;
  m.xEof = eof;
  m.xColumn = column;
  m.xRowid = rowid;
  return m;
}

const sqlite3_module kScanModule = ReadOnlyModule(ScanConnect, ScanBestIndex, ScanDisconnect, ScanOpen, ScanClose,
                                                  ScanFilter, ScanNext, ScanEof, ScanColumn, ScanRowid);

// [SECTION] the partials virtual table (split aggregation)
// Rows appended by QueryRun from partial_stmt, read by the final statement; columns untyped (values as produced).

struct PartialsCursor {
  sqlite3_vtab_cursor base;  // first: SQLite casts
  size_t row = 0;
};

struct PartialsVtab {
  sqlite3_vtab base;  // first: SQLite casts
  QueryRun::Impl* impl;
};

int PartialsConnect(sqlite3* db, void* aux, int argc, const char* const* argv, sqlite3_vtab** out, char** err) {
  auto* impl = static_cast<QueryRun::Impl*>(aux);
  std::string decl = "CREATE TABLE x(";
  for (int i = 3; i < argc; ++i) decl += std::string(i > 3 ? ", " : "") + QuoteIdentifier(argv[i]);
  decl += ")";
  const int rc = sqlite3_declare_vtab(db, decl.c_str());
  if (rc != SQLITE_OK) return rc;
  auto* v = new PartialsVtab();
  v->impl = impl;
  *out = &v->base;
  return SQLITE_OK;
}

int PartialsDisconnect(sqlite3_vtab* vtab) {
  delete reinterpret_cast<PartialsVtab*>(vtab);
  return SQLITE_OK;
}

int PartialsBestIndex(sqlite3_vtab*, sqlite3_index_info* info) {
  info->estimatedCost = 1000;
  info->estimatedRows = 1000;
  return SQLITE_OK;
}

int PartialsOpen(sqlite3_vtab*, sqlite3_vtab_cursor** out) {
  *out = &(new PartialsCursor())->base;
  return SQLITE_OK;
}

int PartialsClose(sqlite3_vtab_cursor* cursor) {
  delete reinterpret_cast<PartialsCursor*>(cursor);
  return SQLITE_OK;
}

const QueryRun::Impl& PartialsImpl(sqlite3_vtab_cursor* cursor) {
  return *reinterpret_cast<PartialsVtab*>(cursor->pVtab)->impl;
}

size_t PartialRows(const QueryRun::Impl& impl) {
  return impl.partial_width ? impl.partial_values.size() / impl.partial_width : 0;
}

int PartialsFilter(sqlite3_vtab_cursor* cursor, int, const char*, int, sqlite3_value**) {
  reinterpret_cast<PartialsCursor*>(cursor)->row = 0;
  return SQLITE_OK;
}

int PartialsNext(sqlite3_vtab_cursor* cursor) {
  ++reinterpret_cast<PartialsCursor*>(cursor)->row;
  return SQLITE_OK;
}

int PartialsEof(sqlite3_vtab_cursor* cursor) {
  return reinterpret_cast<PartialsCursor*>(cursor)->row >= PartialRows(PartialsImpl(cursor)) ? 1 : 0;
}

int PartialsColumn(sqlite3_vtab_cursor* cursor, sqlite3_context* ctx, int column) {
  const QueryRun::Impl& impl = PartialsImpl(cursor);
  const size_t row = reinterpret_cast<PartialsCursor*>(cursor)->row;
  // The values outlive the final statement (the run holds them), so SQLite may keep the pointers.
  const PartialValue& v = impl.partial_values[row * impl.partial_width + static_cast<size_t>(column)];
  if (v.kind == PartialValue::kBlob) {
    sqlite3_result_blob(ctx, v.bytes.data(), static_cast<int>(v.bytes.size()), SQLITE_STATIC);
    return SQLITE_OK;
  }
  static_assert(static_cast<int>(PartialValue::kText) == static_cast<int>(CellRef::kText), "same kinds, same order");
  CellRef cell;
  cell.kind = static_cast<CellRef::Kind>(v.kind);
  cell.integer = v.integer;
  cell.real = v.real;
  cell.text = v.bytes;
  ResultCell(ctx, cell);
  return SQLITE_OK;
}

int PartialsRowid(sqlite3_vtab_cursor* cursor, sqlite3_int64* rowid) {
  *rowid = static_cast<sqlite3_int64>(reinterpret_cast<PartialsCursor*>(cursor)->row);
  return SQLITE_OK;
}

const sqlite3_module kPartialsModule =
    ReadOnlyModule(PartialsConnect, PartialsBestIndex, PartialsDisconnect, PartialsOpen, PartialsClose,
                   PartialsFilter, PartialsNext, PartialsEof, PartialsColumn, PartialsRowid);

// [SECTION] authorizer

// Once the bound tables exist, the connection may only read them and call functions: no ATTACH, PRAGMA,
// writes, schema changes or transactions, whatever SQL reaches it.
int Authorize(void* user, int action, const char* a1, const char*, const char*, const char*) {
  auto* impl = static_cast<QueryRun::Impl*>(user);
  switch (action) {
    case SQLITE_SELECT:
    case SQLITE_FUNCTION:
    case SQLITE_RECURSIVE:
      return SQLITE_OK;
    case SQLITE_READ:
      if (a1) {
        for (const BoundTable& t : impl->tables) {
          if (t.sqlite_name == a1) return SQLITE_OK;
        }
        if (impl->partial_width > 0 && std::strcmp(a1, kPartialsTable) == 0) return SQLITE_OK;
      }
      impl->denied = true;
      return SQLITE_DENY;
    default:
      impl->denied = true;
      return SQLITE_DENY;
  }
}

}  // namespace

// [SECTION] QueryRun

QueryRun::QueryRun(TranslatedQuery query, const GlueCatalog& catalog, TimeUs query_start)
    : query_(std::move(query)), impl_(std::make_unique<Impl>()) {
  impl_->run = this;
  impl_->query_start = query_start;
  for (const SqlTableBinding& b : query_.tables) {
    const GlueTable* t = catalog.FindTable(b.database, b.table);
    if (!t) {
      Fail(SqlError{"TABLE_NOT_FOUND", 0, 0,
                    "Table 'awsdatacatalog." + b.database + "." + b.table + "' does not exist"});
      return;
    }
    BoundTable bound;
    bound.table = *t;
    bound.sqlite_name = b.sqlite_name;
    impl_->tables.push_back(std::move(bound));
  }
}

QueryRun::~QueryRun() = default;

void QueryRun::Fail(SqlError error) {
  error_ = std::move(error);
  phase_ = Phase::kFailed;
  rows_.clear();
  if (impl_ && impl_->stmt) {
    sqlite3_finalize(impl_->stmt);
    impl_->stmt = nullptr;
  }
  if (impl_ && impl_->partial_stmt) {
    sqlite3_finalize(impl_->partial_stmt);
    impl_->partial_stmt = nullptr;
  }
}

uint64_t QueryRun::bytes_parsed() const { return impl_->bytes_planned - impl_->bytes_to_parse; }

uint64_t QueryRun::pending_units() const {
  switch (phase_) {
    case Phase::kPlan:
      return kUnitsPerRow;
    case Phase::kParse:
      return std::max<uint64_t>(impl_->bytes_to_parse, 1);
    case Phase::kStep:
      return kUnitsPerRow;
    default:
      return 0;
  }
}

uint64_t QueryRun::Work(uint64_t budget_units, const ObjectStore& store, SerDeCache& cache) {
  impl_->store = &store;
  uint64_t used = 0;
  if (phase_ == Phase::kPlan) used += Plan(store);
  if (phase_ == Phase::kParse && (used < budget_units || used == 0)) {
    used += ParseSome(budget_units > used ? budget_units - used : 0, cache);
  }
  if (phase_ == Phase::kStep && used < budget_units) used += StepSome(budget_units - used, store, cache);
  impl_->store = nullptr;
  return used;
}

uint64_t QueryRun::Plan(const ObjectStore& store) {
  Impl& m = *impl_;
  if (sqlite3_open_v2(":memory:", &m.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_MEMORY, nullptr) !=
      SQLITE_OK) {
    Fail(SqlError{"GENERIC_INTERNAL_ERROR", 0, 0, "Could not open the query engine"});
    return kUnitsPerRow;
  }
  sqlite3_db_config(m.db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_db_config(m.db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
  sqlite3_db_config(m.db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, nullptr);
  sqlite3_db_config(m.db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, nullptr);
  sqlite3_limit(m.db, SQLITE_LIMIT_ATTACHED, 0);
  // Trino's LIKE is case-sensitive. Set before the Trino functions, which may register their own like().
  sqlite3_exec(m.db, "PRAGMA case_sensitive_like=1", nullptr, nullptr, nullptr);
  sqlite3_create_module_v2(m.db, "athena_scan", &kScanModule, &m, nullptr);
  for (size_t i = 0; i < m.tables.size(); ++i) {
    const std::string sql = "CREATE VIRTUAL TABLE temp." + QuoteIdentifier(m.tables[i].sqlite_name) +
                            " USING athena_scan(" + std::to_string(i) + ")";
    if (sqlite3_exec(m.db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
      Fail(SqlError{"GENERIC_INTERNAL_ERROR", 0, 0, sqlite3_errmsg(m.db)});
      return kUnitsPerRow;
    }
  }
  if (!query_.partial_sql.empty()) {
    sqlite3_create_module_v2(m.db, "athena_partials", &kPartialsModule, &m, nullptr);
    std::string sql = "CREATE VIRTUAL TABLE temp." + QuoteIdentifier(kPartialsTable) + " USING athena_partials(";
    for (size_t i = 0; i < query_.partial_columns.size(); ++i) sql += (i ? ", " : "") + query_.partial_columns[i];
    sql += ")";
    if (sqlite3_exec(m.db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
      Fail(SqlError{"GENERIC_INTERNAL_ERROR", 0, 0, sqlite3_errmsg(m.db)});
      return kUnitsPerRow;
    }
    m.partial_width = query_.partial_columns.size();
  }
  RegisterAthenaFunctions(m.db, m.query_start);
  sqlite3_set_authorizer(m.db, Authorize, &m);

  // Exactly one read-only statement per text: anything after it (another statement) is refused, not run.
  auto prepare = [&](const std::string& sql, sqlite3_stmt** stmt) {
    const char* tail = nullptr;
    if (sqlite3_prepare_v3(m.db, sql.c_str(), static_cast<int>(sql.size()), 0, stmt, &tail) != SQLITE_OK || !*stmt) {
      const std::string text = sqlite3_errmsg(m.db);
      Fail(m.denied || text.find("may not be modified") != std::string::npos
               ? SqlError{"PERMISSION_DENIED", 0, 0, "Access Denied: the statement may only read the query's tables"}
               : SqlErrorFromText(text, "GENERIC_INTERNAL_ERROR"));
      return false;
    }
    for (const char* p = tail; p && *p; ++p) {
      if (*p != ' ' && *p != '\n' && *p != '\r' && *p != '\t' && *p != ';') {
        Fail(SqlError{"NOT_SUPPORTED", 0, 0, "Only one sql statement is allowed"});
        return false;
      }
    }
    if (!sqlite3_stmt_readonly(*stmt)) {
      Fail(SqlError{"PERMISSION_DENIED", 0, 0, "Access Denied: the statement may only read the query's tables"});
      return false;
    }
    return true;
  };
  if (!query_.partial_sql.empty() && !prepare(query_.partial_sql, &m.partial_stmt)) return kUnitsPerRow;
  if (!prepare(query_.sqlite_sql, &m.stmt)) return kUnitsPerRow;

  // The planning listing: what the tables hold now, pruned by the constant partition constraints.
  for (BoundTable& t : m.tables) {
    auto listed = ListTableFiles(t.table, store, m.query_start, t.pre_constraints);
    if (!listed.ok()) {
      Fail(SqlErrorFromText(listed.error().message, "HIVE_FILESYSTEM_ERROR"));
      return kUnitsPerRow;
    }
    for (const ScanFile& f : listed.value()) {
      if (!f.object) continue;
      SnapshotFile s;
      s.bucket = f.bucket;
      s.key = f.key;
      s.path = "s3://" + f.bucket + "/" + f.key;
      s.modified_text = FormatTimestampMs(f.object->last_modified);
      s.body = f.object->body;
      s.size_bytes = f.object->size();
      s.last_modified = f.object->last_modified;
      s.partition_values = f.partition_values;
      t.file_index[{s.bucket, s.key}] = t.files.size();
      m.bytes_to_parse += s.size_bytes;
      m.bytes_planned += s.size_bytes;
      t.files.push_back(std::move(s));
    }
    t.parsed.assign(t.files.size(), nullptr);
    t.scanned.assign(t.files.size(), false);
  }
  phase_ = Phase::kParse;
  return kUnitsPerRow;
}

// Parses the snapshot's objects, whole objects at a time, until the budget is spent (at least one object).
uint64_t QueryRun::ParseSome(uint64_t budget_units, SerDeCache& cache) {
  Impl& m = *impl_;
  uint64_t used = 0;
  while (m.parse_table < m.tables.size()) {
    BoundTable& t = m.tables[m.parse_table];
    if (m.parse_file >= t.files.size()) {
      ++m.parse_table;
      m.parse_file = 0;
      continue;
    }
    if (used > 0 && used >= budget_units) return used;
    const size_t i = m.parse_file++;
    m.bytes_to_parse -= std::min(m.bytes_to_parse, t.files[i].size_bytes);
    if (!m.Parsed(t, i, cache, &used)) {
      Fail(*m.scan_error);
      return used;
    }
  }
  if (m.partial_stmt) {  // every file of tables[0] in chunks; a file without rows still gets one (it is read)
    const BoundTable& t = m.tables[0];
    for (size_t i = 0; i < t.files.size(); ++i) {
      const size_t rows = t.parsed[i] ? t.parsed[i]->row_count() : 0;
      size_t begin = 0;
      do {
        const size_t end = std::min<size_t>(rows, begin + kSplitChunkRows);
        m.chunks.push_back(Chunk{i, static_cast<uint32_t>(begin), static_cast<uint32_t>(end)});
        begin = end;
      } while (begin < rows);
    }
  }
  phase_ = Phase::kStep;
  return used;
}

// Split aggregation: steps partial_stmt over the chunks, one chunk at a time, collecting its rows, until the
// budget is spent (at least one chunk). Returns false after a failure.
bool QueryRun::StepPartials(uint64_t budget_units) {
  Impl& m = *impl_;
  while (m.partial_stmt && m.step_units < budget_units) {
    if (m.next_chunk >= m.chunks.size()) {
      sqlite3_finalize(m.partial_stmt);
      m.partial_stmt = nullptr;
      break;
    }
    if (query_.partial_plan) {  // plain partial columns: computed here, SQLite runs only what they cannot
      const Chunk& chunk = m.chunks[m.next_chunk];
      const int done = m.AggregateDirectly(query_, chunk);
      data_scanned_bytes_ += m.run_scanned_bytes;
      if (done < 0) {
        Fail(*m.scan_error);
        return false;
      }
      if (done > 0) {
        ++m.next_chunk;
        continue;
      }
    }
    m.active_chunk = &m.chunks[m.next_chunk++];
    sqlite3_reset(m.partial_stmt);
    int rc;
    while (true) {
      m.run_scanned_bytes = 0;
      rc = sqlite3_step(m.partial_stmt);
      data_scanned_bytes_ += m.run_scanned_bytes;
      m.step_units += kUnitsPerRow;
      if (rc != SQLITE_ROW) break;
      for (int c = 0; c < static_cast<int>(m.partial_width); ++c) {
        m.partial_values.push_back(ColumnValue(m.partial_stmt, c));
      }
    }
    m.active_chunk = nullptr;
    if (rc != SQLITE_DONE) {
      Fail(m.scan_error ? *m.scan_error : SqlErrorFromText(sqlite3_errmsg(m.db), "GENERIC_INTERNAL_ERROR"));
      return false;
    }
  }
  return true;
}

uint64_t QueryRun::StepSome(uint64_t budget_units, const ObjectStore&, SerDeCache& cache) {
  Impl& m = *impl_;
  m.cache = &cache;
  m.step_units = 0;
  if (!StepPartials(budget_units)) {
    m.cache = nullptr;
    return m.step_units;
  }
  const int n = sqlite3_column_count(m.stmt);
  while (!m.partial_stmt && m.step_units < budget_units) {
    m.run_scanned_bytes = 0;
    const int rc = sqlite3_step(m.stmt);
    data_scanned_bytes_ += m.run_scanned_bytes;
    m.step_units += kUnitsPerRow;
    if (rc == SQLITE_ROW) {
      ResultRow row(static_cast<size_t>(n));
      for (int c = 0; c < n; ++c) {
        const std::string type =
            static_cast<size_t>(c) < query_.columns.size() ? query_.columns[static_cast<size_t>(c)].type : "varchar";
        row[static_cast<size_t>(c)] = FormatAthenaValue(sqlite3_column_value(m.stmt, c), type);
      }
      rows_.push_back(std::move(row));
      continue;
    }
    if (rc == SQLITE_DONE) {
      sqlite3_finalize(m.stmt);
      m.stmt = nullptr;
      phase_ = Phase::kDone;
      break;
    }
    Fail(m.scan_error ? *m.scan_error : SqlErrorFromText(sqlite3_errmsg(m.db), "GENERIC_INTERNAL_ERROR"));
    break;
  }
  m.cache = nullptr;
  return m.step_units;
}

}  // namespace fhl
