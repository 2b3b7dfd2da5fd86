// md5.cpp: RFC 1321 MD5 with the 64 steps unrolled; one pass over the input, no allocation besides the result.
// Must not depend on anything but the standard library (byte order handled explicitly, so it is endian-neutral).
#include "core/md5.h"

#include <cstring>

namespace fhl {
namespace {

inline uint32_t LoadLe32(const unsigned char* p) {
  return static_cast<uint32_t>(p[0]) | (static_cast<uint32_t>(p[1]) << 8) | (static_cast<uint32_t>(p[2]) << 16) |
         (static_cast<uint32_t>(p[3]) << 24);
}

inline uint32_t RotateLeft(uint32_t x, int bits) { return (x << bits) | (x >> (32 - bits)); }

// The four auxiliary functions of RFC 1321 section 3.4 (F and G in their cheaper equivalent forms).
#define FHL_MD5_F(x, y, z) ((z) ^ ((x) & ((y) ^ (z))))
#define FHL_MD5_G(x, y, z) ((y) ^ ((z) & ((x) ^ (y))))
#define FHL_MD5_H(x, y, z) ((x) ^ (y) ^ (z))
#define FHL_MD5_I(x, y, z) ((y) ^ ((x) | ~(z)))
#define FHL_MD5_STEP(f, a, b, c, d, x, t, s) \
  (a) += f((b), (c), (d)) + (x) + (t);       \
  (a) = RotateLeft((a), (s)) + (b)

// Processes whole 64-byte blocks.
void ProcessBlocks(uint32_t state[4], const unsigned char* data, size_t block_count) {
  uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
  for (size_t block = 0; block < block_count; ++block, data += 64) {
    uint32_t x[16];
    for (int i = 0; i < 16; ++i) x[i] = LoadLe32(data + 4 * i);
    const uint32_t aa = a, bb = b, cc = c, dd = d;

    // Round 1
    FHL_MD5_STEP(FHL_MD5_F, a, b, c, d, x[0], 0xd76aa478, 7);
    FHL_MD5_STEP(FHL_MD5_F, d, a, b, c, x[1], 0xe8c7b756, 12);
    FHL_MD5_STEP(FHL_MD5_F, c, d, a, b, x[2], 0x242070db, 17);
    FHL_MD5_STEP(FHL_MD5_F, b, c, d, a, x[3], 0xc1bdceee, 22);
    FHL_MD5_STEP(FHL_MD5_F, a, b, c, d, x[4], 0xf57c0faf, 7);
    FHL_MD5_STEP(FHL_MD5_F, d, a, b, c, x[5], 0x4787c62a, 12);
    FHL_MD5_STEP(FHL_MD5_F, c, d, a, b, x[6], 0xa8304613, 17);
    FHL_MD5_STEP(FHL_MD5_F, b, c, d, a, x[7], 0xfd469501, 22);
    FHL_MD5_STEP(FHL_MD5_F, a, b, c, d, x[8], 0x698098d8, 7);
    FHL_MD5_STEP(FHL_MD5_F, d, a, b, c, x[9], 0x8b44f7af, 12);
    FHL_MD5_STEP(FHL_MD5_F, c, d, a, b, x[10], 0xffff5bb1, 17);
    FHL_MD5_STEP(FHL_MD5_F, b, c, d, a, x[11], 0x895cd7be, 22);
    FHL_MD5_STEP(FHL_MD5_F, a, b, c, d, x[12], 0x6b901122, 7);
    FHL_MD5_STEP(FHL_MD5_F, d, a, b, c, x[13], 0xfd987193, 12);
    FHL_MD5_STEP(FHL_MD5_F, c, d, a, b, x[14], 0xa679438e, 17);
    FHL_MD5_STEP(FHL_MD5_F, b, c, d, a, x[15], 0x49b40821, 22);

    // Round 2
    FHL_MD5_STEP(FHL_MD5_G, a, b, c, d, x[1], 0xf61e2562, 5);
    FHL_MD5_STEP(FHL_MD5_G, d, a, b, c, x[6], 0xc040b340, 9);
    FHL_MD5_STEP(FHL_MD5_G, c, d, a, b, x[11], 0x265e5a51, 14);
    FHL_MD5_STEP(FHL_MD5_G, b, c, d, a, x[0], 0xe9b6c7aa, 20);
    FHL_MD5_STEP(FHL_MD5_G, a, b, c, d, x[5], 0xd62f105d, 5);
    FHL_MD5_STEP(FHL_MD5_G, d, a, b, c, x[10], 0x02441453, 9);
    FHL_MD5_STEP(FHL_MD5_G, c, d, a, b, x[15], 0xd8a1e681, 14);
    FHL_MD5_STEP(FHL_MD5_G, b, c, d, a, x[4], 0xe7d3fbc8, 20);
    FHL_MD5_STEP(FHL_MD5_G, a, b, c, d, x[9], 0x21e1cde6, 5);
    FHL_MD5_STEP(FHL_MD5_G, d, a, b, c, x[14], 0xc33707d6, 9);
    FHL_MD5_STEP(FHL_MD5_G, c, d, a, b, x[3], 0xf4d50d87, 14);
    FHL_MD5_STEP(FHL_MD5_G, b, c, d, a, x[8], 0x455a14ed, 20);
    FHL_MD5_STEP(FHL_MD5_G, a, b, c, d, x[13], 0xa9e3e905, 5);
    FHL_MD5_STEP(FHL_MD5_G, d, a, b, c, x[2], 0xfcefa3f8, 9);
    FHL_MD5_STEP(FHL_MD5_G, c, d, a, b, x[7], 0x676f02d9, 14);
    FHL_MD5_STEP(FHL_MD5_G, b, c, d, a, x[12], 0x8d2a4c8a, 20);

    // Round 3
    FHL_MD5_STEP(FHL_MD5_H, a, b, c, d, x[5], 0xfffa3942, 4);
    FHL_MD5_STEP(FHL_MD5_H, d, a, b, c, x[8], 0x8771f681, 11);
    FHL_MD5_STEP(FHL_MD5_H, c, d, a, b, x[11], 0x6d9d6122, 16);
    FHL_MD5_STEP(FHL_MD5_H, b, c, d, a, x[14], 0xfde5380c, 23);
    FHL_MD5_STEP(FHL_MD5_H, a, b, c, d, x[1], 0xa4beea44, 4);
    FHL_MD5_STEP(FHL_MD5_H, d, a, b, c, x[4], 0x4bdecfa9, 11);
    FHL_MD5_STEP(FHL_MD5_H, c, d, a, b, x[7], 0xf6bb4b60, 16);
    FHL_MD5_STEP(FHL_MD5_H, b, c, d, a, x[10], 0xbebfbc70, 23);
    FHL_MD5_STEP(FHL_MD5_H, a, b, c, d, x[13], 0x289b7ec6, 4);
    FHL_MD5_STEP(FHL_MD5_H, d, a, b, c, x[0], 0xeaa127fa, 11);
    FHL_MD5_STEP(FHL_MD5_H, c, d, a, b, x[3], 0xd4ef3085, 16);
    FHL_MD5_STEP(FHL_MD5_H, b, c, d, a, x[6], 0x04881d05, 23);
    FHL_MD5_STEP(FHL_MD5_H, a, b, c, d, x[9], 0xd9d4d039, 4);
    FHL_MD5_STEP(FHL_MD5_H, d, a, b, c, x[12], 0xe6db99e5, 11);
    FHL_MD5_STEP(FHL_MD5_H, c, d, a, b, x[15], 0x1fa27cf8, 16);
    FHL_MD5_STEP(FHL_MD5_H, b, c, d, a, x[2], 0xc4ac5665, 23);

    // Round 4
    FHL_MD5_STEP(FHL_MD5_I, a, b, c, d, x[0], 0xf4292244, 6);
    FHL_MD5_STEP(FHL_MD5_I, d, a, b, c, x[7], 0x432aff97, 10);
    FHL_MD5_STEP(FHL_MD5_I, c, d, a, b, x[14], 0xab9423a7, 15);
    FHL_MD5_STEP(FHL_MD5_I, b, c, d, a, x[5], 0xfc93a039, 21);
    FHL_MD5_STEP(FHL_MD5_I, a, b, c, d, x[12], 0x655b59c3, 6);
    FHL_MD5_STEP(FHL_MD5_I, d, a, b, c, x[3], 0x8f0ccc92, 10);
    FHL_MD5_STEP(FHL_MD5_I, c, d, a, b, x[10], 0xffeff47d, 15);
    FHL_MD5_STEP(FHL_MD5_I, b, c, d, a, x[1], 0x85845dd1, 21);
    FHL_MD5_STEP(FHL_MD5_I, a, b, c, d, x[8], 0x6fa87e4f, 6);
    FHL_MD5_STEP(FHL_MD5_I, d, a, b, c, x[15], 0xfe2ce6e0, 10);
    FHL_MD5_STEP(FHL_MD5_I, c, d, a, b, x[6], 0xa3014314, 15);
    FHL_MD5_STEP(FHL_MD5_I, b, c, d, a, x[13], 0x4e0811a1, 21);
    FHL_MD5_STEP(FHL_MD5_I, a, b, c, d, x[4], 0xf7537e82, 6);
    FHL_MD5_STEP(FHL_MD5_I, d, a, b, c, x[11], 0xbd3af235, 10);
    FHL_MD5_STEP(FHL_MD5_I, c, d, a, b, x[2], 0x2ad7d2bb, 15);
    FHL_MD5_STEP(FHL_MD5_I, b, c, d, a, x[9], 0xeb86d391, 21);

    a += aa;
    b += bb;
    c += cc;
    d += dd;
  }
  state[0] = a;
  state[1] = b;
  state[2] = c;
  state[3] = d;
}

#undef FHL_MD5_F
#undef FHL_MD5_G
#undef FHL_MD5_H
#undef FHL_MD5_I
#undef FHL_MD5_STEP

}  // namespace

std::array<uint8_t, 16> Md5Digest(std::string_view bytes) {
  uint32_t state[4] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t whole_blocks = bytes.size() / 64;
  ProcessBlocks(state, data, whole_blocks);

  // Padding: 0x80, zeros to 56 mod 64, then the bit length as 64-bit little-endian (one or two final blocks).
  unsigned char tail[128] = {};
  const size_t rest = bytes.size() - whole_blocks * 64;
  if (rest > 0) std::memcpy(tail, data + whole_blocks * 64, rest);
  tail[rest] = 0x80;
  const size_t tail_size = rest < 56 ? 64 : 128;
  const uint64_t bit_length = static_cast<uint64_t>(bytes.size()) * 8;
  for (int i = 0; i < 8; ++i) tail[tail_size - 8 + i] = static_cast<unsigned char>(bit_length >> (8 * i));
  ProcessBlocks(state, tail, tail_size / 64);

  std::array<uint8_t, 16> digest{};
  for (int word = 0; word < 4; ++word)
    for (int i = 0; i < 4; ++i) digest[4 * word + i] = static_cast<uint8_t>(state[word] >> (8 * i));
  return digest;
}

std::string Md5Hex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  const std::array<uint8_t, 16> digest = Md5Digest(bytes);
  std::string hex(32, '0');
  for (size_t i = 0; i < digest.size(); ++i) {
    hex[2 * i] = kHex[digest[i] >> 4];
    hex[2 * i + 1] = kHex[digest[i] & 0xF];
  }
  return hex;
}

}  // namespace fhl
