// athena_api_test.cpp: Athena's JSON shapes through Lab::Call (results paging with the header row, NULLs, errors,
// work groups, named queries) and the lab flow end to end: demo data -> S3 -> CREATE EXTERNAL TABLE -> SELECT,
// checked against a direct computation from the objects, plus the missing-delimiter pitfall and pruning.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "core/object_store.h"
#include "test_util.h"

namespace fhl {
namespace {

using test::Err;
using test::Ok;

std::string Start(Lab& lab, const std::string& sql, const std::string& output) {
  Json request = {{"QueryString", sql},
                  {"QueryExecutionContext", {{"Database", "default"}, {"Catalog", "AwsDataCatalog"}}},
                  {"ResultConfiguration", {{"OutputLocation", output}}}};
  return Ok(lab, "Athena", "StartQueryExecution", request)["QueryExecutionId"].get<std::string>();
}

Json Execution(Lab& lab, const std::string& id) {
  return Ok(lab, "Athena", "GetQueryExecution", {{"QueryExecutionId", id}})["QueryExecution"];
}

// Runs the query to its end in frame-sized slices and returns the execution.
Json RunQuery(Lab& lab, const std::string& sql, const std::string& output) {
  const std::string id = Start(lab, sql, output);
  for (int i = 0; i < 100000 && lab.Work(256 * 1024) > 0; ++i) {
  }
  return Execution(lab, id);
}

// Every result row (all pages, header row included) as strings; "<null>" for a Data entry without VarCharValue.
std::vector<std::vector<std::string>> AllRows(Lab& lab, const std::string& id, int page_size = 1000) {
  std::vector<std::vector<std::string>> out;
  Json request = {{"QueryExecutionId", id}, {"MaxResults", page_size}};
  for (;;) {
    Json page = Ok(lab, "Athena", "GetQueryResults", request);
    for (const Json& row : page["ResultSet"]["Rows"]) {
      std::vector<std::string> values;
      for (const Json& d : row["Data"])
        values.push_back(d.contains("VarCharValue") ? d["VarCharValue"].get<std::string>() : "<null>");
      out.push_back(std::move(values));
    }
    if (!page.contains("NextToken")) return out;
    request["NextToken"] = page["NextToken"];
  }
}

struct Totals {
  std::map<std::string, double> change;
  std::map<std::string, int64_t> count;
  uint64_t bytes = 0;
  size_t objects = 0;
  int64_t records = 0;
};

// What the objects under bucket/prefix hold, read directly (one JSON document per line).
Totals ReadObjects(Lab& lab, const std::string& bucket, const std::string& prefix) {
  Totals t;
  const Bucket* b = lab.s3().FindBucket(bucket);
  for (const auto& [key, object] : b->objects) {
    if (key.rfind(prefix, 0) != 0) continue;
    ++t.objects;
    t.bytes += object.size();
    const std::string& body = *object.body;
    for (size_t pos = 0; pos < body.size();) {
      size_t nl = body.find('\n', pos);
      if (nl == std::string::npos) nl = body.size();
      auto record = ParseJson(std::string_view(body).substr(pos, nl - pos));
      pos = nl + 1;
      if (!record) continue;
      const std::string symbol = (*record)["ticker_symbol"].get<std::string>();
      t.change[symbol] += (*record)["change"].get<double>();
      ++t.count[symbol];
      ++t.records;
    }
  }
  return t;
}

const char* kTicksColumns = "(ticker_symbol string, sector string, change double, price double)";

std::string CreateTable(const std::string& name, const std::string& location, const std::string& extra = "") {
  return std::string("CREATE EXTERNAL TABLE ") + name + " " + kTicksColumns + extra +
         " ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION '" + location + "'";
}

// [SECTION] the lab flow

TEST(AthenaApiTest, LabFlowSumOfChangePerTickerMatchesTheObjects) {
  Lab lab;
  const std::string bucket = lab.lab_bucket_name();
  const std::string output = "s3://" + bucket + "/athena-results/";
  Ok(lab, "Lab", "StartDemoData",
     {{"DeliveryStreamName", lab.lab_stream_name()}, {"Seed", 5}, {"RecordsPerSecond", 20}});
  lab.Advance(5 * kUsPerMinute);
  Ok(lab, "Lab", "StopDemoData", {{"DeliveryStreamName", lab.lab_stream_name()}});
  lab.Advance(2 * kUsPerMinute);
  const Totals expected = ReadObjects(lab, bucket, "stocks/");
  ASSERT_GE(expected.objects, 5u);
  ASSERT_GE(expected.records, 5 * 60 * 20);  // 20 a second for 5 minutes (both ends included)

  Json ddl = RunQuery(lab, CreateTable("stock_ticks", "s3://" + bucket + "/stocks/"), output);
  ASSERT_EQ(ddl["Status"]["State"], "SUCCEEDED") << DumpJson(ddl);
  Json tables = Ok(lab, "Glue", "GetTables", {{"DatabaseName", "default"}})["TableList"];
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0]["Name"], "stock_ticks");

