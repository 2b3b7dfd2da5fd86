// object_viewer.h: one S3 object: overview (key, size, ETag, last modified, S3 URI, ARN), Download / Copy buttons,
// and its content as "Raw" (wrapped, clipped) or "Pretty JSON" (concatenated documents split and indented).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/api_error.h"
#include "ui/json_view.h"
#include "ui/ui_context.h"

namespace fhl::ui {

class ObjectViewer {
 public:
  static constexpr size_t kRawDisplayLimitBytes = 4u << 20;     // Raw shows at most this much (Download has all)
  static constexpr size_t kPrettyInputLimitBytes = 4u << 20;    // Pretty JSON formats at most this much input

  // Selects the object; its body is fetched (GetObject) on the next Draw.
  void Open(const std::string& bucket, const std::string& key);
  void Close();
  bool is_open() const { return !key_.empty(); }
  const std::string& bucket() const { return bucket_; }
  const std::string& key() const { return key_; }

  // Draws below the S3 breadcrumb: heading, actions, properties and content tabs.
  void Draw(UiContext& ctx);

  // For tests: the decoded body and the Pretty JSON document count (valid after Draw loaded the object).
  const std::string& body() const { return body_; }
  size_t document_count() const { return documents_; }

 private:
  void Load(UiContext& ctx);
  void BuildPretty();
  void Copy(UiContext& ctx, const std::string& text, const char* what);

  std::string bucket_, key_;
  bool loaded_ = false;
  std::optional<ApiError> error_;
  std::string body_;
  std::string content_type_, etag_, last_modified_;
  TextPane raw_, pretty_;
  bool pretty_built_ = false;
  int content_tab_ = 0;  // 0 Raw, 1 Pretty JSON
  size_t documents_ = 0, invalid_documents_ = 0, printed_documents_ = 0;
  bool has_newline_ = false;
  int64_t body_lines_ = 0;
};

}  // namespace fhl::ui
