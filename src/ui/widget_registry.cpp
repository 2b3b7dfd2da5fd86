// widget_registry.cpp: named widget rectangles of the last completed frame, for end-to-end tests (see widget_registry.h).
// Two maps: the frame being drawn and the last completed one; Dashboard::Draw brackets a frame with Begin/EndWidgetFrame.
#include "ui/widget_registry.h"

#include <cstdio>
#include <unordered_map>

#include "imgui.h"
#include "ui/widget_registry_frame.h"

namespace fhl::ui {

namespace {

struct Registry {
  std::unordered_map<std::string, WidgetRect> drawing;    // the frame being drawn
  std::unordered_map<std::string, WidgetRect> completed;  // the last completed frame (what FindWidget reads)
  bool frame_open = false;
};

Registry& TheRegistry() {
  static Registry registry;
  return registry;
}

void AppendJsonString(std::string& out, std::string_view s) {
  out.push_back('"');
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(ch);
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out.push_back(ch);
    }
  }
  out.push_back('"');
}

}  // namespace

void TrackWidget(std::string_view name) {
  if (ImGui::GetCurrentContext() == nullptr) return;
  Registry& r = TheRegistry();
  ImVec2 min = ImGui::GetItemRectMin();
  ImVec2 max = ImGui::GetItemRectMax();
  WidgetRect rect;
  // Clip to what is really on screen (scrolled tables, child windows), so a click at the centre lands on the widget.
  ImDrawList* draw_list = ImGui::GetWindowDrawList();
  ImVec2 clip_min = draw_list->GetClipRectMin();
  ImVec2 clip_max = draw_list->GetClipRectMax();
  float x0 = min.x > clip_min.x ? min.x : clip_min.x;
  float y0 = min.y > clip_min.y ? min.y : clip_min.y;
  float x1 = max.x < clip_max.x ? max.x : clip_max.x;
  float y1 = max.y < clip_max.y ? max.y : clip_max.y;
  rect.visible = ImGui::IsItemVisible() && x1 > x0 && y1 > y0;
  if (rect.visible) {
    rect.x = x0;
    rect.y = y0;
    rect.width = x1 - x0;
    rect.height = y1 - y0;
  } else {
    rect.x = min.x;
    rect.y = min.y;
    rect.width = max.x - min.x;
    rect.height = max.y - min.y;
  }
  auto it = r.drawing.find(std::string(name));  // one allocation; names are short
  if (it == r.drawing.end()) {
    r.drawing.emplace(std::string(name), rect);
  } else if (!it->second.visible && rect.visible) {
    it->second = rect;  // the same name twice in a frame: the visible one wins
  }
}

WidgetRect FindWidget(std::string_view name) {
  Registry& r = TheRegistry();
  auto it = r.completed.find(std::string(name));
  return it == r.completed.end() ? WidgetRect{} : it->second;
}

std::string WidgetsJson() {
  Registry& r = TheRegistry();
  std::string out = "{";
  bool first = true;
  char buf[160];
  for (const auto& [name, rect] : r.completed) {
    if (!first) out.push_back(',');
    first = false;
    AppendJsonString(out, name);
    std::snprintf(buf, sizeof buf, ":{\"x\":%.1f,\"y\":%.1f,\"width\":%.1f,\"height\":%.1f,\"visible\":%s}", rect.x, rect.y,
                  rect.width, rect.height, rect.visible ? "true" : "false");
    out += buf;
  }
  out.push_back('}');
  return out;
}

void BeginWidgetFrame() {
  Registry& r = TheRegistry();
  // A frame that was never ended (a caller without EndWidgetFrame) still becomes the readable set.
  if (r.frame_open) r.completed.swap(r.drawing);
  r.drawing.clear();
  r.frame_open = true;
}

void EndWidgetFrame() {
  Registry& r = TheRegistry();
  r.completed.swap(r.drawing);
  r.drawing.clear();
  r.frame_open = false;
}

}  // namespace fhl::ui
