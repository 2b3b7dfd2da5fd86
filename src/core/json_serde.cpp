// json_serde.cpp: Hive types, the column-major row store and the single-pass OpenX JSON line scanner (Trino's
// openxjson semantics: lenient JSON, first value per line, values kept as text and converted per column type).
// Must not depend on a JSON library, SQLite or any service.
#include "core/json_serde.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <utility>

#include "core/sim_time.h"

namespace fhl {
namespace {

// [SECTION] small text helpers

bool IsSpace(char c) { return static_cast<unsigned char>(c) <= ' '; }  // Java String.trim()
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && IsSpace(s[b])) ++b;
  while (e > b && IsSpace(s[e - 1])) --e;
  return s.substr(b, e - b);
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (std::memcmp(a.data(), b.data(), a.size()) == 0) return true;
  for (size_t i = 0; i < a.size(); ++i) {
    if (LowerAscii(a[i]) != LowerAscii(b[i])) return false;
  }
  return true;
}

std::string LowerString(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = LowerAscii(c);
  return out;
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Bytes of the first `chars` UTF-8 code points of `text` (varchar(n)/char(n) truncation).
size_t Utf8PrefixBytes(std::string_view text, size_t chars) {
  size_t i = 0, n = 0;
  while (i < text.size() && n < chars) {
    const auto c = static_cast<unsigned char>(text[i]);
    i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    ++n;
  }
  return i < text.size() ? i : text.size();
}

// [SECTION] numbers (Java / Trino parsing rules)

constexpr double kExactPowersOf10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                       1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

// A decimal number's parts: sign, significant digits (leading zeros dropped) and the power of ten they scale by.
struct DecimalParts {
  bool negative = false;
  uint64_t mantissa = 0;    // first up to 19 significant digits
  int digits = 0;           // significant digits seen (may exceed 19)
  int64_t exp10 = 0;        // value = mantissa_of_all_digits * 10^exp10
  bool truncated = false;   // more than 19 significant digits
};

// Java BigDecimal(String) syntax: [+-] digits [. digits] | [+-] . digits, then optional [eE][+-]digits; whole text.
// Also used for Double.parseDouble's decimal form.
bool ScanDecimal(std::string_view s, DecimalParts* out, size_t* consumed) {
  size_t i = 0;
  DecimalParts d;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) d.negative = s[i++] == '-';
  int int_digits = 0, frac_digits = 0;
  int64_t dropped = 0;  // significant digits beyond 19 (before the point) raise the exponent
  auto take = [&](char c, bool fraction) {
    if (d.digits == 0 && c == '0') {
      if (fraction) --d.exp10;
      return;
    }
    if (d.digits < 19) {
      d.mantissa = d.mantissa * 10 + static_cast<uint64_t>(c - '0');
      if (fraction) --d.exp10;
    } else {
      d.truncated = true;
      if (!fraction) ++dropped;
    }
    ++d.digits;
  };
  while (i < s.size() && IsDigit(s[i])) take(s[i++], false), ++int_digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && IsDigit(s[i])) take(s[i++], true), ++frac_digits;
  }
  if (int_digits + frac_digits == 0) return false;
  d.exp10 += dropped;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    size_t j = i + 1;
    bool neg = false;
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) neg = s[j++] == '-';
    if (j >= s.size() || !IsDigit(s[j])) return false;
    int64_t e = 0;
    while (j < s.size() && IsDigit(s[j])) {
      if (e < 100000000) e = e * 10 + (s[j] - '0');
      ++j;
    }
    d.exp10 += neg ? -e : e;
    i = j;
  }
  *out = d;
  *consumed = i;
  return true;
}

// Correctly rounded: exact fast path (Clinger) or strtod over a cleaned copy.
double DecimalToDouble(std::string_view text, const DecimalParts& d) {
  if (d.digits == 0) return d.negative ? -0.0 : 0.0;
  if (!d.truncated && d.mantissa <= (1ull << 53) && d.exp10 >= -22 && d.exp10 <= 22) {
    double v = static_cast<double>(d.mantissa);
    v = d.exp10 < 0 ? v / kExactPowersOf10[-d.exp10] : v * kExactPowersOf10[d.exp10];
    return d.negative ? -v : v;
  }
  char small[128];
  std::string big;
  char* buf = small;
  if (text.size() + 1 > sizeof(small)) {
    big.assign(text.size() + 1, '\0');
    buf = &big[0];
  }
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = '\0';
  return std::strtod(buf, nullptr);
}

// BigDecimal(s).toString(): plain notation unless the scale is negative or the adjusted exponent < -6.
std::optional<std::string> BigDecimalToString(std::string_view s) {
  DecimalParts d;
  size_t consumed = 0;
  if (!ScanDecimal(s, &d, &consumed) || consumed != s.size()) return std::nullopt;
  std::string coeff;
  int64_t frac_digits = 0;
  int64_t exponent = 0;
  {
    size_t i = (s[0] == '+' || s[0] == '-') ? 1 : 0;
    bool in_frac = false;
    for (; i < s.size(); ++i) {
      const char c = s[i];
      if (c == '.') { in_frac = true; continue; }
      if (c == 'e' || c == 'E') {
        exponent = std::strtoll(std::string(s.substr(i + 1)).c_str(), nullptr, 10);
        break;
      }
      if (in_frac) ++frac_digits;
      if (coeff.empty() && c == '0') continue;
      coeff.push_back(c);
    }
  }
  if (coeff.empty()) coeff = "0";
  const bool negative = d.negative && coeff != "0";
  const int64_t scale = frac_digits - exponent;
  const int64_t adjusted = -scale + static_cast<int64_t>(coeff.size()) - 1;
  std::string out = negative ? "-" : "";
  if (scale >= 0 && adjusted >= -6) {
    if (scale == 0) {
      out += coeff;
    } else if (static_cast<int64_t>(coeff.size()) > scale) {
      out += coeff.substr(0, coeff.size() - static_cast<size_t>(scale));
      out += '.';
      out += coeff.substr(coeff.size() - static_cast<size_t>(scale));
    } else {
      out += "0.";
      out.append(static_cast<size_t>(scale) - coeff.size(), '0');
      out += coeff;
    }
  } else {
    out += coeff[0];
    if (coeff.size() > 1) {
      out += '.';
      out += coeff.substr(1);
    }
    out += 'E';
    if (adjusted >= 0) out += '+';
    out += std::to_string(adjusted);
  }
  return out;
}

// Long.parseLong(s, radix): optional sign, at least one digit, all digits of the radix, in range.
std::optional<int64_t> JavaParseLong(std::string_view s, int radix) {
  size_t i = 0;
  bool neg = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
  if (i >= s.size()) return std::nullopt;
  uint64_t v = 0;
  const uint64_t limit = neg ? (1ull << 63) : (1ull << 63) - 1;
  for (; i < s.size(); ++i) {
    const int digit = HexValue(s[i]);
    if (digit < 0 || digit >= radix) return std::nullopt;
    if (v > (limit - static_cast<uint64_t>(digit)) / static_cast<uint64_t>(radix)) return std::nullopt;
    v = v * static_cast<uint64_t>(radix) + static_cast<uint64_t>(digit);
  }
  if (neg) return v == (1ull << 63) ? std::numeric_limits<int64_t>::min() : -static_cast<int64_t>(v);
  return static_cast<int64_t>(v);
}

