// ui_kit.h: small widgets shared by the panels: links, primary/normal buttons, status indicators, error banners,
// white "container" cards, key-value grids, segmented buttons and headings. Depends on ImGui and theme.h.
#pragma once

#include <string>
#include <string_view>

#include "core/api_error.h"
#include "imgui.h"
#include "ui/theme.h"

namespace fhl::ui {

// Text in link colour, underlined when hovered; returns true when clicked. `id` keeps it unique and stable.
bool LinkText(std::string_view text, const char* id);
// Solid blue button (the console's primary action).
bool PrimaryButton(const char* label, bool enabled = true);
// White button with blue border and text (the console's normal button).
bool NormalButton(const char* label, bool enabled = true);
// Toggle button of a segmented control (time range, speed): filled when selected.
bool SegmentButton(const char* label, bool selected);

// "● Active" in green, "◌ Creating" grey, failures red. Accepts Firehose status strings.
void StatusIndicator(std::string_view status);
// Coloured dot + text.
void DotText(ImU32 color, std::string_view text);

// A red banner "Code: message" (with an optional lead sentence), full width.
void ErrorBanner(const ApiError& error, const char* lead = nullptr);
// A blue-bordered information box with wrapped text.
void InfoBox(const char* text);

// Heading text (heading font when loaded), optional secondary counter "(12)".
void Heading(const char* text, const char* counter = nullptr, bool large = false);
void SecondaryText(std::string_view text);
void TextView(std::string_view text);  // TextUnformatted over a string_view

// White rounded container around a block of widgets. Content is inset by kCardPadding; CardInnerWidth() is the
// width left for tables inside. Cards do not nest.
constexpr float kCardPadding = 14.0f;
void BeginCard(const char* title = nullptr, const char* counter = nullptr);
void EndCard();
float CardInnerWidth();

// Key-value pairs laid out in `columns` columns (console "details" boxes). Value text wraps.
bool BeginKeyValues(const char* id, int columns);
void KeyValue(const char* label, std::string_view value);
void KeyValueStatus(const char* label, std::string_view status);
void KeyValueLabel(const char* label);  // label only: the caller draws a custom value below
void EndKeyValues();

// Console-style tabs: labels in a row, the selected one blue and underlined, a divider below. `selected` is the
// index shown; returns true when a click changed it. Tab i is tracked as track_names[i] (when not null).
bool TabStrip(const char* id, const char* const* labels, int count, int* selected, const char* const* track_names);

// Right-aligns the next widgets of `width` on the current line.
void AlignRight(float width);

// "\xE2\x86\x92" (an arrow) when the current font has U+2192, else "->"; same for the breadcrumb chevron.
const char* ArrowText();
const char* ChevronText();

// Fonts the kit draws headings with (set once per frame by the dashboard).
void SetKitFonts(const UiFonts& fonts);

}  // namespace fhl::ui
