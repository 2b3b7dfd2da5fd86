// wire_s3.cpp: S3's REST-XML protocol (path-style and virtual-host-style addressing, aws-chunked bodies, S3 XML
// errors) over Lab::Call("S3", ...). Must not depend on sockets, threads, Emscripten or the UI.
#include <array>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/base64.h"
#include "core/lab.h"
#include "core/md5.h"
#include "core/sim_time.h"
#include "core/wire_common.h"
#include "core/wire_router.h"
#include "core/wire_xml.h"

// [SECTION] index
//   constants and small helpers    request ids, RFC 1123 dates, lab calls
//   checksums                      CRC32 / CRC32C (x-amz-checksum-crc32[c])
//   addressing                     bucket and key from the Host header and the path
//   responses                      S3 XML errors, NotImplemented and the unsupported sub-resources
//   request bodies                 aws-chunked decoding, Content-MD5, flexible checksums
//   operations: service, buckets   ListBuckets, CreateBucket, DeleteBucket, HeadBucket, GetBucketLocation
//   operations: listing            ListObjectsV2, ListObjects (v1)
//   operations: objects            GetObject, HeadObject (conditional reads), PutObject, CopyObject, DeleteObject,
//                                  DeleteObjects (with a minimal XML reader)
//   dispatch                       HandleS3Rest

namespace fhl {
namespace {

// [SECTION] constants and small helpers

constexpr const char* kS3Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";
constexpr const char* kXmlContentType = "application/xml";
// Since January 2023 S3 encrypts every new object with SSE-S3 and says so on PUT, GET and HEAD.
constexpr const char* kServerSideEncryption = "AES256";
constexpr const char* kNotImplementedMessage = "A header you provided implies functionality that is not implemented";

using QueryParams = std::vector<std::pair<std::string, std::string>>;

const std::string* FindParam(const QueryParams& params, std::string_view name) {
  for (const auto& [key, value] : params) {
    if (key == name) return &value;
  }
  return nullptr;
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && text.compare(0, prefix.size(), prefix) == 0;
}

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string ToLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::optional<uint64_t> ParseUnsigned(std::string_view text) {
  if (text.empty() || text.size() > 19) return std::nullopt;
  uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  return value;
}

// Deterministic (the core has no wall clock and the Lab's Rng is not touched): an FNV-1a hash of the request, the
// lab's clock and the wire layer's request counter (NextWireRequestId), so repeated requests get distinct ids.
uint64_t RequestHash(const Lab& lab, const HttpRequest& request) {
  uint64_t hash = 1469598103934665603ull;
  auto mix = [&hash](std::string_view bytes) {
    for (unsigned char c : bytes) {
      hash ^= c;
      hash *= 1099511628211ull;
    }
  };
  mix(request.method);
  mix(request.target);
  mix(std::to_string(lab.now()));
  mix(NextWireRequestId(lab));
  return hash;
}

std::string RequestId(uint64_t hash) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llX", static_cast<unsigned long long>(hash));
  return text;
}

// x-amz-id-2 / HostId: base64 of 48 bytes derived from the request hash (S3's are opaque base64 of similar length).
std::string HostId(uint64_t hash) {
  std::string bytes;
  uint64_t state = hash;
  for (int i = 0; i < 48; ++i) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    bytes += static_cast<char>(state >> 56);
  }
  return Base64Encode(bytes);
}

// "Wed, 01 Jan 2026 00:00:00 GMT" (RFC 1123, the HTTP date of Last-Modified).
std::string FormatHttpDate(TimeUs t) {
  static const char* const kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const CivilTime c = ToCivil(t);
  const int64_t days = FloorTo(t, kUsPerDay) / kUsPerDay;
  const int64_t weekday = ((days % 7) + 7 + 4) % 7;  // 1970-01-01 was a Thursday
  char text[40];
  std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[weekday], c.day,
                kMonths[(c.month - 1) % 12], c.year, c.hour, c.minute, c.second);
  return text;
}

// "Wed, 01 Jan 2026 00:00:00 GMT" back to a time (RFC 1123 only, the form every HTTP client sends); nullopt else.
std::optional<TimeUs> ParseHttpDate(std::string_view text) {
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  text = Trim(text);
  const size_t comma = text.find(", ");
  if (comma == std::string_view::npos) return std::nullopt;
  text.remove_prefix(comma + 2);  // "01 Jan 2026 00:00:00 GMT"
  if (text.size() != 24 || text.substr(20) != " GMT" || text[2] != ' ' || text[6] != ' ' || text[11] != ' ' ||
      text[14] != ':' || text[17] != ':') {
    return std::nullopt;
  }
  CivilTime c;
  int month = 0;
  for (int i = 0; i < 12; ++i) {
    if (text.substr(3, 3) == kMonths[i]) month = i + 1;
  }
  std::optional<uint64_t> day = ParseUnsigned(text.substr(0, 2)), year = ParseUnsigned(text.substr(7, 4)),
                          hour = ParseUnsigned(text.substr(12, 2)), minute = ParseUnsigned(text.substr(15, 2)),
                          second = ParseUnsigned(text.substr(18, 2));
  if (!month || !day || !year || !hour || !minute || !second || *day < 1 || *day > 31 || *hour > 23 || *minute > 59 ||
      *second > 60) {
    return std::nullopt;
  }
  c.year = static_cast<int>(*year);
  c.month = month;
  c.day = static_cast<int>(*day);
  c.hour = static_cast<int>(*hour);
  c.minute = static_cast<int>(*minute);
  c.second = static_cast<int>(*second);
  return FromCivil(c);
}

// An ISO-8601 string from the S3 JSON layer as an HTTP date (empty when unparseable).
std::string HttpDateFromIso(const Json& iso) {
  if (!iso.is_string()) return "";
  std::optional<TimeUs> t = ParseIso8601(iso.get<std::string>());
  return t ? FormatHttpDate(*t) : "";
}

std::string JsonString(const Json& body, const char* name) {
  auto it = body.find(name);
  return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// [SECTION] checksums

uint32_t Crc32Generic(std::string_view bytes, uint32_t reflected_polynomial) {
  uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char c : bytes) {
    crc ^= c;
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (reflected_polynomial & (0u - (crc & 1u)));
  }
  return ~crc;
}

// The base64 of the big-endian CRC, as x-amz-checksum-crc32 / -crc32c carry it.
std::string ChecksumBase64(uint32_t crc) {
  std::string bytes;
  for (int shift = 24; shift >= 0; shift -= 8) bytes += static_cast<char>((crc >> shift) & 0xFF);
  return Base64Encode(bytes);
}

struct ChecksumKind {
  const char* header;  // lower case
  const char* name;    // as S3's BadDigest message names it
  uint32_t polynomial; // 0: accepted without verification
};

