// athena_datetime.cpp: calendar arithmetic and the MySQL / Joda format languages Trino's date functions use.
// Plain C++ over sim_time's civil conversions; must not depend on SQLite.
#include "core/athena_datetime.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <vector>

namespace fhl {
namespace {

// [SECTION] calendar helpers

const char* const kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                               "July",    "August",   "September", "October", "November", "December"};
const char* const kDays[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

int64_t DaysOf(TimeUs t) { return FloorTo(t, kUsPerDay) / kUsPerDay; }
int IsoDayOfWeek(TimeUs t) { return static_cast<int>(((DaysOf(t) % 7) + 7 + 3) % 7) + 1; }  // 1 = Monday
bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int DaysInMonth(int y, int m) {
  static const int kDaysIn[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDaysIn[m - 1];
}
int DayOfYear(const CivilTime& c) {
  CivilTime jan1;
  jan1.year = c.year;
  CivilTime day = c;
  day.hour = day.minute = day.second = day.micros = 0;
  return static_cast<int>((FromCivil(day) - FromCivil(jan1)) / kUsPerDay) + 1;
}
void IsoWeek(TimeUs t, int* week, int* week_year) {
  const TimeUs thursday = FloorTo(t, kUsPerDay) + (4 - IsoDayOfWeek(t)) * kUsPerDay;
  const CivilTime c = ToCivil(thursday);
  *week = (DayOfYear(c) - 1) / 7 + 1;
  *week_year = c.year;
}
std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}
std::string Pad(int64_t v, int width) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%0*lld", width, static_cast<long long>(v));
  return buf;
}
TimeUs AddMonths(TimeUs t, int64_t months) {
  CivilTime c = ToCivil(t);
  int64_t total = static_cast<int64_t>(c.year) * 12 + (c.month - 1) + months;
  c.year = static_cast<int>(total >= 0 ? total / 12 : (total - 11) / 12);
  c.month = static_cast<int>(total - static_cast<int64_t>(c.year) * 12) + 1;
  c.day = std::min(c.day, DaysInMonth(c.year, c.month));  // Joda clamps to the month's last day
  return FromCivil(c);
}

// Reads up to max_digits digits (at least 1).
bool ReadNumber(std::string_view s, size_t* pos, int max_digits, int* out) {
  size_t p = *pos;
  int v = 0, n = 0;
  while (p < s.size() && n < max_digits && std::isdigit(static_cast<unsigned char>(s[p]))) {
    v = v * 10 + (s[p] - '0');
    ++p;
    ++n;
  }
  if (n == 0) return false;
  *pos = p;
  *out = v;
  return true;
}

// Matches a month/day name (full or 3-letter) case-insensitively; returns 1-based index.
int ReadName(std::string_view s, size_t* pos, const char* const* names, int count) {
  for (int full = 1; full >= 0; --full) {
    for (int i = 0; i < count; ++i) {
      std::string name = names[i];
      if (!full) name = name.substr(0, 3);
      if (s.size() - *pos >= name.size() && Lower(s.substr(*pos, name.size())) == Lower(name)) {
        *pos += name.size();
        return i + 1;
      }
    }
  }
  return 0;
}

struct Parsed {
  CivilTime c;
  int hour12 = -1;
  int pm = -1;
  int64_t frac_us = 0;
};

TimeUs Finish(Parsed p) {
  if (p.hour12 >= 0) p.c.hour = (p.hour12 % 12) + (p.pm == 1 ? 12 : 0);
  p.c.micros = 0;
  return FromCivil(p.c) + p.frac_us;
}

bool ValidCivil(const CivilTime& c) {
  return c.month >= 1 && c.month <= 12 && c.day >= 1 && c.day <= DaysInMonth(c.year, c.month) && c.hour <= 23 &&
         c.minute <= 59 && c.second <= 59;
}

}  // namespace

// [SECTION] stored forms

std::string FormatStoredTimestamp(TimeUs t) {
  const CivilTime c = ToCivil(t);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d.%03d", c.year, c.month, c.day, c.hour, c.minute,
                c.second, c.micros / 1000);
  return buf;
}

std::string FormatStoredDate(TimeUs t) {
  const CivilTime c = ToCivil(t);
  char buf[20];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", c.year, c.month, c.day);
  return buf;
}

