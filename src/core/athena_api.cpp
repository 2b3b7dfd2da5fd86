// athena_api.cpp: Athena's AWS JSON 1.1 request/response shapes over AthenaService (AmazonAthena.*): query
// executions and results, work groups, named queries. Nothing is changed unless the whole request is valid.
// Must not depend on the UI, the Lab or a clock (now is an input).
//
// [SECTION] shapes
// [SECTION] query executions
// [SECTION] work groups
// [SECTION] named queries
// [SECTION] dispatch
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/athena_service.h"
#include "core/base64.h"
#include "core/request_fields.h"

namespace fhl {

// [SECTION] shapes

// ColumnInfo as GetQueryResults reports it (also written to <id>.csv.metadata). Precision/Scale as Athena
// reports them per type (varchar 2147483647, bigint 19, integer 10, double 17, timestamp 3, decimal(p,s) p/s).
Json ColumnInfoJson(const SqlColumnInfo& c) {
  int precision = 0, scale = 0;
  const std::string& t = c.type;
  bool case_sensitive = false;
  if (t.rfind("varchar", 0) == 0 || t.rfind("char", 0) == 0) {
    precision = 2147483647;
    case_sensitive = true;
    if (const size_t open = t.find('('); open != std::string::npos) precision = std::atoi(t.c_str() + open + 1);
  } else if (t == "bigint") {
    precision = 19;
  } else if (t == "integer") {
    precision = 10;
  } else if (t == "smallint") {
    precision = 5;
  } else if (t == "tinyint") {
    precision = 3;
  } else if (t == "double") {
    precision = 17;
  } else if (t == "real") {
    precision = 9;
  } else if (t.rfind("timestamp", 0) == 0) {
    precision = 3;
  } else if (t.rfind("decimal", 0) == 0) {
    if (std::sscanf(t.c_str(), "decimal(%d,%d)", &precision, &scale) != 2) precision = 38, scale = 0;
  }
  return Json{{"CatalogName", "hive"},  {"SchemaName", ""},
              {"TableName", ""},        {"Name", c.name},
              {"Label", c.name},        {"Type", c.type},
              {"Precision", precision}, {"Scale", scale},
              {"Nullable", "UNKNOWN"},  {"CaseSensitive", case_sensitive}};
}

namespace {

constexpr const char* kEffectiveEngine = "Athena engine version 3";

ApiError InvalidRequest(std::string message) { return ApiError{"InvalidRequestException", std::move(message), 400}; }

Json EngineVersionJson() {
  return Json{{"SelectedEngineVersion", "AUTO"}, {"EffectiveEngineVersion", kEffectiveEngine}};
}

double Millis(TimeUs us) { return static_cast<double>(us / kUsPerMs); }

Json ExecutionJson(const QueryExecution& e, TimeUs now) {
  Json status = {{"State", QueryStateName(e.state)}, {"SubmissionDateTime", ToEpochSeconds(e.submission_time)}};
  if (!e.state_change_reason.empty()) status["StateChangeReason"] = e.state_change_reason;
  if (e.finished()) status["CompletionDateTime"] = ToEpochSeconds(e.completion_time);
  if (e.state == QueryState::kFailed && e.error) {
    status["AthenaError"] = {{"ErrorCategory", e.error_category},
                             {"ErrorType", e.error_type},
                             {"Retryable", false},
                             {"ErrorMessage", e.state_change_reason}};
  }
  // Queue time in simulated time; engine and planning time in the real time the slices took; the total is the
  // simulated wall time, never less than queue + engine.
  const TimeUs end = e.finished() ? e.completion_time : now;
  const TimeUs queue_us = (e.state == QueryState::kQueued ? now : e.running_since) - e.submission_time;
  const TimeUs total_us = std::max(end - e.submission_time, std::max<TimeUs>(queue_us, 0) + e.engine_real_us);
  Json statistics = {{"EngineExecutionTimeInMillis", Millis(e.engine_real_us)},
                     {"DataScannedInBytes", e.data_scanned_bytes},
                     {"TotalExecutionTimeInMillis", Millis(total_us)},
                     {"QueryQueueTimeInMillis", Millis(std::max<TimeUs>(queue_us, 0))},
                     {"ServicePreProcessingTimeInMillis", 0},
                     {"QueryPlanningTimeInMillis", Millis(e.planning_real_us)},
                     {"ServiceProcessingTimeInMillis", 0},
                     {"ResultReuseInformation", {{"ReusedPreviousResult", false}}}};
  Json context = Json::object();
  if (!e.database.empty()) context["Database"] = e.database;
  if (!e.catalog.empty()) context["Catalog"] = e.catalog;
  return Json{{"QueryExecutionId", e.id},
              {"Query", e.query},
              {"StatementType", e.statement_type},
              {"ResultConfiguration", {{"OutputLocation", e.output_location}}},
              {"ResultReuseConfiguration", {{"ResultReuseByAgeConfiguration", {{"Enabled", false}}}}},
              {"QueryExecutionContext", context},
              {"Status", status},
              {"Statistics", statistics},
              {"WorkGroup", e.work_group},
              {"EngineVersion", EngineVersionJson()},
              {"SubstatementType", e.statement_type == "DML" ? "SELECT" : e.statement_type}};
}

// Paging tokens are opaque to callers: base64 of "<kind>:<offset>".
std::string MakeToken(std::string_view kind, size_t offset) {
  return Base64Encode(std::string(kind) + ":" + std::to_string(offset));
}

std::optional<size_t> ReadToken(const std::optional<std::string>& token, std::string_view kind) {
  if (!token) return size_t{0};
  auto text = Base64Decode(*token);
  if (!text || text->compare(0, kind.size() + 1, std::string(kind) + ":") != 0) return std::nullopt;
  const std::string digits = text->substr(kind.size() + 1);
  if (digits.empty() || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
      digits.size() > 12) {
    return std::nullopt;
  }
  return static_cast<size_t>(std::stoull(digits));
}

ApiError BadToken() { return InvalidRequest("The NextToken provided is invalid."); }

void CheckLength(const std::optional<std::string>& value, const std::string& path, size_t min, size_t max,
                 ValidationErrors& errors) {
  if (!value) return;
  if (value->size() < min) {
    errors.Add(*value, path, "Member must have length greater than or equal to " + std::to_string(min));
  } else if (value->size() > max) {
    errors.Add(value->size() > 256 ? value->substr(0, 256) : *value, path,
               "Member must have length less than or equal to " + std::to_string(max));
  }
}

void CheckRequired(const std::optional<std::string>& value, const std::string& path, ValidationErrors& errors) {
  if (!value) errors.Add(std::nullopt, path, "Member must not be null");
}

void CheckRange(const std::optional<int64_t>& value, const std::string& path, int64_t min, int64_t max,
                ValidationErrors& errors) {
  if (!value) return;
  if (*value < min) {
    errors.Add(std::to_string(*value), path, "Member must have value greater than or equal to " + std::to_string(min));
  } else if (*value > max) {
    errors.Add(std::to_string(*value), path, "Member must have value less than or equal to " + std::to_string(max));
  }
}

bool IsWorkGroupName(const std::string& name) {
  return !name.empty() && name.size() <= 128 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '-';
  });
}

