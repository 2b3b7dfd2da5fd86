// dashboard.cpp: the lab's Dear ImGui dashboard: dark clock bar on top, service navigation on the left, and the
// selected service's panel (Firehose, S3) with flash messages in the content area. Every read and write goes
// through ApiCache -> Lab::Call.
//
// [SECTION] widget names (TrackWidget; FindWidget/WidgetsJson answer with the last completed frame)
//   Navigation     Nav/CloudFormation, Nav/Firehose, Nav/S3, Nav/Athena, Nav/Lab stream, Nav/Lab bucket
//   Clock bar      Clock/Time, Clock/Pause (while running), Clock/Play (while paused),
//                  Clock/Speed/1x, Clock/Speed/10x, Clock/Speed/60x, Clock/Step/1s, Clock/Step/10s, Clock/Step/1min
//   Flash messages Flash/Dismiss/<n> (n = 0 for the oldest shown)
//   Firehose list  Firehose/Stream/<stream name>
//   Stream details Firehose/Back (breadcrumb "Firehose streams"), Firehose/Breadcrumb/Amazon Data Firehose,
//                  Firehose/Tab/Monitoring, Firehose/Tab/Configuration, Firehose/Tab/Test with demo data
//   Demo data tab  Firehose/Start sending demo data, Firehose/Stop sending demo data, Firehose/Demo/Rate (combo;
//                  items Firehose/Demo/Rate/<1|10|100|500|1000|2000> while open), Firehose/Demo/Stats, Firehose/Demo/Buffered,
//                  Firehose/Delivery/<object key> (recent deliveries, opens the object in S3)
//   Configuration  Firehose/Destination bucket, Firehose/Edit buffering hints, Firehose/Buffer size,
//                  Firehose/Buffer interval, Firehose/Save buffering hints, Firehose/Cancel buffering hints
//   Monitoring tab Firehose/Monitoring/Range/{5m,15m,1h,3h,12h,24h}, Firehose/Monitoring/Period,
//                  Firehose/Monitoring/Statistic, Firehose/Monitoring/Auto refresh, Firehose/Monitoring/Refresh,
//                  combo items (while open) Firehose/Monitoring/Period/<label> ("Auto", "1 second", .., "1 hour"),
//                  Firehose/Monitoring/Statistic/<Default|Sum|Average|Minimum|Maximum|SampleCount>,
//                  Firehose/Monitoring/Auto refresh/<Off|10 seconds|1 minute>,
//                  Firehose/Monitoring/Chart/<chart title>, e.g. "Firehose/Monitoring/Chart/Incoming records (per second)"
//   S3             S3/Bucket/<bucket>, S3/Breadcrumb/Buckets, S3/Breadcrumb/<bucket>, S3/Breadcrumb/<folder prefix>,
//                  S3/Folder/<full prefix, e.g. stocks/2026/>, S3/Object/<full key>, S3/Filter, S3/Refresh,
//                  S3/Copy S3 URI, S3/Page/Prev, S3/Page/Next
//   Object viewer  S3/Viewer/Raw, S3/Viewer/Pretty, S3/Viewer/Document count, S3/Viewer/Download,
//                  S3/Viewer/Copy key, S3/Viewer/Copy S3 URI
//   Athena         Athena/... (index in athena_panel.cpp)
//   CloudFormation CloudFormation/... (index in cloudformation_panel.cpp)
//   Terminal       Nav/Terminal; Terminal/... (index in terminal_panel.cpp)
#include "ui/dashboard.h"

#include <cmath>
#include <cstdio>

#include "core/lab.h"
#include "imgui.h"
#include "ui/api_cache.h"
#include "ui/athena_panel.h"
#include "ui/clock_bar.h"
#include "ui/cloudformation_panel.h"
#include "ui/firehose_panel.h"
#include "ui/keyboard_nav.h"
#include "ui/json_access.h"
#include "ui/s3_panel.h"
#include "ui/terminal_panel.h"
#include "ui/theme.h"
#include "ui/ui_context.h"
#include "ui/ui_kit.h"
#include "ui/widget_registry.h"
#include "ui/widget_registry_frame.h"

