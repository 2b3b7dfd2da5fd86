// firehose_test.cpp: Firehose through Lab::Call: lifecycle, limits and exact error texts, buffering boundaries,
// byte-exact delivery, object keys, UpdateDestination, deletion, delivery failures, metrics.
#include <gtest/gtest.h>

#include "core/firehose_service.h"
#include "core/metrics_store.h"
#include "core/object_store.h"
#include "test_util.h"

namespace fhl {
namespace {

using test::Err;
using test::kStart;
using test::Ok;
using test::Record;

class FirehoseTest : public ::testing::Test {
 protected:
  FirehoseTest() : lab_(test::EmptyLab()) {}
  Lab lab_;
};

// [SECTION] lifecycle and describe

TEST_F(FirehoseTest, CreateIsCreatingThenActiveAfterFiveSeconds) {
  Ok(lab_, "S3", "CreateBucket", {{"Bucket", "b-1"}});
  Json created = Ok(lab_, "Firehose", "CreateDeliveryStream",
                    {{"DeliveryStreamName", "s1"}, {"ExtendedS3DestinationConfiguration", test::S3Destination("b-1", 1, 60)}});
  EXPECT_EQ(created["DeliveryStreamARN"], "arn:aws:firehose:us-east-1:123456789012:deliverystream/s1");
  Json d = Ok(lab_, "Firehose", "DescribeDeliveryStream", {{"DeliveryStreamName", "s1"}})["DeliveryStreamDescription"];
  EXPECT_EQ(d["DeliveryStreamStatus"], "CREATING");
  lab_.Advance(5 * kUsPerSecond - 1);
  d = Ok(lab_, "Firehose", "DescribeDeliveryStream", {{"DeliveryStreamName", "s1"}})["DeliveryStreamDescription"];
  EXPECT_EQ(d["DeliveryStreamStatus"], "CREATING");
  lab_.Advance(1);
  d = Ok(lab_, "Firehose", "DescribeDeliveryStream", {{"DeliveryStreamName", "s1"}})["DeliveryStreamDescription"];
  EXPECT_EQ(d["DeliveryStreamStatus"], "ACTIVE");
  EXPECT_EQ(d["VersionId"], "1");
  EXPECT_EQ(d["DeliveryStreamType"], "DirectPut");
  EXPECT_EQ(d["HasMoreDestinations"], false);
  EXPECT_EQ(d["CreateTimestamp"], ToEpochSeconds(kStart));
  const Json& dest = d["Destinations"][0];
  EXPECT_EQ(dest["DestinationId"], "destinationId-000000000001");
  EXPECT_EQ(dest["ExtendedS3DestinationDescription"]["BufferingHints"]["SizeInMBs"], 1);
  EXPECT_EQ(dest["ExtendedS3DestinationDescription"]["BufferingHints"]["IntervalInSeconds"], 60);
  EXPECT_EQ(dest["ExtendedS3DestinationDescription"]["CompressionFormat"], "UNCOMPRESSED");
  EXPECT_EQ(dest["S3DestinationDescription"]["BucketARN"], "arn:aws:s3:::b-1");
}

TEST_F(FirehoseTest, DescribeEchoesAwsDefaultsWhenHintsAreOmitted) {
  Ok(lab_, "Firehose", "CreateDeliveryStream",
     {{"DeliveryStreamName", "d"},
      {"ExtendedS3DestinationConfiguration",
       {{"RoleARN", "arn:aws:iam::123456789012:role/r"}, {"BucketARN", "arn:aws:s3:::bkt"}}}});
  Json e = Ok(lab_, "Firehose", "DescribeDeliveryStream", {{"DeliveryStreamName", "d"}})["DeliveryStreamDescription"]
               ["Destinations"][0]["ExtendedS3DestinationDescription"];
  EXPECT_EQ(e["BufferingHints"]["SizeInMBs"], 5);
  EXPECT_EQ(e["BufferingHints"]["IntervalInSeconds"], 300);
  EXPECT_EQ(e["Prefix"], "");
  EXPECT_EQ(e["EncryptionConfiguration"]["NoEncryptionConfig"], "NoEncryption");
  EXPECT_EQ(e["S3BackupMode"], "Disabled");
  EXPECT_EQ(e["CloudWatchLoggingOptions"]["Enabled"], false);
}

TEST_F(FirehoseTest, ListPagesByLimitAndExclusiveStart) {
  for (const char* n : {"c", "a", "b"}) {
    Ok(lab_, "Firehose", "CreateDeliveryStream",
       {{"DeliveryStreamName", n}, {"ExtendedS3DestinationConfiguration", test::S3Destination("x-bucket", 1, 60)}});
  }
  Json page = Ok(lab_, "Firehose", "ListDeliveryStreams", {{"Limit", 2}});
  EXPECT_EQ(page["DeliveryStreamNames"], Json::array({"a", "b"}));
  EXPECT_EQ(page["HasMoreDeliveryStreams"], true);
  page = Ok(lab_, "Firehose", "ListDeliveryStreams", {{"ExclusiveStartDeliveryStreamName", "b"}});
  EXPECT_EQ(page["DeliveryStreamNames"], Json::array({"c"}));
  EXPECT_EQ(page["HasMoreDeliveryStreams"], false);
  EXPECT_EQ(Err(lab_, "Firehose", "ListDeliveryStreams", {{"Limit", 0}}).code, "ValidationException");
}

TEST_F(FirehoseTest, DuplicateNameAndQuota) {
  Json req = {{"DeliveryStreamName", "dup"}, {"ExtendedS3DestinationConfiguration", test::S3Destination("x-bucket", 1, 60)}};
  Ok(lab_, "Firehose", "CreateDeliveryStream", req);
  EXPECT_EQ(Err(lab_, "Firehose", "CreateDeliveryStream", req).code, "ResourceInUseException");
  for (int i = 1; i < 50; ++i) {
    req["DeliveryStreamName"] = "s" + std::to_string(i);
    Ok(lab_, "Firehose", "CreateDeliveryStream", req);
  }
  req["DeliveryStreamName"] = "one-too-many";
  EXPECT_EQ(Err(lab_, "Firehose", "CreateDeliveryStream", req).code, "LimitExceededException");
}

// [SECTION] names and hints

TEST_F(FirehoseTest, NameRulesWithAwsTexts) {
  Json req = {{"ExtendedS3DestinationConfiguration", test::S3Destination("x-bucket", 1, 60)}};
  req["DeliveryStreamName"] = std::string(64, 'a');
  Ok(lab_, "Firehose", "CreateDeliveryStream", req);
  const std::string long_name(65, 'a');
  req["DeliveryStreamName"] = long_name;
  ApiError e = Err(lab_, "Firehose", "CreateDeliveryStream", req);
  EXPECT_EQ(e.code, "ValidationException");
  EXPECT_EQ(e.message, "1 validation error detected: Value '" + long_name +
                           "' at 'deliveryStreamName' failed to satisfy constraint: Member must have length less than "
                           "or equal to 64");
  req["DeliveryStreamName"] = "bad name!";
  e = Err(lab_, "Firehose", "CreateDeliveryStream", req);
  EXPECT_EQ(e.message,
            "1 validation error detected: Value 'bad name!' at 'deliveryStreamName' failed to satisfy constraint: "
            "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
  req["DeliveryStreamName"] = "";
  EXPECT_EQ(Err(lab_, "Firehose", "CreateDeliveryStream", req).message,
            "1 validation error detected: Value '' at 'deliveryStreamName' failed to satisfy constraint: Member must "
            "have length greater than or equal to 1");
  req.erase("DeliveryStreamName");
  EXPECT_EQ(Err(lab_, "Firehose", "CreateDeliveryStream", req).message,
            "1 validation error detected: Value null at 'deliveryStreamName' failed to satisfy constraint: Member "
            "must not be null");
}

TEST_F(FirehoseTest, BufferingHintRangesAtTheirBoundaries) {
  auto create = [&](const std::string& name, int size, int interval) {
    return lab_.Call("Firehose", "CreateDeliveryStream",
                     {{"DeliveryStreamName", name},
                      {"ExtendedS3DestinationConfiguration", test::S3Destination("x-bucket", size, interval)}});
  };
  EXPECT_TRUE(create("ok-min", 1, 0).ok());
  EXPECT_TRUE(create("ok-max", 128, 900).ok());
  Response r = create("bad-interval", 1, 901);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->message,
            "1 validation error detected: Value '901' at "
            "'extendedS3DestinationConfiguration.bufferingHints.intervalInSeconds' failed to satisfy constraint: "
            "Member must have value less than or equal to 900");
  r = create("bad-both", 129, -1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->message.rfind("2 validation errors detected: Value '129' at "
                                   "'extendedS3DestinationConfiguration.bufferingHints.sizeInMBs'",
                                   0),
            0u)
      << r.error->message;
  EXPECT_FALSE(create("bad-size", 0, 60).ok());
  EXPECT_EQ(Err(lab_, "Firehose", "DescribeDeliveryStream", {{"DeliveryStreamName", "bad-size"}}).code,
            "ResourceNotFoundException");
  Json half = test::S3Destination("x-bucket", 1, 60);
  half["BufferingHints"].erase("IntervalInSeconds");
  EXPECT_EQ(Err(lab_, "Firehose", "CreateDeliveryStream",
                {{"DeliveryStreamName", "half"}, {"ExtendedS3DestinationConfiguration", half}})
                .code,
            "InvalidArgumentException");
}

TEST_F(FirehoseTest, DestinationRules) {
  EXPECT_EQ(Err(lab_, "Firehose", "CreateDeliveryStream", {{"DeliveryStreamName", "n"}}).message,
            "Exactly one destination configuration is supported for a Firehose");
  Json two = {{"DeliveryStreamName", "n"},
              {"ExtendedS3DestinationConfiguration", test::S3Destination("x-bucket", 1, 60)},
              {"S3DestinationConfiguration", test::S3Destination("x-bucket", 1, 60)}};
  EXPECT_EQ(Err(lab_, "Firehose", "CreateDeliveryStream", two).code, "InvalidArgumentException");
  Json no_role = test::S3Destination("x-bucket", 1, 60);
  no_role.erase("RoleARN");
  EXPECT_EQ(Err(lab_, "Firehose", "CreateDeliveryStream",
                {{"DeliveryStreamName", "n"}, {"ExtendedS3DestinationConfiguration", no_role}})
                .message,
            "1 validation error detected: Value null at 'extendedS3DestinationConfiguration.roleARN' failed to "
            "satisfy constraint: Member must not be null");
  Json bad_format = test::S3Destination("x-bucket", 1, 60);
  bad_format["CompressionFormat"] = "SNAPPY";
  EXPECT_EQ(Err(lab_, "Firehose", "CreateDeliveryStream",
                {{"DeliveryStreamName", "n"}, {"ExtendedS3DestinationConfiguration", bad_format}})
                .message,
            "1 validation error detected: Value 'SNAPPY' at 'extendedS3DestinationConfiguration.compressionFormat' "
            "failed to satisfy constraint: Member must satisfy enum value set: [ZIP, HADOOP_SNAPPY, Snappy, GZIP, "
            "UNCOMPRESSED]");
  Json bad_arn = test::S3Destination("x-bucket", 1, 60);
  bad_arn["BucketARN"] = "s3://x-bucket";
  EXPECT_EQ(Err(lab_, "Firehose", "CreateDeliveryStream",
                {{"DeliveryStreamName", "n"}, {"ExtendedS3DestinationConfiguration", bad_arn}})
                .code,
            "ValidationException");
  Json expr = test::S3Destination("x-bucket", 1, 60, "data/!{timestamp:yyyy}/");
  EXPECT_EQ(Err(lab_, "Firehose", "CreateDeliveryStream",
                {{"DeliveryStreamName", "n"}, {"ExtendedS3DestinationConfiguration", expr}})
                .message,
            "ErrorOutputPrefix cannot be null or empty when Prefix contains expressions.");
  Json wrong_type = test::S3Destination("x-bucket", 1, 60);
  wrong_type["BufferingHints"]["SizeInMBs"] = "one";
  EXPECT_EQ(Err(lab_, "Firehose", "CreateDeliveryStream",
                {{"DeliveryStreamName", "n"}, {"ExtendedS3DestinationConfiguration", wrong_type}})
                .code,
            "SerializationException");
}

// [SECTION] puts and their limits

class ActiveStreamTest : public FirehoseTest {
 protected:
  void SetUp() override { test::MakeStream(lab_, "s", "bkt", 1, 60); }
  Json Batch(size_t count, size_t bytes_each) {
    Json records = Json::array();
    for (size_t i = 0; i < count; ++i) records.push_back(Record(std::string(bytes_each, 'x')));
    return {{"DeliveryStreamName", "s"}, {"Records", records}};
  }
  uint64_t Buffered() { return lab_.firehose().Find("s")->buffer.bytes.size(); }
};

TEST_F(ActiveStreamTest, UnknownStreamAndNotActiveTexts) {
  ApiError e = Err(lab_, "Firehose", "PutRecord", {{"DeliveryStreamName", "nope"}, {"Record", Record("x")}});
  EXPECT_EQ(e.code, "ResourceNotFoundException");
  EXPECT_EQ(e.message, "Firehose nope under account 123456789012 not found.");
  Ok(lab_, "Firehose", "CreateDeliveryStream",
     {{"DeliveryStreamName", "young"}, {"ExtendedS3DestinationConfiguration", test::S3Destination("bkt", 1, 60)}});
  EXPECT_EQ(Err(lab_, "Firehose", "PutRecord", {{"DeliveryStreamName", "young"}, {"Record", Record("x")}}).code,
            "ResourceNotFoundException");
}

TEST_F(ActiveStreamTest, RecordOf1024000BytesIsAcceptedAnd1024001IsNot) {
  Json ok = Ok(lab_, "Firehose", "PutRecord",
               {{"DeliveryStreamName", "s"}, {"Record", Record(std::string(1024000, 'a'))}});
  EXPECT_TRUE(ok["RecordId"].is_string());
  EXPECT_EQ(ok["Encrypted"], false);
  const uint64_t before = lab_.generation();
  ApiError e = Err(lab_, "Firehose", "PutRecord", {{"DeliveryStreamName", "s"}, {"Record", Record(std::string(1024001, 'a'))}});
  EXPECT_EQ(e.code, "ValidationException");
  EXPECT_EQ(e.message,
            "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=1024001 cap=1024001]' at "
            "'record.data' failed to satisfy constraint: Member must have length less than or equal to 1024000");
  EXPECT_EQ(lab_.generation(), before);
}

TEST_F(ActiveStreamTest, EmptyRecordIsAccepted) {
  Ok(lab_, "Firehose", "PutRecord", {{"DeliveryStreamName", "s"}, {"Record", Record("")}});
  EXPECT_EQ(lab_.firehose().Find("s")->buffer.records, 1u);
}

TEST_F(ActiveStreamTest, BatchOf500IsAcceptedAnd501IsNot) {
  Json ok = Ok(lab_, "Firehose", "PutRecordBatch", Batch(500, 10));
  EXPECT_EQ(ok["FailedPutCount"], 0);
  EXPECT_EQ(ok["RequestResponses"].size(), 500u);
  EXPECT_TRUE(ok["RequestResponses"][499]["RecordId"].is_string());
  EXPECT_EQ(Buffered(), 5000u);
  ApiError e = Err(lab_, "Firehose", "PutRecordBatch", Batch(501, 10));
  EXPECT_EQ(e.code, "ValidationException");
  EXPECT_NE(e.message.find("at 'records' failed to satisfy constraint: Member must have length less than or equal to 500"),
            std::string::npos);
  EXPECT_EQ(Buffered(), 5000u);
  EXPECT_EQ(Err(lab_, "Firehose", "PutRecordBatch", Batch(0, 10)).code, "ValidationException");
}

TEST_F(ActiveStreamTest, BatchOfExactly4MiBIsAcceptedAndOneByteMoreIsNot) {
  // 4 x 1,000,000 + 194,304 = 4,194,304 bytes = 4 MiB.
  Json batch = Batch(4, 1000000);
  batch["Records"].push_back(Record(std::string(194304, 'y')));
  // Use a stream with a big buffer so nothing is delivered in between.
  test::MakeStream(lab_, "big", "bkt", 128, 900);
  batch["DeliveryStreamName"] = "big";
  Ok(lab_, "Firehose", "PutRecordBatch", batch);
  EXPECT_EQ(lab_.firehose().Find("big")->buffer.bytes.size(), 4194304u);
  batch["Records"][4] = Record(std::string(194305, 'y'));
  ApiError e = Err(lab_, "Firehose", "PutRecordBatch", batch);
  EXPECT_EQ(e.code, "InvalidArgumentException");
  EXPECT_EQ(e.message, "Records size exceeds 4 MB limit");
  EXPECT_EQ(lab_.firehose().Find("big")->buffer.bytes.size(), 4194304u);
}

TEST_F(ActiveStreamTest, OversizeRecordsInABatchAreAllReportedWithOneBasedPaths) {
  Json batch = Batch(3, 10);
  batch["Records"][0] = Record(std::string(1024001, 'a'));
  batch["Records"][2] = Record(std::string(1024002, 'a'));
  ApiError e = Err(lab_, "Firehose", "PutRecordBatch", batch);
  EXPECT_EQ(e.message.rfind("2 validation errors detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=1024001 "
                            "cap=1024001]' at 'records.1.member.data'",
                            0),
            0u)
      << e.message;
  EXPECT_NE(e.message.find("; Value 'java.nio.HeapByteBuffer[pos=0 lim=1024002 cap=1024002]' at 'records.3.member.data'"),
            std::string::npos);
  EXPECT_EQ(Buffered(), 0u);
}

TEST_F(ActiveStreamTest, MalformedBase64IsASerializationError) {
  EXPECT_EQ(Err(lab_, "Firehose", "PutRecord", {{"DeliveryStreamName", "s"}, {"Record", {{"Data", "not base64!"}}}}).code,
            "SerializationException");
}

// [SECTION] buffering boundaries

TEST_F(ActiveStreamTest, FlushesAtExactlyTheInterval) {
  const TimeUs t0 = lab_.now();
  Ok(lab_, "Firehose", "PutRecord", {{"DeliveryStreamName", "s"}, {"Record", Record("abc")}});
  lab_.Advance(60 * kUsPerSecond - 1);
  EXPECT_EQ(test::ListAll(lab_, "bkt").size(), 0u);
  lab_.Advance(1);
  Json contents = test::ListAll(lab_, "bkt");
  ASSERT_EQ(contents.size(), 1u);
  EXPECT_EQ(contents[0]["LastModified"], FormatIso8601(t0 + 60 * kUsPerSecond));
  EXPECT_EQ(contents[0]["Size"], 3);
  const auto& log = lab_.firehose().Find("s")->delivery_log;
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].reason, FlushReason::kBufferingInterval);
}

