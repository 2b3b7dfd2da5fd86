// imgui_impl_webgl2.cpp: Dear ImGui 1.86 draw data -> WebGL2: one program, one VAO, grow-only VBO/EBO, RGBA font
// texture, straight-alpha blending, scissor in framebuffer pixels. Depends on ImGui and GLES3 only.
#include "imgui_impl_webgl2.h"

#include <GLES3/gl3.h>

#include <cstdint>
#include <cstdio>

#include "imgui.h"
#include "imgui_shaders.h"

// [SECTION] state
namespace {

struct RendererData {
  GLuint program = 0;
  GLint loc_tex = -1;
  GLint loc_proj = -1;
  GLuint vao = 0;
  GLuint vbo = 0;
  GLuint ebo = 0;
  GLsizeiptr vbo_capacity = 0;  // bytes
  GLsizeiptr ebo_capacity = 0;
  GLuint font_texture = 0;
  bool context_lost = false;
};

RendererData* Data() {
  return ImGui::GetCurrentContext() ? static_cast<RendererData*>(ImGui::GetIO().BackendRendererUserData) : nullptr;
}

GLuint ToGl(ImTextureID id) { return static_cast<GLuint>(reinterpret_cast<intptr_t>(id)); }
ImTextureID ToImTexture(GLuint id) { return reinterpret_cast<ImTextureID>(static_cast<intptr_t>(id)); }

// [SECTION] device objects
GLuint CompileShader(GLenum type, const char* source) {
  GLuint shader = glCreateShader(type);
  glShaderSource(shader, 1, &source, nullptr);
  glCompileShader(shader);
  GLint ok = 0;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    char log[512] = {};
    glGetShaderInfoLog(shader, sizeof(log), nullptr, log);
    std::fprintf(stderr, "imgui_impl_webgl2: %s shader failed: %s\n",
                 type == GL_VERTEX_SHADER ? "vertex" : "fragment", log);
    glDeleteShader(shader);
    return 0;
  }
  return shader;
}

bool CreateProgram(RendererData* bd) {
  GLuint vs = CompileShader(GL_VERTEX_SHADER, fhl::web::kImGuiVertexShader);
  GLuint fs = CompileShader(GL_FRAGMENT_SHADER, fhl::web::kImGuiFragmentShader);
  if (!vs || !fs) {
    if (vs) glDeleteShader(vs);
    if (fs) glDeleteShader(fs);
    return false;
  }
  GLuint program = glCreateProgram();
  glAttachShader(program, vs);
  glAttachShader(program, fs);
  glLinkProgram(program);
  glDeleteShader(vs);
  glDeleteShader(fs);
  GLint ok = 0;
  glGetProgramiv(program, GL_LINK_STATUS, &ok);
  if (!ok) {
    char log[512] = {};
    glGetProgramInfoLog(program, sizeof(log), nullptr, log);
    std::fprintf(stderr, "imgui_impl_webgl2: program link failed: %s\n", log);
    glDeleteProgram(program);
    return false;
  }
  bd->program = program;
  bd->loc_tex = glGetUniformLocation(program, "Texture");
  bd->loc_proj = glGetUniformLocation(program, "ProjMtx");

  // One VAO describing ImDrawVert in the VBO; attribute offsets are re-pointed per draw list (WebGL2 has no
  // glDrawElementsBaseVertex, so each list's vertices start at its own byte offset).
  glGenVertexArrays(1, &bd->vao);
  glGenBuffers(1, &bd->vbo);
  glGenBuffers(1, &bd->ebo);
  glBindVertexArray(bd->vao);
  glBindBuffer(GL_ARRAY_BUFFER, bd->vbo);
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, bd->ebo);
  glEnableVertexAttribArray(0);
  glEnableVertexAttribArray(1);
  glEnableVertexAttribArray(2);
  glBindVertexArray(0);
  bd->vbo_capacity = 0;
  bd->ebo_capacity = 0;
  return true;
}

bool CreateFontsTexture(RendererData* bd) {
  ImGuiIO& io = ImGui::GetIO();
  unsigned char* pixels = nullptr;
  int width = 0, height = 0;
  io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
  if (!pixels) return false;
  glGenTextures(1, &bd->font_texture);
  glBindTexture(GL_TEXTURE_2D, bd->font_texture);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
  glBindTexture(GL_TEXTURE_2D, 0);
  io.Fonts->SetTexID(ToImTexture(bd->font_texture));
  // The RGBA copy is only needed for the upload (the atlas keeps its glyph tables).
  io.Fonts->ClearTexData();
  return true;
}

