// athena_sql_analyzer.cpp: resolves tables against the Glue catalog and names in scopes, types every expression
// bottom-up (TYPE_MISMATCH, FUNCTION_NOT_FOUND, EXPRESSION_NOT_AGGREGATE, ...) and emits one SQLite SELECT in
// which every identifier is quoted and every value a literal this file produced. Plain C++; no SQLite here.
#include "core/athena_sql_analyzer.h"

#include <algorithm>
#include <cstdlib>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/athena_function_signatures.h"
#include "core/athena_types.h"
#include "core/sim_time.h"

namespace fhl {
namespace {

// [SECTION] helpers

// text between quote characters, the quote doubled inside (SQL's escaping for '...' and "...").
std::string Enclose(std::string_view text, char quote) {
  std::string out(1, quote);
  for (char c : text) {
    if (c == quote) out += quote;
    out += c;
  }
  return out + quote;
}
std::string Quote(std::string_view id) { return Enclose(id, '"'); }
std::string QuoteString(std::string_view s) { return Enclose(s, '\''); }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string Join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out += sep;
    out += v[i];
  }
  return out;
}

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

bool IsBool(const std::string& t) { return t == "boolean" || t == "unknown"; }

// Parses Trino timestamp literal text: yyyy-MM-dd[ HH:mm[:ss[.fff]]] (optionally 'T' separator).
bool ParseTimestampText(std::string_view s, bool date_only, std::string* out) {
  auto digits = [&](size_t pos, size_t n, int* v) {
    if (pos + n > s.size()) return false;
    int x = 0;
    for (size_t i = pos; i < pos + n; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
      x = x * 10 + (s[i] - '0');
    }
    *v = x;
    return true;
  };
  CivilTime c;
  if (!digits(0, 4, &c.year) || s.size() < 10 || s[4] != '-' || !digits(5, 2, &c.month) || s[7] != '-' ||
      !digits(8, 2, &c.day))
    return false;
  size_t p = 10;
  int ms = 0;
  if (!date_only && p < s.size()) {
    if (s[p] != ' ' && s[p] != 'T') return false;
    if (!digits(p + 1, 2, &c.hour) || p + 3 >= s.size() || s[p + 3] != ':' || !digits(p + 4, 2, &c.minute))
      return false;
    p += 6;
    if (p < s.size() && s[p] == ':') {
      if (!digits(p + 1, 2, &c.second)) return false;
      p += 3;
      if (p < s.size() && s[p] == '.') {
        ++p;
        int scale = 100;
        size_t nd = 0;
        while (p < s.size() && std::isdigit(static_cast<unsigned char>(s[p]))) {
          if (nd < 3) ms += (s[p] - '0') * scale;
          scale /= 10;
          ++nd;
          ++p;
        }
        if (nd == 0 || nd > 12) return false;
      }
    }
  }
  if (p != s.size()) return false;
  if (c.month < 1 || c.month > 12 || c.day < 1 || c.day > 31 || c.hour > 23 || c.minute > 59 || c.second > 59)
    return false;
  const TimeUs t = FromCivil(c);
  const CivilTime back = ToCivil(t);
  if (back.day != c.day || back.month != c.month) return false;  // 2026-02-30
  char buf[40];
  if (date_only) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", c.year, c.month, c.day);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d.%03d", c.year, c.month, c.day, c.hour, c.minute,
                  c.second, ms);
  }
  *out = buf;
  return true;
}

// [SECTION] scopes

struct Field {
  std::string name;  // lower-case; "" = anonymous (cannot be referenced)
  std::string type;
  std::string sql;  // reference in the emitted SQL
  bool hidden = false;
};

struct Rel {
  std::vector<std::vector<std::string>> qualifiers;  // names that qualify its columns: {"t"}, {"db","t"}, ...
  std::vector<Field> fields;
};

struct Scope {
  std::vector<Rel> rels;
  const Scope* parent = nullptr;
};

struct OutCol {
  std::string label;  // as Athena shows it
  std::string name;   // lower-case name for references ("" = anonymous)
  std::string type;
  std::string sql;  // the expression's SQL
};

struct QueryOut {
  std::string sql;
  std::vector<OutCol> cols;
};

struct TExpr {
  std::string sql;
  std::string type;
};

// A top-level aggregation being split into a per-chunk partial query and a final query over its results
// (TranslatedQuery::partial_sql). Filled by a second pass over the analyzed expressions.
struct Split {
  std::vector<std::string> group_sqls;    // the GROUP BY expressions' SQL; partial column g<i>
  std::vector<std::string> partial_sqls;  // partial aggregates over the rows of a chunk; partial column p<k>
  bool ok = true;                         // false: an expression cannot be split (the query runs unsplit)
};

struct Ctx {
  const Scope* scope = nullptr;
  Split* split = nullptr;  // set during the split pass: emit the final query's expressions
  const char* clause = nullptr;  // "WHERE clause" ... when aggregates/windows are forbidden
  bool allow_agg = true;
  bool allow_window = true;
  const char* in_agg = nullptr;                  // enclosing aggregate's name
  const std::vector<OutCol>* outputs = nullptr;  // ORDER BY: output names shadow source columns
};

struct CteDef {
  std::string name;
  const SqlCte* cte;
  size_t visible;  // CTEs [0, visible) are visible inside this one
};

// [SECTION] analyzer

class Analyzer {
 public:
  Analyzer(std::string_view sql, const GlueCatalog& catalog, std::string_view db)
      : sql_(sql), catalog_(catalog), default_db_(db.empty() ? "default" : Lower(db)) {}

  SqlTranslation Run(const SqlQuery& q) {
    SqlTranslation t;
    split_allowed_ = q.body->kind == SqlQueryBody::kSelect && q.with.empty();
    if (q.limit && q.limit->text.size() <= 18 && (!q.offset || q.offset->text.size() <= 18)) {
      split_row_limit_ = std::atoll(q.limit->text.c_str()) + (q.offset ? std::atoll(q.offset->text.c_str()) : 0);
    }
    QueryOut out = Query(q, nullptr);
    if (failed_) {
      t.error = error_;
      return t;
    }
    t.ok = true;
    t.query.sqlite_sql = out.sql;
    for (const OutCol& c : out.cols) t.query.columns.push_back(SqlColumnInfo{c.label, ResultTypeName(c.type)});
    t.query.tables = bindings_;
    t.query.partial_sql = partial_sql_;
    t.query.partial_columns = partial_columns_;
    t.query.partial_plan = partial_plan_;
    t.query.partial_group_columns = partial_group_columns_;
    t.query.partial_aggregates = partial_aggregates_;
    return t;
  }

 private:
  bool Fail(const char* name, SqlPos pos, std::string msg) {
    if (failed_) return false;
    failed_ = true;
    error_.name = name;
    error_.line = pos.line;
    error_.column = pos.column;
    error_.message = std::move(msg);
    return false;
  }
  std::string Text(const SqlExpr& e) const {
    if (e.end_offset <= e.begin_offset) return e.text;
    return std::string(sql_.substr(e.begin_offset, e.end_offset - e.begin_offset));
  }
  std::string NewAlias() { return "r" + std::to_string(alias_counter_++); }

  QueryOut Query(const SqlQuery& q, const Scope* parent);
  QueryOut Body(const SqlQueryBody& b, const Scope* parent, const std::vector<SqlOrderItem>* order_by);
  QueryOut Select(const SqlQueryBody& b, const Scope* parent, const std::vector<SqlOrderItem>* order_by);
  QueryOut Values(const std::vector<std::vector<std::unique_ptr<SqlExpr>>>& rows, SqlPos pos, const Scope* parent);
  bool Relation(const SqlRelation& r, Scope* scope, std::string* sql);
  bool NamedRelation(const SqlRelation& r, Scope* scope, std::string* sql);
  bool SubqueryRelation(const SqlQuery& q, const std::string& alias, const std::vector<std::string>& col_aliases,
                        SqlPos pos, const std::string& default_name, Scope* scope, std::string* sql);
  std::string OrderSql(const std::vector<SqlOrderItem>& items, Ctx& ctx);

  TExpr Tx(const SqlExpr& e, Ctx& ctx);
  TExpr SplitTx(const SqlExpr& e, Ctx& ctx);
  TExpr SplitAggregate(const SqlExpr& e, const AthenaFunctionSig& sig, Split& split);
  bool SplitSelect(const SqlQueryBody& b, const Scope& scope, const std::string& from_sql,
                   const std::string& where_sql, const std::vector<std::string>& group_sqls,
                   const std::vector<const SqlExpr*>& item_exprs, const std::vector<const SqlOrderItem*>& order_exprs,
                   std::vector<std::string> order_terms, QueryOut* out);
  bool SplitTopN(const SqlQueryBody& b, const std::string& from_sql, const std::string& where_sql,
                 const std::vector<const SqlExpr*>& item_exprs, const std::vector<const SqlOrderItem*>& order_exprs,
                 const std::vector<std::string>& order_terms, QueryOut* out);
  bool SplitsOverOneTable(const SqlQueryBody& b, const std::string& from_sql,
                          const std::vector<const SqlOrderItem*>& order_exprs) const;
  TExpr TxInner(const SqlExpr& e, Ctx& ctx);
  TExpr Column(const SqlExpr& e, Ctx& ctx);
  TExpr Literal(const SqlExpr& e);
  TExpr Binary(const SqlExpr& e, Ctx& ctx);
  TExpr Function(const SqlExpr& e, Ctx& ctx);
  TExpr Case(const SqlExpr& e, Ctx& ctx);
  TExpr Cast(const SqlExpr& e, Ctx& ctx);
  QueryOut Subquery(const SqlQuery& q, Ctx& ctx);
  bool Comparable(const TExpr& a, const TExpr& b, const std::string& op, SqlPos pos, std::string* common);
  std::string Coerce(const TExpr& x, const std::string& target) const;
  bool CheckAggregation(const SqlExpr& e, const std::set<std::string>& groups);
  void FindAggregate(const SqlExpr& e, bool want_window, const SqlExpr** found) const;

