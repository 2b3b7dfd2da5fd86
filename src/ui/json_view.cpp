// json_view.cpp: JSON document splitting, pretty-printing and the clipped text pane of the object viewer.
#include "ui/json_view.h"

#include <algorithm>
#include <cctype>
#include <cfloat>

#include "imgui.h"
#include "ui/theme.h"

namespace fhl::ui {

// [SECTION] splitting

namespace {

bool IsJsonSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// End of the string starting at text[pos] == '"' (one past the closing quote), or npos when unterminated.
size_t ScanString(std::string_view text, size_t pos) {
  for (size_t i = pos + 1; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\') {
      ++i;
    } else if (c == '"') {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

}  // namespace

std::vector<JsonDocumentSpan> SplitJsonDocuments(std::string_view text, size_t max_documents) {
  std::vector<JsonDocumentSpan> docs;
  size_t i = 0;
  const size_t n = text.size();
  while (i < n && docs.size() < max_documents) {
    while (i < n && IsJsonSpace(text[i])) ++i;
    if (i >= n) break;
    JsonDocumentSpan span;
    span.begin = i;
    char c = text[i];
    if (c == '{' || c == '[') {
      int depth = 0;
      size_t j = i;
      bool done = false;
      while (j < n) {
        char d = text[j];
        if (d == '"') {
          size_t e = ScanString(text, j);
          if (e == std::string_view::npos) {
            j = n;
            break;
          }
          j = e;
          continue;
        }
        if (d == '{' || d == '[') {
          ++depth;
        } else if (d == '}' || d == ']') {
          --depth;
          if (depth == 0) {
            ++j;
            done = true;
            break;
          }
        }
        ++j;
      }
      span.end = j;
      span.complete = done;
    } else if (c == '"') {
      size_t e = ScanString(text, i);
      span.end = e == std::string_view::npos ? n : e;
      span.complete = e != std::string_view::npos;
    } else if (c == '}' || c == ']') {
      span.end = i + 1;  // a stray closer: a one-character (invalid) document
    } else {
      size_t j = i;
      while (j < n && !IsJsonSpace(text[j]) && text[j] != '{' && text[j] != '[' && text[j] != '"' && text[j] != '}' &&
             text[j] != ']')
        ++j;
      span.end = j;
    }
    docs.push_back(span);
    i = span.end;
  }
  return docs;
}

// [SECTION] pretty-printing

namespace {

bool ValidNumber(std::string_view s) {
  size_t i = 0, n = s.size();
  if (i < n && s[i] == '-') ++i;
  if (i >= n) return false;
  if (s[i] == '0') {
    ++i;
  } else if (s[i] >= '1' && s[i] <= '9') {
    while (i < n && s[i] >= '0' && s[i] <= '9') ++i;
  } else {
    return false;
  }
  if (i < n && s[i] == '.') {
    ++i;
    size_t d = i;
    while (i < n && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == d) return false;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    size_t d = i;
    while (i < n && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == d) return false;
  }
  return i == n;
}

bool ValidStringBody(std::string_view s) {  // s includes both quotes
  for (size_t i = 1; i + 1 < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20) return false;
    if (c == '\\') {
      char e = s[i + 1];
      if (e == 'u') {
        if (i + 5 >= s.size()) return false;
        for (size_t k = i + 2; k < i + 6; ++k)
          if (!std::isxdigit(static_cast<unsigned char>(s[k]))) return false;
        i += 5;
      } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
        ++i;
      } else {
        return false;
      }
    }
  }
  return true;
}

void NewLine(std::string& out, int depth, int indent) {
  out.push_back('\n');
  out.append(static_cast<size_t>(depth * indent), ' ');
}

}  // namespace

bool PrettyPrintJsonDocument(std::string_view doc, std::string& out, int indent) {
  const size_t restore = out.size();
  enum class Expect { kValue, kKeyOrClose, kKey, kColon, kCommaOrClose, kValueOrClose, kDone };
  std::vector<char> stack;  // '{' or '['
  Expect expect = Expect::kValue;
  size_t i = 0;
  const size_t n = doc.size();
  bool ok = true;
  auto after_value = [&]() { expect = stack.empty() ? Expect::kDone : Expect::kCommaOrClose; };
  while (ok) {
    while (i < n && IsJsonSpace(doc[i])) ++i;
    if (i >= n) break;
    char c = doc[i];
    int depth = static_cast<int>(stack.size());
    if (expect == Expect::kDone) {
      ok = false;
    } else if (c == '{' || c == '[') {
      if (expect != Expect::kValue && expect != Expect::kValueOrClose) {
        ok = false;
        break;
      }
      size_t j = i + 1;
      while (j < n && IsJsonSpace(doc[j])) ++j;
      char close = c == '{' ? '}' : ']';
      if (j < n && doc[j] == close) {  // empty container stays on one line
        out.push_back(c);
        out.push_back(close);
        i = j + 1;
        after_value();
        continue;
      }
      out.push_back(c);
      stack.push_back(c);
      NewLine(out, depth + 1, indent);
      expect = c == '{' ? Expect::kKeyOrClose : Expect::kValueOrClose;
      ++i;
    } else if (c == '}' || c == ']') {
      char open = c == '}' ? '{' : '[';
      bool can_close = expect == Expect::kCommaOrClose;
      if (stack.empty() || stack.back() != open || !can_close) {
        ok = false;
        break;
      }
      stack.pop_back();
      NewLine(out, depth - 1, indent);
      out.push_back(c);
      ++i;
      after_value();
    } else if (c == ',') {
      if (expect != Expect::kCommaOrClose) {
        ok = false;
        break;
      }
      out.push_back(',');
      NewLine(out, depth, indent);
      expect = stack.back() == '{' ? Expect::kKey : Expect::kValue;
      ++i;
    } else if (c == ':') {
      if (expect != Expect::kColon) {
        ok = false;
        break;
      }
      out += ": ";
      expect = Expect::kValue;
      ++i;
    } else if (c == '"') {
      size_t e = ScanString(doc, i);
      if (e == std::string_view::npos || !ValidStringBody(doc.substr(i, e - i))) {
        ok = false;
        break;
      }
      out.append(doc.substr(i, e - i));
      i = e;
      if (expect == Expect::kKeyOrClose || expect == Expect::kKey) {
        expect = Expect::kColon;
      } else if (expect == Expect::kValue || expect == Expect::kValueOrClose) {
        after_value();
      } else {
        ok = false;
      }
    } else {
      if (expect != Expect::kValue && expect != Expect::kValueOrClose) {
        ok = false;
        break;
      }
      size_t j = i;
      while (j < n && !IsJsonSpace(doc[j]) && doc[j] != ',' && doc[j] != '}' && doc[j] != ']' && doc[j] != ':' &&
             doc[j] != '{' && doc[j] != '[' && doc[j] != '"')
        ++j;
      std::string_view token = doc.substr(i, j - i);
      if (!(token == "true" || token == "false" || token == "null" || ValidNumber(token))) {
        ok = false;
        break;
      }
      out.append(token);
      i = j;
      after_value();
    }
  }
  if (ok && expect != Expect::kDone) ok = false;
  if (!ok) {
    out.resize(restore);
    out.append(doc);
  }
  return ok;
}

PrettyJson PrettyPrintDocuments(std::string_view text, size_t max_output_bytes) {
  PrettyJson result;
  std::vector<JsonDocumentSpan> docs = SplitJsonDocuments(text);
  result.documents = docs.size();
  result.text.reserve(std::min(max_output_bytes, text.size() * 2 + 16));
  for (const JsonDocumentSpan& d : docs) {
    if (result.text.size() >= max_output_bytes) break;
    if (result.printed_documents > 0) result.text += "\n\n";
    std::string_view doc = text.substr(d.begin, d.end - d.begin);
    if (!d.complete) {
      result.text.append(doc);
      ++result.invalid_documents;
    } else if (!PrettyPrintJsonDocument(doc, result.text)) {
      ++result.invalid_documents;
    }
    ++result.printed_documents;
  }
  return result;
}

// [SECTION] display text

std::string SanitizeForDisplay(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  size_t i = 0, n = bytes.size();
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(bytes[i]);
    if (c < 0x80) {
      if (c == '\n' || (c >= 0x20 && c != 0x7f)) {
        out.push_back(static_cast<char>(c));
      } else if (c == '\t' || c == '\r') {
        out.push_back(' ');
      } else {
        out.push_back('.');
      }
      ++i;
      continue;
    }
    int len = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    bool valid = len > 0 && i + len <= n;
    for (int k = 1; valid && k < len; ++k) valid = (static_cast<unsigned char>(bytes[i + k]) & 0xc0) == 0x80;
    if (valid && len == 2 && c < 0xc2) valid = false;  // overlong
    if (valid) {
      out.append(bytes.substr(i, len));
      i += len;
    } else {
      out.push_back('.');
      ++i;
    }
  }
  return out;
}

