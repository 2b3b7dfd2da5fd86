// s3_api_test.cpp: the S3 JSON layer: request reading and error texts, response shapes (SDK member names, ISO-8601
// timestamps, base64 bodies), Range reads, ListObjectsV2 paging through JSON, and "a failed call changes nothing".
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/base64.h"
#include "core/md5.h"
#include "core/object_store.h"
#include "core/s3_api.h"
#include "core/sim_time.h"

namespace fhl {
namespace {

constexpr TimeUs kT0 = 1767225600LL * kUsPerSecond;  // 2026-01-01T00:00:00Z

class S3ApiTest : public ::testing::Test {
 protected:
  Response Call(std::string_view action, const Json& request) { return S3Call(store_, action, request, now_); }
  Json Ok(std::string_view action, const Json& request) {
    Response r = Call(action, request);
    EXPECT_TRUE(r.ok()) << action << ": " << (r.error ? r.error->code + ": " + r.error->message : "");
    return r.body;
  }
  ApiError Err(std::string_view action, const Json& request) {
    Response r = Call(action, request);
    EXPECT_FALSE(r.ok()) << action << " unexpectedly succeeded: " << DumpJson(r.body);
    return r.error.value_or(ApiError{});
  }
  void PutText(const std::string& key, std::string_view text) {
    Ok("PutObject", {{"Bucket", "lab-bucket"}, {"Key", key}, {"Body", Base64Encode(text)}});
  }
  void SetUp() override { Ok("CreateBucket", {{"Bucket", "lab-bucket"}}); }

