// athena_ddl.cpp: a small Hive-dialect lexer and recursive-descent parser for Athena's DDL/utility statements,
// their effects on the Glue catalog and their result sets. Must not depend on the object store, SQLite or the service.
#include "core/athena_ddl.h"

#include <algorithm>
#include <set>
#include <utility>

#include "core/json_serde.h"

namespace fhl {
namespace {

// [SECTION] constants

constexpr const char* kOpenXSerDe = "org.openx.data.jsonserde.JsonSerDe";
constexpr const char* kHiveJsonSerDe = "org.apache.hive.hcatalog.data.JsonSerDe";
constexpr const char* kLazySimpleSerDe = "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe";
constexpr const char* kTextInputFormat = "org.apache.hadoop.mapred.TextInputFormat";
constexpr const char* kTextOutputFormat = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat";

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

bool IsIdentStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsIdentChar(char c) { return IsIdentStart(c) || (c >= '0' && c <= '9'); }

// Hive reserved keywords that Athena's DDL rejects as bare identifiers (they must be `quoted`).
bool IsReservedWord(std::string_view word) {
  static const char* const kReserved[] = {
      "ALL", "ALTER", "AND", "ARRAY", "AS", "AUTHORIZATION", "BETWEEN", "BIGINT", "BINARY", "BOOLEAN", "BOTH", "BY",
      "CASE", "CAST", "CHAR", "COLUMN", "CONF", "CONSTRAINT", "COMMIT", "CREATE", "CROSS", "CUBE", "CURRENT",
      "CURRENT_DATE", "CURRENT_TIMESTAMP", "CURSOR", "DATABASE", "DATE", "DAYOFWEEK", "DECIMAL", "DELETE",
      "DESCRIBE", "DISTINCT", "DIV", "DOUBLE", "DROP", "ELSE", "END", "EXCHANGE", "EXISTS", "EXTENDED", "EXTERNAL",
      "EXTRACT", "FALSE", "FETCH", "FLOAT", "FLOOR", "FOLLOWING", "FOR", "FOREIGN", "FROM", "FULL", "FUNCTION",
      "GRANT", "GROUP", "GROUPING", "HAVING", "IF", "IMPORT", "IN", "INNER", "INSERT", "INT", "INTEGER",
      "INTERSECT", "INTERVAL", "INTO", "IS", "JOIN", "LATERAL", "LEFT", "LESS", "LIKE", "LOCAL", "MACRO", "MAP",
      "MORE", "NONE", "NOT", "NULL", "NUMERIC", "OF", "ON", "ONLY", "OR", "ORDER", "OUT", "OUTER", "OVER",
      "PARTIALSCAN", "PARTITION", "PERCENT", "PRECEDING", "PRECISION", "PRESERVE", "PRIMARY", "PROCEDURE", "RANGE",
      "READS", "REDUCE", "REGEXP", "REFERENCES", "REVOKE", "RIGHT", "RLIKE", "ROLLBACK", "ROLLUP", "ROW", "ROWS",
      "SELECT", "SET", "SMALLINT", "START", "TABLE", "TABLESAMPLE", "THEN", "TIME", "TIMESTAMP", "TO", "TRANSFORM",
      "TRIGGER", "TRUE", "TRUNCATE", "UNBOUNDED", "UNION", "UNIQUEJOIN", "UPDATE", "USER", "USING", "UTC_TMESTAMP",
      "VALUES", "VARCHAR", "VIEWS", "WHEN", "WHERE", "WINDOW", "WITH"};
  const std::string upper = Upper(word);
  for (const char* r : kReserved) {
    if (upper == r) return true;
  }
  return false;
}

// [SECTION] lexer

struct Tok {
  enum Kind { kIdent, kQuotedIdent, kString, kNumber, kPunct, kEnd } kind = kEnd;
  std::string text;  // identifier (as written), decoded string, number, punctuation
  std::string raw;   // as written (for error texts)
  int line = 1;
  int col0 = 0;      // 0-based, as Hive reports positions
};

// Skips whitespace and comments from `i`; tracks line/column.
void SkipSpace(std::string_view s, size_t* i, int* line, size_t* line_start) {
  while (*i < s.size()) {
    const char c = s[*i];
    if (c == '\n') {
      ++*i;
      ++*line;
      *line_start = *i;
    } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
      ++*i;
    } else if (c == '-' && *i + 1 < s.size() && s[*i + 1] == '-') {
      while (*i < s.size() && s[*i] != '\n') ++*i;
    } else if (c == '/' && *i + 1 < s.size() && s[*i + 1] == '*') {
      *i += 2;
      while (*i + 1 < s.size() && !(s[*i] == '*' && s[*i + 1] == '/')) {
        if (s[*i] == '\n') ++*line, *line_start = *i + 1;
        ++*i;
      }
      *i = std::min(s.size(), *i + 2);
    } else {
      return;
    }
  }
}

struct LexResult {
  std::vector<Tok> toks;
  std::optional<std::string> error;  // Hive ParseException text (without "FAILED: ")
};

LexResult Lex(std::string_view s) {
  LexResult r;
  size_t i = 0, line_start = 0;
  int line = 1;
  while (true) {
    SkipSpace(s, &i, &line, &line_start);
    Tok t;
    t.line = line;
    t.col0 = static_cast<int>(i - line_start);
    if (i >= s.size()) {
      t.kind = Tok::kEnd;
      t.raw = "<EOF>";
      r.toks.push_back(t);
      return r;
    }
    const char c = s[i];
    const size_t start = i;
    if (IsIdentStart(c) || (c >= '0' && c <= '9')) {
      bool all_digits = true;
      while (i < s.size() && IsIdentChar(s[i])) all_digits = all_digits && s[i] >= '0' && s[i] <= '9', ++i;
      t.kind = all_digits ? Tok::kNumber : Tok::kIdent;
      t.text = std::string(s.substr(start, i - start));
    } else if (c == '`') {
      ++i;
      std::string text;
      while (true) {
        if (i >= s.size()) {
          r.error = "ParseException line " + std::to_string(line) + ":" + std::to_string(t.col0) +
                    " mismatched character '<EOF>' expecting '`'";
          return r;
        }
        if (s[i] == '`') {
          if (i + 1 < s.size() && s[i + 1] == '`') {
            text += '`';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        text += s[i++];
      }
      t.kind = Tok::kQuotedIdent;
      t.text = std::move(text);
    } else if (c == '\'' || c == '"') {
      ++i;
      std::string text;
      while (true) {
        if (i >= s.size()) {
          r.error = "ParseException line " + std::to_string(line) + ":" + std::to_string(t.col0) +
                    " mismatched character '<EOF>' expecting '" + std::string(1, c) + "'";
          return r;
        }
        const char d = s[i];
        if (d == c) {
          ++i;
          break;
        }
        if (d == '\\' && i + 1 < s.size()) {
          const char e = s[i + 1];
          text += e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e == '0' ? '\0' : e;
          i += 2;
          continue;
        }
        if (d == '\n') ++line, line_start = i + 1;
        text += d;
        ++i;
      }
      t.kind = Tok::kString;
      t.text = std::move(text);
    } else {
      ++i;
      t.kind = Tok::kPunct;
      t.text = std::string(1, c);
    }
    t.raw = std::string(s.substr(start, i - start));
    r.toks.push_back(std::move(t));
  }
}

// [SECTION] parser helpers

struct ParseFailure {
  SqlError error;
};

SqlError Failed(std::string message) { return SqlError{"FAILED", 0, 0, std::move(message)}; }
SqlError TableNotFound(std::string_view name) {
  return Failed("SemanticException [Error 10001]: Table not found " + std::string(name));
}
SqlError DatabaseNotFound(std::string_view name) {
  return Failed("SemanticException [Error 10072]: Database does not exist: " + std::string(name));
}
SqlError NotSupported(std::string message) { return SqlError{"NOT_SUPPORTED", 0, 0, std::move(message)}; }

class Parser {
 public:
  explicit Parser(std::vector<Tok> toks) : toks_(std::move(toks)) {}

  const Tok& Peek(size_t ahead = 0) const { return toks_[std::min(pos_ + ahead, toks_.size() - 1)]; }
  const Tok& Next() {
    const Tok& t = Peek();
    if (pos_ < toks_.size() - 1) ++pos_;
    return t;
  }
  bool AtEnd() const { return Peek().kind == Tok::kEnd; }

  bool IsKw(std::string_view kw, size_t ahead = 0) const {
    const Tok& t = Peek(ahead);
    return t.kind == Tok::kIdent && Upper(t.text) == kw;
  }
  bool AcceptKw(std::string_view kw) {
    if (!IsKw(kw)) return false;
    Next();
    return true;
  }
  bool IsPunct(char c) const { return Peek().kind == Tok::kPunct && Peek().text[0] == c; }
  bool AcceptPunct(char c) {
    if (!IsPunct(c)) return false;
    Next();
    return true;
  }

  // "cannot recognize input near 'a' 'b' 'c' in <context>" at the current token.
  SqlError NearError(std::string_view context) const {
    const Tok& t = Peek();
    std::string near;
    for (size_t k = 0; k < 3; ++k) {
      const Tok& n = Peek(k);
      near += (k ? " '" : "'") + n.raw + "'";
      if (n.kind == Tok::kEnd) break;
    }
    return Failed("ParseException line " + std::to_string(t.line) + ":" + std::to_string(t.col0) +
                  " cannot recognize input near " + near + " in " + std::string(context));
  }

  // "mismatched input 'x' expecting Y near 'prev' in <context>".
  SqlError Mismatched(std::string_view expecting, std::string_view context) const {
    const Tok& t = Peek();
    const Tok& prev = toks_[pos_ > 0 ? pos_ - 1 : 0];
    return Failed("ParseException line " + std::to_string(t.line) + ":" + std::to_string(t.col0) +
                  " mismatched input '" + t.raw + "' expecting " + std::string(expecting) + " near '" + prev.raw +
                  "' in " + std::string(context));
  }

  std::optional<SqlError> ExpectKw(std::string_view kw, std::string_view context) {
    if (AcceptKw(kw)) return std::nullopt;
    return Mismatched(kw, context);
  }
  std::optional<SqlError> ExpectPunct(char c, std::string_view context) {
    if (AcceptPunct(c)) return std::nullopt;
    return Mismatched(std::string(1, c), context);
  }

  // Accepts an optional ';' and requires the end.
  std::optional<SqlError> ExpectEnd() {
    AcceptPunct(';');
    if (AtEnd()) return std::nullopt;
    const Tok& t = Peek();
    const Tok& prev = toks_[pos_ > 0 ? pos_ - 1 : 0];
    return Failed("ParseException line " + std::to_string(t.line) + ":" + std::to_string(t.col0) +
                  " missing EOF at '" + t.raw + "' near '" + prev.raw + "'");
  }

  bool IsIdentifier() const { return Peek().kind == Tok::kIdent || Peek().kind == Tok::kQuotedIdent; }

  std::optional<std::string> Identifier() {
    if (!IsIdentifier()) return std::nullopt;
    return Next().text;
  }

  std::optional<std::string> StringLiteral() {
    if (Peek().kind != Tok::kString) return std::nullopt;
    return Next().text;
  }

  // [db.]name; sets *written to the name as typed (for error texts).
  std::optional<SqlError> TableName(std::string_view context, std::string* db, std::string* name, std::string* written) {
    auto first = Identifier();
    if (!first) return NearError(context);
    *written = *first;
    if (AcceptPunct('.')) {
      auto second = Identifier();
      if (!second) return NearError(context);
      *db = Lower(*first);
      *name = Lower(*second);
      *written += "." + *second;
    } else {
      *name = Lower(*first);
    }
    return std::nullopt;
  }

  // ('k'='v', ...)
  std::optional<SqlError> Properties(std::string_view context, std::map<std::string, std::string>* out) {
    if (auto e = ExpectPunct('(', context)) return e;
    while (true) {
      auto key = StringLiteral();
      if (!key) return NearError(context);
      if (auto e = ExpectPunct('=', context)) return e;
      auto value = StringLiteral();
      if (!value) return NearError(context);
      (*out)[*key] = *value;
      if (AcceptPunct(',')) continue;
      return ExpectPunct(')', context);
    }
  }

  // A Hive column type: ident [ '(' n [, n] ')' ] | complex '<' ... '>'.
  std::optional<SqlError> ColumnType(std::string* type) {
    const size_t start = pos_;
    if (Peek().kind != Tok::kIdent) return NearError("column type");
    std::string text = Lower(Next().text);
    if (IsPunct('(')) {
      text += Next().text;
      while (!AtEnd() && !IsPunct(')')) text += Next().raw;
      if (!AcceptPunct(')')) return NearError("column type");
      text += ')';
    } else if (IsPunct('<')) {
      int depth = 0;
      do {
        const Tok& t = Next();
        if (t.kind == Tok::kPunct && t.text == "<") ++depth;
        if (t.kind == Tok::kPunct && t.text == ">") --depth;
        text += t.kind == Tok::kQuotedIdent ? t.text : Lower(t.raw);
      } while (depth > 0 && !AtEnd());
      if (depth != 0) return NearError("column type");
    }
    auto parsed = ParseHiveType(text);
    if (!parsed) {
      pos_ = start;
      return NearError("column type");
    }
    *type = parsed->kind == HiveKind::kComplex ? text : HiveTypeName(*parsed);
    return std::nullopt;
  }

  // ( `col` type [COMMENT 'c'], ... ). Reserved words must be backquoted, as Athena's DDL requires.
  std::optional<SqlError> ColumnList(std::vector<GlueColumn>* out) {
    if (auto e = ExpectPunct('(', "create table statement")) return e;
    while (true) {
      if (Peek().kind == Tok::kIdent && IsReservedWord(Peek().text)) return NearError("column specification");
      auto name = Identifier();
      if (!name) return NearError("create table statement");
      GlueColumn c;
      c.name = Lower(*name);
      if (auto e = ColumnType(&c.type)) return e;
      if (AcceptKw("COMMENT")) {
        auto comment = StringLiteral();
        if (!comment) return NearError("column specification");
        c.comment = *comment;
      }
      out->push_back(std::move(c));
      if (AcceptPunct(',')) continue;
      return ExpectPunct(')', "create table statement");
    }
  }

 private:
  std::vector<Tok> toks_;
  size_t pos_ = 0;
};

// [SECTION] result helpers

using Row = std::vector<std::optional<std::string>>;

DdlOutcome Success(std::string statement_type) {
  DdlOutcome o;
  o.ok = true;
  o.statement_type = std::move(statement_type);
  return o;
}

DdlOutcome Failure(std::string statement_type, SqlError error) {
  DdlOutcome o;
  o.ok = false;
  o.statement_type = std::move(statement_type);
  o.error = std::move(error);
  return o;
}

void SetColumns(DdlOutcome* o, std::initializer_list<const char*> names) {
  for (const char* n : names) o->columns.push_back(SqlColumnInfo{n, "string"});
}

std::string Quote(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

bool IsJsonSerDe(std::string_view lib) { return lib == kOpenXSerDe || lib == kHiveJsonSerDe; }

// The comment DESCRIBE / SHOW CREATE TABLE show for a column: JSON SerDes report 'from deserializer'.
std::string ColumnComment(const GlueTable& t, const GlueColumn& c) {
  if (!c.comment.empty()) return c.comment;
  return IsJsonSerDe(t.serde_library) ? "from deserializer" : "";
}

std::string ResolveDb(const std::string& db, std::string_view default_database) {
  if (!db.empty()) return db;
  return default_database.empty() ? std::string("default") : Lower(default_database);
}

// Finds a table for a utility/DDL statement, with Hive's errors.
const GlueTable* LookupTable(const GlueCatalog& catalog, const std::string& db, const std::string& name,
                             const std::string& written, SqlError* error) {
  if (!catalog.FindDatabase(db)) {
    *error = DatabaseNotFound(db);
    return nullptr;
  }
  const GlueTable* t = catalog.FindTable(db, name);
  if (!t) *error = TableNotFound(written);
  return t;
}

bool ValidS3Location(std::string_view loc) {
  if (loc.size() < 6) return false;
  if (Lower(loc.substr(0, 5)) != "s3://") return false;
  const std::string_view rest = loc.substr(5);
  return !rest.empty() && rest[0] != '/';
}

// [SECTION] CREATE

DdlOutcome CreateDatabase(Parser& p, GlueCatalog& catalog, TimeUs now) {
  bool if_not_exists = false;
  if (p.IsKw("IF")) {
    p.Next();
    if (auto e = p.ExpectKw("NOT", "create database statement")) return Failure("DDL", *e);
    if (auto e = p.ExpectKw("EXISTS", "create database statement")) return Failure("DDL", *e);
    if_not_exists = true;
  }
  auto name = p.Identifier();
  if (!name) return Failure("DDL", p.NearError("create database statement"));
  GlueDatabase db;
  db.name = Lower(*name);
  db.create_time = now;
  if (p.AcceptKw("COMMENT")) {
    auto c = p.StringLiteral();
    if (!c) return Failure("DDL", p.NearError("create database statement"));
    db.description = *c;
  }
  if (p.AcceptKw("LOCATION")) {
    auto l = p.StringLiteral();
    if (!l) return Failure("DDL", p.NearError("create database statement"));
    db.location_uri = *l;
  }
  if (p.AcceptKw("WITH")) {
    if (auto e = p.ExpectKw("DBPROPERTIES", "create database statement")) return Failure("DDL", *e);
    std::map<std::string, std::string> ignored;
    if (auto e = p.Properties("create database statement", &ignored)) return Failure("DDL", *e);
  }
  if (auto e = p.ExpectEnd()) return Failure("DDL", *e);
  if (catalog.FindDatabase(db.name)) {
    if (if_not_exists) return Success("DDL");
    return Failure("DDL", SqlError{"AlreadyExistsException", 0, 0, "Database already exists."});
  }
  Status s = catalog.CreateDatabase(db);
  if (!s.ok()) return Failure("DDL", SqlError{s.error().code, 0, 0, s.error().message});
  return Success("DDL");
}

DdlOutcome CreateTable(Parser& p, GlueCatalog& catalog, std::string_view default_database, TimeUs now, bool external) {
  constexpr std::string_view kCtx = "create table statement";
  bool if_not_exists = false;
  if (p.IsKw("IF")) {
    p.Next();
    if (auto e = p.ExpectKw("NOT", kCtx)) return Failure("DDL", *e);
    if (auto e = p.ExpectKw("EXISTS", kCtx)) return Failure("DDL", *e);
    if_not_exists = true;
  }
  GlueTable t;
  std::string db, written;
  if (auto e = p.TableName("table name", &db, &t.name, &written)) return Failure("DDL", *e);
  if (p.IsKw("AS")) return Failure("DDL", NotSupported("CREATE TABLE AS SELECT is not supported in this lab"));
  if (auto e = p.ColumnList(&t.columns)) return Failure("DDL", *e);
  std::string comment;
  if (p.AcceptKw("COMMENT")) {
    auto c = p.StringLiteral();
    if (!c) return Failure("DDL", p.NearError(kCtx));
    comment = *c;
  }
  if (p.AcceptKw("PARTITIONED")) {
    if (auto e = p.ExpectKw("BY", kCtx)) return Failure("DDL", *e);
    if (auto e = p.ColumnList(&t.partition_keys)) return Failure("DDL", *e);
  }
  if (p.IsKw("CLUSTERED")) return Failure("DDL", NotSupported("Bucketed tables (CLUSTERED BY) are not supported in this lab"));
  bool delimited = false;
  bool have_row_format = false;
  if (p.AcceptKw("ROW")) {
    if (auto e = p.ExpectKw("FORMAT", kCtx)) return Failure("DDL", *e);
    have_row_format = true;
    if (p.AcceptKw("SERDE")) {
      auto lib = p.StringLiteral();
      if (!lib) return Failure("DDL", p.NearError("serde specification"));
      t.serde_library = *lib;
      if (p.AcceptKw("WITH")) {
        if (auto e = p.ExpectKw("SERDEPROPERTIES", "serde properties specification")) return Failure("DDL", *e);
        if (auto e = p.Properties("serde properties specification", &t.serde_parameters)) return Failure("DDL", *e);
      }
    } else if (p.AcceptKw("DELIMITED")) {
      delimited = true;
      t.serde_library = kLazySimpleSerDe;
      // FIELDS TERMINATED BY 'x' [ESCAPED BY 'x'] | COLLECTION ITEMS TERMINATED BY | MAP KEYS TERMINATED BY |
      // LINES TERMINATED BY | NULL DEFINED AS
      while (true) {
        std::string key;
        if (p.AcceptKw("FIELDS")) {
          key = "field.delim";
        } else if (p.AcceptKw("COLLECTION")) {
          if (auto e = p.ExpectKw("ITEMS", "table row format's field separator")) return Failure("DDL", *e);
          key = "collection.delim";
        } else if (p.AcceptKw("MAP")) {
          if (auto e = p.ExpectKw("KEYS", "table row format's field separator")) return Failure("DDL", *e);
          key = "mapkey.delim";
        } else if (p.AcceptKw("LINES")) {
          key = "line.delim";
        } else if (p.AcceptKw("NULL")) {
          if (auto e = p.ExpectKw("DEFINED", "table row format's field separator")) return Failure("DDL", *e);
          if (auto e = p.ExpectKw("AS", "table row format's field separator")) return Failure("DDL", *e);
          auto v = p.StringLiteral();
          if (!v) return Failure("DDL", p.NearError("table row format's field separator"));
          t.serde_parameters["serialization.null.format"] = *v;
          continue;
        } else {
          break;
        }
        if (auto e = p.ExpectKw("TERMINATED", "table row format's field separator")) return Failure("DDL", *e);
        if (auto e = p.ExpectKw("BY", "table row format's field separator")) return Failure("DDL", *e);
        auto v = p.StringLiteral();
        if (!v) return Failure("DDL", p.NearError("table row format's field separator"));
        t.serde_parameters[key] = *v;
        if (key == "field.delim") t.serde_parameters["serialization.format"] = *v;
        if (key == "field.delim" && p.AcceptKw("ESCAPED")) {
          if (auto e = p.ExpectKw("BY", "table row format's field separator")) return Failure("DDL", *e);
          auto esc = p.StringLiteral();
          if (!esc) return Failure("DDL", p.NearError("table row format's field separator"));
          t.serde_parameters["escape.delim"] = *esc;
        }
      }
    } else {
      return Failure("DDL", p.NearError("serde specification"));
    }
  }
  std::string stored_as;
  if (p.AcceptKw("STORED")) {
    if (auto e = p.ExpectKw("AS", kCtx)) return Failure("DDL", *e);
    if (p.AcceptKw("INPUTFORMAT")) {
      auto in = p.StringLiteral();
      if (!in) return Failure("DDL", p.NearError("table file format specification"));
      if (auto e = p.ExpectKw("OUTPUTFORMAT", "table file format specification")) return Failure("DDL", *e);
      auto out = p.StringLiteral();
      if (!out) return Failure("DDL", p.NearError("table file format specification"));
      t.input_format = *in;
      t.output_format = *out;
    } else if (p.Peek().kind == Tok::kIdent) {
      stored_as = Upper(p.Next().text);
    } else {
      return Failure("DDL", p.NearError("table file format specification"));
    }
  }
  std::optional<std::string> location;
  if (p.AcceptKw("LOCATION")) {
    location = p.StringLiteral();
    if (!location) return Failure("DDL", p.NearError(kCtx));
  }
  std::map<std::string, std::string> tblproperties;
  if (p.AcceptKw("TBLPROPERTIES")) {
    if (auto e = p.Properties("table properties list", &tblproperties)) return Failure("DDL", *e);
  }
  if (auto e = p.ExpectEnd()) return Failure("DDL", *e);

  // Semantics.
  if (!external) {
    return Failure("DDL", NotSupported("Only external table creation is supported: use CREATE EXTERNAL TABLE"));
  }
  if (!stored_as.empty()) {
    if (stored_as == "TEXTFILE") {
      t.input_format = kTextInputFormat;
      t.output_format = kTextOutputFormat;
    } else if (stored_as == "JSONFILE" && !have_row_format) {
      t.serde_library = kHiveJsonSerDe;
    } else {
      return Failure("DDL", NotSupported("STORED AS " + stored_as +
                                             " is not supported in this lab: tables read text objects "
                                             "(JSON lines or delimited text)"));
    }
  }
  if (!have_row_format && t.serde_library.empty()) {
    delimited = true;
    t.serde_library = kLazySimpleSerDe;
  }
  (void)delimited;
  if (!IsJsonSerDe(t.serde_library) && t.serde_library != kLazySimpleSerDe) {
    return Failure("DDL", NotSupported("SerDe '" + t.serde_library +
                                           "' is not supported in this lab: use ROW FORMAT SERDE "
                                           "'org.openx.data.jsonserde.JsonSerDe' (JSON, one object per line) or "
                                           "ROW FORMAT DELIMITED FIELDS TERMINATED BY ','"));
  }
  if (t.serde_library == kLazySimpleSerDe && t.serde_parameters.count("serialization.format") == 0) {
    // Hive records the delimiter as serialization.format too (Hive's default is \001).
    auto delim = t.serde_parameters.find("field.delim");
    t.serde_parameters["serialization.format"] = delim != t.serde_parameters.end() ? delim->second : "1";
  }
  std::set<std::string> names;
  for (const GlueColumn& c : t.columns) {
    if (!names.insert(c.name).second) {
      return Failure("DDL", Failed("SemanticException [Error 10036]: Duplicate column name: " + c.name));
    }
  }
  for (const GlueColumn& c : t.partition_keys) {
    if (names.count(c.name)) return Failure("DDL", Failed("SemanticException [Error 10035]: Column repeated in partitioning columns"));
    names.insert(c.name);
  }
  if (!location) {
    return Failure("DDL", Failed("SemanticException [Error 10000]: An external table requires a LOCATION "
                                 "(s3://bucket/prefix/)"));
  }
  if (!ValidS3Location(*location)) {
    return Failure("DDL", Failed("SemanticException [Error 10000]: Invalid LOCATION '" + *location +
                                 "': expected s3://bucket/prefix/"));
  }
  t.location = *location;
  t.database = ResolveDb(db, default_database);
  if (!catalog.FindDatabase(t.database)) return Failure("DDL", DatabaseNotFound(t.database));
  if (catalog.FindTable(t.database, t.name)) {
    if (if_not_exists) return Success("DDL");
    return Failure("DDL", SqlError{"AlreadyExistsException", 0, 0, "Table already exists."});
  }
  t.parameters = std::move(tblproperties);
  t.parameters["EXTERNAL"] = "TRUE";
  t.parameters["transient_lastDdlTime"] = std::to_string(now / kUsPerSecond);
  if (!comment.empty()) t.parameters["comment"] = comment;
  t.table_type = "EXTERNAL_TABLE";
  t.create_time = now;
  t.update_time = now;
  Status s = catalog.CreateTable(t);
  if (!s.ok()) return Failure("DDL", SqlError{s.error().code, 0, 0, s.error().message});
  return Success("DDL");
}

// [SECTION] DROP

DdlOutcome Drop(Parser& p, GlueCatalog& catalog, std::string_view default_database) {
  if (p.AcceptKw("TABLE")) {
    bool if_exists = false;
    if (p.AcceptKw("IF")) {
      if (auto e = p.ExpectKw("EXISTS", "drop statement")) return Failure("DDL", *e);
      if_exists = true;
    }
    std::string db, name, written;
    if (auto e = p.TableName("table name", &db, &name, &written)) return Failure("DDL", *e);
    p.AcceptKw("PURGE");
    if (auto e = p.ExpectEnd()) return Failure("DDL", *e);
    const std::string database = ResolveDb(db, default_database);
    if (!catalog.FindDatabase(database)) {
      if (if_exists) return Success("DDL");
      return Failure("DDL", DatabaseNotFound(database));
    }
    if (!catalog.FindTable(database, name)) {
      if (if_exists) return Success("DDL");
      return Failure("DDL", TableNotFound(written));
    }
    Status s = catalog.DeleteTable(database, name);
    if (!s.ok()) return Failure("DDL", SqlError{s.error().code, 0, 0, s.error().message});
    return Success("DDL");
  }
  if (p.AcceptKw("DATABASE") || p.AcceptKw("SCHEMA")) {
    bool if_exists = false;
    if (p.AcceptKw("IF")) {
      if (auto e = p.ExpectKw("EXISTS", "drop statement")) return Failure("DDL", *e);
      if_exists = true;
    }
    auto name = p.Identifier();
    if (!name) return Failure("DDL", p.NearError("drop statement"));
    bool cascade = false;
    if (p.AcceptKw("CASCADE")) {
      cascade = true;
    } else {
      p.AcceptKw("RESTRICT");
    }
    if (auto e = p.ExpectEnd()) return Failure("DDL", *e);
    const std::string db = Lower(*name);
    if (!catalog.FindDatabase(db)) {
      if (if_exists) return Success("DDL");
      return Failure("DDL", DatabaseNotFound(db));
    }
    if (db == "default") {
      return Failure("DDL", Failed("Execution Error, return code 1 from org.apache.hadoop.hive.ql.exec.DDLTask. "
                                   "MetaException(message:Can not drop default database)"));
    }
    if (!cascade && !catalog.ListTables(db).empty()) {
      return Failure("DDL", Failed("Execution Error, return code 1 from org.apache.hadoop.hive.ql.exec.DDLTask. "
                                   "InvalidOperationException(message:Database " + db +
                                   " is not empty. One or more tables exist.)"));
    }
    Status s = catalog.DeleteDatabase(db);
    if (!s.ok()) return Failure("DDL", SqlError{s.error().code, 0, 0, s.error().message});
    return Success("DDL");
  }
  if (p.IsKw("VIEW")) return Failure("DDL", NotSupported("Views are not supported in this lab"));
  return Failure("DDL", p.NearError("ddl statement"));
}

// [SECTION] SHOW / DESCRIBE

std::vector<Row> DescribeRows(const GlueTable& t) {
  std::vector<Row> rows;
  for (const GlueColumn& c : t.columns) rows.push_back({c.name, c.type, ColumnComment(t, c)});
  for (const GlueColumn& c : t.partition_keys) rows.push_back({c.name, c.type, c.comment});
  if (!t.partition_keys.empty()) {
    rows.push_back({std::string(), std::string(), std::string()});
    rows.push_back({std::string("# Partition Information"), std::string(), std::string()});
    rows.push_back({std::string("# col_name"), std::string("data_type"), std::string("comment")});
    rows.push_back({std::string(), std::string(), std::string()});
    for (const GlueColumn& c : t.partition_keys) rows.push_back({c.name, c.type, c.comment});
  }
  return rows;
}

DdlOutcome Show(Parser& p, const GlueCatalog& catalog, std::string_view default_database) {
  if (p.AcceptKw("DATABASES") || p.AcceptKw("SCHEMAS")) {
    std::optional<std::string> pattern;
    if (p.AcceptKw("LIKE")) {
      pattern = p.StringLiteral();
      if (!pattern) return Failure("UTILITY", p.NearError("show statement"));
    } else {
      pattern = p.StringLiteral();
    }
    if (auto e = p.ExpectEnd()) return Failure("UTILITY", *e);
    DdlOutcome o = Success("UTILITY");
    SetColumns(&o, {"database_name"});
    for (const GlueDatabase* db : catalog.ListDatabases()) {
      if (!pattern || GlueNameMatches(*pattern, db->name)) o.rows.push_back({db->name});
    }
    return o;
  }
  if (p.AcceptKw("TABLES")) {
    std::string db = ResolveDb("", default_database);
    if (p.AcceptKw("IN") || p.AcceptKw("FROM")) {
      auto name = p.Identifier();
      if (!name) return Failure("UTILITY", p.NearError("show statement"));
      db = Lower(*name);
    }
    p.AcceptKw("LIKE");
    std::optional<std::string> pattern = p.StringLiteral();
    if (auto e = p.ExpectEnd()) return Failure("UTILITY", *e);
    if (!catalog.FindDatabase(db)) return Failure("UTILITY", DatabaseNotFound(db));
    DdlOutcome o = Success("UTILITY");
    SetColumns(&o, {"tab_name"});
    for (const GlueTable* t : catalog.ListTables(db)) {
      if (!pattern || GlueNameMatches(*pattern, t->name)) o.rows.push_back({t->name});
    }
    return o;
  }
  if (p.AcceptKw("CREATE")) {
    if (p.IsKw("VIEW")) return Failure("UTILITY", NotSupported("Views are not supported in this lab"));
    if (auto e = p.ExpectKw("TABLE", "show statement")) return Failure("UTILITY", *e);
    std::string db, name, written;
    if (auto e = p.TableName("table name", &db, &name, &written)) return Failure("UTILITY", *e);
    if (auto e = p.ExpectEnd()) return Failure("UTILITY", *e);
    SqlError error;
    const GlueTable* t = LookupTable(catalog, ResolveDb(db, default_database), name, written, &error);
    if (!t) return Failure("UTILITY", error);
    DdlOutcome o = Success("UTILITY");
    SetColumns(&o, {"createtab_stmt"});
    const std::string text = ShowCreateTableText(*t);
    size_t start = 0;
    while (start <= text.size()) {
      const size_t nl = text.find('\n', start);
      o.rows.push_back({text.substr(start, nl == std::string::npos ? std::string::npos : nl - start)});
      if (nl == std::string::npos) break;
      start = nl + 1;
    }
    return o;
  }
  if (p.AcceptKw("COLUMNS")) {
    if (!p.AcceptKw("IN") && !p.AcceptKw("FROM")) return Failure("UTILITY", p.Mismatched("FROM", "show statement"));
    std::string db, name, written;
    if (auto e = p.TableName("table name", &db, &name, &written)) return Failure("UTILITY", *e);
    if (p.AcceptKw("IN") || p.AcceptKw("FROM")) {
      auto d = p.Identifier();
      if (!d) return Failure("UTILITY", p.NearError("show statement"));
      db = Lower(*d);
    }
    if (auto e = p.ExpectEnd()) return Failure("UTILITY", *e);
    SqlError error;
    const GlueTable* t = LookupTable(catalog, ResolveDb(db, default_database), name, written, &error);
    if (!t) return Failure("UTILITY", error);
    DdlOutcome o = Success("UTILITY");
    SetColumns(&o, {"field"});
    for (const GlueColumn& c : t->columns) o.rows.push_back({c.name});
    for (const GlueColumn& c : t->partition_keys) o.rows.push_back({c.name});
    return o;
  }
  if (p.AcceptKw("TBLPROPERTIES")) {
    std::string db, name, written;
    if (auto e = p.TableName("table name", &db, &name, &written)) return Failure("UTILITY", *e);
    std::optional<std::string> only;
    if (p.AcceptPunct('(')) {
      only = p.StringLiteral();
      if (!only) return Failure("UTILITY", p.NearError("show statement"));
      if (auto e = p.ExpectPunct(')', "show statement")) return Failure("UTILITY", *e);
    }
    if (auto e = p.ExpectEnd()) return Failure("UTILITY", *e);
    SqlError error;
    const GlueTable* t = LookupTable(catalog, ResolveDb(db, default_database), name, written, &error);
    if (!t) return Failure("UTILITY", error);
    DdlOutcome o = Success("UTILITY");
    SetColumns(&o, {"prpt_name", "prpt_value"});
    for (const auto& [k, v] : t->parameters) {
      if (!only || *only == k) o.rows.push_back({k, v});
    }
    if (only && o.rows.empty()) {
      o.rows.push_back({*only, "Table " + t->database + "." + t->name + " does not have property: " + *only});
    }
    return o;
  }
  if (p.AcceptKw("PARTITIONS")) {
    std::string db, name, written;
    if (auto e = p.TableName("table name", &db, &name, &written)) return Failure("UTILITY", *e);
    if (auto e = p.ExpectEnd()) return Failure("UTILITY", *e);
    SqlError error;
    const GlueTable* t = LookupTable(catalog, ResolveDb(db, default_database), name, written, &error);
    if (!t) return Failure("UTILITY", error);
    if (t->partition_keys.empty()) {
      return Failure("UTILITY", Failed("SemanticException [Error 10241]: Table " + t->name + " is not a partitioned table"));
    }
    DdlOutcome o = Success("UTILITY");  // the lab keeps no partition registry; projected partitions are not listed
    SetColumns(&o, {"partition"});
    return o;
  }
  return Failure("UTILITY", p.NearError("show statement"));
}

DdlOutcome Describe(Parser& p, const GlueCatalog& catalog, std::string_view default_database) {
  if (p.AcceptKw("DATABASE") || p.AcceptKw("SCHEMA")) {
    p.AcceptKw("EXTENDED");
    auto name = p.Identifier();
    if (!name) return Failure("UTILITY", p.NearError("describe statement"));
    if (auto e = p.ExpectEnd()) return Failure("UTILITY", *e);
    const GlueDatabase* db = catalog.FindDatabase(*name);
    if (!db) return Failure("UTILITY", DatabaseNotFound(Lower(*name)));
    DdlOutcome o = Success("UTILITY");
    SetColumns(&o, {"db_name", "comment", "location"});
    o.rows.push_back({db->name, db->description, db->location_uri});
    return o;
  }
  if (!p.AcceptKw("EXTENDED")) p.AcceptKw("FORMATTED");
  std::string db, name, written;
  if (auto e = p.TableName("table name", &db, &name, &written)) return Failure("UTILITY", *e);
  if (auto e = p.ExpectEnd()) return Failure("UTILITY", *e);
  SqlError error;
  const GlueTable* t = LookupTable(catalog, ResolveDb(db, default_database), name, written, &error);
  if (!t) return Failure("UTILITY", error);
  DdlOutcome o = Success("UTILITY");
  SetColumns(&o, {"col_name", "data_type", "comment"});
  o.rows = DescribeRows(*t);
  return o;
}

// [SECTION] MSCK / ALTER

DdlOutcome Msck(Parser& p, const GlueCatalog& catalog, std::string_view default_database) {
  if (auto e = p.ExpectKw("REPAIR", "msck statement")) return Failure("DDL", *e);
  if (auto e = p.ExpectKw("TABLE", "msck statement")) return Failure("DDL", *e);
  std::string db, name, written;
  if (auto e = p.TableName("table name", &db, &name, &written)) return Failure("DDL", *e);
  if (auto e = p.ExpectEnd()) return Failure("DDL", *e);
  SqlError error;
  const GlueTable* t = LookupTable(catalog, ResolveDb(db, default_database), name, written, &error);
  if (!t) return Failure("DDL", error);
  // MSCK discovers only Hive-style key=value/ folders; Firehose's yyyy/MM/dd/HH/ layout has none, so (as on AWS)
  // nothing is added. The lab keeps no partition registry at all.
  return Success("DDL");
}

DdlOutcome Alter(Parser& p, GlueCatalog& catalog, std::string_view default_database, TimeUs now) {
  if (!p.AcceptKw("TABLE")) {
    if (p.IsKw("DATABASE") || p.IsKw("SCHEMA")) return Failure("DDL", NotSupported("ALTER DATABASE is not supported in this lab"));
    return Failure("DDL", p.NearError("alter statement"));
  }
  std::string db, name, written;
  if (auto e = p.TableName("table name", &db, &name, &written)) return Failure("DDL", *e);
  if (p.AcceptKw("SET")) {
    if (auto e = p.ExpectKw("TBLPROPERTIES", "alter table statement")) return Failure("DDL", *e);
    std::map<std::string, std::string> props;
    if (auto e = p.Properties("table properties list", &props)) return Failure("DDL", *e);
    if (auto e = p.ExpectEnd()) return Failure("DDL", *e);
    SqlError error;
    const GlueTable* t = LookupTable(catalog, ResolveDb(db, default_database), name, written, &error);
    if (!t) return Failure("DDL", error);
    GlueTable updated = *t;
    for (auto& [k, v] : props) updated.parameters[k] = v;
    updated.parameters["transient_lastDdlTime"] = std::to_string(now / kUsPerSecond);
    updated.update_time = now;
    Status s = catalog.UpdateTable(updated);
    if (!s.ok()) return Failure("DDL", SqlError{s.error().code, 0, 0, s.error().message});
    return Success("DDL");
  }
  if (p.IsKw("ADD") || p.IsKw("DROP")) {
    return Failure("DDL", NotSupported("The lab keeps no partition registry: use partition projection "
                                       "(TBLPROPERTIES 'projection.enabled'='true', ...) instead of "
                                       "ALTER TABLE ADD/DROP PARTITION"));
  }
  return Failure("DDL", NotSupported("Only ALTER TABLE ... SET TBLPROPERTIES is supported in this lab"));
}

// First keyword, upper-cased ("" when none).
std::string FirstKeyword(std::string_view sql) {
  size_t i = 0, line_start = 0;
  int line = 1;
  SkipSpace(sql, &i, &line, &line_start);
  // A statement may be wrapped in parentheses only for queries; DDL starts with its keyword.
  size_t j = i;
  while (j < sql.size() && IsIdentChar(sql[j])) ++j;
  return Upper(sql.substr(i, j - i));
}

}  // namespace

// [SECTION] public entry points

bool IsDdlStatement(std::string_view sql) {
  const std::string kw = FirstKeyword(sql);
  return kw == "CREATE" || kw == "DROP" || kw == "ALTER" || kw == "SHOW" || kw == "DESCRIBE" || kw == "DESC" ||
         kw == "MSCK";
}

std::string ShowCreateTableText(const GlueTable& t) {
  std::string s = (t.table_type == "EXTERNAL_TABLE" ? "CREATE EXTERNAL TABLE `" : "CREATE TABLE `") + t.name + "`(\n";
  for (size_t i = 0; i < t.columns.size(); ++i) {
    const GlueColumn& c = t.columns[i];
    s += "  `" + c.name + "` " + c.type;
    const std::string comment = ColumnComment(t, c);
    if (!comment.empty()) s += " COMMENT " + Quote(comment);
    s += i + 1 < t.columns.size() ? ", \n" : ")\n";
  }
  if (t.columns.empty()) s += ")\n";
  auto comment = t.parameters.find("comment");
  if (comment != t.parameters.end()) s += "COMMENT " + Quote(comment->second) + "\n";
  if (!t.partition_keys.empty()) {
    s += "PARTITIONED BY ( \n";
    for (size_t i = 0; i < t.partition_keys.size(); ++i) {
      const GlueColumn& c = t.partition_keys[i];
      s += "  `" + c.name + "` " + c.type;
      if (!c.comment.empty()) s += " COMMENT " + Quote(c.comment);
      s += i + 1 < t.partition_keys.size() ? ", \n" : ")\n";
    }
  }
  std::map<std::string, std::string> serde_props = t.serde_parameters;
  if (t.serde_library == kLazySimpleSerDe) {
    s += "ROW FORMAT DELIMITED \n";
    static const std::pair<const char*, const char*> kClauses[] = {
        {"field.delim", "FIELDS TERMINATED BY "},       {"escape.delim", "ESCAPED BY "},
        {"collection.delim", "COLLECTION ITEMS TERMINATED BY "}, {"mapkey.delim", "MAP KEYS TERMINATED BY "},
        {"line.delim", "LINES TERMINATED BY "},        {"serialization.null.format", "NULL DEFINED AS "}};
    for (const auto& [key, clause] : kClauses) {
      auto it = serde_props.find(key);
      if (it == serde_props.end()) continue;
      s += "  " + std::string(clause) + Quote(it->second) + " \n";
      serde_props.erase(it);
    }
    serde_props.erase("serialization.format");
  } else {
    s += "ROW FORMAT SERDE \n  " + Quote(t.serde_library) + " \n";
  }
  if (!serde_props.empty()) {
    s += "WITH SERDEPROPERTIES ( \n";
    size_t i = 0;
    for (const auto& [k, v] : serde_props) {
      s += "  " + Quote(k) + "=" + Quote(v) + (++i < serde_props.size() ? ", \n" : ") \n");
    }
  }
  s += "STORED AS INPUTFORMAT \n  " + Quote(t.input_format) + " \nOUTPUTFORMAT \n  " + Quote(t.output_format) + "\n";
  s += "LOCATION\n  " + Quote(t.location);
  std::vector<std::pair<std::string, std::string>> props;
  for (const auto& [k, v] : t.parameters) {
    if (k == "EXTERNAL" || k == "comment") continue;
    props.emplace_back(k, v);
  }
  if (!props.empty()) {
    s += "\nTBLPROPERTIES (\n";
    for (size_t i = 0; i < props.size(); ++i) {
      s += "  " + Quote(props[i].first) + "=" + Quote(props[i].second) + (i + 1 < props.size() ? ", \n" : ")");
    }
  }
  return s;
}

DdlOutcome ExecuteDdl(std::string_view sql, GlueCatalog& catalog, std::string_view default_database, TimeUs now) {
  const std::string kw = FirstKeyword(sql);
  const std::string type = (kw == "SHOW" || kw == "DESCRIBE" || kw == "DESC") ? "UTILITY" : "DDL";
  LexResult lexed = Lex(sql);
  if (lexed.error) return Failure(type, Failed(*lexed.error));
  Parser p(std::move(lexed.toks));
  if (p.AcceptKw("CREATE")) {
    if (p.AcceptKw("DATABASE") || p.AcceptKw("SCHEMA")) return CreateDatabase(p, catalog, now);
    if (p.AcceptKw("EXTERNAL")) {
      if (auto e = p.ExpectKw("TABLE", "create table statement")) return Failure(type, *e);
      return CreateTable(p, catalog, default_database, now, true);
    }
    if (p.AcceptKw("TABLE")) return CreateTable(p, catalog, default_database, now, false);
    if (p.IsKw("VIEW") || p.IsKw("OR")) return Failure(type, NotSupported("Views are not supported in this lab"));
    return Failure(type, p.NearError("ddl statement"));
  }
  if (p.AcceptKw("DROP")) return Drop(p, catalog, default_database);
  if (p.AcceptKw("SHOW")) return Show(p, catalog, default_database);
  if (p.AcceptKw("DESCRIBE") || p.AcceptKw("DESC")) return Describe(p, catalog, default_database);
  if (p.AcceptKw("MSCK")) return Msck(p, catalog, default_database);
  if (p.AcceptKw("ALTER")) return Alter(p, catalog, default_database, now);
  return Failure(type, p.NearError("ddl statement"));
}

}  // namespace fhl
