// object_store_test.cpp: ObjectStore bucket naming rules, bucket/object lifecycle, storage quota, lazy ETags and
// ListObjectsV2 (byte order, prefix, delimiter folders, paging, tokens, StartAfter). Test-only.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/md5.h"
#include "core/object_store.h"
#include "core/sim_time.h"

namespace fhl {
namespace {

constexpr TimeUs kT0 = 1767225600LL * kUsPerSecond;  // 2026-01-01T00:00:00Z

// [SECTION] helpers

// A Firehose-style key: stocks/yyyy/MM/dd/HH/<stream>-1-yyyy-MM-dd-HH-mm-ss-<uuid>.
std::string FirehoseKey(TimeUs t, int serial) {
  char uuid[40];
  std::snprintf(uuid, sizeof uuid, "%08x-4b1c-4d2e-9f3a-%012x", 0x1b0f5c7eu + static_cast<unsigned>(serial),
                static_cast<unsigned>(serial) * 7919u);
  return "stocks/" + FormatPattern(t, "yyyy/MM/dd/HH/") + "ie-tech-mba-stream-1-" +
         FormatPattern(t, "yyyy-MM-dd-HH-mm-ss") + "-" + uuid;
}

std::vector<std::string> Keys(const ListObjectsV2Result& result) {
  std::vector<std::string> keys;
  for (const S3Object* object : result.contents) keys.push_back(object->key);
  return keys;
}

ListObjectsV2Request List(const std::string& bucket, const std::string& prefix = "", const std::string& delimiter = "",
                          int max_keys = 1000) {
  ListObjectsV2Request request;
  request.bucket = bucket;
  request.prefix = prefix;
  request.delimiter = delimiter;
  request.max_keys = max_keys;
  return request;
}

// Pages through a listing; every key and common prefix in order of return. Fails the test on an error or a page
// larger than max_keys.
std::vector<std::string> ListAllPages(const ObjectStore& store, ListObjectsV2Request request, int* pages = nullptr) {
  std::vector<std::string> items;
  int page_count = 0;
  for (;;) {
    auto page = store.ListObjectsV2(request);
    EXPECT_TRUE(page.ok());
    if (!page.ok()) break;
    ++page_count;
    const ListObjectsV2Result& result = page.value();
    EXPECT_LE(result.key_count, std::min(request.max_keys, 1000));
    EXPECT_EQ(result.key_count, static_cast<int>(result.contents.size() + result.common_prefixes.size()));
    for (const S3Object* object : result.contents) items.push_back(object->key);
    for (const std::string& prefix : result.common_prefixes) items.push_back(prefix);
    if (!result.is_truncated) {
      EXPECT_TRUE(result.next_continuation_token.empty());
      break;
    }
    EXPECT_FALSE(result.next_continuation_token.empty());
    EXPECT_GT(result.key_count, 0);
    request.continuation_token = result.next_continuation_token;
    if (page_count >= 5000) {  // the tests list at most 2,500 items: a listing that does not advance
      ADD_FAILURE() << "paging does not terminate";
      break;
    }
  }
  if (pages) *pages = page_count;
  return items;
}

class ObjectStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(store_.CreateBucket("lab-bucket", kT0).ok()); }
  const S3Object* Put(const std::string& key, std::string body, TimeUs t = kT0) {
    auto put = store_.PutObject("lab-bucket", key, std::move(body), t);
    EXPECT_TRUE(put.ok()) << key << ": " << (put.ok() ? "" : put.error().message);
    return put.ok() ? put.value() : nullptr;
  }
  ObjectStore store_;
};

// [SECTION] bucket naming rules

TEST(BucketNameTest, AcceptsValidNames) {
  const std::string max_length(63, 'a');
  for (const std::string& name :
       {std::string("abc"), std::string("a1b"), std::string("123"), std::string("my.bucket-name.2026"),
        std::string("ie-tech-mba-message-queue-sink-x7k2m9qa-bucket"), max_length, std::string("1.2.3"),
        std::string("1.2.3.4.5"), std::string("1.2.3.4a"), std::string("xn-abc"), std::string("a-s3alias-b"),
        std::string("sthree"), std::string("abc.mrap.x")}) {
    EXPECT_TRUE(ObjectStore::ValidateBucketName(name).ok()) << name;
  }
}