std::vector<uint32_t> WrapLines(std::string_view text, int max_columns) {
  std::vector<uint32_t> starts;
  starts.reserve(text.size() / 64 + 1);
  starts.push_back(0);
  int column = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      starts.push_back(static_cast<uint32_t>(i + 1));
      column = 0;
      continue;
    }
    if ((c & 0xc0) == 0x80) continue;  // continuation byte: same column
    if (max_columns > 0 && column == max_columns) {
      starts.push_back(static_cast<uint32_t>(i));
      column = 0;
    }
    ++column;
  }
  if (starts.size() > 1 && starts.back() == text.size()) starts.pop_back();  // no empty line after a final '\n'
  return starts;
}

// [SECTION] text pane

void TextPane::SetText(std::string text, bool json_colors) {
  text_ = std::move(text);
  json_colors_ = json_colors;
  wrap_columns_ = -1;
  starts_.clear();
}

void TextPane::Clear() { SetText(std::string(), false); }

namespace {

// Draws one line with simple JSON token colours (keys, strings, numbers, literals); tolerant of partial lines.
void DrawJsonLine(ImDrawList* dl, ImFont* font, float font_size, ImVec2 pos, const char* b, const char* e) {
  const char* p = b;
  float x = pos.x;
  auto emit = [&](const char* s, const char* t, ImU32 col) {
    if (t <= s) return;
    dl->AddText(font, font_size, ImVec2(x, pos.y), col, s, t);
    x += font->CalcTextSizeA(font_size, FLT_MAX, 0.0f, s, t).x;
  };
  const Theme& th = GetTheme();
  while (p < e) {
    const char* s = p;
    if (*p == '"') {
      ++p;
      while (p < e && *p != '"') p += (*p == '\\' && p + 1 < e) ? 2 : 1;
      if (p < e) ++p;
      const char* q = p;
      while (q < e && *q == ' ') ++q;
      emit(s, p, (q < e && *q == ':') ? th.json_key : th.json_string);
    } else if (*p == '-' || (*p >= '0' && *p <= '9')) {
      while (p < e && (std::isalnum(static_cast<unsigned char>(*p)) || *p == '.' || *p == '-' || *p == '+')) ++p;
      emit(s, p, th.json_number);
    } else if (std::isalpha(static_cast<unsigned char>(*p))) {
      while (p < e && std::isalpha(static_cast<unsigned char>(*p))) ++p;
      emit(s, p, th.json_literal);
    } else {
      while (p < e && *p != '"' && *p != '-' && !std::isalnum(static_cast<unsigned char>(*p))) ++p;
      emit(s, p, th.text_secondary);
    }
  }
}

}  // namespace

