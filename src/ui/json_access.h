// json_access.h: type-checked reads from response bodies (JSON_NOEXCEPTION: nothing here can abort).
// Every panel reads AWS shapes through these instead of at()/get<T>().
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/json.h"

namespace fhl::ui {

// The member `key` of an object, or a shared null value when `j` is not an object or has no such member.
inline const Json& JMember(const Json& j, const char* key) {
  static const Json kNull;
  if (!j.is_object()) return kNull;
  auto it = j.find(key);
  return it == j.end() ? kNull : *it;
}

inline std::string_view JStr(const Json& j, const char* key, std::string_view fallback = {}) {
  const Json& v = JMember(j, key);
  return v.is_string() ? std::string_view(v.get_ref<const std::string&>()) : fallback;
}

inline double JNum(const Json& j, const char* key, double fallback = 0) {
  const Json& v = JMember(j, key);
  return v.is_number() ? v.get<double>() : fallback;
}

inline int64_t JInt(const Json& j, const char* key, int64_t fallback = 0) {
  const Json& v = JMember(j, key);
  if (v.is_number_integer()) return v.get<int64_t>();
  if (v.is_number()) return static_cast<int64_t>(v.get<double>());
  return fallback;
}

inline bool JBool(const Json& j, const char* key, bool fallback = false) {
  const Json& v = JMember(j, key);
  return v.is_boolean() ? v.get<bool>() : fallback;
}

// The array member `key`, or a shared empty array.
inline const Json& JArray(const Json& j, const char* key) {
  static const Json kEmpty = Json::array();
  const Json& v = JMember(j, key);
  return v.is_array() ? v : kEmpty;
}

// A string or number element as text ("" for anything else).
inline std::string_view JAsStr(const Json& v) {
  return v.is_string() ? std::string_view(v.get_ref<const std::string&>()) : std::string_view();
}
inline double JAsNum(const Json& v, double fallback = 0) { return v.is_number() ? v.get<double>() : fallback; }

}  // namespace fhl::ui
