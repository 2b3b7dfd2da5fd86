// cfn_resource_types.cpp: the registry of CloudFormation resource types the lab supports, and what their handlers
// share (property-schema check, handler-error texts, generated names). The types live in cfn_resource_<type>.cpp.
// Must not depend on the stack service or the Lab: every effect of a handler goes through CfnResourceContext::call.
#include "core/cfn_resource_types.h"

#include <algorithm>
#include <vector>

#include "core/cfn_resource_common.h"
#include "core/rng.h"

namespace fhl {
namespace {

// [SECTION] JSON types as the schema validator names them

const char* TypeName(const Json& v) {
  if (v.is_string()) return "String";
  if (v.is_boolean()) return "Boolean";
  if (v.is_number_integer() || v.is_number_unsigned()) return "Integer";
  if (v.is_number()) return "Number";
  if (v.is_object()) return "JSONObject";
  if (v.is_array()) return "JSONArray";
  return "Null";
}

std::optional<int64_t> ParseInteger(const std::string& text) {
  size_t i = (!text.empty() && (text[0] == '-' || text[0] == '+')) ? 1 : 0;
  if (i == text.size() || text.size() - i > 18) return std::nullopt;
  int64_t value = 0;
  for (size_t j = i; j < text.size(); ++j) {
    if (text[j] < '0' || text[j] > '9') return std::nullopt;
    value = value * 10 + (text[j] - '0');
  }
  return text[0] == '-' ? -value : value;
}

std::string ScalarText(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (v.is_number_unsigned()) return std::to_string(v.get<uint64_t>());
  return DumpJson(v);
}

bool IsScalar(const Json& v) { return v.is_string() || v.is_boolean() || v.is_number(); }

std::string Child(const std::string& path, const std::string& name) { return path + "/" + name; }

// [SECTION] handler error codes

const char* HandlerErrorCode(const std::string& code) {
  if (code == "ResourceInUseException") return "ResourceConflict";  // e.g. a stream still CREATING
  if (IsNotFoundError(ApiError{code, "", 400})) return "NotFound";
  if (IsAlreadyExistsError(ApiError{code, "", 400})) return "AlreadyExists";
  if (code.find("Validation") != std::string::npos || code.find("Invalid") != std::string::npos ||
      code == "MalformedPolicyDocument" || code == "SerializationException") {
    return "InvalidRequest";
  }
  if (code.find("LimitExceeded") != std::string::npos) return "ServiceLimitExceeded";
  if (code == "BucketNotEmpty" || code == "DeleteConflict" || code == "ConcurrentModificationException") {
    return "ResourceConflict";
  }
  return "GeneralServiceException";
}

std::string RequestToken(CfnResourceContext& ctx) { return ctx.rng ? ctx.rng->NextUuid() : std::string(); }

}  // namespace

// [SECTION] property check

CfnPropertyCheck::CfnPropertyCheck(std::string logical_id, const Json& properties)
    : logical_id_(std::move(logical_id)), value_(properties.is_null() ? Json::object() : properties) {}

void CfnPropertyCheck::Check(const std::vector<CfnField>& schema) {
  CheckValue(value_, CfnKind::kObject, &schema, CfnKind::kAny, "#");
}

void CfnPropertyCheck::CheckValue(Json& v, CfnKind kind, const std::vector<CfnField>* fields, CfnKind item,
                                  const std::string& path) {
  auto wrong = [&](const char* expected) {
    errors_.push_back(path + ": expected type: " + expected + ", found: " + TypeName(v));
  };
  switch (kind) {
    case CfnKind::kAny:
      return;
    case CfnKind::kString:
      if (v.is_number() || v.is_boolean()) v = ScalarText(v);
      if (!v.is_string()) wrong("String");
      return;
    case CfnKind::kInteger:
      if (v.is_number_float()) {
        const double d = v.get<double>();
        if (d == static_cast<double>(static_cast<int64_t>(d))) v = static_cast<int64_t>(d);
      } else if (v.is_string()) {
        if (auto parsed = ParseInteger(v.get<std::string>())) v = *parsed;
      }
      if (!v.is_number_integer() && !v.is_number_unsigned()) wrong("Integer");
      return;
    case CfnKind::kBoolean:
      if (v.is_string()) {
        std::string text = v.get<std::string>();
        std::transform(text.begin(), text.end(), text.begin(),
                       [](char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c); });
        if (text == "true") v = true;
        if (text == "false") v = false;
      }
      if (!v.is_boolean()) wrong("Boolean");
      return;
    case CfnKind::kDocument:
      if (!v.is_object() && !v.is_string()) wrong("JSONObject");
      return;
    case CfnKind::kStringMap:
      if (!v.is_object()) return wrong("JSONObject");
      for (auto it = v.begin(); it != v.end(); ++it) {
        if (IsScalar(it.value())) {
          it.value() = ScalarText(it.value());
        } else {
          errors_.push_back(Child(path, it.key()) + ": expected type: String, found: " + TypeName(it.value()));
        }
      }
      return;
    case CfnKind::kArray:
      if (!v.is_array()) return wrong("JSONArray");
      for (size_t i = 0; i < v.size(); ++i) {
        CheckValue(v[i], item, fields, CfnKind::kAny, Child(path, std::to_string(i)));
      }
      return;
    case CfnKind::kObject:
      if (!v.is_object()) return wrong("JSONObject");
      if (!fields) return;
      for (const CfnField& f : *fields) {
        if (f.required && Member(v, f.name) == nullptr) {
          errors_.push_back(path + ": required key [" + f.name + "] not found");
        }
      }
      for (auto it = v.begin(); it != v.end(); ++it) {
        auto field =
            std::find_if(fields->begin(), fields->end(), [&](const CfnField& f) { return it.key() == f.name; });
        if (field == fields->end()) {
          errors_.push_back(path + ": extraneous key [" + it.key() + "] is not permitted");
        } else if (!it.value().is_null()) {
          CheckValue(it.value(), field->kind, field->fields, field->item, Child(path, it.key()));
        }
      }
      return;
  }
}

