// exports.cpp: the page's thin export tier for web/lab-api.js: JSON text in, JSON text out, no lab logic.
// Depends on the Lab's public API, ui::WidgetsJson and web_app.h; returned strings live until the next call.
#include <emscripten/emscripten.h>

#include <cmath>
#include <string>

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

}  // extern "C"