TEST(BucketNameTest, RejectsInvalidNamesWithS3Error) {
  const std::string too_long(64, 'a');
  for (const std::string& name :
       {std::string(""), std::string("ab"), too_long, std::string("Abc"), std::string("my_bucket"),
        std::string("my bucket"), std::string("-abc"), std::string("abc-"), std::string(".abc"),
        std::string("abc."), std::string("a..b"), std::string("192.168.5.4"), std::string("0.0.0.0"),
        std::string("xn--abc"), std::string("sthree-abc"), std::string("amzn-s3-demo-bucket"),
        std::string("abc-s3alias"), std::string("abc--ol-s3"), std::string("abc.mrap"), std::string("abc--x-s3"),
        std::string("abc--table-s3"), std::string("caf\xc3\xa9"), std::string("abc\n")}) {
    Status status = ObjectStore::ValidateBucketName(name);
    ASSERT_FALSE(status.ok()) << name;
    EXPECT_EQ(status.error().code, "InvalidBucketName");
    EXPECT_EQ(status.error().message, "The specified bucket is not valid.");
    EXPECT_EQ(status.error().http_status, 400);
  }
}

TEST(BucketNameTest, LengthBoundaries) {
  EXPECT_FALSE(ObjectStore::ValidateBucketName("ab").ok());
  EXPECT_TRUE(ObjectStore::ValidateBucketName("abc").ok());
  EXPECT_TRUE(ObjectStore::ValidateBucketName(std::string(63, 'z')).ok());
  EXPECT_FALSE(ObjectStore::ValidateBucketName(std::string(64, 'z')).ok());
}

// [SECTION] buckets

TEST(ObjectStoreBucketTest, CreateFindListAndDelete) {
  ObjectStore store;
  EXPECT_EQ(store.generation(), 0u);
  ASSERT_TRUE(store.CreateBucket("zeta-bucket", kT0).ok());
  ASSERT_TRUE(store.CreateBucket("alpha-bucket", kT0 + kUsPerSecond).ok());
  EXPECT_EQ(store.generation(), 2u);
  const Bucket* alpha = store.FindBucket("alpha-bucket");
  ASSERT_NE(alpha, nullptr);
  EXPECT_EQ(alpha->name, "alpha-bucket");
  EXPECT_EQ(alpha->creation_date, kT0 + kUsPerSecond);
  EXPECT_EQ(store.FindBucket("missing-bucket"), nullptr);

  std::vector<const Bucket*> buckets = store.ListBuckets();
  ASSERT_EQ(buckets.size(), 2u);
  EXPECT_EQ(buckets[0]->name, "alpha-bucket");
  EXPECT_EQ(buckets[1]->name, "zeta-bucket");

  ASSERT_TRUE(store.DeleteBucket("zeta-bucket").ok());
  EXPECT_EQ(store.FindBucket("zeta-bucket"), nullptr);
  EXPECT_EQ(store.generation(), 3u);
}

TEST(ObjectStoreBucketTest, CreatingAnOwnedBucketAgainSucceedsAndChangesNothing) {
  ObjectStore store;
  ASSERT_TRUE(store.CreateBucket("my-bucket", kT0).ok());
  ASSERT_TRUE(store.PutObject("my-bucket", "k", "body", kT0).ok());
  const uint64_t generation = store.generation();
  EXPECT_TRUE(store.CreateBucket("my-bucket", kT0 + kUsPerHour).ok());
  EXPECT_EQ(store.generation(), generation);
  EXPECT_EQ(store.FindBucket("my-bucket")->creation_date, kT0);
  EXPECT_EQ(store.FindBucket("my-bucket")->objects.size(), 1u);
}

TEST(ObjectStoreBucketTest, InvalidNameCreatesNothing) {
  ObjectStore store;
  Status status = store.CreateBucket("Bad_Name", kT0);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, "InvalidBucketName");
  EXPECT_TRUE(store.ListBuckets().empty());
  EXPECT_EQ(store.generation(), 0u);
}

TEST(ObjectStoreBucketTest, AtMostMaxBuckets) {
  ObjectStore store;
  for (size_t i = 0; i < ObjectStore::kMaxBuckets; ++i) {
    ASSERT_TRUE(store.CreateBucket("bucket-" + std::to_string(i), kT0).ok()) << i;
  }
  const uint64_t generation = store.generation();
  Status status = store.CreateBucket("one-too-many", kT0);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, "TooManyBuckets");
  EXPECT_EQ(status.error().message, "You have attempted to create more buckets than allowed");
  EXPECT_EQ(status.error().http_status, 400);
  EXPECT_EQ(store.ListBuckets().size(), ObjectStore::kMaxBuckets);
  EXPECT_EQ(store.generation(), generation);
  // Re-creating an existing bucket at the limit is still the us-east-1 no-op success.
  EXPECT_TRUE(store.CreateBucket("bucket-0", kT0).ok());
  // Deleting one makes room for one more.
  ASSERT_TRUE(store.DeleteBucket("bucket-7").ok());
  EXPECT_TRUE(store.CreateBucket("one-too-many", kT0).ok());
}

