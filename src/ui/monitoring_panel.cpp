// monitoring_panel.cpp: CloudWatch charts of a Firehose stream with delivery markers (see monitoring_panel.h).
// Auto-refresh runs on simulated time (10 s of lab time = one refresh), so the charts move with the clock speed
// and stay still while paused; Refresh always refetches.
#include "ui/monitoring_panel.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ui/format.h"
#include "ui/json_access.h"
#include "ui/ui_kit.h"
#include "ui/widget_registry.h"

namespace fhl::ui {

// [SECTION] options

const MonitoringPanel::Option MonitoringPanel::kRanges[] = {{"5m", 300},     {"15m", 900},    {"1h", 3600},
                                                            {"3h", 10800},   {"12h", 43200},  {"24h", 86400}};
const MonitoringPanel::Option MonitoringPanel::kPeriods[] = {{"Auto", 0},      {"1 second", 1},   {"5 seconds", 5},
                                                             {"10 seconds", 10}, {"30 seconds", 30}, {"1 minute", 60},
                                                             {"5 minutes", 300}, {"15 minutes", 900}, {"1 hour", 3600}};
const MonitoringPanel::Option MonitoringPanel::kRefresh[] = {{"Off", 0}, {"10 seconds", 10}, {"1 minute", 60}};
const char* const MonitoringPanel::kStats[] = {"Default", "Sum", "Average", "Minimum", "Maximum", "SampleCount"};

int MonitoringPanel::RangeCount() { return static_cast<int>(sizeof kRanges / sizeof kRanges[0]); }
int MonitoringPanel::PeriodCount() { return static_cast<int>(sizeof kPeriods / sizeof kPeriods[0]); }
int MonitoringPanel::RefreshCount() { return static_cast<int>(sizeof kRefresh / sizeof kRefresh[0]); }
int MonitoringPanel::StatCount() { return static_cast<int>(sizeof kStats / sizeof kStats[0]); }

double MonitoringPanel::EffectivePeriod(double range_s, double selected_period_s) {
  double period = selected_period_s;
  if (period <= 0) {
    static const double kAuto[] = {1, 5, 10, 30, 60, 300, 900, 3600};
    period = 3600;
    for (double p : kAuto) {
      if (range_s / p <= 200) {
        period = p;
        break;
      }
    }
  }
  if (period < 60 && range_s > 3 * 3600) period = 60;  // sub-minute data is kept for 3 hours only
  return period;
}

namespace {

struct ChartDef {
  const char* title;
  const char* id;           // query id in GetMetricData
  const char* metric;       // metric name ("" for the expression)
  const char* default_stat;
  const char* unit;
  ValueFormat format;
  double min_y_max;
};

// The charts, in display order. e1 = m1/PERIOD(m1) with m1 = IncomingRecords (Sum by default), as in the console.
const ChartDef kCharts[] = {
    {"Incoming records (per second)", "e1", "", "Sum", "Count/Second", ValueFormat::kNumber, 1},
    {"Incoming bytes", "m2", "IncomingBytes", "Sum", "Bytes", ValueFormat::kBytes, 1024},
    {"Delivery to Amazon S3 records", "m3", "DeliveryToS3.Records", "Sum", "Count", ValueFormat::kNumber, 1},
    {"Delivery to Amazon S3 bytes", "m4", "DeliveryToS3.Bytes", "Sum", "Bytes", ValueFormat::kBytes, 1024},
    {"Delivery to Amazon S3 data freshness", "m5", "DeliveryToS3.DataFreshness", "Maximum", "Seconds",
     ValueFormat::kSeconds, 60},
    {"Delivery to Amazon S3 success", "m6", "DeliveryToS3.Success", "Average", "Ratio", ValueFormat::kRatio, 1},
};
constexpr int kChartCount = static_cast<int>(sizeof kCharts / sizeof kCharts[0]);

Json MetricQuery(const char* id, const char* metric, const std::string& stream, int period, const char* stat,
                 bool return_data) {
  Json q;
  q["Id"] = id;
  q["MetricStat"] = {{"Metric",
                      {{"Namespace", "AWS/Firehose"},
                       {"MetricName", metric},
                       {"Dimensions", Json::array({{{"Name", "DeliveryStreamName"}, {"Value", stream}}})}}},
                     {"Period", period},
                     {"Stat", stat}};
  q["ReturnData"] = return_data;
  return q;
}

const char* DeliveryLabel(const std::string& reason, bool success) {
  if (!success) return "failed";
  if (reason == "BufferingSize") return "size";
  return "interval";
}

}  // namespace

// [SECTION] data

void MonitoringPanel::Refresh(UiContext& ctx, const std::string& stream, bool incremental) {
  double range = kRanges[range_index].seconds;
  period_s_ = EffectivePeriod(range, kPeriods[period_index].seconds);
  double previous_end = snapshot_end_s_;
  // Complete periods only: a partial last period would show as a drop (records per second over a part of it).
  snapshot_end_s_ = std::floor(ctx.sim_now_s / period_s_) * period_s_;
  snapshot_wall_s_ = ctx.api->wall_s();
  double start = snapshot_end_s_ - range;
  int period = static_cast<int>(period_s_);
  const char* chosen = stat_index > 0 ? kStats[stat_index] : nullptr;

  Json queries = Json::array();
  queries.push_back(MetricQuery("m1", "IncomingRecords", stream, period, chosen ? chosen : "Sum", false));
  queries.push_back({{"Id", "e1"}, {"Expression", "m1/PERIOD(m1)"}, {"Label", "Incoming records (per second)"}});
  for (int c = 1; c < kChartCount; ++c)
    queries.push_back(MetricQuery(kCharts[c].id, kCharts[c].metric, stream, period,
                                  chosen ? chosen : kCharts[c].default_stat, true));
  metrics_request_ = Json::object();
  metrics_request_["MetricDataQueries"] = std::move(queries);
  metrics_request_["StartTime"] = start;
  metrics_request_["EndTime"] = snapshot_end_s_;
  metrics_request_["ScanBy"] = "TimestampAscending";

  // Deliveries: fetched here, once per snapshot. An auto-refresh asks only for [previous end, new end) and appends,
  // so a 24-hour window does not re-list ~1,440 deliveries on every refresh.
  incremental = incremental && previous_end >= start && previous_end <= snapshot_end_s_ && !deliveries_error_;
  double from = incremental ? previous_end : start;
  Response r = ctx.api->Fetch("Lab", "ListDeliveries",
                              Json{{"DeliveryStreamName", stream}, {"StartTime", from}, {"EndTime", snapshot_end_s_}});
  if (!r.ok()) {
    deliveries_error_ = r.error;
    deliveries_.clear();
    markers_.clear();
    return;
  }
  deliveries_error_.reset();
  if (!incremental) deliveries_.clear();
  auto old_end = std::lower_bound(deliveries_.begin(), deliveries_.end(), start,
                                  [](const Delivery& d, double t) { return d.time_s < t; });
  deliveries_.erase(deliveries_.begin(), old_end);  // fell out of the window
  AppendDeliveries(r.body);
}

void MonitoringPanel::ParseMetrics(const Json& body) {
  series_.assign(kChartCount, Series());
  for (const Json& r : JArray(body, "MetricDataResults")) {
    std::string_view id = JStr(r, "Id");
    int chart = -1;
    for (int c = 0; c < kChartCount; ++c)
      if (id == kCharts[c].id) chart = c;
    if (chart < 0) continue;
    const Json& ts = JArray(r, "Timestamps");
    const Json& vs = JArray(r, "Values");
    size_t n = std::min(ts.size(), vs.size());
    Series& s = series_[static_cast<size_t>(chart)];
    s.times.reserve(n);
    s.values.reserve(n);
    for (size_t i = 0; i < n; ++i) {
      double t = ts[i].is_string() ? 0 : JAsNum(ts[i], NAN);
      if (ts[i].is_string()) {
        std::optional<TimeUs> parsed = ParseIso8601(ts[i].get_ref<const std::string&>());
        t = parsed ? ToEpochSeconds(*parsed) : NAN;
      }
      double v = JAsNum(vs[i], NAN);
      if (!std::isfinite(t) || !std::isfinite(v)) continue;
      s.times.push_back(t);
      s.values.push_back(v);
    }
    // Ascending by time (ScanBy asks for it; sort defensively so the chart's binary searches hold).
    if (!std::is_sorted(s.times.begin(), s.times.end())) {
      std::vector<size_t> order(s.times.size());
      for (size_t i = 0; i < order.size(); ++i) order[i] = i;
      std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return s.times[a] < s.times[b]; });
      Series sorted;
      for (size_t i : order) {
        sorted.times.push_back(s.times[i]);
        sorted.values.push_back(s.values[i]);
      }
      s = std::move(sorted);
    }
  }
}

