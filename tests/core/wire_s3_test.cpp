// wire_s3_test.cpp: S3 REST-XML over a real Lab: each operation's status, headers and XML, path vs virtual-host
// addressing, encoding-type=url, Range, aws-chunked bodies, Content-MD5 / CRC32 checks, paging, errors, 501s.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/base64.h"
#include "core/lab.h"
#include "core/md5.h"
#include "core/wire_http.h"
#include "core/wire_router.h"
#include "test_util.h"

namespace fhl {
namespace {

constexpr const char* kBucket = "wire-bucket";

class WireS3Test : public ::testing::Test {
 protected:
  void SetUp() override {
    HttpResponse created = Send("PUT", "/" + std::string(kBucket));
    ASSERT_EQ(created.status, 200) << created.body;
  }

  HttpResponse Send(std::string method, std::string target, std::string body = "",
                    std::vector<HttpHeader> headers = {}, std::string host = "127.0.0.1:4566") {
    HttpRequest request;
    request.method = std::move(method);
    request.target = std::move(target);
    request.body = std::move(body);
    request.headers = std::move(headers);
    if (!host.empty()) request.headers.push_back({"Host", std::move(host)});
    return HandleS3Rest(lab_, request);
  }

  HttpResponse Put(const std::string& key, const std::string& body, std::vector<HttpHeader> headers = {}) {
    return Send("PUT", "/" + std::string(kBucket) + "/" + key, body, std::move(headers));
  }

  // The stored bytes through the JSON API, or nullopt when the key does not exist.
  std::optional<std::string> Stored(const std::string& key, const std::string& bucket = kBucket) {
    Response r = lab_.Call("S3", "GetObject", Json{{"Bucket", bucket}, {"Key", key}});
    if (!r.ok()) return std::nullopt;
    return Base64Decode(r.body["Body"].get<std::string>());
  }

  static std::string Header(const HttpResponse& r, std::string_view name) {
    return std::string(r.Header(name).value_or("<none>"));
  }

