// s3_panel.h: the "Amazon S3" section: general purpose buckets, a bucket's objects by folder (ListObjectsV2 with
// Delimiter "/", breadcrumb, 1,000 keys per page with Previous/Next, prefix filter) and the object viewer.
#pragma once

#include <string>
#include <vector>

#include "ui/object_viewer.h"
#include "ui/ui_context.h"

namespace fhl::ui {

class S3Panel {
 public:
  static constexpr int kPageSize = 1000;  // MaxKeys per ListObjectsV2 page (S3's maximum)

  void Draw(UiContext& ctx);
  // Opens a bucket at a folder prefix ("" = root); with a key, opens that object in the viewer.
  void Open(const std::string& bucket, const std::string& prefix = std::string(), const std::string& key = std::string());
  void ShowBuckets();

  const std::string& bucket() const { return bucket_; }
  const std::string& prefix() const { return prefix_; }
  int page() const { return page_; }
  ObjectViewer& viewer() { return viewer_; }

 private:
  void DrawBuckets(UiContext& ctx);
  void DrawBreadcrumb(UiContext& ctx);
  void DrawObjects(UiContext& ctx);
  void GoToPrefix(const std::string& prefix);

  std::string bucket_;
  std::string prefix_;
  std::vector<std::string> page_tokens_{std::string()};  // continuation token of each page seen (page 0: none)
  int page_ = 0;
  char filter_[256] = {};
  ObjectViewer viewer_;
};

}  // namespace fhl::ui
