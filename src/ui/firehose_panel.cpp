// firehose_panel.cpp: Firehose streams table and stream details (see firehose_panel.h). Every read goes through
// ApiCache::Get, every change through ApiCache::Write; failures show as red banners or flash messages.
#include "ui/firehose_panel.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ui/format.h"
#include "ui/json_access.h"
#include "ui/ui_kit.h"
#include "ui/widget_registry.h"

namespace fhl::ui {

namespace {

const int kDemoRates[] = {1, 10, 100, 500, 1000, 2000};
constexpr int kDemoRateCount = static_cast<int>(sizeof kDemoRates / sizeof kDemoRates[0]);

const Json& FirstDestination(const Json& description) {
  const Json& destinations = JArray(description, "Destinations");
  static const Json kNull;
  return destinations.empty() ? kNull : destinations[0];
}

const Json& ExtendedS3(const Json& description) {
  return JMember(FirstDestination(description), "ExtendedS3DestinationDescription");
}

std::string BucketFromArn(std::string_view arn) {
  const std::string_view prefix = "arn:aws:s3:::";
  if (arn.substr(0, prefix.size()) == prefix) return std::string(arn.substr(prefix.size()));
  size_t colon = arn.rfind(':');
  return std::string(colon == std::string_view::npos ? arn : arn.substr(colon + 1));
}

bool NewLineDelimiterEnabled(const Json& ext) {
  const Json& pc = JMember(ext, "ProcessingConfiguration");
  if (!JBool(pc, "Enabled")) return false;
  for (const Json& p : JArray(pc, "Processors"))
    if (JStr(p, "Type") == "AppendDelimiterToRecord") return true;
  return false;
}

std::string TimestampText(const Json& obj, const char* key) {
  const Json& v = JMember(obj, key);
  if (v.is_number()) return FormatConsoleDate(FromEpochSeconds(v.get<double>()));
  if (v.is_string()) return FormatConsoleDateIso(v.get_ref<const std::string&>());
  return "-";
}

std::string SourceText(const Json& description) {
  std::string_view type = JStr(description, "DeliveryStreamType", "DirectPut");
  if (type == "DirectPut") return "Direct PUT";
  if (type == "KinesisStreamAsSource") return "Amazon Kinesis Data Streams";
  if (type == "MSKAsSource") return "Amazon MSK";
  return std::string(type);
}

std::string DestinationText(const Json& description) {
  const Json& destinations = JArray(description, "Destinations");
  if (!destinations.empty() && (JMember(destinations[0], "ExtendedS3DestinationDescription").is_object() ||
                                JMember(destinations[0], "S3DestinationDescription").is_object()))
    return "Amazon S3";
  return destinations.empty() ? "-" : "Other";
}

std::string Plural(double n, const char* one, const char* many) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g %s", n, n == 1 ? one : many);
  return buf;
}

}  // namespace

void FirehosePanel::OpenStream(const std::string& name, Tab tab) {
  selected_ = name;
  tab_ = tab;
  editing_hints_ = false;
}

void FirehosePanel::Draw(UiContext& ctx) {
  if (selected_.empty()) {
    DrawList(ctx);
  } else {
    DrawDetails(ctx);
  }
}

// [SECTION] streams table