// Trino openxjson parseDecimalHexOctalLong.
std::optional<int64_t> ParseDecimalHexOctalLong(std::string_view s) {
  if (s.size() >= 3 && s[0] == '0' && LowerAscii(s[1]) == 'x' && HexValue(s[2]) >= 0) {
    return JavaParseLong(s.substr(2), 16);
  }
  if (s.size() >= 2 && s[0] == '0' && s[1] >= '0' && s[1] <= '8') return JavaParseLong(s.substr(1), 8);
  return JavaParseLong(s, 10);
}

// Canonical text of an unquoted JSON literal (Trino JsonWriter.canonicalizeUnquotedString); nullopt: use as-is.
std::optional<std::string> CanonicalLiteral(std::string_view value) {
  if (EqualsIgnoreCase(value, "true")) return std::string("true");
  if (EqualsIgnoreCase(value, "false")) return std::string("false");
  if (auto v = ParseDecimalHexOctalLong(value)) return std::to_string(*v);
  return BigDecimalToString(value);
}

// True when a literal's canonical text is the literal itself: -?[1-9][0-9]*(\.[0-9]+)? or -?0\.[0-9]+ (not "-0").
bool LiteralIsCanonical(std::string_view v) {
  size_t i = 0;
  if (i < v.size() && v[i] == '-') {
    ++i;
    // BigDecimal drops the sign of zero ("-0.00" -> "0.00").
    if (v.find_first_of("123456789") == std::string_view::npos) return false;
  }
  if (i >= v.size() || !IsDigit(v[i])) return false;
  const size_t int_start = i;
  while (i < v.size() && IsDigit(v[i])) ++i;
  const size_t int_len = i - int_start;
  if (int_len > 18 && i == v.size()) return false;  // may overflow a long: let the slow path decide
  if (v[int_start] == '0' && int_len > 1) return false;
  if (i == v.size()) return !(v[int_start] == '0' && int_start > 0);  // "-0" -> "0"
  if (v[i] != '.') return false;
  ++i;
  if (i >= v.size()) return false;
  while (i < v.size() && IsDigit(v[i])) ++i;
  return i == v.size();
}

// [SECTION] dates and timestamps

bool LeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int DaysInMonth(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && LeapYear(y) ? 29 : kDays[m - 1];
}

// Reads 1..max_digits digits (exactly `max_digits` when strict) into *value.
bool ReadNumber(std::string_view s, size_t* i, int min_digits, int max_digits, int* value) {
  int n = 0, v = 0;
  while (*i < s.size() && IsDigit(s[*i]) && n < max_digits) v = v * 10 + (s[(*i)++] - '0'), ++n;
  if (n < min_digits) return false;
  *value = v;
  return true;
}

// yyyy-M-d at s[*i]; validates the calendar.
bool ReadDate(std::string_view s, size_t* i, int min_digits, CivilTime* c) {
  if (!ReadNumber(s, i, 4, 4, &c->year)) return false;
  if (*i >= s.size() || s[*i] != '-') return false;
  ++*i;
  if (!ReadNumber(s, i, min_digits, 2, &c->month)) return false;
  if (*i >= s.size() || s[*i] != '-') return false;
  ++*i;
  if (!ReadNumber(s, i, min_digits, 2, &c->day)) return false;
  return c->month >= 1 && c->month <= 12 && c->day >= 1 && c->day <= DaysInMonth(c->year, c->month);
}

// H:m[:s[.fffffffff]] at s[*i].
bool ReadTime(std::string_view s, size_t* i, int min_digits, CivilTime* c) {
  if (!ReadNumber(s, i, min_digits, 2, &c->hour)) return false;
  if (*i >= s.size() || s[*i] != ':') return false;
  ++*i;
  if (!ReadNumber(s, i, min_digits, 2, &c->minute)) return false;
  if (*i < s.size() && s[*i] == ':') {
    ++*i;
    if (!ReadNumber(s, i, min_digits, 2, &c->second)) return false;
    if (*i < s.size() && s[*i] == '.') {
      ++*i;
      int digits = 0, micros = 0;
      while (*i < s.size() && IsDigit(s[*i]) && digits < 9) {
        if (digits < 6) micros = micros * 10 + (s[*i] - '0');
        ++*i, ++digits;
      }
      if (digits == 0) return false;
      for (int k = digits; k < 6; ++k) micros *= 10;
      c->micros = micros;
    }
  }
  return c->hour < 24 && c->minute < 60 && c->second < 60;
}

std::string FormatTimestampMs(TimeUs t) {
  const TimeUs ms = FloorTo(t, kUsPerMs);
  CivilTime c = ToCivil(ms);
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d %02d:%02d:%02d.%03d", c.year, c.month, c.day, c.hour, c.minute,
                c.second, c.micros / 1000);
  return buf;
}

std::string FormatDate(const CivilTime& c) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", c.year, c.month, c.day);
  return buf;
}

}  // namespace

// [SECTION] public conversions

std::optional<double> ParseJavaDouble(std::string_view text) {
  std::string_view s = Trim(text);
  if (s.empty()) return std::nullopt;
  // Fast path: plain JSON-style numbers.
  DecimalParts d;
  size_t consumed = 0;
  if (ScanDecimal(s, &d, &consumed)) {
    std::string_view number = s.substr(0, consumed);
    if (consumed + 1 == s.size()) {
      const char suffix = s[consumed];
      if (suffix != 'd' && suffix != 'D' && suffix != 'f' && suffix != 'F') return std::nullopt;
    } else if (consumed != s.size()) {
      return std::nullopt;
    }
    return DecimalToDouble(number, d);
  }
  size_t i = 0;
  bool neg = false;
  if (s[0] == '+' || s[0] == '-') neg = s[0] == '-', ++i;
  const std::string_view rest = s.substr(i);
  if (rest == "NaN") return std::numeric_limits<double>::quiet_NaN();
  if (rest == "Infinity") return neg ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
  return std::nullopt;
}

std::optional<int64_t> ParseHiveLong(std::string_view text) {
  if (auto v = ParseDecimalHexOctalLong(text)) return v;
  DecimalParts d;
  size_t consumed = 0;
  if (!ScanDecimal(text, &d, &consumed) || consumed != text.size()) return std::nullopt;
  // BigDecimal(text).setScale(0, DOWN).longValueExact(): collect the digits, shift by the exponent, truncate.
  std::string digits;
  int64_t exponent = 0, frac = 0;
  bool in_frac = false;
  for (size_t i = (text[0] == '+' || text[0] == '-') ? 1 : 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '.') { in_frac = true; continue; }
    if (c == 'e' || c == 'E') {
      exponent = std::strtoll(std::string(text.substr(i + 1)).c_str(), nullptr, 10);
      break;
    }
    if (in_frac) ++frac;
    if (digits.empty() && c == '0') continue;
    digits.push_back(c);
  }
  const int64_t shift = exponent - frac;
  if (shift < 0) {
    const int64_t drop = -shift;
    if (drop >= static_cast<int64_t>(digits.size())) return int64_t{0};
    digits.resize(digits.size() - static_cast<size_t>(drop));
  } else {
    if (!digits.empty() && shift > 19) return std::nullopt;
    if (!digits.empty()) digits.append(static_cast<size_t>(shift), '0');
  }
  if (digits.empty()) return int64_t{0};
  return JavaParseLong((d.negative ? "-" : "") + digits, 10);
}

