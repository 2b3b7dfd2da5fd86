// clock_bar.h: the dark top bar: simulated UTC clock, Pause/Play, speed 1x/10x/60x, single steps, account/region.
// Writes only SimControls (the platform loop applies them); reads the clock from the UiContext.
#pragma once

#include "ui/ui_context.h"

namespace fhl::ui {

class ClockBar {
 public:
  // Draws inside the current window across its full width; `height` in pixels.
  void Draw(UiContext& ctx, float height);

 private:
  double resume_speed_ = 1.0;  // the speed Play restores
};

}  // namespace fhl::ui
