// athena_sql.cpp: TranslateQuery's entry point and SqlError's text: parse (athena_sql_parser), then analyze and
// emit SQLite SQL (athena_sql_analyzer). Plain C++; must not depend on SQLite or any service.
#include "core/athena_sql.h"

#include "core/athena_sql_analyzer.h"
#include "core/athena_sql_parser.h"

namespace fhl {

std::string SqlError::Text() const {
  if (line <= 0) return name + ": " + message;
  return name + ": line " + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
}

SqlTranslation TranslateQuery(std::string_view sql, const GlueCatalog& catalog, std::string_view default_database) {
  SqlTranslation t;
  SqlParseResult parsed = ParseSqlQuery(sql);
  if (!parsed.ok) {
    t.error.name = parsed.error_name;
    t.error.line = parsed.line;
    t.error.column = parsed.column;
    t.error.message = parsed.message;
    return t;
  }
  return AnalyzeSqlQuery(sql, *parsed.query, catalog, default_database);
}

}  // namespace fhl
