// sim_time.cpp: civil-calendar conversions (Howard Hinnant's days_from_civil) and formatting.
#include "core/sim_time.h"

#include <cmath>
#include <cstdio>

namespace fhl {
namespace {

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int* y, int* m, int* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t yy = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = static_cast<int>(yy + (*m <= 2));
}

bool ReadDigits(std::string_view s, size_t pos, size_t count, int* out) {
  if (pos + count > s.size()) return false;
  int v = 0;
  for (size_t i = 0; i < count; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

}  // namespace

CivilTime ToCivil(TimeUs t) {
  const TimeUs day_start = FloorTo(t, kUsPerDay);
  CivilTime c;
  CivilFromDays(day_start / kUsPerDay, &c.year, &c.month, &c.day);
  TimeUs rest = t - day_start;
  c.hour = static_cast<int>(rest / kUsPerHour);
  rest %= kUsPerHour;
  c.minute = static_cast<int>(rest / kUsPerMinute);
  rest %= kUsPerMinute;
  c.second = static_cast<int>(rest / kUsPerSecond);
  c.micros = static_cast<int>(rest % kUsPerSecond);
  return c;
}

TimeUs FromCivil(const CivilTime& c) {
  return DaysFromCivil(c.year, static_cast<unsigned>(c.month), static_cast<unsigned>(c.day)) * kUsPerDay +
         c.hour * kUsPerHour + c.minute * kUsPerMinute + c.second * kUsPerSecond + c.micros;
}

std::string FormatIso8601(TimeUs t) {
  const CivilTime c = ToCivil(t);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", c.year, c.month, c.day, c.hour,
                c.minute, c.second, c.micros / 1000);
  return buf;
}

std::optional<TimeUs> ParseIso8601(std::string_view s) {
  CivilTime c;
  if (!ReadDigits(s, 0, 4, &c.year) || s.size() < 19 || s[4] != '-' || !ReadDigits(s, 5, 2, &c.month) ||
      s[7] != '-' || !ReadDigits(s, 8, 2, &c.day) || (s[10] != 'T' && s[10] != ' ') ||
      !ReadDigits(s, 11, 2, &c.hour) || s[13] != ':' || !ReadDigits(s, 14, 2, &c.minute) || s[16] != ':' ||
      !ReadDigits(s, 17, 2, &c.second)) {
    return std::nullopt;
  }
  if (c.month < 1 || c.month > 12 || c.day < 1 || c.day > 31 || c.hour > 23 || c.minute > 59 || c.second > 59) {
    return std::nullopt;
  }
  size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int digits = 0, micros = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (digits < 6) micros = micros * 10 + (s[pos] - '0'), ++digits;
      ++pos;
    }
    if (digits == 0) return std::nullopt;
    while (digits < 6) micros *= 10, ++digits;
    c.micros = micros;
  }
  std::string_view zone = s.substr(pos);
  if (zone != "Z" && zone != "+00:00" && zone != "") return std::nullopt;
  // Reject impossible days (e.g. 2026-02-30) by a round trip.
  const TimeUs t = FromCivil(c);
  const CivilTime back = ToCivil(t);
  if (back.day != c.day || back.month != c.month) return std::nullopt;
  return t;
}

std::string FormatPattern(TimeUs t, std::string_view pattern) {
  const CivilTime c = ToCivil(t);
  std::string out;
  out.reserve(pattern.size() + 8);
  char buf[8];
  for (size_t i = 0; i < pattern.size();) {
    auto starts = [&](std::string_view token) { return pattern.substr(i, token.size()) == token; };
    if (starts("yyyy")) {
      std::snprintf(buf, sizeof buf, "%04d", c.year), out += buf, i += 4;
    } else if (starts("MM")) {
      std::snprintf(buf, sizeof buf, "%02d", c.month), out += buf, i += 2;
    } else if (starts("dd")) {
      std::snprintf(buf, sizeof buf, "%02d", c.day), out += buf, i += 2;
    } else if (starts("HH")) {
      std::snprintf(buf, sizeof buf, "%02d", c.hour), out += buf, i += 2;
    } else if (starts("mm")) {
      std::snprintf(buf, sizeof buf, "%02d", c.minute), out += buf, i += 2;
    } else if (starts("ss")) {
      std::snprintf(buf, sizeof buf, "%02d", c.second), out += buf, i += 2;
    } else {
      out += pattern[i++];
    }
  }
  return out;
}

TimeUs FromEpochSeconds(double seconds) {
  return static_cast<TimeUs>(std::llround(seconds * static_cast<double>(kUsPerSecond)));
}

}  // namespace fhl
