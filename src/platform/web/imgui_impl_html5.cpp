// imgui_impl_html5.cpp: Dear ImGui 1.86 platform backend on emscripten/html5.h: input events are queued and
// trickled into ImGui per frame; canvas sizing, cursor and clipboard through small EM_JS helpers. No GL, no core.
#include "imgui_impl_html5.h"

#include <emscripten/emscripten.h>
#include <emscripten/html5.h>

#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "imgui.h"

// [SECTION] JS helpers
// clang-format off
EM_JS(void, fhl_html5_js_measure, (const char* selector, float* out), {
  const c = document.querySelector(UTF8ToString(selector));
  const r = c ? c.getBoundingClientRect() : { left: 0, top: 0, width: 0, height: 0 };
  const f = out >> 2;
  HEAPF32[f] = r.left; HEAPF32[f + 1] = r.top; HEAPF32[f + 2] = r.width; HEAPF32[f + 3] = r.height;
  HEAPF32[f + 4] = window.devicePixelRatio || 1;
});
EM_JS(void, fhl_html5_js_set_cursor, (const char* selector, const char* cursor), {
  const c = document.querySelector(UTF8ToString(selector));
  if (c) c.style.cursor = UTF8ToString(cursor);
});
EM_JS(void, fhl_html5_js_clipboard_write, (const char* text), {
  const t = UTF8ToString(text);
  if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(t).catch(() => {});
});
EM_JS(int, fhl_html5_js_paste_length, (), { return lengthBytesUTF8(Module.fhlPasteText || ""); });
EM_JS(void, fhl_html5_js_paste_take, (char* buf, int cap), {
  stringToUTF8(Module.fhlPasteText || "", buf, cap);
  Module.fhlPasteText = "";
});
// Keys reach ImGui only while the canvas has the page's focus (Tab order, click, skip link): elsewhere they belong
// to the page, and ImGui's keyboard navigation must not swallow them.
EM_JS(int, fhl_html5_js_canvas_focused, (const char* selector), {
  const c = document.querySelector(UTF8ToString(selector));
  return c && document.activeElement === c ? 1 : 0;
});
// Keyboard focus entering the canvas by Tab (+1 from before it, -1 by Shift+Tab from after it) or leaving it (2);
// 0 when nothing happened since the last call. Set by the listeners of fhl_html5_js_install and by lab-api.js.
EM_JS(int, fhl_html5_js_take_focus_change, (), {
  const v = Module.fhlFocusChange | 0;
  Module.fhlFocusChange = 0;
  return v;
});
// Tab went past the dashboard's last widget (dir +1) or before its first (-1): focus the page's next (previous)
// focusable element in document order, wrapping around; the canvas just loses focus when it is the only one.
EM_JS(void, fhl_html5_js_move_focus_out, (const char* selector, int dir), {
  const c = document.querySelector(UTF8ToString(selector));
  if (!c) return;
  const sel = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), ' +
              'textarea:not([disabled]), summary, iframe, [tabindex]:not([tabindex="-1"])';
  const all = Array.from(document.querySelectorAll(sel)).filter((el) =>
    el === c || (el.getClientRects().length > 0 && !el.closest('[hidden], [inert]') && el.tabIndex >= 0));
  const i = all.indexOf(c);
  if (all.length < 2 || i < 0) { c.blur(); return; }
  const next = all[(i + (dir > 0 ? 1 : all.length - 1)) % all.length];
  Module.fhlFocusLeaving = true;
  next.focus();
});
EM_JS(int, fhl_html5_js_is_apple, (), {
  return /Mac|iPhone|iPad|iPod/.test(navigator.platform || navigator.userAgent || "") ? 1 : 0;
});
// Paste: the browser only hands clipboard text to a 'paste' event (Ctrl+V, Cmd+V, context menu), so the text is
// kept for GetClipboardTextFn and ImGui gets a synthetic Ctrl+V. devicePixelRatio changes without a resize
// (window moved to another screen) wake the loop through a media query.
EM_JS(void, fhl_html5_js_install, (const char* selector), {
  if (Module.fhlHtml5Installed) return;
  Module.fhlHtml5Installed = true;
  document.addEventListener("paste", (e) => {
    const t = e.clipboardData ? e.clipboardData.getData("text/plain") : "";
    if (!t) return;
    Module.fhlPasteText = t;
    e.preventDefault();
    _fhl_html5_paste();
  });
  const watchDpr = () => {
    const mq = matchMedia("(resolution: " + (window.devicePixelRatio || 1) + "dppx)");
    const onChange = () => { mq.removeEventListener("change", onChange); _fhl_html5_wake(); watchDpr(); };
    mq.addEventListener("change", onChange);
  };
  if (window.matchMedia) watchDpr();
  // Focus entering by Tab / Shift+Tab (the last key before the focus event) starts ImGui's navigation at the first
  // (last) widget; a click or a script focusing the canvas leaves it as it is.
  let lastTab = 0, lastTabAt = -1e9;
  document.addEventListener("keydown", (e) => {
    if (e.key === "Tab") { lastTab = e.shiftKey ? -1 : 1; lastTabAt = performance.now(); } else { lastTabAt = -1e9; }
  }, true);
  const canvas = document.querySelector(UTF8ToString(selector));
  if (canvas) {
    canvas.addEventListener("focus", () => {
      if (performance.now() - lastTabAt < 500 && !Module.fhlFocusLeaving) Module.fhlFocusChange = lastTab;
      lastTabAt = -1e9;
      _fhl_html5_wake();
    });
    canvas.addEventListener("blur", () => { Module.fhlFocusLeaving = false; Module.fhlFocusChange = 2; _fhl_html5_wake(); });
  }
});
// clang-format on

