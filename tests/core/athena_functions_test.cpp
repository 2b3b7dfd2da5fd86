// athena_functions_test.cpp: the athena_* SQLite functions (Trino semantics, NULL handling, error texts), the
// regex engine, date/time helpers and FormatAthenaValue (Java number printing).
#include "core/athena_functions.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>
#include <vector>

#include "core/athena_datetime.h"
#include "core/athena_number_format.h"
#include "core/athena_regex.h"

namespace fhl {
namespace {

class AthenaFunctionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(sqlite3_open(":memory:", &db_), SQLITE_OK);
    RegisterAthenaFunctions(db_, FromCivil(CivilTime{2026, 3, 4, 5, 6, 7, 890000}));
  }
  void TearDown() override { sqlite3_close(db_); }

  // Evaluates one expression; the result formatted for `type` ("NULL" for NULL, "ERROR: ..." on failure).
  std::string Eval(const std::string& expr, const std::string& type = "varchar") {
    sqlite3_stmt* stmt = nullptr;
    const std::string sql = "SELECT " + expr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      return std::string("PREPARE: ") + sqlite3_errmsg(db_);
    }
    std::string out;
    if (sqlite3_step(stmt) == SQLITE_ROW) {
      auto v = FormatAthenaValue(sqlite3_column_value(stmt, 0), type);
      out = v ? *v : "NULL";
    } else {
      out = std::string("ERROR: ") + sqlite3_errmsg(db_);
    }
    sqlite3_finalize(stmt);
    return out;
  }
  sqlite3* db_ = nullptr;
};

// [SECTION] value formatting

