// s3_api.cpp: S3 actions over ObjectStore: request reading (types, required members), Range parsing and the JSON
// response shapes of the SDKs. Must not depend on other services, the UI or a clock (now is an input).
#include "core/s3_api.h"

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "core/base64.h"
#include "core/request_fields.h"

namespace fhl {
namespace {

// [SECTION] constants and shared helpers

constexpr const char* kRegion = "us-east-1";
constexpr const char* kOwnerDisplayName = "lab-student";
// A fixed canonical user ID (64 hex characters), as ListBuckets reports for the account's owner.
constexpr const char* kOwnerId = "9f2c6c1e0a4b7d3e5f8a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f67";
// S3 stores objects PUT without a Content-Type as binary/octet-stream.
constexpr const char* kDefaultPutContentType = "binary/octet-stream";
constexpr int64_t kMaxMaxKeys = 2147483647;  // MaxKeys is an int32 on the wire

constexpr const char* kNotNull = "Member must not be null";

// HEAD responses have no body, so SDKs surface only the status: 404 becomes "NotFound".
ApiError HeadNotFound() { return ApiError{"NotFound", "Not Found", 404}; }

// The members every S3 action addresses: Bucket (always required) and Key (object actions).
struct RequiredStrings {
  std::optional<std::string> bucket;
  std::optional<std::string> key;
};

// Reads Bucket (and Key) into *out after the caller has read its optional members. The SDKs check required members
// client-side; the lab answers a ValidationException listing every missing one. Returns the first error, if any.
std::optional<ApiError> ReadBucketAndKey(RequestFields& fields, bool need_key, RequiredStrings* out) {
  out->bucket = fields.String("Bucket");
  if (need_key) out->key = fields.String("Key");
  if (!fields.ok()) return fields.error();
  ValidationErrors errors;
  if (!out->bucket) errors.Add(std::nullopt, MemberPath("Bucket"), kNotNull);
  if (need_key && !out->key) errors.Add(std::nullopt, MemberPath("Key"), kNotNull);
  if (!errors.empty()) return errors.ToError();
  return std::nullopt;
}

// [SECTION] Range ("bytes=a-b", "bytes=a-", "bytes=-n")

struct ByteRange {
  uint64_t first = 0;
  uint64_t last = 0;  // inclusive
};

enum class RangeParse { kIgnored, kSatisfiable, kUnsatisfiable };

std::optional<uint64_t> ParseDecimal(std::string_view text) {
  if (text.empty()) return std::nullopt;
  uint64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

// Follows RFC 7233 as S3 does: a syntactically invalid or multi-range header is ignored (whole object); a range
// starting past the end, a zero-length suffix or any range of an empty object is unsatisfiable (416); an end past
// the object is clamped.
RangeParse ParseRange(std::string_view header, uint64_t size, ByteRange* range) {
  constexpr std::string_view kUnit = "bytes=";
  if (header.substr(0, kUnit.size()) != kUnit) return RangeParse::kIgnored;
  std::string_view spec = header.substr(kUnit.size());
  if (spec.find(',') != std::string_view::npos) return RangeParse::kIgnored;
  const size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return RangeParse::kIgnored;
  const std::string_view first_text = spec.substr(0, dash);
  const std::string_view last_text = spec.substr(dash + 1);
  if (first_text.empty()) {  // suffix: the last n bytes
    std::optional<uint64_t> suffix = ParseDecimal(last_text);
    if (!suffix) return RangeParse::kIgnored;
    if (*suffix == 0 || size == 0) return RangeParse::kUnsatisfiable;
    range->first = *suffix >= size ? 0 : size - *suffix;
    range->last = size - 1;
    return RangeParse::kSatisfiable;
  }
  std::optional<uint64_t> first = ParseDecimal(first_text);
  if (!first) return RangeParse::kIgnored;
  std::optional<uint64_t> last;
  if (!last_text.empty()) {
    last = ParseDecimal(last_text);
    if (!last || *last < *first) return RangeParse::kIgnored;
  }
  if (*first >= size) return RangeParse::kUnsatisfiable;
  range->first = *first;
  range->last = last && *last < size ? *last : size - 1;
  return RangeParse::kSatisfiable;
}

// [SECTION] actions: buckets

Response CreateBucket(ObjectStore& store, RequestFields& fields, TimeUs now) {
  RequiredStrings in;
  if (auto error = ReadBucketAndKey(fields, false, &in)) return FailWith(*error);
  Status created = store.CreateBucket(*in.bucket, now);
  if (!created.ok()) return FailWith(created.error());
  Json body = Json::object();
  body["Location"] = "/" + *in.bucket;
  return Response::Ok(std::move(body));
}

Response DeleteBucket(ObjectStore& store, RequestFields& fields) {
  RequiredStrings in;
  if (auto error = ReadBucketAndKey(fields, false, &in)) return FailWith(*error);
  Status deleted = store.DeleteBucket(*in.bucket);
  if (!deleted.ok()) return FailWith(deleted.error());
  return Response::Ok(Json::object());
}

Response HeadBucket(const ObjectStore& store, RequestFields& fields) {
  RequiredStrings in;
  if (auto error = ReadBucketAndKey(fields, false, &in)) return FailWith(*error);
  if (!store.FindBucket(*in.bucket)) return FailWith(HeadNotFound());
  Json body = Json::object();
  body["BucketRegion"] = kRegion;
  return Response::Ok(std::move(body));
}

Response ListBuckets(const ObjectStore& store, RequestFields& fields) {
  if (!fields.ok()) return FailWith(fields.error());
  Json buckets = Json::array();
  for (const Bucket* bucket : store.ListBuckets()) {
    Json entry = Json::object();
    entry["Name"] = bucket->name;
    entry["CreationDate"] = FormatIso8601(bucket->creation_date);
    buckets.push_back(std::move(entry));
  }
  Json body = Json::object();
  body["Buckets"] = std::move(buckets);
  body["Owner"] = Json{{"DisplayName", kOwnerDisplayName}, {"ID", kOwnerId}};
  return Response::Ok(std::move(body));
}

// [SECTION] actions: objects

Response PutObject(ObjectStore& store, RequestFields& fields, TimeUs now) {
  RequiredStrings in;
  std::optional<std::string> body_base64 = fields.String("Body");
  std::optional<std::string> content_type = fields.String("ContentType");
  if (auto error = ReadBucketAndKey(fields, true, &in)) return FailWith(*error);
  std::string bytes;
  if (body_base64) {
    std::optional<std::string> decoded = Base64Decode(*body_base64);
    if (!decoded) return Response::Fail("InvalidArgument", "Body is not valid base64.", 400);
    bytes = std::move(*decoded);
  }
  auto put = store.PutObject(*in.bucket, *in.key, std::move(bytes), now,
                             content_type ? std::string_view(*content_type) : std::string_view(kDefaultPutContentType));
  if (!put.ok()) return FailWith(put.error());
  Json body = Json::object();
  body["ETag"] = put.value()->ETag();
  return Response::Ok(std::move(body));
}

// GetObject and HeadObject: the same metadata; GetObject adds the (ranged) body.
Response ReadObject(const ObjectStore& store, RequestFields& fields, bool with_body) {
  RequiredStrings in;
  std::optional<std::string> range_header = fields.String("Range");
  if (auto error = ReadBucketAndKey(fields, true, &in)) return FailWith(*error);
  auto found = store.GetObject(*in.bucket, *in.key);
  if (!found.ok()) return FailWith(with_body ? found.error() : HeadNotFound());
  const S3Object& object = *found.value();
  const uint64_t size = object.size();

  ByteRange range{0, size == 0 ? 0 : size - 1};
  bool ranged = false;
  if (range_header) {
    switch (ParseRange(*range_header, size, &range)) {
      case RangeParse::kIgnored:
        break;
      case RangeParse::kSatisfiable:
        ranged = true;
        break;
      case RangeParse::kUnsatisfiable:
        return Response::Fail("InvalidRange", "The requested range is not satisfiable", 416);
    }
  }
  const uint64_t length = ranged ? range.last - range.first + 1 : size;

  Json body = Json::object();
  if (with_body) {
    std::string_view bytes = object.body ? std::string_view(*object.body) : std::string_view();
    body["Body"] = Base64Encode(bytes.substr(ranged ? range.first : 0, length));
  }
  body["AcceptRanges"] = "bytes";
  body["ContentLength"] = length;
  body["ContentType"] = object.content_type;
  body["ETag"] = object.ETag();
  body["LastModified"] = FormatIso8601(object.last_modified);
  if (ranged) {
    body["ContentRange"] =
        "bytes " + std::to_string(range.first) + "-" + std::to_string(range.last) + "/" + std::to_string(size);
  }
  return Response::Ok(std::move(body));
}

Response DeleteObject(ObjectStore& store, RequestFields& fields) {
  RequiredStrings in;
  if (auto error = ReadBucketAndKey(fields, true, &in)) return FailWith(*error);
  Status deleted = store.DeleteObject(*in.bucket, *in.key);
  if (!deleted.ok()) return FailWith(deleted.error());
  return Response::Ok(Json::object());
}

Response ListObjectsV2(const ObjectStore& store, RequestFields& fields) {
  RequiredStrings in;
  std::optional<std::string> prefix = fields.String("Prefix");
  std::optional<std::string> delimiter = fields.String("Delimiter");
  std::optional<int64_t> max_keys = fields.Integer("MaxKeys");
  std::optional<std::string> continuation_token = fields.String("ContinuationToken");
  std::optional<std::string> start_after = fields.String("StartAfter");
  if (auto error = ReadBucketAndKey(fields, false, &in)) return FailWith(*error);
  if (max_keys && (*max_keys < 0 || *max_keys > kMaxMaxKeys)) {
    return Response::Fail("InvalidArgument", "Provided max-keys not an integer or within integer range", 400);
  }
  if (continuation_token && continuation_token->empty()) {
    return Response::Fail("InvalidArgument", "The continuation token provided is incorrect", 400);
  }

  ListObjectsV2Request list;
  list.bucket = *in.bucket;
  list.prefix = prefix.value_or("");
  list.delimiter = delimiter.value_or("");
  list.max_keys = max_keys ? static_cast<int>(*max_keys) : 1000;
  list.continuation_token = continuation_token.value_or("");
  list.start_after = start_after.value_or("");
  auto listed = store.ListObjectsV2(list);
  if (!listed.ok()) return FailWith(listed.error());
  const ListObjectsV2Result& result = listed.value();

  Json body = Json::object();
  body["Name"] = *in.bucket;
  body["Prefix"] = list.prefix;
  if (delimiter) body["Delimiter"] = *delimiter;
  body["MaxKeys"] = list.max_keys;  // S3 echoes the requested value (pages still hold at most 1,000)
  body["KeyCount"] = result.key_count;
  body["IsTruncated"] = result.is_truncated;
  if (!result.contents.empty()) {
    Json contents = Json::array();
    for (const S3Object* object : result.contents) {
      Json entry = Json::object();
      entry["Key"] = object->key;
      entry["LastModified"] = FormatIso8601(object->last_modified);
      entry["ETag"] = object->ETag();
      entry["Size"] = object->size();
      entry["StorageClass"] = "STANDARD";
      contents.push_back(std::move(entry));
    }
    body["Contents"] = std::move(contents);
  }
  if (!result.common_prefixes.empty()) {
    Json common_prefixes = Json::array();
    for (const std::string& common_prefix : result.common_prefixes)
      common_prefixes.push_back(Json{{"Prefix", common_prefix}});
    body["CommonPrefixes"] = std::move(common_prefixes);
  }
  if (continuation_token) body["ContinuationToken"] = *continuation_token;
  if (result.is_truncated) body["NextContinuationToken"] = result.next_continuation_token;
  if (start_after) body["StartAfter"] = *start_after;
  return Response::Ok(std::move(body));
}

}  // namespace

// [SECTION] dispatch

Response S3Call(ObjectStore& store, std::string_view action, const Json& request, TimeUs now) {
  RequestFields fields(request);
  if (action == "CreateBucket") return CreateBucket(store, fields, now);
  if (action == "DeleteBucket") return DeleteBucket(store, fields);
  if (action == "HeadBucket") return HeadBucket(store, fields);
  if (action == "ListBuckets") return ListBuckets(store, fields);
  if (action == "PutObject") return PutObject(store, fields, now);
  if (action == "GetObject") return ReadObject(store, fields, true);
  if (action == "HeadObject") return ReadObject(store, fields, false);
  if (action == "DeleteObject") return DeleteObject(store, fields);
  if (action == "ListObjectsV2") return ListObjectsV2(store, fields);
  return UnknownOperation("S3", action);
}

}  // namespace fhl