void CheckWorkGroupName(const std::optional<std::string>& name, const std::string& path, ValidationErrors& errors) {
  if (name && !IsWorkGroupName(*name)) {
    errors.Add(*name, path, "Member must satisfy regular expression pattern: [a-zA-Z0-9._-]{1,128}");
  }
}

// [SECTION] query executions

Response HandleStartQueryExecution(AthenaService& athena, const Json& request, TimeUs now) {
  RequestFields f(request);
  auto query = f.String("QueryString");
  auto work_group = f.String("WorkGroup");
  auto token = f.String("ClientRequestToken");
  StartQueryRequest start;
  if (const Json* context = f.Object("QueryExecutionContext")) {
    RequestFields c(*context, "QueryExecutionContext.");
    start.database = c.String("Database").value_or("");
    start.catalog = c.String("Catalog").value_or("");
    if (!c.ok()) f.Fail(c.error());
  }
  if (const Json* result = f.Object("ResultConfiguration")) {
    RequestFields r(*result, "ResultConfiguration.");
    start.output_location = r.String("OutputLocation");
    if (!r.ok()) f.Fail(r.error());
  }
  if (!f.ok()) return FailWith(f.error());
  ValidationErrors errors;
  CheckRequired(query, "queryString", errors);
  CheckLength(query, "queryString", 1, AthenaService::kMaxQueryChars, errors);
  CheckLength(token, "clientRequestToken", 32, 128, errors);
  CheckWorkGroupName(work_group, "workGroup", errors);
  if (!start.database.empty()) CheckLength(start.database, "queryExecutionContext.database", 1, 255, errors);
  if (!errors.empty()) return FailWith(errors.ToError());
  start.query = *query;
  start.work_group = work_group.value_or("primary");
  start.client_request_token = token.value_or("");
  auto id = athena.StartQuery(start, now);
  if (!id.ok()) return FailWith(id.error());
  return Response::Ok({{"QueryExecutionId", id.value()}});
}