void FirehosePanel::DrawList(UiContext& ctx) {
  const Theme& th = GetTheme();
  ImGui::PushStyleColor(ImGuiCol_Text, ToVec4(th.text_secondary));
  std::string crumb = std::string("Amazon Data Firehose  ") + ChevronText() + "  Firehose streams";
  TextView(crumb);
  ImGui::PopStyleColor();
  ImGui::Spacing();

  const CachedResponse& list = ctx.api->Get("Firehose", "ListDeliveryStreams", Json{{"Limit", 100}}, kLiveListing);
  if (!list.response.ok()) {
    ErrorBanner(*list.response.error, "Could not list Firehose streams.");
    return;
  }
  const Json& names = JArray(list.response.body, "DeliveryStreamNames");
  std::string counter = "(" + std::to_string(names.size()) + (JBool(list.response.body, "HasMoreDeliveryStreams") ? "+)" : ")");
  BeginCard("Firehose streams", counter.c_str());
  SecondaryText("Amazon Data Firehose delivers real-time streaming data to destinations such as Amazon S3.");
  ImGui::Spacing();
  ImGuiTableFlags flags = ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp |
                          ImGuiTableFlags_NoSavedSettings | ImGuiTableFlags_PadOuterX;
  if (ImGui::BeginTable("##streams", 6, flags, ImVec2(CardInnerWidth(), 0))) {
    ImGui::TableSetupColumn("Name", 0, 2.4f);
    ImGui::TableSetupColumn("Status", 0, 1.0f);
    ImGui::TableSetupColumn("Source", 0, 1.0f);
    ImGui::TableSetupColumn("Destination", 0, 1.0f);
    ImGui::TableSetupColumn("Data transformation", 0, 1.1f);
    ImGui::TableSetupColumn("Creation time", 0, 2.0f);
    ImGui::TableHeadersRow();
    for (const Json& n : names) {
      std::string_view name = JAsStr(n);
      if (name.empty()) continue;
      const CachedResponse& d = ctx.api->Get("Firehose", "DescribeDeliveryStream",
                                             Json{{"DeliveryStreamName", name}}, kLiveListing);
      const Json& desc = JMember(d.response.body, "DeliveryStreamDescription");
      ImGui::TableNextRow(0, ImGui::GetFrameHeight());
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      std::string track = "Firehose/Stream/" + std::string(name);
      if (LinkText(name, track.c_str())) OpenStream(std::string(name));
      TrackWidget(track);
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      if (!d.response.ok()) {
        ImGui::TextColored(ToVec4(th.error), "%s", d.response.error->code.c_str());
        continue;
      }
      StatusIndicator(JStr(desc, "DeliveryStreamStatus"));
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      TextView(SourceText(desc));
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      TextView(DestinationText(desc));
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      TextView("Disabled");
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      TextView(TimestampText(desc, "CreateTimestamp"));
    }
    ImGui::EndTable();
  }
  if (names.empty()) SecondaryText("No Firehose streams. The lab's stream appears here once it is created.");
  EndCard();
}

// [SECTION] stream details

void FirehosePanel::DrawDetails(UiContext& ctx) {
  const Theme& th = GetTheme();
  // Breadcrumb.
  if (LinkText("Amazon Data Firehose", "crumb-firehose")) selected_.clear();
  TrackWidget("Firehose/Breadcrumb/Amazon Data Firehose");
  ImGui::SameLine(0, 6);
  SecondaryText(ChevronText());
  ImGui::SameLine(0, 6);
  if (LinkText("Firehose streams", "crumb-streams")) selected_.clear();
  TrackWidget("Firehose/Back");
  ImGui::SameLine(0, 6);
  SecondaryText(ChevronText());
  ImGui::SameLine(0, 6);
  SecondaryText(selected_);
  if (selected_.empty()) return;
  ctx.api->Fetch("Lab", "RecordLabActivity", Json{{"Activity", "OpenedDeliveryStream"}});  // lab guide: open-stream
  ImGui::Spacing();

  Heading(selected_.c_str(), nullptr, true);
  ImGui::Spacing();

  const CachedResponse& d = ctx.api->Get("Firehose", "DescribeDeliveryStream", Json{{"DeliveryStreamName", selected_}},
                                         kLiveListing);
  if (!d.response.ok()) {
    ErrorBanner(*d.response.error, "Could not describe the Firehose stream.");
    return;
  }
  const Json& desc = JMember(d.response.body, "DeliveryStreamDescription");
  const Json& ext = ExtendedS3(desc);

  // Demo status for the details box.
  const CachedResponse& demo = ctx.api->Get("Lab", "DescribeDemoData", Json{{"DeliveryStreamName", selected_}}, kLiveSmall);
  bool demo_running = demo.response.ok() && JBool(demo.response.body, "Running");

  BeginCard("Firehose stream details");
  if (BeginKeyValues("##details", 3)) {
    KeyValueStatus("Status", JStr(desc, "DeliveryStreamStatus"));
    KeyValue("Source", SourceText(desc));
    KeyValue("Creation time", TimestampText(desc, "CreateTimestamp"));
    KeyValue("Firehose stream ARN", JStr(desc, "DeliveryStreamARN"));
    KeyValue("Destination", DestinationText(desc));
    KeyValueLabel("Demo data");
    if (demo_running) {
      char text[64];
      std::snprintf(text, sizeof text, "Sending (%s records/second)",
                    FormatCount(JInt(demo.response.body, "RecordsPerSecond")).c_str());
      DotText(th.success, text);
    } else {
      DotText(th.pending, "Not sending");
    }
    EndKeyValues();
  }
  EndCard();
  ImGui::Spacing();

  static const char* const kTabLabels[] = {"Monitoring", "Configuration", "Test with demo data"};
  static const char* const kTabNames[] = {"Firehose/Tab/Monitoring", "Firehose/Tab/Configuration",
                                          "Firehose/Tab/Test with demo data"};
  int tab = static_cast<int>(tab_);
  TabStrip("##streamtabs", kTabLabels, 3, &tab, kTabNames);
  tab_ = static_cast<Tab>(tab);
  ImGui::Spacing();
  if (tab_ == Tab::kMonitoring) monitoring_.Draw(ctx, selected_);
  if (tab_ == Tab::kConfiguration) DrawConfiguration(ctx, desc);
  if (tab_ == Tab::kDemo) DrawDemo(ctx, desc);
  (void)ext;
}

