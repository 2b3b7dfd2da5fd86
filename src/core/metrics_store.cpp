// metrics_store.cpp: two-tier sparse metric cells (1 s for 3 h, 1 min for 15 days), pruning and period queries.
// Plain C++ (standard library only): no JSON, no clock (every time is an argument), no UI.
#include "core/metrics_store.h"

#include <algorithm>

namespace fhl {

namespace {

// [SECTION] integer time helpers

// b > 0.
int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0 && a < 0) ? 1 : 0); }

// b > 0; no overflow for any a (division truncates toward zero, which is the ceiling for negative a).
int64_t CeilDiv(int64_t a, int64_t b) { return a / b + ((a % b != 0 && a > 0) ? 1 : 0); }

// a - b without signed overflow (clamped to INT64_MIN); b >= 0.
TimeUs SaturatingSub(TimeUs a, TimeUs b) { return a < INT64_MIN + b ? INT64_MIN : a - b; }

// Cells whose start (key * cell_us) is before keep_from_us are dropped from the front. Returns cells dropped.
template <typename Deque>
size_t TrimFront(Deque& cells, TimeUs keep_from_us, TimeUs cell_us) {
  const int64_t first_kept_key = CeilDiv(keep_from_us, cell_us);
  size_t dropped = 0;
  while (!cells.empty() && cells.front().first < first_kept_key) {
    cells.pop_front();
    ++dropped;
  }
  return dropped;
}

// Merge of count, minimum and maximum only (the sum is set by the caller).
void MergeExceptSum(StatisticSet& into, const StatisticSet& sample) {
  if (into.sample_count == 0) {
    into.minimum = sample.minimum;
    into.maximum = sample.maximum;
  } else {
    into.minimum = std::min(into.minimum, sample.minimum);
    into.maximum = std::max(into.maximum, sample.maximum);
  }
  into.sample_count += sample.sample_count;
}

// Merges `sample` into the cell with `key`, inserting it in order when absent (out-of-order path only).
template <typename Deque>
void MergeAt(Deque& cells, int64_t key, const StatisticSet& sample) {
  auto it = std::lower_bound(cells.begin(), cells.end(), key,
                             [](const auto& cell, int64_t k) { return cell.first < k; });
  if (it != cells.end() && it->first == key) {
    it->second.Merge(sample);
  } else {
    cells.insert(it, {key, sample});
  }
}

bool DimensionsSorted(const MetricId& id) { return std::is_sorted(id.dimensions.begin(), id.dimensions.end()); }

MetricId Normalized(const MetricId& id) {
  MetricId copy = id;
  std::sort(copy.dimensions.begin(), copy.dimensions.end());
  return copy;
}

}  // namespace

// [SECTION] MetricId and StatisticSet

namespace {

// Three-way compare of dimension lists, lexicographic by (name, value) pairs.
int CompareDimensions(const MetricId& a, const MetricId& b) {
  const size_t common = std::min(a.dimensions.size(), b.dimensions.size());
  for (size_t i = 0; i < common; ++i) {
    if (int c = a.dimensions[i].first.compare(b.dimensions[i].first)) return c;
    if (int c = a.dimensions[i].second.compare(b.dimensions[i].second)) return c;
  }
  return a.dimensions.size() < b.dimensions.size() ? -1 : a.dimensions.size() > b.dimensions.size() ? 1 : 0;
}

}  // namespace

// Lexicographic on (namespace, metric name, dimensions): the order ListMetrics returns.
bool MetricId::operator<(const MetricId& o) const {
  if (int c = namespace_name.compare(o.namespace_name)) return c < 0;
  if (int c = metric_name.compare(o.metric_name)) return c < 0;
  return CompareDimensions(*this, o) < 0;
}

// Runs on every map lookup of Put(MetricId): one three-way compare per string, most discriminating first.
bool MetricsStore::LookupOrder::operator()(const MetricId& a, const MetricId& b) const {
  if (int c = a.metric_name.compare(b.metric_name)) return c < 0;
  if (int c = CompareDimensions(a, b)) return c < 0;
  return a.namespace_name.compare(b.namespace_name) < 0;
}

bool MetricId::operator==(const MetricId& o) const {
  return namespace_name == o.namespace_name && metric_name == o.metric_name && dimensions == o.dimensions;
}

void StatisticSet::Add(double value, uint64_t count) {
  if (count == 0) return;
  if (sample_count == 0) {
    minimum = maximum = value;
  } else {
    minimum = std::min(minimum, value);
    maximum = std::max(maximum, value);
  }
  sum += value * static_cast<double>(count);
  sample_count += count;
}

