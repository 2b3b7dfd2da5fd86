// catalog_tree.cpp: data source, database selector and table tree of the Athena query editor (see catalog_tree.h).
#include "ui/catalog_tree.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <vector>

#include "imgui_internal.h"  // RenderArrow (font-independent expand arrows)
#include "ui/json_access.h"
#include "ui/ui_kit.h"
#include "ui/widget_registry.h"

namespace fhl::ui {

namespace {

bool ContainsNoCase(std::string_view text, const char* needle) {
  size_t n = std::strlen(needle);
  if (n == 0) return true;
  for (size_t i = 0; i + n <= text.size(); ++i) {
    size_t k = 0;
    while (k < n && std::tolower(static_cast<unsigned char>(text[i + k])) == std::tolower(static_cast<unsigned char>(needle[k])))
      ++k;
    if (k == n) return true;
  }
  return false;
}

// One column line under an expanded table: name on the left, type (and the partition mark) on the right.
bool ColumnRow(const std::string& track, std::string_view name, std::string_view type, bool partition, float width,
               float indent) {
  const Theme& t = GetTheme();
  ImVec2 p = ImGui::GetCursorScreenPos();
  float h = ImGui::GetTextLineHeight() + 4;
  ImGui::PushID(track.c_str());
  bool clicked = ImGui::InvisibleButton("##col", ImVec2(std::max(1.0f, width), h));
  ImGui::PopID();
  bool hovered = ImGui::IsItemHovered();
  TrackWidget(track);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (hovered) {
    dl->AddRectFilled(p, ImVec2(p.x + width, p.y + h), t.row_hover);
    ImGui::SetTooltip("Click to insert %.*s into the query", static_cast<int>(name.size()), name.data());
  }
  std::string right(type);
  if (partition) right += "  (Partitioned)";
  ImVec2 rs = ImGui::CalcTextSize(right.c_str());
  float right_x = p.x + width - rs.x - 6;
  dl->PushClipRect(p, ImVec2(std::max(p.x + indent, right_x - 6), p.y + h), true);
  dl->AddText(ImVec2(p.x + indent, p.y + 2), partition ? t.json_literal : t.text, name.data(), name.data() + name.size());
  dl->PopClipRect();
  dl->AddText(ImVec2(right_x, p.y + 2), partition ? t.json_literal : t.text_secondary, right.c_str());
  return clicked;
}

std::string Quoted(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

}  // namespace

void CatalogTree::Toggle(const std::string& table) {
  if (!expanded_.erase(table)) expanded_.insert(table);
}

CatalogTree::Action CatalogTree::Draw(UiContext& ctx, float width, float height) {
  const Theme& t = GetTheme();
  Action action;
  ImVec2 top = ImGui::GetCursorScreenPos();

  SecondaryText("Data source");
  TextView("AwsDataCatalog");
  ImGui::Dummy(ImVec2(0, 4));

  // Database selector.
  SecondaryText("Database");
  const CachedResponse& dbs = ctx.api->Get("Glue", "GetDatabases", Json::object(), kLiveListing);
  std::vector<std::string> names;
  for (const Json& d : JArray(dbs.response.body, "DatabaseList")) {
    std::string_view n = JStr(d, "Name");
    if (!n.empty()) names.emplace_back(n);
  }
  if (!chosen_ && !names.empty() && std::find(names.begin(), names.end(), database_) == names.end())
    database_ = std::find(names.begin(), names.end(), "default") != names.end() ? "default" : names.front();
  ImGui::SetNextItemWidth(width);
  if (ImGui::BeginCombo("##database", database_.c_str())) {
    for (const std::string& n : names) {
      bool selected = n == database_;
      if (ImGui::Selectable(n.c_str(), selected)) SetDatabase(n);
      TrackWidget("Athena/Database/" + n);
      if (selected) ImGui::SetItemDefaultFocus();
    }
    if (names.empty()) SecondaryText("No databases");
    ImGui::EndCombo();
  }
  TrackWidget("Athena/Database");
  if (!dbs.response.ok()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ToVec4(t.error));
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    TextView(dbs.response.error->code + ": " + dbs.response.error->message);
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
  }
  ImGui::Dummy(ImVec2(0, 6));

  // Tables.
  const CachedResponse& tables = ctx.api->Get("Glue", "GetTables", Json{{"DatabaseName", database_}}, kLiveListing);
  const Json& list = JArray(tables.response.body, "TableList");
  std::string counter = "(" + std::to_string(list.size()) + ")";
  Heading("Tables", counter.c_str());
  ImGui::SetNextItemWidth(width);
  ImGui::InputTextWithHint("##table-filter", "Filter tables", filter_, sizeof filter_);
  TrackWidget("Athena/Table filter");
  ImGui::Dummy(ImVec2(0, 2));

