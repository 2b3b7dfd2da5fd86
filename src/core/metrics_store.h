// metrics_store.h: CloudWatch-style metric storage with CloudWatch's retention tiers, so memory stays bounded:
// 1-second cells for 3 hours, 1-minute cells for 15 days (older data is dropped).
// Plain C++: no JSON here (cloudwatch_api.h maps it to GetMetricData/GetMetricStatistics shapes).
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/api_error.h"
#include "core/sim_time.h"

namespace fhl {

struct MetricId {
  std::string namespace_name;  // "AWS/Firehose"
  std::string metric_name;     // "IncomingRecords"
  std::vector<std::pair<std::string, std::string>> dimensions;  // sorted by name, e.g. {{"DeliveryStreamName","x"}}
  bool operator<(const MetricId& o) const;
  bool operator==(const MetricId& o) const;
};

// Aggregate of the samples that fell into one cell or one period.
struct StatisticSet {
  double sum = 0, minimum = 0, maximum = 0;
  uint64_t sample_count = 0;
  void Add(double value, uint64_t count = 1);  // count > 1 adds `count` samples of `value`
  void Merge(const StatisticSet& other);
  double average() const { return sample_count ? sum / static_cast<double>(sample_count) : 0; }
};

struct Datapoint {
  TimeUs timestamp = 0;  // start of the period
  StatisticSet stats;
};

class SnapshotReader;
class SnapshotWriter;

class MetricsStore {
 private:
  struct Series;

 public:
  static constexpr TimeUs kSecondTierRetention = 3 * kUsPerHour;
  static constexpr TimeUs kMinuteTierRetention = 15 * kUsPerDay;

  // A stable reference to one series for callers on the ingest hot path: look it up once with HandleFor, then
  // Put through it without any map lookup. Valid for the whole life of the store (series are never erased;
  // Prune only drops their cells). A default-constructed handle is invalid and Put ignores it. A handle belongs
  // to the store that made it: do not use it with a copy of that store.
  class SeriesHandle {
   public:
    SeriesHandle() = default;
    bool valid() const { return series_ != nullptr; }

   private:
    friend class MetricsStore;
    explicit SeriesHandle(Series* series) : series_(series) {}
    Series* series_ = nullptr;
  };

  // Records one sample (or `count` equal samples) at time t. Samples may arrive out of order within the
  // retention window; older ones are ignored. `unit` is kept per metric ("Count", "Bytes", "Seconds").
  // Dimensions given unsorted are sorted by name. The unit of the latest Put wins.
  void Put(const MetricId& id, double value, TimeUs t, std::string_view unit = "None", uint64_t count = 1);

  // Hot-path form: creates the series if needed (with `unit`) and returns its handle.
  SeriesHandle HandleFor(const MetricId& id, std::string_view unit = "None");
  // Same as Put(id, ...) through a handle: O(1) when t falls in the newest 1-second cell or just after it.
  void Put(SeriesHandle handle, double value, TimeUs t, uint64_t count = 1);

  // Records a pre-aggregated set (PutMetricData StatisticValues) at time t; ignored when stats.sample_count == 0.
  void PutStatistics(const MetricId& id, const StatisticSet& stats, TimeUs t, std::string_view unit = "None");

  // Datapoints for [start, end) aggregated over `period_s` seconds (1, 5, 10, 30 or a multiple of 60),
  // period boundaries aligned to multiples of the period since the epoch, only periods holding samples,
  // sorted by time. Periods under 60 s only see the 1-second tier (the last 3 hours), as in CloudWatch.
  std::vector<Datapoint> Query(const MetricId& id, TimeUs start, TimeUs end, int period_s) const;

  // Metrics that still hold data (at least one cell), sorted by MetricId; all namespaces when empty.
  std::vector<MetricId> ListMetrics(std::string_view namespace_name = {}) const;
  std::string UnitOf(const MetricId& id) const;      // "" for an unknown metric
  TimeUs LatestSampleTime(const MetricId& id) const;  // start of the newest cell holding data; INT64_MIN if none

  // Drops cells older than the retention tiers relative to `now`. Called by the lab as time advances.
  // A cell is kept while its start >= now - retention. Later samples older than that are ignored.
  void Prune(TimeUs now);

  size_t cell_count() const;                     // for the bounded-memory test
  size_t cell_count(const MetricId& id) const;   // cells of one series (both tiers)
  uint64_t generation() const { return generation_; }

  // Persistence (snapshot_services.cpp): Load replaces the whole state; on error it is half-filled (the Lab
  // checks a snapshot on a scratch lab before loading it here).
  void Save(SnapshotWriter& w) const;
  Status Load(SnapshotReader& r);

 private:
  using Cell = std::pair<int64_t, StatisticSet>;  // (epoch second or epoch minute, aggregate)
  struct Series {
    std::string unit;
    std::deque<Cell> seconds;  // (epoch second, cell), increasing
    std::deque<Cell> minutes;  // (epoch minute, cell), increasing
    // Sum of the newest minute's samples outside the newest second cell, in time order, so the newest minute
    // cell's sum is always (this + newest second's sum): bit-identical to merging its second cells in order.
    double newest_minute_sum_before_newest_second = 0;
    TimeUs newest_sample_time = INT64_MIN;  // newest t recorded; samples older than this - retention are ignored
  };

  Series& FindOrCreate(const MetricId& id, std::string_view unit);
  const Series* Find(const MetricId& id) const;
  void Record(Series& series, const StatisticSet& sample, TimeUs t);
  void RecordSlow(Series& series, const StatisticSet& sample, TimeUs t);

  // The series found by the latest FindOrCreate. Copying a store resets it (it points into this store's map).
  struct LookupCache {
    const MetricId* key = nullptr;
    Series* series = nullptr;
    LookupCache() = default;
    LookupCache(const LookupCache&) {}
    LookupCache& operator=(const LookupCache&) { key = nullptr; series = nullptr; return *this; }
  };

  // Map order for lookups: metric name first (it tells series apart soonest; namespaces are mostly equal).
  struct LookupOrder {
    bool operator()(const MetricId& a, const MetricId& b) const;
  };

  std::map<MetricId, Series, LookupOrder> series_;  // never erased, so handles and the cache stay valid
  LookupCache last_lookup_;
  uint64_t generation_ = 0;
  TimeUs pruned_at_ = INT64_MIN;  // the latest `now` given to Prune
};

}  // namespace fhl