void MonitoringPanel::AppendDeliveries(const Json& body) {
  const Theme& th = GetTheme();
  size_t first_new = deliveries_.size();
  for (const Json& d : JArray(body, "Deliveries")) {
    Delivery x;
    x.time_s = JNum(d, "Time");
    x.reason = std::string(JStr(d, "Reason"));
    x.key = std::string(JStr(d, "Key"));
    x.error = std::string(JStr(d, "ErrorMessage"));
    x.records = JNum(d, "Records");
    x.bytes = JNum(d, "Bytes");
    x.success = JBool(d, "Success", true);
    deliveries_.push_back(std::move(x));
  }
  auto by_time = [](const Delivery& a, const Delivery& b) { return a.time_s < b.time_s; };
  if (!std::is_sorted(deliveries_.begin() + static_cast<long>(first_new), deliveries_.end(), by_time) ||
      (first_new > 0 && first_new < deliveries_.size() && deliveries_[first_new].time_s < deliveries_[first_new - 1].time_s))
    std::stable_sort(deliveries_.begin(), deliveries_.end(), by_time);
  markers_.clear();
  markers_.reserve(deliveries_.size());
  for (const Delivery& d : deliveries_) {
    ChartMarker m;
    m.time_s = d.time_s;
    m.label = DeliveryLabel(d.reason, d.success);
    m.color = !d.success ? th.marker_failed : d.reason == "BufferingSize" ? th.marker_size : th.marker_interval;
    m.major = !d.success || d.reason == "BufferingSize";
    markers_.push_back(m);
  }
}