  float used = ImGui::GetCursorScreenPos().y - top.y;
  float list_h = std::max(80.0f, height - used);
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(0, 0));
  ImGui::BeginChild("##tables", ImVec2(width, list_h), false);
  const float inner_w = ImGui::GetContentRegionAvail().x;
  if (!tables.response.ok()) {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + inner_w);
    ImGui::PushStyleColor(ImGuiCol_Text, ToVec4(t.error));
    TextView(tables.response.error->code + ": " + tables.response.error->message);
    ImGui::PopStyleColor();
    ImGui::PopTextWrapPos();
  } else if (list.empty()) {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + inner_w);
    SecondaryText("No tables in this database. Create one with CREATE EXTERNAL TABLE in the editor.");
    ImGui::PopTextWrapPos();
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float row_h = ImGui::GetTextLineHeight() + 8;
  for (const Json& table : list) {
    std::string name(JStr(table, "Name"));
    if (name.empty() || !ContainsNoCase(name, filter_)) continue;
    const bool open = expanded(name);
    const std::string track = "Athena/Table/" + name;
    const float preview_w = ImGui::CalcTextSize("Preview").x + 10;

    ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::PushID(name.c_str());
    if (ImGui::InvisibleButton("##table", ImVec2(std::max(1.0f, inner_w - preview_w), row_h))) Toggle(name);
    bool hovered = ImGui::IsItemHovered();
    TrackWidget(track);
    if (hovered) {
      dl->AddRectFilled(p, ImVec2(p.x + inner_w, p.y + row_h), t.row_hover);
      ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    }
    float lh = ImGui::GetTextLineHeight();
    ImGui::RenderArrow(dl, ImVec2(p.x + 2, p.y + 4 + lh * 0.1f), t.text_secondary, open ? ImGuiDir_Down : ImGuiDir_Right, 0.7f);
    // Table glyph: a small grid.
    ImVec2 g(p.x + lh + 2, p.y + 4 + lh * 0.18f);
    float gw = lh * 0.75f, gh = lh * 0.62f;
    dl->AddRect(g, ImVec2(g.x + gw, g.y + gh), t.text_secondary, 1.0f);
    dl->AddLine(ImVec2(g.x, g.y + gh * 0.38f), ImVec2(g.x + gw, g.y + gh * 0.38f), t.text_secondary);
    dl->AddLine(ImVec2(g.x + gw * 0.5f, g.y + gh * 0.38f), ImVec2(g.x + gw * 0.5f, g.y + gh), t.text_secondary);
    float name_x = g.x + gw + 6;
    dl->PushClipRect(p, ImVec2(p.x + inner_w - preview_w - 4, p.y + row_h), true);
    dl->AddText(ImVec2(name_x, p.y + 4), hovered ? t.link_hover : t.text, name.c_str());
    dl->PopClipRect();
    ImGui::SameLine(0, 0);
    ImGui::SetCursorScreenPos(ImVec2(p.x + inner_w - preview_w + 4, p.y + 4));
    if (LinkText("Preview", "##preview")) {
      action.kind = Action::Kind::kPreview;
      action.table = name;
    }
    TrackWidget(track + "/Preview");
    ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + row_h));
    ImGui::Dummy(ImVec2(0, 0));
    ImGui::PopID();

    if (open) {
      const Json& sd = JMember(table, "StorageDescriptor");
      const float indent = lh + 10;
      for (const Json& c : JArray(sd, "Columns")) {
        std::string_view cn = JStr(c, "Name");
        if (ColumnRow(track + "/Column/" + std::string(cn), cn, JStr(c, "Type"), false, inner_w, indent)) {
          action.kind = Action::Kind::kInsert;
          action.text = Quoted(cn);
        }
      }
      for (const Json& c : JArray(table, "PartitionKeys")) {
        std::string_view cn = JStr(c, "Name");
        if (ColumnRow(track + "/Column/" + std::string(cn), cn, JStr(c, "Type"), true, inner_w, indent)) {
          action.kind = Action::Kind::kInsert;
          action.text = Quoted(cn);
        }
      }
      std::string_view location = JStr(sd, "Location");
      if (!location.empty()) {
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + indent);
        ImGui::PushStyleColor(ImGuiCol_Text, ToVec4(t.text_secondary));
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + inner_w - indent);
        TextView(location);
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
      }
      ImGui::Dummy(ImVec2(0, 4));
    }
  }
  if (!JStr(tables.response.body, "NextToken").empty()) SecondaryText("More tables exist than are listed here.");
  ImGui::EndChild();
  ImGui::PopStyleVar();
  return action;
}

}  // namespace fhl::ui
