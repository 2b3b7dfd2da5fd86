// cfn_resource_glue.cpp: the AWS::Glue::Database and AWS::Glue::Table handlers (the lab's Glue Data Catalog).
// Must not depend on the stack service, the Lab or GlueCatalog: every effect goes through ctx.call.
#include "core/cfn_resource_common.h"

namespace fhl {
namespace {

constexpr const char* kDatabaseType = "AWS::Glue::Database";
constexpr const char* kTableType = "AWS::Glue::Table";

// [SECTION] schemas

const std::vector<CfnField>& DatabaseInputFields() {
  static const std::vector<CfnField> kFields = {
      {"Name", CfnKind::kString},
      {"Description", CfnKind::kString},
      {"LocationUri", CfnKind::kString},
      {"Parameters", CfnKind::kObject},
      {"CreateTableDefaultPermissions", CfnKind::kArray},
      {"TargetDatabase", CfnKind::kObject},
      {"FederatedDatabase", CfnKind::kObject},
  };
  return kFields;
}

const std::vector<CfnField>& DatabaseSchema() {
  static const std::vector<CfnField> kFields = {
      {"CatalogId", CfnKind::kString, true},
      {"DatabaseInput", CfnKind::kObject, true, &DatabaseInputFields()},
      {"DatabaseName", CfnKind::kString},
  };
  return kFields;
}

const std::vector<CfnField>& ColumnFields() {
  static const std::vector<CfnField> kFields = {
      {"Name", CfnKind::kString, true}, {"Type", CfnKind::kString}, {"Comment", CfnKind::kString}};
  return kFields;
}

const std::vector<CfnField>& SerdeFields() {
  static const std::vector<CfnField> kFields = {
      {"Name", CfnKind::kString}, {"SerializationLibrary", CfnKind::kString}, {"Parameters", CfnKind::kStringMap}};
  return kFields;
}

const std::vector<CfnField>& StorageDescriptorFields() {
  static const std::vector<CfnField> kFields = {
      {"Columns", CfnKind::kArray, false, &ColumnFields(), CfnKind::kObject},
      {"Location", CfnKind::kString},
      {"InputFormat", CfnKind::kString},
      {"OutputFormat", CfnKind::kString},
      {"Compressed", CfnKind::kBoolean},
      {"NumberOfBuckets", CfnKind::kInteger},
      {"SerdeInfo", CfnKind::kObject, false, &SerdeFields()},
      {"BucketColumns", CfnKind::kArray, false, nullptr, CfnKind::kString},
      {"SortColumns", CfnKind::kArray},
      {"Parameters", CfnKind::kStringMap},
      {"SkewedInfo", CfnKind::kObject},
      {"StoredAsSubDirectories", CfnKind::kBoolean},
      {"SchemaReference", CfnKind::kObject},
  };
  return kFields;
}

const std::vector<CfnField>& TableInputFields() {
  static const std::vector<CfnField> kFields = {
      {"Name", CfnKind::kString},
      {"Description", CfnKind::kString},
      {"Owner", CfnKind::kString},
      {"Parameters", CfnKind::kStringMap},
      {"PartitionKeys", CfnKind::kArray, false, &ColumnFields(), CfnKind::kObject},
      {"Retention", CfnKind::kInteger},
      {"StorageDescriptor", CfnKind::kObject, false, &StorageDescriptorFields()},
      {"TableType", CfnKind::kString},
      {"TargetTable", CfnKind::kObject},
      {"ViewExpandedText", CfnKind::kString},
      {"ViewOriginalText", CfnKind::kString},
  };
  return kFields;
}

const std::vector<CfnField>& TableSchema() {
  static const std::vector<CfnField> kFields = {
      {"CatalogId", CfnKind::kString, true},
      {"DatabaseName", CfnKind::kString, true},
      {"TableInput", CfnKind::kObject, true, &TableInputFields()},
      {"OpenTableFormatInput", CfnKind::kObject},
  };
  return kFields;
}

Result<Json> Normalize(const std::string& logical_id, const Json& properties, const std::vector<CfnField>& schema) {
  CfnPropertyCheck check(logical_id, properties);
  check.Check(schema);
  return check.result();
}

Status ToStatus(const Result<Json>& r) { return r.ok() ? Status::Ok() : Status(r.error()); }

std::optional<ApiError> CheckCatalog(CfnResourceContext& ctx, const Json& props) {
  const std::string catalog = StringOr(props, "CatalogId", "");
  if (catalog == ctx.account_id) return std::nullopt;
  return CfnHandlerFailure(ctx,
                           "Cross-account access to catalog " + catalog + " is not allowed in this lab; use " +
                               ctx.account_id + " (Ref AWS::AccountId).",
                           "AccessDenied");
}

const Json& Input(const Json& props, const char* member) {
  static const Json kEmpty = Json::object();
  const Json* v = Member(props, member);
  return v ? *v : kEmpty;
}

bool SameAt(const Json& a, const Json& b, const char* outer, const char* inner) {
  const Json none;
  const Json* x = Member(Input(a, outer), inner);
  const Json* y = Member(Input(b, outer), inner);
  return (x ? *x : none) == (y ? *y : none);
}

bool SameMember(const Json& a, const Json& b, const char* member) {
  const Json none;
  const Json* x = Member(a, member);
  const Json* y = Member(b, member);
  return (x ? *x : none) == (y ? *y : none);
}

// [SECTION] AWS::Glue::Database

Result<CfnProvisioned> CreateDatabase(CfnResourceContext& ctx, const std::string& logical_id, const Json& properties) {
  auto normalized = Normalize(logical_id, properties, DatabaseSchema());
  if (!normalized.ok()) return normalized.error();
  const Json& props = normalized.value();
  if (auto e = CheckCatalog(ctx, props)) return *e;
  Json input = Input(props, "DatabaseInput");
  std::string name = StringOr(input, "Name", StringOr(props, "DatabaseName", ""));
  if (name.empty()) {
    auto generated = CfnGeneratedName(ctx, logical_id, 255, 12, /*lower_case=*/true);
    if (!generated.ok()) return generated.error();
    name = generated.value();
  }
  input["Name"] = name;
  Response r = ctx.call("Glue", "CreateDatabase", Json{{"CatalogId", ctx.account_id}, {"DatabaseInput", input}});
  if (!r.ok()) {
    if (IsAlreadyExistsError(*r.error)) return CfnAlreadyExists(ctx, kDatabaseType, name);
    return CfnHandlerError(ctx, "Glue", *r.error);
  }
  CfnProvisioned p;
  p.physical_id = name;
  return p;
}

CfnUpdateKind DatabaseUpdateKind(const Json& old_properties, const Json& new_properties) {
  if (!SameMember(old_properties, new_properties, "CatalogId") ||
      !SameMember(old_properties, new_properties, "DatabaseName") ||
      !SameAt(old_properties, new_properties, "DatabaseInput", "Name")) {
    return CfnUpdateKind::kReplacement;
  }
  return CfnUpdateKind::kNoInterruption;
}

Result<CfnProvisioned> UpdateDatabase(CfnResourceContext& ctx, const std::string& logical_id,
                                      const CfnProvisioned& current, const Json& old_properties,
                                      const Json& new_properties) {
  auto normalized = Normalize(logical_id, new_properties, DatabaseSchema());
  if (!normalized.ok()) return normalized.error();
  auto old_normalized = Normalize(logical_id, old_properties, DatabaseSchema());
  if (old_normalized.ok() && SameMember(old_normalized.value(), normalized.value(), "DatabaseInput")) return current;
  // The lab's Glue has no UpdateDatabase (deleting and re-creating would drop the database's tables).
  return CfnHandlerFailure(ctx,
                           "The lab's Glue cannot update a database's Description, LocationUri or Parameters in "
                           "place; change DatabaseInput.Name to replace the database instead.",
                           "NotUpdatable");
}

Status RemoveDatabase(CfnResourceContext& ctx, const CfnProvisioned& current, const Json& /*properties*/) {
  Response r = ctx.call("Glue", "DeleteDatabase", Json{{"CatalogId", ctx.account_id}, {"Name", current.physical_id}});
  if (!r.ok() && !IsNotFoundError(*r.error)) return CfnHandlerError(ctx, "Glue", *r.error);
  return Status::Ok();
}

// [SECTION] AWS::Glue::Table

Result<CfnProvisioned> CreateTable(CfnResourceContext& ctx, const std::string& logical_id, const Json& properties) {
  auto normalized = Normalize(logical_id, properties, TableSchema());
  if (!normalized.ok()) return normalized.error();
  const Json& props = normalized.value();
  if (auto e = CheckCatalog(ctx, props)) return *e;
  Json input = Input(props, "TableInput");
  std::string name = StringOr(input, "Name", "");
  if (name.empty()) {
    auto generated = CfnGeneratedName(ctx, logical_id, 255, 12, /*lower_case=*/true);
    if (!generated.ok()) return generated.error();
    name = generated.value();
    input["Name"] = name;
  }
  const std::string database = StringOr(props, "DatabaseName", "");
  Response r = ctx.call("Glue", "CreateTable",
                        Json{{"CatalogId", ctx.account_id}, {"DatabaseName", database}, {"TableInput", input}});
  if (!r.ok()) {
    if (IsAlreadyExistsError(*r.error)) return CfnAlreadyExists(ctx, kTableType, name);
    return CfnHandlerError(ctx, "Glue", *r.error);
  }
  CfnProvisioned p;
  p.physical_id = name;
  return p;
}

CfnUpdateKind TableUpdateKind(const Json& old_properties, const Json& new_properties) {
  if (!SameMember(old_properties, new_properties, "CatalogId") ||
      !SameMember(old_properties, new_properties, "DatabaseName") ||
      !SameAt(old_properties, new_properties, "TableInput", "Name")) {
    return CfnUpdateKind::kReplacement;
  }
  return CfnUpdateKind::kNoInterruption;
}

Result<CfnProvisioned> UpdateTable(CfnResourceContext& ctx, const std::string& logical_id,
                                   const CfnProvisioned& current, const Json& /*old_properties*/,
                                   const Json& new_properties) {
  auto normalized = Normalize(logical_id, new_properties, TableSchema());
  if (!normalized.ok()) return normalized.error();
  const Json& props = normalized.value();
  Json input = Input(props, "TableInput");
  input["Name"] = current.physical_id;
  auto r = CfnCall(
      ctx, "Glue", "Glue", "UpdateTable",
      Json{
          {"CatalogId", ctx.account_id}, {"DatabaseName", StringOr(props, "DatabaseName", "")}, {"TableInput", input}});
  if (!r.ok()) return r.error();
  return current;
}

Status RemoveTable(CfnResourceContext& ctx, const CfnProvisioned& current, const Json& properties) {
  const std::string database = StringOr(properties, "DatabaseName", "");
  Response r = ctx.call("Glue", "DeleteTable",
                        Json{{"CatalogId", ctx.account_id}, {"DatabaseName", database}, {"Name", current.physical_id}});
  if (!r.ok() && !IsNotFoundError(*r.error)) return CfnHandlerError(ctx, "Glue", *r.error);
  return Status::Ok();
}

}  // namespace

CfnResourceType MakeGlueDatabaseType() {
  CfnResourceType t;
  t.type = kDatabaseType;
  t.validate = [](const std::string& logical_id, const Json& properties) {
    return ToStatus(Normalize(logical_id, properties, DatabaseSchema()));
  };
  t.create = CreateDatabase;
  t.update_kind = DatabaseUpdateKind;
  t.update = UpdateDatabase;
  t.remove = RemoveDatabase;
  return t;
}

CfnResourceType MakeGlueTableType() {
  CfnResourceType t;
  t.type = kTableType;
  t.validate = [](const std::string& logical_id, const Json& properties) {
    return ToStatus(Normalize(logical_id, properties, TableSchema()));
  };
  t.create = CreateTable;
  t.update_kind = TableUpdateKind;
  t.update = UpdateTable;
  t.remove = RemoveTable;
  return t;
}

}  // namespace fhl
