// wire_query_test.cpp: the query protocol (CloudFormation, CloudWatch, IAM) with form bodies exactly as awscli 2.9.19
// / botocore 1.29.27 and the JS SDK v3 send them, through HandleHttp on a real Lab: XML answers and errors.
#include <gtest/gtest.h>

#include <string>

#include "core/base64.h"
#include "core/lab.h"
#include "core/cfn_stack_service.h"
#include "core/lab_template.h"
#include "core/object_store.h"
#include "core/wire_http.h"
#include "core/wire_router.h"

namespace fhl {
namespace {

constexpr const char* kCfnXmlns = "http://cloudformation.amazonaws.com/doc/2010-05-15/";
constexpr const char* kCloudWatchXmlns = "http://monitoring.amazonaws.com/doc/2010-08-01/";

// POST / with a form body, as awscli 2.9.19 sends it (captured).
HttpRequest FormRequest(const std::string& body, const std::string& signing_name = "cloudformation") {
  HttpRequest r;
  r.method = "POST";
  r.target = "/";
  r.headers = {{"Host", "127.0.0.1:4566"},
               {"Accept-Encoding", "identity"},
               {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
               {"X-Amz-Date", "20260101T000000Z"},
               {"Authorization", "AWS4-HMAC-SHA256 Credential=AK/20260101/us-east-1/" + signing_name +
                                     "/aws4_request, SignedHeaders=content-type;host;x-amz-date, "
                                     "Signature=646417b194945288a32db784e718436e84c16d7827b7b82582f9fb689ebac21a"}};
  r.body = body;
  return r;
}

// The text between <tag> and </tag> after `from`; "" when absent.
std::string Between(const std::string& xml, const std::string& tag, size_t from = 0) {
  const size_t open = xml.find("<" + tag + ">", from);
  if (open == std::string::npos) return "";
  const size_t start = open + tag.size() + 2;
  const size_t close = xml.find("</" + tag + ">", start);
  return close == std::string::npos ? "" : xml.substr(start, close - start);
}

size_t Count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

const char* kTemplate = R"({
  "Parameters": {"Suffix": {"Type": "String"}, "Unused": {"Type": "String", "Default": "x"}},
  "Resources": {"Bucket": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": {"Fn::Sub": "wire-${Suffix}"}}}},
  "Outputs": {"BucketName": {"Value": {"Ref": "Bucket"}, "Description": "the <bucket> & more"},
              "BucketArn": {"Value": {"Fn::GetAtt": ["Bucket", "Arn"]}}}
})";

std::string CreateStackBody(const std::string& name, const std::string& template_body, const std::string& extra) {
  return "Action=CreateStack&Version=2010-05-15&StackName=" + name + "&TemplateBody=" + PercentEncode(template_body) +
         extra;
}

// [SECTION] CloudFormation

TEST(WireQueryTest, CreateStackThenDescribeStacksWithOutputs) {
  LabOptions options;
  options.create_lab_resources = false;
  Lab lab(options);
  HttpResponse r = HandleHttp(
      lab, FormRequest(CreateStackBody("wire-stack", kTemplate,
                                       "&Parameters.member.1.ParameterKey=Suffix&Parameters.member.1.ParameterValue=abc"
                                       "&Capabilities.member.1=CAPABILITY_IAM&DisableRollback=true")));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Header("Content-Type").value_or(""), "text/xml");
  const std::string request_id = std::string(r.Header("x-amzn-RequestId").value_or(""));
  ASSERT_EQ(request_id.size(), 36u);
  EXPECT_EQ(r.body.rfind(std::string("<CreateStackResponse xmlns=\"") + kCfnXmlns + "\"><CreateStackResult><StackId>"
                             "arn:aws:cloudformation:us-east-1:123456789012:stack/wire-stack/", 0), 0u) << r.body;
  EXPECT_NE(r.body.find("</StackId></CreateStackResult><ResponseMetadata><RequestId>" + request_id +
                        "</RequestId></ResponseMetadata></CreateStackResponse>"), std::string::npos) << r.body;