// [SECTION] drawing

void MonitoringPanel::DrawToolbar(UiContext& ctx) {
  const Theme& th = GetTheme();
  ImGui::AlignTextToFramePadding();
  SecondaryText("Time range");
  for (int i = 0; i < RangeCount(); ++i) {
    ImGui::SameLine(0, i == 0 ? 8 : 2);
    std::string label = std::string(kRanges[i].label) + "##range";
    if (SegmentButton(label.c_str(), range_index == i)) range_index = i;
    TrackWidget(std::string("Firehose/Monitoring/Range/") + kRanges[i].label);
  }
  ImGui::SameLine(0, 18);
  ImGui::AlignTextToFramePadding();
  SecondaryText("Period");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(118);
  if (ImGui::BeginCombo("##period", kPeriods[period_index].label)) {
    for (int i = 0; i < PeriodCount(); ++i) {
      if (ImGui::Selectable(kPeriods[i].label, i == period_index)) period_index = i;
      TrackWidget(std::string("Firehose/Monitoring/Period/") + kPeriods[i].label);
    }
    ImGui::EndCombo();
  }
  TrackWidget("Firehose/Monitoring/Period");
  ImGui::SameLine(0, 14);
  ImGui::AlignTextToFramePadding();
  SecondaryText("Statistic");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(118);
  if (ImGui::BeginCombo("##stat", kStats[stat_index])) {
    for (int i = 0; i < StatCount(); ++i) {
      if (ImGui::Selectable(kStats[i], i == stat_index)) stat_index = i;
      TrackWidget(std::string("Firehose/Monitoring/Statistic/") + kStats[i]);
    }
    ImGui::EndCombo();
  }
  TrackWidget("Firehose/Monitoring/Statistic");
  ImGui::SameLine(0, 14);
  ImGui::AlignTextToFramePadding();
  SecondaryText("Auto refresh");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(110);
  if (ImGui::BeginCombo("##autorefresh", kRefresh[refresh_index].label)) {
    for (int i = 0; i < RefreshCount(); ++i) {
      if (ImGui::Selectable(kRefresh[i].label, i == refresh_index)) refresh_index = i;
      TrackWidget(std::string("Firehose/Monitoring/Auto refresh/") + kRefresh[i].label);
    }
    ImGui::EndCombo();
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Refresh interval in simulated (lab) time");
  TrackWidget("Firehose/Monitoring/Auto refresh");
  ImGui::SameLine(0, 14);
  if (NormalButton("Refresh##monitoring")) {
    force_refresh_ = true;
    ctx.api->InvalidateAll();
  }
  TrackWidget("Firehose/Monitoring/Refresh");

  // Second line: what is shown, the legend of delivery markers, and the sandbox note.
  char shown[160];
  std::string period_text = period_s_ < 60 ? std::to_string(static_cast<int>(period_s_)) + " s"
                                           : period_s_ < 3600 ? std::to_string(static_cast<int>(period_s_ / 60)) + " min"
                                                              : std::to_string(static_cast<int>(period_s_ / 3600)) + " h";
  std::snprintf(shown, sizeof shown, "Period %s, data as of %s UTC.", period_text.c_str(),
                FormatTimeOfDay(FromEpochSeconds(snapshot_end_s_ < 0 ? 0 : snapshot_end_s_)).c_str());
  SecondaryText(shown);
  ImGui::SameLine(0, 18);
  SecondaryText("Deliveries to Amazon S3:");
  struct LegendItem {
    ImU32 color;
    const char* label;
  } legend[] = {{th.marker_interval, "interval"}, {th.marker_size, "size"}, {th.marker_failed, "failed"}};
  for (const LegendItem& l : legend) {
    ImGui::SameLine(0, 10);
    ImVec2 p = ImGui::GetCursorScreenPos();
    float h = ImGui::GetTextLineHeight();
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + 2), ImVec2(p.x + 3, p.y + h - 2), l.color);
    ImGui::Dummy(ImVec2(5, h));
    ImGui::SameLine(0, 4);
    ImGui::PushStyleColor(ImGuiCol_Text, ToVec4(l.color));
    ImGui::TextUnformatted(l.label);
    ImGui::PopStyleColor();
  }
  ImGui::PushStyleColor(ImGuiCol_Text, ToVec4(th.text_secondary));
  ImGui::TextWrapped(
      "Amazon Data Firehose publishes these metrics to CloudWatch every minute; periods under 1 minute are a "
      "convenience of this sandbox (kept for the last 3 hours).");
  ImGui::PopStyleColor();
}

