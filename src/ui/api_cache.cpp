// api_cache.cpp: response cache between the panels and Lab::Call (see api_cache.h).
#include "ui/api_cache.h"

#include "core/lab.h"

namespace fhl::ui {

namespace {
constexpr double kEvictAfterWallS = 3.0;     // entries unused this long (and for kEvictAfterFrames) are dropped
constexpr uint64_t kEvictAfterFrames = 3;
}  // namespace

ApiCache::ApiCache(CallFn call, GenerationFn generation)
    : call_(std::move(call)), generation_fn_(std::move(generation)) {}

ApiCache::ApiCache(Lab& lab)
    : ApiCache([&lab](std::string_view s, std::string_view a, const Json& r) { return lab.Call(s, a, r); },
               [&lab]() { return lab.generation(); }) {}

std::string ApiCache::Key(std::string_view service, std::string_view action, const Json& request) {
  std::string key;
  key.reserve(service.size() + action.size() + 64);
  key.append(service).push_back('\x1f');
  key.append(action).push_back('\x1f');
  key += DumpJson(request);
  return key;
}

void ApiCache::BeginFrame(double wall_s) {
  wall_s_ = wall_s;
  ++frame_;
  refresh_pending_ = false;
  for (auto it = entries_.begin(); it != entries_.end();) {
    const CachedResponse& e = it->second;
    bool unused = e.last_used_frame + kEvictAfterFrames < frame_ && wall_s - e.last_used_wall_s > kEvictAfterWallS;
    it = unused ? entries_.erase(it) : std::next(it);
  }
}

const CachedResponse& ApiCache::Get(std::string_view service, std::string_view action, const Json& request,
                                    CachePolicy policy) {
  std::string key = Key(service, action, request);
  auto it = entries_.find(key);
  uint64_t generation = generation_fn_();
  bool fetch = false;
  if (it == entries_.end()) {
    it = entries_.emplace(std::move(key), CachedResponse()).first;
    fetch = true;
  } else {
    CachedResponse& e = it->second;
    if (e.serial <= invalidated_at_serial_) {
      fetch = true;
    } else if (policy.follow_generation && e.generation != generation) {
      if (wall_s_ - e.fetched_wall_s >= policy.min_refresh_s || wall_s_ < e.fetched_wall_s) {
        fetch = true;
      } else {
        refresh_pending_ = true;
      }
    }
  }
  CachedResponse& e = it->second;
  if (fetch) {
    ++call_count_;
    e.response = call_(service, action, request);
    e.serial = next_serial_++;
    e.generation = generation;
    e.fetched_wall_s = wall_s_;
  }
  e.last_used_frame = frame_;
  e.last_used_wall_s = wall_s_;
  return e;
}

Response ApiCache::Fetch(std::string_view service, std::string_view action, const Json& request) {
  ++call_count_;
  return call_(service, action, request);
}

Response ApiCache::Write(std::string_view service, std::string_view action, const Json& request) {
  ++call_count_;
  Response r = call_(service, action, request);
  if (r.ok()) InvalidateAll();
  return r;
}

void ApiCache::InvalidateAll() { invalidated_at_serial_ = next_serial_ - 1; }

}  // namespace fhl::ui
