// exports.cpp: the page's thin export tier for web/lab-api.js: JSON text in, JSON text out, no lab logic.
// Depends on the Lab's public API, ui::WidgetsJson and web_app.h; returned strings live until the next call.
#include <emscripten/emscripten.h>

#include <cmath>
#include <string>
#include <string_view>

#include "core/json.h"
#include "core/lab.h"
#include "core/sim_time.h"
#include "ui/dashboard.h"
#include "ui/widget_registry.h"
#include "web_app.h"

namespace {

const char* Keep(std::string* slot, std::string text) {
  *slot = std::move(text);
  return slot->c_str();
}

constexpr const char* kNotReady =
    R"({"ok":false,"error":{"code":"ServiceUnavailable","message":"The lab is not running.","status":503}})";

}  // namespace

extern "C" {

// Lab::CallText: {"ok":true,"body":{...}} or {"ok":false,"error":{"code","message","status"}}.
EMSCRIPTEN_KEEPALIVE const char* fhl_send(const char* service, const char* action, const char* request_json) {
  static std::string result;
  fhl::Lab* lab = fhl::web::AppLab();
  if (!lab) return kNotReady;
  const uint64_t before = lab->generation();
  Keep(&result, lab->CallText(service ? service : "", action ? action : "", request_json ? request_json : "{}"));
  if (lab->generation() != before) fhl::web::RequestRedraw();
  return result.c_str();
}

// Moves simulated time forward now (seconds >= 0; anything else is ignored).
EMSCRIPTEN_KEEPALIVE void fhl_advance(double seconds) {
  fhl::Lab* lab = fhl::web::AppLab();
  if (!lab || !(seconds > 0) || !std::isfinite(seconds)) return;
  lab->Advance(static_cast<fhl::TimeUs>(std::llround(seconds * 1e6)));
  fhl::web::RequestRedraw();
}

EMSCRIPTEN_KEEPALIVE void fhl_set_speed(double speed) {
  fhl::ui::SimControls* controls = fhl::web::AppControls();
  if (!controls || !(speed >= 0) || !std::isfinite(speed)) return;
  controls->speed = speed;
  fhl::web::RequestRedraw();
}

EMSCRIPTEN_KEEPALIVE double fhl_get_speed() {
  fhl::ui::SimControls* controls = fhl::web::AppControls();
  return controls ? controls->speed : 0.0;
}

EMSCRIPTEN_KEEPALIVE const char* fhl_now_iso() {
  static std::string result;
  fhl::Lab* lab = fhl::web::AppLab();
  return lab ? Keep(&result, fhl::FormatIso8601(lab->now())) : "";
}

EMSCRIPTEN_KEEPALIVE const char* fhl_widgets_json() {
  static std::string result;
  return Keep(&result, fhl::ui::WidgetsJson());
}

EMSCRIPTEN_KEEPALIVE const char* fhl_frame_stats() {
  static std::string result;
  const fhl::web::FrameStats s = fhl::web::AppFrameStats();
  fhl::Json j = {
      {"framesRendered", s.frames_rendered},
      {"ticks", s.ticks},
      {"lastFrameCpuMs", s.last_frame_cpu_ms},
      {"maxFrameCpuMs", s.max_frame_cpu_ms},
      {"loopRunning", s.loop_running},
      {"contextLost", s.context_lost},
      {"devicePixelRatio", s.device_pixel_ratio},
      {"framebuffer", {s.framebuffer_width, s.framebuffer_height}},
      {"cssSize", {s.css_width, s.css_height}},
      {"seed", std::to_string(s.seed)},  // a string: 64-bit seeds do not fit a JS number
      {"startTime", fhl::FormatIso8601(s.start_time_us)},
  };
  return Keep(&result, fhl::DumpJson(j));
}

EMSCRIPTEN_KEEPALIVE void fhl_request_frame() { fhl::web::RequestRedraw(); }

// A template file the user picked (PlatformHooks::pick_template_file): shown in CloudFormation's Create stack.
EMSCRIPTEN_KEEPALIVE void fhl_uploaded_template(const char* file_name, const char* text) {
  fhl::ui::Dashboard* dashboard = fhl::web::AppDashboard();
  if (!dashboard || !file_name || !text) return;
  dashboard->SetUploadedTemplate(file_name, text);
  fhl::web::RequestRedraw();
}

// [SECTION] persistence (web/lab-store.js): the lab's snapshot bytes out and in, and the change counter.

namespace {
std::string g_snapshot;  // the last fhl_snapshot_save, until fhl_snapshot_free
}

// Lab::SaveSnapshot into a buffer; returns its size (read it with fhl_snapshot_data, then call fhl_snapshot_free).
EMSCRIPTEN_KEEPALIVE double fhl_snapshot_save() {
  fhl::Lab* lab = fhl::web::AppLab();
  g_snapshot = lab ? lab->SaveSnapshot() : std::string();
  return static_cast<double>(g_snapshot.size());
}

EMSCRIPTEN_KEEPALIVE const char* fhl_snapshot_data() { return g_snapshot.data(); }

EMSCRIPTEN_KEEPALIVE void fhl_snapshot_free() { std::string().swap(g_snapshot); }

// Lab::RestoreSnapshot of `size` bytes at `data` (all-or-nothing): {"ok":true} or {"ok":false,"error":{...}}.
EMSCRIPTEN_KEEPALIVE const char* fhl_snapshot_restore(const char* data, double size) {
  static std::string result;
  fhl::Lab* lab = fhl::web::AppLab();
  if (!lab) return kNotReady;
  if (!(size >= 0) || !data) size = 0;
  fhl::Status status = lab->RestoreSnapshot(std::string_view(data ? data : "", static_cast<size_t>(size)));
  if (status.ok()) {
    fhl::web::RequestRedraw();
    return Keep(&result, R"({"ok":true})");
  }
  return Keep(&result, fhl::DumpJson(fhl::Json{{"ok", false},
                                                {"error",
                                                 {{"code", status.error().code},
                                                  {"message", status.error().message},
                                                  {"status", status.error().http_status}}}}));
}

// Lab::generation(): changes whenever anything observable changes (a double: exact below 2^53).
EMSCRIPTEN_KEEPALIVE double fhl_generation() {
  fhl::Lab* lab = fhl::web::AppLab();
  return lab ? static_cast<double>(lab->generation()) : 0.0;
}

}  // extern "C"
