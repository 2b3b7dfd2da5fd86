// time_series_chart.cpp: the ImDrawList time-series chart of the Monitoring tab (see time_series_chart.h).
// Cost is bounded by the chart's width: dense series are reduced to min/max per pixel column before drawing.
#include "ui/time_series_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/sim_time.h"
#include "ui/format.h"
#include "ui/theme.h"

namespace fhl::ui {

// [SECTION] ticks and labels

std::vector<double> NiceTicks(double lo, double hi, int max_ticks) {
  std::vector<double> ticks;
  if (!(hi > lo)) hi = lo + 1;
  max_ticks = std::max(1, max_ticks);
  double raw = (hi - lo) / max_ticks;
  double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    step = m * mag;
    if (step >= raw * (1 - 1e-9)) break;
  }
  double first = std::floor(lo / step + 1e-9) * step;
  for (double v = first;; v += step) {
    double snapped = std::round(v / step) * step;  // avoid 0.30000000000000004
    ticks.push_back(std::fabs(snapped) < step * 1e-9 ? 0.0 : snapped);
    if (snapped >= hi - step * 1e-9 || ticks.size() > 64) break;
  }
  return ticks;
}

double NiceTimeStep(double span_s, int max_ticks) {
  static const double kSteps[] = {1,    2,    5,    10,    15,    30,    60,    120,   300,
                                  600,  900,  1800, 3600,  7200,  10800, 21600, 43200, 86400};
  max_ticks = std::max(1, max_ticks);
  for (double s : kSteps)
    if (span_s / s <= max_ticks) return s;
  double days = std::ceil(span_s / max_ticks / 86400.0);
  return days * 86400.0;
}

std::string FormatTimeTick(double epoch_s, double step_s) {
  CivilTime c = ToCivil(FromEpochSeconds(epoch_s));
  char buf[32];
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (step_s >= 3600 && c.hour == 0 && c.minute == 0) {
    std::snprintf(buf, sizeof buf, "%s %d", kMonths[(c.month + 11) % 12], c.day);
  } else if (step_s < 60) {
    std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", c.hour, c.minute, c.second);
  } else {
    std::snprintf(buf, sizeof buf, "%02d:%02d", c.hour, c.minute);
  }
  return buf;
}

std::string FormatAxisValue(double v, ValueFormat format) {
  if (format == ValueFormat::kRatio) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.2g", v);
    return buf;
  }
  return FormatCompact(v);
}

std::string FormatTooltipValue(double v, ValueFormat format) {
  char buf[48];
  switch (format) {
    case ValueFormat::kBytes:
      if (std::fabs(v) < 1024) {
        std::snprintf(buf, sizeof buf, "%.4g B", v);
        return buf;
      }
      return FormatBytes(v);
    case ValueFormat::kSeconds:
      std::snprintf(buf, sizeof buf, "%.4g s", v);
      return buf;
    case ValueFormat::kRatio:
      std::snprintf(buf, sizeof buf, "%.3g", v);
      return buf;
    case ValueFormat::kNumber:
    default:
      if (std::fabs(v - std::round(v)) < 1e-9 && std::fabs(v) < 9e15) return FormatCount(static_cast<int64_t>(std::llround(v)));
      std::snprintf(buf, sizeof buf, "%.4g", v);
      return buf;
  }
}

// [SECTION] drawing