TEST_F(ActiveStreamTest, IntervalCountsFromTheOldestRecordNotTheLatest) {
  const TimeUs t0 = lab_.now();
  Ok(lab_, "Firehose", "PutRecord", {{"DeliveryStreamName", "s"}, {"Record", Record("a")}});
  lab_.Advance(59 * kUsPerSecond);
  Ok(lab_, "Firehose", "PutRecord", {{"DeliveryStreamName", "s"}, {"Record", Record("b")}});
  lab_.Advance(1 * kUsPerSecond);
  Json contents = test::ListAll(lab_, "bkt");
  ASSERT_EQ(contents.size(), 1u);
  EXPECT_EQ(test::GetBody(lab_, "bkt", contents[0]["Key"]), "ab");
  EXPECT_EQ(contents[0]["LastModified"], FormatIso8601(t0 + 60 * kUsPerSecond));
}

TEST_F(ActiveStreamTest, FlushesAtExactlyTheSizeAndNotOneByteBefore) {
  // 1 MiB = 1,048,576 bytes: one byte short stays buffered, the byte that reaches it delivers.
  Ok(lab_, "Firehose", "PutRecord", {{"DeliveryStreamName", "s"}, {"Record", Record(std::string(1000000, 'a'))}});
  Ok(lab_, "Firehose", "PutRecord", {{"DeliveryStreamName", "s"}, {"Record", Record(std::string(48575, 'b'))}});
  EXPECT_EQ(test::ListAll(lab_, "bkt").size(), 0u);
  EXPECT_EQ(Buffered(), 1048575u);
  Ok(lab_, "Firehose", "PutRecord", {{"DeliveryStreamName", "s"}, {"Record", Record("c")}});
  Json contents = test::ListAll(lab_, "bkt");
  ASSERT_EQ(contents.size(), 1u);
  EXPECT_EQ(contents[0]["Size"], 1048576);
  EXPECT_EQ(contents[0]["LastModified"], FormatIso8601(lab_.now()));
  EXPECT_EQ(lab_.firehose().Find("s")->delivery_log.back().reason, FlushReason::kBufferingSize);
  EXPECT_EQ(Buffered(), 0u);
}

