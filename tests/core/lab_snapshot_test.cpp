// lab_snapshot_test.cpp: Lab::SaveSnapshot / RestoreSnapshot: a lab in the middle of the lab flow (demo data running,
// objects, metrics, a partial buffer, Athena results, a named query, a Glue table) restored into a fresh Lab answers
// every call the same, continues bit-identically, and a refused snapshot leaves the lab unchanged.
#include <gtest/gtest.h>

#include <algorithm>

#include <string>
#include <vector>

#include "core/athena_service.h"
#include "core/firehose_service.h"
#include "core/object_store.h"
#include "core/lab_template.h"
#include "core/snapshot.h"
#include "test_util.h"

namespace fhl {
namespace {

using test::Ok;

constexpr const char* kOutput = "s3://athena-results-h2/";

void RunAthena(Lab& lab) {
  for (int i = 0; i < 100000; ++i) {
    const size_t pending = lab.Work(256 * 1024);
    lab.RecordWorkTime(1000);  // a fixed "measured" time, so the original and the restored lab stay identical
    if (pending == 0) break;
  }
}

std::string StartQuery(Lab& lab, const std::string& sql) {
  Json request = {{"QueryString", sql},
                  {"QueryExecutionContext", {{"Database", "default"}}},
                  {"ResultConfiguration", {{"OutputLocation", kOutput}}}};
  return Ok(lab, "Athena", "StartQueryExecution", request)["QueryExecutionId"].get<std::string>();
}

// The lab flow, a few simulated minutes in: demo data running, delivered objects, a partly filled buffer.
struct BusyLab {
  LabOptions options;
  std::unique_ptr<Lab> lab;
  std::string query_id;
  std::string named_id;

