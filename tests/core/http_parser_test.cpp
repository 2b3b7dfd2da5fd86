// http_parser_test.cpp: the incremental HTTP/1.1 request parser and the response serializer of the native server.
#include <gtest/gtest.h>

#include <string>

#include "core/http_parser.h"

namespace fhl {
namespace {

// Feeds everything at once; returns the bytes consumed.
size_t FeedAll(HttpRequestParser& parser, std::string_view data) { return parser.Feed(data); }

// Feeds one byte at a time (every split point of the stream); stops at completion or failure.
size_t FeedBytewise(HttpRequestParser& parser, std::string_view data) {
  size_t used = 0;
  while (used < data.size() && !parser.complete() && !parser.failed()) used += parser.Feed(data.substr(used, 1));
  return used;
}

int FailureOf(std::string_view data, HttpParserLimits limits = HttpParserLimits()) {
  HttpRequestParser parser(limits);
  parser.Feed(data);
  return parser.failed() ? parser.error_status() : 0;
}

TEST(HttpParserTest, ParsesRequestLineHeadersAndContentLengthBody) {
  const std::string raw =
      "POST /?a=1 HTTP/1.1\r\nHost: localhost:4566\r\nX-Amz-Target: Firehose_20150804.PutRecord\r\n"
      "Content-Type: application/x-amz-json-1.1\r\nContent-Length: 11\r\n\r\n{\"a\":\"b c\"}";
  HttpRequestParser parser;
  EXPECT_TRUE(parser.idle());
  ASSERT_EQ(FeedAll(parser, raw), raw.size());
  ASSERT_TRUE(parser.complete());
  EXPECT_TRUE(parser.keep_alive());
  HttpRequest request = parser.TakeRequest();
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.target, "/?a=1");
  EXPECT_EQ(request.path(), "/");
  ASSERT_EQ(request.headers.size(), 4u);
  EXPECT_EQ(*request.Header("x-amz-target"), "Firehose_20150804.PutRecord");
  EXPECT_EQ(request.body, "{\"a\":\"b c\"}");
  EXPECT_TRUE(parser.idle());
  EXPECT_FALSE(parser.complete());
}

TEST(HttpParserTest, ByteAtATimeGivesTheSameRequest) {
  const std::string raw =
      "PUT /bucket/key%20x HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nx-amz-meta-a:   padded value \t\r\n\r\nhello";
  HttpRequestParser parser;
  ASSERT_EQ(FeedBytewise(parser, raw), raw.size());
  ASSERT_TRUE(parser.complete());
  HttpRequest request = parser.TakeRequest();
  EXPECT_EQ(request.method, "PUT");
  EXPECT_EQ(request.target, "/bucket/key%20x");
  EXPECT_EQ(*request.Header("X-Amz-Meta-A"), "padded value");  // optional whitespace trimmed, inner kept
  EXPECT_EQ(request.body, "hello");
}

TEST(HttpParserTest, PipelinedRequestsAreSplitAtTheirBoundaries) {
  const std::string first = "POST /one HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc";
  const std::string second = "GET /two HTTP/1.1\r\nHost: h\r\n\r\n";
  const std::string raw = first + second;
  HttpRequestParser parser;
  const size_t used = parser.Feed(raw);
  ASSERT_EQ(used, first.size());
  ASSERT_TRUE(parser.complete());
  EXPECT_EQ(parser.TakeRequest().body, "abc");
  EXPECT_EQ(parser.Feed(std::string_view(raw).substr(used)), second.size());
  ASSERT_TRUE(parser.complete());
  HttpRequest two = parser.TakeRequest();
  EXPECT_EQ(two.method, "GET");
  EXPECT_EQ(two.target, "/two");
  EXPECT_TRUE(two.body.empty());
}

TEST(HttpParserTest, ChunkedBodyWithExtensionsAndTrailersAtEverySplit) {
  const std::string raw =
      "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5;name=value\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-Checksum: 1\r\n\r\nNEXT";
  for (size_t split = 0; split <= raw.size(); ++split) {
    HttpRequestParser parser;
    size_t used = parser.Feed(std::string_view(raw).substr(0, split));
    if (!parser.complete()) used += parser.Feed(std::string_view(raw).substr(used));
    ASSERT_TRUE(parser.complete()) << "split " << split;
    EXPECT_EQ(used, raw.size() - 4) << "split " << split;  // "NEXT" is left for the next request
    EXPECT_EQ(parser.TakeRequest().body, "helloabcdefghijklmnopqrstuvwxyz") << "split " << split;
  }
}

TEST(HttpParserTest, MalformedChunksAreBadRequests) {
  const std::string head = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n";
  EXPECT_EQ(FailureOf(head + "zz\r\n"), 400);                  // not hex
  EXPECT_EQ(FailureOf(head + "3\r\nabcdef\r\n"), 400);         // more data than the chunk size
  EXPECT_EQ(FailureOf(head + "3 junk\r\nabc\r\n"), 400);       // junk after the size
  EXPECT_EQ(FailureOf(head + std::string(5000, '1')), 400);    // endless size line
  EXPECT_EQ(FailureOf(head + "ffffffffffffffffff\r\n"), 413);  // overflows
  EXPECT_EQ(FailureOf(head + "3\r\nabc\r\n0\r\nno colon\r\n"), 400);
  EXPECT_EQ(FailureOf(head + "3\r\nabc\r\n0\r\n\r\n"), 0);
}

TEST(HttpParserTest, HeadLimitIsInclusive) {
  HttpParserLimits limits;
  limits.max_head_bytes = 200;
  const std::string start = "GET / HTTP/1.1\r\nHost: h\r\nX-Pad: ";
  const std::string end = "\r\n\r\n";
  const std::string exact = start + std::string(200 - start.size() - end.size(), 'p') + end;
  ASSERT_EQ(exact.size(), 200u);
  HttpRequestParser ok(limits);
  ok.Feed(exact);
  EXPECT_TRUE(ok.complete());
  const std::string over = start + std::string(201 - start.size() - end.size(), 'p') + end;
  EXPECT_EQ(FailureOf(over, limits), 431);
  // Without any newline, the limit still holds (no unbounded buffering).
  EXPECT_EQ(FailureOf(std::string(100 * 1024, 'G')), 431);
  HttpParserLimits few;
  few.max_headers = 2;
  EXPECT_EQ(FailureOf("GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\n\r\n", few), 0);
  EXPECT_EQ(FailureOf("GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\n\r\n", few), 431);
}

TEST(HttpParserTest, BodyLimitIsInclusiveForBothFramings) {
  HttpParserLimits limits;
  limits.max_body_bytes = 10;
  HttpRequestParser ok(limits);
  ok.Feed("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n0123456789");
  ASSERT_TRUE(ok.complete());
  EXPECT_EQ(ok.TakeRequest().body.size(), 10u);
  // 413 right after the head, before any body byte.
  HttpRequestParser over(limits);
  over.Feed("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n");
  ASSERT_TRUE(over.failed());
  EXPECT_EQ(over.error_status(), 413);
  EXPECT_FALSE(over.keep_alive());
  const std::string chunked_head = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n";
  EXPECT_EQ(FailureOf(chunked_head + "5\r\n01234\r\n5\r\n56789\r\n0\r\n\r\n", limits), 0);
  EXPECT_EQ(FailureOf(chunked_head + "5\r\n01234\r\n6\r\n", limits), 413);
}

TEST(HttpParserTest, RejectsMalformedHeads) {
  EXPECT_EQ(FailureOf(std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 15)), 400);  // TLS hello
  EXPECT_EQ(FailureOf("GET /\r\n\r\n"), 400);                                         // HTTP/0.9 form
  EXPECT_EQ(FailureOf("GET  / HTTP/1.1\r\nHost: h\r\n\r\n"), 400);                    // double space
  EXPECT_EQ(FailureOf("GET relative HTTP/1.1\r\nHost: h\r\n\r\n"), 400);
  EXPECT_EQ(FailureOf("G(T / HTTP/1.1\r\nHost: h\r\n\r\n"), 400);
  EXPECT_EQ(FailureOf("GET / HTTP/2.0\r\nHost: h\r\n\r\n"), 505);
  EXPECT_EQ(FailureOf("GET / HTTQ/1.1\r\nHost: h\r\n\r\n"), 400);
  EXPECT_EQ(FailureOf("GET / HTTP/1.1\r\n\r\n"), 400);                                // no Host
  EXPECT_EQ(FailureOf("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"), 400);
  EXPECT_EQ(FailureOf("GET / HTTP/1.1\r\nHost: h\r\nNoColon\r\n\r\n"), 400);
  EXPECT_EQ(FailureOf("GET / HTTP/1.1\r\nHost: h\r\nBad Name: x\r\n\r\n"), 400);
  EXPECT_EQ(FailureOf("GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\n folded\r\n\r\n"), 400);
  EXPECT_EQ(FailureOf(std::string("GET / HTTP/1.1\r\nHost: h\r\nA: x\0y\r\n\r\n", 35)), 400);
  EXPECT_EQ(FailureOf("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 12a\r\n\r\n"), 400);
  EXPECT_EQ(FailureOf("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"), 400);
  EXPECT_EQ(FailureOf("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999999\r\n\r\n"), 400);
  EXPECT_EQ(FailureOf("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n"), 400);
  EXPECT_EQ(FailureOf("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n"), 501);
  EXPECT_EQ(FailureOf("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, chunked\r\n\r\n"), 501);
  // The same length twice is one length.
  EXPECT_EQ(FailureOf("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1, 1\r\n\r\nx"), 0);
}

