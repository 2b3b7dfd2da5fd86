// terminal_panel.cpp: the Terminal section (see terminal_panel.h): a dark scrollback of "$ aws ..." commands and
// their output, an input line with history and Tab completion, Copy output and Clear. Commands run through
// RunAwsCli with every call passed to ApiCache::Write (so the other panels refresh after a put-record).
//
// [SECTION] widget names
//   Terminal/Input (the command line), Terminal/Run, Terminal/Output (the scrollback area), Terminal/Copy output
//   (copies the whole scrollback as text), Terminal/Copy last (the last command's output), Terminal/Clear,
//   Terminal/Status (exit status of the last command), Terminal/Completions (Tab candidates, while listed),
//   Terminal/Line/<n> (the n-th scrollback line, 0 = oldest kept, while visible)
#include "ui/terminal_panel.h"

#include <algorithm>
#include <cstring>

#include "imgui.h"
#include "ui/ui_kit.h"
#include "ui/widget_registry.h"

namespace fhl::ui {

namespace {

constexpr size_t kInputCapacity = 64 * 1024;  // put-record-batch lines with 500 records fit
constexpr size_t kMaxEntries = 200;           // older commands leave the scrollback

const ImU32 kTermBg = IM_COL32(0x0f, 0x17, 0x2a, 255);
const ImU32 kTermText = IM_COL32(0xe2, 0xe8, 0xf0, 255);
const ImU32 kTermPrompt = IM_COL32(0x7d, 0xd3, 0xfc, 255);
const ImU32 kTermError = IM_COL32(0xfc, 0xa5, 0xa5, 255);
const ImU32 kTermDim = IM_COL32(0x94, 0xa3, 0xb8, 255);

using Line = TerminalPanel::Line;

// Splits text into lines (a final newline ends the last line, it does not start an empty one); tabs expand to
// 8-column stops for display.
void AppendLines(std::vector<Line>& out, const std::string& text, ImU32 color) {
  if (text.empty()) return;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    std::string raw = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    std::string shown;
    for (char c : raw) {
      if (c == '\t') {
        shown.append(8 - shown.size() % 8, ' ');
      } else if (c != '\r') {
        shown += c;
      }
    }
    out.push_back(Line{std::move(shown), color});
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
}

std::vector<Line> BuildLines(const std::vector<TerminalPanel::Entry>& entries) {
  std::vector<Line> lines;
  for (const TerminalPanel::Entry& e : entries) {
    lines.push_back(Line{"$ " + e.command, kTermPrompt});
    AppendLines(lines, e.result.out, kTermText);
    AppendLines(lines, e.result.err, kTermError);
    if (e.result.exit_code != 0) lines.push_back(Line{"exit status " + std::to_string(e.result.exit_code), kTermDim});
  }
  return lines;
}

}  // namespace

TerminalPanel::TerminalPanel() : input_(kInputCapacity, '\0') {}

void TerminalPanel::set_input(const std::string& text) {
  size_t n = std::min(text.size(), kInputCapacity - 1);
  std::memcpy(input_.data(), text.data(), n);
  input_[n] = '\0';
}

const std::vector<TerminalPanel::Line>& TerminalPanel::Lines() {
  if (lines_dirty_) {
    lines_ = BuildLines(entries_);
    lines_dirty_ = false;
  }
  return lines_;
}

void TerminalPanel::Clear() {
  lines_dirty_ = true;
  entries_.clear();
  completions_.clear();
}

AwsCallFn TerminalPanel::CallThrough(UiContext& ctx) {
  ApiCache* api = ctx.api;
  return [api](std::string_view service, std::string_view action, const Json& request) {
    return api->Write(service, action, request);
  };
}

void TerminalPanel::Submit(UiContext& ctx, const std::string& line) {
  completions_.clear();
  history_pos_ = -1;
  draft_.clear();
  scroll_to_bottom_ = true;
  size_t first = line.find_first_not_of(" \t");
  if (first == std::string::npos) return;
  std::string trimmed = line.substr(first);
  while (!trimmed.empty() && (trimmed.back() == ' ' || trimmed.back() == '\t')) trimmed.pop_back();
  if (history_.empty() || history_.back() != trimmed) history_.push_back(trimmed);
  if (trimmed == "clear") {
    Clear();
    return;
  }
  Entry entry;
  entry.command = trimmed;
  if (trimmed == "history") {
    for (size_t i = 0; i < history_.size(); ++i) entry.result.out += "  " + std::to_string(i + 1) + "  " + history_[i] + "\n";
  } else {
    AwsCliOptions options;
    options.terminal_width_chars = terminal_width_chars_;  // measured by the last Draw
    entry.result = RunAwsCli(trimmed, CallThrough(ctx), options);
  }
  entries_.push_back(std::move(entry));
  lines_dirty_ = true;
  if (entries_.size() > kMaxEntries) entries_.erase(entries_.begin(), entries_.begin() + (entries_.size() - kMaxEntries));
}

void TerminalPanel::CompleteInput(UiContext& ctx) {
  std::string line = input();
  AwsCliCompletion c = CompleteAwsCli(line, CallThrough(ctx));
  set_input(line.substr(0, c.word_start) + c.replacement);
  completions_ = c.candidates.size() > 1 ? c.candidates : std::vector<std::string>();
}

void TerminalPanel::BrowseHistory(int direction) {
  if (history_.empty()) return;
  if (history_pos_ == -1) {
    if (direction > 0) return;
    draft_ = input();
    history_pos_ = static_cast<int>(history_.size()) - 1;
  } else {
    history_pos_ += direction;
    if (history_pos_ < 0) history_pos_ = 0;
    if (history_pos_ >= static_cast<int>(history_.size())) {
      history_pos_ = -1;
      set_input(draft_);
      return;
    }
  }
  set_input(history_[static_cast<size_t>(history_pos_)]);
}

std::string TerminalPanel::ScrollbackText() const {
  std::string out;
  for (const Entry& e : entries_) {
    out += "$ " + e.command + "\n" + e.result.out + e.result.err;
    if (e.result.exit_code != 0) out += "exit status " + std::to_string(e.result.exit_code) + "\n";
  }
  return out;
}

int TerminalPanel::InputCallback(ImGuiInputTextCallbackData* data) {
  TerminalPanel* self = static_cast<TerminalPanel*>(data->UserData);
  if (!self || !self->frame_ctx_) return 0;
  std::string before(data->Buf, static_cast<size_t>(data->BufTextLen));
  if (data->EventFlag == ImGuiInputTextFlags_CallbackCompletion) {
    self->CompleteInput(*self->frame_ctx_);
  } else if (data->EventFlag == ImGuiInputTextFlags_CallbackHistory) {
    self->BrowseHistory(data->EventKey == ImGuiKey_UpArrow ? -1 : +1);
  } else {
    return 0;
  }
  std::string after = self->input();
  if (after != before) {
    data->DeleteChars(0, data->BufTextLen);
    data->InsertChars(0, after.c_str());
  }
  return 0;
}

void TerminalPanel::Draw(UiContext& ctx) {
  frame_ctx_ = &ctx;
  const Theme& t = GetTheme();
  Heading("Terminal");
  SecondaryText("AWS CLI v2 commands for the lab's services, answered by the simulated account. Try aws help, "
                "aws s3 ls or aws firehose list-delivery-streams. Tab completes, Up/Down recall.");
  ImGui::Dummy(ImVec2(0, 6));

  if (NormalButton("Copy output")) {
    std::string text = ScrollbackText();
    ImGui::SetClipboardText(text.c_str());
    if (ctx.hooks && ctx.hooks->set_clipboard) ctx.hooks->set_clipboard(text);
  }
  TrackWidget("Terminal/Copy output");
  ImGui::SameLine(0, 8);
  if (NormalButton("Copy last", !entries_.empty())) {
    const AwsCliResult& r = entries_.back().result;
    std::string text = r.out + r.err;
    ImGui::SetClipboardText(text.c_str());
    if (ctx.hooks && ctx.hooks->set_clipboard) ctx.hooks->set_clipboard(text);
  }
  TrackWidget("Terminal/Copy last");
  ImGui::SameLine(0, 8);
  if (NormalButton("Clear")) {
    Clear();
    focus_input_ = true;
  }
  TrackWidget("Terminal/Clear");
  ImGui::SameLine(0, 16);
  {
    std::string status = entries_.empty() ? std::string("No commands yet")
                                          : "Exit status " + std::to_string(entries_.back().result.exit_code);
    ImGui::AlignTextToFramePadding();
    ImGui::PushStyleColor(ImGuiCol_Text, !entries_.empty() && entries_.back().result.exit_code != 0 ? t.error : t.text_secondary);
    ImGui::TextUnformatted(status.c_str());
    ImGui::PopStyleColor();
    TrackWidget("Terminal/Status");
  }
  ImGui::Dummy(ImVec2(0, 6));

  // Scrollback.
  if (ctx.fonts.mono) ImGui::PushFont(ctx.fonts.mono);
  float line_h = ImGui::GetTextLineHeightWithSpacing();
  float input_h = ImGui::GetFrameHeight() + 8;
  float completions_h = completions_.empty() ? 0 : line_h * 2 + 4;
  float avail_h = ImGui::GetContentRegionAvail().y;
  float output_h = std::max(line_h * 8, avail_h - input_h - completions_h - 24);
  ImGui::PushStyleColor(ImGuiCol_ChildBg, ToVec4(kTermBg));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(12, 10));
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(0, 2));
  // The CLI fits tables to the terminal: the scrollback's width in monospace cells.
  float char_w = ImGui::CalcTextSize("M").x;
  if (char_w > 0) {
    int cells = static_cast<int>((ImGui::GetContentRegionAvail().x - 24 - ImGui::GetStyle().ScrollbarSize) / char_w);
    terminal_width_chars_ = std::max(60, std::min(200, cells));
  }
  ImGui::BeginChild("##terminal-output", ImVec2(0, output_h), false,
                    ImGuiWindowFlags_HorizontalScrollbar | ImGuiWindowFlags_AlwaysUseWindowPadding);
  const std::vector<Line>& lines = Lines();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(lines.size()));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const Line& l = lines[static_cast<size_t>(i)];
      ImGui::PushStyleColor(ImGuiCol_Text, ToVec4(l.color));
      ImGui::TextUnformatted(l.text.empty() ? " " : l.text.c_str());
      ImGui::PopStyleColor();
      TrackWidget("Terminal/Line/" + std::to_string(i));
    }
  }
  clipper.End();
  if (scroll_to_bottom_) {
    ImGui::SetScrollHereY(1.0f);
    scroll_to_bottom_ = false;
  }
  ImGui::EndChild();
  ImGui::PopStyleVar(2);
  ImGui::PopStyleColor();
  TrackWidget("Terminal/Output");

  if (!completions_.empty()) {
    std::string text;
    for (const std::string& c : completions_) text += c + "   ";
    ImGui::Dummy(ImVec2(0, 4));
    ImGui::PushStyleColor(ImGuiCol_Text, t.text_secondary);
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    TrackWidget("Terminal/Completions");
  }

  // Input line: "$" prompt, the command, Run.
  ImGui::Dummy(ImVec2(0, 6));
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("$");
  ImGui::SameLine(0, 8);
  float run_w = ImGui::CalcTextSize("Run").x + 32;
  ImGui::SetNextItemWidth(std::max(100.0f, ImGui::GetContentRegionAvail().x - run_w - 8));
  if (focus_input_) {
    ImGui::SetKeyboardFocusHere();
    focus_input_ = false;
  }
  ImGuiInputTextFlags flags = ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_CallbackHistory |
                              ImGuiInputTextFlags_CallbackCompletion;
  bool entered = ImGui::InputTextWithHint("##terminal-input", "aws s3 ls", input_.data(), input_.size(), flags,
                                          &TerminalPanel::InputCallback, this);
  TrackWidget("Terminal/Input");
  if (ctx.fonts.mono) ImGui::PopFont();
  ImGui::SameLine(0, 8);
  bool run = PrimaryButton("Run");
  TrackWidget("Terminal/Run");
  if (entered || run) {
    std::string line = input();
    set_input("");
    Submit(ctx, line);
    focus_input_ = true;
  }
  // Enter deactivates the input; draw the next frame at once so it is focused again before the next keystroke
  // (the page stops drawing when idle, and a key arriving on an unfocused frame would be lost).
  if (focus_input_) ctx.wants_redraw = true;
  frame_ctx_ = nullptr;
}

}  // namespace fhl::ui
