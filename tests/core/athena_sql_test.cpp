// athena_sql_test.cpp: the Athena (Trino) dialect: lexer/parser errors with positions, analysis errors with Athena's
// names and texts, and end-to-end translate + execute on an in-memory SQLite database standing in for the engine.
#include "core/athena_sql.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <optional>
#include <string>
#include <vector>

#include "core/athena_functions.h"
#include "core/athena_sql_parser.h"
#include "core/athena_types.h"
#include "core/glue_catalog.h"

namespace fhl {
namespace {

using Rows = std::vector<std::vector<std::string>>;  // NULL shown as "NULL"

class AthenaSqlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    GlueDatabase lab;
    lab.name = "lab";
    ASSERT_TRUE(catalog_.CreateDatabase(lab).ok());
    GlueTable t;
    t.database = "lab";
    t.name = "stock_ticks";
    t.columns = {
        {"ticker_symbol", "string", ""}, {"sector", "string", ""}, {"change", "double", ""}, {"price", "double", ""}};
    t.location = "s3://bucket/stocks/";
    ASSERT_TRUE(catalog_.CreateTable(t).ok());
    GlueTable e;
    e.database = "lab";
    e.name = "events";
    e.columns = {{"id", "int", ""},
                 {"name", "string", ""},
                 {"ts", "timestamp", ""},
                 {"ok", "boolean", ""},
                 {"qty", "bigint", ""}};
    e.partition_keys = {{"datehour", "string", ""}};
    e.location = "s3://bucket/events/";
    ASSERT_TRUE(catalog_.CreateTable(e).ok());

    ASSERT_EQ(sqlite3_open(":memory:", &db_), SQLITE_OK);
    RegisterAthenaFunctions(db_, FromCivil(CivilTime{2026, 1, 1, 0, 0, 0, 0}));
    Exec(
        "CREATE TABLE t_stock (\"ticker_symbol\", \"sector\", \"change\", \"price\", \"$path\", \"$file_size\", "
        "\"$file_modified_time\")");
    Exec(
        "INSERT INTO t_stock VALUES "
        "('AAA','TECH',1.5,10.0,'s3://bucket/stocks/2026/01/01/00/s-1-2026-01-01-00-00-00-a',100,'2026-01-01 "
        "00:01:00.000'),"
        "('AAA','TECH',-0.5,12.0,'s3://bucket/stocks/2026/01/01/00/s-1-2026-01-01-00-01-00-b',100,'2026-01-01 "
        "00:02:00.000'),"
        "('BBB','FIN',2.25,50.0,'s3://bucket/stocks/2026/01/01/00/s-1-2026-01-01-00-00-00-a',100,'2026-01-01 "
        "00:01:00.000'),"
        "('BBB','FIN',3.0,45.0,'s3://bucket/stocks/2026/01/01/00/s-1-2026-01-01-00-01-00-b',100,'2026-01-01 "
        "00:02:00.000'),"
        "('CCC',NULL,NULL,7.0,'s3://bucket/stocks/2026/01/01/00/s-1-2026-01-01-00-00-00-a',100,'2026-01-01 "
        "00:01:00.000')");
    Exec(
        "CREATE TABLE t_events (\"id\", \"name\", \"ts\", \"ok\", \"qty\", \"datehour\", \"$path\", \"$file_size\", "
        "\"$file_modified_time\")");
    Exec(
        "INSERT INTO t_events VALUES "
        "(1,'Alpha','2026-01-01 10:30:00.000',1,5,'2026/01/01/10','p1',10,'2026-01-01 10:31:00.000'),"
        "(2,'beta','2026-01-02 11:00:00.500',0,7,'2026/01/02/11','p2',10,'2026-01-02 11:01:00.000'),"
        "(3,NULL,NULL,NULL,NULL,'2026/01/02/11','p2',10,'2026-01-02 11:01:00.000')");
  }
  void TearDown() override { sqlite3_close(db_); }

  void Exec(const std::string& sql) {
    char* err = nullptr;
    ASSERT_EQ(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "") << "\n" << sql;
  }

  SqlTranslation Translate(const std::string& sql) { return TranslateQuery(sql, catalog_, "lab"); }

  std::string ErrorOf(const std::string& sql) {
    SqlTranslation t = Translate(sql);
    if (t.ok) return "OK: " + t.query.sqlite_sql;
    return t.error.Text();
  }

  // Translates and runs; the bound tables are views over the stand-in tables. Returns rows or "ERROR: ...".
  Rows Run(const std::string& sql, std::vector<SqlColumnInfo>* columns = nullptr, std::string* error = nullptr) {
    SqlTranslation t = Translate(sql);
    if (!t.ok) {
      if (error) *error = t.error.Text();
      ADD_FAILURE() << "translation failed: " << t.error.Text() << "\n" << sql;
      return {};
    }
    // A split aggregation runs its partial query over two chunks (odd and even rows), as the engine would.
    const bool split = !t.query.partial_sql.empty();
    Exec(std::string("DROP TABLE IF EXISTS temp.") + kPartialsTable);
    for (int chunk = 0; chunk < (split ? 2 : 1); ++chunk) {
      for (const SqlTableBinding& b : t.query.tables) {
        const std::string src = b.table == "stock_ticks" ? "t_stock" : "t_events";
        Exec("DROP VIEW IF EXISTS \"" + b.sqlite_name + "\"");
        Exec("CREATE TEMP VIEW \"" + b.sqlite_name + "\" AS SELECT * FROM " + src +
             (split ? " WHERE rowid % 2 = " + std::to_string(chunk) : ""));
      }
      if (split) {
        Exec((chunk == 0 ? std::string("CREATE TEMP TABLE ") + kPartialsTable + " AS "
                         : std::string("INSERT INTO ") + kPartialsTable + " ") +
             t.query.partial_sql);
      }
    }
    if (columns) *columns = t.query.columns;
    sqlite3_stmt* stmt = nullptr;
    const char* tail = nullptr;
    if (sqlite3_prepare_v2(db_, t.query.sqlite_sql.c_str(), -1, &stmt, &tail) != SQLITE_OK) {
      ADD_FAILURE() << "prepare failed: " << sqlite3_errmsg(db_) << "\n" << t.query.sqlite_sql;
      return {};
    }
    EXPECT_EQ(std::string(tail), "");
    EXPECT_EQ(sqlite3_column_count(stmt), static_cast<int>(t.query.columns.size()));
    Rows rows;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      std::vector<std::string> row;
      for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
        auto v = FormatAthenaValue(sqlite3_column_value(stmt, i), t.query.columns[static_cast<size_t>(i)].type);
        row.push_back(v ? *v : "NULL");
      }
      rows.push_back(row);
    }
    if (rc != SQLITE_DONE) {
      if (error) {
        *error = sqlite3_errmsg(db_);
      } else {
        ADD_FAILURE() << "step failed: " << sqlite3_errmsg(db_) << "\n" << t.query.sqlite_sql;
      }
    }
    sqlite3_finalize(stmt);
    return rows;
  }

  std::string One(const std::string& sql) {
    Rows r = Run(sql);
    if (r.size() != 1 || r[0].size() != 1) return "<not one value>";
    return r[0][0];
  }

  GlueCatalog catalog_;
  sqlite3* db_ = nullptr;
};

// [SECTION] the lab's questions

