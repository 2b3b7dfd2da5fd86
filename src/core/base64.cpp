// base64.cpp: table-driven encoder and strict decoder.
#include "core/base64.h"

#include <array>
#include <cstdint>

namespace fhl {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::array<int8_t, 256> MakeDecodeTable() {
  std::array<int8_t, 256> table{};
  for (auto& v : table) v = -1;
  for (int i = 0; i < 64; ++i) table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<int8_t>(i);
  return table;
}
constexpr std::array<int8_t, 256> kDecode = MakeDecodeTable();

}  // namespace

std::string Base64Encode(std::string_view bytes) {
  std::string out;
  out.resize((bytes.size() + 2) / 3 * 4);
  size_t o = 0, i = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t v = (p[i] << 16) | (p[i + 1] << 8) | p[i + 2];
    out[o++] = kAlphabet[v >> 18];
    out[o++] = kAlphabet[(v >> 12) & 63];
    out[o++] = kAlphabet[(v >> 6) & 63];
    out[o++] = kAlphabet[v & 63];
  }
  const size_t rest = bytes.size() - i;
  if (rest > 0) {
    uint32_t v = p[i] << 16;
    if (rest == 2) v |= p[i + 1] << 8;
    out[o++] = kAlphabet[v >> 18];
    out[o++] = kAlphabet[(v >> 12) & 63];
    out[o++] = rest == 2 ? kAlphabet[(v >> 6) & 63] : '=';
    out[o++] = '=';
  }
  return out;
}

std::optional<size_t> Base64DecodedSize(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  if (text.empty()) return 0;
  size_t pad = 0;
  if (text.back() == '=') ++pad;
  if (text.size() >= 2 && text[text.size() - 2] == '=') ++pad;
  return text.size() / 4 * 3 - pad;
}

std::optional<std::string> Base64Decode(std::string_view text) {
  const auto size = Base64DecodedSize(text);
  if (!size) return std::nullopt;
  std::string out;
  out.resize(*size);
  size_t o = 0;
  for (size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    int8_t a = kDecode[static_cast<unsigned char>(text[i])];
    int8_t b = kDecode[static_cast<unsigned char>(text[i + 1])];
    const char c3 = text[i + 2], c4 = text[i + 3];
    int8_t c = c3 == '=' && last ? 0 : kDecode[static_cast<unsigned char>(c3)];
    int8_t d = c4 == '=' && last ? 0 : kDecode[static_cast<unsigned char>(c4)];
    if (a < 0 || b < 0 || c < 0 || d < 0) return std::nullopt;
    if (c3 == '=' && c4 != '=') return std::nullopt;
    const uint32_t v = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = static_cast<char>(v >> 16);
    if (o < out.size()) out[o++] = static_cast<char>((v >> 8) & 0xFF);
    if (o < out.size()) out[o++] = static_cast<char>(v & 0xFF);
  }
  return out;
}

}  // namespace fhl