void MonitoringPanel::DrawChart(UiContext& ctx, int chart, float height) {
  const ChartDef& def = kCharts[chart];
  const Theme& th = GetTheme();
  Heading(def.title);
  const char* stat = stat_index > 0 ? kStats[stat_index] : def.default_stat;
  char sub[96];
  if (chart == 0) {
    std::snprintf(sub, sizeof sub, "%s (%s / period)", def.unit, stat);
  } else {
    std::snprintf(sub, sizeof sub, "%s (%s)", def.unit, stat);
  }
  SecondaryText(sub);
  static const Series kEmpty;
  const Series& s = series_.size() > static_cast<size_t>(chart) ? series_[static_cast<size_t>(chart)] : kEmpty;
  ChartSeries cs;
  cs.label = def.title;
  cs.times_s = s.times.data();
  cs.values = s.values.data();
  cs.count = static_cast<int>(s.times.size());
  cs.color = th.chart_series;
  ChartOptions o;
  o.start_s = snapshot_end_s_ - kRanges[range_index].seconds;
  o.end_s = snapshot_end_s_;
  o.period_s = period_s_;
  o.format = def.format;
  o.height = height;
  o.min_y_max = def.min_y_max;
  o.marker_tooltip = [this](int i) {
    if (i < 0 || static_cast<size_t>(i) >= deliveries_.size()) return;
    const Delivery& d = deliveries_[static_cast<size_t>(i)];
    ImGui::Text("Delivery to Amazon S3 (%s)",
                d.reason == "BufferingSize" ? "buffer size reached" : "buffer interval elapsed");
    ImGui::Text("%s records, %s", FormatCount(static_cast<int64_t>(d.records)).c_str(), FormatBytes(d.bytes).c_str());
    if (!d.key.empty()) ImGui::TextDisabled("%s", d.key.c_str());
    if (!d.success) ImGui::TextColored(ToVec4(GetTheme().error), "Failed: %s", d.error.c_str());
  };
  DrawTimeSeriesChart(def.id, o, &cs, 1, markers_.data(), static_cast<int>(markers_.size()));
  (void)ctx;
}

