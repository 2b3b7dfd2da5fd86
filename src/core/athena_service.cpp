// athena_service.cpp: query executions (start, work slices, stop, results and result files), work groups and
// named queries. Catalog changes of DDL happen when the execution runs, never at StartQueryExecution.
// Must not depend on the UI, the platform, the Lab or a clock (now and elapsed real time are inputs).
//
// [SECTION] helpers
// [SECTION] executions
// [SECTION] work slices
// [SECTION] results
// [SECTION] work groups and named queries
#include "core/athena_service.h"

#include <algorithm>

#include "core/athena_ddl.h"
#include "core/glue_catalog.h"
#include "core/object_store.h"
#include "core/rng.h"
#include "core/table_scan.h"

namespace fhl {

// [SECTION] helpers

namespace {

ApiError InvalidRequest(std::string message) { return ApiError{"InvalidRequestException", std::move(message), 400}; }

bool StartsWithWord(std::string_view sql, std::string_view word) {
  size_t i = 0;
  while (i < sql.size() && (sql[i] == ' ' || sql[i] == '\n' || sql[i] == '\r' || sql[i] == '\t' || sql[i] == '(')) ++i;
  if (sql.size() - i < word.size()) return false;
  for (size_t k = 0; k < word.size(); ++k) {
    char c = sql[i + k];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c != word[k]) return false;
  }
  const size_t end = i + word.size();
  return end == sql.size() || !((sql[end] >= 'A' && sql[end] <= 'Z') || (sql[end] >= 'a' && sql[end] <= 'z') ||
                                (sql[end] >= '0' && sql[end] <= '9') || sql[end] == '_');
}

// Athena's AthenaError.ErrorType for an error name (error catalog, docs "error-reference"):
// 1006 syntax/analysis errors, 1001 data errors (SerDe), 1003 DDL task failed, 1013 permissions,
// 1300 not supported, 200 engine internal error (category 1).
int ErrorTypeFor(const SqlError& e, bool ddl) {
  const std::string& n = e.name;
  if (n == "HIVE_CURSOR_ERROR" || n == "HIVE_BAD_DATA" || n == "INVALID_FUNCTION_ARGUMENT" || n == "DIVISION_BY_ZERO" ||
      n == "NUMERIC_VALUE_OUT_OF_RANGE" || n == "INVALID_CAST_ARGUMENT") {
    return 1001;
  }
  if (n == "PERMISSION_DENIED") return 1013;
  if (n == "NOT_SUPPORTED") return 1300;
  if (n == "GENERIC_INTERNAL_ERROR") return 200;
  if (ddl && n != "SYNTAX_ERROR") return 1003;
  return 1006;
}

int ErrorCategoryFor(int error_type) { return error_type < 1000 ? 1 : 2; }

std::string ReasonText(const SqlError& e) { return e.name.empty() ? e.message : e.Text(); }

}  // namespace

const char* QueryStateName(QueryState state) {
  switch (state) {
    case QueryState::kQueued:
      return "QUEUED";
    case QueryState::kRunning:
      return "RUNNING";
    case QueryState::kSucceeded:
      return "SUCCEEDED";
    case QueryState::kFailed:
      return "FAILED";
    case QueryState::kCancelled:
      return "CANCELLED";
  }
  return "FAILED";
}

std::optional<std::pair<std::string, std::string>> ParseOutputLocation(std::string_view location) {
  constexpr std::string_view kScheme = "s3://";
  if (location.substr(0, kScheme.size()) != kScheme) return std::nullopt;
  std::string_view rest = location.substr(kScheme.size());
  const size_t slash = rest.find('/');
  std::string bucket(rest.substr(0, slash));
  if (bucket.empty()) return std::nullopt;
  std::string prefix = slash == std::string_view::npos ? "" : std::string(rest.substr(slash + 1));
  if (!prefix.empty() && prefix.back() != '/') prefix += '/';
  return std::make_pair(std::move(bucket), std::move(prefix));
}

