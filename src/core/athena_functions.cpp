// athena_functions.cpp: the SQLite functions TranslateQuery emits (athena_*), with Trino's semantics and error
// texts ("NAME: message" so the engine can report them as Athena does), and FormatAthenaValue.
// Plain C++ over SQLite's C API; must not depend on the Athena service.
#include "core/athena_functions.h"

#include <sqlite3.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "core/athena_chunk_aggregate.h"
#include "core/athena_datetime.h"
#include "core/athena_number_format.h"
#include "core/athena_regex.h"
#include "core/athena_types.h"

namespace fhl {
namespace {

// [SECTION] value helpers

std::string_view Text(sqlite3_value* v) {
  const unsigned char* p = sqlite3_value_text(v);
  return p ? std::string_view(reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_value_bytes(v)))
           : std::string_view();
}
bool IsNull(sqlite3_value* v) { return sqlite3_value_type(v) == SQLITE_NULL; }
bool AnyNull(int argc, sqlite3_value** argv) {
  for (int i = 0; i < argc; ++i) {
    if (IsNull(argv[i])) return true;
  }
  return false;
}
void ResultText(sqlite3_context* ctx, const std::string& s) {
  sqlite3_result_text(ctx, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
}
void Error(sqlite3_context* ctx, const std::string& name, const std::string& msg) {
  const std::string full = name + ": " + msg;
  sqlite3_result_error(ctx, full.c_str(), static_cast<int>(full.size()));
}
void InvalidArg(sqlite3_context* ctx, const std::string& msg) { Error(ctx, "INVALID_FUNCTION_ARGUMENT", msg); }

// Code points of UTF-8 text, as offsets.
std::vector<size_t> CodePointOffsets(std::string_view s) {
  std::vector<size_t> out;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) out.push_back(i);
  }
  return out;
}

bool IsWhite(unsigned char c) { return c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F); }

std::optional<TimeUs> TemporalArg(sqlite3_context* ctx, sqlite3_value* v, bool* is_date = nullptr) {
  auto t = ParseTemporalText(Text(v), true, is_date);
  if (!t) InvalidArg(ctx, "Invalid timestamp value: " + std::string(Text(v)));
  return t;
}

TimeUs QueryStart(sqlite3_context* ctx) { return *static_cast<TimeUs*>(sqlite3_user_data(ctx)); }

// [SECTION] arithmetic and math

void FnDiv(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (AnyNull(2, argv)) return sqlite3_result_null(ctx);
  const bool integral = sqlite3_value_int(argv[2]) != 0;
  if (integral) {
    const int64_t a = sqlite3_value_int64(argv[0]), b = sqlite3_value_int64(argv[1]);
    if (b == 0) return Error(ctx, "DIVISION_BY_ZERO", "Division by zero");
    if (a == std::numeric_limits<int64_t>::min() && b == -1)
      return Error(ctx, "NUMERIC_VALUE_OUT_OF_RANGE", "bigint division overflow");
    return sqlite3_result_int64(ctx, a / b);
  }
  sqlite3_result_double(ctx, sqlite3_value_double(argv[0]) / sqlite3_value_double(argv[1]));
}

void FnMod(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (AnyNull(2, argv)) return sqlite3_result_null(ctx);
  const bool integral = sqlite3_value_int(argv[2]) != 0;
  if (integral) {
    const int64_t a = sqlite3_value_int64(argv[0]), b = sqlite3_value_int64(argv[1]);
    if (b == 0) return Error(ctx, "DIVISION_BY_ZERO", "Division by zero");
    if (b == -1) return sqlite3_result_int64(ctx, 0);
    return sqlite3_result_int64(ctx, a % b);
  }
  sqlite3_result_double(ctx, std::fmod(sqlite3_value_double(argv[0]), sqlite3_value_double(argv[1])));
}

// Trino: round half away from zero; integers stay integers.
double RoundDouble(double num, int64_t decimals) {
  if (std::isnan(num) || std::isinf(num)) return num;
  if (decimals > 300) return num;
  const double factor = std::pow(10.0, static_cast<double>(decimals));
  auto java_round = [](double x) { return std::floor(x + 0.5); };
  if (num < 0) return -(java_round(-num * factor) / factor);
  return java_round(num * factor) / factor;
}

void FnRound(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (AnyNull(argc, argv)) return sqlite3_result_null(ctx);
  const int64_t d = argc > 1 ? sqlite3_value_int64(argv[1]) : 0;
  if (sqlite3_value_type(argv[0]) == SQLITE_INTEGER) {
    const int64_t v = sqlite3_value_int64(argv[0]);
    if (d >= 0) return sqlite3_result_int64(ctx, v);
    if (d < -18) return sqlite3_result_int64(ctx, 0);
    int64_t f = 1;
    for (int64_t i = 0; i < -d; ++i) f *= 10;
    const int64_t q = (v >= 0 ? v + f / 2 : v - f / 2) / f;
    return sqlite3_result_int64(ctx, q * f);
  }
  sqlite3_result_double(ctx, RoundDouble(sqlite3_value_double(argv[0]), d));
}

template <double (*F)(double)>
void FnUnaryMath(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (IsNull(argv[0])) return sqlite3_result_null(ctx);
  sqlite3_result_double(ctx, F(sqlite3_value_double(argv[0])));
}

// abs/ceil/floor/sign keep integers integral.
template <int Kind>
void FnIntPreserving(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (IsNull(argv[0])) return sqlite3_result_null(ctx);
  if (sqlite3_value_type(argv[0]) == SQLITE_INTEGER) {
    const int64_t v = sqlite3_value_int64(argv[0]);
    if (Kind == 0) return sqlite3_result_int64(ctx, v < 0 ? -v : v);
    if (Kind == 3) return sqlite3_result_int64(ctx, (v > 0) - (v < 0));
    return sqlite3_result_int64(ctx, v);
  }
  const double v = sqlite3_value_double(argv[0]);
  switch (Kind) {
    case 0:
      return sqlite3_result_double(ctx, std::fabs(v));
    case 1:
      return sqlite3_result_double(ctx, std::ceil(v));
    case 2:
      return sqlite3_result_double(ctx, std::floor(v));
    default:
      return sqlite3_result_double(ctx, std::isnan(v) ? v : static_cast<double>((v > 0) - (v < 0)));
  }
}

double Ln(double x) { return std::log(x); }
double Log2(double x) { return std::log2(x); }
double Log10(double x) { return std::log10(x); }
double Sqrt(double x) { return std::sqrt(x); }
double Cbrt(double x) { return std::cbrt(x); }
double Exp(double x) { return std::exp(x); }
double Trunc(double x) { return std::trunc(x); }

