// exports.cpp: the page's thin export tier for web/lab-api.js: JSON text in, JSON text out, no lab logic.
// Depends on the Lab's public API, ui::WidgetsJson and web_app.h; returned strings live until the next call.
#include <emscripten/emscripten.h>

#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "core/json.h"
#include "core/lab.h"
#include "core/lab_template.h"
#include "core/sim_time.h"
#include "core/wire_router.h"
#include "imgui.h"
#include "ui/dashboard.h"
#include "ui/keyboard_nav.h"
#include "ui/theme.h"
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

// The lab's own CloudFormation template (JSON text), for web/lab-api.js: start=deployed and the single-file build,
// which cannot fetch firehose-lab.template.json.
EMSCRIPTEN_KEEPALIVE const char* fhl_lab_template() {
  static const std::string text(fhl::LabTemplateBody());
  return text.c_str();
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

// [SECTION] HTTP (web/lab-http.js, the AWS SDK's requestHandler): one request through fhl::HandleHttp.

namespace {
std::string g_http_body;  // the last fhl_http response body, until the next fhl_http
}

// head_json {"method","target","headers":[[name,value],...]} plus `body_size` raw body bytes at `body` ->
// {"status":200,"headers":[[name,value],...],"bodySize":N}; the body bytes are at fhl_http_body().
EMSCRIPTEN_KEEPALIVE const char* fhl_http(const char* head_json, const char* body, double body_size) {
  static std::string result;
  std::string().swap(g_http_body);
  fhl::Lab* lab = fhl::web::AppLab();
  if (!lab) return Keep(&result, R"({"status":503,"headers":[],"bodySize":0})");
  fhl::HttpRequest request;
  std::optional<fhl::Json> head = fhl::ParseJson(head_json ? head_json : "");
  if (!head || !head->is_object()) return Keep(&result, R"({"status":400,"headers":[],"bodySize":0})");
  if (auto m = head->find("method"); m != head->end() && m->is_string()) request.method = m->get<std::string>();
  if (auto t = head->find("target"); t != head->end() && t->is_string()) request.target = t->get<std::string>();
  if (auto hs = head->find("headers"); hs != head->end() && hs->is_array()) {
    for (const fhl::Json& h : *hs) {
      if (h.is_array() && h.size() == 2 && h[0].is_string() && h[1].is_string()) {
        request.headers.push_back({h[0].get<std::string>(), h[1].get<std::string>()});
      }
    }
  }
  if (body && body_size > 0) request.body.assign(body, static_cast<size_t>(body_size));
  const uint64_t before = lab->generation();
  fhl::HttpResponse response = fhl::HandleHttp(*lab, request);
  if (lab->generation() != before) fhl::web::RequestRedraw();
  fhl::Json headers = fhl::Json::array();
  for (const fhl::HttpHeader& h : response.headers) headers.push_back({h.name, h.value});
  g_http_body = std::move(response.body);
  return Keep(&result, fhl::DumpJson(fhl::Json{{"status", response.status},
                                                {"headers", std::move(headers)},
                                                {"bodySize", g_http_body.size()}}));
}

EMSCRIPTEN_KEEPALIVE const char* fhl_http_body() { return g_http_body.data(); }

// Lab::generation(): changes whenever anything observable changes (a double: exact below 2^53).
EMSCRIPTEN_KEEPALIVE double fhl_generation() {
  fhl::Lab* lab = fhl::web::AppLab();
  return lab ? static_cast<double>(lab->generation()) : 0.0;
}

// Athena work is pending (web/lab-store.js does not autosave then: snapshotting a big lab would stall frames).
EMSCRIPTEN_KEEPALIVE int fhl_work_pending() { return fhl::web::AppWorkPending() ? 1 : 0; }

// [SECTION] display preferences (web/a11y-prefs.js via lab.setTheme / lab.setFontScale / lab.setReducedMotion)

namespace {
void SetPrefs(const fhl::ui::DisplayPrefs& prefs) {
  fhl::ui::SetDisplayPrefs(prefs);
  fhl::web::RequestRedraw();
}
}  // namespace

// "default" or "high-contrast"; returns 0 (nothing changed) for any other name.
EMSCRIPTEN_KEEPALIVE int fhl_set_theme(const char* name) {
  fhl::ui::DisplayPrefs prefs = fhl::ui::GetDisplayPrefs();
  if (!fhl::ui::ParseThemeKind(name, &prefs.theme)) return 0;
  SetPrefs(prefs);
  return 1;
}

// Text size relative to the default (clamped to 0.85..2); the font atlas is rebuilt before the next frame.
EMSCRIPTEN_KEEPALIVE void fhl_set_font_scale(double scale) {
  if (!std::isfinite(scale)) return;
  fhl::ui::DisplayPrefs prefs = fhl::ui::GetDisplayPrefs();
  prefs.font_scale = static_cast<float>(scale);
  SetPrefs(prefs);
}

EMSCRIPTEN_KEEPALIVE void fhl_set_reduced_motion(int reduce) {
  fhl::ui::DisplayPrefs prefs = fhl::ui::GetDisplayPrefs();
  prefs.reduced_motion = reduce != 0;
  SetPrefs(prefs);
}

// What the dashboard applies: {"theme","fontScale","reducedMotion","fontSizePx","cursorBlink","navKeyboard",
// "keyboardFocus":{x,y,width,height} or null (ui/keyboard_nav.h), "colors":{"text","windowBg","navHighlight"}
// ("#rrggbb" from ImGui's style)}.
EMSCRIPTEN_KEEPALIVE const char* fhl_display_prefs() {
  static std::string result;
  const fhl::ui::DisplayPrefs& p = fhl::ui::GetDisplayPrefs();
  fhl::Json j = {{"theme", fhl::ui::ThemeKindName(p.theme)}, {"fontScale", p.font_scale},
                 {"reducedMotion", p.reduced_motion}};
  if (ImGui::GetCurrentContext()) {
    const ImGuiIO& io = ImGui::GetIO();
    const ImGuiStyle& style = ImGui::GetStyle();
    auto hex = [](const ImVec4& c) {
      char buf[8];
      auto byte = [](float f) { return static_cast<unsigned>(std::lround(std::fmin(1.0f, std::fmax(0.0f, f)) * 255)); };
      std::snprintf(buf, sizeof(buf), "#%02x%02x%02x", byte(c.x), byte(c.y), byte(c.z));
      return std::string(buf);
    };
    j["fontSizePx"] = io.Fonts->Fonts.Size > 0 ? io.Fonts->Fonts[0]->FontSize * io.FontGlobalScale : 0.0f;
    j["cursorBlink"] = io.ConfigInputTextCursorBlink;
    j["navKeyboard"] = (io.ConfigFlags & ImGuiConfigFlags_NavEnableKeyboard) != 0;
    const fhl::ui::WidgetRect focus = fhl::ui::KeyboardFocusRect();
    j["keyboardFocus"] = focus.visible ? fhl::Json{{"x", focus.x}, {"y", focus.y}, {"width", focus.width},
                                                   {"height", focus.height}}
                                       : fhl::Json(nullptr);
    j["colors"] = {{"text", hex(style.Colors[ImGuiCol_Text])},
                   {"windowBg", hex(style.Colors[ImGuiCol_WindowBg])},
                   {"navHighlight", hex(style.Colors[ImGuiCol_NavHighlight])}};
  }
  return Keep(&result, fhl::DumpJson(j));
}

}  // extern "C"
