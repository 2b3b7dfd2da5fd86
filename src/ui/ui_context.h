// ui_context.h: what every panel receives each frame: the API cache (its only way to the lab), the platform hooks,
// the simulation controls, fonts, the simulated clock, flash messages and cross-panel navigation requests.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/api_error.h"
#include "core/sim_time.h"
#include "ui/api_cache.h"
#include "ui/dashboard.h"
#include "ui/theme.h"

namespace fhl::ui {

enum class Section { kCloudFormation, kFirehose, kS3, kAthena, kTerminal };

// A request from one panel to show something in another (e.g. "open this delivered object in S3").
struct NavRequest {
  bool pending = false;
  Section section = Section::kFirehose;
  std::string stream;  // Firehose: stream to open
  std::string bucket;  // S3: bucket, folder prefix and optional object key to open
  std::string prefix;
  std::string key;
  std::string database;  // Athena: database to select in the editor (empty: keep the current one)
};

// Flash messages at the top of the content area (AWS console "flashbar"): stay until dismissed.
struct Flash {
  enum class Kind { kSuccess, kError, kInfo };
  Kind kind = Kind::kInfo;
  std::string text;
  uint64_t id = 0;
};

struct UiContext {
  ApiCache* api = nullptr;
  const PlatformHooks* hooks = nullptr;
  SimControls* controls = nullptr;
  UiFonts fonts;

  // The lab's clock this frame (Lab GetClock, refreshed every frame the generation changed).
  TimeUs sim_now = 0;
  double sim_now_s = 0;
  std::string account_id = "123456789012";
  std::string region = "us-east-1";

  // Set by a panel that must draw again soon although nothing changed (a throttled refresh is due).
  bool wants_redraw = false;

  std::vector<Flash> flashes;
  uint64_t next_flash_id = 1;
  NavRequest nav;

  void AddFlash(Flash::Kind kind, std::string text) {
    if (flashes.size() >= 4) flashes.erase(flashes.begin());
    flashes.push_back(Flash{kind, std::move(text), next_flash_id++});
  }
  // "Code: message", prefixed with what was attempted ("Start sending demo data failed. ").
  void FlashError(const std::string& what, const ApiError& e) {
    AddFlash(Flash::Kind::kError, what + " " + e.code + ": " + e.message);
  }
};

}  // namespace fhl::ui
