// http_parser.cpp: incremental HTTP/1.1 request parsing and response serialization (see http_parser.h).
// Must not depend on sockets, the clock, the Lab or any service.
#include "core/http_parser.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <utility>
#include <vector>

namespace fhl {

// [SECTION] character classes (RFC 9110 tokens and field values)

static bool IsTokenChar(unsigned char c) {
  if (c >= '0' && c <= '9') return true;
  if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return true;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
    case '-': case '.': case '^': case '_': case '`': case '|': case '~':
      return true;
    default:
      return false;
  }
}

static bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s) {
    if (!IsTokenChar(c)) return false;
  }
  return true;
}

// Visible ASCII, SP, HTAB and obs-text; no CR, LF, NUL or other controls.
static bool IsFieldValue(std::string_view s) {
  for (unsigned char c : s) {
    if ((c < 0x20 && c != '\t') || c == 0x7f) return false;
  }
  return true;
}

static std::string_view TrimOws(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Calls f(item) for each trimmed non-empty element of a comma-separated header value.
template <typename F>
static void ForEachListItem(std::string_view value, F f) {
  while (!value.empty()) {
    size_t comma = value.find(',');
    std::string_view item = TrimOws(value.substr(0, comma));
    if (!item.empty()) f(item);
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
}

static std::string_view StripCr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

// [SECTION] parser: head

HttpRequestParser::HttpRequestParser(HttpParserLimits limits) : limits_(limits) {}

void HttpRequestParser::Reset() {
  state_ = State::kHead;
  head_.clear();
  line_.clear();
  request_ = HttpRequest();
  body_remaining_ = 0;
  trailer_bytes_ = 0;
  keep_alive_ = true;
  http10_ = false;
  expect_continue_ = false;
  continue_sent_ = false;
}

void HttpRequestParser::Fail(int status, std::string message) {
  state_ = State::kFailed;
  error_status_ = status;
  error_message_ = std::move(message);
  keep_alive_ = false;
}

bool HttpRequestParser::wants_continue() const {
  const bool in_body = state_ == State::kBody || state_ == State::kChunkSize || state_ == State::kChunkData ||
                       state_ == State::kChunkDataEnd || state_ == State::kTrailer;
  return in_body && expect_continue_ && !continue_sent_;
}

HttpRequest HttpRequestParser::TakeRequest() {
  HttpRequest out = std::move(request_);
  Reset();
  return out;
}

size_t HttpRequestParser::Feed(std::string_view data) {
  size_t used = 0;
  while (used < data.size() && state_ != State::kComplete && state_ != State::kFailed) {
    std::string_view rest = data.substr(used);
    if (state_ == State::kHead) {
      used += FeedHead(rest);
    } else if (state_ == State::kBody) {
      const size_t n = std::min(body_remaining_, rest.size());
      request_.body.append(rest.data(), n);
      body_remaining_ -= n;
      used += n;
      if (body_remaining_ == 0) state_ = State::kComplete;
    } else {
      used += FeedChunked(rest);
    }
  }
  return used;
}

size_t HttpRequestParser::FeedHead(std::string_view data) {
  size_t i = 0;
  // Empty lines before the request line are ignored (RFC 9112 section 2.2).
  while (head_.empty() && i < data.size() && (data[i] == '\r' || data[i] == '\n')) ++i;
  while (i < data.size()) {
    const size_t nl = data.find('\n', i);
    const size_t end = nl == std::string_view::npos ? data.size() : nl + 1;
    if (head_.size() + (end - i) > limits_.max_head_bytes) {
      Fail(431, "The request line and headers exceed " + std::to_string(limits_.max_head_bytes) + " bytes.");
      return end;
    }
    const size_t line_start = head_.rfind('\n') == std::string::npos ? 0 : head_.rfind('\n') + 1;
    head_.append(data.data() + i, end - i);
    i = end;
    if (nl == std::string_view::npos) break;
    // A complete line: the head ends at the first empty one.
    std::string_view line = StripCr(std::string_view(head_).substr(line_start, head_.size() - 1 - line_start));
    if (line_start == 0) {  // the request line is checked at once: garbage fails fast, not at 64 KiB
      if (!ParseRequestLine(line)) return i;
      continue;
    }
    if (line.empty()) {
      if (!ParseHead()) return i;
      break;
    }
  }
  return i;
}

bool HttpRequestParser::ParseRequestLine(std::string_view request_line) {
  // method SP request-target SP HTTP-version
  const size_t sp1 = request_line.find(' ');
  const size_t sp2 = sp1 == std::string_view::npos ? sp1 : request_line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || request_line.find(' ', sp2 + 1) != std::string_view::npos) {
    return Fail(400, "Malformed request line."), false;
  }
  std::string_view method = request_line.substr(0, sp1);
  std::string_view target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
  std::string_view version = request_line.substr(sp2 + 1);
  if (!IsToken(method)) return Fail(400, "Malformed request method."), false;
  if (target.empty()) return Fail(400, "Empty request target."), false;
  for (unsigned char c : target) {
    if (c <= 0x20 || c >= 0x7f) return Fail(400, "Malformed request target."), false;
  }
  if (version.size() != 8 || version.substr(0, 5) != "HTTP/" || version[6] != '.' || version[5] < '0' ||
      version[5] > '9' || version[7] < '0' || version[7] > '9') {
    return Fail(400, "Malformed HTTP version."), false;
  }
  if (version != "HTTP/1.1" && version != "HTTP/1.0") return Fail(505, "Only HTTP/1.0 and HTTP/1.1 are supported."), false;
  http10_ = version == "HTTP/1.0";
  // absolute-form ("http://host/path?q") is reduced to origin-form; "*" (OPTIONS) is kept.
  if (target.substr(0, 7) == "http://" || target.substr(0, 8) == "https://") {
    const size_t authority = target.find("//") + 2;
    const size_t path = target.find_first_of("/?", authority);
    target = path == std::string_view::npos ? std::string_view("/") : target.substr(path);
    request_.target = target.front() == '?' ? "/" + std::string(target) : std::string(target);
  } else if (target.front() == '/' || target == "*") {
    request_.target = std::string(target);
  } else {
    return Fail(400, "Malformed request target."), false;
  }
  request_.method = std::string(method);
  return true;
}

bool HttpRequestParser::ParseHead() {
  // The request line (lines[0]) was parsed as it arrived.
  std::string_view head = head_;
  std::vector<std::string_view> lines;
  while (!head.empty()) {
    size_t nl = head.find('\n');
    lines.push_back(StripCr(head.substr(0, nl)));
    if (nl == std::string_view::npos) break;
    head.remove_prefix(nl + 1);
  }
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  if (lines.empty()) return Fail(400, "Empty request."), false;

  // Header fields.
  if (lines.size() - 1 > limits_.max_headers) {
    return Fail(431, "More than " + std::to_string(limits_.max_headers) + " header fields."), false;
  }
  for (size_t i = 1; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    if (line.empty()) continue;  // cannot happen (the head ends at the first empty line); keeps front() safe
    if (line.front() == ' ' || line.front() == '\t') return Fail(400, "Obsolete header line folding."), false;
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos || !IsToken(line.substr(0, colon))) {
      return Fail(400, "Malformed header field."), false;
    }
    std::string_view value = TrimOws(line.substr(colon + 1));
    if (!IsFieldValue(value)) return Fail(400, "Malformed header field value."), false;
    request_.headers.push_back({std::string(line.substr(0, colon)), std::string(value)});
  }

  // Framing and connection semantics.
  bool has_length = false, chunked = false, has_te = false, bad_te = false, close = false, keep = false;
  bool bad_length = false;
  size_t length = 0;
  int hosts = 0;
  for (const HttpHeader& h : request_.headers) {
    if (EqualsIgnoreCase(h.name, "Content-Length")) {
      bool empty = true;
      ForEachListItem(h.value, [&](std::string_view item) {
        empty = false;
        size_t v = 0;
        for (char c : item) {
          if (c < '0' || c > '9' || v > (SIZE_MAX - 9) / 10) {
            bad_length = true;
            return;
          }
          v = v * 10 + static_cast<size_t>(c - '0');
        }
        if (has_length && v != length) bad_length = true;
        has_length = true;
        length = v;
      });
      if (empty) bad_length = true;
    } else if (EqualsIgnoreCase(h.name, "Transfer-Encoding")) {
      has_te = true;
      ForEachListItem(h.value, [&](std::string_view item) {
        if (chunked || !EqualsIgnoreCase(item, "chunked")) bad_te = true;  // chunked must be the last and only coding
        chunked = true;
      });
    } else if (EqualsIgnoreCase(h.name, "Connection")) {
      ForEachListItem(h.value, [&](std::string_view item) {
        if (EqualsIgnoreCase(item, "close")) close = true;
        if (EqualsIgnoreCase(item, "keep-alive")) keep = true;
      });
    } else if (EqualsIgnoreCase(h.name, "Expect")) {
      if (EqualsIgnoreCase(h.value, "100-continue")) expect_continue_ = !http10_;
    } else if (EqualsIgnoreCase(h.name, "Host")) {
      ++hosts;
    }
  }
  if (!http10_ && hosts != 1) return Fail(400, hosts == 0 ? "Missing Host header." : "More than one Host header."), false;
  if (has_te && (has_length || http10_)) return Fail(400, "Transfer-Encoding with Content-Length or HTTP/1.0."), false;
  if (has_te && (bad_te || !chunked)) return Fail(501, "Only the chunked transfer coding is supported."), false;
  if (bad_length) return Fail(400, "Malformed Content-Length."), false;
  if (has_length && length > limits_.max_body_bytes) {
    return Fail(413, "The request body exceeds " + std::to_string(limits_.max_body_bytes) + " bytes."), false;
  }
  keep_alive_ = http10_ ? (keep && !close) : !close;

  head_.clear();
  if (chunked) {
    state_ = State::kChunkSize;
  } else if (length > 0) {
    request_.body.reserve(std::min<size_t>(length, 1 << 20));
    body_remaining_ = length;
    state_ = State::kBody;
  } else {
    state_ = State::kComplete;
  }
  return true;
}