TEST(ObjectStoreBucketTest, DeleteErrors) {
  ObjectStore store;
  Status missing = store.DeleteBucket("no-such-bucket");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "NoSuchBucket");
  EXPECT_EQ(missing.error().message, "The specified bucket does not exist.");
  EXPECT_EQ(missing.error().http_status, 404);

  ASSERT_TRUE(store.CreateBucket("full-bucket", kT0).ok());
  ASSERT_TRUE(store.PutObject("full-bucket", "a/b", "x", kT0).ok());
  const uint64_t generation = store.generation();
  Status not_empty = store.DeleteBucket("full-bucket");
  ASSERT_FALSE(not_empty.ok());
  EXPECT_EQ(not_empty.error().code, "BucketNotEmpty");
  EXPECT_EQ(not_empty.error().message, "The bucket you tried to delete is not empty");
  EXPECT_EQ(not_empty.error().http_status, 409);
  EXPECT_NE(store.FindBucket("full-bucket"), nullptr);
  EXPECT_EQ(store.generation(), generation);

  ASSERT_TRUE(store.DeleteObject("full-bucket", "a/b").ok());
  EXPECT_TRUE(store.DeleteBucket("full-bucket").ok());
  EXPECT_EQ(store.used_bytes(), 0u);
}

// [SECTION] objects

TEST_F(ObjectStoreTest, PutGetAndReplace) {
  const S3Object* put = store_.PutObject("lab-bucket", "stocks/a.json", "hello", kT0 + 5, "application/json").value();
  EXPECT_EQ(put->key, "stocks/a.json");
  EXPECT_EQ(put->size(), 5u);
  EXPECT_EQ(store_.used_bytes(), 5u);

  auto got = store_.GetObject("lab-bucket", "stocks/a.json");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(*got.value()->body, "hello");
  EXPECT_EQ(got.value()->last_modified, kT0 + 5);
  EXPECT_EQ(got.value()->content_type, "application/json");
  EXPECT_EQ(got.value()->ETag(), "\"5d41402abc4b2a76b9719d911017c592\"");

  // Replacing keeps one object, updates size accounting, body, time, type and ETag; old readers keep their bytes.
  std::shared_ptr<const std::string> old_body = got.value()->body;
  ASSERT_TRUE(store_.PutObject("lab-bucket", "stocks/a.json", "hi", kT0 + 9).ok());
  EXPECT_EQ(store_.used_bytes(), 2u);
  EXPECT_EQ(store_.FindBucket("lab-bucket")->objects.size(), 1u);
  const S3Object* replaced = store_.GetObject("lab-bucket", "stocks/a.json").value();
  EXPECT_EQ(*replaced->body, "hi");
  EXPECT_EQ(replaced->last_modified, kT0 + 9);
  EXPECT_EQ(replaced->content_type, "application/octet-stream");
  EXPECT_EQ(replaced->ETag(), "\"" + Md5Hex("hi") + "\"");
  EXPECT_EQ(*old_body, "hello");

  ASSERT_TRUE(store_.PutObject("lab-bucket", "other", "12345678", kT0).ok());
  EXPECT_EQ(store_.used_bytes(), 10u);
}

TEST_F(ObjectStoreTest, GetErrors) {
  auto no_bucket = store_.GetObject("nope-bucket", "k");
  ASSERT_FALSE(no_bucket.ok());
  EXPECT_EQ(no_bucket.error().code, "NoSuchBucket");
  auto no_key = store_.GetObject("lab-bucket", "k");
  ASSERT_FALSE(no_key.ok());
  EXPECT_EQ(no_key.error().code, "NoSuchKey");
  EXPECT_EQ(no_key.error().message, "The specified key does not exist.");
  EXPECT_EQ(no_key.error().http_status, 404);
}

TEST_F(ObjectStoreTest, PutErrorsChangeNothing) {
  const uint64_t generation = store_.generation();
  auto no_bucket = store_.PutObject("nope-bucket", "k", "x", kT0);
  ASSERT_FALSE(no_bucket.ok());
  EXPECT_EQ(no_bucket.error().code, "NoSuchBucket");
  EXPECT_EQ(no_bucket.error().http_status, 404);

  auto empty_key = store_.PutObject("lab-bucket", "", "x", kT0);
  ASSERT_FALSE(empty_key.ok());
  EXPECT_EQ(empty_key.error().code, "InvalidArgument");
  EXPECT_EQ(empty_key.error().message, "Object key must not be empty.");
  EXPECT_EQ(empty_key.error().http_status, 400);

  auto too_long = store_.PutObject("lab-bucket", std::string(1025, 'k'), "x", kT0);
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error().code, "KeyTooLongError");
  EXPECT_EQ(too_long.error().message, "Your key is too long");
  EXPECT_EQ(too_long.error().http_status, 400);

  EXPECT_EQ(store_.generation(), generation);
  EXPECT_EQ(store_.used_bytes(), 0u);
  EXPECT_TRUE(store_.FindBucket("lab-bucket")->objects.empty());

  // 1 and 1024 bytes are the key length limits that work.
  EXPECT_NE(Put("k", "x"), nullptr);
  EXPECT_NE(Put(std::string(1024, 'k'), "x"), nullptr);
}

