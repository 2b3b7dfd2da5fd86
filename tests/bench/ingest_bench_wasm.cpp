// ingest_bench_wasm.cpp: the ingest benchmark for wasm under node (Google Benchmark is native-only here):
// times the same workload as ingest_bench.cpp with steady_clock and prints one JSON line per path.
// Run: node --no-experimental-fetch build/wasm/tests/bench/fhl_ingest_bench.js
#include <chrono>
#include <cstdio>

#include "ingest_workload.h"

namespace {

template <typename Put>
void Measure(const char* name, int rounds, int batches_per_round, Put put) {
  fhl::bench::IngestWorkload w;
  double best_s = 1e9;
  for (int r = 0; r < rounds; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < batches_per_round; ++i) put(w);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    best_s = s < best_s ? s : best_s;
    w.DropObjects();
  }
  const double records = static_cast<double>(batches_per_round) * fhl::bench::kBatchRecords;
  std::printf("{\"benchmark\":\"%s\",\"records_per_s\":%.0f,\"mb_per_s\":%.1f,\"best_round_s\":%.4f,\"records_per_round\":%.0f}\n",
              name, records / best_s, records * fhl::bench::kRecordBytes / best_s / 1e6, best_s, records);
}

}  // namespace

int main() {
  Measure("wasm/Ingest_CorePut", 5, 2000, [](fhl::bench::IngestWorkload& w) { w.PutBatchCore(); });
  Measure("wasm/Ingest_JsonEntryPoint", 3, 400, [](fhl::bench::IngestWorkload& w) { w.PutBatchJson(); });
  Measure("wasm/Ingest_TextEntryPoint", 3, 400, [](fhl::bench::IngestWorkload& w) { w.PutBatchText(); });
  return 0;
}
