// time_series_chart.h: a reusable time-series chart drawn with ImDrawList (no ImPlot): nice value ticks, UTC time
// labels, line or bar series, vertical markers with labels, and a hover tooltip with value and time.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "imgui.h"

namespace fhl::ui {

enum class ValueFormat { kNumber, kBytes, kSeconds, kRatio };

struct ChartSeries {
  const char* label = "";
  const double* times_s = nullptr;  // epoch seconds (period starts), ascending
  const double* values = nullptr;
  int count = 0;
  ImU32 color = 0;
  bool bars = false;  // bars one period wide instead of a line
};

struct ChartMarker {
  double time_s = 0;
  ImU32 color = 0;
  const char* label = nullptr;  // short text at the top of the line ("interval", "size"); may be null
  bool major = false;           // kept as a full-height line when markers are too dense to draw them all
};

struct ChartOptions {
  double start_s = 0, end_s = 0;  // visible time range, epoch seconds
  double period_s = 60;           // datapoint width: bars, gap detection (> 1.5 periods breaks the line)
  ValueFormat format = ValueFormat::kNumber;
  float height = 170.0f;          // whole widget height, pixels (width: all available)
  double min_y_max = 1.0;         // the value axis shows at least [0, min_y_max]
  const char* empty_text = "No data available.";
  std::function<void(int marker_index)> marker_tooltip;  // extra tooltip lines for a hovered marker
};

struct ChartHover {
  bool hovered = false;
  int point = -1;   // index in series[0] under the mouse
  int marker = -1;  // marker under the mouse (within 4 px; in the top tick band when markers are dense)
};

ChartHover DrawTimeSeriesChart(const char* id, const ChartOptions& options, const ChartSeries* series,
                               int series_count, const ChartMarker* markers, int marker_count);

// [SECTION] pure helpers (tested)

// Ticks at a "nice" step (1, 2 or 5 x 10^k) covering [lo, hi]: first <= lo, last >= hi, at most ~max_ticks + 1.
std::vector<double> NiceTicks(double lo, double hi, int max_ticks);
// A time step from 1 s, 2, 5, 10, 15, 30 s, 1, 2, 5, 10, 15, 30 min, 1, 2, 3, 6, 12 h, 1 d giving <= max_ticks.
double NiceTimeStep(double span_s, int max_ticks);
// Tick label in UTC: "00:05:30" for sub-minute steps, "00:05" otherwise, "Jan 2" at midnight for steps >= 1 h.
std::string FormatTimeTick(double epoch_s, double step_s);
// Axis label ("1.5k", "2M") and tooltip value ("1,234.5", "1.2 MB", "42 s", "0.98").
std::string FormatAxisValue(double v, ValueFormat format);
std::string FormatTooltipValue(double v, ValueFormat format);

}  // namespace fhl::ui
