// dashboard_bench.cpp: CPU time of one Dashboard frame (ImGui NewFrame + Dashboard::Draw + Render, no GL) with 24 h of
// Firehose metrics and deliveries and 10,000 objects in one S3 folder. Target: <= 4 ms per frame.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <ctime>
#include <cstdio>
#include <memory>
#include <string>

#include "../ui/ui_harness.h"
#include "core/lab.h"
#include "core/object_store.h"
#include "ui/dashboard.h"

namespace {

using fhl::ui::testing::ImGuiHarness;

constexpr int kObjects = 10000;
const char* const kBulkPrefix = "stocks/bulk/";

// One lab for every benchmark: 24 h of demo data at 10 records/s (a delivery per minute, 1-minute metric cells for
// the whole day and 1-second cells for the last 3 hours) plus 10,000 objects in stocks/bulk/.
fhl::Lab& SharedLab() {
  static std::unique_ptr<fhl::Lab> lab = [] {
    auto l = std::make_unique<fhl::Lab>();
    l->Call("Lab", "StartDemoData", {{"DeliveryStreamName", l->lab_stream_name()}, {"RecordsPerSecond", 10}});
    for (int minute = 0; minute < 24 * 60; ++minute) l->Advance(fhl::kUsPerMinute);
    std::string body(400, 'x');
    for (int i = 0; i < kObjects; ++i) {
      char key[96];
      std::snprintf(key, sizeof key, "%sobject-%05d.json", kBulkPrefix, i);
      l->s3().PutObject(l->lab_bucket_name(), key, body, l->now());
    }
    return l;
  }();
  return *lab;
}

struct Scene {
  fhl::Lab& lab = SharedLab();
  fhl::ui::SimControls controls;
  ImGuiHarness harness{1440, 900, /*wrap_widget_frames=*/false};
  fhl::ui::Dashboard dashboard{lab, controls};
  std::function<void()> draw = [this] { dashboard.Draw(); };
  bool ok = true;

  void Frames(int n) {
    for (int i = 0; i < n; ++i) harness.Frame(draw);
  }
  void Click(const std::string& name) {
    Frames(1);
    if (!harness.Click(name, draw)) ok = false;
  }
};

double ThreadCpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

void RunFrames(benchmark::State& state, Scene& scene, bool advance_lab) {
  if (!scene.ok) {
    state.SkipWithError("a widget to click was not found");
    return;
  }
  scene.Frames(5);
  double worst_ms = 0;
  for (auto _ : state) {
    if (advance_lab) {  // 60x speed at 60 fps: the lab changes every frame (its own cost is not the UI's)
      state.PauseTiming();
      scene.lab.Advance(fhl::kUsPerSecond);
      state.ResumeTiming();
    }
    double start = ThreadCpuMs();
    scene.harness.Frame(scene.draw);
    worst_ms = std::max(worst_ms, ThreadCpuMs() - start);
  }
  // The slowest frame (thread CPU time): the ones that refetch and re-parse a listing or a metrics snapshot.
  state.counters["worst_frame_ms"] = worst_ms;
}

// Monitoring tab, 24 h range, 1-minute period: six charts of 1,440 points and 1,440 delivery markers each.
void BM_DashboardFrame_Monitoring24h(benchmark::State& state) {
  Scene scene;
  scene.Click("Firehose/Stream/" + scene.lab.lab_stream_name());
  scene.Click("Firehose/Monitoring/Range/24h");
  scene.Click("Firehose/Monitoring/Period");
  scene.Click("Firehose/Monitoring/Period/1 minute");
  RunFrames(state, scene, state.range(0) != 0);
}
BENCHMARK(BM_DashboardFrame_Monitoring24h)->Arg(0)->Arg(1)->ArgNames({"lab_running"})->Unit(benchmark::kMillisecond);

// S3 folder holding 10,000 objects: a page of 1,000 rows, clipped.
void BM_DashboardFrame_S3Folder10k(benchmark::State& state) {
  Scene scene;
  scene.Click("Nav/S3");
  scene.Click("S3/Bucket/" + scene.lab.lab_bucket_name());
  scene.Click("S3/Folder/stocks/");
  scene.Click(std::string("S3/Folder/") + kBulkPrefix);
  RunFrames(state, scene, state.range(0) != 0);
}
BENCHMARK(BM_DashboardFrame_S3Folder10k)->Arg(0)->Arg(1)->ArgNames({"lab_running"})->Unit(benchmark::kMillisecond);

// Demo data tab while records flow (status, buffered records, recent deliveries refresh every frame).
void BM_DashboardFrame_DemoTab(benchmark::State& state) {
  Scene scene;
  scene.Click("Firehose/Stream/" + scene.lab.lab_stream_name());
  scene.Click("Firehose/Tab/Test with demo data");
  RunFrames(state, scene, true);
}
BENCHMARK(BM_DashboardFrame_DemoTab)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
