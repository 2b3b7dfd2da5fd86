// athena_bench.cpp: the Athena query benchmark (native, Google Benchmark): the lab's two questions over 1 M demo
// records, first run (objects not yet parsed: a fresh Lab per iteration) and repeat run (same Lab, parses reused),
// with a generous Work budget per call and with the page's 8 ms frame budget (worst slice reported).
// `--export=DIR` instead writes the workload's S3 objects under DIR/<key> for tests/bench/athena_peers.mjs.
#include <benchmark/benchmark.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "athena_workload.h"

namespace {

using fhl::bench::AthenaWorkload;
using fhl::bench::QueryOutcome;

AthenaWorkload& Shared() {
  static AthenaWorkload* w = [] {
    auto* made = new AthenaWorkload();
    std::fprintf(stderr, "workload: %llu records, %llu objects, %llu bytes, generated in %.0f ms, hash %016llx%s%s\n",
                 static_cast<unsigned long long>(made->records()), static_cast<unsigned long long>(made->objects()),
                 static_cast<unsigned long long>(made->object_bytes()), made->generate_ms(),
                 static_cast<unsigned long long>(made->content_hash()), made->setup_error().empty() ? "" : ", setup: ",
                 made->setup_error().c_str());
    return made;
  }();
  return *w;
}

void Report(benchmark::State& state, const QueryOutcome& q, uint64_t object_bytes, double worst_ms, size_t slices) {
  state.counters["rows"] = static_cast<double>(q.rows.size());
  state.counters["scanned_MB"] = static_cast<double>(q.data_scanned_bytes) / 1e6;
  state.counters["worst_slice_ms"] = worst_ms;
  state.counters["slices"] = static_cast<double>(slices);
  state.SetBytesProcessed(static_cast<int64_t>(object_bytes) * state.iterations());
  state.SetLabel(fhl::bench::Describe(q));
}

// First run: every iteration builds a fresh Lab (untimed; manual time covers only the query).
void FirstRun(benchmark::State& state, const char* sql, bool frame_mode) {
  QueryOutcome last;
  double worst_ms = 0;
  size_t slices = 0;
  uint64_t bytes = 0;
  for (auto _ : state) {
    auto w = std::make_unique<AthenaWorkload>();
    if (!w->setup_error().empty()) {
      state.SkipWithError(w->setup_error().c_str());
      return;
    }
    last = w->RunQuery(sql, fhl::bench::kThroughputBudgetUnits, frame_mode);
    if (!last.ok) {
      state.SkipWithError(last.error.c_str());
      return;
    }
    state.SetIterationTime(last.wall_ms / 1000.0);
    worst_ms = std::max(worst_ms, last.worst_slice_ms);
    slices = last.slices;
    bytes = w->object_bytes();
  }
  Report(state, last, bytes, worst_ms, slices);
}

// Repeat run: the shared Lab, whose objects were parsed by a warm-up query before timing starts.
void RepeatRun(benchmark::State& state, const char* sql, bool frame_mode) {
  AthenaWorkload& w = Shared();
  if (!w.setup_error().empty()) {
    state.SkipWithError(w.setup_error().c_str());
    return;
  }
  QueryOutcome last = w.RunQuery(sql, fhl::bench::kThroughputBudgetUnits);
  if (!last.ok) {
    state.SkipWithError(last.error.c_str());
    return;
  }
  double worst_ms = 0;
  for (auto _ : state) {
    last = w.RunQuery(sql, fhl::bench::kThroughputBudgetUnits, frame_mode);
    state.SetIterationTime(last.wall_ms / 1000.0);
    worst_ms = std::max(worst_ms, last.worst_slice_ms);
  }
  Report(state, last, w.object_bytes(), worst_ms, last.slices);
}

void BM_Athena_A_First(benchmark::State& s) { FirstRun(s, fhl::bench::kQuestionA, false); }
void BM_Athena_B_First(benchmark::State& s) { FirstRun(s, fhl::bench::kQuestionB, false); }
void BM_Athena_A_Repeat(benchmark::State& s) { RepeatRun(s, fhl::bench::kQuestionA, false); }
void BM_Athena_B_Repeat(benchmark::State& s) { RepeatRun(s, fhl::bench::kQuestionB, false); }
void BM_Athena_A_First_Frames(benchmark::State& s) { FirstRun(s, fhl::bench::kQuestionA, true); }
void BM_Athena_B_First_Frames(benchmark::State& s) { FirstRun(s, fhl::bench::kQuestionB, true); }
void BM_Athena_A_Repeat_Frames(benchmark::State& s) { RepeatRun(s, fhl::bench::kQuestionA, true); }
void BM_Athena_B_Repeat_Frames(benchmark::State& s) { RepeatRun(s, fhl::bench::kQuestionB, true); }

BENCHMARK(BM_Athena_A_First)->Iterations(3)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Athena_B_First)->Iterations(3)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Athena_A_Repeat)->Iterations(5)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Athena_B_Repeat)->Iterations(5)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Athena_A_First_Frames)->Iterations(2)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Athena_B_First_Frames)->Iterations(2)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Athena_A_Repeat_Frames)->Iterations(3)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Athena_B_Repeat_Frames)->Iterations(3)->UseManualTime()->Unit(benchmark::kMillisecond);

// [SECTION] export of the objects for the peers (DuckDB-wasm, sql.js)
bool MakeDirs(const std::string& path) {
  for (size_t i = 1; i <= path.size(); ++i) {
    if (i == path.size() || path[i] == '/') {
      const std::string dir = path.substr(0, i);
      struct stat st;
      if (stat(dir.c_str(), &st) != 0 && mkdir(dir.c_str(), 0755) != 0) return false;
    }
  }
  return true;
}

int Export(const std::string& root) {
  AthenaWorkload w;
  if (!w.setup_error().empty()) {
    std::fprintf(stderr, "setup failed: %s\n", w.setup_error().c_str());
    return 1;
  }
  const fhl::Bucket* bucket = w.lab().s3().FindBucket(w.bucket());
  size_t written = 0;
  for (const auto& [key, object] : bucket->objects) {
    if (key.compare(0, 7, "stocks/") != 0) continue;
    const std::string path = root + "/" + key;
    if (!MakeDirs(path.substr(0, path.rfind('/')))) return 1;
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f || std::fwrite(object.body->data(), 1, object.body->size(), f) != object.body->size()) return 1;
    std::fclose(f);
    ++written;
  }
  std::printf("{\"exported\":%zu,\"bytes\":%llu,\"records\":%llu,\"hash\":\"%016llx\",\"bucket\":\"%s\"}\n", written,
              static_cast<unsigned long long>(w.object_bytes()), static_cast<unsigned long long>(w.records()),
              static_cast<unsigned long long>(w.content_hash()), w.bucket().c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--export=", 9) == 0) return Export(argv[i] + 9);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
