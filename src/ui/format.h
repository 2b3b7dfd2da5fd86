// format.h: text forms the dashboard shows (UTC clock, console dates, byte sizes, counts, durations).
// Pure functions over the core's time type; no ImGui, so they are unit-tested directly.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/sim_time.h"

namespace fhl::ui {

// "2026-01-01 00:01:23 UTC" (the clock bar).
std::string FormatClockUtc(TimeUs t);
// "January 1, 2026, 00:01:23 (UTC)" (AWS console dates: creation time, last modified).
std::string FormatConsoleDate(TimeUs t);
// "00:01:23" (compact time of day, UTC).
std::string FormatTimeOfDay(TimeUs t);
// Console date of an ISO-8601 string ("2026-01-01T00:01:00.000Z"); the input itself when it does not parse.
std::string FormatConsoleDateIso(std::string_view iso);

// S3 console sizes (1024-based): "0 B", "812 B", "1.2 KB", "441.4 KB", "1.0 MB", "2.5 GB".
std::string FormatBytes(double bytes);
// "12,345" (thousands separators; negative values keep their sign).
std::string FormatCount(int64_t n);
// "5 min 2 s", "1 h 3 min", "42 s".
std::string FormatDuration(double seconds);
// Compact axis numbers: "0", "0.5", "12", "1.5k", "2M", "3.2G".
std::string FormatCompact(double v);

// Epoch seconds (double, as the AWS JSON protocols carry timestamps) to the core's time type.
inline TimeUs EpochSecondsToUs(double s) { return FromEpochSeconds(s); }

}  // namespace fhl::ui
