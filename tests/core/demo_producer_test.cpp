// demo_producer_test.cpp: the demo record generator (shape, determinism, JS number formatting) and the
// producer's sending loop (rate, start/stop, batches of at most 500).
#include <gtest/gtest.h>

#include <set>

#include "core/demo_producer.h"
#include "core/firehose_service.h"
#include "test_util.h"

namespace fhl {
namespace {

TEST(FormatCentsTest, PrintsNumbersAsJavaScriptDoes) {
  EXPECT_EQ(FormatCents(8451), "84.51");
  EXPECT_EQ(FormatCents(8450), "84.5");
  EXPECT_EQ(FormatCents(8400), "84");
  EXPECT_EQ(FormatCents(-5), "-0.05");
  EXPECT_EQ(FormatCents(-50), "-0.5");
  EXPECT_EQ(FormatCents(0), "0");
  EXPECT_EQ(FormatCents(7), "0.07");
}

TEST(DemoRecordGeneratorTest, RecordsHaveTheConsoleShapeWithoutNewlineOrTimestamp) {
  DemoRecordGenerator generator(7);
  std::set<std::string> tickers;
  for (int i = 0; i < 2000; ++i) {
    std::string record;
    generator.AppendRecord(record);
    ASSERT_EQ(record.find('\n'), std::string::npos);
    auto parsed = ParseJson(record);
    ASSERT_TRUE(parsed.has_value()) << record;
    ASSERT_EQ(parsed->size(), 4u) << record;
    ASSERT_TRUE((*parsed)["ticker_symbol"].is_string());
    ASSERT_TRUE((*parsed)["sector"].is_string());
    ASSERT_TRUE((*parsed)["change"].is_number());
    ASSERT_TRUE((*parsed)["price"].is_number());
    EXPECT_LE((*parsed)["ticker_symbol"].get<std::string>().size(), 4u);
    EXPECT_LE((*parsed)["sector"].get<std::string>().size(), 16u);
    EXPECT_GE((*parsed)["price"].get<double>(), 1.0);
    EXPECT_EQ(record.rfind("{\"ticker_symbol\":\"", 0), 0u);
    EXPECT_LE(record.size(), 90u);
    tickers.insert((*parsed)["ticker_symbol"].get<std::string>());
  }
  EXPECT_EQ(tickers.size(), DemoTickers().size());
}

TEST(DemoRecordGeneratorTest, SameSeedSameRecordsDifferentSeedDifferentRecords) {
  DemoRecordGenerator a(99), b(99), c(100);
  std::string ra, rb, rc;
  for (int i = 0; i < 100; ++i) a.AppendRecord(ra), b.AppendRecord(rb), c.AppendRecord(rc);
  EXPECT_EQ(ra, rb);
  EXPECT_NE(ra, rc);
}

TEST(DemoRecordGeneratorTest, PriceIsARandomWalkWhoseStepsAreTheChanges) {
  DemoRecordGenerator generator(3);
  std::map<std::string, double> last_price;
  for (int i = 0; i < 5000; ++i) {
    std::string record;
    generator.AppendRecord(record);
    Json r = *ParseJson(record);
    const std::string t = r["ticker_symbol"];
    const double price = r["price"], change = r["change"];
    if (last_price.count(t)) EXPECT_NEAR(last_price[t] + change, price, 1e-6) << record;
    last_price[t] = price;
  }
}

class ProducerTest : public ::testing::Test {
 protected:
  ProducerTest() : lab_(test::EmptyLab()) { test::MakeStream(lab_, "s", "bkt", 1, 60); }
  Lab lab_;
};

TEST_F(ProducerTest, SendsRatePerSecondFromTheStartInstant) {
  test::Ok(lab_, "Lab", "StartDemoData", {{"DeliveryStreamName", "s"}, {"RecordsPerSecond", 100}, {"Seed", 5}});
  EXPECT_EQ(lab_.firehose().Find("s")->buffer.records, 100u);  // the first round goes out at once
  lab_.Advance(9 * kUsPerSecond);
  Json d = test::Ok(lab_, "Lab", "DescribeDemoData", {{"DeliveryStreamName", "s"}});
  EXPECT_EQ(d["Running"], true);
  EXPECT_EQ(d["RecordsSent"], 1000);
  test::Ok(lab_, "Lab", "StopDemoData", {{"DeliveryStreamName", "s"}});
  lab_.Advance(10 * kUsPerSecond);
  d = test::Ok(lab_, "Lab", "DescribeDemoData", {{"DeliveryStreamName", "s"}});
  EXPECT_EQ(d["Running"], false);
  EXPECT_EQ(d["RecordsSent"], 1000);
}

TEST_F(ProducerTest, HighRatesGoOutInBatchesOfAtMost500) {
  test::Ok(lab_, "Lab", "StartDemoData", {{"DeliveryStreamName", "s"}, {"RecordsPerSecond", 1200}});
  MetricId requests{"AWS/Firehose", "IncomingPutRequests", {{"DeliveryStreamName", "s"}}};
  auto points = lab_.metrics().Query(requests, lab_.now() - kUsPerMinute, lab_.now() + kUsPerMinute, 60);
  ASSERT_EQ(points.size(), 1u);
  EXPECT_EQ(points[0].stats.sum, 3);  // 500 + 500 + 200
}

TEST_F(ProducerTest, RateOutsideLimitsAndUnknownStreamAreRefused) {
  EXPECT_EQ(test::Err(lab_, "Lab", "StartDemoData", {{"DeliveryStreamName", "s"}, {"RecordsPerSecond", 2001}}).code,
            "InvalidArgumentException");
  EXPECT_EQ(test::Err(lab_, "Lab", "StartDemoData", {{"DeliveryStreamName", "s"}, {"RecordsPerSecond", 0}}).code,
            "InvalidArgumentException");
  EXPECT_EQ(test::Err(lab_, "Lab", "StartDemoData", {{"DeliveryStreamName", "ghost"}}).code, "ResourceNotFoundException");
  EXPECT_EQ(lab_.firehose().Find("s")->buffer.records, 0u);
}

TEST_F(ProducerTest, StopsWithAnErrorWhenTheStreamIsDeleted) {
  test::Ok(lab_, "Lab", "StartDemoData", {{"DeliveryStreamName", "s"}});
  test::Ok(lab_, "Firehose", "DeleteDeliveryStream", {{"DeliveryStreamName", "s"}});
  lab_.Advance(2 * kUsPerSecond);
  const DemoProducer::Session* session = lab_.producer().Find("s");
  ASSERT_NE(session, nullptr);
  EXPECT_FALSE(session->running);
  EXPECT_NE(session->last_error.find("not ACTIVE"), std::string::npos);
}

}  // namespace
}  // namespace fhl
