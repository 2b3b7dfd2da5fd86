// athena_chunk_aggregate_test.cpp: AggregateChunk's partial rows as SQLite's aggregates define them (sum stays
// an integer until a double arrives, NULL over no values, overflow left to SQLite, first of equal extremes, NaN as
// NULL, one row without GROUP BY), group order, the pair BLOB and SQLite's order of values.
#include "core/athena_chunk_aggregate.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <memory>
#include <string>
#include <vector>

#include "core/json_serde.h"

namespace fhl {
namespace {

using Op = PartialAggregate::Op;

// Rows of (key text or NULL, a bigint, a double) built directly in a ColumnarObject.
struct Rows {
  std::shared_ptr<ColumnarObject> object = std::make_shared<ColumnarObject>(nullptr, 3);
  Rows& Add(const char* key, std::optional<int64_t> n, std::optional<double> x) {
    key ? object->AppendArenaText(0, key) : object->AppendNull(0);
    n ? object->AppendInteger(1, *n) : object->AppendNull(1);
    x ? object->AppendReal(2, *x) : object->AppendNull(2);
    object->EndRow();
    return *this;
  }
  ChunkSource Source() const {
    ChunkSource s;
    s.object = object.get();
    s.data_columns = 3;
    CellRef path;
    path.kind = CellRef::kText;
    path.text = "s3://b/k";
    s.constants = {path};  // column 3: a constant text, as "$path" is
    return s;
  }
};

TranslatedQuery Plan(std::vector<int> groups, std::vector<PartialAggregate> aggregates) {
  TranslatedQuery q;
  q.partial_plan = true;
  q.partial_group_columns = std::move(groups);
  q.partial_aggregates = std::move(aggregates);
  return q;
}

std::string Show(const PartialValue& v) {
  switch (v.kind) {
    case PartialValue::kNull:
      return "NULL";
    case PartialValue::kInteger:
      return "i" + std::to_string(v.integer);
    case PartialValue::kReal: {
      char buf[40];
      std::snprintf(buf, sizeof buf, "r%.17g", v.real);
      return buf;
    }
    case PartialValue::kText:
      return "'" + v.bytes + "'";
    case PartialValue::kBlob:
      return "blob" + std::to_string(v.bytes.size());
  }
  return "?";
}

std::vector<std::string> Partials(const Rows& rows, const TranslatedQuery& q, size_t begin = 0, size_t end = SIZE_MAX) {
  std::vector<PartialValue> out;
  size_t rows_hashed = 0;
  if (!AggregateChunk(q, rows.Source(), begin, end, &out, &rows_hashed)) return {"SQLITE"};
  std::vector<std::string> shown;
  for (const PartialValue& v : out) shown.push_back(Show(v));
  return shown;
}

TEST(AthenaChunkAggregateTest, SumIsAnIntegerUntilADoubleArrivesAndNullOverNoValues) {
  Rows rows;
  rows.Add("a", 2, std::nullopt).Add("a", 3, 0.5).Add("b", std::nullopt, std::nullopt).Add("a", std::nullopt, 0.25);
  const auto q = Plan({0}, {{Op::kSum, 1}, {Op::kSum, 2}, {Op::kCount, 2}, {Op::kCountRows}});
  EXPECT_EQ(Partials(rows, q), (std::vector<std::string>{"'a'", "i5", "r0.75", "i2", "i3",  //
                                                    "'b'", "NULL", "NULL", "i0", "i1"}));
}

TEST(AthenaChunkAggregateTest, AnIntegerOverflowIsLeftToSqlite) {
  Rows rows;
  rows.Add("a", std::numeric_limits<int64_t>::max(), 1).Add("a", 1, 1);
  EXPECT_EQ(Partials(rows, Plan({}, {{Op::kSum, 1}})), (std::vector<std::string>{"SQLITE"}));
  EXPECT_EQ(Partials(rows, Plan({}, {{Op::kSum, 1}}), 0, 1), (std::vector<std::string>{"i9223372036854775807"}));
}

TEST(AthenaChunkAggregateTest, GroupsComeOutInSqliteOrderWithNullFirst) {
  Rows rows;
  rows.Add("b", 1, 1).Add(nullptr, 2, 2).Add("B", 3, 3).Add("a", 4, 4).Add("b", 5, 5);
  EXPECT_EQ(Partials(rows, Plan({0}, {{Op::kCountRows}})),
            (std::vector<std::string>{"NULL", "i1", "'B'", "i1", "'a'", "i1", "'b'", "i2"}));
  // Rows [1, 4): only the rows of the chunk count.
  EXPECT_EQ(Partials(rows, Plan({0}, {{Op::kCountRows}}), 1, 4),
            (std::vector<std::string>{"NULL", "i1", "'B'", "i1", "'a'", "i1"}));
}

TEST(AthenaChunkAggregateTest, WithoutGroupByOneRowEvenOverNoRows) {
  Rows rows;
  rows.Add("a", 1, 1);
  const auto q = Plan({}, {{Op::kCountRows}, {Op::kSum, 2}, {Op::kMax, 0}, {Op::kMaxByPair, 1, 2}});
  EXPECT_EQ(Partials(rows, q, 1, 1), (std::vector<std::string>{"i0", "NULL", "NULL", "NULL"}));
  EXPECT_EQ(Partials(rows, Plan({0}, {{Op::kCountRows}}), 1, 1), (std::vector<std::string>{}));
}

TEST(AthenaChunkAggregateTest, ExtremesKeepTheFirstOfEqualsAndNanIsNull) {
  Rows rows;
  rows.Add("x", 7, std::nan("")).Add("y", 7, 2).Add("z", 9, 2).Add("w", std::nullopt, 5);
  // max(double) skips NaN (SQLite holds no NaN); min_by/max_by ignore NULL keys and keep the first equal key.
  const auto q = Plan({}, {{Op::kMax, 2},
                           {Op::kMin, 2},
                           {Op::kCount, 2},
                           {Op::kArbitrary, 2},
                           {Op::kMin, 0},
                           {Op::kMaxByPair, 0, 2},
                           {Op::kMinByPair, 0, 1}});
  std::vector<PartialValue> out;
  size_t rows_hashed = 0;
  ASSERT_TRUE(AggregateChunk(q, rows.Source(), 0, SIZE_MAX, &out, &rows_hashed));
  EXPECT_EQ(rows_hashed, 0u);  // no GROUP BY: nothing to hash
  ASSERT_EQ(out.size(), 7u);
  EXPECT_EQ(Show(out[0]), "r5");
  EXPECT_EQ(Show(out[1]), "r2");
  EXPECT_EQ(Show(out[2]), "i3");
  EXPECT_EQ(Show(out[3]), "r2");
  EXPECT_EQ(Show(out[4]), "'w'");
  std::string pair;  // max_by(key, x): x = 5 on row "w"
  AppendPairField(pair, CellRef{CellRef::kText, 0, 0, "w"});
  AppendPairField(pair, CellRef{CellRef::kReal, 0, 5.0, {}});
  EXPECT_EQ(out[5].kind, PartialValue::kBlob);
  EXPECT_EQ(out[5].bytes, pair);
  pair.clear();  // min_by(key, n): n = 7 first on row "x"
  AppendPairField(pair, CellRef{CellRef::kText, 0, 0, "x"});
  AppendPairField(pair, CellRef{CellRef::kInteger, 7, 0, {}});
  EXPECT_EQ(out[6].bytes, pair);
}

TEST(AthenaChunkAggregateTest, ConstantColumnsAndTheKeptGrouping) {
  Rows rows;
  rows.Add("a", 1, 1).Add("b", 2, 2).Add("a", 3, 3);
  const auto q = Plan({3, 0}, {{Op::kSum, 1}, {Op::kMaxByPair, 1, 3}});
  const auto first = Partials(rows, q);
  ASSERT_EQ(first.size(), 8u);
  EXPECT_EQ(first[0], "'s3://b/k'");
  EXPECT_EQ(first[1], "'a'");
  EXPECT_EQ(first[2], "i4");
  EXPECT_EQ(first[5], "'b'");
  EXPECT_EQ(Partials(rows, q), first);  // the second run reuses the grouping kept on the object
  EXPECT_TRUE(rows.object->FindGrouping("partial groups of rows 0-3 by 0"));
  std::vector<PartialValue> out;
  size_t rows_hashed = 0;
  ASSERT_TRUE(AggregateChunk(Plan({0}, {{Op::kCountRows}}), rows.Source(), 0, 3, &out, &rows_hashed));
  EXPECT_EQ(rows_hashed, 0u);  // kept
  ASSERT_TRUE(AggregateChunk(Plan({0}, {{Op::kCountRows}}), rows.Source(), 1, 3, &out, &rows_hashed));
  EXPECT_EQ(rows_hashed, 2u);  // another range: hashed now
}

TEST(AthenaChunkAggregateTest, SqliteOrderOfValuesAndPairFields) {
  const CellRef null_cell;
  const CellRef one{CellRef::kInteger, 1, 0, {}};
  const CellRef one_and_half{CellRef::kReal, 0, 1.5, {}};
  const CellRef one_real{CellRef::kReal, 0, 1.0, {}};
  const CellRef ab{CellRef::kText, 0, 0, "ab"};
  const CellRef abc{CellRef::kText, 0, 0, "abc"};
  EXPECT_LT(CompareCells(null_cell, one), 0);
  EXPECT_LT(CompareCells(one, one_and_half), 0);
  EXPECT_EQ(CompareCells(one, one_real), 0);
  EXPECT_LT(CompareCells(one_and_half, ab), 0);
  EXPECT_LT(CompareCells(ab, abc), 0);
  std::string a, b;
  AppendGroupKey(a, one);
  AppendGroupKey(b, one_real);
  EXPECT_EQ(a, b);  // 1 and 1.0 are one group, as SQLite compares them
  std::string field;
  AppendPairField(field, abc);
  EXPECT_EQ(field, std::string("\x03\x03\x00\x00\x00" "abc", 8));
  field.clear();
  AppendPairField(field, null_cell);
  EXPECT_EQ(field, std::string("\x05", 1));
}

}  // namespace
}  // namespace fhl