constexpr ChecksumKind kChecksums[] = {
    {"x-amz-checksum-crc32", "CRC32", 0xEDB88320u},
    {"x-amz-checksum-crc32c", "CRC32C", 0x82F63B78u},
    {"x-amz-checksum-crc64nvme", "CRC64NVME", 0},
    {"x-amz-checksum-sha1", "SHA1", 0},
    {"x-amz-checksum-sha256", "SHA256", 0},
};

// [SECTION] addressing

struct Target {
  bool virtual_host = false;
  std::string bucket;  // empty: the service (ListBuckets)
  std::string key;     // empty: the bucket itself
};

// The bucket named by a virtual-host-style Host header, or nullopt for path style. Virtual-host names are
// "<bucket>.s3.amazonaws.com", "<bucket>.s3.<region>.amazonaws.com", "<bucket>.s3-<region>.amazonaws.com" and
// "<bucket>.localhost[:port]"; every other host (an IP address, plain "localhost", "s3.amazonaws.com") is path style.
std::optional<std::string> VirtualHostBucket(std::string_view host_header) {
  std::string host = ToLower(Trim(host_header));
  if (host.empty() || host.front() == '[') return std::nullopt;  // IPv6 literal
  const size_t colon = host.rfind(':');
  if (colon != std::string::npos) host.resize(colon);
  if (EndsWith(host, ".localhost")) return host.substr(0, host.size() - std::string_view(".localhost").size());
  constexpr std::string_view kAws = ".amazonaws.com";
  if (!EndsWith(host, kAws)) return std::nullopt;
  std::string_view rest(host);
  rest.remove_suffix(kAws.size());  // "bucket.s3", "bucket.s3.us-east-1", "s3", "s3.us-east-1"
  // The endpoint label is the last "s3" (or "s3-<region>") label, followed by at most one region label.
  size_t end = rest.size();
  for (int labels_after = 0; labels_after <= 1; ++labels_after) {
    const size_t dot = rest.rfind('.', end == 0 ? 0 : end - 1);
    const size_t start = dot == std::string_view::npos ? 0 : dot + 1;
    std::string_view label = rest.substr(start, end - start);
    if (label == "s3" || StartsWith(label, "s3-")) {
      if (start == 0) return std::nullopt;  // "s3.amazonaws.com": path style
      return std::string(rest.substr(0, start - 1));
    }
    if (dot == std::string_view::npos) return std::nullopt;
    end = dot;
  }
  return std::nullopt;
}

// Bucket and key from the Host header and the (still percent-encoded) path; nullopt on a malformed escape.
std::optional<Target> ParseTarget(const HttpRequest& request) {
  Target target;
  std::string_view path = request.path();
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  const std::optional<std::string_view> host = request.Header("Host");
  std::optional<std::string> host_bucket = host ? VirtualHostBucket(*host) : std::nullopt;
  if (host_bucket && !host_bucket->empty()) {
    target.virtual_host = true;
    target.bucket = std::move(*host_bucket);
    std::optional<std::string> key = PercentDecode(path);
    if (!key) return std::nullopt;
    target.key = std::move(*key);
    return target;
  }
  const size_t slash = path.find('/');
  std::optional<std::string> bucket = PercentDecode(path.substr(0, slash));
  std::optional<std::string> key =
      PercentDecode(slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1));
  if (!bucket || !key) return std::nullopt;
  target.bucket = std::move(*bucket);
  target.key = std::move(*key);
  return target;
}

// [SECTION] responses

// Everything one response needs to know about its request.
struct Context {
  Lab* lab = nullptr;
  const HttpRequest* request = nullptr;
  QueryParams params;
  Target target;
  std::string request_id;
  std::string host_id;
  bool head = false;
};

HttpResponse NewResponse(const Context& ctx, int status) {
  HttpResponse response;
  response.status = status;
  response.SetHeader("x-amz-request-id", ctx.request_id);
  response.SetHeader("x-amz-id-2", ctx.host_id);
  response.SetHeader("Server", "AmazonS3");
  return response;
}

HttpResponse XmlResponse(const Context& ctx, int status, std::string xml) {
  HttpResponse response = NewResponse(ctx, status);
  response.SetHeader("Content-Type", kXmlContentType);
  response.body = std::move(xml);
  return response;
}

using ExtraFields = std::vector<std::pair<std::string, std::string>>;

// <Error><Code/><Message/>[extra]<RequestId/><HostId/></Error>; HEAD answers carry the status only, as on S3.
HttpResponse ErrorResponse(const Context& ctx, const ApiError& error, ExtraFields extra = {}) {
  if (ctx.head) return NewResponse(ctx, error.http_status);
  if (error.code == "NoSuchKey") extra.emplace_back("Key", ctx.target.key);
  if (error.code == "NoSuchBucket" || error.code == "BucketNotEmpty" || error.code == "InvalidBucketName") {
    extra.emplace_back("BucketName", ctx.target.bucket);
  }
  XmlWriter w;
  w.Declaration();
  w.Open("Error");
  w.Leaf("Code", error.code);
  w.Leaf("Message", error.message);
  for (const auto& [name, value] : extra) w.Leaf(name, value);
  w.Leaf("RequestId", ctx.request_id);
  w.Leaf("HostId", ctx.host_id);
  return XmlResponse(ctx, error.http_status, w.Take());
}

HttpResponse Error(const Context& ctx, std::string code, std::string message, int status, ExtraFields extra = {}) {
  return ErrorResponse(ctx, ApiError{std::move(code), std::move(message), status}, std::move(extra));
}

HttpResponse NotImplemented(const Context& ctx, std::string_view operation) {
  return Error(ctx, "NotImplemented",
               std::string(kNotImplementedMessage) + " (" + std::string(operation) + " is not supported by this lab).",
               501);
}

HttpResponse MethodNotAllowed(const Context& ctx, std::string_view resource_type) {
  return Error(ctx, "MethodNotAllowed", "The specified method is not allowed against this resource.", 405,
               {{"Method", ctx.request->method}, {"ResourceType", std::string(resource_type)}});
}

// One core call; the error (if any) already as an S3 response.
struct CallResult {
  Response response;
  std::optional<HttpResponse> error;
};

CallResult CallS3(const Context& ctx, std::string_view action, const Json& request) {
  CallResult out{ctx.lab->Call("S3", action, request), std::nullopt};
  if (!out.response.ok()) out.error = ErrorResponse(ctx, *out.response.error);
  return out;
}

// Operations the lab does not have, named as the SDKs name them, from the sub-resource in the query string.
struct SubResource {
  const char* param;
  const char* suffix;  // "Acl" -> GetBucketAcl / PutObjectAcl; empty: see the fixed names below
};

