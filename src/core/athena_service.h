// athena_service.h: the Athena service: query executions run in work slices (QUEUED -> RUNNING -> SUCCEEDED |
// FAILED | CANCELLED), work groups, named queries and result files in the object store.
// athena_api.cpp maps AWS's JSON shapes onto it. Must not depend on the UI, the platform or the Lab.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/api_error.h"
#include "core/athena_engine.h"
#include "core/athena_sql.h"
#include "core/json.h"
#include "core/sim_time.h"

namespace fhl {

class GlueCatalog;
class ObjectStore;
class Rng;
class SerDeCache;
class SnapshotReader;
class SnapshotWriter;

enum class QueryState { kQueued, kRunning, kSucceeded, kFailed, kCancelled };
const char* QueryStateName(QueryState state);

struct WorkGroupConfiguration {
  std::optional<std::string> output_location;   // ResultConfiguration.OutputLocation
  std::optional<int64_t> bytes_scanned_cutoff;  // BytesScannedCutoffPerQuery (>= 10000000)
  bool enforce_work_group_configuration = false;
  bool publish_cloudwatch_metrics_enabled = false;
};

struct WorkGroup {
  std::string name;
  std::string description;
  std::string state = "ENABLED";  // ENABLED | DISABLED
  TimeUs creation_time = 0;
  WorkGroupConfiguration configuration;
};

struct NamedQuery {
  std::string id;
  std::string name;
  std::string description;
  std::string database;
  std::string query_string;
  std::string work_group;
};

struct QueryExecution {
  std::string id;
  std::string query;
  std::string statement_type;  // DDL | DML | UTILITY
  std::string work_group;
  std::string database;         // QueryExecutionContext.Database ("" when not given)
  std::string catalog;          // QueryExecutionContext.Catalog ("" when not given)
  std::string output_location;  // "<OutputLocation><id>.csv" (".txt" for DDL results)
  std::string result_bucket;    // where output_location points
  std::string result_key;
  std::string client_request_token;
  std::optional<int64_t> bytes_scanned_cutoff;
  QueryState state = QueryState::kQueued;
  std::string state_change_reason;
  std::optional<SqlError> error;  // AthenaError of a FAILED execution
  int error_category = 2;         // 1 system, 2 user, 3 other
  int error_type = 0;
  TimeUs submission_time = 0;
  TimeUs running_since = 0;
  TimeUs completion_time = 0;
  TimeUs engine_real_us = 0;  // real time its slices took, as measured by the caller (Lab::RecordWorkTime)
  TimeUs planning_real_us = 0;
  uint64_t data_scanned_bytes = 0;
  // Results (kept in memory for GetQueryResults paging).
  bool header_row = false;  // a SELECT's first result row repeats the column names
  std::vector<SqlColumnInfo> columns;
  std::vector<ResultRow> rows;
  // In flight.
  std::unique_ptr<QueryRun> run;
  bool worked = false;  // has had a slice (the first slice's real time counts as planning)

  bool finished() const {
    return state == QueryState::kSucceeded || state == QueryState::kFailed || state == QueryState::kCancelled;
  }
};

struct StartQueryRequest {
  std::string query;
  std::string database;
  std::string catalog;
  std::optional<std::string> output_location;
  std::string work_group = "primary";
  std::string client_request_token;
};

class AthenaService {
 public:
  static constexpr size_t kMaxExecutions = 1000;  // oldest finished executions (and their results) dropped first
  static constexpr size_t kMaxQueryChars = 262144;
  static constexpr int64_t kMinBytesScannedCutoff = 10000000;
  static constexpr uint64_t kDdlUnits = 1000;  // a DDL statement is one indivisible step of this cost

  AthenaService(GlueCatalog& catalog, ObjectStore& store, SerDeCache& cache, Rng& rng);
  ~AthenaService();

  // The JSON layer (athena_api.cpp): AWS request/response shapes.
  Response Call(std::string_view action, const Json& request, TimeUs now);