Response ExecutionIdRequest(const Json& request, std::optional<std::string>* id) {
  RequestFields f(request);
  *id = f.String("QueryExecutionId");
  if (!f.ok()) return FailWith(f.error());
  ValidationErrors errors;
  CheckRequired(*id, "queryExecutionId", errors);
  CheckLength(*id, "queryExecutionId", 1, 128, errors);
  if (!errors.empty()) return FailWith(errors.ToError());
  return Response::Ok(Json::object());
}

Response HandleGetQueryExecution(AthenaService& athena, const Json& request, TimeUs now) {
  std::optional<std::string> id;
  if (Response r = ExecutionIdRequest(request, &id); !r.ok()) return r;
  const QueryExecution* e = athena.FindExecution(*id);
  if (!e) return FailWith(athena.ExecutionNotFound(*id));
  return Response::Ok({{"QueryExecution", ExecutionJson(*e, now)}});
}

// The id list of a BatchGet* request (1 to 50 strings), or the error AWS answers for it.
Response ReadBatchIds(const Json& request, const char* field, const char* member, std::vector<std::string>* ids) {
  RequestFields f(request);
  const Json* list = f.Array(field);
  if (!f.ok()) return FailWith(f.error());
  ValidationErrors errors;
  if (!list) {
    errors.Add(std::nullopt, member, "Member must not be null");
  } else if (list->empty() || list->size() > 50) {
    errors.Add(std::nullopt, member,
               list->empty() ? "Member must have length greater than or equal to 1"
                             : "Member must have length less than or equal to 50");
  }
  if (!errors.empty()) return FailWith(errors.ToError());
  for (const Json& id : *list) {
    if (!id.is_string()) return FailWith(SerializationError(field, "string"));
    ids->push_back(id.get_ref<const std::string&>());
  }
  return Response::Ok(Json::object());
}

Response HandleBatchGetQueryExecution(AthenaService& athena, const Json& request, TimeUs now) {
  std::vector<std::string> ids;
  if (Response r = ReadBatchIds(request, "QueryExecutionIds", "queryExecutionIds", &ids); !r.ok()) return r;
  Json found = Json::array(), unprocessed = Json::array();
  for (const std::string& text : ids) {
    if (const QueryExecution* e = athena.FindExecution(text)) {
      found.push_back(ExecutionJson(*e, now));
    } else {
      unprocessed.push_back({{"QueryExecutionId", text},
                             {"ErrorCode", "INVALID_INPUT"},
                             {"ErrorMessage", athena.ExecutionNotFound(text).message}});
    }
  }
  return Response::Ok({{"QueryExecutions", found}, {"UnprocessedQueryExecutionIds", unprocessed}});
}

Response HandleStopQueryExecution(AthenaService& athena, const Json& request, TimeUs now) {
  std::optional<std::string> id;
  if (Response r = ExecutionIdRequest(request, &id); !r.ok()) return r;
  if (Status s = athena.StopQuery(*id, now); !s.ok()) return FailWith(s.error());
  return Response::Ok(Json::object());
}

