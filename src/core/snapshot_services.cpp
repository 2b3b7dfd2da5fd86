// snapshot_services.cpp: Save/Load of every core service's state in the snapshot format (snapshot.h). Load replaces
// the whole state and checks what it reads (ranges, order, uniqueness), so a damaged snapshot is an error value, never
// a crash; after an error the service is half-filled (the Lab validates on a scratch lab first). No Lab, no UI.
//
// [SECTION] Rng
// [SECTION] ObjectStore
// [SECTION] MetricsStore
// [SECTION] FirehoseService
// [SECTION] DemoProducer
// [SECTION] GlueCatalog
// [SECTION] AthenaService
#include <algorithm>
#include <memory>
#include <utility>

#include "core/athena_service.h"
#include "core/demo_producer.h"
#include "core/firehose_service.h"
#include "core/glue_catalog.h"
#include "core/metrics_store.h"
#include "core/object_store.h"
#include "core/rng.h"
#include "core/snapshot.h"

namespace fhl {
namespace {

// Smallest encodings, for SnapshotReader::Count: a string is at least its 4-byte length.
constexpr size_t kMinString = 4;

Status Checked(const SnapshotReader& r) { return r.ok() ? Status::Ok() : Status(r.error()); }

}  // namespace

// [SECTION] Rng

void Rng::Save(SnapshotWriter& w) const {
  for (uint64_t word : s_) w.U64(word);
}

bool Rng::Load(SnapshotReader& r) {
  for (uint64_t& word : s_) word = r.U64();
  if (r.ok() && s_[0] == 0 && s_[1] == 0 && s_[2] == 0 && s_[3] == 0) r.Fail("a random generator state is all zero");
  return r.ok();
}

// [SECTION] ObjectStore

void ObjectStore::Save(SnapshotWriter& w) const {
  w.Reserve(used_bytes_ + 256 * buckets_.size());
  w.U64(quota_bytes_);
  w.U32(static_cast<uint32_t>(buckets_.size()));
  for (const auto& [name, bucket] : buckets_) {
    w.String(bucket.name);
    w.I64(bucket.creation_date);
    w.U32(static_cast<uint32_t>(bucket.objects.size()));
    for (const auto& [key, object] : bucket.objects) {
      w.String(object.key);
      w.String(object.body ? std::string_view(*object.body) : std::string_view());
      w.I64(object.last_modified);
      w.String(object.content_type);
      w.String(object.etag_cache);
    }
  }
}

Status ObjectStore::Load(SnapshotReader& r) {
  buckets_.clear();
  quota_bytes_ = r.U64();
  const uint32_t bucket_count = r.Count(kMinString + 8 + 4);
  if (bucket_count > kMaxBuckets) r.Fail("there are more buckets than allowed");
  uint64_t used = 0;
  for (uint32_t b = 0; b < bucket_count && r.ok(); ++b) {
    Bucket bucket;
    bucket.name = r.String();
    bucket.creation_date = r.I64();
    const uint32_t object_count = r.Count(4 * kMinString + 8);
    for (uint32_t i = 0; i < object_count && r.ok(); ++i) {
      S3Object object;
      object.key = r.String();
      const std::string_view body = r.StringView();
      object.last_modified = r.I64();
      object.content_type = r.String();
      object.etag_cache = r.String();
      if (!r.ok()) break;
      if (object.key.empty() || (!bucket.objects.empty() && object.key <= bucket.objects.rbegin()->first)) {
        r.Fail("object keys are not in order in bucket " + bucket.name);
        break;
      }
      object.body = std::make_shared<const std::string>(body);
      used += body.size();
      const std::string key = object.key;
      bucket.objects.emplace_hint(bucket.objects.end(), key, std::move(object));
    }
    if (!r.ok()) break;
    if (!ValidateBucketName(bucket.name).ok() || buckets_.count(bucket.name)) {
      r.Fail("a bucket name is invalid or repeats");
      break;
    }
    const std::string name = bucket.name;
    buckets_.emplace(name, std::move(bucket));
  }
  used_bytes_ = used;
  r.ExpectEnd();
  return Checked(r);
}

// [SECTION] MetricsStore

namespace {

void SaveCells(SnapshotWriter& w, const std::deque<std::pair<int64_t, StatisticSet>>& cells) {
  w.U32(static_cast<uint32_t>(cells.size()));
  for (const auto& [key, s] : cells) {
    w.I64(key);
    w.F64(s.sum);
    w.F64(s.minimum);
    w.F64(s.maximum);
    w.U64(s.sample_count);
  }
}

void LoadCells(SnapshotReader& r, std::deque<std::pair<int64_t, StatisticSet>>* cells) {
  const uint32_t n = r.Count(40);
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    const int64_t key = r.I64();
    StatisticSet s;
    s.sum = r.F64();
    s.minimum = r.F64();
    s.maximum = r.F64();
    s.sample_count = r.U64();
    if (!cells->empty() && key <= cells->back().first) r.Fail("metric cells are not in time order");
    if (r.ok()) cells->emplace_back(key, s);
  }
}

}  // namespace

