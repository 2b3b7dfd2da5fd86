// cloudwatch_api_test.cpp: CloudWatchCall shapes, statistics, metric math, paging, filters and every error text.
// Fixed inputs and explicit times only; the store is inspected to prove failed calls change nothing.
#include "core/cloudwatch_api.h"

#include <gtest/gtest.h>

#include <string>

namespace fhl {
namespace {

constexpr int64_t kT0s = 1767225600;  // 2026-01-01T00:00:00Z in epoch seconds
constexpr TimeUs kT0 = kT0s * kUsPerSecond;

MetricId Records(const std::string& stream = "lab-stream") {
  return MetricId{"AWS/Firehose", "IncomingRecords", {{"DeliveryStreamName", stream}}};
}

Json StreamDimensions(const std::string& stream = "lab-stream") {
  return Json::array({Json{{"Name", "DeliveryStreamName"}, {"Value", stream}}});
}

class CloudWatchApiTest : public ::testing::Test {
 protected:
  Response Call(std::string_view action, const Json& request) {
    return CloudWatchCall(store_, action, request, now_);
  }

  void ExpectError(const Response& r, const std::string& code, const std::string& message) {
    ASSERT_FALSE(r.ok()) << DumpJson(r.body);
    EXPECT_EQ(r.error->code, code);
    EXPECT_EQ(r.error->message, message);
    EXPECT_EQ(r.error->http_status, 400);
  }

  // A GetMetricStatistics request over IncomingRecords of lab-stream.
  Json Statistics(int64_t start_s, int64_t end_s, int64_t period_s, Json stats = Json::array({"Sum"})) {
    return Json{{"Namespace", "AWS/Firehose"},   {"MetricName", "IncomingRecords"},
                {"Dimensions", StreamDimensions()}, {"StartTime", start_s},
                {"EndTime", end_s},                {"Period", period_s},
                {"Statistics", stats}};
  }

  // Records per minute: minute 0 gets 10 records every second, minute 1 gets 20, minute 2 gets 30.
  void PutThreeMinutesOfRecords() {
    for (int second = 0; second < 180; ++second)
      store_.Put(Records(), 10.0 * (second / 60 + 1), kT0 + second * kUsPerSecond, "Count");
  }

