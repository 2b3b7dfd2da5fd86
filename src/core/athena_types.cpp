// athena_types.cpp: Hive -> Athena type mapping and Trino's implicit coercion rules (numeric widening,
// varchar(n) -> varchar, date -> timestamp, unknown -> anything). Plain C++; must not depend on SQLite.
#include "core/athena_types.h"

#include <cctype>
#include <vector>

namespace fhl {
namespace {

std::string Trim(std::string_view s) {
  size_t a = 0, b = s.size();
  while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
  return std::string(s.substr(a, b - a));
}

// Splits "a,b<c,d>,e" at top-level commas.
std::vector<std::string> SplitTop(std::string_view s) {
  std::vector<std::string> out;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '<' || s[i] == '(') ++depth;
    if (s[i] == '>' || s[i] == ')') --depth;
    if (s[i] == ',' && depth == 0) {
      out.push_back(Trim(s.substr(start, i - start)));
      start = i + 1;
    }
  }
  out.push_back(Trim(s.substr(start)));
  return out;
}

int NumericRank(std::string_view base) {
  if (base == "tinyint") return 1;
  if (base == "smallint") return 2;
  if (base == "integer") return 3;
  if (base == "bigint") return 4;
  if (base == "decimal") return 5;
  if (base == "real") return 6;
  if (base == "double") return 7;
  return 0;
}

}  // namespace

std::string HiveToAthenaType(std::string_view hive_type) {
  std::string t = Trim(hive_type);
  for (char& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (t == "string") return "varchar";
  if (t == "int" || t == "integer") return "integer";
  if (t == "float") return "real";
  if (t == "double" || t == "bigint" || t == "smallint" || t == "tinyint" || t == "boolean" || t == "date" ||
      t == "real")
    return t;
  if (t == "timestamp") return "timestamp(3)";
  if (t == "binary") return "varbinary";
  if (t == "decimal") return "decimal(10,0)";
  if (t.rfind("decimal(", 0) == 0 || t.rfind("varchar(", 0) == 0 || t.rfind("char(", 0) == 0) {
    std::string out;
    for (char c : t) {
      if (c != ' ') out += c;
    }
    return out;
  }
  auto inner = [&](size_t prefix_len) { return t.substr(prefix_len, t.size() - prefix_len - 1); };
  if (t.rfind("array<", 0) == 0 && t.back() == '>') return "array(" + HiveToAthenaType(inner(6)) + ")";
  if (t.rfind("map<", 0) == 0 && t.back() == '>') {
    auto kv = SplitTop(inner(4));
    if (kv.size() == 2) return "map(" + HiveToAthenaType(kv[0]) + ", " + HiveToAthenaType(kv[1]) + ")";
  }
  if (t.rfind("struct<", 0) == 0 && t.back() == '>') {
    std::string out = "row(";
    bool first = true;
    for (const std::string& f : SplitTop(inner(7))) {
      const size_t colon = f.find(':');
      if (colon == std::string::npos) continue;
      if (!first) out += ", ";
      first = false;
      out += Trim(f.substr(0, colon)) + " " + HiveToAthenaType(f.substr(colon + 1));
    }
    return out + ")";
  }
  return t;
}

std::string AthenaBaseType(std::string_view type) {
  const bool tz = type.find(" with time zone") != std::string_view::npos;
  const size_t paren = type.find('(');
  std::string base(paren == std::string_view::npos ? type : type.substr(0, paren));
  if (base == "array" || base == "map" || base == "row") return std::string(type);
  if (tz) {
    const size_t sp = base.find(' ');
    if (sp != std::string::npos) base = base.substr(0, sp);
    return base + " with time zone";
  }
  return base;
}

bool IsIntegerType(std::string_view type) {
  const std::string b = AthenaBaseType(type);
  return b == "tinyint" || b == "smallint" || b == "integer" || b == "bigint";
}
bool IsNumericType(std::string_view type) { return NumericRank(AthenaBaseType(type)) > 0; }
bool IsStringType(std::string_view type) {
  const std::string b = AthenaBaseType(type);
  return b == "varchar" || b == "char";
}
bool IsTemporalType(std::string_view type) {
  const std::string b = AthenaBaseType(type);
  return b == "timestamp" || b == "timestamp with time zone" || b == "date";
}

std::optional<std::string> CommonSuperType(std::string_view a, std::string_view b) {
  if (a == b) return std::string(a);
  if (a == "unknown") return std::string(b);
  if (b == "unknown") return std::string(a);
  const std::string ba = AthenaBaseType(a), bb = AthenaBaseType(b);
  const int ra = NumericRank(ba), rb = NumericRank(bb);
  if (ra > 0 && rb > 0) {
    if (ba == "decimal" && bb == "decimal") return std::string("decimal(38,") + "6)";
    if (ra >= rb) return ba == "decimal" ? std::string(a) : ba;
    return bb == "decimal" ? std::string(b) : bb;
  }
  if (IsStringType(a) && IsStringType(b)) return std::string("varchar");
  if (IsTemporalType(a) && IsTemporalType(b)) {
    if (ba == "timestamp with time zone" || bb == "timestamp with time zone")
      return std::string("timestamp(3) with time zone");
    return std::string("timestamp(3)");
  }
  if (ba == bb) return std::string(a);
  return std::nullopt;
}

std::string ResultTypeName(std::string_view type) { return AthenaBaseType(type); }

std::optional<std::string> CastTargetType(std::string_view written) {
  std::string t = Trim(written);
  if (t == "int") t = "integer";
  if (t == "float") t = "real";
  if (t == "string") return std::nullopt;  // Hive's name: Trino says "Unknown type: string"
  static const char* const kPlain[] = {"varchar", "integer", "bigint",  "smallint", "tinyint",
                                       "double",  "real",    "boolean", "date",     "char"};
  for (const char* p : kPlain) {
    if (t == p) return t == "char" ? std::string("char(1)") : t;
  }
  if (t == "timestamp") return std::string("timestamp(3)");
  if (t == "timestamp with time zone") return std::string("timestamp(3) with time zone");
  if (t.rfind("timestamp(", 0) == 0) {
    return t.find("with time zone") != std::string::npos ? std::string("timestamp(3) with time zone")
                                                         : std::string("timestamp(3)");
  }
  if (t == "decimal") return std::string("decimal(38,0)");
  if (t.rfind("varchar(", 0) == 0 || t.rfind("char(", 0) == 0 || t.rfind("decimal(", 0) == 0) return t;
  return std::nullopt;
}

}  // namespace fhl