void MetricsStore::Save(SnapshotWriter& w) const {
  w.I64(pruned_at_);
  w.U32(static_cast<uint32_t>(series_.size()));
  for (const auto& [id, s] : series_) {
    w.String(id.namespace_name);
    w.String(id.metric_name);
    w.U32(static_cast<uint32_t>(id.dimensions.size()));
    for (const auto& [name, value] : id.dimensions) {
      w.String(name);
      w.String(value);
    }
    w.String(s.unit);
    SaveCells(w, s.seconds);
    SaveCells(w, s.minutes);
    w.F64(s.newest_minute_sum_before_newest_second);
    w.I64(s.newest_sample_time);
  }
}

Status MetricsStore::Load(SnapshotReader& r) {
  last_lookup_ = LookupCache();
  series_.clear();
  pruned_at_ = r.I64();
  const uint32_t n = r.Count(3 * kMinString + 4 + 8 + 16);
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    MetricId id;
    id.namespace_name = r.String();
    id.metric_name = r.String();
    const uint32_t dims = r.Count(2 * kMinString);
    for (uint32_t d = 0; d < dims && r.ok(); ++d) {
      std::string name = r.String();
      id.dimensions.emplace_back(std::move(name), r.String());
    }
    Series s;
    s.unit = r.String();
    LoadCells(r, &s.seconds);
    LoadCells(r, &s.minutes);
    s.newest_minute_sum_before_newest_second = r.F64();
    s.newest_sample_time = r.I64();
    if (!r.ok()) break;
    if (!std::is_sorted(id.dimensions.begin(), id.dimensions.end()) || !series_.emplace(id, std::move(s)).second) {
      r.Fail("a metric repeats or has unsorted dimensions");
    }
  }
  r.ExpectEnd();
  return Checked(r);
}

// [SECTION] FirehoseService

