// sim_time.h: simulated UTC time as integer microseconds since the Unix epoch, and its calendar forms.
// The core never reads the wall clock: every time here is an input. Must not depend on <chrono> clocks or the C time API.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fhl {

using TimeUs = int64_t;  // microseconds since 1970-01-01T00:00:00Z (UTC, no leap seconds)

constexpr TimeUs kUsPerMs = 1000;
constexpr TimeUs kUsPerSecond = 1000 * 1000;
constexpr TimeUs kUsPerMinute = 60 * kUsPerSecond;
constexpr TimeUs kUsPerHour = 60 * kUsPerMinute;
constexpr TimeUs kUsPerDay = 24 * kUsPerHour;

struct CivilTime {
  int year = 1970, month = 1, day = 1;  // month 1-12, day 1-31
  int hour = 0, minute = 0, second = 0;
  int micros = 0;
};

CivilTime ToCivil(TimeUs t);
TimeUs FromCivil(const CivilTime& c);

// "2026-11-25T20:42:00.000Z" (milliseconds, as AWS prints timestamps).
std::string FormatIso8601(TimeUs t);
// Accepts "2026-11-25T20:42:00Z", with optional fraction (".123", up to 6 digits) and "Z" or "+00:00".
std::optional<TimeUs> ParseIso8601(std::string_view text);

// Formats with the Java DateTimeFormatter letters Firehose uses in prefixes: yyyy MM dd HH mm ss
// (other characters copied). "yyyy/MM/dd/HH/" -> "2026/11/25/20/".
std::string FormatPattern(TimeUs t, std::string_view pattern);

// Epoch seconds as a double, the timestamp form of AWS JSON 1.1 protocols (Firehose, CloudWatch).
inline double ToEpochSeconds(TimeUs t) { return static_cast<double>(t) / kUsPerSecond; }
TimeUs FromEpochSeconds(double seconds);

inline TimeUs FloorTo(TimeUs t, TimeUs step) {
  TimeUs q = t / step;
  if (t % step != 0 && t < 0) --q;
  return q * step;
}

}  // namespace fhl