TEST_F(ObjectStoreTest, GenerationCountsEverySuccessfulChangeOnly) {
  uint64_t generation = store_.generation();
  Put("a", "1");
  EXPECT_EQ(store_.generation(), ++generation);
  Put("a", "2");  // replace
  EXPECT_EQ(store_.generation(), ++generation);
  ASSERT_TRUE(store_.DeleteObject("lab-bucket", "missing").ok());  // nothing removed
  EXPECT_EQ(store_.generation(), generation);
  ASSERT_TRUE(store_.DeleteObject("lab-bucket", "a").ok());
  EXPECT_EQ(store_.generation(), ++generation);
  // Reads never change it, not even the first ETag computation.
  Put("b", "x");
  ++generation;
  store_.GetObject("lab-bucket", "b").value()->ETag();
  ASSERT_TRUE(store_.ListObjectsV2(List("lab-bucket")).ok());
  EXPECT_EQ(store_.generation(), generation);
}

TEST_F(ObjectStoreTest, DeleteObject) {
  Put("a", "12345");
  Put("b", "123");
  ASSERT_TRUE(store_.DeleteObject("lab-bucket", "a").ok());
  EXPECT_EQ(store_.used_bytes(), 3u);
  EXPECT_FALSE(store_.GetObject("lab-bucket", "a").ok());
  EXPECT_TRUE(store_.DeleteObject("lab-bucket", "a").ok());  // missing key: success, as on S3
  EXPECT_EQ(store_.used_bytes(), 3u);
  Status no_bucket = store_.DeleteObject("nope-bucket", "b");
  ASSERT_FALSE(no_bucket.ok());
  EXPECT_EQ(no_bucket.error().code, "NoSuchBucket");
}

// [SECTION] quota

TEST_F(ObjectStoreTest, QuotaFitsExactlyAndFailsOneByteOver) {
  store_.set_quota_bytes(100);
  Put("first", std::string(60, 'a'));
  Put("second", std::string(40, 'b'));  // exactly at the quota
  EXPECT_EQ(store_.used_bytes(), 100u);

  const uint64_t generation = store_.generation();
  auto over = store_.PutObject("lab-bucket", "third", "c", kT0);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, "StorageQuotaExceeded");
  EXPECT_EQ(over.error().http_status, 400);
  EXPECT_EQ(over.error().message,
            "The lab's object storage is full: 100 bytes quota, 100 bytes in use, this object needs 1 byte. Delete "
            "objects or reset the lab; nothing was written.");
  EXPECT_EQ(store_.used_bytes(), 100u);
  EXPECT_EQ(store_.generation(), generation);
  EXPECT_FALSE(store_.GetObject("lab-bucket", "third").ok());

  // Replacing counts only the difference: 60 -> 61 is one byte over, 60 -> 60 fits.
  auto grow = store_.PutObject("lab-bucket", "first", std::string(61, 'z'), kT0 + 1);
  ASSERT_FALSE(grow.ok());
  EXPECT_EQ(grow.error().code, "StorageQuotaExceeded");
  const S3Object* first = store_.GetObject("lab-bucket", "first").value();
  EXPECT_EQ(*first->body, std::string(60, 'a'));
  EXPECT_EQ(first->last_modified, kT0);
  EXPECT_EQ(store_.generation(), generation);
  EXPECT_NE(Put("first", std::string(60, 'y')), nullptr);
  EXPECT_EQ(store_.used_bytes(), 100u);

  // Shrinking or deleting frees room.
  EXPECT_NE(Put("first", std::string(59, 'y')), nullptr);
  EXPECT_NE(Put("third", "c"), nullptr);
  EXPECT_EQ(store_.used_bytes(), 100u);
}

TEST_F(ObjectStoreTest, QuotaMessageInMiB) {
  store_.set_quota_bytes(3ull << 20);
  Put("big", std::string((5ull << 20) / 2, 'a'));  // 2.5 MiB
  auto over = store_.PutObject("lab-bucket", "more", std::string(1ull << 20, 'b'), kT0);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().message,
            "The lab's object storage is full: 3 MiB quota, 2.5 MiB in use, this object needs 1 MiB. Delete objects "
            "or reset the lab; nothing was written.");
  EXPECT_EQ(ObjectStore().quota_bytes(), 512ull << 20);
}

