// wire_http.h: one HTTP request and response as plain values, the currency of the wire protocols (wire_*.cpp),
// the native server (src/tools) and the page's SDK request handler (src/platform/web). No sockets, no I/O here.
// Must not depend on the Lab or any service.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fhl {

struct HttpHeader {
  std::string name;   // as sent; compare with EqualsIgnoreCase
  std::string value;
};

struct HttpRequest {
  std::string method = "GET";  // "GET", "PUT", "POST", "HEAD", "DELETE"
  std::string target = "/";    // request-target as sent: path plus optional "?query", still percent-encoded
  std::vector<HttpHeader> headers;
  std::string body;            // raw bytes

  // First header with this name (case-insensitive), or nullopt.
  std::optional<std::string_view> Header(std::string_view name) const;
  std::string_view path() const;   // target up to '?', still encoded
  std::string_view query() const;  // after '?', or empty
};

struct HttpResponse {
  int status = 200;
  std::vector<HttpHeader> headers;  // Content-Length is added by whoever writes the bytes, not here
  std::string body;

  void SetHeader(std::string name, std::string value);  // replaces a header of the same name
  std::optional<std::string_view> Header(std::string_view name) const;
};

bool EqualsIgnoreCase(std::string_view a, std::string_view b);

// RFC 3986 percent-decoding; '+' stays '+' unless form is true (application/x-www-form-urlencoded).
// nullopt on a malformed escape ("%4", "%zz").
std::optional<std::string> PercentDecode(std::string_view text, bool form = false);
// Encodes everything but unreserved characters (A-Z a-z 0-9 - _ . ~); keep_slash leaves '/' as is (S3 keys).
std::string PercentEncode(std::string_view text, bool keep_slash = false);

// "a=1&b=x%20y&c" -> {{"a","1"},{"b","x y"},{"c",""}} in order; nullopt on a malformed escape.
std::optional<std::vector<std::pair<std::string, std::string>>> ParseQueryString(std::string_view query,
                                                                                  bool form = false);

// The reason phrase for a status ("OK", "Bad Request", ...), for the native server's status line.
const char* HttpReasonPhrase(int status);

}  // namespace fhl
