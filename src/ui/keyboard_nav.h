// keyboard_nav.h: keyboard-only use of the dashboard on top of ImGui 1.86's navigation: Tab / Shift+Tab visit every
// enabled widget in drawing order (ImGui 1.86 alone only tabs between text fields), Tab past the last widget leaves
// the dashboard (the platform moves the page's focus on), and a focus ring marks the keyboard-focused widget.
// Depends on ImGui (imgui_internal.h) only: no core, no GL, no Emscripten.
#pragma once

#include "ui/widget_registry.h"

namespace fhl::ui {

// Right after ImGui::NewFrame() (Dashboard::Draw calls it): enables ImGuiConfigFlags_NavEnableKeyboard, turns this
// frame's Tab request into one over all widgets, and starts a pending entry or skip. `root_window` is the name of
// the window that holds the dashboard (focused when keyboard focus enters from outside).
void BeginKeyboardNavFrame(const char* root_window = "##firehose-lab");

// After the last widget of the frame: a Tab past the last widget (or Shift+Tab before the first) is cancelled and
// recorded as an exit (TakeKeyboardExit); a Tab that landed on a disabled or non-navigable widget is repeated next
// frame; draws the focus ring around the keyboard-focused widget.
void EndKeyboardNavFrame();

// +1 once after Tab left the dashboard after its last widget, -1 after Shift+Tab left it before its first; else 0.
int TakeKeyboardExit();

// Keyboard focus came into the dashboard from before it (+1: focus the first widget) or from after it (-1: the
// last widget), e.g. the page's Tab order reached the canvas. Takes effect in the next frame.
void EnterKeyboardNav(int direction);

// Keyboard focus left the dashboard (the canvas lost focus): the focus ring is hidden until keys come back.
void LeaveKeyboardNav();

// An entry or a skip still needs frames: keep drawing.
bool KeyboardNavPending();

// The keyboard-focused widget's rectangle in the last frame while its focus ring showed (visible=false otherwise),
// in the same coordinates as FindWidget: tests match it against named widgets.
WidgetRect KeyboardFocusRect();

}  // namespace fhl::ui