void FnLog(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (AnyNull(2, argv)) return sqlite3_result_null(ctx);
  sqlite3_result_double(ctx, std::log(sqlite3_value_double(argv[1])) / std::log(sqlite3_value_double(argv[0])));
}
void FnPower(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (AnyNull(2, argv)) return sqlite3_result_null(ctx);
  sqlite3_result_double(ctx, std::pow(sqlite3_value_double(argv[0]), sqlite3_value_double(argv[1])));
}
void FnPi(sqlite3_context* ctx, int, sqlite3_value**) { sqlite3_result_double(ctx, 3.14159265358979323846); }
void FnE(sqlite3_context* ctx, int, sqlite3_value**) { sqlite3_result_double(ctx, 2.71828182845904523536); }
void FnInfinity(sqlite3_context* ctx, int, sqlite3_value**) {
  sqlite3_result_double(ctx, std::numeric_limits<double>::infinity());
}
void FnIsNan(sqlite3_context* ctx, int, sqlite3_value** argv) {
  // SQLite stores NaN as NULL, so a NaN never reaches here as a value.
  if (IsNull(argv[0])) return sqlite3_result_null(ctx);
  sqlite3_result_int(ctx, std::isnan(sqlite3_value_double(argv[0])) ? 1 : 0);
}
void FnIsFinite(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (IsNull(argv[0])) return sqlite3_result_null(ctx);
  sqlite3_result_int(ctx, std::isfinite(sqlite3_value_double(argv[0])) ? 1 : 0);
}

// Orders two SQLite values of one Trino type: numbers numerically, text by bytes (UTF-8 code point order).
int Compare(sqlite3_value* a, sqlite3_value* b) {
  const int ta = sqlite3_value_type(a), tb = sqlite3_value_type(b);
  const bool na = ta == SQLITE_INTEGER || ta == SQLITE_FLOAT, nb = tb == SQLITE_INTEGER || tb == SQLITE_FLOAT;
  if (na && nb) {
    if (ta == SQLITE_INTEGER && tb == SQLITE_INTEGER) {
      const int64_t x = sqlite3_value_int64(a), y = sqlite3_value_int64(b);
      return (x > y) - (x < y);
    }
    const double x = sqlite3_value_double(a), y = sqlite3_value_double(b);
    return (x > y) - (x < y);
  }
  if (na != nb) return na ? -1 : 1;
  const std::string_view x = Text(a), y = Text(b);
  const int c = x.compare(y);
  return (c > 0) - (c < 0);
}

template <int Sign>
void FnGreatest(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (AnyNull(argc, argv)) return sqlite3_result_null(ctx);
  int best = 0;
  for (int i = 1; i < argc; ++i) {
    if (Compare(argv[i], argv[best]) * Sign > 0) best = i;
  }
  sqlite3_result_value(ctx, argv[best]);
}

// [SECTION] strings

void FnLength(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (IsNull(argv[0])) return sqlite3_result_null(ctx);
  sqlite3_result_int64(ctx, static_cast<int64_t>(CodePointOffsets(Text(argv[0])).size()));
}