constexpr SubResource kSubResources[] = {
    {"accelerate", "AccelerateConfiguration"},
    {"acl", "Acl"},
    {"analytics", "AnalyticsConfiguration"},
    {"attributes", ""},
    {"cors", "Cors"},
    {"encryption", "Encryption"},
    {"intelligent-tiering", "IntelligentTieringConfiguration"},
    {"inventory", "InventoryConfiguration"},
    {"legal-hold", "LegalHold"},
    {"lifecycle", "LifecycleConfiguration"},
    {"logging", "Logging"},
    {"metadataConfiguration", "MetadataConfiguration"},
    {"metadataTable", "MetadataTableConfiguration"},
    {"metrics", "MetricsConfiguration"},
    {"notification", "NotificationConfiguration"},
    {"object-lock", "LockConfiguration"},
    {"ownershipControls", "OwnershipControls"},
    {"partNumber", ""},
    {"policy", "Policy"},
    {"policyStatus", "PolicyStatus"},
    {"publicAccessBlock", "PublicAccessBlock"},
    {"renameObject", ""},
    {"replication", "Replication"},
    {"requestPayment", "RequestPayment"},
    {"restore", ""},
    {"retention", "Retention"},
    {"select", ""},
    {"session", ""},
    {"tagging", "Tagging"},
    {"torrent", ""},
    {"uploadId", ""},
    {"uploads", ""},
    {"versioning", "Versioning"},
    {"versions", ""},
    {"website", "Website"},
};

std::string OperationName(std::string_view method, std::string_view param, bool object_level) {
  const std::string verb = method == "GET" || method == "HEAD" ? "Get"
                           : method == "PUT"                   ? "Put"
                           : method == "DELETE"                ? "Delete"
                                                               : "Post";
  if (param == "uploads") return method == "POST" ? "CreateMultipartUpload" : "ListMultipartUploads";
  if (param == "uploadId") {
    if (method == "PUT") return "UploadPart";
    if (method == "POST") return "CompleteMultipartUpload";
    if (method == "DELETE") return "AbortMultipartUpload";
    return "ListParts";
  }
  if (param == "versions") return "ListObjectVersions";
  if (param == "restore") return "RestoreObject";
  if (param == "select") return "SelectObjectContent";
  if (param == "attributes") return "GetObjectAttributes";
  if (param == "partNumber") return verb + "Object (partNumber)";
  if (param == "session") return "CreateSession";
  if (param == "torrent") return "GetObjectTorrent";
  if (param == "renameObject") return "RenameObject";
  for (const SubResource& sub : kSubResources) {
    if (param == sub.param) return verb + (object_level ? "Object" : "Bucket") + sub.suffix;
  }
  return verb + " ?" + std::string(param);
}

// The first unsupported sub-resource in the query string, if any (uploadId first: UploadPart also has partNumber).
const char* UnsupportedSubResource(const QueryParams& params) {
  if (FindParam(params, "uploadId")) return "uploadId";
  for (const auto& [name, value] : params) {
    for (const SubResource& sub : kSubResources) {
      if (name == sub.param) return sub.param;
    }
  }
  return nullptr;
}

// [SECTION] request bodies

struct Body {
  std::string bytes;
  std::vector<HttpHeader> trailers;  // aws-chunked trailing headers (x-amz-checksum-crc32: ...)
};

bool IsAwsChunked(const HttpRequest& request) {
  if (std::optional<std::string_view> encoding = request.Header("Content-Encoding")) {
    if (ToLower(*encoding).find("aws-chunked") != std::string::npos) return true;
  }
  if (std::optional<std::string_view> sha = request.Header("x-amz-content-sha256")) {
    return StartsWith(*sha, "STREAMING-");
  }
  return false;
}

ApiError IncompleteBody(std::string message) { return ApiError{"IncompleteBody", std::move(message), 400}; }

// aws-chunked: "<hex-size>[;chunk-signature=...]\r\n<data>\r\n" ... "0[;chunk-signature=...]\r\n", then optional
// trailer lines "name:value\r\n" and a final "\r\n". Chunk signatures are not verified (no credentials here).
std::optional<ApiError> DecodeAwsChunked(std::string_view raw, Body* out) {
  size_t pos = 0;
  for (;;) {
    const size_t line_end = raw.find("\r\n", pos);
    if (line_end == std::string_view::npos) return IncompleteBody("The aws-chunked body ended inside a chunk header.");
    std::string_view header = raw.substr(pos, line_end - pos);
    pos = line_end + 2;
    std::string_view size_text = Trim(header.substr(0, header.find(';')));
    if (size_text.empty() || size_text.size() > 15) {
      return IncompleteBody("The aws-chunked body has an invalid chunk size.");
    }
    uint64_t size = 0;
    for (char c : size_text) {
      int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (digit < 0) return IncompleteBody("The aws-chunked body has an invalid chunk size.");
      size = size * 16 + static_cast<uint64_t>(digit);
    }
    if (size == 0) break;
    if (size > raw.size() - pos || raw.size() - pos - size < 2 || raw.substr(pos + size, 2) != "\r\n") {
      return IncompleteBody("The aws-chunked body ended before the chunk of " + std::to_string(size) +
                            " bytes it announced.");
    }
    out->bytes.append(raw.substr(pos, size));
    pos += size + 2;
  }
  while (pos < raw.size()) {  // trailers, up to the empty line
    size_t line_end = raw.find("\r\n", pos);
    if (line_end == std::string_view::npos) line_end = raw.size();
    std::string_view line = raw.substr(pos, line_end - pos);
    pos = line_end == raw.size() ? line_end : line_end + 2;
    if (line.empty()) break;
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) return IncompleteBody("The aws-chunked body has a malformed trailer.");
    out->trailers.push_back({ToLower(Trim(line.substr(0, colon))), std::string(Trim(line.substr(colon + 1)))});
  }
  if (pos != raw.size()) return IncompleteBody("The aws-chunked body has data after its final chunk.");
  return std::nullopt;
}

