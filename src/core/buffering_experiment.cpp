// buffering_experiment.cpp: the buffering-hints experiment. Each variant owns its FirehoseService, ObjectStore,
// MetricsStore and Rng; the demo records are generated once per simulated second and put into every variant.
// Delivered objects are measured and deleted at once, so memory stays bounded by one buffer per variant.
#include "core/buffering_experiment.h"

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>

#include "core/demo_producer.h"
#include "core/firehose_service.h"
#include "core/metrics_store.h"
#include "core/object_store.h"
#include "core/rng.h"

namespace fhl {
namespace {

constexpr const char* kStreamName = "buffering-experiment";
constexpr const char* kBucketName = "buffering-experiment-bucket";
constexpr TimeUs kExperimentStart = 1767225600LL * kUsPerSecond;  // 2026-01-01T00:00:00Z; any fixed time works
constexpr TimeUs kMaxDrain = 2 * kUsPerHour;                       // the last buffer flushes within 900 s

ApiError Invalid(std::string message) { return ApiError{"InvalidArgumentException", std::move(message), 400}; }

// One hint's private world.
struct Variant {
  explicit Variant(uint64_t seed) : rng(seed), firehose(store, metrics, rng, "000000000000", "us-east-1") {}
  ObjectStore store;
  MetricsStore metrics;
  Rng rng;
  FirehoseService firehose;
  DeliveryStream* stream = nullptr;
  BufferingExperimentVariant out;
  double freshness_sum_s = 0;
  TimeUs last_prune = 0;
};

// [SECTION] measuring deliveries

// Records are numbered in arrival order; record i arrived at start + (i / rate) seconds (one round per second).
// Delivered objects hold consecutive records (the buffer is first in, first out).
void Collect(Variant& v, int records_per_second, TimeUs start) {
  const uint64_t rate = static_cast<uint64_t>(records_per_second);
  for (const DeliveryEvent& e : v.stream->delivery_log) {
    if (!e.success || e.records == 0) continue;  // not expected: the private store has room for one buffer
    const uint64_t first = v.out.records, end = first + e.records;
    for (uint64_t second = first / rate; second * rate < end; ++second) {
      const uint64_t lo = std::max(first, second * rate), hi = std::min(end, (second + 1) * rate);
      const double age_s = ToEpochSeconds(e.time - start) - static_cast<double>(second);
      v.freshness_sum_s += age_s * static_cast<double>(hi - lo);
    }
    const double oldest_age_s = ToEpochSeconds(e.time - start) - static_cast<double>(first / rate);
    v.out.max_freshness_s = std::max(v.out.max_freshness_s, oldest_age_s);
    v.out.records = end;
    v.out.bytes += e.bytes;
    ++v.out.objects;
    (e.reason == FlushReason::kBufferingSize ? v.out.size_flushes : v.out.interval_flushes)++;
    v.out.last_delivery_after_s = (e.time - start) / kUsPerSecond;
    v.store.DeleteObject(e.bucket, e.key);
  }
  v.stream->delivery_log.clear();
}

// Runs everything due at or before t, in time order, as Lab::Advance does for one service.
void RunUntil(Variant& v, TimeUs t, int records_per_second, TimeUs start) {
  for (;;) {
    std::optional<TimeUs> next = v.firehose.NextEventTime();
    if (!next || *next > t) break;
    v.firehose.RunDue(*next);
    Collect(v, records_per_second, start);
    if (*next >= v.last_prune + kUsPerMinute) {
      v.metrics.Prune(*next);
      v.last_prune = *next;
    }
  }
}

}  // namespace

// [SECTION] validation

Status ValidateBufferingExperiment(const BufferingExperimentRequest& r) {
  if (r.records_per_second < 1 || r.records_per_second > DemoProducer::kMaxRecordsPerSecond) {
    return Invalid("RecordsPerSecond must be between 1 and " + std::to_string(DemoProducer::kMaxRecordsPerSecond) +
                   ".");
  }
  if (r.duration_s < BufferingExperimentRequest::kMinDurationSeconds ||
      r.duration_s > BufferingExperimentRequest::kMaxDurationSeconds) {
    return Invalid("DurationSeconds must be between 60 and 86400.");
  }
  if (static_cast<uint64_t>(r.records_per_second) * static_cast<uint64_t>(r.duration_s) >
      BufferingExperimentRequest::kMaxTotalRecords) {
    return Invalid("RecordsPerSecond x DurationSeconds must be at most " +
                   std::to_string(BufferingExperimentRequest::kMaxTotalRecords) + " records.");
  }
  if (r.hints.empty() || r.hints.size() > static_cast<size_t>(BufferingExperimentRequest::kMaxHints)) {
    return Invalid("Hints must hold 1 to 4 buffering hints.");
  }
  for (size_t i = 0; i < r.hints.size(); ++i) {
    const BufferingHints& h = r.hints[i];
    const std::string where = "Hints[" + std::to_string(i) + "].";
    if (h.interval_s < BufferingHints::kMinIntervalInSeconds || h.interval_s > BufferingHints::kMaxIntervalInSeconds) {
      return Invalid(where + "IntervalInSeconds must be between 0 and 900.");
    }
    if (h.size_in_mbs < BufferingHints::kMinSizeInMBs || h.size_in_mbs > BufferingHints::kMaxSizeInMBs) {
      return Invalid(where + "SizeInMBs must be between 1 and 128.");
    }
  }
  return Status::Ok();
}

// [SECTION] the run

Result<BufferingExperimentResult> RunBufferingExperiment(const BufferingExperimentRequest& request) {
  if (Status s = ValidateBufferingExperiment(request); !s.ok()) return s.error();
  const TimeUs start = kExperimentStart;
  const int rate = request.records_per_second;

  std::vector<std::unique_ptr<Variant>> variants;
  for (const BufferingHints& hints : request.hints) {
    auto v = std::make_unique<Variant>(request.seed);
    v->out.hints = hints;
    v->store.CreateBucket(kBucketName, start - FirehoseService::kCreateDuration);
    DeliveryStream stream;
    stream.name = kStreamName;
    stream.destination.role_arn = "arn:aws:iam::000000000000:role/buffering-experiment";
    stream.destination.bucket_arn = std::string("arn:aws:s3:::") + kBucketName;
    stream.destination.prefix = "stocks/";
    stream.destination.buffering_hints = hints;
    if (request.newline_delimiter) {
      stream.destination.processing_enabled = true;
      stream.destination.processors.push_back(Processor{"AppendDelimiterToRecord", {}});
    }
    v->firehose.CreateStream(std::move(stream), start - FirehoseService::kCreateDuration);
    v->firehose.RunDue(start);  // ACTIVE at `start`
    v->stream = v->firehose.Find(kStreamName);
    v->last_prune = start;
    variants.push_back(std::move(v));
  }

  BufferingExperimentResult result;
  result.request = request;
  DemoRecordGenerator generator(request.seed);
  std::string round;
  std::vector<size_t> ends;
  std::vector<std::string_view> views;
  for (int second = 0; second < request.duration_s; ++second) {
    const TimeUs t = start + static_cast<TimeUs>(second) * kUsPerSecond;
    round.clear();
    ends.clear();
    for (int i = 0; i < rate; ++i) {
      generator.AppendRecord(round);
      ends.push_back(round.size());
    }
    views.clear();
    size_t begin = 0;
    for (size_t end : ends) {
      views.emplace_back(round.data() + begin, end - begin);
      begin = end;
    }
    result.records_sent += static_cast<uint64_t>(rate);
    result.bytes_sent += round.size();
    for (auto& v : variants) {
      RunUntil(*v, t, rate, start);  // deliveries due at t go out before this round's records arrive
      // As the console's script: PutRecordBatch calls of at most 500 records.
      for (size_t first = 0; first < views.size(); first += FirehoseService::kMaxBatchRecords) {
        const size_t n = std::min(FirehoseService::kMaxBatchRecords, views.size() - first);
        v->firehose.PutRecords(*v->stream, views.data() + first, n, t);
      }
      Collect(*v, rate, start);   // size flushes happen inside the put
      RunUntil(*v, t, rate, start);  // a zero interval delivers at once
    }
  }

  // The load stops; each variant's last buffer goes out when its interval is reached.
  const TimeUs end = start + static_cast<TimeUs>(request.duration_s) * kUsPerSecond;
  const double hours = static_cast<double>(request.duration_s) / 3600.0;
  for (auto& v : variants) {
    while (v->stream->buffer.records > 0) {
      std::optional<TimeUs> next = v->firehose.NextEventTime();
      if (!next || *next > end + kMaxDrain) break;
      RunUntil(*v, *next, rate, start);
    }
    BufferingExperimentVariant& out = v->out;
    out.objects_per_hour = static_cast<double>(out.objects) / hours;
    if (out.objects > 0) {
      out.mean_object_size_bytes = static_cast<double>(out.bytes) / static_cast<double>(out.objects);
      out.mean_records_per_object = static_cast<double>(out.records) / static_cast<double>(out.objects);
    }
    if (out.records > 0) out.mean_freshness_s = v->freshness_sum_s / static_cast<double>(out.records);
    result.variants.push_back(out);
  }
  return result;
}

}  // namespace fhl