Response HandleGetQueryResults(AthenaService& athena, const Json& request) {
  RequestFields f(request);
  auto id = f.String("QueryExecutionId");
  auto max_results = f.Integer("MaxResults");
  auto token = f.String("NextToken");
  if (!f.ok()) return FailWith(f.error());
  ValidationErrors errors;
  CheckRequired(id, "queryExecutionId", errors);
  CheckLength(id, "queryExecutionId", 1, 128, errors);
  CheckRange(max_results, "maxResults", 1, 1000, errors);
  CheckLength(token, "nextToken", 1, 1024, errors);
  if (!errors.empty()) return FailWith(errors.ToError());
  const QueryExecution* e = athena.FindExecution(*id);
  if (!e) return FailWith(athena.ExecutionNotFound(*id));
  if (!e->finished()) {
    return FailWith(
        InvalidRequest(std::string("Query has not yet finished. Current state: ") + QueryStateName(e->state)));
  }
  if (e->state != QueryState::kSucceeded) {
    std::string message =
        std::string("Query did not finish successfully. Final query state: ") + QueryStateName(e->state);
    if (!e->state_change_reason.empty()) message += "\n" + e->state_change_reason;
    return FailWith(InvalidRequest(message));
  }
  const size_t total = e->rows.size() + (e->header_row ? 1 : 0);
  auto offset = ReadToken(token, "r:" + e->id);
  if (!offset || *offset > total) return FailWith(BadToken());
  const size_t page = static_cast<size_t>(max_results.value_or(1000));
  const size_t end = std::min(total, *offset + page);
  Json rows = Json::array();
  for (size_t i = *offset; i < end; ++i) {
    Json data = Json::array();
    if (e->header_row && i == 0) {
      for (const SqlColumnInfo& c : e->columns) data.push_back({{"VarCharValue", c.name}});
    } else {
      for (const auto& value : e->rows[i - (e->header_row ? 1 : 0)]) {
        data.push_back(value ? Json{{"VarCharValue", *value}} : Json::object());
      }
    }
    rows.push_back({{"Data", std::move(data)}});
  }
  Json columns = Json::array();
  for (const SqlColumnInfo& c : e->columns) columns.push_back(ColumnInfoJson(c));
  Json body = {{"ResultSet", {{"Rows", std::move(rows)}, {"ResultSetMetadata", {{"ColumnInfo", std::move(columns)}}}}}};
  if (e->statement_type == "DML") body["UpdateCount"] = 0;
  if (end < total) body["NextToken"] = MakeToken("r:" + e->id, end);
  return Response::Ok(body);
}

// WorkGroup (default "primary", must exist), MaxResults (0-50) and NextToken of a List* request.
struct ListRequest {
  std::string group;
  std::optional<int64_t> max_results;
  std::optional<std::string> token;
};
Response ReadListRequest(const AthenaService& athena, const Json& request, ListRequest* out) {
  RequestFields f(request);
  auto work_group = f.String("WorkGroup");
  out->max_results = f.Integer("MaxResults");
  out->token = f.String("NextToken");
  if (!f.ok()) return FailWith(f.error());
  ValidationErrors errors;
  CheckRange(out->max_results, "maxResults", 0, 50, errors);
  CheckWorkGroupName(work_group, "workGroup", errors);
  if (!errors.empty()) return FailWith(errors.ToError());
  out->group = work_group.value_or("primary");
  if (!athena.FindWorkGroup(out->group)) return FailWith(InvalidRequest("WorkGroup " + out->group + " is not found."));
  return Response::Ok(Json::object());
}

