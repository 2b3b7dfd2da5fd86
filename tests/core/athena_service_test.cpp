// athena_service_test.cpp: Athena query executions through the Lab: the lifecycle over work slices, statistics,
// measured work time (RecordWorkTime), cancellation, failures and their texts, DDL at completion, result files
// (CSV/metadata/TXT), the bytes-scanned cutoff, idempotent starts and the bounded execution history.
#include "core/athena_service.h"

#include <gtest/gtest.h>

#include "core/object_store.h"
#include "test_util.h"

namespace fhl {
namespace {

using test::Err;
using test::Ok;

constexpr const char* kResults = "s3://query-results/athena/";

std::string Start(Lab& lab, const std::string& sql, const std::string& database = "default") {
  Json request = {{"QueryString", sql},
                  {"QueryExecutionContext", {{"Database", database}}},
                  {"ResultConfiguration", {{"OutputLocation", kResults}}}};
  return Ok(lab, "Athena", "StartQueryExecution", request)["QueryExecutionId"].get<std::string>();
}

Json Execution(Lab& lab, const std::string& id) {
  return Ok(lab, "Athena", "GetQueryExecution", {{"QueryExecutionId", id}})["QueryExecution"];
}

std::string State(Lab& lab, const std::string& id) { return Execution(lab, id)["Status"]["State"].get<std::string>(); }

// Runs Work until idle, recording measured_real_us after every slice; returns the number of slices.
int RunAll(Lab& lab, uint64_t budget = 1ull << 32, TimeUs measured_real_us = 0) {
  int slices = 0;
  for (;;) {
    const size_t pending = lab.Work(budget);
    lab.RecordWorkTime(measured_real_us);
    if (pending == 0 || slices > 100000) break;
    ++slices;
  }
  return slices + 1;
}

std::string Tick(const std::string& symbol, const std::string& change) {
  return "{\"ticker_symbol\":\"" + symbol + "\",\"sector\":\"TECH\",\"change\":" + change + ",\"price\":10.5}\n";
}

// A lab with a results bucket, a data bucket holding `objects` objects of ticks, and table default.ticks.
struct TicksLab {
  Lab lab{test::EmptyLab()};
  uint64_t total_bytes = 0;
  std::vector<std::string> keys;

