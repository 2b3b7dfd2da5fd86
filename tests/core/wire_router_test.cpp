// wire_router_test.cpp: HandleHttp's protocol pick (X-Amz-Target -> JSON RPC, form/Action -> query, else S3 REST),
// the query protocol's service pick (SigV4 scope, Version, Host) and the request ids.
#include <gtest/gtest.h>

#include <set>
#include <vector>
#include <string>

#include "core/lab.h"
#include "core/wire_common.h"
#include "core/wire_router.h"

namespace fhl {
namespace {

HttpRequest Post(const std::string& body, std::vector<HttpHeader> headers) {
  HttpRequest r;
  r.method = "POST";
  r.target = "/";
  r.headers = std::move(headers);
  r.body = body;
  return r;
}

std::string Auth(const std::string& service) {
  return "AWS4-HMAC-SHA256 Credential=AK/20260101/us-east-1/" + service +
         "/aws4_request, SignedHeaders=host;x-amz-date, Signature=00";
}

bool IsJson(const HttpResponse& r) { return r.Header("Content-Type").value_or("").find("x-amz-json") != std::string_view::npos; }
bool IsQueryXml(const HttpResponse& r) { return r.Header("Content-Type").value_or("") == "text/xml"; }

TEST(WireRouterTest, TargetHeaderPicksJsonRpcWhateverTheBody) {
  Lab lab;
  // Even a body that looks like a form goes to JSON RPC when X-Amz-Target is present (and is malformed JSON there).
  HttpResponse r = HandleHttp(lab, Post("Action=DescribeStacks", {{"x-amz-target", "Firehose_20150804.ListDeliveryStreams"},
                                                                  {"Content-Type", "application/x-amz-json-1.1"}}));
  EXPECT_TRUE(IsJson(r));
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("SerializationException"), std::string::npos) << r.body;
}

TEST(WireRouterTest, FormBodiesPickTheQueryProtocol) {
  LabOptions options;
  options.create_lab_resources = false;
  Lab lab(options);
  // Content type with and without charset (botocore / JS SDK), and a bare Action= body without a content type.
  for (const char* content_type : {"application/x-www-form-urlencoded; charset=utf-8", "application/x-www-form-urlencoded", ""}) {
    std::vector<HttpHeader> headers = {{"Authorization", Auth("cloudformation")}};
    if (*content_type) headers.push_back({"Content-Type", content_type});
    HttpResponse r = HandleHttp(lab, Post("Action=ListStacks&Version=2010-05-15", headers));
    EXPECT_EQ(r.status, 200) << content_type << ": " << r.body;
    EXPECT_TRUE(IsQueryXml(r)) << content_type;
    EXPECT_EQ(r.body.rfind("<ListStacksResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\">", 0), 0u)
        << r.body;
  }
  // The query protocol's GET form.
  HttpRequest get;
  get.method = "GET";
  get.target = "/?Action=ListStacks&Version=2010-05-15";
  HttpResponse r = HandleHttp(lab, get);
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(IsQueryXml(r));
}

TEST(WireRouterTest, QueryServiceFromScopeThenVersionThenHost) {
  Lab lab;
  const std::string form = "application/x-www-form-urlencoded";
  // Scope alone (no Version): monitoring -> CloudWatch.
  HttpResponse r = HandleHttp(lab, Post("Action=ListMetrics&Namespace=AWS%2FFirehose",
                                        {{"Content-Type", form}, {"Authorization", Auth("monitoring")}}));
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body.rfind("<ListMetricsResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">", 0), 0u) << r.body;
  // Version alone (unsigned): 2010-05-15 -> CloudFormation.
  r = HandleHttp(lab, Post("Action=ListStacks&Version=2010-05-15", {{"Content-Type", form}}));
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("ListStacksResult"), std::string::npos);
  // Host alone.
  r = HandleHttp(lab, Post("Action=ListStacks", {{"Content-Type", form}, {"Host", "cloudformation.us-east-1.amazonaws.com"}}));
  EXPECT_EQ(r.status, 200) << r.body;
  // Nothing tells the service: an InvalidAction error, not a guess.
  r = HandleHttp(lab, Post("Action=ListStacks", {{"Content-Type", form}}));
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("<Code>InvalidAction</Code>"), std::string::npos) << r.body;
  // The scope wins over a Version of another service: CloudFormation has no ListMetrics.
  r = HandleHttp(lab, Post("Action=ListMetrics&Version=2010-08-01",
                           {{"Content-Type", form}, {"Authorization", Auth("cloudformation")}}));
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("<Code>InvalidAction</Code>"), std::string::npos) << r.body;
}