TEST_F(AthenaSqlTest, LabQuestionSumOfChanges) {
  std::vector<SqlColumnInfo> cols;
  Rows r =
      Run("SELECT ticker_symbol, round(sum(change), 2) AS total_change FROM stock_ticks GROUP BY ticker_symbol "
          "ORDER BY total_change DESC LIMIT 1;",
          &cols);
  ASSERT_EQ(r, (Rows{{"BBB", "5.25"}}));
  ASSERT_EQ(cols.size(), 2u);
  EXPECT_EQ(cols[0].name, "ticker_symbol");
  EXPECT_EQ(cols[0].type, "varchar");
  EXPECT_EQ(cols[1].name, "total_change");
  EXPECT_EQ(cols[1].type, "double");
}

// Top-level aggregations over one table split into a per-chunk partial query and a final one (the Run helper
// executes both over two chunks); what cannot combine from partial results runs unsplit.
TEST_F(AthenaSqlTest, AggregationsSplitOnlyWhenPartialsCombine) {
  auto split = [&](const std::string& sql) {
    SqlTranslation t = Translate(sql);
    EXPECT_TRUE(t.ok) << t.error.Text();
    return !t.query.partial_sql.empty();
  };
  EXPECT_TRUE(split("SELECT ticker_symbol, round(sum(change), 2) FROM stock_ticks GROUP BY 1 ORDER BY 2 DESC"));
  EXPECT_TRUE(split("SELECT max_by(price, \"$path\") - min_by(price, \"$path\") FROM stock_ticks"));
  EXPECT_TRUE(split("SELECT count(*) FILTER (WHERE price > 1), avg(price) FROM stock_ticks WHERE sector = 'FIN'"));
  EXPECT_TRUE(split("SELECT sector FROM stock_ticks GROUP BY sector"));
  const SqlTranslation t = Translate("SELECT ticker_symbol, count(*) FROM stock_ticks GROUP BY 1");
  EXPECT_EQ(t.query.partial_columns, (std::vector<std::string>{"g0", "p0"}));
  EXPECT_EQ(t.query.sqlite_sql.find("\"t0\""), std::string::npos) << "the final query reads only the partials";

  EXPECT_FALSE(split("SELECT approx_distinct(ticker_symbol) FROM stock_ticks"));
  EXPECT_FALSE(split("SELECT count(DISTINCT ticker_symbol) FROM stock_ticks"));
  EXPECT_FALSE(split("SELECT approx_percentile(price, 0.5) FROM stock_ticks"));
  EXPECT_FALSE(split("SELECT ticker_symbol FROM stock_ticks"));
  EXPECT_FALSE(split("SELECT ticker_symbol, rank() OVER (ORDER BY sum(price)) FROM stock_ticks GROUP BY 1"));
  EXPECT_FALSE(split("SELECT count(*) FROM stock_ticks WHERE price < (SELECT max(price) FROM stock_ticks)"));
  EXPECT_FALSE(split("SELECT count(*) FROM stock_ticks a JOIN stock_ticks b ON a.ticker_symbol = b.ticker_symbol"));
  EXPECT_FALSE(split("WITH s AS (SELECT * FROM stock_ticks) SELECT count(*) FROM s"));
  EXPECT_FALSE(split("SELECT count(*) FROM (SELECT * FROM stock_ticks)"));

  // ORDER BY ... LIMIT n without aggregation: each chunk keeps its first n rows.
  EXPECT_TRUE(split("SELECT * FROM stock_ticks ORDER BY price DESC LIMIT 2"));
  EXPECT_TRUE(split("SELECT ticker_symbol FROM stock_ticks ORDER BY price * -1, \"$path\" OFFSET 1 LIMIT 3"));
  EXPECT_FALSE(split("SELECT * FROM stock_ticks ORDER BY price DESC"));
  EXPECT_FALSE(split("SELECT * FROM stock_ticks ORDER BY price DESC LIMIT 100000"));
  EXPECT_FALSE(split("SELECT DISTINCT ticker_symbol FROM stock_ticks ORDER BY 1 LIMIT 2"));
  EXPECT_FALSE(split("SELECT price, rank() OVER (ORDER BY price) FROM stock_ticks ORDER BY 1 LIMIT 2"));
}

TEST_F(AthenaSqlTest, SplitTopNKeepsOrderLimitAndOffset) {
  EXPECT_EQ(Run("SELECT ticker_symbol, change FROM stock_ticks ORDER BY change DESC NULLS FIRST LIMIT 2"),
            (Rows{{"CCC", "NULL"}, {"BBB", "3.0"}}));
  EXPECT_EQ(Run("SELECT ticker_symbol FROM stock_ticks ORDER BY price * -1 OFFSET 1 LIMIT 2"),  // -50, -45, -12
            (Rows{{"BBB"}, {"AAA"}}));
}

TEST_F(AthenaSqlTest, LabQuestionMaxByMinByPath) {
  Rows r =
      Run("SELECT ticker_symbol, max_by(price, \"$path\") - min_by(price, \"$path\") AS improvement\n"
          "FROM stock_ticks GROUP BY ticker_symbol ORDER BY improvement DESC LIMIT 1;");
  EXPECT_EQ(r, (Rows{{"AAA", "2.0"}}));
}

TEST_F(AthenaSqlTest, LabQuestionRangeWithOrdinals) {
  std::vector<SqlColumnInfo> cols;
  Rows r = Run(
      "SELECT ticker_symbol, max(price) - min(price) AS spread FROM stock_ticks GROUP BY 1 ORDER BY 2 DESC LIMIT 1;",
      &cols);
  EXPECT_EQ(r, (Rows{{"BBB", "5.0"}}));
  EXPECT_EQ(cols[1].name, "spread");
}

TEST_F(AthenaSqlTest, LabQuestionWindowFirstLastValue) {
  Rows r = Run(
      "SELECT DISTINCT ticker_symbol,\n"
      "  last_value(price) OVER (PARTITION BY ticker_symbol ORDER BY \"$path\" ROWS BETWEEN UNBOUNDED PRECEDING AND "
      "UNBOUNDED FOLLOWING)\n"
      "  - first_value(price) OVER (PARTITION BY ticker_symbol ORDER BY \"$path\") AS improvement\n"
      "FROM stock_ticks ORDER BY improvement DESC, ticker_symbol");
  EXPECT_EQ(r, (Rows{{"AAA", "2.0"}, {"CCC", "0.0"}, {"BBB", "-5.0"}}));
}

TEST_F(AthenaSqlTest, WindowRankingFunctions) {
  Rows r =
      Run("SELECT ticker_symbol, price, row_number() OVER (PARTITION BY ticker_symbol ORDER BY price DESC) AS rn, "
          "rank() OVER (ORDER BY ticker_symbol) AS rk, dense_rank() OVER (ORDER BY ticker_symbol) AS dr, "
          "lag(price) OVER (PARTITION BY ticker_symbol ORDER BY price) AS prev, "
          "lead(price, 1, 0.0) OVER (PARTITION BY ticker_symbol ORDER BY price) AS nxt, "
          "sum(price) OVER (PARTITION BY ticker_symbol) AS tot "
          "FROM stock_ticks ORDER BY ticker_symbol, price");
  EXPECT_EQ(r, (Rows{{"AAA", "10.0", "2", "1", "1", "NULL", "12.0", "22.0"},
                     {"AAA", "12.0", "1", "1", "1", "10.0", "0.0", "22.0"},
                     {"BBB", "45.0", "2", "3", "2", "NULL", "50.0", "95.0"},
                     {"BBB", "50.0", "1", "3", "2", "45.0", "0.0", "95.0"},
                     {"CCC", "7.0", "1", "5", "3", "NULL", "0.0", "7.0"}}));
}

