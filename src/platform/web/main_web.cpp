// main_web.cpp: the page's entry point: creates the Lab (start time and seed from the URL or the browser), ImGui,
// the html5 + WebGL2 backends and the Dashboard, and runs the frame loop with its idle policy. Emscripten only.
#include <emscripten/emscripten.h>
#include <emscripten/html5.h>
#include <GLES3/gl3.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "core/lab.h"
#include "core/sim_time.h"
#include "core/work_pacer.h"
#include "imgui.h"
#include "imgui_impl_html5.h"
#include "imgui_impl_webgl2.h"
#include "ui/dashboard.h"
#include "ui/fonts.h"
#include "ui/keyboard_nav.h"
#include "ui/theme.h"
#include "web_app.h"

// [SECTION] JS helpers
// clang-format off
EM_JS(int, fhl_js_url_param, (const char* name, char* buf, int cap), {
  const v = new URLSearchParams(location.search).get(UTF8ToString(name));
  if (v === null) return -1;
  stringToUTF8(v, buf, cap);
  return lengthBytesUTF8(v);
});
EM_JS(double, fhl_js_now_seconds, (), { return Math.round(Date.now() / 1000); });
EM_JS(void, fhl_js_random_seed, (uint32_t* out), {
  const a = new Uint32Array(2);
  crypto.getRandomValues(a);
  HEAPU32[out >> 2] = a[0];
  HEAPU32[(out >> 2) + 1] = a[1];
});
// what: 0 first frame drawn, 1 fatal error (text), 2 warning (text), 3 the Lab exists (web/lab-store.js restores the
// saved lab here, before the first frame).
EM_JS(void, fhl_js_notify, (int what, const char* text), {
  const t = text ? UTF8ToString(text) : "";
  if (what === 0 && Module.onFirstFrame) Module.onFirstFrame();
  else if (what === 1 && Module.onFatal) Module.onFatal(t);
  else if (what === 2) console.warn(t);
  else if (what === 3 && Module.onLabCreated) Module.onLabCreated(Module);
});
EM_JS(void, fhl_js_download, (const char* name, const char* data, int size, const char* mime), {
  const blob = new Blob([HEAPU8.slice(data, data + size)], { type: UTF8ToString(mime) });
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = UTF8ToString(name);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
});
// Opens the browser's file chooser for a CloudFormation template; the chosen file's text comes back through the
// export fhl_uploaded_template (exports.cpp). Nothing happens if the user cancels.
EM_JS(void, fhl_js_pick_template_file, (), {
  const input = document.createElement("input");
  input.type = "file";
  input.accept = ".json,.template,.txt,application/json";
  input.onchange = () => {
    const file = input.files && input.files[0];
    if (!file) return;
    file.text().then((text) => {
      const args = [file.name, text].map((s) => {
        const n = lengthBytesUTF8(s) + 1;
        const p = _malloc(n);
        stringToUTF8(s, p, n);
        return p;
      });
      try { _fhl_uploaded_template(args[0], args[1]); } finally { args.forEach((p) => _free(p)); }
    });
  };
  input.click();
});
// The reader's display preferences, read before the first frame from window.FirehoseLabPrefs (web/a11y-prefs.js:
// localStorage and prefers-contrast / prefers-reduced-motion). out: theme (1 high contrast), font scale, reduced motion.
EM_JS(void, fhl_js_display_prefs, (float* out), {
  const p = window.FirehoseLabPrefs && window.FirehoseLabPrefs.current ? window.FirehoseLabPrefs.current() : {};
  HEAPF32[out >> 2] = p.theme === "high-contrast" ? 1 : 0;
  HEAPF32[(out >> 2) + 1] = typeof p.fontScale === "number" ? p.fontScale : 1;
  HEAPF32[(out >> 2) + 2] = p.reducedMotion ? 1 : 0;
});
// clang-format on