  BusyLab() {
    options.seed = 7;
    options.start_time = test::kStart;
    lab = std::make_unique<Lab>(options);
    Lab& l = *lab;
    Ok(l, "S3", "CreateBucket", {{"Bucket", "athena-results-h2"}});
    Ok(l, "Lab", "StartDemoData", {{"DeliveryStreamName", l.lab_stream_name()}, {"RecordsPerSecond", 50}, {"Seed", 3}});
    l.Advance(4 * kUsPerMinute + 17 * kUsPerSecond);  // 4 deliveries, then 17 s buffered
    Ok(l, "S3", "PutObject", {{"Bucket", l.lab_bucket_name()}, {"Key", "notes/readme.txt"}, {"Body", "aGVsbG8gbGFi"},
                              {"ContentType", "text/plain"}});
    const std::string location = "s3://" + l.lab_bucket_name() + "/stocks/";
    const std::string ddl = StartQuery(l,
        "CREATE EXTERNAL TABLE stocks (ticker_symbol string, sector string, change double, price double) "
        "ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION '" + location + "'");
    RunAthena(l);
    query_id = StartQuery(l, "SELECT ticker_symbol, sum(change) AS total FROM stocks GROUP BY 1 ORDER BY 2 DESC");
    RunAthena(l);
    named_id = Ok(l, "Athena", "CreateNamedQuery",
                  {{"Name", "best ticker"}, {"Database", "default"}, {"QueryString", "SELECT 1"}})["NamedQueryId"];
    l.Advance(3 * kUsPerSecond);
  }
};

// Every object of every bucket: key, size, ETag, LastModified and the body.
Json AllObjects(Lab& lab) {
  Json out = Json::object();
  const Json buckets = Ok(lab, "S3", "ListBuckets", Json::object())["Buckets"];
  for (const Json& b : buckets) {
    const std::string bucket = b["Name"];
    Json objects = Json::array();
    Json request = {{"Bucket", bucket}, {"MaxKeys", 1000}};
    for (;;) {
      Json page = Ok(lab, "S3", "ListObjectsV2", request);
      for (const Json& o : page["Contents"]) {
        Json item = o;
        item["Body"] = Ok(lab, "S3", "GetObject", {{"Bucket", bucket}, {"Key", o["Key"]}})["Body"];
        objects.push_back(std::move(item));
      }
      if (!page.contains("NextContinuationToken")) break;
      request["ContinuationToken"] = page["NextContinuationToken"];
    }
    out[bucket] = {{"Bucket", b}, {"Objects", objects}};
  }
  return out;
}

// Compares two responses; on a difference prints where (gtest's own printer cannot print Json).
void ExpectSame(const std::string& what, const Json& expected, const Json& actual) {
  if (expected == actual) return;
  const Json patch = Json::diff(expected, actual);
  ADD_FAILURE() << what << " differs: " << DumpJson(patch).substr(0, 2000);
}

// The observable state through the one entry point.
Json Observe(Lab& lab, const BusyLab& busy) {
  const std::string stream = lab.lab_stream_name();
  const double now_s = ToEpochSeconds(lab.now());
  Json metrics = Json::array();
  for (const char* name : {"IncomingRecords", "IncomingBytes", "DeliveryToS3.Records", "DeliveryToS3.DataFreshness"}) {
    for (int period : {1, 60}) {
      metrics.push_back({{"Id", "m" + std::to_string(metrics.size())},
                         {"MetricStat",
                          {{"Metric",
                            {{"Namespace", "AWS/Firehose"},
                             {"MetricName", name},
                             {"Dimensions", {{{"Name", "DeliveryStreamName"}, {"Value", stream}}}}}},
                           {"Period", period},
                           {"Stat", "Sum"}}}});
    }
  }
  Json out;
  out["objects"] = AllObjects(lab);
  out["stream"] = Ok(lab, "Firehose", "DescribeDeliveryStream", {{"DeliveryStreamName", stream}});
  out["streams"] = Ok(lab, "Firehose", "ListDeliveryStreams", Json::object());
  out["deliveries"] = Ok(lab, "Lab", "ListDeliveries", {{"DeliveryStreamName", stream}});
  out["demo"] = Ok(lab, "Lab", "DescribeDemoData", {{"DeliveryStreamName", stream}});
  out["metrics"] = Ok(lab, "CloudWatch", "GetMetricData",
                      {{"MetricDataQueries", metrics}, {"StartTime", now_s - 3600}, {"EndTime", now_s + 1}});
  out["metric_list"] = Ok(lab, "CloudWatch", "ListMetrics", Json::object());
  out["executions"] = Ok(lab, "Athena", "ListQueryExecutions", Json::object());
  out["execution"] = Ok(lab, "Athena", "GetQueryExecution", {{"QueryExecutionId", busy.query_id}});
  out["results"] = Ok(lab, "Athena", "GetQueryResults", {{"QueryExecutionId", busy.query_id}});
  out["named"] = Ok(lab, "Athena", "GetNamedQuery", {{"NamedQueryId", busy.named_id}});
  out["named_list"] = Ok(lab, "Athena", "ListNamedQueries", Json::object());
  out["work_groups"] = Ok(lab, "Athena", "ListWorkGroups", Json::object());
  out["tables"] = Ok(lab, "Glue", "GetTables", {{"DatabaseName", "default"}});
  out["databases"] = Ok(lab, "Glue", "GetDatabases", Json::object());
  out["clock"] = Ok(lab, "Lab", "GetClock", Json::object());
  out["lab"] = Ok(lab, "Lab", "DescribeLab", Json::object());
  return out;
}

TEST(LabSnapshotTest, RestoredLabAnswersEveryCallTheSame) {
  BusyLab busy;
  Lab& original = *busy.lab;
  // The scenario really holds what the test claims.
  const DeliveryStream* s = original.firehose().Find(original.lab_stream_name());
  ASSERT_NE(s, nullptr);
  EXPECT_GT(s->buffer.records, 0u);
  EXPECT_GE(s->delivery_log.size(), 4u);
  const Json before = Observe(original, busy);
  EXPECT_EQ(before["execution"]["QueryExecution"]["Status"]["State"], "SUCCEEDED");
  EXPECT_GT(before["results"]["ResultSet"]["Rows"].size(), 10u);
  EXPECT_EQ(before["tables"]["TableList"].size(), 1u);

  const std::string bytes = original.SaveSnapshot();
  LabOptions other;
  other.seed = 999;  // a different lab: everything must come from the snapshot
  Lab restored(other);
  ASSERT_TRUE(restored.RestoreSnapshot(bytes).ok());
  const Json after = Observe(restored, busy);
  for (auto it = before.begin(); it != before.end(); ++it) ExpectSame(it.key(), it.value(), after[it.key()]);
  // Saving the restored lab gives the same bytes.
  EXPECT_EQ(restored.SaveSnapshot(), bytes);
}

TEST(LabSnapshotTest, RestoredLabContinuesExactlyLikeTheOriginal) {
  BusyLab busy;
  Lab& original = *busy.lab;
  Lab restored(test::EmptyLab());
  const std::string snapshot = original.SaveSnapshot();
  ASSERT_TRUE(restored.RestoreSnapshot(snapshot).ok());
  // Restoring in place too: both labs then start with cold Athena caches (parsing costs work units, which feed the
  // queries' engine times).
  ASSERT_TRUE(original.RestoreSnapshot(snapshot).ok());
  for (Lab* lab : {&original, &restored}) {
    lab->Advance(10 * kUsPerMinute);
    Ok(*lab, "Firehose", "PutRecord", {{"DeliveryStreamName", lab->lab_stream_name()}, {"Record", {{"Data", "eA=="}}}});
    StartQuery(*lab, "SELECT count(*) FROM stocks");
    RunAthena(*lab);
    lab->Advance(2 * kUsPerMinute);
  }
  Json a = Observe(original, busy), b = Observe(restored, busy);
  ASSERT_TRUE(a["objects"].contains(original.lab_bucket_name())) << DumpJson(a["objects"]).substr(0, 300);
  EXPECT_GT(a["objects"][original.lab_bucket_name()]["Objects"].size(), 15u);
  for (auto it = a.begin(); it != a.end(); ++it) ExpectSame(it.key(), it.value(), b[it.key()]);
  // Not EXPECT_EQ: gtest's diff of two multi-megabyte strings runs out of memory. Report the first difference.
  const std::string x = original.SaveSnapshot(), y = restored.SaveSnapshot();
  const size_t body = std::min(x.size(), kSnapshotHeaderBytes);  // the header holds the checksum
  const size_t first_diff = std::mismatch(x.begin() + body, x.end(), y.begin() + body, y.end()).first - x.begin();
  EXPECT_TRUE(x == y) << "sizes " << x.size() << " vs " << y.size() << ", first difference at byte " << first_diff
                      << " near: " << DumpJson(x.substr(first_diff > 64 ? first_diff - 64 : 0, 128));
}

TEST(LabSnapshotTest, ARunningQueryComesBackQueuedAndFinishes) {
  BusyLab busy;
  Lab& lab = *busy.lab;
  const std::string id = StartQuery(lab, "SELECT sector, count(*) FROM stocks GROUP BY 1");
  lab.Work(200);  // just started
  EXPECT_EQ(Ok(lab, "Athena", "GetQueryExecution", {{"QueryExecutionId", id}})["QueryExecution"]["Status"]["State"],
            "RUNNING");
  Lab restored(test::EmptyLab());
  ASSERT_TRUE(restored.RestoreSnapshot(lab.SaveSnapshot()).ok());
  EXPECT_EQ(
      Ok(restored, "Athena", "GetQueryExecution", {{"QueryExecutionId", id}})["QueryExecution"]["Status"]["State"],
      "QUEUED");
  RunAthena(restored);
  RunAthena(lab);
  const Json a = Ok(lab, "Athena", "GetQueryResults", {{"QueryExecutionId", id}});
  const Json b = Ok(restored, "Athena", "GetQueryResults", {{"QueryExecutionId", id}});
  EXPECT_EQ(Ok(restored, "Athena", "GetQueryExecution", {{"QueryExecutionId", id}})["QueryExecution"]["Status"]["State"],
            "SUCCEEDED");
  ExpectSame("results", a, b);
}

TEST(LabSnapshotTest, RefusedSnapshotsLeaveTheLabUnchanged) {
  BusyLab busy;
  Lab& lab = *busy.lab;
  const std::string before = lab.SaveSnapshot();
  const uint64_t generation = lab.generation();
  const std::vector<std::string> garbage = {"", "garbage", std::string(100, '\0'), before.substr(0, before.size() / 2),
                                            before + "tail"};
  for (const std::string& bytes : garbage) {
    Status s = lab.RestoreSnapshot(bytes);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, kSnapshotErrorCode);
    EXPECT_NE(s.error().message.find("starting a fresh lab"), std::string::npos) << s.error().message;
  }
  std::string flipped = before;
  flipped[flipped.size() / 3] ^= 0x10;
  EXPECT_EQ(lab.RestoreSnapshot(flipped).error().message,
            "The saved lab is damaged (checksum mismatch); starting a fresh lab.");
  EXPECT_EQ(lab.generation(), generation);
  EXPECT_EQ(lab.SaveSnapshot(), before);
}

TEST(LabSnapshotTest, RestoreMovesTheGenerationForward) {
  Lab a(test::EmptyLab());
  Lab b;  // more changes behind it: a larger generation
  b.Advance(kUsPerMinute);
  const uint64_t before = a.generation();
  ASSERT_TRUE(a.RestoreSnapshot(b.SaveSnapshot()).ok());
  EXPECT_EQ(a.generation(), before + 1);
  const uint64_t b_before = b.generation();
  ASSERT_TRUE(b.RestoreSnapshot(Lab(test::EmptyLab()).SaveSnapshot()).ok());
  EXPECT_EQ(b.generation(), b_before + 1);
  EXPECT_EQ(b.lab_stream_name(), "");  // the empty lab's names came back too
  EXPECT_TRUE(Ok(b, "S3", "ListBuckets", Json::object())["Buckets"].empty());
}

TEST(LabSnapshotTest, ObjectBodiesOfEverySizeRoundTrip) {
  Lab lab(test::EmptyLab());
  lab.s3().CreateBucket("sizes", lab.now());
  std::string body;
  for (size_t size : {0, 1, 7, 8, 9, 4096, 1 << 20}) {
    body.resize(size);
    for (size_t i = 0; i < size; ++i) body[i] = static_cast<char>((i * 131 + size) & 0xFF);
    ASSERT_TRUE(lab.s3().PutObject("sizes", "k" + std::to_string(size), body, lab.now()).ok());
  }
  Lab restored(test::EmptyLab());
  ASSERT_TRUE(restored.RestoreSnapshot(lab.SaveSnapshot()).ok());
  EXPECT_EQ(restored.s3().used_bytes(), lab.s3().used_bytes());
  for (const auto& [key, object] : lab.s3().FindBucket("sizes")->objects) {
    auto got = restored.s3().GetObject("sizes", key);
    ASSERT_TRUE(got.ok()) << key;
    EXPECT_EQ(*got.value()->body, *object.body) << key;
    EXPECT_EQ(got.value()->ETag(), object.ETag()) << key;
  }
}

}  // namespace
}  // namespace fhl

