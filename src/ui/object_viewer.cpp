// object_viewer.cpp: S3 object overview and content viewer (see object_viewer.h).
#include "ui/object_viewer.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "core/base64.h"
#include "ui/format.h"
#include "ui/json_access.h"
#include "ui/ui_kit.h"
#include "ui/widget_registry.h"

namespace fhl::ui {

namespace {

std::string UrlEncodeKey(std::string_view key) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (char ch : key) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string BaseName(const std::string& key) {
  size_t slash = key.rfind('/');
  return slash == std::string::npos ? key : key.substr(slash + 1);
}

}  // namespace

void ObjectViewer::Open(const std::string& bucket, const std::string& key) {
  if (bucket == bucket_ && key == key_ && loaded_) return;
  Close();
  bucket_ = bucket;
  key_ = key;
}

void ObjectViewer::Close() {
  bucket_.clear();
  key_.clear();
  loaded_ = false;
  error_.reset();
  body_.clear();
  body_.shrink_to_fit();
  raw_.Clear();
  pretty_.Clear();
  pretty_built_ = false;
  documents_ = invalid_documents_ = printed_documents_ = 0;
  has_newline_ = false;
  body_lines_ = 0;
}

void ObjectViewer::Load(UiContext& ctx) {
  loaded_ = true;
  Response r = ctx.api->Fetch("S3", "GetObject", Json{{"Bucket", bucket_}, {"Key", key_}});
  if (!r.ok()) {
    error_ = r.error;
    return;
  }
  std::optional<std::string> body = Base64Decode(JStr(r.body, "Body"));
  if (!body) {
    error_ = ApiError{"InvalidBody", "The object body is not valid base64.", 500};
    return;
  }
  body_ = std::move(*body);
  content_type_ = std::string(JStr(r.body, "ContentType", "application/octet-stream"));
  etag_ = std::string(JStr(r.body, "ETag"));
  const Json& lm = JMember(r.body, "LastModified");
  if (lm.is_string()) {
    last_modified_ = FormatConsoleDateIso(lm.get_ref<const std::string&>());
  } else if (lm.is_number()) {
    last_modified_ = FormatConsoleDate(FromEpochSeconds(lm.get<double>()));
  }
  has_newline_ = body_.find('\n') != std::string::npos;
  body_lines_ = static_cast<int64_t>(std::count(body_.begin(), body_.end(), '\n') +
                                     (body_.empty() || body_.back() == '\n' ? 0 : 1));
  std::string_view shown(body_.data(), std::min(body_.size(), kRawDisplayLimitBytes));
  raw_.SetText(SanitizeForDisplay(shown), false);
}

void ObjectViewer::BuildPretty() {
  pretty_built_ = true;
  std::string_view input(body_.data(), std::min(body_.size(), kPrettyInputLimitBytes));
  PrettyJson p = PrettyPrintDocuments(input);
  documents_ = p.documents;
  invalid_documents_ = p.invalid_documents;
  printed_documents_ = p.printed_documents;
  pretty_.SetText(SanitizeForDisplay(p.text), true);
}

void ObjectViewer::Copy(UiContext& ctx, const std::string& text, const char* what) {
  ImGui::SetClipboardText(text.c_str());
  if (ctx.hooks && ctx.hooks->set_clipboard) ctx.hooks->set_clipboard(text);
  ctx.AddFlash(Flash::Kind::kSuccess, std::string(what) + " copied: " + text);
}

void ObjectViewer::Draw(UiContext& ctx) {
  if (key_.empty()) return;
  if (!loaded_) Load(ctx);
  const Theme& th = GetTheme();
  std::string name = BaseName(key_);
  std::string s3_uri = "s3://" + bucket_ + "/" + key_;

  Heading(name.c_str(), nullptr, true);
  ImGui::Spacing();
  if (NormalButton("Copy S3 URI##viewer")) Copy(ctx, s3_uri, "S3 URI");
  TrackWidget("S3/Viewer/Copy S3 URI");
  ImGui::SameLine();
  if (NormalButton("Copy key##viewer")) Copy(ctx, key_, "Key");
  TrackWidget("S3/Viewer/Copy key");
  ImGui::SameLine();
  if (PrimaryButton("Download##viewer", !error_.has_value())) {
    if (ctx.hooks && ctx.hooks->download) {
      ctx.hooks->download(name, body_, content_type_.empty() ? "application/octet-stream" : content_type_);
    } else {
      ctx.AddFlash(Flash::Kind::kInfo, "Downloads are only available in the browser.");
    }
  }
  TrackWidget("S3/Viewer/Download");
  ImGui::Spacing();

  if (error_) {
    ErrorBanner(*error_, "Could not open the object.");
    return;
  }

  BeginCard("Object overview");
  if (BeginKeyValues("##overview", 3)) {
    KeyValue("AWS Region", "US East (N. Virginia) " + ctx.region);
    KeyValue("Size", FormatBytes(static_cast<double>(body_.size())) + " (" +
                         FormatCount(static_cast<int64_t>(body_.size())) + " bytes)");
    KeyValue("Last modified", last_modified_);
    KeyValue("Key", key_);
    KeyValue("S3 URI", s3_uri);
    KeyValue("Amazon Resource Name (ARN)", "arn:aws:s3:::" + bucket_ + "/" + key_);
    KeyValue("Entity tag (Etag)", etag_);
    KeyValue("Type", content_type_);
    KeyValue("Object URL", "https://" + bucket_ + ".s3." + ctx.region + ".amazonaws.com/" + UrlEncodeKey(key_));
    EndKeyValues();
  }
  EndCard();

  BeginCard("Object content");
  static const char* const kContentTabs[] = {"Raw", "Pretty JSON"};
  static const char* const kContentTabNames[] = {"S3/Viewer/Raw", "S3/Viewer/Pretty"};
  TabStrip("##content", kContentTabs, 2, &content_tab_, kContentTabNames);
  if (content_tab_ == 0) {
    char note[160];
    if (body_.size() > kRawDisplayLimitBytes) {
      std::snprintf(note, sizeof note, "Showing the first %s of %s. Download the object to see all of it.",
                    FormatBytes(static_cast<double>(kRawDisplayLimitBytes)).c_str(),
                    FormatBytes(static_cast<double>(body_.size())).c_str());
    } else {
      int64_t lines = body_lines_;
      std::snprintf(note, sizeof note, "%s bytes in %s line%s, as stored.",
                    FormatCount(static_cast<int64_t>(body_.size())).c_str(), FormatCount(lines).c_str(),
                    lines == 1 ? "" : "s");
    }
    SecondaryText(note);
    float h = std::max(360.0f, ImGui::GetContentRegionAvail().y - kCardPadding - 8);
    raw_.Draw("##raw", CardInnerWidth(), h, ctx.fonts.mono);
  }
  if (content_tab_ == 1) {
    if (!pretty_built_) BuildPretty();
    char count[200];
    std::snprintf(count, sizeof count, "%s JSON document%s", FormatCount(static_cast<int64_t>(documents_)).c_str(),
                  documents_ == 1 ? "" : "s");
    Heading(count);
    TrackWidget("S3/Viewer/Document count");
    if (invalid_documents_ > 0) {
      ImGui::SameLine(0, 12);
      ImGui::PushStyleColor(ImGuiCol_Text, ToVec4(th.error));
      ImGui::Text("%s not valid JSON (shown as stored)", FormatCount(static_cast<int64_t>(invalid_documents_)).c_str());
      ImGui::PopStyleColor();
    }
    if (printed_documents_ < documents_ || body_.size() > kPrettyInputLimitBytes) {
      SecondaryText("Formatted the first " + FormatCount(static_cast<int64_t>(printed_documents_)) +
                    " documents; download the object to see all of it.");
    }
    if (documents_ > 1 && !has_newline_) {
      InfoBox(
          "The records in this object are concatenated without a delimiter ({...}{...}), as Firehose writes demo "
          "data by default. Athena's OpenX JSON SerDe reads one JSON document per line, so it would see only the first "
          "record of this object. Enable the New line delimiter on the stream, or add \\n in the producer.");
      ImGui::Spacing();
    }
    if (documents_ > 1 && has_newline_) {
      SecondaryText("Documents are separated by new lines: one JSON document per line, as Athena's OpenX JSON SerDe expects.");
    }
    float h = std::max(360.0f, ImGui::GetContentRegionAvail().y - kCardPadding - 8);
    pretty_.Draw("##pretty", CardInnerWidth(), h, ctx.fonts.mono);
  }
  EndCard();
}

}  // namespace fhl::ui
