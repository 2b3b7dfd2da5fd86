// athena_ddl_test.cpp: Athena's Hive DDL and utility statements: the lab's CREATE EXTERNAL TABLE, SHOW/DESCRIBE
// result sets, SHOW CREATE TABLE text and Hive's error texts and positions.
#include "core/athena_ddl.h"

#include <gtest/gtest.h>

namespace fhl {
namespace {

constexpr TimeUs kT = 1773480360LL * kUsPerSecond;

constexpr const char* kStockDdl =
    "CREATE EXTERNAL TABLE `stock_ticks` (\n"
    "  `ticker_symbol` string, `sector` string, `change` double, `price` double)\n"
    "ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'\n"
    "WITH SERDEPROPERTIES ('ignore.malformed.json' = 'true')\n"
    "LOCATION 's3://lab-bucket/stocks/';";

std::string ErrorText(const DdlOutcome& o) { return o.error.Text(); }

std::vector<std::string> Column0(const DdlOutcome& o) {
  std::vector<std::string> out;
  for (const auto& row : o.rows) out.push_back(row.at(0).value_or("NULL"));
  return out;
}

TEST(AthenaDdlTest, RecognizesDdlStatements) {
  EXPECT_TRUE(IsDdlStatement("CREATE EXTERNAL TABLE x"));
  EXPECT_TRUE(IsDdlStatement("  -- comment\n /* c */ show tables"));
  EXPECT_TRUE(IsDdlStatement("desc t"));
  EXPECT_TRUE(IsDdlStatement("DESCRIBE t"));
  EXPECT_TRUE(IsDdlStatement("msck repair table t"));
  EXPECT_TRUE(IsDdlStatement("Drop table t"));
  EXPECT_TRUE(IsDdlStatement("ALTER TABLE t SET TBLPROPERTIES ('a'='b')"));
  EXPECT_FALSE(IsDdlStatement("SELECT * FROM t"));
  EXPECT_FALSE(IsDdlStatement("WITH a AS (SELECT 1) SELECT * FROM a"));
  EXPECT_FALSE(IsDdlStatement("(SELECT 1)"));
  EXPECT_FALSE(IsDdlStatement("-- create table\nSELECT 1"));
  EXPECT_FALSE(IsDdlStatement("DESCRIPTION"));
  EXPECT_FALSE(IsDdlStatement(""));
}

TEST(AthenaDdlTest, CreatesTheLabTable) {
  GlueCatalog c;
  DdlOutcome o = ExecuteDdl(kStockDdl, c, "default", kT);
  ASSERT_TRUE(o.ok) << ErrorText(o);
  EXPECT_EQ(o.statement_type, "DDL");
  EXPECT_TRUE(o.columns.empty());
  const GlueTable* t = c.FindTable("default", "stock_ticks");
  ASSERT_NE(t, nullptr);
  ASSERT_EQ(t->columns.size(), 4u);
  EXPECT_EQ(t->columns[2].name, "change");
  EXPECT_EQ(t->columns[2].type, "double");
  EXPECT_EQ(t->location, "s3://lab-bucket/stocks/");
  EXPECT_EQ(t->serde_library, "org.openx.data.jsonserde.JsonSerDe");
  EXPECT_EQ(t->serde_parameters.at("ignore.malformed.json"), "true");
  EXPECT_EQ(t->input_format, "org.apache.hadoop.mapred.TextInputFormat");
  EXPECT_EQ(t->parameters.at("EXTERNAL"), "TRUE");
  EXPECT_EQ(t->table_type, "EXTERNAL_TABLE");
  EXPECT_EQ(t->create_time, kT);
  // Again: exists; with IF NOT EXISTS: fine and unchanged.
  DdlOutcome again = ExecuteDdl(kStockDdl, c, "default", kT);
  ASSERT_FALSE(again.ok);
  EXPECT_EQ(ErrorText(again), "AlreadyExistsException: Table already exists.");
  std::string ine = kStockDdl;
  ine.replace(0, std::string("CREATE EXTERNAL TABLE").size(), "CREATE EXTERNAL TABLE IF NOT EXISTS");
  EXPECT_TRUE(ExecuteDdl(ine, c, "default", kT).ok);
}

TEST(AthenaDdlTest, PartitionedProjectionTableWithTypesAndProperties) {
  GlueCatalog c;
  ASSERT_TRUE(ExecuteDdl("CREATE DATABASE IF NOT EXISTS Lab COMMENT 'x'", c, "", kT).ok);
  DdlOutcome o = ExecuteDdl(
      "create external table lab.Ticks (sym VARCHAR(10) COMMENT 'ticker', qty INTEGER, p decimal(10, 2), ok boolean,"
      " ts timestamp, d date, tags array<string>)\n"
      "PARTITIONED BY (datehour string)\n"
      "ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'\n"
      "STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat' OUTPUTFORMAT "
      "'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'\n"
      "LOCATION 's3://lab-bucket/stocks/'\n"
      "TBLPROPERTIES ('projection.enabled'='true', 'projection.datehour.type'='date')",
      c, "default", kT);
  ASSERT_TRUE(o.ok) << ErrorText(o);
  const GlueTable* t = c.FindTable("lab", "ticks");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->columns[0].type, "varchar(10)");
  EXPECT_EQ(t->columns[0].comment, "ticker");
  EXPECT_EQ(t->columns[1].type, "int");
  EXPECT_EQ(t->columns[2].type, "decimal(10,2)");
  EXPECT_EQ(t->columns[6].type, "array<string>");
  ASSERT_EQ(t->partition_keys.size(), 1u);
  EXPECT_EQ(t->partition_keys[0].name, "datehour");
  EXPECT_EQ(t->parameters.at("projection.enabled"), "true");
}

TEST(AthenaDdlTest, SyntaxErrorsAreHiveParseExceptions) {
  GlueCatalog c;
  DdlOutcome o = ExecuteDdl("CREATE TABL x", c, "default", kT);
  ASSERT_FALSE(o.ok);
  EXPECT_EQ(ErrorText(o), "FAILED: ParseException line 1:7 cannot recognize input near 'TABL' 'x' '<EOF>' in ddl statement");
  DdlOutcome type = ExecuteDdl("CREATE EXTERNAL TABLE t (a strng) ROW FORMAT SERDE "
                               "'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://b/p/'", c, "default", kT);
  EXPECT_EQ(ErrorText(type),
            "FAILED: ParseException line 1:27 cannot recognize input near 'strng' ')' 'ROW' in column type");
  DdlOutcome trailing = ExecuteDdl("SHOW TABLES x y", c, "default", kT);
  EXPECT_EQ(ErrorText(trailing), "FAILED: ParseException line 1:12 missing EOF at 'x' near 'TABLES'");
  DdlOutcome eof = ExecuteDdl("DROP TABLE t extra", c, "default", kT);
  EXPECT_EQ(ErrorText(eof), "FAILED: ParseException line 1:13 missing EOF at 'extra' near 't'");
  DdlOutcome second_line = ExecuteDdl("CREATE EXTERNAL TABLE t (\n  a string\n  b int)", c, "default", kT);
  EXPECT_EQ(ErrorText(second_line), "FAILED: ParseException line 3:2 mismatched input 'b' expecting ) near 'string' in create table statement");
  DdlOutcome reserved = ExecuteDdl("CREATE EXTERNAL TABLE t (timestamp string) LOCATION 's3://b/p/'", c, "default", kT);
  EXPECT_EQ(ErrorText(reserved),
            "FAILED: ParseException line 1:25 cannot recognize input near 'timestamp' 'string' ')' in column specification");
  EXPECT_TRUE(ExecuteDdl("CREATE EXTERNAL TABLE t (`timestamp` string) LOCATION 's3://b/p/'", c, "default", kT).ok);
  ASSERT_TRUE(ExecuteDdl("DROP TABLE t", c, "default", kT).ok);
  DdlOutcome unterminated = ExecuteDdl("CREATE DATABASE 'x", c, "default", kT);
  EXPECT_FALSE(unterminated.ok);
  EXPECT_EQ(c.ListDatabases().size(), 1u);
}

TEST(AthenaDdlTest, SemanticErrors) {
  GlueCatalog c;
  const std::string tail = " ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://b/p/'";
  EXPECT_EQ(ErrorText(ExecuteDdl("CREATE EXTERNAL TABLE nodb.t (a string)" + tail, c, "default", kT)),
            "FAILED: SemanticException [Error 10072]: Database does not exist: nodb");
  EXPECT_EQ(ErrorText(ExecuteDdl("CREATE EXTERNAL TABLE t (a string, A int)" + tail, c, "default", kT)),
            "FAILED: SemanticException [Error 10036]: Duplicate column name: a");
  EXPECT_EQ(ErrorText(ExecuteDdl("CREATE EXTERNAL TABLE t (a string) PARTITIONED BY (a string)" + tail, c, "default", kT)),
            "FAILED: SemanticException [Error 10035]: Column repeated in partitioning columns");
  DdlOutcome no_scheme = ExecuteDdl("CREATE EXTERNAL TABLE t (a string) ROW FORMAT SERDE "
                                    "'org.openx.data.jsonserde.JsonSerDe' LOCATION 'lab-bucket/p/'", c, "default", kT);
  EXPECT_FALSE(no_scheme.ok);
  EXPECT_NE(ErrorText(no_scheme).find("Invalid LOCATION 'lab-bucket/p/'"), std::string::npos);
  DdlOutcome no_location = ExecuteDdl("CREATE EXTERNAL TABLE t (a string) ROW FORMAT SERDE "
                                      "'org.openx.data.jsonserde.JsonSerDe'", c, "default", kT);
  EXPECT_FALSE(no_location.ok);
  DdlOutcome avro = ExecuteDdl("CREATE EXTERNAL TABLE t (a string) ROW FORMAT SERDE "
                               "'org.apache.hadoop.hive.serde2.avro.AvroSerDe' LOCATION 's3://b/p/'", c, "default", kT);
  EXPECT_EQ(avro.error.name, "NOT_SUPPORTED");
  DdlOutcome managed = ExecuteDdl("CREATE TABLE t (a string)" + tail, c, "default", kT);
  EXPECT_EQ(managed.error.name, "NOT_SUPPORTED");
  DdlOutcome parquet = ExecuteDdl("CREATE EXTERNAL TABLE t (a string) STORED AS PARQUET LOCATION 's3://b/p/'", c, "default", kT);
  EXPECT_EQ(parquet.error.name, "NOT_SUPPORTED");
  EXPECT_TRUE(c.ListTables("default").empty());
  // The trailing slash may be missing; the location is stored as given.
  ASSERT_TRUE(ExecuteDdl("CREATE EXTERNAL TABLE t (a string) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' "
                         "LOCATION 's3://b/p'", c, "default", kT).ok);
  EXPECT_EQ(c.FindTable("default", "t")->location, "s3://b/p");
}

TEST(AthenaDdlTest, DropTableAndDatabase) {
  GlueCatalog c;
  ASSERT_TRUE(ExecuteDdl(kStockDdl, c, "default", kT).ok);
  EXPECT_EQ(ErrorText(ExecuteDdl("DROP TABLE nope", c, "default", kT)),
            "FAILED: SemanticException [Error 10001]: Table not found nope");
  EXPECT_TRUE(ExecuteDdl("DROP TABLE IF EXISTS nope", c, "default", kT).ok);
  ASSERT_TRUE(ExecuteDdl("CREATE SCHEMA lab", c, "default", kT).ok);
  EXPECT_EQ(ErrorText(ExecuteDdl("CREATE DATABASE lab", c, "default", kT)), "AlreadyExistsException: Database already exists.");
  ASSERT_TRUE(ExecuteDdl(std::string(kStockDdl), c, "lab", kT).ok);
  DdlOutcome not_empty = ExecuteDdl("DROP DATABASE lab", c, "default", kT);
  EXPECT_EQ(ErrorText(not_empty),
            "FAILED: Execution Error, return code 1 from org.apache.hadoop.hive.ql.exec.DDLTask. "
            "InvalidOperationException(message:Database lab is not empty. One or more tables exist.)");
  ASSERT_TRUE(ExecuteDdl("DROP DATABASE lab CASCADE", c, "default", kT).ok);
  EXPECT_EQ(c.FindDatabase("lab"), nullptr);
  EXPECT_EQ(ErrorText(ExecuteDdl("DROP DATABASE lab", c, "default", kT)),
            "FAILED: SemanticException [Error 10072]: Database does not exist: lab");
  EXPECT_TRUE(ExecuteDdl("DROP SCHEMA IF EXISTS lab", c, "default", kT).ok);
  EXPECT_FALSE(ExecuteDdl("DROP DATABASE default", c, "default", kT).ok);
  ASSERT_TRUE(ExecuteDdl("drop table `STOCK_TICKS`;", c, "default", kT).ok);
  EXPECT_EQ(c.FindTable("default", "stock_ticks"), nullptr);
}

TEST(AthenaDdlTest, ShowDatabasesAndTables) {
  GlueCatalog c;
  ASSERT_TRUE(ExecuteDdl("CREATE DATABASE analytics", c, "", kT).ok);
  ASSERT_TRUE(ExecuteDdl(kStockDdl, c, "", kT).ok);
  DdlOutcome dbs = ExecuteDdl("SHOW DATABASES", c, "", kT);
  ASSERT_TRUE(dbs.ok);
  EXPECT_EQ(dbs.statement_type, "UTILITY");
  ASSERT_EQ(dbs.columns.size(), 1u);
  EXPECT_EQ(dbs.columns[0].name, "database_name");
  EXPECT_EQ(Column0(dbs), (std::vector<std::string>{"analytics", "default"}));
  EXPECT_EQ(Column0(ExecuteDdl("SHOW SCHEMAS LIKE 'ana*'", c, "", kT)), (std::vector<std::string>{"analytics"}));
  DdlOutcome tables = ExecuteDdl("SHOW TABLES", c, "default", kT);
  EXPECT_EQ(tables.columns[0].name, "tab_name");
  EXPECT_EQ(Column0(tables), (std::vector<std::string>{"stock_ticks"}));
  EXPECT_TRUE(ExecuteDdl("SHOW TABLES IN analytics", c, "default", kT).rows.empty());
  EXPECT_TRUE(ExecuteDdl("SHOW TABLES 'x*'", c, "default", kT).rows.empty());
  EXPECT_EQ(ErrorText(ExecuteDdl("SHOW TABLES IN nope", c, "default", kT)),
            "FAILED: SemanticException [Error 10072]: Database does not exist: nope");
}

TEST(AthenaDdlTest, DescribeShowsColumnsAndPartitionInformation) {
  GlueCatalog c;
  ASSERT_TRUE(ExecuteDdl("CREATE EXTERNAL TABLE t (a string COMMENT 'first', b double) PARTITIONED BY (dh string) "
                         "ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://b/p/'",
                         c, "default", kT).ok);
  DdlOutcome d = ExecuteDdl("DESCRIBE t", c, "default", kT);
  ASSERT_TRUE(d.ok) << ErrorText(d);
  EXPECT_EQ(d.statement_type, "UTILITY");
  ASSERT_EQ(d.columns.size(), 3u);
  EXPECT_EQ(d.columns[1].name, "data_type");
  ASSERT_EQ(d.rows.size(), 8u);
  EXPECT_EQ(d.rows[0], (std::vector<std::optional<std::string>>{"a", "string", "first"}));
  EXPECT_EQ(d.rows[1], (std::vector<std::optional<std::string>>{"b", "double", "from deserializer"}));
  EXPECT_EQ(d.rows[2][0], "dh");
  EXPECT_EQ(d.rows[4][0], "# Partition Information");
  EXPECT_EQ(d.rows[5], (std::vector<std::optional<std::string>>{"# col_name", "data_type", "comment"}));
  EXPECT_EQ(d.rows[7][0], "dh");
  EXPECT_EQ(ExecuteDdl("DESC default.t", c, "other", kT).rows.size(), 8u);
  EXPECT_EQ(ErrorText(ExecuteDdl("DESCRIBE nope", c, "default", kT)),
            "FAILED: SemanticException [Error 10001]: Table not found nope");
  DdlOutcome cols = ExecuteDdl("SHOW COLUMNS IN t", c, "default", kT);
  EXPECT_EQ(cols.columns[0].name, "field");
  EXPECT_EQ(Column0(cols), (std::vector<std::string>{"a", "b", "dh"}));
}

TEST(AthenaDdlTest, ShowCreateTableIsCanonical) {
  GlueCatalog c;
  ASSERT_TRUE(ExecuteDdl(kStockDdl, c, "default", kT).ok);
  DdlOutcome o = ExecuteDdl("SHOW CREATE TABLE stock_ticks", c, "default", kT);
  ASSERT_TRUE(o.ok);
  EXPECT_EQ(o.columns[0].name, "createtab_stmt");
  EXPECT_EQ(Column0(o), (std::vector<std::string>{
                            "CREATE EXTERNAL TABLE `stock_ticks`(",
                            "  `ticker_symbol` string COMMENT 'from deserializer', ",
                            "  `sector` string COMMENT 'from deserializer', ",
                            "  `change` double COMMENT 'from deserializer', ",
                            "  `price` double COMMENT 'from deserializer')",
                            "ROW FORMAT SERDE ",
                            "  'org.openx.data.jsonserde.JsonSerDe' ",
                            "WITH SERDEPROPERTIES ( ",
                            "  'ignore.malformed.json'='true') ",
                            "STORED AS INPUTFORMAT ",
                            "  'org.apache.hadoop.mapred.TextInputFormat' ",
                            "OUTPUTFORMAT ",
                            "  'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'",
                            "LOCATION",
                            "  's3://lab-bucket/stocks/'",
                            "TBLPROPERTIES (",
                            "  'transient_lastDdlTime'='1773480360')"}));
  // The text is valid DDL for the lab again (after dropping).
  const std::string text = ShowCreateTableText(*c.FindTable("default", "stock_ticks"));
  ASSERT_TRUE(ExecuteDdl("DROP TABLE stock_ticks", c, "default", kT).ok);
  ASSERT_TRUE(ExecuteDdl(text, c, "default", kT).ok) << ErrorText(ExecuteDdl(text, c, "default", kT));
  EXPECT_EQ(c.FindTable("default", "stock_ticks")->columns.size(), 4u);
}

TEST(AthenaDdlTest, DelimitedTextTables) {
  GlueCatalog c;
  DdlOutcome o = ExecuteDdl("CREATE EXTERNAL TABLE csv (a string, n int) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' "
                            "ESCAPED BY '\\\\' LOCATION 's3://b/csv/' TBLPROPERTIES ('skip.header.line.count'='1')",
                            c, "default", kT);
  ASSERT_TRUE(o.ok) << ErrorText(o);
  const GlueTable* t = c.FindTable("default", "csv");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->serde_library, "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe");
  EXPECT_EQ(t->serde_parameters.at("field.delim"), ",");
  EXPECT_EQ(t->serde_parameters.at("escape.delim"), "\\");
  EXPECT_EQ(t->serde_parameters.at("serialization.format"), ",");
  DdlOutcome show = ExecuteDdl("SHOW CREATE TABLE csv", c, "default", kT);
  ASSERT_GE(show.rows.size(), 6u);
  EXPECT_EQ(show.rows[3][0], std::optional<std::string>("ROW FORMAT DELIMITED "));
  EXPECT_EQ(show.rows[4][0], std::optional<std::string>("  FIELDS TERMINATED BY ',' "));
  EXPECT_EQ(show.rows[5][0], std::optional<std::string>("  ESCAPED BY '\\\\' "));
  // Without ROW FORMAT the table is delimited text with Hive's \001 default.
  ASSERT_TRUE(ExecuteDdl("CREATE EXTERNAL TABLE plain (a string) LOCATION 's3://b/p/'", c, "default", kT).ok);
  EXPECT_EQ(c.FindTable("default", "plain")->serde_parameters.at("serialization.format"), "1");
}