// [SECTION] dialect rules

TEST_F(AthenaSqlTest, NullsSortLastForAscAndDesc) {
  EXPECT_EQ(Run("SELECT sector FROM stock_ticks ORDER BY sector"),
            (Rows{{"FIN"}, {"FIN"}, {"TECH"}, {"TECH"}, {"NULL"}}));
  EXPECT_EQ(Run("SELECT sector FROM stock_ticks ORDER BY sector DESC"),
            (Rows{{"TECH"}, {"TECH"}, {"FIN"}, {"FIN"}, {"NULL"}}));
  EXPECT_EQ(Run("SELECT sector FROM stock_ticks ORDER BY sector NULLS FIRST"),
            (Rows{{"NULL"}, {"FIN"}, {"FIN"}, {"TECH"}, {"TECH"}}));
  EXPECT_EQ(Run("SELECT ticker_symbol, round(sum(change), 2) AS t FROM stock_ticks GROUP BY 1 ORDER BY t"),
            (Rows{{"AAA", "1.0"}, {"BBB", "5.25"}, {"CCC", "NULL"}}));
}

TEST_F(AthenaSqlTest, LikeIsCaseSensitiveWithEscape) {
  EXPECT_EQ(One("SELECT count(*) FROM stock_ticks WHERE ticker_symbol LIKE 'a%'"), "0");
  EXPECT_EQ(One("SELECT count(*) FROM stock_ticks WHERE ticker_symbol LIKE 'A%'"), "2");
  EXPECT_EQ(One("SELECT count(*) FROM stock_ticks WHERE ticker_symbol NOT LIKE '_A_'"), "3");
  EXPECT_EQ(One("SELECT 'a%b' LIKE 'a\\%b' ESCAPE '\\'"), "true");
  EXPECT_EQ(One("SELECT 'axb' LIKE 'a\\%b' ESCAPE '\\'"), "false");
  EXPECT_EQ(One("SELECT 'ab' LIKE 'a_'"), "true");
  EXPECT_EQ(One("SELECT 'abc' LIKE 'a_'"), "false");
  EXPECT_EQ(One("SELECT 'abcbd' LIKE 'a%b%d'"), "true");
  EXPECT_EQ(One("SELECT CAST(NULL AS varchar) LIKE 'a'"), "NULL");
}

TEST_F(AthenaSqlTest, DoubleQuotesAreIdentifiersNeverStrings) {
  EXPECT_EQ(ErrorOf("SELECT \"nope\" FROM stock_ticks"),
            "COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved or requester is not authorized to access "
            "requested resources");
  EXPECT_EQ(One("SELECT count(\"PRICE\") FROM stock_ticks"), "5");
  EXPECT_EQ(ErrorOf("SELECT * FROM stock_ticks WHERE ticker_symbol = \"AMZN\""),
            "COLUMN_NOT_FOUND: line 1:49: Column 'AMZN' cannot be resolved or requester is not authorized to access "
            "requested resources");
  EXPECT_EQ(ErrorOf("SELECT S.Symbol FROM stock_ticks s").substr(0, 45), "COLUMN_NOT_FOUND: line 1:8: Column 'S.Symbol'");
}

TEST_F(AthenaSqlTest, BackticksAreRejected) {
  EXPECT_EQ(ErrorOf("SELECT `price` FROM stock_ticks"),
            "SYNTAX_ERROR: line 1:8: backquoted identifiers are not supported; use double quotes to quote identifiers");
}

TEST_F(AthenaSqlTest, IntegerDivisionTruncatesAndTypes) {
  std::vector<SqlColumnInfo> cols;
  Rows r = Run("SELECT 5 / 2, -5 / 2, 5 % 3, 5.0 / 2, 7 / 2.0, 10000000000 / 3", &cols);
  EXPECT_EQ(r, (Rows{{"2", "-2", "2", "2.5", "3.5", "3333333333"}}));
  EXPECT_EQ(cols[0].type, "integer");
  EXPECT_EQ(cols[0].name, "_col0");
  EXPECT_EQ(cols[3].type, "double");
  EXPECT_EQ(cols[5].type, "bigint");
  std::string err;
  Run("SELECT 1 / 0", nullptr, &err);
  EXPECT_EQ(err, "DIVISION_BY_ZERO: Division by zero");
}

TEST_F(AthenaSqlTest, AggregateResultTypes) {
  std::vector<SqlColumnInfo> cols;
  Rows r =
      Run("SELECT sum(id), avg(id), count(*), count(name), count(DISTINCT datehour), min(name), max(ts) FROM events",
          &cols);
  EXPECT_EQ(r, (Rows{{"6", "2.0", "3", "2", "2", "Alpha", "2026-01-02 11:00:00.500"}}));
  ASSERT_EQ(cols.size(), 7u);
  EXPECT_EQ(cols[0].type, "bigint");
  EXPECT_EQ(cols[1].type, "double");
  EXPECT_EQ(cols[2].type, "bigint");
  EXPECT_EQ(cols[5].type, "varchar");
  EXPECT_EQ(cols[6].type, "timestamp");
}

TEST_F(AthenaSqlTest, ColumnsAndTypesFromCatalog) {
  std::vector<SqlColumnInfo> cols;
  Rows r = Run("SELECT * FROM events WHERE id = 1", &cols);
  EXPECT_EQ(r, (Rows{{"1", "Alpha", "2026-01-01 10:30:00.000", "true", "5", "2026/01/01/10"}}));
  std::vector<std::string> names, types;
  for (const auto& c : cols) names.push_back(c.name), types.push_back(c.type);
  EXPECT_EQ(names, (std::vector<std::string>{"id", "name", "ts", "ok", "qty", "datehour"}));
  EXPECT_EQ(types, (std::vector<std::string>{"integer", "varchar", "timestamp", "boolean", "bigint", "varchar"}));
}

TEST_F(AthenaSqlTest, PseudoColumnsAreHiddenButSelectable) {
  std::vector<SqlColumnInfo> cols;
  Rows r = Run("SELECT \"$path\", \"$file_size\", \"$file_modified_time\" FROM events WHERE id = 2", &cols);
  EXPECT_EQ(r, (Rows{{"p2", "10", "2026-01-02 11:01:00.000"}}));
  EXPECT_EQ(cols[0].name, "$path");
  EXPECT_EQ(cols[1].type, "bigint");
  EXPECT_EQ(cols[2].type, "timestamp");
}

TEST_F(AthenaSqlTest, TableNamesResolveCaseInsensitivelyWithCatalogAndSchema) {
  EXPECT_EQ(One("SELECT count(*) FROM AwsDataCatalog.LAB.Stock_Ticks"), "5");
  EXPECT_EQ(One("SELECT count(*) FROM lab.stock_ticks s WHERE s.Price > 10"), "3");
  EXPECT_EQ(One("SELECT count(*) FROM stock_ticks WHERE stock_ticks.price > 10"), "3");
  EXPECT_EQ(One("SELECT count(*) FROM \"lab\".\"stock_ticks\""), "5");
}

