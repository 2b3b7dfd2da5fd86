// json_serde_test.cpp: the OpenX JSON SerDe line scanner: the delimiter pitfall, key matching options, type
// conversions (Trino openxjson rules), malformed lines and the number/date parsers.
#include "core/json_serde.h"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

namespace fhl {
namespace {

std::vector<GlueColumn> StockColumns() {
  return {{"ticker_symbol", "string", ""}, {"sector", "string", ""}, {"change", "double", ""}, {"price", "double", ""}};
}

std::shared_ptr<const ColumnarObject> Parse(const std::vector<GlueColumn>& cols, std::string body,
                                            JsonSerDeOptions options = {}) {
  return ParseJsonLines(cols, options, std::make_shared<const std::string>(std::move(body)));
}

std::string Text(const ParsedObject& o, size_t col, size_t row) {
  CellRef c = o.cell(col, row);
  EXPECT_EQ(c.kind, CellRef::kText) << "col " << col << " row " << row;
  return std::string(c.text);
}

bool IsNull(const ParsedObject& o, size_t col, size_t row) { return o.cell(col, row).kind == CellRef::kNull; }

TEST(JsonSerDeTest, OneRowPerLineWithTypedColumns) {
  auto o = Parse(StockColumns(),
                 "{\"ticker_symbol\":\"QXZ\",\"sector\":\"HEALTHCARE\",\"change\":-0.05,\"price\":84.51}\n"
                 "{\"ticker_symbol\":\"AMZN\",\"sector\":\"TECHNOLOGY\",\"change\":1.5,\"price\":1000}\n");
  ASSERT_FALSE(o->error());
  ASSERT_EQ(o->row_count(), 2u);
  EXPECT_EQ(Text(*o, 0, 0), "QXZ");
  EXPECT_EQ(Text(*o, 1, 0), "HEALTHCARE");
  EXPECT_EQ(o->cell(2, 0).kind, CellRef::kReal);
  EXPECT_EQ(o->cell(2, 0).real, -0.05);
  EXPECT_EQ(o->cell(3, 0).real, 84.51);
  EXPECT_EQ(Text(*o, 0, 1), "AMZN");
  EXPECT_EQ(o->cell(3, 1).real, 1000.0);
}

TEST(JsonSerDeTest, ConcatenatedObjectsOnOneLineYieldOnlyTheFirst) {
  // Firehose without a record delimiter: the whole object is one line.
  auto o = Parse(StockColumns(),
                 "{\"ticker_symbol\":\"A\",\"price\":1}{\"ticker_symbol\":\"B\",\"price\":2}{\"ticker_symbol\":\"C\"}");
  ASSERT_FALSE(o->error());
  ASSERT_EQ(o->row_count(), 1u);
  EXPECT_EQ(Text(*o, 0, 0), "A");
  EXPECT_EQ(o->cell(3, 0).real, 1.0);
}

TEST(JsonSerDeTest, EmptyLinesSkippedCrLfToleratedNoTrailingNewlineNeeded) {
  auto o = Parse(StockColumns(), "\n{\"ticker_symbol\":\"A\"}\r\n\r\n   \n{\"ticker_symbol\":\"B\"}");
  ASSERT_EQ(o->row_count(), 2u);
  EXPECT_EQ(Text(*o, 0, 0), "A");
  EXPECT_EQ(Text(*o, 0, 1), "B");
  EXPECT_EQ(Parse(StockColumns(), "")->row_count(), 0u);
}

TEST(JsonSerDeTest, MissingKeysAndJsonNullAreNull) {
  auto o = Parse(StockColumns(), "{\"sector\":null}\n{}\n");
  ASSERT_EQ(o->row_count(), 2u);
  for (size_t c = 0; c < 4; ++c) {
    EXPECT_TRUE(IsNull(*o, c, 0));
    EXPECT_TRUE(IsNull(*o, c, 1));
  }
}

TEST(JsonSerDeTest, KeysAreCaseInsensitiveByDefault) {
  auto o = Parse(StockColumns(), "{\"TICKER_SYMBOL\":\"A\",\"Price\":3}");
  EXPECT_EQ(Text(*o, 0, 0), "A");
  EXPECT_EQ(o->cell(3, 0).real, 3.0);
  JsonSerDeOptions strict;
  strict.case_insensitive = false;
  auto s = Parse(StockColumns(), "{\"TICKER_SYMBOL\":\"A\",\"price\":3}", strict);
  EXPECT_TRUE(IsNull(*s, 0, 0));
  EXPECT_EQ(s->cell(3, 0).real, 3.0);
}

TEST(JsonSerDeTest, DuplicateKeysLastWins) {
  auto o = Parse(StockColumns(), "{\"price\":1,\"PRICE\":2}");
  EXPECT_EQ(o->cell(3, 0).real, 2.0);
}

TEST(JsonSerDeTest, MappingAndDotsInKeys) {
  JsonSerDeOptions options = JsonSerDeOptionsFrom({{"mapping.ts", "Timestamp"}, {"dots.in.keys", "TRUE"}});
  EXPECT_TRUE(options.dots_in_keys);
  std::vector<GlueColumn> cols = {{"ts", "string", ""}, {"a_b", "int", ""}};
  auto o = Parse(cols, "{\"timestamp\":\"x\",\"a.b\":7}\n{\"a_b\":1,\"a.b\":2}", options);
  ASSERT_EQ(o->row_count(), 2u);
  EXPECT_EQ(Text(*o, 0, 0), "x");
  EXPECT_EQ(o->cell(1, 0).integer, 7);
  EXPECT_EQ(o->cell(1, 1).integer, 1);  // an exact key beats a dotted one
  auto plain = Parse(cols, "{\"a.b\":7}");
  EXPECT_TRUE(IsNull(*plain, 1, 0));  // dots.in.keys off by default
}

TEST(JsonSerDeTest, OptionsParsing) {
  JsonSerDeOptions d = JsonSerDeOptionsFrom({});
  EXPECT_FALSE(d.ignore_malformed_json);
  EXPECT_TRUE(d.case_insensitive);
  EXPECT_FALSE(d.dots_in_keys);
  JsonSerDeOptions o = JsonSerDeOptionsFrom({{"ignore.malformed.json", "true"}, {"case.insensitive", "false"}});
  EXPECT_TRUE(o.ignore_malformed_json);
  EXPECT_FALSE(o.case_insensitive);
}

TEST(JsonSerDeTest, StringColumnsReceiveCanonicalTextOfOtherValues) {
  std::vector<GlueColumn> cols = {{"a", "string", ""}, {"b", "string", ""}, {"c", "string", ""},
                                  {"d", "string", ""}, {"e", "string", ""}, {"f", "string", ""}};
  auto o = Parse(cols, "{\"a\":84.51,\"b\":TRUE,\"c\":{\"x\": [1, \"y\", null]},\"d\":1.5e3,\"e\":007,\"f\":\"q\\\"\\u00e9\"}");
  ASSERT_FALSE(o->error());
  EXPECT_EQ(Text(*o, 0, 0), "84.51");
  EXPECT_EQ(Text(*o, 1, 0), "true");
  EXPECT_EQ(Text(*o, 2, 0), "{\"x\":[1,\"y\",null]}");
  EXPECT_EQ(Text(*o, 3, 0), "1.5E+3");
  EXPECT_EQ(Text(*o, 4, 0), "7");  // octal
  EXPECT_EQ(Text(*o, 5, 0), "q\"\xC3\xA9");
  auto z = Parse(cols, "{\"a\":-0.0,\"b\":-0,\"c\":0.50,\"d\":1e-7,\"e\":12345678901234567890123}");
  EXPECT_EQ(Text(*z, 0, 0), "0.0");  // BigDecimal drops the sign of zero
  EXPECT_EQ(Text(*z, 1, 0), "0");
  EXPECT_EQ(Text(*z, 2, 0), "0.50");
  EXPECT_EQ(Text(*z, 3, 0), "1E-7");
  EXPECT_EQ(Text(*z, 4, 0), "12345678901234567890123");
}

TEST(JsonSerDeTest, NumericColumnsParseTextAndNullOnInvalid) {
  std::vector<GlueColumn> cols = {{"i", "int", ""}, {"b", "bigint", ""}, {"t", "tinyint", ""},
                                  {"d", "double", ""}, {"f", "float", ""}, {"ok", "boolean", ""}};
  auto o = Parse(cols,
                 "{\"i\":\"12\",\"b\":84.99,\"t\":127,\"d\":\"2.5\",\"f\":0.1,\"ok\":true}\n"
                 "{\"i\":\"abc\",\"b\":\"0x1F\",\"t\":128,\"d\":\"x\",\"f\":\"NaN\",\"ok\":\"yes\"}\n"
                 "{\"i\":2147483648,\"b\":-9223372036854775808,\"t\":-128,\"d\":1e400,\"ok\":\"TRUE\"}\n");
  ASSERT_FALSE(o->error());
  ASSERT_EQ(o->row_count(), 3u);
  EXPECT_EQ(o->cell(0, 0).integer, 12);
  EXPECT_EQ(o->cell(1, 0).integer, 84);  // truncated toward zero
  EXPECT_EQ(o->cell(2, 0).integer, 127);
  EXPECT_EQ(o->cell(3, 0).real, 2.5);
  EXPECT_EQ(o->cell(4, 0).real, static_cast<double>(0.1f));
  EXPECT_EQ(o->cell(5, 0).integer, 1);
  EXPECT_TRUE(IsNull(*o, 0, 1));
  EXPECT_EQ(o->cell(1, 1).integer, 31);
  EXPECT_TRUE(IsNull(*o, 2, 1));  // out of tinyint range
  EXPECT_TRUE(IsNull(*o, 3, 1));
  EXPECT_TRUE(std::isnan(o->cell(4, 1).real));
  EXPECT_EQ(o->cell(5, 1).integer, 0);
  EXPECT_TRUE(IsNull(*o, 0, 2));  // out of int range
  EXPECT_EQ(o->cell(1, 2).integer, INT64_MIN);
  EXPECT_EQ(o->cell(2, 2).integer, -128);
  EXPECT_TRUE(std::isinf(o->cell(3, 2).real));
  EXPECT_EQ(o->cell(5, 2).integer, 1);
}

TEST(JsonSerDeTest, ObjectInNumericColumnFailsTheQuery) {
  std::vector<GlueColumn> cols = {{"i", "int", ""}};
  auto o = Parse(cols, "{\"i\":1}\n{\"i\":{\"x\":1}}\n");
  ASSERT_TRUE(o->error());
  EXPECT_EQ(*o->error(), "HIVE_CURSOR_ERROR: Invalid JSON: UnmodifiableMap can not be coerced to an INTEGER");
  EXPECT_EQ(o->row_count(), 0u);
}

TEST(JsonSerDeTest, MalformedLineFailsUnlessIgnored) {
  const std::string body = "{\"ticker_symbol\":\"A\"}\n{\"ticker_symbol\":\"B\n{\"ticker_symbol\":\"C\"}\n";
  auto failed = Parse(StockColumns(), body);
  ASSERT_TRUE(failed->error());
  EXPECT_EQ(failed->error()->rfind("HIVE_CURSOR_ERROR: Row is not a valid JSON Object - JSONException: Unterminated string", 0), 0u)
      << *failed->error();
  JsonSerDeOptions ignore;
  ignore.ignore_malformed_json = true;
  auto o = Parse(StockColumns(), body, ignore);
  ASSERT_FALSE(o->error());
  ASSERT_EQ(o->row_count(), 3u);
  EXPECT_EQ(Text(*o, 0, 0), "A");
  EXPECT_TRUE(IsNull(*o, 0, 1));  // the malformed line is a row of NULLs
  EXPECT_EQ(Text(*o, 0, 2), "C");
}

TEST(JsonSerDeTest, PrettyPrintedJsonIsMalformed) {
  auto o = Parse(StockColumns(), "{\n  \"ticker_symbol\": \"A\"\n}\n");
  ASSERT_TRUE(o->error());
  EXPECT_NE(o->error()->find("Row is not a valid JSON Object"), std::string::npos);
}

TEST(JsonSerDeTest, NonObjectLinesAreNullRowsAndArraysArePositional) {
  auto o = Parse(StockColumns(), "hello\n[\"A\",\"S\",1,,]\n42\n");
  ASSERT_FALSE(o->error());
  ASSERT_EQ(o->row_count(), 3u);
  EXPECT_TRUE(IsNull(*o, 0, 0));
  EXPECT_EQ(Text(*o, 0, 1), "A");
  EXPECT_EQ(Text(*o, 1, 1), "S");
  EXPECT_EQ(o->cell(2, 1).real, 1.0);
  EXPECT_TRUE(IsNull(*o, 3, 1));
  EXPECT_TRUE(IsNull(*o, 0, 2));
}

TEST(JsonSerDeTest, LenientSyntaxAccepted) {
  auto o = Parse(StockColumns(), "{ticker_symbol: 'A'; price = 2, /* c */ sector => X}");
  ASSERT_FALSE(o->error()) << *o->error();
  EXPECT_EQ(Text(*o, 0, 0), "A");
  EXPECT_EQ(Text(*o, 1, 0), "X");
  EXPECT_EQ(o->cell(3, 0).real, 2.0);
}

TEST(JsonSerDeTest, VarcharAndCharTruncate) {
  std::vector<GlueColumn> cols = {{"v", "varchar(3)", ""}, {"c", "char(4)", ""}};
  auto o = Parse(cols, "{\"v\":\"h\xC3\xA9llo\",\"c\":\"ab   x\"}");
  EXPECT_EQ(Text(*o, 0, 0), "h\xC3\xA9l");
  EXPECT_EQ(Text(*o, 1, 0), "ab");
}

TEST(JsonSerDeTest, TimestampAndDateColumns) {
  std::vector<GlueColumn> cols = {{"ts", "timestamp", ""}, {"d", "date", ""}};
  auto o = Parse(cols,
                 "{\"ts\":\"2026-11-25 20:42:00.123456\",\"d\":\"2026-11-25\"}\n"
                 "{\"ts\":\"2026-11-25T20:42:00Z\",\"d\":\"2026-2-30\"}\n"
                 "{\"ts\":1764103320,\"d\":1}\n"
                 "{\"ts\":\"2026-11-25T22:42:00+02:00\",\"d\":\"x\"}\n"
                 "{\"ts\":\"1764103320123\"}\n");
  ASSERT_EQ(o->row_count(), 5u);
  EXPECT_EQ(Text(*o, 0, 0), "2026-11-25 20:42:00.123");
  EXPECT_EQ(Text(*o, 1, 0), "2026-11-25");
  EXPECT_EQ(Text(*o, 0, 1), "2026-11-25 20:42:00.000");
  EXPECT_TRUE(IsNull(*o, 1, 1));
  EXPECT_EQ(Text(*o, 0, 2), "2025-11-25 20:42:00.000");
  EXPECT_EQ(Text(*o, 1, 2), "1970-01-02");
  EXPECT_EQ(Text(*o, 0, 3), "2026-11-25 20:42:00.000");
  EXPECT_TRUE(IsNull(*o, 1, 3));
  EXPECT_EQ(Text(*o, 0, 4), "2025-11-25 20:42:00.123");
}

TEST(JsonSerDeTest, JavaDoubleParsingIsCorrectlyRounded) {
  EXPECT_EQ(*ParseJavaDouble("84.51"), 84.51);
  EXPECT_EQ(*ParseJavaDouble("-0.05"), -0.05);
  EXPECT_EQ(*ParseJavaDouble(" 1e22 "), 1e22);
  EXPECT_EQ(*ParseJavaDouble("1.7976931348623157e308"), 1.7976931348623157e308);
  EXPECT_EQ(*ParseJavaDouble("0.1234567890123456789"), 0.1234567890123456789);
  EXPECT_EQ(*ParseJavaDouble("123456789012345678901234567890"), 123456789012345678901234567890.0);
  EXPECT_EQ(*ParseJavaDouble("2.5d"), 2.5);
  EXPECT_EQ(*ParseJavaDouble(".5"), 0.5);
  EXPECT_EQ(*ParseJavaDouble("-Infinity"), -INFINITY);
  EXPECT_FALSE(ParseJavaDouble("1.2.3"));
  EXPECT_FALSE(ParseJavaDouble(""));
  EXPECT_FALSE(ParseJavaDouble("e5"));
  EXPECT_FALSE(ParseJavaDouble("0x10"));
}

TEST(JsonSerDeTest, HiveLongParsing) {
  EXPECT_EQ(*ParseHiveLong("42"), 42);
  EXPECT_EQ(*ParseHiveLong("-7.9"), -7);
  EXPECT_EQ(*ParseHiveLong("1e3"), 1000);
  EXPECT_EQ(*ParseHiveLong("0x10"), 16);
  EXPECT_EQ(*ParseHiveLong("010"), 8);
  EXPECT_EQ(*ParseHiveLong("9223372036854775807"), INT64_MAX);
  EXPECT_FALSE(ParseHiveLong("9223372036854775808"));
  EXPECT_FALSE(ParseHiveLong(" 5"));
  EXPECT_FALSE(ParseHiveLong("abc"));
}

TEST(JsonSerDeTest, HiveTypes) {
  EXPECT_EQ(ParseHiveType("STRING")->kind, HiveKind::kString);
  EXPECT_EQ(ParseHiveType("integer")->kind, HiveKind::kInt);
  auto v = ParseHiveType("varchar(10)");
  ASSERT_TRUE(v);
  EXPECT_EQ(HiveTypeName(*v), "varchar(10)");
  auto d = ParseHiveType("decimal(10, 2)");
  ASSERT_TRUE(d);
  EXPECT_EQ(HiveTypeName(*d), "decimal(10,2)");
  EXPECT_EQ(AthenaTypeName(*ParseHiveType("int")), "integer");
  EXPECT_EQ(AthenaTypeName(*ParseHiveType("string")), "varchar");
  EXPECT_EQ(AthenaTypeName(*ParseHiveType("float")), "real");
  EXPECT_FALSE(ParseHiveType("varchar"));
  EXPECT_FALSE(ParseHiveType("strin"));
  EXPECT_FALSE(ParseHiveType("decimal(3,4)"));
  EXPECT_EQ(StorageKind(*ParseHiveType("boolean")), CellRef::kInteger);
}

}  // namespace
}  // namespace fhl