  MetricsStore store_;
  TimeUs now_ = kT0 + kUsPerHour;
};

// [SECTION] GetMetricStatistics

TEST_F(CloudWatchApiTest, GetMetricStatisticsReturnsOnlyRequestedStatisticsSortedByTime) {
  PutThreeMinutesOfRecords();
  Response r = Call("GetMetricStatistics",
                    Statistics(kT0s, kT0s + 180, 60, Json::array({"Maximum", "Sum", "SampleCount", "Average", "Minimum"})));
  ASSERT_TRUE(r.ok()) << r.error->message;
  EXPECT_EQ(r.body["Label"], "IncomingRecords");
  const Json expected = Json::array({
      Json{{"Timestamp", kT0s}, {"SampleCount", 60.0}, {"Average", 10.0}, {"Sum", 600.0}, {"Minimum", 10.0},
           {"Maximum", 10.0}, {"Unit", "Count"}},
      Json{{"Timestamp", kT0s + 60}, {"SampleCount", 60.0}, {"Average", 20.0}, {"Sum", 1200.0}, {"Minimum", 20.0},
           {"Maximum", 20.0}, {"Unit", "Count"}},
      Json{{"Timestamp", kT0s + 120}, {"SampleCount", 60.0}, {"Average", 30.0}, {"Sum", 1800.0}, {"Minimum", 30.0},
           {"Maximum", 30.0}, {"Unit", "Count"}},
  });
  EXPECT_EQ(r.body["Datapoints"], expected);

  // Only Sum requested: no other statistic members. ISO-8601 times are accepted too.
  Json request = Statistics(0, 0, 300);
  request["StartTime"] = "2026-01-01T00:00:00Z";
  request["EndTime"] = "2026-01-01T00:05:00.000Z";
  r = Call("GetMetricStatistics", request);
  ASSERT_TRUE(r.ok()) << r.error->message;
  EXPECT_EQ(r.body["Datapoints"], Json::array({Json{{"Timestamp", kT0s}, {"Sum", 3600.0}, {"Unit", "Count"}}}));
}

TEST_F(CloudWatchApiTest, GetMetricStatisticsAtOneSecondAndUnitFilter) {
  store_.Put(Records(), 3, kT0 + 5 * kUsPerSecond, "Count");
  store_.Put(Records(), 4, kT0 + 5 * kUsPerSecond + 999999, "Count");
  store_.Put(Records(), 5, kT0 + 6 * kUsPerSecond, "Count");  // exactly the next period
  Response r = Call("GetMetricStatistics", Statistics(kT0s, kT0s + 10, 1, Json::array({"Sum", "SampleCount"})));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.body["Datapoints"],
            Json::array({Json{{"Timestamp", kT0s + 5}, {"Sum", 7.0}, {"SampleCount", 2.0}, {"Unit", "Count"}},
                         Json{{"Timestamp", kT0s + 6}, {"Sum", 5.0}, {"SampleCount", 1.0}, {"Unit", "Count"}}}));
  Json request = Statistics(kT0s, kT0s + 10, 1);
  request["Unit"] = "Bytes";  // stored as Count: no datapoints
  r = Call("GetMetricStatistics", request);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.body["Datapoints"], Json::array());
  request["Unit"] = "Count";
  EXPECT_EQ(Call("GetMetricStatistics", request).body["Datapoints"].size(), 2u);
  // An unknown metric is not an error: no datapoints.
  request["MetricName"] = "NoSuchMetric";
  request.erase("Unit");
  r = Call("GetMetricStatistics", request);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.body["Datapoints"], Json::array());
  EXPECT_EQ(r.body["Label"], "NoSuchMetric");
}

TEST_F(CloudWatchApiTest, GetMetricStatisticsPeriodErrors) {
  const std::string text = "The parameter Period must be 1, 5, 10, 30, or a multiple of 60.";
  for (int64_t period : {0, -60, 2, 7, 20, 45, 61, 90}) {
    SCOPED_TRACE(period);
    ExpectError(Call("GetMetricStatistics", Statistics(kT0s, kT0s + 3600, period)), "InvalidParameterValue", text);
  }
  for (int64_t period : {1, 5, 10, 30, 60, 120, 3600}) {
    SCOPED_TRACE(period);
    EXPECT_TRUE(Call("GetMetricStatistics", Statistics(kT0s, kT0s + 1440, period)).ok());
  }
}

TEST_F(CloudWatchApiTest, GetMetricStatisticsTimeRangeErrors) {
  const std::string text = "The parameter StartTime must be less than the parameter EndTime.";
  ExpectError(Call("GetMetricStatistics", Statistics(kT0s, kT0s, 60)), "InvalidParameterValue", text);
  ExpectError(Call("GetMetricStatistics", Statistics(kT0s + 60, kT0s, 60)), "InvalidParameterValue", text);
}

TEST_F(CloudWatchApiTest, GetMetricStatisticsDatapointLimit) {
  EXPECT_TRUE(Call("GetMetricStatistics", Statistics(kT0s, kT0s + 1440 * 60, 60)).ok());
  ExpectError(Call("GetMetricStatistics", Statistics(kT0s, kT0s + 1440 * 60 + 1, 60)), "InvalidParameterCombination",
              "You have requested up to 1,441 datapoints, which exceeds the limit of 1,440. You may reduce the "
              "datapoints requested by increasing Period, or decreasing the time range.");
  ExpectError(Call("GetMetricStatistics", Statistics(kT0s, kT0s + 1000000, 1)), "InvalidParameterCombination",
              "You have requested up to 1,000,000 datapoints, which exceeds the limit of 1,440. You may reduce the "
              "datapoints requested by increasing Period, or decreasing the time range.");
}

