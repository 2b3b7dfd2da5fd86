// athena_sql_parser.h: the AST of an Athena (Trino) query and its recursive-descent parser, with Trino's
// syntax-error texts ("mismatched input 'X'. Expecting: ..."). Plain C++; must not depend on SQLite or the catalog.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/athena_sql_lexer.h"

namespace fhl {

struct SqlQuery;

struct SqlPos {
  int line = 1, column = 1;
};

struct SqlWindow {
  std::vector<std::unique_ptr<struct SqlExpr>> partition_by;
  std::vector<struct SqlOrderItem> order_by;
  std::string frame;  // normalized frame clause ("ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW"), or ""
};

struct SqlExpr {
  enum Kind {
    kLiteral,     // lit: see LitKind; text = value
    kColumn,      // parts = qualified name (lower-cased unless quoted: quoted keeps case; compare lower-cased)
    kStar,        // only as count(*) argument
    kUnary,       // op "-", "+", "not"; children[0]
    kBinary,      // op: + - * / % || = <> < <= > >= and or; children[0..1]
    kFunction,    // name (lower-case), children = args, distinct, window (optional), filter (optional)
    kCase,        // has_operand: children[0] operand; then (when, then) pairs; has_else: last child
    kCast,        // children[0]; type_name; is_try
    kInList,      // children[0] IN (children[1..]); negated
    kInSubquery,  // children[0] IN (subquery); negated
    kBetween,     // children[0] BETWEEN children[1] AND children[2]; negated
    kLike,        // children[0] LIKE children[1] [ESCAPE children[2]]; negated
    kIsNull,      // children[0] IS [NOT] NULL; negated
    kIsDistinct,  // children[0] IS [NOT] DISTINCT FROM children[1]; negated = NOT DISTINCT
    kExists,      // EXISTS (subquery)
    kSubquery,    // scalar subquery
    kCurrent,     // current_timestamp / current_date / localtimestamp ... (name)
  };
  enum LitKind { kNull, kBool, kInt, kDecimal, kDouble, kString, kTimestamp, kDate, kInterval };
  Kind kind = kLiteral;
  LitKind lit = kNull;
  SqlPos pos;    // where Trino points for this node (operator for binary comparisons/arithmetic)
  SqlPos start;  // first token of the expression
  size_t begin_offset = 0, end_offset = 0;  // source span [begin, end)
  std::string text;                         // literal value / interval unit
  std::string op;
  std::string name;
  std::vector<std::string> parts;
  std::vector<bool> parts_quoted;
  std::vector<std::unique_ptr<SqlExpr>> children;
  std::unique_ptr<SqlQuery> subquery;
  std::unique_ptr<SqlWindow> window;
  std::unique_ptr<SqlExpr> filter;
  std::string type_name;  // CAST target as written, normalized lower-case ("varchar", "decimal(10,2)")
  bool distinct = false;
  bool negated = false;
  bool is_try = false;
  bool has_operand = false;
  bool has_else = false;
  bool interval_negative = false;
};

struct SqlOrderItem {
  std::unique_ptr<SqlExpr> expr;
  bool desc = false;
  int nulls = 0;  // 0 default, 1 first, 2 last
};

struct SqlSelectItem {
  std::unique_ptr<SqlExpr> expr;  // null for * / t.*
  bool star = false;
  std::vector<std::string> star_qualifier;  // t.* -> {"t"}
  std::string alias;                        // "" = none (lower-cased unless quoted)
  SqlPos pos;
};

struct SqlRelation {
  enum Kind { kTable, kSubquery, kJoin, kValues } kind = kTable;
  SqlPos pos;
  std::vector<std::string> name;  // table name parts (lower-cased)
  std::unique_ptr<SqlQuery> subquery;
  std::string alias;
  std::vector<std::string> column_aliases;
  // join
  std::string join_type;  // "inner", "left", "right", "full", "cross"
  std::unique_ptr<SqlRelation> left, right;
  std::unique_ptr<SqlExpr> on;
  std::vector<std::string> using_columns;
  // VALUES rows
  std::vector<std::vector<std::unique_ptr<SqlExpr>>> rows;
};

struct SqlQueryBody {
  enum Kind { kSelect, kSetOp, kQuery, kValues } kind = kSelect;
  SqlPos pos;
  // select
  bool distinct = false;
  std::vector<SqlSelectItem> items;
  std::unique_ptr<SqlRelation> from;
  std::unique_ptr<SqlExpr> where;
  std::vector<std::unique_ptr<SqlExpr>> group_by;
  std::unique_ptr<SqlExpr> having;
  // set operation
  std::string set_op;  // "union", "intersect", "except"
  bool set_all = false;
  std::unique_ptr<SqlQueryBody> left, right;
  // parenthesized query
  std::unique_ptr<SqlQuery> query;
  // VALUES
  std::vector<std::vector<std::unique_ptr<SqlExpr>>> rows;
};

struct SqlCte {
  std::string name;
  SqlPos pos;
  std::vector<std::string> column_aliases;
  std::unique_ptr<SqlQuery> query;
};

struct SqlQuery {
  SqlPos pos;
  std::vector<SqlCte> with;
  std::unique_ptr<SqlQueryBody> body;
  std::vector<SqlOrderItem> order_by;
  std::unique_ptr<SqlExpr> offset;  // integer literal
  std::unique_ptr<SqlExpr> limit;   // integer literal; null = none (LIMIT ALL)
};

struct SqlParseResult {
  bool ok = false;
  std::unique_ptr<SqlQuery> query;
  std::string error_name;  // SYNTAX_ERROR or NOT_SUPPORTED
  int line = 0, column = 0;
  std::string message;
};

// Parses one query statement with an optional trailing ';'.
SqlParseResult ParseSqlQuery(std::string_view sql);

}  // namespace fhl
