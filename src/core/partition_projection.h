// partition_projection.h: Athena partition projection: the partitions a table's projection.* TBLPROPERTIES yield
// (types date, integer, enum, injected) within their ranges, filtered by query constraints, and their S3 locations.
// Plain C++; must not depend on the object store, SQL or any service.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/api_error.h"
#include "core/glue_catalog.h"
#include "core/sim_time.h"
#include "core/table_scan.h"

namespace fhl {

struct ProjectedPartition {
  std::vector<std::string> values;  // one per partition key, formatted as the projection formats them
  std::string location;             // "s3://bucket/prefix/..." from storage.location.template (or Hive-style)
};

// The most partitions one query may project (Athena's documented limit).
constexpr size_t kMaxProjectedPartitions = 1000000;

// True when TBLPROPERTIES has projection.enabled=true (case-insensitive value).
bool ProjectionEnabled(const GlueTable& table);

// Validates the projection configuration without enumerating (for DDL-time and query-time checks); the error is an
// Athena-style message (ApiError.code = error name, message = full "<NAME>: ..." text).
Status ValidateProjection(const GlueTable& table);

// Enumerates the partitions the projection yields at `now` that satisfy every constraint on their column
// (date/enum/injected values compare as strings; integer values numerically). Injected columns take their values
// from kEq constraints and fail without one (CONSTRAINT_VIOLATION), as Athena does.
Result<std::vector<ProjectedPartition>> ProjectPartitions(const GlueTable& table, TimeUs now,
                                                          const std::vector<PartitionConstraint>& constraints);

// Java DateTimeFormatter subset used by projection formats and Firehose prefixes: yyyy, MM, dd, HH, mm, ss,
// 'quoted literals', any other character literal. Exposed for tests.
std::optional<TimeUs> ParseDatePattern(std::string_view text, std::string_view pattern);
std::string FormatDatePattern(TimeUs t, std::string_view pattern);

}  // namespace fhl
