// cfn_resource_athena.cpp: the AWS::Athena::WorkGroup and AWS::Athena::NamedQuery handlers (the lab's Athena).
// Must not depend on the stack service, the Lab or AthenaService: every effect goes through ctx.call.
#include <algorithm>
#include <cmath>

#include "core/cfn_resource_common.h"

namespace fhl {
namespace {

constexpr const char* kWorkGroupType = "AWS::Athena::WorkGroup";
constexpr const char* kNamedQueryType = "AWS::Athena::NamedQuery";
constexpr const char* kEffectiveEngineAttribute = "WorkGroupConfiguration.EngineVersion.EffectiveEngineVersion";

// [SECTION] schemas

const std::vector<CfnField>& TagFields() {
  static const std::vector<CfnField> kFields = {{"Key", CfnKind::kString, true}, {"Value", CfnKind::kString, true}};
  return kFields;
}

const std::vector<CfnField>& ResultConfigurationFields() {
  static const std::vector<CfnField> kFields = {{"OutputLocation", CfnKind::kString},
                                                {"EncryptionConfiguration", CfnKind::kObject},
                                                {"ExpectedBucketOwner", CfnKind::kString},
                                                {"AclConfiguration", CfnKind::kObject}};
  return kFields;
}

const std::vector<CfnField>& EngineVersionFields() {
  static const std::vector<CfnField> kFields = {{"SelectedEngineVersion", CfnKind::kString},
                                                {"EffectiveEngineVersion", CfnKind::kString}};
  return kFields;
}

const std::vector<CfnField>& ConfigurationFields() {
  static const std::vector<CfnField> kFields = {
      {"BytesScannedCutoffPerQuery", CfnKind::kInteger},
      {"EnforceWorkGroupConfiguration", CfnKind::kBoolean},
      {"PublishCloudWatchMetricsEnabled", CfnKind::kBoolean},
      {"RequesterPaysEnabled", CfnKind::kBoolean},
      {"ResultConfiguration", CfnKind::kObject, false, &ResultConfigurationFields()},
      {"EngineVersion", CfnKind::kObject, false, &EngineVersionFields()},
      {"AdditionalConfiguration", CfnKind::kString},
      {"ExecutionRole", CfnKind::kString},
      {"CustomerContentEncryptionConfiguration", CfnKind::kObject},
      {"ManagedQueryResultsConfiguration", CfnKind::kObject},
  };
  return kFields;
}

const std::vector<CfnField>& WorkGroupSchema() {
  static const std::vector<CfnField> kFields = {
      {"Name", CfnKind::kString, true},
      {"Description", CfnKind::kString},
      {"State", CfnKind::kString},
      {"Tags", CfnKind::kArray, false, &TagFields(), CfnKind::kObject},
      {"WorkGroupConfiguration", CfnKind::kObject, false, &ConfigurationFields()},
      {"WorkGroupConfigurationUpdates", CfnKind::kObject},
      {"RecursiveDeleteOption", CfnKind::kBoolean},
  };
  return kFields;
}

const std::vector<CfnField>& NamedQuerySchema() {
  static const std::vector<CfnField> kFields = {
      {"Database", CfnKind::kString, true}, {"QueryString", CfnKind::kString, true}, {"Name", CfnKind::kString},
      {"Description", CfnKind::kString},    {"WorkGroup", CfnKind::kString},
  };
  return kFields;
}

bool IsWorkGroupName(const std::string& name) {
  return !name.empty() && name.size() <= 128 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '-';
  });
}

Result<Json> NormalizeWorkGroup(const std::string& logical_id, const Json& properties) {
  CfnPropertyCheck check(logical_id, properties);
  check.Check(WorkGroupSchema());
  check.Pattern("#/Name", Member(check.value(), "Name"), "[a-zA-Z0-9._-]{1,128}", IsWorkGroupName);
  check.Enum("#/State", Member(check.value(), "State"), {"ENABLED", "DISABLED"});
  return check.result();
}

Result<Json> NormalizeNamedQuery(const std::string& logical_id, const Json& properties) {
  CfnPropertyCheck check(logical_id, properties);
  check.Check(NamedQuerySchema());
  return check.result();
}

Status ToStatus(const Result<Json>& r) { return r.ok() ? Status::Ok() : Status(r.error()); }

const Json& Sub(const Json& object, const char* member) {
  static const Json kEmpty = Json::object();
  const Json* v = Member(object, member);
  return v && v->is_object() ? *v : kEmpty;
}

// [SECTION] AWS::Athena::WorkGroup

