// partition_projection.cpp: enumerating projected partitions (date/integer/enum/injected) from TBLPROPERTIES,
// applying query constraints and rendering storage.location.template. Must not depend on the object store or SQL.
#include "core/partition_projection.h"

#include <cstdio>
#include <cstdlib>
#include <utility>

namespace fhl {
namespace {

// [SECTION] helpers

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::vector<std::string> SplitComma(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    const size_t comma = s.find(',', start);
    out.emplace_back(Trim(s.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start)));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

const std::string* Property(const GlueTable& table, const std::string& key) {
  auto it = table.parameters.find(key);
  return it == table.parameters.end() ? nullptr : &it->second;
}

ApiError ProjectionError(std::string_view column, std::string_view detail) {
  return ApiError{"HIVE_INVALID_METADATA",
                  "HIVE_INVALID_METADATA: Column projection for column '" + std::string(column) + "' failed. " +
                      std::string(detail),
                  400};
}

std::optional<int64_t> ParseInt64(std::string_view s) {
  s = Trim(s);
  if (s.empty() || s.size() > 19) return std::nullopt;
  size_t i = 0;
  bool neg = false;
  if (s[0] == '-' || s[0] == '+') neg = s[0] == '-', ++i;
  if (i == s.size()) return std::nullopt;
  int64_t v = 0;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    v = v * 10 + (s[i] - '0');
  }
  return neg ? -v : v;
}

// [SECTION] date units

enum class Unit { kYears, kMonths, kWeeks, kDays, kHours, kMinutes, kSeconds };

std::optional<Unit> ParseUnit(std::string_view text) {
  std::string u = Lower(Trim(text));
  if (!u.empty() && u.back() == 's') u.pop_back();
  if (u == "year") return Unit::kYears;
  if (u == "month") return Unit::kMonths;
  if (u == "week") return Unit::kWeeks;
  if (u == "day") return Unit::kDays;
  if (u == "hour") return Unit::kHours;
  if (u == "minute") return Unit::kMinutes;
  if (u == "second") return Unit::kSeconds;
  return std::nullopt;
}

TimeUs AddUnits(TimeUs t, Unit unit, int64_t n) {
  switch (unit) {
    case Unit::kSeconds: return t + n * kUsPerSecond;
    case Unit::kMinutes: return t + n * kUsPerMinute;
    case Unit::kHours: return t + n * kUsPerHour;
    case Unit::kDays: return t + n * kUsPerDay;
    case Unit::kWeeks: return t + n * 7 * kUsPerDay;
    case Unit::kMonths:
    case Unit::kYears: {
      CivilTime c = ToCivil(t);
      int64_t months = static_cast<int64_t>(c.year) * 12 + (c.month - 1) + (unit == Unit::kYears ? n * 12 : n);
      c.year = static_cast<int>(months / 12);
      c.month = static_cast<int>(months % 12) + 1;
      static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
      const bool leap = (c.year % 4 == 0 && c.year % 100 != 0) || c.year % 400 == 0;
      const int dim = c.month == 2 && leap ? 29 : kDays[c.month - 1];
      if (c.day > dim) c.day = dim;
      return FromCivil(c);
    }
  }
  return t;
}

// The finest unit a date format mentions (the default interval.unit).
Unit FinestUnit(std::string_view format) {
  bool in_quote = false;
  Unit finest = Unit::kYears;
  auto finer = [&](Unit u) { if (static_cast<int>(u) > static_cast<int>(finest)) finest = u; };
  for (char c : format) {
    if (c == '\'') in_quote = !in_quote;
    if (in_quote) continue;
    if (c == 's') finer(Unit::kSeconds);
    if (c == 'm') finer(Unit::kMinutes);
    if (c == 'H') finer(Unit::kHours);
    if (c == 'd') finer(Unit::kDays);
    if (c == 'M') finer(Unit::kMonths);
  }
  return finest;
}

// "NOW", "NOW-3DAYS", "NOW+1HOUR" (case-insensitive); nullopt when not a NOW expression; sets *bad on a malformed one.
std::optional<TimeUs> ParseNowExpression(std::string_view text, TimeUs now, bool* bad) {
  const std::string t = Lower(Trim(text));
  if (t.compare(0, 3, "now") != 0) return std::nullopt;
  if (t.size() == 3) return now;
  const char sign = t[3];
  if (sign != '+' && sign != '-') return *bad = true, std::nullopt;
  size_t i = 4;
  int64_t n = 0;
  size_t digits = 0;
  while (i < t.size() && t[i] >= '0' && t[i] <= '9' && digits < 9) n = n * 10 + (t[i++] - '0'), ++digits;
  const auto unit = ParseUnit(std::string_view(t).substr(i));
  if (digits == 0 || !unit) return *bad = true, std::nullopt;
  return AddUnits(now, *unit, sign == '-' ? -n : n);
}

// [SECTION] per-column value lists

bool Satisfies(std::string_view value, const PartitionConstraint& c, bool numeric) {
  int cmp;
  if (numeric) {
    const auto a = ParseInt64(value);
    const auto b = ParseInt64(c.value);
    if (a && b) {
      cmp = *a < *b ? -1 : (*a > *b ? 1 : 0);
    } else {
      cmp = value.compare(c.value);
    }
  } else {
    cmp = value.compare(c.value);
  }
  switch (c.op) {
    case PartitionConstraint::kEq: return cmp == 0;
    case PartitionConstraint::kLt: return cmp < 0;
    case PartitionConstraint::kLe: return cmp <= 0;
    case PartitionConstraint::kGt: return cmp > 0;
    case PartitionConstraint::kGe: return cmp >= 0;
  }
  return true;
}

ApiError TooManyPartitions(const GlueTable& table) {
  return ApiError{"HIVE_EXCEEDED_PARTITION_LIMIT",
                  "HIVE_EXCEEDED_PARTITION_LIMIT: Query over table '" + table.database + "." + table.name +
                      "' can potentially read more than " + std::to_string(kMaxProjectedPartitions) + " partitions",
                  400};
}

// The values of partition column `index` (constraints applied); `enumerate` false only validates.
Result<std::vector<std::string>> ColumnValues(const GlueTable& table, size_t index, TimeUs now,
                                              const std::vector<PartitionConstraint>& constraints, bool enumerate) {
  const std::string& col = table.partition_keys[index].name;
  const std::string prefix = "projection." + col + ".";
  const std::string* type = Property(table, prefix + "type");
  if (!type) return ProjectionError(col, "Missing projection type (projection." + col + ".type)");
  const std::string kind = Lower(Trim(*type));
  std::vector<const PartitionConstraint*> mine;
  for (const PartitionConstraint& c : constraints) {
    if (c.column == index) mine.push_back(&c);
  }
  std::vector<std::string> values;
  auto keep = [&](const std::string& v, bool numeric) {
    for (const PartitionConstraint* c : mine) {
      if (!Satisfies(v, *c, numeric)) return false;
    }
    return true;
  };

  if (kind == "enum") {
    const std::string* list = Property(table, prefix + "values");
    if (!list || Trim(*list).empty()) return ProjectionError(col, "Missing projection.values property");
    if (!enumerate) return values;
    for (const std::string& v : SplitComma(*list)) {
      if (keep(v, false)) values.push_back(v);
    }
    return values;
  }
  if (kind == "injected") {
    if (!enumerate) return values;
    const PartitionConstraint* eq = nullptr;
    for (const PartitionConstraint* c : mine) {
      if (c->op == PartitionConstraint::kEq) eq = c;
    }
    if (!eq) {
      return ApiError{"CONSTRAINT_VIOLATION",
                      "CONSTRAINT_VIOLATION: For the injected projected partition column " + col +
                          ", the WHERE clause must contain only static equality conditions, and at least one such "
                          "condition must be present.",
                      400};
    }
    if (keep(eq->value, false)) values.push_back(eq->value);
    return values;
  }
  if (kind == "integer") {
    const std::string* range = Property(table, prefix + "range");
    if (!range) return ProjectionError(col, "Missing projection.range property");
    const auto parts = SplitComma(*range);
    const auto lo = parts.size() == 2 ? ParseInt64(parts[0]) : std::nullopt;
    const auto hi = parts.size() == 2 ? ParseInt64(parts[1]) : std::nullopt;
    if (!lo || !hi) return ProjectionError(col, "Property: 'projection." + col + ".range' needs to be a list of 2 integers");
    int64_t interval = 1;
    if (const std::string* iv = Property(table, prefix + "interval")) {
      const auto v = ParseInt64(*iv);
      if (!v || *v <= 0) return ProjectionError(col, "Property: 'projection." + col + ".interval' must be a positive integer");
      interval = *v;
    }
    int digits = 0;
    if (const std::string* d = Property(table, prefix + "digits")) {
      const auto v = ParseInt64(*d);
      if (!v || *v < 1 || *v > 19) return ProjectionError(col, "Property: 'projection." + col + ".digits' must be a positive integer");
      digits = static_cast<int>(*v);
    }
    if (!enumerate) return values;
    if (*lo <= *hi && (*hi - *lo) / interval >= static_cast<int64_t>(kMaxProjectedPartitions)) return TooManyPartitions(table);
    for (int64_t v = *lo; v <= *hi; v += interval) {
      char buf[32];
      std::snprintf(buf, sizeof(buf), "%0*lld", digits, static_cast<long long>(v));
      if (keep(buf, true)) values.emplace_back(buf);
    }
    return values;
  }
  if (kind == "date") {
    const std::string* format = Property(table, prefix + "format");
    if (!format || format->empty()) return ProjectionError(col, "Missing projection." + col + ".format property");
    const std::string* range = Property(table, prefix + "range");
    if (!range) return ProjectionError(col, "Missing projection." + col + ".range property");
    const auto parts = SplitComma(*range);
    if (parts.size() != 2) {
      return ProjectionError(col, "Property: 'projection." + col + ".range' needs to be a list of 2 valid dates formatted as '" +
                                      *format + "' or '^\\s*NOW\\s*(([+-])\\s*([0-9]+)\\s*(DAY|HOUR|MINUTE|SECOND)S?\\s*)?$' "
                                      "that are sequential: " + *range);
    }
    TimeUs bounds[2];
    for (int k = 0; k < 2; ++k) {
      bool bad = false;
      auto t = ParseNowExpression(parts[static_cast<size_t>(k)], now, &bad);
      if (!t && !bad) t = ParseDatePattern(parts[static_cast<size_t>(k)], *format);
      if (!t) {
        return ProjectionError(col, "Property: 'projection." + col + ".range' needs to be a list of 2 valid dates formatted as '" +
                                        *format + "' or 'NOW' expressions: " + *range);
      }
      bounds[k] = *t;
    }
    int64_t interval = 1;
    if (const std::string* iv = Property(table, prefix + "interval")) {
      const auto v = ParseInt64(*iv);
      if (!v || *v <= 0) return ProjectionError(col, "Property: 'projection." + col + ".interval' must be a positive integer");
      interval = *v;
    }
    Unit unit = FinestUnit(*format);
    if (const std::string* u = Property(table, prefix + "interval.unit")) {
      const auto parsed = ParseUnit(*u);
      if (!parsed) return ProjectionError(col, "Property: 'projection." + col + ".interval.unit' is not a valid time unit: " + *u);
      unit = *parsed;
    }
    if (!enumerate) return values;
    if (unit != Unit::kMonths && unit != Unit::kYears && bounds[0] <= bounds[1]) {
      const TimeUs step = AddUnits(0, unit, interval);
      if ((bounds[1] - bounds[0]) / step >= static_cast<TimeUs>(kMaxProjectedPartitions)) return TooManyPartitions(table);
    }
    size_t count = 0;
    for (TimeUs t = bounds[0]; t <= bounds[1]; t = AddUnits(t, unit, interval)) {
      if (++count > kMaxProjectedPartitions) return TooManyPartitions(table);
      std::string v = FormatDatePattern(t, *format);
      if (keep(v, false)) values.push_back(std::move(v));
    }
    return values;
  }
  return ProjectionError(col, "Unsupported projection type: " + *type);
}

}  // namespace