TEST_F(AthenaSqlTest, GroupByExpressionAndHaving) {
  EXPECT_EQ(Run("SELECT upper(sector) AS s, count(*) AS n FROM stock_ticks GROUP BY upper(sector) HAVING count(*) > 1 "
                "ORDER BY s"),
            (Rows{{"FIN", "2"}, {"TECH", "2"}}));
  EXPECT_EQ(
      Run("SELECT ticker_symbol || '-' || sector AS k FROM stock_ticks GROUP BY ticker_symbol, sector ORDER BY 1"),
      (Rows{{"AAA-TECH"}, {"BBB-FIN"}, {"NULL"}}));
}

TEST_F(AthenaSqlTest, JoinsSubqueriesAndCtes) {
  EXPECT_EQ(Run("WITH totals AS (SELECT ticker_symbol, sum(price) AS total FROM stock_ticks GROUP BY 1)\n"
                "SELECT s.ticker_symbol, t.total FROM stock_ticks s JOIN totals t ON s.ticker_symbol = t.ticker_symbol "
                "WHERE s.price > 11 ORDER BY 1"),
            (Rows{{"AAA", "22.0"}, {"BBB", "95.0"}, {"BBB", "95.0"}}));
  EXPECT_EQ(Run("SELECT x.t, x.n FROM (SELECT ticker_symbol AS t, count(*) AS n FROM stock_ticks GROUP BY 1) AS x "
                "ORDER BY x.n DESC, x.t LIMIT 2"),
            (Rows{{"AAA", "2"}, {"BBB", "2"}}));
  EXPECT_EQ(Run("SELECT a.ticker_symbol, b.id FROM (SELECT DISTINCT ticker_symbol FROM stock_ticks) a "
                "LEFT JOIN events b ON b.id = length(a.ticker_symbol) ORDER BY 1"),
            (Rows{{"AAA", "3"}, {"BBB", "3"}, {"CCC", "3"}}));
  EXPECT_EQ(One("SELECT count(*) FROM stock_ticks CROSS JOIN events"), "15");
  EXPECT_EQ(One("SELECT count(*) FROM stock_ticks, events WHERE events.id = 1"), "5");
  EXPECT_EQ(One("SELECT max(price) FROM stock_ticks WHERE price < (SELECT max(price) FROM stock_ticks)"), "45.0");
  EXPECT_EQ(One("SELECT count(*) FROM stock_ticks WHERE ticker_symbol IN (SELECT ticker_symbol FROM stock_ticks "
                "WHERE price > 40)"),
            "2");
  EXPECT_EQ(One("SELECT count(*) FROM events e WHERE EXISTS (SELECT 1 FROM stock_ticks s WHERE s.price = e.qty + 5)"),
            "2");
}

TEST_F(AthenaSqlTest, UnionValuesOffsetLimit) {
  std::vector<SqlColumnInfo> cols;
  EXPECT_EQ(Run("SELECT 1 AS a UNION SELECT 2 UNION SELECT 1 ORDER BY a DESC", &cols), (Rows{{"2"}, {"1"}}));
  EXPECT_EQ(cols[0].name, "a");
  EXPECT_EQ(Run("SELECT 1 UNION ALL SELECT 1"), (Rows{{"1"}, {"1"}}));
  EXPECT_EQ(Run("VALUES (1, 'a'), (2, 'b')", &cols), (Rows{{"1", "a"}, {"2", "b"}}));
  EXPECT_EQ(cols[1].name, "_col1");
  EXPECT_EQ(Run("SELECT price FROM stock_ticks ORDER BY price OFFSET 1 LIMIT 2"), (Rows{{"10.0"}, {"12.0"}}));
  EXPECT_EQ(Run("SELECT price FROM stock_ticks ORDER BY price OFFSET 3"), (Rows{{"45.0"}, {"50.0"}}));
  EXPECT_EQ(Run("SELECT price FROM stock_ticks ORDER BY price FETCH FIRST 1 ROWS ONLY"), (Rows{{"7.0"}}));
  EXPECT_EQ(Run("(SELECT 3) UNION ALL (SELECT 4 ORDER BY 1 LIMIT 1) ORDER BY 1 DESC"), (Rows{{"4"}, {"3"}}));
}

TEST_F(AthenaSqlTest, PredicatesAndCase) {
  EXPECT_EQ(One("SELECT count(*) FROM stock_ticks WHERE price BETWEEN 10 AND 45"), "3");
  EXPECT_EQ(One("SELECT count(*) FROM stock_ticks WHERE price NOT BETWEEN 10 AND 45"), "2");
  EXPECT_EQ(One("SELECT count(*) FROM stock_ticks WHERE ticker_symbol IN ('AAA', 'CCC')"), "3");
  EXPECT_EQ(One("SELECT count(*) FROM stock_ticks WHERE sector IS NULL"), "1");
  EXPECT_EQ(One("SELECT count(*) FROM stock_ticks WHERE sector IS NOT NULL"), "4");
  EXPECT_EQ(One("SELECT count(*) FROM stock_ticks WHERE sector IS DISTINCT FROM 'FIN'"), "3");
  EXPECT_EQ(One("SELECT count(*) FROM stock_ticks WHERE sector IS NOT DISTINCT FROM NULL"), "1");
  EXPECT_EQ(Run("SELECT CASE WHEN price > 40 THEN 'high' WHEN price > 9 THEN 'mid' ELSE 'low' END AS b, "
                "CASE ticker_symbol WHEN 'AAA' THEN 1 ELSE 0 END FROM stock_ticks ORDER BY price"),
            (Rows{{"low", "0"}, {"mid", "1"}, {"mid", "1"}, {"high", "0"}, {"high", "0"}}));
  EXPECT_EQ(One("SELECT NOT (1 = 1 AND NULL)"), "NULL");
  EXPECT_EQ(One("SELECT TRUE OR NULL"), "true");
  EXPECT_EQ(One("SELECT count_if(price > 11) FROM stock_ticks"), "3");
}

TEST_F(AthenaSqlTest, LiteralsAndTemporalComparisons) {
  std::vector<SqlColumnInfo> cols;
  EXPECT_EQ(Run("SELECT 'it''s', TRUE, NULL, DATE '2026-01-02', TIMESTAMP '2026-01-02 03:04:05', 1.5, 1e3", &cols),
            (Rows{{"it's", "true", "NULL", "2026-01-02", "2026-01-02 03:04:05.000", "1.5", "1000.0"}}));
  EXPECT_EQ(cols[0].type, "varchar");
  EXPECT_EQ(cols[1].type, "boolean");
  EXPECT_EQ(cols[2].type, "unknown");
  EXPECT_EQ(cols[3].type, "date");
  EXPECT_EQ(cols[4].type, "timestamp");
  EXPECT_EQ(One("SELECT count(*) FROM events WHERE ts > TIMESTAMP '2026-01-02 00:00:00'"), "1");
  EXPECT_EQ(One("SELECT count(*) FROM events WHERE ts >= DATE '2026-01-01'"), "2");
  EXPECT_EQ(One("SELECT TIMESTAMP '2026-01-01 23:30:00' + INTERVAL '1' HOUR"), "2026-01-02 00:30:00.000");
  EXPECT_EQ(One("SELECT DATE '2026-01-31' + INTERVAL '1' MONTH"), "2026-02-28");
  EXPECT_EQ(One("SELECT current_timestamp"), "2026-01-01 00:00:00.000 UTC");
  EXPECT_EQ(One("SELECT now() = current_timestamp"), "true");
  EXPECT_EQ(One("SELECT current_date"), "2026-01-01");
  EXPECT_EQ(ErrorOf("SELECT TIMESTAMP '2026-13-01'"),
            "INVALID_LITERAL: line 1:8: '2026-13-01' is not a valid timestamp literal");
}

