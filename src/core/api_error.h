// api_error.h: errors as values with AWS-shaped codes ("__type") and messages, and the Response of a call.
// Must not depend on any service; every service returns these.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/json.h"

namespace fhl {

struct ApiError {
  std::string code;     // AWS error code, e.g. "ResourceNotFoundException", "NoSuchBucket"
  std::string message;  // AWS wording, e.g. "Firehose x under account 123456789012 not found."
  int http_status = 400;
};

// The outcome of one call through Lab::Call: a response body or an error, never both.
// Invariant: a call that returns an error changed no state.
struct Response {
  Json body = Json::object();
  std::optional<ApiError> error;

  bool ok() const { return !error.has_value(); }
  static Response Ok(Json body) { return Response{std::move(body), std::nullopt}; }
  static Response Fail(std::string code, std::string message, int http_status = 400) {
    return Response{Json::object(), ApiError{std::move(code), std::move(message), http_status}};
  }
};

// Result<T>: a typed value or an ApiError, for core functions below the JSON layer.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}                       // NOLINT: implicit by design
  Result(ApiError error) : error_(std::move(error)) {}                // NOLINT: implicit by design
  bool ok() const { return value_.has_value(); }
  const T& value() const { return *value_; }
  T& value() { return *value_; }
  const ApiError& error() const { return *error_; }

 private:
  std::optional<T> value_;
  std::optional<ApiError> error_;
};

// Status: success or an ApiError, for operations without a value.
class Status {
 public:
  Status() = default;
  Status(ApiError error) : error_(std::move(error)) {}  // NOLINT: implicit by design
  bool ok() const { return !error_.has_value(); }
  const ApiError& error() const { return *error_; }
  static Status Ok() { return Status(); }

 private:
  std::optional<ApiError> error_;
};

inline Response FailWith(const ApiError& error) { return Response{Json::object(), error}; }

// The answer to an action a service does not have (AWS JSON protocols answer UnknownOperationException).
inline Response UnknownOperation(std::string_view service, std::string_view action) {
  return Response::Fail("UnknownOperationException",
                        "The operation " + std::string(action) + " is not supported by " + std::string(service) + " in this lab.");
}

}  // namespace fhl