std::optional<std::string> ParseHiveTimestamp(std::string_view text) {
  const std::string_view s = text;
  if (s.empty()) return std::nullopt;
  const size_t colon = s.find(':');
  if (colon != std::string_view::npos && colon > 0) {
    // ISO-8601 with a zone ("...Z", "+hh:mm", "+hhmm"), else Hive's "yyyy-M-d H:m:s[.f]".
    const char last = s.back();
    size_t zone_at = std::string_view::npos;
    if (last == 'z' || last == 'Z') {
      zone_at = s.size() - 1;
    } else if (s.size() >= 6) {
      // .+([+-])\d{2}:?\d{2}$
      size_t k = s.size();
      auto digits_before = [&](size_t end, size_t n) {
        if (end < n) return false;
        for (size_t j = end - n; j < end; ++j) if (!IsDigit(s[j])) return false;
        return true;
      };
      if (digits_before(k, 2)) {
        k -= 2;
        if (k > 0 && s[k - 1] == ':') --k;
        if (digits_before(k, 2)) {
          k -= 2;
          if (k > 1 && (s[k - 1] == '+' || s[k - 1] == '-')) zone_at = k - 1;
        }
      }
    }
    if (zone_at != std::string_view::npos) {
      CivilTime c;
      size_t i = 0;
      if (ReadDate(s, &i, 2, &c) && i < s.size() && (s[i] == 'T' || s[i] == 't')) {
        ++i;
        if (ReadTime(s, &i, 2, &c) && i == zone_at) {
          TimeUs t = FromCivil(c);
          if (s[zone_at] == '+' || s[zone_at] == '-') {
            const std::string_view z = s.substr(zone_at + 1);
            const int hh = (z[0] - '0') * 10 + (z[1] - '0');
            const size_t mm_at = z.size() == 5 ? 3 : 2;
            const int mm = (z[mm_at] - '0') * 10 + (z[mm_at + 1] - '0');
            const TimeUs offset = hh * kUsPerHour + mm * kUsPerMinute;
            t += s[zone_at] == '+' ? -offset : offset;
          }
          return FormatTimestampMs(t);
        }
      }
    }
    CivilTime c;
    size_t i = 0;
    if (!ReadDate(s, &i, 1, &c)) return std::nullopt;
    if (i >= s.size() || (s[i] != ' ' && s[i] != 'T')) return std::nullopt;
    ++i;
    if (!ReadTime(s, &i, 1, &c) || i != s.size()) return std::nullopt;
    return FormatTimestampMs(FromCivil(c));
  }
  for (char ch : s) {
    if (!(IsDigit(ch) || ch == '-' || ch == '+' || ch == '.')) return std::nullopt;
  }
  if (s.find('.') != std::string_view::npos) {
    // Decimal epoch seconds, truncated to milliseconds.
    DecimalParts d;
    size_t consumed = 0;
    if (!ScanDecimal(s, &d, &consumed) || consumed != s.size()) return std::nullopt;
    const double seconds = DecimalToDouble(s, d);
    if (!(std::fabs(seconds) < 9.0e12)) return std::nullopt;
    const double ms = std::trunc(seconds * 1000.0 + (seconds >= 0 ? 1e-7 : -1e-7));
    return FormatTimestampMs(static_cast<TimeUs>(ms) * kUsPerMs);
  }
  const auto n = JavaParseLong(s, 10);
  if (!n) return std::nullopt;
  constexpr size_t kMillisLength = 13;
  if (s.size() >= kMillisLength) {
    if (*n > 9000000000000000LL / kUsPerMs || *n < -9000000000000000LL / kUsPerMs) return std::nullopt;
    return FormatTimestampMs(*n * kUsPerMs);
  }
  return FormatTimestampMs(*n * kUsPerSecond);
}

std::optional<std::string> ParseHiveDate(std::string_view text) {
  CivilTime c;
  size_t i = 0;
  if (ReadDate(text, &i, 1, &c) && (i == text.size() || text[i] == ' ' || text[i] == 'T')) return FormatDate(c);
  const auto days = ParseDecimalHexOctalLong(text);
  if (!days || *days > 100000000 || *days < -100000000) return std::nullopt;
  return FormatDate(ToCivil(*days * kUsPerDay));
}

// [SECTION] Hive types

std::optional<HiveType> ParseHiveType(std::string_view type_text) {
  const std::string t = LowerString(Trim(type_text));
  HiveType h;
  auto args = [&](std::string_view name, int* a, int* b) -> bool {
    // name(a) or name(a,b)
    if (t.compare(0, name.size(), name) != 0) return false;
    std::string_view rest = std::string_view(t).substr(name.size());
    rest = Trim(rest);
    if (rest.size() < 3 || rest.front() != '(' || rest.back() != ')') return false;
    rest = rest.substr(1, rest.size() - 2);
    const size_t comma = rest.find(',');
    auto to_int = [](std::string_view v, int* out) {
      v = Trim(v);
      if (v.empty() || v.size() > 6) return false;
      int x = 0;
      for (char c : v) {
        if (!IsDigit(c)) return false;
        x = x * 10 + (c - '0');
      }
      *out = x;
      return true;
    };
    if (comma == std::string_view::npos) return b == nullptr ? to_int(rest, a) : (to_int(rest, a) && (*b = 0, true));
    if (b == nullptr) return false;
    return to_int(rest.substr(0, comma), a) && to_int(rest.substr(comma + 1), b);
  };
  if (t == "string") { h.kind = HiveKind::kString; return h; }
  if (t == "varchar") return std::nullopt;
  if (t == "boolean") { h.kind = HiveKind::kBoolean; return h; }
  if (t == "tinyint") { h.kind = HiveKind::kTinyint; return h; }
  if (t == "smallint") { h.kind = HiveKind::kSmallint; return h; }
  if (t == "int" || t == "integer") { h.kind = HiveKind::kInt; return h; }
  if (t == "bigint") { h.kind = HiveKind::kBigint; return h; }
  if (t == "float" || t == "real") { h.kind = HiveKind::kFloat; return h; }
  if (t == "double") { h.kind = HiveKind::kDouble; return h; }
  if (t == "timestamp") { h.kind = HiveKind::kTimestamp; return h; }
  if (t == "date") { h.kind = HiveKind::kDate; return h; }
  if (t == "decimal") { h.kind = HiveKind::kDecimal; h.precision = 10; h.scale = 0; return h; }
  if (t == "char") { h.kind = HiveKind::kChar; h.length = 1; return h; }
  if (args("varchar", &h.length, nullptr)) {
    if (h.length < 1 || h.length > 65535) return std::nullopt;
    h.kind = HiveKind::kVarchar;
    return h;
  }
  if (args("char", &h.length, nullptr)) {
    if (h.length < 1 || h.length > 255) return std::nullopt;
    h.kind = HiveKind::kChar;
    return h;
  }
  if (args("decimal", &h.precision, &h.scale)) {
    if (h.precision < 1 || h.precision > 38 || h.scale > h.precision) return std::nullopt;
    h.kind = HiveKind::kDecimal;
    return h;
  }
  for (std::string_view complex : {"array<", "map<", "struct<"}) {
    if (t.compare(0, complex.size(), complex) == 0 && t.back() == '>') {
      h.kind = HiveKind::kComplex;
      return h;
    }
  }
  return std::nullopt;
}

