// buffering_experiment.h: "what if the buffering hints were different?": runs the same seeded demo load through
// private Firehose/S3/metrics instances, one per hint, and measures objects, object size and data freshness.
// Plain C++: no JSON, no Lab (it never touches the student's lab), no UI.
#pragma once

#include <cstdint>
#include <vector>

#include "core/api_error.h"
#include "core/delivery_stream.h"
#include "core/sim_time.h"

namespace fhl {

struct BufferingExperimentRequest {
  static constexpr int kMaxHints = 4;
  static constexpr int kMinDurationSeconds = 60, kMaxDurationSeconds = 24 * 3600;
  static constexpr uint64_t kMaxTotalRecords = 2000000;  // records_per_second x duration_s: bounds the cost

  int records_per_second = 100;  // the demo rate (DemoProducer::kDefaultRecordsPerSecond)
  int duration_s = 3600;
  uint64_t seed = 1;             // the demo load's seed: every variant gets the very same records
  bool newline_delimiter = true; // AppendDelimiterToRecord, as the lab's stream
  std::vector<BufferingHints> hints;
};

// One variant's numbers. Freshness is per record: delivery time minus arrival time (the age DataFreshness reports
// for the oldest buffered record); the load stops after duration_s and the last buffer is flushed by its interval.
struct BufferingExperimentVariant {
  BufferingHints hints;
  uint64_t objects = 0;
  uint64_t records = 0;  // delivered
  uint64_t bytes = 0;    // delivered (object bodies, delimiters included)
  uint64_t size_flushes = 0, interval_flushes = 0;
  double objects_per_hour = 0;
  double mean_object_size_bytes = 0;
  double mean_records_per_object = 0;
  double mean_freshness_s = 0;
  double max_freshness_s = 0;
  int64_t last_delivery_after_s = 0;  // seconds from the first record to the last delivery
};

struct BufferingExperimentResult {
  BufferingExperimentRequest request;
  uint64_t records_sent = 0, bytes_sent = 0;  // per variant (the same load for each)
  std::vector<BufferingExperimentVariant> variants;  // in request order
};

// Checks the ranges (Firehose's: interval 0-900 s, size 1-128 MiB; 1-4 hints; rate 1-2000/s; duration 60 s-24 h;
// rate x duration <= kMaxTotalRecords). InvalidArgumentException naming the first bad member.
Status ValidateBufferingExperiment(const BufferingExperimentRequest& request);

// Runs the experiment (validates first). Deterministic: same request, same result.
Result<BufferingExperimentResult> RunBufferingExperiment(const BufferingExperimentRequest& request);

}  // namespace fhl
