// fonts.h: the UI's embedded fonts (DejaVu Sans and Sans Mono, subset at build time by cmake/fonts.cmake).
// Depends on the standard library only (no ImGui): the platform layer loads the bytes into ImGui's atlas.
#pragma once

#include <cstddef>
#include <utility>

namespace fhl::ui {

// TrueType bytes, static for the program's lifetime (load with ImFontConfig::FontDataOwnedByAtlas = false).
std::pair<const unsigned char*, size_t> SansFontTtf();
std::pair<const unsigned char*, size_t> MonoFontTtf();

// The code points kept by the subset, as ImGui glyph ranges: pairs of first/last code point, 0-terminated
// (same layout as ImWchar16 ranges). Covers Basic Latin, Latin-1, U+2010-2027 punctuation (incl. the bullet),
// arrows U+2190-2193, triangles U+25B2-25BC, check mark U+2713 and ballot x U+2715.
const unsigned short* FontGlyphRanges();

// How the page loads them: io.Fonts->Fonts[kSansFontIndex] is the default font, Fonts[kMonoFontIndex] the
// monospace one (use it only when io.Fonts->Fonts.Size > kMonoFontIndex: native tests load no fonts).
// Sizes are in CSS pixels; the page rasterises at size x devicePixelRatio and scales back, so text stays crisp.
constexpr int kSansFontIndex = 0;
constexpr int kMonoFontIndex = 1;
constexpr float kSansFontSizePx = 15.0f;
constexpr float kMonoFontSizePx = 14.0f;

}  // namespace fhl::ui
