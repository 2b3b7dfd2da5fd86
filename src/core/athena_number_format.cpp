// athena_number_format.cpp: Java's Double/Float.toString over the shortest digits that round-trip (JDK 19+
// behaviour, which Trino's recent JVMs use). Plain C++; must not depend on SQLite.
#include "core/athena_number_format.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace fhl {
namespace {

// Shortest decimal digits and exponent: v = 0.d1d2d3... * 10^(exp+1), i.e. d1.d2d3 * 10^exp.
void ShortestDigits(double v, bool is_float, std::string* digits, int* exp) {
  char buf[64];
  const int max_prec = is_float ? 9 : 17;
  for (int prec = 1; prec <= max_prec; ++prec) {
    std::snprintf(buf, sizeof buf, "%.*e", prec - 1, v);
    const bool round_trips =
        is_float ? std::strtof(buf, nullptr) == static_cast<float>(v) : std::strtod(buf, nullptr) == v;
    if (round_trips) break;
  }
  // buf: d.ddde[+-]xx
  std::string s = buf;
  const size_t e = s.find('e');
  *exp = std::atoi(s.c_str() + e + 1);
  digits->clear();
  for (size_t i = 0; i < e; ++i) {
    if (s[i] >= '0' && s[i] <= '9') *digits += s[i];
  }
  while (digits->size() > 1 && digits->back() == '0') digits->pop_back();
}

std::string Format(double v, bool is_float) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  if (v == 0) return std::signbit(v) ? "-0.0" : "0.0";
  std::string sign = v < 0 ? "-" : "";
  const double a = std::fabs(v);
  std::string d;
  int exp = 0;
  ShortestDigits(a, is_float, &d, &exp);
  if (a >= 1e-3 && a < 1e7) {
    std::string out;
    if (exp >= 0) {
      std::string int_part = d.substr(0, std::min<size_t>(d.size(), static_cast<size_t>(exp) + 1));
      while (int_part.size() < static_cast<size_t>(exp) + 1) int_part += '0';
      std::string frac = d.size() > static_cast<size_t>(exp) + 1 ? d.substr(static_cast<size_t>(exp) + 1) : "0";
      out = int_part + "." + frac;
    } else {
      out = "0." + std::string(static_cast<size_t>(-exp - 1), '0') + d;
    }
    return sign + out;
  }
  std::string mant = d.substr(0, 1) + "." + (d.size() > 1 ? d.substr(1) : "0");
  return sign + mant + "E" + std::to_string(exp);
}

}  // namespace

std::string JavaDoubleToString(double v) { return Format(v, false); }
std::string JavaFloatToString(float v) { return Format(static_cast<double>(v), true); }

}  // namespace fhl
