// athena_engine_test.cpp: QueryRun over the object store: the athena_scan columns ("$path", "$file_size",
// "$file_modified_time"), DataScannedInBytes, partition pruning, work slices, cache reuse and the locked-down
// connection (ATTACH, PRAGMA, a second statement, writes and other tables are refused).
#include "core/athena_engine.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <numeric>

#include "core/athena_sql.h"
#include "core/glue_catalog.h"
#include "core/object_store.h"
#include "core/table_scan.h"

namespace fhl {
namespace {

constexpr TimeUs kT0 = 1767225600LL * kUsPerSecond;  // 2026-01-01T00:00:00Z

GlueTable TicksTable(const std::string& location) {
  GlueTable t;
  t.database = "default";
  t.name = "ticks";
  t.columns = {
      {"ticker_symbol", "string", ""}, {"sector", "string", ""}, {"change", "double", ""}, {"price", "double", ""}};
  t.location = location;
  t.serde_library = "org.openx.data.jsonserde.JsonSerDe";
  return t;
}

GlueTable ProjectedTable(const std::string& bucket) {
  GlueTable t = TicksTable("s3://" + bucket + "/stocks/");
  t.name = "ticks_by_hour";
  t.partition_keys = {{"datehour", "string", ""}};
  t.parameters = {{"projection.enabled", "true"},
                  {"projection.datehour.type", "date"},
                  {"projection.datehour.format", "yyyy/MM/dd/HH"},
                  {"projection.datehour.range", "2026/01/01/00,NOW"},
                  {"projection.datehour.interval", "1"},
                  {"projection.datehour.interval.unit", "HOURS"},
                  {"storage.location.template", "s3://" + bucket + "/stocks/${datehour}/"}};
  return t;
}

std::string Tick(const char* symbol, double change, double price) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "{\"ticker_symbol\":\"%s\",\"sector\":\"TECHNOLOGY\",\"change\":%g,\"price\":%g}\n",
                symbol, change, price);
  return buf;
}

struct Fixture {
  ObjectStore store;
  GlueCatalog catalog;
  SerDeCache cache;
  std::vector<std::string> keys;
  uint64_t total_bytes = 0;

  Fixture() {
    EXPECT_TRUE(store.CreateBucket("data-bucket", kT0).ok());
    // Three hours, two objects each; object i holds i+1 ticks.
    int i = 0;
    for (int hour = 0; hour < 3; ++hour) {
      for (int n = 0; n < 2; ++n, ++i) {
        std::string body;
        for (int r = 0; r <= i; ++r) body += Tick(r % 2 ? "AMZN" : "TBV", 1.5, 10.0 + r);
        char key[96];
        std::snprintf(key, sizeof key, "stocks/2026/01/01/%02d/s-1-2026-01-01-%02d-0%d-00-x", hour, hour, n);
        EXPECT_TRUE(store.PutObject("data-bucket", key, body, kT0 + hour * kUsPerHour + n * kUsPerSecond).ok());
        keys.push_back(key);
        total_bytes += body.size();
      }
    }
    EXPECT_TRUE(catalog.CreateTable(TicksTable("s3://data-bucket/stocks/")).ok());
    EXPECT_TRUE(catalog.CreateTable(ProjectedTable("data-bucket")).ok());
  }

  TranslatedQuery Query(const std::string& sqlite_sql, std::vector<SqlColumnInfo> columns,
                        const std::string& table = "ticks") {
    TranslatedQuery q;
    q.sqlite_sql = sqlite_sql;
    q.columns = std::move(columns);
    q.tables.push_back(SqlTableBinding{"default", table, "t0"});
    return q;
  }

  // Runs to the end with a huge budget; returns the number of Work calls.
  int RunAll(QueryRun& run, uint64_t budget = 1ull << 40) {
    int slices = 0;
    while (!run.finished() && slices < 100000) {
      run.Work(budget, store, cache);
      ++slices;
    }
    return slices;
  }
};

TEST(AthenaEngineTest, ScansEveryObjectUnderTheLocationWithPseudoColumns) {
  Fixture f;
  QueryRun run(f.Query("SELECT count(*), count(DISTINCT \"$path\"), max(\"$file_size\") FROM t0",
                       {{"_col0", "bigint"}, {"_col1", "bigint"}, {"_col2", "bigint"}}),
               f.catalog, kT0 + kUsPerDay);
  f.RunAll(run);
  ASSERT_EQ(run.phase(), QueryRun::Phase::kDone) << run.error().Text();
  ASSERT_EQ(run.rows().size(), 1u);
  EXPECT_EQ(run.rows()[0][0], "21");  // 1 + 2 + ... + 6 ticks
  EXPECT_EQ(run.rows()[0][1], "6");
  EXPECT_EQ(run.rows()[0][2], std::to_string(f.store.GetObject("data-bucket", f.keys[5]).value()->size()));
  EXPECT_EQ(run.data_scanned_bytes(), f.total_bytes);
  EXPECT_EQ(run.pending_units(), 0u);
}