TEST_F(CloudWatchApiTest, GetMetricStatisticsStatisticsErrors) {
  Json request = Statistics(kT0s, kT0s + 60, 60);
  request.erase("Statistics");
  const std::string combination = "Must specify either Statistics or ExtendedStatistics, but not both.";
  ExpectError(Call("GetMetricStatistics", request), "InvalidParameterCombination", combination);
  request["Statistics"] = Json::array();
  ExpectError(Call("GetMetricStatistics", request), "InvalidParameterCombination", combination);
  request["Statistics"] = Json::array({"Sum"});
  request["ExtendedStatistics"] = Json::array({"p90"});
  ExpectError(Call("GetMetricStatistics", request), "InvalidParameterCombination", combination);
  request.erase("Statistics");
  Response r = Call("GetMetricStatistics", request);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->code, "InvalidParameterValue");
  EXPECT_NE(r.error->message.find("ExtendedStatistics"), std::string::npos);
  EXPECT_NE(r.error->message.find("not supported"), std::string::npos);

  ExpectError(Call("GetMetricStatistics", Statistics(kT0s, kT0s + 60, 60, Json::array({"Sum", "Avg"}))),
              "ValidationException",
              "1 validation error detected: Value 'Avg' at 'statistics.2.member' failed to satisfy constraint: "
              "Member must satisfy enum value set: [Maximum, SampleCount, Sum, Minimum, Average]");
  ExpectError(Call("GetMetricStatistics", Statistics(kT0s, kT0s + 60, 60, Json::array({"sum", "p99"}))),
              "ValidationException",
              "2 validation errors detected: Value 'sum' at 'statistics.1.member' failed to satisfy constraint: "
              "Member must satisfy enum value set: [Maximum, SampleCount, Sum, Minimum, Average]; Value 'p99' at "
              "'statistics.2.member' failed to satisfy constraint: Member must satisfy enum value set: [Maximum, "
              "SampleCount, Sum, Minimum, Average]");
}

TEST_F(CloudWatchApiTest, GetMetricStatisticsMissingAndMistypedParameters) {
  Json request = Statistics(kT0s, kT0s + 60, 60);
  request.erase("Namespace");
  request.erase("StartTime");
  ExpectError(Call("GetMetricStatistics", request), "MissingParameter",
              "The parameter Namespace is required.\nThe parameter StartTime is required.");
  request = Statistics(kT0s, kT0s + 60, 60);
  request["Period"] = "60";
  ExpectError(Call("GetMetricStatistics", request), "SerializationException",
              "Unexpected value type for member 'Period': expected integer.");
  request = Statistics(kT0s, kT0s + 60, 60);
  request["EndTime"] = "yesterday";
  Response r = Call("GetMetricStatistics", request);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->code, "SerializationException");
}

// [SECTION] GetMetricData

Json MetricStatQuery(const std::string& id, int64_t period_s, const std::string& stat, bool return_data = true) {
  return Json{{"Id", id},
              {"MetricStat",
               {{"Metric",
                 {{"Namespace", "AWS/Firehose"}, {"MetricName", "IncomingRecords"}, {"Dimensions", StreamDimensions()}}},
                {"Period", period_s},
                {"Stat", stat}}},
              {"ReturnData", return_data}};
}

Json ExpressionQuery(const std::string& id, const std::string& expression) {
  return Json{{"Id", id}, {"Expression", expression}};
}

Json MetricData(Json queries, int64_t start_s = kT0s, int64_t end_s = kT0s + 180) {
  return Json{{"MetricDataQueries", std::move(queries)}, {"StartTime", start_s}, {"EndTime", end_s}};
}