void TextPane::Draw(const char* id, float width, float height, ImFont* font) {
  if (font) ImGui::PushFont(font);
  ImGui::PushStyleColor(ImGuiCol_ChildBg, GetTheme().code_bg);
  ImGui::BeginChild(id, ImVec2(width, height), true, ImGuiWindowFlags_None);
  ImFont* f = ImGui::GetFont();
  float font_size = ImGui::GetFontSize();
  float char_w = f->CalcTextSizeA(font_size, FLT_MAX, 0.0f, "M").x;
  float avail = ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ScrollbarSize;
  int columns = char_w > 0 ? std::max(16, static_cast<int>(avail / char_w)) : 120;
  if (columns != wrap_columns_) {
    wrap_columns_ = columns;
    starts_ = WrapLines(text_, columns);
  }
  float line_h = ImGui::GetTextLineHeight();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImU32 text_col = ImGui::GetColorU32(ImGuiCol_Text);
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(starts_.size()), line_h);
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      size_t b = starts_[static_cast<size_t>(i)];
      size_t e = static_cast<size_t>(i) + 1 < starts_.size() ? starts_[static_cast<size_t>(i) + 1] : text_.size();
      if (e > b && text_[e - 1] == '\n') --e;
      ImVec2 pos = ImGui::GetCursorScreenPos();
      if (json_colors_) {
        DrawJsonLine(dl, f, font_size, pos, text_.data() + b, text_.data() + e);
      } else if (e > b) {
        dl->AddText(f, font_size, pos, text_col, text_.data() + b, text_.data() + e);
      }
      ImGui::Dummy(ImVec2(1.0f, line_h));
    }
  }
  ImGui::EndChild();
  ImGui::PopStyleColor();
  if (font) ImGui::PopFont();
}

}  // namespace fhl::ui
