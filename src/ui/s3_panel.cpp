// s3_panel.cpp: S3 buckets, folders and objects (see s3_panel.h). Listings come from the API cache (refetched at
// most twice per wall second while the lab changes); rows are read from the cached JSON only for visible rows.
#include "ui/s3_panel.h"

#include <cstdio>
#include <cstring>

#include "ui/format.h"
#include "ui/json_access.h"
#include "ui/ui_kit.h"
#include "ui/widget_registry.h"

namespace fhl::ui {

namespace {

std::string StorageClassText(std::string_view s) {
  if (s.empty() || s == "STANDARD") return "Standard";
  if (s == "STANDARD_IA") return "Standard-IA";
  if (s == "GLACIER") return "Glacier Flexible Retrieval";
  return std::string(s);
}

std::string_view TypeOfName(std::string_view name) {
  size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot + 1 >= name.size()) return "-";
  return name.substr(dot + 1);
}

}  // namespace

void S3Panel::Open(const std::string& bucket, const std::string& prefix, const std::string& key) {
  if (bucket != bucket_ || prefix != prefix_) {
    bucket_ = bucket;
    GoToPrefix(prefix);
  }
  if (key.empty()) {
    viewer_.Close();
  } else {
    viewer_.Open(bucket, key);
  }
}

void S3Panel::ShowBuckets() {
  bucket_.clear();
  prefix_.clear();
  viewer_.Close();
}

void S3Panel::GoToPrefix(const std::string& prefix) {
  prefix_ = prefix;
  page_tokens_.assign(1, std::string());
  page_ = 0;
  filter_[0] = '\0';
  viewer_.Close();
}

void S3Panel::Draw(UiContext& ctx) {
  if (bucket_.empty()) {
    DrawBuckets(ctx);
    return;
  }
  DrawBreadcrumb(ctx);
  ImGui::Spacing();
  if (viewer_.is_open()) {
    ctx.api->Fetch("Lab", "RecordLabActivity", Json{{"Activity", "OpenedObject"}});  // lab guide: browse-bucket
    viewer_.Draw(ctx);
  } else {
    DrawObjects(ctx);
  }
}

// [SECTION] buckets

void S3Panel::DrawBuckets(UiContext& ctx) {
  ImGui::PushStyleColor(ImGuiCol_Text, ToVec4(GetTheme().text_secondary));
  std::string crumb = std::string("Amazon S3  ") + ChevronText() + "  Buckets";
  TextView(crumb);
  ImGui::PopStyleColor();
  ImGui::Spacing();
  const CachedResponse& list = ctx.api->Get("S3", "ListBuckets", Json::object(), kLiveListing);
  if (!list.response.ok()) {
    ErrorBanner(*list.response.error, "Could not list buckets.");
    return;
  }
  const Json& buckets = JArray(list.response.body, "Buckets");
  std::string counter = "(" + std::to_string(buckets.size()) + ")";
  BeginCard("General purpose buckets", counter.c_str());
  SecondaryText("Buckets are containers for data stored in S3.");
  ImGui::Spacing();
  ImGuiTableFlags flags = ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp |
                          ImGuiTableFlags_NoSavedSettings | ImGuiTableFlags_PadOuterX;
  if (ImGui::BeginTable("##buckets", 3, flags, ImVec2(CardInnerWidth(), 0))) {
    ImGui::TableSetupColumn("Name", 0, 3.0f);
    ImGui::TableSetupColumn("AWS Region", 0, 2.0f);
    ImGui::TableSetupColumn("Creation date", 0, 2.0f);
    ImGui::TableHeadersRow();
    for (const Json& b : buckets) {
      std::string_view name = JStr(b, "Name");
      ImGui::TableNextRow(0, ImGui::GetFrameHeight());
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      std::string track = "S3/Bucket/" + std::string(name);
      if (LinkText(name, track.c_str())) Open(std::string(name));
      TrackWidget(track);
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      TextView("US East (N. Virginia) " + ctx.region);
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      TextView(FormatConsoleDateIso(JStr(b, "CreationDate")));
    }
    ImGui::EndTable();
  }
  if (buckets.empty()) SecondaryText("No buckets.");
  EndCard();
}

// [SECTION] breadcrumb

