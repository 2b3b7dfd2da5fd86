// json_view_test.cpp: splitting concatenated JSON documents, pretty-printing, display sanitising and line wrapping.
#include "ui/json_view.h"

#include <gtest/gtest.h>

#include "fake_aws.h"
#include "ui_harness.h"

namespace fhl::ui {
namespace {

TEST(SplitJsonDocumentsTest, SplitsConcatenatedObjectsWithoutDelimiter) {
  std::string text = R"({"a":1}{"b":"}{"}[1,2]{"c":{"d":[]}})";
  std::vector<JsonDocumentSpan> docs = SplitJsonDocuments(text);
  ASSERT_EQ(docs.size(), 4u);
  EXPECT_EQ(text.substr(docs[0].begin, docs[0].end - docs[0].begin), R"({"a":1})");
  EXPECT_EQ(text.substr(docs[1].begin, docs[1].end - docs[1].begin), R"({"b":"}{"})");  // braces inside a string
  EXPECT_EQ(text.substr(docs[2].begin, docs[2].end - docs[2].begin), "[1,2]");
  EXPECT_TRUE(docs[3].complete);
}

TEST(SplitJsonDocumentsTest, NewlineDelimitedAndScalars) {
  std::vector<JsonDocumentSpan> docs = SplitJsonDocuments("{\"a\":1}\n{\"a\":2}\n 42 \"s\" true\n");
  EXPECT_EQ(docs.size(), 5u);
}

TEST(SplitJsonDocumentsTest, EscapedQuotesAndUnterminatedDocument) {
  std::string text = R"({"q":"say \"}\" ok"}{"open":)";
  std::vector<JsonDocumentSpan> docs = SplitJsonDocuments(text);
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_TRUE(docs[0].complete);
  EXPECT_FALSE(docs[1].complete);
  EXPECT_EQ(docs[1].end, text.size());
}

TEST(SplitJsonDocumentsTest, StopsAtMaxDocuments) {
  EXPECT_EQ(SplitJsonDocuments(testing::DemoBody(100), 10).size(), 10u);
}

TEST(PrettyPrintTest, KeepsKeyOrderAndNumberText) {
  std::string out;
  ASSERT_TRUE(PrettyPrintJsonDocument(R"({"ticker_symbol":"QXZ","sector":"HEALTHCARE","change":-0.05,"price":84.51})", out));
  EXPECT_EQ(out,
            "{\n  \"ticker_symbol\": \"QXZ\",\n  \"sector\": \"HEALTHCARE\",\n  \"change\": -0.05,\n  \"price\": 84.51\n}");
}

TEST(PrettyPrintTest, NestedAndEmptyContainers) {
  std::string out;
  ASSERT_TRUE(PrettyPrintJsonDocument(R"({"a":[1,{"b":null}],"e":{},"f":[]})", out));
  EXPECT_EQ(out, "{\n  \"a\": [\n    1,\n    {\n      \"b\": null\n    }\n  ],\n  \"e\": {},\n  \"f\": []\n}");
}

TEST(PrettyPrintTest, InvalidDocumentsAreKeptAsWritten) {
  for (const char* bad : {R"({"a":})", R"({"a" 1})", R"([1,])", R"({"a":tru})", R"({"a":01})", "{\"a\":\"x\ny\"}", "}"}) {
    std::string out = "prefix:";
    EXPECT_FALSE(PrettyPrintJsonDocument(bad, out)) << bad;
    EXPECT_EQ(out, std::string("prefix:") + bad);
  }
}

TEST(PrettyPrintTest, DocumentsAreCountedAndSeparated) {
  PrettyJson p = PrettyPrintDocuments(R"({"a":1}{"b":2}{"c":)");
  EXPECT_EQ(p.documents, 3u);
  EXPECT_EQ(p.invalid_documents, 1u);
  EXPECT_EQ(p.text, "{\n  \"a\": 1\n}\n\n{\n  \"b\": 2\n}\n\n{\"c\":");
}

TEST(PrettyPrintTest, OutputLimitStillCountsAllDocuments) {
  std::string body = testing::DemoBody(1000);
  PrettyJson p = PrettyPrintDocuments(body, 1000);
  EXPECT_EQ(p.documents, 1000u);
  EXPECT_LT(p.printed_documents, 20u);
  EXPECT_GT(p.printed_documents, 0u);
}

TEST(SanitizeTest, ControlBytesAndInvalidUtf8BecomeDots) {
  EXPECT_EQ(SanitizeForDisplay(std::string("a\tb\rc\nd\x01\x7f", 9)), "a b c\nd..");
  EXPECT_EQ(SanitizeForDisplay("caf\xC3\xA9"), "caf\xC3\xA9");
  EXPECT_EQ(SanitizeForDisplay("\xC3("), ".(");
  EXPECT_EQ(SanitizeForDisplay("\x1f\x8b\x08"), "...");  // gzip magic
}

TEST(WrapLinesTest, BreaksAtNewlinesAndColumns) {
  EXPECT_EQ(WrapLines("abcdefgh", 3), (std::vector<uint32_t>{0, 3, 6}));
  EXPECT_EQ(WrapLines("ab\ncd\n", 10), (std::vector<uint32_t>{0, 3}));
  EXPECT_EQ(WrapLines("", 10), (std::vector<uint32_t>{0}));
  EXPECT_EQ(WrapLines("\xC3\xA9\xC3\xA9\xC3\xA9", 2), (std::vector<uint32_t>{0, 4}));  // code points, not bytes
}

TEST(TextPaneTest, LargeTextDrawsOnlyVisibleLines) {
  testing::ImGuiHarness h(1200, 800);
  TextPane pane;
  pane.SetText(SanitizeForDisplay(testing::DemoBody(40000)), false);  // ~3 MB on one line
  int vertices = 0;
  for (int i = 0; i < 2; ++i)
    vertices = h.Frame([&] { testing::FullScreenWindow([&] { pane.Draw("##pane", 0, 600, nullptr); }); });
  EXPECT_GT(pane.line_count(), 10000u);
  EXPECT_LT(vertices, 200000);  // ~40 visible lines of ~160 glyphs, not 3 MB of text
}

}  // namespace
}  // namespace fhl::ui
