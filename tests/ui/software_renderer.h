// software_renderer.h: rasterises ImGui draw data on the CPU (textured, vertex-coloured triangles with scissor
// rectangles) and writes PNG files, so UI tests can save screenshots without GL or a browser.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "imgui.h"

namespace fhl::ui::testing {

// The font atlas as RGBA32 (ImGui's texture): call after the atlas is built.
struct SoftwareTexture {
  unsigned char* pixels = nullptr;
  int width = 0, height = 0;
  static SoftwareTexture FromFontAtlas() {
    SoftwareTexture t;
    ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&t.pixels, &t.width, &t.height);
    return t;
  }
};

// RGB pixels (row-major, 3 bytes per pixel) of the rendered frame.
inline std::vector<uint8_t> RenderDrawData(const ImDrawData* data, const SoftwareTexture& tex, int width, int height,
                                           ImU32 clear = IM_COL32(255, 255, 255, 255)) {
  std::vector<float> rgb(static_cast<size_t>(width) * height * 3);
  for (size_t i = 0; i < rgb.size(); i += 3) {
    rgb[i] = static_cast<float>((clear >> IM_COL32_R_SHIFT) & 0xff);
    rgb[i + 1] = static_cast<float>((clear >> IM_COL32_G_SHIFT) & 0xff);
    rgb[i + 2] = static_cast<float>((clear >> IM_COL32_B_SHIFT) & 0xff);
  }
  auto texel = [&](int x, int y) -> float {
    x = std::clamp(x, 0, tex.width - 1);
    y = std::clamp(y, 0, tex.height - 1);
    return tex.pixels[(static_cast<size_t>(y) * tex.width + x) * 4 + 3] / 255.0f;
  };
  auto sample = [&](float u, float v) -> float {  // bilinear alpha of the atlas (white glyphs, textured AA lines)
    float fx = u * tex.width - 0.5f, fy = v * tex.height - 0.5f;
    int x = static_cast<int>(std::floor(fx)), y = static_cast<int>(std::floor(fy));
    float ax = fx - x, ay = fy - y;
    return (texel(x, y) * (1 - ax) + texel(x + 1, y) * ax) * (1 - ay) +
           (texel(x, y + 1) * (1 - ax) + texel(x + 1, y + 1) * ax) * ay;
  };
  for (int l = 0; data && l < data->CmdListsCount; ++l) {
    const ImDrawList* list = data->CmdLists[l];
    for (const ImDrawCmd& cmd : list->CmdBuffer) {
      if (cmd.UserCallback) continue;
      int cx0 = std::max(0, static_cast<int>(cmd.ClipRect.x)), cy0 = std::max(0, static_cast<int>(cmd.ClipRect.y));
      int cx1 = std::min(width, static_cast<int>(std::ceil(cmd.ClipRect.z)));
      int cy1 = std::min(height, static_cast<int>(std::ceil(cmd.ClipRect.w)));
      for (unsigned int e = 0; e + 2 < cmd.ElemCount; e += 3) {
        const ImDrawVert& a = list->VtxBuffer[cmd.VtxOffset + list->IdxBuffer[cmd.IdxOffset + e]];
        const ImDrawVert& b = list->VtxBuffer[cmd.VtxOffset + list->IdxBuffer[cmd.IdxOffset + e + 1]];
        const ImDrawVert& c = list->VtxBuffer[cmd.VtxOffset + list->IdxBuffer[cmd.IdxOffset + e + 2]];
        float area = (b.pos.x - a.pos.x) * (c.pos.y - a.pos.y) - (b.pos.y - a.pos.y) * (c.pos.x - a.pos.x);
        if (std::fabs(area) < 1e-6f) continue;
        int x0 = std::max(cx0, static_cast<int>(std::floor(std::min({a.pos.x, b.pos.x, c.pos.x}))));
        int x1 = std::min(cx1, static_cast<int>(std::ceil(std::max({a.pos.x, b.pos.x, c.pos.x}))));
        int y0 = std::max(cy0, static_cast<int>(std::floor(std::min({a.pos.y, b.pos.y, c.pos.y}))));
        int y1 = std::min(cy1, static_cast<int>(std::ceil(std::max({a.pos.y, b.pos.y, c.pos.y}))));
        bool same_color = a.col == b.col && b.col == c.col;
        for (int y = y0; y < y1; ++y) {
          for (int x = x0; x < x1; ++x) {
            float px = x + 0.5f, py = y + 0.5f;
            float w0 = ((b.pos.x - px) * (c.pos.y - py) - (b.pos.y - py) * (c.pos.x - px)) / area;
            float w1 = ((c.pos.x - px) * (a.pos.y - py) - (c.pos.y - py) * (a.pos.x - px)) / area;
            float w2 = 1.0f - w0 - w1;
            if (w0 < -1e-4f || w1 < -1e-4f || w2 < -1e-4f) continue;
            float u = w0 * a.uv.x + w1 * b.uv.x + w2 * c.uv.x;
            float v = w0 * a.uv.y + w1 * b.uv.y + w2 * c.uv.y;
            float col[4];
            if (same_color) {
              for (int k = 0; k < 4; ++k) col[k] = static_cast<float>((a.col >> (8 * k)) & 0xff);
            } else {
              for (int k = 0; k < 4; ++k)
                col[k] = w0 * ((a.col >> (8 * k)) & 0xff) + w1 * ((b.col >> (8 * k)) & 0xff) + w2 * ((c.col >> (8 * k)) & 0xff);
            }
            float alpha = col[3] / 255.0f * sample(u, v);
            if (alpha <= 0) continue;
            float* p = &rgb[(static_cast<size_t>(y) * width + x) * 3];
            for (int k = 0; k < 3; ++k) p[k] = p[k] * (1 - alpha) + col[k] * alpha;
          }
        }
      }
    }
  }
  std::vector<uint8_t> out(rgb.size());
  for (size_t i = 0; i < rgb.size(); ++i) out[i] = static_cast<uint8_t>(std::clamp(rgb[i] + 0.5f, 0.0f, 255.0f));
  return out;
}