  Json e = RunQuery(lab,
                    "SELECT ticker_symbol, sum(change) AS total_change, count(*) AS n FROM stock_ticks "
                    "GROUP BY ticker_symbol ORDER BY ticker_symbol",
                    output);
  ASSERT_EQ(e["Status"]["State"], "SUCCEEDED") << DumpJson(e);
  EXPECT_EQ(e["Statistics"]["DataScannedInBytes"], expected.bytes);
  EXPECT_EQ(e["QueryExecutionContext"]["Catalog"], "AwsDataCatalog");
  const std::string id = e["QueryExecutionId"];
  auto rows = AllRows(lab, id);
  ASSERT_EQ(rows.size(), expected.change.size() + 1);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"ticker_symbol", "total_change", "n"}));
  size_t i = 1;
  for (const auto& [symbol, change] : expected.change) {
    EXPECT_EQ(rows[i][0], symbol);
    EXPECT_NEAR(std::stod(rows[i][1]), change, 1e-6) << symbol;
    EXPECT_EQ(rows[i][2], std::to_string(expected.count.at(symbol))) << symbol;
    ++i;
  }
  Json meta = Ok(lab, "Athena", "GetQueryResults", {{"QueryExecutionId", id}})["ResultSet"]["ResultSetMetadata"];
  ASSERT_EQ(meta["ColumnInfo"].size(), 3u);
  EXPECT_EQ(meta["ColumnInfo"][0]["Type"], "varchar");
  EXPECT_EQ(meta["ColumnInfo"][0]["CatalogName"], "hive");
  EXPECT_EQ(meta["ColumnInfo"][0]["Nullable"], "UNKNOWN");
  EXPECT_EQ(meta["ColumnInfo"][0]["CaseSensitive"], true);
  EXPECT_EQ(meta["ColumnInfo"][1]["Type"], "double");
  EXPECT_EQ(meta["ColumnInfo"][2]["Type"], "bigint");
  EXPECT_EQ(meta["ColumnInfo"][2]["Precision"], 19);
  // The result file holds the same rows.
  auto csv = lab.s3().GetObject(bucket, "athena-results/" + id + ".csv");
  ASSERT_TRUE(csv.ok());
  EXPECT_EQ(csv.value()->body->rfind("\"ticker_symbol\",\"total_change\",\"n\"\n", 0), 0u);
  EXPECT_EQ(static_cast<size_t>(std::count(csv.value()->body->begin(), csv.value()->body->end(), '\n')), rows.size());

  // "$path" names each object read.
  Json paths = RunQuery(lab, "SELECT count(DISTINCT \"$path\"), min(\"$path\") FROM stock_ticks", output);
  ASSERT_EQ(paths["Status"]["State"], "SUCCEEDED") << DumpJson(paths);
  auto path_rows = AllRows(lab, paths["QueryExecutionId"]);
  EXPECT_EQ(path_rows[1][0], std::to_string(expected.objects));
  EXPECT_EQ(path_rows[1][1].rfind("s3://" + bucket + "/stocks/2026/01/01/00/ie-tech-mba-stream-1-2026-01-01-00-", 0),
            0u);
}