  lab.Advance(5 * kUsPerMinute);
  r = HandleHttp(lab, FormRequest("Action=DescribeStacks&Version=2010-05-15&StackName=wire-stack"));
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string& xml = r.body;
  EXPECT_EQ(xml.rfind(std::string("<DescribeStacksResponse xmlns=\"") + kCfnXmlns + "\"><DescribeStacksResult><Stacks><member>", 0), 0u) << xml;
  EXPECT_EQ(Between(xml, "StackName"), "wire-stack");
  EXPECT_EQ(Between(xml, "StackStatus"), "CREATE_COMPLETE");
  EXPECT_EQ(Between(xml, "CreationTime"), "2026-01-01T00:00:00.000Z");
  EXPECT_EQ(Between(xml, "DisableRollback"), "true");
  EXPECT_EQ(Between(xml, "Capabilities"), "<member>CAPABILITY_IAM</member>");
  // Parameters and Outputs are lists of <member> structures; text is escaped.
  EXPECT_NE(xml.find("<Parameters><member><ParameterKey>Suffix</ParameterKey><ParameterValue>abc</ParameterValue></member>"
                     "<member><ParameterKey>Unused</ParameterKey><ParameterValue>x</ParameterValue></member></Parameters>"),
            std::string::npos) << xml;
  const std::string outputs = Between(xml, "Outputs");
  EXPECT_EQ(Count(outputs, "<member>"), 2u) << outputs;
  EXPECT_NE(outputs.find("<OutputKey>BucketName</OutputKey>"), std::string::npos) << outputs;
  EXPECT_NE(outputs.find("<OutputValue>wire-abc</OutputValue>"), std::string::npos) << outputs;
  EXPECT_NE(outputs.find("<OutputValue>arn:aws:s3:::wire-abc</OutputValue>"), std::string::npos) << outputs;
  EXPECT_NE(outputs.find("<Description>the &lt;bucket&gt; &amp; more</Description>"), std::string::npos) << outputs;
  EXPECT_EQ(Between(xml, "NotificationARNs"), "");  // an empty list is an empty element
  EXPECT_NE(xml.find("<NotificationARNs></NotificationARNs>"), std::string::npos);
  EXPECT_NE(lab.s3().FindBucket("wire-abc"), nullptr);
}

TEST(WireQueryTest, TheLabTemplateNeedsCapabilitiesOverTheWireToo) {
  LabOptions options;
  options.create_lab_resources = false;
  Lab lab(options);
  const uint64_t generation = lab.generation();
  // JS SDK v3 form (captured): plain content type, no charset.
  HttpRequest request = FormRequest(CreateStackBody("firehose-lab", std::string(LabTemplateBody()), ""));
  request.headers[2].value = "application/x-www-form-urlencoded";
  HttpResponse r = HandleHttp(lab, request);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body.rfind(std::string("<ErrorResponse xmlns=\"") + kCfnXmlns + "\"><Error><Type>Sender</Type>"
                             "<Code>InsufficientCapabilitiesException</Code>"
                             "<Message>Requires capabilities : [CAPABILITY_NAMED_IAM]</Message></Error><RequestId>",
                         0), 0u) << r.body;
  EXPECT_EQ(lab.generation(), generation);  // a failed call changes nothing

  request.body += "&Capabilities.member.1=CAPABILITY_NAMED_IAM";
  r = HandleHttp(lab, request);
  ASSERT_EQ(r.status, 200) << r.body;
  lab.Advance(10 * kUsPerMinute);
  EXPECT_EQ(lab.lab_stream_name(), "ie-tech-mba-stream");
}