void StatisticSet::Merge(const StatisticSet& other) {
  if (other.sample_count == 0) return;
  if (sample_count == 0) {
    *this = other;
    return;
  }
  sum += other.sum;
  minimum = std::min(minimum, other.minimum);
  maximum = std::max(maximum, other.maximum);
  sample_count += other.sample_count;
}

// [SECTION] series lookup

// One-entry cache first (bursts of Puts to one metric skip the map), then the map.
MetricsStore::Series& MetricsStore::FindOrCreate(const MetricId& id, std::string_view unit) {
  Series* series = nullptr;
  if (last_lookup_.key && *last_lookup_.key == id) {
    series = last_lookup_.series;
  } else {
    const bool sorted = DimensionsSorted(id);
    auto it = sorted ? series_.find(id) : series_.find(Normalized(id));
    if (it == series_.end()) {
      it = series_.emplace(sorted ? id : Normalized(id), Series{}).first;
      it->second.unit = std::string(unit);
    }
    last_lookup_.key = &it->first;  // map nodes are stable and never erased
    last_lookup_.series = series = &it->second;
  }
  if (series->unit != unit) series->unit = std::string(unit);
  return *series;
}

const MetricsStore::Series* MetricsStore::Find(const MetricId& id) const {
  auto it = DimensionsSorted(id) ? series_.find(id) : series_.find(Normalized(id));
  return it == series_.end() ? nullptr : &it->second;
}

MetricsStore::SeriesHandle MetricsStore::HandleFor(const MetricId& id, std::string_view unit) {
  return SeriesHandle(&FindOrCreate(id, unit));
}

// [SECTION] recording samples

void MetricsStore::Put(const MetricId& id, double value, TimeUs t, std::string_view unit, uint64_t count) {
  if (count == 0) return;
  StatisticSet sample;
  sample.Add(value, count);
  Record(FindOrCreate(id, unit), sample, t);
}

void MetricsStore::Put(SeriesHandle handle, double value, TimeUs t, uint64_t count) {
  if (!handle.series_ || count == 0) return;
  StatisticSet sample;
  sample.Add(value, count);
  Record(*handle.series_, sample, t);
}

void MetricsStore::PutStatistics(const MetricId& id, const StatisticSet& stats, TimeUs t, std::string_view unit) {
  if (stats.sample_count == 0) return;
  Record(FindOrCreate(id, unit), stats, t);
}

// Hot path: the sample falls in the newest second cell (and so in the newest minute cell). O(1).
void MetricsStore::Record(Series& s, const StatisticSet& sample, TimeUs t) {
  const int64_t second = FloorDiv(t, kUsPerSecond);
  if (!s.seconds.empty() && s.seconds.back().first == second && !s.minutes.empty() &&
      s.minutes.back().first == FloorDiv(second, 60)) {
    StatisticSet& second_cell = s.seconds.back().second;
    StatisticSet& minute_cell = s.minutes.back().second;
    second_cell.Merge(sample);
    MergeExceptSum(minute_cell, sample);
    minute_cell.sum = s.newest_minute_sum_before_newest_second + second_cell.sum;
    if (t > s.newest_sample_time) s.newest_sample_time = t;
    ++generation_;
    return;
  }
  RecordSlow(s, sample, t);
}

