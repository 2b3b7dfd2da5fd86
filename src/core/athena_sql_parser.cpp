// athena_sql_parser.cpp: recursive-descent parser for Athena's (Trino's) query grammar (a practical subset) with
// Trino-style syntax errors: the offending token and the sorted set of tokens that were acceptable there.
// Plain C++; must not depend on SQLite or the catalog.
#include "core/athena_sql_parser.h"

#include <set>
#include <utility>

namespace fhl {
namespace {

// [SECTION] parser state and token helpers

class Parser {
 public:
  Parser(std::string_view sql, std::vector<SqlToken> tokens) : sql_(sql), toks_(std::move(tokens)) {}

  SqlParseResult ParseStatement();

 private:
  const SqlToken& Cur() const { return toks_[idx_]; }
  const SqlToken& Peek(size_t n = 1) const { return toks_[std::min(idx_ + n, toks_.size() - 1)]; }
  SqlPos PosOf(const SqlToken& t) const { return SqlPos{t.line, t.column}; }

  void Expect(const std::string& what) {
    if (idx_ > expected_idx_ || expected_idx_ == static_cast<size_t>(-1)) {
      expected_.clear();
      expected_idx_ = idx_;
    }
    if (idx_ == expected_idx_) expected_.insert(what);
  }
  // Keyword test (records the keyword as acceptable here).
  bool IsKw(const char* kw) {
    std::string up;
    for (const char* p = kw; *p; ++p) up += static_cast<char>(std::toupper(static_cast<unsigned char>(*p)));
    Expect("'" + up + "'");
    return Cur().kind == SqlToken::kIdentifier && Cur().text == kw;
  }
  bool AcceptKw(const char* kw) {
    if (!IsKw(kw)) return false;
    ++idx_;
    return true;
  }
  bool IsSym(const char* s) {
    Expect(std::string("'") + s + "'");
    return Cur().kind == SqlToken::kSymbol && Cur().text == s;
  }
  bool AcceptSym(const char* s) {
    if (!IsSym(s)) return false;
    ++idx_;
    return true;
  }
  bool ExpectKw(const char* kw) {
    if (AcceptKw(kw)) return true;
    return Fail();
  }
  bool ExpectSym(const char* s) {
    if (AcceptSym(s)) return true;
    return Fail();
  }
  bool Fail() {
    if (failed_) return false;
    failed_ = true;
    const SqlToken& t = Cur();
    err_line_ = t.line;
    err_col_ = t.column;
    std::string list;
    if (expected_idx_ == idx_) {
      for (const std::string& e : expected_) {
        if (!list.empty()) list += ", ";
        list += e;
      }
    }
    const std::string shown = t.kind == SqlToken::kEnd ? "<EOF>" : t.raw;
    err_msg_ = "mismatched input '" + shown + "'." + (list.empty() ? "" : " Expecting: " + list);
    return false;
  }
  bool FailText(const SqlToken& t, std::string msg, std::string name = "SYNTAX_ERROR") {
    if (failed_) return false;
    failed_ = true;
    err_line_ = t.line;
    err_col_ = t.column;
    err_msg_ = std::move(msg);
    err_name_ = std::move(name);
    return false;
  }

  bool IsIdentifierToken() {
    Expect("<identifier>");
    const SqlToken& t = Cur();
    return t.kind == SqlToken::kQuotedIdent || (t.kind == SqlToken::kIdentifier && !IsReservedWord(t.text));
  }
  // Reads an identifier: lower-cased when unquoted, as written when quoted.
  bool Identifier(std::string* out, bool* quoted = nullptr) {
    if (!IsIdentifierToken()) return Fail();
    *out = Cur().text;
    if (quoted) *quoted = Cur().kind == SqlToken::kQuotedIdent;
    ++idx_;
    return true;
  }
  void Finish(SqlExpr* e, size_t first_tok) {
    e->start = PosOf(toks_[first_tok]);
    e->begin_offset = toks_[first_tok].offset;
    const SqlToken& last = toks_[idx_ > 0 ? idx_ - 1 : 0];
    e->end_offset = last.offset + last.raw.size();
  }

  // [SECTION] queries
  std::unique_ptr<SqlQuery> Query();
  std::unique_ptr<SqlQueryBody> QueryTerm(int min_prec);
  std::unique_ptr<SqlQueryBody> QueryPrimary();
  std::unique_ptr<SqlQueryBody> QuerySpecification();
  std::unique_ptr<SqlRelation> Relation();
  std::unique_ptr<SqlRelation> AliasedRelation();
  bool OrderItems(std::vector<SqlOrderItem>* out);
  bool ValuesRows(std::vector<std::vector<std::unique_ptr<SqlExpr>>>* rows);
  std::unique_ptr<SqlExpr> RowCount();

  // [SECTION] expressions
  std::unique_ptr<SqlExpr> Expr() { return Or(); }
  std::unique_ptr<SqlExpr> Or();
  std::unique_ptr<SqlExpr> And();
  std::unique_ptr<SqlExpr> Not();
  std::unique_ptr<SqlExpr> Predicate();
  std::unique_ptr<SqlExpr> Concat();
  std::unique_ptr<SqlExpr> Additive();
  std::unique_ptr<SqlExpr> Multiplicative();
  std::unique_ptr<SqlExpr> Unary();
  std::unique_ptr<SqlExpr> Primary();
  std::unique_ptr<SqlExpr> PrimaryBase();
  std::unique_ptr<SqlExpr> FunctionCall(size_t first, std::string name, SqlPos pos);
  std::unique_ptr<SqlExpr> CaseExpr();
  bool TypeName(std::string* out);
  bool WindowSpec(SqlWindow* w);
  bool FrameBound(std::string* out);
  std::unique_ptr<SqlExpr> Binary(std::string op, SqlPos pos, std::unique_ptr<SqlExpr> l, std::unique_ptr<SqlExpr> r,
                                  size_t first) {
    auto e = std::make_unique<SqlExpr>();
    e->kind = SqlExpr::kBinary;
    e->op = std::move(op);
    e->pos = pos;
    e->children.push_back(std::move(l));
    e->children.push_back(std::move(r));
    Finish(e.get(), first);
    return e;
  }