TEST(WireQueryTest, ValidationErrorXml) {
  LabOptions options;
  options.create_lab_resources = false;
  Lab lab(options);
  HttpResponse r = HandleHttp(lab, FormRequest("Action=DescribeStacks&Version=2010-05-15&StackName=nope"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.Header("Content-Type").value_or(""), "text/xml");
  EXPECT_EQ(Between(r.body, "Type"), "Sender");
  EXPECT_EQ(Between(r.body, "Code"), "ValidationError");
  EXPECT_EQ(Between(r.body, "Message"), "Stack with id nope does not exist");
  EXPECT_EQ(Between(r.body, "RequestId"), std::string(r.Header("x-amzn-RequestId").value_or("?")));

  // Bad stack name: the core's validation text, XML-escaped.
  r = HandleHttp(lab, FormRequest(CreateStackBody("1bad", kTemplate, "")));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Between(r.body, "Code"), "ValidationError");
  EXPECT_NE(Between(r.body, "Message").find("at &apos;stackName&apos; failed to satisfy constraint"), std::string::npos);

  // A boolean that is not "true"/"false" is the service's type error, not a crash.
  r = HandleHttp(lab, FormRequest(CreateStackBody("ok", kTemplate, "&DisableRollback=maybe")));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Between(r.body, "Code"), "ValidationError");
  EXPECT_EQ(lab.cloudformation().List().size(), 0u);
}

