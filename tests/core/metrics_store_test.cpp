// metrics_store_test.cpp: MetricsStore cells, period aggregation and alignment, retention tiers and bounded memory.
// Exact times and fixed sample sets only; no clock, no JSON.
#include "core/metrics_store.h"

#include <gtest/gtest.h>

#include <vector>

namespace fhl {
namespace {

constexpr TimeUs kT0 = 1767225600LL * kUsPerSecond;  // 2026-01-01T00:00:00Z: aligned to every period used here

MetricId Records(const std::string& stream = "s1") {
  return MetricId{"AWS/Firehose", "IncomingRecords", {{"DeliveryStreamName", stream}}};
}

TimeUs Sec(double seconds) { return kT0 + static_cast<TimeUs>(seconds * kUsPerSecond); }

struct Expected {
  TimeUs timestamp;
  double sum, minimum, maximum;
  uint64_t count;
};

void ExpectDatapoints(const std::vector<Datapoint>& actual, const std::vector<Expected>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    SCOPED_TRACE("datapoint " + std::to_string(i));
    EXPECT_EQ(actual[i].timestamp, expected[i].timestamp);
    EXPECT_EQ(actual[i].stats.sum, expected[i].sum);
    EXPECT_EQ(actual[i].stats.minimum, expected[i].minimum);
    EXPECT_EQ(actual[i].stats.maximum, expected[i].maximum);
    EXPECT_EQ(actual[i].stats.sample_count, expected[i].count);
    EXPECT_EQ(actual[i].stats.average(), expected[i].sum / static_cast<double>(expected[i].count));
  }
}

// Samples at known offsets (seconds after kT0): several sit exactly on period boundaries.
MetricsStore KnownSamples() {
  MetricsStore store;
  const std::vector<std::pair<double, double>> samples = {
      {0.0, 1}, {0.5, 3}, {1.2, 5}, {4.999999, 7}, {5.0, 11}, {59.999999, 13},
      {60.0, 17}, {299.0, 19}, {300.0, 23}, {3599.0, 29}, {3600.0, 31}};
  for (const auto& [offset, value] : samples) store.Put(Records(), value, Sec(offset), "Count");
  return store;
}

// [SECTION] statistics per period

TEST(MetricsStoreTest, OneSecondPeriodsAggregateSamplesOfTheSameSecond) {
  MetricsStore store = KnownSamples();
  ExpectDatapoints(store.Query(Records(), kT0, Sec(3601), 1),
                   {{Sec(0), 4, 1, 3, 2}, {Sec(1), 5, 5, 5, 1}, {Sec(4), 7, 7, 7, 1}, {Sec(5), 11, 11, 11, 1},
                    {Sec(59), 13, 13, 13, 1}, {Sec(60), 17, 17, 17, 1}, {Sec(299), 19, 19, 19, 1},
                    {Sec(300), 23, 23, 23, 1}, {Sec(3599), 29, 29, 29, 1}, {Sec(3600), 31, 31, 31, 1}});
}

TEST(MetricsStoreTest, FiveSecondPeriodsPutABoundarySampleInTheNextPeriod) {
  MetricsStore store = KnownSamples();
  ExpectDatapoints(store.Query(Records(), kT0, Sec(3601), 5),
                   {{Sec(0), 16, 1, 7, 4}, {Sec(5), 11, 11, 11, 1}, {Sec(55), 13, 13, 13, 1}, {Sec(60), 17, 17, 17, 1},
                    {Sec(295), 19, 19, 19, 1}, {Sec(300), 23, 23, 23, 1}, {Sec(3595), 29, 29, 29, 1},
                    {Sec(3600), 31, 31, 31, 1}});
}

TEST(MetricsStoreTest, MinutePeriods) {
  MetricsStore store = KnownSamples();
  ExpectDatapoints(store.Query(Records(), kT0, Sec(3601), 60),
                   {{Sec(0), 40, 1, 13, 6}, {Sec(60), 17, 17, 17, 1}, {Sec(240), 19, 19, 19, 1},
                    {Sec(300), 23, 23, 23, 1}, {Sec(3540), 29, 29, 29, 1}, {Sec(3600), 31, 31, 31, 1}});
}

TEST(MetricsStoreTest, FiveMinuteAndHourPeriods) {
  MetricsStore store = KnownSamples();
  ExpectDatapoints(store.Query(Records(), kT0, Sec(7200), 300),
                   {{Sec(0), 76, 1, 19, 8}, {Sec(300), 23, 23, 23, 1}, {Sec(3300), 29, 29, 29, 1},
                    {Sec(3600), 31, 31, 31, 1}});
  ExpectDatapoints(store.Query(Records(), kT0, Sec(7200), 3600),
                   {{Sec(0), 128, 1, 29, 10}, {Sec(3600), 31, 31, 31, 1}});
}

TEST(MetricsStoreTest, CountAddsEqualSamples) {
  MetricsStore store;
  store.Put(Records(), 2.5, Sec(10), "Count", 4);
  store.Put(Records(), 10, Sec(10.5), "Count");
  ExpectDatapoints(store.Query(Records(), kT0, Sec(60), 1), {{Sec(10), 20, 2.5, 10, 5}});
  store.Put(Records(), 99, Sec(11), "Count", 0);  // zero samples: nothing recorded
  EXPECT_EQ(store.Query(Records(), kT0, Sec(60), 1).size(), 1u);
}

// [SECTION] query range and alignment

TEST(MetricsStoreTest, PeriodsOverlappingTheRangeAreReturnedWhole) {
  MetricsStore store = KnownSamples();
  // Start in the middle of the first minute: that whole minute is returned.
  ExpectDatapoints(store.Query(Records(), Sec(30), Sec(61), 60), {{Sec(0), 40, 1, 13, 6}, {Sec(60), 17, 17, 17, 1}});
  // End is exclusive: a range ending exactly at 60 s does not reach the second minute.
  ExpectDatapoints(store.Query(Records(), Sec(30), Sec(60), 60), {{Sec(0), 40, 1, 13, 6}});
  // One microsecond into the second minute is enough.
  ExpectDatapoints(store.Query(Records(), kT0 + kUsPerMinute, kT0 + kUsPerMinute + 1, 60), {{Sec(60), 17, 17, 17, 1}});
  EXPECT_TRUE(store.Query(Records(), Sec(120), Sec(240), 60).empty());  // no samples; 299 s is in [240, 300)
  EXPECT_TRUE(store.Query(Records(), Sec(60), Sec(60), 60).empty());   // empty range
  EXPECT_TRUE(store.Query(Records("other"), kT0, Sec(3601), 60).empty());
}

TEST(MetricsStoreTest, PeriodsAlignToTheEpochNotToTheRangeStart) {
  MetricsStore store;
  store.Put(Records(), 1, Sec(7), "Count");
  store.Put(Records(), 2, Sec(12), "Count");
  // 10 s periods: [0,10) and [10,20) since the epoch, regardless of start = 7.
  ExpectDatapoints(store.Query(Records(), Sec(7), Sec(20), 10), {{Sec(0), 1, 1, 1, 1}, {Sec(10), 2, 2, 2, 1}});
}

TEST(MetricsStoreTest, UnsortedDimensionsNameTheSameSeries) {
  MetricsStore store;
  MetricId ab{"Lab", "M", {{"A", "1"}, {"B", "2"}}};
  MetricId ba{"Lab", "M", {{"B", "2"}, {"A", "1"}}};
  store.Put(ab, 1, Sec(0));
  store.Put(ba, 2, Sec(0));
  ExpectDatapoints(store.Query(ab, kT0, Sec(1), 1), {{Sec(0), 3, 1, 2, 2}});
  ASSERT_EQ(store.ListMetrics().size(), 1u);
  EXPECT_EQ(store.ListMetrics()[0], ab);
}

// [SECTION] the two tiers agree

TEST(MetricsStoreTest, MinuteCellSumIsBitIdenticalToItsSecondCells) {
  MetricsStore store;
  // Values whose floating-point sum depends on the order of additions.
  const double values[] = {0.1, 0.7, 1e-3, 0.3, 1e16, -1e16, 0.2, 3.3, 0.6};
  double sample_order_sum = 0;
  for (int i = 0; i < 180; ++i) {
    const double v = values[i % 9];
    store.Put(Records(), v, kT0 + (i / 3) * kUsPerSecond + (i % 3) * 300000, "Count");  // 3 per second, 60 s
    sample_order_sum += v;
  }
  double second_cells_sum = 0;
  for (const Datapoint& d : store.Query(Records(), kT0, Sec(60), 1)) second_cells_sum += d.stats.sum;
  const std::vector<Datapoint> minute = store.Query(Records(), kT0, Sec(60), 60);
  ASSERT_EQ(minute.size(), 1u);
  EXPECT_EQ(minute[0].stats.sum, second_cells_sum);
  EXPECT_EQ(minute[0].stats.sample_count, 180u);
  // The data is order-sensitive, so the check above is meaningful (a plain running sum would differ).
  EXPECT_NE(sample_order_sum, second_cells_sum);
}

TEST(MetricsStoreTest, OutOfOrderSamplesLandInTheirCells) {
  MetricsStore store;
  store.Put(Records(), 1, Sec(10), "Count");
  store.Put(Records(), 2, Sec(5), "Count");   // earlier second of the same minute
  store.Put(Records(), 4, Sec(10.5), "Count");
  store.Put(Records(), 8, Sec(70), "Count");
  store.Put(Records(), 16, Sec(3), "Count");  // earlier minute than the newest
  store.Put(Records(), 32, Sec(11), "Count");
  ExpectDatapoints(store.Query(Records(), kT0, Sec(120), 1),
                   {{Sec(3), 16, 16, 16, 1}, {Sec(5), 2, 2, 2, 1}, {Sec(10), 5, 1, 4, 2}, {Sec(11), 32, 32, 32, 1},
                    {Sec(70), 8, 8, 8, 1}});
  ExpectDatapoints(store.Query(Records(), kT0, Sec(120), 60), {{Sec(0), 55, 1, 32, 5}, {Sec(60), 8, 8, 8, 1}});
  // Later in-order samples still reach the minute cell of an earlier minute correctly.
  store.Put(Records(), 64, Sec(70.2), "Count");
  ExpectDatapoints(store.Query(Records(), kT0, Sec(120), 60), {{Sec(0), 55, 1, 32, 5}, {Sec(60), 72, 8, 64, 2}});
}

// [SECTION] retention

TEST(MetricsStoreTest, SecondTierKeepsThreeHoursMinuteTierStillAnswers) {
  MetricsStore store;
  store.Put(Records(), 5, Sec(0), "Count");
  store.Put(Records(), 7, Sec(30), "Count");
  const TimeUs three_hours_later = kT0 + MetricsStore::kSecondTierRetention;
  store.Prune(three_hours_later);  // the cell starting exactly at now - 3 h is kept
  EXPECT_EQ(store.Query(Records(), kT0, Sec(60), 1).size(), 2u);
  store.Prune(three_hours_later + 1);  // one microsecond later it is gone from the 1-second tier
  ExpectDatapoints(store.Query(Records(), kT0, Sec(60), 1), {{Sec(30), 7, 7, 7, 1}});
  store.Prune(three_hours_later + 30 * kUsPerSecond + 1);
  EXPECT_TRUE(store.Query(Records(), kT0, Sec(60), 1).empty());
  EXPECT_TRUE(store.Query(Records(), kT0, Sec(60), 30).empty());
  ExpectDatapoints(store.Query(Records(), kT0, Sec(60), 60), {{Sec(0), 12, 5, 7, 2}});
  EXPECT_EQ(store.cell_count(Records()), 1u);
}

TEST(MetricsStoreTest, MinuteTierKeepsFifteenDays) {
  MetricsStore store;
  store.Put(Records(), 5, Sec(0), "Count");
  const TimeUs fifteen_days_later = kT0 + MetricsStore::kMinuteTierRetention;
  store.Prune(fifteen_days_later);
  ExpectDatapoints(store.Query(Records(), kT0, Sec(60), 60), {{Sec(0), 5, 5, 5, 1}});
  ASSERT_EQ(store.ListMetrics("AWS/Firehose").size(), 1u);
  store.Prune(fifteen_days_later + 1);
  EXPECT_TRUE(store.Query(Records(), kT0, Sec(60), 60).empty());
  EXPECT_EQ(store.cell_count(), 0u);
  EXPECT_TRUE(store.ListMetrics().empty());
  EXPECT_EQ(store.UnitOf(Records()), "Count");  // the series itself (and its handles) stay valid
}

TEST(MetricsStoreTest, SamplesOlderThanRetentionAreIgnoredPerTier) {
  MetricsStore store;
  store.Put(Records(), 1, Sec(4 * 3600), "Count");
  store.Prune(Sec(4 * 3600));
  store.Put(Records(), 2, Sec(0), "Count");  // 4 h old: minute tier only
  EXPECT_TRUE(store.Query(Records(), kT0, Sec(60), 1).empty());
  ExpectDatapoints(store.Query(Records(), kT0, Sec(60), 60), {{Sec(0), 2, 2, 2, 1}});
  store.Prune(Sec(16 * 86400));
  const uint64_t generation = store.generation();
  store.Put(Records(), 3, Sec(0), "Count");  // 16 days old: ignored entirely
  EXPECT_EQ(store.generation(), generation);
  EXPECT_EQ(store.cell_count(), 0u);
}

TEST(MetricsStoreTest, MemoryStaysBoundedOverADayOfOneSamplePerSecond) {
  MetricsStore store;
  MetricsStore pruned_store;
  for (int64_t i = 0; i < 86400; ++i) {
    store.Put(Records(), 1, Sec(static_cast<double>(i)), "Count");  // never pruned: Put trims its own series
    pruned_store.Put(Records(), 1, Sec(static_cast<double>(i)), "Count");
    if (i % 60 == 0) pruned_store.Prune(Sec(static_cast<double>(i)));
  }
  const size_t bound = 3 * 3600 + 24 * 60 + 1;
  EXPECT_LE(store.cell_count(), bound);
  EXPECT_GE(store.cell_count(), 3 * 3600 + 24 * 60u);  // nothing within retention was dropped
  EXPECT_LE(pruned_store.cell_count(), bound);
  EXPECT_EQ(store.cell_count(), store.cell_count(Records()));
  // The whole day is still visible per minute, the last 3 hours per second.
  const std::vector<Datapoint> minutes = store.Query(Records(), kT0, Sec(86400), 60);
  ASSERT_EQ(minutes.size(), 1440u);
  for (const Datapoint& d : minutes) EXPECT_EQ(d.stats.sample_count, 60u);
  EXPECT_EQ(store.Query(Records(), kT0, Sec(86400), 1).size(), 3u * 3600 + 1);
}

// [SECTION] handles, units, generation

TEST(MetricsStoreTest, HandlePutsMatchMetricIdPuts) {
  MetricsStore by_id, by_handle;
  MetricsStore::SeriesHandle handle = by_handle.HandleFor(Records(), "Count");
  ASSERT_TRUE(handle.valid());
  EXPECT_EQ(by_handle.cell_count(), 0u);
  EXPECT_TRUE(by_handle.ListMetrics().empty());  // a series without data is not listed
  for (int i = 0; i < 500; ++i) {
    by_id.Put(Records(), i % 7, kT0 + i * 250000, "Count");
    by_handle.Put(handle, i % 7, kT0 + i * 250000);
  }
  const auto a = by_id.Query(Records(), kT0, Sec(200), 1), b = by_handle.Query(Records(), kT0, Sec(200), 1);
  ASSERT_EQ(a.size(), 125u);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].timestamp, b[i].timestamp);
    EXPECT_EQ(a[i].stats.sum, b[i].stats.sum);
    EXPECT_EQ(a[i].stats.sample_count, b[i].stats.sample_count);
  }
  EXPECT_EQ(by_handle.UnitOf(Records()), "Count");
  const uint64_t generation = by_handle.generation();
  by_handle.Put(MetricsStore::SeriesHandle(), 1, kT0);  // invalid handle: ignored
  EXPECT_EQ(by_handle.generation(), generation);
}

