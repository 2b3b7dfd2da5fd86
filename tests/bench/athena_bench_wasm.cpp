// athena_bench_wasm.cpp: the Athena query benchmark for wasm under node (Google Benchmark is native-only here):
// the same workload and questions as athena_bench.cpp, timed with steady_clock, one JSON line per measurement.
// Run: node --no-experimental-fetch build/wasm/tests/bench/fhl_athena_bench.js
#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "athena_workload.h"

namespace {

using fhl::bench::AthenaWorkload;
using fhl::bench::QueryOutcome;

std::string JsonEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) >= 0x20) out += c;
  }
  return out;
}

std::unique_ptr<AthenaWorkload> Build() {
  auto w = std::make_unique<AthenaWorkload>();
  std::printf("{\"workload\":\"wasm\",\"records\":%llu,\"objects\":%llu,\"bytes\":%llu,\"generate_ms\":%.0f,"
              "\"hash\":\"%016llx\",\"setup_error\":\"%s\"}\n",
              static_cast<unsigned long long>(w->records()), static_cast<unsigned long long>(w->objects()),
              static_cast<unsigned long long>(w->object_bytes()), w->generate_ms(),
              static_cast<unsigned long long>(w->content_hash()), JsonEscape(w->setup_error()).c_str());
  std::fflush(stdout);
  return w;
}

// Runs `sql` `runs` times and prints the best and median wall time of those runs.
void Measure(AthenaWorkload& w, const char* name, const char* sql, bool frame_mode, int runs) {
  std::vector<double> ms;
  double worst_slice_ms = 0;
  QueryOutcome q;
  for (int i = 0; i < runs; ++i) {
    q = w.RunQuery(sql, fhl::bench::kThroughputBudgetUnits, frame_mode);
    if (!q.ok) break;
    ms.push_back(q.wall_ms);
    worst_slice_ms = std::max(worst_slice_ms, q.worst_slice_ms);
  }
  if (!q.ok) {
    std::printf("{\"benchmark\":\"%s\",\"error\":\"%s %s\"}\n", name, q.state.c_str(), JsonEscape(q.error).c_str());
    std::fflush(stdout);
    return;
  }
  std::sort(ms.begin(), ms.end());
  const double median_ms = ms[ms.size() / 2];
  std::printf("{\"benchmark\":\"%s\",\"runs\":%zu,\"best_ms\":%.1f,\"median_ms\":%.1f,\"mb_per_s\":%.1f,"
              "\"worst_slice_ms\":%.2f,\"mean_slice_ms\":%.2f,\"slices\":%zu,\"scanned_bytes\":%llu,\"result\":\"%s\"}\n",
              name, ms.size(), ms.front(), median_ms, static_cast<double>(w.object_bytes()) / 1e6 / (median_ms / 1e3),
              worst_slice_ms, q.mean_slice_ms, q.slices, static_cast<unsigned long long>(q.data_scanned_bytes),
              JsonEscape(fhl::bench::Describe(q)).c_str());
  std::fflush(stdout);
}

}  // namespace

int main() {
  using fhl::bench::kQuestionA;
  using fhl::bench::kQuestionB;
  {
    auto w = Build();
    Measure(*w, "wasm/Athena_A_First", kQuestionA, false, 1);
    Measure(*w, "wasm/Athena_A_Repeat", kQuestionA, false, 5);
    Measure(*w, "wasm/Athena_B_Repeat", kQuestionB, false, 5);
    Measure(*w, "wasm/Athena_A_Repeat_Frames", kQuestionA, true, 3);
    Measure(*w, "wasm/Athena_B_Repeat_Frames", kQuestionB, true, 3);
  }
  {
    auto w = Build();
    Measure(*w, "wasm/Athena_B_First", kQuestionB, false, 1);
  }
  {
    auto w = Build();
    Measure(*w, "wasm/Athena_A_First_Frames", kQuestionA, true, 1);
  }
  {
    auto w = Build();
    Measure(*w, "wasm/Athena_B_First_Frames", kQuestionB, true, 1);
  }
  return 0;
}