void S3Panel::DrawBreadcrumb(UiContext& ctx) {
  auto sep = []() {
    ImGui::SameLine(0, 6);
    SecondaryText(ChevronText());
    ImGui::SameLine(0, 6);
  };
  if (LinkText("Amazon S3", "crumb-s3")) {
    ShowBuckets();
    return;
  }
  sep();
  if (LinkText("Buckets", "crumb-buckets")) {
    ShowBuckets();
    return;
  }
  TrackWidget("S3/Breadcrumb/Buckets");
  sep();
  bool at_root = prefix_.empty() && !viewer_.is_open();
  if (at_root) {
    SecondaryText(bucket_);
  } else if (LinkText(bucket_, "crumb-bucket")) {
    GoToPrefix(std::string());
    return;
  }
  TrackWidget("S3/Breadcrumb/" + bucket_);
  // Folders of the prefix: "stocks/", "2026/", ...
  size_t begin = 0;
  while (begin < prefix_.size()) {
    size_t slash = prefix_.find('/', begin);
    size_t end = slash == std::string::npos ? prefix_.size() : slash + 1;
    std::string folder_prefix = prefix_.substr(0, end);
    std::string label = prefix_.substr(begin, end - begin);
    if (!label.empty() && label.back() == '/') label.pop_back();
    sep();
    bool last = end >= prefix_.size() && !viewer_.is_open();
    if (last) {
      SecondaryText(label);
    } else if (LinkText(label, folder_prefix.c_str())) {
      GoToPrefix(folder_prefix);
      return;
    }
    TrackWidget("S3/Breadcrumb/" + folder_prefix);
    begin = end;
  }
  if (viewer_.is_open()) {
    sep();
    const std::string& key = viewer_.key();
    size_t slash = key.rfind('/');
    SecondaryText(slash == std::string::npos ? key : key.substr(slash + 1));
  }
  (void)ctx;
}

// [SECTION] objects

