// monitoring_panel.h: the Firehose stream's Monitoring tab: CloudWatch charts (GetMetricData) with period, statistic,
// time range and auto-refresh selectors, and a marker per S3 delivery (Lab ListDeliveries) coloured by reason.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ui/time_series_chart.h"
#include "ui/ui_context.h"

namespace fhl::ui {

class MonitoringPanel {
 public:
  // Draws the tab for `stream`. Takes a new snapshot (GetMetricData through the cache, ListDeliveries directly and
  // incrementally) only when the settings change, on Refresh, or when the auto-refresh interval of simulated time
  // has passed (at most 4 times per wall second). Auto-refresh runs on simulated time, so it follows the clock speed
  // and stops while the clock is paused.
  void Draw(UiContext& ctx, const std::string& stream);

  // Selector state (indices into the option tables below); public for tests and benchmarks.
  int range_index = 1;    // 15 minutes
  int period_index = 0;   // Auto
  int stat_index = 0;     // Default per metric
  int refresh_index = 1;  // every 10 s of simulated time

  struct Option {
    const char* label;
    double seconds;
  };
  static const Option kRanges[];   // 5m 15m 1h 3h 12h 24h
  static const Option kPeriods[];  // Auto, 1 s .. 1 h
  static const Option kRefresh[];  // Off, 10 s, 1 min
  static const char* const kStats[];
  static int RangeCount();
  static int PeriodCount();
  static int RefreshCount();
  static int StatCount();

  // Deliveries currently marked on the charts (tests).
  size_t delivery_count() const { return markers_.size(); }

  // The period a selection resolves to: Auto picks ~100-200 points; under 60 s only for ranges <= 3 h.
  static double EffectivePeriod(double range_s, double selected_period_s);

 private:
  struct Series {
    std::vector<double> times, values;
  };
  struct Delivery {
    double time_s = 0;
    std::string reason, key, error;
    double records = 0, bytes = 0;
    bool success = true;
  };
  void Refresh(UiContext& ctx, const std::string& stream, bool incremental);
  void ParseMetrics(const Json& body);
  void AppendDeliveries(const Json& body);
  void DrawToolbar(UiContext& ctx);
  void DrawChart(UiContext& ctx, int chart, float height);

  std::string stream_;
  std::string settings_signature_;
  double snapshot_end_s_ = -1;
  double snapshot_wall_s_ = -1e9;
  int last_draw_frame_ = -1;  // ImGui frame of the last Draw: a gap means the tab was just (re)opened
  double period_s_ = 60;
  bool force_refresh_ = false;
  Json metrics_request_;
  uint64_t metrics_serial_ = 0;
  std::optional<ApiError> deliveries_error_;
  std::vector<Series> series_;  // one per chart
  std::vector<Delivery> deliveries_;
  std::vector<ChartMarker> markers_;
};

}  // namespace fhl::ui