std::optional<TimeUs> ParseTemporalText(std::string_view s, bool allow_zone, bool* is_date) {
  size_t p = 0;
  while (p < s.size() && s[p] == ' ') ++p;
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  CivilTime c;
  auto fixed = [&](int n, int* out) {
    if (p + static_cast<size_t>(n) > s.size()) return false;
    int v = 0;
    for (int i = 0; i < n; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(s[p + i]))) return false;
      v = v * 10 + (s[p + i] - '0');
    }
    p += static_cast<size_t>(n);
    *out = v;
    return true;
  };
  if (!fixed(4, &c.year) || p >= s.size() || s[p++] != '-' || !ReadNumber(s, &p, 2, &c.month) || p >= s.size() ||
      s[p++] != '-' || !ReadNumber(s, &p, 2, &c.day))
    return std::nullopt;
  if (is_date) *is_date = p == s.size();
  int64_t frac = 0;
  if (p < s.size() && (s[p] == ' ' || s[p] == 'T')) {
    ++p;
    if (!ReadNumber(s, &p, 2, &c.hour) || p >= s.size() || s[p++] != ':' || !ReadNumber(s, &p, 2, &c.minute))
      return std::nullopt;
    if (p < s.size() && s[p] == ':') {
      ++p;
      if (!ReadNumber(s, &p, 2, &c.second)) return std::nullopt;
      if (p < s.size() && s[p] == '.') {
        ++p;
        int64_t scale = 100000;
        size_t nd = 0;
        while (p < s.size() && std::isdigit(static_cast<unsigned char>(s[p]))) {
          frac += (s[p] - '0') * scale;
          scale /= 10;
          ++p;
          ++nd;
        }
        if (nd == 0) return std::nullopt;
      }
    }
  }
  int64_t offset_us = 0;
  if (p < s.size()) {
    if (!allow_zone) return std::nullopt;
    while (p < s.size() && s[p] == ' ') ++p;
    const std::string_view zone = s.substr(p);
    if (zone == "Z" || zone == "UTC" || zone == "Z UTC") {
      p = s.size();
    } else if (!zone.empty() && (zone[0] == '+' || zone[0] == '-')) {
      const int sign = zone[0] == '-' ? -1 : 1;
      ++p;
      int hh = 0, mm = 0;
      if (!ReadNumber(s, &p, 2, &hh)) return std::nullopt;
      if (p < s.size() && s[p] == ':') ++p;
      if (p < s.size()) ReadNumber(s, &p, 2, &mm);
      if (p != s.size()) return std::nullopt;
      offset_us = sign * (hh * kUsPerHour + mm * kUsPerMinute);
    } else {
      return std::nullopt;
    }
  }
  if (!ValidCivil(c)) return std::nullopt;
  return FromCivil(c) + frac - offset_us;
}

std::optional<TimeUs> ParseIso8601Timestamp(std::string_view s) {
  // ISO: yyyy[-MM[-dd]][Thh[:mm[:ss[.f]]]][zone]; the space separator is not ISO.
  if (s.find(' ') != std::string_view::npos) return std::nullopt;
  if (s.size() == 4 || s.size() == 7) {
    std::string padded(s);
    padded += s.size() == 4 ? "-01-01" : "-01";
    return ParseTemporalText(padded, true);
  }
  // Allow "THH" without minutes.
  const size_t t = s.find('T');
  if (t != std::string_view::npos) {
    size_t p = t + 1;
    int hh = 0;
    if (ReadNumber(s, &p, 2, &hh) && (p == s.size() || s[p] != ':')) {
      std::string fixed(s.substr(0, p));
      fixed += ":00";
      fixed += s.substr(p);
      return ParseTemporalText(fixed, true);
    }
  }
  return ParseTemporalText(s, true);
}

// [SECTION] MySQL format (date_format / date_parse)

