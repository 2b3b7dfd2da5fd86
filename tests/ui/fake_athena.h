// fake_athena.h: an in-test stand-in for the lab's Athena and Glue services (StartQueryExecution, GetQueryExecution,
// GetQueryResults with NextToken paging, StopQueryExecution, ListQueryExecutions, named queries; Glue GetDatabases,
// GetTables), scripted per query, with every other call passed to FakeAws. Work() stands in for Lab::Work.
#pragma once

#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "fake_aws.h"

namespace fhl::ui::testing {

class FakeAthena {
 public:
  struct Column {
    std::string name, type;
  };
  using Row = std::vector<std::optional<std::string>>;  // nullopt = NULL (no VarCharValue)

  // How the next started query ends, and how many Work() steps it spends QUEUED and RUNNING.
  struct Outcome {
    std::string state = "SUCCEEDED";  // or FAILED
    std::string reason;               // StateChangeReason for FAILED
    std::vector<Column> columns;
    std::vector<Row> rows;
    bool header_row = true;  // SELECT: the first result row repeats the column names
    double scanned_bytes = 76975964;  // 73.41 MB
    double engine_ms = 1234, queue_ms = 98;
    int queued_steps = 1, running_steps = 2;
  };

  struct Execution {
    std::string id, query, database, workgroup, state;
    Outcome outcome;
    int steps = 0;
    bool stop_requested = false;
    double submitted_s = 0;
  };

  struct Table {
    std::string name, location;
    std::vector<Column> columns, partition_keys;
  };

  FakeAws aws;
  Outcome next;                                     // applied to the next StartQueryExecution
  std::optional<ApiError> start_error;              // StartQueryExecution fails with this once
  std::vector<Execution> executions;                // oldest first
  std::map<std::string, std::vector<Table>> tables;  // database -> tables (GetDatabases lists the keys)
  std::vector<Json> named_queries;
  bool batch_named_queries = true;                  // false: BatchGetNamedQuery answers UnknownOperation
  Json last_start, last_results_request, last_named_query;
  int results_calls = 0;

  FakeAthena() {
    tables["default"] = {};
    tables["stocks"] = {Table{"stock_ticks", "s3://" + aws.bucket + "/stocks/",
                              {{"ticker_symbol", "string"}, {"sector", "string"}, {"change", "double"}, {"price", "double"}},
                              {{"datehour", "string"}}}};
    next.columns = {{"ticker_symbol", "varchar"}, {"price", "double"}};
    next.rows = {{std::string("QXZ"), std::string("84.51")}, {std::string("ABC"), std::string("9.2")}};
  }

  ApiCache MakeCache() {
    return ApiCache([this](std::string_view s, std::string_view a, const Json& r) { return Call(s, a, r); },
                    [this]() { return aws.generation; });
  }
  int CountCalls(const std::string& name) const { return aws.CountCalls(name); }

  // One step of query work for every unfinished execution (what Lab::Work does between frames).
  void Work() {
    for (Execution& e : executions) {
      if (e.state == "SUCCEEDED" || e.state == "FAILED" || e.state == "CANCELLED") continue;
      ++aws.generation;
      if (e.stop_requested) {
        e.state = "CANCELLED";
        continue;
      }
      ++e.steps;
      if (e.state == "QUEUED" && e.steps >= e.outcome.queued_steps) {
        e.state = "RUNNING";
        e.steps = 0;
      } else if (e.state == "RUNNING" && e.steps >= e.outcome.running_steps) {
        e.state = e.outcome.state;
      }
    }
  }
  void WorkUntilDone(int max_steps = 20) {
    for (int i = 0; i < max_steps; ++i) Work();
  }
  Execution* Find(const std::string& id) {
    for (Execution& e : executions)
      if (e.id == id) return &e;
    return nullptr;
  }