// [SECTION] state
namespace {

enum class EventType : uint8_t { MousePos, MouseButton, Wheel, Key, Char, Focus };

enum Mods : uint8_t { kCtrl = 1, kShift = 2, kAlt = 4, kSuper = 8 };

struct InputEvent {
  EventType type;
  bool down = false;       // MouseButton, Key; Focus: focused
  bool text_key = false;   // Key: the key also produced a character
  uint8_t mods = 0;        // MouseButton, Key
  int code = -1;           // MouseButton: ImGui button; Key: index in io.KeysDown (-1: modifiers only); Char
  float x = 0, y = 0;      // MousePos; Wheel: horizontal, vertical
};

// io.KeysDown indices: DOM keyCode values (0-255) plus one for the keypad's Enter.
constexpr int kKeyTab = 9, kKeyBackspace = 8, kKeyEnter = 13, kKeyShift = 16, kKeyCtrl = 17, kKeyAlt = 18,
              kKeyEscape = 27, kKeySpace = 32, kKeyPageUp = 33, kKeyPageDown = 34, kKeyEnd = 35, kKeyHome = 36,
              kKeyLeft = 37, kKeyUp = 38, kKeyRight = 39, kKeyDown = 40, kKeyInsert = 45, kKeyDelete = 46,
              kKeyMeta = 91, kKeyKeypadEnter = 256 + 13;

enum class TouchState { None, Pending, Pressing, Scrolling };

struct BackendData {
  std::string selector;
  void (*wake)(void*) = nullptr;
  void* wake_user = nullptr;
  std::vector<InputEvent> queue;
  ImGui_ImplHtml5_Canvas canvas;
  float canvas_left = 0, canvas_top = 0;
  double last_frame_ms = -1;
  double last_input_ms = -1e9;
  uint8_t real_mods = 0;           // modifiers as last reported by a real event
  bool buttons_down[3] = {};       // as queued (not yet necessarily applied)
  float pushed_x = -FLT_MAX, pushed_y = -FLT_MAX;  // the last position queued
  TouchState touch = TouchState::None;
  float touch_start_x = 0, touch_start_y = 0, touch_last_x = 0, touch_last_y = 0;
  std::string clipboard;
  ImGuiMouseCursor last_cursor = ImGuiMouseCursor_COUNT;
  bool enter_activates = false;    // Enter went down outside a text field: it presses the focused widget (as Space)
  int focus_change = 0;            // fhl_html5_js_take_focus_change of this frame, for ImGui_ImplHtml5_TakeFocusChange
};

BackendData* g_bd = nullptr;

constexpr float kTouchDragThresholdPx = 6.0f;
constexpr size_t kMaxQueuedEvents = 4096;
constexpr float kTouchScrollPxPerWheelUnit = 75.0f;  // ImGui 1.86 scrolls 5 x font size per wheel unit

void Wake() {
  g_bd->last_input_ms = emscripten_get_now();
  if (g_bd->wake) g_bd->wake(g_bd->wake_user);
}

void Push(const InputEvent& e) {
  // Consecutive mouse moves collapse into one (only the latest position matters), consecutive wheels add up.
  InputEvent* last = g_bd->queue.empty() ? nullptr : &g_bd->queue.back();
  if (last && e.type == EventType::MousePos && last->type == EventType::MousePos) {
    *last = e;
    return;
  }
  if (last && e.type == EventType::Wheel && last->type == EventType::Wheel) {
    last->x += e.x;
    last->y += e.y;
    return;
  }
  // Nothing drains the queue while the WebGL context is lost: keep it bounded.
  if (g_bd->queue.size() >= kMaxQueuedEvents) {
    g_bd->queue.erase(g_bd->queue.begin(), g_bd->queue.begin() + kMaxQueuedEvents / 2);
  }
  g_bd->queue.push_back(e);
}

void PushMousePos(float x, float y) {
  if (x == g_bd->pushed_x && y == g_bd->pushed_y) return;  // wheel and button events repeat the position
  g_bd->pushed_x = x;
  g_bd->pushed_y = y;
  InputEvent e{EventType::MousePos};
  e.x = x;
  e.y = y;
  Push(e);
}

void PushMouseButton(int button, bool down, uint8_t mods) {
  InputEvent e{EventType::MouseButton};
  e.code = button;
  e.down = down;
  e.mods = mods;
  g_bd->buttons_down[button] = down;
  Push(e);
}

void PushKey(int key, bool down, uint8_t mods, bool text_key) {
  InputEvent e{EventType::Key};
  e.code = key;
  e.down = down;
  e.mods = mods;
  e.text_key = text_key;
  Push(e);
}

uint8_t ModsOf(bool ctrl, bool shift, bool alt, bool meta) {
  return static_cast<uint8_t>((ctrl ? kCtrl : 0) | (shift ? kShift : 0) | (alt ? kAlt : 0) | (meta ? kSuper : 0));
}

// [SECTION] mouse, wheel
int ImGuiButton(unsigned short dom_button) {
  switch (dom_button) {
    case 0: return 0;  // left
    case 1: return 2;  // middle
    case 2: return 1;  // right
    default: return -1;
  }
}

EM_BOOL OnMouseDown(int, const EmscriptenMouseEvent* e, void*) {
  const int b = ImGuiButton(e->button);
  if (b < 0) return EM_FALSE;
  g_bd->real_mods = ModsOf(e->ctrlKey, e->shiftKey, e->altKey, e->metaKey);
  PushMousePos(e->clientX - g_bd->canvas_left, e->clientY - g_bd->canvas_top);
  PushMouseButton(b, true, g_bd->real_mods);
  Wake();
  return b == 2 ? EM_TRUE : EM_FALSE;  // no middle-click autoscroll; left/right keep focus behaviour
}

EM_BOOL OnMouseUp(int, const EmscriptenMouseEvent* e, void*) {
  const int b = ImGuiButton(e->button);
  if (b < 0 || !g_bd->buttons_down[b]) return EM_FALSE;  // only releases of presses that began on the canvas
  g_bd->real_mods = ModsOf(e->ctrlKey, e->shiftKey, e->altKey, e->metaKey);
  PushMousePos(e->clientX - g_bd->canvas_left, e->clientY - g_bd->canvas_top);
  PushMouseButton(b, false, g_bd->real_mods);
  Wake();
  return EM_FALSE;
}

EM_BOOL OnMouseMove(int, const EmscriptenMouseEvent* e, void*) {
  PushMousePos(e->clientX - g_bd->canvas_left, e->clientY - g_bd->canvas_top);
  Wake();
  return EM_FALSE;
}

EM_BOOL OnMouseLeave(int, const EmscriptenMouseEvent*, void*) {
  if (!g_bd->buttons_down[0] && !g_bd->buttons_down[1] && !g_bd->buttons_down[2]) {
    PushMousePos(-FLT_MAX, -FLT_MAX);  // nothing stays hovered once the pointer has left
    Wake();
  }
  return EM_FALSE;
}

EM_BOOL OnWheel(int, const EmscriptenWheelEvent* e, void*) {
  // ImGui wheel units are "notches": Chromium reports ~100 px per notch, Firefox 3 lines per notch.
  float per_unit = 100.0f;
  if (e->deltaMode == DOM_DELTA_LINE) per_unit = 3.0f;
  if (e->deltaMode == DOM_DELTA_PAGE) per_unit = 1.0f;
  PushMousePos(e->mouse.clientX - g_bd->canvas_left, e->mouse.clientY - g_bd->canvas_top);
  InputEvent w{EventType::Wheel};
  w.x = static_cast<float>(-e->deltaX / per_unit);
  w.y = static_cast<float>(-e->deltaY / per_unit);
  Push(w);
  Wake();
  return e->mouse.ctrlKey ? EM_FALSE : EM_TRUE;  // Ctrl+wheel stays the browser's zoom
}

// [SECTION] touch: one finger = left mouse button (pressed on tap, or once it moved: a second finger can still
// turn it into a scroll); two fingers dragging = wheel.
EM_BOOL OnTouch(int type, const EmscriptenTouchEvent* e, void*) {
  const bool ending = type == EMSCRIPTEN_EVENT_TOUCHEND || type == EMSCRIPTEN_EVENT_TOUCHCANCEL;
  int active = 0;
  float sx = 0, sy = 0, fx = 0, fy = 0;
  for (int i = 0; i < e->numTouches; i++) {
    const EmscriptenTouchPoint& t = e->touches[i];
    if (ending && t.isChanged) continue;  // this finger lifted
    const float x = t.clientX - g_bd->canvas_left, y = t.clientY - g_bd->canvas_top;
    if (active == 0) fx = x, fy = y;
    sx += x;
    sy += y;
    active++;
  }
  BackendData& bd = *g_bd;
  if (active >= 2) {
    const float cx = sx / active, cy = sy / active;
    if (bd.touch == TouchState::Pressing) PushMouseButton(0, false, 0);
    if (bd.touch != TouchState::Scrolling) {
      bd.touch = TouchState::Scrolling;
    } else {
      PushMousePos(cx, cy);
      InputEvent w{EventType::Wheel};
      w.x = (cx - bd.touch_last_x) / kTouchScrollPxPerWheelUnit;
      w.y = (cy - bd.touch_last_y) / kTouchScrollPxPerWheelUnit;
      Push(w);
    }
    bd.touch_last_x = cx;
    bd.touch_last_y = cy;
  } else if (active == 1) {
    if (bd.touch == TouchState::None) {
      bd.touch = TouchState::Pending;
      bd.touch_start_x = fx;
      bd.touch_start_y = fy;
      PushMousePos(fx, fy);
    } else if (bd.touch == TouchState::Pending) {
      if (std::hypot(fx - bd.touch_start_x, fy - bd.touch_start_y) > kTouchDragThresholdPx) {
        PushMousePos(bd.touch_start_x, bd.touch_start_y);  // the drag grabs what was touched first
        PushMouseButton(0, true, 0);
        PushMousePos(fx, fy);
        bd.touch = TouchState::Pressing;
      }
    } else if (bd.touch == TouchState::Pressing) {
      PushMousePos(fx, fy);
    }
    // Scrolling with one finger left: ignored until every finger lifted.
  } else {
    if (bd.touch == TouchState::Pending && type == EMSCRIPTEN_EVENT_TOUCHEND) {  // a tap
      PushMousePos(bd.touch_start_x, bd.touch_start_y);
      PushMouseButton(0, true, 0);
      PushMouseButton(0, false, 0);
    } else if (bd.touch == TouchState::Pressing) {
      PushMouseButton(0, false, 0);
    }
    PushMousePos(-FLT_MAX, -FLT_MAX);
    bd.touch = TouchState::None;
  }
  Wake();
  return EM_TRUE;  // no emulated mouse events, no browser panning or zooming
}

// [SECTION] keyboard
// Decodes `s` when it is exactly one UTF-8 code point ("a", "é", "→"); 0 for key names ("Enter", "Dead").
uint32_t SingleCodepoint(const char* s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s);
  if (!p[0]) return 0;
  uint32_t c;
  int n;
  if (p[0] < 0x80) c = p[0], n = 1;
  else if ((p[0] & 0xE0) == 0xC0) c = p[0] & 0x1F, n = 2;
  else if ((p[0] & 0xF0) == 0xE0) c = p[0] & 0x0F, n = 3;
  else if ((p[0] & 0xF8) == 0xF0) c = p[0] & 0x07, n = 4;
  else return 0;
  for (int i = 1; i < n; i++) {
    if ((p[i] & 0xC0) != 0x80) return 0;
    c = (c << 6) | (p[i] & 0x3F);
  }
  return p[n] == 0 ? c : 0;
}

