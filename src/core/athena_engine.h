// athena_engine.h: runs one translated Athena SELECT on a locked-down in-memory SQLite connection, in small work
// slices, over the objects of the tables it reads (virtual table module "athena_scan"); a split aggregation runs
// chunk by chunk into the "partials" table before its final SELECT (plain partial columns computed without SQLite,
// athena_chunk_aggregate.h).
// Plain C++ over SQLite's C API; must not depend on the Athena service, the Lab, JSON or a clock (now is an input).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/athena_sql.h"
#include "core/glue_catalog.h"
#include "core/object_store.h"
#include "core/sim_time.h"
#include "core/table_scan.h"

namespace fhl {

// Work units: the page gives the engine a budget of units per frame.
//   1 unit   = 1 byte of an object parsed through the SerDe (a cache hit costs kUnitsPerCachedObject);
//   kUnitsPerRow units = one row produced by a table scan or one result row stepped out of SQLite.
// A parse is never split: one slice parses at least one whole object (objects are <= a few MiB).
//   kUnitsPerDirectCell units = one cell that a plain split aggregation reads without SQLite
//   (athena_chunk_aggregate.h): per row, one for its group and one per aggregate. Calibrated against parsing in
//   wasm (~10 ns a byte; a direct cell ~10-25 ns), so the page's WorkPacer keeps its slices when a query moves from
//   parsing to aggregating and back.
constexpr uint64_t kUnitsPerRow = 100;
constexpr uint64_t kUnitsPerDirectCell = 2;
constexpr uint64_t kUnitsPerHashedRow = 8;  // a row's group key hashed once per object and grouping (~80 ns)
constexpr uint64_t kUnitsPerCachedObject = 64;
// A split aggregation (TranslatedQuery::partial_sql) reads tables[0] in chunks of at most this many rows of one
// object, one chunk per indivisible step, so no step reads every row (a few ms per chunk in wasm).
constexpr uint32_t kSplitChunkRows = 8192;

using ResultRow = std::vector<std::optional<std::string>>;

// One SELECT in flight. Built from TranslateQuery's output; holds a snapshot of the tables it reads, its own
// SQLite connection and the parsed objects it reads until it is destroyed.
class QueryRun {
 public:
  enum class Phase { kPlan, kParse, kStep, kDone, kFailed };

  // query_start: the query's current_timestamp and the NOW of partition projection.
  QueryRun(TranslatedQuery query, const GlueCatalog& catalog, TimeUs query_start);
  ~QueryRun();
  QueryRun(const QueryRun&) = delete;
  QueryRun& operator=(const QueryRun&) = delete;

  // Does up to budget_units of work (at least one indivisible step) and returns the units spent. The store and
  // cache may change between calls; the run lists the tables' objects once, at its first slice.
  uint64_t Work(uint64_t budget_units, const ObjectStore& store, SerDeCache& cache);

  Phase phase() const { return phase_; }
  bool finished() const { return phase_ == Phase::kDone || phase_ == Phase::kFailed; }
  const SqlError& error() const { return error_; }  // when kFailed
  const std::vector<SqlColumnInfo>& columns() const { return query_.columns; }
  const std::vector<ResultRow>& rows() const { return rows_; }
  std::vector<ResultRow> TakeRows() { return std::move(rows_); }
  // Sum of the sizes of the distinct objects the scans actually read (per table binding).
  uint64_t data_scanned_bytes() const { return data_scanned_bytes_; }
  // Bytes of the planned objects parsed (or found parsed) so far; reaches the planned total before SQLite runs.
  uint64_t bytes_parsed() const;
  // Estimate of the units still to do (0 once finished).
  uint64_t pending_units() const;

  struct Impl;  // public for the virtual table callbacks in athena_engine.cpp

 private:
  void Fail(SqlError error);
  uint64_t Plan(const ObjectStore& store);
  uint64_t ParseSome(uint64_t budget_units, SerDeCache& cache);
  uint64_t StepSome(uint64_t budget_units, const ObjectStore& store, SerDeCache& cache);
  bool StepPartials(uint64_t budget_units);

  TranslatedQuery query_;
  Phase phase_ = Phase::kPlan;
  SqlError error_;
  std::vector<ResultRow> rows_;
  uint64_t data_scanned_bytes_ = 0;
  std::unique_ptr<Impl> impl_;
};

// Turns a "NAME: message" text (SerDe, function and listing errors) into a SqlError; texts without an upper-case
// NAME prefix get `fallback_name`.
SqlError SqlErrorFromText(const std::string& text, const std::string& fallback_name);

}  // namespace fhl
