// cfn_resource_firehose.cpp: the AWS::KinesisFirehose::DeliveryStream handler (CreateDeliveryStream; in-place
// destination updates through DescribeDeliveryStream + UpdateDestination, so buffered records survive; delete).
// Must not depend on the stack service, the Lab or FirehoseService: every effect goes through ctx.call.
#include <algorithm>

#include "core/cfn_resource_common.h"

namespace fhl {
namespace {

constexpr const char* kType = "AWS::KinesisFirehose::DeliveryStream";
constexpr int kCreatingSeconds = 5;  // FirehoseService::kCreateDuration: CREATING -> ACTIVE

// [SECTION] schema

const std::vector<CfnField>& TagFields() {
  static const std::vector<CfnField> kFields = {{"Key", CfnKind::kString, true}, {"Value", CfnKind::kString, true}};
  return kFields;
}

const std::vector<CfnField>& BufferingHintsFields() {
  static const std::vector<CfnField> kFields = {{"IntervalInSeconds", CfnKind::kInteger},
                                                {"SizeInMBs", CfnKind::kInteger}};
  return kFields;
}

const std::vector<CfnField>& LoggingFields() {
  static const std::vector<CfnField> kFields = {
      {"Enabled", CfnKind::kBoolean}, {"LogGroupName", CfnKind::kString}, {"LogStreamName", CfnKind::kString}};
  return kFields;
}

const std::vector<CfnField>& ProcessorParameterFields() {
  static const std::vector<CfnField> kFields = {{"ParameterName", CfnKind::kString, true},
                                                {"ParameterValue", CfnKind::kString, true}};
  return kFields;
}

const std::vector<CfnField>& ProcessorFields() {
  static const std::vector<CfnField> kFields = {
      {"Type", CfnKind::kString, true},
      {"Parameters", CfnKind::kArray, false, &ProcessorParameterFields(), CfnKind::kObject}};
  return kFields;
}

const std::vector<CfnField>& ProcessingFields() {
  static const std::vector<CfnField> kFields = {
      {"Enabled", CfnKind::kBoolean}, {"Processors", CfnKind::kArray, false, &ProcessorFields(), CfnKind::kObject}};
  return kFields;
}

const std::vector<CfnField>& DynamicPartitioningFields() {
  static const std::vector<CfnField> kRetry = {{"DurationInSeconds", CfnKind::kInteger}};
  static const std::vector<CfnField> kFields = {{"Enabled", CfnKind::kBoolean},
                                                {"RetryOptions", CfnKind::kObject, false, &kRetry}};
  return kFields;
}

const std::vector<CfnField>& S3Fields() {
  static const std::vector<CfnField> kFields = {
      {"BucketARN", CfnKind::kString, true},
      {"RoleARN", CfnKind::kString, true},
      {"Prefix", CfnKind::kString},
      {"ErrorOutputPrefix", CfnKind::kString},
      {"BufferingHints", CfnKind::kObject, false, &BufferingHintsFields()},
      {"CompressionFormat", CfnKind::kString},
      {"EncryptionConfiguration", CfnKind::kObject},
      {"CloudWatchLoggingOptions", CfnKind::kObject, false, &LoggingFields()},
  };
  return kFields;
}

const std::vector<CfnField>& ExtendedS3Fields() {
  static const std::vector<CfnField> kFields = [] {
    std::vector<CfnField> fields = S3Fields();
    fields.push_back({"ProcessingConfiguration", CfnKind::kObject, false, &ProcessingFields()});
    fields.push_back({"S3BackupMode", CfnKind::kString});
    fields.push_back({"S3BackupConfiguration", CfnKind::kObject});
    fields.push_back({"DataFormatConversionConfiguration", CfnKind::kObject});
    fields.push_back({"DynamicPartitioningConfiguration", CfnKind::kObject, false, &DynamicPartitioningFields()});
    fields.push_back({"FileExtension", CfnKind::kString});
    fields.push_back({"CustomTimeZone", CfnKind::kString});
    return fields;
  }();
  return kFields;
}

// Other sources and destinations are accepted by the schema; the lab's Firehose refuses them with its own texts.
const std::vector<CfnField>& Schema() {
  static const std::vector<CfnField> kFields = {
      {"DeliveryStreamName", CfnKind::kString},
      {"DeliveryStreamType", CfnKind::kString},
      {"ExtendedS3DestinationConfiguration", CfnKind::kObject, false, &ExtendedS3Fields()},
      {"S3DestinationConfiguration", CfnKind::kObject, false, &S3Fields()},
      {"DeliveryStreamEncryptionConfigurationInput", CfnKind::kObject},
      {"DirectPutSourceConfiguration", CfnKind::kObject},
      {"KinesisStreamSourceConfiguration", CfnKind::kObject},
      {"MSKSourceConfiguration", CfnKind::kObject},
      {"DatabaseSourceConfiguration", CfnKind::kObject},
      {"RedshiftDestinationConfiguration", CfnKind::kObject},
      {"ElasticsearchDestinationConfiguration", CfnKind::kObject},
      {"AmazonopensearchserviceDestinationConfiguration", CfnKind::kObject},
      {"AmazonOpenSearchServerlessDestinationConfiguration", CfnKind::kObject},
      {"SplunkDestinationConfiguration", CfnKind::kObject},
      {"HttpEndpointDestinationConfiguration", CfnKind::kObject},
      {"SnowflakeDestinationConfiguration", CfnKind::kObject},
      {"IcebergDestinationConfiguration", CfnKind::kObject},
      {"Tags", CfnKind::kArray, false, &TagFields(), CfnKind::kObject},
  };
  return kFields;
}

bool IsStreamName(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
           c == '-';
  });
}