// [SECTION] parser: chunked body

bool HttpRequestParser::TakeLine(std::string_view data, size_t* pos, std::string* line, size_t limit) {
  const size_t nl = data.find('\n', *pos);
  const size_t end = nl == std::string_view::npos ? data.size() : nl;
  // Keeps at most limit + 1 bytes: enough for the caller to see the line is too long.
  const size_t room = limit + 1 - std::min(limit + 1, line->size());
  line->append(data.data() + *pos, std::min(end - *pos, room));
  *pos = nl == std::string_view::npos ? data.size() : nl + 1;
  if (nl == std::string_view::npos) return false;
  if (!line->empty() && line->back() == '\r') line->pop_back();
  return true;
}

size_t HttpRequestParser::FeedChunked(std::string_view data) {
  constexpr size_t kMaxChunkLine = 4096;
  size_t pos = 0;
  while (pos < data.size() && state_ != State::kComplete && state_ != State::kFailed) {
    if (state_ == State::kChunkData) {
      const size_t n = std::min(body_remaining_, data.size() - pos);
      request_.body.append(data.data() + pos, n);
      body_remaining_ -= n;
      pos += n;
      if (body_remaining_ == 0) state_ = State::kChunkDataEnd;
      continue;
    }
    const size_t before = line_.size();
    const size_t start = pos;
    if (!TakeLine(data, &pos, &line_, kMaxChunkLine)) {
      if (line_.size() > kMaxChunkLine) Fail(400, "Chunk line too long.");
      continue;
    }
    if (state_ == State::kTrailer) trailer_bytes_ += pos - start + before;
    std::string line = std::move(line_);
    line_.clear();
    if (line.size() > kMaxChunkLine) {
      Fail(400, "Chunk line too long.");
    } else if (state_ == State::kChunkSize) {
      size_t size = 0, digits = 0;
      for (char c : line) {
        int v = (c >= '0' && c <= '9') ? c - '0' : ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') ? (c | 0x20) - 'a' + 10 : -1;
        if (v < 0) break;
        if (size > (SIZE_MAX >> 4)) return Fail(413, "Chunk size too large."), pos;
        size = size * 16 + static_cast<size_t>(v);
        ++digits;
      }
      std::string_view rest = TrimOws(std::string_view(line).substr(digits));
      if (digits == 0 || (!rest.empty() && rest.front() != ';')) {
        Fail(400, "Malformed chunk size.");
      } else if (size > limits_.max_body_bytes - request_.body.size()) {
        Fail(413, "The request body exceeds " + std::to_string(limits_.max_body_bytes) + " bytes.");
      } else if (size == 0) {
        state_ = State::kTrailer;
      } else {
        body_remaining_ = size;
        state_ = State::kChunkData;
      }
    } else if (state_ == State::kChunkDataEnd) {
      if (!line.empty()) {
        Fail(400, "Chunk data longer than its size.");
      } else {
        state_ = State::kChunkSize;
      }
    } else {  // kTrailer: fields are read and dropped; an empty line ends the request
      if (trailer_bytes_ > limits_.max_head_bytes) {
        Fail(431, "Trailer fields too large.");
      } else if (line.empty()) {
        state_ = State::kComplete;
      } else if (line.find(':') == std::string::npos) {
        Fail(400, "Malformed trailer field.");
      }
    }
  }
  return pos;
}