  std::string_view sql_;
  const GlueCatalog& catalog_;
  std::string default_db_;
  std::vector<SqlTableBinding> bindings_;
  std::vector<CteDef> ctes_;
  int alias_counter_ = 0;
  int agg_count_ = 0;  // aggregates seen in the current SELECT
  bool failed_ = false;
  SqlError error_;
  std::unordered_map<const SqlExpr*, std::string> node_sql_;
  std::unordered_map<const SqlExpr*, std::string> node_type_;
  bool split_allowed_ = false;  // the next Select is the statement's top-level SELECT
  long long split_row_limit_ = -1;  // the top-level LIMIT + OFFSET (-1: none)
  std::string partial_sql_;
  std::vector<std::string> partial_columns_;
  bool partial_plan_ = false;  // see TranslatedQuery::partial_plan
  std::vector<int> partial_group_columns_;
  std::vector<PartialAggregate> partial_aggregates_;
  std::unordered_set<const SqlExpr*> free_nodes_;  // resolved outside the FROM scope or to an output: always ok
  std::unordered_set<const SqlExpr*> agg_nodes_;
};

#define FHL_CHECK(x) \
  if (failed_) return x

// [SECTION] queries

QueryOut Analyzer::Query(const SqlQuery& q, const Scope* parent) {
  const size_t cte_mark = ctes_.size();
  for (const SqlCte& c : q.with) {
    for (size_t i = cte_mark; i < ctes_.size(); ++i) {
      if (ctes_[i].name == Lower(c.name)) {
        Fail("DUPLICATE_NAMED_QUERY", c.pos, "WITH query name '" + Lower(c.name) + "' specified more than once");
        return {};
      }
    }
    ctes_.push_back(CteDef{Lower(c.name), &c, ctes_.size()});
  }
  QueryOut out;
  if (q.body->kind == SqlQueryBody::kSelect) {
    out = Select(*q.body, parent, &q.order_by);
  } else {
    out = Body(*q.body, parent, nullptr);
    FHL_CHECK({});
    if (!q.order_by.empty()) {
      // ORDER BY over a set operation / VALUES / parenthesized query: output columns only.
      Scope scope;
      Rel rel;
      for (size_t i = 0; i < out.cols.size(); ++i) {
        rel.fields.push_back(Field{out.cols[i].name, out.cols[i].type, Quote("c" + std::to_string(i))});
      }
      scope.rels.push_back(rel);
      Ctx ctx;
      ctx.scope = &scope;
      ctx.allow_agg = false;
      ctx.clause = "ORDER BY clause";
      std::vector<std::string> terms;
      for (const SqlOrderItem& item : q.order_by) {
        std::string term;
        if (item.expr->kind == SqlExpr::kLiteral && item.expr->lit == SqlExpr::kInt) {
          const long long k = std::atoll(item.expr->text.c_str());
          if (k < 1 || k > static_cast<long long>(out.cols.size())) {
            Fail("INVALID_COLUMN_REFERENCE", item.expr->start,
                 "ORDER BY position " + item.expr->text + " is not in select list");
            return {};
          }
          term = Quote("c" + std::to_string(k - 1));
        } else {
          TExpr t = Tx(*item.expr, ctx);
          FHL_CHECK({});
          term = t.sql;
        }
        term += item.desc ? " DESC" : " ASC";
        term += item.nulls == 1 ? " NULLS FIRST" : " NULLS LAST";
        terms.push_back(term);
      }
      const bool needs_wrap = q.body->kind != SqlQueryBody::kSetOp;
      out.sql = needs_wrap ? "SELECT * FROM (" + out.sql + ")" : out.sql;
      out.sql += " ORDER BY " + Join(terms, ", ");
    }
  }
  FHL_CHECK({});
  if (q.limit || q.offset) {
    if (q.limit) {
      if (q.limit->text.size() > 18) {
        Fail("SYNTAX_ERROR", q.limit->start, "Invalid numeric literal: " + q.limit->text);
        return {};
      }
      out.sql += " LIMIT " + q.limit->text;
    } else {
      out.sql += " LIMIT -1";
    }
    if (q.offset) {
      if (q.offset->text.size() > 18) {
        Fail("SYNTAX_ERROR", q.offset->start, "Invalid numeric literal: " + q.offset->text);
        return {};
      }
      out.sql += " OFFSET " + q.offset->text;
    }
  }
  ctes_.resize(cte_mark);
  return out;
}

