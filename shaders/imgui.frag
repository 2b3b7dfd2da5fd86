#version 300 es
// imgui.frag: Dear ImGui fragment shader for WebGL2 (GLSL ES 3.00): vertex colour x texture, straight alpha
// (blended with SRC_ALPHA / ONE_MINUS_SRC_ALPHA by the renderer). Embedded at build time; depends on nothing else.
precision mediump float;

uniform sampler2D Texture;

in vec2 Frag_UV;
in vec4 Frag_Color;

layout (location = 0) out vec4 Out_Color;

void main() {
  Out_Color = Frag_Color * texture(Texture, Frag_UV.st);
}
