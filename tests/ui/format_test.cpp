// format_test.cpp: text forms of the dashboard (clock, console dates, sizes, counts, durations, axis numbers).
#include "ui/format.h"

#include <gtest/gtest.h>

namespace fhl::ui {
namespace {

const TimeUs kNewYear = 1767225600LL * kUsPerSecond;  // 2026-01-01T00:00:00Z

TEST(FormatTest, ClockIsUtcWithSeconds) {
  EXPECT_EQ(FormatClockUtc(kNewYear + 83 * kUsPerSecond), "2026-01-01 00:01:23 UTC");
}

TEST(FormatTest, ConsoleDateSpellsTheMonth) {
  EXPECT_EQ(FormatConsoleDate(kNewYear + 60 * kUsPerSecond), "January 1, 2026, 00:01:00 (UTC)");
  EXPECT_EQ(FormatConsoleDateIso("2026-03-14T09:26:53.000Z"), "March 14, 2026, 09:26:53 (UTC)");
  EXPECT_EQ(FormatConsoleDateIso("not a date"), "not a date");
}

TEST(FormatTest, BytesAreBase1024LikeTheS3Console) {
  EXPECT_EQ(FormatBytes(0), "0 B");
  EXPECT_EQ(FormatBytes(812), "812 B");
  EXPECT_EQ(FormatBytes(1229), "1.2 KB");
  EXPECT_EQ(FormatBytes(1024 * 1024), "1.0 MB");
  EXPECT_EQ(FormatBytes(2.5 * 1024 * 1024 * 1024), "2.5 GB");
}

TEST(FormatTest, CountsHaveThousandsSeparators) {
  EXPECT_EQ(FormatCount(0), "0");
  EXPECT_EQ(FormatCount(999), "999");
  EXPECT_EQ(FormatCount(12345), "12,345");
  EXPECT_EQ(FormatCount(-1234567), "-1,234,567");
}

TEST(FormatTest, Durations) {
  EXPECT_EQ(FormatDuration(42), "42 s");
  EXPECT_EQ(FormatDuration(302), "5 min 2 s");
  EXPECT_EQ(FormatDuration(3780), "1 h 3 min");
  EXPECT_EQ(FormatDuration(90000), "1 d 1 h");
}

TEST(FormatTest, CompactAxisNumbers) {
  EXPECT_EQ(FormatCompact(0), "0");
  EXPECT_EQ(FormatCompact(12), "12");
  EXPECT_EQ(FormatCompact(0.5), "0.5");
  EXPECT_EQ(FormatCompact(1500), "1.5k");
  EXPECT_EQ(FormatCompact(2000000), "2M");
  EXPECT_EQ(FormatCompact(3.2e9), "3.2G");
}

}  // namespace
}  // namespace fhl::ui
