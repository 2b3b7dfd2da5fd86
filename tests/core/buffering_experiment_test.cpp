// buffering_experiment_test.cpp: the buffering-hints experiment: exact objects, sizes and freshness for small loads,
// size versus interval flushes, the default lab comparison, determinism and the validation of every range.
#include <gtest/gtest.h>

#include "core/buffering_experiment.h"

namespace fhl {
namespace {

BufferingExperimentRequest Request(int rate, int duration_s, std::vector<BufferingHints> hints) {
  BufferingExperimentRequest r;
  r.records_per_second = rate;
  r.duration_s = duration_s;
  r.seed = 7;
  r.hints = std::move(hints);
  return r;
}

// BufferingHints is {SizeInMBs, IntervalInSeconds}.
BufferingHints Hint(int interval_s, int size_mb) { return BufferingHints{size_mb, interval_s}; }

TEST(BufferingExperimentTest, SixtySecondIntervalGivesOneObjectPerMinute) {
  auto r = RunBufferingExperiment(Request(10, 600, {Hint(60, 1)}));
  ASSERT_TRUE(r.ok()) << r.error().message;
  const BufferingExperimentResult& res = r.value();
  EXPECT_EQ(res.records_sent, 6000u);
  ASSERT_EQ(res.variants.size(), 1u);
  const BufferingExperimentVariant& v = res.variants[0];
  EXPECT_EQ(v.objects, 10u);
  EXPECT_EQ(v.records, 6000u);
  EXPECT_DOUBLE_EQ(v.mean_records_per_object, 600.0);
  EXPECT_EQ(v.interval_flushes, 10u);
  EXPECT_EQ(v.size_flushes, 0u);
  EXPECT_DOUBLE_EQ(v.objects_per_hour, 60.0);
  // Every record plus its newline delimiter.
  EXPECT_EQ(v.bytes, res.bytes_sent + 6000u);
  EXPECT_DOUBLE_EQ(v.mean_object_size_bytes, static_cast<double>(res.bytes_sent + 6000u) / 10.0);
  // Each object holds seconds s..s+59 and leaves at s+60: ages 60, 59, ..., 1.
  EXPECT_DOUBLE_EQ(v.mean_freshness_s, 30.5);
  EXPECT_DOUBLE_EQ(v.max_freshness_s, 60.0);
  EXPECT_EQ(v.last_delivery_after_s, 600);
}

TEST(BufferingExperimentTest, ZeroIntervalDeliversEveryRoundAtOnce) {
  auto r = RunBufferingExperiment(Request(10, 120, {Hint(0, 1)}));
  ASSERT_TRUE(r.ok());
  const BufferingExperimentVariant& v = r.value().variants[0];
  EXPECT_EQ(v.objects, 120u);
  EXPECT_EQ(v.records, 1200u);
  EXPECT_DOUBLE_EQ(v.mean_freshness_s, 0.0);
  EXPECT_DOUBLE_EQ(v.max_freshness_s, 0.0);
  EXPECT_DOUBLE_EQ(v.objects_per_hour, 3600.0);
  EXPECT_EQ(v.last_delivery_after_s, 119);
}

TEST(BufferingExperimentTest, LongIntervalHoldsEverythingUntilTheInterval) {
  auto r = RunBufferingExperiment(Request(10, 600, {Hint(900, 128)}));
  ASSERT_TRUE(r.ok());
  const BufferingExperimentVariant& v = r.value().variants[0];
  EXPECT_EQ(v.objects, 1u);
  EXPECT_EQ(v.records, 6000u);
  EXPECT_EQ(v.interval_flushes, 1u);
  EXPECT_DOUBLE_EQ(v.max_freshness_s, 900.0);
  EXPECT_DOUBLE_EQ(v.mean_freshness_s, 900.0 - 299.5);  // arrivals at seconds 0..599, all delivered at 900
  EXPECT_EQ(v.last_delivery_after_s, 900);
  EXPECT_DOUBLE_EQ(v.objects_per_hour, 6.0);
}

TEST(BufferingExperimentTest, SizeHintFlushesFirstAtHighRates) {
  auto r = RunBufferingExperiment(Request(2000, 60, {Hint(900, 1)}));
  ASSERT_TRUE(r.ok());
  const BufferingExperimentResult& res = r.value();
  const BufferingExperimentVariant& v = res.variants[0];
  EXPECT_EQ(v.records, 120000u);
  EXPECT_EQ(v.bytes, res.bytes_sent + 120000u);
  // ~75-byte records: 1 MiB every ~7 s; the rest waits for the 900 s interval after the load stops.
  EXPECT_GE(v.size_flushes, 7u);
  EXPECT_LE(v.size_flushes, 9u);
  EXPECT_EQ(v.interval_flushes, 1u);
  EXPECT_EQ(v.objects, v.size_flushes + 1);
  EXPECT_DOUBLE_EQ(v.max_freshness_s, 900.0);
  EXPECT_GE(v.mean_object_size_bytes, 1024.0 * 1024.0 * v.size_flushes / v.objects);
}

TEST(BufferingExperimentTest, TheDefaultComparisonAtTheDemoRate) {
  BufferingExperimentRequest req = Request(100, 3600, {Hint(60, 1), Hint(300, 5), Hint(900, 128), Hint(0, 1)});
  auto r = RunBufferingExperiment(req);
  ASSERT_TRUE(r.ok());
  const auto& v = r.value().variants;
  ASSERT_EQ(v.size(), 4u);
  for (const auto& x : v) {
    EXPECT_EQ(x.records, 360000u);  // the same load for every variant, all delivered
    EXPECT_EQ(x.size_flushes, 0u);  // ~7.6 KB/s never fills even 1 MiB within 60 s
  }
  EXPECT_DOUBLE_EQ(v[0].objects_per_hour, 60.0);
  EXPECT_DOUBLE_EQ(v[1].objects_per_hour, 12.0);
  EXPECT_DOUBLE_EQ(v[2].objects_per_hour, 4.0);
  EXPECT_DOUBLE_EQ(v[3].objects_per_hour, 3600.0);
  EXPECT_DOUBLE_EQ(v[0].mean_freshness_s, 30.5);
  EXPECT_DOUBLE_EQ(v[1].mean_freshness_s, 150.5);
  EXPECT_DOUBLE_EQ(v[2].mean_freshness_s, 450.5);
  EXPECT_DOUBLE_EQ(v[3].mean_freshness_s, 0.0);
  EXPECT_GT(v[2].mean_object_size_bytes, 14 * v[0].mean_object_size_bytes);
  EXPECT_LT(v[2].mean_object_size_bytes, 16 * v[0].mean_object_size_bytes);
}

TEST(BufferingExperimentTest, DeterministicForASeedAndDifferentAcrossSeeds) {
  BufferingExperimentRequest a = Request(50, 300, {Hint(60, 1)});
  auto r1 = RunBufferingExperiment(a);
  auto r2 = RunBufferingExperiment(a);
  ASSERT_TRUE(r1.ok() && r2.ok());
  EXPECT_EQ(r1.value().bytes_sent, r2.value().bytes_sent);
  EXPECT_EQ(r1.value().variants[0].bytes, r2.value().variants[0].bytes);
  a.seed = 8;
  auto r3 = RunBufferingExperiment(a);
  ASSERT_TRUE(r3.ok());
  EXPECT_NE(r1.value().bytes_sent, r3.value().bytes_sent);
}

TEST(BufferingExperimentTest, WithoutTheDelimiterObjectsHoldOnlyTheRecords) {
  BufferingExperimentRequest req = Request(10, 60, {Hint(60, 1)});
  req.newline_delimiter = false;
  auto r = RunBufferingExperiment(req);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().variants[0].bytes, r.value().bytes_sent);
}

TEST(BufferingExperimentTest, RejectsOutOfRangeInput) {
  auto code = [](const BufferingExperimentRequest& r) {
    auto res = RunBufferingExperiment(r);
    return res.ok() ? std::string("ok") : res.error().code;
  };
  const std::string bad = "InvalidArgumentException";
  EXPECT_EQ(code(Request(10, 60, {Hint(900, 128)})), "ok");
  EXPECT_EQ(code(Request(10, 60, {Hint(0, 1)})), "ok");
  EXPECT_EQ(code(Request(10, 60, {Hint(901, 1)})), bad);
  EXPECT_EQ(code(Request(10, 60, {Hint(-1, 1)})), bad);
  EXPECT_EQ(code(Request(10, 60, {Hint(60, 0)})), bad);
  EXPECT_EQ(code(Request(10, 60, {Hint(60, 129)})), bad);
  EXPECT_EQ(code(Request(10, 60, {})), bad);
  EXPECT_EQ(code(Request(10, 60, {Hint(60, 1), Hint(60, 1), Hint(60, 1), Hint(60, 1), Hint(60, 1)})), bad);
  EXPECT_EQ(code(Request(0, 60, {Hint(60, 1)})), bad);
  EXPECT_EQ(code(Request(2001, 60, {Hint(60, 1)})), bad);
  EXPECT_EQ(code(Request(2000, 60, {Hint(60, 1)})), "ok");
  EXPECT_EQ(code(Request(10, 59, {Hint(60, 1)})), bad);
  EXPECT_EQ(code(Request(10, 86401, {Hint(60, 1)})), bad);
  EXPECT_EQ(code(Request(2000, 1001, {Hint(60, 1)})), bad);  // 2,002,000 records: over the cost bound
  auto r = RunBufferingExperiment(Request(10, 60, {Hint(60, 1), Hint(901, 1)}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "Hints[1].IntervalInSeconds must be between 0 and 900.");
}

}  // namespace
}  // namespace fhl