bool MysqlFormat(TimeUs t, std::string_view f, std::string* out, std::string* error) {
  const CivilTime c = ToCivil(t);
  out->clear();
  for (size_t i = 0; i < f.size(); ++i) {
    if (f[i] != '%' || i + 1 >= f.size()) {
      *out += f[i];
      continue;
    }
    const char k = f[++i];
    const int h12 = c.hour % 12 == 0 ? 12 : c.hour % 12;
    switch (k) {
      case 'a':
        *out += std::string(kDays[IsoDayOfWeek(t) - 1]).substr(0, 3);
        break;
      case 'b':
        *out += std::string(kMonths[c.month - 1]).substr(0, 3);
        break;
      case 'c':
        *out += std::to_string(c.month);
        break;
      case 'D': {
        const int d = c.day;
        const char* suf = (d % 100 >= 11 && d % 100 <= 13) ? "th"
                          : d % 10 == 1                    ? "st"
                          : d % 10 == 2                    ? "nd"
                          : d % 10 == 3                    ? "rd"
                                                           : "th";
        *out += std::to_string(d) + suf;
        break;
      }
      case 'd':
        *out += Pad(c.day, 2);
        break;
      case 'e':
        *out += std::to_string(c.day);
        break;
      case 'f':
        *out += Pad(c.micros, 6);
        break;
      case 'H':
        *out += Pad(c.hour, 2);
        break;
      case 'h':
      case 'I':
        *out += Pad(h12, 2);
        break;
      case 'i':
        *out += Pad(c.minute, 2);
        break;
      case 'j':
        *out += Pad(DayOfYear(c), 3);
        break;
      case 'k':
        *out += std::to_string(c.hour);
        break;
      case 'l':
        *out += std::to_string(h12);
        break;
      case 'M':
        *out += kMonths[c.month - 1];
        break;
      case 'm':
        *out += Pad(c.month, 2);
        break;
      case 'p':
        *out += c.hour < 12 ? "AM" : "PM";
        break;
      case 'r':
        *out += Pad(h12, 2) + ":" + Pad(c.minute, 2) + ":" + Pad(c.second, 2) + (c.hour < 12 ? " AM" : " PM");
        break;
      case 'S':
      case 's':
        *out += Pad(c.second, 2);
        break;
      case 'T':
        *out += Pad(c.hour, 2) + ":" + Pad(c.minute, 2) + ":" + Pad(c.second, 2);
        break;
      case 'v': {
        int w = 0, wy = 0;
        IsoWeek(t, &w, &wy);
        *out += Pad(w, 2);
        break;
      }
      case 'x': {
        int w = 0, wy = 0;
        IsoWeek(t, &w, &wy);
        *out += Pad(wy, 4);
        break;
      }
      case 'W':
        *out += kDays[IsoDayOfWeek(t) - 1];
        break;
      case 'Y':
        *out += Pad(c.year, 4);
        break;
      case 'y':
        *out += Pad(c.year % 100, 2);
        break;
      case '%':
        *out += '%';
        break;
      case 'U':
      case 'u':
      case 'V':
      case 'w':
      case 'X':
        *error = std::string("%") + k + " not supported in date format string";
        return false;
      default:
        *out += k;
        break;
    }
  }
  return true;
}

bool MysqlParse(std::string_view s, std::string_view f, TimeUs* out, std::string* error) {
  Parsed p;
  size_t pos = 0;
  auto malformed = [&]() {
    *error = pos >= s.size()
                 ? "Invalid format: \"" + std::string(s) + "\" is too short"
                 : "Invalid format: \"" + std::string(s) + "\" is malformed at \"" + std::string(s.substr(pos)) + "\"";
    return false;
  };
  for (size_t i = 0; i < f.size(); ++i) {
    if (f[i] != '%' || i + 1 >= f.size()) {
      if (pos >= s.size() || s[pos] != f[i]) return malformed();
      ++pos;
      continue;
    }
    const char k = f[++i];
    int v = 0;
    bool ok = true;
    switch (k) {
      case 'Y':
        ok = ReadNumber(s, &pos, 4, &p.c.year);
        break;
      case 'y':
        ok = ReadNumber(s, &pos, 2, &v);
        p.c.year = v < 50 ? 2000 + v : 1900 + v;
        break;
      case 'm':
      case 'c':
        ok = ReadNumber(s, &pos, 2, &p.c.month);
        break;
      case 'd':
      case 'e':
        ok = ReadNumber(s, &pos, 2, &p.c.day);
        break;
      case 'H':
      case 'k':
        ok = ReadNumber(s, &pos, 2, &p.c.hour);
        break;
      case 'h':
      case 'I':
      case 'l':
        ok = ReadNumber(s, &pos, 2, &p.hour12);
        break;
      case 'i':
        ok = ReadNumber(s, &pos, 2, &p.c.minute);
        break;
      case 'S':
      case 's':
        ok = ReadNumber(s, &pos, 2, &p.c.second);
        break;
      case 'f': {
        int64_t scale = 100000;
        size_t n = 0;
        while (pos < s.size() && n < 9 && std::isdigit(static_cast<unsigned char>(s[pos]))) {
          p.frac_us += (s[pos] - '0') * scale;
          scale /= 10;
          ++pos;
          ++n;
        }
        ok = n > 0;
        break;
      }
      case 'p': {
        const std::string ap = Lower(s.substr(pos, 2));
        ok = ap == "am" || ap == "pm";
        if (ok) {
          p.pm = ap == "pm";
          pos += 2;
        }
        break;
      }
      case 'M':
      case 'b':
        ok = (p.c.month = ReadName(s, &pos, kMonths, 12)) > 0;
        break;
      case 'a':
      case 'W':
        ok = ReadName(s, &pos, kDays, 7) > 0;
        break;
      case 'T': {
        ok = ReadNumber(s, &pos, 2, &p.c.hour) && pos < s.size() && s[pos++] == ':' &&
             ReadNumber(s, &pos, 2, &p.c.minute) && pos < s.size() && s[pos++] == ':' &&
             ReadNumber(s, &pos, 2, &p.c.second);
        break;
      }
      case 'j': {
        ok = ReadNumber(s, &pos, 3, &v);
        if (ok) {
          p.c.month = 1;
          p.c.day = 1;
          p.frac_us += static_cast<int64_t>(v - 1) * kUsPerDay;
        }
        break;
      }
      case '%':
        ok = pos < s.size() && s[pos++] == '%';
        break;
      default:
        *error = std::string("%") + k + " not supported in date format string";
        return false;
    }
    if (!ok) return malformed();
  }
  if (pos != s.size()) return malformed();
  if (!ValidCivil(p.c) || p.hour12 > 12) {
    *error = "Cannot parse \"" + std::string(s) + "\": Value out of range";
    return false;
  }
  *out = Finish(p);
  return true;
}