  std::string_view sql_;
  std::vector<SqlToken> toks_;
  size_t idx_ = 0;
  std::set<std::string> expected_;
  size_t expected_idx_ = static_cast<size_t>(-1);
  bool failed_ = false;
  int err_line_ = 0, err_col_ = 0;
  std::string err_msg_;
  std::string err_name_ = "SYNTAX_ERROR";
};

#define FHL_TRY(x) \
  if (!(x)) return nullptr

// [SECTION] statement

SqlParseResult Parser::ParseStatement() {
  SqlParseResult r;
  const SqlToken& first = Cur();
  static const char* const kOtherStatements[] = {
      "insert",  "delete",     "update",  "merge",    "create",  "drop",   "alter",    "show",  "describe",
      "explain", "msck",       "call",    "grant",    "revoke",  "use",    "set",      "reset", "prepare",
      "execute", "deallocate", "analyze", "truncate", "comment", "commit", "rollback", "start"};
  for (const char* s : kOtherStatements) {
    if (first.IsWord(s)) {
      std::string up;
      for (char c : first.text) up += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      r.error_name = "NOT_SUPPORTED";
      r.line = first.line;
      r.column = first.column;
      r.message = up +
                  " statements are not supported by this sandbox's query engine: only queries (SELECT, WITH, "
                  "VALUES) run here";
      return r;
    }
  }
  const bool starts_query = first.IsWord("select") || first.IsWord("with") || first.IsWord("values") ||
                            first.IsWord("table") || first.IsSymbol("(");
  if (!starts_query) {
    r.error_name = "SYNTAX_ERROR";
    r.line = first.line;
    r.column = first.column;
    r.message = "mismatched input '" + (first.kind == SqlToken::kEnd ? std::string("<EOF>") : first.raw) +
                "'. Expecting: 'ALTER', 'ANALYZE', 'CALL', 'COMMENT', 'COMMIT', 'CREATE', 'DEALLOCATE', 'DELETE', "
                "'DENY', 'DESC', 'DESCRIBE', 'DROP', 'EXECUTE', 'EXPLAIN', 'GRANT', 'INSERT', 'MERGE', 'PREPARE', "
                "'REFRESH', 'RESET', 'REVOKE', 'ROLLBACK', 'SET', 'SHOW', 'START', 'TRUNCATE', 'UPDATE', 'USE', "
                "'WITH', <query>";
    return r;
  }
  auto q = Query();
  if (q && !failed_) {
    if (Cur().IsSymbol(";")) ++idx_;  // a trailing ';' is accepted but never listed as expected
    Expect("<EOF>");
    if (Cur().kind != SqlToken::kEnd) Fail();
  }
  if (failed_ || !q) {
    if (!failed_) Fail();
    r.error_name = err_name_;
    r.line = err_line_;
    r.column = err_col_;
    r.message = err_msg_;
    return r;
  }
  r.ok = true;
  r.query = std::move(q);
  return r;
}

// [SECTION] queries

std::unique_ptr<SqlQuery> Parser::Query() {
  auto q = std::make_unique<SqlQuery>();
  q->pos = PosOf(Cur());
  if (AcceptKw("with")) {
    if (Cur().IsWord("recursive")) {
      FailText(Cur(), "Recursive WITH queries are not supported", "NOT_SUPPORTED");
      return nullptr;
    }
    do {
      SqlCte cte;
      cte.pos = PosOf(Cur());
      FHL_TRY(Identifier(&cte.name));
      if (AcceptSym("(")) {
        do {
          std::string c;
          FHL_TRY(Identifier(&c));
          cte.column_aliases.push_back(c);
        } while (AcceptSym(","));
        FHL_TRY(ExpectSym(")"));
      }
      FHL_TRY(ExpectKw("as"));
      FHL_TRY(ExpectSym("("));
      cte.query = Query();
      FHL_TRY(cte.query);
      FHL_TRY(ExpectSym(")"));
      q->with.push_back(std::move(cte));
    } while (AcceptSym(","));
  }
  q->body = QueryTerm(0);
  FHL_TRY(q->body);
  if (AcceptKw("order")) {
    FHL_TRY(ExpectKw("by"));
    FHL_TRY(OrderItems(&q->order_by));
  }
  if (AcceptKw("offset")) {
    q->offset = RowCount();
    FHL_TRY(q->offset);
    if (!AcceptKw("row")) AcceptKw("rows");
  }
  if (AcceptKw("limit")) {
    if (!AcceptKw("all")) {
      q->limit = RowCount();
      FHL_TRY(q->limit);
    }
  } else if (AcceptKw("fetch")) {
    if (!AcceptKw("first")) FHL_TRY(ExpectKw("next"));
    if (Cur().kind == SqlToken::kInteger) {
      q->limit = RowCount();
    } else {
      auto one = std::make_unique<SqlExpr>();
      one->lit = SqlExpr::kInt;
      one->text = "1";
      q->limit = std::move(one);
    }
    if (!AcceptKw("row")) FHL_TRY(ExpectKw("rows"));
    FHL_TRY(ExpectKw("only"));
  }
  return q;
}

std::unique_ptr<SqlExpr> Parser::RowCount() {
  Expect("<integer>");
  if (Cur().kind != SqlToken::kInteger) {
    Fail();
    return nullptr;
  }
  auto e = std::make_unique<SqlExpr>();
  e->kind = SqlExpr::kLiteral;
  e->lit = SqlExpr::kInt;
  e->text = Cur().text;
  e->pos = e->start = PosOf(Cur());
  ++idx_;
  return e;
}

// Precedence: INTERSECT (2) binds tighter than UNION / EXCEPT (1).
std::unique_ptr<SqlQueryBody> Parser::QueryTerm(int min_prec) {
  auto left = QueryPrimary();
  FHL_TRY(left);
  while (true) {
    int prec = 0;
    std::string op;
    if (IsKw("union")) {
      prec = 1, op = "union";
    } else if (IsKw("except")) {
      prec = 1, op = "except";
    } else if (IsKw("intersect")) {
      prec = 2, op = "intersect";
    }
    if (prec == 0 || prec < min_prec) break;
    SqlPos pos = PosOf(Cur());
    ++idx_;
    bool all = false;
    if (AcceptKw("all")) {
      all = true;
    } else {
      AcceptKw("distinct");
    }
    auto right = QueryTerm(prec + 1);
    FHL_TRY(right);
    auto node = std::make_unique<SqlQueryBody>();
    node->kind = SqlQueryBody::kSetOp;
    node->pos = pos;
    node->set_op = op;
    node->set_all = all;
    node->left = std::move(left);
    node->right = std::move(right);
    left = std::move(node);
  }
  return left;
}

std::unique_ptr<SqlQueryBody> Parser::QueryPrimary() {
  if (IsKw("select")) return QuerySpecification();
  if (IsKw("values")) {
    auto b = std::make_unique<SqlQueryBody>();
    b->kind = SqlQueryBody::kValues;
    b->pos = PosOf(Cur());
    ++idx_;
    FHL_TRY(ValuesRows(&b->rows));
    return b;
  }
  if (IsKw("table")) {
    // TABLE t == SELECT * FROM t
    auto b = std::make_unique<SqlQueryBody>();
    b->pos = PosOf(Cur());
    ++idx_;
    SqlSelectItem star;
    star.star = true;
    star.pos = b->pos;
    b->items.push_back(std::move(star));
    auto rel = std::make_unique<SqlRelation>();
    rel->pos = PosOf(Cur());
    do {
      std::string part;
      FHL_TRY(Identifier(&part));
      rel->name.push_back(part);
    } while (AcceptSym("."));
    b->from = std::move(rel);
    return b;
  }
  if (AcceptSym("(")) {
    auto b = std::make_unique<SqlQueryBody>();
    b->kind = SqlQueryBody::kQuery;
    b->pos = PosOf(Cur());
    b->query = Query();
    FHL_TRY(b->query);
    FHL_TRY(ExpectSym(")"));
    return b;
  }
  Fail();
  return nullptr;
}

bool Parser::ValuesRows(std::vector<std::vector<std::unique_ptr<SqlExpr>>>* rows) {
  do {
    std::vector<std::unique_ptr<SqlExpr>> row;
    if (IsSym("(")) {
      // A parenthesized row; a single parenthesized expression is a one-column row as well.
      ++idx_;
      do {
        auto e = Expr();
        if (!e) return false;
        row.push_back(std::move(e));
      } while (AcceptSym(","));
      if (!ExpectSym(")")) return false;
    } else {
      auto e = Expr();
      if (!e) return false;
      row.push_back(std::move(e));
    }
    rows->push_back(std::move(row));
  } while (AcceptSym(","));
  return true;
}

std::unique_ptr<SqlQueryBody> Parser::QuerySpecification() {
  auto b = std::make_unique<SqlQueryBody>();
  b->kind = SqlQueryBody::kSelect;
  b->pos = PosOf(Cur());
  FHL_TRY(ExpectKw("select"));
  if (AcceptKw("distinct")) {
    b->distinct = true;
  } else {
    AcceptKw("all");
  }
  do {
    SqlSelectItem item;
    item.pos = PosOf(Cur());
    if (AcceptSym("*")) {
      item.star = true;
      b->items.push_back(std::move(item));
      continue;
    }
    // qualified.*
    size_t save = idx_;
    std::vector<std::string> qual;
    bool is_qual_star = false;
    while ((Cur().kind == SqlToken::kIdentifier && !IsReservedWord(Cur().text)) ||
           Cur().kind == SqlToken::kQuotedIdent) {
      if (!Peek().IsSymbol(".")) break;
      qual.push_back(Cur().text);
      idx_ += 2;
      if (Cur().IsSymbol("*")) {
        is_qual_star = true;
        ++idx_;
        break;
      }
    }
    if (is_qual_star) {
      item.star = true;
      item.star_qualifier = qual;
      b->items.push_back(std::move(item));
      continue;
    }
    idx_ = save;
    item.expr = Expr();
    FHL_TRY(item.expr);
    if (AcceptKw("as")) {
      FHL_TRY(Identifier(&item.alias));
    } else if (IsIdentifierToken()) {
      item.alias = Cur().text;
      ++idx_;
    }
    b->items.push_back(std::move(item));
  } while (AcceptSym(","));
  if (AcceptKw("from")) {
    b->from = Relation();
    FHL_TRY(b->from);
    while (AcceptSym(",")) {
      auto right = Relation();
      FHL_TRY(right);
      auto j = std::make_unique<SqlRelation>();
      j->kind = SqlRelation::kJoin;
      j->join_type = "cross";
      j->pos = right->pos;
      j->left = std::move(b->from);
      j->right = std::move(right);
      b->from = std::move(j);
    }
  }
  if (AcceptKw("where")) {
    b->where = Expr();
    FHL_TRY(b->where);
  }
  if (AcceptKw("group")) {
    FHL_TRY(ExpectKw("by"));
    AcceptKw("all");
    if (Cur().IsWord("rollup") || Cur().IsWord("cube") || Cur().IsWord("grouping")) {
      FailText(Cur(), "GROUPING SETS, ROLLUP and CUBE are not supported by this sandbox", "NOT_SUPPORTED");
      return nullptr;
    }
    do {
      auto e = Expr();
      FHL_TRY(e);
      b->group_by.push_back(std::move(e));
    } while (AcceptSym(","));
  }
  if (AcceptKw("having")) {
    b->having = Expr();
    FHL_TRY(b->having);
  }
  if (IsKw("window")) {
    FailText(Cur(), "WINDOW clauses are not supported by this sandbox; write the window in OVER (...)",
             "NOT_SUPPORTED");
    return nullptr;
  }
  return b;
}

std::unique_ptr<SqlRelation> Parser::Relation() {
  auto left = AliasedRelation();
  FHL_TRY(left);
  while (true) {
    std::string type;
    const SqlToken& at = Cur();
    if (AcceptKw("cross")) {
      FHL_TRY(ExpectKw("join"));
      type = "cross";
    } else if (AcceptKw("join")) {
      type = "inner";
    } else if (AcceptKw("inner")) {
      FHL_TRY(ExpectKw("join"));
      type = "inner";
    } else if (IsKw("left") || IsKw("right") || IsKw("full")) {
      type = Cur().text;
      ++idx_;
      AcceptKw("outer");
      FHL_TRY(ExpectKw("join"));
    } else if (IsKw("natural")) {
      FailText(at, "NATURAL JOIN is not supported", "NOT_SUPPORTED");
      return nullptr;
    } else {
      break;
    }
    auto j = std::make_unique<SqlRelation>();
    j->kind = SqlRelation::kJoin;
    j->join_type = type;
    j->pos = PosOf(at);
    j->left = std::move(left);
    j->right = AliasedRelation();
    FHL_TRY(j->right);
    if (type != "cross") {
      if (AcceptKw("on")) {
        j->on = Expr();
        FHL_TRY(j->on);
      } else if (AcceptKw("using")) {
        FHL_TRY(ExpectSym("("));
        do {
          std::string c;
          FHL_TRY(Identifier(&c));
          j->using_columns.push_back(c);
        } while (AcceptSym(","));
        FHL_TRY(ExpectSym(")"));
      } else {
        Fail();
        return nullptr;
      }
    }
    left = std::move(j);
  }
  return left;
}

std::unique_ptr<SqlRelation> Parser::AliasedRelation() {
  auto rel = std::make_unique<SqlRelation>();
  rel->pos = PosOf(Cur());
  if (AcceptSym("(")) {
    if (IsKw("select") || IsKw("with") || IsKw("values") || IsKw("table") || IsSym("(")) {
      // A parenthesized query, or a parenthesized relation starting with '(' (treated as a query).
      rel->kind = SqlRelation::kSubquery;
      rel->subquery = Query();
      FHL_TRY(rel->subquery);
      FHL_TRY(ExpectSym(")"));
    } else {
      auto inner = Relation();
      FHL_TRY(inner);
      FHL_TRY(ExpectSym(")"));
      rel = std::move(inner);
    }
  } else if (IsKw("unnest") || IsKw("lateral")) {
    FailText(Cur(), "UNNEST and LATERAL are not supported by this sandbox", "NOT_SUPPORTED");
    return nullptr;
  } else {
    rel->kind = SqlRelation::kTable;
    do {
      std::string part;
      FHL_TRY(Identifier(&part));
      rel->name.push_back(part);
    } while (AcceptSym("."));
  }
  // Alias: AS x, or a non-reserved identifier (not a join keyword).
  bool has_alias = false;
  if (AcceptKw("as")) {
    FHL_TRY(Identifier(&rel->alias));
    has_alias = true;
  } else if (IsIdentifierToken() && !Cur().IsWord("left") && !Cur().IsWord("right") && !Cur().IsWord("full") &&
             !Cur().IsWord("inner") && !Cur().IsWord("cross") && !Cur().IsWord("join") && !Cur().IsWord("natural") &&
             !Cur().IsWord("limit") && !Cur().IsWord("offset") && !Cur().IsWord("fetch") && !Cur().IsWord("window")) {
    rel->alias = Cur().text;
    ++idx_;
    has_alias = true;
  }
  if (has_alias && AcceptSym("(")) {
    do {
      std::string c;
      FHL_TRY(Identifier(&c));
      rel->column_aliases.push_back(c);
    } while (AcceptSym(","));
    FHL_TRY(ExpectSym(")"));
  }
  return rel;
}

bool Parser::OrderItems(std::vector<SqlOrderItem>* out) {
  do {
    SqlOrderItem item;
    item.expr = Expr();
    if (!item.expr) return false;
    if (AcceptKw("desc")) {
      item.desc = true;
    } else {
      AcceptKw("asc");
    }
    if (AcceptKw("nulls")) {
      if (AcceptKw("first")) {
        item.nulls = 1;
      } else if (AcceptKw("last")) {
        item.nulls = 2;
      } else {
        return Fail();
      }
    }
    out->push_back(std::move(item));
  } while (AcceptSym(","));
  return true;
}

// [SECTION] expressions

std::unique_ptr<SqlExpr> Parser::Or() {
  size_t first = idx_;
  auto left = And();
  FHL_TRY(left);
  while (IsKw("or")) {
    SqlPos pos = PosOf(Cur());
    ++idx_;
    auto right = And();
    FHL_TRY(right);
    left = Binary("or", pos, std::move(left), std::move(right), first);
  }
  return left;
}

std::unique_ptr<SqlExpr> Parser::And() {
  size_t first = idx_;
  auto left = Not();
  FHL_TRY(left);
  while (IsKw("and")) {
    SqlPos pos = PosOf(Cur());
    ++idx_;
    auto right = Not();
    FHL_TRY(right);
    left = Binary("and", pos, std::move(left), std::move(right), first);
  }
  return left;
}

std::unique_ptr<SqlExpr> Parser::Not() {
  size_t first = idx_;
  if (Cur().IsWord("not")) {
    SqlPos pos = PosOf(Cur());
    ++idx_;
    auto inner = Not();
    FHL_TRY(inner);
    auto e = std::make_unique<SqlExpr>();
    e->kind = SqlExpr::kUnary;
    e->op = "not";
    e->pos = pos;
    e->children.push_back(std::move(inner));
    Finish(e.get(), first);
    return e;
  }
  return Predicate();
}

std::unique_ptr<SqlExpr> Parser::Predicate() {
  size_t first = idx_;
  auto left = Concat();
  FHL_TRY(left);
  static const char* const kCmp[] = {"=", "<>", "!=", "<=", ">=", "<", ">"};
  for (const char* op : kCmp) {
    if (IsSym(op)) {
      SqlPos pos = PosOf(Cur());
      ++idx_;
      auto right = Concat();
      FHL_TRY(right);
      return Binary(std::string(op) == "!=" ? "<>" : op, pos, std::move(left), std::move(right), first);
    }
  }
  auto e = std::make_unique<SqlExpr>();
  e->pos = PosOf(Cur());  // Trino locates predicates at their first token (NOT / BETWEEN / IN / LIKE / IS)
  bool negated = false;
  const size_t save = idx_;
  if (AcceptKw("not")) negated = true;
  if (AcceptKw("between")) {
    e->kind = SqlExpr::kBetween;
    e->negated = negated;
    auto lo = Concat();
    FHL_TRY(lo);
    FHL_TRY(ExpectKw("and"));
    auto hi = Concat();
    FHL_TRY(hi);
    e->children.push_back(std::move(left));
    e->children.push_back(std::move(lo));
    e->children.push_back(std::move(hi));
  } else if (AcceptKw("in")) {
    e->negated = negated;
    FHL_TRY(ExpectSym("("));
    e->children.push_back(std::move(left));
    if (IsKw("select") || IsKw("with") || IsKw("values")) {
      e->kind = SqlExpr::kInSubquery;
      e->subquery = Query();
      FHL_TRY(e->subquery);
    } else {
      e->kind = SqlExpr::kInList;
      do {
        auto v = Expr();
        FHL_TRY(v);
        e->children.push_back(std::move(v));
      } while (AcceptSym(","));
    }
    FHL_TRY(ExpectSym(")"));
  } else if (AcceptKw("like")) {
    e->kind = SqlExpr::kLike;
    e->negated = negated;
    auto pat = Concat();
    FHL_TRY(pat);
    e->children.push_back(std::move(left));
    e->children.push_back(std::move(pat));
    if (AcceptKw("escape")) {
      auto esc = Concat();
      FHL_TRY(esc);
      e->children.push_back(std::move(esc));
    }
  } else if (!negated && AcceptKw("is")) {
    bool is_not = AcceptKw("not");
    if (AcceptKw("null")) {
      e->kind = SqlExpr::kIsNull;
      e->negated = is_not;
      e->children.push_back(std::move(left));
    } else if (AcceptKw("distinct")) {
      FHL_TRY(ExpectKw("from"));
      e->kind = SqlExpr::kIsDistinct;
      e->negated = is_not;
      auto right = Concat();
      FHL_TRY(right);
      e->children.push_back(std::move(left));
      e->children.push_back(std::move(right));
    } else if (IsKw("true") || IsKw("false")) {
      // x IS [NOT] TRUE/FALSE: IS [NOT] DISTINCT FROM the boolean.
      auto lit = std::make_unique<SqlExpr>();
      lit->lit = SqlExpr::kBool;
      lit->text = Cur().text;
      lit->pos = lit->start = PosOf(Cur());
      ++idx_;
      e->kind = SqlExpr::kIsDistinct;
      e->negated = !is_not;
      e->children.push_back(std::move(left));
      e->children.push_back(std::move(lit));
    } else {
      Fail();
      return nullptr;
    }
  } else {
    idx_ = save;
    return left;
  }
  Finish(e.get(), first);
  return e;
}

std::unique_ptr<SqlExpr> Parser::Concat() {
  size_t first = idx_;
  auto left = Additive();
  FHL_TRY(left);
  while (IsSym("||")) {
    SqlPos pos = PosOf(Cur());
    ++idx_;
    auto right = Additive();
    FHL_TRY(right);
    left = Binary("||", pos, std::move(left), std::move(right), first);
  }
  return left;
}

std::unique_ptr<SqlExpr> Parser::Additive() {
  size_t first = idx_;
  auto left = Multiplicative();
  FHL_TRY(left);
  while (IsSym("+") || IsSym("-")) {
    std::string op = Cur().text;
    SqlPos pos = PosOf(Cur());
    ++idx_;
    auto right = Multiplicative();
    FHL_TRY(right);
    left = Binary(op, pos, std::move(left), std::move(right), first);
  }
  return left;
}

std::unique_ptr<SqlExpr> Parser::Multiplicative() {
  size_t first = idx_;
  auto left = Unary();
  FHL_TRY(left);
  while (IsSym("*") || IsSym("/") || IsSym("%")) {
    std::string op = Cur().text;
    SqlPos pos = PosOf(Cur());
    ++idx_;
    auto right = Unary();
    FHL_TRY(right);
    left = Binary(op, pos, std::move(left), std::move(right), first);
  }
  return left;
}

std::unique_ptr<SqlExpr> Parser::Unary() {
  size_t first = idx_;
  if (Cur().IsSymbol("-") || Cur().IsSymbol("+")) {
    std::string op = Cur().text;
    SqlPos pos = PosOf(Cur());
    ++idx_;
    auto inner = Unary();
    FHL_TRY(inner);
    // Fold -<number literal> so that -2147483648 types as integer, as Trino's literal does.
    if (op == "-" && inner->kind == SqlExpr::kLiteral &&
        (inner->lit == SqlExpr::kInt || inner->lit == SqlExpr::kDecimal || inner->lit == SqlExpr::kDouble) &&
        inner->text[0] != '-') {
      inner->text = "-" + inner->text;
      inner->pos = pos;
      Finish(inner.get(), first);
      return inner;
    }
    auto e = std::make_unique<SqlExpr>();
    e->kind = SqlExpr::kUnary;
    e->op = op;
    e->pos = pos;
    e->children.push_back(std::move(inner));
    Finish(e.get(), first);
    return e;
  }
  return Primary();
}

std::unique_ptr<SqlExpr> Parser::Primary() {
  size_t first = idx_;
  auto e = PrimaryBase();
  FHL_TRY(e);
  // Dereference of a row field is not supported; subscripts a[i] become element_at-like calls.
  while (IsSym("[")) {
    SqlPos pos = PosOf(Cur());
    ++idx_;
    auto index = Expr();
    FHL_TRY(index);
    FHL_TRY(ExpectSym("]"));
    auto call = std::make_unique<SqlExpr>();
    call->kind = SqlExpr::kFunction;
    call->name = "$subscript";
    call->pos = pos;
    call->children.push_back(std::move(e));
    call->children.push_back(std::move(index));
    Finish(call.get(), first);
    e = std::move(call);
  }
  return e;
}

std::unique_ptr<SqlExpr> Parser::PrimaryBase() {
  size_t first = idx_;
  const SqlToken& t = Cur();
  auto e = std::make_unique<SqlExpr>();
  e->pos = PosOf(t);
  Expect("<expression>");
  switch (t.kind) {
    case SqlToken::kString:
      e->lit = SqlExpr::kString;
      e->text = t.text;
      ++idx_;
      Finish(e.get(), first);
      return e;
    case SqlToken::kInteger:
    case SqlToken::kDecimal:
    case SqlToken::kDouble:
      e->lit = t.kind == SqlToken::kInteger   ? SqlExpr::kInt
               : t.kind == SqlToken::kDecimal ? SqlExpr::kDecimal
                                              : SqlExpr::kDouble;
      e->text = t.text;
      ++idx_;
      Finish(e.get(), first);
      return e;
    case SqlToken::kSymbol:
      if (t.text == "(") {
        ++idx_;
        if (IsKw("select") || IsKw("with") || IsKw("values")) {
          e->kind = SqlExpr::kSubquery;
          e->subquery = Query();
          FHL_TRY(e->subquery);
          FHL_TRY(ExpectSym(")"));
          Finish(e.get(), first);
          return e;
        }
        auto inner = Expr();
        FHL_TRY(inner);
        if (IsSym(",")) {
          FailText(Cur(), "ROW constructors are not supported by this sandbox", "NOT_SUPPORTED");
          return nullptr;
        }
        FHL_TRY(ExpectSym(")"));
        return inner;
      }
      if (t.text == "?") {
        FailText(t, "Query parameters (?) are not supported by this sandbox", "NOT_SUPPORTED");
        return nullptr;
      }
      Fail();
      return nullptr;
    case SqlToken::kEnd:
      Fail();
      return nullptr;
    default:
      break;
  }
  // Words: literals, special forms, function calls, column references.
  if (t.kind == SqlToken::kIdentifier) {
    const std::string& w = t.text;
    if (w == "null" || w == "true" || w == "false") {
      e->lit = w == "null" ? SqlExpr::kNull : SqlExpr::kBool;
      e->text = w;
      ++idx_;
      Finish(e.get(), first);
      return e;
    }
    if ((w == "date" || w == "timestamp" || w == "time") && Peek().kind == SqlToken::kString) {
      if (w == "time") {
        FailText(t, "TIME literals are not supported by this sandbox", "NOT_SUPPORTED");
        return nullptr;
      }
      e->lit = w == "date" ? SqlExpr::kDate : SqlExpr::kTimestamp;
      e->text = Peek().text;
      idx_ += 2;
      Finish(e.get(), first);
      return e;
    }
    if (w == "interval" && (Peek().kind == SqlToken::kString || Peek().IsSymbol("-") || Peek().IsSymbol("+"))) {
      ++idx_;
      if (AcceptSym("-")) {
        e->interval_negative = true;
      } else {
        AcceptSym("+");
      }
      Expect("<string>");
      if (Cur().kind != SqlToken::kString) {
        Fail();
        return nullptr;
      }
      e->lit = SqlExpr::kInterval;
      e->text = Cur().text;
      ++idx_;
      static const char* const kUnits[] = {"year", "month", "day", "hour", "minute", "second"};
      bool found = false;
      for (const char* u : kUnits) {
        if (AcceptKw(u)) {
          e->name = u;
          found = true;
          break;
        }
      }
      if (!found) {
        Fail();
        return nullptr;
      }
      if (IsKw("to")) {
        FailText(Cur(), "INTERVAL ... TO ... literals are not supported by this sandbox", "NOT_SUPPORTED");
        return nullptr;
      }
      Finish(e.get(), first);
      return e;
    }
    if (w == "current_timestamp" || w == "current_date" || w == "localtimestamp" || w == "current_time" ||
        w == "localtime") {
      if (w == "current_time" || w == "localtime") {
        FailText(t, "TIME values are not supported by this sandbox", "NOT_SUPPORTED");
        return nullptr;
      }
      e->kind = SqlExpr::kCurrent;
      e->name = w;
      ++idx_;
      if (w != "current_date" && AcceptSym("(")) {
        auto p = RowCount();
        FHL_TRY(p);
        FHL_TRY(ExpectSym(")"));
      }
      Finish(e.get(), first);
      return e;
    }
    if (w == "case") {
      ++idx_;
      auto c = CaseExpr();
      FHL_TRY(c);
      c->pos = e->pos;
      Finish(c.get(), first);
      return c;
    }
    if ((w == "cast" || w == "try_cast") && Peek().IsSymbol("(")) {
      idx_ += 2;
      e->kind = SqlExpr::kCast;
      e->is_try = w == "try_cast";
      auto inner = Expr();
      FHL_TRY(inner);
      FHL_TRY(ExpectKw("as"));
      FHL_TRY(TypeName(&e->type_name));
      FHL_TRY(ExpectSym(")"));
      e->children.push_back(std::move(inner));
      Finish(e.get(), first);
      return e;
    }
    if (w == "exists" && Peek().IsSymbol("(")) {
      idx_ += 2;
      e->kind = SqlExpr::kExists;
      e->subquery = Query();
      FHL_TRY(e->subquery);
      FHL_TRY(ExpectSym(")"));
      Finish(e.get(), first);
      return e;
    }
    if (w == "extract" && Peek().IsSymbol("(")) {
      idx_ += 2;
      std::string field;
      FHL_TRY(Identifier(&field));
      FHL_TRY(ExpectKw("from"));
      auto inner = Expr();
      FHL_TRY(inner);
      FHL_TRY(ExpectSym(")"));
      e->kind = SqlExpr::kFunction;
      e->name = field == "dow" ? "day_of_week" : field == "doy" ? "day_of_year" : field;
      e->children.push_back(std::move(inner));
      Finish(e.get(), first);
      return e;
    }
    if (w == "trim" && Peek().IsSymbol("(")) {
      return FunctionCall(first, "trim", e->pos);
    }
    if (w == "position" && Peek().IsSymbol("(")) {
      idx_ += 2;
      auto needle = Concat();
      FHL_TRY(needle);
      FHL_TRY(ExpectKw("in"));
      auto hay = Concat();
      FHL_TRY(hay);
      FHL_TRY(ExpectSym(")"));
      e->kind = SqlExpr::kFunction;
      e->name = "strpos";
      e->children.push_back(std::move(hay));
      e->children.push_back(std::move(needle));
      Finish(e.get(), first);
      return e;
    }
  }
  if (!IsIdentifierToken()) {
    Fail();
    return nullptr;
  }
  // Function call: name '('.
  if (Peek().IsSymbol("(")) {
    std::string name = t.text;  // function names are case-insensitive, even when quoted
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return FunctionCall(first, name, e->pos);
  }
  e->kind = SqlExpr::kColumn;
  do {
    if (!IsIdentifierToken()) {
      Fail();
      return nullptr;
    }
    // As written (case kept) for messages; the analyzer compares lower-cased.
    e->parts.push_back(Cur().kind == SqlToken::kQuotedIdent ? Cur().text : Cur().raw);
    e->parts_quoted.push_back(Cur().kind == SqlToken::kQuotedIdent);
    ++idx_;
  } while (Cur().IsSymbol(".") && (Peek().kind == SqlToken::kIdentifier || Peek().kind == SqlToken::kQuotedIdent) &&
           (++idx_, true));
  Finish(e.get(), first);
  return e;
}

std::unique_ptr<SqlExpr> Parser::FunctionCall(size_t first, std::string name, SqlPos pos) {
  auto e = std::make_unique<SqlExpr>();
  e->kind = SqlExpr::kFunction;
  e->name = std::move(name);
  e->pos = pos;
  idx_ += 2;  // name (
  if (AcceptSym("*")) {
    auto star = std::make_unique<SqlExpr>();
    star->kind = SqlExpr::kStar;
    e->children.push_back(std::move(star));
    FHL_TRY(ExpectSym(")"));
  } else if (!AcceptSym(")")) {
    if (AcceptKw("distinct")) {
      e->distinct = true;
    } else {
      AcceptKw("all");
    }
    if (e->name == "trim" && (IsKw("both") || IsKw("leading") || IsKw("trailing"))) {
      const std::string spec = Cur().text;
      ++idx_;
      e->name = spec == "both" ? "trim" : spec == "leading" ? "ltrim" : "rtrim";
      if (!AcceptKw("from")) {
        FailText(Cur(), "TRIM with a custom character set is not supported by this sandbox", "NOT_SUPPORTED");
        return nullptr;
      }
    }
    do {
      auto arg = Expr();
      FHL_TRY(arg);
      e->children.push_back(std::move(arg));
    } while (AcceptSym(","));
    if (IsKw("order")) {
      FailText(Cur(), "ORDER BY inside aggregate calls is not supported by this sandbox", "NOT_SUPPORTED");
      return nullptr;
    }
    FHL_TRY(ExpectSym(")"));
  }
  if (AcceptKw("filter")) {
    FHL_TRY(ExpectSym("("));
    FHL_TRY(ExpectKw("where"));
    e->filter = Expr();
    FHL_TRY(e->filter);
    FHL_TRY(ExpectSym(")"));
  }
  if (IsKw("ignore") || IsKw("respect")) {
    FailText(Cur(), "IGNORE/RESPECT NULLS is not supported by this sandbox", "NOT_SUPPORTED");
    return nullptr;
  }
  if (AcceptKw("over")) {
    e->window = std::make_unique<SqlWindow>();
    FHL_TRY(ExpectSym("("));
    FHL_TRY(WindowSpec(e->window.get()));
    FHL_TRY(ExpectSym(")"));
  }
  Finish(e.get(), first);
  return e;
}

bool Parser::WindowSpec(SqlWindow* w) {
  if (AcceptKw("partition")) {
    if (!ExpectKw("by")) return false;
    do {
      auto p = Expr();
      if (!p) return false;
      w->partition_by.push_back(std::move(p));
    } while (AcceptSym(","));
  }
  if (AcceptKw("order")) {
    if (!ExpectKw("by")) return false;
    if (!OrderItems(&w->order_by)) return false;
  }
  std::string unit;
  if (AcceptKw("rows")) {
    unit = "ROWS";
  } else if (AcceptKw("range")) {
    unit = "RANGE";
  } else if (AcceptKw("groups")) {
    unit = "GROUPS";
  }
  if (!unit.empty()) {
    std::string a, b;
    if (AcceptKw("between")) {
      if (!FrameBound(&a) || !ExpectKw("and") || !FrameBound(&b)) return false;
      w->frame = unit + " BETWEEN " + a + " AND " + b;
    } else {
      if (!FrameBound(&a)) return false;
      w->frame = unit + " " + a;
    }
  }
  return true;
}

bool Parser::FrameBound(std::string* out) {
  if (AcceptKw("unbounded")) {
    if (AcceptKw("preceding")) {
      *out = "UNBOUNDED PRECEDING";
    } else if (AcceptKw("following")) {
      *out = "UNBOUNDED FOLLOWING";
    } else {
      return Fail();
    }
    return true;
  }
  if (AcceptKw("current")) {
    if (!ExpectKw("row")) return false;
    *out = "CURRENT ROW";
    return true;
  }
  Expect("<integer>");
  if (Cur().kind != SqlToken::kInteger) return Fail();
  const std::string n = Cur().text;
  ++idx_;
  if (AcceptKw("preceding")) {
    *out = n + " PRECEDING";
  } else if (AcceptKw("following")) {
    *out = n + " FOLLOWING";
  } else {
    return Fail();
  }
  return true;
}

std::unique_ptr<SqlExpr> Parser::CaseExpr() {
  auto e = std::make_unique<SqlExpr>();
  e->kind = SqlExpr::kCase;
  if (!IsKw("when")) {
    auto operand = Expr();
    FHL_TRY(operand);
    e->has_operand = true;
    e->children.push_back(std::move(operand));
  }
  FHL_TRY(IsKw("when") || Fail());
  while (AcceptKw("when")) {
    auto cond = Expr();
    FHL_TRY(cond);
    FHL_TRY(ExpectKw("then"));
    auto val = Expr();
    FHL_TRY(val);
    e->children.push_back(std::move(cond));
    e->children.push_back(std::move(val));
  }
  if (AcceptKw("else")) {
    auto val = Expr();
    FHL_TRY(val);
    e->has_else = true;
    e->children.push_back(std::move(val));
  }
  FHL_TRY(ExpectKw("end"));
  return e;
}

// Type names: varchar, varchar(n), decimal(p,s), double precision, timestamp, timestamp(3) [with time zone],
// array(T) / array<T>.
bool Parser::TypeName(std::string* out) {
  std::string name;
  if (!Identifier(&name)) return false;
  if (name == "double" && Cur().IsWord("precision")) ++idx_;
  if (AcceptSym("(")) {
    std::string args;
    int depth = 1;
    while (depth > 0) {
      if (Cur().kind == SqlToken::kEnd) return Fail();
      if (Cur().IsSymbol("(")) ++depth;
      if (Cur().IsSymbol(")")) {
        if (--depth == 0) break;
      }
      if (Cur().IsSymbol(",")) {
        args += ",";
      } else {
        if (!args.empty() && args.back() != ',' && args.back() != '(') args += " ";
        args += Cur().text;
      }
      ++idx_;
    }
    ++idx_;
    name += "(" + args + ")";
  }
  if (Cur().IsWord("with") && Peek().IsWord("time")) {
    idx_ += 2;
    if (!ExpectKw("zone")) return false;
    name += " with time zone";
  }
  *out = name;
  return true;
}

}  // namespace

SqlParseResult ParseSqlQuery(std::string_view sql) {
  SqlLexResult lex = LexSql(sql);
  if (!lex.ok) {
    SqlParseResult r;
    r.error_name = "SYNTAX_ERROR";
    r.line = lex.line;
    r.column = lex.column;
    r.message = lex.message;
    return r;
  }
  Parser p(sql, std::move(lex.tokens));
  return p.ParseStatement();
}

}  // namespace fhl
