// athena_sql_lexer.h: tokens of Athena's (Trino's) SQL with 1-based line/column positions, as Trino reports them.
// Plain C++; must not depend on SQLite, the catalog or any service.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace fhl {

struct SqlToken {
  enum Kind {
    kEnd,          // end of input (<EOF>)
    kIdentifier,   // unquoted; text lower-cased, raw keeps the spelling
    kQuotedIdent,  // "x" (text unescaped, case kept)
    kString,       // 'x' (text unescaped)
    kInteger,      // 123
    kDecimal,      // 1.5, .5, 1.
    kDouble,       // 1e5, 1.5E-3
    kSymbol,       // ( ) , . ; + - * / % || = <> != < <= > >= ? [ ]
  };
  Kind kind = kEnd;
  std::string text;   // see above; symbols as written
  std::string raw;    // source text of the token
  size_t offset = 0;  // byte offset into the query
  int line = 1;
  int column = 1;

  bool IsSymbol(std::string_view s) const { return kind == kSymbol && text == s; }
  bool IsWord(std::string_view lower) const { return kind == kIdentifier && text == lower; }
};

struct SqlLexResult {
  std::vector<SqlToken> tokens;  // always ends with kEnd when ok
  bool ok = true;
  int line = 0, column = 0;  // when !ok: SYNTAX_ERROR position and message
  std::string message;
};

SqlLexResult LexSql(std::string_view sql);

// Trino's reserved words (cannot be unquoted identifiers).
bool IsReservedWord(std::string_view lower);

}  // namespace fhl