// [SECTION] configuration tab

void FirehosePanel::DrawConfiguration(UiContext& ctx, const Json& desc) {
  const Json& ext = ExtendedS3(desc);
  const Json& hints = JMember(ext, "BufferingHints");
  double size_mib = JNum(hints, "SizeInMBs", 5);
  double interval_s = JNum(hints, "IntervalInSeconds", 300);
  std::string bucket = BucketFromArn(JStr(ext, "BucketARN"));

  BeginCard("Destination settings");
  SecondaryText("Amazon S3 destination: where Firehose writes the buffered records, one object per flush.");
  ImGui::Spacing();
  if (BeginKeyValues("##destination", 3)) {
    KeyValueLabel("S3 bucket");
    if (!bucket.empty()) {
      if (LinkText(bucket, "dest-bucket")) {
        ctx.nav.pending = true;
        ctx.nav.section = Section::kS3;
        ctx.nav.bucket = bucket;
        ctx.nav.prefix.clear();
        ctx.nav.key.clear();
      }
      TrackWidget("Firehose/Destination bucket");
    } else {
      TextView("-");
    }
    ImGui::Dummy(ImVec2(0, 4));
    KeyValue("S3 bucket prefix", JStr(ext, "Prefix", "-"));
    KeyValue("S3 bucket error output prefix", JStr(ext, "ErrorOutputPrefix", "-"));
    KeyValue("Buffer size", Plural(size_mib, "MiB", "MiB"));
    KeyValue("Buffer interval", Plural(interval_s, "second", "seconds"));
    std::string_view compression = JStr(ext, "CompressionFormat", "UNCOMPRESSED");
    KeyValue("Compression for data records", compression == "UNCOMPRESSED" ? std::string_view("Not enabled") : compression);
    KeyValue("New line delimiter", NewLineDelimiterEnabled(ext) ? "Enabled" : "Not enabled");
    KeyValue("Encryption of data records",
             JMember(JMember(ext, "EncryptionConfiguration"), "KMSEncryptionConfig").is_object() ? "AWS KMS" : "Not enabled");
    KeyValue("Version", JStr(desc, "VersionId", "-"));
    KeyValue("Destination ID", JStr(FirstDestination(desc), "DestinationId"));
    KeyValue("IAM role", JStr(ext, "RoleARN", "-"));
    KeyValue("Last update time", JMember(desc, "LastUpdateTimestamp").is_null() ? std::string("-") : TimestampText(desc, "LastUpdateTimestamp"));
    EndKeyValues();
  }
  EndCard();

  BeginCard("Buffer hints");
  SecondaryText(
      "Firehose buffers incoming records and delivers them when the buffer size is reached or the buffer interval "
      "has passed, whichever comes first.");
  ImGui::Spacing();
  if (!editing_hints_) {
    char line[96];
    std::snprintf(line, sizeof line, "Buffer size %g MiB   |   Buffer interval %g seconds", size_mib, interval_s);
    ImGui::AlignTextToFramePadding();
    TextView(line);
    ImGui::SameLine(0, 20);
    if (NormalButton("Edit##hints")) {
      editing_hints_ = true;
      edit_size_mib_ = static_cast<int>(size_mib);
      edit_interval_s_ = static_cast<int>(interval_s);
    }
    TrackWidget("Firehose/Edit buffering hints");
  } else {
    ImGui::AlignTextToFramePadding();
    TextView("Buffer size (MiB)");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(120);
    ImGui::InputInt("##size", &edit_size_mib_, 1, 8);
    TrackWidget("Firehose/Buffer size");
    ImGui::SameLine(0, 20);
    TextView("Buffer interval (seconds)");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(120);
    ImGui::InputInt("##interval", &edit_interval_s_, 10, 60);
    TrackWidget("Firehose/Buffer interval");
    edit_size_mib_ = std::clamp(edit_size_mib_, 1, 128);
    edit_interval_s_ = std::clamp(edit_interval_s_, 0, 900);
    SecondaryText("Buffer size 1-128 MiB, buffer interval 0-900 seconds. New objects use the next stream version.");
    if (PrimaryButton("Save changes##hints")) {
      Json update = {{"BufferingHints", {{"SizeInMBs", edit_size_mib_}, {"IntervalInSeconds", edit_interval_s_}}}};
      std::string destination_id(JStr(FirstDestination(desc), "DestinationId", "destinationId-000000000001"));
      Json request = {{"DeliveryStreamName", selected_},
                      {"CurrentDeliveryStreamVersionId", std::string(JStr(desc, "VersionId", "1"))},
                      {"DestinationId", destination_id},
                      {"ExtendedS3DestinationUpdate", update}};
      Response r = ctx.api->Write("Firehose", "UpdateDestination", request);
      if (r.ok()) {
        editing_hints_ = false;
        ctx.AddFlash(Flash::Kind::kSuccess, "Buffer hints of " + selected_ + " updated.");
      } else {
        ctx.FlashError("Updating the buffer hints failed.", *r.error);
      }
    }
    TrackWidget("Firehose/Save buffering hints");
    ImGui::SameLine();
    if (NormalButton("Cancel##hints")) editing_hints_ = false;
    TrackWidget("Firehose/Cancel buffering hints");
  }
  EndCard();

  BeginCard("Source settings");
  if (BeginKeyValues("##source", 3)) {
    KeyValue("Source", SourceText(desc));
    KeyValue("Server-side encryption",
             JStr(JMember(desc, "DeliveryStreamEncryptionConfiguration"), "Status", "DISABLED") == "ENABLED" ? "Enabled"
                                                                                                               : "Not enabled");
    KeyValue("Data transformation", "Not enabled");
    EndKeyValues();
  }
  EndCard();
}

