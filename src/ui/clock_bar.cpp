// clock_bar.cpp: top bar with the simulated clock and the simulation controls (see clock_bar.h).
#include "ui/clock_bar.h"

#include <cmath>
#include <cstdio>

#include "ui/format.h"
#include "ui/ui_kit.h"
#include "ui/widget_registry.h"

namespace fhl::ui {

namespace {

bool BarButton(const char* label, bool selected, const char* tooltip = nullptr) {
  const Theme& t = GetTheme();
  ImU32 bg = selected ? t.top_bar_button_active : t.top_bar_button;
  ImGui::PushStyleColor(ImGuiCol_Button, ToVec4(bg));
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ToVec4(selected ? bg : IM_COL32(0x35, 0x4a, 0x63, 255)));
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, ToVec4(t.top_bar_button_active));
  ImGui::PushStyleColor(ImGuiCol_Text, ToVec4(selected ? IM_COL32(0x0f, 0x1b, 0x2a, 255) : t.top_bar_text));
  ImGui::PushStyleColor(ImGuiCol_Border, ToVec4(IM_COL32(0x41, 0x4d, 0x5c, 255)));
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(8, 3));
  ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, 4.0f);
  bool clicked = ImGui::Button(label);
  ImGui::PopStyleVar(2);
  ImGui::PopStyleColor(5);
  if (tooltip && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tooltip);
  return clicked;
}

void BarText(ImU32 color, const char* text) {
  ImGui::PushStyleColor(ImGuiCol_Text, ToVec4(color));
  ImGui::TextUnformatted(text);
  ImGui::PopStyleColor();
}

}  // namespace

void ClockBar::Draw(UiContext& ctx, float height) {
  const Theme& t = GetTheme();
  SimControls& controls = *ctx.controls;
  if (controls.speed > 0) resume_speed_ = controls.speed;
  bool paused = controls.speed <= 0;

  ImVec2 origin = ImGui::GetCursorScreenPos();
  float width = ImGui::GetContentRegionAvail().x;
  float frame_h = ImGui::GetFrameHeight();
  float y_center = (height - frame_h) * 0.5f;
  ImGui::SetCursorScreenPos(ImVec2(origin.x + 14, origin.y + y_center));
  ImGui::AlignTextToFramePadding();

  // Brand.
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImVec2 brand_pos = ImGui::GetCursorScreenPos();
  const char* brand = "firehose-lab";
  ImVec2 bs = ImGui::CalcTextSize(brand);
  float text_y = brand_pos.y + ImGui::GetStyle().FramePadding.y;
  dl->AddText(ImVec2(brand_pos.x, text_y), t.top_bar_text, brand);
  dl->AddText(ImVec2(brand_pos.x + 0.6f, text_y), t.top_bar_text, brand);
  ImGui::Dummy(ImVec2(bs.x + 2, frame_h));
  ImGui::SameLine(0, 10);
  ImGui::AlignTextToFramePadding();
  std::string subtitle = std::string("Firehose ") + ArrowText() + " S3 " + ArrowText() + " Athena lab";
  BarText(t.top_bar_muted, subtitle.c_str());
  ImGui::SameLine(0, 28);

  // Clock.
  std::string clock = FormatClockUtc(ctx.sim_now);
  if (ctx.fonts.mono) ImGui::PushFont(ctx.fonts.mono);
  ImGui::AlignTextToFramePadding();
  BarText(t.top_bar_text, clock.c_str());
  if (ctx.fonts.mono) ImGui::PopFont();
  TrackWidget("Clock/Time");
  ImGui::SameLine(0, 10);
  ImGui::AlignTextToFramePadding();
  char state[48];
  if (paused) {
    std::snprintf(state, sizeof state, "Paused");
  } else {
    std::snprintf(state, sizeof state, "Running %gx", controls.speed);
  }
  BarText(paused ? IM_COL32(0xf8, 0xb7, 0x3e, 255) : IM_COL32(0x7e, 0xd3, 0x8c, 255), state);
  ImGui::SameLine(0, 16);

  // Pause / Play.
  if (paused) {
    if (BarButton("Play##clock", false, "Resume the simulated clock")) controls.speed = resume_speed_ > 0 ? resume_speed_ : 1.0;
    TrackWidget("Clock/Play");
  } else {
    if (BarButton("Pause##clock", false, "Stop the simulated clock")) {
      resume_speed_ = controls.speed;
      controls.speed = 0;
    }
    TrackWidget("Clock/Pause");
  }
  ImGui::SameLine(0, 12);

  // Speeds.
  ImGui::AlignTextToFramePadding();
  BarText(t.top_bar_muted, "Speed");
  static const struct {
    const char* label;
    const char* name;
    double speed;
  } kSpeeds[] = {{"1x##speed", "Clock/Speed/1x", 1}, {"10x##speed", "Clock/Speed/10x", 10}, {"60x##speed", "Clock/Speed/60x", 60}};
  for (const auto& s : kSpeeds) {
    ImGui::SameLine(0, 4);
    double current = paused ? resume_speed_ : controls.speed;
    if (BarButton(s.label, std::fabs(current - s.speed) < 1e-9)) {
      controls.speed = s.speed;
      resume_speed_ = s.speed;
    }
    TrackWidget(s.name);
  }
  ImGui::SameLine(0, 12);

  // Single steps (applied once by the platform loop, paused or not).
  ImGui::AlignTextToFramePadding();
  BarText(t.top_bar_muted, "Step");
  static const struct {
    const char* label;
    const char* name;
    double seconds;
  } kSteps[] = {{"+1 s##step", "Clock/Step/1s", 1}, {"+10 s##step", "Clock/Step/10s", 10}, {"+1 min##step", "Clock/Step/1min", 60}};
  for (const auto& s : kSteps) {
    ImGui::SameLine(0, 4);
    if (BarButton(s.label, false, "Advance the simulated clock once")) controls.step_request_s += s.seconds;
    TrackWidget(s.name);
  }

  // Account and region, right-aligned.
  char account[96];
  std::snprintf(account, sizeof account, "Account %s  |  %s", ctx.account_id.c_str(), ctx.region.c_str());
  float aw = ImGui::CalcTextSize(account).x;
  ImGui::SameLine(0, 16);
  float x = origin.x + width - aw - 14;
  if (x > ImGui::GetCursorScreenPos().x) {
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y));
    ImGui::AlignTextToFramePadding();
    BarText(t.top_bar_muted, account);
  } else {
    ImGui::NewLine();
  }
  ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + height));
}

}  // namespace fhl::ui