void S3Panel::DrawObjects(UiContext& ctx) {
  const Theme& th = GetTheme();
  std::string title = prefix_.empty() ? bucket_ : prefix_.substr(prefix_.rfind('/', prefix_.size() - 2) == std::string::npos
                                                                     ? 0
                                                                     : prefix_.rfind('/', prefix_.size() - 2) + 1);
  Heading(title.c_str(), nullptr, true);
  ImGui::Spacing();

  Json request = {{"Bucket", bucket_},
                  {"Prefix", prefix_ + filter_},
                  {"Delimiter", "/"},
                  {"MaxKeys", kPageSize}};
  if (!page_tokens_[static_cast<size_t>(page_)].empty()) request["ContinuationToken"] = page_tokens_[static_cast<size_t>(page_)];
  const CachedResponse& list = ctx.api->Get("S3", "ListObjectsV2", request, kLiveListing);
  const Json& body = list.response.body;
  const Json& prefixes = JArray(body, "CommonPrefixes");
  const Json& contents = JArray(body, "Contents");
  bool truncated = JBool(body, "IsTruncated");
  size_t folder_rows = prefixes.size();
  size_t rows = folder_rows + contents.size();

  char counter[48];
  std::snprintf(counter, sizeof counter, "(%s%s)", FormatCount(static_cast<int64_t>(rows)).c_str(),
                truncated || page_ > 0 ? "+" : "");
  BeginCard("Objects", counter);
  SecondaryText(
      "Objects are the fundamental entities stored in Amazon S3. Firehose writes one object per delivery, under "
      "yyyy/MM/dd/HH/ folders (UTC).");
  ImGui::Spacing();

  // Toolbar: filter, copy, refresh, paging.
  ImGui::SetNextItemWidth(std::min(360.0f, CardInnerWidth() * 0.4f));
  if (ImGui::InputTextWithHint("##filter", "Find objects by prefix", filter_, sizeof filter_)) {
    page_tokens_.assign(1, std::string());
    page_ = 0;
  }
  TrackWidget("S3/Filter");
  ImGui::SameLine();
  if (NormalButton("Refresh##objects")) ctx.api->InvalidateAll();
  TrackWidget("S3/Refresh");
  ImGui::SameLine();
  if (NormalButton("Copy S3 URI##folder")) {
    std::string uri = "s3://" + bucket_ + "/" + prefix_;
    ImGui::SetClipboardText(uri.c_str());
    if (ctx.hooks && ctx.hooks->set_clipboard) ctx.hooks->set_clipboard(uri);
    ctx.AddFlash(Flash::Kind::kSuccess, "S3 URI copied: " + uri);
  }
  TrackWidget("S3/Copy S3 URI");
  // Paging, right-aligned: "< Page 2 >".
  char page_text[64];
  std::snprintf(page_text, sizeof page_text, "Page %d", page_ + 1);
  float paging_w = ImGui::CalcTextSize(page_text).x + 2 * ImGui::GetFrameHeight() + 80;
  ImGui::SameLine();
  AlignRight(paging_w);
  ImGui::BeginDisabled(page_ == 0);
  if (ImGui::ArrowButton("##prev", ImGuiDir_Left) && page_ > 0) --page_;
  ImGui::EndDisabled();
  TrackWidget("S3/Page/Prev");
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  TextView(page_text);
  ImGui::SameLine();
  std::string next_token(JStr(body, "NextContinuationToken"));
  ImGui::BeginDisabled(!truncated || next_token.empty());
  if (ImGui::ArrowButton("##next", ImGuiDir_Right) && truncated && !next_token.empty()) {
    if (static_cast<size_t>(page_) + 1 >= page_tokens_.size()) {
      page_tokens_.push_back(next_token);
    } else {
      page_tokens_[static_cast<size_t>(page_) + 1] = next_token;
    }
    ++page_;
  }
  ImGui::EndDisabled();
  TrackWidget("S3/Page/Next");
  ImGui::Spacing();

  if (!list.response.ok()) {
    ErrorBanner(*list.response.error, "Could not list objects.");
    EndCard();
    return;
  }

  // The table scrolls inside the card; only visible rows are submitted (ImGuiListClipper). Rows hold plain text
  // (no frame padding) so the clipper's fixed row height is exact.
  float row_h = ImGui::GetTextLineHeight() + ImGui::GetStyle().CellPadding.y * 2;
  float wanted = row_h * static_cast<float>(rows + 1) + 8;
  float avail = ImGui::GetContentRegionAvail().y - kCardPadding - 6;
  float height = std::max(std::min(wanted, std::max(avail, 12 * row_h)), 2 * row_h + 8);
  ImGuiTableFlags flags = ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit |
                          ImGuiTableFlags_ScrollY | ImGuiTableFlags_NoSavedSettings | ImGuiTableFlags_PadOuterX;
  if (ImGui::BeginTable("##objects", 5, flags, ImVec2(CardInnerWidth(), height))) {
    // Fixed columns sized by their widest possible text; the name takes the rest.
    auto text_w = [](const char* sample) { return ImGui::CalcTextSize(sample).x + 4; };
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("Type", ImGuiTableColumnFlags_WidthFixed, text_w("Folder"));
    ImGui::TableSetupColumn("Last modified", ImGuiTableColumnFlags_WidthFixed, text_w("September 30, 2026, 00:00:00 (UTC)"));
    ImGui::TableSetupColumn("Size", ImGuiTableColumnFlags_WidthFixed, text_w("1023.9 MB"));
    ImGui::TableSetupColumn("Storage class", ImGuiTableColumnFlags_WidthFixed, text_w("Storage class"));
    ImGui::TableHeadersRow();
    std::string open_folder;  // applied after the table: the rows read the current listing
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows), row_h);
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        ImGui::TableNextRow(0, row_h);
        ImGui::TableNextColumn();
        size_t index = static_cast<size_t>(i);
        if (index < folder_rows) {
          std::string folder(JStr(prefixes[index], "Prefix"));
          std::string_view name = std::string_view(folder).substr(std::min(prefix_.size(), folder.size()));
          std::string track = "S3/Folder/" + folder;
          // Folder glyph: a small tab-shaped rectangle.
          ImVec2 p = ImGui::GetCursorScreenPos();
          float h = ImGui::GetTextLineHeight();
          ImDrawList* dl = ImGui::GetWindowDrawList();
          dl->AddRectFilled(ImVec2(p.x, p.y + h * 0.3f), ImVec2(p.x + h * 0.9f, p.y + h * 0.95f), th.text_secondary, 1.5f);
          dl->AddRectFilled(ImVec2(p.x, p.y + h * 0.18f), ImVec2(p.x + h * 0.4f, p.y + h * 0.4f), th.text_secondary, 1.0f);
          ImGui::Dummy(ImVec2(h * 0.9f, h));
          ImGui::SameLine(0, 6);
          if (LinkText(name, track.c_str())) open_folder = folder;
          TrackWidget(track);
          ImGui::TableNextColumn();
          TextView("Folder");
          ImGui::TableNextColumn();
          TextView("-");
          ImGui::TableNextColumn();
          TextView("-");
          ImGui::TableNextColumn();
          TextView("-");
        } else {
          const Json& o = contents[index - folder_rows];
          std::string_view key = JStr(o, "Key");
          std::string_view name = key.substr(std::min(prefix_.size(), key.size()));
          std::string track = "S3/Object/" + std::string(key);
          if (LinkText(name, track.c_str())) viewer_.Open(bucket_, std::string(key));
          TrackWidget(track);
          if (ImGui::IsItemHovered() && ImGui::GetItemRectMax().x > ImGui::GetWindowDrawList()->GetClipRectMax().x)
            ImGui::SetTooltip("%.*s", static_cast<int>(key.size()), key.data());  // the name is cut by the column
          ImGui::TableNextColumn();
          TextView(TypeOfName(name));
          ImGui::TableNextColumn();
          TextView(FormatConsoleDateIso(JStr(o, "LastModified")));
          ImGui::TableNextColumn();
          TextView(FormatBytes(JNum(o, "Size")));
          ImGui::TableNextColumn();
          TextView(StorageClassText(JStr(o, "StorageClass")));
        }
      }
    }
    ImGui::EndTable();
    if (!open_folder.empty()) GoToPrefix(open_folder);
  }
  if (rows == 0) {
    SecondaryText(filter_[0] ? "No objects match this prefix." : "No objects. Firehose writes here after its buffer interval.");
  }
  EndCard();
}

}  // namespace fhl::ui