TEST(WireQueryTest, UnknownActionMissingActionAndBrokenEncoding) {
  Lab lab;
  HttpResponse r = HandleHttp(lab, FormRequest("Action=DescribeEverything&Version=2010-05-15"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Between(r.body, "Code"), "InvalidAction");
  EXPECT_EQ(Between(r.body, "Message"), "Could not find operation DescribeEverything for version 2010-05-15");

  r = HandleHttp(lab, FormRequest("Version=2010-05-15&StackName=x"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Between(r.body, "Code"), "MissingAction");

  r = HandleHttp(lab, FormRequest("Action=DescribeStacks&Version=2010-05-15&StackName=%zz"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Between(r.body, "Code"), "MalformedQueryString");

  // Member paths: 32 parts are read, 33 (or a hundred thousand) are refused.
  std::string key = "StackName";
  for (int i = 1; i < 32; ++i) key += ".a";
  r = HandleHttp(lab, FormRequest("Action=DescribeStacks&Version=2010-05-15&" + key + "=x"));
  EXPECT_EQ(Between(r.body, "Code"), "ValidationError") << r.body;  // StackName is a structure: the type error
  r = HandleHttp(lab, FormRequest("Action=DescribeStacks&Version=2010-05-15&" + key + ".a=x"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Between(r.body, "Code"), "MalformedQueryString");
  std::string deep = "Action=DescribeStacks&Version=2010-05-15&x";
  for (int i = 0; i < 100000; ++i) deep += ".member.1";
  r = HandleHttp(lab, FormRequest(deep + "=1"));
  EXPECT_EQ(Between(r.body, "Code"), "MalformedQueryString");
}

TEST(WireQueryTest, EmptyListAndOutputlessActions) {
  LabOptions options;
  options.create_lab_resources = false;
  Lab lab(options);
  // "Capabilities=" is how the query protocol sends an empty list.
  HttpResponse r = HandleHttp(lab, FormRequest(CreateStackBody("s1", kTemplate,
                                                               "&Parameters.member.1.ParameterKey=Suffix"
                                                               "&Parameters.member.1.ParameterValue=e&Capabilities=")));
  ASSERT_EQ(r.status, 200) << r.body;
  lab.Advance(5 * kUsPerMinute);
  r = HandleHttp(lab, FormRequest("Action=DeleteStack&Version=2010-05-15&StackName=s1"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body.rfind(std::string("<DeleteStackResponse xmlns=\"") + kCfnXmlns + "\"><ResponseMetadata><RequestId>", 0),
            0u) << r.body;
  EXPECT_EQ(r.body.find("DeleteStackResult"), std::string::npos);
}

// [SECTION] CloudWatch

TEST(WireQueryTest, CloudWatchGetMetricStatisticsWithDimensions) {
  Lab lab;
  Json records = Json::array();
  for (int i = 0; i < 4; ++i) records.push_back({{"Data", Base64Encode("x")}});
  ASSERT_TRUE(lab.Call("Firehose", "PutRecordBatch", {{"DeliveryStreamName", "ie-tech-mba-stream"}, {"Records", records}}).ok());
  lab.Advance(61 * kUsPerSecond);
  ASSERT_TRUE(lab.Call("Firehose", "PutRecordBatch", {{"DeliveryStreamName", "ie-tech-mba-stream"}, {"Records", records}}).ok());
  lab.Advance(5 * kUsPerMinute);
  // awscli 2.9.19's body (captured).
  const std::string body =
      "Action=GetMetricStatistics&Version=2010-08-01&Namespace=AWS%2FFirehose&MetricName=IncomingRecords"
      "&Dimensions.member.1.Name=DeliveryStreamName&Dimensions.member.1.Value=ie-tech-mba-stream"
      "&StartTime=2026-01-01T00%3A00%3A00Z&EndTime=2026-01-01T01%3A00%3A00Z&Period=60"
      "&Statistics.member.1=Sum&Statistics.member.2=SampleCount";
  HttpResponse r = HandleHttp(lab, FormRequest(body, "monitoring"));
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string& xml = r.body;
  EXPECT_EQ(xml.rfind(std::string("<GetMetricStatisticsResponse xmlns=\"") + kCloudWatchXmlns +
                          "\"><GetMetricStatisticsResult>", 0), 0u) << xml;
  EXPECT_EQ(Between(xml, "Label"), "IncomingRecords");
  const std::string datapoints = Between(xml, "Datapoints");
  EXPECT_EQ(Count(datapoints, "<member>"), 2u) << datapoints;
  // Timestamps are ISO-8601 in the query protocol; the core answers epoch seconds.
  EXPECT_NE(datapoints.find("<Timestamp>2026-01-01T00:00:00.000Z</Timestamp>"), std::string::npos) << datapoints;
  EXPECT_NE(datapoints.find("<Timestamp>2026-01-01T00:01:00.000Z</Timestamp>"), std::string::npos) << datapoints;
  EXPECT_NE(datapoints.find("<Sum>4.0</Sum>"), std::string::npos) << datapoints;
  EXPECT_NE(datapoints.find("<Unit>Count</Unit>"), std::string::npos) << datapoints;

  // Without the dimension the metric is a different one: no datapoints.
  const std::string no_dims =
      "Action=GetMetricStatistics&Version=2010-08-01&Namespace=AWS%2FFirehose&MetricName=IncomingRecords"
      "&StartTime=2026-01-01T00%3A00%3A00Z&EndTime=2026-01-01T01%3A00%3A00Z&Period=60&Statistics.member.1=Sum";
  r = HandleHttp(lab, FormRequest(no_dims, "monitoring"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("<Datapoints></Datapoints>"), std::string::npos) << r.body;
}

TEST(WireQueryTest, CloudWatchGetMetricDataNestedMembersAndErrors) {
  Lab lab;
  Json records = Json::array({{{"Data", Base64Encode("a")}}, {{"Data", Base64Encode("b")}}});
  ASSERT_TRUE(lab.Call("Firehose", "PutRecordBatch", {{"DeliveryStreamName", "ie-tech-mba-stream"}, {"Records", records}}).ok());
  lab.Advance(5 * kUsPerMinute);
  const std::string body =
      "Action=GetMetricData&Version=2010-08-01&MetricDataQueries.member.1.Id=m1"
      "&MetricDataQueries.member.1.MetricStat.Metric.Namespace=AWS%2FFirehose"
      "&MetricDataQueries.member.1.MetricStat.Metric.MetricName=IncomingRecords"
      "&MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name=DeliveryStreamName"
      "&MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Value=ie-tech-mba-stream"
      "&MetricDataQueries.member.1.MetricStat.Period=60&MetricDataQueries.member.1.MetricStat.Stat=Sum"
      "&MetricDataQueries.member.1.ReturnData=true"
      "&StartTime=2026-01-01T00%3A00%3A00Z&EndTime=2026-01-01T01%3A00%3A00Z";
  HttpResponse r = HandleHttp(lab, FormRequest(body, "monitoring"));
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string results = Between(r.body, "MetricDataResults");
  EXPECT_NE(results.find("<Id>m1</Id>"), std::string::npos) << results;
  EXPECT_EQ(Between(results, "Timestamps"), "<member>2026-01-01T00:00:00.000Z</member>");
  EXPECT_EQ(Between(results, "Values"), "<member>2.0</member>");
  EXPECT_EQ(Between(results, "StatusCode"), "Complete");

  // Period that is not a number: CloudWatch's InvalidParameterValue, with the monitoring namespace.
  std::string bad = body;
  bad.replace(bad.find("MetricStat.Period=60"), 20, "MetricStat.Period=abc");
  r = HandleHttp(lab, FormRequest(bad, "monitoring"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body.rfind(std::string("<ErrorResponse xmlns=\"") + kCloudWatchXmlns + "\">", 0), 0u) << r.body;
  EXPECT_EQ(Between(r.body, "Code"), "InvalidParameterValue");
}

TEST(WireQueryTest, PutMetricDataTypesValuesByPath) {
  Lab lab;
  // MetricData.member.N.Value is a double while Dimensions.member.N.Value is a string.
  const std::string body =
      "Action=PutMetricData&Version=2010-08-01&Namespace=Wire"
      "&MetricData.member.1.MetricName=Probe&MetricData.member.1.Value=2.5"
      "&MetricData.member.1.Dimensions.member.1.Name=Kind&MetricData.member.1.Dimensions.member.1.Value=42"
      "&MetricData.member.1.Unit=Count";
  HttpResponse r = HandleHttp(lab, FormRequest(body, "monitoring"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body.find("PutMetricDataResult"), std::string::npos);
  Response stats = lab.Call("CloudWatch", "GetMetricStatistics",
                            {{"Namespace", "Wire"}, {"MetricName", "Probe"},
                             {"Dimensions", Json::array({{{"Name", "Kind"}, {"Value", "42"}}})},
                             {"StartTime", 1767225600 - 600}, {"EndTime", 1767225600 + 600}, {"Period", 60},
                             {"Statistics", Json::array({"Sum"})}});
  ASSERT_TRUE(stats.ok()) << stats.error->message;
  ASSERT_EQ(stats.body["Datapoints"].size(), 1u);
  EXPECT_EQ(stats.body["Datapoints"][0]["Sum"], 2.5);
}

// [SECTION] IAM

TEST(WireQueryTest, IamGetRoleOverQuery) {
  Lab lab;
  const std::string trust = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"firehose.amazonaws.com"},"Action":"sts:AssumeRole"}]})";
  HttpResponse r = HandleHttp(lab, FormRequest("Action=CreateRole&Version=2010-05-08&RoleName=wire-role"
                                               "&AssumeRolePolicyDocument=" + PercentEncode(trust) +
                                               "&MaxSessionDuration=7200", "iam"));
  ASSERT_EQ(r.status, 200) << r.body;
  r = HandleHttp(lab, FormRequest("Action=GetRole&Version=2010-05-08&RoleName=wire-role", "iam"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body.rfind("<GetRoleResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><GetRoleResult><Role>", 0),
            0u) << r.body;
  EXPECT_EQ(Between(r.body, "RoleName"), "wire-role");
  EXPECT_EQ(Between(r.body, "MaxSessionDuration"), "7200");
  EXPECT_EQ(Between(r.body, "Arn"), "arn:aws:iam::123456789012:role/wire-role");
}

}  // namespace
}  // namespace fhl