int KeyIndex(const EmscriptenKeyboardEvent* e) {
  static const struct {
    const char* name;
    int index;
  } kNamed[] = {
      {"Tab", kKeyTab},         {"Backspace", kKeyBackspace}, {"Enter", kKeyEnter},     {"Escape", kKeyEscape},
      {"PageUp", kKeyPageUp},   {"PageDown", kKeyPageDown},   {"End", kKeyEnd},         {"Home", kKeyHome},
      {"ArrowLeft", kKeyLeft},  {"ArrowUp", kKeyUp},          {"ArrowRight", kKeyRight}, {"ArrowDown", kKeyDown},
      {"Insert", kKeyInsert},   {"Delete", kKeyDelete},       {"Shift", kKeyShift},     {"Control", kKeyCtrl},
      {"Alt", kKeyAlt},         {"Meta", kKeyMeta},           {" ", kKeySpace},
  };
  for (const auto& k : kNamed) {
    if (std::strcmp(e->key, k.name) == 0) {
      return (k.index == kKeyEnter && e->location == DOM_KEY_LOCATION_NUMPAD) ? kKeyKeypadEnter : k.index;
    }
  }
  // Letters and digits by the character they type (layout-aware shortcuts), else by physical key ("KeyZ").
  const uint32_t c = SingleCodepoint(e->key);
  if (c >= 'a' && c <= 'z') return static_cast<int>(c - 'a' + 'A');
  if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return static_cast<int>(c);
  if (std::strncmp(e->code, "Key", 3) == 0 && e->code[3] >= 'A' && e->code[3] <= 'Z' && !e->code[4]) {
    return e->code[3];
  }
  if (e->keyCode > 0 && e->keyCode < 256) return static_cast<int>(e->keyCode);
  return -1;
}