void CfnPropertyCheck::Enum(const std::string& path, const Json* value, const std::vector<std::string>& allowed) {
  if (!value || !value->is_string()) return;
  const std::string& text = value->get_ref<const std::string&>();
  if (std::find(allowed.begin(), allowed.end(), text) == allowed.end()) {
    errors_.push_back(path + ": " + text + " is not a valid enum value");
  }
}

void CfnPropertyCheck::Pattern(const std::string& path, const Json* value, const char* pattern_text,
                               bool (*matches)(const std::string&)) {
  if (!value || !value->is_string()) return;
  const std::string& text = value->get_ref<const std::string&>();
  if (!matches(text)) errors_.push_back(path + ": string [" + text + "] does not match pattern " + pattern_text);
}

void CfnPropertyCheck::MaxLength(const std::string& path, const Json* value, size_t max_chars) {
  if (!value || !value->is_string()) return;
  const size_t size = value->get_ref<const std::string&>().size();
  if (size > max_chars) {
    errors_.push_back(path + ": expected maxLength: " + std::to_string(max_chars) +
                      ", actual: " + std::to_string(size));
  }
}

ApiError CfnPropertyCheck::error() const {
  std::string message = "Properties validation failed for resource " + logical_id_ + " with message: ";
  if (errors_.size() == 1) {
    message += errors_[0];
  } else {
    message += "[";
    for (size_t i = 0; i < errors_.size(); ++i) message += (i ? ", " : "") + errors_[i];
    message += "]";
  }
  return ApiError{"ValidationError", message, 400};
}

Result<Json> CfnPropertyCheck::result() const {
  if (!ok()) return error();
  return value_;
}

const Json* Member(const Json& object, const char* name) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(name);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

std::string StringOr(const Json& object, const char* name, const std::string& fallback) {
  const Json* v = Member(object, name);
  return v && v->is_string() ? v->get<std::string>() : fallback;
}

std::string DocumentText(const Json& document) {
  return document.is_string() ? document.get<std::string>() : DumpJson(document);
}

// [SECTION] handler errors

