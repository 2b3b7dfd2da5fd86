// request_fields.h: reading AWS-shaped JSON requests without throwing, and AWS's validation-error texts.
// Every service's JSON layer uses these; must not depend on any service.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/api_error.h"
#include "core/json.h"

namespace fhl {

// A request member of the wrong JSON type: AWS JSON protocols answer SerializationException.
ApiError SerializationError(std::string_view member, std::string_view expected_type);

// Reads members of one JSON object. Absent or null members read as nullopt; a member of the wrong
// type sets error() (first one wins) and reads as nullopt, so handlers check error() once after reading.
class RequestFields {
 public:
  explicit RequestFields(const Json& object, std::string path_prefix = "");

  std::optional<std::string> String(std::string_view name);
  std::optional<int64_t> Integer(std::string_view name);   // JSON integer (a float with no fraction is accepted)
  std::optional<double> Number(std::string_view name);
  std::optional<bool> Boolean(std::string_view name);
  const Json* Object(std::string_view name);               // nullptr when absent
  const Json* Array(std::string_view name);                // nullptr when absent
  bool Has(std::string_view name) const;

  bool ok() const { return !error_.has_value(); }
  const ApiError& error() const { return *error_; }
  void Fail(ApiError e) { if (!error_) error_ = std::move(e); }

 private:
  const Json* Find(std::string_view name) const;
  const Json& object_;
  std::string path_prefix_;
  std::optional<ApiError> error_;
};

// Collects constraint violations and renders them as AWS does:
// "1 validation error detected: Value 'x' at 'deliveryStreamName' failed to satisfy constraint: Member must ..."
// "2 validation errors detected: ...; ..."
class ValidationErrors {
 public:
  // value_text is rendered inside quotes ("Value '<value_text>' at ..."); pass std::nullopt for "Value null at ...".
  void Add(std::optional<std::string> value_text, std::string_view member_path, std::string_view constraint);
  bool empty() const { return items_.empty(); }
  // ValidationException with the joined message; precondition: !empty().
  ApiError ToError() const;

 private:
  std::vector<std::string> items_;
};

// Lower-camel member path from an AWS member name: "DeliveryStreamName" -> "deliveryStreamName".
std::string MemberPath(std::string_view aws_member_name);

}  // namespace fhl
