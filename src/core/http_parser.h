// http_parser.h: an incremental HTTP/1.1 request parser (bytes in, fhl::HttpRequest out) and the response
// serializer of the native server. Plain C++: no sockets, no clock (the Date header's time is an input), no Lab.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/sim_time.h"
#include "core/wire_http.h"

namespace fhl {

struct HttpParserLimits {
  size_t max_head_bytes = 64 * 1024;          // request line + headers; more -> 431
  size_t max_body_bytes = 16 * 1024 * 1024;   // decoded body; more -> 413
  size_t max_headers = 256;                   // header lines; more -> 431
};

// Feed it the bytes of a connection as they arrive. One request at a time: once complete(), take it with
// TakeRequest() (which readies the parser for the next one) and feed the bytes Feed() did not consume.
// Accepts CRLF or bare LF line ends, skips empty lines before a request line, Content-Length and chunked bodies
// (chunk extensions and trailers are read and dropped). Once failed(), it stays failed: answer error_status()
// and close the connection.
class HttpRequestParser {
 public:
  explicit HttpRequestParser(HttpParserLimits limits = HttpParserLimits());

  // Consumes bytes up to the end of the current request; returns how many it took (< data.size() only when
  // the request completed or the parser failed).
  size_t Feed(std::string_view data);

  bool complete() const { return state_ == State::kComplete; }
  bool failed() const { return state_ == State::kFailed; }
  // True when no byte of a request has arrived yet (an idle keep-alive connection).
  bool idle() const { return state_ == State::kHead && head_.empty(); }
  // The headers are in and ask for "Expect: 100-continue" while the body has not all arrived: the server
  // should send "HTTP/1.1 100 Continue" once (see continue_sent()).
  bool wants_continue() const;
  void set_continue_sent() { continue_sent_ = true; }

  // After failed(): 400 (malformed), 413 (body too large), 431 (head too large), 501 (unknown transfer coding),
  // 505 (HTTP version) and a one-line reason.
  int error_status() const { return error_status_; }
  const std::string& error_message() const { return error_message_; }

  // After complete(): whether the connection stays open after the answer (HTTP/1.1 unless "Connection: close";
  // HTTP/1.0 only with "Connection: keep-alive"), and whether it is a HEAD request.
  bool keep_alive() const { return keep_alive_; }
  bool http10() const { return http10_; }

  // Moves the completed request out and resets for the next request on the same connection.
  HttpRequest TakeRequest();

 private:
  enum class State { kHead, kBody, kChunkSize, kChunkData, kChunkDataEnd, kTrailer, kComplete, kFailed };

  size_t FeedHead(std::string_view data);
  bool ParseRequestLine(std::string_view line);  // false -> failed
  bool ParseHead();  // head_ holds the full head; parses the header fields; false -> failed
  size_t FeedChunked(std::string_view data);
  bool TakeLine(std::string_view data, size_t* pos, std::string* line, size_t limit);
  void Fail(int status, std::string message);
  void Reset();

  HttpParserLimits limits_;
  State state_ = State::kHead;
  std::string head_;            // bytes of the head so far
  std::string line_;            // chunk-size / trailer line being read
  HttpRequest request_;
  size_t body_remaining_ = 0;   // Content-Length bytes, or the current chunk's bytes, still to read
  size_t trailer_bytes_ = 0;
  bool keep_alive_ = true;
  bool http10_ = false;
  bool expect_continue_ = false;
  bool continue_sent_ = false;
  int error_status_ = 0;
  std::string error_message_;
};

// "Thu, 26 Nov 2026 06:57:08 GMT" (RFC 9110 IMF-fixdate).
std::string FormatHttpDate(TimeUs t);

struct HttpWriteOptions {
  bool head_request = false;  // no body; Content-Length as the handler set it (else the body's size)
  bool keep_alive = true;     // false -> "Connection: close"
  bool http10 = false;        // an HTTP/1.0 client that asked for keep-alive gets "Connection: keep-alive"
  TimeUs date = 0;            // the Date header's time
};

// Status line, the handler's headers, then Date and Server (unless the handler set them), Content-Length
// (always the body's size except for HEAD; none for 1xx/204/304) and Connection, a blank line and the body.
std::string SerializeHttpResponse(const HttpResponse& response, const HttpWriteOptions& options);

// A minimal error answer for requests the parser rejected (plain text body, "Connection: close").
HttpResponse HttpErrorResponse(int status, std::string_view message);

}  // namespace fhl