bool IsNotFoundError(const ApiError& error) {
  return error.code == "ResourceNotFoundException" || error.code == "NoSuchEntity" || error.code == "NoSuchBucket" ||
         error.code == "EntityNotFoundException" || error.code == "NotFound";
}

bool IsAlreadyExistsError(const ApiError& error) {
  return error.code == "ResourceInUseException" || error.code == "EntityAlreadyExists" ||
         error.code == "AlreadyExistsException" || error.code == "BucketAlreadyExists" ||
         error.code == "BucketAlreadyOwnedByYou";
}

ApiError CfnHandlerError(CfnResourceContext& ctx, const char* service_label, const ApiError& error) {
  std::string inner =
      error.message + " (Service: " + service_label + ", Status Code: " + std::to_string(error.http_status);
  if (ctx.rng) inner += ", Request ID: " + ctx.rng->NextUuid();
  inner += ")";
  std::string message = "Resource handler returned message: \"" + inner + "\" (";
  if (ctx.rng) message += "RequestToken: " + RequestToken(ctx) + ", ";
  message += std::string("HandlerErrorCode: ") + HandlerErrorCode(error.code) + ")";
  return ApiError{error.code, message, error.http_status};
}

ApiError CfnHandlerFailure(CfnResourceContext& ctx, const std::string& message, const char* handler_code) {
  std::string text = "Resource handler returned message: \"" + message + "\" (";
  if (ctx.rng) text += "RequestToken: " + RequestToken(ctx) + ", ";
  text += std::string("HandlerErrorCode: ") + handler_code + ")";
  return ApiError{handler_code, text, 400};
}

ApiError CfnAlreadyExists(CfnResourceContext& ctx, const std::string& type, const std::string& identifier) {
  ApiError e = CfnHandlerFailure(
      ctx, "Resource of type '" + type + "' with identifier '" + identifier + "' already exists.", "AlreadyExists");
  return e;
}

Result<Json> CfnCall(CfnResourceContext& ctx, const char* service, const char* service_label, std::string_view action,
                     const Json& request) {
  if (!ctx.call) return ApiError{"InternalFailure", "The resource handler has no way to call the lab.", 500};
  Response r = ctx.call(service, action, request);
  if (!r.ok()) return CfnHandlerError(ctx, service_label, *r.error);
  return std::move(r.body);
}

// [SECTION] generated names

std::string CfnRandomUpperAlnum(Rng& rng, int length) {
  static constexpr char kChars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::string out;
  for (int i = 0; i < length; ++i) out += kChars[rng.Below(sizeof(kChars) - 1)];
  return out;
}

Result<std::string> CfnGeneratedName(CfnResourceContext& ctx, const std::string& logical_id, size_t max_chars,
                                     int suffix_chars, bool lower_case) {
  if (!ctx.rng) return ApiError{"InternalFailure", "No random source to generate a physical name.", 500};
  const std::string suffix =
      lower_case ? ctx.rng->NextAlnum(suffix_chars) : CfnRandomUpperAlnum(*ctx.rng, suffix_chars);
  std::string base = ctx.stack_name + "-" + logical_id;
  const size_t budget = max_chars - 1 - suffix.size();
  if (base.size() > budget) base.resize(budget);
  while (!base.empty() && base.back() == '-') base.pop_back();
  std::string name = base + "-" + suffix;
  if (lower_case) {
    std::transform(name.begin(), name.end(), name.begin(),
                   [](char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c); });
  }
  return name;
}

// [SECTION] registry

const CfnResourceType* FindCfnResourceType(std::string_view type) {
  static const std::vector<CfnResourceType>* const kTypes = new std::vector<CfnResourceType>{
      MakeS3BucketType(),     MakeIamRoleType(),   MakeIamPolicyType(),       MakeFirehoseDeliveryStreamType(),
      MakeGlueDatabaseType(), MakeGlueTableType(), MakeAthenaWorkGroupType(), MakeAthenaNamedQueryType()};
  for (const CfnResourceType& t : *kTypes) {
    if (t.type == type) return &t;
  }
  return nullptr;
}

}  // namespace fhl