  ObjectStore store_;
  TimeUs now_ = kT0 + kUsPerMinute;
};

// The decoded Body member, or a marker text when it is missing or not base64 (never aborts).
std::string DecodedBody(const Json& response) {
  auto it = response.find("Body");
  if (it == response.end() || !it->is_string()) return "<no Body>";
  return Base64Decode(it->get<std::string>()).value_or("<bad base64>");
}

void ExpectError(const ApiError& error, const std::string& code, const std::string& message, int http_status) {
  EXPECT_EQ(error.code, code);
  EXPECT_EQ(error.message, message);
  EXPECT_EQ(error.http_status, http_status);
}

// [SECTION] buckets

TEST_F(S3ApiTest, CreateBucketShapesAndErrors) {
  Json created = Ok("CreateBucket", {{"Bucket", "second-bucket"}});
  EXPECT_EQ(created, (Json{{"Location", "/second-bucket"}}));
  // Owned already (us-east-1): 200 with the same answer.
  EXPECT_EQ(Ok("CreateBucket", {{"Bucket", "second-bucket"}}), created);
  ExpectError(Err("CreateBucket", {{"Bucket", "Not_Valid"}}), "InvalidBucketName", "The specified bucket is not valid.",
              400);
  ExpectError(Err("CreateBucket", Json::object()), "ValidationException",
              "1 validation error detected: Value null at 'bucket' failed to satisfy constraint: Member must not be "
              "null",
              400);
  ExpectError(Err("CreateBucket", {{"Bucket", nullptr}}), "ValidationException",
              "1 validation error detected: Value null at 'bucket' failed to satisfy constraint: Member must not be "
              "null",
              400);
  EXPECT_EQ(Err("CreateBucket", {{"Bucket", 42}}).code, "SerializationException");
  EXPECT_EQ(Err("CreateBucket", Json::array()).code, "SerializationException");
}

TEST_F(S3ApiTest, ListBuckets) {
  now_ = kT0 + 2 * kUsPerMinute;
  Ok("CreateBucket", {{"Bucket", "a-first-bucket"}});
  Json listed = Ok("ListBuckets", Json::object());
  ASSERT_TRUE(listed["Buckets"].is_array());
  ASSERT_EQ(listed["Buckets"].size(), 2u);
  EXPECT_EQ(listed["Buckets"][0], (Json{{"Name", "a-first-bucket"}, {"CreationDate", "2026-01-01T00:02:00.000Z"}}));
  EXPECT_EQ(listed["Buckets"][1], (Json{{"Name", "lab-bucket"}, {"CreationDate", "2026-01-01T00:01:00.000Z"}}));
  EXPECT_EQ(listed["Owner"]["DisplayName"], "lab-student");
  const Json& id_json = listed["Owner"]["ID"];
  const std::string id = id_json.is_string() ? id_json.get<std::string>() : "";
  ASSERT_EQ(id.size(), 64u);
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST_F(S3ApiTest, HeadBucket) {
  EXPECT_EQ(Ok("HeadBucket", {{"Bucket", "lab-bucket"}}), (Json{{"BucketRegion", "us-east-1"}}));
  ExpectError(Err("HeadBucket", {{"Bucket", "other-bucket"}}), "NotFound", "Not Found", 404);
}

TEST_F(S3ApiTest, DeleteBucket) {
  PutText("k", "v");
  ExpectError(Err("DeleteBucket", {{"Bucket", "lab-bucket"}}), "BucketNotEmpty",
              "The bucket you tried to delete is not empty", 409);
  ExpectError(Err("DeleteBucket", {{"Bucket", "other-bucket"}}), "NoSuchBucket", "The specified bucket does not exist.",
              404);
  EXPECT_EQ(Ok("DeleteObject", {{"Bucket", "lab-bucket"}, {"Key", "k"}}), Json::object());
  EXPECT_EQ(Ok("DeleteBucket", {{"Bucket", "lab-bucket"}}), Json::object());
  EXPECT_EQ(store_.FindBucket("lab-bucket"), nullptr);
}

// [SECTION] objects

TEST_F(S3ApiTest, PutAndGetRoundTripAllByteValues) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  Json put = Ok("PutObject", {{"Bucket", "lab-bucket"},
                              {"Key", "bin/all-bytes"},
                              {"Body", Base64Encode(bytes)},
                              {"ContentType", "application/x-test"}});
  EXPECT_EQ(put, (Json{{"ETag", "\"e2c865db4162bed963bfaa9ef6ac18f0\""}}));

  now_ += kUsPerHour;  // reading later does not change LastModified
  Json got = Ok("GetObject", {{"Bucket", "lab-bucket"}, {"Key", "bin/all-bytes"}});
  EXPECT_EQ(DecodedBody(got), bytes);
  EXPECT_EQ(got["ContentLength"], 256);
  EXPECT_EQ(got["ContentType"], "application/x-test");
  EXPECT_EQ(got["ETag"], "\"e2c865db4162bed963bfaa9ef6ac18f0\"");
  EXPECT_EQ(got["LastModified"], "2026-01-01T00:01:00.000Z");
  EXPECT_EQ(got["AcceptRanges"], "bytes");
  EXPECT_FALSE(got.contains("ContentRange"));
}

TEST_F(S3ApiTest, PutObjectDefaultsAndReplace) {
  Json put = Ok("PutObject", {{"Bucket", "lab-bucket"}, {"Key", "empty"}});
  EXPECT_EQ(put["ETag"], "\"d41d8cd98f00b204e9800998ecf8427e\"");
  Json got = Ok("GetObject", {{"Bucket", "lab-bucket"}, {"Key", "empty"}});
  EXPECT_EQ(got["Body"], "");
  EXPECT_EQ(got["ContentLength"], 0);
  EXPECT_EQ(got["ContentType"], "binary/octet-stream");

  PutText("empty", "message digest");
  got = Ok("GetObject", {{"Bucket", "lab-bucket"}, {"Key", "empty"}});
  EXPECT_EQ(got["ETag"], "\"f96b697d7cb7938d525a2f31aaf161d0\"");
  EXPECT_EQ(got["ContentLength"], 14);
  EXPECT_EQ(store_.used_bytes(), 14u);
}

TEST_F(S3ApiTest, PutObjectErrors) {
  ExpectError(Err("PutObject", {{"Bucket", "lab-bucket"}, {"Key", "k"}, {"Body", "not base64!"}}), "InvalidArgument",
              "Body is not valid base64.", 400);
  ExpectError(Err("PutObject", Json::object()), "ValidationException",
              "2 validation errors detected: Value null at 'bucket' failed to satisfy constraint: Member must not be "
              "null; Value null at 'key' failed to satisfy constraint: Member must not be null",
              400);
  ExpectError(Err("PutObject", {{"Bucket", "lab-bucket"}}), "ValidationException",
              "1 validation error detected: Value null at 'key' failed to satisfy constraint: Member must not be null",
              400);
  EXPECT_EQ(Err("PutObject", {{"Bucket", "lab-bucket"}, {"Key", "k"}, {"Body", 12}}).code, "SerializationException");
  EXPECT_EQ(Err("PutObject", {{"Bucket", "lab-bucket"}, {"Key", 1}}).code, "SerializationException");
  EXPECT_EQ(Err("PutObject", {{"Bucket", "nope-bucket"}, {"Key", "k"}}).code, "NoSuchBucket");
  ExpectError(Err("PutObject", {{"Bucket", "lab-bucket"}, {"Key", std::string(1025, 'k')}}), "KeyTooLongError",
              "Your key is too long", 400);
  EXPECT_EQ(Err("PutObject", {{"Bucket", "lab-bucket"}, {"Key", ""}}).code, "InvalidArgument");
  store_.set_quota_bytes(3);
  const ApiError full = Err("PutObject", {{"Bucket", "lab-bucket"}, {"Key", "k"}, {"Body", Base64Encode("four")}});
  EXPECT_EQ(full.code, "StorageQuotaExceeded");
  EXPECT_EQ(full.http_status, 400);
  EXPECT_TRUE(store_.FindBucket("lab-bucket")->objects.empty());
}

TEST_F(S3ApiTest, GetObjectErrors) {
  ExpectError(Err("GetObject", {{"Bucket", "lab-bucket"}, {"Key", "missing"}}), "NoSuchKey",
              "The specified key does not exist.", 404);
  ExpectError(Err("GetObject", {{"Bucket", "nope-bucket"}, {"Key", "missing"}}), "NoSuchBucket",
              "The specified bucket does not exist.", 404);
  EXPECT_EQ(Err("GetObject", {{"Key", "k"}}).code, "ValidationException");
  EXPECT_EQ(Err("GetObject", {{"Bucket", "lab-bucket"}, {"Key", "k"}, {"Range", 5}}).code, "SerializationException");
}

TEST_F(S3ApiTest, RangeReads) {
  PutText("digits", "0123456789");
  struct Case {
    const char* range;
    const char* body;
    const char* content_range;
  };
  const Case cases[] = {
      {"bytes=0-4", "01234", "bytes 0-4/10"},  {"bytes=5-", "56789", "bytes 5-9/10"},
      {"bytes=-3", "789", "bytes 7-9/10"},     {"bytes=9-9", "9", "bytes 9-9/10"},
      {"bytes=8-100", "89", "bytes 8-9/10"},   {"bytes=-100", "0123456789", "bytes 0-9/10"},
      {"bytes=0-0", "0", "bytes 0-0/10"},      {"bytes=0-9", "0123456789", "bytes 0-9/10"},
  };
  for (const Case& c : cases) {
    Json got = Ok("GetObject", {{"Bucket", "lab-bucket"}, {"Key", "digits"}, {"Range", c.range}});
    EXPECT_EQ(DecodedBody(got), std::string(c.body)) << c.range;
    EXPECT_EQ(got["ContentRange"], c.content_range) << c.range;
    EXPECT_EQ(got["ContentLength"], std::string(c.body).size()) << c.range;
    EXPECT_EQ(got["ETag"], "\"" + Md5Hex("0123456789") + "\"") << "the ETag is the whole object's";
  }
  for (const char* unsatisfiable : {"bytes=10-", "bytes=10-20", "bytes=-0", "bytes=99-"}) {
    ExpectError(Err("GetObject", {{"Bucket", "lab-bucket"}, {"Key", "digits"}, {"Range", unsatisfiable}}),
                "InvalidRange", "The requested range is not satisfiable", 416);
  }
  // Syntactically invalid ranges are ignored (RFC 7233), as S3 does: the whole object without ContentRange.
  for (const char* ignored : {"bytes=5-2", "items=0-1", "bytes=a-b", "bytes=0-1,3-4", "bytes=", "bytes=--1"}) {
    Json got = Ok("GetObject", {{"Bucket", "lab-bucket"}, {"Key", "digits"}, {"Range", ignored}});
    EXPECT_EQ(DecodedBody(got), std::string("0123456789")) << ignored;
    EXPECT_FALSE(got.contains("ContentRange")) << ignored;
  }
  // Any range of an empty object is unsatisfiable.
  Ok("PutObject", {{"Bucket", "lab-bucket"}, {"Key", "empty"}});
  EXPECT_EQ(Err("GetObject", {{"Bucket", "lab-bucket"}, {"Key", "empty"}, {"Range", "bytes=0-"}}).code, "InvalidRange");
  EXPECT_EQ(Err("GetObject", {{"Bucket", "lab-bucket"}, {"Key", "empty"}, {"Range", "bytes=-1"}}).code, "InvalidRange");
}

TEST_F(S3ApiTest, HeadObject) {
  PutText("stocks/a", "abc");
  Json head = Ok("HeadObject", {{"Bucket", "lab-bucket"}, {"Key", "stocks/a"}});
  EXPECT_EQ(head, (Json{{"AcceptRanges", "bytes"},
                        {"ContentLength", 3},
                        {"ContentType", "binary/octet-stream"},
                        {"ETag", "\"900150983cd24fb0d6963f7d28e17f72\""},
                        {"LastModified", "2026-01-01T00:01:00.000Z"}}));
  Json ranged = Ok("HeadObject", {{"Bucket", "lab-bucket"}, {"Key", "stocks/a"}, {"Range", "bytes=1-"}});
  EXPECT_EQ(ranged["ContentLength"], 2);
  EXPECT_EQ(ranged["ContentRange"], "bytes 1-2/3");
  EXPECT_FALSE(ranged.contains("Body"));
  ExpectError(Err("HeadObject", {{"Bucket", "lab-bucket"}, {"Key", "stocks/b"}}), "NotFound", "Not Found", 404);
  ExpectError(Err("HeadObject", {{"Bucket", "nope-bucket"}, {"Key", "stocks/a"}}), "NotFound", "Not Found", 404);
}

TEST_F(S3ApiTest, DeleteObject) {
  PutText("k", "v");
  EXPECT_EQ(Ok("DeleteObject", {{"Bucket", "lab-bucket"}, {"Key", "k"}}), Json::object());
  EXPECT_EQ(Err("GetObject", {{"Bucket", "lab-bucket"}, {"Key", "k"}}).code, "NoSuchKey");
  EXPECT_EQ(Ok("DeleteObject", {{"Bucket", "lab-bucket"}, {"Key", "k"}}), Json::object());  // missing: still 204
  EXPECT_EQ(Err("DeleteObject", {{"Bucket", "nope-bucket"}, {"Key", "k"}}).code, "NoSuchBucket");
  EXPECT_EQ(Err("DeleteObject", {{"Bucket", "lab-bucket"}}).code, "ValidationException");
}

// [SECTION] ListObjectsV2

TEST_F(S3ApiTest, ListObjectsV2Shape) {
  PutText("stocks/2026/01/01/00/ie-tech-mba-stream-1-2026-01-01-00-01-00-1b0f5c7e", "{\"price\":1}\n");
  PutText("stocks/2026/01/01/01/ie-tech-mba-stream-1-2026-01-01-01-01-00-2c1f6d8f", "{\"price\":2}\n");
  PutText("readme.txt", "hi");

  Json flat = Ok("ListObjectsV2", {{"Bucket", "lab-bucket"}});
  EXPECT_EQ(flat["Name"], "lab-bucket");
  EXPECT_EQ(flat["Prefix"], "");
  EXPECT_FALSE(flat.contains("Delimiter"));
  EXPECT_EQ(flat["MaxKeys"], 1000);
  EXPECT_EQ(flat["KeyCount"], 3);
  EXPECT_EQ(flat["IsTruncated"], false);
  EXPECT_FALSE(flat.contains("CommonPrefixes"));
  EXPECT_FALSE(flat.contains("NextContinuationToken"));
  EXPECT_FALSE(flat.contains("ContinuationToken"));
  EXPECT_FALSE(flat.contains("StartAfter"));
  ASSERT_EQ(flat["Contents"].size(), 3u);
  EXPECT_EQ(flat["Contents"][0], (Json{{"Key", "readme.txt"},
                                       {"LastModified", "2026-01-01T00:01:00.000Z"},
                                       {"ETag", "\"49f68a5c8493ec2c0bf489821c21fc3b\""},
                                       {"Size", 2},
                                       {"StorageClass", "STANDARD"}}));
  EXPECT_EQ(flat["Contents"][1]["Key"], "stocks/2026/01/01/00/ie-tech-mba-stream-1-2026-01-01-00-01-00-1b0f5c7e");
  EXPECT_EQ(flat["Contents"][1]["Size"], 12);

  Json root = Ok("ListObjectsV2", {{"Bucket", "lab-bucket"}, {"Delimiter", "/"}});
  EXPECT_EQ(root["Delimiter"], "/");
  EXPECT_EQ(root["CommonPrefixes"], (Json::array({{{"Prefix", "stocks/"}}})));
  EXPECT_EQ(root["KeyCount"], 2);
  EXPECT_EQ(root["Contents"].size(), 1u);

  Json hours = Ok("ListObjectsV2", {{"Bucket", "lab-bucket"}, {"Prefix", "stocks/2026/01/01/"}, {"Delimiter", "/"}});
  EXPECT_EQ(hours["Prefix"], "stocks/2026/01/01/");
  EXPECT_EQ(hours["CommonPrefixes"],
            (Json::array({{{"Prefix", "stocks/2026/01/01/00/"}}, {{"Prefix", "stocks/2026/01/01/01/"}}})));
  EXPECT_FALSE(hours.contains("Contents"));

  Json empty = Ok("ListObjectsV2", {{"Bucket", "lab-bucket"}, {"Prefix", "nothing/"}});
  EXPECT_EQ(empty["KeyCount"], 0);
  EXPECT_FALSE(empty.contains("Contents"));
  EXPECT_FALSE(empty.contains("CommonPrefixes"));
}

TEST_F(S3ApiTest, ListObjectsV2PagingThroughJson) {
  std::vector<std::string> expected;
  for (int i = 0; i < 25; ++i) {
    expected.push_back("k/" + std::to_string(100 + i));
    PutText(expected.back(), "x");
  }
  std::vector<std::string> seen;
  Json request = {{"Bucket", "lab-bucket"}, {"MaxKeys", 4}, {"StartAfter", "k/100"}};
  int pages = 0;
  for (;;) {
    Json page = Ok("ListObjectsV2", request);
    ++pages;
    EXPECT_EQ(page["MaxKeys"], 4);
    EXPECT_EQ(page["StartAfter"], "k/100");
    if (request.contains("ContinuationToken")) {
      EXPECT_EQ(page["ContinuationToken"], request["ContinuationToken"]);
    }
    for (const Json& entry : page["Contents"]) {
      seen.push_back(entry["Key"].is_string() ? entry["Key"].get<std::string>() : "?");
    }
    if (page["IsTruncated"] != true) {
      EXPECT_FALSE(page.contains("NextContinuationToken"));
      break;
    }
    ASSERT_TRUE(page["NextContinuationToken"].is_string());
    request["ContinuationToken"] = page["NextContinuationToken"];
    ASSERT_LT(pages, 100);
  }
  EXPECT_EQ(seen, std::vector<std::string>(expected.begin() + 1, expected.end()));
  EXPECT_EQ(pages, 6);  // 24 keys, 4 per page

  Json zero = Ok("ListObjectsV2", {{"Bucket", "lab-bucket"}, {"MaxKeys", 0}});
  EXPECT_EQ(zero["KeyCount"], 0);
  EXPECT_EQ(zero["IsTruncated"], false);
  EXPECT_EQ(zero["MaxKeys"], 0);
  Json most = Ok("ListObjectsV2", {{"Bucket", "lab-bucket"}, {"MaxKeys", 2147483647}});
  EXPECT_EQ(most["MaxKeys"], 2147483647);
  EXPECT_EQ(most["KeyCount"], 25);
}

TEST_F(S3ApiTest, ListObjectsV2Errors) {
  for (const Json& max_keys : {Json(-1), Json(2147483648LL), Json(-2147483649LL)}) {
    ExpectError(Err("ListObjectsV2", {{"Bucket", "lab-bucket"}, {"MaxKeys", max_keys}}), "InvalidArgument",
                "Provided max-keys not an integer or within integer range", 400);
  }
  EXPECT_EQ(Err("ListObjectsV2", {{"Bucket", "lab-bucket"}, {"MaxKeys", "5"}}).code, "SerializationException");
  EXPECT_EQ(Err("ListObjectsV2", {{"Bucket", "lab-bucket"}, {"MaxKeys", 1.5}}).code, "SerializationException");
  for (const char* token : {"", "bad token", "Zm9vYmFy"}) {
    ExpectError(Err("ListObjectsV2", {{"Bucket", "lab-bucket"}, {"ContinuationToken", token}}), "InvalidArgument",
                "The continuation token provided is incorrect", 400);
  }
  ExpectError(Err("ListObjectsV2", {{"Bucket", "nope-bucket"}}), "NoSuchBucket", "The specified bucket does not exist.",
              404);
  EXPECT_EQ(Err("ListObjectsV2", {{"Bucket", "lab-bucket"}, {"Prefix", Json::array()}}).code, "SerializationException");
  EXPECT_EQ(Err("ListObjectsV2", {{"Prefix", "x"}}).code, "ValidationException");
}

// [SECTION] dispatch and atomicity

TEST_F(S3ApiTest, UnknownAction) {
  ApiError error = Err("PutBucketPolicy", {{"Bucket", "lab-bucket"}});
  EXPECT_EQ(error.code, "UnknownOperationException");
  EXPECT_EQ(error.message, "The operation PutBucketPolicy is not supported by S3 in this lab.");
}

TEST_F(S3ApiTest, FailedCallsChangeNothing) {
  PutText("keep", "kept");
  const uint64_t generation = store_.generation();
  const uint64_t used_bytes = store_.used_bytes();
  const std::vector<std::pair<const char*, Json>> failing = {
      {"CreateBucket", {{"Bucket", "x"}}},
      {"CreateBucket", {{"Bucket", 1}}},
      {"DeleteBucket", {{"Bucket", "lab-bucket"}}},
      {"DeleteBucket", {{"Bucket", "nope-bucket"}}},
      {"PutObject", {{"Bucket", "lab-bucket"}, {"Key", "keep"}, {"Body", "%%%%"}}},
      {"PutObject", {{"Bucket", "lab-bucket"}, {"Body", Base64Encode("x")}}},
      {"PutObject", {{"Bucket", "lab-bucket"}, {"Key", "keep"}, {"ContentType", 7}}},
      {"PutObject", {{"Bucket", "nope-bucket"}, {"Key", "keep"}}},
      {"DeleteObject", {{"Bucket", "nope-bucket"}, {"Key", "keep"}}},
      {"DeleteObject", {{"Bucket", "lab-bucket"}, {"Key", 3}}},
      {"GetObject", {{"Bucket", "lab-bucket"}, {"Key", "keep"}, {"Range", "bytes=50-"}}},
      {"ListObjectsV2", {{"Bucket", "lab-bucket"}, {"ContinuationToken", "x"}}},
      {"Nope", Json::object()},
  };
  for (const auto& [action, request] : failing) {
    EXPECT_FALSE(Call(action, request).ok()) << action << " " << DumpJson(request);
    EXPECT_EQ(store_.generation(), generation) << action;
    EXPECT_EQ(store_.used_bytes(), used_bytes) << action;
  }
  Json got = Ok("GetObject", {{"Bucket", "lab-bucket"}, {"Key", "keep"}});
  EXPECT_EQ(DecodedBody(got), std::string("kept"));
  EXPECT_EQ(Ok("ListBuckets", Json::object())["Buckets"].size(), 1u);
}

}  // namespace
}  // namespace fhl