TEST_F(CloudWatchApiTest, PerSecondRateFromSumOverPeriod) {
  PutThreeMinutesOfRecords();
  Json request = MetricData(Json::array({MetricStatQuery("m1", 60, "Sum", false),
                                         ExpressionQuery("e1", "m1/PERIOD(m1)")}));
  Response r = Call("GetMetricData", request);
  ASSERT_TRUE(r.ok()) << r.error->message;
  const Json expected = Json{
      {"MetricDataResults", Json::array({Json{{"Id", "e1"},
                                              {"Label", "e1"},
                                              {"Timestamps", Json::array({kT0s + 120, kT0s + 60, kT0s})},
                                              {"Values", Json::array({30.0, 20.0, 10.0})},
                                              {"StatusCode", "Complete"}}})},
      {"Messages", Json::array()}};
  EXPECT_EQ(r.body, expected);  // m1 is hidden (ReturnData false); newest first by default

  request["ScanBy"] = "TimestampAscending";
  request["MetricDataQueries"][0]["ReturnData"] = true;
  request["MetricDataQueries"][1]["Label"] = "Incoming records (per second)";
  r = Call("GetMetricData", request);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.body["MetricDataResults"].size(), 2u);
  const Json& m1 = r.body["MetricDataResults"][0];
  EXPECT_EQ(m1["Id"], "m1");
  EXPECT_EQ(m1["Label"], "IncomingRecords");
  EXPECT_EQ(m1["Timestamps"], Json::array({kT0s, kT0s + 60, kT0s + 120}));
  EXPECT_EQ(m1["Values"], Json::array({600.0, 1200.0, 1800.0}));
  const Json& e1 = r.body["MetricDataResults"][1];
  EXPECT_EQ(e1["Label"], "Incoming records (per second)");
  EXPECT_EQ(e1["Values"], Json::array({10.0, 20.0, 30.0}));
}

TEST_F(CloudWatchApiTest, MetricMathOperatorsAlignmentAndDivisionByZero) {
  MetricId other{"Lab", "Divisor", {}};
  store_.Put(Records(), 8, kT0, "Count");
  store_.Put(Records(), 6, kT0 + kUsPerMinute, "Count");
  store_.Put(Records(), 4, kT0 + 2 * kUsPerMinute, "Count");
  store_.Put(other, 2, kT0, "Count");
  store_.Put(other, 0, kT0 + kUsPerMinute, "Count");  // division by zero: no point
  // no Divisor point in minute 2: not aligned, no point
  Json divisor = Json{{"Id", "d"},
                      {"MetricStat", {{"Metric", {{"Namespace", "Lab"}, {"MetricName", "Divisor"}}},
                                      {"Period", 60},
                                      {"Stat", "Sum"}}},
                      {"ReturnData", false}};
  Json request = MetricData(Json::array({MetricStatQuery("m", 60, "Sum", false), divisor,
                                         ExpressionQuery("ratio", "m / d"),
                                         ExpressionQuery("calc", "-(m - 2) * 3 + 100 / 4"),
                                         ExpressionQuery("chained", "calc/(1+1)"),
                                         ExpressionQuery("total", "SUM([m, d])")}));
  request["ScanBy"] = "TimestampAscending";
  Response r = Call("GetMetricData", request);
  ASSERT_TRUE(r.ok()) << r.error->message;
  const Json& results = r.body["MetricDataResults"];
  ASSERT_EQ(results.size(), 4u);
  EXPECT_EQ(results[0]["Timestamps"], Json::array({kT0s}));
  EXPECT_EQ(results[0]["Values"], Json::array({4.0}));
  EXPECT_EQ(results[1]["Values"], Json::array({7.0, 13.0, 19.0}));  // -(8-2)*3+25, -(6-2)*3+25, -(4-2)*3+25
  EXPECT_EQ(results[2]["Values"], Json::array({3.5, 6.5, 9.5}));
  EXPECT_EQ(results[3]["Values"], Json::array({10.0, 6.0, 4.0}));
}