// [SECTION] state
namespace {

constexpr const char* kCanvas = "#canvas";
constexpr double kMaxWallStepS = 0.25;     // a frame never advances more than this much wall time
constexpr double kInputSettleMs = 500.0;   // keep drawing this long after the last input event
constexpr int kSettleFrames = 2;           // extra frames after a change (ImGui layouts settle in 1-2 frames)
constexpr double kWorkSliceMs = 8.0;        // query work per frame: half a 60 Hz frame, so the UI stays above 30 fps

struct App {
  std::unique_ptr<fhl::Lab> lab;
  fhl::ui::SimControls controls;
  std::unique_ptr<fhl::ui::Dashboard> dashboard;
  fhl::LabOptions options;
  EMSCRIPTEN_WEBGL_CONTEXT_HANDLE gl = 0;
  bool ui_ready = false;
  bool loop_running = false;
  double last_tick_ms = -1;   // rAF time of the previous tick (-1: loop just (re)started)
  double carry_us = 0;        // sub-microsecond remainder of simulated time
  fhl::WorkPacer work_pacer{kWorkSliceMs};  // budgets of Lab::Work from its measured speed
  bool work_pending = false;         // Athena queries still running: keep the frame loop alive
  bool redraw = true;         // an explicit request (API call, resize, context restored)
  int settle_frames = 0;
  uint64_t drawn_generation = ~uint64_t{0};
  int64_t drawn_second = INT64_MIN;
  float font_dpr = 0;
  float font_scale = 0;  // ui::GetDisplayPrefs().font_scale the atlas was built for
  fhl::web::FrameStats stats;
  bool first_frame_reported = false;
  bool gl_failed = false;
};

App g_app;

EM_BOOL Tick(double time_ms, void*);

void StartLoop() {
  if (g_app.loop_running || !g_app.ui_ready) return;
  g_app.loop_running = true;
  g_app.last_tick_ms = -1;
  emscripten_request_animation_frame_loop(Tick, nullptr);
}

void WakeFromInput(void*) { StartLoop(); }

// [SECTION] fonts: rasterised at size x font scale x devicePixelRatio and drawn at 1/dpr, so glyph texels map to
// device pixels at every text size the reader picks (fhl::ui::DisplayPrefs::font_scale).
void LoadFonts(float dpr) {
  const float scale = fhl::ui::GetDisplayPrefs().font_scale;
  ImGuiIO& io = ImGui::GetIO();
  const bool integer_dpr = std::fabs(dpr - std::round(dpr)) < 0.01f;
  if (io.Fonts->ConfigData.empty()) {
    static_assert(sizeof(ImWchar) == sizeof(unsigned short), "fonts.h ranges are 16-bit");
    const ImWchar* ranges = reinterpret_cast<const ImWchar*>(fhl::ui::FontGlyphRanges());
    ImFontConfig cfg;
    cfg.FontDataOwnedByAtlas = false;  // the bytes are static
    auto sans = fhl::ui::SansFontTtf();
    std::snprintf(cfg.Name, sizeof(cfg.Name), "DejaVu Sans");
    io.Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(sans.first), static_cast<int>(sans.second),
                                   fhl::ui::kSansFontSizePx, &cfg, ranges);
    auto mono = fhl::ui::MonoFontTtf();
    std::snprintf(cfg.Name, sizeof(cfg.Name), "DejaVu Sans Mono");
    io.Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(mono.first), static_cast<int>(mono.second),
                                   fhl::ui::kMonoFontSizePx, &cfg, ranges);
  }
  // Rebuilt in place: the ImFont objects (which the UI may keep pointers to) survive a dpr change.
  const float base[] = {fhl::ui::kSansFontSizePx, fhl::ui::kMonoFontSizePx};
  for (int i = 0; i < io.Fonts->ConfigData.Size && i < 2; i++) {
    ImFontConfig& cfg = io.Fonts->ConfigData[i];
    cfg.SizePixels = base[i] * scale * dpr;
    cfg.OversampleH = integer_dpr ? 1 : 2;
    cfg.OversampleV = 1;
    cfg.PixelSnapH = integer_dpr;
  }
  io.Fonts->ClearTexData();
  io.Fonts->Build();
  io.FontGlobalScale = 1.0f / dpr;
  ImGui_ImplWebGL2_InvalidateFontsTexture();
  g_app.font_dpr = dpr;
  g_app.font_scale = scale;
}