TEST_F(ObjectStoreTest, ObjectLargerThanWholeQuotaFails) {
  store_.set_quota_bytes(10);
  EXPECT_FALSE(store_.PutObject("lab-bucket", "k", std::string(11, 'x'), kT0).ok());
  EXPECT_NE(Put("k", std::string(10, 'x')), nullptr);
  // A quota lowered below what is stored blocks growth but still allows shrinking replacements and deletes.
  store_.set_quota_bytes(5);
  EXPECT_FALSE(store_.PutObject("lab-bucket", "k2", "x", kT0).ok());
  EXPECT_NE(Put("k", "abc"), nullptr);
  EXPECT_EQ(store_.used_bytes(), 3u);
}

// [SECTION] ETag

TEST_F(ObjectStoreTest, ETagIsQuotedMd5ComputedLazily) {
  const std::pair<const char*, const char*> vectors[] = {
      {"", "d41d8cd98f00b204e9800998ecf8427e"},
      {"a", "0cc175b9c0f1b6a831c399e269772661"},
      {"abc", "900150983cd24fb0d6963f7d28e17f72"},
      {"message digest", "f96b697d7cb7938d525a2f31aaf161d0"},
      {"12345678901234567890123456789012345678901234567890123456789012345678901234567890",
       "57edf4a22be3c955ac49da2e2107b67a"},
  };
  int serial = 0;
  for (const auto& [body, hex] : vectors) {
    const S3Object* object = Put("etag/" + std::to_string(serial++), body);
    ASSERT_NE(object, nullptr);
    EXPECT_TRUE(object->etag_cache.empty()) << "ETag must not be computed on put";
    EXPECT_EQ(object->ETag(), std::string("\"") + hex + "\"");
    EXPECT_EQ(object->etag_cache, std::string("\"") + hex + "\"");
  }
  S3Object bodiless;
  EXPECT_EQ(bodiless.ETag(), "\"d41d8cd98f00b204e9800998ecf8427e\"");
}

// [SECTION] ListObjectsV2

TEST_F(ObjectStoreTest, ListsInByteOrder) {
  for (const char* key : {"~tilde", "b", "\xc3\xa9t\xc3\xa9", "B", "a/b", "a", "a-b", "0"}) Put(key, "x");
  auto listed = store_.ListObjectsV2(List("lab-bucket"));
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(Keys(listed.value()),
            (std::vector<std::string>{"0", "B", "a", "a-b", "a/b", "b", "~tilde", "\xc3\xa9t\xc3\xa9"}));
  EXPECT_FALSE(listed.value().is_truncated);
  EXPECT_EQ(listed.value().key_count, 8);
}

TEST_F(ObjectStoreTest, ListErrors) {
  auto no_bucket = store_.ListObjectsV2(List("nope-bucket"));
  ASSERT_FALSE(no_bucket.ok());
  EXPECT_EQ(no_bucket.error().code, "NoSuchBucket");
  EXPECT_EQ(no_bucket.error().http_status, 404);
  auto negative = store_.ListObjectsV2(List("lab-bucket", "", "", -1));
  ASSERT_FALSE(negative.ok());
  EXPECT_EQ(negative.error().code, "InvalidArgument");
}

TEST_F(ObjectStoreTest, PrefixFilter) {
  for (const char* key : {"stock", "stocks/a", "stocks/b", "stocksx", "errors/a", "st"}) Put(key, "x");
  auto listed = store_.ListObjectsV2(List("lab-bucket", "stocks/"));
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(Keys(listed.value()), (std::vector<std::string>{"stocks/a", "stocks/b"}));
  auto none = store_.ListObjectsV2(List("lab-bucket", "zzz"));
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none.value().key_count, 0);
  EXPECT_FALSE(none.value().is_truncated);
  auto exact = store_.ListObjectsV2(List("lab-bucket", "stock"));
  EXPECT_EQ(Keys(exact.value()), (std::vector<std::string>{"stock", "stocks/a", "stocks/b", "stocksx"}));
}

