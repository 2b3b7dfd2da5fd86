// ingest_bench.cpp: Google Benchmark of ingest (natively): records/s and bytes/s of 100-byte records put in
// batches of 500 and flushed into 1 MiB objects, through the core's own put and through the JSON entry point.
#include <benchmark/benchmark.h>

#include "ingest_workload.h"

namespace fhl::bench {
namespace {

constexpr int kBatchesPerRound = 2000;  // 1,000,000 records = 100 MB = ~95 objects per round

template <typename Put>
void RunIngest(benchmark::State& state, Put put) {
  IngestWorkload w;
  for (auto _ : state) {
    for (int i = 0; i < kBatchesPerRound; ++i) put(w);
    state.PauseTiming();
    w.DropObjects();
    state.ResumeTiming();
  }
  const int64_t records = state.iterations() * kBatchesPerRound * static_cast<int64_t>(kBatchRecords);
  state.SetItemsProcessed(records);
  state.SetBytesProcessed(records * static_cast<int64_t>(kRecordBytes));
}

void BM_Ingest_CorePut(benchmark::State& state) {
  RunIngest(state, [](IngestWorkload& w) { w.PutBatchCore(); });
}
void BM_Ingest_JsonEntryPoint(benchmark::State& state) {
  RunIngest(state, [](IngestWorkload& w) { benchmark::DoNotOptimize(w.PutBatchJson()); });
}
void BM_Ingest_TextEntryPoint(benchmark::State& state) {
  RunIngest(state, [](IngestWorkload& w) { benchmark::DoNotOptimize(w.PutBatchText()); });
}

BENCHMARK(BM_Ingest_CorePut)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_Ingest_JsonEntryPoint)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_Ingest_TextEntryPoint)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace
}  // namespace fhl::bench

BENCHMARK_MAIN();
