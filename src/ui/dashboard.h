// dashboard.h: the lab's Dear ImGui dashboard (clock bar, Firehose, S3 panels) drawn over Lab::Call.
// Depends on ImGui and the core's Lab only: no GL, no Emscripten, no JS (the platform layer supplies PlatformHooks).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace fhl {
class Lab;
}

namespace fhl::ui {

// Simulation speed, owned by the platform loop and changed by the clock bar and by the JS API.
struct SimControls {
  double speed = 1.0;             // simulated seconds per wall second; 0 pauses
  double step_request_s = 0.0;    // the clock bar asks the loop to advance by this much once (single step)
};

// What only the platform can do. Any hook may be empty (native tests and benchmarks).
struct PlatformHooks {
  std::function<void(const std::string& file_name, const std::string& bytes, const std::string& mime)> download;
  std::function<void(const std::string& text)> set_clipboard;
  // CloudFormation "Upload a template file": opens the browser's file chooser; the page then passes the file to
  // Dashboard::SetUploadedTemplate.
  std::function<void()> pick_template_file;
};

class Dashboard {
 public:
  Dashboard(Lab& lab, SimControls& controls, PlatformHooks hooks = {});
  ~Dashboard();
  Dashboard(const Dashboard&) = delete;
  Dashboard& operator=(const Dashboard&) = delete;

  // Emits one frame's widgets; call between ImGui::NewFrame() and ImGui::Render(). Uses the whole display.
  void Draw();

  // True while something on screen animates by itself (e.g. a notification fading); the platform keeps
  // redrawing while this is true or while the lab's generation changes, and may stop otherwise.
  bool WantsAnimation() const;

  // A template file the user chose after PlatformHooks::pick_template_file: shown in CloudFormation's Create stack
  // wizard as the "Upload a template file" source.
  void SetUploadedTemplate(const std::string& file_name, const std::string& text);

 private:
  struct State;
  State* state_;
};

}  // namespace fhl::ui
