// firehose_api.cpp: Firehose's AWS JSON 1.1 request/response shapes over FirehoseService (Firehose_20150804.*).
// Validation order and texts follow AWS: ValidationException for model constraints (all violations joined),
// then InvalidArgumentException for service rules. Nothing is changed unless the whole request is valid.
#include <algorithm>
#include <cstdio>

#include "core/base64.h"
#include "core/firehose_service.h"
#include "core/request_fields.h"
#include "core/rng.h"

namespace fhl {
namespace {

// [SECTION] constraints from the Firehose model (botocore firehose/2015-08-04)

bool MatchesStreamName(std::string_view name) {
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
           c == '-';
  });
}

void CheckStreamName(const std::optional<std::string>& name, ValidationErrors& errors) {
  if (!name) {
    errors.Add(std::nullopt, "deliveryStreamName", "Member must not be null");
    return;
  }
  if (name->size() > 64) {
    errors.Add(*name, "deliveryStreamName", "Member must have length less than or equal to 64");
  } else if (name->empty()) {
    errors.Add(*name, "deliveryStreamName", "Member must have length greater than or equal to 1");
  }
  if (!name->empty() && !MatchesStreamName(*name)) {
    errors.Add(*name, "deliveryStreamName", "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
  }
}

std::string ByteBufferText(size_t size) {
  return "java.nio.HeapByteBuffer[pos=0 lim=" + std::to_string(size) + " cap=" + std::to_string(size) + "]";
}

// The model's patterns, matched by hand (std::regex would add ~100 KiB to the page):
// RoleARN   arn:.*:iam::\d{12}:role/[a-zA-Z_0-9+=,.@\-_/]+
// BucketARN arn:.*:s3:::[\w\.\-]{1,255}
// FileExtension \.[0-9a-z!\-_.*'()]+
bool AllOf(std::string_view s, bool (*ok)(char)) { return !s.empty() && std::all_of(s.begin(), s.end(), ok); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlnum(char c) { return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsRoleChar(char c) { return IsAlnum(c) || std::string_view("_+=,.@-/").find(c) != std::string_view::npos; }
bool IsBucketChar(char c) { return IsAlnum(c) || c == '_' || c == '.' || c == '-'; }
bool IsExtensionChar(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'z') || std::string_view("!-_.*'()").find(c) != std::string_view::npos;
}

// True when `value` is "arn:" + anything + `marker` + a tail accepted by `tail_ok` (tries every split of ".*").
bool MatchesArn(std::string_view value, std::string_view marker, bool (*tail_ok)(std::string_view)) {
  if (value.substr(0, 4) != "arn:") return false;
  for (size_t pos = value.find(marker, 3); pos != std::string_view::npos; pos = value.find(marker, pos + 1)) {
    if (tail_ok(value.substr(pos + marker.size()))) return true;
  }
  return false;
}

bool IsRoleArn(const std::string& value) {
  return MatchesArn(value, ":iam::", [](std::string_view tail) {
    return tail.size() > 18 && AllOf(tail.substr(0, 12), IsDigit) && tail.substr(12, 6) == ":role/" &&
           AllOf(tail.substr(18), IsRoleChar);
  });
}

bool IsBucketArn(const std::string& value) {
  return MatchesArn(value, ":s3:::", [](std::string_view tail) { return tail.size() <= 255 && AllOf(tail, IsBucketChar); });
}

bool IsFileExtension(const std::string& value) {
  return value.size() >= 2 && value[0] == '.' && AllOf(std::string_view(value).substr(1), IsExtensionChar);
}

const char* const kCompressionFormats[] = {"UNCOMPRESSED", "GZIP", "ZIP", "Snappy", "HADOOP_SNAPPY"};
const char* const kProcessorTypes[] = {"RecordDeAggregation", "Decompression", "CloudWatchLogProcessing",
                                       "Lambda", "MetadataExtraction", "AppendDelimiterToRecord"};
const char* const kOtherDestinations[] = {
    "RedshiftDestinationConfiguration", "ElasticsearchDestinationConfiguration",
    "AmazonopensearchserviceDestinationConfiguration", "SplunkDestinationConfiguration",
    "HttpEndpointDestinationConfiguration", "AmazonOpenSearchServerlessDestinationConfiguration",
    "SnowflakeDestinationConfiguration", "IcebergDestinationConfiguration"};

template <size_t N>
bool InSet(const std::string& value, const char* const (&set)[N]) {
  return std::any_of(std::begin(set), std::end(set), [&](const char* v) { return value == v; });
}

ApiError InvalidArgument(std::string message) { return ApiError{"InvalidArgumentException", std::move(message), 400}; }

// Checks a Prefix or ErrorOutputPrefix for Firehose's !{namespace:value} expression rules.
std::optional<ApiError> CheckPrefixExpressions(const std::string& text, bool is_error_prefix) {
  size_t i = 0;
  while ((i = text.find("!{", i)) != std::string::npos) {
    const size_t close = text.find('}', i);
    if (close == std::string::npos) {
      return InvalidArgument("The expression starting at position " + std::to_string(i) + " of prefix '" + text +
                             "' is not closed with '}'.");
    }
    const std::string expr = text.substr(i + 2, close - i - 2);
    const bool ok = expr.rfind("timestamp:", 0) == 0 ? expr.size() > 10
                    : expr == "firehose:random-string" ? true
                    : expr == "firehose:error-output-type" ? is_error_prefix
                                                            : false;
    if (!ok) {
      if (expr == "firehose:error-output-type") {
        return InvalidArgument("The expression !{firehose:error-output-type} is only allowed in ErrorOutputPrefix.");
      }
      if (expr.rfind("partitionKeyFrom", 0) == 0) {
        return InvalidArgument("Expression !{" + expr +
                               "} requires dynamic partitioning, which this lab does not support.");
      }
      return InvalidArgument("The expression !{" + expr +
                             "} is not valid. Supported: !{timestamp:<pattern>}, !{firehose:random-string}, "
                             "!{firehose:error-output-type} (ErrorOutputPrefix only).");
    }
    i = close + 1;
  }
  return std::nullopt;
}

// [SECTION] destination configuration (create and update share one parser; update starts from the current one)

// Reads an ExtendedS3DestinationConfiguration / ExtendedS3DestinationUpdate into `dest`. Model violations go to
// `errors` (member paths under `path`), service-rule violations to `rule_error`.
void ReadDestination(const Json& config, const std::string& path, bool is_update, ExtendedS3Destination& dest,
                     RequestFields& outer, ValidationErrors& errors, std::optional<ApiError>& rule_error) {
  RequestFields f(config, path + ".");
  auto role = f.String("RoleARN");
  auto bucket = f.String("BucketARN");
  if (!is_update && !role) errors.Add(std::nullopt, path + ".roleARN", "Member must not be null");
  if (!is_update && !bucket) errors.Add(std::nullopt, path + ".bucketARN", "Member must not be null");
  if (role && !IsRoleArn(*role)) {
    errors.Add(*role, path + ".roleARN",
               "Member must satisfy regular expression pattern: arn:.*:iam::\\d{12}:role/[a-zA-Z_0-9+=,.@\\-_/]+");
  }
  if (bucket && !IsBucketArn(*bucket)) {
    errors.Add(*bucket, path + ".bucketARN", "Member must satisfy regular expression pattern: arn:.*:s3:::[\\w\\.\\-]{1,255}");
  }
  if (role) dest.role_arn = *role;
  if (bucket) dest.bucket_arn = *bucket;

  if (auto prefix = f.String("Prefix")) {
    if (prefix->size() > 1024) errors.Add(*prefix, path + ".prefix", "Member must have length less than or equal to 1024");
    dest.prefix = *prefix;
  }
  if (auto prefix = f.String("ErrorOutputPrefix")) {
    if (prefix->size() > 1024) {
      errors.Add(*prefix, path + ".errorOutputPrefix", "Member must have length less than or equal to 1024");
    }
    dest.error_output_prefix = *prefix;
  }
  if (const Json* hints = f.Object("BufferingHints")) {
    RequestFields h(*hints, path + ".BufferingHints.");
    auto size = h.Integer("SizeInMBs");
    auto interval = h.Integer("IntervalInSeconds");
    if (!h.ok()) f.Fail(h.error());
    const std::string hp = path + ".bufferingHints.";
    if (size && *size > BufferingHints::kMaxSizeInMBs) {
      errors.Add(std::to_string(*size), hp + "sizeInMBs", "Member must have value less than or equal to 128");
    } else if (size && *size < BufferingHints::kMinSizeInMBs) {
      errors.Add(std::to_string(*size), hp + "sizeInMBs", "Member must have value greater than or equal to 1");
    }
    if (interval && *interval > BufferingHints::kMaxIntervalInSeconds) {
      errors.Add(std::to_string(*interval), hp + "intervalInSeconds", "Member must have value less than or equal to 900");
    } else if (interval && *interval < BufferingHints::kMinIntervalInSeconds) {
      errors.Add(std::to_string(*interval), hp + "intervalInSeconds", "Member must have value greater than or equal to 0");
    }
    if (size.has_value() != interval.has_value() && !rule_error) {
      rule_error = InvalidArgument(
          "BufferingHints: if you specify a value for one of SizeInMBs and IntervalInSeconds, you must also "
          "provide a value for the other.");
    }
    if (size) dest.buffering_hints.size_in_mbs = static_cast<int>(*size);
    if (interval) dest.buffering_hints.interval_s = static_cast<int>(*interval);
  }
  if (auto format = f.String("CompressionFormat")) {
    if (!InSet(*format, kCompressionFormats)) {
      errors.Add(*format, path + ".compressionFormat",
                 "Member must satisfy enum value set: [ZIP, HADOOP_SNAPPY, Snappy, GZIP, UNCOMPRESSED]");
    } else if (*format != "UNCOMPRESSED" && !rule_error) {
      rule_error = InvalidArgument("CompressionFormat " + *format +
                                   " is not supported by this lab yet; use UNCOMPRESSED.");
    }
    dest.compression_format = *format;
  }
  if (const Json* enc = f.Object("EncryptionConfiguration")) {
    RequestFields e(*enc, path + ".EncryptionConfiguration.");
    auto none = e.String("NoEncryptionConfig");
    if (!e.ok()) f.Fail(e.error());
    if (e.Has("KMSEncryptionConfig") && !rule_error) {
      rule_error = InvalidArgument("KMS encryption is not supported by this lab; use NoEncryptionConfig.");
    }
    if (none && *none != "NoEncryption") {
      errors.Add(*none, path + ".encryptionConfiguration.noEncryptionConfig",
                 "Member must satisfy enum value set: [NoEncryption]");
    }
  }
  if (const Json* logging = f.Object("CloudWatchLoggingOptions")) {
    RequestFields l(*logging, path + ".CloudWatchLoggingOptions.");
    dest.cloudwatch_logging_enabled = l.Boolean("Enabled").value_or(false);
    dest.log_group_name = l.String("LogGroupName").value_or("");
    dest.log_stream_name = l.String("LogStreamName").value_or("");
    if (!l.ok()) f.Fail(l.error());
  }
  if (const Json* processing = f.Object("ProcessingConfiguration")) {
    RequestFields p(*processing, path + ".ProcessingConfiguration.");
    dest.processing_enabled = p.Boolean("Enabled").value_or(false);
    dest.processors.clear();
    if (const Json* processors = p.Array("Processors")) {
      for (size_t i = 0; i < processors->size(); ++i) {
        const std::string pp = path + ".processingConfiguration.processors." + std::to_string(i + 1) + ".member";
        RequestFields one((*processors)[i], pp + ".");
        Processor processor;
        auto type = one.String("Type");
        if (!type) {
          errors.Add(std::nullopt, pp + ".type", "Member must not be null");
        } else if (!InSet(*type, kProcessorTypes)) {
          errors.Add(*type, pp + ".type",
                     "Member must satisfy enum value set: [RecordDeAggregation, Decompression, "
                     "CloudWatchLogProcessing, Lambda, MetadataExtraction, AppendDelimiterToRecord]");
        } else if (*type != "AppendDelimiterToRecord" && !rule_error) {
          rule_error = InvalidArgument("Processor type " + *type +
                                       " is not supported by this lab; only AppendDelimiterToRecord is.");
        }
        if (type) processor.type = *type;
        if (const Json* params = one.Array("Parameters")) {
          for (const Json& param : *params) {
            RequestFields pf(param, pp + ".Parameters.");
            processor.parameters.push_back({pf.String("ParameterName").value_or(""), pf.String("ParameterValue").value_or("")});
            if (!pf.ok()) one.Fail(pf.error());
          }
        }
        if (!one.ok()) p.Fail(one.error());
        dest.processors.push_back(std::move(processor));
      }
    }
    if (!p.ok()) f.Fail(p.error());
  }
  if (auto mode = f.String("S3BackupMode")) {
    if (*mode != "Disabled" && *mode != "Enabled") {
      errors.Add(*mode, path + ".s3BackupMode", "Member must satisfy enum value set: [Disabled, Enabled]");
    } else if (*mode == "Enabled" && !rule_error) {
      rule_error = InvalidArgument("S3 backup is not supported by this lab; use S3BackupMode Disabled.");
    }
  }
  for (const char* unsupported : {"DataFormatConversionConfiguration", "DynamicPartitioningConfiguration"}) {
    if (const Json* cfg = f.Object(unsupported)) {
      RequestFields u(*cfg);
      if (u.Boolean("Enabled").value_or(true) && !rule_error) {
        rule_error = InvalidArgument(std::string(unsupported) + " is not supported by this lab.");
      }
    }
  }
  if (auto ext = f.String("FileExtension")) {
    if (ext->size() > 128) {
      errors.Add(*ext, path + ".fileExtension", "Member must have length less than or equal to 128");
    } else if (!ext->empty() && !IsFileExtension(*ext)) {
      errors.Add(*ext, path + ".fileExtension", "Member must satisfy regular expression pattern: ^$|\\.[0-9a-z!\\-_.*'()]+");
    }
    dest.file_extension = *ext;
  }
  if (auto tz = f.String("CustomTimeZone")) {
    if (!tz->empty() && *tz != "UTC" && !rule_error) {
      rule_error = InvalidArgument("CustomTimeZone " + *tz + " is not supported by this lab; keys use UTC.");
    }
    dest.custom_time_zone = *tz;
  }
  if (!f.ok()) outer.Fail(f.error());

  if (!rule_error) {
    if (auto e = CheckPrefixExpressions(dest.prefix, false)) rule_error = e;
  }
  if (!rule_error && dest.error_output_prefix) {
    if (auto e = CheckPrefixExpressions(*dest.error_output_prefix, true)) rule_error = e;
  }
  if (!rule_error && dest.prefix.find("!{") != std::string::npos &&
      (!dest.error_output_prefix || dest.error_output_prefix->empty())) {
    rule_error = InvalidArgument("ErrorOutputPrefix cannot be null or empty when Prefix contains expressions.");
  }
  if (!rule_error && dest.error_output_prefix && dest.error_output_prefix->find("!{") != std::string::npos &&
      dest.error_output_prefix->find("!{firehose:error-output-type}") == std::string::npos) {
    rule_error = InvalidArgument(
        "ErrorOutputPrefix must contain !{firehose:error-output-type} when it contains expressions.");
  }
}

// [SECTION] descriptions

Json DescribeDestination(const ExtendedS3Destination& d, bool extended) {
  Json out = {{"RoleARN", d.role_arn},
              {"BucketARN", d.bucket_arn},
              {"Prefix", d.prefix},
              {"BufferingHints",
               {{"SizeInMBs", d.buffering_hints.size_in_mbs}, {"IntervalInSeconds", d.buffering_hints.interval_s}}},
              {"CompressionFormat", d.compression_format},
              {"EncryptionConfiguration", {{"NoEncryptionConfig", "NoEncryption"}}},
              {"CloudWatchLoggingOptions", {{"Enabled", d.cloudwatch_logging_enabled}}}};
  if (d.error_output_prefix) out["ErrorOutputPrefix"] = *d.error_output_prefix;
  if (d.cloudwatch_logging_enabled) {
    out["CloudWatchLoggingOptions"]["LogGroupName"] = d.log_group_name;
    out["CloudWatchLoggingOptions"]["LogStreamName"] = d.log_stream_name;
  }
  if (!extended) return out;
  Json processors = Json::array();
  for (const Processor& p : d.processors) {
    Json params = Json::array();
    for (const ProcessorParameter& param : p.parameters) {
      params.push_back({{"ParameterName", param.name}, {"ParameterValue", param.value}});
    }
    processors.push_back({{"Type", p.type}, {"Parameters", params}});
  }
  out["ProcessingConfiguration"] = {{"Enabled", d.processing_enabled}, {"Processors", processors}};
  out["S3BackupMode"] = d.s3_backup_mode;
  if (!d.file_extension.empty()) out["FileExtension"] = d.file_extension;
  if (!d.custom_time_zone.empty()) out["CustomTimeZone"] = d.custom_time_zone;
  return out;
}

Json DescribeStream(const DeliveryStream& s) {
  Json description = {
      {"DeliveryStreamName", s.name},
      {"DeliveryStreamARN", s.arn},
      {"DeliveryStreamStatus", StreamStatusName(s.status)},
      {"DeliveryStreamEncryptionConfiguration", {{"Status", "DISABLED"}}},
      {"DeliveryStreamType", s.type},
      {"VersionId", std::to_string(s.version_id)},
      {"CreateTimestamp", ToEpochSeconds(s.create_time)},
      {"Destinations", Json::array({{{"DestinationId", "destinationId-000000000001"},
                                     {"S3DestinationDescription", DescribeDestination(s.destination, false)},
                                     {"ExtendedS3DestinationDescription", DescribeDestination(s.destination, true)}}})},
      {"HasMoreDestinations", false}};
  if (s.last_update_time) description["LastUpdateTimestamp"] = ToEpochSeconds(*s.last_update_time);
  return description;
}

std::string NewRecordId(Rng& rng) {
  std::string raw(24, '\0');
  for (int i = 0; i < 3; ++i) {
    const uint64_t v = rng.Next();
    for (int b = 0; b < 8; ++b) raw[i * 8 + b] = static_cast<char>((v >> (8 * b)) & 0xFF);
  }
  return Base64Encode(raw);
}

// [SECTION] operations

class FirehoseApi {
 public:
  FirehoseApi(FirehoseService& service, Rng& rng, TimeUs now) : service_(service), rng_(rng), now_(now) {}

  Response Create(const Json& request) {
    RequestFields f(request);
    ValidationErrors errors;
    auto name = f.String("DeliveryStreamName");
    CheckStreamName(name, errors);
    auto type = f.String("DeliveryStreamType");
    if (type && *type != "DirectPut" && *type != "KinesisStreamAsSource" && *type != "MSKAsSource" &&
        *type != "DatabaseAsSource") {
      errors.Add(*type, "deliveryStreamType",
                 "Member must satisfy enum value set: [DatabaseAsSource, DirectPut, KinesisStreamAsSource, MSKAsSource]");
    }
    const Json* extended = f.Object("ExtendedS3DestinationConfiguration");
    const Json* plain_s3 = f.Object("S3DestinationConfiguration");
    int destination_count = (extended ? 1 : 0) + (plain_s3 ? 1 : 0);
    bool other_destination = false;
    for (const char* other : kOtherDestinations) {
      if (f.Has(other)) ++destination_count, other_destination = true;
    }
    std::optional<ApiError> rule_error;
    DeliveryStream stream;
    if (extended || plain_s3) {
      const bool is_extended = extended != nullptr;
      ReadDestination(is_extended ? *extended : *plain_s3,
                      is_extended ? "extendedS3DestinationConfiguration" : "s3DestinationConfiguration",
                      /*is_update=*/false, stream.destination, f, errors, rule_error);
    }
    std::vector<std::pair<std::string, std::string>> tags;
    if (const Json* tag_list = f.Array("Tags")) {
      if (tag_list->size() > 50) errors.Add("[...]", "tags", "Member must have length less than or equal to 50");
      for (const Json& tag : *tag_list) {
        RequestFields t(tag, "Tags.");
        auto key = t.String("Key");
        if (!key) errors.Add(std::nullopt, "tags.member.key", "Member must not be null");
        tags.emplace_back(key.value_or(""), t.String("Value").value_or(""));
        if (!t.ok()) f.Fail(t.error());
      }
    }
    if (!f.ok()) return FailWith(f.error());
    if (!errors.empty()) return FailWith(errors.ToError());
    if (type && *type != "DirectPut") {
      return FailWith(InvalidArgument("This lab supports only DirectPut delivery streams (DeliveryStreamType " + *type + ")."));
    }
    if (destination_count != 1) {
      return FailWith(InvalidArgument("Exactly one destination configuration is supported for a Firehose"));
    }
    if (other_destination) {
      return FailWith(InvalidArgument("This lab supports only Amazon S3 destinations (ExtendedS3DestinationConfiguration)."));
    }
    if (rule_error) return FailWith(*rule_error);
    stream.name = *name;
    stream.tags = std::move(tags);
    if (auto status = service_.CreateStream(std::move(stream), now_); !status.ok()) return FailWith(status.error());
    return Response::Ok({{"DeliveryStreamARN", service_.StreamArn(*name)}});
  }

  Response Describe(const Json& request) {
    RequestFields f(request);
    ValidationErrors errors;
    auto name = f.String("DeliveryStreamName");
    CheckStreamName(name, errors);
    auto limit = f.Integer("Limit");
    if (limit && (*limit < 1 || *limit > 10000)) {
      errors.Add(std::to_string(*limit), "limit",
                 *limit < 1 ? "Member must have value greater than or equal to 1"
                            : "Member must have value less than or equal to 10000");
    }
    f.String("ExclusiveStartDestinationId");
    if (!f.ok()) return FailWith(f.error());
    if (!errors.empty()) return FailWith(errors.ToError());
    const DeliveryStream* stream = service_.Find(*name);
    if (!stream) return FailWith(service_.NotFound(*name));
    return Response::Ok({{"DeliveryStreamDescription", DescribeStream(*stream)}});
  }

  Response List(const Json& request) {
    RequestFields f(request);
    ValidationErrors errors;
    const int64_t limit = f.Integer("Limit").value_or(10);
    if (limit < 1 || limit > 10000) {
      errors.Add(std::to_string(limit), "limit",
                 limit < 1 ? "Member must have value greater than or equal to 1"
                           : "Member must have value less than or equal to 10000");
    }
    auto type = f.String("DeliveryStreamType");
    auto start = f.String("ExclusiveStartDeliveryStreamName");
    if (!f.ok()) return FailWith(f.error());
    if (!errors.empty()) return FailWith(errors.ToError());
    Json names = Json::array();
    bool has_more = false;
    for (const DeliveryStream* s : service_.List()) {
      if (start && s->name <= *start) continue;
      if (type && s->type != *type) continue;
      if (static_cast<int64_t>(names.size()) == limit) {
        has_more = true;
        break;
      }
      names.push_back(s->name);
    }
    return Response::Ok({{"DeliveryStreamNames", names}, {"HasMoreDeliveryStreams", has_more}});
  }

  Response Delete(const Json& request) {
    RequestFields f(request);
    ValidationErrors errors;
    auto name = f.String("DeliveryStreamName");
    CheckStreamName(name, errors);
    f.Boolean("AllowForceDelete");
    if (!f.ok()) return FailWith(f.error());
    if (!errors.empty()) return FailWith(errors.ToError());
    DeliveryStream* stream = service_.Find(*name);
    if (!stream) return FailWith(service_.NotFound(*name));
    if (stream->status == StreamStatus::kCreating) {
      return Response::Fail("ResourceInUseException", "Firehose " + *name + " under account " + service_.account_id() +
                                                           " is in CREATING state and cannot be deleted yet.");
    }
    if (stream->status != StreamStatus::kDeleting) service_.DeleteStream(*stream, now_);
    return Response::Ok(Json::object());
  }

  // Reads one Record{Data}: decoded bytes into `out`, or a validation error at `path`.
  // True when record is exactly {"Data": <base64 string>} decoding to at most kMaxRecordBytes; out = the bytes.
  static bool ReadWellFormedRecord(const Json& record, std::string& out) {
    if (!record.is_object() || record.size() != 1) return false;
    const auto data = record.find("Data");
    if (data == record.end() || !data->is_string()) return false;
    const std::string& text = data->get_ref<const std::string&>();
    const auto size = Base64DecodedSize(text);
    if (!size || *size > FirehoseService::kMaxRecordBytes) return false;
    auto decoded = Base64Decode(text);
    if (!decoded) return false;
    out = std::move(*decoded);
    return true;
  }

  bool ReadRecord(const Json& record, const std::string& path, std::string& out, ValidationErrors& errors,
                  RequestFields& outer) {
    RequestFields r(record, path + ".");
    auto data = r.String("Data");
    if (!r.ok()) return outer.Fail(r.error()), false;
    if (!data) return errors.Add(std::nullopt, path + ".data", "Member must not be null"), false;
    auto decoded = Base64Decode(*data);
    if (!decoded) {
      outer.Fail(ApiError{"SerializationException",
                          "Value of member '" + path + ".data' is not valid base64-encoded binary data.", 400});
      return false;
    }
    if (decoded->size() > FirehoseService::kMaxRecordBytes) {
      errors.Add(ByteBufferText(decoded->size()), path + ".data", "Member must have length less than or equal to 1024000");
      return false;
    }
    out = std::move(*decoded);
    return true;
  }

  Response PutRecord(const Json& request) {
    RequestFields f(request);
    ValidationErrors errors;
    auto name = f.String("DeliveryStreamName");
    CheckStreamName(name, errors);
    const Json* record = f.Object("Record");
    std::string data;
    if (!record) {
      errors.Add(std::nullopt, "record", "Member must not be null");
    } else {
      ReadRecord(*record, "record", data, errors, f);
    }
    if (!f.ok()) return FailWith(f.error());
    if (!errors.empty()) return FailWith(errors.ToError());
    DeliveryStream* stream = service_.Find(*name);
    if (!stream) return FailWith(service_.NotFound(*name));
    if (stream->status != StreamStatus::kActive) return FailWith(service_.NotActive(*stream));
    const std::string_view view(data);
    service_.PutRecords(*stream, &view, 1, now_);
    return Response::Ok({{"RecordId", NewRecordId(rng_)}, {"Encrypted", false}});
  }

  Response PutRecordBatch(const Json& request) {
    RequestFields f(request);
    ValidationErrors errors;
    auto name = f.String("DeliveryStreamName");
    CheckStreamName(name, errors);
    const Json* records = f.Array("Records");
    std::vector<std::string> decoded;
    uint64_t total_bytes = 0;
    if (!records) {
      errors.Add(std::nullopt, "records", "Member must not be null");
    } else if (records->empty()) {
      errors.Add("[]", "records", "Member must have length greater than or equal to 1");
    } else if (records->size() > FirehoseService::kMaxBatchRecords) {
      errors.Add("[...]", "records", "Member must have length less than or equal to 500");
    } else {
      decoded.resize(records->size());
      for (size_t i = 0; i < records->size() && f.ok(); ++i) {
        // Fast path for the usual {"Data": "<valid base64 within the limit>"}; anything else takes the
        // validating path, which builds AWS's member paths ("records.3.member.data") for its messages.
        if (ReadWellFormedRecord((*records)[i], decoded[i]) ||
            ReadRecord((*records)[i], "records." + std::to_string(i + 1) + ".member", decoded[i], errors, f)) {
          total_bytes += decoded[i].size();
        }
      }
    }
    if (!f.ok()) return FailWith(f.error());
    if (!errors.empty()) return FailWith(errors.ToError());
    if (total_bytes > FirehoseService::kMaxBatchBytes) return FailWith(InvalidArgument("Records size exceeds 4 MB limit"));
    DeliveryStream* stream = service_.Find(*name);
    if (!stream) return FailWith(service_.NotFound(*name));
    if (stream->status != StreamStatus::kActive) return FailWith(service_.NotActive(*stream));
    std::vector<std::string_view> views(decoded.begin(), decoded.end());
    service_.PutRecords(*stream, views.data(), views.size(), now_);
    Json responses = Json::array();
    responses.get_ref<Json::array_t&>().reserve(views.size());
    for (size_t i = 0; i < views.size(); ++i) {
      Json entry = Json::object();
      entry["RecordId"] = NewRecordId(rng_);
      responses.push_back(std::move(entry));
    }
    return Response::Ok({{"FailedPutCount", 0}, {"Encrypted", false}, {"RequestResponses", std::move(responses)}});
  }

  Response UpdateDestination(const Json& request) {
    RequestFields f(request);
    ValidationErrors errors;
    auto name = f.String("DeliveryStreamName");
    CheckStreamName(name, errors);
    auto version = f.String("CurrentDeliveryStreamVersionId");
    auto destination_id = f.String("DestinationId");
    if (!version) errors.Add(std::nullopt, "currentDeliveryStreamVersionId", "Member must not be null");
    if (!destination_id) errors.Add(std::nullopt, "destinationId", "Member must not be null");
    const Json* extended = f.Object("ExtendedS3DestinationUpdate");
    const Json* plain = f.Object("S3DestinationUpdate");
    if (!f.ok()) return FailWith(f.error());
    if (!errors.empty()) return FailWith(errors.ToError());
    DeliveryStream* stream = service_.Find(*name);
    if (!stream) return FailWith(service_.NotFound(*name));
    if (*destination_id != "destinationId-000000000001") {
      return FailWith(InvalidArgument("Destination Id " + *destination_id + " not found for Firehose " + *name + "."));
    }
    if (*version != std::to_string(stream->version_id)) {
      return Response::Fail("ConcurrentModificationException",
                            "Cannot update firehose: " + *name + " since the current version id: " +
                                std::to_string(stream->version_id) + " and specified version id: " + *version +
                                " do not match");
    }
    if (stream->status != StreamStatus::kActive) {
      return Response::Fail("ResourceInUseException", "Firehose " + *name + " under account " + service_.account_id() +
                                                           " is not in ACTIVE state (current status: " +
                                                           StreamStatusName(stream->status) + ").");
    }
    if ((extended != nullptr) + (plain != nullptr) != 1) {
      return FailWith(InvalidArgument("Exactly one destination update is supported for a Firehose"));
    }
    ExtendedS3Destination updated = stream->destination;
    std::optional<ApiError> rule_error;
    ReadDestination(extended ? *extended : *plain,
                    extended ? "extendedS3DestinationUpdate" : "s3DestinationUpdate", /*is_update=*/true, updated, f,
                    errors, rule_error);
    if (!f.ok()) return FailWith(f.error());
    if (!errors.empty()) return FailWith(errors.ToError());
    if (rule_error) return FailWith(*rule_error);
    service_.UpdateDestination(*stream, updated, now_);
    return Response::Ok(Json::object());
  }

 private:
  FirehoseService& service_;
  Rng& rng_;
  TimeUs now_;
};

}  // namespace

Response FirehoseService::Call(std::string_view action, const Json& request, TimeUs now) {
  FirehoseApi api(*this, rng_, now);
  if (action == "CreateDeliveryStream") return api.Create(request);
  if (action == "DescribeDeliveryStream") return api.Describe(request);
  if (action == "ListDeliveryStreams") return api.List(request);
  if (action == "DeleteDeliveryStream") return api.Delete(request);
  if (action == "PutRecord") return api.PutRecord(request);
  if (action == "PutRecordBatch") return api.PutRecordBatch(request);
  if (action == "UpdateDestination") return api.UpdateDestination(request);
  return UnknownOperation("Firehose", action);
}

}  // namespace fhl