bool IsApple() { return ImGui::GetIO().ConfigMacOSXBehaviors; }

// Whether the browser's default action is suppressed: only while ImGui wants the keyboard, and never for the
// browser's own shortcuts (reload, tabs, zoom, devtools) nor for Ctrl/Cmd+V, which must reach the paste event.
bool ShouldPreventKey(const EmscriptenKeyboardEvent* e, int key, bool text) {
  const ImGuiIO& io = ImGui::GetIO();
  if (!io.WantCaptureKeyboard) return false;
  const bool shortcut = IsApple() ? e->metaKey : (e->ctrlKey && !e->altKey);
  if (e->metaKey || (e->ctrlKey && !e->altKey)) {
    if (!io.WantTextInput || !shortcut) return false;
    return key == 'A' || key == 'C' || key == 'X' || key == 'Y' || key == 'Z';
  }
  switch (key) {
    case kKeyTab: case kKeyBackspace: case kKeyEnter: case kKeyKeypadEnter: case kKeyEscape: case kKeySpace:
    case kKeyPageUp: case kKeyPageDown: case kKeyEnd: case kKeyHome: case kKeyLeft: case kKeyUp:
    case kKeyRight: case kKeyDown: case kKeyInsert: case kKeyDelete:
      return true;
    default:
      return text && io.WantTextInput;
  }
}

