// object_store.h: the in-memory S3-like object store (buckets, objects, ListObjectsV2 paging, storage quota).
// Plain C++: no JSON here (s3_api.h maps it to S3's request/response shapes). Must not depend on other services.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/api_error.h"
#include "core/sim_time.h"

namespace fhl {

struct S3Object {
  std::string key;
  // Immutable once written and shared, so readers (the UI, Athena's scanner) never copy it.
  std::shared_ptr<const std::string> body;
  TimeUs last_modified = 0;
  std::string content_type = "application/octet-stream";
  // Quoted lower-case hex MD5 of body ("\"fba9...\""), computed on first use and then kept.
  mutable std::string etag_cache;

  uint64_t size() const { return body ? body->size() : 0; }
  const std::string& ETag() const;
};

struct Bucket {
  std::string name;
  TimeUs creation_date = 0;
  std::map<std::string, S3Object, std::less<>> objects;  // sorted by key (UTF-8 binary order, as S3 lists)
};

struct ListObjectsV2Request {
  std::string bucket;
  std::string prefix;
  std::string delimiter;            // "" = none
  int max_keys = 1000;              // 0..1000; larger values are capped at 1000 as S3 does
  std::string continuation_token;   // opaque, from a previous NextContinuationToken
  std::string start_after;
};

struct ListObjectsV2Result {
  std::vector<const S3Object*> contents;
  std::vector<std::string> common_prefixes;
  bool is_truncated = false;
  std::string next_continuation_token;  // set when is_truncated
  int key_count = 0;                    // contents + common prefixes
};

class SnapshotReader;
class SnapshotWriter;

class ObjectStore {
 public:
  static constexpr uint64_t kDefaultQuotaBytes = 512ull * 1024 * 1024;
  static constexpr size_t kMaxBuckets = 100;

  explicit ObjectStore(uint64_t quota_bytes = kDefaultQuotaBytes);

  // S3 bucket naming rules (3-63 chars, lower-case letters/digits/./-, ...); returns InvalidBucketName on failure.
  static Status ValidateBucketName(std::string_view name);

  Status CreateBucket(std::string_view name, TimeUs now);
  Status DeleteBucket(std::string_view name);  // BucketNotEmpty when it holds objects
  const Bucket* FindBucket(std::string_view name) const;
  std::vector<const Bucket*> ListBuckets() const;  // sorted by name

  // Replaces an existing key. Fails with NoSuchBucket, or StorageQuotaExceeded when the store would exceed its
  // quota (nothing is written then).
  Result<const S3Object*> PutObject(std::string_view bucket, std::string_view key, std::string body, TimeUs now,
                                    std::string_view content_type = "application/octet-stream");
  Result<const S3Object*> GetObject(std::string_view bucket, std::string_view key) const;
  Status DeleteObject(std::string_view bucket, std::string_view key);  // deleting a missing key succeeds, as on S3
  Result<ListObjectsV2Result> ListObjectsV2(const ListObjectsV2Request& request) const;

  uint64_t used_bytes() const { return used_bytes_; }
  uint64_t quota_bytes() const { return quota_bytes_; }
  void set_quota_bytes(uint64_t bytes) { quota_bytes_ = bytes; }
  // Increments on every change; lets the UI refresh its listings only when something changed.
  uint64_t generation() const { return generation_; }

  // Persistence (snapshot_services.cpp): Load replaces the whole state; on error it is half-filled (the Lab
  // checks a snapshot on a scratch lab before loading it here).
  void Save(SnapshotWriter& w) const;
  Status Load(SnapshotReader& r);

 private:
  Bucket* MutableBucket(std::string_view name);

  std::map<std::string, Bucket, std::less<>> buckets_;
  uint64_t used_bytes_ = 0;
  uint64_t quota_bytes_;
  uint64_t generation_ = 0;
};

}  // namespace fhl