// Firehose delivers once a minute into stocks/yyyy/MM/dd/HH/; the console walks it folder by folder.
TEST_F(ObjectStoreTest, DelimiterWalksFirehoseFolders) {
  std::vector<std::string> all_keys;
  // 2026-01-01 22:00 to 2026-01-02 01:59, one object every 20 minutes, crossing a day boundary.
  for (int i = 0; i < 12; ++i) {
    const TimeUs t = kT0 - 2 * kUsPerHour + i * 20 * kUsPerMinute;
    all_keys.push_back(FirehoseKey(t, i));
    Put(all_keys.back(), "{\"ticker_symbol\":\"QXZ\"}\n", t);
  }
  Put("errors/processing-failed/x", "e");
  Put("readme.txt", "r");

  auto root = store_.ListObjectsV2(List("lab-bucket", "", "/"));
  ASSERT_TRUE(root.ok());
  EXPECT_EQ(root.value().common_prefixes, (std::vector<std::string>{"errors/", "stocks/"}));
  EXPECT_EQ(Keys(root.value()), (std::vector<std::string>{"readme.txt"}));
  EXPECT_EQ(root.value().key_count, 3);

  auto years = store_.ListObjectsV2(List("lab-bucket", "stocks/", "/"));
  EXPECT_EQ(years.value().common_prefixes, (std::vector<std::string>{"stocks/2025/", "stocks/2026/"}));
  EXPECT_TRUE(years.value().contents.empty());

  auto months = store_.ListObjectsV2(List("lab-bucket", "stocks/2026/", "/"));
  EXPECT_EQ(months.value().common_prefixes, (std::vector<std::string>{"stocks/2026/01/"}));
  auto days = store_.ListObjectsV2(List("lab-bucket", "stocks/2026/01/", "/"));
  EXPECT_EQ(days.value().common_prefixes, (std::vector<std::string>{"stocks/2026/01/01/"}));
  auto hours = store_.ListObjectsV2(List("lab-bucket", "stocks/2026/01/01/", "/"));
  const std::vector<std::string> two_hours = {"stocks/2026/01/01/00/", "stocks/2026/01/01/01/"};
  EXPECT_EQ(hours.value().common_prefixes, two_hours);
  auto objects = store_.ListObjectsV2(List("lab-bucket", "stocks/2026/01/01/01/", "/"));
  ASSERT_TRUE(objects.ok());
  EXPECT_TRUE(objects.value().common_prefixes.empty());
  EXPECT_EQ(Keys(objects.value()), (std::vector<std::string>{all_keys[9], all_keys[10], all_keys[11]}));
  EXPECT_EQ(all_keys[9].substr(0, 42), "stocks/2026/01/01/01/ie-tech-mba-stream-1-");

  auto previous_day = store_.ListObjectsV2(List("lab-bucket", "stocks/2025/12/31/", "/"));
  EXPECT_EQ(previous_day.value().common_prefixes,
            (std::vector<std::string>{"stocks/2025/12/31/22/", "stocks/2025/12/31/23/"}));

  // A prefix without a trailing delimiter groups at the next delimiter after it.
  auto partial = store_.ListObjectsV2(List("lab-bucket", "stocks/2026/01/01/0", "/"));
  EXPECT_EQ(partial.value().common_prefixes, two_hours);
}

TEST_F(ObjectStoreTest, MultiCharacterDelimiter) {
  for (const char* key : {"a--b--c", "a--d", "a-e", "f"}) Put(key, "x");
  auto listed = store_.ListObjectsV2(List("lab-bucket", "", "--"));
  EXPECT_EQ(listed.value().common_prefixes, (std::vector<std::string>{"a--"}));
  EXPECT_EQ(Keys(listed.value()), (std::vector<std::string>{"a-e", "f"}));
  auto nested = store_.ListObjectsV2(List("lab-bucket", "a--", "--"));
  EXPECT_EQ(nested.value().common_prefixes, (std::vector<std::string>{"a--b--"}));
  EXPECT_EQ(Keys(nested.value()), (std::vector<std::string>{"a--d"}));
}

TEST_F(ObjectStoreTest, MaxKeysZeroAndCap) {
  for (int i = 0; i < 1005; ++i) Put("k" + std::to_string(10000 + i), "");
  auto zero = store_.ListObjectsV2(List("lab-bucket", "", "", 0));
  ASSERT_TRUE(zero.ok());
  EXPECT_EQ(zero.value().key_count, 0);
  EXPECT_TRUE(zero.value().contents.empty());
  EXPECT_FALSE(zero.value().is_truncated);  // S3 answers IsTruncated=false for max-keys=0
  EXPECT_TRUE(zero.value().next_continuation_token.empty());

  auto huge = store_.ListObjectsV2(List("lab-bucket", "", "", 1000000));
  ASSERT_TRUE(huge.ok());
  EXPECT_EQ(huge.value().key_count, 1000);
  EXPECT_TRUE(huge.value().is_truncated);
  ListObjectsV2Request rest = List("lab-bucket", "", "", 1000000);
  rest.continuation_token = huge.value().next_continuation_token;
  auto second = store_.ListObjectsV2(rest);
  EXPECT_EQ(second.value().key_count, 5);
  EXPECT_FALSE(second.value().is_truncated);
}