TEST_F(CloudWatchApiTest, GetMetricDataStatisticsAndUnitFilter) {
  PutThreeMinutesOfRecords();
  Json average = MetricStatQuery("a", 120, "Average");
  Json count = MetricStatQuery("c", 60, "SampleCount");
  count["MetricStat"]["Unit"] = "Bytes";  // stored as Count: empty
  Json request = MetricData(Json::array({average, count}));
  request["ScanBy"] = "TimestampAscending";
  Response r = Call("GetMetricData", request);
  ASSERT_TRUE(r.ok()) << r.error->message;
  EXPECT_EQ(r.body["MetricDataResults"][0]["Timestamps"], Json::array({kT0s, kT0s + 120}));
  EXPECT_EQ(r.body["MetricDataResults"][0]["Values"], Json::array({15.0, 30.0}));
  EXPECT_EQ(r.body["MetricDataResults"][1]["Values"], Json::array());
  EXPECT_EQ(r.body["MetricDataResults"][1]["StatusCode"], "Complete");
}

TEST_F(CloudWatchApiTest, GetMetricDataPagesWithMaxDatapoints) {
  PutThreeMinutesOfRecords();
  Json request = MetricData(Json::array({MetricStatQuery("m1", 60, "Sum")}));
  request["MaxDatapoints"] = 2;
  Response first = Call("GetMetricData", request);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first.body["MetricDataResults"][0]["Values"], Json::array({1800.0, 1200.0}));
  EXPECT_EQ(first.body["MetricDataResults"][0]["StatusCode"], "PartialData");
  ASSERT_TRUE(first.body.contains("NextToken"));
  request["NextToken"] = first.body["NextToken"];
  Response second = Call("GetMetricData", request);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second.body["MetricDataResults"][0]["Values"], Json::array({600.0}));
  EXPECT_EQ(second.body["MetricDataResults"][0]["StatusCode"], "Complete");
  EXPECT_FALSE(second.body.contains("NextToken"));
  request["NextToken"] = "garbage";
  ExpectError(Call("GetMetricData", request), "InvalidNextToken", "The service couldn't process the NextToken.");
}

TEST_F(CloudWatchApiTest, GetMetricDataIdAndQueryErrors) {
  for (const char* bad_id : {"M1", "1m", "m-1", "_m", ""}) {
    SCOPED_TRACE(bad_id);
    Response r = Call("GetMetricData", MetricData(Json::array({MetricStatQuery(bad_id, 60, "Sum")})));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error->code, "ValidationError");
    EXPECT_NE(r.error->message.find("MetricDataQueries.member.1.Id"), std::string::npos) << r.error->message;
  }
  EXPECT_TRUE(Call("GetMetricData", MetricData(Json::array({MetricStatQuery("m_1A", 60, "Sum")}))).ok());

  Json both = MetricStatQuery("m1", 60, "Sum");
  both["Expression"] = "m1*2";
  ExpectError(Call("GetMetricData", MetricData(Json::array({both}))), "ValidationError",
              "Exactly one of MetricDataQueries.member.1.MetricStat and MetricDataQueries.member.1.Expression must be "
              "specified (query m1).");
  ExpectError(Call("GetMetricData", MetricData(Json::array({Json{{"Id", "x"}}}))), "ValidationError",
              "Exactly one of MetricDataQueries.member.1.MetricStat and MetricDataQueries.member.1.Expression must be "
              "specified (query x).");
  ExpectError(Call("GetMetricData", MetricData(Json::array({MetricStatQuery("m1", 60, "Sum"),
                                                           MetricStatQuery("m1", 60, "Sum")}))),
              "ValidationError",
              "The value m1 for parameter MetricDataQueries.member.2.Id is used by more than one query; Ids must be "
              "unique.");
  ExpectError(Call("GetMetricData", MetricData(Json::array({MetricStatQuery("m1", 60, "p90")}))), "ValidationError",
              "The statistic p90 of query m1 is not supported in this lab; use SampleCount, Average, Sum, Minimum or "
              "Maximum.");
  ExpectError(Call("GetMetricData", MetricData(Json::array({MetricStatQuery("m1", 45, "Sum")}))), "ValidationError",
              "The parameter MetricDataQueries.member.1.MetricStat.Period must be 1, 5, 10, 30, or a multiple of 60.");
  ExpectError(Call("GetMetricData", MetricData(Json::array({MetricStatQuery("m1", 60, "Sum")}), kT0s, kT0s)),
              "ValidationError", "The parameter StartTime must be less than the parameter EndTime.");
  Json bad_scan = MetricData(Json::array({MetricStatQuery("m1", 60, "Sum")}));
  bad_scan["ScanBy"] = "Newest";
  ExpectError(Call("GetMetricData", bad_scan), "ValidationException",
              "1 validation error detected: Value 'Newest' at 'scanBy' failed to satisfy constraint: Member must "
              "satisfy enum value set: [TimestampDescending, TimestampAscending]");
  ExpectError(Call("GetMetricData", Json{{"StartTime", kT0s}, {"EndTime", kT0s + 60}}), "MissingParameter",
              "The parameter MetricDataQueries is required.");
}