  explicit TicksLab(int objects = 3) {
    Ok(lab, "S3", "CreateBucket", {{"Bucket", "query-results"}});
    Ok(lab, "S3", "CreateBucket", {{"Bucket", "data"}});
    for (int i = 0; i < objects; ++i) {
      std::string body = Tick("AMZN", "1.5") + Tick("TBV", "-2.25");
      if (i == 0) body += "{\"ticker_symbol\":\"A\\\"B\"}\n";  // a quote in a value; NULL change and price
      const std::string key = "stocks/2026/03/14/09/obj-" + std::to_string(i);
      lab.s3().PutObject("data", key, body, lab.now());
      keys.push_back(key);
      total_bytes += body.size();
    }
    const std::string ddl =
        "CREATE EXTERNAL TABLE ticks (ticker_symbol string, sector string, change double, price double) "
        "ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://data/stocks/'";
    const std::string id = Start(lab, ddl);
    RunAll(lab);
    EXPECT_EQ(State(lab, id), "SUCCEEDED") << DumpJson(Execution(lab, id));
  }
};

TEST(AthenaServiceTest, LifecycleOverWorkSlices) {
  TicksLab t(40);
  const TimeUs submitted = t.lab.now();
  const std::string id = Start(t.lab, "SELECT ticker_symbol, count(*) AS n FROM ticks GROUP BY ticker_symbol");
  Json e = Execution(t.lab, id);
  EXPECT_EQ(e["Status"]["State"], "QUEUED");
  EXPECT_EQ(e["StatementType"], "DML");
  EXPECT_EQ(e["Status"]["SubmissionDateTime"], ToEpochSeconds(submitted));
  EXPECT_FALSE(e["Status"].contains("CompletionDateTime"));
  EXPECT_EQ(e["ResultConfiguration"]["OutputLocation"], std::string(kResults) + id + ".csv");
  EXPECT_EQ(e["WorkGroup"], "primary");
  EXPECT_EQ(e["QueryExecutionContext"]["Database"], "default");
  EXPECT_EQ(e["EngineVersion"]["EffectiveEngineVersion"], "Athena engine version 3");
  EXPECT_EQ(Err(t.lab, "Athena", "GetQueryResults", {{"QueryExecutionId", id}}).message,
            "Query has not yet finished. Current state: QUEUED");

  // Nothing happens without Work, however much simulated time passes.
  t.lab.Advance(10 * kUsPerSecond);
  EXPECT_EQ(State(t.lab, id), "QUEUED");

  // One slice with a tiny budget: RUNNING, not done.
  EXPECT_GT(t.lab.Work(1), 0u);
  t.lab.RecordWorkTime(2 * kUsPerMs);
  EXPECT_EQ(State(t.lab, id), "RUNNING");
  EXPECT_EQ(Err(t.lab, "Athena", "GetQueryResults", {{"QueryExecutionId", id}}).message,
            "Query has not yet finished. Current state: RUNNING");
  int slices = 1;
  for (;;) {
    t.lab.Advance(kUsPerSecond);
    ++slices;
    const size_t pending = t.lab.Work(1);
    t.lab.RecordWorkTime(2 * kUsPerMs);
    if (pending == 0) break;
    ASSERT_LT(slices, 1000);
  }
  EXPECT_GE(slices, 40);  // at least one slice per object parsed
  e = Execution(t.lab, id);
  ASSERT_EQ(e["Status"]["State"], "SUCCEEDED") << DumpJson(e);
  EXPECT_EQ(e["Status"]["CompletionDateTime"], ToEpochSeconds(t.lab.now()));
  const Json& s = e["Statistics"];
  EXPECT_EQ(s["EngineExecutionTimeInMillis"], 2.0 * slices);  // exactly the real time recorded for its slices
  EXPECT_EQ(s["QueryPlanningTimeInMillis"], 2.0);
  EXPECT_EQ(s["QueryQueueTimeInMillis"], 10000.0);
  EXPECT_EQ(s["DataScannedInBytes"], t.total_bytes);
  EXPECT_GE(s["TotalExecutionTimeInMillis"].get<double>(), 10000.0 + 1000.0 * (slices - 1));
  EXPECT_EQ(t.lab.Work(1000), 0u);  // idle
}

// [SECTION] measured work time: Lab::RecordWorkTime charges what the caller measured around the last Work call.

const QueryExecution& Exec(Lab& lab, const std::string& id) {
  const QueryExecution* e = lab.athena().FindExecution(id);
  EXPECT_NE(e, nullptr) << id;
  static const QueryExecution kNone;
  return e ? *e : kNone;
}

TEST(AthenaServiceTest, RecordWorkTimeChargesExactlyTheMeasuredTime) {
  TicksLab t(3);
  const std::string id = Start(t.lab, "SELECT count(*) FROM ticks");
  EXPECT_EQ(t.lab.Work(1ull << 30), 0u);  // one slice does it all
  ASSERT_EQ(State(t.lab, id), "SUCCEEDED");
  EXPECT_EQ(Exec(t.lab, id).engine_real_us, 0);  // Work alone charges nothing: no assumed time
  const uint64_t generation = t.lab.generation();
  t.lab.RecordWorkTime(12'345);
  EXPECT_GT(t.lab.generation(), generation);  // the statistics changed: the UI must refresh them
  EXPECT_EQ(Exec(t.lab, id).engine_real_us, 12'345);
  EXPECT_EQ(Exec(t.lab, id).planning_real_us, 12'345);  // its only slice was its first
  const Json s = Execution(t.lab, id)["Statistics"];
  EXPECT_EQ(s["EngineExecutionTimeInMillis"], 12.0);
  EXPECT_EQ(s["QueryPlanningTimeInMillis"], 12.0);
  // A second record for the same Work call changes nothing.
  const uint64_t after = t.lab.generation();
  t.lab.RecordWorkTime(50'000);
  EXPECT_EQ(Exec(t.lab, id).engine_real_us, 12'345);
  EXPECT_EQ(t.lab.generation(), after);
}

TEST(AthenaServiceTest, OneSlicesTimeIsSharedByUnits) {
  TicksLab t(1);
  // A DDL statement costs kDdlUnits; a SELECT on a missing table fails in translation for kUnitsPerRow units.
  const std::string ddl = Start(t.lab, "CREATE DATABASE IF NOT EXISTS other");
  const std::string bad = Start(t.lab, "SELECT * FROM no_such_table");
  EXPECT_EQ(t.lab.Work(1ull << 30), 0u);
  ASSERT_EQ(State(t.lab, ddl), "SUCCEEDED");
  ASSERT_EQ(State(t.lab, bad), "FAILED");
  const TimeUs per_unit_us = 7;
  t.lab.RecordWorkTime(static_cast<TimeUs>(AthenaService::kDdlUnits + kUnitsPerRow) * per_unit_us);
  EXPECT_EQ(Exec(t.lab, ddl).engine_real_us, static_cast<TimeUs>(AthenaService::kDdlUnits) * per_unit_us);
  EXPECT_EQ(Exec(t.lab, bad).engine_real_us, static_cast<TimeUs>(kUnitsPerRow) * per_unit_us);
  // Shares that do not divide evenly still add up to exactly the measured time (the last one takes the rest).
  const std::string a = Start(t.lab, "CREATE DATABASE IF NOT EXISTS a1");
  const std::string b = Start(t.lab, "CREATE DATABASE IF NOT EXISTS b1");
  const std::string c = Start(t.lab, "CREATE DATABASE IF NOT EXISTS c1");
  EXPECT_EQ(t.lab.Work(1ull << 30), 0u);
  t.lab.RecordWorkTime(1'000);
  EXPECT_EQ(Exec(t.lab, a).engine_real_us, 333);
  EXPECT_EQ(Exec(t.lab, b).engine_real_us, 333);
  EXPECT_EQ(Exec(t.lab, c).engine_real_us, 334);
  EXPECT_EQ(Exec(t.lab, ddl).engine_real_us, static_cast<TimeUs>(AthenaService::kDdlUnits) * per_unit_us);  // not in it
}

TEST(AthenaServiceTest, RecordWorkTimeWithNothingWorkedChangesNothing) {
  TicksLab t(1);
  const std::string id = Start(t.lab, "SELECT count(*) FROM ticks");
  // Before any Work on this query: the DDL's slice was already recorded by RunAll, nothing is pending.
  t.lab.RecordWorkTime(9'000);
  EXPECT_EQ(Exec(t.lab, id).engine_real_us, 0);
  EXPECT_EQ(t.lab.Work(1ull << 30), 0u);
  t.lab.RecordWorkTime(2'000);
  ASSERT_EQ(Exec(t.lab, id).engine_real_us, 2'000);
  // An idle Work worked on nothing: what is recorded after it goes nowhere, even if the previous call's time was
  // never recorded.
  const std::string second = Start(t.lab, "SELECT 1");
  EXPECT_EQ(t.lab.Work(1ull << 30), 0u);  // worked `second`, time not recorded
  EXPECT_EQ(t.lab.Work(1ull << 30), 0u);  // idle
  const uint64_t generation = t.lab.generation();
  t.lab.RecordWorkTime(5'000);
  EXPECT_EQ(Exec(t.lab, id).engine_real_us, 2'000);
  EXPECT_EQ(Exec(t.lab, second).engine_real_us, 0);
  EXPECT_EQ(t.lab.generation(), generation);
  t.lab.RecordWorkTime(0);  // zero and negative measurements charge nothing either
  t.lab.RecordWorkTime(-1);
  EXPECT_EQ(Exec(t.lab, id).engine_real_us, 2'000);
}

TEST(AthenaServiceTest, RecordWorkTimeSkipsAnExecutionDroppedSinceItsSlice) {
  Lab lab(test::EmptyLab());
  Ok(lab, "S3", "CreateBucket", {{"Bucket", "query-results"}});
  const std::string first = Start(lab, "SELECT 1");
  EXPECT_EQ(lab.Work(1ull << 20), 0u);
  ASSERT_EQ(State(lab, first), "SUCCEEDED");
  // 1000 more queued executions: the 1001st start drops `first`, the oldest finished one.
  std::vector<std::string> queued;
  for (size_t i = 0; i < AthenaService::kMaxExecutions; ++i) queued.push_back(Start(lab, "SELECT 2"));
  ASSERT_EQ(lab.athena().FindExecution(first), nullptr);
  const uint64_t generation = lab.generation();
  lab.RecordWorkTime(40'000);  // the time of the slice that worked `first`: nobody left to charge
  EXPECT_EQ(lab.generation(), generation);
  for (const std::string& id : {queued.front(), queued.back()}) {
    EXPECT_EQ(Exec(lab, id).engine_real_us, 0);
    EXPECT_EQ(Exec(lab, id).planning_real_us, 0);
  }
}

TEST(AthenaServiceTest, PlanningTimeIsTheFirstSlicesMeasuredTime) {
  TicksLab t(20);
  const std::string id = Start(t.lab, "SELECT ticker_symbol, count(*) FROM ticks GROUP BY 1");
  ASSERT_GT(t.lab.Work(1), 0u);
  t.lab.RecordWorkTime(3'000);
  ASSERT_EQ(State(t.lab, id), "RUNNING");
  ASSERT_GT(t.lab.Work(1), 0u);
  t.lab.RecordWorkTime(5'500);
  TimeUs expected_us = 3'000 + 5'500;
  for (int i = 0; i < 1000; ++i) {
    const size_t pending = t.lab.Work(1);
    t.lab.RecordWorkTime(1'000);
    expected_us += 1'000;
    if (pending == 0) break;
  }
  ASSERT_EQ(State(t.lab, id), "SUCCEEDED");
  EXPECT_EQ(Exec(t.lab, id).planning_real_us, 3'000);
  EXPECT_EQ(Exec(t.lab, id).engine_real_us, expected_us);
  const Json s = Execution(t.lab, id)["Statistics"];
  EXPECT_EQ(s["QueryPlanningTimeInMillis"], 3.0);
  EXPECT_EQ(s["EngineExecutionTimeInMillis"], static_cast<double>(expected_us / kUsPerMs));
}

TEST(AthenaServiceTest, StopCancelsAtOnceAndWorkSkipsIt) {
  TicksLab t(20);
  const std::string id = Start(t.lab, "SELECT count(*) FROM ticks");
  t.lab.Work(1);
  ASSERT_EQ(State(t.lab, id), "RUNNING");
  t.lab.Advance(kUsPerSecond);
  Ok(t.lab, "Athena", "StopQueryExecution", {{"QueryExecutionId", id}});
  Json e = Execution(t.lab, id);
  EXPECT_EQ(e["Status"]["State"], "CANCELLED");
  EXPECT_EQ(e["Status"]["CompletionDateTime"], ToEpochSeconds(t.lab.now()));
  const uint64_t generation = t.lab.generation();
  EXPECT_EQ(t.lab.Work(1ull << 30), 0u);
  EXPECT_EQ(t.lab.generation(), generation);
  EXPECT_EQ(State(t.lab, id), "CANCELLED");
  EXPECT_EQ(Err(t.lab, "Athena", "GetQueryResults", {{"QueryExecutionId", id}})
                .message.rfind("Query did not finish successfully. Final query state: CANCELLED", 0),
            0u);
  EXPECT_FALSE(t.lab.s3().GetObject("query-results", "athena/" + id + ".csv").ok());
  // Stopping again is fine and changes nothing.
  Ok(t.lab, "Athena", "StopQueryExecution", {{"QueryExecutionId", id}});
  EXPECT_EQ(t.lab.generation(), generation);
}

TEST(AthenaServiceTest, FailedQueryKeepsAthenasText) {
  TicksLab t(1);
  const std::string id = Start(t.lab, "SELECT * FROM nope");
  EXPECT_EQ(State(t.lab, id), "QUEUED");  // the API call succeeds; the execution fails when it runs
  RunAll(t.lab);
  Json e = Execution(t.lab, id);
  ASSERT_EQ(e["Status"]["State"], "FAILED");
  const std::string reason = "TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.default.nope' does not exist";
  EXPECT_EQ(e["Status"]["StateChangeReason"], reason);
  EXPECT_EQ(e["Status"]["AthenaError"]["ErrorCategory"], 2);
  EXPECT_EQ(e["Status"]["AthenaError"]["ErrorType"], 1006);
  EXPECT_EQ(e["Status"]["AthenaError"]["Retryable"], false);
  EXPECT_EQ(e["Status"]["AthenaError"]["ErrorMessage"], reason);
  EXPECT_EQ(e["Statistics"]["DataScannedInBytes"], 0);
  ApiError err = Err(t.lab, "Athena", "GetQueryResults", {{"QueryExecutionId", id}});
  EXPECT_EQ(err.code, "InvalidRequestException");
  EXPECT_EQ(err.message, "Query did not finish successfully. Final query state: FAILED\n" + reason);
}

TEST(AthenaServiceTest, ResultFilesAreWrittenAsAthenaWritesThem) {
  TicksLab t(1);
  const std::string id = Start(t.lab, "SELECT ticker_symbol, change FROM ticks ORDER BY ticker_symbol");
  RunAll(t.lab);
  ASSERT_EQ(State(t.lab, id), "SUCCEEDED");
  auto csv = t.lab.s3().GetObject("query-results", "athena/" + id + ".csv");
  ASSERT_TRUE(csv.ok());
  EXPECT_EQ(*csv.value()->body,
            "\"ticker_symbol\",\"change\"\n"
            "\"A\"\"B\",\n"
            "\"AMZN\",\"1.5\"\n"
            "\"TBV\",\"-2.25\"\n");
  auto metadata = t.lab.s3().GetObject("query-results", "athena/" + id + ".csv.metadata");
  ASSERT_TRUE(metadata.ok());
  auto meta = ParseJson(*metadata.value()->body);
  ASSERT_TRUE(meta && (*meta)["ColumnInfo"].size() == 2u);
  EXPECT_EQ((*meta)["ColumnInfo"][1]["Name"], "change");
  EXPECT_EQ((*meta)["ColumnInfo"][1]["Type"], "double");
}

TEST(AthenaServiceTest, CsvQuotingAndTxtLayout) {
  std::vector<SqlColumnInfo> columns = {{"a", "varchar"}, {"b", "bigint"}};
  std::vector<ResultRow> rows = {{std::string("x,y"), std::string("1")}, {std::nullopt, std::string("")}};
  EXPECT_EQ(ResultCsv(columns, rows), "\"a\",\"b\"\n\"x,y\",\"1\"\n,\"\"\n");
  EXPECT_EQ(ResultCsv(columns, {}), "\"a\",\"b\"\n");
  EXPECT_EQ(ResultTxt({{std::string("t1")}, {std::string("t2")}}), "t1\nt2\n");
  EXPECT_EQ(ResultTxt({{std::string("a"), std::nullopt, std::string("c")}}), "a\t\tc\n");
}

TEST(AthenaServiceTest, DdlChangesTheCatalogOnlyWhenItRuns) {
  Lab lab(test::EmptyLab());
  Ok(lab, "S3", "CreateBucket", {{"Bucket", "query-results"}});
  const std::string ddl =
      "CREATE EXTERNAL TABLE `stock_ticks` (`ticker_symbol` string, `change` double) "
      "ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://query-results/stocks/'";
  const std::string id = Start(lab, ddl);
  EXPECT_EQ(Execution(lab, id)["StatementType"], "DDL");
  EXPECT_EQ(Execution(lab, id)["ResultConfiguration"]["OutputLocation"], std::string(kResults) + id + ".txt");
  EXPECT_TRUE(Ok(lab, "Glue", "GetTables", {{"DatabaseName", "default"}})["TableList"].empty());
  RunAll(lab);
  ASSERT_EQ(State(lab, id), "SUCCEEDED") << DumpJson(Execution(lab, id));
  Json tables = Ok(lab, "Glue", "GetTables", {{"DatabaseName", "default"}})["TableList"];
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0]["Name"], "stock_ticks");
  Json results = Ok(lab, "Athena", "GetQueryResults", {{"QueryExecutionId", id}});
  EXPECT_TRUE(results["ResultSet"]["Rows"].empty());  // no header row for DDL
  EXPECT_FALSE(results.contains("UpdateCount"));
  EXPECT_TRUE(lab.s3().GetObject("query-results", "athena/" + id + ".txt").ok());

  // The same DDL again fails and changes nothing.
  const uint64_t glue_generation = lab.glue().generation();
  const std::string again = Start(lab, ddl);
  RunAll(lab);
  EXPECT_EQ(State(lab, again), "FAILED");
  EXPECT_EQ(Execution(lab, again)["Status"]["AthenaError"]["ErrorCategory"], 2);
  EXPECT_EQ(lab.glue().generation(), glue_generation);
  EXPECT_FALSE(lab.s3().GetObject("query-results", "athena/" + again + ".txt").ok());

  // SHOW TABLES is a utility statement with rows and no header.
  const std::string show = Start(lab, "SHOW TABLES");
  RunAll(lab);
  ASSERT_EQ(State(lab, show), "SUCCEEDED");
  EXPECT_EQ(Execution(lab, show)["StatementType"], "UTILITY");
  Json rows = Ok(lab, "Athena", "GetQueryResults", {{"QueryExecutionId", show}})["ResultSet"]["Rows"];
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["Data"][0]["VarCharValue"], "stock_ticks");
  EXPECT_EQ(*lab.s3().GetObject("query-results", "athena/" + show + ".txt").value()->body, "stock_ticks\n");
}

TEST(AthenaServiceTest, StatementsThatWouldChangeThingsFailAndChangeNothing) {
  TicksLab t(1);
  const uint64_t glue_generation = t.lab.glue().generation();
  for (const char* sql : {"SELECT * FROM ticks; DROP TABLE ticks", "ATTACH DATABASE ':memory:' AS x",
                          "PRAGMA case_sensitive_like=0", "SELECT * FROM sqlite_master"}) {
    const std::string id = Start(t.lab, sql);
    RunAll(t.lab);
    EXPECT_EQ(State(t.lab, id), "FAILED") << sql;
    EXPECT_FALSE(t.lab.s3().GetObject("query-results", "athena/" + id + ".csv").ok()) << sql;
  }
  EXPECT_EQ(t.lab.glue().generation(), glue_generation);
  EXPECT_NE(t.lab.glue().FindTable("default", "ticks"), nullptr);
  const std::string after = Start(t.lab, "SELECT count(*) FROM ticks");
  RunAll(t.lab);
  EXPECT_EQ(State(t.lab, after), "SUCCEEDED");
}

TEST(AthenaServiceTest, OutputLocationIsRequiredAndItsBucketMustExist) {
  Lab lab(test::EmptyLab());
  const uint64_t generation = lab.generation();
  ApiError e = Err(lab, "Athena", "StartQueryExecution", {{"QueryString", "SELECT 1"}});
  EXPECT_EQ(e.code, "InvalidRequestException");
  EXPECT_EQ(e.message,
            "No output location provided. An output location is required either through the Workgroup result "
            "configuration setting or as an API input.");
  e = Err(lab, "Athena", "StartQueryExecution",
          {{"QueryString", "SELECT 1"}, {"ResultConfiguration", {{"OutputLocation", "s3://no-such-bucket/x/"}}}});
  EXPECT_EQ(e.code, "InvalidRequestException");
  EXPECT_EQ(e.message, "Unable to verify/create output bucket no-such-bucket");
  EXPECT_EQ(lab.generation(), generation);
  EXPECT_TRUE(Ok(lab, "Athena", "ListQueryExecutions", Json::object())["QueryExecutionIds"].empty());

  // The bucket disappears while the query waits: the execution fails with the same text.
  Ok(lab, "S3", "CreateBucket", {{"Bucket", "query-results"}});
  const std::string id = Start(lab, "SELECT 1");
  Ok(lab, "S3", "DeleteBucket", {{"Bucket", "query-results"}});
  RunAll(lab);
  Json x = Execution(lab, id);
  EXPECT_EQ(x["Status"]["State"], "FAILED");
  EXPECT_EQ(x["Status"]["StateChangeReason"], "Unable to verify/create output bucket query-results");
}

TEST(AthenaServiceTest, ClientRequestTokenMakesStartIdempotent) {
  TicksLab t(1);
  Json request = {{"QueryString", "SELECT count(*) FROM ticks"},
                  {"ClientRequestToken", std::string(32, 'k')},
                  {"ResultConfiguration", {{"OutputLocation", kResults}}}};
  const std::string a = Ok(t.lab, "Athena", "StartQueryExecution", request)["QueryExecutionId"];
  const std::string b = Ok(t.lab, "Athena", "StartQueryExecution", request)["QueryExecutionId"];
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.size(), 36u);
  request["ClientRequestToken"] = std::string(32, 'j');
  EXPECT_NE(Ok(t.lab, "Athena", "StartQueryExecution", request)["QueryExecutionId"], a);
  EXPECT_EQ(Ok(t.lab, "Athena", "ListQueryExecutions", Json::object())["QueryExecutionIds"].size(), 3u);  // + DDL
  request["ClientRequestToken"] = std::string(31, 'j');
  EXPECT_EQ(Err(t.lab, "Athena", "StartQueryExecution", request).code, "ValidationException");
}

TEST(AthenaServiceTest, BytesScannedCutoffCancelsTheQuery) {
  Lab lab(test::EmptyLab());
  Ok(lab, "S3", "CreateBucket", {{"Bucket", "query-results"}});
  Ok(lab, "S3", "CreateBucket", {{"Bucket", "data"}});
  // 11 objects of ~1 MB: over the 10,000,000-byte minimum cutoff.
  std::string body;
  while (body.size() < 1000000) body += Tick("AMZN", "1.25");
  for (int i = 0; i < 11; ++i) lab.s3().PutObject("data", "big/o" + std::to_string(i), body, lab.now());
  Ok(lab, "Athena", "CreateWorkGroup",
     {{"Name", "capped"},
      {"Configuration",
       {{"ResultConfiguration", {{"OutputLocation", kResults}}}, {"BytesScannedCutoffPerQuery", 10000000}}}});
  Json ddl = {{"QueryString",
               "CREATE EXTERNAL TABLE big (ticker_symbol string, change double) ROW FORMAT SERDE "
               "'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://data/big/'"},
              {"WorkGroup", "capped"}};
  Ok(lab, "Athena", "StartQueryExecution", ddl);
  RunAll(lab);
  const std::string id = Ok(lab, "Athena", "StartQueryExecution",
                            {{"QueryString", "SELECT count(*) FROM big"}, {"WorkGroup", "capped"}})["QueryExecutionId"];
  RunAll(lab, 4000000);
  Json e = Execution(lab, id);
  EXPECT_EQ(e["Status"]["State"], "FAILED");
  EXPECT_EQ(e["Status"]["StateChangeReason"], "Query cancelled! : Bytes scanned limit was exceeded");
  EXPECT_GT(e["Statistics"]["DataScannedInBytes"].get<uint64_t>(), 10000000u);
  EXPECT_EQ(e["Statistics"]["DataScannedInBytes"], 10u * body.size());  // stopped after the object that crossed it
  // Under the cutoff (10 objects) the same query succeeds.
  lab.s3().DeleteObject("data", "big/o10");
  lab.s3().DeleteObject("data", "big/o9");
  const std::string ok = Ok(lab, "Athena", "StartQueryExecution",
                            {{"QueryString", "SELECT count(*) FROM big"}, {"WorkGroup", "capped"}})["QueryExecutionId"];
  RunAll(lab, 4000000);
  EXPECT_EQ(State(lab, ok), "SUCCEEDED") << DumpJson(Execution(lab, ok));
  EXPECT_EQ(Execution(lab, ok)["Statistics"]["DataScannedInBytes"], 9u * body.size());
}

TEST(AthenaServiceTest, KeepsTheLastThousandExecutions) {
  Lab lab(test::EmptyLab());
  Ok(lab, "S3", "CreateBucket", {{"Bucket", "query-results"}});
  std::string first;
  for (int i = 0; i < 1001; ++i) {
    const std::string id = Start(lab, "SELECT 1");
    if (i == 0) first = id;
    lab.Work(1ull << 20);
  }
  ApiError e = Err(lab, "Athena", "GetQueryExecution", {{"QueryExecutionId", first}});
  EXPECT_EQ(e.code, "InvalidRequestException");
  EXPECT_EQ(e.message, "QueryExecution " + first + " was not found");
  size_t total = 0;
  Json request = {{"MaxResults", 50}};
  for (;;) {
    Json page = Ok(lab, "Athena", "ListQueryExecutions", request);
    total += page["QueryExecutionIds"].size();
    if (!page.contains("NextToken")) break;
    request["NextToken"] = page["NextToken"];
  }
  EXPECT_EQ(total, AthenaService::kMaxExecutions);
}

}  // namespace
}  // namespace fhl