std::string HiveTypeName(const HiveType& type) {
  switch (type.kind) {
    case HiveKind::kString: return "string";
    case HiveKind::kVarchar: return "varchar(" + std::to_string(type.length) + ")";
    case HiveKind::kChar: return "char(" + std::to_string(type.length) + ")";
    case HiveKind::kBoolean: return "boolean";
    case HiveKind::kTinyint: return "tinyint";
    case HiveKind::kSmallint: return "smallint";
    case HiveKind::kInt: return "int";
    case HiveKind::kBigint: return "bigint";
    case HiveKind::kFloat: return "float";
    case HiveKind::kDouble: return "double";
    case HiveKind::kDecimal:
      return "decimal(" + std::to_string(type.precision) + "," + std::to_string(type.scale) + ")";
    case HiveKind::kTimestamp: return "timestamp";
    case HiveKind::kDate: return "date";
    case HiveKind::kComplex: return "string";
  }
  return "string";
}

std::string AthenaTypeName(const HiveType& type) {
  switch (type.kind) {
    case HiveKind::kString: case HiveKind::kVarchar: case HiveKind::kComplex: return "varchar";
    case HiveKind::kChar: return "char";
    case HiveKind::kBoolean: return "boolean";
    case HiveKind::kTinyint: return "tinyint";
    case HiveKind::kSmallint: return "smallint";
    case HiveKind::kInt: return "integer";
    case HiveKind::kBigint: return "bigint";
    case HiveKind::kFloat: return "real";
    case HiveKind::kDouble: return "double";
    case HiveKind::kDecimal: return "decimal";
    case HiveKind::kTimestamp: return "timestamp";
    case HiveKind::kDate: return "date";
  }
  return "varchar";
}

CellRef::Kind StorageKind(const HiveType& type) {
  switch (type.kind) {
    case HiveKind::kBoolean: case HiveKind::kTinyint: case HiveKind::kSmallint: case HiveKind::kInt:
    case HiveKind::kBigint:
      return CellRef::kInteger;
    case HiveKind::kFloat: case HiveKind::kDouble: case HiveKind::kDecimal:
      return CellRef::kReal;
    default:
      return CellRef::kText;
  }
}

// [SECTION] ColumnarObject

ColumnarObject::ColumnarObject(std::shared_ptr<const std::string> body, size_t column_count)
    : body_(body ? std::move(body) : std::make_shared<const std::string>()), columns_(column_count) {}

CellRef ColumnarObject::cell(size_t column, size_t row) const {
  CellRef c;
  const Column& col = columns_[column];
  const uint64_t slot = col.slot[row];
  switch (col.kind[row]) {
    case kIntegerCell:
      c.kind = CellRef::kInteger;
      c.integer = static_cast<int64_t>(slot);
      break;
    case kRealCell:
      c.kind = CellRef::kReal;
      std::memcpy(&c.real, &slot, sizeof(double));
      break;
    case kBodyTextCell:
      c.kind = CellRef::kText;
      c.text = std::string_view(body_->data() + (slot >> 32), slot & 0xFFFFFFFFu);
      break;
    case kArenaTextCell:
      c.kind = CellRef::kText;
      c.text = std::string_view(arena_.data() + (slot >> 32), slot & 0xFFFFFFFFu);
      break;
    default:
      break;
  }
  return c;
}

void ColumnarObject::AppendNull(size_t column) {
  columns_[column].kind.push_back(kNullCell);
  columns_[column].slot.push_back(0);
}
void ColumnarObject::AppendInteger(size_t column, int64_t value) {
  columns_[column].kind.push_back(kIntegerCell);
  columns_[column].slot.push_back(static_cast<uint64_t>(value));
}
void ColumnarObject::AppendReal(size_t column, double value) {
  uint64_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  columns_[column].kind.push_back(kRealCell);
  columns_[column].slot.push_back(bits);
}
void ColumnarObject::AppendBodyText(size_t column, const char* begin, size_t size_bytes) {
  const auto offset = static_cast<uint64_t>(begin - body_->data());
  columns_[column].kind.push_back(kBodyTextCell);
  columns_[column].slot.push_back(offset << 32 | static_cast<uint64_t>(size_bytes));
}
void ColumnarObject::AppendArenaText(size_t column, std::string_view text) {
  const auto offset = static_cast<uint64_t>(arena_.size());
  arena_.append(text.data(), text.size());
  columns_[column].kind.push_back(kArenaTextCell);
  columns_[column].slot.push_back(offset << 32 | static_cast<uint64_t>(text.size()));
}
void ColumnarObject::Reserve(size_t rows) {
  for (Column& c : columns_) {
    c.kind.reserve(rows);
    c.slot.reserve(rows);
  }
}
void ColumnarObject::ShrinkToFit() {
  // Only when clearly oversized: shrinking copies the whole column.
  for (Column& c : columns_) {
    if (c.slot.capacity() > c.slot.size() + c.slot.size() / 4 + 1024) {
      c.kind.shrink_to_fit();
      c.slot.shrink_to_fit();
    }
  }
  if (arena_.capacity() > arena_.size() + arena_.size() / 4 + 4096) arena_.shrink_to_fit();
}
uint64_t ColumnarObject::ApproxBytes() const {
  uint64_t bytes = sizeof(*this) + arena_.capacity();
  for (const Column& c : columns_) bytes += c.kind.capacity() + c.slot.capacity() * sizeof(uint64_t);
  return bytes;
}

// [SECTION] options

JsonSerDeOptions JsonSerDeOptionsFrom(const std::map<std::string, std::string>& params) {
  JsonSerDeOptions o;
  auto flag = [&](const char* name, bool def) {
    auto it = params.find(name);
    if (it == params.end()) return def;
    return EqualsIgnoreCase(Trim(it->second), "true");  // Boolean.parseBoolean
  };
  o.ignore_malformed_json = flag("ignore.malformed.json", false);
  o.case_insensitive = flag("case.insensitive", true);
  o.dots_in_keys = flag("dots.in.keys", false);
  constexpr std::string_view kMapping = "mapping.";
  for (const auto& [key, value] : params) {
    if (key.compare(0, kMapping.size(), kMapping) == 0 && key.size() > kMapping.size()) {
      o.mappings[LowerString(key.substr(kMapping.size()))] = value;
    }
  }
  return o;
}