// Firehose without AppendDelimiterToRecord concatenates JSON records on one line: OpenX reads one row per object.
TEST(AthenaApiTest, WithoutANewlineDelimiterCountIsTheNumberOfObjects) {
  Lab lab(test::EmptyLab());
  test::MakeStream(lab, "no-newline", "pitfall-bucket", 1, 60, "stocks/", /*newline=*/false);
  Ok(lab, "Lab", "StartDemoData", {{"DeliveryStreamName", "no-newline"}, {"Seed", 3}, {"RecordsPerSecond", 10}});
  lab.Advance(4 * kUsPerMinute + 30 * kUsPerSecond);
  Ok(lab, "Lab", "StopDemoData", {{"DeliveryStreamName", "no-newline"}});
  lab.Advance(2 * kUsPerMinute);
  const Bucket* b = lab.s3().FindBucket("pitfall-bucket");
  size_t objects = 0;
  for (const auto& [key, object] : b->objects) objects += key.rfind("stocks/", 0) == 0 ? 1 : 0;
  ASSERT_GE(objects, 4u);
  const std::string output = "s3://pitfall-bucket/results/";
  ASSERT_EQ(RunQuery(lab, CreateTable("ticks", "s3://pitfall-bucket/stocks/"), output)["Status"]["State"], "SUCCEEDED");
  Json e = RunQuery(lab, "SELECT count(*) FROM ticks", output);
  ASSERT_EQ(e["Status"]["State"], "SUCCEEDED") << DumpJson(e);
  auto rows = AllRows(lab, e["QueryExecutionId"]);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0], "_col0");
  EXPECT_EQ(rows[1][0], std::to_string(objects));
}

// A projected datehour partition: a constraint on it reads only that hour's objects.
TEST(AthenaApiTest, PartitionProjectionPrunesDataScanned) {
  Lab lab;
  const std::string bucket = lab.lab_bucket_name();
  const std::string output = "s3://" + bucket + "/athena-results/";
  Ok(lab, "Lab", "StartDemoData",
     {{"DeliveryStreamName", lab.lab_stream_name()}, {"Seed", 8}, {"RecordsPerSecond", 2}});
  lab.Advance(75 * kUsPerMinute);  // 00:00 -> 01:15: objects in hours 00 and 01
  const Totals all = ReadObjects(lab, bucket, "stocks/");
  const Totals hour0 = ReadObjects(lab, bucket, "stocks/2026/01/01/00/");
  ASSERT_GT(all.bytes, hour0.bytes);
  ASSERT_GT(hour0.bytes, 0u);
  const std::string projected =
      " PARTITIONED BY (datehour string)"
      " ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://" +
      bucket +
      "/stocks/' TBLPROPERTIES ('projection.enabled'='true', 'projection.datehour.type'='date', "
      "'projection.datehour.format'='yyyy/MM/dd/HH', 'projection.datehour.range'='2026/01/01/00,NOW', "
      "'projection.datehour.interval'='1', 'projection.datehour.interval.unit'='HOURS', "
      "'storage.location.template'='s3://" +
      bucket + "/stocks/${datehour}/')";
  Json ddl = RunQuery(lab, std::string("CREATE EXTERNAL TABLE ticks_by_hour ") + kTicksColumns + projected, output);
  ASSERT_EQ(ddl["Status"]["State"], "SUCCEEDED") << DumpJson(ddl);

  Json pruned = RunQuery(lab, "SELECT count(*) FROM ticks_by_hour WHERE datehour = '2026/01/01/00'", output);
  ASSERT_EQ(pruned["Status"]["State"], "SUCCEEDED") << DumpJson(pruned);
  EXPECT_EQ(pruned["Statistics"]["DataScannedInBytes"], hour0.bytes);
  EXPECT_EQ(AllRows(lab, pruned["QueryExecutionId"])[1][0], std::to_string(hour0.records));

  Json everything = RunQuery(lab, "SELECT count(*) FROM ticks_by_hour", output);
  ASSERT_EQ(everything["Status"]["State"], "SUCCEEDED") << DumpJson(everything);
  EXPECT_EQ(everything["Statistics"]["DataScannedInBytes"], all.bytes);
  EXPECT_EQ(AllRows(lab, everything["QueryExecutionId"])[1][0], std::to_string(all.records));
}

// [SECTION] results shapes

struct SmallLab {
  Lab lab{test::EmptyLab()};
  const std::string output = "s3://results/q/";
  SmallLab() {
    Ok(lab, "S3", "CreateBucket", {{"Bucket", "results"}});
    Ok(lab, "S3", "CreateBucket", {{"Bucket", "data"}});
    lab.s3().PutObject("data", "t/a",
                       "{\"ticker_symbol\":\"A\",\"change\":1.5}\n{\"ticker_symbol\":\"B\"}\n"
                       "{\"ticker_symbol\":\"C\",\"change\":-1}\n{\"ticker_symbol\":\"D\",\"change\":2}\n"
                       "{\"ticker_symbol\":\"E\",\"change\":0.25}\n",
                       lab.now());
    EXPECT_EQ(RunQuery(lab, CreateTable("t", "s3://data/t/"), output)["Status"]["State"], "SUCCEEDED");
  }
};