  // [SECTION] typed operations (validated input)
  Result<std::string> StartQuery(const StartQueryRequest& request, TimeUs now);  // -> QueryExecutionId
  Status StopQuery(std::string_view id, TimeUs now);
  const QueryExecution* FindExecution(std::string_view id) const;
  std::vector<const QueryExecution*> ListExecutions(std::string_view work_group) const;  // newest first
  ApiError ExecutionNotFound(std::string_view id) const;

  const WorkGroup* FindWorkGroup(std::string_view name) const;
  WorkGroup* FindWorkGroup(std::string_view name);
  std::vector<const WorkGroup*> ListWorkGroups() const;  // sorted by name
  Status CreateWorkGroup(WorkGroup group, TimeUs now);
  Status DeleteWorkGroup(std::string_view name, bool recursive, TimeUs now);
  void UpdatedWorkGroup() { ++generation_; }

  Result<std::string> CreateNamedQuery(NamedQuery query, const std::string& client_request_token);
  const NamedQuery* FindNamedQuery(std::string_view id) const;
  std::vector<const NamedQuery*> ListNamedQueries(std::string_view work_group) const;  // in creation order
  Status DeleteNamedQuery(std::string_view id);

  // [SECTION] work slices
  // Runs queued and running executions in submission order until budget_units are spent (see athena_engine.h
  // for the unit). Returns an estimate of the units still pending (0 = idle). Remembers which executions this
  // call worked on (and how many units each) for RecordWorkTime.
  uint64_t Work(uint64_t budget_units, TimeUs now);
  // Charges measured_real_us, the real time the caller measured around the last Work call, to the executions that
  // call worked on, shared in proportion to their units (EngineExecutionTimeInMillis; an execution's first slice
  // also counts as planning). Charges once: a second call, a call with nothing worked, or an execution deleted
  // since, changes nothing.
  void RecordWorkTime(TimeUs measured_real_us);
  uint64_t PendingUnits() const;

  uint64_t generation() const { return generation_; }

  // Persistence (snapshot_services.cpp): Load replaces the whole state; on error it is half-filled (the Lab
  // checks a snapshot on a scratch lab before loading it here).
  // A query that was QUEUED or RUNNING when saved comes back QUEUED and runs again from the start.
  void Save(SnapshotWriter& w) const;
  Status Load(SnapshotReader& r);

 private:
  uint64_t WorkOn(QueryExecution& e, uint64_t budget_units, TimeUs now);
  void Succeed(QueryExecution& e, TimeUs now);
  void FailExecution(QueryExecution& e, SqlError error, int category, int type, TimeUs now);
  void Finish(QueryExecution& e, QueryState state, TimeUs now);
  void DropOldExecutions();

  GlueCatalog& catalog_;
  ObjectStore& store_;
  SerDeCache& cache_;
  Rng& rng_;
  std::deque<std::unique_ptr<QueryExecution>> executions_;  // submission order
  std::map<std::string, QueryExecution*, std::less<>> by_id_;
  std::map<std::string, std::string, std::less<>> by_token_;  // ClientRequestToken -> id
  std::map<std::string, WorkGroup, std::less<>> work_groups_;
  std::vector<std::unique_ptr<NamedQuery>> named_queries_;
  std::map<std::string, std::string, std::less<>> named_by_token_;
  uint64_t generation_ = 0;
  // What the last Work call worked on, for RecordWorkTime: ids, not pointers (an execution may be dropped between).
  struct WorkedSlice {
    std::string id;
    uint64_t units = 0;
    bool first_slice = false;  // the execution's first slice: its real time is planning time too
  };
  std::vector<WorkedSlice> last_worked_;
};

// Splits "s3://bucket/prefix/" into bucket and key prefix (prefix "" or ending in '/'); nullopt when malformed.
std::optional<std::pair<std::string, std::string>> ParseOutputLocation(std::string_view location);

// The result file contents as Athena writes them.
std::string ResultCsv(const std::vector<SqlColumnInfo>& columns, const std::vector<ResultRow>& rows);
std::string ResultTxt(const std::vector<ResultRow>& rows);

}  // namespace fhl