Result<CfnProvisioned> WorkGroupProvisioned(CfnResourceContext& ctx, const std::string& name) {
  auto got = CfnCall(ctx, "Athena", "Athena", "GetWorkGroup", Json{{"WorkGroup", name}});
  if (!got.ok()) return got.error();
  const Json& group = Sub(got.value(), "WorkGroup");
  const Json* created = Member(group, "CreationTime");
  CfnProvisioned p;
  p.physical_id = name;
  p.attributes["CreationTime"] =
      created && created->is_number() ? std::to_string(static_cast<int64_t>(std::floor(created->get<double>()))) : "";
  p.attributes[kEffectiveEngineAttribute] =
      StringOr(Sub(Sub(group, "Configuration"), "EngineVersion"), "EffectiveEngineVersion", "Athena engine version 3");
  return p;
}

// The lab's Athena runs one engine ("Athena engine version 3"; GetWorkGroup reports SelectedEngineVersion AUTO).
std::optional<ApiError> CheckEngine(CfnResourceContext& ctx, const Json& props) {
  const std::string selected =
      StringOr(Sub(Sub(props, "WorkGroupConfiguration"), "EngineVersion"), "SelectedEngineVersion", "AUTO");
  if (selected == "AUTO" || selected == "Athena engine version 3") return std::nullopt;
  return CfnHandlerFailure(ctx, "Invalid engine version: " + selected + " (this lab runs Athena engine version 3)",
                           "InvalidRequest");
}

Result<CfnProvisioned> CreateWorkGroup(CfnResourceContext& ctx, const std::string& logical_id, const Json& properties) {
  auto normalized = NormalizeWorkGroup(logical_id, properties);
  if (!normalized.ok()) return normalized.error();
  const Json& props = normalized.value();
  if (auto e = CheckEngine(ctx, props)) return *e;
  const std::string name = StringOr(props, "Name", "");
  const Json& config = Sub(props, "WorkGroupConfiguration");
  Json configuration = Json::object();
  for (const char* member : {"BytesScannedCutoffPerQuery", "EnforceWorkGroupConfiguration",
                             "PublishCloudWatchMetricsEnabled", "RequesterPaysEnabled", "EngineVersion"}) {
    if (const Json* v = Member(config, member)) configuration[member] = *v;
  }
  if (const Json* location = Member(Sub(config, "ResultConfiguration"), "OutputLocation")) {
    configuration["ResultConfiguration"] = {{"OutputLocation", *location}};
  }
  Json request = {{"Name", name}, {"Configuration", configuration}};
  if (const Json* description = Member(props, "Description")) request["Description"] = *description;
  if (const Json* tags = Member(props, "Tags")) request["Tags"] = *tags;
  Response r = ctx.call("Athena", "CreateWorkGroup", request);
  if (!r.ok()) {
    if (r.error->message.find("already created") != std::string::npos) {
      return CfnAlreadyExists(ctx, kWorkGroupType, name);
    }
    return CfnHandlerError(ctx, "Athena", *r.error);
  }
  // CreateWorkGroup has no State: a work group created DISABLED is disabled right after.
  if (StringOr(props, "State", "ENABLED") == "DISABLED") {
    auto disabled =
        CfnCall(ctx, "Athena", "Athena", "UpdateWorkGroup", Json{{"WorkGroup", name}, {"State", "DISABLED"}});
    if (!disabled.ok()) {
      ctx.call("Athena", "DeleteWorkGroup", Json{{"WorkGroup", name}});
      return disabled.error();
    }
  }
  return WorkGroupProvisioned(ctx, name);
}

CfnUpdateKind WorkGroupUpdateKind(const Json& old_properties, const Json& new_properties) {
  const Json none;
  const Json* a = Member(old_properties, "Name");
  const Json* b = Member(new_properties, "Name");
  return (a ? *a : none) == (b ? *b : none) ? CfnUpdateKind::kNoInterruption : CfnUpdateKind::kReplacement;
}