// The object bytes of a PutObject: aws-chunked decoded, x-amz-decoded-content-length, Content-MD5 and the flexible
// checksums (x-amz-checksum-crc32/crc32c verified, in a header or a trailer) checked. On success *verified lists
// the checksum headers to echo in the response.
std::optional<ApiError> ReadPutBody(const HttpRequest& request, Body* body, std::vector<HttpHeader>* verified) {
  if (IsAwsChunked(request)) {
    if (auto error = DecodeAwsChunked(request.body, body)) return error;
    if (std::optional<std::string_view> decoded_length = request.Header("x-amz-decoded-content-length")) {
      std::optional<uint64_t> expected = ParseUnsigned(Trim(*decoded_length));
      if (!expected || *expected != body->bytes.size()) {
        return IncompleteBody(
            "You did not provide the number of bytes specified by the x-amz-decoded-content-length HTTP header.");
      }
    }
  } else {
    body->bytes = request.body;
  }
  if (std::optional<std::string_view> content_md5 = request.Header("Content-MD5")) {
    std::optional<std::string> digest = Base64Decode(Trim(*content_md5));
    if (!digest || digest->size() != 16) {
      return ApiError{"InvalidDigest", "The Content-MD5 you specified was invalid.", 400};
    }
    const std::array<uint8_t, 16> actual = Md5Digest(body->bytes);
    if (std::string_view(*digest) != std::string_view(reinterpret_cast<const char*>(actual.data()), actual.size())) {
      return ApiError{"BadDigest", "The Content-MD5 you specified did not match what we received.", 400};
    }
  }
  for (const ChecksumKind& kind : kChecksums) {
    std::optional<std::string> value;
    if (std::optional<std::string_view> header = request.Header(kind.header)) value = std::string(Trim(*header));
    for (const HttpHeader& trailer : body->trailers) {
      if (trailer.name == kind.header) value = trailer.value;
    }
    if (!value || kind.polynomial == 0) continue;
    if (ChecksumBase64(Crc32Generic(body->bytes, kind.polynomial)) != *value) {
      return ApiError{"BadDigest",
                      std::string("The ") + kind.name + " you specified did not match the calculated checksum.", 400};
    }
    verified->push_back({kind.header, *value});
  }
  return std::nullopt;
}

// [SECTION] operations: service, buckets

// The newer ListBuckets parameters: prefix and bucket-region filter; max-buckets and continuation-token page, but
// the lab holds at most 100 buckets, so one page always holds them all and no ContinuationToken is returned.
HttpResponse ListBuckets(const Context& ctx) {
  CallResult listed = CallS3(ctx, "ListBuckets", Json::object());
  if (listed.error) return *listed.error;
  const Json& body = listed.response.body;
  const std::string* prefix = FindParam(ctx.params, "prefix");
  const std::string* region = FindParam(ctx.params, "bucket-region");
  if (const std::string* max_buckets = FindParam(ctx.params, "max-buckets")) {
    std::optional<uint64_t> value = ParseUnsigned(*max_buckets);
    if (!value || *value < 1 || *value > 10000) {
      return Error(ctx, "InvalidArgument", "Argument max-buckets must be an integer between 1 and 10000.", 400,
                   {{"ArgumentName", "max-buckets"}, {"ArgumentValue", *max_buckets}});
    }
  }
  XmlWriter w;
  w.Declaration();
  w.Open("ListAllMyBucketsResult", kS3Namespace);
  w.Open("Owner");
  if (auto owner = body.find("Owner"); owner != body.end() && owner->is_object()) {
    w.Leaf("ID", JsonString(*owner, "ID"));
    w.Leaf("DisplayName", JsonString(*owner, "DisplayName"));
  }
  w.Close();
  w.Open("Buckets");
  if (auto buckets = body.find("Buckets"); buckets != body.end() && buckets->is_array()) {
    for (const Json& bucket : *buckets) {
      const std::string name = JsonString(bucket, "Name");
      if (prefix && !StartsWith(name, *prefix)) continue;
      if (region && *region != Lab::kRegion) continue;
      w.Open("Bucket");
      w.Leaf("Name", name);
      w.Leaf("CreationDate", JsonString(bucket, "CreationDate"));
      w.Close();
    }
  }
  w.Close();
  if (prefix) w.Leaf("Prefix", *prefix);
  return XmlResponse(ctx, 200, w.Take());
}

// The text of <LocationConstraint> in a CreateBucketConfiguration body ("" when absent).
std::string LocationConstraint(std::string_view xml) {
  const size_t open = xml.find("<LocationConstraint");
  if (open == std::string_view::npos) return "";
  const size_t start = xml.find('>', open);
  if (start == std::string_view::npos || xml[start - 1] == '/') return "";
  const size_t end = xml.find("</LocationConstraint>", start);
  if (end == std::string_view::npos) return "";
  return std::string(Trim(xml.substr(start + 1, end - start - 1)));
}

HttpResponse CreateBucket(const Context& ctx) {
  // The lab is us-east-1: S3 there refuses any other LocationConstraint (and "us-east-1" itself).
  const std::string location = LocationConstraint(ctx.request->body);
  if (!location.empty()) {
    return Error(ctx, location == Lab::kRegion ? "InvalidLocationConstraint" : "IllegalLocationConstraintException",
                 location == Lab::kRegion
                     ? "The specified location-constraint is not valid"
                     : "The " + location + " location constraint is incompatible for the region specific endpoint "
                                           "this request was sent to.",
                 400, {{"LocationConstraint", location}});
  }
  CallResult created = CallS3(ctx, "CreateBucket", Json{{"Bucket", ctx.target.bucket}});
  if (created.error) return *created.error;
  HttpResponse response = NewResponse(ctx, 200);
  response.SetHeader("Location", "/" + ctx.target.bucket);
  return response;
}

HttpResponse DeleteBucket(const Context& ctx) {
  CallResult deleted = CallS3(ctx, "DeleteBucket", Json{{"Bucket", ctx.target.bucket}});
  if (deleted.error) return *deleted.error;
  return NewResponse(ctx, 204);
}

HttpResponse HeadBucket(const Context& ctx) {
  CallResult found = CallS3(ctx, "HeadBucket", Json{{"Bucket", ctx.target.bucket}});
  if (found.error) return *found.error;
  HttpResponse response = NewResponse(ctx, 200);
  response.SetHeader("x-amz-bucket-region", Lab::kRegion);
  response.SetHeader("Content-Type", kXmlContentType);
  return response;
}

HttpResponse GetBucketLocation(const Context& ctx) {
  CallResult found = CallS3(ctx, "HeadBucket", Json{{"Bucket", ctx.target.bucket}});
  if (found.error) {
    return Error(ctx, "NoSuchBucket", "The specified bucket does not exist.", 404);
  }
  XmlWriter w;
  w.Declaration();
  w.Open("LocationConstraint", kS3Namespace);  // empty for us-east-1, as S3 answers
  return XmlResponse(ctx, 200, w.Take());
}

// [SECTION] operations: listing

// The owner of every object (the account), read once from ListBuckets.
Json AccountOwner(const Context& ctx) {
  Response listed = ctx.lab->Call("S3", "ListBuckets", Json::object());
  auto owner = listed.body.find("Owner");
  return owner != listed.body.end() && owner->is_object() ? *owner : Json::object();
}

struct ListParams {
  std::optional<std::string> prefix, delimiter, encoding_type;
  std::optional<int64_t> max_keys;
};