AthenaService::AthenaService(GlueCatalog& catalog, ObjectStore& store, SerDeCache& cache, Rng& rng)
    : catalog_(catalog), store_(store), cache_(cache), rng_(rng) {
  WorkGroup primary;
  primary.name = "primary";
  work_groups_.emplace(primary.name, primary);
}

AthenaService::~AthenaService() = default;

// [SECTION] executions

ApiError AthenaService::ExecutionNotFound(std::string_view id) const {
  return InvalidRequest("QueryExecution " + std::string(id) + " was not found");
}

Result<std::string> AthenaService::StartQuery(const StartQueryRequest& request, TimeUs now) {
  if (!request.client_request_token.empty()) {
    auto it = by_token_.find(request.client_request_token);
    if (it != by_token_.end() && by_id_.count(it->second)) return it->second;  // idempotent retry
  }
  const WorkGroup* group = FindWorkGroup(request.work_group);
  if (!group) return InvalidRequest("WorkGroup " + request.work_group + " is not found.");
  if (group->state != "ENABLED") return InvalidRequest("WorkGroup " + request.work_group + " is disabled.");
  // The work group's location wins when it enforces its configuration; otherwise the request's does.
  const auto& wg_location = group->configuration.output_location;
  std::optional<std::string> location = group->configuration.enforce_work_group_configuration && wg_location
                                            ? wg_location
                                        : request.output_location ? request.output_location
                                                                  : wg_location;
  if (!location || location->empty()) {
    return InvalidRequest(
        "No output location provided. An output location is required either through the Workgroup result "
        "configuration setting or as an API input.");
  }
  auto parsed = ParseOutputLocation(*location);
  if (!parsed) return InvalidRequest(*location + " is not a valid S3 path.");
  if (!store_.FindBucket(parsed->first))
    return InvalidRequest("Unable to verify/create output bucket " + parsed->first);

  auto e = std::make_unique<QueryExecution>();
  e->id = rng_.NextUuid();
  e->query = request.query;
  const bool ddl = IsDdlStatement(request.query);
  const bool utility = ddl && (StartsWithWord(request.query, "SHOW") || StartsWithWord(request.query, "DESCRIBE") ||
                               StartsWithWord(request.query, "DESC") || StartsWithWord(request.query, "EXPLAIN"));
  e->statement_type = utility ? "UTILITY" : ddl ? "DDL" : "DML";
  e->work_group = group->name;
  e->database = request.database;
  e->catalog = request.catalog;
  e->result_bucket = parsed->first;
  e->result_key = parsed->second + e->id + (ddl ? ".txt" : ".csv");
  e->output_location = "s3://" + e->result_bucket + "/" + e->result_key;
  e->client_request_token = request.client_request_token;
  e->bytes_scanned_cutoff = group->configuration.bytes_scanned_cutoff;
  e->submission_time = now;
  const std::string id = e->id;
  by_id_[id] = e.get();
  if (!request.client_request_token.empty()) by_token_[request.client_request_token] = id;
  executions_.push_back(std::move(e));
  DropOldExecutions();
  ++generation_;
  return id;
}

void AthenaService::DropOldExecutions() {
  while (executions_.size() > kMaxExecutions) {
    auto it = std::find_if(executions_.begin(), executions_.end(), [](const auto& e) { return e->finished(); });
    if (it == executions_.end()) return;  // everything still running: keep them all
    by_id_.erase((*it)->id);
    if (!(*it)->client_request_token.empty()) by_token_.erase((*it)->client_request_token);
    executions_.erase(it);
  }
}

Status AthenaService::StopQuery(std::string_view id, TimeUs now) {
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return ExecutionNotFound(id);
  QueryExecution& e = *it->second;
  if (e.finished()) return Status::Ok();  // stopping a finished query changes nothing, as on AWS
  e.state_change_reason = "Query cancelled by user";
  Finish(e, QueryState::kCancelled, now);
  return Status::Ok();
}

const QueryExecution* AthenaService::FindExecution(std::string_view id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : it->second;
}