TEST_F(AthenaSqlTest, CastAndTryCast) {
  EXPECT_EQ(One("SELECT CAST('12' AS integer) + 1"), "13");
  EXPECT_EQ(One("SELECT CAST(2.5 AS bigint)"), "3");
  EXPECT_EQ(One("SELECT CAST(-2.5 AS integer)"), "-3");
  EXPECT_EQ(One("SELECT CAST(price AS varchar) FROM stock_ticks WHERE price = 7"), "7.0");
  EXPECT_EQ(One("SELECT CAST(1e7 AS varchar)"), "1.0E7");
  EXPECT_EQ(One("SELECT CAST(ok AS varchar) FROM events WHERE id = 2"), "false");
  EXPECT_EQ(One("SELECT CAST('2026-01-02 03:04:05' AS timestamp)"), "2026-01-02 03:04:05.000");
  EXPECT_EQ(One("SELECT CAST(ts AS date) FROM events WHERE id = 1"), "2026-01-01");
  EXPECT_EQ(One("SELECT CAST('true' AS boolean)"), "true");
  EXPECT_EQ(One("SELECT CAST('abc' AS varchar(2))"), "ab");
  EXPECT_EQ(One("SELECT try_cast('abc' AS integer)"), "NULL");
  EXPECT_EQ(One("SELECT try_cast('x' AS timestamp)"), "NULL");
  std::string err;
  Run("SELECT CAST('abc' AS integer)", nullptr, &err);
  EXPECT_EQ(err, "INVALID_CAST_ARGUMENT: Cannot cast 'abc' to INT");
  EXPECT_EQ(ErrorOf("SELECT CAST(ts AS integer) FROM events"),
            "TYPE_MISMATCH: line 1:8: Cannot cast timestamp(3) to integer");
  EXPECT_EQ(ErrorOf("SELECT CAST(1 AS string)"), "TYPE_NOT_FOUND: line 1:8: Unknown type: string");
}

TEST_F(AthenaSqlTest, OrderByResolution) {
  EXPECT_EQ(Run("SELECT price * 2 AS p2 FROM stock_ticks ORDER BY p2 + 1 DESC LIMIT 2"), (Rows{{"100.0"}, {"90.0"}}));
  EXPECT_EQ(Run("SELECT * FROM stock_ticks ORDER BY price LIMIT 1"), (Rows{{"CCC", "NULL", "NULL", "7.0"}}));
  EXPECT_EQ(Run("SELECT ticker_symbol FROM stock_ticks GROUP BY ticker_symbol ORDER BY count(*) DESC, 1 LIMIT 2"),
            (Rows{{"AAA"}, {"BBB"}}));
  EXPECT_EQ(
      Run("SELECT ticker_symbol, price FROM stock_ticks ORDER BY row_number() OVER (ORDER BY price DESC) LIMIT 1"),
      (Rows{{"BBB", "50.0"}}));
  // Output names shadow source columns in ORDER BY.
  EXPECT_EQ(Run("SELECT ticker_symbol, -price AS price FROM stock_ticks ORDER BY price LIMIT 1"),
            (Rows{{"BBB", "-50.0"}}));
  EXPECT_EQ(ErrorOf("SELECT DISTINCT ticker_symbol FROM stock_ticks ORDER BY price"),
            "EXPRESSION_NOT_IN_DISTINCT: line 1:57: For SELECT DISTINCT, ORDER BY expressions must appear in select "
            "list");
  EXPECT_EQ(ErrorOf("SELECT price FROM stock_ticks ORDER BY 2"),
            "INVALID_COLUMN_REFERENCE: line 1:40: ORDER BY position 2 is not in select list");
  EXPECT_EQ(ErrorOf("SELECT price FROM stock_ticks GROUP BY 0"),
            "INVALID_COLUMN_REFERENCE: line 1:40: GROUP BY position 0 is not in select list");
  EXPECT_EQ(ErrorOf("SELECT count(*) FROM stock_ticks GROUP BY 1"),
            "EXPRESSION_NOT_SCALAR: line 1:43: GROUP BY clause cannot contain aggregations, window functions or "
            "grouping operations: [count(*)]");
}

TEST_F(AthenaSqlTest, SubqueriesCtesAndWindowsOverAggregates) {
  EXPECT_EQ(Run("WITH a AS (SELECT ticker_symbol AS t, price FROM stock_ticks), b (t, n) AS (SELECT t, count(*) FROM a "
                "GROUP BY t) SELECT b.t, b.n, x.n FROM b JOIN b x ON b.t = x.t ORDER BY 1"),
            (Rows{{"AAA", "2", "2"}, {"BBB", "2", "2"}, {"CCC", "1", "1"}}));
  EXPECT_EQ(Run("SELECT ticker_symbol, (SELECT count(*) FROM events WHERE id < length(s.ticker_symbol)) AS c "
                "FROM stock_ticks s WHERE price = 7"),
            (Rows{{"CCC", "2"}}));
  EXPECT_EQ(Run("SELECT ticker_symbol, max(price) / (SELECT max(price) FROM stock_ticks) AS r FROM stock_ticks "
                "GROUP BY 1 ORDER BY 1 LIMIT 1"),
            (Rows{{"AAA", "0.24"}}));
  EXPECT_EQ(Run("SELECT ticker_symbol, sum(sum(price)) OVER () AS total, rank() OVER (ORDER BY sum(price) DESC) AS rk "
                "FROM stock_ticks GROUP BY ticker_symbol ORDER BY rk"),
            (Rows{{"BBB", "124.0", "1"}, {"AAA", "124.0", "2"}, {"CCC", "124.0", "3"}}));
  EXPECT_EQ(Run("SELECT t.a, t.b FROM (VALUES (1, 'x'), (2, 'y')) AS t (a, b) WHERE t.a > 1"), (Rows{{"2", "y"}}));
  EXPECT_EQ(ErrorOf("SELECT approx_percentile(price, 0.5) OVER () FROM stock_ticks"),
            "NOT_SUPPORTED: line 1:8: This sandbox does not support approx_percentile as a window function (OVER)");
  EXPECT_EQ(ErrorOf("SELECT * FROM (SELECT price FROM stock_ticks) AS x (a, b)"),
            "MISMATCHED_COLUMN_ALIASES: line 1:15: Column alias list has 2 entries but 'x' has 1 columns available");
  EXPECT_EQ(ErrorOf("SELECT ticker_symbol, count(*) AS n FROM stock_ticks GROUP BY 1 HAVING n > 1"),
            "COLUMN_NOT_FOUND: line 1:72: Column 'n' cannot be resolved or requester is not authorized to access "
            "requested resources");
  EXPECT_EQ(ErrorOf("SELECT * FROM events WHERE ts > '2026-01-01'"),
            "TYPE_MISMATCH: line 1:31: Cannot apply operator: timestamp(3) > varchar(10)");
}