// A new newest cell (amortised O(1), trims the series' front) or an out-of-order sample (O(cells)).
void MetricsStore::RecordSlow(Series& s, const StatisticSet& sample, TimeUs t) {
  const int64_t second = FloorDiv(t, kUsPerSecond);
  const int64_t minute = FloorDiv(second, 60);
  const TimeUs reference = std::max(pruned_at_, s.newest_sample_time);
  const bool to_seconds = second >= CeilDiv(SaturatingSub(reference, kSecondTierRetention), kUsPerSecond);
  const bool to_minutes = minute >= CeilDiv(SaturatingSub(reference, kMinuteTierRetention), kUsPerMinute);
  if (!to_minutes) return;  // older than every tier: ignored (to_seconds implies to_minutes)
  if (t > s.newest_sample_time) s.newest_sample_time = t;
  ++generation_;

  // 1-second tier.
  bool into_newest_second = false, pushed_new_second = false;
  if (to_seconds) {
    if (s.seconds.empty() || second > s.seconds.back().first) {
      s.seconds.emplace_back(second, sample);
      TrimFront(s.seconds, SaturatingSub(t, kSecondTierRetention), kUsPerSecond);
      into_newest_second = pushed_new_second = true;
    } else if (second == s.seconds.back().first) {
      s.seconds.back().second.Merge(sample);
      into_newest_second = true;
    } else {
      MergeAt(s.seconds, second, sample);
    }
  }

  // 1-minute tier, keeping newest minute sum == (sum before the newest second) + (newest second's sum).
  if (s.minutes.empty() || minute > s.minutes.back().first) {
    s.minutes.emplace_back(minute, StatisticSet{});
    TrimFront(s.minutes, SaturatingSub(t, kMinuteTierRetention), kUsPerMinute);
    s.newest_minute_sum_before_newest_second = 0;
  }
  if (minute == s.minutes.back().first) {
    StatisticSet& minute_cell = s.minutes.back().second;
    if (into_newest_second) {
      if (pushed_new_second) s.newest_minute_sum_before_newest_second = minute_cell.sum;
      MergeExceptSum(minute_cell, sample);
      minute_cell.sum = s.newest_minute_sum_before_newest_second + s.seconds.back().second.sum;
    } else {
      minute_cell.Merge(sample);
      s.newest_minute_sum_before_newest_second += sample.sum;
    }
  } else {
    MergeAt(s.minutes, minute, sample);
  }
}

// [SECTION] queries

std::vector<Datapoint> MetricsStore::Query(const MetricId& id, TimeUs start, TimeUs end, int period_s) const {
  std::vector<Datapoint> out;
  if (period_s <= 0 || start >= end) return out;
  const Series* s = Find(id);
  if (!s) return out;
  const TimeUs period_us = static_cast<TimeUs>(period_s) * kUsPerSecond;
  const TimeUs first_period_start = FloorTo(start, period_us);
  const TimeUs after_last_period = FloorTo(end - 1, period_us) + period_us;
  const bool second_tier = period_s < 60;
  const std::deque<Cell>& cells = second_tier ? s->seconds : s->minutes;
  const TimeUs cell_us = second_tier ? kUsPerSecond : kUsPerMinute;

  auto it = std::lower_bound(cells.begin(), cells.end(), CeilDiv(first_period_start, cell_us),
                             [](const Cell& cell, int64_t k) { return cell.first < k; });
  for (; it != cells.end(); ++it) {
    const TimeUs cell_start = it->first * cell_us;
    if (cell_start >= after_last_period) break;
    const TimeUs period_start = FloorTo(cell_start, period_us);
    if (out.empty() || out.back().timestamp != period_start) out.push_back(Datapoint{period_start, StatisticSet{}});
    out.back().stats.Merge(it->second);
  }
  return out;
}

std::vector<MetricId> MetricsStore::ListMetrics(std::string_view namespace_name) const {
  std::vector<MetricId> out;
  for (const auto& [id, s] : series_) {
    if (s.minutes.empty() && s.seconds.empty()) continue;
    if (!namespace_name.empty() && id.namespace_name != namespace_name) continue;
    out.push_back(id);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string MetricsStore::UnitOf(const MetricId& id) const {
  const Series* s = Find(id);
  return s ? s->unit : std::string();
}

TimeUs MetricsStore::LatestSampleTime(const MetricId& id) const {
  const Series* s = Find(id);
  if (!s) return INT64_MIN;
  TimeUs latest = INT64_MIN;
  if (!s->minutes.empty()) latest = s->minutes.back().first * kUsPerMinute;
  if (!s->seconds.empty()) latest = std::max(latest, s->seconds.back().first * kUsPerSecond);
  return latest;
}

// [SECTION] retention

void MetricsStore::Prune(TimeUs now) {
  pruned_at_ = std::max(pruned_at_, now);
  size_t dropped = 0;
  for (auto& entry : series_) {
    Series& s = entry.second;
    dropped += TrimFront(s.seconds, SaturatingSub(now, kSecondTierRetention), kUsPerSecond);
    dropped += TrimFront(s.minutes, SaturatingSub(now, kMinuteTierRetention), kUsPerMinute);
  }
  if (dropped) ++generation_;
}

size_t MetricsStore::cell_count() const {
  size_t n = 0;
  for (const auto& entry : series_) n += entry.second.seconds.size() + entry.second.minutes.size();
  return n;
}

size_t MetricsStore::cell_count(const MetricId& id) const {
  const Series* s = Find(id);
  return s ? s->seconds.size() + s->minutes.size() : 0;
}

}  // namespace fhl
