// keyboard_nav.cpp: Tab order over every widget, exits at the ends and the focus ring (see keyboard_nav.h). Works on
// ImGui 1.86's tabbing request (NavMoveRequestSubmit with ImGuiNavMoveFlags_Tabbing): ImGuiNavMoveFlags_FocusApi
// makes every item with an id a candidate; results that are disabled or not navigable are skipped a frame later.
#include "ui/keyboard_nav.h"

#include "imgui.h"
#include "imgui_internal.h"
#include "ui/theme.h"

namespace fhl::ui {

namespace {

constexpr int kMaxSkips = 256;  // consecutive disabled/non-navigable results skipped before giving up

struct NavState {
  int pending_entry = 0;    // EnterKeyboardNav: +1 first widget, -1 last widget
  int pending_repeat = 0;   // the last Tab landed on a widget to skip: tab again in this direction
  int skips = 0;
  int tab_dir = 0;          // this frame's tabbing request: +1, -1, 0 (entry: first widget), 2 none
  bool tabbing = false;
  int exit = 0;
  ImGuiWindow* root = nullptr;  // this frame's root window (BeginKeyboardNavFrame)
  WidgetRect focus;             // KeyboardFocusRect
};

NavState g_nav;

constexpr ImGuiItemFlags kNotAStop = ImGuiItemFlags_Disabled | ImGuiItemFlags_NoNav | ImGuiItemFlags_NoTabStop;

// A tabbing request over every widget, from the current NavId in `dir` (+1, -1) or from nothing (0: first widget;
// -1 with NavId 0: last widget).
void SubmitTab(int dir) {
  ImGuiContext& g = *GImGui;
  ImGui::NavMoveRequestSubmit(ImGuiDir_None, dir < 0 ? ImGuiDir_Up : ImGuiDir_Down,
                              ImGuiNavMoveFlags_Tabbing | ImGuiNavMoveFlags_FocusApi,
                              ImGuiScrollFlags_KeepVisibleEdgeX | ImGuiScrollFlags_KeepVisibleEdgeY);
  g.NavTabbingDir = dir;
  g.NavTabbingResultFirst.Clear();
  g.NavTabbingCounter = -1;
}

// The result ImGui's NavMoveRequestApplyResult will pick (same rules), or null.
const ImGuiNavItemData* ChosenResult() {
  ImGuiContext& g = *GImGui;
  const ImGuiNavItemData* result = g.NavMoveResultLocal.ID != 0   ? &g.NavMoveResultLocal
                                   : g.NavMoveResultOther.ID != 0 ? &g.NavMoveResultOther
                                                                  : nullptr;
  if ((g.NavTabbingCounter == 1 || g.NavTabbingDir == 0) && g.NavTabbingResultFirst.ID != 0) {
    result = &g.NavTabbingResultFirst;
  }
  return result;
}

}  // namespace

void BeginKeyboardNavFrame(const char* root_window) {
  ImGuiContext& g = *GImGui;
  g.IO.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  g_nav.tabbing = false;
  g_nav.tab_dir = 2;
  g_nav.root = root_window ? ImGui::FindWindowByName(root_window) : nullptr;

  int dir = 2;
  if (g_nav.pending_entry != 0) {
    dir = g_nav.pending_entry > 0 ? 0 : -1;
    g_nav.pending_entry = 0;
    g_nav.skips = 0;
    ImGuiWindow* root = g_nav.root;
    if (root && (!g.NavWindow || g.NavWindow->RootWindow != root->RootWindow || (g.NavWindow->Flags & ImGuiWindowFlags_Popup))) {
      ImGui::FocusWindow(root);
    }
    if (!g.NavWindow) return;
    ImGui::ClearActiveID();
    g.NavId = 0;
    g.NavLayer = ImGuiNavLayer_Main;
    SubmitTab(dir);
  } else if (g_nav.pending_repeat != 0 && g.NavWindow && g.NavId != 0 && !g.NavMoveSubmitted) {
    dir = g_nav.pending_repeat;
    SubmitTab(dir);
  } else if (g.NavMoveSubmitted && (g.NavMoveFlags & ImGuiNavMoveFlags_Tabbing) &&
             !(g.NavMoveFlags & ImGuiNavMoveFlags_FocusApi)) {
    // ImGui's own Tab request (NavUpdateCreateTabbingRequest): over every widget, and onward from the current one
    // (ImGui would restart from the first text field when no text field is active).
    g.NavMoveFlags |= ImGuiNavMoveFlags_FocusApi;
    if (g.NavTabbingDir == 0 && g.NavId != 0) g.NavTabbingDir = +1;
    dir = g.NavTabbingDir;
    g_nav.skips = 0;
  }
  g_nav.pending_repeat = 0;
  if (dir != 2) {
    g_nav.tabbing = true;
    g_nav.tab_dir = dir;
  }
}

void EndKeyboardNavFrame() {
  ImGuiContext& g = *GImGui;
  if (g_nav.tabbing && g.NavMoveSubmitted && (g.NavMoveFlags & ImGuiNavMoveFlags_Tabbing)) {
    const bool ref_seen = g.NavId != 0 && g.NavIdIsAlive;
    // Only the dashboard's own level exits; inside a popup or a scrolling child region Tab wraps (Escape leaves).
    const bool top_level = g.NavWindow && (!g_nav.root || g.NavWindow->RootWindowForNav == g_nav.root);
    bool wrapped = false;
    if (g_nav.tab_dir > 0) {
      if (!ref_seen) {
        g.NavTabbingCounter = 1;  // the focused widget is gone: start again from the first
      } else {
        wrapped = g.NavTabbingCounter == 1;  // nothing after the focused widget
      }
    } else if (g_nav.tab_dir < 0) {
      wrapped = ref_seen && g.NavMoveScoringItems;  // nothing before the focused widget
    }
    if (wrapped && top_level) {
      ImGui::NavMoveRequestCancel();
      ImGui::ClearActiveID();
      g.NavDisableHighlight = true;
      g_nav.exit = g_nav.tab_dir;
      g_nav.skips = 0;
    } else if (const ImGuiNavItemData* result = ChosenResult()) {
      if ((result->InFlags & kNotAStop) && g_nav.skips < kMaxSkips) {
        g_nav.skips++;
        g_nav.pending_repeat = g_nav.tab_dir == 0 ? +1 : g_nav.tab_dir;
      } else {
        g_nav.skips = 0;
      }
    }
  }

  // The focus ring: drawn here for every widget, since custom widgets (InvisibleButton) draw none themselves.
  g_nav.focus = WidgetRect{};
  if (g.NavId != 0 && g.NavIdIsAlive && !g.NavDisableHighlight && g.NavWindow && !g.NavWindowingTarget) {
    ImGuiWindow* w = g.NavWindow;
    ImRect r = ImGui::WindowRectRelToAbs(w, w->NavRectRel[g.NavLayer]);
    g_nav.focus = WidgetRect{r.Min.x, r.Min.y, r.GetWidth(), r.GetHeight(), true};
    const bool high_contrast = GetDisplayPrefs().theme == ThemeKind::kHighContrast;
    const float thickness = high_contrast ? 3.0f : 2.0f;
    const float distance = 3.0f + thickness * 0.5f;
    r.Expand(ImVec2(distance, distance));
    r.ClipWith(w->InnerClipRect);  // a full-width entry at the window's edge keeps all four sides of its ring
    ImDrawList* dl = ImGui::GetForegroundDrawList();
    const float half = thickness * 0.5f;
    if (r.GetWidth() > thickness * 2 && r.GetHeight() > thickness * 2) {
      dl->AddRect(ImVec2(r.Min.x + half, r.Min.y + half), ImVec2(r.Max.x - half, r.Max.y - half),
                  ImGui::GetColorU32(ImGuiCol_NavHighlight), g.Style.FrameRounding, 0, thickness);
    }
  }
}

int TakeKeyboardExit() {
  const int exit = g_nav.exit;
  g_nav.exit = 0;
  return exit;
}

void EnterKeyboardNav(int direction) {
  if (direction == 0) return;
  g_nav.pending_entry = direction > 0 ? +1 : -1;
  g_nav.pending_repeat = 0;
}

void LeaveKeyboardNav() {
  if (GImGui) GImGui->NavDisableHighlight = true;
  g_nav.pending_repeat = 0;
}

WidgetRect KeyboardFocusRect() { return g_nav.focus; }

bool KeyboardNavPending() { return g_nav.pending_entry != 0 || g_nav.pending_repeat != 0; }

}  // namespace fhl::ui
