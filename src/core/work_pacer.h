// work_pacer.h: sizes the budget of each Lab::Work call so that a slice takes about slice_ms of real time, from
// the speed measured on earlier slices. Plain C++; the caller measures the time (the core reads no clock).
#pragma once

#include <cstdint>

namespace fhl {

class WorkPacer {
 public:
  // units_per_ms: the first guess of the speed, before any slice was measured; clamped to [min, max] always.
  explicit WorkPacer(double slice_ms, double units_per_ms = 20000, double min_units_per_ms = 1000,
                     double max_units_per_ms = 1e8);

  // The budget (units, see athena_engine.h) for the next Work call.
  uint64_t budget_units() const;
  double units_per_ms() const { return units_per_ms_; }

  // After a Work call given budget_units(): the real time it took and whether work is still pending. Only a
  // slice that ran out of budget says how fast units go: one that ran out of work (a short query, the end of
  // one) used fewer units than its budget, and a rate from it would be too high, making the next slice long.
  // Slices under 0.5 ms are too short to time.
  void Measured(double spent_ms, bool work_pending);

 private:
  double slice_ms_;
  double units_per_ms_;
  double min_units_per_ms_;
  double max_units_per_ms_;
};

}  // namespace fhl