TEST_F(AthenaSqlTest, FunctionsThroughTheTranslator) {
  EXPECT_EQ(Run("SELECT regexp_extract(\"$path\", '[^/]+$') FROM stock_ticks WHERE price = 7"),
            (Rows{{"s-1-2026-01-01-00-00-00-a"}}));
  EXPECT_EQ(One("SELECT date_parse(regexp_extract(\"$path\", '(\\d{4}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-\\d{2})', 1), "
                "'%Y-%m-%d-%H-%i-%s') FROM stock_ticks WHERE price = 12"),
            "2026-01-01 00:01:00.000");
  EXPECT_EQ(One("SELECT date_trunc('hour', ts) FROM events WHERE id = 1"), "2026-01-01 10:00:00.000");
  EXPECT_EQ(One("SELECT date_format(ts, '%Y-%m') FROM events WHERE id = 2"), "2026-01");
  EXPECT_EQ(One("SELECT year(ts) * 100 + month(ts) FROM events WHERE id = 2"), "202601");
  EXPECT_EQ(One("SELECT extract(hour FROM ts) FROM events WHERE id = 2"), "11");
  EXPECT_EQ(One("SELECT from_iso8601_timestamp('2026-01-01T00:00:00Z')"), "2026-01-01 00:00:00.000 UTC");
  EXPECT_EQ(One("SELECT if(price > 10, 'hi', 'lo') FROM stock_ticks WHERE price = 12"), "hi");
  EXPECT_EQ(One("SELECT if(price > 100, 'hi') FROM stock_ticks WHERE price = 12"), "NULL");
  EXPECT_EQ(One("SELECT coalesce(sector, 'none') FROM stock_ticks WHERE price = 7"), "none");
  EXPECT_EQ(One("SELECT nullif(1, 1)"), "NULL");
  EXPECT_EQ(One("SELECT greatest(1, 2.5)"), "2.5");
  EXPECT_EQ(One("SELECT concat('a', 'b', 'c')"), "abc");
  EXPECT_EQ(One("SELECT typeof(1.5)"), "double");
  EXPECT_EQ(One("SELECT typeof(count(*)) FROM stock_ticks"), "bigint");
  EXPECT_EQ(One("SELECT arbitrary(sector) FROM stock_ticks WHERE ticker_symbol = 'AAA'"), "TECH");
  EXPECT_EQ(One("SELECT approx_distinct(ticker_symbol) FROM stock_ticks"), "3");
  EXPECT_EQ(One("SELECT approx_percentile(price, 0.5) FROM stock_ticks"), "12.0");
  EXPECT_EQ(One("SELECT round(stddev(price), 3) FROM stock_ticks"), "20.873");
  EXPECT_EQ(One("SELECT bool_and(price > 5) FROM stock_ticks"), "true");
  EXPECT_EQ(One("SELECT count(*) FILTER (WHERE price > 10) FROM stock_ticks"), "3");
  EXPECT_EQ(One("SELECT split_part('a,b', ',', 2) || substr('xyz', 2)"), "byz");
  EXPECT_EQ(One("SELECT position('c' IN 'abc')"), "3");
  EXPECT_EQ(One("SELECT trim('  x  ') || ltrim(' y')"), "xy");
  EXPECT_EQ(One("SELECT mod(7, 3) + abs(-2) + ceil(1.2) + floor(1.8)"), "6.0");
  EXPECT_EQ(One("SELECT round(2.5) + round(7, -1) + sqrt(4) + power(2, 2) + ln(1) + log10(10)"), "20.0");
  EXPECT_EQ(One("SELECT date_diff('hour', TIMESTAMP '2026-01-01 00:00:00', TIMESTAMP '2026-01-01 05:30:00')"), "5");
  EXPECT_EQ(One("SELECT date_add('day', 1, DATE '2026-01-31')"), "2026-02-01");
  EXPECT_EQ(One("SELECT to_unixtime(TIMESTAMP '1970-01-02 00:00:00')"), "86400.0");
}

// [SECTION] errors with Athena's names, texts and positions

TEST_F(AthenaSqlTest, ExpressionNotAggregate) {
  EXPECT_EQ(ErrorOf("SELECT price, count(*) FROM stock_ticks"),
            "EXPRESSION_NOT_AGGREGATE: line 1:8: 'price' must be an aggregate expression or appear in GROUP BY clause");
  EXPECT_EQ(ErrorOf("SELECT ticker_symbol, price FROM stock_ticks GROUP BY ticker_symbol"),
            "EXPRESSION_NOT_AGGREGATE: line 1:23: 'price' must be an aggregate expression or appear in GROUP BY "
            "clause");
  EXPECT_EQ(ErrorOf("SELECT ticker_symbol FROM stock_ticks GROUP BY 1 ORDER BY price"),
            "EXPRESSION_NOT_AGGREGATE: line 1:59: 'price' must be an aggregate expression or appear in GROUP BY "
            "clause");
  EXPECT_EQ(ErrorOf("SELECT sum(price) FROM stock_ticks HAVING price > 1"),
            "EXPRESSION_NOT_AGGREGATE: line 1:43: 'price' must be an aggregate expression or appear in GROUP BY "
            "clause");
  // Grouped expressions and aggregates are fine.
  EXPECT_EQ(Run("SELECT lower(ticker_symbol), max(price) FROM stock_ticks GROUP BY ticker_symbol ORDER BY 1 LIMIT 1"),
            (Rows{{"aaa", "12.0"}}));
  EXPECT_EQ(ErrorOf("SELECT ticker_symbol AS t FROM stock_ticks GROUP BY t"),
            "COLUMN_NOT_FOUND: line 1:53: Column 't' cannot be resolved or requester is not authorized to access "
            "requested resources");
}

TEST_F(AthenaSqlTest, TableSchemaColumnNotFound) {
  EXPECT_EQ(ErrorOf("SELECT * FROM nope"),
            "TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.lab.nope' does not exist");
  EXPECT_EQ(ErrorOf("SELECT * FROM other.stock_ticks"), "SCHEMA_NOT_FOUND: line 1:15: Schema 'other' does not exist");
  EXPECT_EQ(ErrorOf("SELECT ticker_symbol,\n  price,\n      symbol FROM stock_ticks"),
            "COLUMN_NOT_FOUND: line 3:7: Column 'symbol' cannot be resolved or requester is not authorized to access "
            "requested resources");
  EXPECT_EQ(ErrorOf("SELECT rowid FROM stock_ticks"),
            "COLUMN_NOT_FOUND: line 1:8: Column 'rowid' cannot be resolved or requester is not authorized to access "
            "requested resources");
  EXPECT_EQ(ErrorOf("SELECT x.price FROM stock_ticks s"),
            "COLUMN_NOT_FOUND: line 1:8: Column 'x.price' cannot be resolved or requester is not authorized to access "
            "requested resources");
  EXPECT_EQ(ErrorOf("SELECT * FROM hive.lab.stock_ticks"), "CATALOG_NOT_FOUND: line 1:15: Catalog 'hive' not found");
  EXPECT_EQ(ErrorOf("SELECT price FROM stock_ticks a, stock_ticks b"),
            "AMBIGUOUS_NAME: line 1:8: Column 'price' is ambiguous");
}

