// table_scan_test.cpp: which objects a table query reads (LOCATION, hidden files, projection, constraints), the
// projection enumerator itself and the SerDe parse cache.
#include "core/table_scan.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/partition_projection.h"

namespace fhl {
namespace {

const TimeUs kNow = FromCivil(CivilTime{2026, 11, 25, 11, 30, 0, 0});

GlueTable StockTable(const std::string& location = "s3://lab-bucket/stocks/") {
  GlueTable t;
  t.database = "default";
  t.name = "stock_ticks";
  t.columns = {{"ticker_symbol", "string", ""}, {"price", "double", ""}};
  t.location = location;
  t.serde_library = "org.openx.data.jsonserde.JsonSerDe";
  return t;
}

GlueTable ProjectedTable() {
  GlueTable t = StockTable();
  t.partition_keys = {{"datehour", "string", ""}};
  t.parameters = {{"projection.enabled", "true"},
                  {"projection.datehour.type", "date"},
                  {"projection.datehour.format", "yyyy/MM/dd/HH"},
                  {"projection.datehour.range", "2026/11/25/08,NOW"},
                  {"projection.datehour.interval", "1"},
                  {"projection.datehour.interval.unit", "HOURS"},
                  {"storage.location.template", "s3://lab-bucket/stocks/${datehour}/"}};
  return t;
}

std::vector<std::string> Keys(const std::vector<ScanFile>& files) {
  std::vector<std::string> keys;
  for (const ScanFile& f : files) keys.push_back(f.key);
  return keys;
}

class TableScanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.CreateBucket("lab-bucket", 0).ok());
    for (const char* key : {"stocks/2026/11/25/09/a", "stocks/2026/11/25/10/b", "stocks/2026/11/25/12/future",
                            "stocks/2026/11/25/10/", "stocks/_SUCCESS", "stocks/2026/11/25/10/.tmp",
                            "stocks/_temp/x", "stocksX/other", "other/c"}) {
      ASSERT_TRUE(store_.PutObject("lab-bucket", key, "{\"ticker_symbol\":\"A\"}\n", 0).ok());
    }
  }
  ObjectStore store_;
};

TEST_F(TableScanTest, UnpartitionedReadsEveryVisibleObjectUnderTheLocation) {
  auto r = ListTableFiles(StockTable(), store_, kNow, {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Keys(r.value()), (std::vector<std::string>{"stocks/2026/11/25/09/a", "stocks/2026/11/25/10/b",
                                                       "stocks/2026/11/25/12/future"}));
  EXPECT_EQ(r.value()[0].bucket, "lab-bucket");
  ASSERT_NE(r.value()[0].object, nullptr);
  EXPECT_EQ(r.value()[0].object->key, "stocks/2026/11/25/09/a");
  // A location without the trailing slash still means the folder, not "stocksX/".
  auto no_slash = ListTableFiles(StockTable("s3://lab-bucket/stocks"), store_, kNow, {});
  ASSERT_TRUE(no_slash.ok());
  EXPECT_EQ(no_slash.value().size(), 3u);
  // The bucket root.
  auto root = ListTableFiles(StockTable("s3://lab-bucket/"), store_, kNow, {});
  ASSERT_TRUE(root.ok());
  EXPECT_EQ(root.value().size(), 5u);
}

TEST_F(TableScanTest, MissingBucketAndBadLocationAreErrors) {
  auto r = ListTableFiles(StockTable("s3://no-such-bucket/stocks/"), store_, kNow, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "HIVE_UNKNOWN_ERROR");
  EXPECT_NE(r.error().message.find("The specified bucket does not exist"), std::string::npos);
  auto bad = ListTableFiles(StockTable("lab-bucket/stocks/"), store_, kNow, {});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "HIVE_INVALID_METADATA");
}

TEST_F(TableScanTest, PartitionedWithoutProjectionReadsNothing) {
  GlueTable t = StockTable();
  t.partition_keys = {{"datehour", "string", ""}};
  auto r = ListTableFiles(t, store_, kNow, {});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.value().empty());
}

TEST_F(TableScanTest, ProjectionReadsPartitionsUpToNow) {
  auto r = ListTableFiles(ProjectedTable(), store_, kNow, {});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(Keys(r.value()), (std::vector<std::string>{"stocks/2026/11/25/09/a", "stocks/2026/11/25/10/b"}));
  EXPECT_EQ(r.value()[1].partition_values, (std::vector<std::string>{"2026/11/25/10"}));
  // At 12:00 the 12th hour is inside the range.
  auto later = ListTableFiles(ProjectedTable(), store_, kNow + kUsPerHour, {});
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(later.value().size(), 3u);
}

