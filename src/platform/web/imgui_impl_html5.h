// imgui_impl_html5.h: Dear ImGui 1.86 platform backend over emscripten/html5.h callbacks (no GLFW/SDL ports):
// mouse, wheel, keyboard + text, touch, canvas size x devicePixelRatio, focus, system clipboard. No GL, no core.
#pragma once

struct ImGui_ImplHtml5_Canvas {
  float css_width = 0, css_height = 0;  // CSS pixels (= ImGui's DisplaySize)
  float device_pixel_ratio = 1;         // = ImGui's DisplayFramebufferScale
  int fb_width = 0, fb_height = 0;      // backing store in device pixels
};

enum ImGui_ImplHtml5_CanvasChange {
  ImGui_ImplHtml5_CanvasResized = 1 << 0,
  ImGui_ImplHtml5_DevicePixelRatioChanged = 1 << 1,
};

// canvas_selector: e.g. "#canvas". wake(user) is called from every input, resize, focus and paste event so the
// owner can restart a stopped animation-frame loop.
bool ImGui_ImplHtml5_Init(const char* canvas_selector, void (*wake)(void* user), void* user);
void ImGui_ImplHtml5_Shutdown();

// Measures the canvas, resizes its backing store to CSS size x devicePixelRatio when needed and sets
// io.DisplaySize / io.DisplayFramebufferScale. Returns ImGui_ImplHtml5_CanvasChange bits. Call it right before
// drawing (resizing the backing store clears it).
int ImGui_ImplHtml5_UpdateCanvas();
const ImGui_ImplHtml5_Canvas& ImGui_ImplHtml5_GetCanvas();

// Sets io.DeltaTime and applies queued input events, at most one state change per mouse button or key per
// frame (a click that arrived between two frames becomes a press then a release), like ImGui 1.87's queue.
void ImGui_ImplHtml5_NewFrame(double now_ms);
// After ImGui::Render(): applies ImGui's mouse cursor to the canvas' CSS cursor.
void ImGui_ImplHtml5_EndFrame();

bool ImGui_ImplHtml5_HasPendingInput();   // events still queued for the next frames
bool ImGui_ImplHtml5_IsInteracting();     // a mouse button, touch or key is held
double ImGui_ImplHtml5_LastInputTime();   // emscripten_get_now() of the last input event, ms

// Keyboard focus and the page, as read by the last ImGui_ImplHtml5_NewFrame: 0 when nothing changed, +1 / -1 when the
// canvas got focus by Tab / Shift+Tab (start ImGui's navigation at the first / last widget), ImGui_ImplHtml5_FocusLeft
// when it lost focus (NewFrame then released every key).
enum { ImGui_ImplHtml5_FocusLeft = 2 };
int ImGui_ImplHtml5_TakeFocusChange();
// Moves the page's focus to the next (+1) or previous (-1) focusable element after the canvas (Tab left ImGui).
void ImGui_ImplHtml5_MoveFocusOut(int direction);

// Writes the system clipboard (navigator.clipboard.writeText) and keeps the text for ImGui's own paste.
void ImGui_ImplHtml5_SetClipboardText(const char* text);
