// catalog_tree.h: the Athena query editor's "Data" side: data source, database selector (Glue GetDatabases) and the
// database's tables (Glue GetTables) with their columns and types, partition keys marked. Reads through ApiCache.
#pragma once

#include <set>
#include <string>

#include "ui/ui_context.h"

namespace fhl::ui {

class CatalogTree {
 public:
  // What a click asked for.
  struct Action {
    enum class Kind { kNone, kPreview, kInsert } kind = Kind::kNone;
    std::string table;  // kPreview: the table to preview
    std::string text;   // kInsert: text to insert (a quoted table or column name)
  };

  // Draws `width` wide, `height` tall (the table list scrolls). Widgets: Athena/Database (combo; items
  // Athena/Database/<name> while open), Athena/Table/<name> (expands/collapses), Athena/Table/<name>/Preview,
  // Athena/Table/<name>/Column/<column>.
  Action Draw(UiContext& ctx, float width, float height);

  // The selected database; before the first Draw (or when none exists) "default".
  const std::string& database() const { return database_; }
  void SetDatabase(const std::string& name) {
    database_ = name;
    chosen_ = true;
  }
  bool expanded(const std::string& table) const { return expanded_.count(table) > 0; }
  void Toggle(const std::string& table);

 private:
  std::string database_ = "default";
  bool chosen_ = false;  // the user picked it (else the first listing may pick a better default)
  std::set<std::string> expanded_;
  char filter_[128] = {};
};

}  // namespace fhl::ui
