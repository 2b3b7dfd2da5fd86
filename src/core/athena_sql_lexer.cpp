// athena_sql_lexer.cpp: tokenizer for Athena's SQL (comments, '' and "" escapes, numbers, backtick rejection).
// Plain C++; must not depend on SQLite, the catalog or any service.
#include "core/athena_sql_lexer.h"

#include <algorithm>
#include <cctype>

namespace fhl {
namespace {

bool IsIdentStart(unsigned char c) { return std::isalpha(c) || c == '_' || c >= 0x80; }
bool IsIdentPart(unsigned char c) { return std::isalnum(c) || c == '_' || c >= 0x80; }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

// A quoted token starting at sql[open] ('...' string or "..." identifier; the quote doubled inside stands for
// itself). On success *value is the unquoted text and *close the index of the closing quote.
bool ReadQuoted(std::string_view sql, size_t open, std::string* value, size_t* close) {
  const char quote = sql[open];
  for (size_t j = open + 1; j < sql.size(); ++j) {
    if (sql[j] != quote) {
      *value += sql[j];
    } else if (j + 1 < sql.size() && sql[j + 1] == quote) {
      *value += quote;
      ++j;
    } else {
      *close = j;
      return true;
    }
  }
  return false;
}

bool IsReservedWord(std::string_view w) {
  static const char* const kWords[] = {"alter",
                                       "and",
                                       "as",
                                       "between",
                                       "by",
                                       "case",
                                       "cast",
                                       "constraint",
                                       "create",
                                       "cross",
                                       "cube",
                                       "current_date",
                                       "current_path",
                                       "current_role",
                                       "current_schema",
                                       "current_time",
                                       "current_timestamp",
                                       "current_user",
                                       "deallocate",
                                       "delete",
                                       "describe",
                                       "distinct",
                                       "drop",
                                       "else",
                                       "end",
                                       "escape",
                                       "except",
                                       "execute",
                                       "exists",
                                       "extract",
                                       "false",
                                       "for",
                                       "from",
                                       "full",
                                       "group",
                                       "grouping",
                                       "having",
                                       "in",
                                       "inner",
                                       "insert",
                                       "intersect",
                                       "into",
                                       "is",
                                       "join",
                                       "json_array",
                                       "json_exists",
                                       "json_object",
                                       "json_query",
                                       "json_table",
                                       "json_value",
                                       "left",
                                       "like",
                                       "listagg",
                                       "localtime",
                                       "localtimestamp",
                                       "natural",
                                       "normalize",
                                       "not",
                                       "null",
                                       "on",
                                       "or",
                                       "order",
                                       "outer",
                                       "prepare",
                                       "recursive",
                                       "right",
                                       "rollup",
                                       "select",
                                       "skip",
                                       "table",
                                       "then",
                                       "trim",
                                       "true",
                                       "uescape",
                                       "union",
                                       "unnest",
                                       "using",
                                       "values",
                                       "when",
                                       "where",
                                       "with"};
  for (const char* k : kWords) {
    if (w == k) return true;
  }
  return false;
}

SqlLexResult LexSql(std::string_view sql) {
  SqlLexResult r;
  size_t i = 0;
  int line = 1, col = 1;
  auto advance = [&](size_t n) {
    for (size_t k = 0; k < n && i < sql.size(); ++k, ++i) {
      const unsigned char c = static_cast<unsigned char>(sql[i]);
      if (c == '\n') {
        ++line;
        col = 1;
      } else if ((c & 0xC0) != 0x80) {
        ++col;  // count code points, not UTF-8 continuation bytes
      }
    }
  };
  auto fail = [&](int l, int c, std::string msg) {
    r.ok = false;
    r.line = l;
    r.column = c;
    r.message = std::move(msg);
    return r;
  };
  const size_t nul = sql.find('\0');
  if (nul != std::string_view::npos) {
    // A NUL byte would cut the emitted SQL short; Trino rejects it as an unrecognized token.
    advance(nul);
    return fail(line, col, "token recognition error at: '\\u0000'");
  }
  while (i < sql.size()) {
    const char c = sql[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      advance(1);
      continue;
    }
    if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      while (i < sql.size() && sql[i] != '\n') advance(1);
      continue;
    }
    if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      const size_t end = sql.find("*/", i + 2);
      if (end == std::string_view::npos) return fail(line, col, "mismatched input '/'. Expecting: <expression>");
      advance(end + 2 - i);
      continue;
    }
    SqlToken t;
    t.offset = i;
    t.line = line;
    t.column = col;
    const size_t start = i;
    if (c == '\'') {
      std::string value;
      size_t j = 0;
      if (!ReadQuoted(sql, i, &value, &j)) {
        return fail(line, col, "token recognition error at: '" + std::string(sql.substr(i)) + "'");
      }
      t.kind = SqlToken::kString;
      t.text = std::move(value);
      advance(j + 1 - i);
    } else if (c == '"') {
      std::string value;
      size_t j = 0;
      if (!ReadQuoted(sql, i, &value, &j)) {
        return fail(line, col, "token recognition error at: '" + std::string(sql.substr(i)) + "'");
      }
      if (value.empty()) return fail(line, col, "Zero-length delimited identifier not allowed");
      t.kind = SqlToken::kQuotedIdent;
      t.text = std::move(value);
      advance(j + 1 - i);
    } else if (c == '`') {
      return fail(line, col, "backquoted identifiers are not supported; use double quotes to quote identifiers");
    } else if (std::isdigit(static_cast<unsigned char>(c)) ||
               (c == '.' && i + 1 < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i + 1])))) {
      size_t j = i;
      while (j < sql.size() && std::isdigit(static_cast<unsigned char>(sql[j]))) ++j;
      bool is_decimal = false, is_double = false;
      if (j < sql.size() && sql[j] == '.') {
        is_decimal = true;
        ++j;
        while (j < sql.size() && std::isdigit(static_cast<unsigned char>(sql[j]))) ++j;
      }
      if (j < sql.size() && (sql[j] == 'e' || sql[j] == 'E')) {
        size_t k = j + 1;
        if (k < sql.size() && (sql[k] == '+' || sql[k] == '-')) ++k;
        if (k < sql.size() && std::isdigit(static_cast<unsigned char>(sql[k]))) {
          while (k < sql.size() && std::isdigit(static_cast<unsigned char>(sql[k]))) ++k;
          j = k;
          is_double = true;
        }
      }
      if (j < sql.size() && IsIdentStart(static_cast<unsigned char>(sql[j]))) {
        return fail(line, col, "identifiers must not start with a digit; surround the identifier with double quotes");
      }
      t.kind = is_double ? SqlToken::kDouble : is_decimal ? SqlToken::kDecimal : SqlToken::kInteger;
      t.text = std::string(sql.substr(i, j - i));
      advance(j - i);
    } else if (IsIdentStart(static_cast<unsigned char>(c))) {
      size_t j = i;
      while (j < sql.size() && IsIdentPart(static_cast<unsigned char>(sql[j]))) ++j;
      t.kind = SqlToken::kIdentifier;
      t.text = Lower(sql.substr(i, j - i));
      advance(j - i);
    } else {
      static const char* const kTwo[] = {"||", "<>", "!=", "<=", ">=", "=>", "->"};
      std::string sym;
      for (const char* two : kTwo) {
        if (sql.substr(i, 2) == two) sym = two;
      }
      if (sym.empty()) {
        static const std::string_view kOne = "(),.;+-*/%=<>?[]";
        if (kOne.find(c) == std::string_view::npos) {
          return fail(line, col, std::string("token recognition error at: '") + c + "'");
        }
        sym = std::string(1, c);
      }
      t.kind = SqlToken::kSymbol;
      t.text = sym;
      advance(sym.size());
    }
    t.raw = std::string(sql.substr(start, i - start));
    r.tokens.push_back(std::move(t));
  }
  SqlToken end;
  end.kind = SqlToken::kEnd;
  end.offset = sql.size();
  end.line = line;
  end.column = col;
  end.raw = "<EOF>";
  r.tokens.push_back(std::move(end));
  return r;
}

}  // namespace fhl
