// imgui_impl_webgl2.h: Dear ImGui 1.86 renderer backend for WebGL2 (GLES3/gl3.h through Emscripten).
// Depends on ImGui and GLES3 only (no html5 input, no core); shaders come from the generated imgui_shaders.h.
#pragma once

struct ImDrawData;

// Call with the WebGL2 context current. Creates shaders, buffers and the font texture lazily (first NewFrame).
bool ImGui_ImplWebGL2_Init();
void ImGui_ImplWebGL2_Shutdown();
// Creates missing device objects (first frame, after the font atlas changed, after a context restore).
// Returns false when they cannot be created (context lost): skip the frame's rendering then.
bool ImGui_ImplWebGL2_NewFrame();
void ImGui_ImplWebGL2_RenderDrawData(ImDrawData* draw_data);

// Font atlas changed (e.g. rebuilt for a new devicePixelRatio): re-upload the texture at the next NewFrame.
void ImGui_ImplWebGL2_InvalidateFontsTexture();
// The context was lost: forget every GL handle without deleting it (they are dead) and draw nothing until
// ImGui_ImplWebGL2_ContextRestored(); then everything is recreated at the next NewFrame.
void ImGui_ImplWebGL2_ContextLost();
void ImGui_ImplWebGL2_ContextRestored();
bool ImGui_ImplWebGL2_IsContextLost();