TEST_F(AthenaSqlTest, FunctionErrors) {
  EXPECT_EQ(ErrorOf("SELECT printf('%d', 1)"), "FUNCTION_NOT_FOUND: line 1:8: Function 'printf' not registered");
  EXPECT_EQ(ErrorOf("SELECT 1 + foo(price) FROM stock_ticks"),
            "FUNCTION_NOT_FOUND: line 1:12: Function 'foo' not registered");
  EXPECT_EQ(ErrorOf("SELECT abs('x')"),
            "FUNCTION_NOT_FOUND: line 1:8: Unexpected parameters (varchar(1)) for function abs. Expected: abs(bigint), "
            "abs(integer), abs(double), abs(real), abs(decimal(p,s))");
  EXPECT_EQ(ErrorOf("SELECT round(1, 2, 3)").substr(0, 60),
            "FUNCTION_NOT_FOUND: line 1:8: Unexpected parameters (integer");
  EXPECT_EQ(ErrorOf("SELECT row_number() FROM stock_ticks"),
            "MISSING_OVER: line 1:8: Window function row_number requires an OVER clause");
  EXPECT_EQ(ErrorOf("SELECT ticker_symbol FROM stock_ticks WHERE sum(price) > 1"),
            "EXPRESSION_NOT_SCALAR: line 1:45: WHERE clause cannot contain aggregations, window functions or grouping "
            "operations: [sum(price)]");
  EXPECT_EQ(ErrorOf("SELECT sum(max(price)) FROM stock_ticks"),
            "NESTED_AGGREGATION: line 1:12: Cannot nest aggregations inside aggregation 'sum': [max(price)]");
}

TEST_F(AthenaSqlTest, TypeMismatch) {
  EXPECT_EQ(ErrorOf("SELECT * FROM stock_ticks WHERE ticker_symbol = 1"),
            "TYPE_MISMATCH: line 1:47: Cannot apply operator: varchar = integer");
  EXPECT_EQ(ErrorOf("SELECT price + 'a' FROM stock_ticks"),
            "TYPE_MISMATCH: line 1:14: Cannot apply operator: double + varchar(1)");
  EXPECT_EQ(ErrorOf("SELECT * FROM stock_ticks WHERE price"),
            "TYPE_MISMATCH: line 1:33: WHERE clause must evaluate to a boolean: actual type double");
  EXPECT_EQ(ErrorOf("SELECT 'a' || 1"),
            "FUNCTION_NOT_FOUND: line 1:12: Unexpected parameters (varchar(1), integer) for function concat. Expected: "
            "concat(array(E)) E, concat(E, array(E)) E, concat(array(E), E) E, concat(char(x), char(y)), "
            "concat(varchar)");
  EXPECT_EQ(ErrorOf("SELECT 1 UNION SELECT 'a'"),
            "TYPE_MISMATCH: line 1:10: column 1 in UNION query has incompatible types: integer, varchar(1)");
  EXPECT_EQ(ErrorOf("SELECT CASE WHEN true THEN 1 ELSE 'a' END"),
            "TYPE_MISMATCH: line 1:35: All CASE results must be the same type or coercible to a common type. Cannot "
            "find common type between integer and varchar(1), all types (without duplicates): [integer, varchar(1)]");
  EXPECT_EQ(ErrorOf("SELECT * FROM stock_ticks WHERE price IN (1, 'x')"),
            "TYPE_MISMATCH: line 1:46: IN value and list items must be the same type or coercible to a common type. "
            "Cannot find common type between double and varchar(1), all types (without duplicates): [double, "
            "integer, varchar(1)]");
  EXPECT_EQ(ErrorOf("SELECT * FROM stock_ticks WHERE price NOT BETWEEN 1 AND 'x'"),
            "TYPE_MISMATCH: line 1:39: Cannot check if double is BETWEEN integer and varchar(1)");
  EXPECT_EQ(ErrorOf("SELECT * FROM stock_ticks WHERE price IN (SELECT sector FROM stock_ticks)"),
            "TYPE_MISMATCH: line 1:39: value and result of subquery must be of the same type for IN expression: "
            "double vs varchar");
  EXPECT_EQ(ErrorOf("SELECT * FROM stock_ticks WHERE sector IS DISTINCT FROM 1"),
            "TYPE_MISMATCH: line 1:40: Cannot apply operator: varchar IS DISTINCT FROM integer");
  EXPECT_EQ(ErrorOf("SELECT 1 FROM stock_ticks WHERE price LIKE 'x'"),
            "TYPE_MISMATCH: line 1:33: Left side of LIKE expression must evaluate to a varchar (actual: double)");
}

TEST_F(AthenaSqlTest, SyntaxErrors) {
  EXPECT_EQ(ErrorOf("SELECT * FORM stock_ticks"),
            "SYNTAX_ERROR: line 1:10: mismatched input 'FORM'. Expecting: ',', 'EXCEPT', 'FETCH', 'FROM', 'GROUP', "
            "'HAVING', 'INTERSECT', 'LIMIT', 'OFFSET', 'ORDER', 'UNION', 'WHERE', 'WINDOW', <EOF>");
  EXPECT_EQ(ErrorOf("SELECT * FROM stock_ticks LIMIT 1,2"),
            "SYNTAX_ERROR: line 1:34: mismatched input ','. Expecting: <EOF>");
  EXPECT_EQ(ErrorOf("SELECT * FROM stock_ticks WHERE"),
            "SYNTAX_ERROR: line 1:32: mismatched input '<EOF>'. Expecting: <expression>");
  EXPECT_EQ(
      ErrorOf("PRAGMA table_info(t)").rfind("SYNTAX_ERROR: line 1:1: mismatched input 'PRAGMA'. Expecting: 'ALTER'", 0),
      0u);
  EXPECT_EQ(ErrorOf("ATTACH 'x' AS y").rfind("SYNTAX_ERROR: line 1:1: mismatched input 'ATTACH'. Expecting: ", 0), 0u);
  EXPECT_EQ(ErrorOf("SELECT 1; SELECT 2"), "SYNTAX_ERROR: line 1:11: mismatched input 'SELECT'. Expecting: <EOF>");
  EXPECT_EQ(ErrorOf("SELECT 'abc"), "SYNTAX_ERROR: line 1:8: token recognition error at: ''abc'");
  EXPECT_EQ(ErrorOf("SELECT\n  price\n  FROM stock_ticks LIMIT 1 OFFSET 2"),
            "SYNTAX_ERROR: line 3:28: mismatched input 'OFFSET'. Expecting: <EOF>");
  EXPECT_EQ(ErrorOf(std::string("SELECT 'a\0b'", 13)),
            "SYNTAX_ERROR: line 1:10: token recognition error at: '\\u0000'");
  EXPECT_TRUE(Translate("SELECT 1;").ok);
  EXPECT_TRUE(Translate("  -- comment\nSELECT /* inline */ 1").ok);
}

TEST_F(AthenaSqlTest, NonQueryStatementsAreNotSupported) {
  EXPECT_EQ(ErrorOf("INSERT INTO stock_ticks VALUES ('a','b',1,2)").substr(0, 42),
            "NOT_SUPPORTED: line 1:1: INSERT statements");
  EXPECT_EQ(ErrorOf("DELETE FROM stock_ticks").substr(0, 42), "NOT_SUPPORTED: line 1:1: DELETE statements");
}

TEST_F(AthenaSqlTest, EmittedSqlQuotesEverythingAndIsOneSelect) {
  SqlTranslation t =
      Translate("SELECT \"price\" AS \"P\" FROM stock_ticks WHERE ticker_symbol = 'x''; DROP TABLE t0; --'");
  ASSERT_TRUE(t.ok) << t.error.Text();
  EXPECT_EQ(t.query.sqlite_sql,
            "SELECT \"r0\".\"price\" AS \"c0\" FROM \"t0\" AS \"r0\" WHERE (\"r0\".\"ticker_symbol\" = "
            "'x''; DROP TABLE t0; --')");
  ASSERT_EQ(t.query.tables.size(), 1u);
  EXPECT_EQ(t.query.tables[0].database, "lab");
  EXPECT_EQ(t.query.tables[0].table, "stock_ticks");
  EXPECT_EQ(t.query.tables[0].sqlite_name, "t0");
  EXPECT_EQ(t.query.columns[0].name, "P");
  // Unquoted aliases are lower-cased as Athena shows them.
  EXPECT_EQ(Translate("SELECT 1 AS Total").query.columns[0].name, "total");
  // The same table twice binds once.
  SqlTranslation two = Translate("SELECT a.price FROM stock_ticks a JOIN lab.stock_ticks b ON a.price = b.price");
  ASSERT_TRUE(two.ok);
  EXPECT_EQ(two.query.tables.size(), 1u);
}