TEST_F(ActiveStreamTest, SizeFlushInsideABatchStartsANewBuffer) {
  // 300 records x 4,000 bytes = 1.2 MB: the record that reaches 1 MiB closes the first object.
  Ok(lab_, "Firehose", "PutRecordBatch", Batch(300, 4000));
  Json contents = test::ListAll(lab_, "bkt");
  ASSERT_EQ(contents.size(), 1u);
  EXPECT_EQ(contents[0]["Size"], 263 * 4000);  // 262 x 4000 = 1,048,000 < 1 MiB; the 263rd reaches it
  EXPECT_EQ(Buffered(), (300u - 263u) * 4000u);
}

TEST_F(ActiveStreamTest, ZeroIntervalDeliversAsPartOfThePut) {
  test::MakeStream(lab_, "zero", "bkt", 1, 0, "zero/");
  Ok(lab_, "Firehose", "PutRecordBatch", {{"DeliveryStreamName", "zero"}, {"Records", {Record("a"), Record("b")}}});
  Json contents = test::ListAll(lab_, "bkt", "zero/");
  ASSERT_EQ(contents.size(), 1u);
  EXPECT_EQ(test::GetBody(lab_, "bkt", contents[0]["Key"]), "ab");
}

TEST_F(ActiveStreamTest, RecordsAreConcatenatedWithoutDelimiter) {
  Ok(lab_, "Firehose", "PutRecordBatch",
     {{"DeliveryStreamName", "s"}, {"Records", {Record("abc"), Record("abc"), Record("abc")}}});
  lab_.Advance(60 * kUsPerSecond);
  Json contents = test::ListAll(lab_, "bkt");
  ASSERT_EQ(contents.size(), 1u);
  EXPECT_EQ(test::GetBody(lab_, "bkt", contents[0]["Key"]), "abcabcabc");
}

