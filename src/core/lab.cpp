// lab.cpp: the Lab: owns every service, dispatches Lab::Call, and runs simulated time in event order.
#include "core/lab.h"

#include <algorithm>

#include "core/athena_service.h"
#include "core/cfn_stack_service.h"
#include "core/cloudwatch_api.h"
#include "core/demo_producer.h"
#include "core/firehose_service.h"
#include "core/glue_api.h"
#include "core/glue_catalog.h"
#include "core/lab_guide.h"
#include "core/iam_service.h"
#include "core/metrics_store.h"
#include "core/object_store.h"
#include "core/request_fields.h"
#include "core/rng.h"
#include "core/s3_api.h"
#include "core/table_scan.h"

namespace fhl {
namespace {

constexpr TimeUs kMaxAdvance = 31 * kUsPerDay;  // one AdvanceClock call moves at most a month
constexpr TimeUs kPruneEvery = kUsPerMinute;

}  // namespace

Lab::Lab(const LabOptions& options)
    : now_(options.start_time),
      rng_(std::make_unique<Rng>(options.seed)),
      s3_(std::make_unique<ObjectStore>()),
      metrics_(std::make_unique<MetricsStore>()),
      firehose_(std::make_unique<FirehoseService>(*s3_, *metrics_, *rng_, kAccountId, kRegion)),
      producer_(std::make_unique<DemoProducer>(*firehose_)),
      glue_(std::make_unique<GlueCatalog>()),
      serde_cache_(std::make_unique<SerDeCache>()),
      athena_(std::make_unique<AthenaService>(*glue_, *s3_, *serde_cache_, *rng_)),
      iam_(std::make_unique<IamService>(*rng_, kAccountId)),
      seed_(options.seed) {
  // CloudFormation's resource handlers act on the lab through its one entry point.
  cfn_ = std::make_unique<CfnService>(CfnServiceOptions{
      [this](std::string_view s, std::string_view a, const Json& r) { return Call(s, a, r); }, kAccountId, kRegion,
      rng_.get()});
  guide_ = std::make_unique<LabGuide>(*this);
  if (!options.create_lab_resources) return;
  // The lab's resources, as the course's CloudFormation stack would have created them.
  lab_bucket_name_ = "ie-tech-mba-message-queue-sink-" + rng_->NextAlnum(8) + "-bucket";
  lab_stream_name_ = "ie-tech-mba-stream";
  s3_->CreateBucket(lab_bucket_name_, now_);
  DeliveryStream stream;
  stream.name = lab_stream_name_;
  stream.destination.role_arn = std::string("arn:aws:iam::") + kAccountId + ":role/ie-tech-mba-firehose-role";
  stream.destination.bucket_arn = "arn:aws:s3:::" + lab_bucket_name_;
  stream.destination.prefix = "stocks/";
  stream.destination.error_output_prefix = "errors/";
  stream.destination.buffering_hints = BufferingHints{1, 60};
  stream.destination.processing_enabled = true;
  stream.destination.processors.push_back(Processor{"AppendDelimiterToRecord", {}});
  firehose_->CreateStream(std::move(stream), now_);
  // Deployed before the student arrives: already ACTIVE.
  firehose_->RunDue(now_ + FirehoseService::kCreateDuration);
  if (DeliveryStream* s = firehose_->Find(lab_stream_name_)) s->create_time = now_ - FirehoseService::kCreateDuration;
}

Lab::~Lab() = default;

uint64_t Lab::generation() const {
  return s3_->generation() + metrics_->generation() + firehose_->generation() + producer_->generation() +
         glue_->generation() + athena_->generation() + guide_->generation() + iam_->generation() + cfn_->generation() +
         generation_;
}

// [SECTION] the one entry point

Response Lab::Call(std::string_view service, std::string_view action, const Json& request) {
  Response response;
  if (service == "Firehose") {
    response = firehose_->Call(action, request, now_);
  } else if (service == "S3") {
    response = S3Call(*s3_, action, request, now_);
  } else if (service == "CloudWatch") {
    response = CloudWatchCall(*metrics_, action, request, now_);
  } else if (service == "Athena") {
    response = athena_->Call(action, request, now_);
  } else if (service == "Glue") {
    response = CallGlue(*glue_, action, request, now_);
  } else if (service == "IAM") {
    response = iam_->Call(action, request, now_);
  } else if (service == "CloudFormation") {
    response = cfn_->Call(action, request, now_);
  } else if (service == "Lab") {
    response = CallLab(action, request);
  } else {
    return Response::Fail("UnknownServiceException",
                          "Unknown service '" + std::string(service) +
                              "'. Services in this lab: Firehose, S3, CloudWatch, Athena, Glue, IAM, CloudFormation, Lab.");
  }
  // Deliveries due right now (a zero buffering interval) happen as part of the call that made them due.
  if (response.ok()) RunDueEvents(now_);
  return response;
}

std::string Lab::CallText(std::string_view service, std::string_view action, std::string_view request_json) {
  Response response;
  const bool blank = std::all_of(request_json.begin(), request_json.end(),
                                 [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; });
  if (blank) {
    response = Call(service, action, Json::object());
  } else if (auto request = ParseJson(request_json)) {
    response = Call(service, action, *request);
  } else {
    response = Response::Fail("SerializationException", "The request body is not valid JSON.");
  }
  if (response.ok()) return DumpJson(Json{{"ok", true}, {"body", response.body}});
  return DumpJson(Json{{"ok", false},
                       {"error",
                        {{"code", response.error->code},
                         {"message", response.error->message},
                         {"status", response.error->http_status}}}});
}

// [SECTION] sandbox controls ("Lab" service)

std::string Lab::LabResourceName(const std::string& fixed, const char* output_key) const {
  if (!fixed.empty()) return fixed;
  const std::vector<const CfnStack*> stacks = cfn_->List();  // creation order: the newest live stack wins
  for (auto it = stacks.rbegin(); it != stacks.rend(); ++it) {
    const std::string& status = (*it)->status;
    const bool live = status == "CREATE_COMPLETE" || status == "UPDATE_COMPLETE" || status == "UPDATE_ROLLBACK_COMPLETE";
    if (!live) continue;
    for (const Json& output : (*it)->outputs) {
      if (output.value("OutputKey", "") == output_key && output.contains("OutputValue") &&
          output["OutputValue"].is_string()) {
        return output["OutputValue"].get<std::string>();
      }
    }
  }
  return "";
}

Response Lab::CallLab(std::string_view action, const Json& request) {
  if (LabGuide::Handles(action)) return guide_->Call(action, request);  // the lab guide's actions
  RequestFields f(request);
  if (action == "GetClock") {
    return Response::Ok({{"Now", FormatIso8601(now_)}, {"NowEpochSeconds", ToEpochSeconds(now_)}});
  }
  if (action == "AdvanceClock") {
    auto seconds = f.Number("Seconds");
    if (!f.ok()) return FailWith(f.error());
    if (!seconds || !(*seconds >= 0) || *seconds * kUsPerSecond > static_cast<double>(kMaxAdvance)) {
      return Response::Fail("InvalidArgumentException", "Seconds must be a number from 0 to 2678400 (31 days).");
    }
    Advance(static_cast<TimeUs>(*seconds * kUsPerSecond + 0.5));
    return Response::Ok({{"Now", FormatIso8601(now_)}});
  }
  if (action == "DescribeLab") {
    return Response::Ok({{"AccountId", kAccountId},
                         {"Region", kRegion},
                         {"LabStreamName", lab_stream_name()},
                         {"LabBucketName", lab_bucket_name()},
                         {"Seed", seed_}});
  }
  auto name = f.String("DeliveryStreamName");
  if (!f.ok()) return FailWith(f.error());
  if (action == "StartDemoData" || action == "StopDemoData" || action == "DescribeDemoData" ||
      action == "ListDeliveries") {
    if (!name) {
      ValidationErrors errors;
      errors.Add(std::nullopt, "deliveryStreamName", "Member must not be null");
      return FailWith(errors.ToError());
    }
  }
  if (action == "StartDemoData") {
    const int64_t rate = f.Integer("RecordsPerSecond").value_or(DemoProducer::kDefaultRecordsPerSecond);
    const int64_t seed = f.Integer("Seed").value_or(static_cast<int64_t>(rng_->Next() >> 1));
    if (!f.ok()) return FailWith(f.error());
    const int rate_clamped = static_cast<int>(std::clamp<int64_t>(rate, -1, DemoProducer::kMaxRecordsPerSecond + 1));
    if (auto status = producer_->Start(*name, rate_clamped, static_cast<uint64_t>(seed), now_); !status.ok()) {
      return FailWith(status.error());
    }
    return Response::Ok(Json::object());
  }
  if (action == "StopDemoData") {
    if (auto status = producer_->Stop(*name); !status.ok()) return FailWith(status.error());
    return Response::Ok(Json::object());
  }
  if (action == "DescribeDemoData") {
    const DemoProducer::Session* s = producer_->Find(*name);
    if (!s) {
      if (!firehose_->Find(*name)) return FailWith(firehose_->NotFound(*name));
      return Response::Ok({{"Running", false}, {"RecordsPerSecond", DemoProducer::kDefaultRecordsPerSecond},
                           {"RecordsSent", 0}, {"BytesSent", 0}});
    }
    Json out = {{"Running", s->running},          {"RecordsPerSecond", s->records_per_second},
                {"RecordsSent", s->records_sent}, {"BytesSent", s->bytes_sent},
                {"StartedAt", ToEpochSeconds(s->started_at)}};
    if (!s->last_error.empty()) out["LastError"] = s->last_error;
    return Response::Ok(out);
  }
  if (action == "ListDeliveries") {
    auto start = f.Number("StartTime");
    auto end = f.Number("EndTime");
    if (!f.ok()) return FailWith(f.error());
    const DeliveryStream* stream = firehose_->Find(*name);
    if (!stream) return FailWith(firehose_->NotFound(*name));
    const TimeUs start_us = start ? FromEpochSeconds(*start) : INT64_MIN;
    const TimeUs end_us = end ? FromEpochSeconds(*end) : INT64_MAX;
    Json deliveries = Json::array();
    for (const DeliveryEvent& e : stream->delivery_log) {
      if (e.time < start_us || e.time >= end_us) continue;
      Json item = {{"Time", ToEpochSeconds(e.time)}, {"Reason", FlushReasonName(e.reason)}, {"Bucket", e.bucket},
                   {"Key", e.key},  {"Records", e.records},  {"Bytes", e.bytes}, {"Success", e.success}};
      if (!e.success) item["ErrorMessage"] = e.error_message;
      deliveries.push_back(std::move(item));
    }
    return Response::Ok({{"Deliveries", std::move(deliveries)},
                         {"BufferedRecords", stream->buffer.records},
                         {"BufferedBytes", stream->buffer.bytes.size()}});
  }
  return UnknownOperation("Lab", action);
}

// [SECTION] simulated time

size_t Lab::Work(uint64_t budget_units) { return static_cast<size_t>(athena_->Work(budget_units, now_)); }

void Lab::RecordWorkTime(TimeUs measured_real_us) { athena_->RecordWorkTime(measured_real_us); }

void Lab::RunDueEvents(TimeUs t) {
  firehose_->RunDue(t);  // deliveries due at t go out before records sent at t join a new buffer
  producer_->RunDue(t);
  cfn_->RunDue(t);  // re-entrant safe: its handlers call Lab::Call, which comes back here
  if (t >= last_prune_ + kPruneEvery) {
    metrics_->Prune(t);
    last_prune_ = t;
  }
}

void Lab::Advance(TimeUs dt) {
  if (dt < 0) return;
  const TimeUs target = now_ + std::min(dt, kMaxAdvance);
  for (;;) {
    std::optional<TimeUs> next = firehose_->NextEventTime();
    if (auto p = producer_->NextEventTime(); p && (!next || *p < *next)) next = p;
    if (auto c = cfn_->NextEventTime(); c && (!next || *c < *next)) next = c;
    if (!next || *next > target) break;
    now_ = std::max(now_, *next);
    RunDueEvents(now_);
  }
  now_ = target;
  RunDueEvents(now_);
}

}  // namespace fhl