TEST(AthenaEngineTest, PathSizeAndModifiedTimeOfEachObject) {
  Fixture f;
  QueryRun run(
      f.Query(
          "SELECT \"$path\", \"$file_size\", \"$file_modified_time\", count(*) FROM t0 "
          "GROUP BY 1, 2, 3 ORDER BY 1",
          {{"$path", "varchar"}, {"$file_size", "bigint"}, {"$file_modified_time", "varchar"}, {"_col3", "bigint"}}),
      f.catalog, kT0 + kUsPerDay);
  f.RunAll(run);
  ASSERT_EQ(run.phase(), QueryRun::Phase::kDone) << run.error().Text();
  ASSERT_EQ(run.rows().size(), 6u);
  EXPECT_EQ(run.rows()[0][0], "s3://data-bucket/" + f.keys[0]);
  EXPECT_EQ(run.rows()[0][2], "2026-01-01 00:00:00.000");
  EXPECT_EQ(run.rows()[3][0], "s3://data-bucket/" + f.keys[3]);
  EXPECT_EQ(run.rows()[3][2], "2026-01-01 01:00:01.000");
  EXPECT_EQ(run.rows()[3][3], "4");
  const auto* obj = f.store.GetObject("data-bucket", f.keys[5]).value();
  EXPECT_EQ(run.rows()[5][1], std::to_string(obj->size()));
}

TEST(AthenaEngineTest, NullCellsComeBackAsNullopt) {
  Fixture f;
  ASSERT_TRUE(
      f.store.PutObject("data-bucket", "stocks/2026/01/01/05/only-symbol", "{\"ticker_symbol\":\"ZZ\"}\n", kT0).ok());
  QueryRun run(f.Query("SELECT ticker_symbol, price FROM t0 WHERE ticker_symbol = 'ZZ'",
                       {{"ticker_symbol", "varchar"}, {"price", "double"}}),
               f.catalog, kT0 + kUsPerDay);
  f.RunAll(run);
  ASSERT_EQ(run.phase(), QueryRun::Phase::kDone) << run.error().Text();
  ASSERT_EQ(run.rows().size(), 1u);
  EXPECT_EQ(run.rows()[0][0], "ZZ");
  EXPECT_FALSE(run.rows()[0][1].has_value());
}

TEST(AthenaEngineTest, PartitionConstraintPrunesWhatIsReadAndCounted) {
  Fixture f;
  const uint64_t hour1 = f.store.GetObject("data-bucket", f.keys[2]).value()->size() +
                         f.store.GetObject("data-bucket", f.keys[3]).value()->size();
  QueryRun run(
      f.Query("SELECT count(*) FROM t0 WHERE datehour = '2026/01/01/01'", {{"_col0", "bigint"}}, "ticks_by_hour"),
      f.catalog, kT0 + kUsPerDay);
  f.RunAll(run);
  ASSERT_EQ(run.phase(), QueryRun::Phase::kDone) << run.error().Text();
  EXPECT_EQ(run.rows()[0][0], "7");  // objects 2 and 3: 3 + 4 ticks
  EXPECT_EQ(run.data_scanned_bytes(), hour1);

  QueryRun range(f.Query("SELECT count(*), min(datehour) FROM t0 WHERE datehour >= '2026/01/01/01'",
                         {{"_col0", "bigint"}, {"_col1", "varchar"}}, "ticks_by_hour"),
                 f.catalog, kT0 + kUsPerDay);
  f.RunAll(range);
  ASSERT_EQ(range.phase(), QueryRun::Phase::kDone) << range.error().Text();
  EXPECT_EQ(range.rows()[0][0], "18");  // 3 + 4 + 5 + 6
  EXPECT_EQ(range.rows()[0][1], "2026/01/01/01");
  EXPECT_EQ(range.data_scanned_bytes(), f.total_bytes - f.store.GetObject("data-bucket", f.keys[0]).value()->size() -
                                            f.store.GetObject("data-bucket", f.keys[1]).value()->size());

  QueryRun all(f.Query("SELECT count(*) FROM t0", {{"_col0", "bigint"}}, "ticks_by_hour"), f.catalog, kT0 + kUsPerDay);
  f.RunAll(all);
  EXPECT_EQ(all.rows()[0][0], "21");
  EXPECT_EQ(all.data_scanned_bytes(), f.total_bytes);
}