TEST(MetricsStoreTest, UnitsAndGeneration) {
  MetricsStore store;
  EXPECT_EQ(store.UnitOf(Records()), "");
  const uint64_t g0 = store.generation();
  store.Put(Records(), 1, Sec(0), "Count");
  EXPECT_GT(store.generation(), g0);
  EXPECT_EQ(store.UnitOf(Records()), "Count");
  const uint64_t g1 = store.generation();
  store.Prune(Sec(10));  // drops nothing
  EXPECT_EQ(store.generation(), g1);
  store.Prune(Sec(4 * 3600));  // drops the second cell
  EXPECT_GT(store.generation(), g1);
  store.Put(MetricId{"AWS/Firehose", "IncomingBytes", {}}, 1, Sec(4 * 3600), "Bytes");
  store.Put(MetricId{"Custom", "X", {}}, 1, Sec(4 * 3600));
  EXPECT_EQ(store.ListMetrics().size(), 3u);
  EXPECT_EQ(store.ListMetrics("AWS/Firehose").size(), 2u);
  EXPECT_EQ(store.UnitOf(MetricId{"Custom", "X", {}}), "None");
  EXPECT_EQ(store.LatestSampleTime(MetricId{"Custom", "X", {}}), Sec(4 * 3600));
}

TEST(MetricsStoreTest, ListMetricsIsSortedByNamespaceThenNameThenDimensions) {
  MetricsStore store;
  store.Put(MetricId{"Custom", "A", {}}, 1, Sec(0));
  store.Put(Records("b"), 1, Sec(0), "Count");
  store.Put(Records("a"), 1, Sec(0), "Count");
  store.Put(MetricId{"AWS/Firehose", "IncomingBytes", {{"DeliveryStreamName", "b"}}}, 1, Sec(0), "Bytes");
  const std::vector<MetricId> expected = {MetricId{"AWS/Firehose", "IncomingBytes", {{"DeliveryStreamName", "b"}}},
                                          Records("a"), Records("b"), MetricId{"Custom", "A", {}}};
  EXPECT_EQ(store.ListMetrics(), expected);
}

TEST(MetricsStoreTest, CopiesAreIndependent) {
  MetricsStore original;
  original.Put(Records(), 1, Sec(0), "Count");  // primes the lookup cache of `original`
  MetricsStore copy = original;
  copy.Put(Records(), 2, Sec(0), "Count");
  copy.Put(Records(), 4, Sec(1), "Count");
  ExpectDatapoints(original.Query(Records(), kT0, Sec(60), 60), {{Sec(0), 1, 1, 1, 1}});
  ExpectDatapoints(copy.Query(Records(), kT0, Sec(60), 60), {{Sec(0), 7, 1, 4, 3}});
}

}  // namespace
}  // namespace fhl
