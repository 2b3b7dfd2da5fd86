// athena_chunk_aggregate.h: a split aggregation's partial rows for one chunk, computed straight from the parsed
// rows when every partial column is plain (TranslatedQuery::partial_plan): the values, types and row order that
// SQLite produces from partial_sql, without stepping SQLite once per row. Also SQLite's order of values.
// Plain C++: no SQLite; must not depend on the engine's connection or the Athena service.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/athena_sql.h"
#include "core/table_scan.h"

namespace fhl {

// A value of a partial row as SQLite holds it (a max_by/min_by pair is a BLOB).
struct PartialValue {
  enum Kind : uint8_t { kNull, kInteger, kReal, kText, kBlob } kind = kNull;
  int64_t integer = 0;
  double real = 0;
  std::string bytes;  // text or blob
};

// The rows one chunk reads: data columns from the parse; the other columns of the virtual table (partition keys,
// "$path", "$file_size", "$file_modified_time") are constant per object.
struct ChunkSource {
  const ParsedObject* object = nullptr;
  size_t data_columns = 0;
  std::vector<CellRef> constants;  // virtual-table column data_columns + i
};

// Appends the partial rows of rows [row_begin, row_end) (partial_group_columns.size() +
// partial_aggregates.size() values each), groups in ascending key order as SQLite emits them. Returns false,
// appending nothing, when SQLite must run the chunk itself (a sum over integers overflows: SQLite raises the error).
// *rows_hashed: the rows whose group key was hashed now (0 when the object kept the grouping from an earlier query).
bool AggregateChunk(const TranslatedQuery& query, const ChunkSource& source, size_t row_begin, size_t row_end,
                    std::vector<PartialValue>* out, size_t* rows_hashed);

// SQLite's order of values (BINARY collation): NULL < numbers (by value) < text (by bytes).
int CompareCells(const CellRef& a, const CellRef& b);
// Appends a group key field: numbers equal as SQLite compares them (an integral double equals the integer), texts
// by their bytes, NULLs equal each other.
void AppendGroupKey(std::string& key, const CellRef& cell);
// A max_by/min_by pair field (athena_max_by_pair's BLOB): SQLite's type code, then 8 bytes (integer, double) or a
// 4-byte length and the bytes (text).
void AppendPairField(std::string& out, const CellRef& cell);

}  // namespace fhl
