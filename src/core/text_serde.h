// text_serde.h: Hive's LazySimpleSerDe (ROW FORMAT DELIMITED ... : CSV/TSV-like text) as Athena reads it: one row per
// line, fields split on field.delim, '\N' as NULL, values converted per column type (invalid -> NULL).
// Plain C++; must not depend on any service.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/glue_catalog.h"
#include "core/json_serde.h"

namespace fhl {

constexpr const char* kLazySimpleSerDeLibrary = "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe";

struct TextSerDeOptions {
  char field_delim = '\x01';            // 'field.delim' (or 'serialization.format'); Hive's default is \001
  std::optional<char> escape_delim;     // 'escape.delim': escapes the delimiter and itself
  std::string null_format = "\\N";      // 'serialization.null.format'
  size_t skip_header_lines = 0;         // TBLPROPERTIES 'skip.header.line.count'
};
TextSerDeOptions TextSerDeOptionsFrom(const std::map<std::string, std::string>& serde_parameters,
                                      const std::map<std::string, std::string>& table_parameters);

// Reads `body` line by line ('\n'; a trailing '\r' is dropped). Missing trailing fields are NULL, extra fields are
// ignored; a field equal to the null format is NULL; numbers/booleans/dates that do not parse are NULL (Hive never
// fails a query on a bad delimited value). An empty line is a row whose first field is "" (the rest NULL).
std::shared_ptr<const ColumnarObject> ParseDelimitedLines(const std::vector<GlueColumn>& columns,
                                                          const TextSerDeOptions& options,
                                                          std::shared_ptr<const std::string> body);

}  // namespace fhl
