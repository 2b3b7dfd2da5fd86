// sim_time_test.cpp: calendar conversion, ISO-8601 and Firehose pattern formatting at the edges of the calendar.
#include <gtest/gtest.h>

#include "core/sim_time.h"

namespace fhl {
namespace {

TEST(SimTimeTest, CivilRoundTripAcrossLeapYearsAndCenturies) {
  for (const CivilTime& c : {CivilTime{1970, 1, 1, 0, 0, 0, 0}, CivilTime{2000, 2, 29, 23, 59, 59, 999999},
                             CivilTime{2026, 12, 31, 23, 59, 59, 0}, CivilTime{2100, 3, 1, 0, 0, 0, 1},
                             CivilTime{1969, 12, 31, 23, 59, 59, 0}}) {
    const CivilTime back = ToCivil(FromCivil(c));
    EXPECT_EQ(back.year, c.year);
    EXPECT_EQ(back.month, c.month);
    EXPECT_EQ(back.day, c.day);
    EXPECT_EQ(back.hour, c.hour);
    EXPECT_EQ(back.second, c.second);
    EXPECT_EQ(back.micros, c.micros);
  }
  EXPECT_EQ(FromCivil({1970, 1, 1, 0, 0, 0, 0}), 0);
  EXPECT_EQ(FromCivil({2026, 1, 1, 0, 0, 0, 0}), 1767225600LL * kUsPerSecond);
}

TEST(SimTimeTest, Iso8601FormatAndParse) {
  const TimeUs t = FromCivil({2025, 3, 14, 9, 26, 53, 123456});
  EXPECT_EQ(FormatIso8601(t), "2025-03-14T09:26:53.123Z");
  EXPECT_EQ(ParseIso8601("2025-03-14T09:26:53.123456Z"), t);
  EXPECT_EQ(ParseIso8601("2025-03-14T09:26:53Z"), t - 123456);
  EXPECT_EQ(ParseIso8601("2025-03-14T09:26:53+00:00"), t - 123456);
  EXPECT_FALSE(ParseIso8601("2025-02-30T00:00:00Z").has_value());
  EXPECT_FALSE(ParseIso8601("2025-03-14 nonsense").has_value());
  EXPECT_FALSE(ParseIso8601("").has_value());
  EXPECT_FALSE(ParseIso8601("2025-03-14T24:00:00Z").has_value());
}

TEST(SimTimeTest, FirehosePatterns) {
  const TimeUs t = FromCivil({2026, 7, 3, 4, 5, 6, 0});
  EXPECT_EQ(FormatPattern(t, "yyyy/MM/dd/HH/"), "2026/07/03/04/");
  EXPECT_EQ(FormatPattern(t, "yyyy-MM-dd-HH-mm-ss"), "2026-07-03-04-05-06");
}

TEST(SimTimeTest, FloorToHandlesNegativeTimes) {
  EXPECT_EQ(FloorTo(-1, kUsPerSecond), -kUsPerSecond);
  EXPECT_EQ(FloorTo(kUsPerSecond + 5, kUsPerSecond), kUsPerSecond);
}

}  // namespace
}  // namespace fhl