TEST(AthenaDdlTest, TblPropertiesMsckAndAlter) {
  GlueCatalog c;
  ASSERT_TRUE(ExecuteDdl(kStockDdl, c, "default", kT).ok);
  DdlOutcome props = ExecuteDdl("SHOW TBLPROPERTIES stock_ticks", c, "default", kT);
  ASSERT_TRUE(props.ok);
  ASSERT_EQ(props.columns.size(), 2u);
  EXPECT_EQ(Column0(props), (std::vector<std::string>{"EXTERNAL", "transient_lastDdlTime"}));
  DdlOutcome msck = ExecuteDdl("MSCK REPAIR TABLE stock_ticks", c, "default", kT);
  ASSERT_TRUE(msck.ok);
  EXPECT_EQ(msck.statement_type, "DDL");
  EXPECT_FALSE(ExecuteDdl("MSCK REPAIR TABLE nope", c, "default", kT).ok);
  ASSERT_TRUE(ExecuteDdl("ALTER TABLE stock_ticks SET TBLPROPERTIES ('projection.enabled'='true')", c, "default",
                         kT + kUsPerSecond).ok);
  EXPECT_EQ(c.FindTable("default", "stock_ticks")->parameters.at("projection.enabled"), "true");
  EXPECT_EQ(ExecuteDdl("ALTER TABLE stock_ticks ADD PARTITION (dh='x')", c, "default", kT).error.name, "NOT_SUPPORTED");
  EXPECT_EQ(ExecuteDdl("CREATE VIEW v AS SELECT 1", c, "default", kT).error.name, "NOT_SUPPORTED");
}

}  // namespace
}  // namespace fhl