Response HandleListQueryExecutions(AthenaService& athena, const Json& request) {
  ListRequest list;
  if (Response r = ReadListRequest(athena, request, &list); !r.ok()) return r;
  const std::string& group = list.group;
  const std::optional<int64_t>& max_results = list.max_results;
  const std::optional<std::string>& token = list.token;
  auto ids = athena.ListExecutions(group);
  // Newest first; the token is the id of the next (older) execution, stable while new ones arrive.
  size_t start = 0;
  if (token) {
    auto decoded = Base64Decode(*token);
    if (!decoded || decoded->rfind("q:", 0) != 0) return FailWith(BadToken());
    const std::string next_id = decoded->substr(2);
    auto it = std::find_if(ids.begin(), ids.end(), [&](const QueryExecution* e) { return e->id == next_id; });
    if (it == ids.end()) return FailWith(BadToken());
    start = static_cast<size_t>(it - ids.begin());
  }
  const size_t page = static_cast<size_t>(max_results.value_or(50) == 0 ? 50 : max_results.value_or(50));
  const size_t end = std::min(ids.size(), start + page);
  Json out = Json::array();
  for (size_t i = start; i < end; ++i) out.push_back(ids[i]->id);
  Json body = {{"QueryExecutionIds", out}};
  if (end < ids.size()) body["NextToken"] = Base64Encode("q:" + ids[end]->id);
  return Response::Ok(body);
}

// [SECTION] work groups

Json WorkGroupConfigurationJson(const WorkGroupConfiguration& c) {
  Json out = {{"ResultConfiguration", Json::object()},
              {"EnforceWorkGroupConfiguration", c.enforce_work_group_configuration},
              {"PublishCloudWatchMetricsEnabled", c.publish_cloudwatch_metrics_enabled},
              {"RequesterPaysEnabled", false},
              {"EngineVersion", EngineVersionJson()}};
  if (c.output_location) out["ResultConfiguration"]["OutputLocation"] = *c.output_location;
  if (c.bytes_scanned_cutoff) out["BytesScannedCutoffPerQuery"] = *c.bytes_scanned_cutoff;
  return out;
}

void CheckCutoff(const std::optional<int64_t>& cutoff, const std::string& path, ValidationErrors& errors) {
  CheckRange(cutoff, path, AthenaService::kMinBytesScannedCutoff, INT64_MAX, errors);
}

// Reads WorkGroupConfiguration (create) into *config.
void ReadConfiguration(const Json& json, WorkGroupConfiguration* config, RequestFields& outer,
                       ValidationErrors& errors) {
  RequestFields c(json, "Configuration.");
  if (const Json* result = c.Object("ResultConfiguration")) {
    RequestFields r(*result, "Configuration.ResultConfiguration.");
    config->output_location = r.String("OutputLocation");
    if (!r.ok()) c.Fail(r.error());
  }
  config->bytes_scanned_cutoff = c.Integer("BytesScannedCutoffPerQuery");
  if (auto v = c.Boolean("EnforceWorkGroupConfiguration")) config->enforce_work_group_configuration = *v;
  if (auto v = c.Boolean("PublishCloudWatchMetricsEnabled")) config->publish_cloudwatch_metrics_enabled = *v;
  if (!c.ok()) outer.Fail(c.error());
  CheckCutoff(config->bytes_scanned_cutoff, "configuration.bytesScannedCutoffPerQuery", errors);
}

Response HandleCreateWorkGroup(AthenaService& athena, const Json& request, TimeUs now) {
  RequestFields f(request);
  auto name = f.String("Name");
  auto description = f.String("Description");
  WorkGroup group;
  ValidationErrors errors;
  if (const Json* config = f.Object("Configuration")) ReadConfiguration(*config, &group.configuration, f, errors);
  if (!f.ok()) return FailWith(f.error());
  CheckRequired(name, "name", errors);
  CheckWorkGroupName(name, "name", errors);
  CheckLength(description, "description", 0, 1024, errors);
  if (!errors.empty()) return FailWith(errors.ToError());
  if (group.configuration.output_location && !ParseOutputLocation(*group.configuration.output_location)) {
    return FailWith(InvalidRequest(*group.configuration.output_location + " is not a valid S3 path."));
  }
  group.name = *name;
  group.description = description.value_or("");
  if (Status s = athena.CreateWorkGroup(std::move(group), now); !s.ok()) return FailWith(s.error());
  return Response::Ok(Json::object());
}