TEST_F(TableScanTest, ProjectionAppliesConstraints) {
  std::vector<PartitionConstraint> eq = {{0, PartitionConstraint::kEq, "2026/11/25/10"}};
  auto r = ListTableFiles(ProjectedTable(), store_, kNow, eq);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Keys(r.value()), (std::vector<std::string>{"stocks/2026/11/25/10/b"}));
  std::vector<PartitionConstraint> range = {{0, PartitionConstraint::kGe, "2026/11/25/09"},
                                            {0, PartitionConstraint::kLt, "2026/11/25/10"}};
  auto r2 = ListTableFiles(ProjectedTable(), store_, kNow, range);
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(Keys(r2.value()), (std::vector<std::string>{"stocks/2026/11/25/09/a"}));
}

TEST(PartitionProjectionTest, DatePatternsRoundTrip) {
  const TimeUs t = FromCivil(CivilTime{2026, 3, 4, 5, 6, 7, 0});
  EXPECT_EQ(FormatDatePattern(t, "yyyy/MM/dd/HH"), "2026/03/04/05");
  EXPECT_EQ(FormatDatePattern(t, "yyyy-MM-dd'T'HH:mm:ss"), "2026-03-04T05:06:07");
  EXPECT_EQ(*ParseDatePattern("2026/03/04/05", "yyyy/MM/dd/HH"), FromCivil(CivilTime{2026, 3, 4, 5, 0, 0, 0}));
  EXPECT_FALSE(ParseDatePattern("2026/3/04/05", "yyyy/MM/dd/HH"));
  EXPECT_FALSE(ParseDatePattern("2026/02/30/00", "yyyy/MM/dd/HH"));
  EXPECT_FALSE(ParseDatePattern("2026/03/04/05/", "yyyy/MM/dd/HH"));
}

TEST(PartitionProjectionTest, IntegerEnumAndCartesianProduct) {
  GlueTable t = StockTable();
  t.partition_keys = {{"region", "string", ""}, {"n", "int", ""}};
  t.parameters = {{"projection.enabled", "true"},          {"projection.region.type", "enum"},
                  {"projection.region.values", "eu, us"},  {"projection.n.type", "integer"},
                  {"projection.n.range", "1,10"},          {"projection.n.interval", "4"},
                  {"projection.n.digits", "2"}};
  auto r = ProjectPartitions(t, kNow, {{1, PartitionConstraint::kLe, "5"}});
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r.value().size(), 4u);  // {eu,us} x {01,05}
  EXPECT_EQ(r.value()[0].values, (std::vector<std::string>{"eu", "01"}));
  EXPECT_EQ(r.value()[0].location, "s3://lab-bucket/stocks/region=eu/n=01/");
  EXPECT_EQ(r.value()[3].values, (std::vector<std::string>{"us", "05"}));
}

TEST(PartitionProjectionTest, InjectedNeedsAnEqualityConstraint) {
  GlueTable t = StockTable();
  t.partition_keys = {{"device", "string", ""}};
  t.parameters = {{"projection.enabled", "true"}, {"projection.device.type", "injected"},
                  {"storage.location.template", "s3://lab-bucket/d/${device}"}};
  auto r = ProjectPartitions(t, kNow, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "CONSTRAINT_VIOLATION");
  EXPECT_NE(r.error().message.find("injected projected partition column device"), std::string::npos);
  auto ok = ProjectPartitions(t, kNow, {{0, PartitionConstraint::kEq, "x1"}});
  ASSERT_TRUE(ok.ok());
  ASSERT_EQ(ok.value().size(), 1u);
  EXPECT_EQ(ok.value()[0].location, "s3://lab-bucket/d/x1");
}

