// lab.h: the whole simulated AWS account of the lab and its one entry point, Lab::Call.
// The UI, the page's JS API (through src/platform/web/exports.cpp) and the tests all go through Call.
// Plain C++: no UI, GL, Emscripten or JS. Time only moves through Advance (the page passes elapsed time x speed).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/api_error.h"
#include "core/json.h"
#include "core/sim_time.h"

namespace fhl {

class ObjectStore;
class MetricsStore;
class FirehoseService;
class DemoProducer;
class Rng;
class GlueCatalog;
class SerDeCache;
class AthenaService;
class LabGuide;
class IamService;
class CfnService;

struct LabOptions {
  TimeUs start_time = 1767225600LL * kUsPerSecond;  // 2026-01-01T00:00:00Z unless the page passes its own
  uint64_t seed = 1;                                 // every random choice (UUIDs, demo data, bucket suffix)
  bool create_lab_resources = true;                  // the lab's stream and bucket exist from the start
};

class Lab {
 public:
  static constexpr const char* kAccountId = "123456789012";
  static constexpr const char* kRegion = "us-east-1";

  explicit Lab(const LabOptions& options = LabOptions());
  ~Lab();
  Lab(const Lab&) = delete;
  Lab& operator=(const Lab&) = delete;

  // The one entry point. service: "Firehose", "S3", "CloudWatch", "Athena", "Glue", "IAM", "CloudFormation", "Lab" (sandbox controls:
  // clock, demo data, delivery log). action: the AWS operation name ("PutRecordBatch"). request/response: AWS
  // shapes as JSON.
  // A failed call returns an error value and changes nothing.
  Response Call(std::string_view service, std::string_view action, const Json& request);

  // Text form for the JS export tier: request_json is parsed here; the answer is always valid JSON,
  // {"ok":true,"body":{...}} or {"ok":false,"error":{"code":"...","message":"...","status":400}}.
  std::string CallText(std::string_view service, std::string_view action, std::string_view request_json);

  // Moves simulated time forward by dt (>= 0), running every delivery, producer tick and metric sample due in
  // between, in time order, at their exact times.
  void Advance(TimeUs dt);
  TimeUs now() const { return now_; }

  // Does up to budget_units of Athena query work (units: athena_engine.h; ~1 unit per byte parsed) at the current
  // simulated time. Returns an estimate of the units still pending (0 = idle). Queries only progress through Work,
  // so the page can keep its frame rate by giving each frame a small budget.
  size_t Work(uint64_t budget_units);
  // The real time the caller measured around the last Work call (the core reads no clock), charged to the queries
  // that call worked on (EngineExecutionTimeInMillis, QueryPlanningTimeInMillis). Once per Work call; extra calls
  // change nothing.
  void RecordWorkTime(TimeUs measured_real_us);

  // Persistence (lab_snapshot.cpp): the whole lab as bytes, and back. RestoreSnapshot is all-or-nothing: a snapshot
  // that is corrupted, truncated, too large or from another format version is an error and the lab is unchanged.
  std::string SaveSnapshot() const;
  Status RestoreSnapshot(std::string_view bytes);

  // Increments whenever anything observable changes (UI refreshes its cached responses on change).
  uint64_t generation() const;

  // Names of the lab's stream and bucket: with create_lab_resources, the ones the lab starts with.
  // Otherwise (the page: a fresh account) they come from the newest live stack with the lab template's outputs
  // DeliveryStreamName and BucketName; empty until such a stack exists.
  std::string lab_stream_name() const { return LabResourceName(lab_stream_name_, "DeliveryStreamName"); }
  std::string lab_bucket_name() const { return LabResourceName(lab_bucket_name_, "BucketName"); }

  // Typed access for the in-core producer and for benchmarks; everything outside the core uses Call.
  FirehoseService& firehose() { return *firehose_; }
  ObjectStore& s3() { return *s3_; }
  MetricsStore& metrics() { return *metrics_; }
  DemoProducer& producer() { return *producer_; }
  GlueCatalog& glue() { return *glue_; }
  AthenaService& athena() { return *athena_; }
  LabGuide& guide() { return *guide_; }  // lab_guide.h: steps, answers, experiment (GetLabProgress & co)
  IamService& iam() { return *iam_; }
  CfnService& cloudformation() { return *cfn_; }  // cfn_stack_service.h: stacks, resources, events

 private:
  struct Persistence;  // lab_snapshot.cpp: SaveSnapshot/RestoreSnapshot helpers (they reach every member)
  Response CallLab(std::string_view action, const Json& request);
  std::string LabResourceName(const std::string& fixed, const char* output_key) const;
  void RunDueEvents(TimeUs t);

  TimeUs now_;
  TimeUs last_prune_ = 0;
  uint64_t generation_ = 0;
  std::unique_ptr<Rng> rng_;
  std::unique_ptr<ObjectStore> s3_;
  std::unique_ptr<MetricsStore> metrics_;
  std::unique_ptr<FirehoseService> firehose_;
  std::unique_ptr<DemoProducer> producer_;
  std::unique_ptr<GlueCatalog> glue_;
  std::unique_ptr<SerDeCache> serde_cache_;
  std::unique_ptr<AthenaService> athena_;
  std::unique_ptr<LabGuide> guide_;
  std::unique_ptr<IamService> iam_;
  std::unique_ptr<CfnService> cfn_;  // after every service its resource handlers call
  std::string lab_stream_name_;
  std::string lab_bucket_name_;
  uint64_t seed_;
};

}  // namespace fhl