TEST_F(ActiveStreamTest, AppendDelimiterToRecordAddsANewlinePerRecord) {
  test::MakeStream(lab_, "nl", "bkt", 1, 60, "nl/", /*newline=*/true);
  Ok(lab_, "Firehose", "PutRecordBatch",
     {{"DeliveryStreamName", "nl"}, {"Records", {Record("abc"), Record("abc"), Record("abc")}}});
  lab_.Advance(60 * kUsPerSecond);
  Json contents = test::ListAll(lab_, "bkt", "nl/");
  ASSERT_EQ(contents.size(), 1u);
  EXPECT_EQ(test::GetBody(lab_, "bkt", contents[0]["Key"]), "abc\nabc\nabc\n");
}

// [SECTION] object keys

std::string KeyFor(TimeUs start, const std::string& prefix) {
  Lab lab(test::EmptyLab(start - 5 * kUsPerSecond));
  test::MakeStream(lab, "lab-stream", "bkt", 1, 60, prefix);
  test::Ok(lab, "Firehose", "PutRecord", {{"DeliveryStreamName", "lab-stream"}, {"Record", Record("r")}});
  lab.Advance(60 * kUsPerSecond);
  Json contents = test::ListAll(lab, "bkt");
  return contents.size() == 1 ? contents[0]["Key"].get<std::string>() : "<none>";
}