// Reads prefix, delimiter, max-keys and encoding-type; an error response for bad values.
std::optional<HttpResponse> ReadListParams(const Context& ctx, ListParams* out) {
  if (const std::string* prefix = FindParam(ctx.params, "prefix")) out->prefix = *prefix;
  if (const std::string* delimiter = FindParam(ctx.params, "delimiter")) out->delimiter = *delimiter;
  if (const std::string* max_keys = FindParam(ctx.params, "max-keys")) {
    std::optional<uint64_t> value = ParseUnsigned(*max_keys);
    if (!value || *value > 2147483647u) {
      return Error(ctx, "InvalidArgument", "Provided max-keys not an integer or within integer range", 400,
                   {{"ArgumentName", "max-keys"}, {"ArgumentValue", *max_keys}});
    }
    out->max_keys = static_cast<int64_t>(*value);
  }
  if (const std::string* encoding = FindParam(ctx.params, "encoding-type")) {
    if (*encoding != "url") {
      return Error(ctx, "InvalidArgument", "Invalid Encoding Method specified in Request", 400,
                   {{"ArgumentName", "encoding-type"}, {"ArgumentValue", *encoding}});
    }
    out->encoding_type = *encoding;
  }
  return std::nullopt;
}

// Key-like values are URL-encoded ('/' kept) when the request asked for encoding-type=url.
std::string MaybeEncode(const ListParams& params, std::string_view value) {
  return params.encoding_type ? PercentEncode(value, true) : std::string(value);
}

void WriteContents(XmlWriter& w, const ListParams& params, const Json& body, const Json* owner) {
  auto contents = body.find("Contents");
  if (contents == body.end() || !contents->is_array()) return;
  for (const Json& entry : *contents) {
    w.Open("Contents");
    w.Leaf("Key", MaybeEncode(params, JsonString(entry, "Key")));
    w.Leaf("LastModified", JsonString(entry, "LastModified"));
    w.Leaf("ETag", JsonString(entry, "ETag"));
    auto size = entry.find("Size");
    w.Leaf("Size", size != entry.end() && size->is_number_unsigned() ? std::to_string(size->get<uint64_t>()) : "0");
    if (owner) {
      w.Open("Owner");
      w.Leaf("ID", JsonString(*owner, "ID"));
      w.Leaf("DisplayName", JsonString(*owner, "DisplayName"));
      w.Close();
    }
    w.Leaf("StorageClass", JsonString(entry, "StorageClass"));
    w.Close();
  }
}

void WriteCommonPrefixes(XmlWriter& w, const ListParams& params, const Json& body) {
  auto prefixes = body.find("CommonPrefixes");
  if (prefixes == body.end() || !prefixes->is_array()) return;
  for (const Json& entry : *prefixes) {
    w.Open("CommonPrefixes");
    w.Leaf("Prefix", MaybeEncode(params, JsonString(entry, "Prefix")));
    w.Close();
  }
}

Json ListRequest(const Context& ctx, const ListParams& params) {
  Json request{{"Bucket", ctx.target.bucket}};
  if (params.prefix) request["Prefix"] = *params.prefix;
  if (params.delimiter) request["Delimiter"] = *params.delimiter;
  if (params.max_keys) request["MaxKeys"] = *params.max_keys;
  return request;
}

std::string BoolText(const Json& body, const char* name) {
  auto it = body.find(name);
  return it != body.end() && it->is_boolean() && it->get<bool>() ? "true" : "false";
}

std::string IntText(const Json& body, const char* name) {
  auto it = body.find(name);
  return it != body.end() && it->is_number_integer() ? std::to_string(it->get<int64_t>()) : "0";
}

HttpResponse ListObjectsV2(const Context& ctx) {
  ListParams params;
  if (auto error = ReadListParams(ctx, &params)) return *error;
  Json request = ListRequest(ctx, params);
  const std::string* token = FindParam(ctx.params, "continuation-token");
  const std::string* start_after = FindParam(ctx.params, "start-after");
  const std::string* fetch_owner = FindParam(ctx.params, "fetch-owner");
  if (token) request["ContinuationToken"] = *token;
  if (start_after) request["StartAfter"] = *start_after;
  CallResult listed = CallS3(ctx, "ListObjectsV2", request);
  if (listed.error) return *listed.error;
  const Json& body = listed.response.body;
  const Json owner = fetch_owner && *fetch_owner == "true" ? AccountOwner(ctx) : Json();

  XmlWriter w;
  w.Declaration();
  w.Open("ListBucketResult", kS3Namespace);
  w.Leaf("Name", ctx.target.bucket);
  w.Leaf("Prefix", MaybeEncode(params, params.prefix.value_or("")));
  if (token) w.Leaf("ContinuationToken", *token);
  const std::string next_token = JsonString(body, "NextContinuationToken");
  if (!next_token.empty()) w.Leaf("NextContinuationToken", next_token);
  if (start_after) w.Leaf("StartAfter", MaybeEncode(params, *start_after));
  w.Leaf("KeyCount", IntText(body, "KeyCount"));
  w.Leaf("MaxKeys", IntText(body, "MaxKeys"));
  if (params.delimiter) w.Leaf("Delimiter", MaybeEncode(params, *params.delimiter));
  w.Leaf("IsTruncated", BoolText(body, "IsTruncated"));
  WriteContents(w, params, body, owner.is_object() ? &owner : nullptr);
  WriteCommonPrefixes(w, params, body);
  if (params.encoding_type) w.Leaf("EncodingType", *params.encoding_type);
  return XmlResponse(ctx, 200, w.Take());
}

// ListObjects (v1) over the core's ListObjectsV2: marker is StartAfter (both are exclusive and skip a common prefix
// at or before them); NextMarker is the last key or common prefix returned, sent only with a delimiter, as S3 does.
HttpResponse ListObjectsV1(const Context& ctx) {
  ListParams params;
  if (auto error = ReadListParams(ctx, &params)) return *error;
  Json request = ListRequest(ctx, params);
  const std::string* marker = FindParam(ctx.params, "marker");
  if (marker && !marker->empty()) request["StartAfter"] = *marker;
  CallResult listed = CallS3(ctx, "ListObjectsV2", request);
  if (listed.error) return *listed.error;
  const Json& body = listed.response.body;
  const Json owner = AccountOwner(ctx);

  std::string next_marker;
  if (auto contents = body.find("Contents"); contents != body.end() && contents->is_array() && !contents->empty()) {
    next_marker = JsonString(contents->back(), "Key");
  }
  if (auto prefixes = body.find("CommonPrefixes");
      prefixes != body.end() && prefixes->is_array() && !prefixes->empty()) {
    std::string last_prefix = JsonString(prefixes->back(), "Prefix");
    if (last_prefix > next_marker) next_marker = std::move(last_prefix);
  }

  XmlWriter w;
  w.Declaration();
  w.Open("ListBucketResult", kS3Namespace);
  w.Leaf("Name", ctx.target.bucket);
  w.Leaf("Prefix", MaybeEncode(params, params.prefix.value_or("")));
  w.Leaf("Marker", MaybeEncode(params, marker ? *marker : ""));
  const bool truncated = BoolText(body, "IsTruncated") == "true";
  if (truncated && params.delimiter) w.Leaf("NextMarker", MaybeEncode(params, next_marker));
  w.Leaf("MaxKeys", IntText(body, "MaxKeys"));
  if (params.delimiter) w.Leaf("Delimiter", MaybeEncode(params, *params.delimiter));
  w.Leaf("IsTruncated", truncated ? "true" : "false");
  WriteContents(w, params, body, owner.is_object() ? &owner : nullptr);
  WriteCommonPrefixes(w, params, body);
  if (params.encoding_type) w.Leaf("EncodingType", *params.encoding_type);
  return XmlResponse(ctx, 200, w.Take());
}