template <bool Upper>
void FnCase(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (IsNull(argv[0])) return sqlite3_result_null(ctx);
  std::string s(Text(argv[0]));
  for (char& c : s) {
    if (Upper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
    if (!Upper && c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  ResultText(ctx, s);
}

template <int Sides>  // 1 left, 2 right, 3 both
void FnTrim(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (IsNull(argv[0])) return sqlite3_result_null(ctx);
  std::string_view s = Text(argv[0]);
  if (Sides & 1) {
    while (!s.empty() && IsWhite(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  }
  if (Sides & 2) {
    while (!s.empty() && IsWhite(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  }
  ResultText(ctx, std::string(s));
}

// Trino substr: 1-based start; negative counts from the end; start 0 or beyond the end -> ''.
void FnSubstr(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (AnyNull(argc, argv)) return sqlite3_result_null(ctx);
  const std::string_view s = Text(argv[0]);
  const std::vector<size_t> cps = CodePointOffsets(s);
  const int64_t n = static_cast<int64_t>(cps.size());
  int64_t start = sqlite3_value_int64(argv[1]);
  int64_t len = argc > 2 ? sqlite3_value_int64(argv[2]) : n;
  if (start == 0 || len <= 0 || start > n || -start > n) return ResultText(ctx, "");
  if (start < 0) start = n + start + 1;
  const int64_t first = start - 1;
  const int64_t last = std::min(n, first + len);
  const size_t b = cps[static_cast<size_t>(first)];
  const size_t e = last >= n ? s.size() : cps[static_cast<size_t>(last)];
  ResultText(ctx, std::string(s.substr(b, e - b)));
}

void FnReplace(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (AnyNull(argc, argv)) return sqlite3_result_null(ctx);
  const std::string_view s = Text(argv[0]), from = Text(argv[1]);
  const std::string_view to = argc > 2 ? Text(argv[2]) : std::string_view();
  std::string out;
  if (from.empty()) {
    // Trino inserts the replacement before every code point and at the end.
    const std::vector<size_t> cps = CodePointOffsets(s);
    for (size_t i = 0; i < cps.size(); ++i) {
      out += to;
      const size_t e = i + 1 < cps.size() ? cps[i + 1] : s.size();
      out += s.substr(cps[i], e - cps[i]);
    }
    out += to;
    return ResultText(ctx, out);
  }
  size_t pos = 0;
  while (true) {
    const size_t hit = s.find(from, pos);
    if (hit == std::string_view::npos) break;
    out += s.substr(pos, hit - pos);
    out += to;
    pos = hit + from.size();
  }
  out += s.substr(pos);
  ResultText(ctx, out);
}

void FnReverse(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (IsNull(argv[0])) return sqlite3_result_null(ctx);
  const std::string_view s = Text(argv[0]);
  const std::vector<size_t> cps = CodePointOffsets(s);
  std::string out;
  for (size_t i = cps.size(); i-- > 0;) {
    const size_t e = i + 1 < cps.size() ? cps[i + 1] : s.size();
    out += s.substr(cps[i], e - cps[i]);
  }
  ResultText(ctx, out);
}

void FnStrpos(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (AnyNull(argc, argv)) return sqlite3_result_null(ctx);
  const std::string_view s = Text(argv[0]), sub = Text(argv[1]);
  const int64_t instance = argc > 2 ? sqlite3_value_int64(argv[2]) : 1;
  if (instance <= 0) return InvalidArg(ctx, "'instance' must be a positive or negative number.");
  size_t pos = 0;
  size_t hit = std::string_view::npos;
  for (int64_t k = 0; k < instance; ++k) {
    hit = s.find(sub, pos);
    if (hit == std::string_view::npos) return sqlite3_result_int64(ctx, 0);
    pos = hit + 1;
  }
  sqlite3_result_int64(ctx, static_cast<int64_t>(CodePointOffsets(s.substr(0, hit)).size()) + 1);
}

void FnStartsWith(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (AnyNull(2, argv)) return sqlite3_result_null(ctx);
  const std::string_view s = Text(argv[0]), p = Text(argv[1]);
  sqlite3_result_int(ctx, s.substr(0, p.size()) == p ? 1 : 0);
}

template <bool Left>
void FnPad(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (AnyNull(3, argv)) return sqlite3_result_null(ctx);
  const std::string_view s = Text(argv[0]), pad = Text(argv[2]);
  const int64_t size = sqlite3_value_int64(argv[1]);
  if (size < 0) return InvalidArg(ctx, "Target length must be in the range [0..2147483647]");
  if (pad.empty()) return InvalidArg(ctx, "Padding string must not be empty");
  const std::vector<size_t> cps = CodePointOffsets(s);
  if (static_cast<int64_t>(cps.size()) >= size) {
    const size_t e = static_cast<size_t>(size) < cps.size() ? cps[static_cast<size_t>(size)] : s.size();
    return ResultText(ctx, std::string(s.substr(0, e)));
  }
  const std::vector<size_t> pcps = CodePointOffsets(pad);
  std::string fill;
  for (int64_t k = 0, need = size - static_cast<int64_t>(cps.size()); k < need; ++k) {
    const size_t i = static_cast<size_t>(k) % pcps.size();
    const size_t e = i + 1 < pcps.size() ? pcps[i + 1] : pad.size();
    fill += pad.substr(pcps[i], e - pcps[i]);
  }
  ResultText(ctx, Left ? fill + std::string(s) : std::string(s) + fill);
}

void FnSplitPart(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (AnyNull(3, argv)) return sqlite3_result_null(ctx);
  const std::string_view s = Text(argv[0]), delim = Text(argv[1]);
  const int64_t index = sqlite3_value_int64(argv[2]);
  if (index <= 0) return InvalidArg(ctx, "Index must be greater than zero");
  if (delim.empty()) {
    // Empty delimiter: each code point is a part.
    const std::vector<size_t> cps = CodePointOffsets(s);
    if (index > static_cast<int64_t>(cps.size())) return sqlite3_result_null(ctx);
    const size_t i = static_cast<size_t>(index - 1);
    const size_t e = i + 1 < cps.size() ? cps[i + 1] : s.size();
    return ResultText(ctx, std::string(s.substr(cps[i], e - cps[i])));
  }
  size_t pos = 0;
  for (int64_t k = 1;; ++k) {
    const size_t hit = s.find(delim, pos);
    if (k == index)
      return ResultText(ctx,
                        std::string(s.substr(pos, hit == std::string_view::npos ? std::string_view::npos : hit - pos)));
    if (hit == std::string_view::npos) return sqlite3_result_null(ctx);
    pos = hit + delim.size();
  }
}

void FnChr(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (IsNull(argv[0])) return sqlite3_result_null(ctx);
  const int64_t cp = sqlite3_value_int64(argv[0]);
  if (cp < 0 || cp > 0x10FFFF) return InvalidArg(ctx, "Not a valid Unicode code point: " + std::to_string(cp));
  std::string out;
  const uint32_t c = static_cast<uint32_t>(cp);
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
  ResultText(ctx, out);
}

void FnCodepoint(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (IsNull(argv[0])) return sqlite3_result_null(ctx);
  const std::string_view s = Text(argv[0]);
  if (CodePointOffsets(s).size() != 1) return InvalidArg(ctx, "Input string must be a single character string");
  const unsigned char c = static_cast<unsigned char>(s[0]);
  uint32_t cp = c;
  if (c >= 0xF0)
    cp = ((c & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) | ((s[2] & 0x3Fu) << 6) | (s[3] & 0x3Fu);
  else if (c >= 0xE0)
    cp = ((c & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
  else if (c >= 0xC0)
    cp = ((c & 0x1Fu) << 6) | (s[1] & 0x3Fu);
  sqlite3_result_int64(ctx, cp);
}

// LIKE: % and _ over code points, case-sensitive, with an optional escape character.
void FnLike(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (AnyNull(argc, argv)) return sqlite3_result_null(ctx);
  const std::string_view s = Text(argv[0]), p = Text(argv[1]);
  std::string_view esc;
  if (argc > 2) {
    esc = Text(argv[2]);
    if (CodePointOffsets(esc).size() != 1) return InvalidArg(ctx, "Escape string must be a single character");
  }
  // Compile the pattern to tokens: 0 = literal code point string, 1 = '_', 2 = '%'.
  struct Tok {
    int kind;
    std::string_view lit;
  };
  std::vector<Tok> toks;
  const std::vector<size_t> pc = CodePointOffsets(p);
  for (size_t i = 0; i < pc.size(); ++i) {
    const size_t e = i + 1 < pc.size() ? pc[i + 1] : p.size();
    const std::string_view ch = p.substr(pc[i], e - pc[i]);
    if (!esc.empty() && ch == esc) {
      if (i + 1 >= pc.size())
        return InvalidArg(ctx, "Escape character must be followed by '%', '_' or the escape character itself");
      const size_t e2 = i + 2 < pc.size() ? pc[i + 2] : p.size();
      const std::string_view next = p.substr(pc[i + 1], e2 - pc[i + 1]);
      if (next != "%" && next != "_" && next != esc)
        return InvalidArg(ctx, "Escape character must be followed by '%', '_' or the escape character itself");
      toks.push_back({0, next});
      ++i;
    } else if (ch == "%") {
      toks.push_back({2, {}});
    } else if (ch == "_") {
      toks.push_back({1, {}});
    } else {
      toks.push_back({0, ch});
    }
  }
  // Iterative matching with single backtrack point for the last '%'.
  size_t si = 0, ti = 0;
  size_t star_t = std::string::npos, star_s = 0;
  auto next_cp = [&](size_t i) {
    size_t j = i + 1;
    while (j < s.size() && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) ++j;
    return j;
  };
  while (si < s.size()) {
    if (ti < toks.size() && toks[ti].kind == 1) {
      si = next_cp(si);
      ++ti;
    } else if (ti < toks.size() && toks[ti].kind == 0 && s.substr(si, toks[ti].lit.size()) == toks[ti].lit) {
      si += toks[ti].lit.size();
      ++ti;
    } else if (ti < toks.size() && toks[ti].kind == 2) {
      star_t = ti++;
      star_s = si;
    } else if (star_t != std::string::npos) {
      ti = star_t + 1;
      star_s = next_cp(star_s);
      si = star_s;
    } else {
      return sqlite3_result_int(ctx, 0);
    }
  }
  while (ti < toks.size() && toks[ti].kind == 2) ++ti;
  sqlite3_result_int(ctx, ti == toks.size() ? 1 : 0);
}

// [SECTION] regular expressions

const AthenaRegex* RegexArg(sqlite3_context* ctx, sqlite3_value** argv, int index) {
  auto* cached = static_cast<AthenaRegex*>(sqlite3_get_auxdata(ctx, index));
  if (cached) return cached;
  std::string error;
  std::unique_ptr<AthenaRegex> re = AthenaRegex::Compile(Text(argv[index]), &error);
  if (!re) {
    InvalidArg(ctx, error);
    return nullptr;
  }
  AthenaRegex* raw = re.release();
  sqlite3_set_auxdata(ctx, index, raw, [](void* p) { delete static_cast<AthenaRegex*>(p); });
  // set_auxdata may have destroyed it already (then it is unusable); fetch it back.
  auto* kept = static_cast<AthenaRegex*>(sqlite3_get_auxdata(ctx, index));
  if (kept) return kept;
  // Not kept (e.g. OOM): compile a fresh one owned by a static slot for this call.
  static std::unique_ptr<AthenaRegex> fallback;
  fallback = AthenaRegex::Compile(Text(argv[index]), &error);
  return fallback.get();
}

void FnRegexpLike(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (AnyNull(2, argv)) return sqlite3_result_null(ctx);
  const AthenaRegex* re = RegexArg(ctx, argv, 1);
  if (!re) return;
  std::vector<int> g;
  sqlite3_result_int(ctx, re->Search(Text(argv[0]), 0, &g) ? 1 : 0);
}

void FnRegexpExtract(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (AnyNull(argc, argv)) return sqlite3_result_null(ctx);
  const AthenaRegex* re = RegexArg(ctx, argv, 1);
  if (!re) return;
  const int64_t group = argc > 2 ? sqlite3_value_int64(argv[2]) : 0;
  if (group < 0 || group > re->group_count()) {
    return InvalidArg(ctx, "Pattern has " + std::to_string(re->group_count()) + " groups. Cannot access group " +
                               std::to_string(group));
  }
  const std::string_view s = Text(argv[0]);
  std::vector<int> g;
  if (!re->Search(s, 0, &g)) return sqlite3_result_null(ctx);
  const int b = g[static_cast<size_t>(2 * group)], e = g[static_cast<size_t>(2 * group + 1)];
  if (b < 0) return sqlite3_result_null(ctx);
  ResultText(ctx, std::string(s.substr(static_cast<size_t>(b), static_cast<size_t>(e - b))));
}

void FnRegexpReplace(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (AnyNull(argc, argv)) return sqlite3_result_null(ctx);
  const AthenaRegex* re = RegexArg(ctx, argv, 1);
  if (!re) return;
  const std::string_view s = Text(argv[0]);
  const std::string_view rep = argc > 2 ? Text(argv[2]) : std::string_view();
  std::string out;
  size_t pos = 0;
  std::vector<int> g;
  while (pos <= s.size() && re->Search(s, pos, &g)) {
    const size_t b = static_cast<size_t>(g[0]), e = static_cast<size_t>(g[1]);
    out += s.substr(pos, b - pos);
    for (size_t i = 0; i < rep.size(); ++i) {
      if (rep[i] == '\\' && i + 1 < rep.size()) {
        out += rep[++i];
      } else if (rep[i] == '$' && i + 1 < rep.size() && std::isdigit(static_cast<unsigned char>(rep[i + 1]))) {
        int k = rep[++i] - '0';
        // Longest group number that exists.
        while (i + 1 < rep.size() && std::isdigit(static_cast<unsigned char>(rep[i + 1])) &&
               k * 10 + (rep[i + 1] - '0') <= re->group_count()) {
          k = k * 10 + (rep[++i] - '0');
        }
        if (k > re->group_count()) return InvalidArg(ctx, "Illegal group reference: group index is missing");
        if (g[static_cast<size_t>(2 * k)] >= 0) {
          out += s.substr(static_cast<size_t>(g[static_cast<size_t>(2 * k)]),
                          static_cast<size_t>(g[static_cast<size_t>(2 * k + 1)] - g[static_cast<size_t>(2 * k)]));
        }
      } else if (rep[i] == '$') {
        return InvalidArg(ctx, "Illegal group reference");
      } else {
        out += rep[i];
      }
    }
    if (e == b) {
      if (b < s.size()) {
        size_t next = b + 1;
        while (next < s.size() && (static_cast<unsigned char>(s[next]) & 0xC0) == 0x80) ++next;
        out += s.substr(b, next - b);
        pos = next;
      } else {
        pos = s.size() + 1;
      }
    } else {
      pos = e;
    }
  }
  if (pos <= s.size()) out += s.substr(pos);
  ResultText(ctx, out);
}

void FnRegexpCount(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (AnyNull(2, argv)) return sqlite3_result_null(ctx);
  const AthenaRegex* re = RegexArg(ctx, argv, 1);
  if (!re) return;
  const std::string_view s = Text(argv[0]);
  int64_t count = 0;
  size_t pos = 0;
  std::vector<int> g;
  while (pos <= s.size() && re->Search(s, pos, &g)) {
    ++count;
    pos = g[1] > g[0] ? static_cast<size_t>(g[1]) : static_cast<size_t>(g[1]) + 1;
  }
  sqlite3_result_int64(ctx, count);
}

// [SECTION] date and time

void ResultTemporal(sqlite3_context* ctx, TimeUs t, bool as_date) {
  ResultText(ctx, as_date ? FormatStoredDate(t) : FormatStoredTimestamp(t));
}

void FnDateParse(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (AnyNull(2, argv)) return sqlite3_result_null(ctx);
  TimeUs t = 0;
  std::string error;
  if (!MysqlParse(Text(argv[0]), Text(argv[1]), &t, &error)) return InvalidArg(ctx, error);
  ResultTemporal(ctx, t, false);
}

void FnDateFormat(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (AnyNull(2, argv)) return sqlite3_result_null(ctx);
  auto t = TemporalArg(ctx, argv[0]);
  if (!t) return;
  std::string out, error;
  if (!MysqlFormat(*t, Text(argv[1]), &out, &error)) return InvalidArg(ctx, error);
  ResultText(ctx, out);
}

void FnFormatDatetime(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (AnyNull(2, argv)) return sqlite3_result_null(ctx);
  auto t = TemporalArg(ctx, argv[0]);
  if (!t) return;
  std::string out, error;
  if (!JodaFormat(*t, Text(argv[1]), &out, &error)) return InvalidArg(ctx, error);
  ResultText(ctx, out);
}

void FnParseDatetime(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (AnyNull(2, argv)) return sqlite3_result_null(ctx);
  TimeUs t = 0;
  std::string error;
  if (!JodaParse(Text(argv[0]), Text(argv[1]), &t, &error)) return InvalidArg(ctx, error);
  ResultTemporal(ctx, t, false);
}

void FnFromIso8601Timestamp(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (IsNull(argv[0])) return sqlite3_result_null(ctx);
  auto t = ParseIso8601Timestamp(Text(argv[0]));
  if (!t) return InvalidArg(ctx, "Invalid format: \"" + std::string(Text(argv[0])) + "\" is malformed");
  ResultTemporal(ctx, *t, false);
}

void FnFromIso8601Date(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (IsNull(argv[0])) return sqlite3_result_null(ctx);
  bool is_date = false;
  auto t = ParseTemporalText(Text(argv[0]), false, &is_date);
  if (!t || !is_date) return InvalidArg(ctx, "Invalid format: \"" + std::string(Text(argv[0])) + "\" is malformed");
  ResultTemporal(ctx, *t, true);
}

void FnToIso8601(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (IsNull(argv[0])) return sqlite3_result_null(ctx);
  bool is_date = false;
  auto t = TemporalArg(ctx, argv[0], &is_date);
  if (!t) return;
  if (is_date) return ResultText(ctx, FormatStoredDate(*t));
  ResultText(ctx, FormatIso8601(*t));
}

void FnDateTrunc(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (AnyNull(2, argv)) return sqlite3_result_null(ctx);
  bool is_date = false;
  auto t = TemporalArg(ctx, argv[1], &is_date);
  if (!t) return;
  TimeUs out = 0;
  const std::string unit(Text(argv[0]));
  if (!DateTrunc(unit, *t, &out) ||
      (is_date && (unit == "hour" || unit == "minute" || unit == "second" || unit == "millisecond"))) {
    return InvalidArg(ctx, "'" + unit + "' is not a valid " + (is_date ? "DATE" : "TIMESTAMP") + " field");
  }
  ResultTemporal(ctx, out, is_date);
}

void FnDateAdd(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (AnyNull(3, argv)) return sqlite3_result_null(ctx);
  bool is_date = false;
  auto t = TemporalArg(ctx, argv[2], &is_date);
  if (!t) return;
  TimeUs out = 0;
  const std::string unit(Text(argv[0]));
  if (!DateAdd(unit, sqlite3_value_int64(argv[1]), *t, &out)) {
    return InvalidArg(ctx, "'" + unit + "' is not a valid " + (is_date ? "DATE" : "TIMESTAMP") + " field");
  }
  ResultTemporal(ctx, out, is_date);
}

void FnDateDiff(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (AnyNull(3, argv)) return sqlite3_result_null(ctx);
  auto a = TemporalArg(ctx, argv[1]);
  if (!a) return;
  auto b = TemporalArg(ctx, argv[2]);
  if (!b) return;
  int64_t out = 0;
  const std::string unit(Text(argv[0]));
  if (!DateDiff(unit, *a, *b, &out)) return InvalidArg(ctx, "'" + unit + "' is not a valid TIMESTAMP field");
  sqlite3_result_int64(ctx, out);
}

void FnExtract(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (AnyNull(2, argv)) return sqlite3_result_null(ctx);
  auto t = TemporalArg(ctx, argv[1]);
  if (!t) return;
  int64_t out = 0;
  if (!ExtractField(Text(argv[0]), *t, &out)) return InvalidArg(ctx, "Invalid EXTRACT field");
  sqlite3_result_int64(ctx, out);
}

void FnToUnixtime(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (IsNull(argv[0])) return sqlite3_result_null(ctx);
  auto t = TemporalArg(ctx, argv[0]);
  if (!t) return;
  sqlite3_result_double(ctx, static_cast<double>(*t) / kUsPerSecond);
}

void FnFromUnixtime(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (IsNull(argv[0])) return sqlite3_result_null(ctx);
  const double s = sqlite3_value_double(argv[0]);
  ResultTemporal(ctx, static_cast<TimeUs>(std::llround(s * 1000.0)) * kUsPerMs, false);
}

void FnNow(sqlite3_context* ctx, int, sqlite3_value**) { ResultTemporal(ctx, QueryStart(ctx), false); }
void FnCurrentDate(sqlite3_context* ctx, int, sqlite3_value**) { ResultTemporal(ctx, QueryStart(ctx), true); }

void FnLastDayOfMonth(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (IsNull(argv[0])) return sqlite3_result_null(ctx);
  auto t = TemporalArg(ctx, argv[0]);
  if (!t) return;
  TimeUs first = 0, next = 0;
  DateTrunc("month", *t, &first);
  DateAdd("month", 1, first, &next);
  ResultTemporal(ctx, next - kUsPerDay, true);
}

// [SECTION] CAST / TRY_CAST: athena_cast(value, target_type, source_base_type, is_try)

bool ParseInt64(std::string_view s, int64_t* out) {
  while (!s.empty() && IsWhite(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && IsWhite(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  if (s.empty()) return false;
  std::string buf(s);
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(buf.c_str(), &end, 10);
  if (*end != '\0' || errno == ERANGE || buf[0] == ' ') return false;
  *out = v;
  return true;
}

bool ParseDouble(std::string_view s, double* out) {
  while (!s.empty() && IsWhite(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && IsWhite(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  if (s.empty()) return false;
  std::string buf(s);
  if (buf == "NaN") {
    *out = std::nan("");
    return true;
  }
  if (buf == "Infinity" || buf == "+Infinity" || buf == "-Infinity") {
    *out = buf[0] == '-' ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
    return true;
  }
  for (char c : buf) {
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-'))
      return false;
  }
  char* end = nullptr;
  *out = std::strtod(buf.c_str(), &end);
  return *end == '\0';
}

std::string ValueAsVarchar(sqlite3_value* v, std::string_view from) {
  if (from == "boolean") return sqlite3_value_int64(v) != 0 ? "true" : "false";
  if (from == "double" || (from != "real" && sqlite3_value_type(v) == SQLITE_FLOAT && from != "decimal")) {
    return JavaDoubleToString(sqlite3_value_double(v));
  }
  if (from == "real") return JavaFloatToString(static_cast<float>(sqlite3_value_double(v)));
  if (from == "decimal") {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.15g", sqlite3_value_double(v));
    return buf;
  }
  return std::string(Text(v));
}

void FnCast(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (IsNull(argv[0])) return sqlite3_result_null(ctx);
  sqlite3_value* v = argv[0];
  const std::string target(Text(argv[1]));
  const std::string from(Text(argv[2]));
  const bool is_try = sqlite3_value_int(argv[3]) != 0;
  const std::string to = AthenaBaseType(target);
  auto fail = [&](const std::string& name, const std::string& msg) {
    if (is_try) return sqlite3_result_null(ctx);
    Error(ctx, name, msg);
  };
  const bool from_string = IsStringType(from);
  if (to == "varchar" || to == "char") {
    std::string s = ValueAsVarchar(v, from);
    const size_t paren = target.find('(');
    if (paren != std::string::npos) {
      const size_t n = static_cast<size_t>(std::atoll(target.c_str() + paren + 1));
      const std::vector<size_t> cps = CodePointOffsets(s);
      if (cps.size() > n) s = s.substr(0, cps[n]);
      if (to == "char") {
        while (CodePointOffsets(s).size() < n) s += ' ';
      }
    }
    return ResultText(ctx, s);
  }
  if (IsIntegerType(to)) {
    int64_t out = 0;
    const int64_t lo = to == "tinyint" ? -128 : to == "smallint" ? -32768 : to == "integer" ? INT32_MIN : INT64_MIN;
    const int64_t hi = to == "tinyint" ? 127 : to == "smallint" ? 32767 : to == "integer" ? INT32_MAX : INT64_MAX;
    std::string upper = to == "integer" ? "INT" : to;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (from_string) {
      if (!ParseInt64(Text(v), &out)) {
        return fail("INVALID_CAST_ARGUMENT", "Cannot cast '" + std::string(Text(v)) + "' to " + upper);
      }
    } else if (sqlite3_value_type(v) == SQLITE_FLOAT) {
      const double d = sqlite3_value_double(v);
      if (std::isnan(d) || d >= 9.2233720368547758e18 || d < -9.2233720368547758e18) {
        return fail("INVALID_CAST_ARGUMENT", "Unable to cast " + JavaDoubleToString(d) + " to " + to);
      }
      out = static_cast<int64_t>(d < 0 ? -std::floor(-d + 0.5) : std::floor(d + 0.5));  // half away from zero
    } else {
      out = sqlite3_value_int64(v);
    }
    if (out < lo || out > hi) {
      return fail("NUMERIC_VALUE_OUT_OF_RANGE", "Out of range for " + to + ": " + std::to_string(out));
    }
    return sqlite3_result_int64(ctx, out);
  }
  if (to == "double" || to == "real" || to == "decimal") {
    double d = 0;
    if (from_string) {
      if (!ParseDouble(Text(v), &d)) {
        std::string upper = to;
        for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return fail("INVALID_CAST_ARGUMENT", "Cannot cast '" + std::string(Text(v)) + "' to " + upper);
      }
    } else {
      d = sqlite3_value_double(v);
    }
    if (to == "real") d = static_cast<double>(static_cast<float>(d));
    if (to == "decimal") {
      const size_t comma = target.find(',');
      const int64_t scale = comma == std::string::npos ? 0 : std::atoll(target.c_str() + comma + 1);
      d = RoundDouble(d, scale);
    }
    return sqlite3_result_double(ctx, d);
  }
  if (to == "boolean") {
    if (from_string) {
      std::string s(Text(v));
      for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (s == "true" || s == "t" || s == "1") return sqlite3_result_int(ctx, 1);
      if (s == "false" || s == "f" || s == "0") return sqlite3_result_int(ctx, 0);
      return fail("INVALID_CAST_ARGUMENT", "Cannot cast '" + std::string(Text(v)) + "' to BOOLEAN");
    }
    return sqlite3_result_int(ctx, sqlite3_value_double(v) != 0 ? 1 : 0);
  }
  if (to == "date" || to.rfind("timestamp", 0) == 0) {
    const bool to_date = to == "date";
    auto t = ParseTemporalText(Text(v), from_string || from.find("with time zone") != std::string::npos);
    if (!t) {
      return fail("INVALID_CAST_ARGUMENT", "Value cannot be cast to " + std::string(to_date ? "date" : "timestamp") +
                                               ": " + std::string(Text(v)));
    }
    return ResultTemporal(ctx, *t, to_date);
  }
  fail("NOT_SUPPORTED", "Cannot cast " + from + " to " + target);
}

// [SECTION] aggregates

struct ValueSlot {
  sqlite3_value* value = nullptr;
  sqlite3_value* key = nullptr;
  bool set = false;
};

void FreeSlot(ValueSlot* s) {
  if (!s) return;
  sqlite3_value_free(s->value);
  sqlite3_value_free(s->key);
  s->value = s->key = nullptr;
}

void ArbitraryStep(sqlite3_context* ctx, int, sqlite3_value** argv) {
  auto* s = static_cast<ValueSlot*>(sqlite3_aggregate_context(ctx, sizeof(ValueSlot)));
  if (!s || s->set || IsNull(argv[0])) return;
  s->value = sqlite3_value_dup(argv[0]);
  s->set = true;
}

void SlotFinal(sqlite3_context* ctx) {
  auto* s = static_cast<ValueSlot*>(sqlite3_aggregate_context(ctx, 0));
  if (!s || !s->set || !s->value) {
    FreeSlot(s);
    return sqlite3_result_null(ctx);
  }
  sqlite3_result_value(ctx, s->value);
  FreeSlot(s);
}

template <int Sign>
void ByStep(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (IsNull(argv[1])) return;  // rows whose key is NULL are ignored
  auto* s = static_cast<ValueSlot*>(sqlite3_aggregate_context(ctx, sizeof(ValueSlot)));
  if (!s) return;
  if (s->set && Compare(argv[1], s->key) * Sign <= 0) return;
  FreeSlot(s);
  s->value = sqlite3_value_dup(argv[0]);
  s->key = sqlite3_value_dup(argv[1]);
  s->set = true;
}

// [SECTION] max_by/min_by partials of a split aggregation (athena_engine.h): athena_max_by_pair(v, k) is
// athena_max_by's state as one BLOB, the (value, key) of the extreme row; athena_pair_value / athena_pair_key read
// it back, so the final query combines with athena_max_by(athena_pair_value(p), athena_pair_key(p)). One aggregate
// per row instead of max_by plus max(key). Each value: a type byte, then 8 bytes (integer, double) or a 4-byte
// length and the bytes (text, blob).

static_assert(SQLITE_INTEGER == 1 && SQLITE_FLOAT == 2 && SQLITE_TEXT == 3 && SQLITE_BLOB == 4 && SQLITE_NULL == 5,
              "athena_chunk_aggregate.cpp writes pair fields with these type codes");

void AppendPairValue(std::string& out, sqlite3_value* v) {
  const int type = v ? sqlite3_value_type(v) : SQLITE_NULL;
  if (type == SQLITE_BLOB) {  // no column holds one; kept as it came
    const uint32_t n = static_cast<uint32_t>(sqlite3_value_bytes(v));
    out += static_cast<char>(type);
    out.append(reinterpret_cast<const char*>(&n), 4);
    if (const void* p = sqlite3_value_blob(v)) out.append(static_cast<const char*>(p), n);
    return;
  }
  CellRef cell;
  if (type == SQLITE_INTEGER) {
    cell.kind = CellRef::kInteger;
    cell.integer = sqlite3_value_int64(v);
  } else if (type == SQLITE_FLOAT) {
    cell.kind = CellRef::kReal;
    cell.real = sqlite3_value_double(v);
  } else if (type == SQLITE_TEXT) {
    cell.kind = CellRef::kText;
    cell.text = std::string_view(reinterpret_cast<const char*>(sqlite3_value_text(v)),
                                 static_cast<size_t>(sqlite3_value_bytes(v)));
  }
  AppendPairField(out, cell);
}

void PairFinal(sqlite3_context* ctx) {
  auto* s = static_cast<ValueSlot*>(sqlite3_aggregate_context(ctx, 0));
  if (!s || !s->set) {
    FreeSlot(s);
    return sqlite3_result_null(ctx);
  }
  std::string pair;
  AppendPairValue(pair, s->value);
  AppendPairValue(pair, s->key);
  FreeSlot(s);
  sqlite3_result_blob(ctx, pair.data(), static_cast<int>(pair.size()), SQLITE_TRANSIENT);
}

// Reads the index-th value (0 = value, 1 = key) of a pair BLOB; NULL for NULL or a malformed pair.
template <int Index>
void FnPairPart(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) != SQLITE_BLOB) return sqlite3_result_null(ctx);
  const auto* p = static_cast<const unsigned char*>(sqlite3_value_blob(argv[0]));
  size_t left = static_cast<size_t>(sqlite3_value_bytes(argv[0]));
  for (int i = 0; p && left > 0; ++i) {
    const int type = *p++;
    --left;
    size_t n = 0;
    if (type == SQLITE_INTEGER || type == SQLITE_FLOAT) {
      n = 8;
    } else if (type == SQLITE_TEXT || type == SQLITE_BLOB) {
      uint32_t len = 0;
      if (left < 4) break;
      std::memcpy(&len, p, 4);
      p += 4;
      left -= 4;
      n = len;
    }
    if (n > left) break;
    if (i == Index) {
      if (type == SQLITE_INTEGER) {
        sqlite3_int64 v;
        std::memcpy(&v, p, 8);
        return sqlite3_result_int64(ctx, v);
      }
      if (type == SQLITE_FLOAT) {
        double v;
        std::memcpy(&v, p, 8);
        return sqlite3_result_double(ctx, v);
      }
      if (type == SQLITE_TEXT) {
        return sqlite3_result_text(ctx, reinterpret_cast<const char*>(p), static_cast<int>(n), SQLITE_TRANSIENT);
      }
      if (type == SQLITE_BLOB) return sqlite3_result_blob(ctx, p, static_cast<int>(n), SQLITE_TRANSIENT);
      return sqlite3_result_null(ctx);
    }
    p += n;
    left -= n;
  }
  sqlite3_result_null(ctx);
}

struct PercentileState {
  std::vector<double>* values;
  bool all_integer;
  double p;
  bool p_set;
  bool failed;
};

void PercentileStep(sqlite3_context* ctx, int, sqlite3_value** argv) {
  auto* s = static_cast<PercentileState*>(sqlite3_aggregate_context(ctx, sizeof(PercentileState)));
  if (!s) return;
  if (!s->values) {
    s->values = new std::vector<double>();
    s->all_integer = true;
  }
  if (IsNull(argv[0])) return;
  if (IsNull(argv[1])) return;
  const double p = sqlite3_value_double(argv[1]);
  if (p < 0 || p > 1) {
    s->failed = true;
    return;
  }
  s->p = p;
  s->p_set = true;
  s->values->push_back(sqlite3_value_double(argv[0]));
  if (sqlite3_value_type(argv[0]) != SQLITE_INTEGER) s->all_integer = false;
}

void PercentileFinal(sqlite3_context* ctx) {
  auto* s = static_cast<PercentileState*>(sqlite3_aggregate_context(ctx, 0));
  if (!s || !s->values) return sqlite3_result_null(ctx);
  std::unique_ptr<std::vector<double>> values(s->values);
  s->values = nullptr;
  if (s->failed) return InvalidArg(ctx, "Percentile must be between 0 and 1");
  if (values->empty()) return sqlite3_result_null(ctx);
  std::sort(values->begin(), values->end());
  // Exact nearest-rank percentile (Athena's is an approximation of this).
  const size_t n = values->size();
  size_t index = static_cast<size_t>(std::llround(s->p * static_cast<double>(n - 1)));
  index = std::min(index, n - 1);
  const double v = (*values)[index];
  if (s->all_integer) return sqlite3_result_int64(ctx, static_cast<int64_t>(v));
  sqlite3_result_double(ctx, v);
}

struct MomentState {
  int64_t n;
  double mean;
  double m2;
};

void MomentStep(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (IsNull(argv[0])) return;
  auto* s = static_cast<MomentState*>(sqlite3_aggregate_context(ctx, sizeof(MomentState)));
  if (!s) return;
  const double x = sqlite3_value_double(argv[0]);
  ++s->n;
  const double delta = x - s->mean;
  s->mean += delta / static_cast<double>(s->n);
  s->m2 += delta * (x - s->mean);
}

template <bool Sample, bool Sqrt>
void MomentFinal(sqlite3_context* ctx) {
  auto* s = static_cast<MomentState*>(sqlite3_aggregate_context(ctx, 0));
  if (!s || s->n == 0 || (Sample && s->n < 2)) return sqlite3_result_null(ctx);
  const double var = s->m2 / static_cast<double>(Sample ? s->n - 1 : s->n);
  sqlite3_result_double(ctx, Sqrt ? std::sqrt(var) : var);
}

// [SECTION] registration

struct Scalar {
  const char* name;
  int argc;
  void (*fn)(sqlite3_context*, int, sqlite3_value**);
  bool needs_time;
};

const Scalar kScalars[] = {
    {"athena_div", 3, FnDiv, false},
    {"athena_mod", 3, FnMod, false},
    {"athena_round", 1, FnRound, false},
    {"athena_round", 2, FnRound, false},
    {"athena_abs", 1, FnIntPreserving<0>, false},
    {"athena_ceil", 1, FnIntPreserving<1>, false},
    {"athena_floor", 1, FnIntPreserving<2>, false},
    {"athena_sign", 1, FnIntPreserving<3>, false},
    {"athena_truncate", 1, FnUnaryMath<Trunc>, false},
    {"athena_sqrt", 1, FnUnaryMath<Sqrt>, false},
    {"athena_cbrt", 1, FnUnaryMath<Cbrt>, false},
    {"athena_exp", 1, FnUnaryMath<Exp>, false},
    {"athena_ln", 1, FnUnaryMath<Ln>, false},
    {"athena_log2", 1, FnUnaryMath<Log2>, false},
    {"athena_log10", 1, FnUnaryMath<Log10>, false},
    {"athena_log", 2, FnLog, false},
    {"athena_power", 2, FnPower, false},
    {"athena_pi", 0, FnPi, false},
    {"athena_e", 0, FnE, false},
    {"athena_infinity", 0, FnInfinity, false},
    {"athena_is_nan", 1, FnIsNan, false},
    {"athena_is_finite", 1, FnIsFinite, false},
    {"athena_greatest", -1, FnGreatest<1>, false},
    {"athena_least", -1, FnGreatest<-1>, false},
    {"athena_length", 1, FnLength, false},
    {"athena_lower", 1, FnCase<false>, false},
    {"athena_upper", 1, FnCase<true>, false},
    {"athena_trim", 1, FnTrim<3>, false},
    {"athena_ltrim", 1, FnTrim<1>, false},
    {"athena_rtrim", 1, FnTrim<2>, false},
    {"athena_substr", 2, FnSubstr, false},
    {"athena_substr", 3, FnSubstr, false},
    {"athena_replace", 2, FnReplace, false},
    {"athena_replace", 3, FnReplace, false},
    {"athena_reverse", 1, FnReverse, false},
    {"athena_strpos", 2, FnStrpos, false},
    {"athena_strpos", 3, FnStrpos, false},
    {"athena_starts_with", 2, FnStartsWith, false},
    {"athena_lpad", 3, FnPad<true>, false},
    {"athena_rpad", 3, FnPad<false>, false},
    {"athena_split_part", 3, FnSplitPart, false},
    {"athena_chr", 1, FnChr, false},
    {"athena_codepoint", 1, FnCodepoint, false},
    {"athena_like", 2, FnLike, false},
    {"athena_like", 3, FnLike, false},
    {"athena_regexp_like", 2, FnRegexpLike, false},
    {"athena_regexp_extract", 2, FnRegexpExtract, false},
    {"athena_regexp_extract", 3, FnRegexpExtract, false},
    {"athena_regexp_replace", 2, FnRegexpReplace, false},
    {"athena_regexp_replace", 3, FnRegexpReplace, false},
    {"athena_regexp_count", 2, FnRegexpCount, false},
    {"athena_date_parse", 2, FnDateParse, false},
    {"athena_date_format", 2, FnDateFormat, false},
    {"athena_format_datetime", 2, FnFormatDatetime, false},
    {"athena_parse_datetime", 2, FnParseDatetime, false},
    {"athena_from_iso8601_timestamp", 1, FnFromIso8601Timestamp, false},
    {"athena_from_iso8601_date", 1, FnFromIso8601Date, false},
    {"athena_to_iso8601", 1, FnToIso8601, false},
    {"athena_date_trunc", 2, FnDateTrunc, false},
    {"athena_date_add", 3, FnDateAdd, false},
    {"athena_date_diff", 3, FnDateDiff, false},
    {"athena_extract", 2, FnExtract, false},
    {"athena_to_unixtime", 1, FnToUnixtime, false},
    {"athena_from_unixtime", 1, FnFromUnixtime, false},
    {"athena_last_day_of_month", 1, FnLastDayOfMonth, false},
    {"athena_cast", 4, FnCast, false},
    {"athena_now", 0, FnNow, true},
    {"athena_current_date", 0, FnCurrentDate, true},
};

}  // namespace

void RegisterAthenaFunctions(sqlite3* db, TimeUs query_start) {
  const int det = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
  for (const Scalar& s : kScalars) {
    if (s.needs_time) {
      sqlite3_create_function_v2(db, s.name, s.argc, SQLITE_UTF8, new TimeUs(query_start), s.fn, nullptr, nullptr,
                                 [](void* p) { delete static_cast<TimeUs*>(p); });
    } else {
      sqlite3_create_function_v2(db, s.name, s.argc, det, nullptr, s.fn, nullptr, nullptr, nullptr);
    }
  }
  sqlite3_create_function_v2(db, "athena_arbitrary", 1, det, nullptr, nullptr, ArbitraryStep, SlotFinal, nullptr);
  sqlite3_create_function_v2(db, "athena_max_by", 2, det, nullptr, nullptr, ByStep<1>, SlotFinal, nullptr);
  sqlite3_create_function_v2(db, "athena_min_by", 2, det, nullptr, nullptr, ByStep<-1>, SlotFinal, nullptr);
  sqlite3_create_function_v2(db, "athena_max_by_pair", 2, det, nullptr, nullptr, ByStep<1>, PairFinal, nullptr);
  sqlite3_create_function_v2(db, "athena_min_by_pair", 2, det, nullptr, nullptr, ByStep<-1>, PairFinal, nullptr);
  sqlite3_create_function_v2(db, "athena_pair_value", 1, det, nullptr, FnPairPart<0>, nullptr, nullptr, nullptr);
  sqlite3_create_function_v2(db, "athena_pair_key", 1, det, nullptr, FnPairPart<1>, nullptr, nullptr, nullptr);
  sqlite3_create_function_v2(db, "athena_approx_percentile", 2, det, nullptr, nullptr, PercentileStep, PercentileFinal,
                             nullptr);
  sqlite3_create_function_v2(db, "athena_stddev_samp", 1, det, nullptr, nullptr, MomentStep, MomentFinal<true, true>,
                             nullptr);
  sqlite3_create_function_v2(db, "athena_stddev_pop", 1, det, nullptr, nullptr, MomentStep, MomentFinal<false, true>,
                             nullptr);
  sqlite3_create_function_v2(db, "athena_var_samp", 1, det, nullptr, nullptr, MomentStep, MomentFinal<true, false>,
                             nullptr);
  sqlite3_create_function_v2(db, "athena_var_pop", 1, det, nullptr, nullptr, MomentStep, MomentFinal<false, false>,
                             nullptr);
}

std::optional<std::string> FormatAthenaValue(sqlite3_value* value, std::string_view athena_type) {
  const int t = sqlite3_value_type(value);
  if (t == SQLITE_NULL) return std::nullopt;
  const std::string base = AthenaBaseType(athena_type);
  if (base == "double") return JavaDoubleToString(sqlite3_value_double(value));
  if (base == "real") return JavaFloatToString(static_cast<float>(sqlite3_value_double(value)));
  if (base == "boolean") {
    if (t == SQLITE_TEXT) return std::string(Text(value));
    return std::string(sqlite3_value_double(value) != 0 ? "true" : "false");
  }
  if (IsIntegerType(base)) {
    if (t == SQLITE_FLOAT) return std::to_string(std::llround(sqlite3_value_double(value)));
    if (t == SQLITE_INTEGER) return std::to_string(sqlite3_value_int64(value));
    return std::string(Text(value));
  }
  if (base == "decimal") {
    if (t == SQLITE_INTEGER) return std::to_string(sqlite3_value_int64(value));
    const size_t comma = athena_type.find(',');
    char buf[64];
    if (comma != std::string_view::npos) {
      std::snprintf(buf, sizeof buf, "%.*f", std::atoi(std::string(athena_type.substr(comma + 1)).c_str()),
                    sqlite3_value_double(value));
    } else {
      std::snprintf(buf, sizeof buf, "%.15g", sqlite3_value_double(value));
    }
    return std::string(buf);
  }
  if (base == "timestamp with time zone") return std::string(Text(value)) + " UTC";
  if (t == SQLITE_FLOAT) return JavaDoubleToString(sqlite3_value_double(value));
  return std::string(Text(value));
}

}  // namespace fhl
