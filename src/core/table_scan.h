// table_scan.h: reading an external table's objects the way Athena does: which objects a query reads (LOCATION,
// partitions, projection) and each object's rows through the table's SerDe (OpenX JSON), cached per object.
// Plain C++: no SQLite, no JSON library types in the interface. Must not depend on the Athena service.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/api_error.h"
#include "core/glue_catalog.h"
#include "core/object_store.h"
#include "core/sim_time.h"

namespace fhl {

// One value as the query engine sees it. Storage per Athena type: varchar/char -> kText; integer, bigint,
// smallint, tinyint -> kInteger; double, real/float, decimal -> kReal; boolean -> kInteger 0/1;
// timestamp -> kText "yyyy-MM-dd HH:mm:ss.SSS"; date -> kText "yyyy-MM-dd".
struct CellRef {
  enum Kind : uint8_t { kNull, kInteger, kReal, kText } kind = kNull;
  int64_t integer = 0;
  double real = 0;
  std::string_view text;  // valid while the ParsedObject lives
};

// The rows of one object read through the SerDe, column-major over the table's data columns (not partition
// keys or pseudo-columns). Immutable once built; shared between queries.
class ParsedObject {
 public:
  virtual ~ParsedObject() = default;
  virtual size_t row_count() const = 0;
  virtual CellRef cell(size_t column, size_t row) const = 0;
  // Set when the SerDe rejects the object (e.g. malformed JSON without ignore.malformed.json): the query fails
  // with this error ("HIVE_CURSOR_ERROR: Row is not a valid JSON Object - ...").
  virtual const std::optional<std::string>& error() const = 0;

  // Groupings a query engine derived from this object's rows (which group each row is in, the groups in order),
  // kept because the rows never change: a repeated query reuses them. Keyed by the engine's own description of the
  // grouping; at most kMaxGroupings are kept (the oldest is dropped first). Not part of the object's value.
  static constexpr size_t kMaxGroupings = 16;
  std::shared_ptr<const std::vector<uint32_t>> FindGrouping(const std::string& key) const;
  void KeepGrouping(std::string key, std::shared_ptr<const std::vector<uint32_t>> grouping) const;

 private:
  mutable std::vector<std::pair<std::string, std::shared_ptr<const std::vector<uint32_t>>>> groupings_;
};

// One object a query over a table reads.
struct ScanFile {
  std::string bucket;
  std::string key;
  const S3Object* object = nullptr;               // valid until the store changes
  std::vector<std::string> partition_values;      // one per GlueTable::partition_keys, as strings
};

// A constraint on a partition column (column index into partition_keys) that lets listing skip partitions.
struct PartitionConstraint {
  size_t column = 0;
  enum Op : uint8_t { kEq, kLt, kLe, kGt, kGe } op = kEq;
  std::string value;
};

// Lists the objects a query reads: every object under LOCATION (all sub-"folders"); for a partitioned table,
// only those under partitions that projection (projection.enabled + storage.location.template) yields within its
// range (NOW = `now`), filtered by `constraints`. A partitioned table without projection reads nothing, as
// Athena does without registered partitions. Errors as Athena reports them (e.g. a LOCATION bucket that does
// not exist).
Result<std::vector<ScanFile>> ListTableFiles(const GlueTable& table, const ObjectStore& store, TimeUs now,
                                             const std::vector<PartitionConstraint>& constraints);

// Parses objects through the table's SerDe and keeps the result: objects never change once written, so a parse
// is reused for as long as the same body is stored (cache key: the body's identity + the table's columns and
// SerDe parameters). Bounded by an approximate byte budget (least recently used parses dropped first).
class SerDeCache {
 public:
  explicit SerDeCache(uint64_t budget_bytes = 512ull << 20);
  ~SerDeCache();
  std::shared_ptr<const ParsedObject> Parse(const GlueTable& table, const S3Object& object);
  uint64_t cached_bytes() const;
  // Drops every parse (a restored lab starts cold, as a reloaded page does, and frees the old bodies).
  void Clear();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fhl
