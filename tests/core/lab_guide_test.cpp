// lab_guide_test.cpp: the lab guide through Lab::Call: every step not done, then done from the lab's real state
// (and latched), the answers (buffering hints, the ticker by both definitions, free text), activities, the
// experiment action, persistence of the guide's state, and the ticker scanner on its own.
#include <gtest/gtest.h>

#include <map>

#include "core/lab_guide.h"
#include "core/lab_template.h"
#include "core/object_store.h"
#include "core/ticker_improvement.h"
#include "test_util.h"

namespace fhl {
namespace {

using test::Err;
using test::Ok;

Json Progress(Lab& lab) { return Ok(lab, "Lab", "GetLabProgress", Json::object()); }

const Json& Step(const Json& progress, const std::string& id) {
  for (const Json& s : progress["Steps"]) {
    if (s["Id"] == id) return s;
  }
  static const Json kMissing = Json::object();
  ADD_FAILURE() << "no step " << id;
  return kMissing;
}

bool Done(Lab& lab, const std::string& id) {
  const Json p = Progress(lab);
  const Json& s = Step(p, id);
  return s.contains("Done") && s["Done"].is_boolean() && s["Done"].get<bool>();
}

Json Answer(Lab& lab, const std::string& question, const Json& answer) {
  return Ok(lab, "Lab", "SubmitLabAnswer", {{"QuestionId", question}, {"Answer", answer}});
}

void Activity(Lab& lab, const std::string& name) { Ok(lab, "Lab", "RecordLabActivity", {{"Activity", name}}); }

// Runs a query to its end (work slices) and returns its final state.
std::string RunQuery(Lab& lab, const std::string& sql, const std::string& output) {
  Json request = {{"QueryString", sql},
                  {"QueryExecutionContext", {{"Database", "default"}}},
                  {"ResultConfiguration", {{"OutputLocation", output}}}};
  const std::string id = Ok(lab, "Athena", "StartQueryExecution", request)["QueryExecutionId"].get<std::string>();
  for (int i = 0; i < 100000 && lab.Work(256 * 1024) > 0; ++i) {
  }
  Json e = Ok(lab, "Athena", "GetQueryExecution", {{"QueryExecutionId", id}})["QueryExecution"];
  return e["Status"]["State"].get<std::string>();
}

std::string TicksTable(const std::string& name, const std::string& location) {
  return "CREATE EXTERNAL TABLE " + name +
         " (ticker_symbol string, sector string, change double, price double) ROW FORMAT SERDE "
         "'org.openx.data.jsonserde.JsonSerDe' LOCATION '" + location + "'";
}

void PutRecords(Lab& lab, const std::string& stream, const std::vector<std::string>& records) {
  Json batch = Json::array();
  for (const std::string& r : records) batch.push_back(test::Record(r));
  Ok(lab, "Firehose", "PutRecordBatch", {{"DeliveryStreamName", stream}, {"Records", batch}});
}

bool CloudFormationWired(Lab& lab) {
  Response r = lab.Call("CloudFormation", "DescribeStacks", Json::object());
  return r.ok() || (r.error && r.error->code != "UnknownServiceException");
}

// [SECTION] progress shape

TEST(LabGuideTest, StartsWithEveryStepOpen) {
  Lab lab(test::EmptyLab());
  Json p = Progress(lab);
  ASSERT_EQ(p["Steps"].size(), LabGuide::kStepCount);
  for (size_t i = 0; i < LabGuide::kStepCount; ++i) {
    const Json& s = p["Steps"][i];
    EXPECT_EQ(s["Id"], LabGuide::kStepIds[i]);
    EXPECT_EQ(s["Done"], false) << s["Id"];
    EXPECT_FALSE(s.contains("CompletedAt"));
    EXPECT_FALSE(s["Title"].get<std::string>().empty());
    EXPECT_FALSE(s["Hint"].get<std::string>().empty());
  }
  EXPECT_EQ(p["Completed"], 0);
  EXPECT_EQ(p["Total"], 11);
  EXPECT_EQ(p["Score"], 0.0);
  EXPECT_TRUE(p["Answers"].is_object() && p["Answers"].empty());
  EXPECT_FALSE(p.contains("LabStream"));
  EXPECT_FALSE(p.contains("LastExperiment"));
  // Reading progress changes nothing.
  const uint64_t g = lab.generation();
  Progress(lab);
  EXPECT_EQ(lab.generation(), g);
}

// [SECTION] steps from real state

TEST(LabGuideTest, StreamStepsFollowTheLabAndLatch) {
  Lab lab(test::EmptyLab());
  test::MakeStream(lab, "s", "lab-bucket", 1, 60, "stocks/", true);
  Json p = Progress(lab);
  EXPECT_EQ(p["LabStream"]["DeliveryStreamName"], "s");
  EXPECT_EQ(p["LabStream"]["BucketName"], "lab-bucket");
  EXPECT_FALSE(p["LabStream"].contains("StackName"));
  for (const char* id : {"deploy-stack", "open-stream", "send-demo-data", "watch-incoming", "objects-delivered",
                         "browse-bucket"}) {
    EXPECT_EQ(Step(p, id)["Done"], false) << id;
  }

  Activity(lab, "OpenedDeliveryStream");
  p = Progress(lab);
  EXPECT_EQ(Step(p, "open-stream")["Done"], true);
  EXPECT_EQ(Step(p, "open-stream")["CompletedAt"], ToEpochSeconds(lab.now()));

  // The chart was looked at before any record arrived: not yet.
  Activity(lab, "ViewedIncomingRecords");
  EXPECT_FALSE(Done(lab, "watch-incoming"));
  EXPECT_FALSE(Done(lab, "send-demo-data"));

  Ok(lab, "Lab", "StartDemoData", {{"DeliveryStreamName", "s"}, {"RecordsPerSecond", 10}, {"Seed", 3}});
  const TimeUs sent_at = lab.now();
  EXPECT_TRUE(Done(lab, "send-demo-data"));
  EXPECT_TRUE(Done(lab, "watch-incoming"));
  EXPECT_EQ(Step(Progress(lab), "send-demo-data")["CompletedAt"], ToEpochSeconds(sent_at));

  lab.Advance(59 * kUsPerSecond);
  EXPECT_FALSE(Done(lab, "objects-delivered"));
  lab.Advance(1 * kUsPerSecond);  // the 60 s interval: the first object
  EXPECT_TRUE(Done(lab, "objects-delivered"));

  EXPECT_FALSE(Done(lab, "browse-bucket"));
  Activity(lab, "BrowsedBucket");
  EXPECT_TRUE(Done(lab, "browse-bucket"));

  // Latched: deleting everything does not undo the student's progress.
  Ok(lab, "Lab", "StopDemoData", {{"DeliveryStreamName", "s"}});
  Ok(lab, "Firehose", "DeleteDeliveryStream", {{"DeliveryStreamName", "s"}});
  lab.Advance(10 * kUsPerSecond);
  p = Progress(lab);
  for (const char* id : {"open-stream", "send-demo-data", "watch-incoming", "objects-delivered", "browse-bucket"}) {
    EXPECT_EQ(Step(p, id)["Done"], true) << id;
  }
  EXPECT_EQ(p["Completed"], 5);
  EXPECT_FALSE(p.contains("LabStream"));
}

TEST(LabGuideTest, ObjectsOutsideTheStreamPrefixDoNotCount) {
  Lab lab(test::EmptyLab());
  test::MakeStream(lab, "s", "lab-bucket", 1, 60, "stocks/");
  Ok(lab, "S3", "PutObject", {{"Bucket", "lab-bucket"}, {"Key", "other/x.json"}, {"Body", Base64Encode("{}")}});
  Ok(lab, "S3", "PutObject", {{"Bucket", "lab-bucket"}, {"Key", "errors/y"}, {"Body", Base64Encode("{}")}});
  EXPECT_FALSE(Done(lab, "objects-delivered"));
  Ok(lab, "S3", "PutObject", {{"Bucket", "lab-bucket"}, {"Key", "stocks/2026/x"}, {"Body", Base64Encode("{}")}});
  EXPECT_TRUE(Done(lab, "objects-delivered"));
}

TEST(LabGuideTest, OpeningAnObjectAlsoCountsAsBrowsing) {
  Lab lab(test::EmptyLab());
  EXPECT_FALSE(Done(lab, "browse-bucket"));
  Activity(lab, "OpenedObject");
  EXPECT_TRUE(Done(lab, "browse-bucket"));
}

TEST(LabGuideTest, TheLabsOwnStreamIsUsedWithoutAStack) {
  Lab lab;  // the lab's stream and bucket exist from the start
  Json p = Progress(lab);
  EXPECT_EQ(p["LabStream"]["DeliveryStreamName"], lab.lab_stream_name());
  EXPECT_EQ(p["LabStream"]["BufferingHints"]["IntervalInSeconds"], 60);
  EXPECT_EQ(p["LabStream"]["BufferingHints"]["SizeInMBs"], 1);
  EXPECT_EQ(Step(p, "deploy-stack")["Done"], false);  // only a stack counts
}

TEST(LabGuideTest, AthenaQueryNeedsASucceededQueryOfTheLabTable) {
  Lab lab(test::EmptyLab());
  test::MakeStream(lab, "s", "lab-bucket", 1, 60, "stocks/", true);
  const std::string output = "s3://lab-bucket/athena-results/";
  Ok(lab, "Lab", "StartDemoData", {{"DeliveryStreamName", "s"}, {"RecordsPerSecond", 10}, {"Seed", 3}});
  lab.Advance(61 * kUsPerSecond);
  EXPECT_EQ(RunQuery(lab, "SELECT 1", output), "SUCCEEDED");
  EXPECT_EQ(RunQuery(lab, TicksTable("stock_ticks", "s3://lab-bucket/stocks/"), output), "SUCCEEDED");
  EXPECT_EQ(RunQuery(lab, TicksTable("elsewhere", "s3://lab-bucket/other/"), output), "SUCCEEDED");
  EXPECT_FALSE(Done(lab, "athena-query"));  // DDL does not read the table
  EXPECT_EQ(RunQuery(lab, "SELECT count(*) FROM elsewhere", output), "SUCCEEDED");
  EXPECT_EQ(RunQuery(lab, "SELECT nothing FROM stock_ticks", output), "FAILED");
  EXPECT_FALSE(Done(lab, "athena-query"));
  EXPECT_EQ(RunQuery(lab, "SELECT ticker_symbol, sum(change) FROM \"stock_ticks\" GROUP BY 1", output), "SUCCEEDED");
  EXPECT_TRUE(Done(lab, "athena-query"));
}

TEST(LabGuideTest, DeployStackFromTheLabTemplate) {
  Lab lab(test::EmptyLab());
  if (!CloudFormationWired(lab)) GTEST_SKIP() << "CloudFormation is not in the Lab yet";
  EXPECT_FALSE(Done(lab, "deploy-stack"));
  Ok(lab, "CloudFormation", "CreateStack",
     {{"StackName", kLabStackName},
      {"TemplateBody", std::string(LabTemplateBody())},
      {"Capabilities", {"CAPABILITY_NAMED_IAM"}}});
  Json p = Progress(lab);
  EXPECT_EQ(Step(p, "deploy-stack")["Done"], false);
  EXPECT_NE(Step(p, "deploy-stack")["Hint"].get<std::string>().find("IN_PROGRESS"), std::string::npos);
  lab.Advance(10 * kUsPerMinute);
  p = Progress(lab);
  EXPECT_EQ(Step(p, "deploy-stack")["Done"], true);
  EXPECT_EQ(p["LabStream"]["StackName"], kLabStackName);
  // The template's hints are the lab's: 60 s / 1 MB.
  EXPECT_EQ(Answer(lab, "spot-buffering", {{"IntervalInSeconds", 60}, {"SizeInMBs", 1}})["Correct"], true);
}

// [SECTION] activities

TEST(LabGuideTest, RecordActivityValidatesAndKeepsTheFirstTime) {
  Lab lab(test::EmptyLab());
  EXPECT_EQ(Err(lab, "Lab", "RecordLabActivity", {{"Activity", "Danced"}}).code, "InvalidArgumentException");
  EXPECT_EQ(Err(lab, "Lab", "RecordLabActivity", Json::object()).code, "InvalidArgumentException");
  EXPECT_EQ(Err(lab, "Lab", "RecordLabActivity", {{"Activity", 3}}).code, "SerializationException");
  Json first = Ok(lab, "Lab", "RecordLabActivity", {{"Activity", "BrowsedBucket"}});
  const uint64_t g = lab.generation();
  lab.Advance(5 * kUsPerSecond);
  const uint64_t g_after_clock = lab.generation();
  Json again = Ok(lab, "Lab", "RecordLabActivity", {{"Activity", "BrowsedBucket"}});
  EXPECT_EQ(again["FirstRecordedAt"], first["FirstRecordedAt"]);
  EXPECT_EQ(lab.generation(), g_after_clock);  // repeated (every frame) costs nothing and changes nothing
  EXPECT_GE(g_after_clock, g);
  EXPECT_EQ(Progress(lab)["Activities"]["BrowsedBucket"], ToEpochSeconds(test::kStart));
}

// [SECTION] answers

TEST(LabGuideTest, SpotBufferingIsCheckedAgainstTheStream) {
  Lab lab(test::EmptyLab());
  Json r = Answer(lab, "spot-buffering", {{"IntervalInSeconds", 60}, {"SizeInMBs", 1}});
  EXPECT_EQ(r["Correct"], false);  // no stream yet
  EXPECT_NE(r["Feedback"].get<std::string>().find("Deploy"), std::string::npos);

  test::MakeStream(lab, "s", "lab-bucket", 1, 60);
  r = Answer(lab, "spot-buffering", {{"IntervalInSeconds", 300}, {"SizeInMBs", 5}});
  EXPECT_EQ(r["Correct"], false);
  EXPECT_FALSE(Done(lab, "spot-buffering"));
  r = Answer(lab, "spot-buffering", {{"IntervalInSeconds", 60}, {"SizeInMBs", 5}});
  EXPECT_EQ(r["Correct"], false);
  EXPECT_NE(r["Feedback"].get<std::string>().find("size is not"), std::string::npos);
  r = Answer(lab, "spot-buffering", {{"IntervalInSeconds", 61}, {"SizeInMBs", 1}});
  EXPECT_NE(r["Feedback"].get<std::string>().find("interval is not"), std::string::npos);
  r = Answer(lab, "spot-buffering", {{"IntervalInSeconds", " 60 "}, {"SizeInMBs", "1"}});
  EXPECT_EQ(r["Correct"], true);
  EXPECT_TRUE(Done(lab, "spot-buffering"));
  Json p = Progress(lab);
  EXPECT_EQ(p["Answers"]["spot-buffering"]["Answer"]["IntervalInSeconds"], 60.0);
  EXPECT_EQ(p["Answers"]["spot-buffering"]["Correct"], true);

  EXPECT_EQ(Err(lab, "Lab", "SubmitLabAnswer", {{"QuestionId", "spot-buffering"}, {"Answer", "60"}}).code,
            "InvalidArgumentException");
  EXPECT_EQ(Err(lab, "Lab", "SubmitLabAnswer",
                {{"QuestionId", "spot-buffering"}, {"Answer", {{"IntervalInSeconds", "sixty"}, {"SizeInMBs", 1}}}})
                .code,
            "InvalidArgumentException");
}

// Two tickers where the definitions disagree: AAA has the larger sum(change) (4 vs 3), BBB the larger last-minus-first
// price (53-50 = 3 vs 14-13 = 1).
const std::vector<std::string> kDisagreeing = {
    R"({"ticker_symbol":"AAA","sector":"TECHNOLOGY","change":3,"price":13})",
    R"({"ticker_symbol":"BBB","sector":"ENERGY","change":1,"price":50})",
    R"({"TICKER_SYMBOL":"AAA","SECTOR":"TECHNOLOGY","CHANGE":1,"PRICE":14})",
    R"({"ticker_symbol":"BBB","sector":"ENERGY","change":2.0,"price":53.0})",
};

TEST(LabGuideTest, TickerAnswerAcceptsEitherDefinitionAndSaysWhich) {
  Lab lab(test::EmptyLab());
  EXPECT_EQ(Answer(lab, "answer-ticker", "AAA")["Correct"], false);  // nothing deployed
  test::MakeStream(lab, "s", "lab-bucket", 1, 60);                            // no delimiter: records concatenated
  Json r = Answer(lab, "answer-ticker", "AAA");
  EXPECT_EQ(r["Correct"], false);
  EXPECT_NE(r["Feedback"].get<std::string>().find("No stock records"), std::string::npos);

  PutRecords(lab, "s", kDisagreeing);
  lab.Advance(60 * kUsPerSecond);
  ASSERT_EQ(test::ListAll(lab, "lab-bucket").size(), 1u);

  r = Answer(lab, "answer-ticker", "CCC");
  EXPECT_EQ(r["Correct"], false);
  EXPECT_NE(r["Feedback"].get<std::string>().find("does not appear"), std::string::npos);
  EXPECT_NE(r["Feedback"].get<std::string>().find("AAA, BBB"), std::string::npos);
  EXPECT_FALSE(Done(lab, "answer-ticker"));

  r = Answer(lab, "answer-ticker", "  aaa \n");
  EXPECT_EQ(r["Correct"], true);
  EXPECT_NE(r["Feedback"].get<std::string>().find("definition A"), std::string::npos);
  EXPECT_NE(r["Feedback"].get<std::string>().find("+4.00"), std::string::npos);
  EXPECT_TRUE(Done(lab, "answer-ticker"));

  r = Answer(lab, "answer-ticker", "\"BBB\"");
  EXPECT_EQ(r["Correct"], true);
  EXPECT_NE(r["Feedback"].get<std::string>().find("definition B"), std::string::npos);
  EXPECT_NE(r["Feedback"].get<std::string>().find("from 50.00 to 53.00"), std::string::npos);
  EXPECT_EQ(Progress(lab)["Answers"]["answer-ticker"]["Answer"], "BBB");

  EXPECT_EQ(Err(lab, "Lab", "SubmitLabAnswer", {{"QuestionId", "answer-ticker"}, {"Answer", "  "}}).code,
            "InvalidArgumentException");
  EXPECT_EQ(Err(lab, "Lab", "SubmitLabAnswer", {{"QuestionId", "answer-ticker"}, {"Answer", 5}}).code,
            "SerializationException");
}

TEST(LabGuideTest, TickerAnswerWrongWhenAnotherTickerLeadsBothWays) {
  Lab lab(test::EmptyLab());
  test::MakeStream(lab, "s", "lab-bucket", 1, 60, "stocks/", true);
  PutRecords(lab, "s",
             {R"({"ticker_symbol":"AAA","change":1,"price":11})", R"({"ticker_symbol":"BBB","change":-1,"price":9})",
              R"({"ticker_symbol":"BBB","change":-1,"price":8})"});
  lab.Advance(60 * kUsPerSecond);
  Json r = Answer(lab, "answer-ticker", "bbb");
  EXPECT_EQ(r["Correct"], false);
  EXPECT_NE(r["Feedback"].get<std::string>().find("Not quite"), std::string::npos);
  EXPECT_EQ(Answer(lab, "answer-ticker", "AAA")["Correct"], true);
}

// The demo data, checked against an independent computation over the objects (one JSON record per line).
TEST(LabGuideTest, TickerAnswerMatchesTheDemoData) {
  Lab lab(test::EmptyLab());
  test::MakeStream(lab, "s", "lab-bucket", 1, 60, "stocks/", true);
  Ok(lab, "Lab", "StartDemoData", {{"DeliveryStreamName", "s"}, {"RecordsPerSecond", 50}, {"Seed", 9}});
  lab.Advance(5 * kUsPerMinute);
  std::map<std::string, int64_t> sum_cents;
  for (const auto& [key, object] : lab.s3().FindBucket("lab-bucket")->objects) {
    const std::string& body = *object.body;
    for (size_t pos = 0; pos < body.size();) {
      size_t nl = body.find('\n', pos);
      if (nl == std::string::npos) nl = body.size();
      auto rec = ParseJson(std::string_view(body).substr(pos, nl - pos));
      pos = nl + 1;
      ASSERT_TRUE(rec.has_value());
      sum_cents[(*rec)["ticker_symbol"].get<std::string>()] += std::llround((*rec)["change"].get<double>() * 100);
    }
  }
  ASSERT_GE(sum_cents.size(), 10u);
  std::string best, worst;
  for (const auto& [t, c] : sum_cents) {
    if (best.empty() || c > sum_cents[best]) best = t;
    if (worst.empty() || c < sum_cents[worst]) worst = t;
  }
  EXPECT_EQ(Answer(lab, "answer-ticker", worst)["Correct"], false);
  Json r = Answer(lab, "answer-ticker", best);
  EXPECT_EQ(r["Correct"], true) << r["Feedback"];
}

// A query reads what was delivered when it ran: an answer matching that data still counts after more data landed.
TEST(LabGuideTest, TickerAnswerAcceptsWhatTheLatestQuerySaw) {
  Lab lab(test::EmptyLab());
  test::MakeStream(lab, "s", "lab-bucket", 1, 60, "stocks/", true);
  const std::string output = "s3://lab-bucket/athena-results/";
  PutRecords(lab, "s", {R"({"ticker_symbol":"AAA","change":2,"price":12})",
                        R"({"ticker_symbol":"BBB","change":1,"price":11})"});
  lab.Advance(60 * kUsPerSecond);
  ASSERT_EQ(RunQuery(lab, TicksTable("stock_ticks", "s3://lab-bucket/stocks/"), output), "SUCCEEDED");
  ASSERT_EQ(RunQuery(lab, "SELECT ticker_symbol FROM stock_ticks", output), "SUCCEEDED");
  lab.Advance(1 * kUsPerSecond);
  PutRecords(lab, "s", {R"({"ticker_symbol":"BBB","change":5,"price":16})"});
  lab.Advance(60 * kUsPerSecond);
  EXPECT_EQ(Answer(lab, "answer-ticker", "AAA")["Correct"], true);  // what the query saw
  EXPECT_EQ(Answer(lab, "answer-ticker", "BBB")["Correct"], true);  // everything delivered now
}

TEST(LabGuideTest, FreeTextIsKeptAndCanBeCleared) {
  Lab lab(test::EmptyLab());
  EXPECT_EQ(Answer(lab, "athena-reminds", "  ")["Correct"], false);
  EXPECT_FALSE(Done(lab, "athena-reminds"));
  Json r = Answer(lab, "athena-reminds", "SQL over files, like SQLite on CSVs.");
  EXPECT_EQ(r["Correct"], true);
  EXPECT_TRUE(Done(lab, "athena-reminds"));
  EXPECT_EQ(Progress(lab)["Answers"]["athena-reminds"]["Answer"], "SQL over files, like SQLite on CSVs.");
  Answer(lab, "athena-reminds", "");
  EXPECT_FALSE(Done(lab, "athena-reminds"));
  EXPECT_EQ(Err(lab, "Lab", "SubmitLabAnswer",
                {{"QuestionId", "athena-reminds"}, {"Answer", std::string(LabGuide::kMaxFreeTextChars + 1, 'x')}})
                .code,
            "InvalidArgumentException");
  Answer(lab, "athena-reminds", std::string(LabGuide::kMaxFreeTextChars, 'x'));
  EXPECT_TRUE(Done(lab, "athena-reminds"));
}

TEST(LabGuideTest, SubmitAnswerRejectsBadQuestions) {
  Lab lab(test::EmptyLab());
  const uint64_t g = lab.generation();
  EXPECT_EQ(Err(lab, "Lab", "SubmitLabAnswer", {{"QuestionId", "q9"}, {"Answer", "x"}}).code,
            "InvalidArgumentException");
  EXPECT_EQ(Err(lab, "Lab", "SubmitLabAnswer", {{"Answer", "x"}}).code, "InvalidArgumentException");
  EXPECT_EQ(Err(lab, "Lab", "SubmitLabAnswer", {{"QuestionId", "athena-reminds"}}).code, "InvalidArgumentException");
  EXPECT_EQ(Err(lab, "Lab", "SubmitLabAnswer", {{"QuestionId", 1}, {"Answer", "x"}}).code, "SerializationException");
  EXPECT_EQ(lab.generation(), g);
  EXPECT_TRUE(Progress(lab)["Answers"].empty());
}

// [SECTION] the experiment action

TEST(LabGuideTest, ExperimentActionDefaultsAndValidation) {
  Lab lab(test::EmptyLab());
  const uint64_t g = lab.generation();
  EXPECT_EQ(Err(lab, "Lab", "RunBufferingExperiment", {{"Hints", {{{"IntervalInSeconds", 901}, {"SizeInMBs", 1}}}}})
                .code,
            "InvalidArgumentException");
  EXPECT_EQ(Err(lab, "Lab", "RunBufferingExperiment", {{"Hints", {{{"IntervalInSeconds", 60}}}}}).code,
            "InvalidArgumentException");
  EXPECT_EQ(Err(lab, "Lab", "RunBufferingExperiment", {{"Hints", {{{"IntervalInSeconds", "60"}, {"SizeInMBs", 1}}}}})
                .code,
            "SerializationException");
  EXPECT_EQ(Err(lab, "Lab", "RunBufferingExperiment", {{"Hints", {5}}}).code, "SerializationException");
  EXPECT_EQ(Err(lab, "Lab", "RunBufferingExperiment", {{"DurationSeconds", 30}}).code, "InvalidArgumentException");
  EXPECT_EQ(lab.generation(), g);
  EXPECT_FALSE(Done(lab, "buffering-experiment"));

  Json small = Ok(lab, "Lab", "RunBufferingExperiment",
                  {{"RecordsPerSecond", 10},
                   {"DurationSeconds", 600},
                   {"Hints", {{{"IntervalInSeconds", 60}, {"SizeInMBs", 1}}, {{"IntervalInSeconds", 0}, {"SizeInMBs", 1}}}}});
  ASSERT_EQ(small["Results"].size(), 2u);
  EXPECT_EQ(small["Results"][0]["Objects"], 10);
  EXPECT_EQ(small["Results"][0]["MeanRecordsPerObject"], 600.0);
  EXPECT_EQ(small["Results"][0]["ObjectsPerHour"], 60.0);
  EXPECT_EQ(small["Results"][0]["MeanFreshnessSeconds"], 30.5);
  EXPECT_EQ(small["Results"][0]["MaxFreshnessSeconds"], 60.0);
  EXPECT_EQ(small["Results"][0]["FlushReasons"]["Interval"], 10);
  EXPECT_EQ(small["Results"][0]["FlushReasons"]["Size"], 0);
  EXPECT_EQ(small["Results"][1]["Objects"], 600);
  EXPECT_EQ(small["RecordsSent"], 6000);
  EXPECT_TRUE(Done(lab, "buffering-experiment"));

  Json full = Ok(lab, "Lab", "RunBufferingExperiment", Json::object());
  ASSERT_EQ(full["Results"].size(), 4u);
  EXPECT_EQ(full["RecordsPerSecond"], 100);
  EXPECT_EQ(full["DurationSeconds"], 3600);
  EXPECT_EQ(full["Results"][0]["IntervalInSeconds"], 60);
  EXPECT_EQ(full["Results"][2]["SizeInMBs"], 128);
  EXPECT_EQ(Progress(lab)["LastExperiment"], full);
}

TEST(LabGuideTest, TheExperimentLeavesTheLabAlone) {
  Lab lab;
  const uint64_t objects = lab.s3().used_bytes();
  Ok(lab, "Lab", "RunBufferingExperiment", {{"RecordsPerSecond", 10}, {"DurationSeconds", 120}});
  EXPECT_EQ(lab.s3().used_bytes(), objects);
  EXPECT_EQ(Ok(lab, "S3", "ListBuckets", Json::object())["Buckets"].size(), 1u);
  EXPECT_EQ(Ok(lab, "Firehose", "ListDeliveryStreams", Json::object())["DeliveryStreamNames"].size(), 1u);
  EXPECT_EQ(lab.now(), LabOptions().start_time);
}

// [SECTION] persistence

TEST(LabGuideTest, StateRoundTripsIntoAFreshLab) {
  Lab lab(test::EmptyLab());
  test::MakeStream(lab, "s", "lab-bucket", 1, 60);
  Activity(lab, "OpenedDeliveryStream");
  Answer(lab, "athena-reminds", "grep with SQL");
  Answer(lab, "spot-buffering", {{"IntervalInSeconds", 60}, {"SizeInMBs", 1}});
  Ok(lab, "Lab", "RunBufferingExperiment", {{"RecordsPerSecond", 10}, {"DurationSeconds", 60}});
  const Json state = lab.guide().SaveState();
  const Json before = Progress(lab);

  Lab other(test::EmptyLab());
  test::MakeStream(other, "s", "lab-bucket", 1, 60);
  const uint64_t g = other.generation();
  ASSERT_TRUE(other.guide().LoadState(ParseJson(DumpJson(state)).value()).ok());
  EXPECT_GT(other.generation(), g);
  const Json after = Progress(other);
  EXPECT_EQ(after["Steps"], before["Steps"]);
  EXPECT_EQ(after["Answers"], before["Answers"]);
  EXPECT_EQ(after["LastExperiment"], before["LastExperiment"]);
  EXPECT_EQ(after["Completed"], 4);
}

TEST(LabGuideTest, BadStateIsRejectedAndChangesNothing) {
  Lab lab(test::EmptyLab());
  Activity(lab, "BrowsedBucket");
  const Json good = lab.guide().SaveState();
  for (const char* bad : {R"([])", R"({"Version":2,"Activities":{},"Completed":{},"Answers":{}})",
                          R"({"Version":1,"Activities":{"Flew":1},"Completed":{},"Answers":{}})",
                          R"({"Version":1,"Activities":{},"Completed":{"deploy-stack":"x"},"Answers":{}})",
                          R"({"Version":1,"Activities":{},"Completed":{},"Answers":{"q9":{}}})",
                          R"({"Version":1,"Activities":{},"Completed":{},"Answers":[]})",
                          R"({"Version":1,"Activities":{},"Completed":{},"Answers":{},"LastExperiment":3})"}) {
    EXPECT_FALSE(lab.guide().LoadState(ParseJson(bad).value()).ok()) << bad;
  }
  EXPECT_EQ(lab.guide().SaveState(), good);
  EXPECT_TRUE(Done(lab, "browse-bucket"));
}

// [SECTION] the ticker scanner

TEST(TickerImprovementTest, ToleratesMalformedTextAndOtherShapes) {
  TickerImprovementScan scan;
  scan.AddObject(R"({"ticker_symbol":"QXZ","change":-0.05,"price":84.51}{"ticker_symbol":"QXZ","change":0.1,)"
                 R"("price":84.61}garbage{"sector":"x"}{"ticker_symbol":"ASD","change":"0.5","price":"10",)"
                 R"("nested":{"a":[1,{"b":"}"}]}})"
                 "\n{\"ticker_symbol\":\"qxz\",\"change\":1e-2,\"price\":84.62}\n{\"ticker_symbol\":\"BAD\"");
  EXPECT_EQ(scan.objects(), 1u);
  EXPECT_EQ(scan.records(), 4u);
  EXPECT_EQ(scan.skipped_records(), 2u);  // no ticker; truncated
  const auto& t = scan.tickers();
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t.at("QXZ").records, 3u);
  EXPECT_EQ(t.at("QXZ").change_sum_cents, 6);
  EXPECT_DOUBLE_EQ(t.at("QXZ").first_price, 84.51);
  EXPECT_DOUBLE_EQ(t.at("QXZ").last_price, 84.62);
  EXPECT_EQ(t.at("ASD").change_sum_cents, 50);
  EXPECT_EQ(scan.BestBySumOfChange(), std::vector<std::string>{"ASD"});
  EXPECT_EQ(scan.BestByLastMinusFirst(), std::vector<std::string>({"QXZ"}));  // ASD: one record, 0 change
}

TEST(TickerImprovementTest, TiesAllWinAndEmptyHasNoWinner) {
  TickerImprovementScan empty;
  EXPECT_TRUE(empty.BestBySumOfChange().empty());
  EXPECT_TRUE(empty.BestByLastMinusFirst().empty());
  TickerImprovementScan scan;
  scan.AddObject(R"({"ticker_symbol":"A","change":1,"price":2}{"ticker_symbol":"B","change":1,"price":2})");
  EXPECT_EQ(scan.BestBySumOfChange(), std::vector<std::string>({"A", "B"}));
}

}  // namespace
}  // namespace fhl