void ExpectKey(const std::string& key, const std::string& expected_before_uuid) {
  ASSERT_EQ(key.size(), expected_before_uuid.size() + 36) << key;
  EXPECT_EQ(key.substr(0, expected_before_uuid.size()), expected_before_uuid);
  const std::string uuid = key.substr(expected_before_uuid.size());
  EXPECT_EQ(uuid[8], '-');
  EXPECT_EQ(uuid[14], '4');  // version 4
}

TEST(ObjectKeyTest, PrefixPlusUtcHourFolderPlusNameVersionAndOldestArrival) {
  // Oldest record at 2025-03-14T09:26:53Z (the facts' example key).
  const TimeUs t = FromCivil({2025, 3, 14, 9, 26, 53, 0});
  ExpectKey(KeyFor(t, "stocks/"), "stocks/2025/03/14/09/lab-stream-1-2025-03-14-09-26-53-");
}

TEST(ObjectKeyTest, StaticPrefixWithoutSlashIsConcatenatedLiterally) {
  const TimeUs t = FromCivil({2026, 7, 13, 14, 0, 0, 0});
  ExpectKey(KeyFor(t, "legacy"), "legacy2026/07/13/14/lab-stream-1-2026-07-13-14-00-00-");
  ExpectKey(KeyFor(t, ""), "2026/07/13/14/lab-stream-1-2026-07-13-14-00-00-");
}

