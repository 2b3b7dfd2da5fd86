// lab_test.cpp: the Lab as a whole: the one entry point (services, text form, bad input), the starting
// resources, simulated time in event order, and the lab scenario (demo data -> an object a minute).
#include <gtest/gtest.h>

#include "core/firehose_service.h"
#include "core/object_store.h"
#include "test_util.h"

namespace fhl {
namespace {

TEST(LabTest, StartsWithTheLabStreamAndBucket) {
  Lab lab;
  EXPECT_EQ(lab.lab_stream_name(), "ie-tech-mba-stream");
  const std::string& bucket = lab.lab_bucket_name();
  EXPECT_EQ(bucket.rfind("ie-tech-mba-message-queue-sink-", 0), 0u);
  EXPECT_EQ(bucket.substr(bucket.size() - 7), "-bucket");
  EXPECT_TRUE(ObjectStore::ValidateBucketName(bucket).ok());
  Json d = test::Ok(lab, "Firehose", "DescribeDeliveryStream", {{"DeliveryStreamName", "ie-tech-mba-stream"}});
  const Json& desc = d["DeliveryStreamDescription"];
  EXPECT_EQ(desc["DeliveryStreamStatus"], "ACTIVE");
  const Json& e = desc["Destinations"][0]["ExtendedS3DestinationDescription"];
  EXPECT_EQ(e["BufferingHints"]["IntervalInSeconds"], 60);
  EXPECT_EQ(e["BufferingHints"]["SizeInMBs"], 1);
  EXPECT_EQ(e["BucketARN"], "arn:aws:s3:::" + bucket);
  Json buckets = test::Ok(lab, "S3", "ListBuckets", Json::object())["Buckets"];
  ASSERT_EQ(buckets.size(), 1u);
  EXPECT_EQ(buckets[0]["Name"], bucket);
}

TEST(LabTest, DifferentSeedsGiveDifferentBucketSuffixes) {
  LabOptions a, b;
  a.seed = 1, b.seed = 2;
  EXPECT_NE(Lab(a).lab_bucket_name(), Lab(b).lab_bucket_name());
  EXPECT_EQ(Lab(a).lab_bucket_name(), Lab(a).lab_bucket_name());
}

TEST(LabTest, UnknownServiceAndAction) {
  Lab lab;
  EXPECT_EQ(test::Err(lab, "Kinesis", "PutRecord", Json::object()).code, "UnknownServiceException");
  EXPECT_EQ(test::Err(lab, "Lab", "Explode", Json::object()).code, "UnknownOperationException");
}

TEST(LabTest, CallTextAnswersValidJsonForEveryInput) {
  Lab lab;
  const uint64_t before = lab.generation();
  for (const char* bad : {"{", "nul", "[1,2", "\"unterminated", "{\"a\":}", "\xff\xfe"}) {
    auto answer = ParseJson(lab.CallText("Firehose", "PutRecord", bad));
    ASSERT_TRUE(answer.has_value()) << bad;
    EXPECT_EQ((*answer)["ok"], false);
    EXPECT_EQ((*answer)["error"]["code"], "SerializationException");
  }
  auto not_object = ParseJson(lab.CallText("Firehose", "PutRecord", "[1,2,3]"));
  EXPECT_EQ((*not_object)["error"]["code"], "SerializationException");
  EXPECT_EQ(lab.generation(), before);
  auto ok = ParseJson(lab.CallText("Lab", "GetClock", ""));
  EXPECT_EQ((*ok)["ok"], true);
  EXPECT_EQ((*ok)["body"]["Now"], "2026-01-01T00:00:00.000Z");
  auto err = ParseJson(lab.CallText("Firehose", "DescribeDeliveryStream", "{\"DeliveryStreamName\":\"x\"}"));
  EXPECT_EQ((*err)["error"]["code"], "ResourceNotFoundException");
  EXPECT_EQ((*err)["error"]["message"], "Firehose x under account 123456789012 not found.");
  EXPECT_EQ((*err)["error"]["status"], 400);
}

TEST(LabTest, AdvanceClockIsExactAndBounded) {
  Lab lab;
  test::Ok(lab, "Lab", "AdvanceClock", {{"Seconds", 1.5}});
  EXPECT_EQ(test::Ok(lab, "Lab", "GetClock", Json::object())["Now"], "2026-01-01T00:00:01.500Z");
  EXPECT_EQ(test::Err(lab, "Lab", "AdvanceClock", {{"Seconds", -1}}).code, "InvalidArgumentException");
  EXPECT_EQ(test::Err(lab, "Lab", "AdvanceClock", {{"Seconds", "ten"}}).code, "SerializationException");
  EXPECT_EQ(lab.now(), FromCivil({2026, 1, 1, 0, 0, 1, 500000}));
}

// The lab scenario: demo data at 100 records/s into 60 s / 1 MiB buffers gives one object per minute,
// named after its oldest record, holding every record sent in that minute, newline-delimited.
TEST(LabTest, DemoDataGivesAnObjectAboutEveryMinute) {
  Lab lab;
  const std::string stream = lab.lab_stream_name(), bucket = lab.lab_bucket_name();
  test::Ok(lab, "Lab", "StartDemoData", {{"DeliveryStreamName", stream}, {"Seed", 11}});
  lab.Advance(125 * kUsPerSecond);
  Json contents = test::ListAll(lab, bucket, "stocks/");
  ASSERT_EQ(contents.size(), 2u);
  EXPECT_EQ(contents[0]["Key"].get<std::string>().rfind("stocks/2026/01/01/00/ie-tech-mba-stream-1-2026-01-01-00-00-00-", 0), 0u);
  EXPECT_EQ(contents[1]["Key"].get<std::string>().rfind("stocks/2026/01/01/00/ie-tech-mba-stream-1-2026-01-01-00-01-00-", 0), 0u);
  EXPECT_EQ(contents[0]["LastModified"], "2026-01-01T00:01:00.000Z");
  EXPECT_EQ(contents[1]["LastModified"], "2026-01-01T00:02:00.000Z");
  const std::string body = test::GetBody(lab, bucket, contents[0]["Key"]);
  size_t lines = 0;
  for (size_t pos = 0; pos < body.size();) {
    const size_t nl = body.find('\n', pos);
    ASSERT_NE(nl, std::string::npos);
    ASSERT_TRUE(ParseJson(body.substr(pos, nl - pos)).has_value());
    ++lines, pos = nl + 1;
  }
  EXPECT_EQ(lines, 6000u);  // 60 rounds of 100 records
  Json deliveries = test::Ok(lab, "Lab", "ListDeliveries", {{"DeliveryStreamName", stream}})["Deliveries"];
  ASSERT_EQ(deliveries.size(), 2u);
  EXPECT_EQ(deliveries[0]["Reason"], "BufferingInterval");
  EXPECT_EQ(deliveries[0]["Records"], 6000);
  EXPECT_EQ(deliveries[0]["Key"], contents[0]["Key"]);
}

TEST(LabTest, SameSeedSameObjectsRegardlessOfStepSize) {
  auto run = [](TimeUs step) {
    LabOptions o;
    o.seed = 9;
    Lab lab(o);
    test::Ok(lab, "Lab", "StartDemoData", {{"DeliveryStreamName", lab.lab_stream_name()}, {"Seed", 4}});
    for (TimeUs t = 0; t < 181 * kUsPerSecond; t += step) lab.Advance(step);
    std::string all;
    for (const Json& o2 : test::ListAll(lab, lab.lab_bucket_name())) {
      all += o2["Key"].get<std::string>() + o2["LastModified"].get<std::string>() + o2["ETag"].get<std::string>();
    }
    return all;
  };
  const std::string coarse = run(181 * kUsPerSecond);
  EXPECT_FALSE(coarse.empty());
  EXPECT_EQ(coarse, run(kUsPerSecond / 60 * 7));  // odd frame-like steps
  EXPECT_EQ(coarse, run(kUsPerSecond));
}

TEST(LabTest, TwentyFourHoursOfDemoDataKeepsMetricsBounded) {
  Lab lab;
  test::Ok(lab, "Lab", "StartDemoData", {{"DeliveryStreamName", lab.lab_stream_name()}, {"RecordsPerSecond", 10}});
  for (int h = 0; h < 24; ++h) lab.Advance(kUsPerHour);
  // 7 series x (3 h of 1 s cells + 24 h of 1 min cells) at most.
  EXPECT_LE(lab.metrics().cell_count(), 7u * (3 * 3600 + 24 * 60 + 2));
  EXPECT_EQ(test::ListAll(lab, lab.lab_bucket_name()).size(), 1000u);  // first page of 1,440 objects
}

}  // namespace
}  // namespace fhl