EM_BOOL OnKey(int type, const EmscriptenKeyboardEvent* e, void*) {
  const bool down = type == EMSCRIPTEN_EVENT_KEYDOWN;
  // Presses belong to ImGui only while the canvas has focus; releases always arrive (no key stays held).
  if (down && !fhl_html5_js_canvas_focused(g_bd->selector.c_str())) return EM_FALSE;
  const int key = KeyIndex(e);
  g_bd->real_mods = ModsOf(e->ctrlKey, e->shiftKey, e->altKey, e->metaKey);
  const uint32_t c = down ? SingleCodepoint(e->key) : 0;
  // AltGr reports Ctrl+Alt and still types; Cmd and plain Ctrl combinations are shortcuts, not text.
  const bool text = c >= 0x20 && c != 0x7F && !e->metaKey && !(e->ctrlKey && !e->altKey);
  const bool paste_shortcut = key == 'V' && (IsApple() ? e->metaKey : e->ctrlKey);
  if (down && paste_shortcut) {
    // ImGui sees this Ctrl+V only once the browser's 'paste' event delivered the text (fhl_html5_paste).
    PushKey(-1, false, g_bd->real_mods, false);
    Wake();
    return EM_FALSE;
  }
  if (key >= 0 && !(down && e->repeat)) PushKey(key, down, g_bd->real_mods, text);
  if (key < 0) PushKey(-1, false, g_bd->real_mods, false);  // still track modifier changes
  if (text) {
    InputEvent ch{EventType::Char};
    ch.code = static_cast<int>(c);
    Push(ch);
  }
  Wake();
  return down && ShouldPreventKey(e, key, text) ? EM_TRUE : EM_FALSE;
}

// [SECTION] focus, resize, clipboard
EM_BOOL OnFocus(int type, const EmscriptenFocusEvent*, void*) {
  const bool focused = type == EMSCRIPTEN_EVENT_FOCUS;
  if (!focused) {
    // Keys and buttons released while the window had no focus never arrive: release them now.
    for (int b = 0; b < 3; b++) {
      if (g_bd->buttons_down[b]) PushMouseButton(b, false, 0);
    }
    g_bd->real_mods = 0;
  }
  InputEvent f{EventType::Focus};
  f.down = focused;
  Push(f);
  Wake();
  return EM_FALSE;
}

EM_BOOL OnResize(int, const EmscriptenUiEvent*, void*) {
  Wake();
  return EM_FALSE;
}

