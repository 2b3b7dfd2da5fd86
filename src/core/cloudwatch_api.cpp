// cloudwatch_api.cpp: CloudWatch actions over MetricsStore: request validation with AWS's codes and texts, metric
// math for GetMetricData, and the JSON shapes. Must not depend on other services, the UI or a clock (now is an input).
#include "core/cloudwatch_api.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/request_fields.h"

namespace fhl {
namespace {

// [SECTION] limits and enums

constexpr int64_t kMaxStatisticsDatapoints = 1440;     // GetMetricStatistics
constexpr int64_t kDefaultMaxDatapoints = 100800;      // GetMetricData
constexpr size_t kMaxMetricDataQueries = 500;
constexpr size_t kMaxMetricDatumsPerPut = 1000;
constexpr size_t kMaxDimensions = 30;
constexpr size_t kMaxValuesPerDatum = 150;
constexpr size_t kMaxExpressionLength = 2048;
constexpr int kMaxExpressionNesting = 64;
constexpr double kLatestEpochSeconds = 253402300799.0;  // 9999-12-31T23:59:59Z
constexpr TimeUs kPutPastWindow = 14 * kUsPerDay;        // "must specify a time within the past two weeks"
constexpr TimeUs kPutFutureWindow = 2 * kUsPerHour;
constexpr const char* kNextTokenPrefix = "fhl-gmd-";

constexpr const char* kStatisticsConstraint =
    "Member must satisfy enum value set: [Maximum, SampleCount, Sum, Minimum, Average]";
constexpr const char* kScanByConstraint = "Member must satisfy enum value set: [TimestampDescending, TimestampAscending]";

const char* const kUnits[] = {
    "Seconds",          "Microseconds",     "Milliseconds",     "Bytes",           "Kilobytes",     "Megabytes",
    "Gigabytes",        "Terabytes",        "Bits",             "Kilobits",        "Megabits",      "Gigabits",
    "Terabits",         "Percent",          "Count",            "Bytes/Second",    "Kilobytes/Second",
    "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second", "Bits/Second",     "Kilobits/Second",
    "Megabits/Second",  "Gigabits/Second",  "Terabits/Second",  "Count/Second",    "None"};

std::string UnitConstraint() {
  std::string text = "Member must satisfy enum value set: [";
  bool first = true;
  for (const char* unit : kUnits) {
    if (!first) text += ", ";
    text += unit;
    first = false;
  }
  return text + "]";
}

bool IsUnit(std::string_view unit) {
  for (const char* known : kUnits)
    if (unit == known) return true;
  return false;
}

enum class Statistic { kSampleCount, kAverage, kSum, kMinimum, kMaximum };

std::optional<Statistic> ParseStatistic(std::string_view name) {
  if (name == "SampleCount") return Statistic::kSampleCount;
  if (name == "Average") return Statistic::kAverage;
  if (name == "Sum") return Statistic::kSum;
  if (name == "Minimum") return Statistic::kMinimum;
  if (name == "Maximum") return Statistic::kMaximum;
  return std::nullopt;
}

const char* StatisticName(Statistic s) {
  switch (s) {
    case Statistic::kSampleCount: return "SampleCount";
    case Statistic::kAverage: return "Average";
    case Statistic::kSum: return "Sum";
    case Statistic::kMinimum: return "Minimum";
    case Statistic::kMaximum: return "Maximum";
  }
  return "Sum";
}

double StatisticValue(const StatisticSet& set, Statistic s) {
  switch (s) {
    case Statistic::kSampleCount: return static_cast<double>(set.sample_count);
    case Statistic::kAverage: return set.average();
    case Statistic::kSum: return set.sum;
    case Statistic::kMinimum: return set.minimum;
    case Statistic::kMaximum: return set.maximum;
  }
  return set.sum;
}

// [SECTION] errors and small helpers

ApiError MakeError(const char* code, std::string message) { return ApiError{code, std::move(message), 400}; }
ApiError InvalidParameterValue(std::string message) { return MakeError("InvalidParameterValue", std::move(message)); }
ApiError InvalidParameterCombination(std::string message) {
  return MakeError("InvalidParameterCombination", std::move(message));
}
// GetMetricData's semantic errors (ids, expressions) come back as "ValidationError" in CloudWatch.
ApiError MetricDataError(std::string message) { return MakeError("ValidationError", std::move(message)); }

// "The parameter X is required." lines, joined with newlines as CloudWatch does (code MissingParameter).
class MissingParameters {
 public:
  void Require(bool present, const std::string& name) {
    if (!present) names_.push_back(name);
  }
  bool empty() const { return names_.empty(); }
  ApiError ToError() const {
    std::string message;
    for (size_t i = 0; i < names_.size(); ++i) message += (i ? "\n" : "") + ("The parameter " + names_[i] + " is required.");
    return MakeError("MissingParameter", message);
  }

