// athena_datetime.h: Trino's date/time semantics over the engine's text forms (timestamp "yyyy-MM-dd HH:mm:ss.SSS",
// date "yyyy-MM-dd", both UTC): MySQL-style date_format/date_parse, Joda-style format_datetime/parse_datetime,
// date_trunc/date_add/date_diff/extract, ISO 8601 parsing. Plain C++ over sim_time; must not depend on SQLite.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/sim_time.h"

namespace fhl {

std::string FormatStoredTimestamp(TimeUs t);  // "2026-01-01 00:00:00.000"
std::string FormatStoredDate(TimeUs t);       // "2026-01-01"

// Parses "yyyy-MM-dd", "yyyy-MM-dd HH:mm[:ss[.f...]]" (or 'T'), optionally followed by a zone when allow_zone
// ("Z", "+02:00", " UTC"), converting to UTC. *is_date (optional) tells whether only a date was given.
std::optional<TimeUs> ParseTemporalText(std::string_view text, bool allow_zone, bool* is_date = nullptr);

// from_iso8601_timestamp / from_iso8601_date.
std::optional<TimeUs> ParseIso8601Timestamp(std::string_view text);

// Errors are Trino's messages without the name (the caller prefixes INVALID_FUNCTION_ARGUMENT).
bool MysqlFormat(TimeUs t, std::string_view format, std::string* out, std::string* error);
bool MysqlParse(std::string_view text, std::string_view format, TimeUs* out, std::string* error);
bool JodaFormat(TimeUs t, std::string_view pattern, std::string* out, std::string* error);
bool JodaParse(std::string_view text, std::string_view pattern, TimeUs* out, std::string* error);

// unit: millisecond, second, minute, hour, day, week, month, quarter, year (case-insensitive).
bool DateTrunc(std::string_view unit, TimeUs t, TimeUs* out);
bool DateAdd(std::string_view unit, int64_t amount, TimeUs t, TimeUs* out);
bool DateDiff(std::string_view unit, TimeUs from, TimeUs to, int64_t* out);
// field: year, quarter, month, week, day, day_of_week, day_of_year, hour, minute, second, millisecond.
bool ExtractField(std::string_view field, TimeUs t, int64_t* out);

}  // namespace fhl