namespace {

void SaveStream(SnapshotWriter& w, const DeliveryStream& s) {
  w.String(s.name);
  w.String(s.arn);
  w.U8(static_cast<uint8_t>(s.status));
  w.String(s.type);
  w.I64(s.version_id);
  w.I64(s.create_time);
  w.OptionalI64(s.last_update_time);
  w.I64(s.status_change_at);
  const ExtendedS3Destination& d = s.destination;
  w.String(d.role_arn);
  w.String(d.bucket_arn);
  w.String(d.prefix);
  w.OptionalString(d.error_output_prefix);
  w.I64(d.buffering_hints.size_in_mbs);
  w.I64(d.buffering_hints.interval_s);
  w.String(d.compression_format);
  w.Bool(d.processing_enabled);
  w.U32(static_cast<uint32_t>(d.processors.size()));
  for (const Processor& p : d.processors) {
    w.String(p.type);
    w.U32(static_cast<uint32_t>(p.parameters.size()));
    for (const ProcessorParameter& q : p.parameters) {
      w.String(q.name);
      w.String(q.value);
    }
  }
  w.Bool(d.cloudwatch_logging_enabled);
  w.String(d.log_group_name);
  w.String(d.log_stream_name);
  w.String(d.s3_backup_mode);
  w.String(d.file_extension);
  w.String(d.custom_time_zone);
  w.U32(static_cast<uint32_t>(s.tags.size()));
  for (const auto& [key, value] : s.tags) {
    w.String(key);
    w.String(value);
  }
  w.String(s.buffer.bytes);
  w.U64(s.buffer.records);
  w.I64(s.buffer.oldest_arrival);
  w.I64(s.buffer.retry_at);
  w.U32(static_cast<uint32_t>(s.delivery_log.size()));
  for (const DeliveryEvent& e : s.delivery_log) {
    w.I64(e.time);
    w.U8(static_cast<uint8_t>(e.reason));
    w.String(e.bucket);
    w.String(e.key);
    w.U64(e.records);
    w.U64(e.bytes);
    w.Bool(e.success);
    w.String(e.error_message);
  }
  w.U64(s.records_delivered);
  w.U64(s.bytes_delivered);
  w.Bool(s.received_data);
}

void LoadStream(SnapshotReader& r, DeliveryStream* s) {
  s->name = r.String();
  s->arn = r.String();
  s->status = static_cast<StreamStatus>(r.Enum(static_cast<uint8_t>(StreamStatus::kDeleting)));
  s->type = r.String();
  s->version_id = r.I32();
  s->create_time = r.I64();
  s->last_update_time = r.OptionalI64();
  s->status_change_at = r.I64();
  ExtendedS3Destination& d = s->destination;
  d.role_arn = r.String();
  d.bucket_arn = r.String();
  d.prefix = r.String();
  d.error_output_prefix = r.OptionalString();
  d.buffering_hints.size_in_mbs = r.I32();
  d.buffering_hints.interval_s = r.I32();
  if (d.buffering_hints.size_in_mbs < BufferingHints::kMinSizeInMBs ||
      d.buffering_hints.size_in_mbs > BufferingHints::kMaxSizeInMBs ||
      d.buffering_hints.interval_s < BufferingHints::kMinIntervalInSeconds ||
      d.buffering_hints.interval_s > BufferingHints::kMaxIntervalInSeconds) {
    r.Fail("buffering hints are out of range");
  }
  d.compression_format = r.String();
  d.processing_enabled = r.Bool();
  const uint32_t processors = r.Count(2 * kMinString);
  for (uint32_t i = 0; i < processors && r.ok(); ++i) {
    Processor p;
    p.type = r.String();
    const uint32_t params = r.Count(2 * kMinString);
    for (uint32_t k = 0; k < params && r.ok(); ++k) {
      ProcessorParameter q;
      q.name = r.String();
      q.value = r.String();
      p.parameters.push_back(std::move(q));
    }
    d.processors.push_back(std::move(p));
  }
  d.cloudwatch_logging_enabled = r.Bool();
  d.log_group_name = r.String();
  d.log_stream_name = r.String();
  d.s3_backup_mode = r.String();
  d.file_extension = r.String();
  d.custom_time_zone = r.String();
  const uint32_t tags = r.Count(2 * kMinString);
  for (uint32_t i = 0; i < tags && r.ok(); ++i) {
    std::string key = r.String();
    s->tags.emplace_back(std::move(key), r.String());
  }
  s->buffer.bytes = r.String();
  s->buffer.records = r.U64();
  s->buffer.oldest_arrival = r.I64();
  s->buffer.retry_at = r.I64();
  if (r.ok() && s->buffer.records == 0 && !s->buffer.bytes.empty()) {
    r.Fail("a stream buffer holds bytes but no records");
  }
  const uint32_t events = r.Count(8 + 1 + 2 * kMinString + 16 + 1 + kMinString);
  for (uint32_t i = 0; i < events && r.ok(); ++i) {
    DeliveryEvent e;
    e.time = r.I64();
    e.reason = static_cast<FlushReason>(r.Enum(static_cast<uint8_t>(FlushReason::kBufferingSize)));
    e.bucket = r.String();
    e.key = r.String();
    e.records = r.U64();
    e.bytes = r.U64();
    e.success = r.Bool();
    e.error_message = r.String();
    s->delivery_log.push_back(std::move(e));
  }
  s->records_delivered = r.U64();
  s->bytes_delivered = r.U64();
  s->received_data = r.Bool();
}

}  // namespace