// Minimal PNG writer: 8-bit RGB, zlib "stored" blocks (no compression library needed).
inline bool WritePng(const std::string& path, const std::vector<uint8_t>& rgb, int width, int height) {
  auto crc32 = [](const uint8_t* p, size_t n, uint32_t crc) {
    static uint32_t table[256];
    static bool init = false;
    if (!init) {
      for (uint32_t i = 0; i < 256; ++i) {
        uint32_t c = i;
        for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
      }
      init = true;
    }
    crc = ~crc;
    for (size_t i = 0; i < n; ++i) crc = table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
    return ~crc;
  };
  auto be32 = [](std::vector<uint8_t>& v, uint32_t x) {
    for (int s = 24; s >= 0; s -= 8) v.push_back(static_cast<uint8_t>(x >> s));
  };
  std::vector<uint8_t> raw;
  raw.reserve(static_cast<size_t>(height) * (width * 3 + 1));
  for (int y = 0; y < height; ++y) {
    raw.push_back(0);
    raw.insert(raw.end(), rgb.begin() + static_cast<long>(y) * width * 3, rgb.begin() + static_cast<long>(y + 1) * width * 3);
  }
  std::vector<uint8_t> z = {0x78, 0x01};
  uint32_t s1 = 1, s2 = 0;
  for (uint8_t b : raw) {
    s1 = (s1 + b) % 65521;
    s2 = (s2 + s1) % 65521;
  }
  for (size_t pos = 0; pos < raw.size() || pos == 0;) {
    size_t n = std::min<size_t>(65535, raw.size() - pos);
    bool last = pos + n >= raw.size();
    z.push_back(last ? 1 : 0);
    z.push_back(static_cast<uint8_t>(n & 0xff));
    z.push_back(static_cast<uint8_t>(n >> 8));
    z.push_back(static_cast<uint8_t>(~n & 0xff));
    z.push_back(static_cast<uint8_t>((~n >> 8) & 0xff));
    z.insert(z.end(), raw.begin() + static_cast<long>(pos), raw.begin() + static_cast<long>(pos + n));
    pos += n;
    if (last) break;
  }
  be32(z, (s2 << 16) | s1);
  std::vector<uint8_t> png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  auto chunk = [&](const char* type, const std::vector<uint8_t>& payload) {
    be32(png, static_cast<uint32_t>(payload.size()));
    size_t start = png.size();
    png.insert(png.end(), type, type + 4);
    png.insert(png.end(), payload.begin(), payload.end());
    be32(png, crc32(png.data() + start, png.size() - start, 0));
  };
  std::vector<uint8_t> ihdr;
  be32(ihdr, static_cast<uint32_t>(width));
  be32(ihdr, static_cast<uint32_t>(height));
  ihdr.insert(ihdr.end(), {8, 2, 0, 0, 0});
  chunk("IHDR", ihdr);
  chunk("IDAT", z);
  chunk("IEND", {});
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return false;
  bool ok = std::fwrite(png.data(), 1, png.size(), f) == png.size();
  std::fclose(f);
  return ok;
}

// Renders the draw data of the last ImGui frame and writes it to path as a PNG; true when the file was written.
inline bool SaveLastFrame(const SoftwareTexture& texture, int width, int height, const std::string& path) {
  return WritePng(path, RenderDrawData(ImGui::GetDrawData(), texture, width, height), width, height);
}

}  // namespace fhl::ui::testing