TEST(ObjectKeyTest, KeyUsesTheOldestRecordAcrossHourDayAndYearBoundaries) {
  // The record arrives in the last second of 2026; delivery happens in 2027, the key stays in 2026.
  const TimeUs t = FromCivil({2026, 12, 31, 23, 59, 59, 0});
  ExpectKey(KeyFor(t, "stocks/"), "stocks/2026/12/31/23/lab-stream-1-2026-12-31-23-59-59-");
  const TimeUs leap = FromCivil({2028, 2, 29, 0, 0, 0, 0});
  ExpectKey(KeyFor(leap, "p/"), "p/2028/02/29/00/lab-stream-1-2028-02-29-00-00-00-");
}

TEST(ObjectKeyTest, PrefixExpressionsAreEvaluatedAndNothingIsAppended) {
  Lab lab(test::EmptyLab(FromCivil({2026, 5, 6, 7, 8, 9, 0})));
  Json dest = test::S3Destination("bkt", 1, 60, "year=!{timestamp:yyyy}/month=!{timestamp:MM}/");
  dest["ErrorOutputPrefix"] = "errors/!{firehose:error-output-type}/";
  test::Ok(lab, "S3", "CreateBucket", {{"Bucket", "bkt"}});
  test::Ok(lab, "Firehose", "CreateDeliveryStream", {{"DeliveryStreamName", "e"}, {"ExtendedS3DestinationConfiguration", dest}});
  lab.Advance(5 * kUsPerSecond);
  test::Ok(lab, "Firehose", "PutRecord", {{"DeliveryStreamName", "e"}, {"Record", Record("r")}});
  lab.Advance(60 * kUsPerSecond);
  Json contents = test::ListAll(lab, "bkt");
  ASSERT_EQ(contents.size(), 1u);
  ExpectKey(contents[0]["Key"], "year=2026/month=05/e-1-2026-05-06-07-08-14-");
}

