// cfn_resource_s3.cpp: the AWS::S3::Bucket handler (CreateBucket/DeleteBucket through the lab's S3).
// Must not depend on the stack service, the Lab or the object store: every effect goes through ctx.call.
#include "core/cfn_resource_common.h"

namespace fhl {
namespace {

constexpr const char* kType = "AWS::S3::Bucket";

const std::vector<CfnField>& TagFields() {
  static const std::vector<CfnField> kFields = {{"Key", CfnKind::kString, true}, {"Value", CfnKind::kString, true}};
  return kFields;
}

// Every property of the real type is accepted; only BucketName has an effect in the lab (its S3 has no versioning,
// lifecycle, encryption or website settings).
const std::vector<CfnField>& Schema() {
  static const std::vector<CfnField> kFields = {
      {"BucketName", CfnKind::kString},
      {"AccelerateConfiguration", CfnKind::kObject},
      {"AccessControl", CfnKind::kString},
      {"AnalyticsConfigurations", CfnKind::kArray},
      {"BucketEncryption", CfnKind::kObject},
      {"CorsConfiguration", CfnKind::kObject},
      {"IntelligentTieringConfigurations", CfnKind::kArray},
      {"InventoryConfigurations", CfnKind::kArray},
      {"LifecycleConfiguration", CfnKind::kObject},
      {"LoggingConfiguration", CfnKind::kObject},
      {"MetricsConfigurations", CfnKind::kArray},
      {"NotificationConfiguration", CfnKind::kObject},
      {"ObjectLockConfiguration", CfnKind::kObject},
      {"ObjectLockEnabled", CfnKind::kBoolean},
      {"OwnershipControls", CfnKind::kObject},
      {"PublicAccessBlockConfiguration", CfnKind::kObject},
      {"ReplicationConfiguration", CfnKind::kObject},
      {"Tags", CfnKind::kArray, false, &TagFields(), CfnKind::kObject},
      {"VersioningConfiguration", CfnKind::kObject},
      {"WebsiteConfiguration", CfnKind::kObject},
  };
  return kFields;
}

Result<Json> Normalize(const std::string& logical_id, const Json& properties) {
  CfnPropertyCheck check(logical_id, properties);
  check.Check(Schema());
  return check.result();
}

CfnProvisioned Provisioned(const std::string& name, const std::string& region) {
  CfnProvisioned p;
  p.physical_id = name;
  p.attributes = {{"Arn", "arn:aws:s3:::" + name},
                  {"DomainName", name + ".s3.amazonaws.com"},
                  {"RegionalDomainName", name + ".s3." + region + ".amazonaws.com"},
                  {"DualStackDomainName", name + ".s3.dualstack." + region + ".amazonaws.com"},
                  {"WebsiteURL", "http://" + name + ".s3-website-" + region + ".amazonaws.com"}};
  return p;
}

Result<CfnProvisioned> Create(CfnResourceContext& ctx, const std::string& logical_id, const Json& properties) {
  auto props = Normalize(logical_id, properties);
  if (!props.ok()) return props.error();
  std::string name = StringOr(props.value(), "BucketName", "");
  if (name.empty()) {
    auto generated = CfnGeneratedName(ctx, logical_id, 63, 12, /*lower_case=*/true);
    if (!generated.ok()) return generated.error();
    name = generated.value();
  }
  // us-east-1 answers CreateBucket of a bucket the account owns with 200; CloudFormation still refuses to adopt it.
  if (ctx.call("S3", "HeadBucket", Json{{"Bucket", name}}).ok()) return CfnAlreadyExists(ctx, kType, name);
  Response r = ctx.call("S3", "CreateBucket", Json{{"Bucket", name}});
  if (!r.ok()) {
    if (IsAlreadyExistsError(*r.error)) return CfnAlreadyExists(ctx, kType, name);
    return CfnHandlerError(ctx, "S3", *r.error);
  }
  return Provisioned(name, ctx.region);
}

CfnUpdateKind UpdateKind(const Json& old_properties, const Json& new_properties) {
  const Json none;
  const Json* a = Member(old_properties, "BucketName");
  const Json* b = Member(new_properties, "BucketName");
  return (a ? *a : none) == (b ? *b : none) ? CfnUpdateKind::kNoInterruption : CfnUpdateKind::kReplacement;
}

Result<CfnProvisioned> Update(CfnResourceContext& ctx, const std::string& logical_id, const CfnProvisioned& current,
                              const Json& /*old_properties*/, const Json& new_properties) {
  auto props = Normalize(logical_id, new_properties);
  if (!props.ok()) return props.error();
  return Provisioned(current.physical_id, ctx.region);  // nothing else of a bucket is modelled
}

Status Remove(CfnResourceContext& ctx, const CfnProvisioned& current, const Json& /*properties*/) {
  Response r = ctx.call("S3", "DeleteBucket", Json{{"Bucket", current.physical_id}});
  if (!r.ok() && !IsNotFoundError(*r.error)) return CfnHandlerError(ctx, "S3", *r.error);
  return Status::Ok();
}

}  // namespace

CfnResourceType MakeS3BucketType() {
  CfnResourceType t;
  t.type = kType;
  t.validate = [](const std::string& logical_id, const Json& properties) -> Status {
    auto props = Normalize(logical_id, properties);
    return props.ok() ? Status::Ok() : Status(props.error());
  };
  t.create = Create;
  t.update_kind = UpdateKind;
  t.update = Update;
  t.remove = Remove;
  t.create_seconds = 2;
  t.delete_seconds = 1;
  return t;
}

}  // namespace fhl