TEST(AthenaEngineTest, SmallBudgetsGiveManySlicesAndTheSameAnswer) {
  Fixture f;
  auto make = [&] {
    return f.Query("SELECT ticker_symbol, count(*), sum(price) FROM t0 GROUP BY 1 ORDER BY 1",
                   {{"ticker_symbol", "varchar"}, {"_col1", "bigint"}, {"_col2", "double"}});
  };
  QueryRun whole(make(), f.catalog, kT0 + kUsPerDay);
  EXPECT_EQ(f.RunAll(whole), 1);
  SerDeCache fresh;
  QueryRun sliced(make(), f.catalog, kT0 + kUsPerDay);
  EXPECT_EQ(sliced.phase(), QueryRun::Phase::kPlan);
  int slices = 0;
  uint64_t max_object = 0;
  for (const auto& k : f.keys) max_object = std::max(max_object, f.store.GetObject("data-bucket", k).value()->size());
  while (!sliced.finished()) {
    const uint64_t used = sliced.Work(1, f.store, fresh);
    EXPECT_GT(used, 0u);
    if (sliced.phase() == QueryRun::Phase::kParse) {
      EXPECT_LE(used, max_object + kUnitsPerRow);
    }
    ++slices;
    ASSERT_LT(slices, 1000);
  }
  EXPECT_GE(slices, 7);  // plan, then at most one object per slice, then stepping
  ASSERT_EQ(sliced.phase(), QueryRun::Phase::kDone) << sliced.error().Text();
  EXPECT_EQ(sliced.rows(), whole.rows());
  EXPECT_EQ(sliced.data_scanned_bytes(), whole.data_scanned_bytes());
}

// GROUP BY on plain columns is answered from rows the scan delivers grouped (no SQLite sorter); the answer
// must equal the sorter's (GROUP BY an expression), NULL keys and partition keys included.
TEST(AthenaEngineTest, GroupedScanGivesTheSameAggregatesAsTheSorter) {
  Fixture f;
  ASSERT_TRUE(f.store
                  .PutObject("data-bucket", "stocks/2026/01/01/01/nulls",
                             "{\"price\":1}\n{\"ticker_symbol\":\"AMZN\",\"change\":2,\"price\":3}\n{\"price\":4}\n",
                             kT0)
                  .ok());
  auto run = [&](const std::string& sql, const std::string& table) {
    QueryRun r(f.Query(sql, {{"a", "varchar"}, {"b", "varchar"}, {"c", "bigint"}, {"d", "double"}}, table), f.catalog,
               kT0 + kUsPerDay);
    f.RunAll(r);
    EXPECT_EQ(r.phase(), QueryRun::Phase::kDone) << sql << ": " << r.error().Text();
    return r.rows();
  };
  const auto grouped =
      run("SELECT ticker_symbol, datehour, count(*), sum(price) FROM t0 GROUP BY ticker_symbol, datehour ORDER BY 1, 2",
          "ticks_by_hour");
  const auto sorted =
      run("SELECT ticker_symbol, datehour, count(*), sum(price) FROM t0 GROUP BY coalesce(ticker_symbol, '') || '', "
          "datehour || '' ORDER BY 1, 2",
          "ticks_by_hour");
  EXPECT_EQ(grouped, sorted);
  ASSERT_EQ(grouped.size(), 7u);  // (NULL, hour 1) + {AMZN, TBV} x 3 hours
  EXPECT_FALSE(grouped[0][0].has_value());
  EXPECT_EQ(grouped[0][2], "2");
  const auto by_price = run("SELECT count(*), sum(price), price FROM t0 GROUP BY price ORDER BY 3", "ticks");
  const auto by_price_expr = run("SELECT count(*), sum(price), price FROM t0 GROUP BY price + 0 ORDER BY 3", "ticks");
  EXPECT_EQ(by_price, by_price_expr);
  EXPECT_EQ(by_price.front()[2], "1");
  const auto desc = run("SELECT ticker_symbol, datehour, count(*), sum(price) FROM t0 GROUP BY 1, 2 ORDER BY 1 DESC, 2",
                        "ticks_by_hour");
  ASSERT_EQ(desc.size(), 7u);
  EXPECT_EQ(desc[0][0], "TBV");
  EXPECT_EQ(desc[0][1], "2026/01/01/00");
  EXPECT_FALSE(desc[6][0].has_value());
}