// [SECTION] update, delete, failures

TEST_F(ActiveStreamTest, UpdateDestinationBumpsVersionKeepsBufferAndNamesNewObjects) {
  Ok(lab_, "Firehose", "PutRecord", {{"DeliveryStreamName", "s"}, {"Record", Record("kept")}});
  ApiError stale = Err(lab_, "Firehose", "UpdateDestination",
                       {{"DeliveryStreamName", "s"},
                        {"CurrentDeliveryStreamVersionId", "7"},
                        {"DestinationId", "destinationId-000000000001"},
                        {"ExtendedS3DestinationUpdate", {{"BufferingHints", {{"SizeInMBs", 1}, {"IntervalInSeconds", 120}}}}}});
  EXPECT_EQ(stale.code, "ConcurrentModificationException");
  EXPECT_EQ(stale.message, "Cannot update firehose: s since the current version id: 1 and specified version id: 7 do not match");
  Ok(lab_, "Firehose", "UpdateDestination",
     {{"DeliveryStreamName", "s"},
      {"CurrentDeliveryStreamVersionId", "1"},
      {"DestinationId", "destinationId-000000000001"},
      {"ExtendedS3DestinationUpdate", {{"BufferingHints", {{"SizeInMBs", 1}, {"IntervalInSeconds", 120}}}}}});
  Json d = Ok(lab_, "Firehose", "DescribeDeliveryStream", {{"DeliveryStreamName", "s"}})["DeliveryStreamDescription"];
  EXPECT_EQ(d["VersionId"], "2");
  EXPECT_EQ(d["Destinations"][0]["ExtendedS3DestinationDescription"]["BufferingHints"]["IntervalInSeconds"], 120);
  EXPECT_EQ(d["Destinations"][0]["ExtendedS3DestinationDescription"]["Prefix"], "stocks/");  // merged, not replaced
  lab_.Advance(60 * kUsPerSecond);
  EXPECT_EQ(test::ListAll(lab_, "bkt").size(), 0u);  // the new 120 s interval applies to the buffered record
  lab_.Advance(60 * kUsPerSecond);
  Json contents = test::ListAll(lab_, "bkt");
  ASSERT_EQ(contents.size(), 1u);
  EXPECT_NE(contents[0]["Key"].get<std::string>().find("/s-2-"), std::string::npos);
  EXPECT_EQ(test::GetBody(lab_, "bkt", contents[0]["Key"]), "kept");
}

TEST_F(ActiveStreamTest, DeleteDiscardsBufferAndRemovesTheStreamAfterDeleting) {
  Ok(lab_, "Firehose", "PutRecord", {{"DeliveryStreamName", "s"}, {"Record", Record("lost")}});
  Ok(lab_, "Firehose", "DeleteDeliveryStream", {{"DeliveryStreamName", "s"}});
  Json d = Ok(lab_, "Firehose", "DescribeDeliveryStream", {{"DeliveryStreamName", "s"}})["DeliveryStreamDescription"];
  EXPECT_EQ(d["DeliveryStreamStatus"], "DELETING");
  EXPECT_EQ(Err(lab_, "Firehose", "PutRecord", {{"DeliveryStreamName", "s"}, {"Record", Record("x")}}).code,
            "ResourceNotFoundException");
  lab_.Advance(5 * kUsPerSecond);
  EXPECT_EQ(Err(lab_, "Firehose", "DescribeDeliveryStream", {{"DeliveryStreamName", "s"}}).code, "ResourceNotFoundException");
  lab_.Advance(120 * kUsPerSecond);
  EXPECT_EQ(test::ListAll(lab_, "bkt").size(), 0u);
}