TEST(AthenaApiTest, ResultsPageWithTheHeaderRowFirstAndOmitNullValues) {
  SmallLab s;
  Json e = RunQuery(s.lab, "SELECT ticker_symbol, change FROM t ORDER BY ticker_symbol", s.output);
  ASSERT_EQ(e["Status"]["State"], "SUCCEEDED") << DumpJson(e);
  const std::string id = e["QueryExecutionId"];
  Json first = Ok(s.lab, "Athena", "GetQueryResults", {{"QueryExecutionId", id}, {"MaxResults", 2}});
  ASSERT_EQ(first["ResultSet"]["Rows"].size(), 2u);
  EXPECT_EQ(first["ResultSet"]["Rows"][0]["Data"][0]["VarCharValue"], "ticker_symbol");
  EXPECT_EQ(first["ResultSet"]["Rows"][0]["Data"][1]["VarCharValue"], "change");
  EXPECT_EQ(first["ResultSet"]["Rows"][1]["Data"][0]["VarCharValue"], "A");
  EXPECT_EQ(first["UpdateCount"], 0);
  ASSERT_TRUE(first.contains("NextToken"));
  Json second = Ok(s.lab, "Athena", "GetQueryResults",
                   {{"QueryExecutionId", id}, {"MaxResults", 2}, {"NextToken", first["NextToken"]}});
  ASSERT_EQ(second["ResultSet"]["Rows"].size(), 2u);
  const Json& b_row = second["ResultSet"]["Rows"][0]["Data"];
  EXPECT_EQ(b_row[0]["VarCharValue"], "B");
  EXPECT_EQ(b_row[1], Json::object());  // NULL: the Data entry has no VarCharValue
  EXPECT_EQ(second["ResultSet"]["ResultSetMetadata"]["ColumnInfo"].size(), 2u);
  Json third = Ok(s.lab, "Athena", "GetQueryResults",
                  {{"QueryExecutionId", id}, {"MaxResults", 2}, {"NextToken", second["NextToken"]}});
  EXPECT_EQ(third["ResultSet"]["Rows"].size(), 2u);  // D, E: 6 rows in exactly three pages
  EXPECT_FALSE(third.contains("NextToken"));
  EXPECT_EQ(AllRows(s.lab, id, 1000).size(), 6u);
  EXPECT_EQ(AllRows(s.lab, id, 1).size(), 6u);
  // Tokens are bound to their query.
  Json other = RunQuery(s.lab, "SELECT count(*) FROM t", s.output);
  EXPECT_EQ(Err(s.lab, "Athena", "GetQueryResults",
                {{"QueryExecutionId", other["QueryExecutionId"]}, {"NextToken", first["NextToken"]}})
                .code,
            "InvalidRequestException");
  EXPECT_EQ(Err(s.lab, "Athena", "GetQueryResults", {{"QueryExecutionId", id}, {"NextToken", "garbage"}}).code,
            "InvalidRequestException");
}

TEST(AthenaApiTest, RequestErrors) {
  SmallLab s;
  const std::string unknown = "11111111-2222-4333-8444-555555555555";
  for (const char* action : {"GetQueryExecution", "GetQueryResults", "StopQueryExecution"}) {
    ApiError e = Err(s.lab, "Athena", action, {{"QueryExecutionId", unknown}});
    EXPECT_EQ(e.code, "InvalidRequestException") << action;
    EXPECT_EQ(e.message, "QueryExecution " + unknown + " was not found") << action;
  }
  const uint64_t generation = s.lab.generation();
  ApiError empty = Err(s.lab, "Athena", "StartQueryExecution", {{"QueryString", ""}});
  EXPECT_EQ(empty.code, "ValidationException");
  EXPECT_EQ(empty.message,
            "1 validation error detected: Value '' at 'queryString' failed to satisfy constraint: Member must have "
            "length greater than or equal to 1");
  EXPECT_EQ(Err(s.lab, "Athena", "StartQueryExecution",
                {{"QueryString", std::string(262145, ' ')}, {"ResultConfiguration", {{"OutputLocation", s.output}}}})
                .code,
            "ValidationException");
  EXPECT_EQ(Err(s.lab, "Athena", "StartQueryExecution", {{"QueryString", 5}}).code, "SerializationException");
  EXPECT_EQ(
      Err(s.lab, "Athena", "StartQueryExecution",
          {{"QueryString", "SELECT 1"}, {"WorkGroup", "nope"}, {"ResultConfiguration", {{"OutputLocation", s.output}}}})
          .message,
      "WorkGroup nope is not found.");
  EXPECT_EQ(s.lab.generation(), generation);
  // A query of exactly 262,144 characters is accepted.
  std::string longest = "SELECT 1";
  longest.resize(262144, ' ');
  Ok(s.lab, "Athena", "StartQueryExecution",
     {{"QueryString", longest}, {"ResultConfiguration", {{"OutputLocation", s.output}}}});
  Json done = RunQuery(s.lab, "SELECT 1", s.output);
  for (int bad : {0, 1001}) {
    EXPECT_EQ(
        Err(s.lab, "Athena", "GetQueryResults", {{"QueryExecutionId", done["QueryExecutionId"]}, {"MaxResults", bad}})
            .code,
        "ValidationException");
  }
  EXPECT_EQ(Err(s.lab, "Athena", "Explode", Json::object()).code, "UnknownOperationException");
}