const char* GetClipboardText(void*) { return g_bd ? g_bd->clipboard.c_str() : ""; }
void SetClipboardText(void*, const char* text) { ImGui_ImplHtml5_SetClipboardText(text); }

const char* CssCursor(ImGuiMouseCursor cursor) {
  switch (cursor) {
    case ImGuiMouseCursor_None: return "none";
    case ImGuiMouseCursor_TextInput: return "text";
    case ImGuiMouseCursor_ResizeAll: return "move";
    case ImGuiMouseCursor_ResizeNS: return "ns-resize";
    case ImGuiMouseCursor_ResizeEW: return "ew-resize";
    case ImGuiMouseCursor_ResizeNESW: return "nesw-resize";
    case ImGuiMouseCursor_ResizeNWSE: return "nwse-resize";
    case ImGuiMouseCursor_Hand: return "pointer";
    case ImGuiMouseCursor_NotAllowed: return "not-allowed";
    default: return "default";
  }
}

void ApplyMods(ImGuiIO& io, uint8_t mods) {
  io.KeyCtrl = mods & kCtrl;
  io.KeyShift = mods & kShift;
  io.KeyAlt = mods & kAlt;
  io.KeySuper = mods & kSuper;
}

}  // namespace

// Called by the 'paste' listener once Module.fhlPasteText holds the text.
extern "C" EMSCRIPTEN_KEEPALIVE void fhl_html5_paste() {
  if (!g_bd) return;
  const int len = fhl_html5_js_paste_length();
  g_bd->clipboard.assign(static_cast<size_t>(len), '\0');
  fhl_html5_js_paste_take(g_bd->clipboard.data(), len + 1);
  const uint8_t shortcut = IsApple() ? kSuper : kCtrl;
  PushKey('V', true, shortcut, false);
  PushKey('V', false, shortcut, false);
  PushKey(-1, false, g_bd->real_mods, false);
  Wake();
}

// Called when devicePixelRatio changed without a resize event, and when the canvas gains or loses focus.
extern "C" EMSCRIPTEN_KEEPALIVE void fhl_html5_wake() {
  if (g_bd) Wake();  // counts as input: the loop draws the next frames (focus changes are read while drawing)
}

// [SECTION] API
bool ImGui_ImplHtml5_Init(const char* canvas_selector, void (*wake)(void*), void* user) {
  ImGuiIO& io = ImGui::GetIO();
  IM_ASSERT(io.BackendPlatformUserData == nullptr && "platform backend already initialised");
  g_bd = IM_NEW(BackendData)();
  g_bd->selector = canvas_selector;
  g_bd->wake = wake;
  g_bd->wake_user = user;
  io.BackendPlatformUserData = g_bd;
  io.BackendPlatformName = "imgui_impl_html5";
  io.BackendFlags |= ImGuiBackendFlags_HasMouseCursors;
  io.ConfigMacOSXBehaviors = fhl_html5_js_is_apple() != 0;
  io.GetClipboardTextFn = GetClipboardText;
  io.SetClipboardTextFn = SetClipboardText;
  io.ClipboardUserData = nullptr;
  io.KeyMap[ImGuiKey_Tab] = kKeyTab;
  io.KeyMap[ImGuiKey_LeftArrow] = kKeyLeft;
  io.KeyMap[ImGuiKey_RightArrow] = kKeyRight;
  io.KeyMap[ImGuiKey_UpArrow] = kKeyUp;
  io.KeyMap[ImGuiKey_DownArrow] = kKeyDown;
  io.KeyMap[ImGuiKey_PageUp] = kKeyPageUp;
  io.KeyMap[ImGuiKey_PageDown] = kKeyPageDown;
  io.KeyMap[ImGuiKey_Home] = kKeyHome;
  io.KeyMap[ImGuiKey_End] = kKeyEnd;
  io.KeyMap[ImGuiKey_Insert] = kKeyInsert;
  io.KeyMap[ImGuiKey_Delete] = kKeyDelete;
  io.KeyMap[ImGuiKey_Backspace] = kKeyBackspace;
  io.KeyMap[ImGuiKey_Space] = kKeySpace;
  io.KeyMap[ImGuiKey_Enter] = kKeyEnter;
  io.KeyMap[ImGuiKey_Escape] = kKeyEscape;
  io.KeyMap[ImGuiKey_KeyPadEnter] = kKeyKeypadEnter;
  io.KeyMap[ImGuiKey_A] = 'A';
  io.KeyMap[ImGuiKey_C] = 'C';
  io.KeyMap[ImGuiKey_V] = 'V';
  io.KeyMap[ImGuiKey_X] = 'X';
  io.KeyMap[ImGuiKey_Y] = 'Y';
  io.KeyMap[ImGuiKey_Z] = 'Z';
  io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);

  const char* canvas = g_bd->selector.c_str();
  const char* win = EMSCRIPTEN_EVENT_TARGET_WINDOW;
  const char* doc = EMSCRIPTEN_EVENT_TARGET_DOCUMENT;
  emscripten_set_mousedown_callback(canvas, nullptr, EM_FALSE, OnMouseDown);
  emscripten_set_mouseup_callback(doc, nullptr, EM_FALSE, OnMouseUp);      // releases outside the canvas too
  emscripten_set_mousemove_callback(doc, nullptr, EM_FALSE, OnMouseMove);  // drags leaving the canvas
  emscripten_set_mouseleave_callback(canvas, nullptr, EM_FALSE, OnMouseLeave);
  emscripten_set_wheel_callback(canvas, nullptr, EM_FALSE, OnWheel);
  emscripten_set_touchstart_callback(canvas, nullptr, EM_FALSE, OnTouch);
  emscripten_set_touchmove_callback(canvas, nullptr, EM_FALSE, OnTouch);
  emscripten_set_touchend_callback(canvas, nullptr, EM_FALSE, OnTouch);
  emscripten_set_touchcancel_callback(canvas, nullptr, EM_FALSE, OnTouch);
  emscripten_set_keydown_callback(win, nullptr, EM_FALSE, OnKey);
  emscripten_set_keyup_callback(win, nullptr, EM_FALSE, OnKey);
  emscripten_set_focus_callback(win, nullptr, EM_FALSE, OnFocus);
  emscripten_set_blur_callback(win, nullptr, EM_FALSE, OnFocus);
  emscripten_set_resize_callback(win, nullptr, EM_FALSE, OnResize);
  fhl_html5_js_install(g_bd->selector.c_str());
  ImGui_ImplHtml5_UpdateCanvas();
  return true;
}