namespace {

// [SECTION] the lenient line reader (Trino JsonReader rules)

struct Token {
  enum Type : uint8_t { kNone, kNull, kQuoted, kQuotedEscaped, kLiteral, kObject, kArray };
  Type type = kNone;
  bool empty_container = false;  // {} or [] (for error texts)
  const char* begin = nullptr;   // quoted: contents; literal: text; object/array: '{'..'}' inclusive
  const char* end = nullptr;
  char quote = '"';
  std::string_view view() const { return std::string_view(begin, static_cast<size_t>(end - begin)); }
};

constexpr int kMaxDepth = 512;

class LineReader {
 public:
  LineReader(const char* begin, const char* end) : begin_(begin), p_(begin), end_(end) {}

  const std::string& message() const { return message_; }
  bool failed() const { return failed_; }

  // Skips whitespace and comments; returns the next character (consumed) or -1 at the end.
  int SeekNextToken() {
    while (p_ < end_) {
      const char c = *p_++;
      switch (c) {
        case ' ': case '\t': case '\n': case '\r':
          continue;
        case '#':
          SkipLineComment();
          continue;
        case '/': {
          if (p_ == end_) return c;
          if (*p_ == '*') {
            ++p_;
            const char* q = p_;
            while (q + 1 < end_ && !(q[0] == '*' && q[1] == '/')) ++q;
            if (q + 1 >= end_) return Fail("Unterminated c-style comment"), -1;
            p_ = q + 2;
            continue;
          }
          if (*p_ == '/') {
            SkipLineComment();
            continue;
          }
          return c;
        }
        default:
          return static_cast<unsigned char>(c);
      }
    }
    return -1;
  }

  void Unread() { --p_; }
  const char* pos() const { return p_; }

  bool ReadValue(Token* out, int depth) {
    const int c = SeekNextToken();
    if (failed_) return false;
    if (c == -1) return Fail("End of input");
    if (c == '{') return ReadContainer(out, Token::kObject, depth);
    if (c == '[') return ReadContainer(out, Token::kArray, depth);
    if (c == '"' || c == '\'') return ReadQuoted(static_cast<char>(c), out);
    Unread();
    return ReadLiteral(out);
  }

  bool Fail(std::string message) {
    if (!failed_) {
      failed_ = true;
      const size_t at = static_cast<size_t>(p_ - begin_);
      message_ = std::move(message) + " at " + std::to_string(at) + " [character " + std::to_string(at + 1) +
                 " line 1]";
    }
    return false;
  }

 private:
  void SkipLineComment() {
    while (p_ < end_ && *p_ != '\n' && *p_ != '\r') ++p_;
    if (p_ < end_) ++p_;
  }

  bool ReadQuoted(char quote, Token* out) {
    out->quote = quote;
    out->begin = p_;
    bool escaped = false;
    while (p_ < end_) {
      const char c = *p_++;
      if (c == quote) {
        out->end = p_ - 1;
        out->type = escaped ? Token::kQuotedEscaped : Token::kQuoted;
        return true;
      }
      if (c == '\\') {
        escaped = true;
        if (p_ == end_) return Fail("Unterminated escape sequence");
        const char e = *p_++;
        if (e == 'u') {
          if (end_ - p_ < 4) return Fail("Unterminated escape sequence");
          for (int k = 0; k < 4; ++k) {
            if (HexValue(p_[k]) < 0) {
              p_ += 4;
              return Fail("Invalid escape sequence: " + std::string(p_ - 4, 4));
            }
          }
          p_ += 4;
        }
      }
    }
    return Fail("Unterminated string");
  }

  bool ReadLiteral(Token* out) {
    const char* start = p_;
    while (p_ < end_) {
      const char c = *p_;
      if (c == ' ' || c == '\r' || c == '\n' || c == '\t' || c == '\f' || c == '{' || c == '}' || c == '[' ||
          c == ']' || c == '/' || c == '\\' || c == ':' || c == ',' || c == '=' || c == ';' || c == '#') {
        break;
      }
      ++p_;
    }
    if (p_ == start) return Fail("Expected literal value");
    out->begin = start;
    out->end = p_;
    out->type = (p_ - start == 4 && EqualsIgnoreCase(std::string_view(start, 4), "null")) ? Token::kNull
                                                                                        : Token::kLiteral;
    return true;
  }

  // After '{' or '[' was consumed: validates the container and records its span.
  bool ReadContainer(Token* out, Token::Type type, int depth) {
    if (depth >= kMaxDepth) return Fail("Nesting too deep");
    out->type = type;
    out->begin = p_ - 1;
    out->empty_container = false;
    if (type == Token::kObject) {
      const int first = SeekNextToken();
      if (failed_) return false;
      if (first == '}') {
        out->empty_container = true;
        out->end = p_;
        return true;
      }
      if (first != -1) Unread();
      while (true) {
        Token name;
        if (!ReadName(&name, depth)) return false;
        Token value;
        if (!ReadValue(&value, depth + 1)) return false;
        const int c = SeekNextToken();
        if (failed_) return false;
        if (c == '}') break;
        if (c != ',' && c != ';') return Fail("Unterminated object");
      }
    } else {
      bool any = false;
      while (true) {
        int c = SeekNextToken();
        if (failed_) return false;
        if (c == -1) return Fail("Unterminated array");
        if (c == ']') break;
        any = true;
        if (c == ',' || c == ';') continue;
        Unread();
        Token value;
        if (!ReadValue(&value, depth + 1)) return false;
        c = SeekNextToken();
        if (failed_) return false;
        if (c == ']') break;
        if (c != ',' && c != ';') return Fail("Unterminated array");
      }
      out->empty_container = !any;
    }
    out->end = p_;
    return true;
  }

 public:
  // Reads a field name and its ':' / '=' / '=>' separator.
  bool ReadName(Token* name, int depth) {
    if (!ReadValue(name, depth + 1)) return false;
    if (name->type == Token::kNull) return Fail("Field name is null literal");
    if (name->type == Token::kObject || name->type == Token::kArray) {
      return Fail("Names must be strings, but " + std::string(name->view()) + " is of type " +
                  (name->type == Token::kObject ? "UnmodifiableMap" : "UnmodifiableRandomAccessList"));
    }
    const int sep = SeekNextToken();
    if (failed_) return false;
    if (sep != ':' && sep != '=') return Fail("Expected ':' after field " + DecodeToString(*name));
    if (sep == '=' && p_ < end_ && *p_ == '>') ++p_;
    return true;
  }

  // The text of a quoted (escapes decoded) or literal token.
  static std::string DecodeToString(const Token& t) {
    std::string out;
    DecodeInto(t, &out);
    return out;
  }