void FirehoseService::Save(SnapshotWriter& w) const {
  uint64_t buffered = 0;
  for (const auto& [name, stream] : streams_) buffered += stream->buffer.bytes.size();
  w.Reserve(buffered + 4096 * streams_.size());
  w.I64(next_freshness_sample_);
  w.U32(static_cast<uint32_t>(streams_.size()));
  for (const auto& [name, stream] : streams_) SaveStream(w, *stream);
}

Status FirehoseService::Load(SnapshotReader& r) {
  streams_.clear();
  next_freshness_sample_ = r.I64();
  const uint32_t n = r.Count(64);
  if (n > kMaxStreams) r.Fail("there are more delivery streams than allowed");
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    auto stream = std::make_unique<DeliveryStream>();
    LoadStream(r, stream.get());
    if (!r.ok()) break;
    const std::string name = stream->name;
    if (name.empty() || !streams_.emplace(name, std::move(stream)).second) r.Fail("a delivery stream name repeats");
  }
  r.ExpectEnd();
  return Checked(r);
}

// [SECTION] DemoProducer

void DemoRecordGenerator::Save(SnapshotWriter& w) const {
  rng_.Save(w);
  w.U32(static_cast<uint32_t>(price_cents_.size()));
  for (size_t i = 0; i < price_cents_.size(); ++i) {
    w.I64(price_cents_[i]);
    w.F64(drift_cents_[i]);
  }
}

bool DemoRecordGenerator::Load(SnapshotReader& r) {
  rng_.Load(r);
  const uint32_t n = r.Count(16);
  if (r.ok() && n != DemoTickers().size()) r.Fail("the demo data generator has the wrong number of tickers");
  price_cents_.assign(n, 0);
  drift_cents_.assign(n, 0);
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    price_cents_[i] = r.I64();
    drift_cents_[i] = r.F64();
  }
  return r.ok();
}

void DemoProducer::Save(SnapshotWriter& w) const {
  w.U32(static_cast<uint32_t>(sessions_.size()));
  for (const auto& [name, s] : sessions_) {
    w.String(s.stream_name);
    w.I64(s.records_per_second);
    w.I64(s.started_at);
    w.I64(s.next_send);
    w.U64(s.records_sent);
    w.U64(s.bytes_sent);
    s.generator.Save(w);
    w.String(s.last_error);
    w.Bool(s.running);
  }
}

Status DemoProducer::Load(SnapshotReader& r) {
  sessions_.clear();
  const uint32_t n = r.Count(kMinString + 40 + 32 + 4 + kMinString + 1);
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    Session s{"", kDefaultRecordsPerSecond, 0, 0, 0, 0, DemoRecordGenerator(0), "", true};
    s.stream_name = r.String();
    s.records_per_second = r.I32();
    s.started_at = r.I64();
    s.next_send = r.I64();
    s.records_sent = r.U64();
    s.bytes_sent = r.U64();
    s.generator.Load(r);
    s.last_error = r.String();
    s.running = r.Bool();
    if (!r.ok()) break;
    if (s.records_per_second < 1 || s.records_per_second > kMaxRecordsPerSecond) {
      r.Fail("a demo data rate is out of range");
      break;
    }
    const std::string name = s.stream_name;
    if (!sessions_.emplace(name, std::move(s)).second) r.Fail("a demo data session repeats");
  }
  r.ExpectEnd();
  return Checked(r);
}

