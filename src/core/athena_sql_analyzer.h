// athena_sql_analyzer.h: semantic analysis of a parsed Athena query (names, types, aggregation rules) and emission
// of the equivalent SQLite SELECT. Plain C++; must not depend on SQLite or any service.
#pragma once

#include <string_view>

#include "core/athena_sql.h"
#include "core/athena_sql_parser.h"

namespace fhl {

// sql: the original text (for the expression texts quoted in errors).
SqlTranslation AnalyzeSqlQuery(std::string_view sql, const SqlQuery& query, const GlueCatalog& catalog,
                               std::string_view default_database);

}  // namespace fhl
