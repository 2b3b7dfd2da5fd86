// md5_test.cpp: MD5 against the RFC 1321 test suite, padding boundaries (55/56/63/64/... bytes) and a long input.
// Test-only; depends on core/md5 and GoogleTest.
#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "core/md5.h"

namespace fhl {
namespace {

TEST(Md5Test, Rfc1321TestSuite) {
  const std::pair<const char*, const char*> vectors[] = {
      {"", "d41d8cd98f00b204e9800998ecf8427e"},
      {"a", "0cc175b9c0f1b6a831c399e269772661"},
      {"abc", "900150983cd24fb0d6963f7d28e17f72"},
      {"message digest", "f96b697d7cb7938d525a2f31aaf161d0"},
      {"abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"},
      {"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"},
      {"12345678901234567890123456789012345678901234567890123456789012345678901234567890",
       "57edf4a22be3c955ac49da2e2107b67a"},
  };
  for (const auto& [text, hex] : vectors) EXPECT_EQ(Md5Hex(text), hex) << '"' << text << '"';
}

// Lengths around the padding boundaries: 55 fits the length in one final block, 56 needs a second one, and 64/128
// have no partial block at all. Expected values from Python's hashlib.
TEST(Md5Test, PaddingBoundaries) {
  std::string pattern;
  for (int i = 0; i < 200; ++i) pattern += static_cast<char>('a' + i % 26);
  const std::pair<size_t, const char*> vectors[] = {
      {55, "0d7ae056b2f015cd7dc67494efd658f1"},  {56, "31fcfb5165169eb55898e7e4cf34d19a"},
      {57, "fd62afaf3aa1e2a52882cb464f5ccc4d"},  {63, "1b30c0670c15e7da3c2ba7bce77ebe99"},
      {64, "a2eaf6295c32adc403865fd96a2f182b"},  {65, "eba2cce0ca8df47e62414a736b3105a2"},
      {119, "b05187e08da41fa3ef16bd56afaafd99"}, {120, "62af9b597a9f55e16ab2b897387fc052"},
      {127, "f41f37f8b5a7782d5cfeafc43e3d3c1c"}, {128, "3e8c1ccbd71838ef3df4b72e57fb9bf6"},
      {129, "a9ca66cd8dd6b0f6d8cbb6a21bbf5206"},
  };
  for (const auto& [length, hex] : vectors) EXPECT_EQ(Md5Hex(pattern.substr(0, length)), hex) << length << " bytes";
}

TEST(Md5Test, BinaryAndLongInputs) {
  std::string all_bytes;
  for (int i = 0; i < 256; ++i) all_bytes += static_cast<char>(i);
  EXPECT_EQ(Md5Hex(all_bytes), "e2c865db4162bed963bfaa9ef6ac18f0");
  EXPECT_EQ(Md5Hex(std::string(1000000, 'a')), "7707d6ae4e027c70eea2a935c2296f21");
  // Embedded NUL bytes count: "\0" differs from "".
  EXPECT_EQ(Md5Hex(std::string(1, '\0')), "93b885adfe0da089cdf634904fd59f71");
}

TEST(Md5Test, DigestMatchesHex) {
  const auto digest = Md5Digest("abc");
  EXPECT_EQ(digest[0], 0x90);
  EXPECT_EQ(digest[15], 0x72);
}

}  // namespace
}  // namespace fhl