// [SECTION] GlueCatalog

namespace {

void SaveColumns(SnapshotWriter& w, const std::vector<GlueColumn>& columns) {
  w.U32(static_cast<uint32_t>(columns.size()));
  for (const GlueColumn& c : columns) {
    w.String(c.name);
    w.String(c.type);
    w.String(c.comment);
  }
}

void LoadColumns(SnapshotReader& r, std::vector<GlueColumn>* columns) {
  const uint32_t n = r.Count(3 * kMinString);
  columns->reserve(n);
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    GlueColumn c;
    c.name = r.String();
    c.type = r.String();
    c.comment = r.String();
    columns->push_back(std::move(c));
  }
}

void SaveStringMap(SnapshotWriter& w, const std::map<std::string, std::string>& m) {
  w.U32(static_cast<uint32_t>(m.size()));
  for (const auto& [key, value] : m) {
    w.String(key);
    w.String(value);
  }
}

void LoadStringMap(SnapshotReader& r, std::map<std::string, std::string>* m) {
  const uint32_t n = r.Count(2 * kMinString);
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    std::string key = r.String();
    if (!m->emplace(std::move(key), r.String()).second) r.Fail("a table property repeats");
  }
}

}  // namespace

void GlueCatalog::Save(SnapshotWriter& w) const {
  w.U32(static_cast<uint32_t>(databases_.size()));
  for (const auto& [name, db] : databases_) {
    w.String(db.name);
    w.String(db.description);
    w.String(db.location_uri);
    w.I64(db.create_time);
    auto tables = tables_.find(name);
    const uint32_t count = tables == tables_.end() ? 0 : static_cast<uint32_t>(tables->second.size());
    w.U32(count);
    if (count == 0) continue;
    for (const auto& [table_name, t] : tables->second) {
      w.String(t.database);
      w.String(t.name);
      SaveColumns(w, t.columns);
      SaveColumns(w, t.partition_keys);
      w.String(t.location);
      w.String(t.input_format);
      w.String(t.output_format);
      w.String(t.serde_library);
      SaveStringMap(w, t.serde_parameters);
      SaveStringMap(w, t.parameters);
      w.String(t.table_type);
      w.I64(t.create_time);
      w.I64(t.update_time);
    }
  }
}

Status GlueCatalog::Load(SnapshotReader& r) {
  databases_.clear();  // the constructor's "default" database comes back from the snapshot
  tables_.clear();
  const uint32_t n = r.Count(3 * kMinString + 8 + 4);
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    GlueDatabase db;
    db.name = r.String();
    db.description = r.String();
    db.location_uri = r.String();
    db.create_time = r.I64();
    const uint32_t table_count = r.Count(7 * kMinString + 4 * 4 + 16);
    if (!r.ok()) break;
    if (db.name.empty() || databases_.count(db.name)) {
      r.Fail("a database name repeats");
      break;
    }
    auto& tables = tables_[db.name];
    for (uint32_t k = 0; k < table_count && r.ok(); ++k) {
      GlueTable t;
      t.database = r.String();
      t.name = r.String();
      LoadColumns(r, &t.columns);
      LoadColumns(r, &t.partition_keys);
      t.location = r.String();
      t.input_format = r.String();
      t.output_format = r.String();
      t.serde_library = r.String();
      LoadStringMap(r, &t.serde_parameters);
      LoadStringMap(r, &t.parameters);
      t.table_type = r.String();
      t.create_time = r.I64();
      t.update_time = r.I64();
      if (!r.ok()) break;
      if (t.database != db.name || t.name.empty()) {
        r.Fail("a table is filed under the wrong database");
        break;
      }
      const std::string name = t.name;
      if (!tables.emplace(name, std::move(t)).second) r.Fail("a table name repeats");
    }
    const std::string name = db.name;
    databases_.emplace(name, std::move(db));
  }
  r.ExpectEnd();
  return Checked(r);
}