void ImGui_ImplHtml5_Shutdown() {
  if (!g_bd) return;
  emscripten_html5_remove_all_event_listeners();
  ImGuiIO& io = ImGui::GetIO();
  io.BackendPlatformName = nullptr;
  io.BackendPlatformUserData = nullptr;
  io.GetClipboardTextFn = nullptr;
  io.SetClipboardTextFn = nullptr;
  IM_DELETE(g_bd);
  g_bd = nullptr;
}

int ImGui_ImplHtml5_UpdateCanvas() {
  float m[5] = {};
  fhl_html5_js_measure(g_bd->selector.c_str(), m);
  ImGui_ImplHtml5_Canvas& c = g_bd->canvas;
  g_bd->canvas_left = m[0];
  g_bd->canvas_top = m[1];
  const float dpr = m[4] > 0 ? m[4] : 1.0f;
  const int fb_w = static_cast<int>(std::lround(m[2] * dpr));
  const int fb_h = static_cast<int>(std::lround(m[3] * dpr));
  int changed = 0;
  if (dpr != c.device_pixel_ratio) changed |= ImGui_ImplHtml5_DevicePixelRatioChanged;
  if (fb_w != c.fb_width || fb_h != c.fb_height || m[2] != c.css_width || m[3] != c.css_height) {
    changed |= ImGui_ImplHtml5_CanvasResized;
  }
  if (fb_w != c.fb_width || fb_h != c.fb_height) {
    emscripten_set_canvas_element_size(g_bd->selector.c_str(), fb_w, fb_h);
  }
  c.css_width = m[2];
  c.css_height = m[3];
  c.device_pixel_ratio = dpr;
  c.fb_width = fb_w;
  c.fb_height = fb_h;
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(c.css_width, c.css_height);
  io.DisplayFramebufferScale = ImVec2(c.css_width > 0 ? fb_w / c.css_width : dpr,
                                     c.css_height > 0 ? fb_h / c.css_height : dpr);
  return changed;
}

const ImGui_ImplHtml5_Canvas& ImGui_ImplHtml5_GetCanvas() { return g_bd->canvas; }