namespace {

struct Plot {
  ImVec2 min, max;  // plot area (inside the axes)
  double t0, t1, y0, y1;
  float X(double t) const { return min.x + static_cast<float>((t - t0) / (t1 - t0)) * (max.x - min.x); }
  float Y(double v) const { return max.y - static_cast<float>((v - y0) / (y1 - y0)) * (max.y - min.y); }
  double T(float x) const { return t0 + (x - min.x) / (max.x - min.x) * (t1 - t0); }
};

int LowerBound(const double* times, int count, double t) {
  return static_cast<int>(std::lower_bound(times, times + count, t) - times);
}

// A polyline from the points in [begin, end), broken at gaps, reduced to min/max per pixel column when dense.
// Points sit at the centre of their period; a gap longer than 1.5 periods breaks the line.
void DrawLine(ImDrawList* dl, const Plot& p, const ChartSeries& s, int begin, int end, double period_s) {
  const double gap_s = period_s * 1.5;
  static std::vector<ImVec2> path;
  path.clear();
  auto flush = [&]() {
    if (path.size() == 1) {
      dl->AddCircleFilled(path[0], 2.0f, s.color, 8);
    } else if (path.size() > 1) {
      dl->AddPolyline(path.data(), static_cast<int>(path.size()), s.color, 0, 1.6f);
    }
    path.clear();
  };
  int columns = static_cast<int>(p.max.x - p.min.x);
  bool dense = (end - begin) > columns * 2;
  bool sparse = (end - begin) * 8 < columns;
  double prev_t = 0;
  int col = -1;
  float col_min = 0, col_max = 0;
  for (int i = begin; i < end; ++i) {
    double t = s.times_s[i];
    if (i > begin && t - prev_t > gap_s) {
      if (dense && col >= 0) {
        path.push_back(ImVec2(static_cast<float>(col) + p.min.x, col_min));
        if (col_max != col_min) path.push_back(ImVec2(static_cast<float>(col) + p.min.x, col_max));
        col = -1;
      }
      flush();
    }
    prev_t = t;
    float x = p.X(t + period_s * 0.5);
    float y = p.Y(s.values[i]);
    if (sparse) dl->AddCircleFilled(ImVec2(x, y), 2.2f, s.color, 8);
    if (!dense) {
      path.push_back(ImVec2(x, y));
      continue;
    }
    int c = static_cast<int>(x - p.min.x);
    if (c != col) {
      if (col >= 0) {
        path.push_back(ImVec2(static_cast<float>(col) + p.min.x, col_min));
        if (col_max != col_min) path.push_back(ImVec2(static_cast<float>(col) + p.min.x, col_max));
      }
      col = c;
      col_min = col_max = y;
    } else {
      col_min = std::min(col_min, y);
      col_max = std::max(col_max, y);
    }
  }
  if (dense && col >= 0) {
    path.push_back(ImVec2(static_cast<float>(col) + p.min.x, col_min));
    if (col_max != col_min) path.push_back(ImVec2(static_cast<float>(col) + p.min.x, col_max));
  }
  flush();
}

void DrawBars(ImDrawList* dl, const Plot& p, const ChartSeries& s, int begin, int end, double period_s) {
  float base = p.Y(std::max(p.y0, 0.0));
  float last_x1 = -1e9f;
  for (int i = begin; i < end; ++i) {
    float x0 = p.X(s.times_s[i]);
    float x1 = p.X(s.times_s[i] + period_s);
    if (x1 - x0 > 3) {
      x0 += 1;
      x1 -= 1;
    } else if (x1 < last_x1 + 1) {
      x1 = last_x1 + 1;  // at least one pixel per bar
    }
    x0 = std::max(x0, p.min.x);
    x1 = std::min(x1, p.max.x);
    if (x1 <= x0) continue;
    last_x1 = x1;
    dl->AddRectFilled(ImVec2(x0, p.Y(s.values[i])), ImVec2(x1, base), s.color);
  }
}

}  // namespace