TEST(AthenaEngineTest, CachedParsesStillCountAsScannedButCostLess) {
  Fixture f;
  auto make = [&] { return f.Query("SELECT count(*) FROM t0", {{"_col0", "bigint"}}); };
  QueryRun first(make(), f.catalog, kT0);
  const uint64_t first_units = first.Work(1ull << 40, f.store, f.cache);
  QueryRun second(make(), f.catalog, kT0);
  const uint64_t second_units = second.Work(1ull << 40, f.store, f.cache);
  ASSERT_TRUE(first.finished() && second.finished());
  EXPECT_EQ(second.rows(), first.rows());
  EXPECT_EQ(second.data_scanned_bytes(), f.total_bytes);
  EXPECT_LT(second_units, first_units);
  EXPECT_GE(first_units, f.total_bytes);
}

TEST(AthenaEngineTest, ObjectsDeliveredAfterPlanningAreNotRead) {
  Fixture f;
  QueryRun run(f.Query("SELECT count(*) FROM t0", {{"_col0", "bigint"}}), f.catalog, kT0);
  run.Work(1, f.store, f.cache);  // plans (lists) and parses one object
  ASSERT_FALSE(run.finished());
  ASSERT_TRUE(f.store.PutObject("data-bucket", "stocks/2026/01/01/02/late", Tick("LATE", 1, 1), kT0).ok());
  f.RunAll(run);
  EXPECT_EQ(run.rows()[0][0], "21");
  EXPECT_EQ(run.data_scanned_bytes(), f.total_bytes);
}

TEST(AthenaEngineTest, LikeIsCaseSensitive) {
  Fixture f;
  QueryRun run(f.Query("SELECT count(*) FROM t0 WHERE ticker_symbol LIKE 'amzn'", {{"_col0", "bigint"}}), f.catalog,
               kT0);
  f.RunAll(run);
  ASSERT_EQ(run.phase(), QueryRun::Phase::kDone) << run.error().Text();
  EXPECT_EQ(run.rows()[0][0], "0");
}

TEST(AthenaEngineTest, TheConnectionOnlyReadsBoundTables) {
  Fixture f;
  const uint64_t generation = f.store.generation();
  struct Case {
    const char* sql;
    const char* error_name;
  };
  for (const Case& c :
       {Case{"ATTACH DATABASE ':memory:' AS other", "PERMISSION_DENIED"},
        Case{"PRAGMA case_sensitive_like=0", "PERMISSION_DENIED"},
        Case{"SELECT * FROM sqlite_master", "PERMISSION_DENIED"},
        Case{"SELECT * FROM temp.sqlite_master", "PERMISSION_DENIED"}, Case{"DELETE FROM t0", "PERMISSION_DENIED"},
        Case{"CREATE TABLE x(a)", "PERMISSION_DENIED"}, Case{"DROP TABLE t0", "PERMISSION_DENIED"},
        Case{"SELECT count(*) FROM t0; DROP TABLE t0", "NOT_SUPPORTED"},
        Case{"SELECT count(*) FROM t0; PRAGMA case_sensitive_like=0", "NOT_SUPPORTED"}}) {
    QueryRun run(f.Query(c.sql, {{"_col0", "bigint"}}), f.catalog, kT0);
    f.RunAll(run);
    EXPECT_EQ(run.phase(), QueryRun::Phase::kFailed) << c.sql;
    EXPECT_EQ(run.error().name, c.error_name) << c.sql << " -> " << run.error().Text();
    EXPECT_EQ(run.data_scanned_bytes(), 0u) << c.sql;
  }
  EXPECT_EQ(f.store.generation(), generation);
  EXPECT_NE(f.catalog.FindTable("default", "ticks"), nullptr);
  // Trailing semicolons and blanks are one statement.
  QueryRun ok(f.Query("SELECT count(*) FROM t0 ;\n", {{"_col0", "bigint"}}), f.catalog, kT0);
  f.RunAll(ok);
  EXPECT_EQ(ok.phase(), QueryRun::Phase::kDone) << ok.error().Text();
}