TEST_F(CloudWatchApiTest, GetMetricDataExpressionErrorsNameTheExpression) {
  auto expression_error = [this](const std::string& expression) {
    Response r = Call("GetMetricData", MetricData(Json::array({MetricStatQuery("m1", 60, "Sum", false),
                                                               ExpressionQuery("e1", expression)})));
    EXPECT_FALSE(r.ok()) << expression;
    if (r.ok()) return std::string();
    EXPECT_EQ(r.error->code, "ValidationError");
    EXPECT_NE(r.error->message.find("'" + expression + "'"), std::string::npos) << r.error->message;
    return r.error->message;
  };
  EXPECT_EQ(expression_error("m1/PERIOD(m9)"),
            "Error in expression 'm1/PERIOD(m9)' of query e1: unknown metric or expression id 'm9'.");
  EXPECT_EQ(expression_error("m1/"),
            "Error in expression 'm1/' of query e1: syntax error at position 4: unexpected end of expression.");
  EXPECT_NE(expression_error("(m1 + 2").find("expected ')'"), std::string::npos);
  EXPECT_NE(expression_error("m1 $ 2").find("unexpected '$'"), std::string::npos);
  EXPECT_NE(expression_error("FOO(m1)").find("unknown function FOO"), std::string::npos);
  EXPECT_NE(expression_error("PERIOD(m1)").find("must return a time series"), std::string::npos);
  EXPECT_NE(expression_error("e1 + 1").find("circular reference"), std::string::npos);
  EXPECT_NE(expression_error(std::string(200, '(') + "m1" + std::string(200, ')')).find("nesting"), std::string::npos);
}

// [SECTION] ListMetrics

TEST_F(CloudWatchApiTest, ListMetricsFilters) {
  store_.Put(Records("a"), 1, kT0, "Count");
  store_.Put(Records("b"), 1, kT0, "Count");
  store_.Put(MetricId{"AWS/Firehose", "IncomingBytes", {{"DeliveryStreamName", "a"}}}, 1, kT0, "Bytes");
  store_.Put(MetricId{"Custom", "Temperature", {{"Room", "kitchen"}, {"House", "1"}}}, 1, kT0);
  Response r = Call("ListMetrics", Json::object());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.body["Metrics"].size(), 4u);
  r = Call("ListMetrics", Json{{"Namespace", "Custom"}});
  EXPECT_EQ(r.body["Metrics"],
            Json::array({Json{{"Namespace", "Custom"},
                              {"MetricName", "Temperature"},
                              {"Dimensions", Json::array({Json{{"Name", "House"}, {"Value", "1"}},
                                                          Json{{"Name", "Room"}, {"Value", "kitchen"}}})}}}));
  r = Call("ListMetrics", Json{{"Namespace", "AWS/Firehose"}, {"MetricName", "IncomingRecords"}});
  EXPECT_EQ(r.body["Metrics"].size(), 2u);
  r = Call("ListMetrics", Json{{"Dimensions", Json::array({Json{{"Name", "DeliveryStreamName"}, {"Value", "a"}}})}});
  ASSERT_EQ(r.body["Metrics"].size(), 2u);
  EXPECT_EQ(r.body["Metrics"][0]["MetricName"], "IncomingBytes");
  EXPECT_EQ(r.body["Metrics"][1]["MetricName"], "IncomingRecords");
  r = Call("ListMetrics", Json{{"Dimensions", Json::array({Json{{"Name", "DeliveryStreamName"}}})}});
  EXPECT_EQ(r.body["Metrics"].size(), 3u);
  r = Call("ListMetrics", Json{{"Namespace", "Nothing"}});
  EXPECT_EQ(r.body["Metrics"], Json::array());
  now_ = kT0 + 3 * kUsPerHour + kUsPerSecond;
  store_.Put(Records("b"), 1, now_, "Count");
  r = Call("ListMetrics", Json{{"RecentlyActive", "PT3H"}});
  ASSERT_EQ(r.body["Metrics"].size(), 1u);
  EXPECT_EQ(r.body["Metrics"][0]["Dimensions"][0]["Value"], "b");
}

