// wire_http_test.cpp: HTTP values, percent-encoding, query strings and the XML writer of the wire protocols.
#include <gtest/gtest.h>

#include "core/wire_http.h"
#include "core/wire_xml.h"

namespace fhl {
namespace {

TEST(WireHttpTest, HeadersAreCaseInsensitiveAndFirstWins) {
  HttpRequest request;
  request.headers = {{"X-Amz-Target", "Firehose_20150804.PutRecord"}, {"x-amz-target", "second"}};
  ASSERT_TRUE(request.Header("x-AMZ-target").has_value());
  EXPECT_EQ(*request.Header("x-AMZ-target"), "Firehose_20150804.PutRecord");
  EXPECT_FALSE(request.Header("Content-Type").has_value());
}

TEST(WireHttpTest, TargetSplitsIntoPathAndQuery) {
  HttpRequest request;
  request.target = "/bucket/a%20b?list-type=2&prefix=stocks%2F";
  EXPECT_EQ(request.path(), "/bucket/a%20b");
  EXPECT_EQ(request.query(), "list-type=2&prefix=stocks%2F");
  request.target = "/";
  EXPECT_EQ(request.path(), "/");
  EXPECT_EQ(request.query(), "");
}

TEST(WireHttpTest, SetHeaderReplacesSameNameIgnoringCase) {
  HttpResponse response;
  response.SetHeader("ETag", "\"a\"");
  response.SetHeader("etag", "\"b\"");
  ASSERT_EQ(response.headers.size(), 1u);
  EXPECT_EQ(*response.Header("ETAG"), "\"b\"");
}

TEST(WireHttpTest, PercentDecodeAcceptsEscapesAndRejectsBrokenOnes) {
  EXPECT_EQ(PercentDecode("a%20b%2Fc"), std::string("a b/c"));
  EXPECT_EQ(PercentDecode("a+b"), std::string("a+b"));
  EXPECT_EQ(PercentDecode("a+b", /*form=*/true), std::string("a b"));
  EXPECT_EQ(PercentDecode("%e2%82%AC"), std::string("\xe2\x82\xac"));
  EXPECT_FALSE(PercentDecode("%").has_value());
  EXPECT_FALSE(PercentDecode("ab%4").has_value());
  EXPECT_FALSE(PercentDecode("%zz").has_value());
}

TEST(WireHttpTest, PercentEncodeKeepsUnreservedAndOptionallySlash) {
  EXPECT_EQ(PercentEncode("stocks/2026/a b~-_.é"), "stocks%2F2026%2Fa%20b~-_.%C3%A9");
  EXPECT_EQ(PercentEncode("stocks/2026/a b", /*keep_slash=*/true), "stocks/2026/a%20b");
  EXPECT_EQ(PercentDecode(PercentEncode("any \x01 bytes/+&=")), std::string("any \x01 bytes/+&="));
}

TEST(WireHttpTest, QueryStringKeepsOrderEmptyValuesAndFormSpaces) {
  auto pairs = ParseQueryString("Action=CreateStack&StackName=lab&Capabilities.member.1=CAPABILITY_NAMED_IAM&flag&&x=a+b",
                                /*form=*/true);
  ASSERT_TRUE(pairs.has_value());
  ASSERT_EQ(pairs->size(), 5u);
  EXPECT_EQ((*pairs)[0], (std::pair<std::string, std::string>("Action", "CreateStack")));
  EXPECT_EQ((*pairs)[2].first, "Capabilities.member.1");
  EXPECT_EQ((*pairs)[3], (std::pair<std::string, std::string>("flag", "")));
  EXPECT_EQ((*pairs)[4].second, "a b");
  EXPECT_FALSE(ParseQueryString("a=%G0").has_value());
}

TEST(WireHttpTest, ReasonPhrases) {
  EXPECT_STREQ(HttpReasonPhrase(200), "OK");
  EXPECT_STREQ(HttpReasonPhrase(413), "Payload Too Large");
  EXPECT_STREQ(HttpReasonPhrase(431), "Request Header Fields Too Large");
  EXPECT_STREQ(HttpReasonPhrase(599), "Unknown");
}

TEST(WireXmlTest, WriterNestsEscapesAndClosesWhatIsOpen) {
  XmlWriter w;
  w.Declaration();
  w.Open("ListBucketResult", "http://s3.amazonaws.com/doc/2006-03-01/");
  w.Leaf("Key", "a<b>&\"c'");
  w.Open("Contents");
  w.Empty("Owner");
  EXPECT_EQ(w.Take(),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
            "<Key>a&lt;b&gt;&amp;&quot;c&apos;</Key><Contents><Owner/></Contents></ListBucketResult>");
}

}  // namespace
}  // namespace fhl