TEST(AthenaNumberFormatTest, JavaDoubleToString) {
  EXPECT_EQ(JavaDoubleToString(84.51), "84.51");
  EXPECT_EQ(JavaDoubleToString(2.0), "2.0");
  EXPECT_EQ(JavaDoubleToString(1e7), "1.0E7");
  EXPECT_EQ(JavaDoubleToString(9999999.0), "9999999.0");
  EXPECT_EQ(JavaDoubleToString(0.001), "0.001");
  EXPECT_EQ(JavaDoubleToString(1e-4), "1.0E-4");
  EXPECT_EQ(JavaDoubleToString(-1.5), "-1.5");
  EXPECT_EQ(JavaDoubleToString(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(JavaDoubleToString(123456789.123), "1.23456789123E8");
  EXPECT_EQ(JavaDoubleToString(0.0), "0.0");
  EXPECT_EQ(JavaDoubleToString(-0.0), "-0.0");
  EXPECT_EQ(JavaDoubleToString(1.0 / 0.0), "Infinity");
  EXPECT_EQ(JavaDoubleToString(-1.0 / 0.0), "-Infinity");
  EXPECT_EQ(JavaDoubleToString(100.0), "100.0");
  EXPECT_EQ(JavaFloatToString(0.1f), "0.1");
  EXPECT_EQ(JavaFloatToString(1e10f), "1.0E10");
}

TEST_F(AthenaFunctionsTest, FormatAthenaValueByType) {
  EXPECT_EQ(Eval("84.51", "double"), "84.51");
  EXPECT_EQ(Eval("2", "double"), "2.0");
  EXPECT_EQ(Eval("10000000.0", "double"), "1.0E7");
  EXPECT_EQ(Eval("42", "bigint"), "42");
  EXPECT_EQ(Eval("42", "integer"), "42");
  EXPECT_EQ(Eval("1", "boolean"), "true");
  EXPECT_EQ(Eval("0", "boolean"), "false");
  EXPECT_EQ(Eval("'2026-01-01 00:00:00.000'", "timestamp"), "2026-01-01 00:00:00.000");
  EXPECT_EQ(Eval("'2026-01-01 00:00:00.000'", "timestamp with time zone"), "2026-01-01 00:00:00.000 UTC");
  EXPECT_EQ(Eval("'2026-01-01'", "date"), "2026-01-01");
  EXPECT_EQ(Eval("'abc'", "varchar"), "abc");
  EXPECT_EQ(Eval("NULL", "varchar"), "NULL");
  EXPECT_EQ(Eval("NULL", "double"), "NULL");
  EXPECT_EQ(Eval("1.25", "decimal(10,2)"), "1.25");
}

// [SECTION] math

TEST_F(AthenaFunctionsTest, RoundHalfAwayFromZeroKeepsType) {
  EXPECT_EQ(Eval("athena_round(2.5)", "double"), "3.0");
  EXPECT_EQ(Eval("athena_round(-2.5)", "double"), "-3.0");
  EXPECT_EQ(Eval("athena_round(1.005, 2)", "double"), "1.0");  // 100.49999999999999 -> 100 (Trino's double math)
  EXPECT_EQ(Eval("athena_round(5.255, 2)", "double"), "5.26");
  EXPECT_EQ(Eval("athena_round(1234.5678, -2)", "double"), "1200.0");
  EXPECT_EQ(Eval("athena_round(17)", "integer"), "17");
  EXPECT_EQ(Eval("typeof(athena_round(17))"), "integer");
  EXPECT_EQ(Eval("athena_round(15, -1)", "integer"), "20");
  EXPECT_EQ(Eval("athena_round(-15, -1)", "integer"), "-20");
  EXPECT_EQ(Eval("athena_round(NULL, 2)"), "NULL");
  EXPECT_EQ(Eval("athena_round(2.5, NULL)"), "NULL");
}

TEST_F(AthenaFunctionsTest, DivisionAndModulo) {
  EXPECT_EQ(Eval("athena_div(7, 2, 1)", "integer"), "3");
  EXPECT_EQ(Eval("athena_div(-7, 2, 1)", "integer"), "-3");
  EXPECT_EQ(Eval("athena_div(7, 2, 0)", "double"), "3.5");
  EXPECT_EQ(Eval("athena_div(1.0, 0, 0)", "double"), "Infinity");
  EXPECT_EQ(Eval("athena_div(1, 0, 1)"), "ERROR: DIVISION_BY_ZERO: Division by zero");
  EXPECT_EQ(Eval("athena_div(NULL, 0, 1)"), "NULL");
  EXPECT_EQ(Eval("athena_mod(-7, 3, 1)", "integer"), "-1");
  EXPECT_EQ(Eval("athena_mod(7.5, 2, 0)", "double"), "1.5");
  EXPECT_EQ(Eval("athena_mod(7, 0, 1)"), "ERROR: DIVISION_BY_ZERO: Division by zero");
}

TEST_F(AthenaFunctionsTest, MathFunctions) {
  EXPECT_EQ(Eval("athena_abs(-3)", "integer"), "3");
  EXPECT_EQ(Eval("athena_abs(-3.5)", "double"), "3.5");
  EXPECT_EQ(Eval("athena_ceil(1.2)", "double"), "2.0");
  EXPECT_EQ(Eval("athena_floor(-1.2)", "double"), "-2.0");
  EXPECT_EQ(Eval("athena_ceil(4)", "integer"), "4");
  EXPECT_EQ(Eval("athena_sqrt(16)", "double"), "4.0");
  EXPECT_EQ(Eval("athena_power(2, 10)", "double"), "1024.0");
  EXPECT_EQ(Eval("athena_ln(1)", "double"), "0.0");
  EXPECT_EQ(Eval("athena_log10(1000)", "double"), "3.0");
  EXPECT_EQ(Eval("athena_log(2, 8)", "double"), "3.0");
  EXPECT_EQ(Eval("athena_sign(-4)", "integer"), "-1");
  EXPECT_EQ(Eval("athena_truncate(-1.7)", "double"), "-1.0");
  EXPECT_EQ(Eval("athena_greatest(1, 5, 3)", "integer"), "5");
  EXPECT_EQ(Eval("athena_least('b', 'a', 'c')"), "a");
  EXPECT_EQ(Eval("athena_greatest(1, NULL)"), "NULL");
  EXPECT_EQ(Eval("athena_sqrt(NULL)"), "NULL");
}

// [SECTION] strings

TEST_F(AthenaFunctionsTest, StringFunctions) {
  EXPECT_EQ(Eval("athena_length('héllo')", "bigint"), "5");
  EXPECT_EQ(Eval("athena_upper('abc')"), "ABC");
  EXPECT_EQ(Eval("athena_lower('ABC')"), "abc");
  EXPECT_EQ(Eval("athena_trim('  a b \t')"), "a b");
  EXPECT_EQ(Eval("athena_ltrim('  a ')"), "a ");
  EXPECT_EQ(Eval("athena_rtrim('  a ')"), "  a");
  EXPECT_EQ(Eval("athena_substr('abcdef', 2)"), "bcdef");
  EXPECT_EQ(Eval("athena_substr('abcdef', 2, 3)"), "bcd");
  EXPECT_EQ(Eval("athena_substr('abcdef', -2)"), "ef");
  EXPECT_EQ(Eval("athena_substr('abcdef', 0)"), "");
  EXPECT_EQ(Eval("athena_substr('abcdef', 7)"), "");
  EXPECT_EQ(Eval("athena_replace('a-b-c', '-')"), "abc");
  EXPECT_EQ(Eval("athena_replace('a-b-c', '-', '+')"), "a+b+c");
  EXPECT_EQ(Eval("athena_reverse('abc')"), "cba");
  EXPECT_EQ(Eval("athena_strpos('abcabc', 'c')", "bigint"), "3");
  EXPECT_EQ(Eval("athena_strpos('abcabc', 'c', 2)", "bigint"), "6");
  EXPECT_EQ(Eval("athena_strpos('abc', 'x')", "bigint"), "0");
  EXPECT_EQ(Eval("athena_starts_with('abc', 'ab')", "boolean"), "true");
  EXPECT_EQ(Eval("athena_starts_with('abc', 'b')", "boolean"), "false");
  EXPECT_EQ(Eval("athena_lpad('7', 3, '0')"), "007");
  EXPECT_EQ(Eval("athena_rpad('ab', 5, 'xy')"), "abxyx");
  EXPECT_EQ(Eval("athena_lpad('abcd', 2, '0')"), "ab");
  EXPECT_EQ(Eval("athena_split_part('a/b/c', '/', 2)"), "b");
  EXPECT_EQ(Eval("athena_split_part('a/b/c', '/', 4)"), "NULL");
  EXPECT_EQ(Eval("athena_split_part('a/b', '/', 0)"),
            "ERROR: INVALID_FUNCTION_ARGUMENT: Index must be greater than zero");
  EXPECT_EQ(Eval("athena_chr(65)"), "A");
  EXPECT_EQ(Eval("athena_codepoint('A')", "integer"), "65");
  EXPECT_EQ(Eval("athena_length(NULL)"), "NULL");
  EXPECT_EQ(Eval("athena_substr(NULL, 1)"), "NULL");
}

// [SECTION] regular expressions

TEST(AthenaRegexTest, EngineSemantics) {
  std::string err;
  auto re = AthenaRegex::Compile("(\\d+)-(\\w+)", &err);
  ASSERT_TRUE(re) << err;
  std::vector<int> g;
  ASSERT_TRUE(re->Search("x 12-ab!", 0, &g));
  EXPECT_EQ(g, (std::vector<int>{2, 7, 2, 4, 5, 7}));
  EXPECT_EQ(re->group_count(), 2);
  auto alt = AthenaRegex::Compile("^(a|ab)(c|bcd)$", &err);
  ASSERT_TRUE(alt);
  EXPECT_TRUE(alt->Search("abcd", 0, &g));
  EXPECT_FALSE(alt->Search("xabcd", 0, &g));
  auto lazy = AthenaRegex::Compile("<.+?>", &err);
  ASSERT_TRUE(lazy->Search("<a><b>", 0, &g));
  EXPECT_EQ(g[1], 3);
  auto counted = AthenaRegex::Compile("^a{2,3}$", &err);
  EXPECT_FALSE(counted->Search("a", 0, &g));
  EXPECT_TRUE(counted->Search("aa", 0, &g));
  EXPECT_TRUE(counted->Search("aaa", 0, &g));
  EXPECT_FALSE(counted->Search("aaaa", 0, &g));
  auto cls = AthenaRegex::Compile("[^/]+$", &err);
  ASSERT_TRUE(cls->Search("s3://b/p/file-1", 0, &g));
  EXPECT_EQ(g[0], 9);
  auto ranges = AthenaRegex::Compile("[a-c\\d_]+", &err);
  ASSERT_TRUE(ranges->Search("zzb_9x", 0, &g));
  EXPECT_EQ(g[0], 2);
  EXPECT_EQ(g[1], 5);
  auto icase = AthenaRegex::Compile("(?i)abc", &err);
  EXPECT_TRUE(icase->Search("xABc", 0, &g));
  auto word = AthenaRegex::Compile("\\bcat\\b", &err);
  EXPECT_FALSE(word->Search("concat", 0, &g));
  EXPECT_TRUE(word->Search("a cat!", 0, &g));
  auto nested = AthenaRegex::Compile("(a*)*b", &err);  // no exponential blow-up
  EXPECT_FALSE(nested->Search(std::string(5000, 'a'), 0, &g));
  auto dot = AthenaRegex::Compile("a.c", &err);
  EXPECT_FALSE(dot->Search("a\nc", 0, &g));
  EXPECT_TRUE(dot->Search("aéc", 0, &g));
  EXPECT_FALSE(AthenaRegex::Compile("(ab", &err));
  EXPECT_FALSE(AthenaRegex::Compile("[ab", &err));
  EXPECT_FALSE(AthenaRegex::Compile("*a", &err));
  EXPECT_FALSE(AthenaRegex::Compile("(?=a)", &err));
}

TEST_F(AthenaFunctionsTest, RegexpFunctions) {
  EXPECT_EQ(Eval("athena_regexp_extract('s3://b/stocks/2026/01/01/00/s-1-2026-01-01-00-00-00-x', '[^/]+$')"),
            "s-1-2026-01-01-00-00-00-x");
  EXPECT_EQ(Eval("athena_regexp_extract('key=42;', 'key=(\\d+)', 1)"), "42");
  EXPECT_EQ(Eval("athena_regexp_extract('abc', '\\d')"), "NULL");
  EXPECT_EQ(Eval("athena_regexp_extract('abc', 'a', 1)"),
            "ERROR: INVALID_FUNCTION_ARGUMENT: Pattern has 0 groups. Cannot access group 1");
  EXPECT_EQ(Eval("athena_regexp_like('Hello', 'l+')", "boolean"), "true");
  EXPECT_EQ(Eval("athena_regexp_like('Hello', '^l')", "boolean"), "false");
  EXPECT_EQ(Eval("athena_regexp_replace('a1b22c', '\\d+')"), "abc");
  EXPECT_EQ(Eval("athena_regexp_replace('john smith', '(\\w+) (\\w+)', '$2, $1')"), "smith, john");
  EXPECT_EQ(Eval("athena_regexp_replace('abc', 'x*', '-')"), "-a-b-c-");
  EXPECT_EQ(Eval("athena_regexp_count('a1b22c333', '\\d+')", "bigint"), "3");
  EXPECT_EQ(Eval("athena_regexp_like(NULL, 'a')"), "NULL");
  EXPECT_EQ(Eval("athena_regexp_like('a', '(')").substr(0, 40), "ERROR: INVALID_FUNCTION_ARGUMENT: Unclos");
}

TEST_F(AthenaFunctionsTest, LikeFunction) {
  EXPECT_EQ(Eval("athena_like('ABC', 'A%')", "boolean"), "true");
  EXPECT_EQ(Eval("athena_like('abc', 'A%')", "boolean"), "false");
  EXPECT_EQ(Eval("athena_like('a_c', 'a!_c', '!')", "boolean"), "true");
  EXPECT_EQ(Eval("athena_like('abc', 'a!_c', '!')", "boolean"), "false");
  EXPECT_EQ(Eval("athena_like('é', '_')", "boolean"), "true");
  EXPECT_EQ(Eval("athena_like('', '%')", "boolean"), "true");
  EXPECT_EQ(
      Eval("athena_like('abc', 'a!x', '!')"),
      "ERROR: INVALID_FUNCTION_ARGUMENT: Escape character must be followed by '%', '_' or the escape character itself");
  EXPECT_EQ(Eval("athena_like(NULL, '%')"), "NULL");
}

// [SECTION] date and time

TEST_F(AthenaFunctionsTest, DateParseAndFormat) {
  EXPECT_EQ(Eval("athena_date_parse('2026-01-02 03:04:05', '%Y-%m-%d %H:%i:%s')"), "2026-01-02 03:04:05.000");
  EXPECT_EQ(Eval("athena_date_parse('2026-01-01-00-05-30', '%Y-%m-%d-%H-%i-%s')"), "2026-01-01 00:05:30.000");
  EXPECT_EQ(Eval("athena_date_parse('02/Jan/2026 1:05 PM', '%d/%b/%Y %l:%i %p')"), "2026-01-02 13:05:00.000");
  EXPECT_EQ(Eval("athena_date_parse('2026-13-01', '%Y-%m-%d')"),
            "ERROR: INVALID_FUNCTION_ARGUMENT: Cannot parse \"2026-13-01\": Value out of range");
  EXPECT_EQ(Eval("athena_date_parse('2026-01', '%Y-%m-%d')"),
            "ERROR: INVALID_FUNCTION_ARGUMENT: Invalid format: \"2026-01\" is too short");
  EXPECT_EQ(Eval("athena_date_parse('2026x01', '%Y-%m')"),
            "ERROR: INVALID_FUNCTION_ARGUMENT: Invalid format: \"2026x01\" is malformed at \"x01\"");
  EXPECT_EQ(Eval("athena_date_format('2026-01-02 13:04:05.123', '%Y/%m/%d %H:%i:%s %W %M %p %f')"),
            "2026/01/02 13:04:05 Friday January PM 123000");
  EXPECT_EQ(Eval("athena_format_datetime('2026-01-02 13:04:05.123', 'yyyy-MM-dd HH:mm:ss.SSS EEE')"),
            "2026-01-02 13:04:05.123 Fri");
  EXPECT_EQ(Eval("athena_parse_datetime('2026-01-02 13:04', 'yyyy-MM-dd HH:mm')"), "2026-01-02 13:04:00.000");
  EXPECT_EQ(Eval("athena_date_parse(NULL, '%Y')"), "NULL");
}

TEST_F(AthenaFunctionsTest, Iso8601AndTruncAddDiff) {
  EXPECT_EQ(Eval("athena_from_iso8601_timestamp('2026-01-02T03:04:05.678Z')"), "2026-01-02 03:04:05.678");
  EXPECT_EQ(Eval("athena_from_iso8601_timestamp('2026-01-02T03:04:05+02:00')"), "2026-01-02 01:04:05.000");
  EXPECT_EQ(Eval("athena_from_iso8601_timestamp('2026-01-02')"), "2026-01-02 00:00:00.000");
  EXPECT_EQ(Eval("athena_from_iso8601_timestamp('nope')").substr(0, 40), "ERROR: INVALID_FUNCTION_ARGUMENT: Invali");
  EXPECT_EQ(Eval("athena_from_iso8601_date('2026-02-03')"), "2026-02-03");
  EXPECT_EQ(Eval("athena_to_iso8601('2026-01-02 03:04:05.678')"), "2026-01-02T03:04:05.678Z");
  EXPECT_EQ(Eval("athena_date_trunc('hour', '2026-01-02 03:04:05.678')"), "2026-01-02 03:00:00.000");
  EXPECT_EQ(Eval("athena_date_trunc('week', '2026-01-02 03:04:05.678')"), "2025-12-29 00:00:00.000");
  EXPECT_EQ(Eval("athena_date_trunc('quarter', '2026-05-02 03:04:05')"), "2026-04-01 00:00:00.000");
  EXPECT_EQ(Eval("athena_date_trunc('month', '2026-05-02')"), "2026-05-01");
  EXPECT_EQ(Eval("athena_date_trunc('fortnight', '2026-05-02')"),
            "ERROR: INVALID_FUNCTION_ARGUMENT: 'fortnight' is not a valid DATE field");
  EXPECT_EQ(Eval("athena_date_add('day', 1, '2026-12-31 10:00:00.000')"), "2027-01-01 10:00:00.000");
  EXPECT_EQ(Eval("athena_date_add('month', 1, '2026-01-31')"), "2026-02-28");
  EXPECT_EQ(Eval("athena_date_add('hour', -2, '2026-01-01 01:00:00.000')"), "2025-12-31 23:00:00.000");
  EXPECT_EQ(Eval("athena_date_diff('day', '2026-01-01', '2026-01-31 12:00:00.000')", "bigint"), "30");
  EXPECT_EQ(Eval("athena_date_diff('month', '2026-01-31', '2026-02-28')", "bigint"), "1");  // Joda: month end
  EXPECT_EQ(Eval("athena_date_diff('month', '2026-01-15', '2026-02-14')", "bigint"), "0");
  EXPECT_EQ(Eval("athena_date_diff('month', '2026-01-15', '2026-03-15')", "bigint"), "2");
  EXPECT_EQ(Eval("athena_date_diff('hour', '2026-01-02 00:00:00.000', '2026-01-01 22:30:00.000')", "bigint"), "-1");
  EXPECT_EQ(Eval("athena_extract('day_of_week', '2026-01-04')", "bigint"), "7");  // a Sunday
  EXPECT_EQ(Eval("athena_extract('year', '2026-01-04 10:00:00.000')", "bigint"), "2026");
  EXPECT_EQ(Eval("athena_extract('hour', '2026-01-04 10:00:00.000')", "bigint"), "10");
  EXPECT_EQ(Eval("athena_extract('week', '2026-01-01')", "bigint"), "1");
  EXPECT_EQ(Eval("athena_to_unixtime('1970-01-01 00:00:01.500')", "double"), "1.5");
  EXPECT_EQ(Eval("athena_from_unixtime(1.5)"), "1970-01-01 00:00:01.500");
  EXPECT_EQ(Eval("athena_last_day_of_month('2028-02-10')"), "2028-02-29");
  EXPECT_EQ(Eval("athena_now()", "timestamp with time zone"), "2026-03-04 05:06:07.890 UTC");
  EXPECT_EQ(Eval("athena_current_date()", "date"), "2026-03-04");
  EXPECT_EQ(Eval("athena_date_trunc('day', NULL)"), "NULL");
}

TEST_F(AthenaFunctionsTest, CastFunction) {
  EXPECT_EQ(Eval("athena_cast(' 12 ', 'integer', 'varchar', 0)", "integer"), "12");
  EXPECT_EQ(Eval("athena_cast('3000000000', 'integer', 'varchar', 0)"),
            "ERROR: NUMERIC_VALUE_OUT_OF_RANGE: Out of range for integer: 3000000000");
  EXPECT_EQ(Eval("athena_cast('1.5e3', 'double', 'varchar', 0)", "double"), "1500.0");
  EXPECT_EQ(Eval("athena_cast('x', 'double', 'varchar', 0)"),
            "ERROR: INVALID_CAST_ARGUMENT: Cannot cast 'x' to DOUBLE");
  EXPECT_EQ(Eval("athena_cast('x', 'double', 'varchar', 1)"), "NULL");
  EXPECT_EQ(Eval("athena_cast(0.1, 'varchar', 'double', 0)"), "0.1");
  EXPECT_EQ(Eval("athena_cast(1, 'varchar', 'boolean', 0)"), "true");
  EXPECT_EQ(Eval("athena_cast(5, 'boolean', 'integer', 0)", "boolean"), "true");
  EXPECT_EQ(Eval("athena_cast('2026-01-02', 'timestamp(3)', 'varchar', 0)"), "2026-01-02 00:00:00.000");
  EXPECT_EQ(Eval("athena_cast('2026-01-02 10:00:00.000', 'date', 'timestamp', 0)"), "2026-01-02");
  EXPECT_EQ(Eval("athena_cast(1.006, 'decimal(10,2)', 'double', 0)", "decimal(10,2)"), "1.01");
  EXPECT_EQ(Eval("athena_cast(NULL, 'integer', 'varchar', 0)"), "NULL");
}

// [SECTION] aggregates

TEST_F(AthenaFunctionsTest, Aggregates) {
  ASSERT_EQ(sqlite3_exec(db_,
                         "CREATE TABLE t(k, v, p); INSERT INTO t VALUES ('a', 1, 'p1'), ('a', 3, 'p3'), ('a', 2, 'p2'),"
                         " ('b', NULL, 'p1'), ('b', 5, NULL)",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  EXPECT_EQ(Eval("athena_max_by(v, p) FROM t WHERE k = 'a'", "integer"), "3");
  EXPECT_EQ(Eval("athena_min_by(v, p) FROM t WHERE k = 'a'", "integer"), "1");
  EXPECT_EQ(Eval("athena_max_by(v, p) FROM t WHERE k = 'b'", "integer"), "NULL");  // key NULL ignored; value NULL
  EXPECT_EQ(Eval("athena_max_by(v, p) FROM t WHERE k = 'zzz'"), "NULL");
  EXPECT_EQ(Eval("athena_arbitrary(v) FROM t WHERE k = 'b'", "integer"), "5");
  EXPECT_EQ(Eval("athena_approx_percentile(v, 0.5) FROM t", "integer"), "3");
  EXPECT_EQ(Eval("athena_approx_percentile(v, 0) FROM t", "integer"), "1");
  EXPECT_EQ(Eval("athena_approx_percentile(v, 1) FROM t", "integer"), "5");
  EXPECT_EQ(Eval("athena_approx_percentile(v, 2) FROM t").substr(0, 40), "ERROR: INVALID_FUNCTION_ARGUMENT: Percen");
  EXPECT_EQ(Eval("athena_var_samp(v) FROM t WHERE k = 'a'", "double"), "1.0");
  EXPECT_EQ(Eval("athena_var_pop(v) FROM t WHERE k = 'a'", "double"), "0.6666666666666666");
  EXPECT_EQ(Eval("athena_stddev_samp(v) FROM t WHERE k = 'a'", "double"), "1.0");
  EXPECT_EQ(Eval("athena_stddev_samp(v) FROM t WHERE k = 'b'", "double"), "NULL");
  EXPECT_EQ(Eval("athena_stddev_pop(v) FROM t WHERE k = 'b'", "double"), "0.0");
}

// A split aggregation's max_by/min_by partial: the (value, key) pair of the extreme row, read back exactly.
TEST_F(AthenaFunctionsTest, MaxByPairsCarryValueAndKey) {
  ASSERT_EQ(sqlite3_exec(db_,
                         "CREATE TABLE t(k, v, p); INSERT INTO t VALUES ('a', 1.5, 'p1'), ('a', 'x', 'p3'), "
                         "('a', NULL, 'p2'), ('b', 7, 2.5), ('b', X'00ff', 9), ('c', 1, NULL)",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  auto pair = [&](const char* fn, const char* part, const char* k) {
    return Eval(std::string(part) + "(" + fn + "(v, p)) FROM t WHERE k = '" + k + "'");
  };
  EXPECT_EQ(pair("athena_max_by_pair", "athena_pair_value", "a"), "x");
  EXPECT_EQ(pair("athena_max_by_pair", "athena_pair_key", "a"), "p3");
  EXPECT_EQ(pair("athena_min_by_pair", "athena_pair_value", "a"), "1.5");
  EXPECT_EQ(Eval("typeof(athena_pair_value(athena_max_by_pair(v, p))) FROM t WHERE k = 'b'"), "blob");
  EXPECT_EQ(Eval("hex(athena_pair_value(athena_max_by_pair(v, p))) FROM t WHERE k = 'b'"), "00FF");
  EXPECT_EQ(Eval("athena_pair_key(athena_max_by_pair(v, p)) FROM t WHERE k = 'b'", "integer"), "9");
  EXPECT_EQ(Eval("athena_pair_value(athena_min_by_pair(v, p)) FROM t WHERE k = 'b'", "integer"), "7");
  EXPECT_EQ(Eval("athena_pair_key(athena_min_by_pair(v, p)) FROM t WHERE k = 'b'", "double"), "2.5");
  EXPECT_EQ(Eval("athena_pair_value(athena_max_by_pair(v, p)) FROM t WHERE k = 'a' AND v IS NULL"), "NULL");
  EXPECT_EQ(Eval("athena_max_by_pair(v, p) FROM t WHERE k = 'c'"), "NULL");  // only NULL keys: no pair
  EXPECT_EQ(Eval("athena_pair_key(X'03')"), "NULL");                          // malformed: NULL, not a crash
  EXPECT_EQ(Eval("athena_pair_value(X'03ffffffff')"), "NULL");
}

}  // namespace
}  // namespace fhl
