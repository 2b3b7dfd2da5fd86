#version 300 es
// imgui.vert: Dear ImGui vertex shader for WebGL2 (GLSL ES 3.00), embedded into the page at build time.
// Inputs match ImDrawVert (pos, uv, col as normalized RGBA8); depends on nothing else.
precision highp float;

uniform mat4 ProjMtx;

layout (location = 0) in vec2 Position;
layout (location = 1) in vec2 UV;
layout (location = 2) in vec4 Color;

out vec2 Frag_UV;
out vec4 Frag_Color;

void main() {
  Frag_UV = UV;
  Frag_Color = Color;
  gl_Position = ProjMtx * vec4(Position.xy, 0.0, 1.0);
}
