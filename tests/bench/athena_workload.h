// athena_workload.h: the Athena query benchmark's workload, shared by the Google Benchmark (native) and the plain
// timing harness (wasm under node): the lab's stream fed by "Test with demo data" until 1 M records sit in S3, the
// lab's database and table made through StartQueryExecution DDL, and a query runner that drives Lab::Work.
// Depends on the core only (no filesystem: exporting the objects is the native harness's job).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "core/athena_service.h"
#include "core/lab.h"
#include "core/object_store.h"
#include "core/work_pacer.h"

namespace fhl::bench {

constexpr int kDemoRecordsPerSecond = 2000;  // DemoProducer::kMaxRecordsPerSecond
constexpr int kDemoSeconds = 500;             // 500 rounds of 2,000 records = 1,000,000 records
constexpr int kFlushSeconds = 61;             // the lab stream's 60 s buffering interval, plus one
constexpr uint64_t kDemoSeed = 42;
constexpr const char* kDatabase = "lab_db";

// The lab's two questions (aws-facts.md §7.3).
constexpr const char* kQuestionA =
    "SELECT ticker_symbol, round(sum(change), 2) AS total_change FROM stock_ticks GROUP BY ticker_symbol "
    "ORDER BY total_change DESC LIMIT 1";
constexpr const char* kQuestionB =
    "SELECT ticker_symbol, max_by(price, \"$path\") - min_by(price, \"$path\") AS improvement FROM stock_ticks "
    "GROUP BY ticker_symbol ORDER BY improvement DESC LIMIT 1";

// Generous budget per Work call (throughput mode): far more than one object, so slicing costs next to nothing.
constexpr uint64_t kThroughputBudgetUnits = uint64_t{64} << 20;
// Frame mode: the page's scheme (src/platform/web/main_web.cpp RunWorkSlice): one slice per frame, budget =
// measured units/ms x 8 ms, starting from 20,000 units/ms and adapting after every slice.
constexpr double kFrameSliceMs = 8.0;
constexpr double kInitialUnitsPerMs = 20000;

struct QueryOutcome {
  bool ok = false;
  std::string state;          // SUCCEEDED | FAILED | ...
  std::string error;          // StateChangeReason or the API error
  double wall_ms = 0;         // StartQueryExecution .. GetQueryResults, real time
  double worst_slice_ms = 0;  // longest single Lab::Work call
  double mean_slice_ms = 0;
  size_t slices = 0;          // Lab::Work calls
  uint64_t data_scanned_bytes = 0;
  std::vector<std::vector<std::string>> rows;  // GetQueryResults rows without the header row
};

// Non-throwing JSON reads (exceptions are off): nullptr / "" when absent or of another type.
inline const Json* Member(const Json* j, const char* key) {
  if (!j || !j->is_object()) return nullptr;
  auto it = j->find(key);
  return it == j->end() ? nullptr : &*it;
}
inline std::string Text(const Json* j) { return j && j->is_string() ? j->get<std::string>() : std::string(); }

inline double MsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

class AthenaWorkload {
 public:
  AthenaWorkload() : lab_(MakeOptions()) {
    const auto t0 = std::chrono::steady_clock::now();
    lab_.s3().set_quota_bytes(uint64_t{1} << 30);
    bucket_ = lab_.lab_bucket_name();
    const std::string stream = lab_.lab_stream_name();
    // The real path: the console's demo producer at its top rate, then the last buffer's interval flush.
    Check(lab_.Call("Lab", "StartDemoData",
                    {{"DeliveryStreamName", stream}, {"RecordsPerSecond", kDemoRecordsPerSecond}, {"Seed", kDemoSeed}}),
          "StartDemoData");
    lab_.Advance(static_cast<TimeUs>(kDemoSeconds) * kUsPerSecond - kUsPerSecond / 2);  // rounds at 0 .. 499 s
    Check(lab_.Call("Lab", "StopDemoData", {{"DeliveryStreamName", stream}}), "StopDemoData");
    lab_.Advance(static_cast<TimeUs>(kFlushSeconds) * kUsPerSecond);
    generate_ms_ = MsSince(t0);
    if (const Bucket* b = lab_.s3().FindBucket(bucket_)) {
      for (const auto& [key, object] : b->objects) {
        if (key.compare(0, 7, "stocks/") != 0) continue;
        ++objects_;
        object_bytes_ += object.size();
        records_ += static_cast<uint64_t>(std::count(object.body->begin(), object.body->end(), '\n'));
        for (char c : key) hash_ = (hash_ ^ static_cast<uint8_t>(c)) * 1099511628211ull;
        for (char c : *object.body) hash_ = (hash_ ^ static_cast<uint8_t>(c)) * 1099511628211ull;
      }
    }
    const std::string location = "s3://" + bucket_ + "/stocks/";
    QueryOutcome db = RunQuery("CREATE DATABASE " + std::string(kDatabase), kThroughputBudgetUnits);
    QueryOutcome table = RunQuery(
        "CREATE EXTERNAL TABLE `stock_ticks` (`ticker_symbol` string, `sector` string, `change` double, "
        "`price` double) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION '" + location + "'",
        kThroughputBudgetUnits);
    if (!db.ok) setup_error_ = "CREATE DATABASE: " + db.error;
    if (!table.ok) setup_error_ += (setup_error_.empty() ? "" : "; ") + ("CREATE EXTERNAL TABLE: " + table.error);
  }

