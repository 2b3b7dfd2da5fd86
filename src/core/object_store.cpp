// object_store.cpp: the in-memory S3-like object store: bucket naming rules, quota-checked puts, lazy ETags and
// ListObjectsV2 paging with delimiter folding. Must not depend on JSON, other services, the UI or a clock.
#include "core/object_store.h"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <utility>

#include "core/base64.h"
#include "core/md5.h"

namespace fhl {
namespace {

// [SECTION] limits and error texts (S3's codes and wording)

constexpr size_t kMinBucketNameLength = 3;
constexpr size_t kMaxBucketNameLength = 63;
constexpr size_t kMaxKeyBytes = 1024;
constexpr int kMaxKeysPerPage = 1000;
// Continuation tokens are base64 of this tag followed by the last key or common prefix returned (exclusive marker).
constexpr std::string_view kContinuationTag = "fhl-s3-list-v1:";

ApiError NoSuchBucket() { return ApiError{"NoSuchBucket", "The specified bucket does not exist.", 404}; }
ApiError NoSuchKey() { return ApiError{"NoSuchKey", "The specified key does not exist.", 404}; }
ApiError InvalidBucketName() { return ApiError{"InvalidBucketName", "The specified bucket is not valid.", 400}; }
ApiError BadContinuationToken() {
  return ApiError{"InvalidArgument", "The continuation token provided is incorrect", 400};
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && text.compare(0, prefix.size(), prefix) == 0;
}
bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool IsLowerOrDigit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// "192.168.5.4": four dot-separated groups of 1-3 digits (S3 rejects names formatted like an IPv4 address).
bool LooksLikeIpv4(std::string_view name) {
  int groups = 0;
  size_t i = 0;
  while (i <= name.size()) {
    size_t digits = 0;
    while (i < name.size() && name[i] >= '0' && name[i] <= '9') ++i, ++digits;
    if (digits == 0 || digits > 3) return false;
    ++groups;
    if (i == name.size()) break;
    if (name[i] != '.') return false;
    ++i;
  }
  return groups == 4;
}

// The smallest string greater than every string that starts with `prefix` (nullopt when there is none, i.e. the
// prefix is empty or all 0xFF bytes). Used to jump past all keys under a common prefix with one lower_bound.
std::optional<std::string> PrefixSuccessor(std::string prefix) {
  while (!prefix.empty() && static_cast<unsigned char>(prefix.back()) == 0xFF) prefix.pop_back();
  if (prefix.empty()) return std::nullopt;
  prefix.back() = static_cast<char>(static_cast<unsigned char>(prefix.back()) + 1);
  return prefix;
}

std::string EncodeContinuationToken(std::string_view marker) {
  std::string raw(kContinuationTag);
  raw.append(marker);
  return Base64Encode(raw);
}

std::optional<std::string> DecodeContinuationToken(std::string_view token) {
  std::optional<std::string> raw = Base64Decode(token);
  if (!raw || !StartsWith(*raw, kContinuationTag) || raw->size() == kContinuationTag.size()) return std::nullopt;
  return raw->substr(kContinuationTag.size());
}

// "512 MiB", "511.9 MiB", "100 bytes": exact multiples without a fraction, others floored to one decimal.
std::string FormatBytes(uint64_t bytes) {
  struct Unit {
    uint64_t size;
    const char* name;
  };
  static constexpr Unit kUnits[] = {{1ull << 30, "GiB"}, {1ull << 20, "MiB"}, {1ull << 10, "KiB"}};
  for (const Unit& unit : kUnits) {
    if (bytes < unit.size) continue;
    const uint64_t whole = bytes / unit.size;
    const uint64_t tenths = (bytes % unit.size) * 10 / unit.size;  // floored, so "in use" never rounds up to the quota
    char text[64];
    if (bytes % unit.size == 0) {
      std::snprintf(text, sizeof text, "%llu %s", static_cast<unsigned long long>(whole), unit.name);
    } else {
      std::snprintf(text, sizeof text, "%llu.%llu %s", static_cast<unsigned long long>(whole),
                    static_cast<unsigned long long>(tenths), unit.name);
    }
    return text;
  }
  return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
}

ApiError QuotaExceeded(uint64_t quota_bytes, uint64_t used_bytes, uint64_t object_bytes) {
  return ApiError{"StorageQuotaExceeded",
                  "The lab's object storage is full: " + FormatBytes(quota_bytes) + " quota, " +
                      FormatBytes(used_bytes) + " in use, this object needs " + FormatBytes(object_bytes) +
                      ". Delete objects or reset the lab; nothing was written.",
                  400};
}

}  // namespace

// [SECTION] objects

const std::string& S3Object::ETag() const {
  if (etag_cache.empty()) etag_cache = "\"" + Md5Hex(body ? std::string_view(*body) : std::string_view()) + "\"";
  return etag_cache;
}

// [SECTION] buckets

ObjectStore::ObjectStore(uint64_t quota_bytes) : quota_bytes_(quota_bytes) {}

Status ObjectStore::ValidateBucketName(std::string_view name) {
  if (name.size() < kMinBucketNameLength || name.size() > kMaxBucketNameLength) return InvalidBucketName();
  for (char c : name)
    if (!IsLowerOrDigit(c) && c != '.' && c != '-') return InvalidBucketName();
  if (!IsLowerOrDigit(name.front()) || !IsLowerOrDigit(name.back())) return InvalidBucketName();
  if (name.find("..") != std::string_view::npos) return InvalidBucketName();
  if (LooksLikeIpv4(name)) return InvalidBucketName();
  for (std::string_view reserved_prefix : {"xn--", "sthree-", "amzn-s3-demo-"})
    if (StartsWith(name, reserved_prefix)) return InvalidBucketName();
  for (std::string_view reserved_suffix : {"-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"})
    if (EndsWith(name, reserved_suffix)) return InvalidBucketName();
  return Status::Ok();
}

Status ObjectStore::CreateBucket(std::string_view name, TimeUs now) {
  Status valid = ValidateBucketName(name);
  if (!valid.ok()) return valid;
  if (buckets_.find(name) != buckets_.end()) return Status::Ok();  // us-east-1: owned bucket, 200, no change
  if (buckets_.size() >= kMaxBuckets) {
    return ApiError{"TooManyBuckets", "You have attempted to create more buckets than allowed", 400};
  }
  Bucket bucket;
  bucket.name = std::string(name);
  bucket.creation_date = now;
  buckets_.emplace(bucket.name, std::move(bucket));
  ++generation_;
  return Status::Ok();
}

Status ObjectStore::DeleteBucket(std::string_view name) {
  auto it = buckets_.find(name);
  if (it == buckets_.end()) return NoSuchBucket();
  if (!it->second.objects.empty()) {
    return ApiError{"BucketNotEmpty", "The bucket you tried to delete is not empty", 409};
  }
  buckets_.erase(it);
  ++generation_;
  return Status::Ok();
}

const Bucket* ObjectStore::FindBucket(std::string_view name) const {
  auto it = buckets_.find(name);
  return it == buckets_.end() ? nullptr : &it->second;
}

Bucket* ObjectStore::MutableBucket(std::string_view name) {
  auto it = buckets_.find(name);
  return it == buckets_.end() ? nullptr : &it->second;
}

std::vector<const Bucket*> ObjectStore::ListBuckets() const {
  std::vector<const Bucket*> out;
  out.reserve(buckets_.size());
  for (const auto& [name, bucket] : buckets_) out.push_back(&bucket);
  return out;
}

// [SECTION] objects: put, get, delete

Result<const S3Object*> ObjectStore::PutObject(std::string_view bucket_name, std::string_view key, std::string body,
                                               TimeUs now, std::string_view content_type) {
  Bucket* bucket = MutableBucket(bucket_name);
  if (!bucket) return NoSuchBucket();
  if (key.empty()) return ApiError{"InvalidArgument", "Object key must not be empty.", 400};
  if (key.size() > kMaxKeyBytes) return ApiError{"KeyTooLongError", "Your key is too long", 400};

  auto existing = bucket->objects.find(key);
  const uint64_t replaced_bytes = existing == bucket->objects.end() ? 0 : existing->second.size();
  const uint64_t new_bytes = body.size();
  const uint64_t used_without_old = used_bytes_ - replaced_bytes;
  if (new_bytes > quota_bytes_ || used_without_old > quota_bytes_ - new_bytes) {
    return QuotaExceeded(quota_bytes_, used_bytes_, new_bytes);
  }

  if (existing == bucket->objects.end()) {
    existing = bucket->objects.emplace(std::string(key), S3Object{}).first;
    existing->second.key = std::string(key);
  }
  S3Object& object = existing->second;
  object.body = std::make_shared<const std::string>(std::move(body));
  object.last_modified = now;
  object.content_type = std::string(content_type);
  object.etag_cache.clear();
  used_bytes_ = used_without_old + new_bytes;
  ++generation_;
  return static_cast<const S3Object*>(&object);
}

Result<const S3Object*> ObjectStore::GetObject(std::string_view bucket_name, std::string_view key) const {
  const Bucket* bucket = FindBucket(bucket_name);
  if (!bucket) return NoSuchBucket();
  auto it = bucket->objects.find(key);
  if (it == bucket->objects.end()) return NoSuchKey();
  return &it->second;
}

Status ObjectStore::DeleteObject(std::string_view bucket_name, std::string_view key) {
  Bucket* bucket = MutableBucket(bucket_name);
  if (!bucket) return NoSuchBucket();
  auto it = bucket->objects.find(key);
  if (it == bucket->objects.end()) return Status::Ok();  // S3: deleting a missing key succeeds (204)
  used_bytes_ -= it->second.size();
  bucket->objects.erase(it);
  ++generation_;
  return Status::Ok();
}

// [SECTION] ListObjectsV2

// Walks keys in byte order from just after an exclusive marker (StartAfter or the continuation token's last
// item). With a delimiter, each run of keys sharing "<prefix>...<delimiter>" is one common prefix, emitted once,
// and the whole run is skipped with one lower_bound. A common prefix at or before the marker was listed already
// (or lies before StartAfter) and is skipped, as S3 does.
Result<ListObjectsV2Result> ObjectStore::ListObjectsV2(const ListObjectsV2Request& request) const {
  const Bucket* bucket = FindBucket(request.bucket);
  if (!bucket) return NoSuchBucket();
  if (request.max_keys < 0) {
    return ApiError{"InvalidArgument", "Provided max-keys not an integer or within integer range", 400};
  }
  std::string marker = request.start_after;
  if (!request.continuation_token.empty()) {
    std::optional<std::string> token_marker = DecodeContinuationToken(request.continuation_token);
    if (!token_marker) return BadContinuationToken();
    marker = std::max(marker, *token_marker);
  }

  ListObjectsV2Result result;
  const int max_keys = std::min(request.max_keys, kMaxKeysPerPage);
  if (max_keys == 0) return result;  // S3: KeyCount 0, IsTruncated false, no token

  const auto& objects = bucket->objects;
  const std::string& prefix = request.prefix;
  const std::string& delimiter = request.delimiter;
  auto it = marker.empty() || marker < prefix ? objects.lower_bound(prefix) : objects.upper_bound(marker);
  int count = 0;
  while (it != objects.end() && StartsWith(it->first, prefix)) {
    const std::string& key = it->first;
    size_t delimiter_at = std::string::npos;
    if (!delimiter.empty()) delimiter_at = key.find(delimiter, prefix.size());
    if (delimiter_at != std::string::npos) {
      std::string common_prefix = key.substr(0, delimiter_at + delimiter.size());
      std::optional<std::string> past = PrefixSuccessor(common_prefix);
      auto next = past ? objects.lower_bound(*past) : objects.end();
      if (!marker.empty() && common_prefix <= marker) {
        it = next;
        continue;
      }
      if (count == max_keys) {
        result.is_truncated = true;
        break;
      }
      result.common_prefixes.push_back(std::move(common_prefix));
      ++count;
      it = next;
      continue;
    }
    if (count == max_keys) {
      result.is_truncated = true;
      break;
    }
    result.contents.push_back(&it->second);
    ++count;
    ++it;
  }
  result.key_count = count;
  if (result.is_truncated) {
    // Items come out in byte order, so the last one returned (the next page's exclusive marker) is the greater of
    // the last key and the last common prefix.
    std::string_view last_item;
    if (!result.contents.empty()) last_item = result.contents.back()->key;
    if (!result.common_prefixes.empty() && std::string_view(result.common_prefixes.back()) > last_item) {
      last_item = result.common_prefixes.back();
    }
    result.next_continuation_token = EncodeContinuationToken(last_item);
  }
  return result;
}

}  // namespace fhl