 private:
  std::vector<std::string> names_;
};

std::string Member(const std::string& list, size_t index0) { return list + ".member." + std::to_string(index0 + 1); }

std::string WithThousandsSeparators(uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// Response timestamps: epoch seconds, an integer when whole.
Json EpochSecondsJson(TimeUs t) {
  if (t % kUsPerSecond == 0) return Json(t / kUsPerSecond);
  return Json(ToEpochSeconds(t));
}

// A timestamp member: epoch seconds (number) or ISO-8601 text. nullopt when absent or invalid (fields failed).
std::optional<TimeUs> ReadTimestamp(const Json& object, const char* name, const std::string& path, RequestFields& fields) {
  if (!object.is_object()) return std::nullopt;
  auto it = object.find(name);
  if (it == object.end() || it->is_null()) return std::nullopt;
  if (it->is_number()) {
    const double seconds = it->get<double>();
    if (std::isfinite(seconds) && seconds >= 0 && seconds <= kLatestEpochSeconds) return FromEpochSeconds(seconds);
  } else if (it->is_string()) {
    std::optional<TimeUs> parsed = ParseIso8601(it->get_ref<const std::string&>());
    if (parsed && *parsed >= 0 && *parsed <= FromEpochSeconds(kLatestEpochSeconds)) return parsed;
  }
  fields.Fail(SerializationError(path, "timestamp (epoch seconds or ISO-8601 text)"));
  return std::nullopt;
}

bool IsValidPeriod(int64_t period_s) {
  return period_s == 1 || period_s == 5 || period_s == 10 || period_s == 30 ||
         (period_s >= 60 && period_s % 60 == 0 && period_s <= INT32_MAX);
}

const char* const kPeriodRule = "must be 1, 5, 10, 30, or a multiple of 60.";

// Reads Dimensions [{Name, Value}] at `path`. Value is required unless `value_optional` (ListMetrics filters).
struct DimensionFilter {
  std::string name;
  std::optional<std::string> value;
};

std::vector<DimensionFilter> ReadDimensions(const Json* array, const std::string& path, bool value_optional,
                                            RequestFields& fields, MissingParameters& missing,
                                            ValidationErrors& invalid) {
  std::vector<DimensionFilter> out;
  if (!array) return out;
  if (array->size() > kMaxDimensions)
    invalid.Add(std::nullopt, MemberPath(path), "Member must have length less than or equal to 30");
  for (size_t i = 0; i < array->size(); ++i) {
    const Json& item = (*array)[i];
    const std::string item_path = Member(path, i);
    if (!item.is_object()) {
      fields.Fail(SerializationError(item_path, "structure"));
      continue;
    }
    RequestFields dimension(item, item_path + ".");
    std::optional<std::string> name = dimension.String("Name");
    std::optional<std::string> value = dimension.String("Value");
    if (!dimension.ok()) fields.Fail(dimension.error());
    missing.Require(name.has_value(), item_path + ".Name");
    if (!value_optional) missing.Require(value.has_value(), item_path + ".Value");
    if (name && (name->empty() || name->size() > 255))
      invalid.Add(*name, MemberPath(path) + "." + std::to_string(i + 1) + ".member.name",
                  "Member must have length between 1 and 255");
    if (value && (value->empty() || value->size() > 1024))
      invalid.Add(*value, MemberPath(path) + "." + std::to_string(i + 1) + ".member.value",
                  "Member must have length between 1 and 1024");
    out.push_back(DimensionFilter{name.value_or(""), value});
  }
  return out;
}

// Exact dimensions of one metric (sorted by name, as MetricsStore keys them); error on a repeated name.
std::optional<ApiError> ToMetricDimensions(const std::vector<DimensionFilter>& filters, const std::string& path,
                                           std::vector<std::pair<std::string, std::string>>& out) {
  out.clear();
  for (const DimensionFilter& f : filters) out.emplace_back(f.name, f.value.value_or(""));
  std::sort(out.begin(), out.end());
  for (size_t i = 1; i < out.size(); ++i)
    if (out[i].first == out[i - 1].first)
      return InvalidParameterValue("The dimension name " + out[i].first + " appears more than once in " + path + ".");
  return std::nullopt;
}

void CheckNameLength(const std::optional<std::string>& value, const std::string& member_path, ValidationErrors& invalid) {
  if (value && (value->empty() || value->size() > 255))
    invalid.Add(*value, member_path, "Member must have length between 1 and 255");
}

Json DimensionsJson(const MetricId& id) {
  Json dimensions = Json::array();
  for (const auto& [name, value] : id.dimensions) dimensions.push_back(Json{{"Name", name}, {"Value", value}});
  return dimensions;
}

// [SECTION] GetMetricStatistics

Response GetMetricStatistics(const MetricsStore& store, const Json& request) {
  RequestFields fields(request);
  std::optional<std::string> namespace_name = fields.String("Namespace");
  std::optional<std::string> metric_name = fields.String("MetricName");
  const Json* dimensions_json = fields.Array("Dimensions");
  std::optional<TimeUs> start = ReadTimestamp(request, "StartTime", "StartTime", fields);
  std::optional<TimeUs> end = ReadTimestamp(request, "EndTime", "EndTime", fields);
  std::optional<int64_t> period_s = fields.Integer("Period");
  const Json* statistics_json = fields.Array("Statistics");
  const Json* extended_json = fields.Array("ExtendedStatistics");
  std::optional<std::string> unit = fields.String("Unit");
  if (!fields.ok()) return FailWith(fields.error());

  MissingParameters missing;
  ValidationErrors invalid;
  missing.Require(namespace_name.has_value(), "Namespace");
  missing.Require(metric_name.has_value(), "MetricName");
  missing.Require(start.has_value(), "StartTime");
  missing.Require(end.has_value(), "EndTime");
  missing.Require(period_s.has_value(), "Period");
  std::vector<DimensionFilter> dimension_filters =
      ReadDimensions(dimensions_json, "Dimensions", false, fields, missing, invalid);
  std::vector<Statistic> statistics;
  if (statistics_json) {
    if (statistics_json->size() > 5)
      invalid.Add(std::nullopt, "statistics", "Member must have length less than or equal to 5");
    for (size_t i = 0; i < statistics_json->size(); ++i) {
      const Json& item = (*statistics_json)[i];
      if (!item.is_string()) {
        fields.Fail(SerializationError(Member("Statistics", i), "string"));
        continue;
      }
      const std::string& name = item.get_ref<const std::string&>();
      if (std::optional<Statistic> s = ParseStatistic(name)) {
        if (std::find(statistics.begin(), statistics.end(), *s) == statistics.end()) statistics.push_back(*s);
      } else {
        invalid.Add(name, "statistics." + std::to_string(i + 1) + ".member", kStatisticsConstraint);
      }
    }
  }
  CheckNameLength(namespace_name, "namespace", invalid);
  CheckNameLength(metric_name, "metricName", invalid);
  if (unit && !IsUnit(*unit)) invalid.Add(*unit, "unit", UnitConstraint());
  if (!fields.ok()) return FailWith(fields.error());
  if (!missing.empty()) return FailWith(missing.ToError());
  if (!invalid.empty()) return FailWith(invalid.ToError());

  const bool has_statistics = statistics_json && !statistics_json->empty();
  const bool has_extended = extended_json && !extended_json->empty();
  if (has_statistics == has_extended)
    return FailWith(InvalidParameterCombination("Must specify either Statistics or ExtendedStatistics, but not both."));
  if (has_extended)
    return FailWith(InvalidParameterValue(
        "ExtendedStatistics (percentiles such as p90) are not supported in this lab; use Statistics "
        "(SampleCount, Average, Sum, Minimum, Maximum)."));
  if (!IsValidPeriod(*period_s))
    return FailWith(InvalidParameterValue(std::string("The parameter Period ") + kPeriodRule));
  if (*start >= *end)
    return FailWith(InvalidParameterValue("The parameter StartTime must be less than the parameter EndTime."));
  const TimeUs period_us = *period_s * kUsPerSecond;
  const int64_t requested = (*end - *start + period_us - 1) / period_us;
  if (requested > kMaxStatisticsDatapoints)
    return FailWith(InvalidParameterCombination(
        "You have requested up to " + WithThousandsSeparators(static_cast<uint64_t>(requested)) +
        " datapoints, which exceeds the limit of 1,440. You may reduce the datapoints requested by increasing "
        "Period, or decreasing the time range."));

  MetricId id{*namespace_name, *metric_name, {}};
  if (std::optional<ApiError> e = ToMetricDimensions(dimension_filters, "Dimensions", id.dimensions))
    return FailWith(*e);

  std::string stored_unit = store.UnitOf(id);
  if (stored_unit.empty()) stored_unit = "None";
  Json datapoints = Json::array();
  if (!unit || *unit == stored_unit) {
    for (const Datapoint& point : store.Query(id, *start, *end, static_cast<int>(*period_s))) {
      Json datapoint = Json::object();
      datapoint["Timestamp"] = EpochSecondsJson(point.timestamp);
      for (Statistic s : statistics) datapoint[StatisticName(s)] = StatisticValue(point.stats, s);
      datapoint["Unit"] = stored_unit;
      datapoints.push_back(std::move(datapoint));
    }
  }
  Json body = Json::object();
  body["Label"] = *metric_name;
  body["Datapoints"] = std::move(datapoints);
  return Response::Ok(std::move(body));
}

// [SECTION] metric math: parsing

struct ExprNode {
  enum class Kind { kNumber, kReference, kNegate, kBinary, kCall, kArray };
  Kind kind = Kind::kNumber;
  double number = 0;
  std::string name;  // reference id or function name
  char op = 0;       // + - * /
  std::vector<std::unique_ptr<ExprNode>> children;
};

// Recursive descent over: sum := product (('+'|'-') product)*; product := unary (('*'|'/') unary)*;
// unary := '-' unary | primary; primary := number | id | NAME '(' args ')' | '(' sum ')' | '[' sum (',' sum)* ']'.
class ExpressionParser {
 public:
  explicit ExpressionParser(std::string_view text) : text_(text) {}

  std::unique_ptr<ExprNode> Parse(std::string& error) {
    std::unique_ptr<ExprNode> root = ParseSum();
    SkipSpace();
    if (root && pos_ < text_.size()) Fail("unexpected '" + std::string(1, text_[pos_]) + "'");
    if (!error_.empty()) {
      error = error_;
      return nullptr;
    }
    return root;
  }

 private:
  void SkipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n')) ++pos_;
  }
  bool Accept(char c) {
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  std::unique_ptr<ExprNode> Fail(const std::string& what) {
    if (error_.empty()) error_ = "syntax error at position " + std::to_string(pos_ + 1) + ": " + what;
    return nullptr;
  }
  static std::unique_ptr<ExprNode> Binary(char op, std::unique_ptr<ExprNode> lhs, std::unique_ptr<ExprNode> rhs) {
    auto node = std::make_unique<ExprNode>();
    node->kind = ExprNode::Kind::kBinary;
    node->op = op;
    node->children.push_back(std::move(lhs));
    node->children.push_back(std::move(rhs));
    return node;
  }

  std::unique_ptr<ExprNode> ParseSum() {
    if (++depth_ > kMaxExpressionNesting) return Fail("nesting deeper than 64 levels");
    std::unique_ptr<ExprNode> lhs = ParseProduct();
    while (lhs) {
      char op = Accept('+') ? '+' : Accept('-') ? '-' : 0;
      if (!op) break;
      std::unique_ptr<ExprNode> rhs = ParseProduct();
      if (!rhs) return nullptr;
      lhs = Binary(op, std::move(lhs), std::move(rhs));
    }
    --depth_;
    return lhs;
  }

  std::unique_ptr<ExprNode> ParseProduct() {
    std::unique_ptr<ExprNode> lhs = ParseUnary();
    while (lhs) {
      char op = Accept('*') ? '*' : Accept('/') ? '/' : 0;
      if (!op) break;
      std::unique_ptr<ExprNode> rhs = ParseUnary();
      if (!rhs) return nullptr;
      lhs = Binary(op, std::move(lhs), std::move(rhs));
    }
    return lhs;
  }

  std::unique_ptr<ExprNode> ParseUnary() {
    if (Accept('-')) {
      if (++depth_ > kMaxExpressionNesting) return Fail("nesting deeper than 64 levels");
      std::unique_ptr<ExprNode> operand = ParseUnary();
      --depth_;
      if (!operand) return nullptr;
      auto node = std::make_unique<ExprNode>();
      node->kind = ExprNode::Kind::kNegate;
      node->children.push_back(std::move(operand));
      return node;
    }
    return ParsePrimary();
  }

  // Comma-separated expressions up to `close`; at least one.
  bool ParseList(char close, std::vector<std::unique_ptr<ExprNode>>& out) {
    do {
      std::unique_ptr<ExprNode> item = ParseSum();
      if (!item) return false;
      out.push_back(std::move(item));
    } while (Accept(','));
    if (!Accept(close)) {
      Fail(std::string("expected '") + close + "'");
      return false;
    }
    return true;
  }

  std::unique_ptr<ExprNode> ParsePrimary() {
    SkipSpace();
    if (pos_ >= text_.size()) return Fail("unexpected end of expression");
    const char c = text_[pos_];
    auto node = std::make_unique<ExprNode>();
    if (c == '(') {
      ++pos_;
      std::unique_ptr<ExprNode> inner = ParseSum();
      if (!inner) return nullptr;
      if (!Accept(')')) return Fail("expected ')'");
      return inner;
    }
    if (c == '[') {
      ++pos_;
      node->kind = ExprNode::Kind::kArray;
      if (!ParseList(']', node->children)) return nullptr;
      return node;
    }
    if ((c >= '0' && c <= '9') || c == '.') {
      const size_t begin = pos_;
      while (pos_ < text_.size() && ((text_[pos_] >= '0' && text_[pos_] <= '9') || text_[pos_] == '.')) ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
        size_t exp = pos_ + 1;
        if (exp < text_.size() && (text_[exp] == '+' || text_[exp] == '-')) ++exp;
        if (exp < text_.size() && text_[exp] >= '0' && text_[exp] <= '9') {
          pos_ = exp;
          while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
        }
      }
      const std::string literal(text_.substr(begin, pos_ - begin));
      char* parsed_end = nullptr;
      const double value = std::strtod(literal.c_str(), &parsed_end);
      if (parsed_end != literal.c_str() + literal.size() || !std::isfinite(value)) {
        pos_ = begin;
        return Fail("invalid number '" + literal + "'");
      }
      node->kind = ExprNode::Kind::kNumber;
      node->number = value;
      return node;
    }
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
      const size_t begin = pos_;
      while (pos_ < text_.size() && ((text_[pos_] >= 'a' && text_[pos_] <= 'z') ||
                                     (text_[pos_] >= 'A' && text_[pos_] <= 'Z') ||
                                     (text_[pos_] >= '0' && text_[pos_] <= '9') || text_[pos_] == '_'))
        ++pos_;
      node->name = std::string(text_.substr(begin, pos_ - begin));
      if (Accept('(')) {
        node->kind = ExprNode::Kind::kCall;
        if (Accept(')')) return Fail("function " + node->name + " needs an argument");
        if (!ParseList(')', node->children)) return nullptr;
        return node;
      }
      node->kind = ExprNode::Kind::kReference;
      return node;
    }
    return Fail("unexpected '" + std::string(1, c) + "'");
  }