TEST(AthenaApiTest, ListAndBatchGetQueryExecutions) {
  SmallLab s;
  const std::string a = Start(s.lab, "SELECT 1", s.output);
  const std::string b = Start(s.lab, "SELECT 2", s.output);
  Json list = Ok(s.lab, "Athena", "ListQueryExecutions", {{"MaxResults", 2}});
  ASSERT_EQ(list["QueryExecutionIds"].size(), 2u);
  EXPECT_EQ(list["QueryExecutionIds"][0], b);  // newest first
  EXPECT_EQ(list["QueryExecutionIds"][1], a);
  ASSERT_TRUE(list.contains("NextToken"));  // the DDL of the fixture is older
  Json rest = Ok(s.lab, "Athena", "ListQueryExecutions", {{"MaxResults", 2}, {"NextToken", list["NextToken"]}});
  EXPECT_EQ(rest["QueryExecutionIds"].size(), 1u);
  EXPECT_FALSE(rest.contains("NextToken"));
  Json batch = Ok(s.lab, "Athena", "BatchGetQueryExecution", {{"QueryExecutionIds", {a, "nope"}}});
  ASSERT_EQ(batch["QueryExecutions"].size(), 1u);
  EXPECT_EQ(batch["QueryExecutions"][0]["QueryExecutionId"], a);
  EXPECT_EQ(batch["QueryExecutions"][0]["Status"]["State"], "QUEUED");
  ASSERT_EQ(batch["UnprocessedQueryExecutionIds"].size(), 1u);
  EXPECT_EQ(batch["UnprocessedQueryExecutionIds"][0]["QueryExecutionId"], "nope");
  EXPECT_EQ(Err(s.lab, "Athena", "BatchGetQueryExecution", {{"QueryExecutionIds", Json::array()}}).code,
            "ValidationException");
}

// [SECTION] work groups and named queries