TEST_F(FirehoseTest, DeleteWhileCreatingIsRefused) {
  Ok(lab_, "Firehose", "CreateDeliveryStream",
     {{"DeliveryStreamName", "c"}, {"ExtendedS3DestinationConfiguration", test::S3Destination("bkt", 1, 60)}});
  EXPECT_EQ(Err(lab_, "Firehose", "DeleteDeliveryStream", {{"DeliveryStreamName", "c"}}).code, "ResourceInUseException");
}

TEST_F(ActiveStreamTest, MissingBucketRetriesAndLosesNothing) {
  Ok(lab_, "Firehose", "PutRecord", {{"DeliveryStreamName", "s"}, {"Record", Record("precious")}});
  Ok(lab_, "S3", "DeleteBucket", {{"Bucket", "bkt"}});
  lab_.Advance(60 * kUsPerSecond);
  const DeliveryStream* s = lab_.firehose().Find("s");
  ASSERT_EQ(s->delivery_log.size(), 1u);
  EXPECT_FALSE(s->delivery_log[0].success);
  EXPECT_EQ(s->buffer.records, 1u);
  Ok(lab_, "S3", "CreateBucket", {{"Bucket", "bkt"}});
  lab_.Advance(10 * kUsPerSecond);  // the retry
  Json contents = test::ListAll(lab_, "bkt");
  ASSERT_EQ(contents.size(), 1u);
  EXPECT_EQ(test::GetBody(lab_, "bkt", contents[0]["Key"]), "precious");
}

TEST_F(ActiveStreamTest, StorageQuotaReachedDelaysDeliveryWithoutLoss) {
  lab_.s3().set_quota_bytes(100);
  Ok(lab_, "Firehose", "PutRecord", {{"DeliveryStreamName", "s"}, {"Record", Record(std::string(101, 'q'))}});
  lab_.Advance(60 * kUsPerSecond);
  EXPECT_EQ(test::ListAll(lab_, "bkt").size(), 0u);
  EXPECT_EQ(lab_.firehose().Find("s")->buffer.records, 1u);
  lab_.s3().set_quota_bytes(101);
  lab_.Advance(10 * kUsPerSecond);
  EXPECT_EQ(test::ListAll(lab_, "bkt").size(), 1u);
  EXPECT_EQ(lab_.s3().used_bytes(), 101u);
}

// [SECTION] metrics

TEST_F(ActiveStreamTest, MetricsCountIncomingAndDelivered) {
  const TimeUs t0 = lab_.now();
  Ok(lab_, "Firehose", "PutRecordBatch", Batch(10, 7));
  Ok(lab_, "Firehose", "PutRecord", {{"DeliveryStreamName", "s"}, {"Record", Record("abc")}});
  lab_.Advance(60 * kUsPerSecond);
  auto sum = [&](const char* metric) {
    MetricId id{"AWS/Firehose", metric, {{"DeliveryStreamName", "s"}}};
    double total = 0;
    for (const Datapoint& p : lab_.metrics().Query(id, t0 - kUsPerHour, t0 + kUsPerHour, 60)) total += p.stats.sum;
    return total;
  };
  EXPECT_EQ(sum("IncomingRecords"), 11);
  EXPECT_EQ(sum("IncomingBytes"), 73);
  EXPECT_EQ(sum("IncomingPutRequests"), 2);
  EXPECT_EQ(sum("DeliveryToS3.Records"), 11);
  EXPECT_EQ(sum("DeliveryToS3.Bytes"), 73);
  EXPECT_EQ(sum("DeliveryToS3.Success"), 1);
  // DataFreshness rises one second per second while records wait: 1..59 s, then the buffer is empty.
  MetricId fresh{"AWS/Firehose", "DeliveryToS3.DataFreshness", {{"DeliveryStreamName", "s"}}};
  auto points = lab_.metrics().Query(fresh, t0, t0 + 2 * kUsPerMinute, 1);
  ASSERT_FALSE(points.empty());
  double max_age = 0;
  for (const auto& p : points) max_age = std::max(max_age, p.stats.maximum);
  EXPECT_EQ(max_age, 59);
}

TEST_F(FirehoseTest, UnknownActionIsAnErrorValue) {
  EXPECT_EQ(Err(lab_, "Firehose", "PutRecords", Json::object()).code, "UnknownOperationException");
}

}  // namespace
}  // namespace fhl