TEST_F(AthenaSqlTest, SqlErrorText) {
  SqlError e{"SYNTAX_ERROR", 2, 5, "boom"};
  EXPECT_EQ(e.Text(), "SYNTAX_ERROR: line 2:5: boom");
  SqlError n{"NOT_SUPPORTED", 0, 0, "nope"};
  EXPECT_EQ(n.Text(), "NOT_SUPPORTED: nope");
}

TEST(AthenaSqlLexerTest, TokensPositionsAndEscapes) {
  SqlLexResult r = LexSql("SELECT \"My \"\"Col\"\"\", 'it''s' -- c\n  FROM t1 WHERE x<>1.5e3 AND y != .5 || 'é' = z");
  ASSERT_TRUE(r.ok) << r.message;
  ASSERT_GE(r.tokens.size(), 8u);
  EXPECT_EQ(r.tokens[0].kind, SqlToken::kIdentifier);
  EXPECT_EQ(r.tokens[0].text, "select");
  EXPECT_EQ(r.tokens[1].kind, SqlToken::kQuotedIdent);
  EXPECT_EQ(r.tokens[1].text, "My \"Col\"");
  EXPECT_EQ(r.tokens[1].column, 8);
  EXPECT_EQ(r.tokens[3].kind, SqlToken::kString);
  EXPECT_EQ(r.tokens[3].text, "it's");
  EXPECT_EQ(r.tokens[4].text, "from");
  EXPECT_EQ(r.tokens[4].line, 2);
  EXPECT_EQ(r.tokens[4].column, 3);
  std::vector<std::string> texts;
  for (const SqlToken& t : r.tokens) texts.push_back(t.text);
  EXPECT_EQ(texts, (std::vector<std::string>{"select", "My \"Col\"", ",", "it's", "from", "t1", "where", "x", "<>",
                                             "1.5e3", "and", "y", "!=", ".5", "||", "é", "=", "z", ""}));
  EXPECT_EQ(r.tokens[9].kind, SqlToken::kDouble);
  EXPECT_EQ(r.tokens[13].kind, SqlToken::kDecimal);
  EXPECT_EQ(r.tokens.back().kind, SqlToken::kEnd);
  // Columns count code points: 'é' is one column.
  SqlLexResult u = LexSql("SELECT 'é', x");
  ASSERT_TRUE(u.ok);
  EXPECT_EQ(u.tokens[3].column, 13);
  SqlLexResult bad = LexSql("SELECT 1abc");
  EXPECT_FALSE(bad.ok);
  EXPECT_EQ(bad.column, 8);
  EXPECT_EQ(bad.message, "identifiers must not start with a digit; surround the identifier with double quotes");
  SqlLexResult tick = LexSql("SELECT a,\n `b`");
  EXPECT_FALSE(tick.ok);
  EXPECT_EQ(tick.line, 2);
  EXPECT_EQ(tick.column, 2);
}

TEST(AthenaSqlParserTest, AstShapeAndPositions) {
  SqlParseResult r = ParseSqlQuery(
      "WITH a AS (SELECT 1) SELECT DISTINCT x + 1 AS y, count(*) FILTER (WHERE z) "
      "FROM a JOIN b ON a.k = b.k WHERE x BETWEEN 1 AND 2 GROUP BY 1 HAVING count(*) > 1 "
      "ORDER BY y DESC NULLS FIRST OFFSET 2 LIMIT 3");
  ASSERT_TRUE(r.ok) << r.message;
  const SqlQuery& q = *r.query;
  ASSERT_EQ(q.with.size(), 1u);
  EXPECT_EQ(q.with[0].name, "a");
  const SqlQueryBody& b = *q.body;
  EXPECT_TRUE(b.distinct);
  ASSERT_EQ(b.items.size(), 2u);
  EXPECT_EQ(b.items[0].alias, "y");
  EXPECT_EQ(b.items[0].expr->kind, SqlExpr::kBinary);
  EXPECT_EQ(b.items[0].expr->pos.column, 40);  // the '+' operator
  EXPECT_EQ(b.items[1].expr->kind, SqlExpr::kFunction);
  EXPECT_TRUE(b.items[1].expr->filter != nullptr);
  ASSERT_TRUE(b.from != nullptr);
  EXPECT_EQ(b.from->kind, SqlRelation::kJoin);
  EXPECT_EQ(b.from->join_type, "inner");
  EXPECT_EQ(b.where->kind, SqlExpr::kBetween);
  EXPECT_EQ(b.group_by.size(), 1u);
  ASSERT_EQ(q.order_by.size(), 1u);
  EXPECT_TRUE(q.order_by[0].desc);
  EXPECT_EQ(q.order_by[0].nulls, 1);
  EXPECT_EQ(q.offset->text, "2");
  EXPECT_EQ(q.limit->text, "3");
  // Operator precedence: 1 + 2 * 3 || 'x' parses as (1 + (2 * 3)) || 'x'.
  SqlParseResult p = ParseSqlQuery("SELECT 1 + 2 * 3 || 'x'");
  ASSERT_TRUE(p.ok);
  const SqlExpr& e = *p.query->body->items[0].expr;
  EXPECT_EQ(e.op, "||");
  EXPECT_EQ(e.children[0]->op, "+");
  EXPECT_EQ(e.children[0]->children[1]->op, "*");
  // INTERSECT binds tighter than UNION.
  SqlParseResult s = ParseSqlQuery("SELECT 1 UNION SELECT 2 INTERSECT SELECT 3");
  ASSERT_TRUE(s.ok);
  EXPECT_EQ(s.query->body->set_op, "union");
  EXPECT_EQ(s.query->body->right->set_op, "intersect");
}

TEST(AthenaTypesTest, HiveToAthena) {
  EXPECT_EQ(HiveToAthenaType("string"), "varchar");
  EXPECT_EQ(HiveToAthenaType("int"), "integer");
  EXPECT_EQ(HiveToAthenaType("float"), "real");
  EXPECT_EQ(HiveToAthenaType("timestamp"), "timestamp(3)");
  EXPECT_EQ(HiveToAthenaType("decimal(10, 2)"), "decimal(10,2)");
  EXPECT_EQ(HiveToAthenaType("array<string>"), "array(varchar)");
  EXPECT_EQ(HiveToAthenaType("map<string,int>"), "map(varchar, integer)");
  EXPECT_EQ(HiveToAthenaType("struct<a:int,b:string>"), "row(a integer, b varchar)");
  EXPECT_EQ(ResultTypeName("varchar(3)"), "varchar");
  EXPECT_EQ(ResultTypeName("timestamp(3) with time zone"), "timestamp with time zone");
  EXPECT_EQ(*CommonSuperType("integer", "double"), "double");
  EXPECT_EQ(*CommonSuperType("varchar(3)", "varchar"), "varchar");
  EXPECT_FALSE(CommonSuperType("varchar", "integer").has_value());
}

}  // namespace
}  // namespace fhl
