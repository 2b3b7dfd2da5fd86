// json_view.h: object-body text for the S3 object viewer: splitting concatenated JSON documents ({...}{...}, as
// Firehose writes demo records without a delimiter), pretty-printing them, and a clipped, wrapped text pane.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

struct ImFont;

namespace fhl::ui {

// [SECTION] pure text functions (no ImGui)

struct JsonDocumentSpan {
  size_t begin = 0, end = 0;  // [begin, end) in the text
  bool complete = true;       // false when the text ended inside the document
};

// Top-level JSON values in `text`, in order: objects and arrays by bracket depth (string-aware), strings, and
// scalars up to the next whitespace or bracket. Whitespace between documents is skipped. Stops after max_documents.
std::vector<JsonDocumentSpan> SplitJsonDocuments(std::string_view text, size_t max_documents = SIZE_MAX);

// Pretty-prints one JSON document with `indent` spaces, keeping key order and number text as written.
// Returns false (and appends the document unchanged) when it is not valid JSON.
bool PrettyPrintJsonDocument(std::string_view doc, std::string& out, int indent = 2);

struct PrettyJson {
  std::string text;              // documents pretty-printed, one blank line between them
  size_t documents = 0;          // all documents in the input
  size_t invalid_documents = 0;  // among the printed ones
  size_t printed_documents = 0;  // fewer than `documents` when max_output_bytes was reached
};
PrettyJson PrettyPrintDocuments(std::string_view text, size_t max_output_bytes = 16u << 20);

// Bytes made safe to draw: control characters (except '\n') and invalid UTF-8 become '.', '\t' and '\r' a space.
std::string SanitizeForDisplay(std::string_view bytes);

// Start offsets of display lines: a new line after each '\n' and every `max_columns` code points (0: no wrapping).
std::vector<uint32_t> WrapLines(std::string_view text, int max_columns);

// [SECTION] ImGui text pane

// A read-only text view over a large text: wraps to its width in monospace columns, draws only visible lines.
class TextPane {
 public:
  // `text` must be display-safe (SanitizeForDisplay). json_colors: colour keys, strings, numbers per line.
  void SetText(std::string text, bool json_colors);
  void Clear();
  // Draws a bordered child of `size` (0 = fill the available space); `font` may be null (current font).
  void Draw(const char* id, float width, float height, ImFont* font);
  const std::string& text() const { return text_; }
  size_t line_count() const { return starts_.size(); }

 private:
  std::string text_;
  std::vector<uint32_t> starts_;
  int wrap_columns_ = -1;
  bool json_colors_ = false;
};

}  // namespace fhl::ui
