// athena_functions.h: Trino's functions and value formatting on the engine's SQLite connection (max_by, min_by,
// arbitrary, count_if, approx_*, regexp_*, split_part, date_*, ...), as the SQL that TranslateQuery emits calls them.
// Plain C++ over SQLite's C API; must not depend on the Athena service.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/sim_time.h"

struct sqlite3;
struct sqlite3_value;

namespace fhl {

// Registers every function TranslateQuery may emit (all named athena_*; count/sum/avg/min/max and the window
// functions are SQLite's own). query_start is current_timestamp / now() for the query: call again (it replaces the
// previous registration) before each query. Errors are raised with sqlite3_result_error as "NAME: message".
void RegisterAthenaFunctions(sqlite3* db, TimeUs query_start);

// A result value as GetQueryResults returns it (VarCharValue) for its Athena type: "84.51", "true",
// "2026-01-01 00:00:00.000"; nullopt for NULL (Athena then omits VarCharValue). Doubles print as Java's
// Double.toString (2.0, 1.0E7, 1.0E-4), reals as Float.toString, "timestamp with time zone" with " UTC".
std::optional<std::string> FormatAthenaValue(sqlite3_value* value, std::string_view athena_type);

}  // namespace fhl