void ImGui_ImplHtml5_NewFrame(double now_ms) {
  ImGuiIO& io = ImGui::GetIO();
  // Real elapsed time, clamped: after an idle pause a frame must not look like a long hold or a double-click.
  double dt = g_bd->last_frame_ms < 0 ? 1.0 / 60.0 : (now_ms - g_bd->last_frame_ms) / 1000.0;
  if (dt <= 0) dt = 1e-4;
  if (dt > 1.0) dt = 1.0;
  io.DeltaTime = static_cast<float>(dt);
  g_bd->last_frame_ms = now_ms;
  g_bd->focus_change = fhl_html5_js_take_focus_change();
  if (g_bd->focus_change == ImGui_ImplHtml5_FocusLeft) {
    // Releases after the canvas lost focus may never arrive (the guide keeps its keys): nothing stays held.
    io.AddFocusEvent(false);
    g_bd->real_mods = 0;
    g_bd->enter_activates = false;
  }

  // Trickle: stop at the first event that would change a button or key a second time in this frame, or that
  // must be seen after a change already applied (text after a navigation key, a click after typing).
  unsigned buttons_changed = 0;
  bool wheeled = false, text_input = false, nav_key_changed = false;
  std::vector<bool> keys_changed;  // lazily sized
  size_t i = 0;
  for (; i < g_bd->queue.size(); i++) {
    const InputEvent& e = g_bd->queue[i];
    bool stop = false;
    switch (e.type) {
      case EventType::MousePos:
        if (buttons_changed || wheeled) stop = true;
        else io.MousePos = ImVec2(e.x, e.y);
        break;
      case EventType::MouseButton:
        if ((buttons_changed & (1u << e.code)) || wheeled || text_input || nav_key_changed) {
          stop = true;
        } else {
          io.MouseDown[e.code] = e.down;
          ApplyMods(io, e.mods);
          buttons_changed |= 1u << e.code;
        }
        break;
      case EventType::Wheel:
        if (buttons_changed) stop = true;
        else io.MouseWheelH += e.x, io.MouseWheel += e.y, wheeled = true;
        break;
      case EventType::Key:
        if (e.code >= 0) {
          if (keys_changed.empty()) keys_changed.assign(512, false);
          if (io.KeysDown[e.code] != e.down) {
            if (keys_changed[e.code] || buttons_changed || (text_input && !e.text_key)) {
              stop = true;
              break;
            }
            io.KeysDown[e.code] = e.down;
            keys_changed[e.code] = true;
            if (e.code == kKeyEnter || e.code == kKeyKeypadEnter) {
              // ImGui 1.86 presses buttons with Space only; on the web Enter does too, outside text fields.
              g_bd->enter_activates = e.down && !io.WantTextInput && !(e.mods & (kCtrl | kAlt | kSuper));
            }
            if (!e.text_key) nav_key_changed = true;
          }
        }
        ApplyMods(io, e.mods);
        break;
      case EventType::Char:
        if (buttons_changed || nav_key_changed) stop = true;
        else io.AddInputCharacter(static_cast<unsigned>(e.code)), text_input = true;
        break;
      case EventType::Focus:
        io.AddFocusEvent(e.down);
        break;
    }
    if (stop) break;
  }
  g_bd->queue.erase(g_bd->queue.begin(), g_bd->queue.begin() + static_cast<std::ptrdiff_t>(i));
  if (g_bd->enter_activates && (io.KeysDown[kKeyEnter] || io.KeysDown[kKeyKeypadEnter])) {
    io.NavInputs[ImGuiNavInput_Activate] = 1.0f;  // cleared by ImGui::EndFrame
  } else {
    g_bd->enter_activates = false;
  }
}

int ImGui_ImplHtml5_TakeFocusChange() {
  if (!g_bd) return 0;
  const int change = g_bd->focus_change;
  g_bd->focus_change = 0;
  return change;
}

void ImGui_ImplHtml5_MoveFocusOut(int direction) {
  if (g_bd && direction != 0) fhl_html5_js_move_focus_out(g_bd->selector.c_str(), direction);
}

void ImGui_ImplHtml5_EndFrame() {
  const ImGuiIO& io = ImGui::GetIO();
  const ImGuiMouseCursor cursor = io.MouseDrawCursor ? ImGuiMouseCursor_None : ImGui::GetMouseCursor();
  if (cursor != g_bd->last_cursor) {
    g_bd->last_cursor = cursor;
    fhl_html5_js_set_cursor(g_bd->selector.c_str(), CssCursor(cursor));
  }
}

bool ImGui_ImplHtml5_HasPendingInput() { return g_bd && !g_bd->queue.empty(); }

bool ImGui_ImplHtml5_IsInteracting() {
  if (!g_bd) return false;
  return g_bd->buttons_down[0] || g_bd->buttons_down[1] || g_bd->buttons_down[2] ||
         g_bd->touch != TouchState::None;
}

double ImGui_ImplHtml5_LastInputTime() { return g_bd ? g_bd->last_input_ms : -1e9; }

void ImGui_ImplHtml5_SetClipboardText(const char* text) {
  if (!text) return;
  if (g_bd) g_bd->clipboard = text;
  fhl_html5_js_clipboard_write(text);
}
