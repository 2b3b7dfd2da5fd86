// glue_catalog.cpp: the Glue-style data catalog: databases and tables keyed by lower-cased names, Glue's error codes
// and texts. Must not depend on JSON, SQL, the object store or other services.
#include "core/glue_catalog.h"

#include <utility>

namespace fhl {
namespace {

// [SECTION] names and error texts (Glue's codes and wording)

constexpr size_t kMaxNameLength = 255;

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Glue's name pattern is [\u0020-\uD7FF\uE000-\uFFFD\t]* of 1-255 characters: control characters are rejected.
bool ValidName(std::string_view name) {
  if (name.empty() || name.size() > kMaxNameLength) return false;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 && c != '\t') return false;
    if (u == 0x7F) return false;
  }
  return true;
}

ApiError InvalidName(std::string_view what, std::string_view name) {
  return ApiError{"InvalidInputException",
                  std::string(what) + " name is not valid: '" + std::string(name) +
                      "' (1-255 characters, no control characters).",
                  400};
}
ApiError DatabaseNotFound(std::string_view name) {
  return ApiError{"EntityNotFoundException", "Database " + std::string(name) + " not found.", 400};
}
ApiError TableNotFound(std::string_view name) {
  return ApiError{"EntityNotFoundException", "Table " + std::string(name) + " not found.", 400};
}

}  // namespace

// [SECTION] databases

GlueCatalog::GlueCatalog() {
  GlueDatabase def;
  def.name = "default";
  def.description = "Default Hive database";
  databases_.emplace(def.name, def);
  tables_[def.name];
}

Status GlueCatalog::CreateDatabase(const GlueDatabase& database) {
  if (!ValidName(database.name)) return InvalidName("Database", database.name);
  GlueDatabase db = database;
  db.name = Lower(database.name);
  if (databases_.count(db.name) != 0) return ApiError{"AlreadyExistsException", "Database already exists.", 400};
  tables_[db.name];
  databases_.emplace(db.name, std::move(db));
  ++generation_;
  return Status::Ok();
}

Status GlueCatalog::DeleteDatabase(std::string_view name) {
  const std::string key = Lower(name);
  auto it = databases_.find(key);
  if (it == databases_.end()) return DatabaseNotFound(key);
  databases_.erase(it);
  tables_.erase(key);
  ++generation_;
  return Status::Ok();
}

const GlueDatabase* GlueCatalog::FindDatabase(std::string_view name) const {
  auto it = databases_.find(Lower(name));
  return it == databases_.end() ? nullptr : &it->second;
}

std::vector<const GlueDatabase*> GlueCatalog::ListDatabases() const {
  std::vector<const GlueDatabase*> out;
  out.reserve(databases_.size());
  for (const auto& entry : databases_) out.push_back(&entry.second);
  return out;
}

// [SECTION] tables

Status GlueCatalog::CreateTable(const GlueTable& table) {
  const std::string db = Lower(table.database);
  if (databases_.count(db) == 0) return DatabaseNotFound(db);
  if (!ValidName(table.name)) return InvalidName("Table", table.name);
  GlueTable t = table;
  t.database = db;
  t.name = Lower(table.name);
  auto& tables = tables_[db];
  if (tables.count(t.name) != 0) return ApiError{"AlreadyExistsException", "Table already exists.", 400};
  tables.emplace(t.name, std::move(t));
  ++generation_;
  return Status::Ok();
}

Status GlueCatalog::UpdateTable(const GlueTable& table) {
  const std::string db = Lower(table.database);
  if (databases_.count(db) == 0) return DatabaseNotFound(db);
  auto& tables = tables_[db];
  const std::string name = Lower(table.name);
  auto it = tables.find(name);
  if (it == tables.end()) return TableNotFound(name);
  GlueTable t = table;
  t.database = db;
  t.name = name;
  if (t.create_time == 0) t.create_time = it->second.create_time;
  it->second = std::move(t);
  ++generation_;
  return Status::Ok();
}

Status GlueCatalog::DeleteTable(std::string_view database, std::string_view name) {
  const std::string db = Lower(database);
  if (databases_.count(db) == 0) return DatabaseNotFound(db);
  auto& tables = tables_[db];
  auto it = tables.find(Lower(name));
  if (it == tables.end()) return TableNotFound(Lower(name));
  tables.erase(it);
  ++generation_;
  return Status::Ok();
}

const GlueTable* GlueCatalog::FindTable(std::string_view database, std::string_view name) const {
  auto db = tables_.find(Lower(database));
  if (db == tables_.end()) return nullptr;
  auto it = db->second.find(Lower(name));
  return it == db->second.end() ? nullptr : &it->second;
}

std::vector<const GlueTable*> GlueCatalog::ListTables(std::string_view database) const {
  std::vector<const GlueTable*> out;
  auto db = tables_.find(Lower(database));
  if (db == tables_.end()) return out;
  out.reserve(db->second.size());
  for (const auto& entry : db->second) out.push_back(&entry.second);
  return out;
}

// [SECTION] name patterns

namespace {

bool MatchHere(std::string_view p, std::string_view n) {
  if (p.empty()) return n.empty();
  if (p[0] == '*' || (p.size() >= 2 && p[0] == '.' && p[1] == '*')) {
    const std::string_view rest = p.substr(p[0] == '*' ? 1 : 2);
    for (size_t i = 0; i <= n.size(); ++i) {
      if (MatchHere(rest, n.substr(i))) return true;
    }
    return false;
  }
  if (n.empty()) return false;
  char a = p[0], b = n[0];
  if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
  if (b >= 'A' && b <= 'Z') b = static_cast<char>(b - 'A' + 'a');
  if (a != '.' && a != b) return false;
  return MatchHere(p.substr(1), n.substr(1));
}

}  // namespace

bool GlueNameMatches(std::string_view pattern, std::string_view name) {
  size_t start = 0;
  while (true) {
    const size_t bar = pattern.find('|', start);
    std::string_view alt = pattern.substr(start, bar == std::string_view::npos ? std::string_view::npos : bar - start);
    while (!alt.empty() && alt.front() == ' ') alt.remove_prefix(1);
    while (!alt.empty() && alt.back() == ' ') alt.remove_suffix(1);
    if (MatchHere(alt, name)) return true;
    if (bar == std::string_view::npos) return false;
    start = bar + 1;
  }
}

}  // namespace fhl