std::vector<const QueryExecution*> AthenaService::ListExecutions(std::string_view work_group) const {
  std::vector<const QueryExecution*> out;
  for (auto it = executions_.rbegin(); it != executions_.rend(); ++it) {
    if ((*it)->work_group == work_group) out.push_back(it->get());
  }
  return out;
}

// [SECTION] work slices

uint64_t AthenaService::PendingUnits() const {
  uint64_t pending = 0;
  for (const auto& e : executions_) {
    if (e->finished()) continue;
    pending += e->run ? std::max<uint64_t>(e->run->pending_units(), 1) : kDdlUnits;
  }
  return pending;
}

uint64_t AthenaService::Work(uint64_t budget_units, TimeUs now) {
  last_worked_.clear();
  uint64_t left = budget_units;
  for (const auto& e : executions_) {
    if (e->finished()) continue;
    if (left == 0) break;
    const bool first_slice = !e->worked;
    const uint64_t used = std::max<uint64_t>(WorkOn(*e, left, now), 1);
    e->worked = true;
    last_worked_.push_back(WorkedSlice{e->id, used, first_slice});
    left -= std::min(left, used);
  }
  if (!last_worked_.empty()) ++generation_;
  return PendingUnits();
}

void AthenaService::RecordWorkTime(TimeUs measured_real_us) {
  // The slice's real time, shared in proportion to the units each execution used; the last one gets the rounding
  // remainder, so the shares add up to exactly what was measured.
  std::vector<WorkedSlice> worked = std::move(last_worked_);
  last_worked_.clear();
  if (worked.empty() || measured_real_us <= 0) return;
  uint64_t total_units = 0;
  for (const WorkedSlice& w : worked) total_units += w.units;
  TimeUs given = 0;
  bool changed = false;
  for (size_t i = 0; i < worked.size(); ++i) {
    const TimeUs share =
        i + 1 == worked.size()
            ? measured_real_us - given
            : static_cast<TimeUs>(static_cast<double>(measured_real_us) * worked[i].units / total_units);
    given += share;
    auto it = by_id_.find(worked[i].id);
    if (it == by_id_.end()) continue;  // dropped since that Work call: its share goes nowhere
    it->second->engine_real_us += share;
    if (worked[i].first_slice) it->second->planning_real_us += share;
    changed = true;
  }
  if (changed) ++generation_;
}

uint64_t AthenaService::WorkOn(QueryExecution& e, uint64_t budget_units, TimeUs now) {
  if (e.state == QueryState::kQueued) {
    e.state = QueryState::kRunning;
    e.running_since = now;
  }
  const std::string database = e.database.empty() ? "default" : e.database;
  if (e.statement_type != "DML") {
    DdlOutcome outcome = ExecuteDdl(e.query, catalog_, database, now);
    e.statement_type = outcome.statement_type.empty() ? e.statement_type : outcome.statement_type;
    if (!outcome.ok) {
      const int type = ErrorTypeFor(outcome.error, true);
      FailExecution(e, outcome.error, ErrorCategoryFor(type), type, now);
      return kDdlUnits;
    }
    e.header_row = false;
    e.columns = std::move(outcome.columns);
    e.rows = std::move(outcome.rows);
    Succeed(e, now);
    return kDdlUnits;
  }
  uint64_t used = 0;
  if (!e.run) {
    SqlTranslation translation = TranslateQuery(e.query, catalog_, database);
    if (!translation.ok) {
      const int type = ErrorTypeFor(translation.error, false);
      FailExecution(e, translation.error, ErrorCategoryFor(type), type, now);
      return kUnitsPerRow;
    }
    // current_timestamp and projection's NOW: the moment the query started running.
    e.run = std::make_unique<QueryRun>(std::move(translation.query), catalog_, e.running_since);
    used += kUnitsPerRow;
  }
  // With a cutoff, work in chunks that end where the cutoff would be crossed (a chunk reads at least one whole
  // object), so an over-limit query stops right after the object that crossed it.
  const uint64_t cutoff = e.bytes_scanned_cutoff ? static_cast<uint64_t>(*e.bytes_scanned_cutoff) : UINT64_MAX;
  while (!e.run->finished() && used < budget_units) {
    const uint64_t read = std::max(e.run->data_scanned_bytes(), e.run->bytes_parsed());
    const uint64_t to_cutoff = cutoff == UINT64_MAX ? UINT64_MAX : cutoff - std::min(cutoff, read) + 1;
    const uint64_t spent = e.run->Work(std::min(budget_units - used, to_cutoff), store_, cache_);
    used += std::max<uint64_t>(spent, 1);
    e.data_scanned_bytes = e.run->data_scanned_bytes();
    const uint64_t read_now = std::max(e.data_scanned_bytes, e.run->bytes_parsed());
    if (read_now > cutoff) {
      e.data_scanned_bytes = read_now;
      FailExecution(e, SqlError{"", 0, 0, "Query cancelled! : Bytes scanned limit was exceeded"}, 2, 1008, now);
      return used;
    }
  }
  if (e.run->phase() == QueryRun::Phase::kFailed) {
    const int type = ErrorTypeFor(e.run->error(), false);
    FailExecution(e, e.run->error(), ErrorCategoryFor(type), type, now);
  } else if (e.run->phase() == QueryRun::Phase::kDone) {
    e.header_row = true;
    e.columns = e.run->columns();
    e.rows = e.run->TakeRows();
    Succeed(e, now);
  }
  return used;
}