Response WorkGroupNameRequest(const Json& request, std::optional<std::string>* name, RequestFields& f) {
  *name = f.String("WorkGroup");
  if (!f.ok()) return FailWith(f.error());
  ValidationErrors errors;
  CheckRequired(*name, "workGroup", errors);
  CheckWorkGroupName(*name, "workGroup", errors);
  if (!errors.empty()) return FailWith(errors.ToError());
  (void)request;
  return Response::Ok(Json::object());
}

Response HandleGetWorkGroup(AthenaService& athena, const Json& request) {
  RequestFields f(request);
  std::optional<std::string> name;
  if (Response r = WorkGroupNameRequest(request, &name, f); !r.ok()) return r;
  const WorkGroup* g = athena.FindWorkGroup(*name);
  if (!g) return FailWith(InvalidRequest("WorkGroup " + *name + " is not found."));
  Json out = {{"Name", g->name},
              {"State", g->state},
              {"Configuration", WorkGroupConfigurationJson(g->configuration)},
              {"CreationTime", ToEpochSeconds(g->creation_time)}};
  if (!g->description.empty()) out["Description"] = g->description;
  return Response::Ok({{"WorkGroup", out}});
}

Response HandleListWorkGroups(AthenaService& athena, const Json& request) {
  RequestFields f(request);
  auto max_results = f.Integer("MaxResults");
  auto token = f.String("NextToken");
  if (!f.ok()) return FailWith(f.error());
  ValidationErrors errors;
  CheckRange(max_results, "maxResults", 1, 50, errors);
  if (!errors.empty()) return FailWith(errors.ToError());
  auto offset = ReadToken(token, "w");
  if (!offset) return FailWith(BadToken());
  auto groups = athena.ListWorkGroups();
  const size_t end = std::min(groups.size(), *offset + static_cast<size_t>(max_results.value_or(50)));
  Json out = Json::array();
  for (size_t i = *offset; i < end; ++i) {
    const WorkGroup* g = groups[i];
    Json item = {{"Name", g->name},
                 {"State", g->state},
                 {"CreationTime", ToEpochSeconds(g->creation_time)},
                 {"EngineVersion", EngineVersionJson()}};
    if (!g->description.empty()) item["Description"] = g->description;
    out.push_back(std::move(item));
  }
  Json body = {{"WorkGroups", out}};
  if (end < groups.size()) body["NextToken"] = MakeToken("w", end);
  return Response::Ok(body);
}

Response HandleDeleteWorkGroup(AthenaService& athena, const Json& request, TimeUs now) {
  RequestFields f(request);
  std::optional<std::string> name;
  auto recursive = f.Boolean("RecursiveDeleteOption");
  if (Response r = WorkGroupNameRequest(request, &name, f); !r.ok()) return r;
  if (Status s = athena.DeleteWorkGroup(*name, recursive.value_or(false), now); !s.ok()) return FailWith(s.error());
  return Response::Ok(Json::object());
}