  Response Call(std::string_view service, std::string_view action, const Json& r) {
    if (service != "Athena" && service != "Glue") return aws.Call(service, action, r);
    std::string name = std::string(service) + "." + std::string(action);
    aws.calls.push_back(name);
    auto f = aws.failures.find(name);
    if (f != aws.failures.end()) return Response{Json::object(), f->second};
    if (name == "Glue.GetDatabases") {
      Json list = Json::array();
      for (const auto& [db, t] : tables) list.push_back({{"Name", db}, {"CatalogId", "123456789012"}});
      return Response::Ok({{"DatabaseList", list}});
    }
    if (name == "Glue.GetTables") return GetTables(r);
    if (name == "Athena.StartQueryExecution") return Start(r);
    if (name == "Athena.GetQueryExecution") {
      Execution* e = Find(r.value("QueryExecutionId", std::string()));
      if (!e) return Response::Fail("InvalidRequestException", "QueryExecution x was not found");
      return Response::Ok({{"QueryExecution", Describe(*e)}});
    }
    if (name == "Athena.GetQueryResults") return Results(r);
    if (name == "Athena.StopQueryExecution") {
      Execution* e = Find(r.value("QueryExecutionId", std::string()));
      if (!e) return Response::Fail("InvalidRequestException", "QueryExecution x was not found");
      e->stop_requested = true;
      ++aws.generation;
      return Response::Ok(Json::object());
    }
    if (name == "Athena.ListQueryExecutions") {
      Json ids = Json::array();
      for (auto it = executions.rbegin(); it != executions.rend(); ++it) ids.push_back(it->id);
      return Response::Ok({{"QueryExecutionIds", ids}});
    }
    if (name == "Athena.CreateNamedQuery") {
      last_named_query = r;
      char id[64];
      std::snprintf(id, sizeof id, "nq-%04zu-0000-4000-8000-000000000000", named_queries.size() + 1);
      Json q = r;
      q["NamedQueryId"] = id;
      named_queries.push_back(q);
      ++aws.generation;
      return Response::Ok({{"NamedQueryId", id}});
    }
    if (name == "Athena.ListNamedQueries") {
      Json ids = Json::array();
      for (const Json& q : named_queries) ids.push_back(q["NamedQueryId"]);
      return Response::Ok({{"NamedQueryIds", ids}});
    }
    if (name == "Athena.BatchGetNamedQuery") {
      if (!batch_named_queries) return UnknownOperation(service, action);
      Json out = Json::array();
      for (const Json& id : r["NamedQueryIds"])
        for (const Json& q : named_queries)
          if (q["NamedQueryId"] == id) out.push_back(q);
      return Response::Ok({{"NamedQueries", out}, {"UnprocessedNamedQueryIds", Json::array()}});
    }
    if (name == "Athena.GetNamedQuery") {
      for (const Json& q : named_queries)
        if (q["NamedQueryId"] == r.value("NamedQueryId", std::string())) return Response::Ok({{"NamedQuery", q}});
      return Response::Fail("InvalidRequestException", "NamedQuery not found");
    }
    return UnknownOperation(service, action);
  }

 private:
  Response GetTables(const Json& r) {
    auto it = tables.find(r.value("DatabaseName", std::string()));
    if (it == tables.end()) return Response::Fail("EntityNotFoundException", "Database not found.");
    Json list = Json::array();
    for (const Table& t : it->second) {
      Json cols = Json::array(), parts = Json::array();
      for (const Column& c : t.columns) cols.push_back({{"Name", c.name}, {"Type", c.type}});
      for (const Column& c : t.partition_keys) parts.push_back({{"Name", c.name}, {"Type", c.type}});
      list.push_back({{"Name", t.name},
                      {"DatabaseName", it->first},
                      {"StorageDescriptor", {{"Columns", cols}, {"Location", t.location}}},
                      {"PartitionKeys", parts},
                      {"TableType", "EXTERNAL_TABLE"}});
    }
    return Response::Ok({{"TableList", list}});
  }