// [SECTION] date patterns

std::string FormatDatePattern(TimeUs t, std::string_view pattern) {
  const CivilTime c = ToCivil(t);
  std::string out;
  for (size_t i = 0; i < pattern.size();) {
    const char ch = pattern[i];
    if (ch == '\'') {
      const size_t close = pattern.find('\'', i + 1);
      if (close == i + 1) {
        out += '\'';
        i += 2;
        continue;
      }
      out.append(pattern.substr(i + 1, close == std::string_view::npos ? std::string_view::npos : close - i - 1));
      i = close == std::string_view::npos ? pattern.size() : close + 1;
      continue;
    }
    size_t run = 1;
    while (i + run < pattern.size() && pattern[i + run] == ch) ++run;
    int value = -1;
    switch (ch) {
      case 'y': case 'u': value = c.year; break;
      case 'M': value = c.month; break;
      case 'd': value = c.day; break;
      case 'H': value = c.hour; break;
      case 'm': value = c.minute; break;
      case 's': value = c.second; break;
      default: break;
    }
    if (value < 0) {
      out.append(pattern.substr(i, run));
    } else {
      if ((ch == 'y' || ch == 'u') && run == 2) value %= 100;
      char buf[16];
      std::snprintf(buf, sizeof(buf), "%0*d", static_cast<int>(run), value);
      out += buf;
    }
    i += run;
  }
  return out;
}