Response HandleUpdateWorkGroup(AthenaService& athena, const Json& request) {
  RequestFields f(request);
  std::optional<std::string> name;
  auto description = f.String("Description");
  auto state = f.String("State");
  if (Response r = WorkGroupNameRequest(request, &name, f); !r.ok()) return r;
  WorkGroup* g = athena.FindWorkGroup(*name);
  ValidationErrors errors;
  CheckLength(description, "description", 0, 1024, errors);
  if (state && *state != "ENABLED" && *state != "DISABLED") {
    errors.Add(*state, "state", "Member must satisfy enum value set: [ENABLED, DISABLED]");
  }
  WorkGroupConfiguration config = g ? g->configuration : WorkGroupConfiguration();
  if (const Json* updates = f.Object("ConfigurationUpdates")) {
    RequestFields u(*updates, "ConfigurationUpdates.");
    if (auto v = u.Boolean("EnforceWorkGroupConfiguration")) config.enforce_work_group_configuration = *v;
    if (auto v = u.Boolean("PublishCloudWatchMetricsEnabled")) config.publish_cloudwatch_metrics_enabled = *v;
    auto cutoff = u.Integer("BytesScannedCutoffPerQuery");
    CheckCutoff(cutoff, "configurationUpdates.bytesScannedCutoffPerQuery", errors);
    if (cutoff) config.bytes_scanned_cutoff = cutoff;
    if (u.Boolean("RemoveBytesScannedCutoffPerQuery").value_or(false)) config.bytes_scanned_cutoff.reset();
    if (const Json* result = u.Object("ResultConfigurationUpdates")) {
      RequestFields r(*result, "ConfigurationUpdates.ResultConfigurationUpdates.");
      if (auto location = r.String("OutputLocation")) config.output_location = location;
      if (r.Boolean("RemoveOutputLocation").value_or(false)) config.output_location.reset();
      if (!r.ok()) u.Fail(r.error());
    }
    if (!u.ok()) f.Fail(u.error());
  }
  if (!f.ok()) return FailWith(f.error());
  if (!errors.empty()) return FailWith(errors.ToError());
  if (!g) return FailWith(InvalidRequest("WorkGroup " + *name + " is not found."));
  if (config.output_location && !ParseOutputLocation(*config.output_location)) {
    return FailWith(InvalidRequest(*config.output_location + " is not a valid S3 path."));
  }
  g->configuration = config;
  if (description) g->description = *description;
  if (state) g->state = *state;
  athena.UpdatedWorkGroup();
  return Response::Ok(Json::object());
}

// [SECTION] named queries

Json NamedQueryJson(const NamedQuery& q) {
  Json out = {{"Name", q.name},
              {"Database", q.database},
              {"QueryString", q.query_string},
              {"NamedQueryId", q.id},
              {"WorkGroup", q.work_group}};
  if (!q.description.empty()) out["Description"] = q.description;
  return out;
}

Response HandleCreateNamedQuery(AthenaService& athena, const Json& request) {
  RequestFields f(request);
  auto name = f.String("Name");
  auto description = f.String("Description");
  auto database = f.String("Database");
  auto query = f.String("QueryString");
  auto token = f.String("ClientRequestToken");
  auto work_group = f.String("WorkGroup");
  if (!f.ok()) return FailWith(f.error());
  ValidationErrors errors;
  CheckRequired(name, "name", errors);
  CheckLength(name, "name", 1, 128, errors);
  CheckLength(description, "description", 0, 1024, errors);
  CheckRequired(database, "database", errors);
  CheckLength(database, "database", 1, 255, errors);
  CheckRequired(query, "queryString", errors);
  CheckLength(query, "queryString", 1, AthenaService::kMaxQueryChars, errors);
  CheckLength(token, "clientRequestToken", 32, 128, errors);
  CheckWorkGroupName(work_group, "workGroup", errors);
  if (!errors.empty()) return FailWith(errors.ToError());
  NamedQuery q;
  q.name = *name;
  q.description = description.value_or("");
  q.database = *database;
  q.query_string = *query;
  q.work_group = work_group.value_or("primary");
  auto id = athena.CreateNamedQuery(std::move(q), token.value_or(""));
  if (!id.ok()) return FailWith(id.error());
  return Response::Ok({{"NamedQueryId", id.value()}});
}

Response NamedQueryIdRequest(RequestFields& f, std::optional<std::string>* id) {
  *id = f.String("NamedQueryId");
  if (!f.ok()) return FailWith(f.error());
  ValidationErrors errors;
  CheckRequired(*id, "namedQueryId", errors);
  if (!errors.empty()) return FailWith(errors.ToError());
  return Response::Ok(Json::object());
}

ApiError NamedQueryNotFound(const std::string& id) { return InvalidRequest("NamedQuery " + id + " was not found"); }

Response HandleGetNamedQuery(AthenaService& athena, const Json& request) {
  RequestFields f(request);
  std::optional<std::string> id;
  if (Response r = NamedQueryIdRequest(f, &id); !r.ok()) return r;
  const NamedQuery* q = athena.FindNamedQuery(*id);
  if (!q) return FailWith(NamedQueryNotFound(*id));
  return Response::Ok({{"NamedQuery", NamedQueryJson(*q)}});
}

