// web_app.h: what main_web.cpp (the page's frame loop) offers the export tier (exports.cpp).
// Emscripten page only; the core and the UI never include this.
#pragma once

#include <cstdint>

namespace fhl {
class Lab;
namespace ui {
struct SimControls;
class Dashboard;
}
}  // namespace fhl

namespace fhl::web {

struct FrameStats {
  uint64_t frames_rendered = 0;   // frames drawn (ImGui frame + GL submission)
  uint64_t ticks = 0;             // animation-frame callbacks, drawn or not
  double last_frame_cpu_ms = 0;   // CPU time of the last drawn frame (NewFrame..GL submission)
  double max_frame_cpu_ms = 0;    // worst drawn frame since start
  bool loop_running = false;      // false while idle: no animation-frame callbacks at all
  bool context_lost = false;      // the WebGL context is lost (nothing is drawn until it comes back)
  float device_pixel_ratio = 1;
  int framebuffer_width = 0, framebuffer_height = 0;
  float css_width = 0, css_height = 0;
  uint64_t seed = 0;              // the LabOptions the page started with
  int64_t start_time_us = 0;
};

// nullptr only before main() has created them.
Lab* AppLab();
ui::Dashboard* AppDashboard();
ui::SimControls* AppControls();
// Asks for one more drawn frame and restarts the animation-frame loop if it stopped.
void RequestRedraw();
FrameStats AppFrameStats();
// Athena queries still have work to do (the frame loop gives them a slice per frame).
bool AppWorkPending();

}  // namespace fhl::web