Result<CfnProvisioned> UpdateWorkGroup(CfnResourceContext& ctx, const std::string& logical_id,
                                       const CfnProvisioned& current, const Json& old_properties,
                                       const Json& new_properties) {
  auto normalized = NormalizeWorkGroup(logical_id, new_properties);
  if (!normalized.ok()) return normalized.error();
  const Json& props = normalized.value();
  if (auto e = CheckEngine(ctx, props)) return *e;
  auto old_normalized = NormalizeWorkGroup(logical_id, old_properties);
  const Json old_props = old_normalized.ok() ? old_normalized.value() : Json::object();
  const Json& config = Sub(props, "WorkGroupConfiguration");
  const Json& old_config = Sub(old_props, "WorkGroupConfiguration");
  Json updates = Json::object();
  updates["EnforceWorkGroupConfiguration"] =
      Member(config, "EnforceWorkGroupConfiguration") ? *Member(config, "EnforceWorkGroupConfiguration") : Json(false);
  updates["PublishCloudWatchMetricsEnabled"] = Member(config, "PublishCloudWatchMetricsEnabled")
                                                   ? *Member(config, "PublishCloudWatchMetricsEnabled")
                                                   : Json(false);
  if (const Json* cutoff = Member(config, "BytesScannedCutoffPerQuery")) {
    updates["BytesScannedCutoffPerQuery"] = *cutoff;
  } else if (Member(old_config, "BytesScannedCutoffPerQuery")) {
    updates["RemoveBytesScannedCutoffPerQuery"] = true;
  }
  if (const Json* location = Member(Sub(config, "ResultConfiguration"), "OutputLocation")) {
    updates["ResultConfigurationUpdates"] = {{"OutputLocation", *location}};
  } else if (Member(Sub(old_config, "ResultConfiguration"), "OutputLocation")) {
    updates["ResultConfigurationUpdates"] = {{"RemoveOutputLocation", true}};
  }
  Json request = {{"WorkGroup", current.physical_id},
                  {"Description", StringOr(props, "Description", "")},
                  {"State", StringOr(props, "State", "ENABLED")},
                  {"ConfigurationUpdates", updates}};
  auto r = CfnCall(ctx, "Athena", "Athena", "UpdateWorkGroup", request);
  if (!r.ok()) return r.error();
  return WorkGroupProvisioned(ctx, current.physical_id);
}

Status RemoveWorkGroup(CfnResourceContext& ctx, const CfnProvisioned& current, const Json& properties) {
  bool recursive = false;
  if (auto normalized = NormalizeWorkGroup("WorkGroup", properties); normalized.ok()) {
    if (const Json* v = Member(normalized.value(), "RecursiveDeleteOption"))
      recursive = v->is_boolean() && v->get<bool>();
  }
  Response r = ctx.call("Athena", "DeleteWorkGroup",
                        Json{{"WorkGroup", current.physical_id}, {"RecursiveDeleteOption", recursive}});
  if (!r.ok() && r.error->message.find("is not found") == std::string::npos) {
    return CfnHandlerError(ctx, "Athena", *r.error);
  }
  return Status::Ok();
}

// [SECTION] AWS::Athena::NamedQuery

Result<CfnProvisioned> CreateNamedQuery(CfnResourceContext& ctx, const std::string& logical_id,
                                        const Json& properties) {
  auto normalized = NormalizeNamedQuery(logical_id, properties);
  if (!normalized.ok()) return normalized.error();
  Json request = normalized.value();
  if (StringOr(request, "Name", "").empty()) {
    auto generated = CfnGeneratedName(ctx, logical_id, 128, 12, /*lower_case=*/false);
    if (!generated.ok()) return generated.error();
    request["Name"] = generated.value();
  }
  auto r = CfnCall(ctx, "Athena", "Athena", "CreateNamedQuery", request);
  if (!r.ok()) return r.error();
  CfnProvisioned p;
  p.physical_id = StringOr(r.value(), "NamedQueryId", "");
  p.attributes = {{"NamedQueryId", p.physical_id}};
  return p;
}

Status RemoveNamedQuery(CfnResourceContext& ctx, const CfnProvisioned& current, const Json& /*properties*/) {
  Response r = ctx.call("Athena", "DeleteNamedQuery", Json{{"NamedQueryId", current.physical_id}});
  if (!r.ok() && r.error->message.find("was not found") == std::string::npos) {
    return CfnHandlerError(ctx, "Athena", *r.error);
  }
  return Status::Ok();
}

}  // namespace

CfnResourceType MakeAthenaWorkGroupType() {
  CfnResourceType t;
  t.type = kWorkGroupType;
  t.validate = [](const std::string& logical_id, const Json& properties) {
    return ToStatus(NormalizeWorkGroup(logical_id, properties));
  };
  t.create = CreateWorkGroup;
  t.update_kind = WorkGroupUpdateKind;
  t.update = UpdateWorkGroup;
  t.remove = RemoveWorkGroup;
  return t;
}

CfnResourceType MakeAthenaNamedQueryType() {
  CfnResourceType t;
  t.type = kNamedQueryType;
  t.validate = [](const std::string& logical_id, const Json& properties) {
    return ToStatus(NormalizeNamedQuery(logical_id, properties));
  };
  t.create = CreateNamedQuery;
  // Every property of a named query requires replacement.
  t.update_kind = [](const Json& old_properties, const Json& new_properties) {
    return old_properties == new_properties ? CfnUpdateKind::kNoInterruption : CfnUpdateKind::kReplacement;
  };
  t.update = [](CfnResourceContext&, const std::string&, const CfnProvisioned& current, const Json&,
                const Json&) -> Result<CfnProvisioned> { return current; };
  t.remove = RemoveNamedQuery;
  return t;
}

}  // namespace fhl