void DeleteDeviceObjects(RendererData* bd, bool context_alive) {
  if (context_alive) {
    if (bd->font_texture) glDeleteTextures(1, &bd->font_texture);
    if (bd->vao) glDeleteVertexArrays(1, &bd->vao);
    if (bd->vbo) glDeleteBuffers(1, &bd->vbo);
    if (bd->ebo) glDeleteBuffers(1, &bd->ebo);
    if (bd->program) glDeleteProgram(bd->program);
  }
  bd->font_texture = bd->vao = bd->vbo = bd->ebo = bd->program = 0;
  bd->vbo_capacity = bd->ebo_capacity = 0;
  if (ImGui::GetCurrentContext()) ImGui::GetIO().Fonts->SetTexID(ImTextureID());
}

// [SECTION] render state
void SetupRenderState(RendererData* bd, ImDrawData* draw_data, int fb_width, int fb_height) {
  glEnable(GL_BLEND);
  glBlendEquation(GL_FUNC_ADD);
  // ImGui's colours are straight alpha; the canvas is opaque, so the destination alpha does not matter.
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glDisable(GL_CULL_FACE);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_STENCIL_TEST);
  glEnable(GL_SCISSOR_TEST);
  glViewport(0, 0, fb_width, fb_height);

  const float l = draw_data->DisplayPos.x;
  const float r = draw_data->DisplayPos.x + draw_data->DisplaySize.x;
  const float t = draw_data->DisplayPos.y;
  const float b = draw_data->DisplayPos.y + draw_data->DisplaySize.y;
  const float ortho[4][4] = {
      {2.0f / (r - l), 0.0f, 0.0f, 0.0f},
      {0.0f, 2.0f / (t - b), 0.0f, 0.0f},
      {0.0f, 0.0f, -1.0f, 0.0f},
      {(r + l) / (l - r), (t + b) / (b - t), 0.0f, 1.0f},
  };
  glUseProgram(bd->program);
  glUniform1i(bd->loc_tex, 0);
  glUniformMatrix4fv(bd->loc_proj, 1, GL_FALSE, &ortho[0][0]);
  glActiveTexture(GL_TEXTURE0);
  glBindVertexArray(bd->vao);
}

void PointAttributes(size_t vtx_byte_offset) {
  const GLsizei stride = sizeof(ImDrawVert);
  const char* base = reinterpret_cast<const char*>(vtx_byte_offset);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, stride, base + IM_OFFSETOF(ImDrawVert, pos));
  glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, stride, base + IM_OFFSETOF(ImDrawVert, uv));
  glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, stride, base + IM_OFFSETOF(ImDrawVert, col));
}

// Grow-only buffers: one bufferData when the frame needs more room, then bufferSubData per draw list.
void EnsureCapacity(GLenum target, GLsizeiptr needed, GLsizeiptr* capacity) {
  if (needed <= *capacity) return;
  GLsizeiptr size = *capacity ? *capacity : 64 * 1024;
  while (size < needed) size += size / 2;
  glBufferData(target, size, nullptr, GL_STREAM_DRAW);
  *capacity = size;
}

}  // namespace

// [SECTION] API
bool ImGui_ImplWebGL2_Init() {
  ImGuiIO& io = ImGui::GetIO();
  IM_ASSERT(io.BackendRendererUserData == nullptr && "renderer backend already initialised");
  io.BackendRendererUserData = IM_NEW(RendererData)();
  io.BackendRendererName = "imgui_impl_webgl2";
  // No ImGuiBackendFlags_RendererHasVtxOffset: WebGL2 cannot offset base vertices with 16-bit indices.
  return true;
}

void ImGui_ImplWebGL2_Shutdown() {
  RendererData* bd = Data();
  if (!bd) return;
  DeleteDeviceObjects(bd, !bd->context_lost);
  ImGuiIO& io = ImGui::GetIO();
  io.BackendRendererName = nullptr;
  io.BackendRendererUserData = nullptr;
  IM_DELETE(bd);
}

bool ImGui_ImplWebGL2_NewFrame() {
  RendererData* bd = Data();
  if (!bd || bd->context_lost) return false;
  if (!bd->program && !CreateProgram(bd)) return false;
  if (!bd->font_texture && !CreateFontsTexture(bd)) return false;
  return true;
}

void ImGui_ImplWebGL2_InvalidateFontsTexture() {
  RendererData* bd = Data();
  if (!bd) return;
  if (bd->font_texture && !bd->context_lost) glDeleteTextures(1, &bd->font_texture);
  bd->font_texture = 0;
  ImGui::GetIO().Fonts->SetTexID(ImTextureID());
}

void ImGui_ImplWebGL2_ContextLost() {
  RendererData* bd = Data();
  if (!bd) return;
  bd->context_lost = true;
  DeleteDeviceObjects(bd, false);
}

void ImGui_ImplWebGL2_ContextRestored() {
  RendererData* bd = Data();
  if (!bd) return;
  bd->context_lost = false;
  DeleteDeviceObjects(bd, false);  // handles from before the loss are meaningless now
  // The atlas' RGBA copy was released after the first upload; GetTexDataAsRGBA32 rebuilds it from the glyphs.
}