TEST(AthenaApiTest, WorkGroups) {
  SmallLab s;
  Json list = Ok(s.lab, "Athena", "ListWorkGroups", Json::object())["WorkGroups"];
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["Name"], "primary");
  EXPECT_EQ(list[0]["State"], "ENABLED");
  ApiError small = Err(s.lab, "Athena", "CreateWorkGroup",
                       {{"Name", "lab"}, {"Configuration", {{"BytesScannedCutoffPerQuery", 9999999}}}});
  EXPECT_EQ(small.code, "ValidationException");
  EXPECT_EQ(small.message,
            "1 validation error detected: Value '9999999' at 'configuration.bytesScannedCutoffPerQuery' failed to "
            "satisfy constraint: Member must have value greater than or equal to 10000000");
  EXPECT_EQ(Err(s.lab, "Athena", "CreateWorkGroup", {{"Name", "bad name"}}).code, "ValidationException");
  Ok(s.lab, "Athena", "CreateWorkGroup",
     {{"Name", "lab"},
      {"Description", "the lab's"},
      {"Configuration",
       {{"ResultConfiguration", {{"OutputLocation", "s3://results/enforced"}}},
        {"EnforceWorkGroupConfiguration", true},
        {"BytesScannedCutoffPerQuery", 10000000}}}});
  EXPECT_EQ(Err(s.lab, "Athena", "CreateWorkGroup", {{"Name", "lab"}}).code, "InvalidRequestException");
  Json g = Ok(s.lab, "Athena", "GetWorkGroup", {{"WorkGroup", "lab"}})["WorkGroup"];
  EXPECT_EQ(g["Description"], "the lab's");
  EXPECT_EQ(g["Configuration"]["BytesScannedCutoffPerQuery"], 10000000);
  EXPECT_EQ(g["Configuration"]["EnforceWorkGroupConfiguration"], true);
  EXPECT_EQ(g["Configuration"]["EngineVersion"]["EffectiveEngineVersion"], "Athena engine version 3");
  EXPECT_EQ(g["CreationTime"], ToEpochSeconds(s.lab.now()));

  // Enforced: the work group's location wins over the request's ("enforced" gets a '/').
  const std::string id = Ok(s.lab, "Athena", "StartQueryExecution",
                            {{"QueryString", "SELECT 1"},
                             {"WorkGroup", "lab"},
                             {"ResultConfiguration", {{"OutputLocation", "s3://results/mine/"}}}})["QueryExecutionId"];
  EXPECT_EQ(Execution(s.lab, id)["ResultConfiguration"]["OutputLocation"], "s3://results/enforced/" + id + ".csv");
  EXPECT_EQ(Ok(s.lab, "Athena", "ListQueryExecutions", {{"WorkGroup", "lab"}})["QueryExecutionIds"].size(), 1u);

  Ok(s.lab, "Athena", "UpdateWorkGroup",
     {{"WorkGroup", "lab"},
      {"State", "DISABLED"},
      {"ConfigurationUpdates", {{"RemoveBytesScannedCutoffPerQuery", true}}}});
  g = Ok(s.lab, "Athena", "GetWorkGroup", {{"WorkGroup", "lab"}})["WorkGroup"];
  EXPECT_EQ(g["State"], "DISABLED");
  EXPECT_FALSE(g["Configuration"].contains("BytesScannedCutoffPerQuery"));
  EXPECT_EQ(Err(s.lab, "Athena", "StartQueryExecution", {{"QueryString", "SELECT 1"}, {"WorkGroup", "lab"}}).message,
            "WorkGroup lab is disabled.");
  EXPECT_EQ(Err(s.lab, "Athena", "UpdateWorkGroup",
                {{"WorkGroup", "lab"}, {"ConfigurationUpdates", {{"BytesScannedCutoffPerQuery", 5}}}})
                .code,
            "ValidationException");
  EXPECT_EQ(Err(s.lab, "Athena", "DeleteWorkGroup", {{"WorkGroup", "primary"}}).code, "InvalidRequestException");
  Ok(s.lab, "Athena", "DeleteWorkGroup", {{"WorkGroup", "lab"}});
  EXPECT_EQ(Err(s.lab, "Athena", "GetWorkGroup", {{"WorkGroup", "lab"}}).message, "WorkGroup lab is not found.");
}

TEST(AthenaApiTest, NamedQueries) {
  SmallLab s;
  EXPECT_EQ(Err(s.lab, "Athena", "CreateNamedQuery", {{"Name", "q"}, {"QueryString", "SELECT 1"}}).code,
            "ValidationException");  // Database is required
  const std::string id = Ok(s.lab, "Athena", "CreateNamedQuery",
                            {{"Name", "best ticker"},
                             {"Database", "default"},
                             {"QueryString", "SELECT 1"},
                             {"Description", "which ticker improved the most"}})["NamedQueryId"];
  Json q = Ok(s.lab, "Athena", "GetNamedQuery", {{"NamedQueryId", id}})["NamedQuery"];
  EXPECT_EQ(q["Name"], "best ticker");
  EXPECT_EQ(q["Database"], "default");
  EXPECT_EQ(q["QueryString"], "SELECT 1");
  EXPECT_EQ(q["WorkGroup"], "primary");
  EXPECT_EQ(q["NamedQueryId"], id);
  Json ids = Ok(s.lab, "Athena", "ListNamedQueries", Json::object())["NamedQueryIds"];
  ASSERT_EQ(ids.size(), 1u);
  EXPECT_EQ(ids[0], id);
  Json batch = Ok(s.lab, "Athena", "BatchGetNamedQuery", {{"NamedQueryIds", {id, "missing"}}});
  EXPECT_EQ(batch["NamedQueries"].size(), 1u);
  EXPECT_EQ(batch["UnprocessedNamedQueryIds"][0]["NamedQueryId"], "missing");
  Ok(s.lab, "Athena", "DeleteNamedQuery", {{"NamedQueryId", id}});
  EXPECT_EQ(Err(s.lab, "Athena", "GetNamedQuery", {{"NamedQueryId", id}}).code, "InvalidRequestException");
  EXPECT_TRUE(Ok(s.lab, "Athena", "ListNamedQueries", Json::object())["NamedQueryIds"].empty());
}

}  // namespace
}  // namespace fhl