  std::string_view text_;
  size_t pos_ = 0;
  int depth_ = 0;
  std::string error_;
};

// [SECTION] metric math: values and evaluation

struct MathSeries {
  std::vector<std::pair<TimeUs, double>> points;  // ascending by time
  int64_t period_s = 0;
};

struct MathValue {
  enum class Kind { kNumber, kSeries, kArray };
  Kind kind = Kind::kNumber;
  double number = 0;
  bool missing = false;  // a number aggregated from an empty series
  MathSeries series;
  std::vector<MathSeries> array;
};

// nullopt: no datapoint (division by zero).
std::optional<double> ApplyOperator(char op, double a, double b) {
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return b == 0 ? std::nullopt : std::optional<double>(a / b);
  }
  return std::nullopt;
}

MathSeries MapSeries(const MathSeries& in, char op, double scalar, bool scalar_left) {
  MathSeries out;
  out.period_s = in.period_s;
  for (const auto& [t, v] : in.points) {
    std::optional<double> r = scalar_left ? ApplyOperator(op, scalar, v) : ApplyOperator(op, v, scalar);
    if (r && std::isfinite(*r)) out.points.emplace_back(t, *r);
  }
  return out;
}

// Points at timestamps present in both series.
MathSeries JoinSeries(const MathSeries& a, const MathSeries& b, char op) {
  MathSeries out;
  out.period_s = a.period_s ? a.period_s : b.period_s;
  size_t i = 0, j = 0;
  while (i < a.points.size() && j < b.points.size()) {
    if (a.points[i].first < b.points[j].first) {
      ++i;
    } else if (b.points[j].first < a.points[i].first) {
      ++j;
    } else {
      std::optional<double> r = ApplyOperator(op, a.points[i].second, b.points[j].second);
      if (r && std::isfinite(*r)) out.points.emplace_back(a.points[i].first, *r);
      ++i;
      ++j;
    }
  }
  return out;
}