// [SECTION] AthenaService

namespace {

void SaveExecution(SnapshotWriter& w, const QueryExecution& e) {
  w.String(e.id);
  w.String(e.query);
  w.String(e.statement_type);
  w.String(e.work_group);
  w.String(e.database);
  w.String(e.catalog);
  w.String(e.output_location);
  w.String(e.result_bucket);
  w.String(e.result_key);
  w.String(e.client_request_token);
  w.OptionalI64(e.bytes_scanned_cutoff);
  w.U8(static_cast<uint8_t>(e.state));
  w.String(e.state_change_reason);
  w.Bool(e.error.has_value());
  if (e.error) {
    w.String(e.error->name);
    w.I64(e.error->line);
    w.I64(e.error->column);
    w.String(e.error->message);
  }
  w.I64(e.error_category);
  w.I64(e.error_type);
  w.I64(e.submission_time);
  w.I64(e.running_since);
  w.I64(e.completion_time);
  w.I64(e.engine_real_us);
  w.I64(e.planning_real_us);
  w.U64(e.data_scanned_bytes);
  w.Bool(e.header_row);
  w.U32(static_cast<uint32_t>(e.columns.size()));
  for (const SqlColumnInfo& c : e.columns) {
    w.String(c.name);
    w.String(c.type);
  }
  w.U32(static_cast<uint32_t>(e.rows.size()));
  for (const ResultRow& row : e.rows) {
    w.U32(static_cast<uint32_t>(row.size()));
    for (const std::optional<std::string>& cell : row) w.OptionalString(cell);
  }
  w.Bool(e.worked);
}

void LoadExecution(SnapshotReader& r, QueryExecution* e) {
  e->id = r.String();
  e->query = r.String();
  e->statement_type = r.String();
  e->work_group = r.String();
  e->database = r.String();
  e->catalog = r.String();
  e->output_location = r.String();
  e->result_bucket = r.String();
  e->result_key = r.String();
  e->client_request_token = r.String();
  e->bytes_scanned_cutoff = r.OptionalI64();
  e->state = static_cast<QueryState>(r.Enum(static_cast<uint8_t>(QueryState::kCancelled)));
  e->state_change_reason = r.String();
  if (r.Bool()) {
    SqlError error;
    error.name = r.String();
    error.line = r.I32();
    error.column = r.I32();
    error.message = r.String();
    e->error = std::move(error);
  }
  e->error_category = r.I32();
  e->error_type = r.I32();
  e->submission_time = r.I64();
  e->running_since = r.I64();
  e->completion_time = r.I64();
  e->engine_real_us = r.I64();
  e->planning_real_us = r.I64();
  e->data_scanned_bytes = r.U64();
  e->header_row = r.Bool();
  const uint32_t columns = r.Count(2 * kMinString);
  e->columns.reserve(columns);
  for (uint32_t i = 0; i < columns && r.ok(); ++i) {
    SqlColumnInfo c;
    c.name = r.String();
    c.type = r.String();
    e->columns.push_back(std::move(c));
  }
  const uint32_t rows = r.Count(4);
  e->rows.reserve(rows);
  for (uint32_t i = 0; i < rows && r.ok(); ++i) {
    const uint32_t cells = r.Count(1);
    ResultRow row;
    row.reserve(cells);
    for (uint32_t k = 0; k < cells && r.ok(); ++k) row.push_back(r.OptionalString());
    e->rows.push_back(std::move(row));
  }
  e->worked = r.Bool();
  // The engine's in-flight state is not saved: a query that was running starts again from the beginning.
  if (e->state == QueryState::kRunning || e->state == QueryState::kQueued) {
    e->state = QueryState::kQueued;
    e->running_since = 0;
    e->engine_real_us = 0;
    e->planning_real_us = 0;
    e->data_scanned_bytes = 0;
    e->worked = false;
    e->columns.clear();
    e->rows.clear();
  }
}

void SaveTokenMap(SnapshotWriter& w, const std::map<std::string, std::string, std::less<>>& m) {
  w.U32(static_cast<uint32_t>(m.size()));
  for (const auto& [token, id] : m) {
    w.String(token);
    w.String(id);
  }
}

void LoadTokenMap(SnapshotReader& r, std::map<std::string, std::string, std::less<>>* m) {
  const uint32_t n = r.Count(2 * kMinString);
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    std::string token = r.String();
    if (!m->emplace(std::move(token), r.String()).second) r.Fail("a client request token repeats");
  }
}

}  // namespace

