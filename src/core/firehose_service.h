// firehose_service.h: the Firehose service: delivery streams, PutRecord(Batch) ingest, buffering and delivery
// into the object store, and its CloudWatch metrics. firehose_api.cpp maps AWS's JSON shapes onto it.
// Must not depend on the UI, the platform or the Lab (it is given the store, metrics and RNG it uses).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/api_error.h"
#include "core/delivery_stream.h"
#include "core/json.h"
#include "core/metrics_store.h"

namespace fhl {

class ObjectStore;
class Rng;
class SnapshotReader;
class SnapshotWriter;

class FirehoseService {
 public:
  static constexpr size_t kMaxStreams = 50;                  // default quota per region
  static constexpr size_t kMaxRecordBytes = 1024000;         // per record, before base64
  static constexpr size_t kMaxBatchRecords = 500;
  static constexpr uint64_t kMaxBatchBytes = 4 * 1024 * 1024;  // 4 MiB per PutRecordBatch
  static constexpr TimeUs kCreateDuration = 5 * kUsPerSecond;  // CREATING -> ACTIVE (real AWS: tens of seconds)
  static constexpr TimeUs kDeleteDuration = 5 * kUsPerSecond;  // DELETING -> gone
  static constexpr TimeUs kDeliveryRetryDelay = 10 * kUsPerSecond;
  static constexpr TimeUs kRecordRetention = 24 * kUsPerHour;  // undeliverable data is dropped after this

  FirehoseService(ObjectStore& store, MetricsStore& metrics, Rng& rng, std::string account_id, std::string region);
  ~FirehoseService();

  // The JSON layer (firehose_api.cpp): AWS request/response shapes.
  Response Call(std::string_view action, const Json& request, TimeUs now);

  // [SECTION] typed operations (validated input)
  Status CreateStream(DeliveryStream stream, TimeUs now);  // stream.name/destination set by caller
  DeliveryStream* Find(std::string_view name);
  const DeliveryStream* Find(std::string_view name) const;
  std::vector<const DeliveryStream*> List() const;  // sorted by name
  ApiError NotFound(std::string_view name) const;
  ApiError NotActive(const DeliveryStream& stream) const;

  // The core's own put: appends records (raw bytes) to the stream's buffer, delivering whenever the size hint
  // is reached, and records IncomingRecords/IncomingBytes/IncomingPutRequests as one put request.
  // Precondition: stream ACTIVE, every record <= kMaxRecordBytes (callers validate; the JSON layer does).
  void PutRecords(DeliveryStream& stream, const std::string_view* records, size_t count, TimeUs now);

  // Applies new destination settings (UpdateDestination): version + 1, buffer kept, new hints apply at once.
  void UpdateDestination(DeliveryStream& stream, const ExtendedS3Destination& destination, TimeUs now);
  // DELETING now, gone after kDeleteDuration; buffered records are discarded as on AWS.
  void DeleteStream(DeliveryStream& stream, TimeUs now);

  // [SECTION] simulated time
  // The earliest time at which something is due (status change, buffer interval, retry, freshness sample).
  std::optional<TimeUs> NextEventTime() const;
  // Runs everything due at or before `now` (called by the Lab in time order).
  void RunDue(TimeUs now);

  uint64_t generation() const { return generation_; }
  const std::string& account_id() const { return account_id_; }
  const std::string& region() const { return region_; }
  std::string StreamArn(std::string_view name) const;

  // Persistence (snapshot_services.cpp): Load replaces the whole state; on error it is half-filled (the Lab
  // checks a snapshot on a scratch lab before loading it here).
  void Save(SnapshotWriter& w) const;
  Status Load(SnapshotReader& r);

 private:
  void Deliver(DeliveryStream& stream, FlushReason reason, TimeUs now);
  std::string ObjectKey(const DeliveryStream& stream, TimeUs oldest_arrival);
  MetricId Metric(const DeliveryStream& stream, const char* metric_name) const;
  void PublishFreshness(TimeUs second);

  ObjectStore& store_;
  MetricsStore& metrics_;
  Rng& rng_;
  std::string account_id_, region_;
  std::map<std::string, std::unique_ptr<DeliveryStream>, std::less<>> streams_;
  TimeUs next_freshness_sample_ = 0;  // whole seconds; DataFreshness is sampled once per simulated second
  uint64_t generation_ = 0;
};

}  // namespace fhl