  // Runs `sql` to completion: StartQueryExecution, Lab::Work until the execution is finished, GetQueryExecution,
  // GetQueryResults. frame_mode: budgets sized like the page's frames (see kFrameSliceMs); otherwise `budget_units`
  // per call.
  QueryOutcome RunQuery(const std::string& sql, uint64_t budget_units, bool frame_mode = false) {
    QueryOutcome out;
    const auto t0 = std::chrono::steady_clock::now();
    Response started = lab_.Call(
        "Athena", "StartQueryExecution",
        {{"QueryString", sql},
         {"QueryExecutionContext", {{"Database", kDatabase}}},
         {"ResultConfiguration", {{"OutputLocation", "s3://" + bucket_ + "/athena-results/"}}}});
    if (!started.ok()) {
      out.error = started.error->code + ": " + started.error->message;
      return out;
    }
    const std::string id = Text(Member(&started.body, "QueryExecutionId"));
    const QueryExecution* execution = lab_.athena().FindExecution(id);
    WorkPacer pacer(kFrameSliceMs, kInitialUnitsPerMs);
    double sum_slice_ms = 0;
    while (execution && !execution->finished()) {
      const uint64_t budget = frame_mode ? pacer.budget_units() : budget_units;
      const auto s0 = std::chrono::steady_clock::now();
      const size_t pending = lab_.Work(budget);
      const double slice_ms = MsSince(s0);
      lab_.RecordWorkTime(static_cast<TimeUs>(slice_ms * 1000));  // measured, as the page does
      if (frame_mode) pacer.Measured(slice_ms, pending > 0);
      out.worst_slice_ms = std::max(out.worst_slice_ms, slice_ms);
      sum_slice_ms += slice_ms;
      ++out.slices;
      execution = lab_.athena().FindExecution(id);
    }
    Response status = lab_.Call("Athena", "GetQueryExecution", {{"QueryExecutionId", id}});
    Response results = lab_.Call("Athena", "GetQueryResults", {{"QueryExecutionId", id}});
    out.wall_ms = MsSince(t0);
    out.mean_slice_ms = out.slices ? sum_slice_ms / static_cast<double>(out.slices) : 0;
    if (!status.ok()) {
      out.error = status.error->code + ": " + status.error->message;
      return out;
    }
    const Json* qe = Member(&status.body, "QueryExecution");
    out.state = Text(Member(Member(qe, "Status"), "State"));
    out.error = Text(Member(Member(qe, "Status"), "StateChangeReason"));
    const Json* scanned = Member(Member(qe, "Statistics"), "DataScannedInBytes");
    out.data_scanned_bytes = scanned && scanned->is_number_unsigned() ? scanned->get<uint64_t>() : 0;
    out.ok = out.state == "SUCCEEDED";
    if (!results.ok()) {
      if (out.ok) out.error = results.error->code + ": " + results.error->message;
      out.ok = false;
      return out;
    }
    const bool header = Text(Member(qe, "StatementType")) == "DML";  // a SELECT's first row repeats the names
    const Json* rows = Member(Member(&results.body, "ResultSet"), "Rows");
    for (size_t i = 0; rows && rows->is_array() && i < rows->size(); ++i) {
      if (i == 0 && header) continue;
      std::vector<std::string> row;
      const Json* data = Member(&(*rows)[i], "Data");
      for (size_t j = 0; data && data->is_array() && j < data->size(); ++j) {
        const Json* v = Member(&(*data)[j], "VarCharValue");
        row.push_back(v ? Text(v) : "NULL");
      }
      out.rows.push_back(std::move(row));
    }
    return out;
  }

  Lab& lab() { return lab_; }
  const std::string& bucket() const { return bucket_; }
  const std::string& setup_error() const { return setup_error_; }  // empty when the DDL worked
  uint64_t objects() const { return objects_; }
  uint64_t object_bytes() const { return object_bytes_; }
  uint64_t records() const { return records_; }
  uint64_t content_hash() const { return hash_; }  // FNV-1a over every object's key and body, in key order
  double generate_ms() const { return generate_ms_; }

  static LabOptions MakeOptions() {
    LabOptions o;
    o.create_lab_resources = true;
    return o;
  }

 private:
  void Check(const Response& r, const char* what) {
    if (!r.ok()) setup_error_ += std::string(what) + ": " + r.error->code + ": " + r.error->message + "; ";
  }

  Lab lab_;
  std::string bucket_;
  std::string setup_error_;
  uint64_t objects_ = 0, object_bytes_ = 0, records_ = 0;
  uint64_t hash_ = 14695981039346656037ull;
  double generate_ms_ = 0;
};

// One line for a result: "ticker=value" for the first row, or the error.
inline std::string Describe(const QueryOutcome& q) {
  if (!q.ok) return q.state + " " + q.error;
  std::string s;
  for (const auto& row : q.rows) {
    for (size_t i = 0; i < row.size(); ++i) s += (i ? "=" : "") + row[i];
    s += ";";
  }
  return s;
}

}  // namespace fhl::bench