ChartHover DrawTimeSeriesChart(const char* id, const ChartOptions& o, const ChartSeries* series, int series_count,
                               const ChartMarker* markers, int marker_count) {
  ChartHover hover;
  const Theme& th = GetTheme();
  ImGui::PushID(id);
  ImVec2 origin = ImGui::GetCursorScreenPos();
  float width = std::max(120.0f, ImGui::GetContentRegionAvail().x);
  float height = std::max(60.0f, o.height);
  ImGui::InvisibleButton("##chart", ImVec2(width, height));
  bool item_hovered = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  float line_h = ImGui::GetTextLineHeight();

  double t0 = o.start_s, t1 = o.end_s > o.start_s ? o.end_s : o.start_s + 60;
  double period = o.period_s > 0 ? o.period_s : 60;

  // Value range over the visible points.
  double vmin = 0, vmax = o.min_y_max;
  int visible_points = 0;
  for (int k = 0; k < series_count; ++k) {
    const ChartSeries& s = series[k];
    int b = LowerBound(s.times_s, s.count, t0 - period);
    int e = LowerBound(s.times_s, s.count, t1 + 1e-6);
    for (int i = b; i < e; ++i) {
      double v = s.values[i];
      if (!std::isfinite(v)) continue;
      vmin = std::min(vmin, v);
      vmax = std::max(vmax, v);
      ++visible_points;
    }
  }
  float plot_h_guess = height - line_h * 2 - 8;
  std::vector<double> yticks = NiceTicks(vmin, vmax * 1.04, std::max(2, static_cast<int>(plot_h_guess / (line_h * 2.2f))));

  // Margins: y labels on the left, time labels below, marker labels above.
  float label_w = 0;
  for (double v : yticks) label_w = std::max(label_w, ImGui::CalcTextSize(FormatAxisValue(v, o.format).c_str()).x);
  Plot p;
  p.min = ImVec2(origin.x + label_w + 8, origin.y + line_h + 2);
  p.max = ImVec2(origin.x + width - 6, origin.y + height - line_h - 6);
  p.t0 = t0;
  p.t1 = t1;
  p.y0 = yticks.front();
  p.y1 = yticks.back() > p.y0 ? yticks.back() : p.y0 + 1;

  // Grid and value labels.
  for (double v : yticks) {
    float y = p.Y(v);
    dl->AddLine(ImVec2(p.min.x, y), ImVec2(p.max.x, y), v == 0 ? th.chart_axis : th.chart_grid, 1.0f);
    std::string label = FormatAxisValue(v, o.format);
    ImVec2 ls = ImGui::CalcTextSize(label.c_str());
    dl->AddText(ImVec2(p.min.x - 6 - ls.x, y - ls.y * 0.5f), th.text_secondary, label.c_str());
  }
  // Time ticks.
  double step = NiceTimeStep(t1 - t0, std::max(2, static_cast<int>((p.max.x - p.min.x) / 78.0f)));
  for (double t = std::ceil(t0 / step) * step; t <= t1 + 1e-6; t += step) {
    float x = p.X(t);
    dl->AddLine(ImVec2(x, p.max.y), ImVec2(x, p.max.y + 4), th.chart_axis, 1.0f);
    std::string label = FormatTimeTick(t, step);
    ImVec2 ls = ImGui::CalcTextSize(label.c_str());
    float lx = std::clamp(x - ls.x * 0.5f, origin.x, origin.x + width - ls.x);
    dl->AddText(ImVec2(lx, p.max.y + 5), th.text_secondary, label.c_str());
  }

  dl->PushClipRect(ImVec2(p.min.x, p.min.y - line_h - 2), ImVec2(p.max.x + 1, p.max.y + 1), true);
  // Markers (deliveries): thin vertical lines with labels where they do not overlap. When they are denser than one
  // per 6 px (e.g. a delivery a minute over 12 hours) they become short ticks along the top edge, so the data stays
  // readable; `major` markers (size flushes, failures) keep their full-height line.
  float last_label_right = -1e9f;
  int hovered_marker = -1;
  ImVec2 mouse_pos = ImGui::GetIO().MousePos;
  float best_marker_dist = 4.5f;
  if (marker_count > 0) {
    int mb = 0;
    while (mb < marker_count && markers[mb].time_s < t0) ++mb;
    int me = mb;
    while (me < marker_count && markers[me].time_s <= t1) ++me;
    bool dense = (me - mb) * 6.0f > (p.max.x - p.min.x);
    const float tick_h = 6.0f;
    bool in_tick_band = mouse_pos.y >= p.min.y - 2 && mouse_pos.y <= p.min.y + tick_h + 3;
    for (int i = mb; i < me; ++i) {
      const ChartMarker& m = markers[i];
      float x = std::floor(p.X(m.time_s)) + 0.5f;
      bool full = !dense || m.major;
      ImU32 col = (m.color & ~IM_COL32_A_MASK) | (static_cast<ImU32>(full ? 170 : 220) << IM_COL32_A_SHIFT);
      dl->AddLine(ImVec2(x, p.min.y), ImVec2(x, full ? p.max.y : p.min.y + tick_h), col, 1.0f);
      if (m.label && (!dense || m.major)) {
        ImVec2 ls = ImGui::CalcTextSize(m.label);
        if (x - ls.x * 0.5f > last_label_right + 4 && x - ls.x * 0.5f >= p.min.x && x + ls.x * 0.5f <= p.max.x) {
          dl->AddText(ImVec2(x - ls.x * 0.5f, p.min.y - line_h - 1), m.color, m.label);
          last_label_right = x + ls.x * 0.5f;
        }
      }
      bool hoverable = full || in_tick_band;
      if (item_hovered && hoverable && std::fabs(mouse_pos.x - x) < best_marker_dist) {
        best_marker_dist = std::fabs(mouse_pos.x - x);
        hovered_marker = i;
      }
    }
    if (dense && last_label_right < -1e8f && me > mb) {
      char count[48];
      std::snprintf(count, sizeof count, "%d deliveries", me - mb);
      ImVec2 cs = ImGui::CalcTextSize(count);
      dl->AddText(ImVec2(p.max.x - cs.x, p.min.y - line_h - 1), th.text_secondary, count);
    }
  }
  // Series.
  for (int k = 0; k < series_count; ++k) {
    const ChartSeries& s = series[k];
    int b = LowerBound(s.times_s, s.count, t0 - period);
    int e = LowerBound(s.times_s, s.count, t1 + 1e-6);
    if (s.bars) {
      DrawBars(dl, p, s, b, e, period);
    } else {
      DrawLine(dl, p, s, b, e, period);
    }
  }
  dl->PopClipRect();
  dl->AddLine(ImVec2(p.min.x, p.min.y), ImVec2(p.min.x, p.max.y), th.chart_grid, 1.0f);

  if (visible_points == 0 && o.empty_text) {
    ImVec2 ts = ImGui::CalcTextSize(o.empty_text);
    dl->AddText(ImVec2((p.min.x + p.max.x - ts.x) * 0.5f, (p.min.y + p.max.y - ts.y) * 0.5f), th.text_secondary,
                o.empty_text);
  }

  // Hover: snap to the nearest datapoint of the first series, or show the marker.
  ImVec2 mouse = ImGui::GetIO().MousePos;
  if (item_hovered && mouse.x >= p.min.x && mouse.x <= p.max.x) {
    hover.hovered = true;
    hover.marker = hovered_marker;
    double t = p.T(mouse.x);
    int best = -1;
    if (series_count > 0 && series[0].count > 0) {
      const ChartSeries& s = series[0];
      double centre_shift = period * 0.5;
      int i = LowerBound(s.times_s, s.count, t - centre_shift);
      double best_d = 1e300;
      for (int j = std::max(0, i - 1); j <= std::min(s.count - 1, i + 1); ++j) {
        double d = std::fabs(s.times_s[j] + centre_shift - t);
        if (d < best_d) {
          best_d = d;
          best = j;
        }
      }
      double max_snap = std::max(period, (t1 - t0) / 60.0);
      if (best >= 0 && best_d > max_snap) best = -1;
    }
    hover.point = best;
    float hx = best >= 0 ? p.X(series[0].times_s[best] + period * 0.5) : mouse.x;
    if (hovered_marker >= 0) hx = std::floor(p.X(markers[hovered_marker].time_s)) + 0.5f;
    dl->AddLine(ImVec2(hx, p.min.y), ImVec2(hx, p.max.y), th.chart_hover, 1.0f);
    if (best >= 0) {
      for (int k = 0; k < series_count; ++k) {
        const ChartSeries& s = series[k];
        if (k > 0 && (best >= s.count || s.times_s[best] != series[0].times_s[best])) continue;
        if (!s.bars) dl->AddCircleFilled(ImVec2(hx, p.Y(s.values[best])), 3.5f, s.color, 10);
      }
    }
    ImGui::BeginTooltip();
    if (hovered_marker >= 0) {
      ImGui::TextUnformatted(FormatClockUtc(FromEpochSeconds(markers[hovered_marker].time_s)).c_str());
      if (o.marker_tooltip) o.marker_tooltip(hovered_marker);
    } else if (best >= 0) {
      double bt = series[0].times_s[best];
      ImGui::TextUnformatted(FormatClockUtc(FromEpochSeconds(bt)).c_str());
      for (int k = 0; k < series_count; ++k) {
        const ChartSeries& s = series[k];
        if (best >= s.count || s.times_s[best] != bt) continue;
        ImGui::TextColored(ToVec4(s.color), "%s", s.label);
        ImGui::SameLine();
        ImGui::TextUnformatted(FormatTooltipValue(s.values[best], o.format).c_str());
      }
    } else {
      ImGui::TextUnformatted(FormatClockUtc(FromEpochSeconds(t)).c_str());
      ImGui::TextDisabled("No datapoint");
    }
    ImGui::EndTooltip();
  }
  ImGui::PopID();
  return hover;
}

}  // namespace fhl::ui