// [SECTION] Joda patterns (format_datetime / parse_datetime)

namespace {

struct JodaToken {
  char letter;  // 0 = literal
  int count;
  std::string literal;
};

bool TokenizeJoda(std::string_view f, std::vector<JodaToken>* out, std::string* error) {
  for (size_t i = 0; i < f.size();) {
    const char c = f[i];
    if (c == '\'') {
      size_t j = i + 1;
      std::string lit;
      while (j < f.size()) {
        if (f[j] == '\'') {
          if (j + 1 < f.size() && f[j + 1] == '\'') {
            lit += '\'';
            j += 2;
            continue;
          }
          break;
        }
        lit += f[j++];
      }
      if (j == i + 1) lit = "'";
      out->push_back({0, 0, lit});
      i = j + 1;
      continue;
    }
    if (std::isalpha(static_cast<unsigned char>(c))) {
      size_t j = i;
      while (j < f.size() && f[j] == c) ++j;
      static const std::string_view kKnown = "yYxMdHhmsSaEeDZzk";
      if (kKnown.find(c) == std::string_view::npos) {
        *error = std::string("Illegal pattern component: ") + std::string(f.substr(i, j - i));
        return false;
      }
      out->push_back({c, static_cast<int>(j - i), ""});
      i = j;
      continue;
    }
    out->push_back({0, 0, std::string(1, c)});
    ++i;
  }
  return true;
}

}  // namespace

bool JodaFormat(TimeUs t, std::string_view f, std::string* out, std::string* error) {
  std::vector<JodaToken> toks;
  if (!TokenizeJoda(f, &toks, error)) return false;
  const CivilTime c = ToCivil(t);
  out->clear();
  for (const JodaToken& k : toks) {
    if (!k.letter) {
      *out += k.literal;
      continue;
    }
    const int n = k.count;
    switch (k.letter) {
      case 'y':
      case 'Y':
      case 'x':
        *out += n == 2 ? Pad(c.year % 100, 2) : Pad(c.year, n);
        break;
      case 'M':
        if (n >= 4) {
          *out += kMonths[c.month - 1];
        } else if (n == 3) {
          *out += std::string(kMonths[c.month - 1]).substr(0, 3);
        } else {
          *out += Pad(c.month, n);
        }
        break;
      case 'd':
        *out += Pad(c.day, n);
        break;
      case 'D':
        *out += Pad(DayOfYear(c), n);
        break;
      case 'H':
        *out += Pad(c.hour, n);
        break;
      case 'k':
        *out += Pad(c.hour == 0 ? 24 : c.hour, n);
        break;
      case 'h':
        *out += Pad(c.hour % 12 == 0 ? 12 : c.hour % 12, n);
        break;
      case 'm':
        *out += Pad(c.minute, n);
        break;
      case 's':
        *out += Pad(c.second, n);
        break;
      case 'S': {
        std::string frac = Pad(c.micros, 6);
        while (static_cast<int>(frac.size()) < n) frac += '0';
        *out += frac.substr(0, static_cast<size_t>(n));
        break;
      }
      case 'a':
        *out += c.hour < 12 ? "AM" : "PM";
        break;
      case 'E':
        *out += n >= 4 ? std::string(kDays[IsoDayOfWeek(t) - 1]) : std::string(kDays[IsoDayOfWeek(t) - 1]).substr(0, 3);
        break;
      case 'e':
        *out += Pad(IsoDayOfWeek(t), n);
        break;
      case 'Z':
        *out += n == 1 ? "+0000" : "+00:00";
        break;
      case 'z':
        *out += "UTC";
        break;
      default:
        break;
    }
  }
  return true;
}

