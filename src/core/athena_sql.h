// athena_sql.h: Athena's (Trino's) SQL dialect for queries: parse, analyze against the catalog and translate to
// SQLite SQL that the engine runs, rejecting what Athena rejects with Athena's error names, texts and positions.
// Plain C++; must not depend on the Athena service or on the object store. SQLite appears only in
// athena_functions.h (the Trino functions registered on the engine's connection).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/glue_catalog.h"
#include "core/sim_time.h"

namespace fhl {

// An error as Athena reports it: "<name>: line <line>:<column>: <message>" (line/column 1-based; both 0 when an
// error has no position, then the text is "<name>: <message>").
struct SqlError {
  std::string name;     // SYNTAX_ERROR, TABLE_NOT_FOUND, COLUMN_NOT_FOUND, FUNCTION_NOT_FOUND, TYPE_MISMATCH,
                        // EXPRESSION_NOT_AGGREGATE, SCHEMA_NOT_FOUND, NOT_SUPPORTED, ...
  int line = 0;
  int column = 0;
  std::string message;  // Athena's wording, without the name and position
  std::string Text() const;
};

struct SqlColumnInfo {
  std::string name;  // output label as Athena shows it (expression labels _col0, _col1, ...)
  std::string type;  // Athena result type: varchar, integer, bigint, double, real, boolean, timestamp, date, ...
};

// A table the translated SQL reads. The engine exposes it to SQLite as a virtual table named sqlite_name whose
// columns are, in order: the data columns, the partition keys, then "$path", "$file_size", "$file_modified_time".
struct SqlTableBinding {
  std::string database;
  std::string table;
  std::string sqlite_name;  // "t0", "t1", ...
};

// The table that a split aggregation's partial results go to (see TranslatedQuery::partial_sql).
constexpr const char* kPartialsTable = "partials";

// One partial column of a split aggregation as a plain aggregate over columns of tables[0] (indices in its
// virtual table): exactly the SQL count(*), count(c), sum(c), min(c), max(c), athena_arbitrary(c),
// athena_max_by_pair(c, key) or athena_min_by_pair(c, key).
struct PartialAggregate {
  enum Op : uint8_t { kCountRows, kCount, kSum, kMin, kMax, kArbitrary, kMaxByPair, kMinByPair } op = kCountRows;
  int column = -1;
  int key_column = -1;  // the pairs only
};

struct TranslatedQuery {
  std::string sqlite_sql;                  // one SELECT, referencing only bindings and registered functions
  std::vector<SqlColumnInfo> columns;      // the result's columns
  std::vector<SqlTableBinding> tables;
  // Split query, so that no single step reads every row: when partial_sql is not empty, the engine runs it once
  // per chunk of tables[0]'s rows (it reads only tables[0]) and appends its rows to kPartialsTable, whose columns
  // are partial_columns; sqlite_sql then reads only kPartialsTable. Two shapes:
  // - a top-level aggregation over one table whose aggregates all combine: "g<i>" group keys and "p<k>" partial
  //   aggregates, combined as sum of counts, sum, min/max, avg from (sum, count), max_by over (value, key) pairs;
  // - a top-level ORDER BY ... LIMIT n without aggregation: "c<i>" outputs and "o<k>" ORDER BY expressions, each
  //   chunk keeping its first LIMIT + OFFSET rows, re-ordered and limited by sqlite_sql.
  // Otherwise (joins, subqueries, window functions, approx_*, DISTINCT aggregates, ...) sqlite_sql reads the tables.
  std::string partial_sql;
  std::vector<std::string> partial_columns;
  // Set when partial_sql is an aggregation without WHERE whose columns are all plain: each g<i> a column of
  // tables[0] and each p<k> one PartialAggregate over columns. The engine then may compute a chunk's partial rows
  // itself (athena_chunk_aggregate.h), values and order as SQLite would produce them from partial_sql.
  bool partial_plan = false;
  std::vector<int> partial_group_columns;  // per g<i>: column index in tables[0]'s virtual table
  std::vector<PartialAggregate> partial_aggregates;  // per p<k>
};

struct SqlTranslation {
  bool ok = false;
  TranslatedQuery query;  // when ok
  SqlError error;         // when !ok
};

// Translates one query statement (SELECT / WITH / VALUES / a parenthesized query; an optional trailing ';').
// default_database: QueryExecutionContext.Database. Table names resolve as [catalog.][db.]table (catalog
// awsdatacatalog only), case-insensitively.
//
// Contract for the engine that runs query.sqlite_sql (conventions, all produced by this translator):
// - The connection must have RegisterAthenaFunctions (athena_functions.h) and one table per binding, named
//   sqlite_name, whose columns are named exactly as Glue stores them (lower-case) plus "$path", "$file_size",
//   "$file_modified_time". Values stored as table_scan.h's CellRef conventions: timestamp TEXT
//   'yyyy-MM-dd HH:mm:ss.SSS' (UTC), date TEXT 'yyyy-MM-dd', boolean INTEGER 0/1.
// - Result column i is aliased "c<i>" in the SQL; its Athena label and type are columns[i]. Format each value
//   with FormatAthenaValue(value, columns[i].type).
// - Types in columns[]: varchar, char, integer, bigint, smallint, tinyint, double, real, boolean, timestamp, date,
//   "timestamp with time zone" (current_timestamp, from_iso8601_timestamp: same TEXT form, printed with " UTC"),
//   decimal, array(..)/map(..)/row(..) (passed through as stored), "unknown" (a bare NULL).
// - Decimal literals (1.5) are typed double (Trino: decimal(2,1)), so 0.1 + 0.2 prints 0.30000000000000004.
// - Output labels: an alias (unquoted aliases lower-cased, quoted ones as written), else a column's name, else
//   "_col<position>" (0-based).
// - Runtime errors raised by the athena_* functions are "NAME: message" (e.g. "DIVISION_BY_ZERO: Division by
//   zero", "INVALID_CAST_ARGUMENT: Cannot cast 'abc' to INT"): sqlite3_errmsg then is Athena's error text.
// - Statements other than queries (INSERT, DELETE, CREATE, SHOW, ...) return NOT_SUPPORTED; the Athena service
//   handles DDL before calling this. PRAGMA, ATTACH and other SQLite-only statements are SYNTAX_ERRORs.
SqlTranslation TranslateQuery(std::string_view sql, const GlueCatalog& catalog, std::string_view default_database);

}  // namespace fhl