namespace fhl::ui {

// Everything the dashboard keeps between frames (Dashboard::State derives from it: the free functions below
// cannot name the private nested type).
struct DashboardImpl {
  DashboardImpl(Lab& lab_in, SimControls& controls_in, PlatformHooks hooks_in)
      : lab(lab_in), controls(controls_in), hooks(std::move(hooks_in)), api(lab_in) {
    ctx.api = &api;
    ctx.hooks = &hooks;
    ctx.controls = &controls;
  }
  Lab& lab;
  SimControls& controls;
  PlatformHooks hooks;
  ApiCache api;
  UiContext ctx;
  ClockBar clock;
  FirehosePanel firehose;
  S3Panel s3;
  AthenaPanel athena;
  CloudFormationPanel cloudformation;
  TerminalPanel terminal;
  Section section = Section::kFirehose;
  bool section_chosen = false;  // the first DescribeLab answer picks the start section
  unsigned theme_revision = 0;  // the DisplayPrefsRevision() last applied (0: none yet)
  bool wants_animation = false;
  std::string lab_stream, lab_bucket;
};

struct Dashboard::State : DashboardImpl {
  using DashboardImpl::DashboardImpl;
};

Dashboard::Dashboard(Lab& lab, SimControls& controls, PlatformHooks hooks)
    : state_(new State(lab, controls, std::move(hooks))) {}

Dashboard::~Dashboard() { delete state_; }

bool Dashboard::WantsAnimation() const { return state_->wants_animation; }

void Dashboard::SetUploadedTemplate(const std::string& file_name, const std::string& text) {
  state_->section = Section::kCloudFormation;
  state_->section_chosen = true;
  state_->cloudformation.SetUploadedTemplate(file_name, text);
}

namespace {

// [SECTION] frame inputs

void ReadLabInfo(UiContext& ctx, std::string& stream, std::string& bucket) {
  const CachedResponse& info = ctx.api->Get("Lab", "DescribeLab", Json::object(), kLiveListing);
  if (!info.response.ok()) return;
  const Json& b = info.response.body;
  ctx.account_id = std::string(JStr(b, "AccountId", ctx.account_id));
  ctx.region = std::string(JStr(b, "Region", ctx.region));
  stream = std::string(JStr(b, "LabStreamName"));
  bucket = std::string(JStr(b, "LabBucketName"));
}

// [SECTION] navigation

bool NavItem(const char* label, const char* track, bool selected, bool enabled = true, int indent = 0) {
  const Theme& t = GetTheme();
  ImVec2 p = ImGui::GetCursorScreenPos();
  float w = ImGui::GetContentRegionAvail().x;
  float h = ImGui::GetTextLineHeight() + 12;
  ImGui::BeginDisabled(!enabled);
  bool clicked = ImGui::InvisibleButton(track, ImVec2(w, h));
  ImGui::EndDisabled();
  bool hovered = ImGui::IsItemHovered();
  TrackWidget(track);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (selected) {
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), t.nav_selected_bg);
    dl->AddRectFilled(p, ImVec2(p.x + 3, p.y + h), t.nav_selected_bar);
  } else if (hovered && enabled) {
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), t.row_hover);
  }
  ImU32 col = !enabled ? IM_COL32(0x9b, 0xa7, 0xb6, 255) : selected ? t.link : hovered ? t.link : t.text;
  ImVec2 tp(p.x + 16 + static_cast<float>(indent) * 14, p.y + 6);
  // Long names (the lab bucket) end with an ellipsis; the tooltip has the whole name.
  std::string text = label;
  float max_w = w - (tp.x - p.x) - 8;
  if (ImGui::CalcTextSize(text.c_str()).x > max_w) {
    const char* ellipsis = ImGui::GetFont()->FindGlyphNoFallback(0x2026) ? "\xE2\x80\xA6" : "...";
    while (!text.empty() && ImGui::CalcTextSize((text + ellipsis).c_str()).x > max_w) text.pop_back();
    text += ellipsis;
    if (hovered) ImGui::SetTooltip("%s", label);
  }
  dl->AddText(tp, col, text.c_str());
  if (selected) dl->AddText(ImVec2(tp.x + 0.6f, tp.y), col, text.c_str());
  if (hovered && enabled) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
  return clicked && enabled;
}