bool JodaParse(std::string_view s, std::string_view f, TimeUs* out, std::string* error) {
  std::vector<JodaToken> toks;
  if (!TokenizeJoda(f, &toks, error)) return false;
  Parsed p;
  size_t pos = 0;
  auto malformed = [&]() {
    *error = pos >= s.size()
                 ? "Invalid format: \"" + std::string(s) + "\" is too short"
                 : "Invalid format: \"" + std::string(s) + "\" is malformed at \"" + std::string(s.substr(pos)) + "\"";
    return false;
  };
  for (size_t i = 0; i < toks.size(); ++i) {
    const JodaToken& k = toks[i];
    if (!k.letter) {
      if (s.substr(pos, k.literal.size()) != k.literal) return malformed();
      pos += k.literal.size();
      continue;
    }
    // Adjacent numeric fields take exactly their width; otherwise up to 9 digits (4 for years).
    const bool next_numeric = i + 1 < toks.size() && toks[i + 1].letter && toks[i + 1].letter != 'a' &&
                              toks[i + 1].letter != 'E' && !(toks[i + 1].letter == 'M' && toks[i + 1].count >= 3);
    const int width = next_numeric ? k.count : 9;
    bool ok = true;
    int v = 0;
    switch (k.letter) {
      case 'y':
      case 'Y':
      case 'x':
        ok = ReadNumber(s, &pos, k.count == 2 ? 2 : std::max(width, 4), &v);
        p.c.year = k.count == 2 ? (v < 50 ? 2000 + v : 1900 + v) : v;
        break;
      case 'M':
        if (k.count >= 3) {
          ok = (p.c.month = ReadName(s, &pos, kMonths, 12)) > 0;
        } else {
          ok = ReadNumber(s, &pos, std::min(width, 2), &p.c.month);
        }
        break;
      case 'd':
        ok = ReadNumber(s, &pos, std::min(width, 2), &p.c.day);
        break;
      case 'H':
      case 'k':
        ok = ReadNumber(s, &pos, std::min(width, 2), &p.c.hour);
        break;
      case 'h':
        ok = ReadNumber(s, &pos, std::min(width, 2), &p.hour12);
        break;
      case 'm':
        ok = ReadNumber(s, &pos, std::min(width, 2), &p.c.minute);
        break;
      case 's':
        ok = ReadNumber(s, &pos, std::min(width, 2), &p.c.second);
        break;
      case 'S': {
        int64_t scale = 100000;
        int n = 0;
        while (pos < s.size() && n < width && std::isdigit(static_cast<unsigned char>(s[pos]))) {
          p.frac_us += (s[pos] - '0') * scale;
          scale /= 10;
          ++pos;
          ++n;
        }
        ok = n > 0;
        break;
      }
      case 'a': {
        const std::string ap = Lower(s.substr(pos, 2));
        ok = ap == "am" || ap == "pm";
        if (ok) p.pm = ap == "pm", pos += 2;
        break;
      }
      case 'E':
        ok = ReadName(s, &pos, kDays, 7) > 0;
        break;
      case 'Z':
      case 'z': {
        if (s.substr(pos, 3) == "UTC") {
          pos += 3;
        } else if (pos < s.size() && s[pos] == 'Z') {
          ++pos;
        } else {
          ok = s.substr(pos, 6) == "+00:00" || s.substr(pos, 5) == "+0000";
          if (ok) pos += s.substr(pos, 6) == "+00:00" ? 6 : 5;
        }
        break;
      }
      default:
        ok = ReadNumber(s, &pos, width, &v);
        break;
    }
    if (!ok) return malformed();
  }
  if (pos != s.size()) return malformed();
  if (!ValidCivil(p.c)) {
    *error = "Cannot parse \"" + std::string(s) + "\": Value out of range";
    return false;
  }
  *out = Finish(p);
  return true;
}

