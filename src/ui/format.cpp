// format.cpp: text forms of times, sizes and counts for the dashboard (see format.h).
#include "ui/format.h"

#include <cmath>
#include <cstdio>

namespace fhl::ui {

namespace {
const char* const kMonthNames[12] = {"January", "February", "March",     "April",   "May",      "June",
                                     "July",    "August",   "September", "October", "November", "December"};
}  // namespace

std::string FormatClockUtc(TimeUs t) {
  CivilTime c = ToCivil(t);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d UTC", c.year, c.month, c.day, c.hour, c.minute, c.second);
  return buf;
}

std::string FormatConsoleDate(TimeUs t) {
  CivilTime c = ToCivil(t);
  char buf[64];
  const char* month = (c.month >= 1 && c.month <= 12) ? kMonthNames[c.month - 1] : "?";
  std::snprintf(buf, sizeof buf, "%s %d, %04d, %02d:%02d:%02d (UTC)", month, c.day, c.year, c.hour, c.minute, c.second);
  return buf;
}

std::string FormatTimeOfDay(TimeUs t) {
  CivilTime c = ToCivil(t);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", c.hour, c.minute, c.second);
  return buf;
}

std::string FormatConsoleDateIso(std::string_view iso) {
  std::optional<TimeUs> t = ParseIso8601(iso);
  return t ? FormatConsoleDate(*t) : std::string(iso);
}

std::string FormatBytes(double bytes) {
  char buf[32];
  if (!(bytes >= 0)) bytes = 0;
  if (bytes < 1024) {
    std::snprintf(buf, sizeof buf, "%.0f B", bytes);
    return buf;
  }
  const char* units[] = {"KB", "MB", "GB", "TB"};
  double v = bytes / 1024;
  int u = 0;
  while (v >= 1024 && u < 3) {
    v /= 1024;
    ++u;
  }
  std::snprintf(buf, sizeof buf, "%.1f %s", v, units[u]);
  return buf;
}

std::string FormatCount(int64_t n) {
  bool negative = n < 0;
  uint64_t v = negative ? static_cast<uint64_t>(-(n + 1)) + 1 : static_cast<uint64_t>(n);
  std::string digits = std::to_string(v);
  std::string out;
  out.reserve(digits.size() + digits.size() / 3 + 1);
  if (negative) out.push_back('-');
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

std::string FormatDuration(double seconds) {
  if (!(seconds >= 0)) seconds = 0;
  int64_t s = static_cast<int64_t>(seconds);
  char buf[48];
  if (s < 60) {
    std::snprintf(buf, sizeof buf, "%lld s", static_cast<long long>(s));
  } else if (s < 3600) {
    std::snprintf(buf, sizeof buf, "%lld min %lld s", static_cast<long long>(s / 60), static_cast<long long>(s % 60));
  } else if (s < 86400) {
    std::snprintf(buf, sizeof buf, "%lld h %lld min", static_cast<long long>(s / 3600),
                  static_cast<long long>((s % 3600) / 60));
  } else {
    std::snprintf(buf, sizeof buf, "%lld d %lld h", static_cast<long long>(s / 86400),
                  static_cast<long long>((s % 86400) / 3600));
  }
  return buf;
}

std::string FormatCompact(double v) {
  char buf[32];
  double a = std::fabs(v);
  const char* suffix = "";
  double scaled = v;
  if (a >= 1e9) {
    scaled = v / 1e9;
    suffix = "G";
  } else if (a >= 1e6) {
    scaled = v / 1e6;
    suffix = "M";
  } else if (a >= 1e3) {
    scaled = v / 1e3;
    suffix = "k";
  }
  double sa = std::fabs(scaled);
  if (sa == 0) return "0";
  if (sa >= 100 || std::fabs(scaled - std::round(scaled)) < 1e-9) {
    std::snprintf(buf, sizeof buf, "%.0f%s", scaled, suffix);
  } else if (sa >= 10) {
    std::snprintf(buf, sizeof buf, "%.1f%s", scaled, suffix);
  } else if (sa >= 0.01) {
    std::snprintf(buf, sizeof buf, "%.2f%s", scaled, suffix);
  } else {
    std::snprintf(buf, sizeof buf, "%.3g%s", scaled, suffix);
  }
  // Trim trailing zeros of a fraction ("1.50k" -> "1.5k").
  std::string s = buf;
  size_t dot = s.find('.');
  if (dot != std::string::npos) {
    size_t end = s.size() - std::char_traits<char>::length(suffix);
    size_t last = end;
    while (last > dot + 1 && s[last - 1] == '0') --last;
    if (last == dot + 1) last = dot;
    s.erase(last, end - last);
  }
  return s;
}

}  // namespace fhl::ui