// [SECTION] test with demo data tab

void FirehosePanel::DrawDemo(UiContext& ctx, const Json& desc) {
  const Theme& th = GetTheme();
  const CachedResponse& demo = ctx.api->Get("Lab", "DescribeDemoData", Json{{"DeliveryStreamName", selected_}}, kLiveSmall);
  const Json& body = demo.response.body;
  bool running = demo.response.ok() && JBool(body, "Running");
  bool active = JStr(desc, "DeliveryStreamStatus") == "ACTIVE";

  BeginCard("Test with demo data");
  ImGui::TextWrapped(
      "Ingest simulated stock ticker data to test the configuration of your Firehose stream. The demo script puts "
      "records from this page, as the console does from your browser; standard Amazon Data Firehose charges apply.");
  ImGui::Spacing();
  if (!active) {
    InfoBox("The Firehose stream must be Active to receive demo data.");
    ImGui::Spacing();
  }
  if (!demo.response.ok()) ErrorBanner(*demo.response.error, "Could not read the demo data status.");

  if (PrimaryButton("Start sending demo data", active && !running)) {
    Json request = {{"DeliveryStreamName", selected_}, {"RecordsPerSecond", kDemoRates[rate_index_]}};
    Response r = ctx.api->Write("Lab", "StartDemoData", request);
    if (r.ok()) {
      ctx.AddFlash(Flash::Kind::kSuccess, "Demo data is being sent to " + selected_ + ".");
    } else {
      ctx.FlashError("Start sending demo data failed.", *r.error);
    }
  }
  TrackWidget("Firehose/Start sending demo data");
  ImGui::SameLine();
  if (NormalButton("Stop sending demo data", running)) {
    Response r = ctx.api->Write("Lab", "StopDemoData", Json{{"DeliveryStreamName", selected_}});
    if (r.ok()) {
      ctx.AddFlash(Flash::Kind::kInfo, "Stopped sending demo data to " + selected_ + ".");
    } else {
      ctx.FlashError("Stop sending demo data failed.", *r.error);
    }
  }
  TrackWidget("Firehose/Stop sending demo data");
  ImGui::SameLine(0, 24);
  ImGui::AlignTextToFramePadding();
  SecondaryText("Records per second");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(100);
  std::string current = FormatCount(kDemoRates[rate_index_]);
  if (ImGui::BeginCombo("##rate", current.c_str())) {
    for (int i = 0; i < kDemoRateCount; ++i) {
      bool chosen = ImGui::Selectable(FormatCount(kDemoRates[i]).c_str(), i == rate_index_);
      TrackWidget("Firehose/Demo/Rate/" + std::to_string(kDemoRates[i]));
      if (chosen && i != rate_index_) {
        rate_index_ = i;
        if (running) {  // apply the new rate now: stop and start again
          Response stop = ctx.api->Write("Lab", "StopDemoData", Json{{"DeliveryStreamName", selected_}});
          Response start = stop.ok() ? ctx.api->Write("Lab", "StartDemoData",
                                                      Json{{"DeliveryStreamName", selected_}, {"RecordsPerSecond", kDemoRates[i]}})
                                     : stop;
          if (!start.ok()) ctx.FlashError("Changing the demo data rate failed.", *start.error);
        }
      }
    }
    ImGui::EndCombo();
  }
  TrackWidget("Firehose/Demo/Rate");
  ImGui::Spacing();

  // Status line.
  if (running) {
    double started = JNum(body, "StartedAt");
    char text[160];
    std::snprintf(text, sizeof text, "Demo data is being sent to your Firehose stream (%s records/second).",
                  FormatCount(JInt(body, "RecordsPerSecond")).c_str());
    DotText(th.success, text);
    if (started > 0) {
      std::string since = "Started at " + FormatClockUtc(FromEpochSeconds(started)) + " (" +
                          FormatDuration(ctx.sim_now_s - started) + " ago).";
      SecondaryText(since);
    }
  } else {
    DotText(th.pending, "Demo data is not being sent.");
  }
  if (demo.response.ok() && (running || JNum(body, "RecordsSent") > 0)) {
    char stats[128];
    std::snprintf(stats, sizeof stats, "Records sent: %s    Bytes sent: %s",
                  FormatCount(JInt(body, "RecordsSent")).c_str(), FormatBytes(JNum(body, "BytesSent")).c_str());
    TextView(stats);
    TrackWidget("Firehose/Demo/Stats");
  }
  std::string_view last_error = JStr(body, "LastError");
  if (!last_error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ToVec4(th.error));
    ImGui::TextWrapped("Last error: %.*s", static_cast<int>(last_error.size()), last_error.data());
    ImGui::PopStyleColor();
  }
  const CachedResponse& deliveries = ctx.api->Get("Lab", "ListDeliveries", DeliveriesRequest(ctx), kLiveListing);
  if (deliveries.response.ok() && JMember(deliveries.response.body, "BufferedRecords").is_number()) {
    char buffered[128];
    std::snprintf(buffered, sizeof buffered, "Buffered in Firehose, not yet delivered: %s records (%s)",
                  FormatCount(JInt(deliveries.response.body, "BufferedRecords")).c_str(),
                  FormatBytes(JNum(deliveries.response.body, "BufferedBytes")).c_str());
    TextView(buffered);
    TrackWidget("Firehose/Demo/Buffered");
  }
  const Json& hints = JMember(ExtendedS3(desc), "BufferingHints");
  char buffer_note[200];
  std::snprintf(buffer_note, sizeof buffer_note,
                "Objects appear in Amazon S3 when %g MiB are buffered or %g seconds have passed, whichever comes first.",
                JNum(hints, "SizeInMBs", 5), JNum(hints, "IntervalInSeconds", 300));
  SecondaryText(buffer_note);
  ImGui::Spacing();
  SecondaryText("Sample record (records are sent without a delimiter):");
  if (ctx.fonts.mono) ImGui::PushFont(ctx.fonts.mono);
  TextView(R"({"ticker_symbol":"QXZ","sector":"HEALTHCARE","change":-0.05,"price":84.51})");
  if (ctx.fonts.mono) ImGui::PopFont();
  EndCard();

  DrawRecentDeliveries(ctx);
}