struct DataQuery {
  std::string id;
  std::string path;  // "MetricDataQueries.member.N"
  std::optional<std::string> label;
  bool return_data = true;
  bool is_metric = false;
  MetricId metric;
  int64_t period_s = 0;
  Statistic stat = Statistic::kSum;
  std::optional<std::string> unit;
  std::string expression;
  std::unique_ptr<ExprNode> ast;
};

class MathEvaluator {
 public:
  MathEvaluator(const MetricsStore& store, const std::vector<DataQuery>& queries, TimeUs start, TimeUs end)
      : store_(store), queries_(queries), start_(start), end_(end), state_(queries.size(), State::kPending),
        results_(queries.size()) {
    for (size_t i = 0; i < queries.size(); ++i) index_by_id_[queries[i].id] = i;
  }

  // The series of query `index`, evaluating what it references first.
  Result<MathSeries> Evaluate(size_t index) {
    if (state_[index] == State::kDone) return results_[index];
    const DataQuery& q = queries_[index];
    if (state_[index] == State::kInProgress)
      return MetricDataError("Error in expression '" + q.expression + "' of query " + q.id +
                             ": circular reference to " + q.id + ".");
    state_[index] = State::kInProgress;
    MathSeries series;
    if (q.is_metric) {
      series.period_s = q.period_s;
      std::string stored_unit = store_.UnitOf(q.metric);
      if (stored_unit.empty()) stored_unit = "None";
      if (!q.unit || *q.unit == stored_unit) {
        for (const Datapoint& p : store_.Query(q.metric, start_, end_, static_cast<int>(q.period_s)))
          series.points.emplace_back(p.timestamp, StatisticValue(p.stats, q.stat));
      }
    } else {
      Result<MathValue> value = Eval(*q.ast, q);
      if (!value.ok()) return value.error();
      if (value.value().kind != MathValue::Kind::kSeries)
        return ExpressionError(q, value.value().kind == MathValue::Kind::kNumber
                                      ? "the expression must return a time series, not a single number"
                                      : "the expression must return a single time series, not an array");
      series = std::move(value.value().series);
    }
    state_[index] = State::kDone;
    results_[index] = series;
    return series;
  }

 private:
  enum class State { kPending, kInProgress, kDone };

  static ApiError ExpressionError(const DataQuery& q, const std::string& what) {
    return MetricDataError("Error in expression '" + q.expression + "' of query " + q.id + ": " + what + ".");
  }

  static MathValue Number(double v, bool missing = false) {
    MathValue out;
    out.number = v;
    out.missing = missing;
    return out;
  }
  static MathValue SeriesValue(MathSeries s) {
    MathValue out;
    out.kind = MathValue::Kind::kSeries;
    out.series = std::move(s);
    return out;
  }

