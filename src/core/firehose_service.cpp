// firehose_service.cpp: ingest, buffering and delivery of Firehose streams into the object store, with metrics.
// Invariant: a record is either in exactly one stream buffer, in exactly one delivered object, or dropped
// (stream deleted, or undeliverable for kRecordRetention) - never duplicated within the lab.
#include "core/firehose_service.h"

#include <algorithm>

#include "core/object_store.h"
#include "core/rng.h"

namespace fhl {
namespace {

constexpr const char* kNamespace = "AWS/Firehose";
constexpr uint64_t kMaxBufferReserveBytes = 4u << 20;  // 4 MiB: the default 1 MiB hint reserves all it needs

// Java DateTimeFormatter subset used in Firehose prefixes: yyyy MM dd HH mm ss and 'quoted literals'.
std::string FormatJavaPattern(TimeUs t, std::string_view pattern) {
  std::string out;
  size_t i = 0;
  while (i < pattern.size()) {
    if (pattern[i] == '\'') {
      const size_t end = pattern.find('\'', i + 1);
      const size_t stop = end == std::string_view::npos ? pattern.size() : end;
      out.append(pattern.substr(i + 1, stop - i - 1));
      i = stop + 1;
      continue;
    }
    size_t j = i;
    while (j < pattern.size() && pattern[j] != '\'') ++j;
    out += FormatPattern(t, pattern.substr(i, j - i));
    i = j;
  }
  return out;
}

// Evaluates a Prefix: a static prefix gets "yyyy/MM/dd/HH/" appended by literal concatenation (no slash
// inserted); a prefix with !{...} expressions is evaluated and gets nothing appended.
std::string EvaluatePrefix(const std::string& prefix, TimeUs t, Rng& rng) {
  if (prefix.find("!{") == std::string::npos) return prefix + FormatPattern(t, "yyyy/MM/dd/HH/");
  std::string out;
  size_t i = 0;
  while (i < prefix.size()) {
    const size_t open = prefix.find("!{", i);
    if (open == std::string::npos) {
      out.append(prefix, i, std::string::npos);
      break;
    }
    out.append(prefix, i, open - i);
    const size_t close = prefix.find('}', open);
    if (close == std::string::npos) break;  // rejected at validation; defensive
    const std::string_view expr(prefix.data() + open + 2, close - open - 2);
    if (expr.rfind("timestamp:", 0) == 0) {
      out += FormatJavaPattern(t, expr.substr(10));
    } else if (expr == "firehose:random-string") {
      out += rng.NextUuid().substr(0, 11);
    }
    i = close + 1;
  }
  return out;
}

}  // namespace

FirehoseService::FirehoseService(ObjectStore& store, MetricsStore& metrics, Rng& rng, std::string account_id,
                                 std::string region)
    : store_(store), metrics_(metrics), rng_(rng), account_id_(std::move(account_id)), region_(std::move(region)) {}

FirehoseService::~FirehoseService() = default;

std::string FirehoseService::StreamArn(std::string_view name) const {
  return "arn:aws:firehose:" + region_ + ":" + account_id_ + ":deliverystream/" + std::string(name);
}

ApiError FirehoseService::NotFound(std::string_view name) const {
  return ApiError{"ResourceNotFoundException",
                  "Firehose " + std::string(name) + " under account " + account_id_ + " not found.", 400};
}

ApiError FirehoseService::NotActive(const DeliveryStream& stream) const {
  // Sending to a stream that is not ACTIVE is refused; AWS reports the stream as not found meanwhile.
  return ApiError{"ResourceNotFoundException",
                  "Firehose " + stream.name + " under account " + account_id_ + " is not ACTIVE (current status: " +
                      StreamStatusName(stream.status) + ").",
                  400};
}

Status FirehoseService::CreateStream(DeliveryStream stream, TimeUs now) {
  if (streams_.count(stream.name)) {
    return ApiError{"ResourceInUseException",
                    "Firehose " + stream.name + " under accountId " + account_id_ + " already exists", 400};
  }
  if (streams_.size() >= kMaxStreams) {
    return ApiError{"LimitExceededException",
                    "You have already consumed your firehose quota of " + std::to_string(kMaxStreams) +
                        " hoses in this region.",
                    400};
  }
  stream.arn = StreamArn(stream.name);
  stream.status = StreamStatus::kCreating;
  stream.create_time = now;
  stream.status_change_at = now + kCreateDuration;
  stream.version_id = 1;
  auto owned = std::make_unique<DeliveryStream>(std::move(stream));
  streams_.emplace(owned->name, std::move(owned));
  ++generation_;
  return Status::Ok();
}

DeliveryStream* FirehoseService::Find(std::string_view name) {
  auto it = streams_.find(name);
  return it == streams_.end() ? nullptr : it->second.get();
}

const DeliveryStream* FirehoseService::Find(std::string_view name) const {
  auto it = streams_.find(name);
  return it == streams_.end() ? nullptr : it->second.get();
}

std::vector<const DeliveryStream*> FirehoseService::List() const {
  std::vector<const DeliveryStream*> out;
  out.reserve(streams_.size());
  for (const auto& [name, stream] : streams_) out.push_back(stream.get());
  return out;
}

MetricId FirehoseService::Metric(const DeliveryStream& stream, const char* metric_name) const {
  return MetricId{kNamespace, metric_name, {{"DeliveryStreamName", stream.name}}};
}

// [SECTION] ingest

void FirehoseService::PutRecords(DeliveryStream& stream, const std::string_view* records, size_t count,
                                 TimeUs now) {
  const bool delimiter = stream.destination.appends_delimiter();
  const uint64_t size_limit_bytes = stream.destination.buffering_hints.size_limit_bytes();
  DeliveryBuffer& buffer = stream.buffer;
  uint64_t incoming_bytes = 0;
  for (size_t i = 0; i < count; ++i) {
    const std::string_view data = records[i];
    if (buffer.records == 0) {
      buffer.oldest_arrival = now;
      // Reserve up to the size hint, but not 128 MiB up front: a slow stream with a large hint grows as needed.
      const uint64_t reserve_bytes = std::min<uint64_t>(size_limit_bytes, kMaxBufferReserveBytes) + 1024;
      if (buffer.bytes.capacity() < reserve_bytes) buffer.bytes.reserve(reserve_bytes);
      if (next_freshness_sample_ <= now) next_freshness_sample_ = FloorTo(now, kUsPerSecond) + kUsPerSecond;
    }
    buffer.bytes.append(data.data(), data.size());
    if (delimiter) buffer.bytes.push_back('\n');
    ++buffer.records;
    incoming_bytes += data.size();
    if (buffer.bytes.size() >= size_limit_bytes && buffer.retry_at == 0) {
      Deliver(stream, FlushReason::kBufferingSize, now);
    }
  }
  stream.received_data = true;
  metrics_.Put(Metric(stream, "IncomingRecords"), static_cast<double>(count), now, "Count");
  metrics_.Put(Metric(stream, "IncomingBytes"), static_cast<double>(incoming_bytes), now, "Bytes");
  metrics_.Put(Metric(stream, "IncomingPutRequests"), 1.0, now, "Count");
  ++generation_;
}

// [SECTION] delivery

std::string FirehoseService::ObjectKey(const DeliveryStream& stream, TimeUs oldest_arrival) {
  std::string key = EvaluatePrefix(stream.destination.prefix, oldest_arrival, rng_);
  key += stream.name;
  key += '-';
  key += std::to_string(stream.version_id);
  key += '-';
  key += FormatPattern(oldest_arrival, "yyyy-MM-dd-HH-mm-ss");
  key += '-';
  key += rng_.NextUuid();
  key += stream.destination.file_extension;  // "" for UNCOMPRESSED unless a FileExtension is configured
  return key;
}

void FirehoseService::Deliver(DeliveryStream& stream, FlushReason reason, TimeUs now) {
  DeliveryBuffer& buffer = stream.buffer;
  if (buffer.records == 0) return;
  DeliveryEvent event;
  event.time = now;
  event.reason = reason;
  event.bucket = stream.destination.bucket_name();
  event.records = buffer.records;
  event.bytes = buffer.bytes.size();

  // Check before moving the bytes out, so a failed delivery keeps every record buffered.
  std::string failure;
  if (!store_.FindBucket(event.bucket)) {
    failure = "The specified bucket does not exist. (S3.NoSuchBucket, bucket " + event.bucket + ")";
  } else if (store_.used_bytes() + event.bytes > store_.quota_bytes()) {
    failure = "The lab's object storage is full; delivery will be retried. (StorageQuotaExceeded)";
  }

  if (failure.empty()) {
    event.key = ObjectKey(stream, buffer.oldest_arrival);
    auto put = store_.PutObject(event.bucket, event.key, std::move(buffer.bytes), now);
    if (!put.ok()) failure = put.error().code + ": " + put.error().message;  // not expected after the checks
  }

  if (failure.empty()) {
    stream.records_delivered += event.records;
    stream.bytes_delivered += event.bytes;
    buffer.bytes = std::string();
    buffer.records = 0;
    buffer.retry_at = 0;
    metrics_.Put(Metric(stream, "DeliveryToS3.Records"), static_cast<double>(event.records), now, "Count");
    metrics_.Put(Metric(stream, "DeliveryToS3.Bytes"), static_cast<double>(event.bytes), now, "Bytes");
    metrics_.Put(Metric(stream, "DeliveryToS3.Success"), 1.0, now, "None");
  } else {
    event.success = false;
    event.error_message = failure;
    metrics_.Put(Metric(stream, "DeliveryToS3.Success"), 0.0, now, "None");
    if (now - buffer.oldest_arrival >= kRecordRetention) {
      event.error_message += " Records older than 24 hours were dropped.";
      buffer = DeliveryBuffer();
    } else {
      buffer.retry_at = now + kDeliveryRetryDelay;
    }
  }
  stream.delivery_log.push_back(std::move(event));
  if (stream.delivery_log.size() > DeliveryStream::kMaxDeliveryLog) stream.delivery_log.pop_front();
  ++generation_;
}

void FirehoseService::UpdateDestination(DeliveryStream& stream, const ExtendedS3Destination& destination,
                                        TimeUs now) {
  stream.destination = destination;
  ++stream.version_id;
  stream.last_update_time = now;
  ++generation_;
  // New hints apply to the records already buffered: a smaller size may be reached already.
  if (stream.buffer.records > 0 && stream.buffer.retry_at == 0 &&
      stream.buffer.bytes.size() >= destination.buffering_hints.size_limit_bytes()) {
    Deliver(stream, FlushReason::kBufferingSize, now);
  }
}

void FirehoseService::DeleteStream(DeliveryStream& stream, TimeUs now) {
  stream.status = StreamStatus::kDeleting;
  stream.status_change_at = now + kDeleteDuration;
  stream.buffer = DeliveryBuffer();  // buffered data is discarded
  ++generation_;
}

// [SECTION] simulated time

std::optional<TimeUs> FirehoseService::NextEventTime() const {
  std::optional<TimeUs> next;
  bool any_buffered = false;
  auto consider = [&next](TimeUs t) {
    if (!next || t < *next) next = t;
  };
  for (const auto& [name, stream] : streams_) {
    if (stream->status != StreamStatus::kActive) consider(stream->status_change_at);
    if (auto t = stream->NextDeliveryTime()) consider(*t);
    any_buffered |= stream->buffer.records > 0;
  }
  if (any_buffered) consider(next_freshness_sample_);
  return next;
}

void FirehoseService::PublishFreshness(TimeUs second) {
  for (auto& [name, stream] : streams_) {
    if (stream->status != StreamStatus::kActive || stream->buffer.records == 0) continue;
    const double age_s = static_cast<double>((second - stream->buffer.oldest_arrival) / kUsPerSecond);
    metrics_.Put(Metric(*stream, "DeliveryToS3.DataFreshness"), age_s, second, "Seconds");
  }
}

void FirehoseService::RunDue(TimeUs now) {
  for (auto it = streams_.begin(); it != streams_.end();) {
    DeliveryStream& stream = *it->second;
    if (stream.status == StreamStatus::kCreating && stream.status_change_at <= now) {
      stream.status = StreamStatus::kActive;
      ++generation_;
    } else if (stream.status == StreamStatus::kDeleting && stream.status_change_at <= now) {
      it = streams_.erase(it);
      ++generation_;
      continue;
    }
    if (auto due = stream.NextDeliveryTime(); due && *due <= now) {
      Deliver(stream, FlushReason::kBufferingInterval, now);
    }
    ++it;
  }
  bool any_buffered = false;
  for (const auto& [name, stream] : streams_) any_buffered |= stream->buffer.records > 0;
  if (!any_buffered) return;
  while (next_freshness_sample_ <= now) {
    PublishFreshness(next_freshness_sample_);
    next_freshness_sample_ += kUsPerSecond;
  }
}

}  // namespace fhl
