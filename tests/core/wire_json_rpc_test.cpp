// wire_json_rpc_test.cpp: AWS JSON 1.0/1.1 requests exactly as botocore/awscli 2.9 and the JS SDK v3 send them,
// through HandleHttp on a real Lab: answers, headers, error shapes, timestamps on the wire, batch boundaries.
#include <gtest/gtest.h>

#include <string>

#include "core/base64.h"
#include "core/lab.h"
#include "core/wire_router.h"

namespace fhl {
namespace {

// POST / as awscli 2.9.19 sends it (captured): X-Amz-Target, Content-Type, SigV4 Authorization.
HttpRequest JsonRequest(const std::string& target, const std::string& body, const std::string& json_version = "1.1",
                        const std::string& signing_name = "firehose") {
  HttpRequest r;
  r.method = "POST";
  r.target = "/";
  r.headers = {{"Host", "127.0.0.1:4566"},
               {"Accept-Encoding", "identity"},
               {"X-Amz-Target", target},
               {"Content-Type", "application/x-amz-json-" + json_version},
               {"X-Amz-Date", "20260101T000000Z"},
               {"Authorization", "AWS4-HMAC-SHA256 Credential=AK/20260101/us-east-1/" + signing_name +
                                     "/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
                                     "Signature=094caab7d5e9bfd6943314aac717a6cddc4e7bba5960ab16be7d9ffb82256dd2"}};
  r.body = body;
  return r;
}

Json BodyOf(const HttpResponse& response) {
  auto parsed = ParseJson(response.body);
  EXPECT_TRUE(parsed.has_value()) << response.body;
  return parsed.value_or(Json());
}

bool IsUuidShaped(std::string_view id) {
  if (id.size() != 36) return false;
  for (size_t i = 0; i < id.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash != (id[i] == '-')) return false;
    if (!dash && !((id[i] >= '0' && id[i] <= '9') || (id[i] >= 'a' && id[i] <= 'f'))) return false;
  }
  return true;
}

Json Records(int n, const std::string& prefix = "rec") {
  Json records = Json::array();
  for (int i = 0; i < n; ++i) records.push_back({{"Data", Base64Encode(prefix + std::to_string(i))}});
  return records;
}

std::vector<std::string> Keys(Lab& lab) {
  Response r = lab.Call("S3", "ListObjectsV2", {{"Bucket", lab.lab_bucket_name()}});
  std::vector<std::string> keys;
  if (!r.ok()) return keys;
  for (const Json& o : r.body.value("Contents", Json::array())) keys.push_back(o.value("Key", ""));
  return keys;
}

// [SECTION] Firehose (AWS JSON 1.1)

TEST(WireJsonRpcTest, ListDeliveryStreamsAnswersJson11WithARequestId) {
  Lab lab;
  HttpResponse r = HandleHttp(lab, JsonRequest("Firehose_20150804.ListDeliveryStreams", "{}"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("Content-Type").value_or(""), "application/x-amz-json-1.1");
  ASSERT_TRUE(r.Header("x-amzn-RequestId").has_value());
  EXPECT_TRUE(IsUuidShaped(*r.Header("x-amzn-RequestId"))) << *r.Header("x-amzn-RequestId");
  const Json body = BodyOf(r);
  EXPECT_EQ(body["DeliveryStreamNames"], Json::array({"ie-tech-mba-stream"}));
  EXPECT_EQ(body["HasMoreDeliveryStreams"], false);

  HttpResponse again = HandleHttp(lab, JsonRequest("Firehose_20150804.ListDeliveryStreams", "{}"));
  EXPECT_NE(again.Header("x-amzn-RequestId").value_or(""), r.Header("x-amzn-RequestId").value_or(""));
}

TEST(WireJsonRpcTest, EmptyOrBlankBodyReadsAsEmptyObject) {
  Lab lab;
  for (const char* body : {"", " \r\n"}) {
    HttpResponse r = HandleHttp(lab, JsonRequest("Firehose_20150804.ListDeliveryStreams", body));
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(BodyOf(r)["DeliveryStreamNames"], Json::array({"ie-tech-mba-stream"}));
  }
}

TEST(WireJsonRpcTest, PutRecordBatchDeliversAfterTheBufferInterval) {
  Lab lab;
  const Json request = {{"DeliveryStreamName", "ie-tech-mba-stream"}, {"Records", Records(3)}};
  HttpResponse r = HandleHttp(lab, JsonRequest("Firehose_20150804.PutRecordBatch", DumpJson(request)));
  ASSERT_EQ(r.status, 200) << r.body;
  const Json body = BodyOf(r);
  EXPECT_EQ(body["FailedPutCount"], 0);
  ASSERT_EQ(body["RequestResponses"].size(), 3u);
  for (const Json& rr : body["RequestResponses"]) {
    EXPECT_TRUE(rr.contains("RecordId") && rr["RecordId"].is_string());
    EXPECT_FALSE(rr.contains("ErrorCode"));
  }
  EXPECT_TRUE(Keys(lab).empty());

  // 59 s: still buffered; 60 s (the lab's interval): one object with the three records, newline-delimited.
  HttpResponse clock = HandleHttp(lab, JsonRequest("FirehoseLab.AdvanceClock", R"({"Seconds":59})"));
  ASSERT_EQ(clock.status, 200) << clock.body;
  EXPECT_TRUE(Keys(lab).empty());
  clock = HandleHttp(lab, JsonRequest("FirehoseLab.AdvanceClock", R"({"Seconds":1})"));
  ASSERT_EQ(clock.status, 200) << clock.body;
  EXPECT_EQ(BodyOf(clock)["Now"], "2026-01-01T00:01:00.000Z");
  const std::vector<std::string> keys = Keys(lab);
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(keys[0].rfind("stocks/2026/01/01/00/ie-tech-mba-stream-1-2026-01-01-00-", 0), 0u) << keys[0];
  Response object = lab.Call("S3", "GetObject", {{"Bucket", lab.lab_bucket_name()}, {"Key", keys[0]}});
  ASSERT_TRUE(object.ok());
  EXPECT_EQ(Base64Decode(object.body.value("Body", "")).value_or(""), "rec0\nrec1\nrec2\n");
}

TEST(WireJsonRpcTest, PutRecordBatchTakes500RecordsAndRefuses501) {
  Lab lab;
  Json request = {{"DeliveryStreamName", "ie-tech-mba-stream"}, {"Records", Records(500)}};
  HttpResponse r = HandleHttp(lab, JsonRequest("Firehose_20150804.PutRecordBatch", DumpJson(request)));
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 300);
  EXPECT_EQ(BodyOf(r)["FailedPutCount"], 0);
  EXPECT_EQ(BodyOf(r)["RequestResponses"].size(), 500u);

  Lab fresh;
  const uint64_t generation = fresh.generation();
  request["Records"] = Records(501);
  r = HandleHttp(fresh, JsonRequest("Firehose_20150804.PutRecordBatch", DumpJson(request)));
  EXPECT_EQ(r.status, 400);
  const Json error = BodyOf(r);
  EXPECT_EQ(error["__type"], "ValidationException");
  EXPECT_NE(error.value("message", "").find("Member must have length less than or equal to 500"), std::string::npos)
      << r.body;
  EXPECT_EQ(fresh.generation(), generation);  // a failed call changes nothing
  fresh.Advance(120 * kUsPerSecond);
  EXPECT_TRUE(Keys(fresh).empty());
}

TEST(WireJsonRpcTest, DescribeDeliveryStreamTimestampsAreEpochNumbers) {
  Lab lab;
  HttpResponse r = HandleHttp(lab, JsonRequest("Firehose_20150804.DescribeDeliveryStream",
                                               R"({"DeliveryStreamName": "ie-tech-mba-stream"})"));
  ASSERT_EQ(r.status, 200) << r.body;
  const Json d = BodyOf(r)["DeliveryStreamDescription"];
  EXPECT_EQ(d["DeliveryStreamStatus"], "ACTIVE");
  ASSERT_TRUE(d["CreateTimestamp"].is_number()) << d["CreateTimestamp"];
  // Deployed before the lab's start (2026-01-01T00:00:00Z = 1767225600).
  EXPECT_LT(d["CreateTimestamp"].get<double>(), 1767225600.0);
  EXPECT_GT(d["CreateTimestamp"].get<double>(), 1767225600.0 - 3600);
}

TEST(WireJsonRpcTest, ResourceNotFoundHasFirehosesErrorShape) {
  Lab lab;
  HttpResponse r =
      HandleHttp(lab, JsonRequest("Firehose_20150804.DescribeDeliveryStream", R"({"DeliveryStreamName":"nope"})"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.Header("Content-Type").value_or(""), "application/x-amz-json-1.1");
  EXPECT_TRUE(r.Header("x-amzn-RequestId").has_value());
  EXPECT_EQ(BodyOf(r), (Json{{"__type", "ResourceNotFoundException"},
                             {"message", "Firehose nope under account 123456789012 not found."}}));
}

TEST(WireJsonRpcTest, MalformedJsonIsASerializationExceptionAndChangesNothing) {
  Lab lab;
  const uint64_t generation = lab.generation();
  for (const char* body : {R"({"DeliveryStreamName": "ie-tech-mba-stream", "Records": [)", "[1,2]", "\"text\"", "{]"}) {
    HttpResponse r = HandleHttp(lab, JsonRequest("Firehose_20150804.PutRecordBatch", body));
    EXPECT_EQ(r.status, 400) << body;
    EXPECT_EQ(BodyOf(r).value("__type", ""), "SerializationException") << body;
    EXPECT_FALSE(BodyOf(r).value("message", "").empty());
  }
  EXPECT_EQ(lab.generation(), generation);
}

TEST(WireJsonRpcTest, NestingDepthIsBounded) {
  Lab lab;
  // 64 levels (the limit) reach the service; 65 are refused before parsing; brackets inside strings do not count.
  auto nested = [](int levels) {
    std::string body = R"({"DeliveryStreamName":"nope","Y":"[[[[{{{{\"[[","X":)";
    for (int i = 1; i < levels; ++i) body += "[";
    body += "1";
    for (int i = 1; i < levels; ++i) body += "]";
    return body + "}";
  };
  HttpResponse r = HandleHttp(lab, JsonRequest("Firehose_20150804.DescribeDeliveryStream", nested(64)));
  EXPECT_EQ(BodyOf(r).value("__type", ""), "ResourceNotFoundException") << r.body.substr(0, 200);
  r = HandleHttp(lab, JsonRequest("Firehose_20150804.DescribeDeliveryStream", nested(65)));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(BodyOf(r).value("__type", ""), "SerializationException");
  r = HandleHttp(lab, JsonRequest("Firehose_20150804.DescribeDeliveryStream", std::string(200000, '[')));
  EXPECT_EQ(BodyOf(r).value("__type", ""), "SerializationException");
}

TEST(WireJsonRpcTest, UnknownOperationAndUnknownTargetPrefix) {
  Lab lab;
  HttpResponse r = HandleHttp(lab, JsonRequest("Firehose_20150804.DescribeEverything", "{}"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(BodyOf(r).value("__type", ""), "UnknownOperationException");
  EXPECT_NE(BodyOf(r).value("message", "").find("DescribeEverything"), std::string::npos);

  r = HandleHttp(lab, JsonRequest("Kinesis_20131202.ListStreams", "{}", "1.1", "kinesis"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.Header("Content-Type").value_or(""), "application/x-amz-json-1.1");
  EXPECT_EQ(BodyOf(r).value("__type", ""), "UnknownOperationException");
  EXPECT_NE(BodyOf(r).value("message", "").find("Kinesis_20131202.ListStreams"), std::string::npos);

  // A target without an operation, and one that answers in JSON 1.0 because the client asked for it.
  r = HandleHttp(lab, JsonRequest("Firehose_20150804", "{}"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(BodyOf(r).value("__type", ""), "UnknownOperationException");
  r = HandleHttp(lab, JsonRequest("DynamoDB_20120810.ListTables", "{}", "1.0", "dynamodb"));
  EXPECT_EQ(r.Header("Content-Type").value_or(""), "application/x-amz-json-1.0");
}

TEST(WireJsonRpcTest, OnlyPostIsAnOperation) {
  Lab lab;
  HttpRequest request = JsonRequest("Firehose_20150804.ListDeliveryStreams", "{}");
  request.method = "GET";
  HttpResponse r = HandleHttp(lab, request);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(BodyOf(r).value("__type", ""), "UnknownOperationException");
}

// [SECTION] the lab's sandbox controls (FirehoseLab.*)

TEST(WireJsonRpcTest, LabTargetMovesSimulatedTime) {
  Lab lab;
  HttpResponse r = HandleHttp(lab, JsonRequest("FirehoseLab.GetClock", ""));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(BodyOf(r)["Now"], "2026-01-01T00:00:00.000Z");
  EXPECT_EQ(BodyOf(r)["NowEpochSeconds"], 1767225600.0);
  r = HandleHttp(lab, JsonRequest("FirehoseLab.AdvanceClock", R"({"Seconds": 90.5})"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(lab.now(), 1767225600LL * kUsPerSecond + 90500 * kUsPerMs);
  r = HandleHttp(lab, JsonRequest("FirehoseLab.AdvanceClock", R"({"Seconds": -1})"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(BodyOf(r).value("__type", ""), "InvalidArgumentException");
  EXPECT_EQ(lab.now(), 1767225600LL * kUsPerSecond + 90500 * kUsPerMs);
}

// [SECTION] CloudWatch (AWS JSON 1.0, as the JS SDK v3 sends it)

HttpRequest CloudWatchJson(const std::string& operation, const std::string& body) {
  HttpRequest r = JsonRequest("GraniteServiceVersion20100801." + operation, body, "1.0", "monitoring");
  r.headers.push_back({"x-amzn-query-mode", "true"});
  return r;
}

TEST(WireJsonRpcTest, CloudWatchGetMetricDataOverJson10) {
  Lab lab;
  const Json put = {{"DeliveryStreamName", "ie-tech-mba-stream"}, {"Records", Records(7)}};
  ASSERT_EQ(HandleHttp(lab, JsonRequest("Firehose_20150804.PutRecordBatch", DumpJson(put))).status, 200);
  lab.Advance(5 * kUsPerMinute);
  // The JS SDK's body (captured), epoch-second StartTime/EndTime.
  const std::string body =
      R"({"MetricDataQueries":[{"Id":"m1","MetricStat":{"Metric":{"Namespace":"AWS/Firehose","MetricName":"IncomingRecords",)"
      R"("Dimensions":[{"Name":"DeliveryStreamName","Value":"ie-tech-mba-stream"}]},"Period":60,"Stat":"Sum"}}],)"
      R"("StartTime":1767225600,"EndTime":1767229200})";
  HttpResponse r = HandleHttp(lab, CloudWatchJson("GetMetricData", body));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Header("Content-Type").value_or(""), "application/x-amz-json-1.0");
  const Json results = BodyOf(r)["MetricDataResults"];
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0]["Id"], "m1");
  EXPECT_EQ(results[0]["StatusCode"], "Complete");
  EXPECT_EQ(results[0]["Timestamps"], Json::array({1767225600}));
  EXPECT_EQ(results[0]["Values"], Json::array({7.0}));
}

TEST(WireJsonRpcTest, CloudWatchJson10ErrorsCarryTheQueryErrorHeader) {
  Lab lab;
  HttpResponse r = HandleHttp(lab, CloudWatchJson("GetMetricStatistics",
                                                  R"({"Namespace":"AWS/Firehose","MetricName":"IncomingRecords",)"
                                                  R"("Period":60,"Statistics":["Sum"],"EndTime":1767229200})"));
  EXPECT_EQ(r.status, 400);
  const Json body = BodyOf(r);
  EXPECT_EQ(body.value("__type", ""), "MissingRequiredParameterException");
  EXPECT_NE(body.value("message", "").find("StartTime"), std::string::npos) << r.body;
  EXPECT_EQ(r.Header("x-amzn-query-error").value_or(""), "MissingParameter;Sender");

  r = HandleHttp(lab, CloudWatchJson("GetMetricStatistics",
                                     R"({"Namespace":"AWS/Firehose","MetricName":"IncomingRecords","Period":7,)"
                                     R"("Statistics":["Sum"],"StartTime":1767225600,"EndTime":1767229200})"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(BodyOf(r).value("__type", ""), "InvalidParameterValueException");
  EXPECT_EQ(r.Header("x-amzn-query-error").value_or(""), "InvalidParameterValue;Sender");
}

// [SECTION] Athena and Glue (AWS JSON 1.1)

TEST(WireJsonRpcTest, AthenaAndGlueTimestampsAreEpochNumbersAndErrorsUseMessage) {
  Lab lab;
  HttpResponse r = HandleHttp(lab, JsonRequest("AWSGlue.CreateDatabase", R"({"DatabaseInput":{"Name":"labdb"}})",
                                               "1.1", "glue"));
  ASSERT_EQ(r.status, 200) << r.body;
  r = HandleHttp(lab, JsonRequest("AWSGlue.GetDatabase", R"({"Name":"labdb"})", "1.1", "glue"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(BodyOf(r)["Database"]["CreateTime"], 1767225600);
  r = HandleHttp(lab, JsonRequest("AWSGlue.GetDatabase", R"({"Name":"missing"})", "1.1", "glue"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(BodyOf(r).value("__type", ""), "EntityNotFoundException");
  EXPECT_FALSE(BodyOf(r).value("Message", "").empty()) << r.body;  // Glue's exceptions have "Message"

  lab.Advance(1500 * kUsPerMs);
  r = HandleHttp(lab, JsonRequest("AmazonAthena.StartQueryExecution",
                                  R"({"QueryString":"SELECT 1","ResultConfiguration":{"OutputLocation":"s3://)" +
                                      lab.lab_bucket_name() + R"(/athena/"}})",
                                  "1.1", "athena"));
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string id = BodyOf(r).value("QueryExecutionId", "");
  ASSERT_FALSE(id.empty());
  r = HandleHttp(lab, JsonRequest("AmazonAthena.GetQueryExecution", R"({"QueryExecutionId":")" + id + "\"}", "1.1",
                                  "athena"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(BodyOf(r)["QueryExecution"]["Status"]["SubmissionDateTime"], 1767225601.5);

  r = HandleHttp(lab, JsonRequest("AmazonAthena.GetQueryExecution",
                                  R"({"QueryExecutionId":"00000000-0000-4000-8000-000000000000"})", "1.1", "athena"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(BodyOf(r).value("__type", ""), "InvalidRequestException");
  EXPECT_FALSE(BodyOf(r).value("Message", "").empty()) << r.body;  // Athena's exceptions have "Message"
}

}  // namespace
}  // namespace fhl
