// firehose_panel.h: the "Amazon Data Firehose" section: the Firehose streams table, a stream's details with the tabs
// Monitoring (monitoring_panel.h), Configuration (destination settings, Edit buffering hints) and Test with demo data.
#pragma once

#include <string>

#include "ui/monitoring_panel.h"
#include "ui/ui_context.h"

namespace fhl::ui {

class FirehosePanel {
 public:
  enum class Tab { kMonitoring, kConfiguration, kDemo };

  void Draw(UiContext& ctx);
  // Shows a stream's details (empty: the streams table), optionally on a given tab.
  void OpenStream(const std::string& name, Tab tab = Tab::kMonitoring);
  const std::string& selected_stream() const { return selected_; }
  MonitoringPanel& monitoring() { return monitoring_; }

 private:
  void DrawList(UiContext& ctx);
  void DrawDetails(UiContext& ctx);
  void DrawConfiguration(UiContext& ctx, const Json& description);
  void DrawDemo(UiContext& ctx, const Json& description);
  void DrawRecentDeliveries(UiContext& ctx);
  Json DeliveriesRequest(const UiContext& ctx) const;  // Lab ListDeliveries for the last hour

  std::string selected_;
  Tab tab_ = Tab::kMonitoring;
  int rate_index_ = 2;  // 100 records/second, the console's default
  bool editing_hints_ = false;
  int edit_size_mib_ = 1;
  int edit_interval_s_ = 60;
  MonitoringPanel monitoring_;
};

}  // namespace fhl::ui