void DrawNav(DashboardImpl& s) {
  const Theme& t = GetTheme();
  ImGui::Dummy(ImVec2(0, 8));
  ImGui::SetCursorPosX(16);
  SecondaryText("Services");
  ImGui::Dummy(ImVec2(0, 2));
  if (NavItem("AWS CloudFormation", "Nav/CloudFormation", s.section == Section::kCloudFormation)) {
    s.section = Section::kCloudFormation;
    s.cloudformation.ShowStacks();
  }
  if (NavItem("Amazon Data Firehose", "Nav/Firehose", s.section == Section::kFirehose)) {
    s.section = Section::kFirehose;
    s.firehose.OpenStream(std::string());
  }
  if (NavItem("Amazon S3", "Nav/S3", s.section == Section::kS3)) {
    s.section = Section::kS3;
    s.s3.ShowBuckets();
  }
  if (NavItem("Amazon Athena", "Nav/Athena", s.section == Section::kAthena)) {
    s.section = Section::kAthena;
    s.athena.ShowView(AthenaPanel::View::kEditor);
  }
  if (NavItem("Terminal (AWS CLI)", "Nav/Terminal", s.section == Section::kTerminal)) s.section = Section::kTerminal;

  if (!s.lab_stream.empty() || !s.lab_bucket.empty()) {
    ImGui::Dummy(ImVec2(0, 14));
    ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddLine(ImVec2(p.x + 16, p.y), ImVec2(p.x + ImGui::GetContentRegionAvail().x - 16, p.y),
                                        t.divider);
    ImGui::Dummy(ImVec2(0, 8));
    ImGui::SetCursorPosX(16);
    SecondaryText("Lab resources");
    ImGui::Dummy(ImVec2(0, 2));
    if (!s.lab_stream.empty() &&
        NavItem(s.lab_stream.c_str(), "Nav/Lab stream",
                s.section == Section::kFirehose && s.firehose.selected_stream() == s.lab_stream, true, 0)) {
      s.section = Section::kFirehose;
      s.firehose.OpenStream(s.lab_stream);
    }
    if (!s.lab_bucket.empty() &&
        NavItem(s.lab_bucket.c_str(), "Nav/Lab bucket", s.section == Section::kS3 && s.s3.bucket() == s.lab_bucket, true, 0)) {
      s.section = Section::kS3;
      s.s3.Open(s.lab_bucket);
    }
  }
}

void ApplyNavRequest(DashboardImpl& s) {
  NavRequest& nav = s.ctx.nav;
  if (!nav.pending) return;
  nav.pending = false;
  s.section = nav.section;
  if (nav.section == Section::kFirehose) s.firehose.OpenStream(nav.stream);
  if (nav.section == Section::kAthena) {
    s.athena.ShowView(AthenaPanel::View::kEditor);
    if (!nav.database.empty()) s.athena.catalog().SetDatabase(nav.database);
  }
  if (nav.section == Section::kS3) {
    if (nav.bucket.empty()) {
      s.s3.ShowBuckets();
    } else {
      s.s3.Open(nav.bucket, nav.prefix, nav.key);
    }
  }
}

// [SECTION] flash messages

void DrawFlashes(UiContext& ctx, float width) {
  const Theme& t = GetTheme();
  int remove = -1;
  for (size_t i = 0; i < ctx.flashes.size(); ++i) {
    const Flash& f = ctx.flashes[i];
    ImU32 bg = f.kind == Flash::Kind::kError ? t.error : f.kind == Flash::Kind::kSuccess ? t.success : t.info;
    float w = width;
    float close_w = ImGui::GetFrameHeight();
    float wrap = w - 32 - close_w;
    ImVec2 ts = ImGui::CalcTextSize(f.text.c_str(), nullptr, false, wrap);
    ImVec2 p = ImGui::GetCursorScreenPos();
    float h = std::max(ts.y, close_w) + 16;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), bg, 8.0f);
    dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(p.x + 16, p.y + (h - ts.y) * 0.5f),
                t.flash_text, f.text.c_str(), nullptr, wrap);
    ImGui::SetCursorScreenPos(ImVec2(p.x + w - close_w - 8, p.y + (h - close_w) * 0.5f));
    ImGui::PushID(static_cast<int>(f.id));
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(1, 1, 1, 0.18f));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImVec4(1, 1, 1, 0.3f));
    ImGui::PushStyleColor(ImGuiCol_Text, ToVec4(t.flash_text));
    ImGui::PushStyleColor(ImGuiCol_Border, ImVec4(0, 0, 0, 0));
    if (ImGui::Button("x", ImVec2(close_w, close_w))) remove = static_cast<int>(i);
    ImGui::PopStyleColor(5);
    ImGui::PopID();
    TrackWidget("Flash/Dismiss/" + std::to_string(i));
    ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + h));
    ImGui::Dummy(ImVec2(w, 6));
  }
  if (remove >= 0) ctx.flashes.erase(ctx.flashes.begin() + remove);
}

}  // namespace

// [SECTION] frame

