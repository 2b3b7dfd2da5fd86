// widget_registry.h: screen rectangles of named widgets from the last frame, so end-to-end tests can click the
// real UI by name (e.g. "Firehose/Start sending demo data"). Depends on ImGui only.
#pragma once

#include <string>
#include <string_view>

namespace fhl::ui {

struct WidgetRect {
  float x = 0, y = 0, width = 0, height = 0;  // CSS pixels, top-left origin, as ImGui's coordinates
  bool visible = false;
};

// Call right after the widget: records ImGui's last item rectangle under `name` for this frame.
void TrackWidget(std::string_view name);
// The rectangle recorded during the last completed frame (visible=false when it was not drawn).
WidgetRect FindWidget(std::string_view name);
// JSON object {"name": {"x":..,"y":..,"width":..,"height":..}, ...} of every widget drawn last frame.
std::string WidgetsJson();
// Called by Dashboard::Draw at the start of a frame: the previous frame's rectangles become the readable set.
void BeginWidgetFrame();

}  // namespace fhl::ui