  Lab lab_{test::EmptyLab()};
};

bool Contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

// [SECTION] service and buckets

TEST_F(WireS3Test, ListBucketsIsNamespacedXmlWithOwnerAndCreationDate) {
  Send("PUT", "/another-bucket");
  HttpResponse r = Send("GET", "/");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(Header(r, "Content-Type"), "application/xml");
  EXPECT_EQ(Header(r, "x-amz-request-id").size(), 16u);
  EXPECT_NE(Header(r, "x-amz-id-2"), "<none>");
  EXPECT_FALSE(r.Header("Content-Length")) << "the transport adds Content-Length";
  EXPECT_TRUE(Contains(r.body, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                               "<ListAllMyBucketsResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Owner><ID>"));
  EXPECT_TRUE(Contains(r.body, "<DisplayName>lab-student</DisplayName></Owner><Buckets>"));
  EXPECT_TRUE(Contains(r.body, "<Bucket><Name>another-bucket</Name><CreationDate>2026-03-14T09:26:00.000Z"
                               "</CreationDate></Bucket><Bucket><Name>wire-bucket</Name>"));
}

TEST_F(WireS3Test, ListBucketsFiltersByPrefixAndRegion) {
  Send("PUT", "/another-bucket");
  HttpResponse r = Send("GET", "/?prefix=ano&max-buckets=5");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(Contains(r.body, "<Name>another-bucket</Name>"));
  EXPECT_FALSE(Contains(r.body, "<Name>wire-bucket</Name>"));
  EXPECT_TRUE(Contains(r.body, "</Buckets><Prefix>ano</Prefix></ListAllMyBucketsResult>")) << r.body;
  EXPECT_TRUE(Contains(Send("GET", "/?bucket-region=us-east-1").body, "<Name>wire-bucket</Name>"));
  EXPECT_TRUE(Contains(Send("GET", "/?bucket-region=eu-west-1").body, "<Buckets></Buckets>"));
  EXPECT_EQ(Send("GET", "/?max-buckets=0").status, 400);
  EXPECT_EQ(Send("GET", "/?max-buckets=10000").status, 200);
}

TEST_F(WireS3Test, CreateHeadAndDeleteBucket) {
  HttpResponse created = Send("PUT", "/new-bucket");
  EXPECT_EQ(created.status, 200);
  EXPECT_EQ(Header(created, "Location"), "/new-bucket");
  EXPECT_TRUE(created.body.empty());

  HttpResponse head = Send("HEAD", "/new-bucket");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(Header(head, "x-amz-bucket-region"), "us-east-1");
  EXPECT_TRUE(head.body.empty());

  HttpResponse deleted = Send("DELETE", "/new-bucket");
  EXPECT_EQ(deleted.status, 204);
  EXPECT_TRUE(deleted.body.empty());
  HttpResponse gone = Send("HEAD", "/new-bucket");
  EXPECT_EQ(gone.status, 404);
  EXPECT_TRUE(gone.body.empty()) << "HEAD errors have no body";
  EXPECT_NE(Header(gone, "x-amz-request-id"), "<none>");
}

TEST_F(WireS3Test, CreateBucketReadsLocationConstraint) {
  const std::string config =
      "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
      "<LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>";
  HttpResponse r = Send("PUT", "/eu-bucket", config);
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(Contains(r.body, "<Code>IllegalLocationConstraintException</Code>")) << r.body;
  EXPECT_FALSE(lab_.Call("S3", "HeadBucket", Json{{"Bucket", "eu-bucket"}}).ok()) << "nothing created";

  HttpResponse empty_config = Send("PUT", "/plain-bucket", "<CreateBucketConfiguration/>");
  EXPECT_EQ(empty_config.status, 200);
}

TEST_F(WireS3Test, BucketErrorsAsS3Xml) {
  Put("k", "x");
  HttpResponse not_empty = Send("DELETE", "/wire-bucket");
  EXPECT_EQ(not_empty.status, 409);
  EXPECT_TRUE(Contains(not_empty.body, "<Error><Code>BucketNotEmpty</Code><Message>The bucket you tried to delete is "
                                       "not empty</Message><BucketName>wire-bucket</BucketName><RequestId>"));

  HttpResponse missing = Send("GET", "/no-such-bucket?list-type=2");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(Header(missing, "Content-Type"), "application/xml");
  EXPECT_EQ(missing.body, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchBucket</Code><Message>The "
                          "specified bucket does not exist.</Message><BucketName>no-such-bucket</BucketName>"
                          "<RequestId>" + Header(missing, "x-amz-request-id") + "</RequestId><HostId>" +
                          Header(missing, "x-amz-id-2") + "</HostId></Error>");

  HttpResponse invalid = Send("PUT", "/Bad_Name");
  EXPECT_EQ(invalid.status, 400);
  EXPECT_TRUE(Contains(invalid.body, "<Code>InvalidBucketName</Code>"));
}

TEST_F(WireS3Test, GetBucketLocationIsEmptyForUsEast1) {
  HttpResponse r = Send("GET", "/wire-bucket?location");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(Contains(r.body, "<LocationConstraint xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                               "</LocationConstraint>")) << r.body;
  EXPECT_EQ(Send("GET", "/missing-bucket?location").status, 404);
}

// [SECTION] addressing

TEST_F(WireS3Test, VirtualHostAndPathStyleAddressTheSameObject) {
  struct Case {
    std::string host;
    std::string target;
  };
  const std::vector<Case> cases = {
      {"127.0.0.1:4566", "/wire-bucket/dir/k.txt"},
      {"localhost:4566", "/wire-bucket/dir/k.txt"},
      {"localhost", "/wire-bucket/dir/k.txt"},
      {"s3.amazonaws.com", "/wire-bucket/dir/k.txt"},
      {"s3.us-east-1.amazonaws.com", "/wire-bucket/dir/k.txt"},
      {"wire-bucket.s3.amazonaws.com", "/dir/k.txt"},
      {"wire-bucket.s3.us-east-1.amazonaws.com", "/dir/k.txt"},
      {"Wire-Bucket.S3.Amazonaws.com:443", "/dir/k.txt"},
      {"wire-bucket.localhost:4566", "/dir/k.txt"},
      {"wire-bucket.localhost", "/dir/k.txt"},
  };
  Put("dir/k.txt", "hello");
  for (const Case& c : cases) {
    HttpResponse r = Send("GET", c.target, "", {}, c.host);
    EXPECT_EQ(r.status, 200) << c.host << " " << c.target << ": " << r.body;
    EXPECT_EQ(r.body, "hello") << c.host;
  }
  // A bucket with dots in a virtual host name; and listing through the virtual host (path "/").
  Send("PUT", "/my.dotted.bucket");
  HttpResponse put = Send("PUT", "/a", "dots", {}, "my.dotted.bucket.s3.us-east-1.amazonaws.com");
  EXPECT_EQ(put.status, 200);
  EXPECT_EQ(Stored("a", "my.dotted.bucket").value_or(""), "dots");
  HttpResponse list = Send("GET", "/?list-type=2", "", {}, "wire-bucket.localhost:4566");
  EXPECT_TRUE(Contains(list.body, "<Name>wire-bucket</Name>")) << list.body;
  EXPECT_TRUE(Contains(list.body, "<Key>dir/k.txt</Key>"));
  // Not a virtual host: an IP address is path style, so "/" is ListBuckets.
  HttpResponse ip_root = Send("GET", "/", "", {}, "127.0.0.1:4566");
  EXPECT_TRUE(Contains(ip_root.body, "<ListAllMyBucketsResult")) << ip_root.body;
}

TEST_F(WireS3Test, KeysArePercentDecodedAndSdkQueryExtrasIgnored) {
  HttpResponse put = Send("PUT", "/wire-bucket/x%20y/%C3%BC+1.txt?x-id=PutObject", "v");
  EXPECT_EQ(put.status, 200);
  EXPECT_EQ(Stored("x y/\xC3\xBC+1.txt").value_or(""), "v") << "'+' in a path is a plus sign";
  // The JS SDK lists with a trailing slash after the bucket.
  HttpResponse list = Send("GET", "/wire-bucket/?list-type=2");
  EXPECT_EQ(list.status, 200);
  EXPECT_TRUE(Contains(list.body, "<Key>x y/\xC3\xBC+1.txt</Key>")) << list.body;
  HttpResponse bad = Send("GET", "/wire-bucket/%zz");
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(Contains(bad.body, "<Code>InvalidURI</Code>"));
}

TEST_F(WireS3Test, PresignedUrlQueryParametersAreIgnored) {
  const std::string presign =
      "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F20260314%2Fus-east-1%2Fs3%2Faws4_request"
      "&X-Amz-Date=20260314T092600Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=abcdef";
  EXPECT_EQ(Send("PUT", "/wire-bucket/signed?" + presign, "via url").status, 200);
  HttpResponse get = Send("GET", "/wire-bucket/signed?" + presign);
  EXPECT_EQ(get.status, 200);
  EXPECT_EQ(get.body, "via url");
}

// [SECTION] objects

TEST_F(WireS3Test, PutGetHeadDeleteObject) {
  HttpResponse put = Put("notes/a.txt", "hello world", {{"Content-Type", "text/plain"}});
  EXPECT_EQ(put.status, 200);
  EXPECT_EQ(Header(put, "ETag"), "\"5eb63bbbe01eeed093cb22bb8f5acdc3\"");
  EXPECT_TRUE(put.body.empty());

  HttpResponse get = Send("GET", "/wire-bucket/notes/a.txt");
  EXPECT_EQ(get.status, 200);
  EXPECT_EQ(get.body, "hello world");
  EXPECT_EQ(Header(get, "ETag"), "\"5eb63bbbe01eeed093cb22bb8f5acdc3\"");
  EXPECT_EQ(Header(get, "Content-Type"), "text/plain");
  EXPECT_EQ(Header(get, "Last-Modified"), "Sat, 14 Mar 2026 09:26:00 GMT");
  EXPECT_EQ(Header(get, "Accept-Ranges"), "bytes");
  EXPECT_FALSE(get.Header("Content-Length")) << "GET: the transport adds Content-Length";
  EXPECT_FALSE(get.Header("Content-Range"));
  EXPECT_EQ(Header(get, "x-amz-server-side-encryption"), "AES256");
  EXPECT_EQ(Header(put, "x-amz-server-side-encryption"), "AES256");

  HttpResponse head = Send("HEAD", "/wire-bucket/notes/a.txt");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(Header(head, "Content-Length"), "11") << "HEAD carries the object's length itself";
  EXPECT_EQ(Header(head, "ETag"), "\"5eb63bbbe01eeed093cb22bb8f5acdc3\"");
  EXPECT_EQ(Header(head, "Content-Type"), "text/plain");

  HttpResponse deleted = Send("DELETE", "/wire-bucket/notes/a.txt");
  EXPECT_EQ(deleted.status, 204);
  EXPECT_FALSE(Stored("notes/a.txt"));
  EXPECT_EQ(Send("DELETE", "/wire-bucket/notes/a.txt").status, 204) << "deleting a missing key succeeds";
}

TEST_F(WireS3Test, PutWithoutContentTypeIsBinaryOctetStreamAndEmptyBodiesWork) {
  Put("empty", "");
  HttpResponse get = Send("GET", "/wire-bucket/empty");
  EXPECT_EQ(get.status, 200);
  EXPECT_EQ(get.body, "");
  EXPECT_EQ(Header(get, "Content-Type"), "binary/octet-stream");
  EXPECT_EQ(Header(get, "ETag"), "\"d41d8cd98f00b204e9800998ecf8427e\"");
  EXPECT_EQ(Header(Send("HEAD", "/wire-bucket/empty"), "Content-Length"), "0");
}

TEST_F(WireS3Test, LastModifiedIsRfc1123InTheLabsTime) {
  lab_.Advance(10 * kUsPerDay + 3 * kUsPerHour + 7 * kUsPerSecond);  // 2026-03-24T12:26:07Z, a Tuesday
  Put("later", "x");
  EXPECT_EQ(Header(Send("HEAD", "/wire-bucket/later"), "Last-Modified"), "Tue, 24 Mar 2026 12:26:07 GMT");
}

TEST_F(WireS3Test, NoSuchKeyXmlAndHeadNotFoundWithoutBody) {
  HttpResponse get = Send("GET", "/wire-bucket/missing%20key");
  EXPECT_EQ(get.status, 404);
  EXPECT_TRUE(Contains(get.body, "<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>"
                                 "<Key>missing key</Key><RequestId>")) << get.body;
  HttpResponse head = Send("HEAD", "/wire-bucket/missing");
  EXPECT_EQ(head.status, 404);
  EXPECT_TRUE(head.body.empty());
  EXPECT_FALSE(head.Header("Content-Length"));
  HttpResponse no_bucket = Send("GET", "/no-such-bucket/k");
  EXPECT_EQ(no_bucket.status, 404);
  EXPECT_TRUE(Contains(no_bucket.body, "<Code>NoSuchBucket</Code>"));
  EXPECT_EQ(Put("k", "x").status, 200);
  EXPECT_EQ(Send("PUT", "/no-such-bucket/k", "x").status, 404);
}

TEST_F(WireS3Test, RangeForms) {
  Put("r", "0123456789");
  struct Case {
    std::string range;
    std::string body;
    std::string content_range;
  };
  const std::vector<Case> cases = {
      {"bytes=0-1", "01", "bytes 0-1/10"},   {"bytes=8-", "89", "bytes 8-9/10"},
      {"bytes=-3", "789", "bytes 7-9/10"},   {"bytes=9-9", "9", "bytes 9-9/10"},
      {"bytes=5-100", "56789", "bytes 5-9/10"}, {"bytes=-20", "0123456789", "bytes 0-9/10"},
  };
  for (const Case& c : cases) {
    HttpResponse r = Send("GET", "/wire-bucket/r", "", {{"Range", c.range}});
    EXPECT_EQ(r.status, 206) << c.range;
    EXPECT_EQ(r.body, c.body) << c.range;
    EXPECT_EQ(Header(r, "Content-Range"), c.content_range) << c.range;
  }
  HttpResponse past_end = Send("GET", "/wire-bucket/r", "", {{"Range", "bytes=10-"}});
  EXPECT_EQ(past_end.status, 416);
  EXPECT_TRUE(Contains(past_end.body, "<Code>InvalidRange</Code><Message>The requested range is not satisfiable"
                                      "</Message><RangeRequested>bytes=10-</RangeRequested>"
                                      "<ActualObjectSize>10</ActualObjectSize>")) << past_end.body;
  HttpResponse ignored = Send("GET", "/wire-bucket/r", "", {{"Range", "bytes=0-1,4-5"}});
  EXPECT_EQ(ignored.status, 200) << "multi-range is ignored, as S3 does";
  EXPECT_EQ(ignored.body, "0123456789");
  HttpResponse head = Send("HEAD", "/wire-bucket/r", "", {{"Range", "bytes=2-4"}});
  EXPECT_EQ(head.status, 206);
  EXPECT_EQ(Header(head, "Content-Length"), "3");
  EXPECT_TRUE(head.body.empty());
}

TEST_F(WireS3Test, ConditionalReadsWithEtags) {
  Put("e", "hello world");
  const std::string etag = "\"5eb63bbbe01eeed093cb22bb8f5acdc3\"";
  HttpResponse not_modified = Send("GET", "/wire-bucket/e", "", {{"If-None-Match", etag}});
  EXPECT_EQ(not_modified.status, 304);
  EXPECT_TRUE(not_modified.body.empty());
  EXPECT_EQ(Header(not_modified, "ETag"), etag);
  EXPECT_EQ(Send("GET", "/wire-bucket/e", "", {{"If-None-Match", "\"other\""}}).status, 200);
  EXPECT_EQ(Send("HEAD", "/wire-bucket/e", "", {{"If-None-Match", "W/" + etag}}).status, 304);
  HttpResponse failed = Send("GET", "/wire-bucket/e", "", {{"If-Match", "\"other\", \"another\""}});
  EXPECT_EQ(failed.status, 412);
  EXPECT_TRUE(Contains(failed.body, "<Code>PreconditionFailed</Code>"));
  HttpResponse matched = Send("GET", "/wire-bucket/e", "", {{"If-Match", "\"other\", " + etag}});
  EXPECT_EQ(matched.status, 200);
  EXPECT_EQ(matched.body, "hello world");
  EXPECT_EQ(Send("GET", "/wire-bucket/missing", "", {{"If-Match", etag}}).status, 404);
}

TEST_F(WireS3Test, ConditionalReadsWithDates) {
  Put("d", "x");  // Last-Modified: Sat, 14 Mar 2026 09:26:00 GMT
  const std::string same = "Sat, 14 Mar 2026 09:26:00 GMT";
  const std::string before = "Sat, 14 Mar 2026 09:25:59 GMT";
  EXPECT_EQ(Send("GET", "/wire-bucket/d", "", {{"If-Modified-Since", same}}).status, 304);
  EXPECT_EQ(Send("GET", "/wire-bucket/d", "", {{"If-Modified-Since", before}}).status, 200);
  EXPECT_EQ(Send("GET", "/wire-bucket/d", "", {{"If-Modified-Since", "yesterday"}}).status, 200) << "ignored";
  EXPECT_EQ(Send("GET", "/wire-bucket/d", "", {{"If-Unmodified-Since", same}}).status, 200);
  EXPECT_EQ(Send("GET", "/wire-bucket/d", "", {{"If-Unmodified-Since", before}}).status, 412);
  // S3: a true If-Match wins over a false If-Unmodified-Since; a false If-None-Match over a true If-Modified-Since.
  EXPECT_EQ(Send("GET", "/wire-bucket/d", "",
                 {{"If-Match", "\"" + Md5Hex("x") + "\""}, {"If-Unmodified-Since", before}}).status, 200);
  EXPECT_EQ(Send("GET", "/wire-bucket/d", "", {{"If-None-Match", "\"other\""}, {"If-Modified-Since", same}}).status,
            200);
}

TEST_F(WireS3Test, ResponseHeaderOverridesOnGet) {
  Put("o", "x");
  HttpResponse r = Send("GET", "/wire-bucket/o?response-content-type=text%2Fcsv&response-content-disposition=inline");
  EXPECT_EQ(Header(r, "Content-Type"), "text/csv");
  EXPECT_EQ(Header(r, "Content-Disposition"), "inline");
}

// [SECTION] request bodies: Content-MD5, checksums, aws-chunked

TEST_F(WireS3Test, ContentMd5MustMatch) {
  HttpResponse good = Put("m", "hello world", {{"Content-MD5", "XrY7u+Ae7tCTyyK7j1rNww=="}});
  EXPECT_EQ(good.status, 200);
  HttpResponse bad = Put("m2", "hello world!", {{"Content-MD5", "XrY7u+Ae7tCTyyK7j1rNww=="}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(Contains(bad.body, "<Code>BadDigest</Code><Message>The Content-MD5 you specified did not match what "
                                 "we received.</Message>"));
  EXPECT_FALSE(Stored("m2")) << "nothing stored";
  HttpResponse overwrite = Put("m", "changed", {{"Content-MD5", "XrY7u+Ae7tCTyyK7j1rNww=="}});
  EXPECT_EQ(overwrite.status, 400);
  EXPECT_EQ(Stored("m").value_or(""), "hello world") << "a failed overwrite keeps the old object";
  HttpResponse invalid = Put("m3", "x", {{"Content-MD5", "not-base64"}});
  EXPECT_EQ(invalid.status, 400);
  EXPECT_TRUE(Contains(invalid.body, "<Code>InvalidDigest</Code>"));
}

TEST_F(WireS3Test, FlexibleChecksumHeadersAreVerifiedAndEchoed) {
  HttpResponse crc32 = Put("c", "hello world", {{"x-amz-sdk-checksum-algorithm", "CRC32"},
                                                {"x-amz-checksum-crc32", "DUoRhQ=="}});
  EXPECT_EQ(crc32.status, 200) << crc32.body;
  EXPECT_EQ(Header(crc32, "x-amz-checksum-crc32"), "DUoRhQ==");
  HttpResponse crc32c = Put("c2", "hello world", {{"x-amz-checksum-crc32c", "yZRlqg=="}});
  EXPECT_EQ(crc32c.status, 200) << crc32c.body;
  HttpResponse wrong = Put("c3", "hello world?", {{"x-amz-checksum-crc32", "DUoRhQ=="}});
  EXPECT_EQ(wrong.status, 400);
  EXPECT_TRUE(Contains(wrong.body, "<Code>BadDigest</Code><Message>The CRC32 you specified did not match the "
                                   "calculated checksum.</Message>"));
  EXPECT_FALSE(Stored("c3"));
  // Checksums the lab cannot compute are accepted unverified and not echoed.
  HttpResponse sha = Put("c4", "x", {{"x-amz-checksum-sha256", "AAAA"}});
  EXPECT_EQ(sha.status, 200);
  EXPECT_FALSE(sha.Header("x-amz-checksum-sha256"));
}

TEST_F(WireS3Test, AwsChunkedSignedBodyIsDecoded) {
  const std::string sig = ";chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n";
  const std::string body = "10" + sig + "0123456789abcdef\r\n" + "5" + sig + "ghijk\r\n" + "0" + sig + "\r\n";
  HttpResponse r = Put("chunked", body,
                       {{"Content-Encoding", "aws-chunked"},
                        {"x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"},
                        {"x-amz-decoded-content-length", "21"}});
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Stored("chunked").value_or(""), "0123456789abcdefghijk");
  EXPECT_EQ(Header(r, "ETag"), "\"" + Md5Hex("0123456789abcdefghijk") + "\"");
}

TEST_F(WireS3Test, AwsChunkedUnsignedTrailerFormWithCrc32) {
  const std::string data = "Hello, chunked world!";  // 21 bytes = 0x15
  const std::vector<HttpHeader> headers = {{"Content-Encoding", "aws-chunked"},
                                           {"x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"},
                                           {"x-amz-trailer", "x-amz-checksum-crc32"},
                                           {"x-amz-decoded-content-length", "21"}};
  HttpResponse ok = Put("t", "15\r\n" + data + "\r\n0\r\nx-amz-checksum-crc32:F/8VHg==\r\n\r\n", headers);
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(Stored("t").value_or(""), data);
  EXPECT_EQ(Header(ok, "x-amz-checksum-crc32"), "F/8VHg==");
  HttpResponse bad = Put("t2", "15\r\n" + data + "\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n", headers);
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(Contains(bad.body, "<Code>BadDigest</Code>"));
  EXPECT_FALSE(Stored("t2"));
}

TEST_F(WireS3Test, CorruptAwsChunkedBodiesStoreNothing) {
  const std::vector<HttpHeader> headers = {{"Content-Encoding", "aws-chunked"},
                                           {"x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"}};
  const std::vector<std::string> bodies = {
      "20;chunk-signature=x\r\nshort\r\n0;chunk-signature=y\r\n\r\n",  // announces 32 bytes, has 5
      "zz;chunk-signature=x\r\nabc\r\n0\r\n\r\n",                        // not hex
      "3;chunk-signature=x\r\nabcX\r\n0\r\n\r\n",                        // no CRLF after the data
      "3\r\nabcXY0\r\n\r\n",                                            // two other bytes instead of CRLF
      "3;chunk-signature=x\r\nabc\r\n",                                  // no final chunk
      "",                                                                // nothing at all
      "3\r\nabc\r\n0\r\n\r\ntrailing junk",                              // data after the end
  };
  for (size_t i = 0; i < bodies.size(); ++i) {
    const std::string key = "bad" + std::to_string(i);
    HttpResponse r = Put(key, bodies[i], headers);
    EXPECT_EQ(r.status, 400) << i;
    EXPECT_TRUE(Contains(r.body, "<Code>IncompleteBody</Code>")) << i << ": " << r.body;
    EXPECT_FALSE(Stored(key)) << i;
  }
  HttpResponse wrong_length = Put("bad-length", "3\r\nabc\r\n0\r\n\r\n",
                                  {{"Content-Encoding", "aws-chunked"}, {"x-amz-decoded-content-length", "4"}});
  EXPECT_EQ(wrong_length.status, 400);
  EXPECT_FALSE(Stored("bad-length"));
  HttpResponse right_length = Put("good-length", "3\r\nabc\r\n0\r\n\r\n",
                                  {{"Content-Encoding", "aws-chunked"}, {"x-amz-decoded-content-length", "3"}});
  EXPECT_EQ(right_length.status, 200);
  EXPECT_EQ(Stored("good-length").value_or(""), "abc");
}

TEST_F(WireS3Test, ConditionalPutIfNoneMatch) {
  EXPECT_EQ(Put("once", "1", {{"If-None-Match", "*"}}).status, 200);
  HttpResponse again = Put("once", "2", {{"If-None-Match", "*"}});
  EXPECT_EQ(again.status, 412);
  EXPECT_TRUE(Contains(again.body, "<Code>PreconditionFailed</Code>"));
  EXPECT_EQ(Stored("once").value_or(""), "1");
}

TEST_F(WireS3Test, CopyObject) {
  Put("src", "payload", {{"Content-Type", "text/plain"}});
  HttpResponse copy = Send("PUT", "/wire-bucket/dst%20copy", "", {{"x-amz-copy-source", "/wire-bucket/src"}});
  EXPECT_EQ(copy.status, 200) << copy.body;
  EXPECT_TRUE(Contains(copy.body, "<CopyObjectResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                                  "<LastModified>2026-03-14T09:26:00.000Z</LastModified><ETag>&quot;" +
                                      Md5Hex("payload") + "&quot;</ETag></CopyObjectResult>")) << copy.body;
  EXPECT_EQ(Stored("dst copy").value_or(""), "payload");
  EXPECT_EQ(Header(Send("HEAD", "/wire-bucket/dst%20copy"), "Content-Type"), "text/plain");
  HttpResponse to_itself = Send("PUT", "/wire-bucket/src", "", {{"x-amz-copy-source", "wire-bucket/src"}});
  EXPECT_EQ(to_itself.status, 400);
  HttpResponse missing = Send("PUT", "/wire-bucket/dst2", "", {{"x-amz-copy-source", "wire-bucket/nope"}});
  EXPECT_EQ(missing.status, 404);
  EXPECT_TRUE(Contains(missing.body, "<Key>nope</Key>"));
  EXPECT_FALSE(Stored("dst2"));
}

// [SECTION] listing

TEST_F(WireS3Test, ListObjectsV2WithDelimiterAndContentsShape) {
  Put("stocks/2026/a.json", "aa");
  Put("stocks/2026/b.json", "bbb");
  Put("stocks/top.json", "t");
  Put("other", "o");
  HttpResponse r = Send("GET", "/wire-bucket?list-type=2&prefix=stocks%2F&delimiter=%2F");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(Contains(r.body, "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>wire-bucket"
                               "</Name><Prefix>stocks/</Prefix><KeyCount>2</KeyCount><MaxKeys>1000</MaxKeys>"
                               "<Delimiter>/</Delimiter><IsTruncated>false</IsTruncated>")) << r.body;
  EXPECT_TRUE(Contains(r.body, "<Contents><Key>stocks/top.json</Key><LastModified>2026-03-14T09:26:00.000Z"
                               "</LastModified><ETag>&quot;" + Md5Hex("t") + "&quot;</ETag><Size>1</Size>"
                               "<StorageClass>STANDARD</StorageClass></Contents>"));
  EXPECT_TRUE(Contains(r.body, "<CommonPrefixes><Prefix>stocks/2026/</Prefix></CommonPrefixes>"));
  EXPECT_FALSE(Contains(r.body, "<Owner>")) << "no owner without fetch-owner";
  EXPECT_FALSE(Contains(r.body, "other"));
  HttpResponse owner = Send("GET", "/wire-bucket?list-type=2&prefix=other&fetch-owner=true");
  EXPECT_TRUE(Contains(owner.body, "<Size>1</Size><Owner><ID>")) << owner.body;
}

TEST_F(WireS3Test, ListObjectsV2EncodingTypeUrlEncodesKeysAndPrefixes) {
  Put("a%20b/%C3%BC+x.txt", "1");  // key "a b/ü+x.txt"
  // The AWS CLI's exact request (aws s3 ls s3://b --recursive).
  HttpResponse r = Send("GET", "/wire-bucket?list-type=2&prefix=&encoding-type=url");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(Contains(r.body, "<Key>a%20b/%C3%BC%2Bx.txt</Key>")) << r.body;
  EXPECT_TRUE(Contains(r.body, "<EncodingType>url</EncodingType>"));
  HttpResponse folded = Send("GET", "/wire-bucket?list-type=2&delimiter=%2F&prefix=a%20&encoding-type=url");
  EXPECT_TRUE(Contains(folded.body, "<Prefix>a%20</Prefix>")) << folded.body;
  EXPECT_TRUE(Contains(folded.body, "<CommonPrefixes><Prefix>a%20b/</Prefix></CommonPrefixes>"));
  HttpResponse raw = Send("GET", "/wire-bucket?list-type=2");
  EXPECT_TRUE(Contains(raw.body, "<Key>a b/\xC3\xBC+x.txt</Key>"));
  EXPECT_FALSE(Contains(raw.body, "EncodingType"));
  HttpResponse bad = Send("GET", "/wire-bucket?list-type=2&encoding-type=base64");
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(Contains(bad.body, "<Message>Invalid Encoding Method specified in Request</Message>"));
}

TEST_F(WireS3Test, ListObjectsV2PagesWithContinuationTokens) {
  for (const char* key : {"k1", "k2", "k3"}) Put(key, "x");
  std::vector<std::string> seen;
  std::string token;
  int pages = 0;
  for (; pages < 10; ++pages) {
    std::string target = "/wire-bucket?list-type=2&max-keys=1";
    if (!token.empty()) target += "&continuation-token=" + PercentEncode(token);
    HttpResponse r = Send("GET", target);
    ASSERT_EQ(r.status, 200) << r.body;
    const size_t key_at = r.body.find("<Key>");
    ASSERT_NE(key_at, std::string::npos) << r.body;
    seen.push_back(r.body.substr(key_at + 5, 2));
    EXPECT_TRUE(Contains(r.body, "<KeyCount>1</KeyCount><MaxKeys>1</MaxKeys>"));
    if (!token.empty()) {
      EXPECT_TRUE(Contains(r.body, "<ContinuationToken>" + token + "</ContinuationToken>"));
    }
    const size_t next_at = r.body.find("<NextContinuationToken>");
    if (next_at == std::string::npos) {
      EXPECT_TRUE(Contains(r.body, "<IsTruncated>false</IsTruncated>"));
      break;
    }
    EXPECT_TRUE(Contains(r.body, "<IsTruncated>true</IsTruncated>"));
    const size_t start = next_at + std::string("<NextContinuationToken>").size();
    token = r.body.substr(start, r.body.find('<', start) - start);
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"k1", "k2", "k3"}));
  EXPECT_EQ(pages, 2) << "three pages: the last one is not truncated";

  // Boundary: exactly max-keys objects fit in one page, which is not truncated.
  HttpResponse exact = Send("GET", "/wire-bucket?list-type=2&max-keys=3");
  EXPECT_TRUE(Contains(exact.body, "<KeyCount>3</KeyCount><MaxKeys>3</MaxKeys><IsTruncated>false</IsTruncated>"));
  EXPECT_FALSE(Contains(exact.body, "NextContinuationToken"));
  HttpResponse one_short = Send("GET", "/wire-bucket?list-type=2&max-keys=2");
  EXPECT_TRUE(Contains(one_short.body, "<IsTruncated>true</IsTruncated>"));

  HttpResponse after = Send("GET", "/wire-bucket?list-type=2&start-after=k2");
  EXPECT_TRUE(Contains(after.body, "<StartAfter>k2</StartAfter>"));
  EXPECT_TRUE(Contains(after.body, "<Key>k3</Key>"));
  EXPECT_FALSE(Contains(after.body, "<Key>k2</Key>"));

  HttpResponse bad_max = Send("GET", "/wire-bucket?list-type=2&max-keys=abc");
  EXPECT_EQ(bad_max.status, 400);
  EXPECT_TRUE(Contains(bad_max.body, "<Code>InvalidArgument</Code>"));
  HttpResponse bad_token = Send("GET", "/wire-bucket?list-type=2&continuation-token=garbage");
  EXPECT_EQ(bad_token.status, 400);
}

TEST_F(WireS3Test, ListObjectsV1WithMarker) {
  for (const char* key : {"a/1", "a/2", "b", "c"}) Put(key, "x");
  HttpResponse first = Send("GET", "/wire-bucket?delimiter=%2F&max-keys=2");
  EXPECT_EQ(first.status, 200);
  EXPECT_TRUE(Contains(first.body, "<Name>wire-bucket</Name><Prefix></Prefix><Marker></Marker>"
                                   "<NextMarker>b</NextMarker><MaxKeys>2</MaxKeys><Delimiter>/</Delimiter>"
                                   "<IsTruncated>true</IsTruncated>")) << first.body;
  EXPECT_TRUE(Contains(first.body, "<Key>b</Key>"));
  EXPECT_TRUE(Contains(first.body, "<Owner><ID>")) << "v1 always lists owners";
  EXPECT_TRUE(Contains(first.body, "<CommonPrefixes><Prefix>a/</Prefix></CommonPrefixes>"));
  HttpResponse second = Send("GET", "/wire-bucket?delimiter=%2F&max-keys=2&marker=b");
  EXPECT_TRUE(Contains(second.body, "<Marker>b</Marker>"));
  EXPECT_TRUE(Contains(second.body, "<IsTruncated>false</IsTruncated>"));
  EXPECT_TRUE(Contains(second.body, "<Key>c</Key>"));
  EXPECT_FALSE(Contains(second.body, "<Key>b</Key>"));
  EXPECT_FALSE(Contains(second.body, "NextMarker"));
  // A marker equal to a common prefix skips that prefix (no endless paging).
  HttpResponse past_prefix = Send("GET", "/wire-bucket?delimiter=%2F&marker=a%2F");
  EXPECT_FALSE(Contains(past_prefix.body, "<CommonPrefixes>")) << past_prefix.body;
  EXPECT_TRUE(Contains(past_prefix.body, "<Key>b</Key>"));
}

TEST_F(WireS3Test, DeleteObjectsDeletesEachKey) {
  for (const char* key : {"a&b", "c", "keep"}) Put(key, "x");
  const std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
      "<Object><Key>a&amp;b</Key></Object><Object><Key>c</Key></Object><Object><Key>missing</Key></Object>"
      "</Delete>";
  const std::string md5 = Base64Encode(std::string(reinterpret_cast<const char*>(Md5Digest(xml).data()), 16));
  HttpResponse r = Send("POST", "/wire-bucket?delete", xml, {{"Content-MD5", md5}});
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(Contains(r.body, "<DeleteResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Deleted><Key>a&amp;b"
                               "</Key></Deleted><Deleted><Key>c</Key></Deleted><Deleted><Key>missing</Key></Deleted>"
                               "</DeleteResult>")) << r.body;
  EXPECT_FALSE(Stored("a&b"));
  EXPECT_FALSE(Stored("c"));
  EXPECT_EQ(Stored("keep").value_or(""), "x");

  const std::string quiet = "<Delete><Object><Key>keep</Key></Object><Quiet>true</Quiet></Delete>";
  const std::string quiet_md5 = Base64Encode(std::string(reinterpret_cast<const char*>(Md5Digest(quiet).data()), 16));
  HttpResponse q = Send("POST", "/wire-bucket?delete", quiet, {{"Content-MD5", quiet_md5}});
  EXPECT_EQ(q.status, 200);
  EXPECT_FALSE(Contains(q.body, "<Deleted>")) << q.body;
  EXPECT_FALSE(Stored("keep"));
}

TEST_F(WireS3Test, DeleteObjectsRejectsBadRequestsAndDeletesNothing) {
  Put("k", "x");
  const std::string xml = "<Delete><Object><Key>k</Key></Object></Delete>";
  HttpResponse no_digest = Send("POST", "/wire-bucket?delete", xml);
  EXPECT_EQ(no_digest.status, 400);
  EXPECT_TRUE(Contains(no_digest.body, "Missing required header for this request: Content-MD5"));
  HttpResponse wrong_digest = Send("POST", "/wire-bucket?delete", xml, {{"Content-MD5", "XrY7u+Ae7tCTyyK7j1rNww=="}});
  EXPECT_EQ(wrong_digest.status, 400);
  EXPECT_TRUE(Contains(wrong_digest.body, "<Code>BadDigest</Code>"));
  for (const std::string& bad : {std::string("<Delete></Delete>"), std::string("not xml"),
                                 std::string("<Delete><Object><Key>k&bogus;</Key></Object></Delete>")}) {
    const std::string md5 = Base64Encode(std::string(reinterpret_cast<const char*>(Md5Digest(bad).data()), 16));
    HttpResponse r = Send("POST", "/wire-bucket?delete", bad, {{"Content-MD5", md5}});
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_TRUE(Contains(r.body, "<Code>MalformedXML</Code>")) << bad;
  }
  const std::string crc = "<Delete><Object><Key>k</Key></Object></Delete>";
  HttpResponse no_bucket = Send("POST", "/no-such-bucket?delete", crc, {{"Content-MD5", "XrY7u+Ae7tCTyyK7j1rNww=="}});
  EXPECT_EQ(no_bucket.status, 400) << "the digest is checked first";
  EXPECT_EQ(Stored("k").value_or(""), "x");
}

// [SECTION] unsupported operations

TEST_F(WireS3Test, UnsupportedOperationsAre501AndChangeNothing) {
  Put("k", "x");
  const uint64_t generation = lab_.generation();
  struct Case {
    std::string method, target, operation;
  };
  const std::vector<Case> cases = {
      {"GET", "/wire-bucket?acl", "GetBucketAcl"},
      {"PUT", "/wire-bucket/k?acl", "PutObjectAcl"},
      {"PUT", "/wire-bucket/k?tagging", "PutObjectTagging"},
      {"POST", "/wire-bucket?tagging", "PostBucketTagging"},
      {"POST", "/wire-bucket/big?uploads", "CreateMultipartUpload"},
      {"PUT", "/wire-bucket/big?partNumber=1&uploadId=abc", "UploadPart"},
      {"DELETE", "/wire-bucket?lifecycle", "DeleteBucketLifecycleConfiguration"},
      {"GET", "/wire-bucket?versions", "ListObjectVersions"},
  };
  for (const Case& c : cases) {
    HttpResponse r = Send(c.method, c.target, "<Delete><Object><Key>k</Key></Object></Delete>");
    EXPECT_EQ(r.status, 501) << c.target;
    EXPECT_TRUE(Contains(r.body, "<Code>NotImplemented</Code><Message>A header you provided implies functionality "
                                 "that is not implemented (" + c.operation + " is not supported by this lab).</Message>"))
        << c.target << ": " << r.body;
  }
  EXPECT_EQ(lab_.generation(), generation);
  EXPECT_EQ(Stored("k").value_or(""), "x");
  EXPECT_FALSE(Stored("big"));
  HttpResponse head = Send("HEAD", "/wire-bucket/k?acl");
  EXPECT_EQ(head.status, 501);
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(Send("POST", "/", "").status, 405);
  HttpResponse version = Send("GET", "/wire-bucket/k?versionId=3HL4kqtJlcpXroDTDmJ");
  EXPECT_EQ(version.status, 400);
  EXPECT_EQ(Send("GET", "/wire-bucket/k?versionId=null").status, 200);
}

}  // namespace
}  // namespace fhl