namespace fhl {
namespace {

// The parts added with CloudFormation: stacks with events and outputs, IAM roles, and the guide's answers.
TEST(LabSnapshotTest, StacksRolesAndGuideProgressRoundTrip) {
  Lab lab(test::EmptyLab());
  test::Ok(lab, "CloudFormation", "CreateStack",
           {{"StackName", "firehose-lab"}, {"TemplateBody", std::string(LabTemplateBody())},
            {"Capabilities", {"CAPABILITY_NAMED_IAM"}}});
  lab.Advance(2 * kUsPerMinute);
  ASSERT_FALSE(lab.lab_stream_name().empty());
  test::Ok(lab, "Lab", "SubmitLabAnswer", {{"QuestionId", "athena-reminds"}, {"Answer", "SQL over files, like Hive"}});
  auto observe = [](Lab& l) {
    return Json{{"stacks", test::Ok(l, "CloudFormation", "DescribeStacks", {{"StackName", "firehose-lab"}})},
                {"events", test::Ok(l, "CloudFormation", "DescribeStackEvents", {{"StackName", "firehose-lab"}})},
                {"resources", test::Ok(l, "CloudFormation", "DescribeStackResources", {{"StackName", "firehose-lab"}})},
                {"role", test::Ok(l, "IAM", "GetRole", {{"RoleName", "ie-tech-mba-firehose-role"}})},
                {"progress", test::Ok(l, "Lab", "GetLabProgress", Json::object())},
                {"lab", test::Ok(l, "Lab", "DescribeLab", Json::object())}};
  };
  const Json before = observe(lab);
  EXPECT_EQ(before["stacks"]["Stacks"][0]["StackStatus"], "CREATE_COMPLETE");
  Lab restored(test::EmptyLab());
  ASSERT_TRUE(restored.RestoreSnapshot(lab.SaveSnapshot()).ok());
  const Json after = observe(restored);
  EXPECT_TRUE(Json::diff(before, after).empty()) << DumpJson(Json::diff(before, after)).substr(0, 600);
  // And the restored stack still works: deleting it removes its stream.
  test::Ok(restored, "CloudFormation", "DeleteStack", {{"StackName", "firehose-lab"}});
  restored.Advance(2 * kUsPerMinute);
  EXPECT_TRUE(test::Ok(restored, "Firehose", "ListDeliveryStreams", Json::object())["DeliveryStreamNames"].empty());
}

}  // namespace
}  // namespace fhl