// [SECTION] frame
void AdvanceSimulation(double seconds) {
  if (!(seconds > 0)) return;
  const double us = seconds * 1e6 + g_app.carry_us;
  const double whole = std::floor(us);
  g_app.carry_us = us - whole;
  if (whole >= 1) g_app.lab->Advance(static_cast<fhl::TimeUs>(whole));
}

// [SECTION] query work: one time-boxed Lab::Work slice per frame. The budget comes from the speed measured on
// earlier slices, so a slice takes about kWorkSliceMs whatever the machine.
void RunWorkSlice() {
  App& a = g_app;
  const double t0 = emscripten_get_now();
  const size_t pending = a.lab->Work(a.work_pacer.budget_units());
  const double spent_ms = emscripten_get_now() - t0;
  a.lab->RecordWorkTime(static_cast<fhl::TimeUs>(std::llround(spent_ms * 1000.0)));  // the time it really took
  a.work_pacer.Measured(spent_ms, pending > 0);
  a.work_pending = pending > 0;
}

void DrawFrame(double time_ms) {
  const double t0 = emscripten_get_now();
  emscripten_webgl_make_context_current(g_app.gl);
  if (!ImGui_ImplWebGL2_NewFrame()) {
    if (!ImGui_ImplWebGL2_IsContextLost() && !g_app.gl_failed) {
      g_app.gl_failed = true;  // shaders or buffers could not be created: say so instead of a blank page
      fhl_js_notify(1, "The WebGL2 renderer could not be initialised (see the browser console).");
    }
    return;
  }
  ImGui_ImplHtml5_NewFrame(time_ms);
  ImGui::NewFrame();
  g_app.drawn_generation = g_app.lab->generation();  // before Draw: a click inside Draw means one more frame
  g_app.drawn_second = fhl::FloorTo(g_app.lab->now(), fhl::kUsPerSecond) / fhl::kUsPerSecond;
  if (const int focus = ImGui_ImplHtml5_TakeFocusChange()) {  // Tab into the canvas, or focus left it
    if (focus == ImGui_ImplHtml5_FocusLeft) fhl::ui::LeaveKeyboardNav(); else fhl::ui::EnterKeyboardNav(focus);
  }
  g_app.dashboard->Draw();
  if (const int exit = fhl::ui::TakeKeyboardExit()) ImGui_ImplHtml5_MoveFocusOut(exit);
  ImGui::Render();
  ImGui_ImplHtml5_EndFrame();

  const ImGui_ImplHtml5_Canvas& c = ImGui_ImplHtml5_GetCanvas();
  const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  glViewport(0, 0, c.fb_width, c.fb_height);
  glClearColor(bg.x, bg.y, bg.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplWebGL2_RenderDrawData(ImGui::GetDrawData());

  fhl::web::FrameStats& s = g_app.stats;
  s.frames_rendered++;
  s.last_frame_cpu_ms = emscripten_get_now() - t0;
  if (s.last_frame_cpu_ms > s.max_frame_cpu_ms) s.max_frame_cpu_ms = s.last_frame_cpu_ms;
  if (!g_app.first_frame_reported) {
    g_app.first_frame_reported = true;
    fhl_js_notify(0, nullptr);
  }
}

// One animation frame: advance simulated time by wall time x speed, draw when something visible may have changed,
// and stop the loop entirely when paused and idle (any input, resize or API call restarts it).
EM_BOOL Tick(double time_ms, void*) {
  App& a = g_app;
  a.stats.ticks++;
  double dt = a.last_tick_ms < 0 ? 0.0 : (time_ms - a.last_tick_ms) / 1000.0;
  if (dt < 0) dt = 0;
  if (dt > kMaxWallStepS) dt = kMaxWallStepS;
  a.last_tick_ms = time_ms;
  double sim_s = dt * (a.controls.speed > 0 ? a.controls.speed : 0.0) + a.controls.step_request_s;
  a.controls.step_request_s = 0;
  AdvanceSimulation(sim_s);
  RunWorkSlice();

  const bool lost = ImGui_ImplWebGL2_IsContextLost();
  const int canvas_change = ImGui_ImplHtml5_UpdateCanvas();
  if ((canvas_change & ImGui_ImplHtml5_DevicePixelRatioChanged) ||
      fhl::ui::GetDisplayPrefs().font_scale != g_app.font_scale) {
    LoadFonts(ImGui_ImplHtml5_GetCanvas().device_pixel_ratio);
  }

  const uint64_t gen = a.lab->generation();
  const int64_t second = fhl::FloorTo(a.lab->now(), fhl::kUsPerSecond) / fhl::kUsPerSecond;
  const bool changed = a.redraw || canvas_change != 0 || gen != a.drawn_generation || second != a.drawn_second;
  const bool input_recent = emscripten_get_now() - ImGui_ImplHtml5_LastInputTime() < kInputSettleMs;
  const bool active = ImGui_ImplHtml5_HasPendingInput() || ImGui_ImplHtml5_IsInteracting() || input_recent ||
                      a.dashboard->WantsAnimation();
  if (changed) a.settle_frames = kSettleFrames;
  if (!lost && (changed || active || a.settle_frames > 0)) {
    if (!changed && a.settle_frames > 0) a.settle_frames--;
    a.redraw = false;
    DrawFrame(time_ms);
  }

  const bool running_sim = a.controls.speed > 0 || a.controls.step_request_s > 0 || a.work_pending;
  const bool more_to_draw = !lost && (a.redraw || a.settle_frames > 0 || a.lab->generation() != a.drawn_generation ||
                                      ImGui_ImplHtml5_HasPendingInput() || ImGui_ImplHtml5_IsInteracting() ||
                                      input_recent || a.dashboard->WantsAnimation());
  if (running_sim || more_to_draw) return EM_TRUE;
  a.loop_running = false;
  return EM_FALSE;
}

// [SECTION] WebGL context loss: draw nothing until the browser restores it, then recreate everything.
EM_BOOL OnContextLost(int, const void*, void*) {
  ImGui_ImplWebGL2_ContextLost();
  fhl_js_notify(2, "firehose-lab: WebGL context lost; waiting for it to be restored");
  return EM_TRUE;  // preventDefault: ask the browser to restore it
}

EM_BOOL OnContextRestored(int, const void*, void*) {
  ImGui_ImplWebGL2_ContextRestored();
  g_app.redraw = true;
  StartLoop();
  return EM_TRUE;
}

// [SECTION] start-up
fhl::LabOptions ReadOptions() {
  fhl::LabOptions options;
  options.create_lab_resources = false;  // a fresh account: the lab's first step deploys the stack
  char buf[128];
  options.start_time = static_cast<fhl::TimeUs>(fhl_js_now_seconds()) * fhl::kUsPerSecond;
  const int start_len = fhl_js_url_param("start", buf, sizeof(buf));
  if (start_len >= 0) {
    if (auto t = fhl::ParseIso8601(buf); t && start_len < static_cast<int>(sizeof(buf))) {
      options.start_time = *t;
    } else {
      fhl_js_notify(2, "firehose-lab: ignoring URL parameter start (expected e.g. 2026-01-01T00:00:00Z)");
    }
  }
  uint32_t r[2] = {};
  fhl_js_random_seed(r);
  options.seed = (static_cast<uint64_t>(r[0]) << 32) | r[1];
  if (fhl_js_url_param("seed", buf, sizeof(buf)) >= 0) {
    char* end = nullptr;
    const unsigned long long seed = std::strtoull(buf, &end, 10);
    if (buf[0] >= '0' && buf[0] <= '9' && end && *end == '\0') {
      options.seed = seed;
    } else {
      fhl_js_notify(2, "firehose-lab: ignoring URL parameter seed (expected a decimal integer)");
    }
  }
  return options;
}

bool CreateGlContext() {
  EmscriptenWebGLContextAttributes attrs;
  emscripten_webgl_init_context_attributes(&attrs);
  attrs.majorVersion = 2;
  attrs.minorVersion = 0;
  attrs.alpha = EM_FALSE;  // opaque canvas: cheaper compositing
  attrs.depth = EM_FALSE;
  attrs.stencil = EM_FALSE;
  attrs.antialias = EM_FALSE;  // ImGui anti-aliases its own shapes
  attrs.preserveDrawingBuffer = EM_FALSE;
  attrs.enableExtensionsByDefault = EM_FALSE;
  g_app.gl = emscripten_webgl_create_context(kCanvas, &attrs);
  if (g_app.gl <= 0) return false;
  emscripten_webgl_make_context_current(g_app.gl);
  emscripten_set_webglcontextlost_callback(kCanvas, nullptr, EM_FALSE, OnContextLost);
  emscripten_set_webglcontextrestored_callback(kCanvas, nullptr, EM_FALSE, OnContextRestored);
  return true;
}

}  // namespace