TEST_F(ObjectStoreTest, TruncatedOnlyWhenMoreRemain) {
  Put("a", "");
  Put("b", "");
  auto two = store_.ListObjectsV2(List("lab-bucket", "", "", 2));
  EXPECT_FALSE(two.value().is_truncated);
  EXPECT_TRUE(two.value().next_continuation_token.empty());
  auto one = store_.ListObjectsV2(List("lab-bucket", "", "", 1));
  EXPECT_TRUE(one.value().is_truncated);
  EXPECT_FALSE(one.value().next_continuation_token.empty());
  // Keys outside the prefix after the page do not make it truncated.
  Put("c/x", "");
  Put("d", "");
  auto only_c = store_.ListObjectsV2(List("lab-bucket", "c/", "", 1));
  EXPECT_FALSE(only_c.value().is_truncated);
}

TEST_F(ObjectStoreTest, PagingVisitsEveryKeyOnce) {
  std::vector<std::string> expected;
  for (int i = 0; i < 2500; ++i) {
    const TimeUs t = kT0 + i * kUsPerMinute;  // ~41.7 hours of Firehose objects
    expected.push_back(FirehoseKey(t, i));
    Put(expected.back(), "x", t);
  }
  std::sort(expected.begin(), expected.end());
  for (int max_keys : {1, 2, 7, 1000}) {
    int pages = 0;
    ListObjectsV2Request request = List("lab-bucket", "", "", max_keys);
    std::vector<std::string> listed = ListAllPages(store_, request, &pages);
    EXPECT_EQ(listed, expected) << "max_keys " << max_keys;
    EXPECT_EQ(pages, (2500 + max_keys - 1) / max_keys) << "max_keys " << max_keys;
  }
}

TEST_F(ObjectStoreTest, PagingWithDelimiterCountsCommonPrefixesOnce) {
  std::vector<std::string> hour_folders;
  for (int i = 0; i < 2500; ++i) {
    const TimeUs t = kT0 + i * kUsPerMinute;
    Put(FirehoseKey(t, i), "x", t);
    const std::string folder = "stocks/" + FormatPattern(t, "yyyy/MM/dd/HH/");
    if (hour_folders.empty() || hour_folders.back() != folder) hour_folders.push_back(folder);
  }
  ASSERT_EQ(hour_folders.size(), 42u);
  Put("stocks/2026/01/01/loose-object", "x");  // a key between the folders of one day
  // Day level: the 24 hour folders of 01-01 plus the loose object, in byte order.
  for (int max_keys : {1, 2, 3, 1000}) {
    std::vector<std::string> items = ListAllPages(store_, List("lab-bucket", "stocks/2026/01/01/", "/", max_keys));
    std::vector<std::string> expected(hour_folders.begin(), hour_folders.begin() + 24);
    expected.push_back("stocks/2026/01/01/loose-object");
    // ListAllPages appends a page's keys before its prefixes; compare as sets plus the count for "exactly once".
    EXPECT_EQ(items.size(), expected.size()) << max_keys;
    EXPECT_EQ(std::set<std::string>(items.begin(), items.end()),
              std::set<std::string>(expected.begin(), expected.end()));
  }
  // A prefix ending mid-name groups at the next delimiter: each day folder exactly once, in order, one per page.
  std::vector<std::string> days = ListAllPages(store_, List("lab-bucket", "stocks/2026/01/0", "/", 1));
  EXPECT_EQ(days, (std::vector<std::string>{"stocks/2026/01/01/", "stocks/2026/01/02/"}));
  // Hour folders across both days with one-item pages.
  std::vector<std::string> hours;
  for (const std::string& day : days) {
    std::vector<std::string> day_hours = ListAllPages(store_, List("lab-bucket", day, "/", 1));
    for (const std::string& item : day_hours)
      if (item.back() == '/') hours.push_back(item);
  }
  EXPECT_EQ(hours, hour_folders);
}

TEST_F(ObjectStoreTest, CommonPrefixCountsTowardMaxKeys) {
  for (const char* key : {"a/1", "a/2", "b", "c/1", "d"}) Put(key, "x");
  auto page1 = store_.ListObjectsV2(List("lab-bucket", "", "/", 2));
  ASSERT_TRUE(page1.ok());
  EXPECT_EQ(page1.value().common_prefixes, (std::vector<std::string>{"a/"}));
  EXPECT_EQ(Keys(page1.value()), (std::vector<std::string>{"b"}));
  EXPECT_EQ(page1.value().key_count, 2);
  ASSERT_TRUE(page1.value().is_truncated);
  ListObjectsV2Request next = List("lab-bucket", "", "/", 2);
  next.continuation_token = page1.value().next_continuation_token;
  auto page2 = store_.ListObjectsV2(next);
  EXPECT_EQ(page2.value().common_prefixes, (std::vector<std::string>{"c/"}));
  EXPECT_EQ(Keys(page2.value()), (std::vector<std::string>{"d"}));
  EXPECT_FALSE(page2.value().is_truncated);

  // A page that ends on a common prefix resumes after all of its keys.
  auto first = store_.ListObjectsV2(List("lab-bucket", "", "/", 1));
  EXPECT_EQ(first.value().common_prefixes, (std::vector<std::string>{"a/"}));
  next.max_keys = 1;
  next.continuation_token = first.value().next_continuation_token;
  auto second = store_.ListObjectsV2(next);
  EXPECT_TRUE(second.value().common_prefixes.empty());
  EXPECT_EQ(Keys(second.value()), (std::vector<std::string>{"b"}));
}

