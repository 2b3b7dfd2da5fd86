// stack_text.cpp: text helpers of the CloudFormation panel (see stack_text.h). No ImGui.
#include "ui/stack_text.h"

#include <algorithm>
#include <cctype>

#include "ui/format.h"

namespace fhl::ui {

namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool ReadInt(std::string_view s, size_t& i, int& value) {
  size_t start = i;
  value = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) && i - start < 9) value = value * 10 + (s[i++] - '0');
  return i > start;
}

void SkipSpaces(std::string_view s, size_t& i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
}

// Skips a JSON string starting at text[i] == '"'; returns the index after the closing quote and its raw contents.
size_t SkipString(std::string_view text, size_t i, std::string* out) {
  ++i;
  while (i < text.size() && text[i] != '"') {
    if (text[i] == '\\' && i + 1 < text.size()) {
      if (out) out->push_back(text[i + 1]);
      i += 2;
      continue;
    }
    if (out) out->push_back(text[i]);
    ++i;
  }
  return std::min(text.size(), i + 1);
}

int LineAt(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

std::vector<std::string> SplitPointer(std::string_view pointer) {
  std::vector<std::string> parts;
  size_t i = 0;
  while (i < pointer.size()) {
    if (pointer[i] == '/') {
      ++i;
      continue;
    }
    size_t end = pointer.find('/', i);
    if (end == std::string_view::npos) end = pointer.size();
    std::string part(pointer.substr(i, end - i));
    // JSON pointer escapes: ~1 is '/', ~0 is '~'.
    for (size_t k = 0; (k = part.find("~1", k)) != std::string::npos;) part.replace(k, 2, "/");
    for (size_t k = 0; (k = part.find("~0", k)) != std::string::npos;) part.replace(k, 2, "~");
    parts.push_back(std::move(part));
    i = end;
  }
  return parts;
}

}  // namespace

StackTone ToneOfStatus(std::string_view status) {
  if (status.find("FAILED") != std::string_view::npos || status.find("ROLLBACK") != std::string_view::npos)
    return StackTone::kFailed;
  if (EndsWith(status, "_IN_PROGRESS")) return StackTone::kInProgress;
  if (EndsWith(status, "_COMPLETE")) return StackTone::kSuccess;
  return StackTone::kNeutral;
}

bool IsInProgressStatus(std::string_view status) { return EndsWith(status, "_IN_PROGRESS"); }

std::optional<TemplateErrorPosition> FindTemplateErrorLine(std::string_view message) {
  for (size_t at = message.find("line"); at != std::string_view::npos; at = message.find("line", at + 1)) {
    if (at > 0 && std::isalnum(static_cast<unsigned char>(message[at - 1]))) continue;  // "newline", "pipeline"
    size_t i = at + 4;
    SkipSpaces(message, i);
    TemplateErrorPosition p;
    if (!ReadInt(message, i, p.line) || p.line < 1) continue;
    // Optional column: ":3", ", column 3", ",  column 3", ", col 3".
    size_t j = i;
    if (j < message.size() && message[j] == ':') {
      ++j;
      int c = 0;
      if (ReadInt(message, j, c)) p.column = c;
    } else {
      if (j < message.size() && message[j] == ',') ++j;
      SkipSpaces(message, j);
      if (message.substr(j, 3) == "col") {
        j += 3;
        while (j < message.size() && std::isalpha(static_cast<unsigned char>(message[j]))) ++j;
        SkipSpaces(message, j);
        if (j < message.size() && message[j] == ':') ++j;
        SkipSpaces(message, j);
        int c = 0;
        if (ReadInt(message, j, c)) p.column = c;
      }
    }
    return p;
  }
  return std::nullopt;
}

std::string FindJsonPathInMessage(std::string_view message) {
  // "[/Resources/X/Properties]"
  for (size_t at = message.find("[/"); at != std::string_view::npos; at = message.find("[/", at + 1)) {
    size_t end = message.find(']', at);
    if (end == std::string_view::npos) break;
    std::string_view path = message.substr(at + 1, end - at - 1);
    if (path.find(' ') == std::string_view::npos && path.size() > 1) return std::string(path);
  }
  // "#/BufferingHints/SizeInMBs: ..." (resource property schema errors)
  size_t hash = message.find("#/");
  if (hash != std::string_view::npos) {
    size_t end = hash + 1;
    while (end < message.size() && message[end] != ':' && message[end] != ' ' && message[end] != ',' && message[end] != ')')
      ++end;
    if (end > hash + 2) return std::string(message.substr(hash + 1, end - hash - 1));
  }
  // "... at Resources.Stream.Properties"
  for (size_t at = message.find("Resources."); at != std::string_view::npos; at = message.find("Resources.", at + 1)) {
    if (at > 0 && std::isalnum(static_cast<unsigned char>(message[at - 1]))) continue;
    size_t end = at;
    while (end < message.size() && (std::isalnum(static_cast<unsigned char>(message[end])) || message[end] == '.' ||
                                    message[end] == '_' || message[end] == '-'))
      ++end;
    while (end > at && message[end - 1] == '.') --end;
    std::string path = "/" + std::string(message.substr(at, end - at));
    std::replace(path.begin(), path.end(), '.', '/');
    return path;
  }
  return std::string();
}