// [SECTION] PutMetricData

TEST_F(CloudWatchApiTest, PutMetricDataStoresValuesCountsAndStatisticSets) {
  Json request = Json{
      {"Namespace", "Lab/Custom"},
      {"MetricData",
       Json::array({Json{{"MetricName", "Latency"}, {"Value", 5}, {"Unit", "Milliseconds"},
                         {"Timestamp", kT0s + 10}},
                    Json{{"MetricName", "Latency"},
                         {"Values", Json::array({1, 9})},
                         {"Counts", Json::array({3, 1})},
                         {"Unit", "Milliseconds"},
                         {"Timestamp", "2026-01-01T00:00:20Z"}},
                    Json{{"MetricName", "Latency"},
                         {"StatisticValues", {{"SampleCount", 4}, {"Sum", 40}, {"Minimum", 2}, {"Maximum", 20}}},
                         {"Unit", "Milliseconds"}}})}};  // no Timestamp: now
  Response r = Call("PutMetricData", request);
  ASSERT_TRUE(r.ok()) << r.error->message;
  EXPECT_EQ(r.body, Json::object());
  Json query{{"Namespace", "Lab/Custom"}, {"MetricName", "Latency"},
             {"StartTime", kT0s},         {"EndTime", kT0s + 7200},
             {"Period", 3600},            {"Statistics", Json::array({"Sum", "SampleCount", "Minimum", "Maximum"})}};
  r = Call("GetMetricStatistics", query);
  ASSERT_TRUE(r.ok()) << r.error->message;
  EXPECT_EQ(r.body["Datapoints"],
            Json::array({Json{{"Timestamp", kT0s}, {"Sum", 17.0}, {"SampleCount", 5.0}, {"Minimum", 1.0},
                              {"Maximum", 9.0}, {"Unit", "Milliseconds"}},
                         Json{{"Timestamp", kT0s + 3600}, {"Sum", 40.0}, {"SampleCount", 4.0}, {"Minimum", 2.0},
                              {"Maximum", 20.0}, {"Unit", "Milliseconds"}}}));
}