TEST(PartitionProjectionTest, ConfigurationErrorsAndLimits) {
  GlueTable t = ProjectedTable();
  t.parameters.erase("projection.datehour.type");
  EXPECT_FALSE(ValidateProjection(t).ok());
  auto r = ProjectPartitions(t, kNow, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "HIVE_INVALID_METADATA");
  GlueTable bad_range = ProjectedTable();
  bad_range.parameters["projection.datehour.range"] = "2026-11-25,NOW";
  EXPECT_FALSE(ProjectPartitions(bad_range, kNow, {}).ok());
  GlueTable relative = ProjectedTable();
  relative.parameters["projection.datehour.range"] = "NOW-2HOURS,NOW";
  auto rel = ProjectPartitions(relative, kNow, {});
  ASSERT_TRUE(rel.ok());
  ASSERT_EQ(rel.value().size(), 3u);  // 09:30, 10:30, 11:30 formatted to the hour
  EXPECT_EQ(rel.value()[0].values[0], "2026/11/25/09");
  GlueTable huge = ProjectedTable();
  huge.parameters["projection.datehour.range"] = "1900/01/01/00,NOW";
  huge.parameters["projection.datehour.interval.unit"] = "SECONDS";
  auto h = ProjectPartitions(huge, kNow, {});
  ASSERT_FALSE(h.ok());
  EXPECT_EQ(h.error().code, "HIVE_EXCEEDED_PARTITION_LIMIT");
  EXPECT_TRUE(ProjectionEnabled(ProjectedTable()));
  EXPECT_FALSE(ProjectionEnabled(StockTable()));
}

TEST(SerDeCacheTest, ReusesParsesPerBodyAndTableSignature) {
  ObjectStore store;
  ASSERT_TRUE(store.CreateBucket("lab-bucket", 0).ok());
  auto put = store.PutObject("lab-bucket", "stocks/a", "{\"ticker_symbol\":\"A\",\"price\":1}\n", 0);
  ASSERT_TRUE(put.ok());
  const S3Object& object = *put.value();
  SerDeCache cache;
  GlueTable t = StockTable();
  auto first = cache.Parse(t, object);
  ASSERT_EQ(first->row_count(), 1u);
  EXPECT_EQ(first->cell(0, 0).text, "A");
  EXPECT_EQ(cache.Parse(t, object).get(), first.get());
  EXPECT_GT(cache.cached_bytes(), 0u);
  GlueTable renamed = t;
  renamed.columns[0].type = "varchar(1)";
  renamed.columns[1].name = "other";
  auto second = cache.Parse(renamed, object);
  EXPECT_NE(second.get(), first.get());
  EXPECT_TRUE(second->cell(1, 0).kind == CellRef::kNull);
  // Replacing the object stores a new body: a new parse.
  auto put2 = store.PutObject("lab-bucket", "stocks/a", "{\"ticker_symbol\":\"B\"}\n", 0);
  ASSERT_TRUE(put2.ok());
  auto third = cache.Parse(t, *put2.value());
  EXPECT_EQ(third->cell(0, 0).text, "B");
  // The first parse stays valid while held even though its body left the store.
  EXPECT_EQ(first->cell(0, 0).text, "A");
}

TEST(SerDeCacheTest, EvictsLeastRecentlyUsedBeyondBudget) {
  ObjectStore store;
  ASSERT_TRUE(store.CreateBucket("lab-bucket", 0).ok());
  std::string body;
  for (int i = 0; i < 1000; ++i) body += "{\"ticker_symbol\":\"A\",\"price\":1}\n";
  const S3Object* a = store.PutObject("lab-bucket", "a", body, 0).value();
  const S3Object* b = store.PutObject("lab-bucket", "b", body, 0).value();
  GlueTable t = StockTable();
  SerDeCache probe;
  probe.Parse(t, *a);
  const uint64_t one = probe.cached_bytes();
  SerDeCache cache(one + one / 2);  // room for one parse only
  auto pa = cache.Parse(t, *a);
  cache.Parse(t, *b);
  EXPECT_LE(cache.cached_bytes(), one + one / 2);
  EXPECT_NE(cache.Parse(t, *a).get(), pa.get());  // a was evicted and parsed again
}

TEST(SerDeCacheTest, UnsupportedSerDeIsAnObjectError) {
  ObjectStore store;
  ASSERT_TRUE(store.CreateBucket("lab-bucket", 0).ok());
  const S3Object* a = store.PutObject("lab-bucket", "a", "x,1\n", 0).value();
  GlueTable t = StockTable();
  t.serde_library = "org.apache.hadoop.hive.serde2.avro.AvroSerDe";
  SerDeCache cache;
  auto p = cache.Parse(t, *a);
  ASSERT_TRUE(p->error());
  EXPECT_EQ(p->error()->rfind("HIVE_UNSUPPORTED_FORMAT", 0), 0u);
}

}  // namespace
}  // namespace fhl