// [SECTION] responses

std::string FormatHttpDate(TimeUs t) {
  static const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const CivilTime c = ToCivil(t);
  const int64_t days = FloorTo(t, kUsPerDay) / kUsPerDay;
  const int weekday = static_cast<int>(((days % 7) + 7 + 4) % 7);  // 1970-01-01 was a Thursday
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[weekday], c.day, kMonths[c.month - 1],
                c.year, c.hour, c.minute, c.second);
  return buf;
}

std::string SerializeHttpResponse(const HttpResponse& response, const HttpWriteOptions& options) {
  const int status = response.status;
  const bool no_body_status = (status >= 100 && status < 200) || status == 204 || status == 304;
  std::string out;
  out.reserve(256 + (options.head_request || no_body_status ? 0 : response.body.size()));
  out += "HTTP/1.1 ";
  out += std::to_string(status);
  out += ' ';
  out += HttpReasonPhrase(status);
  out += "\r\n";
  bool has_date = false, has_server = false;
  std::optional<std::string_view> head_length;
  for (const HttpHeader& h : response.headers) {
    // Framing headers are ours; a name or value that could split the response is dropped.
    if (!IsToken(h.name) || !IsFieldValue(h.value)) continue;
    if (EqualsIgnoreCase(h.name, "Content-Length")) {
      head_length = h.value;
      continue;
    }
    if (EqualsIgnoreCase(h.name, "Connection") || EqualsIgnoreCase(h.name, "Transfer-Encoding")) continue;
    has_date = has_date || EqualsIgnoreCase(h.name, "Date");
    has_server = has_server || EqualsIgnoreCase(h.name, "Server");
    out += h.name;
    out += ": ";
    out += h.value;
    out += "\r\n";
  }
  if (!has_date) out += "Date: " + FormatHttpDate(options.date) + "\r\n";
  if (!has_server) out += "Server: firehose-lab\r\n";
  if (!no_body_status) {
    out += "Content-Length: ";
    out += options.head_request && head_length ? std::string(*head_length) : std::to_string(response.body.size());
    out += "\r\n";
  }
  if (!options.keep_alive) {
    out += "Connection: close\r\n";
  } else if (options.http10) {
    out += "Connection: keep-alive\r\n";
  }
  out += "\r\n";
  if (!options.head_request && !no_body_status) out += response.body;
  return out;
}

HttpResponse HttpErrorResponse(int status, std::string_view message) {
  HttpResponse response;
  response.status = status;
  response.SetHeader("Content-Type", "text/plain; charset=utf-8");
  response.body = std::to_string(status) + " " + HttpReasonPhrase(status) + ": " + std::string(message) + "\n";
  return response;
}

}  // namespace fhl
