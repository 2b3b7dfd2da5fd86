// json.h: the one JSON type of the core (nlohmann/json built without exceptions) and safe parse/dump.
// Must not depend on anything but the standard library and nlohmann/json.
#pragma once

// Exceptions are off in every build (see CMakePresets.json): a throw would abort the wasm module.
// With JSON_NOEXCEPTION nlohmann aborts instead of throwing, so core code never calls a throwing
// accessor (at(), get<T>() on an unchecked type, dump() of invalid UTF-8); it checks types first.
#ifndef JSON_NOEXCEPTION
#define JSON_NOEXCEPTION 1
#endif
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace fhl {

using Json = nlohmann::json;

// Parses text without throwing; nullopt when the text is not one JSON value.
std::optional<Json> ParseJson(std::string_view text);

// Compact dump that never aborts: invalid UTF-8 in strings is replaced with U+FFFD.
std::string DumpJson(const Json& value);
// Indented dump (2 spaces), same guarantees.
std::string DumpJsonPretty(const Json& value);

}  // namespace fhl