TEST(HttpParserTest, GarbageFailsAtItsFirstLineNotAtTheHeadLimit) {
  HttpRequestParser parser;
  const std::string garbage = "\x01\x02 not http\r\n" + std::string(1000, 'z');
  EXPECT_EQ(parser.Feed(garbage), 13u);  // stops right after the bad request line
  ASSERT_TRUE(parser.failed());
  EXPECT_EQ(parser.error_status(), 400);
  // A good request line waits for the rest of the head.
  HttpRequestParser good;
  good.Feed("GET / HTTP/1.1\r\nHost: h\r\n");
  EXPECT_FALSE(good.failed());
  EXPECT_FALSE(good.complete());
  EXPECT_FALSE(good.idle());
}

TEST(HttpParserTest, FailureIsStickyAndClosesTheConnection) {
  HttpRequestParser parser;
  parser.Feed("BAD\r\n\r\n");
  ASSERT_TRUE(parser.failed());
  EXPECT_FALSE(parser.keep_alive());
  EXPECT_FALSE(parser.error_message().empty());
  EXPECT_EQ(parser.Feed("GET / HTTP/1.1\r\nHost: h\r\n\r\n"), 0u);
  EXPECT_TRUE(parser.failed());
}

TEST(HttpParserTest, ConnectionPersistenceFollowsVersionAndHeader) {
  auto keep = [](std::string_view raw) {
    HttpRequestParser parser;
    parser.Feed(raw);
    EXPECT_TRUE(parser.complete()) << raw;
    return parser.keep_alive();
  };
  EXPECT_TRUE(keep("GET / HTTP/1.1\r\nHost: h\r\n\r\n"));
  EXPECT_FALSE(keep("GET / HTTP/1.1\r\nHost: h\r\nConnection: Close\r\n\r\n"));
  EXPECT_FALSE(keep("GET / HTTP/1.1\r\nHost: h\r\nConnection: TE, close\r\n\r\n"));
  EXPECT_FALSE(keep("GET / HTTP/1.0\r\n\r\n"));  // no Host needed in 1.0
  EXPECT_TRUE(keep("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
}

TEST(HttpParserTest, ExpectContinueIsSignalledOnceWhileTheBodyIsMissing) {
  HttpRequestParser parser;
  parser.Feed("PUT /b/k HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 4\r\n");
  EXPECT_FALSE(parser.wants_continue());  // head not finished
  parser.Feed("\r\n");
  EXPECT_TRUE(parser.wants_continue());
  parser.set_continue_sent();
  EXPECT_FALSE(parser.wants_continue());
  parser.Feed("data");
  ASSERT_TRUE(parser.complete());
  parser.TakeRequest();
  // No body: nothing to wait for. HTTP/1.0 clients do not understand 100.
  parser.Feed("GET / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\n\r\n");
  EXPECT_TRUE(parser.complete());
  EXPECT_FALSE(parser.wants_continue());
  HttpRequestParser old;
  old.Feed("PUT / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
  EXPECT_FALSE(old.wants_continue());
}

TEST(HttpParserTest, ToleratesLeadingBlankLinesBareLfAndAbsoluteForm) {
  HttpRequestParser parser;
  parser.Feed("\r\n\r\nGET http://localhost:4566/bucket?list-type=2 HTTP/1.1\nHost: h\n\n");
  ASSERT_TRUE(parser.complete());
  EXPECT_EQ(parser.TakeRequest().target, "/bucket?list-type=2");
  parser.Feed("GET http://localhost:4566 HTTP/1.1\r\nHost: h\r\n\r\n");
  ASSERT_TRUE(parser.complete());
  EXPECT_EQ(parser.TakeRequest().target, "/");
}

TEST(HttpParserTest, HttpDateIsImfFixdate) {
  EXPECT_EQ(FormatHttpDate(0), "Thu, 01 Jan 1970 00:00:00 GMT");
  EXPECT_EQ(FormatHttpDate(1767225600LL * kUsPerSecond), "Thu, 01 Jan 2026 00:00:00 GMT");
  EXPECT_EQ(FormatHttpDate(1795676228LL * kUsPerSecond + 999999), "Thu, 26 Nov 2026 06:57:08 GMT");
  EXPECT_EQ(FormatHttpDate(-1 * kUsPerSecond), "Wed, 31 Dec 1969 23:59:59 GMT");
}

TEST(HttpParserTest, SerializerAddsFramingDateAndServer) {
  HttpResponse response;
  response.status = 404;
  response.SetHeader("Content-Type", "application/x-amz-json-1.1");
  response.SetHeader("Content-Length", "999");  // framing is the serializer's: the body's real size wins
  response.body = "{\"__type\":\"ResourceNotFoundException\"}";
  HttpWriteOptions options;
  options.date = 1767225600LL * kUsPerSecond;
  const std::string out = SerializeHttpResponse(response, options);
  EXPECT_EQ(out,
            "HTTP/1.1 404 Not Found\r\nContent-Type: application/x-amz-json-1.1\r\n"
            "Date: Thu, 01 Jan 2026 00:00:00 GMT\r\nServer: firehose-lab\r\nContent-Length: 38\r\n\r\n"
            "{\"__type\":\"ResourceNotFoundException\"}");
  options.keep_alive = false;
  EXPECT_NE(SerializeHttpResponse(response, options).find("\r\nConnection: close\r\n\r\n"), std::string::npos);
  options.keep_alive = true;
  options.http10 = true;
  EXPECT_NE(SerializeHttpResponse(response, options).find("\r\nConnection: keep-alive\r\n\r\n"), std::string::npos);
}

TEST(HttpParserTest, HeadKeepsTheHandlersLengthAndSendsNoBody) {
  HttpResponse response;
  response.SetHeader("Content-Length", "1048576");
  response.SetHeader("Date", "Mon, 02 Feb 2026 00:00:00 GMT");
  response.body = "ignored";
  HttpWriteOptions options;
  options.head_request = true;
  const std::string out = SerializeHttpResponse(response, options);
  EXPECT_NE(out.find("\r\nContent-Length: 1048576\r\n"), std::string::npos);
  EXPECT_NE(out.find("Date: Mon, 02 Feb 2026 00:00:00 GMT"), std::string::npos);
  EXPECT_EQ(out.find("Date: Thu"), std::string::npos);  // the handler's Date is kept, not doubled
  EXPECT_EQ(out.substr(out.size() - 4), "\r\n\r\n");
  // Without a handler length, HEAD reports the body's size.
  response.headers.clear();
  EXPECT_NE(SerializeHttpResponse(response, options).find("Content-Length: 7\r\n"), std::string::npos);
}

TEST(HttpParserTest, NoContentHasNoLengthAndUnsafeHeadersAreDropped) {
  HttpResponse response;
  response.status = 204;
  response.body = "x";
  response.SetHeader("X-Evil", "a\r\nSet-Cookie: b");
  response.SetHeader("x-amz-request-id", "r1");
  const std::string out = SerializeHttpResponse(response, HttpWriteOptions());
  EXPECT_EQ(out.rfind("HTTP/1.1 204 No Content\r\n", 0), 0u);
  EXPECT_EQ(out.find("Content-Length"), std::string::npos);
  EXPECT_EQ(out.find("Set-Cookie"), std::string::npos);
  EXPECT_NE(out.find("x-amz-request-id: r1\r\n"), std::string::npos);
  EXPECT_EQ(out.substr(out.size() - 4), "\r\n\r\n");
}

TEST(HttpParserTest, ErrorResponseNamesTheStatus) {
  HttpResponse response = HttpErrorResponse(431, "too big");
  EXPECT_EQ(response.status, 431);
  EXPECT_EQ(response.body, "431 Request Header Fields Too Large: too big\n");
  EXPECT_EQ(*response.Header("Content-Type"), "text/plain; charset=utf-8");
}

}  // namespace
}  // namespace fhl