  Result<MathValue> Eval(const ExprNode& node, const DataQuery& q) {
    switch (node.kind) {
      case ExprNode::Kind::kNumber: return Number(node.number);
      case ExprNode::Kind::kReference: {
        auto it = index_by_id_.find(node.name);
        if (it == index_by_id_.end()) return ExpressionError(q, "unknown metric or expression id '" + node.name + "'");
        Result<MathSeries> referenced = Evaluate(it->second);
        if (!referenced.ok()) return referenced.error();
        return SeriesValue(referenced.value());
      }
      case ExprNode::Kind::kNegate: {
        Result<MathValue> operand = Eval(*node.children[0], q);
        if (!operand.ok()) return operand;
        return Combine('*', Number(-1), operand.value(), q);
      }
      case ExprNode::Kind::kBinary: {
        Result<MathValue> lhs = Eval(*node.children[0], q);
        if (!lhs.ok()) return lhs;
        Result<MathValue> rhs = Eval(*node.children[1], q);
        if (!rhs.ok()) return rhs;
        return Combine(node.op, lhs.value(), rhs.value(), q);
      }
      case ExprNode::Kind::kArray: {
        MathValue out;
        out.kind = MathValue::Kind::kArray;
        for (const auto& child : node.children) {
          Result<MathValue> item = Eval(*child, q);
          if (!item.ok()) return item;
          if (item.value().kind != MathValue::Kind::kSeries)
            return ExpressionError(q, "an array [...] may only hold time series");
          out.array.push_back(std::move(item.value().series));
        }
        return out;
      }
      case ExprNode::Kind::kCall: return Call(node, q);
    }
    return ExpressionError(q, "unsupported expression");
  }

  Result<MathValue> Combine(char op, const MathValue& a, const MathValue& b, const DataQuery& q) {
    using Kind = MathValue::Kind;
    if (a.kind == Kind::kArray || b.kind == Kind::kArray)
      return ExpressionError(q, "arithmetic on arrays of time series is not supported in this lab");
    if (a.kind == Kind::kNumber && b.kind == Kind::kNumber) {
      if (a.missing || b.missing) return Number(0, true);
      std::optional<double> r = ApplyOperator(op, a.number, b.number);
      if (!r) return ExpressionError(q, "division by zero");
      return Number(*r);
    }
    if (a.kind == Kind::kSeries && b.kind == Kind::kSeries) return SeriesValue(JoinSeries(a.series, b.series, op));
    const bool scalar_left = a.kind == Kind::kNumber;
    const MathValue& scalar = scalar_left ? a : b;
    const MathSeries& series = scalar_left ? b.series : a.series;
    if (scalar.missing) return SeriesValue(MathSeries{{}, series.period_s});
    return SeriesValue(MapSeries(series, op, scalar.number, scalar_left));
  }

  Result<MathValue> Call(const ExprNode& node, const DataQuery& q) {
    const std::string& f = node.name;
    const bool aggregate = f == "SUM" || f == "AVG" || f == "MIN" || f == "MAX";
    if (!aggregate && f != "PERIOD" && f != "ABS")
      return ExpressionError(q, "unknown function " + f + " (this lab supports PERIOD, SUM, AVG, MIN, MAX, ABS)");
    if (node.children.size() != 1) return ExpressionError(q, "function " + f + " takes exactly one argument");
    Result<MathValue> arg = Eval(*node.children[0], q);
    if (!arg.ok()) return arg;
    const MathValue& v = arg.value();
    if (f == "PERIOD") {
      if (v.kind != MathValue::Kind::kSeries) return ExpressionError(q, "PERIOD needs a time series argument");
      return Number(static_cast<double>(v.series.period_s));
    }
    if (f == "ABS") {
      if (v.kind == MathValue::Kind::kNumber) return Number(std::fabs(v.number), v.missing);
      if (v.kind != MathValue::Kind::kSeries) return ExpressionError(q, "ABS needs a number or a time series");
      MathSeries out = v.series;
      for (auto& point : out.points) point.second = std::fabs(point.second);
      return SeriesValue(std::move(out));
    }
    auto fold = [&f](const std::vector<double>& values) {
      double acc = f == "MIN" ? values[0] : f == "MAX" ? values[0] : 0;
      for (double x : values) {
        if (f == "MIN") acc = std::min(acc, x);
        else if (f == "MAX") acc = std::max(acc, x);
        else acc += x;
      }
      return f == "AVG" ? acc / static_cast<double>(values.size()) : acc;
    };
    if (v.kind == MathValue::Kind::kNumber) return v;
    if (v.kind == MathValue::Kind::kSeries) {  // one series -> one number over all its points
      std::vector<double> values;
      for (const auto& point : v.series.points) values.push_back(point.second);
      if (values.empty()) return Number(0, f != "SUM");
      return Number(fold(values));
    }
    // An array -> one series: at each timestamp, the function over the series that have a point there.
    std::map<TimeUs, std::vector<double>> by_time;
    for (const MathSeries& s : v.array)
      for (const auto& point : s.points) by_time[point.first].push_back(point.second);
    MathSeries out;
    out.period_s = v.array.empty() ? 0 : v.array[0].period_s;
    for (const auto& [t, values] : by_time) out.points.emplace_back(t, fold(values));
    return SeriesValue(std::move(out));
  }

  const MetricsStore& store_;
  const std::vector<DataQuery>& queries_;
  TimeUs start_, end_;
  std::vector<State> state_;
  std::vector<MathSeries> results_;
  std::map<std::string, size_t> index_by_id_;
};

// [SECTION] GetMetricData

