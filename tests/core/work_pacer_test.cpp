// work_pacer_test.cpp: WorkPacer: budgets follow the measured speed of slices that used their whole budget, never
// the speed of a slice that ran out of work; the clamps and the 0.5 ms floor.
#include "core/work_pacer.h"

#include <gtest/gtest.h>

namespace fhl {
namespace {

TEST(WorkPacerTest, BudgetIsTheRateTimesTheSlice) {
  WorkPacer p(8.0, 20000);
  EXPECT_EQ(p.budget_units(), 160000u);
}

TEST(WorkPacerTest, FullSlicesMoveHalfwayToTheMeasuredRate) {
  WorkPacer p(8.0, 20000);
  p.Measured(16.0, true);  // 160,000 units took 16 ms: 10,000 units/ms measured
  EXPECT_DOUBLE_EQ(p.units_per_ms(), 15000);
  for (int i = 0; i < 40; ++i) p.Measured(p.budget_units() / 10000.0, true);  // the machine does 10,000/ms
  EXPECT_NEAR(p.units_per_ms(), 10000, 1);
  EXPECT_NEAR(p.budget_units(), 80000, 10);  // 8 ms worth
}

TEST(WorkPacerTest, ASliceThatRanOutOfWorkTeachesNothing) {
  WorkPacer p(8.0, 20000);
  p.Measured(1.0, false);  // a DDL statement done in 1 ms: the budget was not the limit
  EXPECT_DOUBLE_EQ(p.units_per_ms(), 20000);
  p.Measured(0.4, true);  // too short to time
  EXPECT_DOUBLE_EQ(p.units_per_ms(), 20000);
  p.Measured(0.0, true);
  EXPECT_DOUBLE_EQ(p.units_per_ms(), 20000);
}

TEST(WorkPacerTest, RateStaysWithinItsClamps) {
  WorkPacer p(8.0, 20000, 1000, 1e6);
  for (int i = 0; i < 60; ++i) p.Measured(0.6, true);  // ever faster
  EXPECT_DOUBLE_EQ(p.units_per_ms(), 1e6);
  for (int i = 0; i < 60; ++i) p.Measured(1e9, true);  // ever slower
  EXPECT_DOUBLE_EQ(p.units_per_ms(), 1000);
  EXPECT_DOUBLE_EQ(WorkPacer(8.0, 5.0).units_per_ms(), 1000);  // the first guess is clamped too
}

}  // namespace
}  // namespace fhl