// [SECTION] what exports.cpp sees
namespace fhl::web {
Lab* AppLab() { return g_app.lab.get(); }
ui::Dashboard* AppDashboard() { return g_app.dashboard.get(); }
ui::SimControls* AppControls() { return &g_app.controls; }
void RequestRedraw() {
  g_app.redraw = true;
  StartLoop();
}
bool AppWorkPending() { return g_app.work_pending; }

FrameStats AppFrameStats() {
  FrameStats s = g_app.stats;
  const ImGui_ImplHtml5_Canvas* c = g_app.ui_ready ? &ImGui_ImplHtml5_GetCanvas() : nullptr;
  s.loop_running = g_app.loop_running;
  s.context_lost = g_app.ui_ready && ImGui_ImplWebGL2_IsContextLost();
  if (c) {
    s.device_pixel_ratio = c->device_pixel_ratio;
    s.framebuffer_width = c->fb_width;
    s.framebuffer_height = c->fb_height;
    s.css_width = c->css_width;
    s.css_height = c->css_height;
  }
  s.seed = g_app.options.seed;
  s.start_time_us = g_app.options.start_time;
  return s;
}
}  // namespace fhl::web

int main() {
  // The lab first: the JS API works even where WebGL2 does not.
  g_app.options = ReadOptions();
  g_app.lab = std::make_unique<fhl::Lab>(g_app.options);
  fhl_js_notify(3, nullptr);  // the saved lab (if any) is restored now, before anything is drawn

  if (!CreateGlContext()) {
    fhl_js_notify(1, "WebGL2 is not available in this browser, so the lab cannot be drawn.");
    return 0;
  }
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // no files: layout is not persisted
  io.LogFilename = nullptr;
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;  // Tab, arrows, Space/Enter, Escape (ui/keyboard_nav.h)
  float prefs[3] = {0, 1, 0};
  fhl_js_display_prefs(prefs);
  fhl::ui::DisplayPrefs display;
  display.theme = prefs[0] > 0.5f ? fhl::ui::ThemeKind::kHighContrast : fhl::ui::ThemeKind::kDefault;
  display.font_scale = prefs[1];
  display.reduced_motion = prefs[2] > 0.5f;
  fhl::ui::SetDisplayPrefs(display);
  ImGui::StyleColorsDark();
  ImGui_ImplHtml5_Init(kCanvas, WakeFromInput, nullptr);
  ImGui_ImplWebGL2_Init();
  LoadFonts(ImGui_ImplHtml5_GetCanvas().device_pixel_ratio);

  fhl::ui::PlatformHooks hooks;
  hooks.download = [](const std::string& name, const std::string& bytes, const std::string& mime) {
    fhl_js_download(name.c_str(), bytes.data(), static_cast<int>(bytes.size()), mime.c_str());
  };
  hooks.set_clipboard = [](const std::string& text) { ImGui_ImplHtml5_SetClipboardText(text.c_str()); };
  hooks.pick_template_file = [] { fhl_js_pick_template_file(); };
  g_app.dashboard = std::make_unique<fhl::ui::Dashboard>(*g_app.lab, g_app.controls, std::move(hooks));
  g_app.ui_ready = true;
  DrawFrame(emscripten_get_now());  // the first frame now, not one animation frame later
  StartLoop();
  return 0;
}