Response HandleDeleteNamedQuery(AthenaService& athena, const Json& request) {
  RequestFields f(request);
  std::optional<std::string> id;
  if (Response r = NamedQueryIdRequest(f, &id); !r.ok()) return r;
  if (Status s = athena.DeleteNamedQuery(*id); !s.ok()) return FailWith(s.error());
  return Response::Ok(Json::object());
}

Response HandleListNamedQueries(AthenaService& athena, const Json& request) {
  ListRequest list;
  if (Response r = ReadListRequest(athena, request, &list); !r.ok()) return r;
  const std::string& group = list.group;
  const std::optional<int64_t>& max_results = list.max_results;
  const std::optional<std::string>& token = list.token;
  auto offset = ReadToken(token, "n:" + group);
  if (!offset) return FailWith(BadToken());
  auto queries = athena.ListNamedQueries(group);
  const size_t page = static_cast<size_t>(max_results.value_or(50) == 0 ? 50 : max_results.value_or(50));
  const size_t end = std::min(queries.size(), *offset + page);
  Json ids = Json::array();
  for (size_t i = *offset; i < end; ++i) ids.push_back(queries[i]->id);
  Json body = {{"NamedQueryIds", ids}};
  if (end < queries.size()) body["NextToken"] = MakeToken("n:" + group, end);
  return Response::Ok(body);
}

Response HandleBatchGetNamedQuery(AthenaService& athena, const Json& request) {
  std::vector<std::string> ids;
  if (Response r = ReadBatchIds(request, "NamedQueryIds", "namedQueryIds", &ids); !r.ok()) return r;
  Json found = Json::array(), unprocessed = Json::array();
  for (const std::string& text : ids) {
    if (const NamedQuery* q = athena.FindNamedQuery(text)) {
      found.push_back(NamedQueryJson(*q));
    } else {
      unprocessed.push_back(
          {{"NamedQueryId", text}, {"ErrorCode", "INVALID_INPUT"}, {"ErrorMessage", NamedQueryNotFound(text).message}});
    }
  }
  return Response::Ok({{"NamedQueries", found}, {"UnprocessedNamedQueryIds", unprocessed}});
}

}  // namespace

// [SECTION] dispatch

Response AthenaService::Call(std::string_view action, const Json& request, TimeUs now) {
  if (!request.is_object()) return Response::Fail("SerializationException", "The request body must be a JSON object.");
  if (action == "StartQueryExecution") return HandleStartQueryExecution(*this, request, now);
  if (action == "GetQueryExecution") return HandleGetQueryExecution(*this, request, now);
  if (action == "BatchGetQueryExecution") return HandleBatchGetQueryExecution(*this, request, now);
  if (action == "StopQueryExecution") return HandleStopQueryExecution(*this, request, now);
  if (action == "GetQueryResults") return HandleGetQueryResults(*this, request);
  if (action == "ListQueryExecutions") return HandleListQueryExecutions(*this, request);
  if (action == "CreateWorkGroup") return HandleCreateWorkGroup(*this, request, now);
  if (action == "GetWorkGroup") return HandleGetWorkGroup(*this, request);
  if (action == "ListWorkGroups") return HandleListWorkGroups(*this, request);
  if (action == "DeleteWorkGroup") return HandleDeleteWorkGroup(*this, request, now);
  if (action == "UpdateWorkGroup") return HandleUpdateWorkGroup(*this, request);
  if (action == "CreateNamedQuery") return HandleCreateNamedQuery(*this, request);
  if (action == "GetNamedQuery") return HandleGetNamedQuery(*this, request);
  if (action == "ListNamedQueries") return HandleListNamedQueries(*this, request);
  if (action == "DeleteNamedQuery") return HandleDeleteNamedQuery(*this, request);
  if (action == "BatchGetNamedQuery") return HandleBatchGetNamedQuery(*this, request);
  return UnknownOperation("Athena", action);
}

}  // namespace fhl