Result<Json> Normalize(const std::string& logical_id, const Json& properties) {
  CfnPropertyCheck check(logical_id, properties);
  check.Check(Schema());
  const Json* name = Member(check.value(), "DeliveryStreamName");
  check.MaxLength("#/DeliveryStreamName", name, 64);
  check.Pattern("#/DeliveryStreamName", name, "^[a-zA-Z0-9._-]+$", IsStreamName);
  check.Enum("#/DeliveryStreamType", Member(check.value(), "DeliveryStreamType"),
             {"DirectPut", "KinesisStreamAsSource", "MSKAsSource", "DatabaseAsSource"});
  return check.result();
}

// [SECTION] handler

const char* const kDestinations[] = {"ExtendedS3DestinationConfiguration", "S3DestinationConfiguration"};

Result<CfnProvisioned> Create(CfnResourceContext& ctx, const std::string& logical_id, const Json& properties) {
  auto normalized = Normalize(logical_id, properties);
  if (!normalized.ok()) return normalized.error();
  Json request = normalized.value();
  std::string name = StringOr(request, "DeliveryStreamName", "");
  if (name.empty()) {
    auto generated = CfnGeneratedName(ctx, logical_id, 64, 13, /*lower_case=*/false);
    if (!generated.ok()) return generated.error();
    name = generated.value();
    request["DeliveryStreamName"] = name;
  }
  Response r = ctx.call("Firehose", "CreateDeliveryStream", request);
  if (!r.ok()) {
    if (IsAlreadyExistsError(*r.error)) return CfnAlreadyExists(ctx, kType, name);
    return CfnHandlerError(ctx, "Firehose", *r.error);
  }
  CfnProvisioned p;
  p.physical_id = name;
  p.attributes = {{"Arn", StringOr(r.body, "DeliveryStreamARN", "")}};
  return p;
}

bool SameMember(const Json& a, const Json& b, const char* member) {
  const Json none;
  const Json* x = Member(a, member);
  const Json* y = Member(b, member);
  return (x ? *x : none) == (y ? *y : none);
}

CfnUpdateKind UpdateKind(const Json& old_properties, const Json& new_properties) {
  for (const char* member : {"DeliveryStreamName", "DeliveryStreamType", "KinesisStreamSourceConfiguration",
                             "MSKSourceConfiguration", "DatabaseSourceConfiguration"}) {
    if (!SameMember(old_properties, new_properties, member)) return CfnUpdateKind::kReplacement;
  }
  // Switching between destination kinds cannot be done with UpdateDestination.
  for (const char* member : kDestinations) {
    if ((Member(old_properties, member) == nullptr) != (Member(new_properties, member) == nullptr)) {
      return CfnUpdateKind::kReplacement;
    }
  }
  return CfnUpdateKind::kNoInterruption;
}

Result<CfnProvisioned> Update(CfnResourceContext& ctx, const std::string& logical_id, const CfnProvisioned& current,
                              const Json& old_properties, const Json& new_properties) {
  auto normalized = Normalize(logical_id, new_properties);
  if (!normalized.ok()) return normalized.error();
  auto old_normalized = Normalize(logical_id, old_properties);
  const Json& props = normalized.value();
  const Json old_props = old_normalized.ok() ? old_normalized.value() : Json::object();
  for (size_t i = 0; i < 2; ++i) {
    const Json* config = Member(props, kDestinations[i]);
    if (!config || SameMember(old_props, props, kDestinations[i])) continue;
    // UpdateDestination needs the current version and destination id: the live stream keeps its buffer.
    auto described = CfnCall(ctx, "Firehose", "Firehose", "DescribeDeliveryStream",
                             Json{{"DeliveryStreamName", current.physical_id}});
    if (!described.ok()) return described.error();
    const Json& description = described.value()["DeliveryStreamDescription"];
    std::string destination_id = "destinationId-000000000001";
    if (const Json* destinations = Member(description, "Destinations");
        destinations && destinations->is_array() && !destinations->empty()) {
      destination_id = StringOr((*destinations)[0], "DestinationId", destination_id);
    }
    Json request = {{"DeliveryStreamName", current.physical_id},
                    {"CurrentDeliveryStreamVersionId", StringOr(description, "VersionId", "1")},
                    {"DestinationId", destination_id},
                    {i == 0 ? "ExtendedS3DestinationUpdate" : "S3DestinationUpdate", *config}};
    auto updated = CfnCall(ctx, "Firehose", "Firehose", "UpdateDestination", request);
    if (!updated.ok()) return updated.error();
  }
  return current;  // Tags and the encryption input are not modelled by the lab's Firehose
}

Status Remove(CfnResourceContext& ctx, const CfnProvisioned& current, const Json& /*properties*/) {
  Response r = ctx.call("Firehose", "DeleteDeliveryStream", Json{{"DeliveryStreamName", current.physical_id}});
  if (!r.ok() && !IsNotFoundError(*r.error)) return CfnHandlerError(ctx, "Firehose", *r.error);
  return Status::Ok();
}

}  // namespace

CfnResourceType MakeFirehoseDeliveryStreamType() {
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
  t.create_seconds = kCreatingSeconds + 1;  // CREATE_COMPLETE once the stream is ACTIVE
  t.delete_seconds = kCreatingSeconds;      // DELETING -> gone (FirehoseService::kDeleteDuration)
  return t;
}

}  // namespace fhl
