// request_fields.cpp: type-checked member access and AWS validation-message rendering.
#include "core/request_fields.h"

#include <cmath>

namespace fhl {

ApiError SerializationError(std::string_view member, std::string_view expected_type) {
  return ApiError{"SerializationException",
                  "Unexpected value type for member '" + std::string(member) + "': expected " +
                      std::string(expected_type) + ".",
                  400};
}

RequestFields::RequestFields(const Json& object, std::string path_prefix)
    : object_(object), path_prefix_(std::move(path_prefix)) {
  if (!object_.is_object()) Fail(ApiError{"SerializationException", "The request body must be a JSON object.", 400});
}

const Json* RequestFields::Find(std::string_view name) const {
  if (!object_.is_object()) return nullptr;
  auto it = object_.find(std::string(name));
  if (it == object_.end() || it->is_null()) return nullptr;
  return &*it;
}

bool RequestFields::Has(std::string_view name) const { return Find(name) != nullptr; }

std::optional<std::string> RequestFields::String(std::string_view name) {
  const Json* v = Find(name);
  if (!v) return std::nullopt;
  if (!v->is_string()) return Fail(SerializationError(path_prefix_ + std::string(name), "string")), std::nullopt;
  return v->get_ref<const std::string&>();
}

std::optional<int64_t> RequestFields::Integer(std::string_view name) {
  const Json* v = Find(name);
  if (!v) return std::nullopt;
  if (v->is_number_integer()) return v->get<int64_t>();
  if (v->is_number_unsigned()) {
    const uint64_t u = v->get<uint64_t>();
    if (u <= static_cast<uint64_t>(INT64_MAX)) return static_cast<int64_t>(u);
  }
  if (v->is_number_float()) {
    const double d = v->get<double>();
    if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9.0e18) return static_cast<int64_t>(d);
  }
  Fail(SerializationError(path_prefix_ + std::string(name), "integer"));
  return std::nullopt;
}

std::optional<double> RequestFields::Number(std::string_view name) {
  const Json* v = Find(name);
  if (!v) return std::nullopt;
  if (!v->is_number()) return Fail(SerializationError(path_prefix_ + std::string(name), "number")), std::nullopt;
  return v->get<double>();
}

std::optional<bool> RequestFields::Boolean(std::string_view name) {
  const Json* v = Find(name);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) return Fail(SerializationError(path_prefix_ + std::string(name), "boolean")), std::nullopt;
  return v->get<bool>();
}

const Json* RequestFields::Object(std::string_view name) {
  const Json* v = Find(name);
  if (!v) return nullptr;
  if (!v->is_object()) return Fail(SerializationError(path_prefix_ + std::string(name), "structure")), nullptr;
  return v;
}

const Json* RequestFields::Array(std::string_view name) {
  const Json* v = Find(name);
  if (!v) return nullptr;
  if (!v->is_array()) return Fail(SerializationError(path_prefix_ + std::string(name), "list")), nullptr;
  return v;
}

void ValidationErrors::Add(std::optional<std::string> value_text, std::string_view member_path,
                           std::string_view constraint) {
  std::string item = value_text ? "Value '" + *value_text + "'" : std::string("Value null");
  item += " at '";
  item += member_path;
  item += "' failed to satisfy constraint: ";
  item += constraint;
  items_.push_back(std::move(item));
}

ApiError ValidationErrors::ToError() const {
  std::string message = std::to_string(items_.size()) +
                        (items_.size() == 1 ? " validation error detected: " : " validation errors detected: ");
  for (size_t i = 0; i < items_.size(); ++i) {
    if (i) message += "; ";
    message += items_[i];
  }
  return ApiError{"ValidationException", message, 400};
}

std::string MemberPath(std::string_view aws_member_name) {
  std::string out(aws_member_name);
  if (!out.empty() && out[0] >= 'A' && out[0] <= 'Z') out[0] = static_cast<char>(out[0] - 'A' + 'a');
  return out;
}

}  // namespace fhl
