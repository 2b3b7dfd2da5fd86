// work_pacer.cpp: WorkPacer's moving estimate of units per millisecond. Plain C++, no clock.
#include "core/work_pacer.h"

#include <algorithm>

namespace fhl {

WorkPacer::WorkPacer(double slice_ms, double units_per_ms, double min_units_per_ms, double max_units_per_ms)
    : slice_ms_(slice_ms),
      units_per_ms_(std::clamp(units_per_ms, min_units_per_ms, max_units_per_ms)),
      min_units_per_ms_(min_units_per_ms),
      max_units_per_ms_(max_units_per_ms) {}

uint64_t WorkPacer::budget_units() const { return static_cast<uint64_t>(units_per_ms_ * slice_ms_); }

void WorkPacer::Measured(double spent_ms, bool work_pending) {
  if (!work_pending || !(spent_ms > 0.5)) return;
  const double measured = static_cast<double>(budget_units()) / spent_ms;
  units_per_ms_ = std::clamp(0.5 * units_per_ms_ + 0.5 * measured, min_units_per_ms_, max_units_per_ms_);
}

}  // namespace fhl