TEST(AthenaEngineTest, MissingTableAndMalformedObjectsFail) {
  Fixture f;
  TranslatedQuery q = f.Query("SELECT count(*) FROM t0", {{"_col0", "bigint"}});
  q.tables[0].table = "gone";
  QueryRun gone(q, f.catalog, kT0);
  EXPECT_EQ(gone.phase(), QueryRun::Phase::kFailed);
  EXPECT_EQ(gone.error().name, "TABLE_NOT_FOUND");
  EXPECT_EQ(gone.error().Text(), "TABLE_NOT_FOUND: Table 'awsdatacatalog.default.gone' does not exist");

  ASSERT_TRUE(f.store.PutObject("data-bucket", "stocks/2026/01/01/09/bad", "{\"ticker_symbol\": \"X\",\n", kT0).ok());
  QueryRun bad(f.Query("SELECT count(*) FROM t0", {{"_col0", "bigint"}}), f.catalog, kT0);
  f.RunAll(bad);
  EXPECT_EQ(bad.phase(), QueryRun::Phase::kFailed);
  EXPECT_EQ(bad.error().name, "HIVE_CURSOR_ERROR") << bad.error().Text();
  EXPECT_TRUE(bad.rows().empty());
}

TEST(AthenaEngineTest, ErrorTextsSplitIntoNameAndPosition) {
  SqlError e = SqlErrorFromText("COLUMN_NOT_FOUND: line 3:7: Column 'symbol' cannot be resolved", "X");
  EXPECT_EQ(e.name, "COLUMN_NOT_FOUND");
  EXPECT_EQ(e.line, 3);
  EXPECT_EQ(e.column, 7);
  EXPECT_EQ(e.message, "Column 'symbol' cannot be resolved");
  SqlError plain = SqlErrorFromText("no such column: x", "GENERIC_INTERNAL_ERROR");
  EXPECT_EQ(plain.name, "GENERIC_INTERNAL_ERROR");
  EXPECT_EQ(plain.line, 0);
  EXPECT_EQ(plain.message, "no such column: x");
}

// [SECTION] split aggregation

// 20,000 rows, an empty object and 5,000 rows: four chunks with rows plus one without (the empty object).
struct SplitFixture : Fixture {
  struct Expected {
    int64_t count = 0;
    double sum = 0;
    double min = 1e9;
    int64_t max_seq = -1;
    double price_at_max_seq = 0;
    int64_t min_seq = 1LL << 60;
    double change_at_min_seq = 0;
    int64_t over_50 = 0;
  };
  std::map<std::string, Expected> expected;
  uint64_t big_bytes = 0;

  SplitFixture() {
    GlueTable t = TicksTable("s3://data-bucket/big/");
    t.name = "big";
    t.columns.push_back({"seq", "bigint", ""});
    EXPECT_TRUE(catalog.CreateTable(t).ok());
    int64_t seq = 0;
    for (int rows : {20000, 0, 5000}) {
      std::string body;
      for (int r = 0; r < rows; ++r, ++seq) {
        const std::string symbol(1, static_cast<char>('A' + seq % 3));
        const double price = static_cast<double>((seq * 7) % 100);
        const double change = static_cast<double>(seq % 7) - 3;
        char line[160];
        std::snprintf(line, sizeof line,
                      "{\"ticker_symbol\":\"%s\",\"sector\":\"S\",\"change\":%g,\"price\":%g,\"seq\":%lld}\n",
                      symbol.c_str(), change, price, static_cast<long long>(seq));
        body += line;
        Expected& e = expected[symbol];
        ++e.count;
        e.sum += price;
        e.min = std::min(e.min, price);
        if (seq > e.max_seq) e.max_seq = seq, e.price_at_max_seq = price;
        if (seq < e.min_seq) e.min_seq = seq, e.change_at_min_seq = change;
        if (price > 50) ++e.over_50;
      }
      const std::string key = "big/part-" + std::to_string(seq) + "-" + std::to_string(rows);
      EXPECT_TRUE(store.PutObject("data-bucket", key, body, kT0).ok());
      big_bytes += body.size();
    }
  }

  TranslatedQuery Translate(const std::string& sql) {
    SqlTranslation t = TranslateQuery(sql, catalog, "default");
    EXPECT_TRUE(t.ok) << t.error.Text();
    return t.query;
  }
};

std::string JavaDouble(double d) {  // integral values below 1e7, as Athena prints a double
  return std::to_string(static_cast<long long>(d)) + ".0";
}

