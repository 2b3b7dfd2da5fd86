// base64.h: standard base64 (RFC 4648, with padding), the blob encoding of AWS JSON protocols.
// Must not depend on anything but the standard library.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fhl {

std::string Base64Encode(std::string_view bytes);
// nullopt for characters outside the alphabet, bad padding or a length that is not a multiple of 4.
std::optional<std::string> Base64Decode(std::string_view text);
// Decoded length without decoding; nullopt when the text is not valid base64 by length and padding.
std::optional<size_t> Base64DecodedSize(std::string_view text);

}  // namespace fhl