  static void DecodeInto(const Token& t, std::string* out) {
    if (t.type != Token::kQuotedEscaped) {
      out->append(t.begin, static_cast<size_t>(t.end - t.begin));
      return;
    }
    const char* p = t.begin;
    while (p < t.end) {
      const char c = *p++;
      if (c != '\\') {
        out->push_back(c);
        continue;
      }
      const char e = *p++;
      switch (e) {
        case 't': out->push_back('\t'); break;
        case 'b': out->push_back('\b'); break;
        case 'n': out->push_back('\n'); break;
        case 'r': out->push_back('\r'); break;
        case 'f': out->push_back('\f'); break;
        case 'a': out->push_back('\007'); break;
        case 'v': out->push_back('\011'); break;  // as Trino's reader decodes it
        case 'u': {
          uint32_t unit = 0;
          for (int k = 0; k < 4; ++k) unit = unit * 16 + static_cast<uint32_t>(HexValue(p[k]));
          p += 4;
          if (unit >= 0xD800 && unit <= 0xDBFF && t.end - p >= 6 && p[0] == '\\' && p[1] == 'u') {
            uint32_t low = 0;
            bool hex = true;
            for (int k = 0; k < 4; ++k) {
              const int h = HexValue(p[2 + k]);
              if (h < 0) hex = false;
              low = low * 16 + static_cast<uint32_t>(h < 0 ? 0 : h);
            }
            if (hex && low >= 0xDC00 && low <= 0xDFFF) {
              p += 6;
              AppendUtf8(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00), out);
              break;
            }
          }
          AppendUtf8((unit >= 0xD800 && unit <= 0xDFFF) ? 0xFFFD : unit, out);
          break;
        }
        default: out->push_back(e); break;
      }
    }
  }

 private:
  const char* begin_;
  const char* p_;
  const char* end_;
  bool failed_ = false;
  std::string message_;
};

// [SECTION] canonical JSON text (Trino JsonWriter) for objects/arrays read into string columns

