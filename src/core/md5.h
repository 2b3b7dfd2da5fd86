// md5.h: MD5 message digest (RFC 1321), used for S3 ETags of single-part objects.
// Must not depend on anything but the standard library.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace fhl {

// The 16-byte digest of bytes.
std::array<uint8_t, 16> Md5Digest(std::string_view bytes);
// The digest as 32 lower-case hex characters ("d41d8cd98f00b204e9800998ecf8427e" for "").
std::string Md5Hex(std::string_view bytes);

}  // namespace fhl