TEST_F(ObjectStoreTest, BadContinuationToken) {
  Put("a", "x");
  for (const std::string& token : {std::string("not base64!"), std::string("YWJj"), std::string("===="),
                                   std::string("Zm9v"), std::string("a")}) {
    ListObjectsV2Request request = List("lab-bucket");
    request.continuation_token = token;
    auto listed = store_.ListObjectsV2(request);
    ASSERT_FALSE(listed.ok()) << token;
    EXPECT_EQ(listed.error().code, "InvalidArgument");
    EXPECT_EQ(listed.error().message, "The continuation token provided is incorrect");
    EXPECT_EQ(listed.error().http_status, 400);
  }
}

TEST_F(ObjectStoreTest, StartAfter) {
  for (const char* key : {"a", "b", "c", "d/1", "d/2", "e"}) Put(key, "x");
  ListObjectsV2Request request = List("lab-bucket");
  request.start_after = "b";
  EXPECT_EQ(Keys(store_.ListObjectsV2(request).value()), (std::vector<std::string>{"c", "d/1", "d/2", "e"}));
  request.start_after = "bb";  // need not be a key
  EXPECT_EQ(Keys(store_.ListObjectsV2(request).value()), (std::vector<std::string>{"c", "d/1", "d/2", "e"}));
  request.start_after = "e";
  auto after_last = store_.ListObjectsV2(request);
  EXPECT_EQ(after_last.value().key_count, 0);
  EXPECT_FALSE(after_last.value().is_truncated);

  // Before the prefix: the prefix decides; inside a folder with a delimiter: that folder was already passed.
  request.prefix = "d/";
  request.start_after = "a";
  EXPECT_EQ(Keys(store_.ListObjectsV2(request).value()), (std::vector<std::string>{"d/1", "d/2"}));
  request.start_after = "d/1";
  EXPECT_EQ(Keys(store_.ListObjectsV2(request).value()), (std::vector<std::string>{"d/2"}));
  request.prefix = "";
  request.delimiter = "/";
  request.start_after = "d/";
  auto folders = store_.ListObjectsV2(request);
  EXPECT_TRUE(folders.value().common_prefixes.empty());
  EXPECT_EQ(Keys(folders.value()), (std::vector<std::string>{"e"}));
  request.start_after = "c";
  EXPECT_EQ(store_.ListObjectsV2(request).value().common_prefixes, (std::vector<std::string>{"d/"}));

  // Paging with StartAfter: the token continues after the page, StartAfter stays in the request.
  request = List("lab-bucket", "", "", 2);
  request.start_after = "a";
  std::vector<std::string> items = ListAllPages(store_, request);
  EXPECT_EQ(items, (std::vector<std::string>{"b", "c", "d/1", "d/2", "e"}));
}

TEST_F(ObjectStoreTest, DelimiterListingSkipsLargeFolders) {
  // 12,000 objects in one hour folder: a delimiter listing of the root returns its few items in one page.
  for (int i = 0; i < 12000; ++i) Put("stocks/2026/01/01/00/object-" + std::to_string(100000 + i), "");
  Put("z-last", "");
  auto root = store_.ListObjectsV2(List("lab-bucket", "", "/", 2));
  ASSERT_TRUE(root.ok());
  EXPECT_EQ(root.value().common_prefixes, (std::vector<std::string>{"stocks/"}));
  EXPECT_EQ(Keys(root.value()), (std::vector<std::string>{"z-last"}));
  EXPECT_FALSE(root.value().is_truncated);
}

TEST_F(ObjectStoreTest, KeysWithHighBytesPageCorrectly) {
  const std::string high = "\xff\xff";
  Put(high + "/a", "");
  Put(high + "/b", "");
  Put(high + "\xff", "");
  std::vector<std::string> items = ListAllPages(store_, List("lab-bucket", "", "/", 1));
  EXPECT_EQ(items, (std::vector<std::string>{high + "/", high + "\xff"}));
  std::vector<std::string> flat = ListAllPages(store_, List("lab-bucket", "", "", 1));
  EXPECT_EQ(flat, (std::vector<std::string>{high + "/a", high + "/b", high + "\xff"}));
}

}  // namespace
}  // namespace fhl