TEST(WireRouterTest, EverythingElseGoesToS3) {
  Lab lab;
  HttpRequest list;
  list.method = "GET";
  list.target = "/" + lab.lab_bucket_name() + "?list-type=2";
  list.headers = {{"Authorization", Auth("s3")}};
  HttpResponse r = HandleHttp(lab, list);
  EXPECT_FALSE(IsJson(r));
  EXPECT_EQ(r.body.find("<ErrorResponse"), std::string::npos) << r.body;  // not the query protocol's error
  // A PUT whose object happens to be form-encoded is still an S3 upload, not a query call.
  HttpRequest put;
  put.method = "PUT";
  put.target = "/" + lab.lab_bucket_name() + "/form.txt";
  put.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Authorization", Auth("s3")}};
  put.body = "Action=CreateStack&Version=2010-05-15";
  r = HandleHttp(lab, put);
  EXPECT_FALSE(IsJson(r));
  EXPECT_EQ(r.body.find("CreateStackResponse"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("<ErrorResponse"), std::string::npos) << r.body;
}

TEST(WireRouterTest, OddRequestsGetAnErrorNeverACrash) {
  Lab lab;
  const uint64_t generation = lab.generation();
  const std::string form = "application/x-www-form-urlencoded";
  const std::vector<HttpRequest> requests = {
      Post("", {{"X-Amz-Target", ""}}),
      Post("", {{"X-Amz-Target", "."}}),
      Post("{}", {{"X-Amz-Target", "FirehoseLab."}}),
      Post(std::string("\x00\xff{\"a\":", 6), {{"X-Amz-Target", "AWSGlue.GetDatabase"}}),
      Post("{\"Name\": \"\xff\xfe\"}", {{"X-Amz-Target", "AWSGlue.GetDatabase"}}),
      Post("Action=", {{"Content-Type", form}, {"Authorization", "AWS4-HMAC-SHA256 Credential="}}),
      Post("Action=ListStacks&Version=2010-05-15&&=&a.member.0=1&a.member.x=2&.=3", {{"Content-Type", form}}),
      Post("Action=ListStacks", {{"Content-Type", form}, {"Authorization", "Credential=AK/20260101/us-east-1"}}),
      Post("%", {{"Content-Type", form}}),
  };
  for (const HttpRequest& request : requests) {
    HttpResponse r = HandleHttp(lab, request);
    EXPECT_GE(r.status, 200) << request.body;
    EXPECT_LT(r.status, 500) << request.body << " -> " << r.body;
    EXPECT_TRUE(r.Header("Content-Type").has_value()) << request.body;
  }
  EXPECT_EQ(lab.generation(), generation);
}

TEST(WireRouterTest, RequestIdsAreUuidShapedAndDistinct) {
  Lab lab;
  std::set<std::string> ids;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = NextWireRequestId(lab);
    ASSERT_EQ(id.size(), 36u);
    EXPECT_EQ(id[8], '-');
    EXPECT_EQ(id[14], '4');  // version 4
    EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos) << id;
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 1000u);
}

TEST(WireRouterTest, TimestampMembersPerService) {
  EXPECT_TRUE(IsTimestampMember("Firehose", "CreateTimestamp"));
  EXPECT_TRUE(IsTimestampMember("Athena", "SubmissionDateTime"));
  EXPECT_TRUE(IsTimestampMember("Glue", "CreateTime"));
  EXPECT_TRUE(IsTimestampMember("CloudWatch", "Timestamps"));
  EXPECT_TRUE(IsTimestampMember("CloudFormation", "LastUpdatedTime"));
  EXPECT_FALSE(IsTimestampMember("Firehose", "CreateTime"));  // per service, not a global list
  EXPECT_FALSE(IsTimestampMember("CloudWatch", "Value"));
  EXPECT_FALSE(IsTimestampMember("Lab", "Now"));
}

}  // namespace
}  // namespace fhl
