// ui_harness.h: headless Dear ImGui for UI tests and benchmarks: a context with a built font atlas, frames run
// NewFrame/draw/Render without a renderer, and clicks on widgets by their TrackWidget name.
#pragma once

#include <cstdio>
#include <functional>
#include <string>
#include <string_view>

#include "imgui.h"
#include "ui/fonts.h"
#include "ui/widget_registry.h"
#include "ui/widget_registry_frame.h"

namespace fhl::ui::testing {

class ImGuiHarness {
 public:
  // wrap_widget_frames: bracket each frame with Begin/EndWidgetFrame (panel tests); Dashboard::Draw does it itself.
  explicit ImGuiHarness(float width = 1440, float height = 900, bool wrap_widget_frames = true)
      : wrap_(wrap_widget_frames) {
    context_ = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(width, height);
    io.IniFilename = nullptr;
    io.DeltaTime = 1.0f / 60.0f;
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    io.MousePos = ImVec2(-1000, -1000);
  }
  ~ImGuiHarness() { ImGui::DestroyContext(context_); }
  ImGuiHarness(const ImGuiHarness&) = delete;
  ImGuiHarness& operator=(const ImGuiHarness&) = delete;

  void set_delta_time(float seconds) { ImGui::GetIO().DeltaTime = seconds; }

  // One frame: NewFrame, draw(), Render. Returns the number of vertices rendered.
  int Frame(const std::function<void()>& draw) {
    if (wrap_) BeginWidgetFrame();
    ImGui::NewFrame();
    draw();
    ImGui::Render();
    if (wrap_) EndWidgetFrame();
    ImDrawData* data = ImGui::GetDrawData();
    return data ? data->TotalVtxCount : 0;
  }

  // Hover, press and release at the centre of a tracked widget, then two settling frames. False when it was not visible.
  bool Click(std::string_view name, const std::function<void()>& draw) {
    WidgetRect r = FindWidget(name);
    if (!r.visible) return false;
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(r.x + r.width * 0.5f, r.y + r.height * 0.5f);
    Frame(draw);
    io.MouseDown[0] = true;
    Frame(draw);
    io.MouseDown[0] = false;
    Frame(draw);
    io.MousePos = ImVec2(-1000, -1000);
    Frame(draw);
    Frame(draw);  // widgets that appeared (tab bars lay out once before their tabs have rectangles)
    return true;
  }

  void MoveMouse(float x, float y) { ImGui::GetIO().MousePos = ImVec2(x, y); }

 private:
  ImGuiContext* context_ = nullptr;
  bool wrap_ = true;
};

// A full-screen window for drawing one panel.
inline void FullScreenWindow(const std::function<void()>& body) {
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
  ImGui::Begin("##test", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings);
  body();
  ImGui::End();
}

// Loads the page's fonts (DejaVu Sans and Mono, the page's glyph ranges) into the atlas, as the web platform does,
// so screenshots match the page.
inline void LoadPageFonts() {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  const ImWchar* ranges = reinterpret_cast<const ImWchar*>(fhl::ui::FontGlyphRanges());
  ImFontConfig cfg;
  cfg.FontDataOwnedByAtlas = false;
  auto sans = fhl::ui::SansFontTtf();
  std::snprintf(cfg.Name, sizeof cfg.Name, "DejaVu Sans");
  io.Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(sans.first), static_cast<int>(sans.second), fhl::ui::kSansFontSizePx,
                                 &cfg, ranges);
  auto mono = fhl::ui::MonoFontTtf();
  std::snprintf(cfg.Name, sizeof cfg.Name, "DejaVu Sans Mono");
  io.Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(mono.first), static_cast<int>(mono.second), fhl::ui::kMonoFontSizePx,
                                 &cfg, ranges);
  unsigned char* pixels = nullptr;
  int w = 0, h = 0;
  io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
}

// Draws body inside the dashboard's content area of a width x height window: right of the 230 px navigation
// column, below the 52 px top bar, with the dashboard's padding (panel screenshots look as on the page).
inline void DrawInContentArea(int width, int height, const std::function<void()>& body) {
  ImGui::SetNextWindowPos(ImVec2(230, 52));
  ImGui::SetNextWindowSize(ImVec2(static_cast<float>(width) - 230, static_cast<float>(height) - 52));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(24, 16));
  ImGui::Begin("##content", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings);
  ImGui::PopStyleVar();
  body();
  ImGui::End();
}

}  // namespace fhl::ui::testing