void AthenaService::Finish(QueryExecution& e, QueryState state, TimeUs now) {
  e.state = state;
  e.completion_time = now;
  if (e.running_since == 0) e.running_since = now;
  e.run.reset();
  if (state != QueryState::kSucceeded) {
    e.rows.clear();
    e.columns.clear();
  }
  ++generation_;
}

void AthenaService::FailExecution(QueryExecution& e, SqlError error, int category, int type, TimeUs now) {
  e.state_change_reason = ReasonText(error);
  e.error = std::move(error);
  e.error_category = category;
  e.error_type = type;
  Finish(e, QueryState::kFailed, now);
}

// [SECTION] results

std::string ResultCsv(const std::vector<SqlColumnInfo>& columns, const std::vector<ResultRow>& rows) {
  std::string out;
  auto quoted = [&out](const std::string& value) {
    out += '"';
    for (char c : value) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  };
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i) out += ',';
    quoted(columns[i].name);
  }
  out += '\n';
  for (const ResultRow& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (i) out += ',';
      if (row[i]) quoted(*row[i]);  // NULL: an empty, unquoted field
    }
    out += '\n';
  }
  return out;
}

std::string ResultTxt(const std::vector<ResultRow>& rows) {
  std::string out;
  for (const ResultRow& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (i) out += '\t';
      if (row[i]) out += *row[i];
    }
    out += '\n';
  }
  return out;
}

Json ColumnInfoJson(const SqlColumnInfo& c);  // athena_api.cpp

void AthenaService::Succeed(QueryExecution& e, TimeUs now) {
  const std::string& bucket = e.result_bucket;
  const std::string& object_key = e.result_key;
  Status written = Status::Ok();
  if (e.statement_type == "DML") {
    auto csv = store_.PutObject(bucket, object_key, ResultCsv(e.columns, e.rows), now, "text/csv");
    if (csv.ok()) {
      Json metadata = {{"ColumnInfo", Json::array()}};
      for (const SqlColumnInfo& c : e.columns) metadata["ColumnInfo"].push_back(ColumnInfoJson(c));
      auto meta =
          store_.PutObject(bucket, object_key + ".metadata", DumpJson(metadata), now, "application/octet-stream");
      if (!meta.ok()) written = meta.error();
    } else {
      written = csv.error();
    }
  } else {
    auto txt = store_.PutObject(bucket, object_key, ResultTxt(e.rows), now, "text/plain");
    if (!txt.ok()) written = txt.error();
  }
  if (!written.ok()) {
    const std::string message =
        written.error().code == "NoSuchBucket"
            ? "Unable to verify/create output bucket " + bucket
            : "Error writing query results to " + e.output_location + ": " + written.error().message;
    FailExecution(e, SqlError{"", 0, 0, message}, 1, 401, now);
    return;
  }
  Finish(e, QueryState::kSucceeded, now);
}