std::optional<TimeUs> ParseDatePattern(std::string_view text, std::string_view pattern) {
  CivilTime c;
  size_t p = 0;
  for (size_t i = 0; i < pattern.size();) {
    const char ch = pattern[i];
    if (ch == '\'') {
      size_t close = pattern.find('\'', i + 1);
      std::string_view lit = close == i + 1 ? std::string_view("'") : pattern.substr(i + 1, close - i - 1);
      if (text.substr(p, lit.size()) != lit) return std::nullopt;
      p += lit.size();
      i = close == std::string_view::npos ? pattern.size() : close + 1;
      continue;
    }
    size_t run = 1;
    while (i + run < pattern.size() && pattern[i + run] == ch) ++run;
    int* field = nullptr;
    switch (ch) {
      case 'y': case 'u': field = &c.year; break;
      case 'M': field = &c.month; break;
      case 'd': field = &c.day; break;
      case 'H': field = &c.hour; break;
      case 'm': field = &c.minute; break;
      case 's': field = &c.second; break;
      default: break;
    }
    if (!field) {
      if (text.substr(p, run) != pattern.substr(i, run)) return std::nullopt;
      p += run;
    } else {
      const size_t min_digits = run == 1 ? 1 : run;
      const size_t max_digits = run == 1 ? 2 : run;
      size_t n = 0;
      int v = 0;
      while (p < text.size() && n < max_digits && text[p] >= '0' && text[p] <= '9') v = v * 10 + (text[p++] - '0'), ++n;
      if (n < min_digits) return std::nullopt;
      *field = v;
    }
    i += run;
  }
  if (p != text.size()) return std::nullopt;
  if (c.month < 1 || c.month > 12 || c.day < 1 || c.day > 31 || c.hour > 23 || c.minute > 59 || c.second > 59) {
    return std::nullopt;
  }
  const TimeUs t = FromCivil(c);
  if (ToCivil(t).day != c.day) return std::nullopt;  // e.g. Feb 30
  return t;
}

