// sql_editor.h: the Athena query editor: query tabs ("Query 1", "Query 2", "+") and a multi-line SQL editor on
// ImGui::InputTextMultiline (std::string through a resize callback) with a line-number gutter, an error-line
// highlight, programmatic cursor moves and Ctrl+Enter to run. Depends on ImGui, theme.h and ui_kit.h only.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "imgui.h"

namespace fhl::ui {

class SqlEditor {
 public:
  struct Tab {
    int id = 0;
    std::string title;
    std::string text;
    size_t cursor_bytes = 0;  // cursor offset as last seen while the editor had the keyboard
  };

  // What the user asked for this frame.
  struct Events {
    bool run = false;          // Ctrl+Enter in the editor
    bool tab_changed = false;  // another tab became active
    int closed_tab_id = -1;    // a tab was closed (its id)
    int new_tab_id = -1;       // "+" opened a tab
  };

  SqlEditor();  // one empty tab, "Query 1"

  // Tab strip "Query 1", "Query 2", ..., "+": tab n (1-based position) is tracked as <track>/Tab/<n>, its close box
  // as <track>/Tab/<n>/Close (shown when more than one tab is open), the "+" as <track>/Tab/New.
  void DrawTabs(const char* track, float width, Events& events);
  // The active tab's editor (gutter + text), `size` in pixels, tracked as `track_name`. error_line/column (1-based,
  // 0 = none) mark a line red and underline the column. `mono` may be null (current font).
  void DrawEditor(const char* track_name, ImVec2 size, ImFont* mono, int error_line, int error_column, Events& events);

  // Opens a tab (title "Query <n>" when empty) with `text` and makes it active; returns its id.
  int AddTab(std::string title = std::string(), std::string text = std::string());
  // Closes a tab; the last tab is never closed (it is emptied instead).
  void CloseTab(int id);
  void Activate(int id);
  const std::vector<Tab>& tabs() const { return tabs_; }
  Tab& active() { return tabs_[static_cast<size_t>(active_)]; }
  const Tab& active() const { return tabs_[static_cast<size_t>(active_)]; }
  int active_id() const { return active().id; }
  Tab* FindTab(int id);

  // Replaces the active tab's text (also while the user edits it); the cursor goes to the end.
  void SetText(std::string text);
  const std::string& text() const { return active().text; }
  void Rename(int id, std::string title);

  // Gives the editor the keyboard on the next frame; GoTo also moves the cursor to line:column (1-based, clamped).
  void Focus() { focus_request_ = true; }
  void GoTo(int line, int column);
  // Cursor of the active tab (1-based), as last seen.
  std::pair<int, int> CursorLineColumn() const;
  bool editing() const { return editing_; }  // the editor had the keyboard in the last frame

  // Byte offset of line:column (1-based; columns count UTF-8 code points) in `text`, clamped to the text and line.
  static size_t OffsetOfLineColumn(std::string_view text, int line, int column);
  // Line:column (1-based, code points) of a byte offset.
  static std::pair<int, int> LineColumnOfOffset(std::string_view text, size_t offset);

 private:
  static int Callback(ImGuiInputTextCallbackData* data);

  std::vector<Tab> tabs_;
  int active_ = 0;
  int next_id_ = 1;
  int next_number_ = 1;  // "Query <n>" keeps counting up, as the console does
  bool focus_request_ = false;
  bool pending_cursor_ = false;
  int pending_line_ = 1, pending_column_ = 1;
  bool editing_ = false;
};

}  // namespace fhl::ui
