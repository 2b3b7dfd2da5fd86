// jmespath.cpp: lexer, Pratt parser and evaluator of the JMESPath subset (see jmespath.h), ported from the
// structure of Python jmespath 1.0 so precedence and error texts match the AWS CLI. No exceptions: the parser
// carries its first error and unwinds.
//
// [SECTION] lexer
// [SECTION] parser
// [SECTION] evaluator
// [SECTION] functions
#include "core/jmespath.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <vector>

namespace fhl {

enum class JmesKind {
  kField, kLiteral, kIdentity, kCurrent, kSubexpression, kIndex, kSlice, kIndexExpression, kProjection,
  kValueProjection, kFilterProjection, kFlatten, kMultiList, kMultiHash, kComparator, kOr, kAnd, kNot, kPipe,
  kFunction, kExpref
};

struct JmesNode {
  JmesKind kind = JmesKind::kIdentity;
  std::string name;  // field name, comparator ("eq", "lt", ..), function name
  Json literal;
  int64_t index = 0;
  std::optional<int64_t> slice[3];
  std::vector<std::shared_ptr<JmesNode>> children;
  std::vector<std::string> keys;  // multiselect hash keys, parallel to children
};

using NodePtr = std::shared_ptr<JmesNode>;

namespace {

NodePtr Make(JmesKind kind, std::vector<NodePtr> children = {}) {
  auto n = std::make_shared<JmesNode>();
  n->kind = kind;
  n->children = std::move(children);
  return n;
}

// [SECTION] lexer

struct Token {
  std::string type;     // jmespath's token type names ("unquoted_identifier", "lbracket", "eof", ..)
  std::string text;     // the value as Python's str() would show it in an error
  Json value;           // literal / identifier / number value
  size_t start = 0;
};

bool IsIdentStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsIdentChar(char c) { return IsIdentStart(c) || (c >= '0' && c <= '9'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

class Lexer {
 public:
  explicit Lexer(std::string_view expr) : e_(expr) {}

  // Python's LexerError.__str__: "Bad jmespath expression: <message>:\n<expression>\n<pos spaces>^".
  bool Tokenize(std::vector<Token>& out, std::string& error) {
    if (e_.empty()) {
      error = "Invalid JMESPath expression: cannot be empty.";
      return false;
    }
    while (pos_ < e_.size()) {
      char c = e_[pos_];
      size_t start = pos_;
      switch (c) {
        case '.': Simple(out, "dot", c); continue;
        case '*': Simple(out, "star", c); continue;
        case ']': Simple(out, "rbracket", c); continue;
        case ',': Simple(out, "comma", c); continue;
        case ':': Simple(out, "colon", c); continue;
        case '@': Simple(out, "current", c); continue;
        case '(': Simple(out, "lparen", c); continue;
        case ')': Simple(out, "rparen", c); continue;
        case '{': Simple(out, "lbrace", c); continue;
        case '}': Simple(out, "rbrace", c); continue;
        default: break;
      }
      if (IsIdentStart(c)) {
        while (pos_ < e_.size() && IsIdentChar(e_[pos_])) ++pos_;
        std::string id(e_.substr(start, pos_ - start));
        out.push_back(Token{"unquoted_identifier", id, Json(id), start});
      } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++pos_;
      } else if (c == '[') {
        ++pos_;
        if (pos_ < e_.size() && e_[pos_] == ']') {
          ++pos_;
          out.push_back(Token{"flatten", "[]", Json(), start});
        } else if (pos_ < e_.size() && e_[pos_] == '?') {
          ++pos_;
          out.push_back(Token{"filter", "[?", Json(), start});
        } else {
          out.push_back(Token{"lbracket", "[", Json(), start});
        }
      } else if (c == '\'') {
        std::string raw;
        if (!ConsumeUntil('\'', raw, error)) return false;
        std::string lexeme = ReplaceAll(raw, "\\'", "'");
        out.push_back(Token{"literal", lexeme, Json(lexeme), start});
      } else if (c == '|') {
        MatchOrElse(out, '|', "or", "pipe");
      } else if (c == '&') {
        MatchOrElse(out, '&', "and", "expref");
      } else if (c == '`') {
        std::string raw;
        if (!ConsumeUntil('`', raw, error)) return false;
        std::string lexeme = ReplaceAll(raw, "\\`", "`");
        std::optional<Json> parsed = ParseJson(lexeme);
        if (!parsed) {
          size_t ws = lexeme.find_first_not_of(" \t\n\r");
          parsed = ParseJson("\"" + (ws == std::string::npos ? std::string() : lexeme.substr(ws)) + "\"");
        }
        if (!parsed) {
          error = "Bad jmespath expression: Bad token " + lexeme + ":\n" + std::string(e_.substr(start)) + "\n" +
                  std::string(start, ' ') + "^";
          return false;
        }
        out.push_back(Token{"literal", DumpJson(*parsed), *parsed, start});
      } else if (IsDigit(c) || c == '-') {
        ++pos_;
        while (pos_ < e_.size() && IsDigit(e_[pos_])) ++pos_;
        std::string buff(e_.substr(start, pos_ - start));
        if (buff == "-") {
          error = "Bad jmespath expression: Unknown token '-':\n" + std::string(e_) + "\n" + std::string(start, ' ') + "^";
          return false;
        }
        int64_t v = std::strtoll(buff.c_str(), nullptr, 10);
        out.push_back(Token{"number", std::to_string(v), Json(v), start});
      } else if (c == '"') {
        std::string raw;
        if (!ConsumeUntil('"', raw, error)) return false;
        std::optional<Json> parsed = ParseJson("\"" + raw + "\"");
        if (!parsed || !parsed->is_string()) {
          error = "Bad jmespath expression: Invalid \\escape:\n" + std::string(e_) + "\n" + std::string(start, ' ') + "^";
          return false;
        }
        std::string id = parsed->get<std::string>();
        out.push_back(Token{"quoted_identifier", id, Json(id), start});
      } else if (c == '<' || c == '>' || c == '!') {
        const char* match = c == '<' ? "lte" : c == '>' ? "gte" : "ne";
        const char* other = c == '<' ? "lt" : c == '>' ? "gt" : "not";
        MatchOrElse(out, '=', match, other);
      } else if (c == '=') {
        if (pos_ + 1 < e_.size() && e_[pos_ + 1] == '=') {
          out.push_back(Token{"eq", "==", Json(), pos_});
          pos_ += 2;
        } else {
          error = "Bad jmespath expression: Unknown token '=':\n" + std::string(e_) + "\n" + std::string(start, ' ') + "^";
          return false;
        }
      } else {
        error = "Bad jmespath expression: Unknown token " + std::string(1, c) + ":\n" + std::string(e_) + "\n" +
                std::string(start, ' ') + "^";
        return false;
      }
    }
    out.push_back(Token{"eof", "", Json(), e_.size()});
    return true;
  }

 private:
  static std::string ReplaceAll(std::string s, const std::string& from, const std::string& to) {
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
    return s;
  }
  void Simple(std::vector<Token>& out, const char* type, char c) {
    out.push_back(Token{type, std::string(1, c), Json(), pos_});
    ++pos_;
  }
  void MatchOrElse(std::vector<Token>& out, char expected, const char* match_type, const char* else_type) {
    size_t start = pos_;
    if (pos_ + 1 < e_.size() && e_[pos_ + 1] == expected) {
      out.push_back(Token{match_type, std::string(e_.substr(start, 2)), Json(), start});
      pos_ += 2;
    } else {
      out.push_back(Token{else_type, std::string(1, e_[start]), Json(), start});
      pos_ += 1;
    }
  }
  // Python's _consume_until: backslash keeps itself and the next character.
  bool ConsumeUntil(char delimiter, std::string& buff, std::string& error) {
    size_t start = pos_;
    ++pos_;
    for (;;) {
      if (pos_ < e_.size() && e_[pos_] == delimiter) break;
      if (pos_ < e_.size() && e_[pos_] == '\\') {
        buff += '\\';
        ++pos_;
      }
      if (pos_ >= e_.size()) {
        error = "Bad jmespath expression: Unclosed " + std::string(1, delimiter) + " delimiter:\n" + std::string(e_) + "\n" +
                std::string(start, ' ') + "^";
        return false;
      }
      buff += e_[pos_];
      ++pos_;
    }
    ++pos_;
    return true;
  }

  std::string_view e_;
  size_t pos_ = 0;
};

// [SECTION] parser

int BindingPower(const std::string& t) {
  if (t == "pipe") return 1;
  if (t == "or") return 2;
  if (t == "and") return 3;
  if (t == "eq" || t == "gt" || t == "lt" || t == "gte" || t == "lte" || t == "ne") return 5;
  if (t == "flatten") return 9;
  if (t == "star") return 20;
  if (t == "filter") return 21;
  if (t == "dot") return 40;
  if (t == "not") return 45;
  if (t == "lbrace") return 50;
  if (t == "lbracket") return 55;
  if (t == "lparen") return 60;
  return 0;
}

constexpr int kProjectionStop = 10;

class Parser {
 public:
  Parser(std::string_view expr, std::vector<Token> tokens) : expr_(expr), t_(std::move(tokens)) {}

  NodePtr Parse(std::string& error) {
    NodePtr n = Expression(0);
    if (!failed_ && Cur() != "eof") {
      const Token& t = t_[i_];
      ParseError(t, "Unexpected token: " + t.text);
    }
    if (failed_) {
      error = error_;
      return nullptr;
    }
    return n;
  }

 private:
  const std::string& Cur() const { return t_[std::min(i_, t_.size() - 1)].type; }
  const std::string& Ahead(size_t n) const { return t_[std::min(i_ + n, t_.size() - 1)].type; }
  const Token& Tok(size_t n = 0) const { return t_[std::min(i_ + n, t_.size() - 1)]; }
  void Advance() {
    if (i_ < t_.size() - 1) ++i_;
  }

  static std::string Upper(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
  }
  void ParseError(const Token& t, const std::string& msg) {
    if (failed_) return;
    failed_ = true;
    error_ = msg + ": Parse error at column " + std::to_string(t.start) + ", token \"" + t.text + "\" (" + Upper(t.type) +
             "), for expression:\n\"" + std::string(expr_) + "\"\n" + std::string(t.start + 1, ' ') + "^";
  }
  void Incomplete() {
    if (failed_) return;
    failed_ = true;
    error_ = "Invalid jmespath expression: Incomplete expression:\n\"" + std::string(expr_) + "\"\n" +
             std::string(expr_.size() + 1, ' ') + "^";
  }
  void ErrorMaybeEof(const std::string& expected, const Token& t) {
    if (t.type == "eof") return Incomplete();
    ParseError(t, "Expecting: " + expected + ", got: " + t.type);
  }
  void Match(const std::string& type) {
    if (failed_) return;
    if (Cur() == type) {
      Advance();
    } else {
      ErrorMaybeEof(type, Tok());
    }
  }

  NodePtr Expression(int bp) {
    if (failed_) return nullptr;
    Token left_token = Tok();
    Advance();
    NodePtr left = Nud(left_token);
    while (!failed_ && bp < BindingPower(Cur())) {
      std::string cur = Cur();
      if (!HasLed(cur)) {
        ParseError(Tok(), "invalid token");
        return nullptr;
      }
      Advance();
      left = Led(cur, left);
    }
    return failed_ ? nullptr : left;
  }

  static bool HasLed(const std::string& t) {
    return t == "dot" || t == "pipe" || t == "or" || t == "and" || t == "lparen" || t == "filter" || t == "eq" ||
           t == "ne" || t == "gt" || t == "gte" || t == "lt" || t == "lte" || t == "flatten" || t == "lbracket";
  }

  NodePtr Nud(const Token& token) {
    if (failed_) return nullptr;
    const std::string& type = token.type;
    if (type == "literal") {
      NodePtr n = Make(JmesKind::kLiteral);
      n->literal = token.value;
      return n;
    }
    if (type == "unquoted_identifier" || type == "quoted_identifier") {
      if (type == "quoted_identifier" && Cur() == "lparen") {
        Token t = Tok();
        t.start = 0;
        ParseError(t, "Quoted identifier not allowed for function names.");
        return nullptr;
      }
      NodePtr n = Make(JmesKind::kField);
      n->name = token.value.get<std::string>();
      return n;
    }
    if (type == "star") {
      NodePtr left = Make(JmesKind::kIdentity);
      NodePtr right = Cur() == "rbracket" ? Make(JmesKind::kIdentity) : ProjectionRhs(BindingPower("star"));
      return Make(JmesKind::kValueProjection, {left, right});
    }
    if (type == "filter") return LedFilter(Make(JmesKind::kIdentity));
    if (type == "lbrace") return MultiHash();
    if (type == "lparen") {
      NodePtr e = Expression(0);
      Match("rparen");
      return e;
    }
    if (type == "flatten") {
      NodePtr left = Make(JmesKind::kFlatten, {Make(JmesKind::kIdentity)});
      NodePtr right = ProjectionRhs(BindingPower("flatten"));
      return Make(JmesKind::kProjection, {left, right});
    }
    if (type == "not") return Make(JmesKind::kNot, {Expression(BindingPower("not"))});
    if (type == "lbracket") {
      if (Cur() == "number" || Cur() == "colon") {
        NodePtr right = IndexExpression();
        return ProjectIfSlice(Make(JmesKind::kIdentity), right);
      }
      if (Cur() == "star" && Ahead(1) == "rbracket") {
        Advance();
        Advance();
        NodePtr right = ProjectionRhs(BindingPower("star"));
        return Make(JmesKind::kProjection, {Make(JmesKind::kIdentity), right});
      }
      return MultiList();
    }
    if (type == "current") return Make(JmesKind::kCurrent);
    if (type == "expref") return Make(JmesKind::kExpref, {Expression(0)});
    if (type == "eof") {
      Incomplete();
      return nullptr;
    }
    ParseError(token, "invalid token");
    return nullptr;
  }

  NodePtr Led(const std::string& type, NodePtr left) {
    if (failed_) return nullptr;
    if (type == "dot") {
      if (Cur() != "star") {
        NodePtr right = DotRhs(BindingPower("dot"));
        if (failed_) return nullptr;
        if (left->kind == JmesKind::kSubexpression) {
          left->children.push_back(right);
          return left;
        }
        return Make(JmesKind::kSubexpression, {left, right});
      }
      Advance();
      NodePtr right = ProjectionRhs(BindingPower("dot"));
      return Make(JmesKind::kValueProjection, {left, right});
    }
    if (type == "pipe") return Make(JmesKind::kPipe, {left, Expression(BindingPower("pipe"))});
    if (type == "or") return Make(JmesKind::kOr, {left, Expression(BindingPower("or"))});
    if (type == "and") return Make(JmesKind::kAnd, {left, Expression(BindingPower("and"))});
    if (type == "lparen") {
      if (left->kind != JmesKind::kField) {
        const Token& prev = t_[i_ >= 2 ? i_ - 2 : 0];
        ParseError(prev, "Invalid function name '" + prev.text + "'");
        return nullptr;
      }
      NodePtr fn = Make(JmesKind::kFunction);
      fn->name = left->name;
      while (!failed_ && Cur() != "rparen") {
        if (Cur() == "eof") {
          Incomplete();
          return nullptr;
        }
        NodePtr arg = Expression(0);
        if (Cur() == "comma") Match("comma");
        fn->children.push_back(arg);
      }
      Match("rparen");
      return fn;
    }
    if (type == "filter") return LedFilter(left);
    if (type == "eq" || type == "ne" || type == "gt" || type == "gte" || type == "lt" || type == "lte") {
      NodePtr right = Expression(BindingPower(type));
      NodePtr n = Make(JmesKind::kComparator, {left, right});
      n->name = type;
      return n;
    }
    if (type == "flatten") {
      NodePtr l = Make(JmesKind::kFlatten, {left});
      return Make(JmesKind::kProjection, {l, ProjectionRhs(BindingPower("flatten"))});
    }
    if (type == "lbracket") {
      if (Cur() == "number" || Cur() == "colon") {
        NodePtr right = IndexExpression();
        if (failed_) return nullptr;
        if (left->kind == JmesKind::kIndexExpression) {
          left->children.push_back(right);
          return left;
        }
        return ProjectIfSlice(left, right);
      }
      Match("star");
      Match("rbracket");
      NodePtr right = ProjectionRhs(BindingPower("star"));
      return Make(JmesKind::kProjection, {left, right});
    }
    ParseError(Tok(), "invalid token");
    return nullptr;
  }

  NodePtr LedFilter(NodePtr left) {
    NodePtr condition = Expression(0);
    Match("rbracket");
    if (failed_) return nullptr;
    NodePtr right = Cur() == "flatten" ? Make(JmesKind::kIdentity) : ProjectionRhs(BindingPower("filter"));
    return Make(JmesKind::kFilterProjection, {left, right, condition});
  }

  NodePtr IndexExpression() {
    if (Ahead(0) == "colon" || Ahead(1) == "colon") return SliceExpression();
    NodePtr n = Make(JmesKind::kIndex);
    n->index = Tok().value.is_number_integer() ? Tok().value.get<int64_t>() : 0;
    Advance();
    Match("rbracket");
    return n;
  }

  NodePtr SliceExpression() {
    NodePtr n = Make(JmesKind::kSlice);
    int index = 0;
    while (!failed_ && Cur() != "rbracket" && index < 3) {
      if (Cur() == "colon") {
        ++index;
        if (index == 3) {
          ParseError(Tok(), "syntax error");
          return nullptr;
        }
        Advance();
      } else if (Cur() == "number") {
        n->slice[index] = Tok().value.get<int64_t>();
        Advance();
      } else {
        ParseError(Tok(), "syntax error");
        return nullptr;
      }
    }
    Match("rbracket");
    return n;
  }

  NodePtr ProjectIfSlice(NodePtr left, NodePtr right) {
    if (failed_) return nullptr;
    NodePtr index_expr = Make(JmesKind::kIndexExpression, {left, right});
    if (right->kind == JmesKind::kSlice) {
      return Make(JmesKind::kProjection, {index_expr, ProjectionRhs(BindingPower("star"))});
    }
    return index_expr;
  }

  NodePtr MultiList() {
    NodePtr n = Make(JmesKind::kMultiList);
    for (;;) {
      NodePtr e = Expression(0);
      if (failed_) return nullptr;
      n->children.push_back(e);
      if (Cur() == "rbracket") break;
      Match("comma");
      if (failed_) return nullptr;
    }
    Match("rbracket");
    return n;
  }

  NodePtr MultiHash() {
    NodePtr n = Make(JmesKind::kMultiHash);
    for (;;) {
      Token key = Tok();
      if (Cur() != "quoted_identifier" && Cur() != "unquoted_identifier") {
        ErrorMaybeEof("['quoted_identifier', 'unquoted_identifier']", key);
        return nullptr;
      }
      Advance();
      Match("colon");
      NodePtr value = Expression(0);
      if (failed_) return nullptr;
      n->keys.push_back(key.value.get<std::string>());
      n->children.push_back(value);
      if (Cur() == "comma") {
        Match("comma");
      } else if (Cur() == "rbrace") {
        Match("rbrace");
        break;
      } else if (Cur() == "eof") {
        Incomplete();
        return nullptr;
      } else {
        ParseError(Tok(), "Expecting: ['comma', 'rbrace'], got: " + Cur());
        return nullptr;
      }
    }
    return n;
  }

  NodePtr ProjectionRhs(int bp) {
    if (failed_) return nullptr;
    if (BindingPower(Cur()) < kProjectionStop) return Make(JmesKind::kIdentity);
    if (Cur() == "lbracket" || Cur() == "filter") return Expression(bp);
    if (Cur() == "dot") {
      Match("dot");
      return DotRhs(bp);
    }
    ParseError(Tok(), "syntax error");
    return nullptr;
  }

  NodePtr DotRhs(int bp) {
    if (failed_) return nullptr;
    const std::string& la = Cur();
    if (la == "quoted_identifier" || la == "unquoted_identifier" || la == "star") return Expression(bp);
    if (la == "lbracket") {
      Match("lbracket");
      return MultiList();
    }
    if (la == "lbrace") {
      Match("lbrace");
      return MultiHash();
    }
    ParseError(Tok(), "Expecting: ['quoted_identifier', 'unquoted_identifier', 'lbracket', 'lbrace'], got: " + la);
    return nullptr;
  }

  std::string_view expr_;
  std::vector<Token> t_;
  size_t i_ = 0;
  bool failed_ = false;
  std::string error_;
};

// [SECTION] evaluator

bool IsFalse(const Json& v) {
  return v.is_null() || (v.is_boolean() && !v.get<bool>()) || (v.is_string() && v.get_ref<const std::string&>().empty()) ||
         (v.is_array() && v.empty()) || (v.is_object() && v.empty());
}

bool IsNumber(const Json& v) { return v.is_number(); }  // nlohmann: booleans are not numbers

double Num(const Json& v) { return v.is_number_float() ? v.get<double>() : v.is_number_unsigned() ? static_cast<double>(v.get<uint64_t>()) : static_cast<double>(v.get<int64_t>()); }

std::string TypeName(const Json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "boolean";
  if (v.is_number()) return "number";
  if (v.is_string()) return "string";
  if (v.is_array()) return "array";
  return "object";
}

struct Evaluator {
  std::string* error;
  bool failed = false;

  void Fail(const std::string& message) {
    if (failed) return;
    failed = true;
    if (error) *error = message;
  }

  Json Visit(const JmesNode& n, const Json& value) {
    if (failed) return Json();
    switch (n.kind) {
      case JmesKind::kField: {
        if (!value.is_object()) return Json();
        auto it = value.find(n.name);
        return it == value.end() ? Json() : *it;
      }
      case JmesKind::kLiteral:
        return n.literal;
      case JmesKind::kIdentity:
      case JmesKind::kCurrent:
        return value;
      case JmesKind::kSubexpression:
      case JmesKind::kIndexExpression:
      case JmesKind::kPipe: {
        Json result = value;
        for (const NodePtr& c : n.children) result = Visit(*c, result);
        return result;
      }
      case JmesKind::kIndex: {
        if (!value.is_array()) return Json();
        int64_t size = static_cast<int64_t>(value.size());
        int64_t i = n.index < 0 ? size + n.index : n.index;
        if (i < 0 || i >= size) return Json();
        return value[static_cast<size_t>(i)];
      }
      case JmesKind::kSlice:
        return Slice(n, value);
      case JmesKind::kProjection: {
        Json base = Visit(*n.children[0], value);
        if (!base.is_array()) return Json();
        Json out = Json::array();
        for (const Json& e : base) {
          Json cur = Visit(*n.children[1], e);
          if (!cur.is_null()) out.push_back(std::move(cur));
        }
        return out;
      }
      case JmesKind::kValueProjection: {
        Json base = Visit(*n.children[0], value);
        if (!base.is_object()) return Json();
        Json out = Json::array();
        for (const auto& item : base.items()) {
          Json cur = Visit(*n.children[1], item.value());
          if (!cur.is_null()) out.push_back(std::move(cur));
        }
        return out;
      }
      case JmesKind::kFilterProjection: {
        Json base = Visit(*n.children[0], value);
        if (!base.is_array()) return Json();
        Json out = Json::array();
        for (const Json& e : base) {
          if (IsFalse(Visit(*n.children[2], e))) continue;
          Json cur = Visit(*n.children[1], e);
          if (!cur.is_null()) out.push_back(std::move(cur));
        }
        return out;
      }
      case JmesKind::kFlatten: {
        Json base = Visit(*n.children[0], value);
        if (!base.is_array()) return Json();
        Json out = Json::array();
        for (const Json& e : base) {
          if (e.is_array()) {
            for (const Json& x : e) out.push_back(x);
          } else {
            out.push_back(e);
          }
        }
        return out;
      }
      case JmesKind::kMultiList: {
        if (value.is_null()) return Json();
        Json out = Json::array();
        for (const NodePtr& c : n.children) out.push_back(Visit(*c, value));
        return out;
      }
      case JmesKind::kMultiHash: {
        if (value.is_null()) return Json();
        Json out = Json::object();
        for (size_t i = 0; i < n.children.size(); ++i) out[n.keys[i]] = Visit(*n.children[i], value);
        return out;
      }
      case JmesKind::kComparator:
        return Compare(n, value);
      case JmesKind::kOr: {
        Json m = Visit(*n.children[0], value);
        return IsFalse(m) ? Visit(*n.children[1], value) : m;
      }
      case JmesKind::kAnd: {
        Json m = Visit(*n.children[0], value);
        return IsFalse(m) ? m : Visit(*n.children[1], value);
      }
      case JmesKind::kNot: {
        Json v = Visit(*n.children[0], value);
        if (IsNumber(v) && Num(v) == 0) return Json(false);
        return Json(IsFalse(v));
      }
      case JmesKind::kFunction:
        return Function(n, value);
      case JmesKind::kExpref:
        Fail("Expression references (&expr) are only allowed as function arguments");
        return Json();
    }
    return Json();
  }

  static bool SpecialNumberCase(const Json& x, const Json& y) {
    if (IsNumber(x) && (Num(x) == 0 || Num(x) == 1)) return y.is_boolean();
    if (IsNumber(y) && (Num(y) == 0 || Num(y) == 1)) return x.is_boolean();
    return false;
  }

  Json Compare(const JmesNode& n, const Json& value) {
    Json l = Visit(*n.children[0], value);
    Json r = Visit(*n.children[1], value);
    if (n.name == "eq") return Json(!SpecialNumberCase(l, r) && l == r);
    if (n.name == "ne") return Json(!(!SpecialNumberCase(l, r) && l == r));
    if (!IsNumber(l) || !IsNumber(r)) return Json();
    double a = Num(l), b = Num(r);
    if (n.name == "lt") return Json(a < b);
    if (n.name == "lte") return Json(a <= b);
    if (n.name == "gt") return Json(a > b);
    return Json(a >= b);
  }

  // Python's slice semantics (start/stop/step with defaults and clamping).
  Json Slice(const JmesNode& n, const Json& value) {
    if (!value.is_array()) return Json();
    int64_t len = static_cast<int64_t>(value.size());
    int64_t step = n.slice[2].value_or(1);
    if (step == 0) {
      Fail("slice step cannot be zero");
      return Json();
    }
    auto adjust = [&](std::optional<int64_t> v, bool is_start) -> int64_t {
      if (!v) return step > 0 ? (is_start ? 0 : len) : (is_start ? len - 1 : -1);
      int64_t x = *v;
      if (x < 0) {
        x += len;
        if (x < 0) x = step < 0 ? -1 : 0;
      } else if (x >= len) {
        x = step < 0 ? len - 1 : len;
      }
      return x;
    };
    int64_t start = adjust(n.slice[0], true), stop = adjust(n.slice[1], false);
    Json out = Json::array();
    if (step > 0) {
      for (int64_t i = start; i < stop; i += step) out.push_back(value[static_cast<size_t>(i)]);
    } else {
      for (int64_t i = start; i > stop; i += step) out.push_back(value[static_cast<size_t>(i)]);
    }
    return out;
  }

  // [SECTION] functions

  bool Arity(const JmesNode& n, size_t expected) {
    if (n.children.size() == expected) return true;
    Fail("Expected " + std::to_string(expected) + " argument" + (expected == 1 ? "" : "s") + " for function " + n.name +
         "(), received " + std::to_string(n.children.size()));
    return false;
  }
  bool Type(const JmesNode& n, const Json& v, std::initializer_list<const char*> allowed) {
    std::string t = TypeName(v);
    for (const char* a : allowed)
      if (t == a) return true;
    std::string list = "[";
    bool first = true;
    for (const char* a : allowed) {
      list += (first ? "'" : ", '") + std::string(a) + "'";
      first = false;
    }
    list += "]";
    Fail("In function " + n.name + "(), invalid type for value: " + DumpJson(v) + ", expected one of: " + list +
         ", received: \"" + t + "\"");
    return false;
  }
  // The argument of sort_by & co: an expression reference.
  const JmesNode* Expref(const JmesNode& n, size_t i) {
    if (n.children[i]->kind != JmesKind::kExpref) {
      Fail("In function " + n.name + "(), invalid type for value: " + std::string("expression") +
           ", expected one of: ['expref'], received: \"" + TypeName(Visit(*n.children[i], Json())) + "\"");
      return nullptr;
    }
    return n.children[i]->children[0].get();
  }

  Json Function(const JmesNode& n, const Json& value) {
    const std::string& f = n.name;
    auto arg = [&](size_t i) { return Visit(*n.children[i], value); };
    if (f == "length") {
      if (!Arity(n, 1)) return Json();
      Json v = arg(0);
      if (!Type(n, v, {"string", "array", "object"})) return Json();
      if (v.is_string()) {
        int64_t count = 0;  // code points
        for (unsigned char c : v.get_ref<const std::string&>())
          if ((c & 0xC0) != 0x80) ++count;
        return Json(count);
      }
      return Json(static_cast<int64_t>(v.size()));
    }
    if (f == "sort_by" || f == "max_by" || f == "min_by") {
      if (!Arity(n, 2)) return Json();
      Json v = arg(0);
      if (!Type(n, v, {"array"})) return Json();
      const JmesNode* key = Expref(n, 1);
      if (!key) return Json();
      std::vector<std::pair<Json, size_t>> keyed;
      for (size_t i = 0; i < v.size(); ++i) {
        Json k = Visit(*key, v[i]);
        if (!k.is_number() && !k.is_string()) {
          Fail("In function " + f + "(), invalid type for value: " + DumpJson(k) +
               ", expected one of: ['number', 'string'], received: \"" + TypeName(k) + "\"");
          return Json();
        }
        keyed.emplace_back(std::move(k), i);
      }
      for (size_t i = 1; i < keyed.size(); ++i) {
        if (keyed[i].first.is_string() != keyed[0].first.is_string()) {
          Fail("In function " + f + "(), invalid type for value: " + DumpJson(keyed[i].first) +
               ", expected one of: ['" + TypeName(keyed[0].first) + "'], received: \"" + TypeName(keyed[i].first) + "\"");
          return Json();
        }
      }
      auto less = [](const std::pair<Json, size_t>& a, const std::pair<Json, size_t>& b) {
        if (a.first.is_string()) return a.first.get_ref<const std::string&>() < b.first.get_ref<const std::string&>();
        return Num(a.first) < Num(b.first);
      };
      if (f == "sort_by") {
        std::stable_sort(keyed.begin(), keyed.end(), less);
        Json out = Json::array();
        for (auto& k : keyed) out.push_back(v[k.second]);
        return out;
      }
      if (keyed.empty()) return Json();
      auto it = f == "max_by" ? std::max_element(keyed.begin(), keyed.end(), less)
                              : std::min_element(keyed.begin(), keyed.end(), less);
      return v[it->second];
    }
    if (f == "sort" || f == "max" || f == "min" || f == "sum" || f == "avg") {
      if (!Arity(n, 1)) return Json();
      Json v = arg(0);
      if (!Type(n, v, {"array"})) return Json();
      bool strings = !v.empty() && v[0].is_string() && f != "sum" && f != "avg";
      for (const Json& e : v) {
        if (strings ? !e.is_string() : !e.is_number()) {
          Fail("In function " + f + "(), invalid type for value: " + DumpJson(v) + ", expected one of: ['array-number'" +
               std::string(f == "sum" || f == "avg" ? "" : ", 'array-string'") + "], received: \"array\"");
          return Json();
        }
      }
      std::vector<Json> items(v.begin(), v.end());
      auto less = [strings](const Json& a, const Json& b) {
        return strings ? a.get_ref<const std::string&>() < b.get_ref<const std::string&>() : Num(a) < Num(b);
      };
      if (f == "sort") {
        std::stable_sort(items.begin(), items.end(), less);
        return Json(items);
      }
      if (f == "max" || f == "min") {
        if (items.empty()) return Json();
        return f == "max" ? *std::max_element(items.begin(), items.end(), less)
                          : *std::min_element(items.begin(), items.end(), less);
      }
      bool all_int = true;
      int64_t isum = 0;
      double dsum = 0;
      for (const Json& e : items) {
        if (!e.is_number_integer()) all_int = false;
        if (e.is_number_integer()) isum += e.get<int64_t>();
        dsum += Num(e);
      }
      if (f == "avg") return items.empty() ? Json() : Json(dsum / static_cast<double>(items.size()));
      return all_int ? Json(isum) : Json(dsum);
    }
    if (f == "contains") {
      if (!Arity(n, 2)) return Json();
      Json subject = arg(0), search = arg(1);
      if (!Type(n, subject, {"array", "string"})) return Json();
      if (subject.is_string()) {
        return Json(search.is_string() &&
                    subject.get_ref<const std::string&>().find(search.get_ref<const std::string&>()) != std::string::npos);
      }
      for (const Json& e : subject)
        if (e == search) return Json(true);
      return Json(false);
    }
    if (f == "starts_with" || f == "ends_with") {
      if (!Arity(n, 2)) return Json();
      Json s = arg(0), p = arg(1);
      if (!Type(n, s, {"string"}) || !Type(n, p, {"string"})) return Json();
      const std::string& a = s.get_ref<const std::string&>();
      const std::string& b = p.get_ref<const std::string&>();
      if (b.size() > a.size()) return Json(false);
      return Json(f == "starts_with" ? a.compare(0, b.size(), b) == 0 : a.compare(a.size() - b.size(), b.size(), b) == 0);
    }
    if (f == "keys" || f == "values") {
      if (!Arity(n, 1)) return Json();
      Json v = arg(0);
      if (!Type(n, v, {"object"})) return Json();
      Json out = Json::array();
      for (const auto& item : v.items()) out.push_back(f == "keys" ? Json(item.key()) : item.value());
      return out;
    }
    if (f == "join") {
      if (!Arity(n, 2)) return Json();
      Json glue = arg(0), list = arg(1);
      if (!Type(n, glue, {"string"}) || !Type(n, list, {"array"})) return Json();
      std::string out;
      for (size_t i = 0; i < list.size(); ++i) {
        if (!list[i].is_string()) {
          Fail("In function join(), invalid type for value: " + DumpJson(list) +
               ", expected one of: ['array-string'], received: \"array\"");
          return Json();
        }
        if (i) out += glue.get_ref<const std::string&>();
        out += list[i].get_ref<const std::string&>();
      }
      return Json(out);
    }
    if (f == "to_string") {
      if (!Arity(n, 1)) return Json();
      Json v = arg(0);
      return v.is_string() ? v : Json(DumpJson(v));
    }
    if (f == "to_number") {
      if (!Arity(n, 1)) return Json();
      Json v = arg(0);
      if (v.is_number()) return v;
      if (!v.is_string()) return Json();
      std::optional<Json> parsed = ParseJson(v.get_ref<const std::string&>());
      return parsed && parsed->is_number() ? *parsed : Json();
    }
    if (f == "reverse") {
      if (!Arity(n, 1)) return Json();
      Json v = arg(0);
      if (!Type(n, v, {"array", "string"})) return Json();
      if (v.is_string()) {
        std::string s = v.get<std::string>();
        std::reverse(s.begin(), s.end());
        return Json(s);
      }
      Json out = Json::array();
      for (size_t i = v.size(); i-- > 0;) out.push_back(v[i]);
      return out;
    }
    if (f == "type") {
      if (!Arity(n, 1)) return Json();
      return Json(TypeName(arg(0)));
    }
    if (f == "not_null") {
      for (size_t i = 0; i < n.children.size(); ++i) {
        Json v = arg(i);
        if (!v.is_null()) return v;
      }
      return Json();
    }
    if (f == "abs" || f == "floor" || f == "ceil") {
      if (!Arity(n, 1)) return Json();
      Json v = arg(0);
      if (!Type(n, v, {"number"})) return Json();
      if (f == "abs") return v.is_number_float() ? Json(std::fabs(v.get<double>())) : Json(std::llabs(v.get<int64_t>()));
      double d = f == "floor" ? std::floor(Num(v)) : std::ceil(Num(v));
      return Json(static_cast<int64_t>(d));
    }
    Fail("Unknown function: " + f + "()");
    return Json();
  }
};

}  // namespace

JmesPath::JmesPath() = default;
JmesPath::~JmesPath() = default;
JmesPath::JmesPath(JmesPath&&) noexcept = default;
JmesPath& JmesPath::operator=(JmesPath&&) noexcept = default;

JmesPath JmesPath::Compile(std::string_view expression) {
  JmesPath out;
  std::vector<Token> tokens;
  if (!Lexer(expression).Tokenize(tokens, out.error_)) return out;
  Parser parser(expression, std::move(tokens));
  NodePtr root = parser.Parse(out.error_);
  if (root) out.root_ = root;
  return out;
}

Json JmesPath::Search(const Json& data, std::string* error) const {
  if (!root_) {
    if (error) *error = error_;
    return Json();
  }
  Evaluator ev{error};
  Json result = ev.Visit(*root_, data);
  return ev.failed ? Json() : result;
}

}  // namespace fhl