int LineOfJsonPath(std::string_view text, std::string_view pointer) {
  const std::vector<std::string> target = SplitPointer(pointer);
  if (target.empty()) return 1;
  struct Frame {
    bool object = false;
    int index = 0;
    bool expect_key = true;
  };
  std::vector<Frame> stack;
  std::vector<std::string> path;  // path of the value being read at each depth
  std::string pending_key;
  size_t key_offset = 0;
  bool have_key = false;
  // Called where a value starts: is it the target?
  auto value_matches = [&]() { return path.size() == target.size() && path == target; };
  size_t i = 0;
  auto begin_value = [&](size_t at) -> int {
    if (stack.empty()) return 0;
    Frame& top = stack.back();
    if (top.object) {
      if (!have_key) return 0;
      path.resize(stack.size() - 1);
      path.push_back(pending_key);
      have_key = false;
      if (value_matches()) return LineAt(text, key_offset);
    } else {
      path.resize(stack.size() - 1);
      path.push_back(std::to_string(top.index));
      if (value_matches()) return LineAt(text, at);
    }
    return 0;
  };
  while (i < text.size()) {
    char c = text[i];
    if (c == '"') {
      Frame* top = stack.empty() ? nullptr : &stack.back();
      if (top && top->object && top->expect_key) {
        pending_key.clear();
        key_offset = i;
        i = SkipString(text, i, &pending_key);
        have_key = true;
        top->expect_key = false;
        continue;
      }
      if (int line = begin_value(i)) return line;
      i = SkipString(text, i, nullptr);
      continue;
    }
    if (c == '{' || c == '[') {
      if (int line = begin_value(i)) return line;
      Frame f;
      f.object = c == '{';
      stack.push_back(f);
      ++i;
      continue;
    }
    if (c == '}' || c == ']') {
      if (!stack.empty()) stack.pop_back();
      path.resize(std::min(path.size(), stack.size()));
      ++i;
      continue;
    }
    if (c == ',') {
      if (!stack.empty()) {
        if (stack.back().object) {
          stack.back().expect_key = true;
        } else {
          ++stack.back().index;
        }
      }
      ++i;
      continue;
    }
    if (c == ':' || std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    // A scalar (number, true, false, null).
    if (int line = begin_value(i)) return line;
    while (i < text.size() && text[i] != ',' && text[i] != '}' && text[i] != ']' && !std::isspace(static_cast<unsigned char>(text[i])))
      ++i;
  }
  return 0;
}

std::vector<LineRange> FindKeyBlocks(std::string_view text, std::string_view key) {
  std::vector<LineRange> out;
  const std::string quoted = "\"" + std::string(key) + "\"";
  size_t from = 0;
  while (true) {
    size_t at = text.find(quoted, from);
    if (at == std::string_view::npos) break;
    from = at + quoted.size();
    size_t i = from;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i >= text.size() || text[i] != ':') continue;  // a value "BufferingHints", not a key
    ++i;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i >= text.size() || text[i] != '{') continue;
    int depth = 0;
    size_t end = i;
    while (end < text.size()) {
      char c = text[end];
      if (c == '"') {
        end = SkipString(text, end, nullptr);
        continue;
      }
      if (c == '{') ++depth;
      if (c == '}' && --depth == 0) break;
      ++end;
    }
    out.push_back(LineRange{LineAt(text, at), LineAt(text, end)});
    from = end;
  }
  return out;
}

std::string CapabilityAcknowledgement(std::string_view capability) {
  if (capability == "CAPABILITY_NAMED_IAM")
    return "I acknowledge that AWS CloudFormation might create IAM resources with custom names.";
  if (capability == "CAPABILITY_IAM") return "I acknowledge that AWS CloudFormation might create IAM resources.";
  return "I acknowledge that AWS CloudFormation might require the following capability: " + std::string(capability);
}

std::string StackNameError(std::string_view name) {
  bool ok = !name.empty() && name.size() <= 128 && std::isalpha(static_cast<unsigned char>(name[0]));
  for (char c : name) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '-');
  if (ok) return std::string();
  if (name.size() > 128)
    return "1 validation error detected: Value '" + std::string(name) +
           "' at 'stackName' failed to satisfy constraint: Member must have length less than or equal to 128";
  return "1 validation error detected: Value '" + std::string(name) +
         "' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: "
         "[a-zA-Z][-a-zA-Z0-9]*";
}

std::optional<TimeUs> StackTime(const Json& value) {
  if (value.is_number()) return FromEpochSeconds(value.get<double>());
  if (value.is_string()) return ParseIso8601(value.get_ref<const std::string&>());
  return std::nullopt;
}

std::string StackTimeText(const Json& value) {
  if (std::optional<TimeUs> t = StackTime(value)) return FormatConsoleDate(*t);
  if (value.is_string() && !value.get_ref<const std::string&>().empty()) return value.get<std::string>();
  return "-";
}

std::string TemplateDisplayText(const Json& body) {
  if (body.is_object()) return DumpJsonPretty(body);
  if (!body.is_string()) return std::string();
  const std::string& text = body.get_ref<const std::string&>();
  if (text.find('\n') == std::string::npos && text.size() > 120) {
    if (std::optional<Json> parsed = ParseJson(text); parsed && parsed->is_object()) return DumpJsonPretty(*parsed);
  }
  return text;
}

std::vector<std::string> TextLines(std::string_view text, int first, int last) {
  std::vector<std::string> out;
  int line = 1;
  size_t start = 0;
  while (start <= text.size() && line <= last) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    if (line >= first) out.emplace_back(text.substr(start, end - start));
    if (end == text.size()) break;
    start = end + 1;
    ++line;
  }
  return out;
}

}  // namespace fhl::ui