bool ImGui_ImplWebGL2_IsContextLost() {
  RendererData* bd = Data();
  return bd && bd->context_lost;
}

void ImGui_ImplWebGL2_RenderDrawData(ImDrawData* draw_data) {
  RendererData* bd = Data();
  if (!bd || bd->context_lost || !bd->program) return;
  const int fb_width = static_cast<int>(draw_data->DisplaySize.x * draw_data->FramebufferScale.x + 0.5f);
  const int fb_height = static_cast<int>(draw_data->DisplaySize.y * draw_data->FramebufferScale.y + 0.5f);
  if (fb_width <= 0 || fb_height <= 0) return;

  SetupRenderState(bd, draw_data, fb_width, fb_height);

  // Upload every list once into the shared buffers.
  glBindBuffer(GL_ARRAY_BUFFER, bd->vbo);
  EnsureCapacity(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(draw_data->TotalVtxCount) * sizeof(ImDrawVert),
                 &bd->vbo_capacity);
  EnsureCapacity(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(draw_data->TotalIdxCount) * sizeof(ImDrawIdx),
                 &bd->ebo_capacity);  // the VAO (bound) holds the element buffer binding
  {
    size_t vtx_bytes = 0, idx_bytes = 0;
    for (int n = 0; n < draw_data->CmdListsCount; n++) {
      const ImDrawList* list = draw_data->CmdLists[n];
      const size_t vb = static_cast<size_t>(list->VtxBuffer.Size) * sizeof(ImDrawVert);
      const size_t ib = static_cast<size_t>(list->IdxBuffer.Size) * sizeof(ImDrawIdx);
      if (vb) glBufferSubData(GL_ARRAY_BUFFER, vtx_bytes, vb, list->VtxBuffer.Data);
      if (ib) glBufferSubData(GL_ELEMENT_ARRAY_BUFFER, idx_bytes, ib, list->IdxBuffer.Data);
      vtx_bytes += vb;
      idx_bytes += ib;
    }
  }

  const ImVec2 clip_off = draw_data->DisplayPos;
  const ImVec2 clip_scale = draw_data->FramebufferScale;
  const GLenum idx_type = sizeof(ImDrawIdx) == 2 ? GL_UNSIGNED_SHORT : GL_UNSIGNED_INT;
  size_t vtx_base = 0, idx_base = 0;
  GLuint bound_texture = 0;
  for (int n = 0; n < draw_data->CmdListsCount; n++) {
    const ImDrawList* list = draw_data->CmdLists[n];
    PointAttributes(vtx_base);
    for (int i = 0; i < list->CmdBuffer.Size; i++) {
      const ImDrawCmd* cmd = &list->CmdBuffer[i];
      if (cmd->UserCallback) {
        if (cmd->UserCallback == ImDrawCallback_ResetRenderState) {
          SetupRenderState(bd, draw_data, fb_width, fb_height);
          PointAttributes(vtx_base);
          bound_texture = 0;
        } else {
          cmd->UserCallback(list, cmd);
        }
        continue;
      }
      // Clip rectangle in framebuffer pixels, clamped to the framebuffer; glScissor's origin is bottom-left.
      ImVec2 clip_min((cmd->ClipRect.x - clip_off.x) * clip_scale.x, (cmd->ClipRect.y - clip_off.y) * clip_scale.y);
      ImVec2 clip_max((cmd->ClipRect.z - clip_off.x) * clip_scale.x, (cmd->ClipRect.w - clip_off.y) * clip_scale.y);
      if (clip_min.x < 0.0f) clip_min.x = 0.0f;
      if (clip_min.y < 0.0f) clip_min.y = 0.0f;
      if (clip_max.x > fb_width) clip_max.x = static_cast<float>(fb_width);
      if (clip_max.y > fb_height) clip_max.y = static_cast<float>(fb_height);
      if (clip_max.x <= clip_min.x || clip_max.y <= clip_min.y) continue;
      glScissor(static_cast<int>(clip_min.x), static_cast<int>(fb_height - clip_max.y),
                static_cast<int>(clip_max.x - clip_min.x), static_cast<int>(clip_max.y - clip_min.y));
      const GLuint texture = ToGl(cmd->GetTexID());
      if (texture != bound_texture) {
        glBindTexture(GL_TEXTURE_2D, texture);
        bound_texture = texture;
      }
      glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(cmd->ElemCount), idx_type,
                     reinterpret_cast<const void*>(idx_base + cmd->IdxOffset * sizeof(ImDrawIdx)));
    }
    vtx_base += static_cast<size_t>(list->VtxBuffer.Size) * sizeof(ImDrawVert);
    idx_base += static_cast<size_t>(list->IdxBuffer.Size) * sizeof(ImDrawIdx);
  }
  glBindVertexArray(0);
  glDisable(GL_SCISSOR_TEST);
}