void WriteJsonString(std::string_view value, std::string* out) {
  out->push_back('"');
  char prev = 0;
  for (char c : value) {
    switch (c) {
      case '"': case '\\': out->push_back('\\'); out->push_back(c); break;
      case '/': if (prev == '<') out->push_back('\\'); out->push_back(c); break;
      case '\t': *out += "\\t"; break;
      case '\b': *out += "\\b"; break;
      case '\n': *out += "\\n"; break;
      case '\r': *out += "\\r"; break;
      case '\f': *out += "\\f"; break;
      default:
        if (static_cast<unsigned char>(c) <= 0x1F) {
          char buf[8];
          std::snprintf(buf, sizeof(buf), "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
          *out += buf;
        } else {
          out->push_back(c);
        }
    }
    prev = c;
  }
  out->push_back('"');
}

void WriteCanonical(const Token& t, std::string* out);

void WriteScalar(const Token& t, std::string* out) {
  if (t.type == Token::kNull || t.type == Token::kNone) {
    *out += "null";
  } else if (t.type == Token::kLiteral) {
    if (auto canonical = CanonicalLiteral(t.view())) {
      *out += *canonical;
    } else {
      WriteJsonString(t.view(), out);
    }
  } else {
    WriteJsonString(LineReader::DecodeToString(t), out);
  }
}

// Re-reads an already validated container span and writes it compactly.
void WriteCanonical(const Token& t, std::string* out) {
  if (t.type != Token::kObject && t.type != Token::kArray) return WriteScalar(t, out);
  LineReader r(t.begin + 1, t.end);
  if (t.type == Token::kObject) {
    *out += '{';
    if (t.empty_container) return void(*out += '}');
    bool first = true;
    while (true) {
      Token name, value;
      if (!r.ReadName(&name, 0) || !r.ReadValue(&value, 0)) break;
      if (!first) *out += ',';
      first = false;
      WriteJsonString(LineReader::DecodeToString(name), out);
      *out += ':';
      WriteCanonical(value, out);
      const int c = r.SeekNextToken();
      if (c != ',' && c != ';') break;
    }
    *out += '}';
    return;
  }
  *out += '[';
  bool first = true;
  bool trailing_separator = false;
  while (true) {
    int c = r.SeekNextToken();
    if (c == -1 || c == ']') {
      if (trailing_separator) *out += first ? "null" : ",null";
      break;
    }
    if (c == ',' || c == ';') {
      *out += first ? "null" : ",null";
      first = false;
      trailing_separator = true;
      continue;
    }
    r.Unread();
    Token value;
    if (!r.ReadValue(&value, 0)) break;
    if (!first) *out += ',';
    first = false;
    trailing_separator = false;
    WriteCanonical(value, out);
    c = r.SeekNextToken();
    if (c != ',' && c != ';') break;
    trailing_separator = true;
  }
  *out += ']';
}

// [SECTION] per-column decoding

struct ColumnPlan {
  HiveType type;
  std::string match;     // JSON key to match (mapping or column name), lower-cased when case-insensitive
  std::string original;  // column name (for dots.in.keys)
  bool can_match_dotted = false;
};

const char* CoercionTarget(const HiveType& type, std::string* scratch) {
  switch (type.kind) {
    case HiveKind::kBigint: return "a BIGINT";
    case HiveKind::kInt: return "an INTEGER";
    case HiveKind::kSmallint: return "a SMALLINT";
    case HiveKind::kTinyint: return "a TINYINT";
    case HiveKind::kFloat: return "a REAL";
    case HiveKind::kDouble: return "a DOUBLE";
    case HiveKind::kDate: return "a DATE";
    case HiveKind::kTimestamp: return "a timestamp(3)";
    case HiveKind::kDecimal:
      *scratch = "a decimal(" + std::to_string(type.precision) + "," + std::to_string(type.scale) + ")";
      return scratch->c_str();
    default: return "a value";
  }
}

class RowDecoder {
 public:
  RowDecoder(ColumnarObject* out) : out_(out) {}

  // Appends one cell; returns false (with *error) when the query must fail.
  bool Decode(size_t col, const ColumnPlan& plan, const Token& t, std::string* error) {
    if (t.type == Token::kNone || t.type == Token::kNull) return out_->AppendNull(col), true;
    const HiveKind kind = plan.type.kind;
    const bool container = t.type == Token::kObject || t.type == Token::kArray;
    if (kind == HiveKind::kString || kind == HiveKind::kVarchar || kind == HiveKind::kChar ||
        kind == HiveKind::kComplex) {
      return DecodeText(col, plan, t), true;
    }
    if (kind == HiveKind::kBoolean) {
      // Boolean.parseBoolean(value.toString()): a container's text is never "true".
      bool value = false;
      if (!container) value = EqualsIgnoreCase(TextOf(t), "true");
      return out_->AppendInteger(col, value ? 1 : 0), true;
    }
    if (container) {
      std::string scratch;
      *error = std::string("HIVE_CURSOR_ERROR: Invalid JSON: ") +
               (t.type == Token::kObject ? (t.empty_container ? "EmptyMap" : "UnmodifiableMap")
                                         : (t.empty_container ? "EmptyList" : "UnmodifiableRandomAccessList")) +
               " can not be coerced to " + CoercionTarget(plan.type, &scratch);
      return false;
    }
    const std::string_view text = TextOf(t);
    switch (kind) {
      case HiveKind::kTinyint: case HiveKind::kSmallint: case HiveKind::kInt: case HiveKind::kBigint: {
        const auto v = ParseHiveLong(text);
        int64_t lo = std::numeric_limits<int64_t>::min(), hi = std::numeric_limits<int64_t>::max();
        if (kind == HiveKind::kTinyint) lo = -128, hi = 127;
        if (kind == HiveKind::kSmallint) lo = -32768, hi = 32767;
        if (kind == HiveKind::kInt) lo = std::numeric_limits<int32_t>::min(), hi = std::numeric_limits<int32_t>::max();
        if (v && *v >= lo && *v <= hi) {
          out_->AppendInteger(col, *v);
        } else {
          out_->AppendNull(col);
        }
        return true;
      }
      case HiveKind::kDouble: case HiveKind::kFloat: {
        if (t.type == Token::kLiteral && kind == HiveKind::kDouble) {
          DecimalParts d;
          size_t consumed = 0;
          if (ScanDecimal(text, &d, &consumed) && consumed == text.size()) {
            out_->AppendReal(col, DecimalToDouble(text, d));
            return true;
          }
        }
        const auto v = ParseJavaDouble(text);
        if (!v) return out_->AppendNull(col), true;
        out_->AppendReal(col, kind == HiveKind::kFloat ? static_cast<double>(static_cast<float>(*v)) : *v);
        return true;
      }
      case HiveKind::kDecimal: {
        DecimalParts d;
        size_t consumed = 0;
        if (!ScanDecimal(text, &d, &consumed) || consumed != text.size()) return out_->AppendNull(col), true;
        double v = DecimalToDouble(text, d);
        const double scale = std::pow(10.0, plan.type.scale);
        v = std::round(v * scale) / scale;  // HALF_UP (away from zero)
        if (std::fabs(v) >= std::pow(10.0, plan.type.precision - plan.type.scale)) return out_->AppendNull(col), true;
        out_->AppendReal(col, v);
        return true;
      }
      case HiveKind::kDate: {
        const auto v = ParseHiveDate(text);
        if (v) out_->AppendArenaText(col, *v); else out_->AppendNull(col);
        return true;
      }
      case HiveKind::kTimestamp: {
        const auto v = ParseHiveTimestamp(text);
        if (v) out_->AppendArenaText(col, *v); else out_->AppendNull(col);
        return true;
      }
      default:
        out_->AppendNull(col);
        return true;
    }
  }

 private:
  // The value's text: body bytes when not escaped, else decoded into a scratch buffer.
  std::string_view TextOf(const Token& t) {
    if (t.type != Token::kQuotedEscaped) return t.view();
    scratch_.clear();
    LineReader::DecodeInto(t, &scratch_);
    return scratch_;
  }

  void AppendText(size_t col, const ColumnPlan& plan, std::string_view text, bool in_body) {
    if (plan.type.kind == HiveKind::kVarchar || plan.type.kind == HiveKind::kChar) {
      text = text.substr(0, Utf8PrefixBytes(text, static_cast<size_t>(plan.type.length)));
      if (plan.type.kind == HiveKind::kChar) {
        while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
      }
    }
    if (in_body) {
      out_->AppendBodyText(col, text.data(), text.size());
    } else {
      out_->AppendArenaText(col, text);
    }
  }

  void DecodeText(size_t col, const ColumnPlan& plan, const Token& t) {
    switch (t.type) {
      case Token::kQuoted:
        return AppendText(col, plan, t.view(), true);
      case Token::kQuotedEscaped:
        return AppendText(col, plan, TextOf(t), false);
      case Token::kLiteral: {
        if (LiteralIsCanonical(t.view())) return AppendText(col, plan, t.view(), true);
        if (auto canonical = CanonicalLiteral(t.view())) return AppendText(col, plan, *canonical, false);
        return AppendText(col, plan, t.view(), true);
      }
      default: {
        scratch_.clear();
        WriteCanonical(t, &scratch_);
        return AppendText(col, plan, scratch_, false);
      }
    }
  }

  ColumnarObject* out_;
  std::string scratch_;
};

// [SECTION] fast path for plain one-line objects

// Characters that end an unquoted literal (Trino JsonReader.literalToken).
struct LiteralEnd {
  bool table[256] = {};
  constexpr LiteralEnd() {
    for (char c : std::string_view(" \r\n\t\f{}[]/\\:,=;#")) table[static_cast<unsigned char>(c)] = true;
  }
};
constexpr LiteralEnd kLiteralEnd;

inline const char* SkipBlanks(const char* q, const char* e) {
  while (q < e && (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n')) ++q;
  return q;
}

// Reads a line of the common shape {"key":value,...} (double-quoted keys and strings without escapes, literal
// scalars, no comments, nesting or lenient separators) into tokens. Returns false, with tokens unspecified, for any
// other shape: the caller then reads the line with the general reader (which also produces the errors).
bool ReadPlainObject(const char* b, const char* e, const std::vector<ColumnPlan>& plans, bool case_insensitive,
                     std::vector<Token>& tokens) {
  const size_t ncols = plans.size();
  const char* q = SkipBlanks(b + 1, e);
  if (q < e && *q == '}') return true;
  size_t guess = 0;  // keys usually come in column order
  while (true) {
    if (q >= e || *q != '"') return false;
    const char* key_begin = ++q;
    while (q < e && *q != '"' && *q != '\\') ++q;
    if (q >= e || *q != '"') return false;
    const std::string_view key(key_begin, static_cast<size_t>(q - key_begin));
    q = SkipBlanks(q + 1, e);
    if (q >= e || *q != ':') return false;
    q = SkipBlanks(q + 1, e);
    if (q >= e) return false;
    Token value;
    if (*q == '"') {
      value.begin = ++q;
      while (q < e && *q != '"' && *q != '\\') ++q;
      if (q >= e || *q != '"') return false;
      value.end = q++;
      value.type = Token::kQuoted;
    } else if (*q == '{' || *q == '[' || *q == '\'' || kLiteralEnd.table[static_cast<unsigned char>(*q)]) {
      return false;
    } else {
      value.begin = q;
      while (q < e && !kLiteralEnd.table[static_cast<unsigned char>(*q)]) ++q;
      value.end = q;
      value.type = (q - value.begin == 4 && EqualsIgnoreCase(value.view(), "null")) ? Token::kNull : Token::kLiteral;
    }
    // Match the key: the predicted column first, then all (every column whose key matches gets the value).
    bool predicted = false;
    if (guess < ncols) {
      const std::string& m = plans[guess].match;
      if (m.size() == key.size() && (case_insensitive ? EqualsIgnoreCase(key, m) : key == std::string_view(m))) {
        predicted = true;
      }
    }
    if (predicted) {
      tokens[guess] = value;
      // Another column may map to the same key.
      for (size_t c = 0; c < ncols; ++c) {
        if (c == guess) continue;
        const std::string& m = plans[c].match;
        if (m.size() == key.size() && (case_insensitive ? EqualsIgnoreCase(key, m) : key == std::string_view(m))) {
          tokens[c] = value;
        }
      }
      ++guess;
    } else {
      for (size_t c = 0; c < ncols; ++c) {
        const std::string& m = plans[c].match;
        if (m.size() == key.size() && (case_insensitive ? EqualsIgnoreCase(key, m) : key == std::string_view(m))) {
          tokens[c] = value;
          guess = c + 1;
        }
      }
    }
    q = SkipBlanks(q, e);
    if (q >= e) return false;
    if (*q == '}') return true;
    if (*q != ',') return false;
    q = SkipBlanks(q + 1, e);
  }
}

}  // namespace

// [SECTION] ParseJsonLines

std::shared_ptr<const ColumnarObject> ParseJsonLines(const std::vector<GlueColumn>& columns,
                                                    const JsonSerDeOptions& options,
                                                    std::shared_ptr<const std::string> body) {
  auto out = std::make_shared<ColumnarObject>(body, columns.size());
  const size_t ncols = columns.size();
  std::vector<ColumnPlan> plans(ncols);
  for (size_t i = 0; i < ncols; ++i) {
    ColumnPlan& p = plans[i];
    p.type = ParseHiveType(columns[i].type).value_or(HiveType{});
    p.original = LowerString(columns[i].name);
    auto mapped = options.mappings.find(p.original);
    p.match = mapped != options.mappings.end() ? mapped->second : p.original;
    if (options.case_insensitive) p.match = LowerString(p.match);
    p.can_match_dotted = options.dots_in_keys && p.original.find('_') != std::string::npos;
  }
  const std::string& text = out->body();
  const char* p = text.data();
  const char* const end = p + text.size();
  out->Reserve(text.size() / 64 + 1);

  std::vector<Token> tokens(ncols);
  std::vector<Token> dotted(ncols);
  std::string key_scratch;
  RowDecoder decoder(out.get());
  std::string error;

  auto null_row = [&] {
    for (size_t c = 0; c < ncols; ++c) out->AppendNull(c);
    out->EndRow();
  };

  while (p < end) {
    const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    const char* line_end = nl ? nl : end;
    const char* b = p;
    const char* e = line_end;
    p = nl ? nl + 1 : end;
    while (b < e && IsSpace(*b)) ++b;
    while (e > b && IsSpace(e[-1])) --e;
    if (b == e) continue;  // empty lines are skipped
    if (*b != '{' && *b != '[') {
      null_row();  // only object and array lines are read; anything else is a row of NULLs
      continue;
    }
    for (size_t c = 0; c < ncols; ++c) tokens[c].type = Token::kNone;
    if (options.dots_in_keys) {
      for (size_t c = 0; c < ncols; ++c) dotted[c].type = Token::kNone;
    }
    bool any_dotted = false;
    if (*b == '{' && !options.dots_in_keys && ReadPlainObject(b, e, plans, options.case_insensitive, tokens)) {
      bool decoded = true;
      for (size_t c = 0; c < ncols && decoded; ++c) decoded = decoder.Decode(c, plans[c], tokens[c], &error);
      if (!decoded) {
        out->SetError(error);
        break;
      }
      out->EndRow();
      continue;
    }
    for (size_t c = 0; c < ncols; ++c) tokens[c].type = Token::kNone;
    LineReader r(b, e);
    bool ok = true;
    r.SeekNextToken();  // the '{' or '['
    if (*b == '{') {
      const int first = r.SeekNextToken();
      if (first != '}') {
        if (first != -1) r.Unread();
        while (ok) {
          Token name, value;
          if (!r.ReadName(&name, 0) || !r.ReadValue(&value, 1)) {
            ok = false;
            break;
          }
          std::string_view key;
          if (name.type == Token::kQuotedEscaped) {
            key_scratch.clear();
            LineReader::DecodeInto(name, &key_scratch);
            key = key_scratch;
          } else {
            key = name.view();
          }
          bool has_dot = false;
          for (size_t c = 0; c < ncols; ++c) {
            const std::string& m = plans[c].match;
            if (m.size() != key.size()) continue;
            if (options.case_insensitive ? EqualsIgnoreCase(key, m) : key == std::string_view(m)) tokens[c] = value;
          }
          if (options.dots_in_keys) has_dot = key.find('.') != std::string_view::npos;
          if (has_dot) {
            std::string underscored(key);
            for (char& ch : underscored) if (ch == '.') ch = '_';
            for (size_t c = 0; c < ncols; ++c) {
              if (!plans[c].can_match_dotted || dotted[c].type != Token::kNone) continue;
              const bool match = options.case_insensitive ? EqualsIgnoreCase(underscored, plans[c].original)
                                                          : underscored == plans[c].original;
              if (match) {
                dotted[c] = value;  // the first dotted key wins, as Trino iterates keys in order
                any_dotted = true;
              }
            }
          }
          const int c = r.SeekNextToken();
          if (r.failed()) { ok = false; break; }
          if (c == '}') break;
          if (c != ',' && c != ';') {
            r.Fail("Unterminated object");
            ok = false;
          }
        }
      }
      if (ok && any_dotted) {
        for (size_t c = 0; c < ncols; ++c) {
          if (tokens[c].type == Token::kNone && dotted[c].type != Token::kNone) tokens[c] = dotted[c];
        }
      }
    } else {
      // A top-level array: elements are the columns by position (separators without a value are NULLs).
      size_t index = 0;
      while (true) {
        int c = r.SeekNextToken();
        if (r.failed()) { ok = false; break; }
        if (c == -1) { r.Fail("Unterminated array"); ok = false; break; }
        if (c == ']') break;
        if (c == ',' || c == ';') {
          ++index;
          continue;
        }
        r.Unread();
        Token value;
        if (!r.ReadValue(&value, 1)) { ok = false; break; }
        if (index < ncols) tokens[index] = value;
        ++index;
        c = r.SeekNextToken();
        if (r.failed()) { ok = false; break; }
        if (c == ']') break;
        if (c != ',' && c != ';') { r.Fail("Unterminated array"); ok = false; break; }
      }
    }
    if (!ok) {
      if (options.ignore_malformed_json) {
        null_row();
        continue;
      }
      out->SetError("HIVE_CURSOR_ERROR: Row is not a valid JSON Object - JSONException: " + r.message());
      break;
    }
    bool decoded = true;
    for (size_t c = 0; c < ncols && decoded; ++c) decoded = decoder.Decode(c, plans[c], tokens[c], &error);
    if (!decoded) {
      out->SetError(error);
      break;
    }
    out->EndRow();
  }
  if (out->error()) {
    // A failed object yields no rows (the query fails).
    auto failed = std::make_shared<ColumnarObject>(std::move(body), ncols);
    failed->SetError(*out->error());
    return failed;
  }
  out->ShrinkToFit();
  return out;
}

}  // namespace fhl