// [SECTION] operations: objects

// The metadata headers of GetObject and HeadObject from the core's answer.
void SetObjectHeaders(HttpResponse& response, const Json& body) {
  response.SetHeader("Accept-Ranges", "bytes");
  const std::string last_modified = HttpDateFromIso(body.contains("LastModified") ? body["LastModified"] : Json());
  if (!last_modified.empty()) response.SetHeader("Last-Modified", last_modified);
  response.SetHeader("ETag", JsonString(body, "ETag"));
  const std::string content_type = JsonString(body, "ContentType");
  response.SetHeader("Content-Type", content_type.empty() ? "binary/octet-stream" : content_type);
  const std::string content_range = JsonString(body, "ContentRange");
  if (!content_range.empty()) response.SetHeader("Content-Range", content_range);
  response.SetHeader("x-amz-server-side-encryption", kServerSideEncryption);
}

// GetObject's response-* query parameters override these response headers (S3 allows them on signed requests).
constexpr std::pair<const char*, const char*> kResponseOverrides[] = {
    {"response-content-type", "Content-Type"},
    {"response-content-language", "Content-Language"},
    {"response-expires", "Expires"},
    {"response-cache-control", "Cache-Control"},
    {"response-content-disposition", "Content-Disposition"},
    {"response-content-encoding", "Content-Encoding"},
};

// True when an If-Match / If-None-Match list ("*", "\"etag\"", "W/\"etag\"", comma-separated) names etag.
bool EtagListMatches(std::string_view list, std::string_view etag) {
  while (!list.empty()) {
    const size_t comma = list.find(',');
    std::string_view item = Trim(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    if (StartsWith(item, "W/")) item.remove_prefix(2);
    if (item == "*" || item == etag) return true;
    if (etag.size() >= 2 && item == etag.substr(1, etag.size() - 2)) return true;  // sent without quotes
  }
  return false;
}

// The conditional headers of GET and HEAD in RFC 7232 order, as S3 applies them: If-Match (412 when it names
// another ETag), else If-Unmodified-Since (412 when modified after it); If-None-Match (304 when it names this ETag),
// else If-Modified-Since (304 when not modified after it). Unparseable dates are ignored.
std::optional<HttpResponse> CheckReadPreconditions(const Context& ctx) {
  const std::optional<std::string_view> if_match = ctx.request->Header("If-Match");
  const std::optional<std::string_view> if_none_match = ctx.request->Header("If-None-Match");
  const std::optional<std::string_view> if_unmodified = ctx.request->Header("If-Unmodified-Since");
  const std::optional<std::string_view> if_modified = ctx.request->Header("If-Modified-Since");
  if (!if_match && !if_none_match && !if_unmodified && !if_modified) return std::nullopt;
  Response head = ctx.lab->Call("S3", "HeadObject", Json{{"Bucket", ctx.target.bucket}, {"Key", ctx.target.key}});
  if (!head.ok()) return std::nullopt;  // the read itself reports NoSuchKey / NoSuchBucket
  const std::string etag = JsonString(head.body, "ETag");
  std::optional<TimeUs> modified =
      ParseIso8601(head.body.contains("LastModified") && head.body["LastModified"].is_string()
                       ? head.body["LastModified"].get<std::string>()
                       : std::string());
  if (modified) *modified = FloorTo(*modified, kUsPerSecond);  // HTTP dates have whole seconds
  const auto after = [&modified](std::optional<std::string_view> header) {
    std::optional<TimeUs> date = ParseHttpDate(*header);
    return date && modified ? std::optional<bool>(*modified > *date) : std::nullopt;
  };
  const bool match_failed = if_match ? !EtagListMatches(*if_match, etag)
                                     : if_unmodified && after(if_unmodified).value_or(false);
  if (match_failed) {
    return Error(ctx, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold", 412,
                 {{"Condition", if_match ? "If-Match" : "If-Unmodified-Since"}});
  }
  const bool unchanged = if_none_match ? EtagListMatches(*if_none_match, etag)
                                       : if_modified && !after(if_modified).value_or(true);
  if (unchanged) {
    HttpResponse not_modified = NewResponse(ctx, 304);
    not_modified.SetHeader("ETag", etag);
    const std::string last_modified =
        HttpDateFromIso(head.body.contains("LastModified") ? head.body["LastModified"] : Json());
    if (!last_modified.empty()) not_modified.SetHeader("Last-Modified", last_modified);
    return not_modified;
  }
  return std::nullopt;
}

HttpResponse ReadObject(const Context& ctx) {
  if (std::optional<HttpResponse> precondition = CheckReadPreconditions(ctx)) return *precondition;
  Json request{{"Bucket", ctx.target.bucket}, {"Key", ctx.target.key}};
  const std::optional<std::string_view> range = ctx.request->Header("Range");
  if (range) request["Range"] = std::string(Trim(*range));
  Response read = ctx.lab->Call("S3", ctx.head ? "HeadObject" : "GetObject", request);
  if (!read.ok()) {
    ExtraFields extra;
    if (read.error->code == "InvalidRange") {
      Response head = ctx.lab->Call("S3", "HeadObject", Json{{"Bucket", ctx.target.bucket}, {"Key", ctx.target.key}});
      extra.emplace_back("RangeRequested", std::string(Trim(*range)));
      auto size = head.body.find("ContentLength");
      if (size != head.body.end() && size->is_number_unsigned()) {
        extra.emplace_back("ActualObjectSize", std::to_string(size->get<uint64_t>()));
      }
    }
    return ErrorResponse(ctx, *read.error, std::move(extra));
  }
  const Json& body = read.body;
  HttpResponse response = NewResponse(ctx, body.contains("ContentRange") ? 206 : 200);
  SetObjectHeaders(response, body);
  if (ctx.head) {
    // HEAD: the object's length with no body (see wire_router.h: the transport keeps this Content-Length).
    auto length = body.find("ContentLength");
    response.SetHeader("Content-Length",
                       length != body.end() && length->is_number_unsigned()
                           ? std::to_string(length->get<uint64_t>())
                           : "0");
    return response;
  }
  for (const auto& [param, header] : kResponseOverrides) {
    if (const std::string* value = FindParam(ctx.params, param)) response.SetHeader(header, *value);
  }
  std::optional<std::string> bytes = Base64Decode(JsonString(body, "Body"));
  response.body = bytes ? std::move(*bytes) : std::string();
  return response;
}

// x-amz-copy-source: "bucket/key" or "/bucket/key", percent-encoded, optionally "?versionId=...".
std::optional<std::pair<std::string, std::string>> ParseCopySource(std::string_view source) {
  source = Trim(source);
  const size_t question = source.find('?');
  if (question != std::string_view::npos) source = source.substr(0, question);
  if (!source.empty() && source.front() == '/') source.remove_prefix(1);
  std::optional<std::string> decoded = PercentDecode(source);
  if (!decoded) return std::nullopt;
  const size_t slash = decoded->find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == decoded->size()) return std::nullopt;
  return std::make_pair(decoded->substr(0, slash), decoded->substr(slash + 1));
}

