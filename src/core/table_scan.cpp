// table_scan.cpp: which objects a query over an external table reads (LOCATION, projected partitions, hidden-file
// rules) and the per-object SerDe parse cache (LRU by parsed bytes). Must not depend on SQLite or the Athena service.
#include "core/table_scan.h"

#include <list>
#include <map>
#include <utility>

#include "core/json_serde.h"
#include "core/partition_projection.h"
#include "core/text_serde.h"

namespace fhl {
namespace {

// [SECTION] locations

struct S3Location {
  std::string bucket;
  std::string prefix;  // "" or ending in '/'
};

// "s3://bucket/prefix/" (scheme case-insensitive); the prefix is treated as a folder (a '/' is appended).
std::optional<S3Location> ParseS3Location(std::string_view location) {
  constexpr std::string_view kScheme = "s3://";
  if (location.size() <= kScheme.size()) return std::nullopt;
  for (size_t i = 0; i < kScheme.size(); ++i) {
    char c = location[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != kScheme[i]) return std::nullopt;
  }
  std::string_view rest = location.substr(kScheme.size());
  const size_t slash = rest.find('/');
  S3Location out;
  out.bucket = std::string(rest.substr(0, slash));
  if (out.bucket.empty()) return std::nullopt;
  if (slash != std::string_view::npos) out.prefix = std::string(rest.substr(slash + 1));
  if (!out.prefix.empty() && out.prefix.back() != '/') out.prefix += '/';
  return out;
}

ApiError NoSuchBucketError() {
  return ApiError{"HIVE_UNKNOWN_ERROR",
                  "HIVE_UNKNOWN_ERROR: The specified bucket does not exist (Service: Amazon S3; Status Code: 404; "
                  "Error Code: NoSuchBucket)",
                  400};
}

// Hive/Trino skip "hidden" files and folders: any path component below the location starting with '_' or '.'.
bool IsHidden(std::string_view relative_key) {
  size_t start = 0;
  while (start < relative_key.size()) {
    if (relative_key[start] == '_' || relative_key[start] == '.') return true;
    const size_t slash = relative_key.find('/', start);
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return false;
}

// Appends every readable object under bucket/prefix (all levels).
Status ListUnder(const ObjectStore& store, const S3Location& loc, const std::vector<std::string>& partition_values,
                 std::vector<ScanFile>* out) {
  const Bucket* bucket = store.FindBucket(loc.bucket);
  if (!bucket) return NoSuchBucketError();
  for (auto it = bucket->objects.lower_bound(loc.prefix); it != bucket->objects.end(); ++it) {
    const std::string& key = it->first;
    if (key.compare(0, loc.prefix.size(), loc.prefix) != 0) break;
    if (key.empty() || key.back() == '/') continue;  // "folder" placeholders
    if (IsHidden(std::string_view(key).substr(loc.prefix.size()))) continue;
    ScanFile f;
    f.bucket = loc.bucket;
    f.key = key;
    f.object = &it->second;
    f.partition_values = partition_values;
    out->push_back(std::move(f));
  }
  return Status::Ok();
}

}  // namespace

// [SECTION] ListTableFiles

Result<std::vector<ScanFile>> ListTableFiles(const GlueTable& table, const ObjectStore& store, TimeUs now,
                                             const std::vector<PartitionConstraint>& constraints) {
  std::vector<ScanFile> files;
  const auto location = ParseS3Location(table.location);
  if (!location) {
    return ApiError{"HIVE_INVALID_METADATA",
                    "HIVE_INVALID_METADATA: Table " + table.database + "." + table.name +
                        " has an invalid location: " + table.location,
                    400};
  }
  if (table.partition_keys.empty()) {
    Status s = ListUnder(store, *location, {}, &files);
    if (!s.ok()) return s.error();
    return files;
  }
  // Partitioned: only projection yields partitions here (the lab has no partition registry, so a partitioned table
  // without projection reads nothing, as Athena does before MSCK REPAIR / ALTER TABLE ADD PARTITION).
  if (!ProjectionEnabled(table)) {
    if (!store.FindBucket(location->bucket)) return NoSuchBucketError();
    return files;
  }
  auto partitions = ProjectPartitions(table, now, constraints);
  if (!partitions.ok()) return partitions.error();
  for (const ProjectedPartition& p : partitions.value()) {
    const auto loc = ParseS3Location(p.location);
    if (!loc) continue;  // an unusable rendered location reads nothing
    Status s = ListUnder(store, *loc, p.values, &files);
    if (!s.ok()) return s.error();
  }
  return files;
}

// [SECTION] SerDeCache

namespace {

bool IsJsonSerDe(std::string_view lib) {
  return lib == "org.openx.data.jsonserde.JsonSerDe" || lib == "org.apache.hive.hcatalog.data.JsonSerDe" ||
         lib == "org.apache.hadoop.hive.serde2.JsonSerDe";
}

std::string Signature(const GlueTable& table) {
  std::string sig = table.serde_library;
  sig += '\x1e';
  for (const GlueColumn& c : table.columns) {
    sig += c.name;
    sig += '\x1f';
    sig += c.type;
    sig += '\x1e';
  }
  sig += '\x1d';
  auto skip = table.parameters.find("skip.header.line.count");
  if (skip != table.parameters.end()) sig += skip->second;
  sig += '\x1d';
  for (const auto& [k, v] : table.serde_parameters) {
    sig += k;
    sig += '\x1f';
    sig += v;
    sig += '\x1e';
  }
  return sig;
}

std::shared_ptr<const ColumnarObject> ParseWithSerDe(const GlueTable& table,
                                                     const std::shared_ptr<const std::string>& body) {
  if (IsJsonSerDe(table.serde_library)) {
    return ParseJsonLines(table.columns, JsonSerDeOptionsFrom(table.serde_parameters), body);
  }
  if (table.serde_library == kLazySimpleSerDeLibrary) {
    return ParseDelimitedLines(table.columns, TextSerDeOptionsFrom(table.serde_parameters, table.parameters), body);
  }
  auto failed = std::make_shared<ColumnarObject>(body, table.columns.size());
  failed->SetError("HIVE_UNSUPPORTED_FORMAT: The lab reads JSON (org.openx.data.jsonserde.JsonSerDe) and delimited "
                   "text (LazySimpleSerDe) tables; this table uses SerDe '" + table.serde_library + "'");
  return failed;
}

}  // namespace

struct SerDeCache::Impl {
  struct Entry {
    std::shared_ptr<const std::string> body;  // keeps the pointer identity valid
    std::shared_ptr<const ColumnarObject> parsed;
    uint64_t bytes = 0;
    std::list<std::pair<const void*, std::string>>::iterator lru;
  };
  uint64_t budget_bytes = 0;
  uint64_t cached_bytes = 0;
  std::map<std::pair<const void*, std::string>, Entry> entries;
  std::list<std::pair<const void*, std::string>> lru;  // front = most recently used
};

SerDeCache::SerDeCache(uint64_t budget_bytes) : impl_(std::make_unique<Impl>()) { impl_->budget_bytes = budget_bytes; }
SerDeCache::~SerDeCache() = default;

uint64_t SerDeCache::cached_bytes() const { return impl_->cached_bytes; }

void SerDeCache::Clear() {
  const uint64_t budget_bytes = impl_->budget_bytes;
  impl_ = std::make_unique<Impl>();
  impl_->budget_bytes = budget_bytes;
}

std::shared_ptr<const std::vector<uint32_t>> ParsedObject::FindGrouping(const std::string& key) const {
  for (const auto& [k, grouping] : groupings_) {
    if (k == key) return grouping;
  }
  return nullptr;
}

void ParsedObject::KeepGrouping(std::string key, std::shared_ptr<const std::vector<uint32_t>> grouping) const {
  if (groupings_.size() >= kMaxGroupings) groupings_.erase(groupings_.begin());
  groupings_.emplace_back(std::move(key), std::move(grouping));
}

std::shared_ptr<const ParsedObject> SerDeCache::Parse(const GlueTable& table, const S3Object& object) {
  std::shared_ptr<const std::string> body = object.body ? object.body : std::make_shared<const std::string>();
  auto key = std::make_pair(static_cast<const void*>(body.get()), Signature(table));
  auto it = impl_->entries.find(key);
  if (it != impl_->entries.end()) {
    impl_->lru.splice(impl_->lru.begin(), impl_->lru, it->second.lru);
    return it->second.parsed;
  }
  auto parsed = ParseWithSerDe(table, body);
  const uint64_t bytes = parsed->ApproxBytes();
  if (!object.body) return parsed;  // nothing stable to key on
  impl_->lru.push_front(key);
  Impl::Entry entry;
  entry.body = std::move(body);
  entry.parsed = parsed;
  entry.bytes = bytes;
  entry.lru = impl_->lru.begin();
  impl_->entries.emplace(std::move(key), std::move(entry));
  impl_->cached_bytes += bytes;
  while (impl_->cached_bytes > impl_->budget_bytes && impl_->lru.size() > 1) {
    auto victim = impl_->entries.find(impl_->lru.back());
    impl_->cached_bytes -= victim->second.bytes;
    impl_->entries.erase(victim);
    impl_->lru.pop_back();
  }
  return parsed;
}

}  // namespace fhl