void AthenaService::Save(SnapshotWriter& w) const {
  w.U32(static_cast<uint32_t>(work_groups_.size()));
  for (const auto& [name, g] : work_groups_) {
    w.String(g.name);
    w.String(g.description);
    w.String(g.state);
    w.I64(g.creation_time);
    w.OptionalString(g.configuration.output_location);
    w.OptionalI64(g.configuration.bytes_scanned_cutoff);
    w.Bool(g.configuration.enforce_work_group_configuration);
    w.Bool(g.configuration.publish_cloudwatch_metrics_enabled);
  }
  w.U32(static_cast<uint32_t>(named_queries_.size()));
  for (const auto& q : named_queries_) {
    w.String(q->id);
    w.String(q->name);
    w.String(q->description);
    w.String(q->database);
    w.String(q->query_string);
    w.String(q->work_group);
  }
  SaveTokenMap(w, named_by_token_);
  w.U32(static_cast<uint32_t>(executions_.size()));
  for (const auto& e : executions_) SaveExecution(w, *e);
  SaveTokenMap(w, by_token_);
}

Status AthenaService::Load(SnapshotReader& r) {
  executions_.clear();
  last_worked_.clear();  // a restored execution may reuse an id that the last Work call charged
  by_id_.clear();
  by_token_.clear();
  named_queries_.clear();
  named_by_token_.clear();
  work_groups_.clear();  // the constructor's "primary" work group comes back from the snapshot
  const uint32_t groups = r.Count(3 * kMinString + 8 + 4);
  for (uint32_t i = 0; i < groups && r.ok(); ++i) {
    WorkGroup g;
    g.name = r.String();
    g.description = r.String();
    g.state = r.String();
    g.creation_time = r.I64();
    g.configuration.output_location = r.OptionalString();
    g.configuration.bytes_scanned_cutoff = r.OptionalI64();
    g.configuration.enforce_work_group_configuration = r.Bool();
    g.configuration.publish_cloudwatch_metrics_enabled = r.Bool();
    if (!r.ok()) break;
    const std::string name = g.name;
    if (name.empty() || !work_groups_.emplace(name, std::move(g)).second) r.Fail("a work group repeats");
  }
  if (r.ok() && !work_groups_.count("primary")) r.Fail("the primary work group is missing");
  const uint32_t named = r.Count(6 * kMinString);
  for (uint32_t i = 0; i < named && r.ok(); ++i) {
    auto q = std::make_unique<NamedQuery>();
    q->id = r.String();
    q->name = r.String();
    q->description = r.String();
    q->database = r.String();
    q->query_string = r.String();
    q->work_group = r.String();
    named_queries_.push_back(std::move(q));
  }
  LoadTokenMap(r, &named_by_token_);
  const uint32_t executions = r.Count(10 * kMinString);
  for (uint32_t i = 0; i < executions && r.ok(); ++i) {
    auto e = std::make_unique<QueryExecution>();
    LoadExecution(r, e.get());
    if (!r.ok()) break;
    if (e->id.empty() || !by_id_.emplace(e->id, e.get()).second) {
      r.Fail("a query execution repeats");
      break;
    }
    executions_.push_back(std::move(e));
  }
  LoadTokenMap(r, &by_token_);
  r.ExpectEnd();
  return Checked(r);
}

}  // namespace fhl