  Response Start(const Json& r) {
    last_start = r;
    if (start_error) {
      ApiError e = *start_error;
      start_error.reset();
      return Response{Json::object(), e};
    }
    if (!r.contains("QueryString") || !r["QueryString"].is_string() || r["QueryString"].get<std::string>().empty())
      return Response::Fail("InvalidRequestException", "QueryString must not be empty");
    Execution e;
    char id[64];
    std::snprintf(id, sizeof id, "%08zx-1111-4222-8333-444455556666", executions.size() + 1);
    e.id = id;
    e.query = r["QueryString"].get<std::string>();
    e.database = r.contains("QueryExecutionContext") ? r["QueryExecutionContext"].value("Database", std::string()) : "";
    e.workgroup = r.value("WorkGroup", std::string("primary"));
    e.state = "QUEUED";
    e.outcome = next;
    e.submitted_s = aws.now_s;
    executions.push_back(e);
    ++aws.generation;
    return Response::Ok({{"QueryExecutionId", e.id}});
  }

  Json Describe(const Execution& e) const {
    Json status = {{"State", e.state}, {"SubmissionDateTime", e.submitted_s}};
    if (e.state == "FAILED") status["StateChangeReason"] = e.outcome.reason;
    Json stats = Json::object();
    if (e.state != "QUEUED") stats["QueryQueueTimeInMillis"] = e.outcome.queue_ms;
    if (e.state == "SUCCEEDED" || e.state == "FAILED") {
      stats["EngineExecutionTimeInMillis"] = e.outcome.engine_ms;
      stats["TotalExecutionTimeInMillis"] = e.outcome.engine_ms + e.outcome.queue_ms;
      stats["DataScannedInBytes"] = e.state == "SUCCEEDED" ? e.outcome.scanned_bytes : 0.0;
    }
    return {{"QueryExecutionId", e.id},
            {"Query", e.query},
            {"StatementType", "DML"},
            {"QueryExecutionContext", {{"Database", e.database}, {"Catalog", "AwsDataCatalog"}}},
            {"Status", status},
            {"Statistics", stats},
            {"WorkGroup", e.workgroup}};
  }

  Response Results(const Json& r) {
    last_results_request = r;
    ++results_calls;
    Execution* e = Find(r.value("QueryExecutionId", std::string()));
    if (!e) return Response::Fail("InvalidRequestException", "QueryExecution x was not found");
    if (e->state != "SUCCEEDED")
      return Response::Fail("InvalidRequestException", "Query has not yet finished. Current state: " + e->state);
    int max = r.value("MaxResults", 1000);
    if (max < 1 || max > 1000) return Response::Fail("InvalidRequestException", "MaxResults must be 1..1000");
    size_t offset = 0;
    std::string token = r.value("NextToken", std::string());
    if (!token.empty()) {
      if (token.rfind("tok-", 0) != 0) return Response::Fail("InvalidRequestException", "Invalid NextToken");
      offset = static_cast<size_t>(std::stoul(token.substr(4)));
    }
    const Outcome& o = e->outcome;
    const size_t header = o.header_row ? 1 : 0;
    const size_t total = o.rows.size() + header;
    Json rows = Json::array();
    for (size_t i = offset; i < total && i < offset + static_cast<size_t>(max); ++i) {
      Json data = Json::array();
      if (i < header) {
        for (const Column& c : o.columns) data.push_back({{"VarCharValue", c.name}});
      } else {
        for (const std::optional<std::string>& v : o.rows[i - header])
          data.push_back(v ? Json{{"VarCharValue", *v}} : Json::object());
      }
      rows.push_back({{"Data", data}});
    }
    Json info = Json::array();
    for (const Column& c : o.columns)
      info.push_back({{"CatalogName", "hive"}, {"Name", c.name}, {"Label", c.name}, {"Type", c.type}, {"Nullable", "UNKNOWN"}});
    Json body = {{"ResultSet", {{"Rows", rows}, {"ResultSetMetadata", {{"ColumnInfo", info}}}}}, {"UpdateCount", 0}};
    if (offset + static_cast<size_t>(max) < total) body["NextToken"] = "tok-" + std::to_string(offset + static_cast<size_t>(max));
    return Response::Ok(body);
  }
};

}  // namespace fhl::ui::testing