// [SECTION] arithmetic

bool DateTrunc(std::string_view unit_in, TimeUs t, TimeUs* out) {
  const std::string unit = Lower(unit_in);
  CivilTime c = ToCivil(t);
  if (unit == "millisecond") {
    *out = FloorTo(t, kUsPerMs);
  } else if (unit == "second") {
    *out = FloorTo(t, kUsPerSecond);
  } else if (unit == "minute") {
    *out = FloorTo(t, kUsPerMinute);
  } else if (unit == "hour") {
    *out = FloorTo(t, kUsPerHour);
  } else if (unit == "day") {
    *out = FloorTo(t, kUsPerDay);
  } else if (unit == "week") {
    *out = FloorTo(t, kUsPerDay) - (IsoDayOfWeek(t) - 1) * kUsPerDay;
  } else if (unit == "month" || unit == "quarter" || unit == "year") {
    CivilTime d;
    d.year = c.year;
    d.month = unit == "year" ? 1 : unit == "quarter" ? ((c.month - 1) / 3) * 3 + 1 : c.month;
    *out = FromCivil(d);
  } else {
    return false;
  }
  return true;
}

bool DateAdd(std::string_view unit_in, int64_t n, TimeUs t, TimeUs* out) {
  const std::string unit = Lower(unit_in);
  if (unit == "millisecond") {
    *out = t + n * kUsPerMs;
  } else if (unit == "second") {
    *out = t + n * kUsPerSecond;
  } else if (unit == "minute") {
    *out = t + n * kUsPerMinute;
  } else if (unit == "hour") {
    *out = t + n * kUsPerHour;
  } else if (unit == "day") {
    *out = t + n * kUsPerDay;
  } else if (unit == "week") {
    *out = t + n * 7 * kUsPerDay;
  } else if (unit == "month") {
    *out = AddMonths(t, n);
  } else if (unit == "quarter") {
    *out = AddMonths(t, n * 3);
  } else if (unit == "year") {
    *out = AddMonths(t, n * 12);
  } else {
    return false;
  }
  return true;
}

bool DateDiff(std::string_view unit_in, TimeUs a, TimeUs b, int64_t* out) {
  const std::string unit = Lower(unit_in);
  const int64_t d = b - a;
  int64_t step = 0;
  if (unit == "millisecond") step = kUsPerMs;
  if (unit == "second") step = kUsPerSecond;
  if (unit == "minute") step = kUsPerMinute;
  if (unit == "hour") step = kUsPerHour;
  if (unit == "day") step = kUsPerDay;
  if (unit == "week") step = 7 * kUsPerDay;
  if (step) {
    *out = d / step;  // truncates toward zero, as Joda's field difference does
    return true;
  }
  int per = unit == "month" ? 1 : unit == "quarter" ? 3 : unit == "year" ? 12 : 0;
  if (!per) return false;
  const CivilTime ca = ToCivil(a), cb = ToCivil(b);
  int64_t months = (static_cast<int64_t>(cb.year) - ca.year) * 12 + (cb.month - ca.month);
  // Not a whole month yet: step back toward zero.
  if (months > 0 && AddMonths(a, months) > b) --months;
  if (months < 0 && AddMonths(a, months) < b) ++months;
  *out = months / per;
  return true;
}

bool ExtractField(std::string_view field_in, TimeUs t, int64_t* out) {
  const std::string f = Lower(field_in);
  const CivilTime c = ToCivil(t);
  if (f == "year")
    *out = c.year;
  else if (f == "quarter")
    *out = (c.month - 1) / 3 + 1;
  else if (f == "month")
    *out = c.month;
  else if (f == "week") {
    int w = 0, wy = 0;
    IsoWeek(t, &w, &wy);
    *out = w;
  } else if (f == "day")
    *out = c.day;
  else if (f == "day_of_week")
    *out = IsoDayOfWeek(t);
  else if (f == "day_of_year")
    *out = DayOfYear(c);
  else if (f == "hour")
    *out = c.hour;
  else if (f == "minute")
    *out = c.minute;
  else if (f == "second")
    *out = c.second;
  else if (f == "millisecond")
    *out = c.micros / 1000;
  else
    return false;
  return true;
}

}  // namespace fhl