TEST_F(CloudWatchApiTest, PutMetricDataRejectionsChangeNothing) {
  store_.Put(Records(), 1, kT0, "Count");
  const uint64_t generation = store_.generation();
  const size_t cells = store_.cell_count();
  auto expect_rejected = [&](const Json& request, const std::string& code, const std::string& message) {
    ExpectError(Call("PutMetricData", request), code, message);
    EXPECT_EQ(store_.generation(), generation);
    EXPECT_EQ(store_.cell_count(), cells);
  };
  const Json good = Json{{"MetricName", "Ok"}, {"Value", 1}};
  expect_rejected(Json{{"Namespace", "AWS/Firehose"}, {"MetricData", Json::array({good})}}, "InvalidParameterValue",
                  "The value AWS/Firehose for parameter Namespace is invalid.");
  // The first datum is valid but nothing is stored because the second is not.
  expect_rejected(Json{{"Namespace", "Lab"},
                       {"MetricData", Json::array({good, Json{{"MetricName", "Bad"}, {"Value", 1},
                                                              {"StatisticValues", {{"SampleCount", 1}, {"Sum", 1},
                                                                                   {"Minimum", 1}, {"Maximum", 1}}}}})}},
                  "InvalidParameterCombination",
                  "The parameters MetricData.member.2.Value and MetricData.member.2.StatisticValues are mutually "
                  "exclusive and you have specified both.");
  expect_rejected(Json{{"Namespace", "Lab"},
                       {"MetricData", Json::array({good, Json{{"MetricName", "Old"}, {"Value", 1},
                                                              {"Timestamp", kT0s + 3600 - 15 * 86400}}})}},
                  "InvalidParameterValue",
                  "The parameter MetricData.member.2.Timestamp must specify a time within the past two weeks.");
  expect_rejected(Json{{"Namespace", "Lab"},
                       {"MetricData", Json::array({Json{{"MetricName", "Future"}, {"Value", 1},
                                                        {"Timestamp", kT0s + 3600 + 2 * 3600 + 1}}})}},
                  "InvalidParameterValue",
                  "The parameter MetricData.member.1.Timestamp must specify a time no more than two hours in the "
                  "future.");
  expect_rejected(Json{{"Namespace", "Lab"},
                       {"MetricData", Json::array({Json{{"MetricName", "V"}, {"Values", Json::array({1, 2})},
                                                        {"Counts", Json::array({1})}}})}},
                  "InvalidParameterValue",
                  "The parameters MetricData.member.1.Values and MetricData.member.1.Counts must be arrays of the same "
                  "size.");
  expect_rejected(Json{{"Namespace", "Lab"}, {"MetricData", Json::array({Json{{"Value", 1}}})}}, "MissingParameter",
                  "The parameter MetricData.member.1.MetricName is required.");
  expect_rejected(Json{{"Namespace", "Lab"}, {"MetricData", Json::array({Json{{"MetricName", "U"}, {"Value", 1},
                                                                             {"Unit", "Parsecs"}}})}},
                  "ValidationException",
                  "1 validation error detected: Value 'Parsecs' at 'metricData.1.member.unit' failed to satisfy "
                  "constraint: Member must satisfy enum value set: [Seconds, Microseconds, Milliseconds, Bytes, "
                  "Kilobytes, Megabytes, Gigabytes, Terabytes, Bits, Kilobits, Megabits, Gigabits, Terabits, Percent, "
                  "Count, Bytes/Second, Kilobytes/Second, Megabytes/Second, Gigabytes/Second, Terabytes/Second, "
                  "Bits/Second, Kilobits/Second, Megabits/Second, Gigabits/Second, Terabits/Second, Count/Second, "
                  "None]");
  expect_rejected(Json{{"Namespace", "Lab"}, {"MetricData", Json::array({Json{{"MetricName", "N"}}})}},
                  "InvalidParameterCombination",
                  "One of the parameters MetricData.member.1.Value, MetricData.member.1.Values or "
                  "MetricData.member.1.StatisticValues must be specified.");
  expect_rejected(Json{{"MetricData", Json::array({good})}}, "MissingParameter", "The parameter Namespace is required.");
  expect_rejected(Json{{"Namespace", "Lab"}, {"MetricData", Json::array({Json{{"MetricName", "T"}, {"Value", "1"}}})}},
                  "SerializationException",
                  "Unexpected value type for member 'MetricData.member.1.Value': expected number.");
  // The same valid datum on its own is stored.
  ASSERT_TRUE(Call("PutMetricData", Json{{"Namespace", "Lab"}, {"MetricData", Json::array({good})}}).ok());
  EXPECT_GT(store_.generation(), generation);
  EXPECT_EQ(store_.cell_count(), cells + 2);
}

TEST_F(CloudWatchApiTest, UnknownActionAndNonObjectRequest) {
  ExpectError(Call("DeleteAlarms", Json::object()), "UnknownOperationException",
              "The operation DeleteAlarms is not supported by CloudWatch in this lab.");
  Response r = Call("ListMetrics", Json::array());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->code, "SerializationException");
}

}  // namespace
}  // namespace fhl