void MonitoringPanel::Draw(UiContext& ctx, const std::string& stream) {
  // Decide whether this frame takes a new snapshot.
  char signature[64];
  std::snprintf(signature, sizeof signature, "%d/%d/%d", range_index, period_index, stat_index);
  double interval = kRefresh[refresh_index].seconds;
  double wall = ctx.api->wall_s();
  // Opening the tab always shows fresh data (the console reloads its graphs when the tab is shown).
  const int frame = ImGui::GetFrameCount();
  const bool reopened = last_draw_frame_ >= 0 && frame - last_draw_frame_ > 1;
  last_draw_frame_ = frame;
  bool first = snapshot_end_s_ < 0 || stream != stream_ || settings_signature_ != signature || reopened;
  // Auto-refresh: every `interval` of simulated time, but not more often than one period (the data only gains a
  // point per period) and at most 4 times per wall second (once per wall second for 12 h and 24 h windows).
  double sim_step = std::max(interval, period_s_);
  bool due = interval > 0 && std::floor(ctx.sim_now_s) - snapshot_end_s_ >= sim_step;
  double wall_step = kRanges[range_index].seconds >= 12 * 3600 ? 1.0 : 0.25;
  bool went_back = ctx.sim_now_s + 1 < snapshot_end_s_;
  if (first || force_refresh_ || went_back || (due && wall - snapshot_wall_s_ >= wall_step)) {
    bool incremental = !first && !force_refresh_ && !went_back;
    stream_ = stream;
    settings_signature_ = signature;
    force_refresh_ = false;
    Refresh(ctx, stream, incremental);
  } else if (due) {
    ctx.wants_redraw = true;  // throttled: come back soon
  }

  const CachedResponse& metrics = ctx.api->Get("CloudWatch", "GetMetricData", metrics_request_, kPinned);
  if (metrics.serial != metrics_serial_) {
    metrics_serial_ = metrics.serial;
    if (metrics.response.ok()) {
      ParseMetrics(metrics.response.body);
    } else {
      series_.assign(kChartCount, Series());
    }
  }

  BeginCard("Metrics");
  DrawToolbar(ctx);
  if (!metrics.response.ok()) ErrorBanner(*metrics.response.error, "GetMetricData failed.");
  if (deliveries_error_) ErrorBanner(*deliveries_error_, "ListDeliveries failed.");
  ImGui::Spacing();

  float inner = CardInnerWidth();
  float gap = 12;
  int columns = inner > 900 ? 2 : 1;
  float col_w = columns == 2 ? (inner - gap) * 0.5f : inner;
  float chart_h = 150;
  for (int c = 0; c < kChartCount; ++c) {
    int col = c % columns;
    if (col > 0) ImGui::SameLine(0, gap);
    ImGui::PushID(c);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(10, 8));
    ImGui::PushStyleColor(ImGuiCol_Border, ToVec4(GetTheme().divider));
    float cell_h = chart_h + ImGui::GetTextLineHeight() * 2 + ImGui::GetStyle().ItemSpacing.y * 2 + 18;
    ImGui::BeginChild("##chartcell", ImVec2(col_w, cell_h), true,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    DrawChart(ctx, c, chart_h);
    ImGui::EndChild();
    ImGui::PopStyleColor();
    ImGui::PopStyleVar();
    TrackWidget(std::string("Firehose/Monitoring/Chart/") + kCharts[c].title);
    // A marker drawn only while the chart holds a non-zero datapoint, so tests can tell "No data" from data.
    if (static_cast<size_t>(c) < series_.size() &&
        std::any_of(series_[c].values.begin(), series_[c].values.end(), [](double v) { return v != 0; })) {
      TrackWidget(std::string("Firehose/Monitoring/Chart/") + kCharts[c].title + "/Has data");
      if (c == 0) ctx.api->Fetch("Lab", "RecordLabActivity", Json{{"Activity", "ViewedIncomingRecords"}});  // guide
    }
    ImGui::PopID();
  }
  EndCard();
}

}  // namespace fhl::ui
