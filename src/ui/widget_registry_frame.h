// widget_registry_frame.h: the end-of-frame half of widget_registry.h, called by Dashboard::Draw (and UI tests),
// so FindWidget answers with the frame just drawn as soon as Draw returns.
#pragma once

namespace fhl::ui {

// Makes the rectangles tracked since BeginWidgetFrame() the readable set.
void EndWidgetFrame();

}  // namespace fhl::ui