Json FirehosePanel::DeliveriesRequest(const UiContext& ctx) const {
  // The window start moves in 10-minute steps so the request (and its cache entry) stays stable meanwhile.
  double start = std::floor(ctx.sim_now_s / 600.0) * 600.0 - 3600.0;
  return Json{{"DeliveryStreamName", selected_}, {"StartTime", start}};
}

void FirehosePanel::DrawRecentDeliveries(UiContext& ctx) {
  const Theme& th = GetTheme();
  const CachedResponse& list = ctx.api->Get("Lab", "ListDeliveries", DeliveriesRequest(ctx), kLiveListing);
  BeginCard("Recent deliveries to Amazon S3");
  if (!list.response.ok()) {
    ErrorBanner(*list.response.error, "Could not list deliveries.");
    EndCard();
    return;
  }
  const Json& all = JArray(list.response.body, "Deliveries");
  if (all.empty()) {
    SecondaryText("No deliveries in the last hour. The first object lands after the buffer interval.");
    EndCard();
    return;
  }
  ImGuiTableFlags flags = ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_NoSavedSettings;
  if (ImGui::BeginTable("##deliveries", 5, flags, ImVec2(CardInnerWidth(), 0))) {
    ImGui::TableSetupColumn("Time (UTC)", 0, 0.8f);
    ImGui::TableSetupColumn("Reason", 0, 0.8f);
    ImGui::TableSetupColumn("Records", 0, 0.6f);
    ImGui::TableSetupColumn("Size", 0, 0.6f);
    ImGui::TableSetupColumn("Object", 0, 4.0f);
    ImGui::TableHeadersRow();
    size_t shown = 0;
    for (size_t k = all.size(); k-- > 0 && shown < 8; ++shown) {  // newest first
      const Json& d = all[k];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      TextView(FormatTimeOfDay(FromEpochSeconds(JNum(d, "Time"))));
      ImGui::TableNextColumn();
      bool ok = JBool(d, "Success", true);
      std::string_view reason = JStr(d, "Reason");
      ImU32 col = !ok ? th.marker_failed : reason == "BufferingSize" ? th.marker_size : th.marker_interval;
      DotText(col, !ok ? "failed" : reason == "BufferingSize" ? "size" : "interval");
      ImGui::TableNextColumn();
      TextView(FormatCount(JInt(d, "Records")));
      ImGui::TableNextColumn();
      TextView(FormatBytes(JNum(d, "Bytes")));
      ImGui::TableNextColumn();
      std::string_view key = JStr(d, "Key");
      if (!ok) {
        ImGui::PushStyleColor(ImGuiCol_Text, ToVec4(th.error));
        TextView(JStr(d, "ErrorMessage", "Delivery failed"));
        ImGui::PopStyleColor();
      } else if (!key.empty()) {
        std::string id = "Firehose/Delivery/" + std::string(key);
        if (LinkText(key, id.c_str())) {
          ctx.nav.pending = true;
          ctx.nav.section = Section::kS3;
          ctx.nav.bucket = std::string(JStr(d, "Bucket"));
          size_t slash = key.rfind('/');
          ctx.nav.prefix = slash == std::string_view::npos ? std::string() : std::string(key.substr(0, slash + 1));
          ctx.nav.key = std::string(key);
        }
        TrackWidget(id);
      }
    }
    ImGui::EndTable();
  }
  EndCard();
}

}  // namespace fhl::ui
