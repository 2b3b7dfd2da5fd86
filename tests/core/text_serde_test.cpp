// text_serde_test.cpp: LazySimpleSerDe delimited text: splitting, escapes, NULL format, header skipping and
// per-type conversions (invalid values are NULL, never a failure).
#include "core/text_serde.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace fhl {
namespace {

std::shared_ptr<const ColumnarObject> Parse(const std::vector<GlueColumn>& cols, std::string body,
                                            const TextSerDeOptions& options) {
  return ParseDelimitedLines(cols, options, std::make_shared<const std::string>(std::move(body)));
}

TextSerDeOptions Csv() { return TextSerDeOptionsFrom({{"field.delim", ","}}, {}); }

TEST(TextSerDeTest, OptionsFromProperties) {
  EXPECT_EQ(TextSerDeOptionsFrom({}, {}).field_delim, '\x01');
  EXPECT_EQ(TextSerDeOptionsFrom({{"serialization.format", "1"}}, {}).field_delim, '\x01');
  EXPECT_EQ(TextSerDeOptionsFrom({{"serialization.format", "44"}}, {}).field_delim, ',');
  EXPECT_EQ(TextSerDeOptionsFrom({{"field.delim", "\t"}, {"serialization.format", ","}}, {}).field_delim, '\t');
  EXPECT_EQ(TextSerDeOptionsFrom({}, {{"skip.header.line.count", "2"}}).skip_header_lines, 2u);
  EXPECT_EQ(TextSerDeOptionsFrom({{"serialization.null.format", ""}}, {}).null_format, "");
}

TEST(TextSerDeTest, SplitsFieldsAndConvertsTypes) {
  std::vector<GlueColumn> cols = {{"sym", "string", ""}, {"qty", "int", ""}, {"price", "double", ""},
                                  {"ok", "boolean", ""}, {"d", "date", ""}};
  auto o = Parse(cols, "QXZ,12,84.51,TRUE,2026-11-25\r\nAMZN,1.9,x,yes,20261125\nshort\n\nA,B,C,false,2026-01-01,extra\n",
                 Csv());
  ASSERT_FALSE(o->error());
  ASSERT_EQ(o->row_count(), 5u);
  EXPECT_EQ(o->cell(0, 0).text, "QXZ");
  EXPECT_EQ(o->cell(1, 0).integer, 12);
  EXPECT_EQ(o->cell(2, 0).real, 84.51);
  EXPECT_EQ(o->cell(3, 0).integer, 1);
  EXPECT_EQ(o->cell(4, 0).text, "2026-11-25");
  EXPECT_EQ(o->cell(1, 1).integer, 1);  // Hive truncates "1.9"
  EXPECT_EQ(o->cell(2, 1).kind, CellRef::kNull);
  EXPECT_EQ(o->cell(3, 1).kind, CellRef::kNull);
  EXPECT_EQ(o->cell(4, 1).kind, CellRef::kNull);
  EXPECT_EQ(o->cell(0, 2).text, "short");
  EXPECT_EQ(o->cell(1, 2).kind, CellRef::kNull);  // missing trailing fields
  EXPECT_EQ(o->cell(0, 3).kind, CellRef::kText);  // an empty line: "" then NULLs
  EXPECT_EQ(o->cell(0, 3).text, "");
  EXPECT_EQ(o->cell(1, 3).kind, CellRef::kNull);
  EXPECT_EQ(o->cell(1, 4).kind, CellRef::kNull);
  EXPECT_EQ(o->cell(3, 4).integer, 0);
  EXPECT_EQ(o->cell(4, 4).text, "2026-01-01");
}

TEST(TextSerDeTest, NullFormatEscapesAndHeader) {
  std::vector<GlueColumn> cols = {{"a", "string", ""}, {"b", "string", ""}};
  TextSerDeOptions options = TextSerDeOptionsFrom({{"field.delim", ","}, {"escape.delim", "\\"}},
                                                  {{"skip.header.line.count", "1"}});
  auto o = Parse(cols, "a,b\nx\\,y,\\N\n,z\n", options);
  ASSERT_EQ(o->row_count(), 2u);
  EXPECT_EQ(o->cell(0, 0).text, "x,y");
  EXPECT_EQ(o->cell(1, 0).kind, CellRef::kNull);
  EXPECT_EQ(o->cell(0, 1).text, "");
  EXPECT_EQ(o->cell(1, 1).text, "z");
}

}  // namespace
}  // namespace fhl
