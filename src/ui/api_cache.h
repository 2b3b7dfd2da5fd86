// api_cache.h: the UI's only door to the lab. Caches read responses of Lab::Call by (service, action, request),
// refreshes them when the lab's generation changes (throttled in wall time) and passes writes through.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/api_error.h"
#include "core/json.h"

namespace fhl {
class Lab;
}

namespace fhl::ui {

struct CachePolicy {
  bool follow_generation = true;  // refetch when lab.generation() changed since the fetch
  double min_refresh_s = 0.25;    // ... but at most once per this many wall seconds (0: every frame it changed)
};

// Policies the panels use.
inline constexpr CachePolicy kLiveSmall{true, 0.0};     // tiny answers shown live (clock, demo status)
inline constexpr CachePolicy kLiveListing{true, 0.5};   // listings that may be large (objects, streams)
inline constexpr CachePolicy kPinned{false, 0.0};       // fetched once per key (metrics snapshots, objects)

struct CachedResponse {
  Response response;
  uint64_t serial = 0;          // unique per fetch across the cache: views re-parse when it changes
  uint64_t generation = 0;      // lab generation at the fetch
  double fetched_wall_s = 0;    // wall clock of the fetch
  uint64_t last_used_frame = 0;
  double last_used_wall_s = 0;
};

class ApiCache {
 public:
  using CallFn = std::function<Response(std::string_view service, std::string_view action, const Json& request)>;
  using GenerationFn = std::function<uint64_t()>;

  ApiCache(CallFn call, GenerationFn generation);
  explicit ApiCache(Lab& lab);

  // Once per frame, before any Get: the wall clock (seconds, e.g. ImGui::GetTime()) and eviction of entries
  // nobody asked for during the last few seconds.
  void BeginFrame(double wall_s);

  // A cached read. The reference stays valid until the next BeginFrame.
  const CachedResponse& Get(std::string_view service, std::string_view action, const Json& request,
                            CachePolicy policy = CachePolicy());
  // An uncached read (e.g. GetObject bodies the caller keeps itself).
  Response Fetch(std::string_view service, std::string_view action, const Json& request);
  // A write: passes through and, when it succeeded, marks every cached read stale so the next Get refetches.
  Response Write(std::string_view service, std::string_view action, const Json& request);
  // Forces every entry to refetch on its next Get (the Refresh buttons).
  void InvalidateAll();

  // True when some entry is stale but was kept by its throttle this frame: the UI must draw again soon.
  bool refresh_pending() const { return refresh_pending_; }
  uint64_t generation() const { return generation_fn_(); }
  double wall_s() const { return wall_s_; }
  uint64_t call_count() const { return call_count_; }
  size_t size() const { return entries_.size(); }

 private:
  static std::string Key(std::string_view service, std::string_view action, const Json& request);

  CallFn call_;
  GenerationFn generation_fn_;
  std::unordered_map<std::string, CachedResponse> entries_;
  uint64_t next_serial_ = 1;
  uint64_t frame_ = 0;
  double wall_s_ = 0;
  uint64_t invalidated_at_serial_ = 0;  // entries with serial <= this refetch on their next Get
  uint64_t call_count_ = 0;
  bool refresh_pending_ = false;
};

}  // namespace fhl::ui