TEST(AthenaEngineTest, SplitAggregationOverManyChunksGivesEveryAggregateExactly) {
  SplitFixture f;
  TranslatedQuery q = f.Translate(
      "SELECT ticker_symbol, count(*), sum(price), min(price), max_by(price, seq), min_by(change, seq), avg(price), "
      "count_if(price > 50), arbitrary(sector) FROM big GROUP BY ticker_symbol ORDER BY 1");
  ASSERT_FALSE(q.partial_sql.empty()) << q.sqlite_sql;
  QueryRun run(q, f.catalog, kT0);
  f.RunAll(run);
  ASSERT_EQ(run.phase(), QueryRun::Phase::kDone) << run.error().Text();
  ASSERT_EQ(run.rows().size(), 3u);
  for (const ResultRow& row : run.rows()) {
    const auto& e = f.expected.at(*row[0]);
    SCOPED_TRACE(*row[0]);
    EXPECT_EQ(row[1], std::to_string(e.count));
    EXPECT_EQ(row[2], JavaDouble(e.sum));
    EXPECT_EQ(row[3], JavaDouble(e.min));
    EXPECT_EQ(row[4], JavaDouble(e.price_at_max_seq));
    EXPECT_EQ(row[5], JavaDouble(e.change_at_min_seq));
    EXPECT_NEAR(std::stod(*row[6]), e.sum / e.count, 1e-9);
    EXPECT_EQ(row[7], std::to_string(e.over_50));
    EXPECT_EQ(row[8], "S");
  }
  EXPECT_EQ(run.data_scanned_bytes(), f.big_bytes);
}

TEST(AthenaEngineTest, SplitAggregationStepsOneChunkPerSlice) {
  SplitFixture f;
  const std::string sql = "SELECT ticker_symbol, sum(price) AS total FROM big GROUP BY 1 ORDER BY total DESC LIMIT 1";
  QueryRun whole(f.Translate(sql), f.catalog, kT0);
  f.RunAll(whole);
  ASSERT_EQ(whole.phase(), QueryRun::Phase::kDone) << whole.error().Text();
  QueryRun sliced(f.Translate(sql), f.catalog, kT0);
  int step_slices = 0;
  uint64_t worst_step_units = 0;
  while (!sliced.finished()) {
    const bool stepping = sliced.phase() == QueryRun::Phase::kStep;
    const uint64_t used = sliced.Work(1, f.store, f.cache);
    if (stepping) {
      ++step_slices;
      worst_step_units = std::max(worst_step_units, used);
    }
    ASSERT_LT(step_slices, 100);
  }
  ASSERT_EQ(sliced.phase(), QueryRun::Phase::kDone) << sliced.error().Text();
  EXPECT_EQ(sliced.rows(), whole.rows());
  // Chunks: 8192 + 8192 + 3616 rows, the empty object, 5000 rows; then the final query's step(s).
  EXPECT_GE(step_slices, 6);
  // No slice reads more than one chunk: its rows plus the step and the cached-object costs.
  EXPECT_LE(worst_step_units, (kSplitChunkRows + 8) * kUnitsPerRow + 4 * kUnitsPerCachedObject);
  EXPECT_EQ(sliced.data_scanned_bytes(), f.big_bytes);
}

TEST(AthenaEngineTest, SplitAggregationWithoutRowsOrGroups) {
  SplitFixture f;
  auto one = [&](const std::string& sql) {
    QueryRun run(f.Translate(sql), f.catalog, kT0);
    f.RunAll(run);
    EXPECT_EQ(run.phase(), QueryRun::Phase::kDone) << sql << ": " << run.error().Text();
    return run.rows();
  };
  // No table rows match: count is 0, the others NULL, and there is still exactly one row.
  const auto none = one("SELECT count(*), sum(price), max_by(price, seq), avg(price) FROM big WHERE seq < 0");
  ASSERT_EQ(none.size(), 1u);
  EXPECT_EQ(none[0][0], "0");
  EXPECT_FALSE(none[0][1].has_value());
  EXPECT_FALSE(none[0][2].has_value());
  EXPECT_FALSE(none[0][3].has_value());
  // Whole table, no GROUP BY; HAVING over a combined aggregate; GROUP BY without aggregates.
  EXPECT_EQ(one("SELECT count(*), max(seq) FROM big"), (std::vector<ResultRow>{{"25000", "24999"}}));
  EXPECT_EQ(one("SELECT ticker_symbol FROM big GROUP BY 1 HAVING count(*) > 8333 ORDER BY 1"),  // A: 8,334 rows
            (std::vector<ResultRow>{{"A"}}));
  EXPECT_EQ(one("SELECT lower(ticker_symbol) FROM big GROUP BY ticker_symbol ORDER BY 1 DESC"),
            (std::vector<ResultRow>{{"c"}, {"b"}, {"a"}}));
}