bool IsValidQueryId(const std::string& id) {
  if (id.empty() || id.size() > 255 || id[0] < 'a' || id[0] > 'z') return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

// Parses one MetricDataQueries member into `out`; returns the first error.
std::optional<ApiError> ReadDataQuery(const Json& item, const std::string& path, DataQuery& out) {
  if (!item.is_object()) return SerializationError(path, "structure");
  RequestFields fields(item, path + ".");
  std::optional<std::string> id = fields.String("Id");
  const Json* metric_stat = fields.Object("MetricStat");
  std::optional<std::string> expression = fields.String("Expression");
  out.label = fields.String("Label");
  std::optional<bool> return_data = fields.Boolean("ReturnData");
  fields.Integer("Period");  // used by SEARCH expressions in AWS; type-checked, otherwise ignored here
  if (!fields.ok()) return fields.error();
  MissingParameters missing;
  missing.Require(id.has_value(), path + ".Id");
  if (!missing.empty()) return missing.ToError();
  if (!IsValidQueryId(*id))
    return MetricDataError("The value " + *id + " for parameter " + path +
                           ".Id is invalid: an Id must start with a lowercase letter and contain only letters, "
                           "numbers and underscores (^[a-z][a-zA-Z0-9_]*$).");
  out.id = *id;
  out.path = path;
  out.return_data = return_data.value_or(true);
  if ((metric_stat != nullptr) == expression.has_value())
    return MetricDataError("Exactly one of " + path + ".MetricStat and " + path + ".Expression must be specified (query " +
                           *id + ").");
  if (expression) {
    if (expression->empty() || expression->size() > kMaxExpressionLength)
      return MetricDataError("The expression of query " + *id + " must be 1 to 2048 characters long.");
    out.expression = *expression;
    std::string syntax_error;
    out.ast = ExpressionParser(*expression).Parse(syntax_error);
    if (!out.ast)
      return MetricDataError("Error in expression '" + *expression + "' of query " + *id + ": " + syntax_error + ".");
    return std::nullopt;
  }

  out.is_metric = true;
  const std::string stat_path = path + ".MetricStat";
  RequestFields stat_fields(*metric_stat, stat_path + ".");
  const Json* metric = stat_fields.Object("Metric");
  std::optional<int64_t> period_s = stat_fields.Integer("Period");
  std::optional<std::string> stat = stat_fields.String("Stat");
  out.unit = stat_fields.String("Unit");
  if (!stat_fields.ok()) return stat_fields.error();
  missing.Require(metric != nullptr, stat_path + ".Metric");
  missing.Require(period_s.has_value(), stat_path + ".Period");
  missing.Require(stat.has_value(), stat_path + ".Stat");
  std::optional<std::string> namespace_name, metric_name;
  std::vector<DimensionFilter> dimensions;
  ValidationErrors invalid;
  if (metric) {
    RequestFields metric_fields(*metric, stat_path + ".Metric.");
    namespace_name = metric_fields.String("Namespace");
    metric_name = metric_fields.String("MetricName");
    const Json* dimensions_json = metric_fields.Array("Dimensions");
    dimensions = ReadDimensions(dimensions_json, stat_path + ".Metric.Dimensions", false, metric_fields, missing, invalid);
    if (!metric_fields.ok()) return metric_fields.error();
    missing.Require(namespace_name.has_value(), stat_path + ".Metric.Namespace");
    missing.Require(metric_name.has_value(), stat_path + ".Metric.MetricName");
  }
  if (!missing.empty()) return missing.ToError();
  if (out.unit && !IsUnit(*out.unit)) invalid.Add(*out.unit, MemberPath(stat_path) + ".unit", UnitConstraint());
  if (!invalid.empty()) return invalid.ToError();
  if (!IsValidPeriod(*period_s))
    return MetricDataError("The parameter " + stat_path + ".Period " + kPeriodRule);
  std::optional<Statistic> statistic = ParseStatistic(*stat);
  if (!statistic)
    return MetricDataError("The statistic " + *stat + " of query " + *id +
                           " is not supported in this lab; use SampleCount, Average, Sum, Minimum or Maximum.");
  out.period_s = *period_s;
  out.stat = *statistic;
  out.metric.namespace_name = *namespace_name;
  out.metric.metric_name = *metric_name;
  return ToMetricDimensions(dimensions, stat_path + ".Metric.Dimensions", out.metric.dimensions);
}

Response GetMetricData(const MetricsStore& store, const Json& request) {
  RequestFields fields(request);
  const Json* queries_json = fields.Array("MetricDataQueries");
  std::optional<TimeUs> start = ReadTimestamp(request, "StartTime", "StartTime", fields);
  std::optional<TimeUs> end = ReadTimestamp(request, "EndTime", "EndTime", fields);
  std::optional<std::string> scan_by = fields.String("ScanBy");
  std::optional<int64_t> max_datapoints = fields.Integer("MaxDatapoints");
  std::optional<std::string> next_token = fields.String("NextToken");
  fields.Object("LabelOptions");
  if (!fields.ok()) return FailWith(fields.error());

  MissingParameters missing;
  missing.Require(queries_json && !queries_json->empty(), "MetricDataQueries");
  missing.Require(start.has_value(), "StartTime");
  missing.Require(end.has_value(), "EndTime");
  if (!missing.empty()) return FailWith(missing.ToError());
  ValidationErrors invalid;
  if (scan_by && *scan_by != "TimestampDescending" && *scan_by != "TimestampAscending")
    invalid.Add(*scan_by, "scanBy", kScanByConstraint);
  if (queries_json->size() > kMaxMetricDataQueries)
    invalid.Add(std::nullopt, "metricDataQueries", "Member must have length less than or equal to 500");
  if (!invalid.empty()) return FailWith(invalid.ToError());
  if (max_datapoints && *max_datapoints < 1)
    return FailWith(InvalidParameterValue("The parameter MaxDatapoints must be greater than 0."));
  if (*start >= *end)
    return FailWith(MetricDataError("The parameter StartTime must be less than the parameter EndTime."));
  size_t offset = 0;
  if (next_token) {
    const std::string& token = *next_token;
    const size_t prefix = std::char_traits<char>::length(kNextTokenPrefix);
    bool parsed = token.compare(0, prefix, kNextTokenPrefix) == 0 && token.size() > prefix;
    if (parsed) {
      auto [ptr, ec] = std::from_chars(token.data() + prefix, token.data() + token.size(), offset);
      parsed = ec == std::errc() && ptr == token.data() + token.size();
    }
    if (!parsed) return FailWith(MakeError("InvalidNextToken", "The service couldn't process the NextToken."));
  }

  std::vector<DataQuery> queries(queries_json->size());
  for (size_t i = 0; i < queries.size(); ++i) {
    if (std::optional<ApiError> e = ReadDataQuery((*queries_json)[i], Member("MetricDataQueries", i), queries[i]))
      return FailWith(*e);
    for (size_t j = 0; j < i; ++j)
      if (queries[j].id == queries[i].id)
        return FailWith(MetricDataError("The value " + queries[i].id + " for parameter " + queries[i].path +
                                        ".Id is used by more than one query; Ids must be unique."));
  }

  // Evaluate every query (errors anywhere fail the call), then page the returned ones.
  MathEvaluator evaluator(store, queries, *start, *end);
  std::vector<std::pair<size_t, MathSeries>> returned;
  for (size_t i = 0; i < queries.size(); ++i) {
    Result<MathSeries> series = evaluator.Evaluate(i);
    if (!series.ok()) return FailWith(series.error());
    if (queries[i].return_data) returned.emplace_back(i, std::move(series.value()));
  }
  const bool descending = !scan_by || *scan_by == "TimestampDescending";
  size_t budget = static_cast<size_t>(max_datapoints.value_or(kDefaultMaxDatapoints));
  size_t skip = offset, consumed = offset, total = 0;
  Json results = Json::array();
  for (auto& [index, series] : returned) {
    const DataQuery& q = queries[index];
    if (descending) std::reverse(series.points.begin(), series.points.end());
    total += series.points.size();
    const size_t begin = std::min(skip, series.points.size());
    skip -= begin;
    const size_t take = std::min(series.points.size() - begin, budget);
    budget -= take;
    consumed += take;
    Json timestamps = Json::array(), values = Json::array();
    for (size_t k = begin; k < begin + take; ++k) {
      timestamps.push_back(EpochSecondsJson(series.points[k].first));
      values.push_back(series.points[k].second);
    }
    Json result = Json::object();
    result["Id"] = q.id;
    result["Label"] = q.label ? *q.label : q.is_metric ? q.metric.metric_name : q.id;
    result["Timestamps"] = std::move(timestamps);
    result["Values"] = std::move(values);
    result["StatusCode"] = begin + take < series.points.size() ? "PartialData" : "Complete";
    results.push_back(std::move(result));
  }
  Json body = Json::object();
  body["MetricDataResults"] = std::move(results);
  body["Messages"] = Json::array();
  if (consumed < total) body["NextToken"] = kNextTokenPrefix + std::to_string(consumed);
  return Response::Ok(std::move(body));
}

// [SECTION] ListMetrics

Response ListMetrics(const MetricsStore& store, const Json& request, TimeUs now) {
  RequestFields fields(request);
  std::optional<std::string> namespace_name = fields.String("Namespace");
  std::optional<std::string> metric_name = fields.String("MetricName");
  const Json* dimensions_json = fields.Array("Dimensions");
  std::optional<std::string> recently_active = fields.String("RecentlyActive");
  fields.String("NextToken");
  MissingParameters missing;
  ValidationErrors invalid;
  std::vector<DimensionFilter> filters = ReadDimensions(dimensions_json, "Dimensions", true, fields, missing, invalid);
  if (!fields.ok()) return FailWith(fields.error());
  if (!missing.empty()) return FailWith(missing.ToError());
  if (recently_active && *recently_active != "PT3H")
    invalid.Add(*recently_active, "recentlyActive", "Member must satisfy enum value set: [PT3H]");
  if (!invalid.empty()) return FailWith(invalid.ToError());

  Json metrics = Json::array();
  for (const MetricId& id : store.ListMetrics(namespace_name.value_or(""))) {
    if (metric_name && id.metric_name != *metric_name) continue;
    bool matches = true;
    for (const DimensionFilter& f : filters) {
      matches = std::any_of(id.dimensions.begin(), id.dimensions.end(), [&f](const auto& d) {
        return d.first == f.name && (!f.value || d.second == *f.value);
      });
      if (!matches) break;
    }
    if (!matches) continue;
    if (recently_active && store.LatestSampleTime(id) < now - 3 * kUsPerHour) continue;
    metrics.push_back(Json{{"Namespace", id.namespace_name}, {"MetricName", id.metric_name},
                           {"Dimensions", DimensionsJson(id)}});
  }
  Json body = Json::object();
  body["Metrics"] = std::move(metrics);
  return Response::Ok(std::move(body));
}

// [SECTION] PutMetricData

struct PreparedDatum {
  MetricId id;
  TimeUs time = 0;
  std::string unit;
  std::vector<StatisticSet> samples;
};

// Validates one MetricData member; on success appends what to store to `out`.
std::optional<ApiError> PrepareDatum(const Json& item, const std::string& path, const std::string& namespace_name,
                                     TimeUs now, std::vector<std::string>& timestamp_errors, PreparedDatum& out) {
  if (!item.is_object()) return SerializationError(path, "structure");
  RequestFields fields(item, path + ".");
  std::optional<std::string> metric_name = fields.String("MetricName");
  const Json* dimensions_json = fields.Array("Dimensions");
  std::optional<TimeUs> timestamp = ReadTimestamp(item, "Timestamp", path + ".Timestamp", fields);
  std::optional<double> value = fields.Number("Value");
  const Json* values_json = fields.Array("Values");
  const Json* counts_json = fields.Array("Counts");
  const Json* statistic_values = fields.Object("StatisticValues");
  std::optional<std::string> unit = fields.String("Unit");
  std::optional<int64_t> storage_resolution = fields.Integer("StorageResolution");
  MissingParameters missing;
  ValidationErrors invalid;
  std::vector<DimensionFilter> dimensions = ReadDimensions(dimensions_json, path + ".Dimensions", false, fields, missing, invalid);
  auto read_numbers = [&fields](const Json* array, const std::string& array_path, std::vector<double>& numbers) {
    if (!array) return;
    for (size_t i = 0; i < array->size(); ++i) {
      if (!(*array)[i].is_number()) return fields.Fail(SerializationError(Member(array_path, i), "double"));
      numbers.push_back((*array)[i].get<double>());
    }
  };
  std::vector<double> values, counts;
  read_numbers(values_json, path + ".Values", values);
  read_numbers(counts_json, path + ".Counts", counts);
  std::optional<double> set_count, set_sum, set_min, set_max;
  if (statistic_values) {
    RequestFields set_fields(*statistic_values, path + ".StatisticValues.");
    set_count = set_fields.Number("SampleCount");
    set_sum = set_fields.Number("Sum");
    set_min = set_fields.Number("Minimum");
    set_max = set_fields.Number("Maximum");
    if (!set_fields.ok()) fields.Fail(set_fields.error());
    missing.Require(set_count.has_value(), path + ".StatisticValues.SampleCount");
    missing.Require(set_sum.has_value(), path + ".StatisticValues.Sum");
    missing.Require(set_min.has_value(), path + ".StatisticValues.Minimum");
    missing.Require(set_max.has_value(), path + ".StatisticValues.Maximum");
  }
  if (!fields.ok()) return fields.error();
  missing.Require(metric_name.has_value(), path + ".MetricName");
  if (!missing.empty()) return missing.ToError();
  const std::string member_path = "metricData." + path.substr(path.rfind('.') + 1) + ".member.";  // AWS's form
  CheckNameLength(metric_name, member_path + "metricName", invalid);
  if (unit && !IsUnit(*unit)) invalid.Add(*unit, member_path + "unit", UnitConstraint());
  if (values.size() > kMaxValuesPerDatum)
    invalid.Add(std::nullopt, member_path + "values", "Member must have length less than or equal to 150");
  if (!invalid.empty()) return invalid.ToError();

  const int given = (value ? 1 : 0) + (values_json ? 1 : 0) + (statistic_values ? 1 : 0);
  if (given > 1) {
    const std::string first = value ? path + ".Value" : path + ".Values";
    const std::string second = statistic_values ? path + ".StatisticValues" : path + ".Values";
    return InvalidParameterCombination("The parameters " + first + " and " + second +
                                       " are mutually exclusive and you have specified both.");
  }
  if (given == 0)
    return InvalidParameterCombination("One of the parameters " + path + ".Value, " + path + ".Values or " + path +
                                       ".StatisticValues must be specified.");
  if (counts_json && !values_json)
    return InvalidParameterCombination("The parameter " + path + ".Counts requires " + path + ".Values.");
  if (counts_json && counts.size() != values.size())
    return InvalidParameterValue("The parameters " + path + ".Values and " + path +
                                 ".Counts must be arrays of the same size.");
  for (double c : counts)
    if (c < 0 || std::floor(c) != c || c > 1e15)
      return InvalidParameterValue("The parameter " + path + ".Counts must hold whole numbers >= 0 in this lab.");
  if (statistic_values) {
    if (*set_count <= 0 || std::floor(*set_count) != *set_count || *set_count > 1e15)
      return InvalidParameterValue("The parameter " + path +
                                   ".StatisticValues.SampleCount must be a whole number greater than 0 in this lab.");
    if (*set_min > *set_max)
      return InvalidParameterValue("The parameter " + path + ".StatisticValues.Minimum must not be greater than " +
                                   path + ".StatisticValues.Maximum.");
  }
  if (storage_resolution && *storage_resolution != 1 && *storage_resolution != 60)
    return InvalidParameterValue("The parameter " + path + ".StorageResolution must be 1 or 60.");

  out.time = timestamp.value_or(now);
  if (out.time < now - kPutPastWindow)
    timestamp_errors.push_back("The parameter " + path + ".Timestamp must specify a time within the past two weeks.");
  else if (out.time > now + kPutFutureWindow)
    timestamp_errors.push_back("The parameter " + path +
                               ".Timestamp must specify a time no more than two hours in the future.");
  out.id.namespace_name = namespace_name;
  out.id.metric_name = *metric_name;
  if (std::optional<ApiError> e = ToMetricDimensions(dimensions, path + ".Dimensions", out.id.dimensions)) return e;
  out.unit = unit.value_or("None");
  if (value) {
    StatisticSet s;
    s.Add(*value);
    out.samples.push_back(s);
  } else if (values_json) {
    for (size_t i = 0; i < values.size(); ++i) {
      StatisticSet s;
      s.Add(values[i], counts_json ? static_cast<uint64_t>(counts[i]) : 1);
      if (s.sample_count) out.samples.push_back(s);
    }
  } else {
    StatisticSet s;
    s.sample_count = static_cast<uint64_t>(*set_count);
    s.sum = *set_sum;
    s.minimum = *set_min;
    s.maximum = *set_max;
    out.samples.push_back(s);
  }
  return std::nullopt;
}

Response PutMetricData(MetricsStore& store, const Json& request, TimeUs now) {
  RequestFields fields(request);
  std::optional<std::string> namespace_name = fields.String("Namespace");
  const Json* data_json = fields.Array("MetricData");
  fields.Boolean("StrictEntityValidation");
  fields.Array("EntityMetricData");
  if (!fields.ok()) return FailWith(fields.error());
  MissingParameters missing;
  missing.Require(namespace_name.has_value(), "Namespace");
  missing.Require(data_json && !data_json->empty(), "MetricData");
  if (!missing.empty()) return FailWith(missing.ToError());
  ValidationErrors invalid;
  CheckNameLength(namespace_name, "namespace", invalid);
  if (data_json->size() > kMaxMetricDatumsPerPut)
    invalid.Add(std::nullopt, "metricData", "Member must have length less than or equal to 1000");
  if (!invalid.empty()) return FailWith(invalid.ToError());
  if (namespace_name->compare(0, 4, "AWS/") == 0 || namespace_name->find(':') != std::string::npos)
    return FailWith(InvalidParameterValue("The value " + *namespace_name + " for parameter Namespace is invalid."));

  // Validate everything before storing anything.
  std::vector<PreparedDatum> prepared(data_json->size());
  std::vector<std::string> timestamp_errors;
  for (size_t i = 0; i < data_json->size(); ++i) {
    if (std::optional<ApiError> e =
            PrepareDatum((*data_json)[i], Member("MetricData", i), *namespace_name, now, timestamp_errors, prepared[i]))
      return FailWith(*e);
  }
  if (!timestamp_errors.empty()) {
    std::string message;
    for (size_t i = 0; i < timestamp_errors.size(); ++i) message += (i ? "\n" : "") + timestamp_errors[i];
    return FailWith(InvalidParameterValue(message));
  }
  for (const PreparedDatum& datum : prepared)
    for (const StatisticSet& sample : datum.samples) store.PutStatistics(datum.id, sample, datum.time, datum.unit);
  return Response::Ok(Json::object());
}

}  // namespace

// [SECTION] dispatch

Response CloudWatchCall(MetricsStore& store, std::string_view action, const Json& request, TimeUs now) {
  if (action == "GetMetricData") return GetMetricData(store, request);
  if (action == "GetMetricStatistics") return GetMetricStatistics(store, request);
  if (action == "ListMetrics") return ListMetrics(store, request, now);
  if (action == "PutMetricData") return PutMetricData(store, request, now);
  return UnknownOperation("CloudWatch", action);
}

}  // namespace fhl