// [SECTION] work groups and named queries

const WorkGroup* AthenaService::FindWorkGroup(std::string_view name) const {
  auto it = work_groups_.find(name);
  return it == work_groups_.end() ? nullptr : &it->second;
}

WorkGroup* AthenaService::FindWorkGroup(std::string_view name) {
  auto it = work_groups_.find(name);
  return it == work_groups_.end() ? nullptr : &it->second;
}

std::vector<const WorkGroup*> AthenaService::ListWorkGroups() const {
  std::vector<const WorkGroup*> out;
  for (const auto& [name, group] : work_groups_) out.push_back(&group);
  return out;
}

Status AthenaService::CreateWorkGroup(WorkGroup group, TimeUs now) {
  if (work_groups_.count(group.name)) return InvalidRequest("WorkGroup " + group.name + " is already created");
  group.creation_time = now;
  const std::string name = group.name;
  work_groups_.emplace(name, std::move(group));
  ++generation_;
  return Status::Ok();
}

Status AthenaService::DeleteWorkGroup(std::string_view name, bool recursive, TimeUs now) {
  if (name == "primary") return InvalidRequest("Cannot delete primary workgroup");
  auto it = work_groups_.find(name);
  if (it == work_groups_.end()) return InvalidRequest("WorkGroup " + std::string(name) + " is not found.");
  const bool has_named =
      std::any_of(named_queries_.begin(), named_queries_.end(), [&](const auto& q) { return q->work_group == name; });
  if (has_named && !recursive) {
    return InvalidRequest("WorkGroup " + std::string(name) +
                          " is not empty. Use RecursiveDeleteOption to delete it and its named queries.");
  }
  named_queries_.erase(std::remove_if(named_queries_.begin(), named_queries_.end(),
                                      [&](const auto& q) { return q->work_group == name; }),
                       named_queries_.end());
  for (const auto& e : executions_) {
    if (e->work_group == name && !e->finished()) Finish(*e, QueryState::kCancelled, now);
  }
  work_groups_.erase(it);
  ++generation_;
  return Status::Ok();
}

Result<std::string> AthenaService::CreateNamedQuery(NamedQuery query, const std::string& client_request_token) {
  if (!client_request_token.empty()) {
    auto it = named_by_token_.find(client_request_token);
    if (it != named_by_token_.end() && FindNamedQuery(it->second)) return it->second;
  }
  if (!FindWorkGroup(query.work_group)) return InvalidRequest("WorkGroup " + query.work_group + " is not found.");
  query.id = rng_.NextUuid();
  const std::string id = query.id;
  named_queries_.push_back(std::make_unique<NamedQuery>(std::move(query)));
  if (!client_request_token.empty()) named_by_token_[client_request_token] = id;
  ++generation_;
  return id;
}

const NamedQuery* AthenaService::FindNamedQuery(std::string_view id) const {
  for (const auto& q : named_queries_) {
    if (q->id == id) return q.get();
  }
  return nullptr;
}

std::vector<const NamedQuery*> AthenaService::ListNamedQueries(std::string_view work_group) const {
  std::vector<const NamedQuery*> out;
  for (const auto& q : named_queries_) {
    if (q->work_group == work_group) out.push_back(q.get());
  }
  return out;
}

Status AthenaService::DeleteNamedQuery(std::string_view id) {
  auto it = std::find_if(named_queries_.begin(), named_queries_.end(), [&](const auto& q) { return q->id == id; });
  if (it == named_queries_.end()) return InvalidRequest("NamedQuery " + std::string(id) + " was not found");
  named_queries_.erase(it);
  ++generation_;
  return Status::Ok();
}

}  // namespace fhl