HttpResponse CopyObject(const Context& ctx, std::string_view source_header) {
  std::optional<std::pair<std::string, std::string>> source = ParseCopySource(source_header);
  if (!source) {
    return Error(ctx, "InvalidArgument", "Invalid copy source object key", 400,
                 {{"ArgumentName", "x-amz-copy-source"}, {"ArgumentValue", std::string(source_header)}});
  }
  const std::optional<std::string_view> directive = ctx.request->Header("x-amz-metadata-directive");
  const bool replace = directive && EqualsIgnoreCase(Trim(*directive), "REPLACE");
  if (!replace && source->first == ctx.target.bucket && source->second == ctx.target.key) {
    return Error(ctx, "InvalidRequest",
                 "This copy request is illegal because it is trying to copy an object to itself without changing the "
                 "object's metadata, storage class, website redirect location or encryption attributes.",
                 400);
  }
  Response read = ctx.lab->Call("S3", "GetObject", Json{{"Bucket", source->first}, {"Key", source->second}});
  if (!read.ok()) {
    ExtraFields extra;
    if (read.error->code == "NoSuchKey") extra.emplace_back("Key", source->second);
    if (read.error->code == "NoSuchBucket") extra.emplace_back("BucketName", source->first);
    XmlWriter w;
    w.Declaration();
    w.Open("Error");
    w.Leaf("Code", read.error->code);
    w.Leaf("Message", read.error->message);
    for (const auto& [name, value] : extra) w.Leaf(name, value);
    w.Leaf("RequestId", ctx.request_id);
    w.Leaf("HostId", ctx.host_id);
    return XmlResponse(ctx, read.error->http_status, w.Take());
  }
  std::string content_type = JsonString(read.body, "ContentType");
  if (replace) {
    const std::optional<std::string_view> requested = ctx.request->Header("Content-Type");
    content_type = requested ? std::string(Trim(*requested)) : std::string("binary/octet-stream");
  }
  CallResult put = CallS3(ctx, "PutObject",
                          Json{{"Bucket", ctx.target.bucket},
                               {"Key", ctx.target.key},
                               {"Body", JsonString(read.body, "Body")},
                               {"ContentType", content_type}});
  if (put.error) return *put.error;
  Response head = ctx.lab->Call("S3", "HeadObject", Json{{"Bucket", ctx.target.bucket}, {"Key", ctx.target.key}});
  XmlWriter w;
  w.Declaration();
  w.Open("CopyObjectResult", kS3Namespace);
  w.Leaf("LastModified", JsonString(head.body, "LastModified"));
  w.Leaf("ETag", JsonString(put.response.body, "ETag"));
  HttpResponse response = XmlResponse(ctx, 200, w.Take());
  response.SetHeader("x-amz-server-side-encryption", kServerSideEncryption);
  return response;
}

HttpResponse PutObject(const Context& ctx) {
  if (std::optional<std::string_view> source = ctx.request->Header("x-amz-copy-source")) {
    return CopyObject(ctx, *source);
  }
  Body body;
  std::vector<HttpHeader> verified;
  if (auto error = ReadPutBody(*ctx.request, &body, &verified)) return ErrorResponse(ctx, *error);
  // If-None-Match: * (conditional write): only when the key does not exist yet.
  if (std::optional<std::string_view> if_none_match = ctx.request->Header("If-None-Match")) {
    if (Trim(*if_none_match) == "*") {
      Response head =
          ctx.lab->Call("S3", "HeadObject", Json{{"Bucket", ctx.target.bucket}, {"Key", ctx.target.key}});
      if (head.ok()) {
        return Error(ctx, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold", 412,
                     {{"Condition", "If-None-Match"}});
      }
    }
  }
  Json request{{"Bucket", ctx.target.bucket}, {"Key", ctx.target.key}, {"Body", Base64Encode(body.bytes)}};
  if (std::optional<std::string_view> content_type = ctx.request->Header("Content-Type")) {
    request["ContentType"] = std::string(Trim(*content_type));
  }
  CallResult put = CallS3(ctx, "PutObject", request);
  if (put.error) return *put.error;
  HttpResponse response = NewResponse(ctx, 200);
  response.SetHeader("ETag", JsonString(put.response.body, "ETag"));
  response.SetHeader("x-amz-server-side-encryption", kServerSideEncryption);
  for (HttpHeader& checksum : verified) response.SetHeader(std::move(checksum.name), std::move(checksum.value));
  return response;
}

HttpResponse DeleteObject(const Context& ctx) {
  CallResult deleted = CallS3(ctx, "DeleteObject", Json{{"Bucket", ctx.target.bucket}, {"Key", ctx.target.key}});
  if (deleted.error) return *deleted.error;
  return NewResponse(ctx, 204);
}

// The text of XML element content with the five named entities and numeric character references resolved;
// nullopt on an unknown or malformed reference.
std::optional<std::string> XmlUnescape(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      out += text[i];
      continue;
    }
    const size_t semicolon = text.find(';', i);
    if (semicolon == std::string_view::npos) return std::nullopt;
    const std::string_view name = text.substr(i + 1, semicolon - i - 1);
    i = semicolon;
    if (name == "amp") out += '&';
    else if (name == "lt") out += '<';
    else if (name == "gt") out += '>';
    else if (name == "quot") out += '"';
    else if (name == "apos") out += '\'';
    else if (name.size() >= 2 && name[0] == '#') {
      const bool hex = name[1] == 'x' || name[1] == 'X';
      std::string_view digits = name.substr(hex ? 2 : 1);
      if (digits.empty() || digits.size() > 8) return std::nullopt;
      uint32_t code = 0;
      for (char c : digits) {
        int digit = c >= '0' && c <= '9' ? c - '0' : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                                                    : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (digit < 0) return std::nullopt;
        code = code * (hex ? 16 : 10) + static_cast<uint32_t>(digit);
      }
      if (code == 0 || code > 0x10FFFF) return std::nullopt;
      if (code < 0x80) {
        out += static_cast<char>(code);
      } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | (code >> 6));
        out += static_cast<char>(0x80 | (code & 0x3F));
      } else if (code < 0x10000) {
        out += static_cast<char>(0xE0 | (code >> 12));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
      } else {
        out += static_cast<char>(0xF0 | (code >> 18));
        out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
      }
    } else {
      return std::nullopt;
    }
  }
  return out;
}

