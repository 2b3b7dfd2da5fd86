// persistence_bench.cpp: Google Benchmark of Lab::SaveSnapshot and Lab::RestoreSnapshot (natively) for a lab holding
// 100 MB of objects (100 objects of 1 MiB put through the object store, plus the lab's stream and demo metrics).
// Target (issue 4): under 1 s each in Chromium; tests/bench/persistence_page_bench.mjs measures the real page.
#include <benchmark/benchmark.h>

#include <memory>
#include <string>

#include "core/lab.h"
#include "core/object_store.h"

namespace fhl::bench {
namespace {

constexpr int kObjects = 100;
constexpr size_t kObjectBytes = 1 << 20;  // 100 x 1 MiB = 104,857,600 bytes

// One lab shared by the benchmarks (filling it takes longer than saving it).
Lab& FullLab() {
  static std::unique_ptr<Lab> lab = [] {
    LabOptions options;
    options.seed = 1;
    auto l = std::make_unique<Lab>(options);
    l->Call("Lab", "StartDemoData", {{"DeliveryStreamName", l->lab_stream_name()}, {"RecordsPerSecond", 10}});
    l->Advance(5 * kUsPerMinute);
    l->Call("Lab", "StopDemoData", {{"DeliveryStreamName", l->lab_stream_name()}});
    std::string body(kObjectBytes, '\0');
    for (int i = 0; i < kObjects; ++i) {
      for (size_t k = 0; k < body.size(); ++k) body[k] = static_cast<char>('a' + (k * 7 + i) % 26);
      l->s3().PutObject(l->lab_bucket_name(), "bulk/object-" + std::to_string(i) + ".json", body, l->now());
    }
    return l;
  }();
  return *lab;
}

void BM_SaveSnapshot_100MB(benchmark::State& state) {
  Lab& lab = FullLab();
  size_t bytes = 0;
  for (auto _ : state) {
    std::string snapshot = lab.SaveSnapshot();
    bytes = snapshot.size();
    benchmark::DoNotOptimize(snapshot.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  state.counters["snapshot_MB"] = static_cast<double>(bytes) / 1e6;
}

void BM_RestoreSnapshot_100MB(benchmark::State& state) {
  const std::string snapshot = FullLab().SaveSnapshot();
  LabOptions options;
  options.create_lab_resources = false;
  Lab target(options);
  for (auto _ : state) {
    Status s = target.RestoreSnapshot(snapshot);
    if (!s.ok()) state.SkipWithError(s.error().message.c_str());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * snapshot.size()));
}

BENCHMARK(BM_SaveSnapshot_100MB)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_RestoreSnapshot_100MB)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace
}  // namespace fhl::bench

BENCHMARK_MAIN();