QueryOut Analyzer::Body(const SqlQueryBody& b, const Scope* parent, const std::vector<SqlOrderItem>* order_by) {
  switch (b.kind) {
    case SqlQueryBody::kSelect:
      return Select(b, parent, order_by);
    case SqlQueryBody::kQuery:
      return Query(*b.query, parent);
    case SqlQueryBody::kValues:
      return Values(b.rows, b.pos, parent);
    case SqlQueryBody::kSetOp:
      break;
  }
  QueryOut left = Body(*b.left, parent, nullptr);
  FHL_CHECK({});
  QueryOut right = Body(*b.right, parent, nullptr);
  FHL_CHECK({});
  std::string op_upper = Lower(b.set_op);
  for (char& c : op_upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (left.cols.size() != right.cols.size()) {
    Fail("TYPE_MISMATCH", b.pos,
         op_upper + " query has different number of fields: " + std::to_string(left.cols.size()) + ", " +
             std::to_string(right.cols.size()));
    return {};
  }
  QueryOut out;
  out.cols = left.cols;
  for (size_t i = 0; i < left.cols.size(); ++i) {
    auto common = CommonSuperType(left.cols[i].type, right.cols[i].type);
    if (!common) {
      Fail("TYPE_MISMATCH", b.pos,
           "column " + std::to_string(i + 1) + " in " + op_upper +
               " query has incompatible types: " + left.cols[i].type + ", " + right.cols[i].type);
      return {};
    }
    out.cols[i].type = *common;
  }
  auto arm = [](const SqlQueryBody& body, const QueryOut& o, bool is_right) {
    const bool plain = body.kind == SqlQueryBody::kSelect || body.kind == SqlQueryBody::kValues ||
                       (body.kind == SqlQueryBody::kSetOp && !is_right);
    return plain ? o.sql : "SELECT * FROM (" + o.sql + ")";
  };
  out.sql = arm(*b.left, left, false) + " " + op_upper + (b.set_all ? " ALL " : " ") + arm(*b.right, right, true);
  return out;
}

QueryOut Analyzer::Values(const std::vector<std::vector<std::unique_ptr<SqlExpr>>>& rows, SqlPos pos,
                          const Scope* parent) {
  QueryOut out;
  Scope scope;
  scope.parent = parent;
  Ctx ctx;
  ctx.scope = &scope;
  ctx.clause = "VALUES";
  ctx.allow_agg = false;
  ctx.allow_window = false;
  std::vector<std::string> row_sqls;
  for (size_t r = 0; r < rows.size(); ++r) {
    if (r > 0 && rows[r].size() != rows[0].size()) {
      Fail("TYPE_MISMATCH", rows[r][0]->start,
           "Values rows have mismatched sizes: " + std::to_string(rows[0].size()) + " vs " +
               std::to_string(rows[r].size()));
      return {};
    }
    std::vector<std::string> vals;
    for (size_t c = 0; c < rows[r].size(); ++c) {
      TExpr t = Tx(*rows[r][c], ctx);
      FHL_CHECK({});
      if (r == 0) {
        out.cols.push_back(OutCol{"_col" + std::to_string(c), "", t.type, ""});
      } else {
        auto common = CommonSuperType(out.cols[c].type, t.type);
        if (!common) {
          Fail("TYPE_MISMATCH", rows[r][c]->start,
               "Values rows have mismatched types: " + out.cols[c].type + " vs " + t.type);
          return {};
        }
        out.cols[c].type = *common;
      }
      vals.push_back(t.sql);
    }
    row_sqls.push_back("(" + Join(vals, ", ") + ")");
  }
  std::vector<std::string> sel;
  for (size_t c = 0; c < out.cols.size(); ++c) {
    sel.push_back(Quote("column" + std::to_string(c + 1)) + " AS " + Quote("c" + std::to_string(c)));
  }
  out.sql = "SELECT " + Join(sel, ", ") + " FROM (VALUES " + Join(row_sqls, ", ") + ")";
  (void)pos;
  return out;
}

QueryOut Analyzer::Select(const SqlQueryBody& b, const Scope* parent, const std::vector<SqlOrderItem>* order_by) {
  const bool top_level = split_allowed_;
  split_allowed_ = false;
  const int saved_agg = agg_count_;
  agg_count_ = 0;
  Scope scope;
  scope.parent = parent;
  std::string from_sql;
  if (b.from) {
    if (!Relation(*b.from, &scope, &from_sql)) return {};
  }
  std::string where_sql;
  if (b.where) {
    Ctx ctx;
    ctx.scope = &scope;
    ctx.clause = "WHERE clause";
    ctx.allow_agg = false;
    ctx.allow_window = false;
    TExpr w = Tx(*b.where, ctx);
    FHL_CHECK({});
    if (!IsBool(w.type)) {
      Fail("TYPE_MISMATCH", b.where->start, "WHERE clause must evaluate to a boolean: actual type " + w.type);
      return {};
    }
    where_sql = w.sql;
  }
  // Select list.
  QueryOut out;
  std::vector<const SqlExpr*> item_exprs;  // per output column; nullptr for * fields
  std::vector<SqlPos> item_pos;
  Ctx sctx;
  sctx.scope = &scope;
  for (const SqlSelectItem& item : b.items) {
    if (item.star) {
      bool matched = false;
      for (const Rel& rel : scope.rels) {
        if (!item.star_qualifier.empty()) {
          std::vector<std::string> q;
          for (const std::string& p : item.star_qualifier) q.push_back(Lower(p));
          bool ok = false;
          for (const auto& qual : rel.qualifiers) ok = ok || qual == q;
          if (!ok) continue;
        }
        matched = true;
        for (const Field& f : rel.fields) {
          if (f.hidden) continue;
          out.cols.push_back(
              OutCol{f.name.empty() ? "_col" + std::to_string(out.cols.size()) : f.name, f.name, f.type, f.sql});
          item_exprs.push_back(nullptr);
          item_pos.push_back(item.pos);
        }
      }
      if (!item.star_qualifier.empty() && !matched) {
        Fail("TABLE_NOT_FOUND", item.pos, "Unable to resolve reference " + Join(item.star_qualifier, "."));
        return {};
      }
      if (item.star_qualifier.empty() && scope.rels.empty()) {
        Fail("COLUMN_NOT_FOUND", item.pos, "SELECT * not allowed in queries without FROM clause");
        return {};
      }
      continue;
    }
    TExpr t = Tx(*item.expr, sctx);
    FHL_CHECK({});
    OutCol col;
    col.type = t.type;
    col.sql = t.sql;
    if (!item.alias.empty()) {
      col.label = item.alias;
      col.name = Lower(item.alias);
    } else if (item.expr->kind == SqlExpr::kColumn) {
      col.name = Lower(item.expr->parts.back());
      col.label = col.name;
    } else {
      col.label = "_col" + std::to_string(out.cols.size());
    }
    out.cols.push_back(col);
    item_exprs.push_back(item.expr.get());
    item_pos.push_back(item.pos);
  }
  // GROUP BY.
  std::set<std::string> groups;
  std::vector<std::string> group_sqls;
  for (const auto& g : b.group_by) {
    std::string gsql;
    if (g->kind == SqlExpr::kLiteral && g->lit == SqlExpr::kInt) {
      const long long k = std::atoll(g->text.c_str());
      if (k < 1 || k > static_cast<long long>(out.cols.size())) {
        Fail("INVALID_COLUMN_REFERENCE", g->start, "GROUP BY position " + g->text + " is not in select list");
        return {};
      }
      const SqlExpr* src = item_exprs[k - 1];
      if (src) {
        const SqlExpr* found = nullptr;
        FindAggregate(*src, false, &found);
        if (!found) FindAggregate(*src, true, &found);
        if (found) {
          Fail("EXPRESSION_NOT_SCALAR", g->start,
               "GROUP BY clause cannot contain aggregations, window functions or grouping operations: [" +
                   Text(*found) + "]");
          return {};
        }
      }
      gsql = out.cols[k - 1].sql;
    } else {
      Ctx gctx;
      gctx.scope = &scope;
      gctx.clause = "GROUP BY clause";
      gctx.allow_agg = false;
      gctx.allow_window = false;
      TExpr t = Tx(*g, gctx);
      FHL_CHECK({});
      gsql = t.sql;
    }
    if (groups.insert(gsql).second) group_sqls.push_back(gsql);
  }
  // HAVING.
  std::string having_sql;
  if (b.having) {
    Ctx hctx;
    hctx.scope = &scope;
    hctx.allow_window = false;
    hctx.clause = "HAVING clause";
    TExpr h = Tx(*b.having, hctx);
    FHL_CHECK({});
    if (!IsBool(h.type)) {
      Fail("TYPE_MISMATCH", b.having->start, "HAVING clause must evaluate to a boolean: actual type " + h.type);
      return {};
    }
    having_sql = h.sql;
  }
  // ORDER BY: ordinals and output names first, then expressions over the source (output names shadow columns).
  std::vector<std::string> order_terms;
  std::vector<const SqlOrderItem*> order_exprs;  // per term: the item when the term is an expression, else nullptr
  std::vector<const SqlExpr*> order_checked;
  if (order_by) {
    for (const SqlOrderItem& item : *order_by) {
      const SqlExpr& e = *item.expr;
      std::string term;
      if (e.kind == SqlExpr::kLiteral && e.lit == SqlExpr::kInt) {
        const long long k = std::atoll(e.text.c_str());
        if (k < 1 || k > static_cast<long long>(out.cols.size())) {
          Fail("INVALID_COLUMN_REFERENCE", e.start, "ORDER BY position " + e.text + " is not in select list");
          return {};
        }
        term = Quote("c" + std::to_string(k - 1));
      } else {
        int match = -1;
        if (e.kind == SqlExpr::kColumn && e.parts.size() == 1) {
          for (size_t i = 0; i < out.cols.size(); ++i) {
            if (!out.cols[i].name.empty() && out.cols[i].name == Lower(e.parts[0])) {
              match = static_cast<int>(i);
              break;
            }
          }
        }
        if (match >= 0) {
          term = Quote("c" + std::to_string(match));
        } else {
          Ctx octx;
          octx.scope = &scope;
          octx.outputs = &out.cols;
          TExpr t = Tx(e, octx);
          FHL_CHECK({});
          for (size_t i = 0; i < out.cols.size() && match < 0; ++i) {
            if (out.cols[i].sql == t.sql) match = static_cast<int>(i);
          }
          if (match >= 0) {
            term = Quote("c" + std::to_string(match));
          } else {
            if (b.distinct) {
              Fail("EXPRESSION_NOT_IN_DISTINCT", e.start,
                   "For SELECT DISTINCT, ORDER BY expressions must appear in select list");
              return {};
            }
            term = t.sql;
            order_checked.push_back(&e);
          }
        }
      }
      order_exprs.push_back(term.rfind("\"c", 0) == 0 ? nullptr : &item);
      term += item.desc ? " DESC" : " ASC";
      term += item.nulls == 1 ? " NULLS FIRST" : " NULLS LAST";
      order_terms.push_back(term);
    }
  }
  // Aggregation rules: every column outside an aggregate must be a GROUP BY expression.
  const bool is_aggregation = !b.group_by.empty() || agg_count_ > 0;
  if (is_aggregation) {
    for (size_t i = 0; i < out.cols.size(); ++i) {
      if (item_exprs[i]) {
        if (!CheckAggregation(*item_exprs[i], groups)) return {};
      } else if (!groups.count(out.cols[i].sql)) {
        Fail("EXPRESSION_NOT_AGGREGATE", item_pos[i],
             "'" + out.cols[i].name + "' must be an aggregate expression or appear in GROUP BY clause");
        return {};
      }
    }
    if (b.having && !CheckAggregation(*b.having, groups)) return {};
    for (const SqlExpr* e : order_checked) {
      if (!CheckAggregation(*e, groups)) return {};
    }
  }
  agg_count_ = saved_agg;
  if (top_level && is_aggregation &&
      SplitSelect(b, scope, from_sql, where_sql, group_sqls, item_exprs, order_exprs, order_terms, &out)) {
    return out;
  }
  if (top_level && !is_aggregation && !b.distinct && !order_terms.empty() &&
      SplitTopN(b, from_sql, where_sql, item_exprs, order_exprs, order_terms, &out)) {
    return out;
  }
  // Emit.
  std::vector<std::string> sel;
  for (size_t i = 0; i < out.cols.size(); ++i) sel.push_back(out.cols[i].sql + " AS " + Quote("c" + std::to_string(i)));
  std::string s = std::string("SELECT ") + (b.distinct ? "DISTINCT " : "") + Join(sel, ", ");
  if (!from_sql.empty()) s += " FROM " + from_sql;
  if (!where_sql.empty()) s += " WHERE " + where_sql;
  if (!group_sqls.empty()) s += " GROUP BY " + Join(group_sqls, ", ");
  if (!having_sql.empty()) s += " HAVING " + having_sql;
  if (!order_terms.empty()) s += " ORDER BY " + Join(order_terms, ", ");
  out.sql = s;
  return out;
}

bool Analyzer::CheckAggregation(const SqlExpr& e, const std::set<std::string>& groups) {
  auto it = node_sql_.find(&e);
  if (it != node_sql_.end() && groups.count(it->second)) return true;
  if (free_nodes_.count(&e)) return true;
  switch (e.kind) {
    case SqlExpr::kColumn:
      return Fail("EXPRESSION_NOT_AGGREGATE", e.start,
                  "'" + Text(e) + "' must be an aggregate expression or appear in GROUP BY clause");
    case SqlExpr::kLiteral:
    case SqlExpr::kStar:
    case SqlExpr::kCurrent:
    case SqlExpr::kExists:
    case SqlExpr::kSubquery:
      return true;
    case SqlExpr::kFunction:
      if (agg_nodes_.count(&e) && !e.window) return true;
      break;
    default:
      break;
  }
  for (const auto& c : e.children) {
    if (c && !CheckAggregation(*c, groups)) return false;
  }
  if (e.window) {
    for (const auto& p : e.window->partition_by) {
      if (!CheckAggregation(*p, groups)) return false;
    }
    for (const auto& o : e.window->order_by) {
      if (!CheckAggregation(*o.expr, groups)) return false;
    }
  }
  return true;
}

// [SECTION] split aggregation

// The split pass: expressions as the final query sees them. A GROUP BY expression outside an aggregate becomes
// its partial column; aggregates become combiners (SplitAggregate). Uses the first pass's node_sql_/node_type_.
TExpr Analyzer::SplitTx(const SqlExpr& e, Ctx& ctx) {
  Split& split = *ctx.split;
  if (!ctx.in_agg) {
    auto it = node_sql_.find(&e);
    if (it != node_sql_.end()) {
      for (size_t i = 0; i < split.group_sqls.size(); ++i) {
        if (split.group_sqls[i] == it->second) return {Quote("g" + std::to_string(i)), node_type_[&e]};
      }
    }
    const bool from_row = e.kind == SqlExpr::kColumn && !free_nodes_.count(&e);  // a row value in the final query
    if (from_row || e.window) {
      split.ok = false;
      return {"NULL", node_type_[&e]};
    }
  }
  return TxInner(e, ctx);
}

// Whether e holds a subquery (which would read the chunked table whole, or be run once per chunk).
bool HasSubquery(const SqlExpr& e) {
  if (e.subquery) return true;
  for (const auto& c : e.children) {
    if (c && HasSubquery(*c)) return true;
  }
  if (e.filter && HasSubquery(*e.filter)) return true;
  if (e.window) {
    for (const auto& p : e.window->partition_by) {
      if (HasSubquery(*p)) return true;
    }
    for (const auto& o : e.window->order_by) {
      if (HasSubquery(*o.expr)) return true;
    }
  }
  return false;
}

// An aggregate of the final query: its partial aggregate(s) over a chunk's rows, combined over the chunks.
TExpr Analyzer::SplitAggregate(const SqlExpr& e, const AthenaFunctionSig& sig, Split& split) {
  const std::string whole = node_sql_[&e];  // the aggregate as the first pass emitted it (FILTER included)
  const std::string type = node_type_[&e];
  auto partial = [&split](std::string sql) {
    split.partial_sqls.push_back(std::move(sql));
    return Quote("p" + std::to_string(split.partial_sqls.size() - 1));
  };
  auto arg = [&](size_t i) { return i < e.children.size() ? node_sql_[e.children[i].get()] : std::string(); };
  const std::string filter = e.filter ? " FILTER (WHERE " + node_sql_[e.filter.get()] + ")" : "";
  const std::string emit = sig.emit;
  if (e.distinct && emit != "min" && emit != "max") {
    split.ok = false;
  } else if (emit == "count" || emit == "#count_if") {
    return {"coalesce(sum(" + partial(whole) + "), 0)", type};
  } else if (emit == "sum" || emit == "min" || emit == "max" || emit == "athena_arbitrary") {
    return {emit + "(" + partial(whole) + ")", type};
  } else if ((emit == "athena_max_by" || emit == "athena_min_by") && e.children.size() == 2) {
    // (value at the chunk's extreme key, that key) as one pair: the extreme over the chunks picks the value.
    const std::string pair = partial(emit + "_pair(" + arg(0) + ", " + arg(1) + ")" + filter);
    return {emit + "(athena_pair_value(" + pair + "), athena_pair_key(" + pair + "))", type};
  } else if (emit == "avg") {
    const std::string sum = partial("sum(" + arg(0) + ")" + filter);
    const std::string count = partial("count(" + arg(0) + ")" + filter);
    return {"(sum(" + sum + ") * 1.0 / sum(" + count + "))", type};
  } else {
    split.ok = false;  // approx_distinct, approx_percentile, stddev, variance, ... need every row at once
  }
  return {"NULL", type};
}

// Whether every partial column is plain (TranslatedQuery::partial_plan): each group SQL exactly a column's
// reference (not a floating-point one: SQLite groups NaN as NULL) and each partial SQL exactly op(column) as
// SplitAggregate emits it. `fields` are the table's, in its virtual table's column order.
bool PlainPartials(const std::vector<Field>& fields, const Split& split, std::vector<int>* group_columns,
                   std::vector<PartialAggregate>* aggregates) {
  group_columns->clear();
  aggregates->clear();
  auto column_of = [&fields](const std::string& sql) {
    for (size_t k = 0; k < fields.size(); ++k) {
      if (fields[k].sql == sql) return static_cast<int>(k);
    }
    return -1;
  };
  for (const std::string& g : split.group_sqls) {
    const int k = column_of(g);
    const std::string base = k < 0 ? "" : AthenaBaseType(fields[k].type);
    if (k < 0 || base == "double" || base == "real" || base == "decimal") return false;
    group_columns->push_back(k);
  }
  static const std::pair<const char*, PartialAggregate::Op> kOne[] = {
      {"count", PartialAggregate::kCount}, {"sum", PartialAggregate::kSum},
      {"min", PartialAggregate::kMin},     {"max", PartialAggregate::kMax},
      {"athena_arbitrary", PartialAggregate::kArbitrary}};
  static const std::pair<const char*, PartialAggregate::Op> kPairs[] = {
      {"athena_max_by_pair", PartialAggregate::kMaxByPair}, {"athena_min_by_pair", PartialAggregate::kMinByPair}};
  for (const std::string& p : split.partial_sqls) {
    PartialAggregate a;
    bool found = p == "count(*)";
    for (const auto& [name, op] : kOne) {
      for (size_t k = 0; k < fields.size() && !found; ++k) {
        if (p == std::string(name) + "(" + fields[k].sql + ")") {
          a.op = op;
          a.column = static_cast<int>(k);
          found = true;
        }
      }
    }
    for (const auto& [name, op] : kPairs) {
      for (size_t k = 0; k < fields.size() && !found; ++k) {
        const std::string head = std::string(name) + "(" + fields[k].sql + ", ";
        if (p.rfind(head, 0) != 0) continue;
        const int key = column_of(p.substr(head.size(), p.size() - head.size() - 1));
        if (key >= 0 && p.back() == ')') {
          a.op = op;
          a.column = static_cast<int>(k);
          a.key_column = key;
          found = true;
        }
      }
    }
    if (!found) return false;
    aggregates->push_back(a);
  }
  return true;
}

// Splits the top-level aggregation when it reads one table and every expression splits: out->sql becomes the
// final query and partial_sql_ the per-chunk one. Returns false (nothing changed) otherwise.
bool Analyzer::SplitSelect(const SqlQueryBody& b, const Scope& scope, const std::string& from_sql,
                           const std::string& where_sql, const std::vector<std::string>& group_sqls,
                           const std::vector<const SqlExpr*>& item_exprs,
                           const std::vector<const SqlOrderItem*>& order_exprs, std::vector<std::string> order_terms,
                           QueryOut* out) {
  if (!SplitsOverOneTable(b, from_sql, order_exprs)) return false;
  Split split;
  split.group_sqls = group_sqls;
  const bool failed_before = failed_;
  Ctx ctx;
  ctx.scope = &scope;
  ctx.split = &split;
  std::vector<OutCol> cols = out->cols;
  for (size_t i = 0; i < cols.size(); ++i) {
    if (item_exprs[i]) {
      cols[i].sql = Tx(*item_exprs[i], ctx).sql;
    } else {  // a * field: valid here only as a GROUP BY expression
      auto g = std::find(group_sqls.begin(), group_sqls.end(), cols[i].sql);
      if (g == group_sqls.end()) return false;
      cols[i].sql = Quote("g" + std::to_string(g - group_sqls.begin()));
    }
  }
  std::string having_sql;
  if (b.having) having_sql = Tx(*b.having, ctx).sql;
  for (size_t k = 0; k < order_exprs.size(); ++k) {  // terms naming an output ("c<i>") stay as they are
    if (const SqlOrderItem* item = order_exprs[k]) {
      Ctx octx = ctx;
      octx.outputs = &cols;
      order_terms[k] = Tx(*item->expr, octx).sql + (item->desc ? " DESC" : " ASC") +
                       (item->nulls == 1 ? " NULLS FIRST" : " NULLS LAST");
    }
  }
  if (failed_ && !failed_before) {  // cannot happen after a successful first pass; run unsplit if it does
    failed_ = false;
    error_ = SqlError{};
    return false;
  }
  if (!split.ok || (split.group_sqls.empty() && split.partial_sqls.empty())) return false;

  std::vector<std::string> partial_sel;
  partial_columns_.clear();
  for (size_t i = 0; i < split.group_sqls.size(); ++i) {
    partial_columns_.push_back("g" + std::to_string(i));
    partial_sel.push_back(split.group_sqls[i] + " AS " + Quote(partial_columns_.back()));
  }
  for (size_t i = 0; i < split.partial_sqls.size(); ++i) {
    partial_columns_.push_back("p" + std::to_string(i));
    partial_sel.push_back(split.partial_sqls[i] + " AS " + Quote(partial_columns_.back()));
  }
  partial_sql_ = "SELECT " + Join(partial_sel, ", ") + " FROM " + from_sql;
  if (!where_sql.empty()) partial_sql_ += " WHERE " + where_sql;
  if (!group_sqls.empty()) partial_sql_ += " GROUP BY " + Join(group_sqls, ", ");
  partial_plan_ = where_sql.empty() && scope.rels.size() == 1 &&
                  PlainPartials(scope.rels[0].fields, split, &partial_group_columns_, &partial_aggregates_);

  std::vector<std::string> sel;
  for (size_t i = 0; i < cols.size(); ++i) sel.push_back(cols[i].sql + " AS " + Quote("c" + std::to_string(i)));
  std::string s = std::string("SELECT ") + (b.distinct ? "DISTINCT " : "") + Join(sel, ", ") + " FROM " +
                  Quote(kPartialsTable);
  if (!group_sqls.empty()) {
    std::vector<std::string> keys;
    for (size_t i = 0; i < group_sqls.size(); ++i) keys.push_back(Quote("g" + std::to_string(i)));
    s += " GROUP BY " + Join(keys, ", ");
  }
  if (!having_sql.empty()) s += " HAVING " + having_sql;
  if (!order_terms.empty()) s += " ORDER BY " + Join(order_terms, ", ");
  out->sql = s;
  return true;
}

// Whether the SELECT reads exactly one table, directly, with no subquery anywhere (a subquery would read the
// chunked table whole, or run once per chunk).
bool Analyzer::SplitsOverOneTable(const SqlQueryBody& b, const std::string& from_sql,
                                  const std::vector<const SqlOrderItem*>& order_exprs) const {
  if (bindings_.size() != 1 || !b.from || b.from->kind != SqlRelation::kTable ||
      from_sql.rfind(Quote(bindings_[0].sqlite_name) + " AS ", 0) != 0) {
    return false;
  }
  std::vector<const SqlExpr*> all{b.where.get(), b.having.get()};
  for (const auto& g : b.group_by) all.push_back(g.get());
  for (const SqlSelectItem& item : b.items) all.push_back(item.expr.get());
  for (const SqlOrderItem* item : order_exprs) all.push_back(item ? item->expr.get() : nullptr);
  for (const SqlExpr* e : all) {
    if (e && HasSubquery(*e)) return false;
  }
  return true;
}

// Splits a top-level `SELECT ... ORDER BY ... LIMIT n` without aggregation: each chunk keeps its own first n
// rows in that order (partial columns c<i> = the outputs, o<k> = ORDER BY expressions that are not outputs), and
// the final query orders those. Only for small limits: the partial rows are held until the final query.
bool Analyzer::SplitTopN(const SqlQueryBody& b, const std::string& from_sql, const std::string& where_sql,
                         const std::vector<const SqlExpr*>& item_exprs,
                         const std::vector<const SqlOrderItem*>& order_exprs,
                         const std::vector<std::string>& order_terms, QueryOut* out) {
  constexpr long long kMaxSplitLimit = 10000;
  if (split_row_limit_ < 0 || split_row_limit_ > kMaxSplitLimit) return false;
  if (!SplitsOverOneTable(b, from_sql, order_exprs)) return false;
  std::vector<const SqlExpr*> exprs = item_exprs;
  for (const SqlOrderItem* item : order_exprs) exprs.push_back(item ? item->expr.get() : nullptr);
  for (const SqlExpr* e : exprs) {
    const SqlExpr* window = nullptr;
    if (e) FindAggregate(*e, true, &window);
    if (window) return false;
  }
  std::vector<std::string> partial_sel;
  std::vector<std::string> final_sel;
  partial_columns_.clear();
  for (size_t i = 0; i < out->cols.size(); ++i) {
    const std::string c = "c" + std::to_string(i);
    partial_columns_.push_back(c);
    partial_sel.push_back(out->cols[i].sql + " AS " + Quote(c));
    final_sel.push_back(Quote(c) + " AS " + Quote(c));
  }
  std::vector<std::string> final_terms = order_terms;
  for (size_t k = 0; k < order_exprs.size(); ++k) {
    const SqlOrderItem* item = order_exprs[k];
    if (!item) continue;
    const std::string o = "o" + std::to_string(k);
    partial_columns_.push_back(o);
    partial_sel.push_back(node_sql_[item->expr.get()] + " AS " + Quote(o));
    final_terms[k] = Quote(o) + (item->desc ? " DESC" : " ASC") + (item->nulls == 1 ? " NULLS FIRST" : " NULLS LAST");
  }
  partial_sql_ = "SELECT " + Join(partial_sel, ", ") + " FROM " + from_sql;
  if (!where_sql.empty()) partial_sql_ += " WHERE " + where_sql;
  partial_sql_ += " ORDER BY " + Join(order_terms, ", ") + " LIMIT " + std::to_string(split_row_limit_);
  partial_plan_ = false;
  out->sql = "SELECT " + Join(final_sel, ", ") + " FROM " + Quote(kPartialsTable) + " ORDER BY " +
             Join(final_terms, ", ");
  return true;
}

void Analyzer::FindAggregate(const SqlExpr& e, bool want_window, const SqlExpr** found) const {
  if (*found) return;
  if (e.kind == SqlExpr::kFunction) {
    const AthenaFunctionSig* sig = FindAthenaFunction(e.name);
    if (want_window ? (e.window != nullptr) : (sig && sig->kind == AthenaFunctionSig::kAggregate && !e.window)) {
      *found = &e;
      return;
    }
  }
  for (const auto& c : e.children) {
    if (c) FindAggregate(*c, want_window, found);
  }
}

// [SECTION] relations

bool Analyzer::Relation(const SqlRelation& r, Scope* scope, std::string* sql) {
  switch (r.kind) {
    case SqlRelation::kTable:
      return NamedRelation(r, scope, sql);
    case SqlRelation::kSubquery:
      return SubqueryRelation(*r.subquery, r.alias, r.column_aliases, r.pos, "", scope, sql);
    case SqlRelation::kValues:
      return Fail("NOT_SUPPORTED", r.pos, "VALUES in FROM is not supported by this sandbox");
    case SqlRelation::kJoin:
      break;
  }
  std::string left_sql, right_sql;
  if (!Relation(*r.left, scope, &left_sql)) return false;
  const size_t left_rels = scope->rels.size();
  if (!Relation(*r.right, scope, &right_sql)) return false;
  if (r.right->kind == SqlRelation::kJoin) right_sql = "(" + right_sql + ")";
  std::string kw = r.join_type == "cross"   ? "CROSS JOIN"
                   : r.join_type == "left"  ? "LEFT JOIN"
                   : r.join_type == "right" ? "RIGHT JOIN"
                   : r.join_type == "full"  ? "FULL JOIN"
                                            : "JOIN";
  *sql = left_sql + " " + kw + " " + right_sql;
  if (r.on) {
    Ctx ctx;
    ctx.scope = scope;
    ctx.clause = "JOIN clause";
    ctx.allow_agg = false;
    ctx.allow_window = false;
    TExpr on = Tx(*r.on, ctx);
    if (failed_) return false;
    if (!IsBool(on.type)) {
      return Fail("TYPE_MISMATCH", r.on->start, "JOIN ON clause must evaluate to a boolean: actual type " + on.type);
    }
    *sql += " ON " + on.sql;
  } else if (!r.using_columns.empty()) {
    std::vector<std::string> conds;
    for (const std::string& col : r.using_columns) {
      const std::string name = Lower(col);
      const Field* lf = nullptr;
      const Field* rf = nullptr;
      for (size_t i = 0; i < scope->rels.size(); ++i) {
        for (const Field& f : scope->rels[i].fields) {
          if (f.name != name) continue;
          if (i < left_rels && !lf) lf = &f;
          if (i >= left_rels && !rf) rf = &f;
        }
      }
      if (!lf || !rf) {
        return Fail("COLUMN_NOT_FOUND", r.pos,
                    "Column '" + name + "' is missing from " + (lf ? "right" : "left") + " side of join");
      }
      conds.push_back("(" + lf->sql + " = " + rf->sql + ")");
    }
    *sql += " ON " + Join(conds, " AND ");
  } else if (r.join_type != "cross") {
    *sql += " ON 1";
  }
  return true;
}

bool Analyzer::NamedRelation(const SqlRelation& r, Scope* scope, std::string* sql) {
  std::vector<std::string> parts;
  for (const std::string& p : r.name) parts.push_back(Lower(p));
  if (parts.size() == 1) {
    for (size_t i = ctes_.size(); i-- > 0;) {
      if (ctes_[i].name != parts[0]) continue;
      // Analyze the named query in its own visibility (earlier CTEs only).
      std::vector<CteDef> saved(ctes_.begin() + static_cast<long>(ctes_[i].visible), ctes_.end());
      const CteDef def = ctes_[i];
      ctes_.resize(def.visible);
      const bool ok = SubqueryRelation(*def.cte->query, r.alias,
                                       def.cte->column_aliases.empty() ? r.column_aliases : def.cte->column_aliases,
                                       r.pos, def.name, scope, sql);
      ctes_.insert(ctes_.end(), saved.begin(), saved.end());
      if (ok && !r.column_aliases.empty()) {
        // Column aliases on the reference override the CTE's.
        Rel& rel = scope->rels.back();
        if (r.column_aliases.size() != rel.fields.size()) {
          return Fail("MISMATCHED_COLUMN_ALIASES", r.pos,
                      "Column alias list has " + std::to_string(r.column_aliases.size()) + " entries but '" + def.name +
                          "' has " + std::to_string(rel.fields.size()) + " columns available");
        }
        for (size_t k = 0; k < rel.fields.size(); ++k) rel.fields[k].name = Lower(r.column_aliases[k]);
      }
      return ok;
    }
  }
  if (parts.size() > 3) return Fail("SYNTAX_ERROR", r.pos, "Too many dots in table name: " + Join(parts, "."));
  if (parts.size() == 3 && parts[0] != "awsdatacatalog") {
    return Fail("CATALOG_NOT_FOUND", r.pos, "Catalog '" + parts[0] + "' not found");
  }
  const std::string db = parts.size() >= 2 ? parts[parts.size() - 2] : default_db_;
  const std::string name = parts.back();
  if (!catalog_.FindDatabase(db)) return Fail("SCHEMA_NOT_FOUND", r.pos, "Schema '" + db + "' does not exist");
  const GlueTable* table = catalog_.FindTable(db, name);
  if (!table) {
    return Fail("TABLE_NOT_FOUND", r.pos, "Table 'awsdatacatalog." + db + "." + name + "' does not exist");
  }
  std::string sqlite_name;
  for (const SqlTableBinding& b : bindings_) {
    if (b.database == db && b.table == name) sqlite_name = b.sqlite_name;
  }
  if (sqlite_name.empty()) {
    sqlite_name = "t" + std::to_string(bindings_.size());
    bindings_.push_back(SqlTableBinding{db, name, sqlite_name});
  }
  const std::string alias = NewAlias();
  Rel rel;
  if (!r.alias.empty()) {
    rel.qualifiers.push_back({Lower(r.alias)});
  } else {
    rel.qualifiers = {{name}, {db, name}, {"awsdatacatalog", db, name}};
  }
  auto add = [&](const std::string& col, const std::string& type, bool hidden) {
    rel.fields.push_back(Field{Lower(col), type, Quote(alias) + "." + Quote(col), hidden});
  };
  for (const GlueColumn& c : table->columns) add(c.name, HiveToAthenaType(c.type), false);
  for (const GlueColumn& c : table->partition_keys) add(c.name, HiveToAthenaType(c.type), false);
  add("$path", "varchar", true);
  add("$file_size", "bigint", true);
  add("$file_modified_time", "timestamp(3)", true);
  if (!r.column_aliases.empty()) {
    size_t visible = table->columns.size() + table->partition_keys.size();
    if (r.column_aliases.size() != visible) {
      return Fail("MISMATCHED_COLUMN_ALIASES", r.pos,
                  "Column alias list has " + std::to_string(r.column_aliases.size()) + " entries but '" +
                      (r.alias.empty() ? name : r.alias) + "' has " + std::to_string(visible) + " columns available");
    }
    for (size_t k = 0; k < visible; ++k) rel.fields[k].name = Lower(r.column_aliases[k]);
  }
  scope->rels.push_back(std::move(rel));
  *sql = Quote(sqlite_name) + " AS " + Quote(alias);
  return true;
}

bool Analyzer::SubqueryRelation(const SqlQuery& q, const std::string& alias,
                                const std::vector<std::string>& col_aliases, SqlPos pos,
                                const std::string& default_name, Scope* scope, std::string* sql) {
  const int saved_agg = agg_count_;
  QueryOut sub = Query(q, nullptr);  // no LATERAL: a FROM subquery cannot see the enclosing query
  agg_count_ = saved_agg;
  if (failed_) return false;
  if (!col_aliases.empty() && col_aliases.size() != sub.cols.size()) {
    return Fail("MISMATCHED_COLUMN_ALIASES", pos,
                "Column alias list has " + std::to_string(col_aliases.size()) + " entries but '" +
                    (alias.empty() ? default_name : alias) + "' has " + std::to_string(sub.cols.size()) +
                    " columns available");
  }
  const std::string ralias = NewAlias();
  Rel rel;
  if (!alias.empty()) {
    rel.qualifiers.push_back({Lower(alias)});
  } else if (!default_name.empty()) {
    rel.qualifiers.push_back({default_name});
  }
  for (size_t i = 0; i < sub.cols.size(); ++i) {
    rel.fields.push_back(Field{col_aliases.empty() ? sub.cols[i].name : Lower(col_aliases[i]), sub.cols[i].type,
                               Quote(ralias) + "." + Quote("c" + std::to_string(i))});
  }
  scope->rels.push_back(std::move(rel));
  *sql = "(" + sub.sql + ") AS " + Quote(ralias);
  return true;
}

// [SECTION] expressions

TExpr Analyzer::Tx(const SqlExpr& e, Ctx& ctx) {
  if (ctx.split) return SplitTx(e, ctx);
  TExpr t = TxInner(e, ctx);
  if (!failed_) {
    node_sql_[&e] = t.sql;
    node_type_[&e] = t.type;
  }
  return t;
}

TExpr Analyzer::TxInner(const SqlExpr& e, Ctx& ctx) {
  switch (e.kind) {
    case SqlExpr::kLiteral:
      return Literal(e);
    case SqlExpr::kColumn:
      return Column(e, ctx);
    case SqlExpr::kStar:
      Fail("SYNTAX_ERROR", e.pos, "mismatched input '*'");
      return {};
    case SqlExpr::kUnary: {
      TExpr a = Tx(*e.children[0], ctx);
      FHL_CHECK({});
      if (e.op == "not") {
        if (!IsBool(a.type)) {
          Fail("TYPE_MISMATCH", e.children[0]->start,
               "Value of logical NOT expression must evaluate to a boolean (actual: " + a.type + ")");
          return {};
        }
        return {"(NOT " + a.sql + ")", "boolean"};
      }
      if (!IsNumericType(a.type) && !IsUnknownType(a.type)) {
        Fail("TYPE_MISMATCH", e.pos, "Cannot negate " + a.type);
        return {};
      }
      return {e.op == "-" ? "(-" + a.sql + ")" : a.sql, a.type};
    }
    case SqlExpr::kBinary:
      return Binary(e, ctx);
    case SqlExpr::kFunction:
      return Function(e, ctx);
    case SqlExpr::kCase:
      return Case(e, ctx);
    case SqlExpr::kCast:
      return Cast(e, ctx);
    case SqlExpr::kInList: {
      TExpr v = Tx(*e.children[0], ctx);
      FHL_CHECK({});
      std::vector<TExpr> items;
      std::string common = v.type;
      std::vector<std::string> all_types{v.type};
      for (size_t i = 1; i < e.children.size(); ++i) {
        TExpr it = Tx(*e.children[i], ctx);
        FHL_CHECK({});
        if (std::find(all_types.begin(), all_types.end(), it.type) == all_types.end()) all_types.push_back(it.type);
        auto c = CommonSuperType(common, it.type);
        if (!c) {
          Fail("TYPE_MISMATCH", e.children[i]->start,
               "IN value and list items must be the same type or coercible to a common type. Cannot find common type "
               "between " +
                   common + " and " + it.type + ", all types (without duplicates): [" + Join(all_types, ", ") + "]");
          return {};
        }
        common = *c;
        items.push_back(it);
      }
      std::vector<std::string> sqls;
      for (const TExpr& it : items) sqls.push_back(Coerce(it, common));
      return {"(" + Coerce(v, common) + (e.negated ? " NOT IN (" : " IN (") + Join(sqls, ", ") + "))", "boolean"};
    }
    case SqlExpr::kInSubquery: {
      TExpr v = Tx(*e.children[0], ctx);
      FHL_CHECK({});
      QueryOut sub = Subquery(*e.subquery, ctx);
      FHL_CHECK({});
      if (sub.cols.size() != 1) {
        Fail("NOT_SUPPORTED", e.pos,
             "Multiple columns returned by subquery are not yet supported. Found " + std::to_string(sub.cols.size()));
        return {};
      }
      if (!CommonSuperType(v.type, sub.cols[0].type)) {
        Fail("TYPE_MISMATCH", e.pos,
             "value and result of subquery must be of the same type for IN expression: " + v.type + " vs " +
                 sub.cols[0].type);
        return {};
      }
      return {"(" + v.sql + (e.negated ? " NOT IN (" : " IN (") + sub.sql + "))", "boolean"};
    }
    case SqlExpr::kBetween: {
      TExpr v = Tx(*e.children[0], ctx);
      FHL_CHECK({});
      TExpr lo = Tx(*e.children[1], ctx);
      FHL_CHECK({});
      TExpr hi = Tx(*e.children[2], ctx);
      FHL_CHECK({});
      auto c1 = CommonSuperType(v.type, lo.type);
      auto common_opt = c1 ? CommonSuperType(*c1, hi.type) : std::nullopt;
      if (!common_opt) {
        Fail("TYPE_MISMATCH", e.pos, "Cannot check if " + v.type + " is BETWEEN " + lo.type + " and " + hi.type);
        return {};
      }
      const std::string common = *common_opt;
      return {"(" + Coerce(v, common) + (e.negated ? " NOT BETWEEN " : " BETWEEN ") + Coerce(lo, common) + " AND " +
                  Coerce(hi, common) + ")",
              "boolean"};
    }
    case SqlExpr::kLike: {
      std::vector<std::string> args;
      for (size_t i = 0; i < e.children.size(); ++i) {
        TExpr a = Tx(*e.children[i], ctx);
        FHL_CHECK({});
        if (!IsStringType(a.type) && !IsUnknownType(a.type)) {
          const char* what = i == 0   ? "Left side of LIKE expression"
                             : i == 1 ? "Pattern for LIKE expression"
                                      : "Escape for LIKE expression";
          Fail("TYPE_MISMATCH", e.children[i]->start,
               std::string(what) + " must evaluate to a varchar (actual: " + a.type + ")");
          return {};
        }
        args.push_back(a.sql);
      }
      const std::string call = "athena_like(" + Join(args, ", ") + ")";
      return {e.negated ? "(NOT " + call + ")" : call, "boolean"};
    }
    case SqlExpr::kIsNull: {
      TExpr v = Tx(*e.children[0], ctx);
      FHL_CHECK({});
      return {"(" + v.sql + (e.negated ? " IS NOT NULL)" : " IS NULL)"), "boolean"};
    }
    case SqlExpr::kIsDistinct: {
      TExpr a = Tx(*e.children[0], ctx);
      FHL_CHECK({});
      TExpr b = Tx(*e.children[1], ctx);
      FHL_CHECK({});
      std::string c;
      if (!Comparable(a, b, "IS DISTINCT FROM", e.pos, &c)) return {};
      return {"(" + Coerce(a, c) + (e.negated ? " IS " : " IS NOT ") + Coerce(b, c) + ")", "boolean"};
    }
    case SqlExpr::kExists: {
      QueryOut sub = Subquery(*e.subquery, ctx);
      FHL_CHECK({});
      return {"EXISTS (" + sub.sql + ")", "boolean"};
    }
    case SqlExpr::kSubquery: {
      QueryOut sub = Subquery(*e.subquery, ctx);
      FHL_CHECK({});
      if (sub.cols.size() != 1) {
        Fail("NOT_SUPPORTED", e.pos,
             "Multiple columns returned by subquery are not yet supported. Found " + std::to_string(sub.cols.size()));
        return {};
      }
      return {"(" + sub.sql + ")", sub.cols[0].type};
    }
    case SqlExpr::kCurrent:
      if (e.name == "current_date") return {"athena_current_date()", "date"};
      if (e.name == "localtimestamp") return {"athena_now()", "timestamp(3)"};
      return {"athena_now()", "timestamp(3) with time zone"};
  }
  return {};
}

QueryOut Analyzer::Subquery(const SqlQuery& q, Ctx& ctx) {
  const int saved = agg_count_;
  QueryOut out = Query(q, ctx.scope);
  agg_count_ = saved;
  return out;
}

TExpr Analyzer::Literal(const SqlExpr& e) {
  switch (e.lit) {
    case SqlExpr::kNull:
      return {"NULL", "unknown"};
    case SqlExpr::kBool:
      return {e.text == "true" ? "1" : "0", "boolean"};
    case SqlExpr::kInt: {
      const bool neg = !e.text.empty() && e.text[0] == '-';
      std::string digits = e.text.substr(neg ? 1 : 0);
      size_t nz = 0;
      while (nz + 1 < digits.size() && digits[nz] == '0') ++nz;
      digits = digits.substr(nz);
      const std::string max = neg ? "9223372036854775808" : "9223372036854775807";
      if (digits.size() > 19 || (digits.size() == 19 && digits > max)) {
        Fail("INVALID_LITERAL", e.pos, "Invalid numeric literal: " + e.text);
        return {};
      }
      const std::string text = (neg ? "-" : "") + digits;
      const bool is_int = digits.size() < 10 || (digits.size() == 10 && digits <= (neg ? "2147483648" : "2147483647"));
      // -9223372036854775808 cannot be written as a SQLite literal (its magnitude overflows): use an expression.
      if (neg && digits == "9223372036854775808") return {"(-9223372036854775807 - 1)", "bigint"};
      return {neg ? "(" + text + ")" : text, is_int ? "integer" : "bigint"};
    }
    case SqlExpr::kDecimal:
    case SqlExpr::kDouble: {
      // Decimal literals (1.5) are typed double here (Trino: decimal(2,1)); see athena_sql.h.
      const double v = std::strtod(e.text.c_str(), nullptr);
      char buf[40];
      std::snprintf(buf, sizeof buf, "%.17g", v);
      std::string s = buf;
      if (s.find_first_of(".eEni") == std::string::npos) s += ".0";
      if (s == "inf" || s == "-inf") s = v > 0 ? "9e999" : "-9e999";
      return {"(" + s + ")", "double"};
    }
    case SqlExpr::kString:
      return {QuoteString(e.text), "varchar(" + std::to_string(CodePoints(e.text)) + ")"};
    case SqlExpr::kTimestamp:
    case SqlExpr::kDate: {
      const bool date = e.lit == SqlExpr::kDate;
      std::string norm;
      if (!ParseTimestampText(e.text, date, &norm)) {
        Fail("INVALID_LITERAL", e.pos, "'" + e.text + "' is not a valid " + (date ? "date" : "timestamp") + " literal");
        return {};
      }
      return {QuoteString(norm), date ? "date" : "timestamp(3)"};
    }
    case SqlExpr::kInterval: {
      char* end = nullptr;
      const double v = std::strtod(e.text.c_str(), &end);
      if (e.text.empty() || *end != '\0') {
        Fail("INVALID_LITERAL", e.pos, "Invalid INTERVAL " + e.name + " value: " + e.text);
        return {};
      }
      const double sign = e.interval_negative ? -1 : 1;
      if (e.name == "year" || e.name == "month") {
        const long long months = static_cast<long long>(sign * v * (e.name == "year" ? 12 : 1));
        return {"(" + std::to_string(months) + ")", "interval year to month"};
      }
      const double unit_ms = e.name == "day"      ? 86400000.0
                             : e.name == "hour"   ? 3600000.0
                             : e.name == "minute" ? 60000.0
                                                  : 1000.0;
      const long long ms = static_cast<long long>(sign * v * unit_ms);
      return {"(" + std::to_string(ms) + ")", "interval day to second"};
    }
  }
  return {};
}

TExpr Analyzer::Column(const SqlExpr& e, Ctx& ctx) {
  std::vector<std::string> parts;
  for (const std::string& p : e.parts) parts.push_back(Lower(p));
  const std::string name = parts.back();
  const std::vector<std::string> qual(parts.begin(), parts.end() - 1);
  if (ctx.outputs && qual.empty()) {
    for (const OutCol& c : *ctx.outputs) {
      if (!c.name.empty() && c.name == name) {
        free_nodes_.insert(&e);
        return {c.sql, c.type};
      }
    }
  }
  for (const Scope* s = ctx.scope; s; s = s->parent) {
    const Field* found = nullptr;
    int count = 0;
    for (const Rel& rel : s->rels) {
      if (!qual.empty()) {
        bool ok = false;
        for (const auto& q : rel.qualifiers) ok = ok || q == qual;
        if (!ok) continue;
      }
      for (const Field& f : rel.fields) {
        if (!f.name.empty() && f.name == name) {
          if (!found) found = &f;
          ++count;
        }
      }
    }
    if (count > 1) {
      Fail("AMBIGUOUS_NAME", e.start, "Column '" + Join(parts, ".") + "' is ambiguous");
      return {};
    }
    if (found) {
      if (s != ctx.scope) free_nodes_.insert(&e);
      return {found->sql, found->type};
    }
  }
  Fail("COLUMN_NOT_FOUND", e.start,
       "Column '" + Join(e.parts, ".") +
           "' cannot be resolved or requester is not authorized to access requested resources");
  return {};
}

bool Analyzer::Comparable(const TExpr& a, const TExpr& b, const std::string& op, SqlPos pos, std::string* common) {
  auto c = CommonSuperType(a.type, b.type);
  const std::string base = c ? AthenaBaseType(*c) : "";
  if (!c || base.rfind("interval", 0) == 0 || base.rfind("map", 0) == 0) {
    Fail("TYPE_MISMATCH", pos, "Cannot apply operator: " + a.type + " " + op + " " + b.type);
    return false;
  }
  *common = *c;
  return true;
}

std::string Analyzer::Coerce(const TExpr& x, const std::string& target) const {
  if (AthenaBaseType(x.type) == "date" && AthenaBaseType(target).rfind("timestamp", 0) == 0) {
    return "(" + x.sql + " || ' 00:00:00.000')";
  }
  return x.sql;
}

TExpr Analyzer::Binary(const SqlExpr& e, Ctx& ctx) {
  TExpr a = Tx(*e.children[0], ctx);
  FHL_CHECK({});
  TExpr b = Tx(*e.children[1], ctx);
  FHL_CHECK({});
  const std::string& op = e.op;
  if (op == "and" || op == "or") {
    for (const TExpr* t : {&a, &b}) {
      if (!IsBool(t->type)) {
        Fail("TYPE_MISMATCH", (t == &a ? e.children[0] : e.children[1])->start,
             "Logical expression term must evaluate to a boolean (actual: " + t->type + ")");
        return {};
      }
    }
    return {"(" + a.sql + (op == "and" ? " AND " : " OR ") + b.sql + ")", "boolean"};
  }
  if (op == "=" || op == "<>" || op == "<" || op == "<=" || op == ">" || op == ">=") {
    std::string common;
    if (!Comparable(a, b, op, e.pos, &common)) return {};
    return {"(" + Coerce(a, common) + " " + op + " " + Coerce(b, common) + ")", "boolean"};
  }
  if (op == "||") {
    if ((!IsStringType(a.type) && !IsUnknownType(a.type)) || (!IsStringType(b.type) && !IsUnknownType(b.type))) {
      Fail("FUNCTION_NOT_FOUND", e.pos,
           "Unexpected parameters (" + a.type + ", " + b.type +
               ") for function concat. Expected: " + FindAthenaFunction("concat")->expected);
      return {};
    }
    return {"(" + a.sql + " || " + b.sql + ")", "varchar"};
  }
  // Arithmetic.
  const bool an = IsNumericType(a.type) || IsUnknownType(a.type);
  const bool bn = IsNumericType(b.type) || IsUnknownType(b.type);
  if (an && bn) {
    std::string type = *CommonSuperType(a.type, b.type);
    if (IsUnknownType(type)) type = "integer";
    const bool integral = IsIntegerType(type);
    if (op == "/") return {"athena_div(" + a.sql + ", " + b.sql + (integral ? ", 1)" : ", 0)"), type};
    if (op == "%") return {"athena_mod(" + a.sql + ", " + b.sql + (integral ? ", 1)" : ", 0)"), type};
    return {"(" + a.sql + " " + op + " " + b.sql + ")", type};
  }
  // timestamp/date +- interval, interval + timestamp/date.
  const std::string ab = AthenaBaseType(a.type), bb = AthenaBaseType(b.type);
  const TExpr* temporal = nullptr;
  const TExpr* interval = nullptr;
  if (IsTemporalType(a.type) && bb.rfind("interval", 0) == 0 && (op == "+" || op == "-")) {
    temporal = &a, interval = &b;
  } else if (ab.rfind("interval", 0) == 0 && IsTemporalType(b.type) && op == "+") {
    temporal = &b, interval = &a;
  }
  if (temporal) {
    const bool months = AthenaBaseType(interval->type) == "interval year to month";
    const std::string amount = op == "-" ? "(-" + interval->sql + ")" : interval->sql;
    return {"athena_date_add(" + std::string(months ? "'month'" : "'millisecond'") + ", " + amount + ", " +
                temporal->sql + ")",
            temporal->type};
  }
  Fail("TYPE_MISMATCH", e.pos, "Cannot apply operator: " + a.type + " " + op + " " + b.type);
  return {};
}

TExpr Analyzer::Case(const SqlExpr& e, Ctx& ctx) {
  size_t i = 0;
  TExpr operand;
  if (e.has_operand) {
    operand = Tx(*e.children[0], ctx);
    FHL_CHECK({});
    i = 1;
  }
  const size_t end = e.children.size() - (e.has_else ? 1 : 0);
  std::vector<std::pair<std::string, const SqlExpr*>> whens;
  std::vector<TExpr> results;
  std::vector<const SqlExpr*> result_nodes;
  for (; i + 1 < end + 1 && i < end; i += 2) {
    TExpr cond = Tx(*e.children[i], ctx);
    FHL_CHECK({});
    if (e.has_operand) {
      std::string c;
      if (!Comparable(operand, cond, "=", e.children[i]->start, &c)) return {};
    } else if (!IsBool(cond.type)) {
      Fail("TYPE_MISMATCH", e.children[i]->start,
           "CASE WHEN clause must evaluate to a boolean (actual: " + cond.type + ")");
      return {};
    }
    TExpr val = Tx(*e.children[i + 1], ctx);
    FHL_CHECK({});
    whens.push_back({cond.sql, e.children[i].get()});
    results.push_back(val);
    result_nodes.push_back(e.children[i + 1].get());
  }
  if (e.has_else) {
    TExpr val = Tx(*e.children.back(), ctx);
    FHL_CHECK({});
    results.push_back(val);
    result_nodes.push_back(e.children.back().get());
  }
  std::string type = "unknown";
  for (size_t k = 0; k < results.size(); ++k) {
    auto c = CommonSuperType(type, results[k].type);
    if (!c) {
      std::vector<std::string> types;
      for (const TExpr& r : results) types.push_back(r.type);
      Fail("TYPE_MISMATCH", result_nodes[k]->start,
           "All CASE results must be the same type or coercible to a common type. Cannot find common type between " +
               type + " and " + results[k].type + ", all types (without duplicates): [" + Join(types, ", ") + "]");
      return {};
    }
    type = *c;
  }
  std::string s = "CASE";
  if (e.has_operand) s += " " + operand.sql;
  for (size_t k = 0; k < whens.size(); ++k) s += " WHEN " + whens[k].first + " THEN " + Coerce(results[k], type);
  if (e.has_else) s += " ELSE " + Coerce(results.back(), type);
  return {s + " END", type};
}

TExpr Analyzer::Cast(const SqlExpr& e, Ctx& ctx) {
  TExpr v = Tx(*e.children[0], ctx);
  FHL_CHECK({});
  auto target = CastTargetType(e.type_name);
  if (!target) {
    Fail("TYPE_NOT_FOUND", e.pos, "Unknown type: " + e.type_name);
    return {};
  }
  const std::string from = AthenaBaseType(v.type), to = AthenaBaseType(*target);
  auto cls = [](const std::string& t) {
    if (t == "unknown") return 'U';
    if (IsStringType(t)) return 'S';
    if (IsNumericType(t)) return 'N';
    if (t == "boolean") return 'B';
    if (IsTemporalType(t)) return 'T';
    return 'X';
  };
  const char cf = cls(v.type), ct = cls(*target);
  const bool ok =
      cf == 'U' || cf == 'S' || ct == 'S' || cf == ct || (cf == 'N' && ct == 'B') || (cf == 'B' && ct == 'N');
  if (!ok || cf == 'X' || ct == 'X') {
    Fail("TYPE_MISMATCH", e.pos, "Cannot cast " + v.type + " to " + *target);
    return {};
  }
  if (cf == 'U') return {"NULL", *target};
  if (from == to && to != "varchar" && to != "char" && to != "decimal") return {v.sql, *target};
  return {"athena_cast(" + v.sql + ", " + QuoteString(*target) + ", " + QuoteString(from) + ", " +
              (e.is_try ? "1" : "0") + ")",
          *target};
}

TExpr Analyzer::Function(const SqlExpr& e, Ctx& ctx) {
  const AthenaFunctionSig* sig = FindAthenaFunction(e.name);
  if (!sig) {
    if (e.name == "$subscript") {
      Fail("NOT_SUPPORTED", e.pos, "Subscripts ([]) are not supported by this sandbox");
    } else {
      Fail("FUNCTION_NOT_FOUND", e.pos, "Function '" + e.name + "' not registered");
    }
    return {};
  }
  const bool is_agg = sig->kind == AthenaFunctionSig::kAggregate;
  const bool is_win = sig->kind == AthenaFunctionSig::kWindow;
  if (ctx.split && is_agg && !e.window) return SplitAggregate(e, *sig, *ctx.split);
  if (e.window) {
    if (sig->kind == AthenaFunctionSig::kScalar) {
      Fail("FUNCTION_NOT_WINDOW", e.pos, "Not a window function: " + e.name);
      return {};
    }
    if (is_agg && (std::string(sig->emit).rfind("athena_", 0) == 0)) {
      Fail("NOT_SUPPORTED", e.pos, "This sandbox does not support " + e.name + " as a window function (OVER)");
      return {};
    }
    if (!ctx.allow_window) {
      Fail("EXPRESSION_NOT_SCALAR", e.pos,
           std::string(ctx.clause ? ctx.clause : "This clause") +
               " cannot contain aggregations, window functions or grouping "
               "operations: [" +
               Text(e) + "]");
      return {};
    }
  } else if (is_win) {
    Fail("MISSING_OVER", e.pos, "Window function " + e.name + " requires an OVER clause");
    return {};
  }
  if (is_agg && !e.window) {
    if (!ctx.allow_agg) {
      Fail("EXPRESSION_NOT_SCALAR", e.pos,
           std::string(ctx.clause ? ctx.clause : "This clause") +
               " cannot contain aggregations, window functions or grouping "
               "operations: [" +
               Text(e) + "]");
      return {};
    }
    if (ctx.in_agg) {
      Fail("NESTED_AGGREGATION", e.pos,
           "Cannot nest aggregations inside aggregation '" + std::string(ctx.in_agg) + "': [" + Text(e) + "]");
      return {};
    }
  }
  if ((e.distinct || e.filter) && !is_agg) {
    Fail("FUNCTION_NOT_AGGREGATE", e.pos,
         std::string(e.distinct ? "DISTINCT" : "FILTER") + " is not supported for non-aggregate function " + e.name);
    return {};
  }
  // Arguments.
  Ctx actx = ctx;
  if (is_agg && !e.window) {
    actx.in_agg = sig->name;
    actx.allow_window = false;
  }
  if (e.window) actx.allow_window = false;
  std::vector<TExpr> args;
  bool star = false;
  for (const auto& c : e.children) {
    if (c->kind == SqlExpr::kStar) {
      star = true;
      continue;
    }
    TExpr a = Tx(*c, actx);
    FHL_CHECK({});
    args.push_back(a);
  }
  if (star && e.name != "count") {
    Fail("SYNTAX_ERROR", e.pos, "mismatched input '*'. Expecting: <expression>");
    return {};
  }
  const int n = static_cast<int>(args.size());
  std::string common = "unknown";
  bool sig_ok = n >= sig->min_args && (sig->max_args < 0 || n <= sig->max_args);
  const std::string classes = sig->arg_classes;
  for (int i = 0; sig_ok && i < n; ++i) {
    const char cls = classes.empty() ? 'A' : classes[std::min<size_t>(i, classes.size() - 1)];
    const std::string& t = args[i].type;
    const bool unknown = IsUnknownType(t);
    switch (cls) {
      case 'N':
        sig_ok = unknown || IsNumericType(t);
        break;
      case 'I':
        sig_ok = unknown || IsIntegerType(t);
        break;
      case 'S':
        sig_ok = unknown || IsStringType(t);
        break;
      case 'T':
        sig_ok = unknown || IsTemporalType(t);
        break;
      case 'B':
        sig_ok = IsBool(t);
        break;
      case 'C': {
        auto c = CommonSuperType(common, t);
        sig_ok = c.has_value();
        if (c) common = *c;
        break;
      }
      default:
        break;
    }
  }
  if (!sig_ok) {
    std::vector<std::string> types;
    for (const TExpr& a : args) types.push_back(a.type);
    Fail("FUNCTION_NOT_FOUND", e.pos,
         "Unexpected parameters (" + Join(types, ", ") + ") for function " + e.name + ". Expected: " + sig->expected);
    return {};
  }
  // Result type.
  std::string type = sig->result;
  if (type == "$0" || type == "$1" || type == "$2") {
    const size_t k = static_cast<size_t>(type[1] - '0');
    type = k < args.size() ? args[k].type : "unknown";
  } else if (type == "$C") {
    type = common;
  } else if (type == "$sum") {
    type = IsIntegerType(args[0].type) || IsUnknownType(args[0].type) ? "bigint" : args[0].type;
  } else if (type == "$avg") {
    type = IsIntegerType(args[0].type) || IsUnknownType(args[0].type) ? "double" : args[0].type;
  }
  if (type.rfind("varchar(", 0) == 0 && sig->kind == AthenaFunctionSig::kScalar) type = "varchar";
  // Emit.
  std::vector<std::string> sqls;
  for (const TExpr& a : args) sqls.push_back(classes.find('C') != std::string::npos ? Coerce(a, common) : a.sql);
  const std::string emit = sig->emit;
  std::string s;
  if (emit == "#count_if") {
    s = "count(CASE WHEN " + sqls[0] + " THEN 1 END)";
  } else if (emit == "#approx_distinct") {
    s = "count(DISTINCT " + sqls[0] + ")";
  } else if (emit == "#mod") {
    s = "athena_mod(" + sqls[0] + ", " + sqls[1] + (IsIntegerType(type) ? ", 1)" : ", 0)");
  } else if (emit == "#coalesce") {
    s = n == 1 ? sqls[0] : "coalesce(" + Join(sqls, ", ") + ")";
  } else if (emit == "#if") {
    s = "CASE WHEN " + args[0].sql + " THEN " + sqls[1] + " ELSE " + (n == 3 ? sqls[2] : "NULL") + " END";
  } else if (emit == "#typeof") {
    // Keeps the argument in the SQL so that typeof(count(*)) still makes an aggregation query.
    s = "CASE WHEN " + sqls[0] + " IS NULL THEN " + QuoteString(args[0].type) + " ELSE " + QuoteString(args[0].type) +
        " END";
  } else if (emit == "#concat") {
    s = n == 1 ? sqls[0] : "(" + Join(sqls, " || ") + ")";
  } else if (emit == "#date") {
    const std::string from = AthenaBaseType(args[0].type);
    if (!IsStringType(from) && !IsTemporalType(from) && !IsUnknownType(from)) {
      Fail("FUNCTION_NOT_FOUND", e.pos,
           "Unexpected parameters (" + args[0].type + ") for function date. Expected: " + sig->expected);
      return {};
    }
    s = "athena_cast(" + sqls[0] + ", 'date', " + QuoteString(from) + ", 0)";
  } else if (emit == "#current_timezone") {
    s = "'UTC'";
  } else {
    std::string fn = emit;
    const size_t bar = emit.find('|');
    if (bar != std::string::npos) {
      fn = emit.substr(0, bar);
      sqls.insert(sqls.begin(), QuoteString(emit.substr(bar + 1)));
    }
    s = fn + "(" + (e.distinct ? "DISTINCT " : "") + (star ? "*" : Join(sqls, ", ")) + ")";
  }
  if (is_agg && !e.window) {
    ++agg_count_;
    agg_nodes_.insert(&e);
  }
  if (e.filter) {
    Ctx fctx = ctx;
    fctx.allow_agg = false;
    fctx.allow_window = false;
    fctx.clause = "FILTER clause";
    TExpr f = Tx(*e.filter, fctx);
    FHL_CHECK({});
    if (!IsBool(f.type)) {
      Fail("TYPE_MISMATCH", e.filter->start, "Filter expression must evaluate to a boolean: actual type " + f.type);
      return {};
    }
    s += " FILTER (WHERE " + f.sql + ")";
  }
  if (e.window) {
    Ctx wctx = ctx;
    wctx.allow_window = false;
    wctx.clause = "Window specification";
    std::vector<std::string> parts;
    for (const auto& p : e.window->partition_by) {
      TExpr t = Tx(*p, wctx);
      FHL_CHECK({});
      parts.push_back(t.sql);
    }
    std::string w = " OVER (";
    if (!parts.empty()) w += "PARTITION BY " + Join(parts, ", ");
    if (!e.window->order_by.empty()) {
      if (!parts.empty()) w += " ";
      w += "ORDER BY " + OrderSql(e.window->order_by, wctx);
      FHL_CHECK({});
    }
    if (!e.window->frame.empty()) w += " " + e.window->frame;
    s += w + ")";
  }
  return {s, type};
}

std::string Analyzer::OrderSql(const std::vector<SqlOrderItem>& items, Ctx& ctx) {
  std::vector<std::string> terms;
  for (const SqlOrderItem& item : items) {
    TExpr t = Tx(*item.expr, ctx);
    if (failed_) return "";
    terms.push_back(t.sql + (item.desc ? " DESC" : " ASC") + (item.nulls == 1 ? " NULLS FIRST" : " NULLS LAST"));
  }
  return Join(terms, ", ");
}

}  // namespace

SqlTranslation AnalyzeSqlQuery(std::string_view sql, const SqlQuery& query, const GlueCatalog& catalog,
                               std::string_view default_database) {
  Analyzer a(sql, catalog, default_database);
  return a.Run(query);
}

}  // namespace fhl