// The content of the first <name>...</name> in xml (nullopt when absent or unterminated).
std::optional<std::string_view> ElementText(std::string_view xml, std::string_view name) {
  const std::string open = "<" + std::string(name) + ">";
  const std::string close = "</" + std::string(name) + ">";
  const size_t start = xml.find(open);
  if (start == std::string_view::npos) return std::nullopt;
  const size_t end = xml.find(close, start + open.size());
  if (end == std::string_view::npos) return std::nullopt;
  return xml.substr(start + open.size(), end - start - open.size());
}

constexpr size_t kMaxDeleteObjects = 1000;

// POST /bucket?delete: <Delete><Object><Key>k</Key></Object>...<Quiet>true</Quiet></Delete>. Each key is one
// DeleteObject (deleting a missing key succeeds, as on S3); per-key failures are <Error> entries.
HttpResponse DeleteObjects(const Context& ctx) {
  const HttpRequest& request = *ctx.request;
  bool has_digest = request.Header("Content-MD5").has_value();
  for (const ChecksumKind& kind : kChecksums) has_digest = has_digest || request.Header(kind.header).has_value();
  if (!has_digest) {
    return Error(ctx, "InvalidRequest", "Missing required header for this request: Content-MD5", 400);
  }
  Body body;
  std::vector<HttpHeader> verified;
  if (auto error = ReadPutBody(request, &body, &verified)) return ErrorResponse(ctx, *error);
  const ApiError malformed{"MalformedXML",
                           "The XML you provided was not well-formed or did not validate against our published schema",
                           400};
  std::optional<std::string_view> root = ElementText(body.bytes, "Delete");
  if (!root) {  // the SDKs send <Delete xmlns="...">
    const size_t open = body.bytes.find("<Delete ");
    const size_t content = open == std::string::npos ? open : body.bytes.find('>', open);
    const size_t end = body.bytes.rfind("</Delete>");
    if (content == std::string::npos || end == std::string::npos || end < content) return ErrorResponse(ctx, malformed);
    root = std::string_view(body.bytes).substr(content + 1, end - content - 1);
  }
  std::optional<std::string_view> quiet_text = ElementText(*root, "Quiet");
  const bool quiet = quiet_text && Trim(*quiet_text) == "true";
  std::vector<std::string> keys;
  std::string_view rest = *root;
  while (std::optional<std::string_view> object = ElementText(rest, "Object")) {
    std::optional<std::string_view> key_text = ElementText(*object, "Key");
    std::optional<std::string> key = key_text ? XmlUnescape(*key_text) : std::nullopt;
    if (!key) return ErrorResponse(ctx, malformed);
    keys.push_back(std::move(*key));
    if (keys.size() > kMaxDeleteObjects) return ErrorResponse(ctx, malformed);
    rest.remove_prefix(static_cast<size_t>(object->data() - rest.data()) + object->size() +
                       std::string_view("</Object>").size());
  }
  if (keys.empty()) return ErrorResponse(ctx, malformed);
  CallResult bucket = CallS3(ctx, "HeadBucket", Json{{"Bucket", ctx.target.bucket}});
  if (bucket.error) return Error(ctx, "NoSuchBucket", "The specified bucket does not exist.", 404);

  XmlWriter w;
  w.Declaration();
  w.Open("DeleteResult", kS3Namespace);
  for (const std::string& key : keys) {
    Response deleted = ctx.lab->Call("S3", "DeleteObject", Json{{"Bucket", ctx.target.bucket}, {"Key", key}});
    if (deleted.ok()) {
      if (quiet) continue;
      w.Open("Deleted");
      w.Leaf("Key", key);
      w.Close();
    } else {
      w.Open("Error");
      w.Leaf("Key", key);
      w.Leaf("Code", deleted.error->code);
      w.Leaf("Message", deleted.error->message);
      w.Close();
    }
  }
  return XmlResponse(ctx, 200, w.Take());
}

// [SECTION] dispatch

HttpResponse Dispatch(const Context& ctx) {
  const std::string& method = ctx.request->method;
  const bool object_level = !ctx.target.key.empty();
  if (const char* sub = UnsupportedSubResource(ctx.params)) {
    return NotImplemented(ctx, OperationName(method, sub, object_level));
  }
  if (const std::string* version = FindParam(ctx.params, "versionId"); version && *version != "null") {
    return Error(ctx, "InvalidArgument", "Invalid version id specified", 400,
                 {{"ArgumentName", "versionId"}, {"ArgumentValue", *version}});
  }
  if (ctx.target.bucket.empty()) {
    if (method == "GET") return ListBuckets(ctx);
    return MethodNotAllowed(ctx, "SERVICE");
  }
  if (!object_level) {
    if (FindParam(ctx.params, "location")) {
      if (method == "GET") return GetBucketLocation(ctx);
      return NotImplemented(ctx, OperationName(method, "location", false));
    }
    if (method == "GET") {
      const std::string* list_type = FindParam(ctx.params, "list-type");
      return list_type && *list_type == "2" ? ListObjectsV2(ctx) : ListObjectsV1(ctx);
    }
    if (method == "PUT") return CreateBucket(ctx);
    if (method == "DELETE") return DeleteBucket(ctx);
    if (method == "HEAD") return HeadBucket(ctx);
    if (method == "POST" && FindParam(ctx.params, "delete")) return DeleteObjects(ctx);
    if (method == "POST") return NotImplemented(ctx, "PostObject (browser form upload)");
    return MethodNotAllowed(ctx, "BUCKET");
  }
  if (method == "GET" || method == "HEAD") return ReadObject(ctx);
  if (method == "PUT") return PutObject(ctx);
  if (method == "DELETE") return DeleteObject(ctx);
  if (method == "POST") return NotImplemented(ctx, "POST on an object");
  return MethodNotAllowed(ctx, "OBJECT");
}

}  // namespace

HttpResponse HandleS3Rest(Lab& lab, const HttpRequest& request) {
  Context ctx;
  ctx.lab = &lab;
  ctx.request = &request;
  ctx.head = request.method == "HEAD";
  const uint64_t hash = RequestHash(lab, request);
  ctx.request_id = RequestId(hash);
  ctx.host_id = HostId(hash);
  std::optional<QueryParams> params = ParseQueryString(request.query(), true);
  std::optional<Target> target = ParseTarget(request);
  if (!params || !target) return Error(ctx, "InvalidURI", "Couldn't parse the specified URI.", 400);
  ctx.params = std::move(*params);
  ctx.target = std::move(*target);
  return Dispatch(ctx);
}

}  // namespace fhl
