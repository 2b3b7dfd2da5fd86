// delivery_stream.h: one Firehose delivery stream: its configuration (AWS field meanings, typed), its buffer,
// and its delivery log. Plain data plus the buffer's invariants; FirehoseService drives it.
// Must not depend on JSON, the object store or metrics.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/sim_time.h"

namespace fhl {

// BufferingHints{SizeInMBs, IntervalInSeconds}: flush when either is reached, whichever comes first.
struct BufferingHints {
  static constexpr int kDefaultSizeInMBs = 5;          // AWS default when not given
  static constexpr int kDefaultIntervalInSeconds = 300;
  static constexpr int kMinSizeInMBs = 1, kMaxSizeInMBs = 128;
  static constexpr int kMinIntervalInSeconds = 0, kMaxIntervalInSeconds = 900;

  int size_in_mbs = kDefaultSizeInMBs;
  int interval_s = kDefaultIntervalInSeconds;

  // Firehose's "MB" is a mebibyte: 1 MB buffer = 1,048,576 bytes.
  uint64_t size_limit_bytes() const { return static_cast<uint64_t>(size_in_mbs) * 1024 * 1024; }
  TimeUs interval_us() const { return static_cast<TimeUs>(interval_s) * kUsPerSecond; }
};

struct ProcessorParameter {
  std::string name, value;
};

struct Processor {
  std::string type;  // "AppendDelimiterToRecord", "Lambda", ...
  std::vector<ProcessorParameter> parameters;
};

struct ExtendedS3Destination {
  std::string role_arn;
  std::string bucket_arn;                        // "arn:aws:s3:::<bucket>"
  std::string prefix;                            // "" or e.g. "stocks/"
  std::optional<std::string> error_output_prefix;
  BufferingHints buffering_hints;
  std::string compression_format = "UNCOMPRESSED";
  bool processing_enabled = false;
  std::vector<Processor> processors;
  bool cloudwatch_logging_enabled = false;
  std::string log_group_name, log_stream_name;
  std::string s3_backup_mode = "Disabled";
  std::string file_extension;
  std::string custom_time_zone;

  // The "New line delimiter" setting: an enabled AppendDelimiterToRecord processor.
  bool appends_delimiter() const;
  // "arn:aws:s3:::my-bucket" -> "my-bucket".
  std::string bucket_name() const;
};

enum class StreamStatus { kCreating, kActive, kDeleting };
const char* StreamStatusName(StreamStatus s);

enum class FlushReason { kBufferingInterval, kBufferingSize };
const char* FlushReasonName(FlushReason r);

// Records waiting for delivery, already concatenated as they will be written to S3.
// Invariant: records == 0 <=> bytes.empty() && oldest_arrival is meaningless.
struct DeliveryBuffer {
  std::string bytes;
  uint64_t records = 0;
  TimeUs oldest_arrival = 0;
  TimeUs retry_at = 0;  // after a failed delivery, the next attempt (0: none pending)
};

// One flush: what a chart marker and the delivery log show.
struct DeliveryEvent {
  TimeUs time = 0;
  FlushReason reason = FlushReason::kBufferingInterval;
  std::string bucket, key;
  uint64_t records = 0, bytes = 0;
  bool success = true;
  std::string error_message;
};

struct DeliveryStream {
  static constexpr size_t kMaxDeliveryLog = 20000;  // bounded: > 24 h of one flush per 5 s

  std::string name;
  std::string arn;
  StreamStatus status = StreamStatus::kCreating;
  std::string type = "DirectPut";
  int version_id = 1;
  TimeUs create_time = 0;
  std::optional<TimeUs> last_update_time;
  TimeUs status_change_at = 0;  // CREATING -> ACTIVE, or DELETING -> gone, at this time
  ExtendedS3Destination destination;
  std::vector<std::pair<std::string, std::string>> tags;
  DeliveryBuffer buffer;
  std::deque<DeliveryEvent> delivery_log;
  uint64_t records_delivered = 0, bytes_delivered = 0;
  bool received_data = false;  // DataFreshness is published once the stream has seen a record

  // When the buffer must be delivered by time (interval reached or a retry due); nullopt when empty.
  std::optional<TimeUs> NextDeliveryTime() const;
};

}  // namespace fhl
