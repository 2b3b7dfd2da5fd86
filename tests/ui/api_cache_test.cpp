// api_cache_test.cpp: response caching by request, refresh on generation change (throttled), writes invalidate,
// unused entries are evicted.
#include "ui/api_cache.h"

#include <gtest/gtest.h>

#include "fake_aws.h"

namespace fhl::ui {
namespace {

TEST(ApiCacheTest, SameRequestIsServedFromCache) {
  testing::FakeAws aws;
  ApiCache cache = aws.MakeCache();
  cache.BeginFrame(0);
  const CachedResponse& a = cache.Get("S3", "ListBuckets", Json::object());
  uint64_t serial = a.serial;
  for (int i = 0; i < 10; ++i) cache.Get("S3", "ListBuckets", Json::object());
  EXPECT_EQ(aws.CountCalls("S3.ListBuckets"), 1);
  EXPECT_EQ(cache.Get("S3", "ListBuckets", Json::object()).serial, serial);
  cache.Get("S3", "ListObjectsV2", Json{{"Bucket", aws.bucket}});
  cache.Get("S3", "ListObjectsV2", Json{{"Bucket", aws.bucket}, {"Prefix", "stocks/"}});
  EXPECT_EQ(aws.CountCalls("S3.ListObjectsV2"), 2);
}

TEST(ApiCacheTest, GenerationChangeRefetchesAtMostOncePerInterval) {
  testing::FakeAws aws;
  ApiCache cache = aws.MakeCache();
  CachePolicy policy{true, 0.5};
  cache.BeginFrame(0.0);
  cache.Get("S3", "ListBuckets", Json::object(), policy);
  aws.generation++;
  cache.BeginFrame(0.1);
  uint64_t s1 = cache.Get("S3", "ListBuckets", Json::object(), policy).serial;
  EXPECT_EQ(aws.CountCalls("S3.ListBuckets"), 1);  // throttled
  EXPECT_TRUE(cache.refresh_pending());
  cache.BeginFrame(0.6);
  uint64_t s2 = cache.Get("S3", "ListBuckets", Json::object(), policy).serial;
  EXPECT_EQ(aws.CountCalls("S3.ListBuckets"), 2);
  EXPECT_NE(s1, s2);
  EXPECT_FALSE(cache.refresh_pending());
  cache.BeginFrame(5.0);  // no generation change: no refetch
  cache.Get("S3", "ListBuckets", Json::object(), policy);
  EXPECT_EQ(aws.CountCalls("S3.ListBuckets"), 2);
}

TEST(ApiCacheTest, LiveSmallFollowsEveryGenerationAndPinnedNever) {
  testing::FakeAws aws;
  ApiCache cache = aws.MakeCache();
  for (int i = 0; i < 5; ++i) {
    cache.BeginFrame(i * 0.016);
    cache.Get("Lab", "GetClock", Json::object(), kLiveSmall);
    cache.Get("Lab", "ListDeliveries", Json{{"DeliveryStreamName", "x"}}, kPinned);
    aws.generation++;
  }
  EXPECT_EQ(aws.CountCalls("Lab.GetClock"), 5);
  EXPECT_EQ(aws.CountCalls("Lab.ListDeliveries"), 1);
}

TEST(ApiCacheTest, SuccessfulWriteInvalidatesFailedWriteDoesNot) {
  testing::FakeAws aws;
  ApiCache cache = aws.MakeCache();
  cache.BeginFrame(0);
  cache.Get("Lab", "DescribeDemoData", Json{{"DeliveryStreamName", aws.stream}}, kPinned);
  aws.failures["Lab.StartDemoData"] = ApiError{"ResourceNotFoundException", "nope", 400};
  Response r = cache.Write("Lab", "StartDemoData", Json{{"DeliveryStreamName", aws.stream}});
  EXPECT_FALSE(r.ok());
  cache.Get("Lab", "DescribeDemoData", Json{{"DeliveryStreamName", aws.stream}}, kPinned);
  EXPECT_EQ(aws.CountCalls("Lab.DescribeDemoData"), 1);
  aws.failures.clear();
  EXPECT_TRUE(cache.Write("Lab", "StartDemoData", Json{{"DeliveryStreamName", aws.stream}}).ok());
  const CachedResponse& d = cache.Get("Lab", "DescribeDemoData", Json{{"DeliveryStreamName", aws.stream}}, kPinned);
  EXPECT_EQ(aws.CountCalls("Lab.DescribeDemoData"), 2);
  EXPECT_TRUE(d.response.body["Running"].get<bool>());
}

TEST(ApiCacheTest, ErrorsAreCachedLikeAnswers) {
  testing::FakeAws aws;
  aws.failures["S3.ListBuckets"] = ApiError{"AccessDenied", "Access Denied", 403};
  ApiCache cache = aws.MakeCache();
  cache.BeginFrame(0);
  const CachedResponse& r = cache.Get("S3", "ListBuckets", Json::object());
  ASSERT_FALSE(r.response.ok());
  EXPECT_EQ(r.response.error->code, "AccessDenied");
}

TEST(ApiCacheTest, UnusedEntriesAreEvicted) {
  testing::FakeAws aws;
  ApiCache cache = aws.MakeCache();
  cache.BeginFrame(0);
  cache.Get("S3", "ListBuckets", Json::object());
  cache.Get("Lab", "GetClock", Json::object());
  for (int i = 1; i <= 300; ++i) {
    cache.BeginFrame(i * 0.016);
    cache.Get("Lab", "GetClock", Json::object());
  }
  EXPECT_EQ(cache.size(), 1u);
}

}  // namespace
}  // namespace fhl::ui
