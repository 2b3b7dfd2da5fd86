// athena_ddl.h: Athena's Hive-dialect DDL and utility statements (CREATE/DROP DATABASE and EXTERNAL TABLE, SHOW,
// DESCRIBE, SHOW CREATE TABLE, MSCK REPAIR, ALTER TABLE SET TBLPROPERTIES) over the Glue catalog, with Athena's
// result sets and Hive's error texts. Plain C++; must not depend on the object store, SQLite or the Athena service.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/athena_sql.h"
#include "core/glue_catalog.h"
#include "core/sim_time.h"

namespace fhl {

struct DdlOutcome {
  bool ok = false;
  SqlError error;              // when !ok; Hive errors use name "FAILED" ("FAILED: SemanticException [Error 10001]: ...")
  std::string statement_type;  // "DDL" (CREATE, DROP, ALTER, MSCK) or "UTILITY" (SHOW, DESCRIBE)
  std::vector<SqlColumnInfo> columns;  // result columns (type "string", as Athena reports DDL results); may be empty
  std::vector<std::vector<std::optional<std::string>>> rows;
};

// True when the first keyword (after whitespace and -- / /* */ comments) is CREATE, DROP, ALTER, SHOW, DESCRIBE,
// DESC or MSCK. (CREATE VIEW / CREATE TABLE AS are routed here too and answered NOT_SUPPORTED.)
bool IsDdlStatement(std::string_view sql);

// Runs one statement (an optional trailing ';'). default_database: QueryExecutionContext.Database ("" = default).
// A failed statement changes nothing in `catalog`.
DdlOutcome ExecuteDdl(std::string_view sql, GlueCatalog& catalog, std::string_view default_database, TimeUs now);

// Athena's SHOW CREATE TABLE text of a table (lines joined with '\n').
std::string ShowCreateTableText(const GlueTable& table);

}  // namespace fhl