TEST(AthenaEngineTest, SplitTopNAcrossChunksKeepsTheOverallOrder) {
  SplitFixture f;
  // price = seq * 7 % 100: the highest price 99 first occurs at seq 57, then every 100 rows.
  TranslatedQuery q =
      f.Translate("SELECT seq, price FROM big WHERE seq > 100 ORDER BY price DESC, seq DESC OFFSET 1 LIMIT 3");
  ASSERT_FALSE(q.partial_sql.empty());
  QueryRun run(q, f.catalog, kT0);
  f.RunAll(run);
  ASSERT_EQ(run.phase(), QueryRun::Phase::kDone) << run.error().Text();
  // seq with price 99, descending: 24957, 24857, 24757, 24657 (OFFSET 1 skips the first).
  EXPECT_EQ(run.rows(), (std::vector<ResultRow>{{"24857", "99.0"}, {"24757", "99.0"}, {"24657", "99.0"}}));
  TranslatedQuery by_path = f.Translate("SELECT \"$path\", seq FROM big ORDER BY \"$path\", seq LIMIT 1");
  ASSERT_FALSE(by_path.partial_sql.empty());
  QueryRun first(by_path, f.catalog, kT0);
  f.RunAll(first);
  EXPECT_EQ(first.rows(), (std::vector<ResultRow>{{"s3://data-bucket/big/part-20000-20000", "0"}}));
}

// Runs q as translated and again with partial_plan off (every chunk through SQLite): same rows, same bytes.
void ExpectDirectPartialsMatchSqlite(Fixture& f, const TranslatedQuery& q, const std::string& sql) {
  SCOPED_TRACE(sql);
  ASSERT_TRUE(q.partial_plan) << q.partial_sql;
  TranslatedQuery through_sqlite = q;
  through_sqlite.partial_plan = false;
  QueryRun direct(q, f.catalog, kT0);
  QueryRun sqlite(through_sqlite, f.catalog, kT0);
  f.RunAll(direct, 3 * kSplitChunkRows * kUnitsPerRow / 2);
  f.RunAll(sqlite);
  ASSERT_EQ(sqlite.phase(), QueryRun::Phase::kDone) << sqlite.error().Text();
  ASSERT_EQ(direct.phase(), QueryRun::Phase::kDone) << direct.error().Text();
  EXPECT_EQ(direct.rows(), sqlite.rows());
  EXPECT_FALSE(direct.rows().empty());
  EXPECT_EQ(direct.data_scanned_bytes(), sqlite.data_scanned_bytes());
}

TEST(AthenaEngineTest, PlainPartialsComputedDirectlyMatchSqliteExactly) {
  SplitFixture f;
  GlueTable t = TicksTable("s3://data-bucket/mixed/");
  t.name = "mixed";
  t.columns = {{"ticker", "string", ""}, {"qty", "bigint", ""},   {"price", "double", ""},
               {"flag", "boolean", ""},  {"note", "string", ""},  {"at", "timestamp", ""}};
  ASSERT_TRUE(f.catalog.CreateTable(t).ok());
  // 3 objects (one empty) over several chunks: NULLs (missing keys), NaN prices, fractions that round, ties.
  int64_t n = 0;
  for (int rows : {static_cast<int>(kSplitChunkRows) + 900, 0, 700}) {
    std::string body;
    for (int r = 0; r < rows; ++r, ++n) {
      char line[240];
      const char* ticker = n % 5 == 0 ? "ZZ" : n % 3 ? "AB" : "C";
      std::string price = n % 97 == 0 ? "\"NaN\"" : std::to_string(0.1 * static_cast<double>(n % 1000) + 1e-3);
      const std::string note = n % 4 ? ",\"note\":\"n" + std::to_string(n % 13) + "\"" : "";
      std::snprintf(line, sizeof line,
                    "{\"ticker\":\"%s\",\"qty\":%lld,\"price\":%s,\"flag\":%s%s,\"at\":\"2026-01-0%d 10:00:00\"}\n",
                    ticker, static_cast<long long>(n % 11 - 5), price.c_str(), n % 2 ? "true" : "false", note.c_str(),
                    static_cast<int>(1 + n % 9));
      body += n % 23 == 7 ? std::string("{\"ticker\":\"AB\"}\n") : std::string(line);
    }
    const std::string key = "mixed/o-" + std::to_string(n) + "-" + std::to_string(rows);
    ASSERT_TRUE(f.store.PutObject("data-bucket", key, body, kT0).ok());
  }
  for (const std::string sql : {
           "SELECT ticker, count(*), count(note), sum(qty), sum(price), min(price), max(price), min(note), "
           "max(ticker), arbitrary(note), max_by(price, qty), min_by(note, price), avg(qty), avg(price), min(at), "
           "max_by(at, note) FROM mixed GROUP BY ticker ORDER BY 1",
           "SELECT count(*), sum(price), max_by(qty, \"$path\"), min_by(qty, \"$path\"), max(\"$file_size\") "
           "FROM mixed",
           "SELECT flag, ticker, sum(qty), max(note) FROM mixed GROUP BY flag, ticker ORDER BY 1, 2",
           "SELECT \"$path\", count(*), min(\"$file_modified_time\") FROM mixed GROUP BY \"$path\" ORDER BY 1",
           "SELECT note, at, count(*) FROM mixed GROUP BY 1, 2 ORDER BY 1, 2",
           "SELECT datehour, count(*), sum(change), max_by(price, \"$path\") - min_by(price, \"$path\") "
           "FROM ticks_by_hour GROUP BY datehour ORDER BY 1",
           "SELECT ticker_symbol, round(sum(change), 2) AS total FROM big GROUP BY ticker_symbol ORDER BY total DESC "
           "LIMIT 1"}) {
    ExpectDirectPartialsMatchSqlite(f, f.Translate(sql), sql);
  }
}