void Dashboard::Draw() {
  DashboardImpl& s = *state_;
  BeginWidgetFrame();
  if (s.theme_revision != DisplayPrefsRevision()) {
    ApplyTheme();
    s.theme_revision = DisplayPrefsRevision();
  }
  BeginKeyboardNavFrame();
  UiContext& ctx = s.ctx;
  s.api.BeginFrame(ImGui::GetTime());
  ctx.wants_redraw = false;
  ctx.fonts = FindFonts();
  SetKitFonts(ctx.fonts);
  ApplyNavRequest(s);

  // The simulated clock, read every frame: time moves without the generation changing, and the answer is tiny.
  Response clock = s.api.Fetch("Lab", "GetClock", Json::object());
  if (clock.ok()) {
    const Json& b = clock.body;
    const Json& epoch = JMember(b, "NowEpochSeconds");
    if (epoch.is_number()) {
      ctx.sim_now = FromEpochSeconds(epoch.get<double>());
    } else if (std::optional<TimeUs> t = ParseIso8601(JStr(b, "Now"))) {
      ctx.sim_now = *t;
    }
    ctx.sim_now_s = ToEpochSeconds(ctx.sim_now);
  }
  ReadLabInfo(ctx, s.lab_stream, s.lab_bucket);
  // The lab starts in CloudFormation when nothing is deployed yet (no lab stream), else in Firehose.
  if (!s.section_chosen && s.api.Get("Lab", "DescribeLab", Json::object(), kLiveListing).response.ok()) {
    s.section_chosen = true;
    if (s.lab_stream.empty()) s.section = Section::kCloudFormation;
  }

  const Theme& t = GetTheme();
  ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(io.DisplaySize);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(0, 0));
  ImGuiWindowFlags root_flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                                ImGuiWindowFlags_NoScrollWithMouse;
  ImGui::Begin("##firehose-lab", nullptr, root_flags);
  ImGui::PopStyleVar(2);

  // Top bar.
  float bar_h = ImGui::GetFrameHeight() + 20;
  ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::GetWindowDrawList()->AddRectFilled(origin, ImVec2(origin.x + io.DisplaySize.x, origin.y + bar_h), t.top_bar_bg);
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(8, 6));
  s.clock.Draw(ctx, bar_h);
  ImGui::PopStyleVar();

  // Left navigation.
  float nav_w = std::min(250.0f, std::max(190.0f, io.DisplaySize.x * 0.16f));
  const float text_scale = GetDisplayPrefs().font_scale;  // larger text: a wider column (at most 35% of the width)
  if (text_scale > 1.0f) nav_w = std::max(nav_w, std::min(nav_w * text_scale, io.DisplaySize.x * 0.35f));
  float body_h = std::max(10.0f, io.DisplaySize.y - bar_h);
  ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + bar_h));
  ImGui::PushStyleColor(ImGuiCol_ChildBg, ToVec4(t.nav_bg));
  // NavFlattened (here and on ##content): Tab and the arrow keys move across the nav, the top bar and the panel.
  ImGui::BeginChild("##nav", ImVec2(nav_w, body_h), false, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NavFlattened);
  DrawNav(s);
  ImGui::EndChild();
  ImGui::PopStyleColor();
  ImGui::GetWindowDrawList()->AddLine(ImVec2(origin.x + nav_w, origin.y + bar_h),
                                      ImVec2(origin.x + nav_w, origin.y + bar_h + body_h), t.divider);

  // Content: flash messages stay on top (not scrolled away), the panel scrolls below them.
  float content_w = std::max(10.0f, io.DisplaySize.x - nav_w - 1);
  ImVec2 content_pos(origin.x + nav_w + 1, origin.y + bar_h);
  float flashes_h = 0;
  if (!ctx.flashes.empty()) {
    ImGui::SetCursorScreenPos(ImVec2(content_pos.x + 24, content_pos.y + 12));
    ImGui::BeginGroup();
    ImGui::PushItemWidth(content_w - 48);
    DrawFlashes(ctx, content_w - 48);
    ImGui::PopItemWidth();
    ImGui::EndGroup();
    flashes_h = ImGui::GetItemRectMax().y - content_pos.y - 4;
  }
  ImGui::SetCursorScreenPos(ImVec2(content_pos.x, content_pos.y + flashes_h));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(24, 16));
  ImGui::BeginChild("##content", ImVec2(content_w, std::max(10.0f, body_h - flashes_h)), false,
                    ImGuiWindowFlags_AlwaysUseWindowPadding | ImGuiWindowFlags_NavFlattened);
  ImGui::PopStyleVar();
  switch (s.section) {
    case Section::kFirehose:
      s.firehose.Draw(ctx);
      break;
    case Section::kS3:
      s.s3.Draw(ctx);
      break;
    case Section::kAthena:
      s.athena.Draw(ctx);
      break;
    case Section::kCloudFormation:
      s.cloudformation.Draw(ctx);
      break;
    case Section::kTerminal:
      s.terminal.Draw(ctx);
      break;
  }
  ImGui::Dummy(ImVec2(0, 16));
  ImGui::EndChild();
  ImGui::End();

  EndKeyboardNavFrame();
  s.wants_animation = s.api.refresh_pending() || ctx.wants_redraw || ctx.nav.pending || KeyboardNavPending();
  EndWidgetFrame();
}

}  // namespace fhl::ui
