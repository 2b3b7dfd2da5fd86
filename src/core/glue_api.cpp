// glue_api.cpp: Glue actions over GlueCatalog: request reading (types, required members, lengths), paging and the
// JSON shapes of Database and Table. Must not depend on other services, SQL or a clock (now is an input).
#include "core/glue_api.h"

#include <optional>
#include <string>
#include <utility>

#include "core/base64.h"
#include "core/request_fields.h"

namespace fhl {
namespace {

// [SECTION] constants and shared helpers

constexpr const char* kNotNull = "Member must not be null";
constexpr int64_t kMaxPageSize = 100;
constexpr size_t kMaxNameLength = 255;
constexpr std::string_view kTokenTag = "fhl-glue-v1:";

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Adds the length violations of a name member (Glue: 1-255 characters).
void CheckNameLength(const std::optional<std::string>& value, std::string_view path, ValidationErrors* errors) {
  if (!value) {
    errors->Add(std::nullopt, path, kNotNull);
  } else if (value->empty()) {
    errors->Add(*value, path, "Member must have length greater than or equal to 1");
  } else if (value->size() > kMaxNameLength) {
    errors->Add(*value, path, "Member must have length less than or equal to 255");
  }
}

std::string EncodeToken(const std::string& next_name) { return Base64Encode(std::string(kTokenTag) + next_name); }

std::optional<std::string> DecodeToken(const std::string& token) {
  auto decoded = Base64Decode(token);
  if (!decoded || decoded->compare(0, kTokenTag.size(), kTokenTag) != 0) return std::nullopt;
  return decoded->substr(kTokenTag.size());
}

ApiError BadToken() { return ApiError{"InvalidInputException", "Invalid pagination token.", 400}; }

// MaxResults: 1-100 (default 100).
std::optional<ApiError> ReadPaging(RequestFields& fields, int64_t* max_results, std::optional<std::string>* token) {
  auto max = fields.Integer("MaxResults");
  *token = fields.String("NextToken");
  if (!fields.ok()) return fields.error();
  *max_results = kMaxPageSize;
  if (max) {
    ValidationErrors errors;
    if (*max < 1) errors.Add(std::to_string(*max), "maxResults", "Member must have value greater than or equal to 1");
    if (*max > kMaxPageSize) errors.Add(std::to_string(*max), "maxResults", "Member must have value less than or equal to 100");
    if (!errors.empty()) return errors.ToError();
    *max_results = *max;
  }
  return std::nullopt;
}

Json StringMap(const std::map<std::string, std::string>& m) {
  Json out = Json::object();
  for (const auto& [k, v] : m) out[k] = v;
  return out;
}

// Reads a {"k":"v"} member; non-string values are a SerializationException.
std::optional<ApiError> ReadStringMap(RequestFields& fields, std::string_view name, std::string_view path,
                                      std::map<std::string, std::string>* out) {
  const Json* m = fields.Object(name);
  if (!fields.ok()) return fields.error();
  if (!m) return std::nullopt;
  for (auto it = m->begin(); it != m->end(); ++it) {
    if (!it.value().is_string()) return SerializationError(std::string(path) + "." + it.key(), "string");
    (*out)[it.key()] = it.value().get<std::string>();
  }
  return std::nullopt;
}

// [SECTION] JSON shapes

Json DatabaseToJson(const GlueDatabase& db) {
  Json j = {{"Name", db.name}, {"CreateTime", ToEpochSeconds(db.create_time)}, {"CatalogId", kGlueCatalogId},
            {"Parameters", Json::object()},
            {"CreateTableDefaultPermissions",
             Json::array({{{"Principal", {{"DataLakePrincipalIdentifier", "IAM_ALLOWED_PRINCIPALS"}}},
                           {"Permissions", Json::array({"ALL"})}}})}};
  if (!db.description.empty()) j["Description"] = db.description;
  if (!db.location_uri.empty()) j["LocationUri"] = db.location_uri;
  return j;
}

Json ColumnsToJson(const std::vector<GlueColumn>& columns) {
  Json out = Json::array();
  for (const GlueColumn& c : columns) {
    Json col = {{"Name", c.name}, {"Type", c.type}};
    if (!c.comment.empty()) col["Comment"] = c.comment;
    out.push_back(std::move(col));
  }
  return out;
}

// [SECTION] request readers

std::optional<ApiError> ReadColumns(const Json* list, std::string_view path, std::vector<GlueColumn>* out) {
  if (!list) return std::nullopt;
  ValidationErrors errors;
  for (size_t i = 0; i < list->size(); ++i) {
    const std::string item_path = std::string(path) + "." + std::to_string(i + 1) + ".member";
    RequestFields f((*list)[i], item_path + ".");
    auto name = f.String("Name");
    auto type = f.String("Type");
    auto comment = f.String("Comment");
    if (!f.ok()) return f.error();
    CheckNameLength(name, item_path + ".name", &errors);
    GlueColumn c;
    c.name = Lower(name.value_or(""));
    c.type = Lower(type.value_or(""));
    c.comment = comment.value_or("");
    out->push_back(std::move(c));
  }
  if (!errors.empty()) return errors.ToError();
  return std::nullopt;
}

// TableInput -> GlueTable (database/name set; times left to the caller).
std::optional<ApiError> ReadTableInput(const Json& input, std::string_view database, GlueTable* t) {
  RequestFields f(input, "TableInput.");
  auto name = f.String("Name");
  auto table_type = f.String("TableType");
  auto description = f.String("Description");
  const Json* sd = f.Object("StorageDescriptor");
  const Json* partition_keys = f.Array("PartitionKeys");
  if (!f.ok()) return f.error();
  ValidationErrors errors;
  CheckNameLength(name, "tableInput.name", &errors);
  if (!errors.empty()) return errors.ToError();
  (void)description;
  t->database = Lower(database);
  t->name = Lower(*name);
  if (table_type) t->table_type = *table_type;
  if (auto e = ReadStringMap(f, "Parameters", "TableInput.Parameters", &t->parameters)) return e;
  if (auto e = ReadColumns(partition_keys, "tableInput.partitionKeys", &t->partition_keys)) return e;
  if (sd) {
    RequestFields s(*sd, "TableInput.StorageDescriptor.");
    const Json* columns = s.Array("Columns");
    auto location = s.String("Location");
    auto input_format = s.String("InputFormat");
    auto output_format = s.String("OutputFormat");
    const Json* serde = s.Object("SerdeInfo");
    if (!s.ok()) return s.error();
    if (auto e = ReadColumns(columns, "tableInput.storageDescriptor.columns", &t->columns)) return e;
    if (location) t->location = *location;
    if (input_format) t->input_format = *input_format;
    if (output_format) t->output_format = *output_format;
    if (serde) {
      RequestFields si(*serde, "TableInput.StorageDescriptor.SerdeInfo.");
      auto lib = si.String("SerializationLibrary");
      if (!si.ok()) return si.error();
      if (lib) t->serde_library = *lib;
      if (auto e = ReadStringMap(si, "Parameters", "TableInput.StorageDescriptor.SerdeInfo.Parameters",
                                 &t->serde_parameters)) {
        return e;
      }
    }
  }
  return std::nullopt;
}

// [SECTION] databases

Response CreateDatabase(GlueCatalog& catalog, const Json& request, TimeUs now) {
  RequestFields f(request);
  const Json* input = f.Object("DatabaseInput");
  if (!f.ok()) return FailWith(f.error());
  if (!input) {
    ValidationErrors e;
    e.Add(std::nullopt, "databaseInput", kNotNull);
    return FailWith(e.ToError());
  }
  RequestFields in(*input, "DatabaseInput.");
  auto name = in.String("Name");
  auto description = in.String("Description");
  auto location = in.String("LocationUri");
  if (!in.ok()) return FailWith(in.error());
  ValidationErrors errors;
  CheckNameLength(name, "databaseInput.name", &errors);
  if (!errors.empty()) return FailWith(errors.ToError());
  GlueDatabase db;
  db.name = *name;
  db.description = description.value_or("");
  db.location_uri = location.value_or("");
  db.create_time = now;
  Status s = catalog.CreateDatabase(db);
  if (!s.ok()) return FailWith(s.error());
  return Response::Ok(Json::object());
}

Response GetDatabase(GlueCatalog& catalog, const Json& request) {
  RequestFields f(request);
  auto name = f.String("Name");
  if (!f.ok()) return FailWith(f.error());
  ValidationErrors errors;
  CheckNameLength(name, "name", &errors);
  if (!errors.empty()) return FailWith(errors.ToError());
  const GlueDatabase* db = catalog.FindDatabase(*name);
  if (!db) return Response::Fail("EntityNotFoundException", "Database " + Lower(*name) + " not found.");
  return Response::Ok({{"Database", DatabaseToJson(*db)}});
}

Response GetDatabases(GlueCatalog& catalog, const Json& request) {
  RequestFields f(request);
  int64_t max = 0;
  std::optional<std::string> token;
  if (auto e = ReadPaging(f, &max, &token)) return FailWith(*e);
  std::string start;
  if (token) {
    auto decoded = DecodeToken(*token);
    if (!decoded) return FailWith(BadToken());
    start = *decoded;
  }
  Json list = Json::array();
  Json body = Json::object();
  for (const GlueDatabase* db : catalog.ListDatabases()) {
    if (db->name < start) continue;
    if (static_cast<int64_t>(list.size()) == max) {
      body["NextToken"] = EncodeToken(db->name);
      break;
    }
    list.push_back(DatabaseToJson(*db));
  }
  body["DatabaseList"] = std::move(list);
  return Response::Ok(std::move(body));
}

Response DeleteDatabase(GlueCatalog& catalog, const Json& request) {
  RequestFields f(request);
  auto name = f.String("Name");
  if (!f.ok()) return FailWith(f.error());
  ValidationErrors errors;
  CheckNameLength(name, "name", &errors);
  if (!errors.empty()) return FailWith(errors.ToError());
  Status s = catalog.DeleteDatabase(*name);
  if (!s.ok()) return FailWith(s.error());
  return Response::Ok(Json::object());
}

// [SECTION] tables

std::optional<ApiError> ReadDatabaseAndTableInput(const Json& request, GlueTable* t) {
  RequestFields f(request);
  auto database = f.String("DatabaseName");
  const Json* input = f.Object("TableInput");
  if (!f.ok()) return f.error();
  ValidationErrors errors;
  CheckNameLength(database, "databaseName", &errors);
  if (!input) errors.Add(std::nullopt, "tableInput", kNotNull);
  if (!errors.empty()) return errors.ToError();
  return ReadTableInput(*input, *database, t);
}

Response CreateTable(GlueCatalog& catalog, const Json& request, TimeUs now) {
  GlueTable t;
  if (auto e = ReadDatabaseAndTableInput(request, &t)) return FailWith(*e);
  t.create_time = now;
  t.update_time = now;
  Status s = catalog.CreateTable(t);
  if (!s.ok()) return FailWith(s.error());
  return Response::Ok(Json::object());
}

Response UpdateTable(GlueCatalog& catalog, const Json& request, TimeUs now) {
  GlueTable t;
  if (auto e = ReadDatabaseAndTableInput(request, &t)) return FailWith(*e);
  const GlueTable* existing = catalog.FindTable(t.database, t.name);
  if (!catalog.FindDatabase(t.database)) {
    return Response::Fail("EntityNotFoundException", "Database " + t.database + " not found.");
  }
  if (!existing) return Response::Fail("EntityNotFoundException", "Table " + t.name + " not found.");
  t.create_time = existing->create_time;
  t.update_time = now;
  Status s = catalog.UpdateTable(t);
  if (!s.ok()) return FailWith(s.error());
  return Response::Ok(Json::object());
}

std::optional<ApiError> ReadDatabaseAndName(const Json& request, std::string* database, std::string* name) {
  RequestFields f(request);
  auto db = f.String("DatabaseName");
  auto n = f.String("Name");
  if (!f.ok()) return f.error();
  ValidationErrors errors;
  CheckNameLength(db, "databaseName", &errors);
  CheckNameLength(n, "name", &errors);
  if (!errors.empty()) return errors.ToError();
  *database = *db;
  *name = *n;
  return std::nullopt;
}

Response GetTable(GlueCatalog& catalog, const Json& request) {
  std::string database, name;
  if (auto e = ReadDatabaseAndName(request, &database, &name)) return FailWith(*e);
  if (!catalog.FindDatabase(database)) {
    return Response::Fail("EntityNotFoundException", "Database " + Lower(database) + " not found.");
  }
  const GlueTable* t = catalog.FindTable(database, name);
  if (!t) return Response::Fail("EntityNotFoundException", "Table " + Lower(name) + " not found.");
  return Response::Ok({{"Table", GlueTableToJson(*t)}});
}

Response GetTables(GlueCatalog& catalog, const Json& request) {
  RequestFields f(request);
  auto database = f.String("DatabaseName");
  auto expression = f.String("Expression");
  int64_t max = 0;
  std::optional<std::string> token;
  if (auto e = ReadPaging(f, &max, &token)) return FailWith(*e);
  ValidationErrors errors;
  CheckNameLength(database, "databaseName", &errors);
  if (!errors.empty()) return FailWith(errors.ToError());
  if (!catalog.FindDatabase(*database)) {
    return Response::Fail("EntityNotFoundException", "Database " + Lower(*database) + " not found.");
  }
  std::string start;
  if (token) {
    auto decoded = DecodeToken(*token);
    if (!decoded) return FailWith(BadToken());
    start = *decoded;
  }
  Json list = Json::array();
  Json body = Json::object();
  for (const GlueTable* t : catalog.ListTables(*database)) {
    if (t->name < start) continue;
    if (expression && !expression->empty() && !GlueNameMatches(*expression, t->name)) continue;
    if (static_cast<int64_t>(list.size()) == max) {
      body["NextToken"] = EncodeToken(t->name);
      break;
    }
    list.push_back(GlueTableToJson(*t));
  }
  body["TableList"] = std::move(list);
  return Response::Ok(std::move(body));
}

Response DeleteTable(GlueCatalog& catalog, const Json& request) {
  std::string database, name;
  if (auto e = ReadDatabaseAndName(request, &database, &name)) return FailWith(*e);
  Status s = catalog.DeleteTable(database, name);
  if (!s.ok()) return FailWith(s.error());
  return Response::Ok(Json::object());
}

}  // namespace

// [SECTION] public entry points

Json GlueTableToJson(const GlueTable& t) {
  Json serde = {{"SerializationLibrary", t.serde_library}, {"Parameters", StringMap(t.serde_parameters)}};
  Json sd = {{"Columns", ColumnsToJson(t.columns)},
             {"Location", t.location},
             {"InputFormat", t.input_format},
             {"OutputFormat", t.output_format},
             {"Compressed", false},
             {"NumberOfBuckets", -1},
             {"SerdeInfo", std::move(serde)},
             {"BucketColumns", Json::array()},
             {"SortColumns", Json::array()},
             {"Parameters", Json::object()},
             {"StoredAsSubDirectories", false}};
  return Json{{"Name", t.name},
              {"DatabaseName", t.database},
              {"Owner", "hadoop"},
              {"CreateTime", ToEpochSeconds(t.create_time)},
              {"UpdateTime", ToEpochSeconds(t.update_time)},
              {"Retention", 0},
              {"StorageDescriptor", std::move(sd)},
              {"PartitionKeys", ColumnsToJson(t.partition_keys)},
              {"TableType", t.table_type},
              {"Parameters", StringMap(t.parameters)},
              {"CreatedBy", std::string("arn:aws:iam::") + kGlueCatalogId + ":user/lab-student"},
              {"IsRegisteredWithLakeFormation", false},
              {"CatalogId", kGlueCatalogId},
              {"VersionId", "0"}};
}

Response CallGlue(GlueCatalog& catalog, std::string_view action, const Json& request, TimeUs now) {
  if (action == "CreateDatabase") return CreateDatabase(catalog, request, now);
  if (action == "GetDatabase") return GetDatabase(catalog, request);
  if (action == "GetDatabases") return GetDatabases(catalog, request);
  if (action == "DeleteDatabase") return DeleteDatabase(catalog, request);
  if (action == "CreateTable") return CreateTable(catalog, request, now);
  if (action == "GetTable") return GetTable(catalog, request);
  if (action == "GetTables") return GetTables(catalog, request);
  if (action == "UpdateTable") return UpdateTable(catalog, request, now);
  if (action == "DeleteTable") return DeleteTable(catalog, request);
  return UnknownOperation("Glue", action);
}

}  // namespace fhl