TEST(AthenaEngineTest, DirectPartialsKeepSqliteErrorsAndEmptyTables) {
  SplitFixture f;
  GlueTable t = TicksTable("s3://data-bucket/huge/");
  t.name = "huge";
  t.columns = {{"qty", "bigint", ""}};
  ASSERT_TRUE(f.catalog.CreateTable(t).ok());
  ASSERT_TRUE(f.store.PutObject("data-bucket", "huge/a", "{\"qty\":9223372036854775000}\n{\"qty\":1000}\n", kT0).ok());
  // An integer sum that overflows: the chunk goes to SQLite, which raises its error.
  for (bool plan : {true, false}) {
    TranslatedQuery q = f.Translate("SELECT sum(qty) FROM huge");
    ASSERT_TRUE(q.partial_plan);
    q.partial_plan = plan;
    QueryRun run(q, f.catalog, kT0);
    f.RunAll(run);
    EXPECT_EQ(run.phase(), QueryRun::Phase::kFailed) << plan;
    EXPECT_NE(run.error().Text().find("overflow"), std::string::npos) << run.error().Text();
  }
  // No objects at all: one row without GROUP BY, none with it.
  GlueTable empty = TicksTable("s3://data-bucket/nothing-here/");
  empty.name = "empty";
  ASSERT_TRUE(f.catalog.CreateTable(empty).ok());
  for (const std::string sql :
       {"SELECT count(*), sum(price) FROM empty", "SELECT sector, count(*) FROM empty GROUP BY 1"}) {
    TranslatedQuery q = f.Translate(sql);
    QueryRun run(q, f.catalog, kT0);
    f.RunAll(run);
    ASSERT_EQ(run.phase(), QueryRun::Phase::kDone) << run.error().Text();
    const std::vector<ResultRow> expected =
        sql.find("GROUP") == std::string::npos ? std::vector<ResultRow>{{"0", std::nullopt}} : std::vector<ResultRow>{};
    EXPECT_EQ(run.rows(), expected);
  }
}

TEST(AthenaEngineTest, OnlyPlainPartialsAreComputedDirectly) {
  SplitFixture f;
  auto plan = [&](const std::string& sql) {
    TranslatedQuery q = f.Translate(sql);
    EXPECT_FALSE(q.partial_sql.empty()) << sql;
    return q.partial_plan;
  };
  EXPECT_TRUE(plan("SELECT ticker_symbol, sum(price) FROM big GROUP BY 1"));
  EXPECT_TRUE(plan("SELECT count(*) FROM big"));
  EXPECT_FALSE(plan("SELECT count(*) FROM big WHERE price > 1"));            // WHERE: SQLite filters
  EXPECT_FALSE(plan("SELECT sum(price * 2) FROM big"));                      // an expression, not a column
  EXPECT_FALSE(plan("SELECT count_if(price > 50) FROM big"));
  EXPECT_FALSE(plan("SELECT price, count(*) FROM big GROUP BY price"));      // a double group key (NaN is NULL)
  EXPECT_FALSE(plan("SELECT lower(sector), count(*) FROM big GROUP BY 1"));  // an expression group key
  EXPECT_FALSE(plan("SELECT sum(price) FILTER (WHERE seq > 3) FROM big"));
  EXPECT_FALSE(plan("SELECT seq FROM big ORDER BY seq LIMIT 3"));            // top-N: no aggregates
}

}  // namespace
}  // namespace fhl