// [SECTION] projection

bool ProjectionEnabled(const GlueTable& table) {
  const std::string* v = Property(table, "projection.enabled");
  return v && Lower(Trim(*v)) == "true";
}

Status ValidateProjection(const GlueTable& table) {
  for (size_t i = 0; i < table.partition_keys.size(); ++i) {
    auto r = ColumnValues(table, i, 0, {}, /*enumerate=*/false);
    if (!r.ok()) return r.error();
  }
  return Status::Ok();
}

Result<std::vector<ProjectedPartition>> ProjectPartitions(const GlueTable& table, TimeUs now,
                                                          const std::vector<PartitionConstraint>& constraints) {
  std::vector<std::vector<std::string>> per_column;
  size_t total = 1;
  for (size_t i = 0; i < table.partition_keys.size(); ++i) {
    auto r = ColumnValues(table, i, now, constraints, /*enumerate=*/true);
    if (!r.ok()) return r.error();
    per_column.push_back(std::move(r.value()));
    const size_t n = per_column.back().size();
    if (n == 0) return std::vector<ProjectedPartition>{};
    if (total > kMaxProjectedPartitions / n) return TooManyPartitions(table);
    total *= n;
  }
  const std::string* tmpl = Property(table, "storage.location.template");
  std::string base = table.location;
  if (!base.empty() && base.back() != '/') base += '/';
  std::vector<ProjectedPartition> out;
  out.reserve(total);
  std::vector<size_t> idx(per_column.size(), 0);
  for (size_t n = 0; n < total; ++n) {
    ProjectedPartition part;
    for (size_t c = 0; c < per_column.size(); ++c) part.values.push_back(per_column[c][idx[c]]);
    if (tmpl) {
      std::string loc;
      const std::string& t = *tmpl;
      for (size_t i = 0; i < t.size();) {
        if (t[i] == '$' && i + 1 < t.size() && t[i + 1] == '{') {
          const size_t close = t.find('}', i + 2);
          if (close != std::string::npos) {
            const std::string name = Lower(t.substr(i + 2, close - i - 2));
            bool replaced = false;
            for (size_t c = 0; c < table.partition_keys.size(); ++c) {
              if (table.partition_keys[c].name == name) {
                loc += part.values[c];
                replaced = true;
                break;
              }
            }
            if (!replaced) loc += t.substr(i, close - i + 1);
            i = close + 1;
            continue;
          }
        }
        loc += t[i++];
      }
      part.location = std::move(loc);
    } else {
      part.location = base;
      for (size_t c = 0; c < per_column.size(); ++c) part.location += table.partition_keys[c].name + "=" + part.values[c] + "/";
    }
    out.push_back(std::move(part));
    for (size_t c = per_column.size(); c-- > 0;) {
      if (++idx[c] < per_column[c].size()) break;
      idx[c] = 0;
    }
  }
  return out;
}

}  // namespace fhl
