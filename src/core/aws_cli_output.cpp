// aws_cli_output.cpp: AWS CLI v2 json/text/table output (see aws_cli_output.h). Python behaviours that show in the
// output are reproduced on purpose: str()/repr() of values, sorted keys, round-half-even column scaling.
//
// [SECTION] python values
// [SECTION] json
// [SECTION] text
// [SECTION] table
#include "core/aws_cli_output.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <vector>

namespace fhl {

// [SECTION] python values

std::string PyFloatRepr(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  if (value == 0) return std::signbit(value) ? "-0.0" : "0.0";
  // Shortest digits that round-trip, then Python's layout: fixed for exponents in [-4, 16), else d.ddde+XX.
  char buf[64];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*e", precision - 1, value);
    if (std::strtod(buf, nullptr) == value) break;
  }
  std::string s = buf;
  bool negative = s[0] == '-';
  if (negative) s.erase(0, 1);
  size_t e_at = s.find('e');
  int exponent = std::atoi(s.c_str() + e_at + 1);
  std::string digits;
  for (size_t i = 0; i < e_at; ++i)
    if (s[i] != '.') digits += s[i];
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  std::string out;
  if (exponent >= -4 && exponent < 16) {
    if (exponent < 0) {
      out = "0." + std::string(static_cast<size_t>(-exponent - 1), '0') + digits;
    } else if (static_cast<int>(digits.size()) <= exponent + 1) {
      out = digits + std::string(static_cast<size_t>(exponent + 1) - digits.size(), '0') + ".0";
    } else {
      out = digits.substr(0, static_cast<size_t>(exponent + 1)) + "." + digits.substr(static_cast<size_t>(exponent + 1));
    }
  } else {
    out = digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    char exp_buf[16];
    std::snprintf(exp_buf, sizeof exp_buf, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
    out += exp_buf;
  }
  return negative ? "-" + out : out;
}

namespace {

std::string PyRepr(const Json& v);

std::string PyStringRepr(const std::string& s) {
  char quote = (s.find('\'') != std::string::npos && s.find('"') == std::string::npos) ? '"' : '\'';
  std::string out(1, quote);
  for (char c : s) {
    if (c == quote || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else {
      out += c;
    }
  }
  out += quote;
  return out;
}

std::string PyRepr(const Json& v) {
  if (v.is_string()) return PyStringRepr(v.get<std::string>());
  if (v.is_array()) {
    std::string out = "[";
    for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + PyRepr(v[i]);
    return out + "]";
  }
  if (v.is_object()) {
    std::string out = "{";
    bool first = true;
    for (const auto& item : v.items()) {
      out += (first ? "" : ", ") + PyStringRepr(item.key()) + ": " + PyRepr(item.value());
      first = false;
    }
    return out + "}";
  }
  return PyStr(v);
}

}  // namespace

std::string PyStr(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "None";
  if (v.is_boolean()) return v.get<bool>() ? "True" : "False";
  if (v.is_number_float()) return PyFloatRepr(v.get<double>());
  if (v.is_number_unsigned()) return std::to_string(v.get<uint64_t>());
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  return PyRepr(v);
}

// [SECTION] json

namespace {

// Member order of the output structures of the terminal's operations, from botocore's service models (awscli
// 2.9.19): the CLI prints JSON objects in model order. An object is printed in the order of the first structure
// holding all its keys; other objects (query results) keep sorted key order.
const char* const kShapeMembers[] = {
    "DeliveryStreamName DeliveryStreamARN DeliveryStreamStatus FailureDescription DeliveryStreamEncryptionConfiguration DeliveryStreamType VersionId CreateTimestamp LastUpdateTimestamp Source Destinations HasMoreDestinations",
    "Type Details",
    "KeyARN KeyType Status FailureDescription",
    "KinesisStreamARN RoleARN DeliveryStartTimestamp",
    "DestinationId S3DestinationDescription ExtendedS3DestinationDescription RedshiftDestinationDescription ElasticsearchDestinationDescription AmazonopensearchserviceDestinationDescription SplunkDestinationDescription HttpEndpointDestinationDescription AmazonOpenSearchServerlessDestinationDescription",
    "RoleARN BucketARN Prefix ErrorOutputPrefix BufferingHints CompressionFormat EncryptionConfiguration CloudWatchLoggingOptions",
    "SizeInMBs IntervalInSeconds",
    "NoEncryptionConfig KMSEncryptionConfig",
    "Enabled LogGroupName LogStreamName",
    "RoleARN BucketARN Prefix ErrorOutputPrefix BufferingHints CompressionFormat EncryptionConfiguration CloudWatchLoggingOptions ProcessingConfiguration S3BackupMode S3BackupDescription DataFormatConversionConfiguration DynamicPartitioningConfiguration",
    "Enabled Processors",
    "Type Parameters",
    "ParameterName ParameterValue",
    "SchemaConfiguration InputFormatConfiguration OutputFormatConfiguration Enabled",
    "RoleARN CatalogId DatabaseName TableName Region VersionId",
    "OpenXJsonSerDe HiveJsonSerDe",
    "ConvertDotsInJsonKeysToUnderscores CaseInsensitive ColumnToJsonKeyMappings",
    "ParquetSerDe OrcSerDe",
    "BlockSizeBytes PageSizeBytes Compression EnableDictionaryCompression MaxPaddingBytes WriterVersion",
    "StripeSizeBytes BlockSizeBytes RowIndexStride EnablePadding PaddingTolerance Compression BloomFilterColumns BloomFilterFalsePositiveProbability DictionaryKeyThreshold FormatVersion",
    "RetryOptions Enabled",
    "RoleARN ClusterJDBCURL CopyCommand Username RetryOptions S3DestinationDescription ProcessingConfiguration S3BackupMode S3BackupDescription CloudWatchLoggingOptions",
    "DataTableName DataTableColumns CopyOptions",
    "RoleARN DomainARN ClusterEndpoint IndexName TypeName IndexRotationPeriod BufferingHints RetryOptions S3BackupMode S3DestinationDescription ProcessingConfiguration CloudWatchLoggingOptions VpcConfigurationDescription",
    "IntervalInSeconds SizeInMBs",
    "SubnetIds RoleARN SecurityGroupIds VpcId",
    "HECEndpoint HECEndpointType HECToken HECAcknowledgmentTimeoutInSeconds RetryOptions S3BackupMode S3DestinationDescription ProcessingConfiguration CloudWatchLoggingOptions",
    "EndpointConfiguration BufferingHints CloudWatchLoggingOptions RequestConfiguration ProcessingConfiguration RoleARN RetryOptions S3BackupMode S3DestinationDescription",
    "Url Name",
    "ContentEncoding CommonAttributes",
    "AttributeName AttributeValue",
    "RoleARN CollectionEndpoint IndexName BufferingHints RetryOptions S3BackupMode S3DestinationDescription ProcessingConfiguration CloudWatchLoggingOptions VpcConfigurationDescription",
    "DeliveryStreamNames HasMoreDeliveryStreams",
    "RecordId Encrypted",
    "FailedPutCount Encrypted RequestResponses",
    "RecordId ErrorCode ErrorMessage",
    "QueryExecutionId Query StatementType ResultConfiguration ResultReuseConfiguration QueryExecutionContext Status Statistics WorkGroup EngineVersion ExecutionParameters",
    "OutputLocation EncryptionConfiguration ExpectedBucketOwner AclConfiguration",
    "EncryptionOption KmsKey",
    "Enabled MaxAgeInMinutes",
    "Database Catalog",
    "State StateChangeReason SubmissionDateTime CompletionDateTime AthenaError",
    "ErrorCategory ErrorType Retryable ErrorMessage",
    "EngineExecutionTimeInMillis DataScannedInBytes DataManifestLocation TotalExecutionTimeInMillis QueryQueueTimeInMillis QueryPlanningTimeInMillis ServiceProcessingTimeInMillis ResultReuseInformation",
    "SelectedEngineVersion EffectiveEngineVersion",
    "UpdateCount ResultSet NextToken",
    "Rows ResultSetMetadata",
    "CatalogName SchemaName TableName Name Label Type Precision Scale Nullable CaseSensitive",
    "QueryExecutionIds NextToken",
    "StackEvents NextToken",
    "StackId EventId StackName LogicalResourceId PhysicalResourceId ResourceType Timestamp ResourceStatus ResourceStatusReason ResourceProperties ClientRequestToken HookType HookStatus HookStatusReason HookInvocationPoint HookFailureMode",
    "StackName StackId LogicalResourceId PhysicalResourceId ResourceType Timestamp ResourceStatus ResourceStatusReason Description DriftInformation ModuleInfo",
    "StackResourceDriftStatus LastCheckTimestamp",
    "TypeHierarchy LogicalIdHierarchy",
    "Stacks NextToken",
    "StackId StackName ChangeSetId Description Parameters CreationTime DeletionTime LastUpdatedTime RollbackConfiguration StackStatus StackStatusReason DisableRollback NotificationARNs TimeoutInMinutes Capabilities Outputs RoleARN Tags EnableTerminationProtection ParentId RootId DriftInformation",
    "ParameterKey ParameterValue UsePreviousValue ResolvedValue",
    "RollbackTriggers MonitoringTimeInMinutes",
    "Arn Type",
    "OutputKey OutputValue Description ExportName",
    "Key Value",
    "StackDriftStatus LastCheckTimestamp",
    "StackSummaries NextToken",
    "StackId StackName TemplateDescription CreationTime LastUpdatedTime DeletionTime StackStatus StackStatusReason ParentId RootId DriftInformation",
    "Label Datapoints",
    "Timestamp SampleCount Average Sum Minimum Maximum Unit ExtendedStatistics",
    "DatabaseList NextToken",
    "Name Description LocationUri Parameters CreateTime CreateTableDefaultPermissions TargetDatabase CatalogId",
    "Principal Permissions",
    "CatalogId DatabaseName",
    "TableList NextToken",
    "Name DatabaseName Description Owner CreateTime UpdateTime LastAccessTime LastAnalyzedTime Retention StorageDescriptor PartitionKeys ViewOriginalText ViewExpandedText TableType Parameters CreatedBy IsRegisteredWithLakeFormation TargetTable CatalogId VersionId",
    "Columns Location AdditionalLocations InputFormat OutputFormat Compressed NumberOfBuckets SerdeInfo BucketColumns SortColumns Parameters SkewedInfo StoredAsSubDirectories SchemaReference",
    "Name Type Comment Parameters",
    "Name SerializationLibrary Parameters",
    "Column SortOrder",
    "SkewedColumnNames SkewedColumnValues SkewedColumnValueLocationMaps",
    "SchemaId SchemaVersionId SchemaVersionNumber",
    "SchemaArn SchemaName RegistryName",
    "CatalogId DatabaseName Name",
    "IsTruncated Contents Name Prefix Delimiter MaxKeys CommonPrefixes EncodingType KeyCount ContinuationToken NextContinuationToken StartAfter",
    "Key LastModified ETag ChecksumAlgorithm Size StorageClass Owner",
    "DisplayName ID",
    "Buckets Owner",
    "Name CreationDate",
};

std::vector<std::string> SplitSpaces(const char* text) {
  std::vector<std::string> out;
  std::string cur;
  for (const char* p = text; *p; ++p) {
    if (*p == ' ') {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += *p;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

std::vector<std::string> ModelOrder(const Json& object) {
  static std::vector<std::vector<std::string>> shapes;
  static std::map<std::string, std::vector<std::string>> cache;  // sorted keys joined -> printed order
  if (shapes.empty())
    for (const char* s : kShapeMembers) shapes.push_back(SplitSpaces(s));
  std::vector<std::string> keys;
  std::string signature;
  for (const auto& kv : object.items()) {
    keys.push_back(kv.key());
    signature += kv.key() + " ";
  }
  auto hit = cache.find(signature);
  if (hit != cache.end()) return hit->second;
  std::vector<std::string> order = keys;
  for (const std::vector<std::string>& shape : shapes) {
    bool all = std::all_of(keys.begin(), keys.end(),
                           [&](const std::string& k) { return std::find(shape.begin(), shape.end(), k) != shape.end(); });
    if (!all) continue;
    order.clear();
    for (const std::string& m : shape)
      if (object.contains(m)) order.push_back(m);
    break;
  }
  if (cache.size() < 4096) cache[signature] = order;
  return order;
}

void JsonString(std::string& out, const std::string& s) {
  out += '"';
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

void JsonValue(std::string& out, const Json& v, int indent) {
  std::string pad(static_cast<size_t>(indent + 4), ' ');
  if (v.is_object()) {
    if (v.empty()) {
      out += "{}";
      return;
    }
    out += "{\n";
    bool first = true;
    for (const std::string& key : ModelOrder(v)) {
      if (!first) out += ",\n";
      first = false;
      out += pad;
      JsonString(out, key);
      out += ": ";
      JsonValue(out, v[key], indent + 4);
    }
    out += "\n" + std::string(static_cast<size_t>(indent), ' ') + "}";
  } else if (v.is_array()) {
    if (v.empty()) {
      out += "[]";
      return;
    }
    out += "[\n";
    for (size_t i = 0; i < v.size(); ++i) {
      if (i) out += ",\n";
      out += pad;
      JsonValue(out, v[i], indent + 4);
    }
    out += "\n" + std::string(static_cast<size_t>(indent), ' ') + "]";
  } else if (v.is_string()) {
    JsonString(out, v.get<std::string>());
  } else if (v.is_null()) {
    out += "null";
  } else if (v.is_boolean()) {
    out += v.get<bool>() ? "true" : "false";
  } else if (v.is_number_float()) {
    double d = v.get<double>();
    out += std::isnan(d) ? "NaN" : std::isinf(d) ? (d > 0 ? "Infinity" : "-Infinity") : PyFloatRepr(d);
  } else {
    out += PyStr(v);
  }
}

}  // namespace

std::string FormatCliJson(const Json& value) {
  if (value.is_object() && value.empty()) return "";
  std::string out;
  JsonValue(out, value, 0);
  out += "\n";
  return out;
}

// [SECTION] text

namespace {

bool IsScalar(const Json& v) { return !v.is_object() && !v.is_array(); }

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

void Text(std::string& out, const Json& item, const std::string* identifier, const std::vector<std::string>* scalar_keys);

void TextScalarList(std::string& out, const std::vector<const Json*>& elements, const std::string* identifier) {
  if (identifier) {
    for (const Json* e : elements) out += Upper(*identifier) + "\t" + PyStr(*e) + "\n";
  } else {
    for (size_t i = 0; i < elements.size(); ++i) out += (i ? "\t" : "") + PyStr(*elements[i]);
    out += "\n";
  }
}

void TextList(std::string& out, const Json& item, const std::string* identifier) {
  if (item.empty()) return;
  bool any_dict = false, any_list = false;
  for (const Json& e : item) {
    any_dict = any_dict || e.is_object();
    any_list = any_list || e.is_array();
  }
  if (any_dict) {
    std::set<std::string> keys;
    for (const Json& e : item) {
      if (!e.is_object()) continue;
      for (const auto& kv : e.items())
        if (IsScalar(kv.value())) keys.insert(kv.key());
    }
    std::vector<std::string> all_keys(keys.begin(), keys.end());
    for (const Json& e : item) Text(out, e, identifier, &all_keys);
  } else if (any_list) {
    std::vector<const Json*> scalars;
    for (const Json& e : item)
      if (IsScalar(e)) scalars.push_back(&e);
    if (!scalars.empty()) TextScalarList(out, scalars, identifier);
    for (const Json& e : item)
      if (!IsScalar(e)) Text(out, e, identifier, nullptr);
  } else {
    std::vector<const Json*> all;
    for (const Json& e : item) all.push_back(&e);
    TextScalarList(out, all, identifier);
  }
}

void TextDict(std::string& out, const Json& item, const std::string* identifier, const std::vector<std::string>* scalar_keys) {
  std::vector<std::string> scalars;
  std::vector<std::pair<std::string, const Json*>> non_scalars;
  if (!scalar_keys) {
    for (const auto& kv : item.items()) {  // nlohmann objects iterate in sorted key order, as Python's sorted()
      if (IsScalar(kv.value())) {
        scalars.push_back(PyStr(kv.value()));
      } else {
        non_scalars.emplace_back(kv.key(), &kv.value());
      }
    }
  } else {
    for (const std::string& key : *scalar_keys) {
      auto it = item.find(key);
      scalars.push_back(it == item.end() ? std::string() : PyStr(*it));
    }
    for (const auto& kv : item.items()) {
      if (std::find(scalar_keys->begin(), scalar_keys->end(), kv.key()) == scalar_keys->end())
        non_scalars.emplace_back(kv.key(), &kv.value());
    }
  }
  if (!scalars.empty()) {
    if (identifier) scalars.insert(scalars.begin(), Upper(*identifier));
    for (size_t i = 0; i < scalars.size(); ++i) out += (i ? "\t" : "") + scalars[i];
    out += "\n";
  }
  for (const auto& ns : non_scalars) Text(out, *ns.second, &ns.first, nullptr);
}

void Text(std::string& out, const Json& item, const std::string* identifier, const std::vector<std::string>* scalar_keys) {
  if (item.is_object()) {
    TextDict(out, item, identifier, scalar_keys);
  } else if (item.is_array()) {
    TextList(out, item, identifier);
  } else {
    out += PyStr(item) + "\n";
  }
}

}  // namespace

std::string FormatCliText(const Json& value) {
  std::string out;
  Text(out, value, nullptr, nullptr);
  return out;
}

// [SECTION] table

namespace {

// Display width: one column per code point (the lab's texts have no East Asian wide characters).
int TextLength(const std::string& s) {
  int n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::string Spaces(int n) { return n > 0 ? std::string(static_cast<size_t>(n), ' ') : std::string(); }

std::string CenterText(const std::string& text, int length, const std::string& left, const std::string& right) {
  int text_length = TextLength(text);
  int char_start = (length / 2) - (text_length / 2) - 1;  // both non-negative here: C++ and Python division agree
  std::string out = left + Spaces(char_start) + text;
  int so_far = TextLength(left) + std::max(0, char_start) + text_length;
  out += Spaces(length - TextLength(right) - so_far);
  out += right;
  return out;
}

std::string AlignLeft(const std::string& text, int length, const std::string& left, const std::string& right) {
  int text_length = TextLength(text);
  int computed = text_length + 2 + TextLength(left) + TextLength(right);
  int padding = length - computed >= 0 ? 2 : 0;
  std::string out = left + Spaces(padding) + text;
  int so_far = TextLength(left) + padding + text_length;
  out += Spaces(length - so_far - TextLength(right));
  out += right;
  return out;
}

struct Section {
  std::string title;
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;
  int indent_level = 0;
  std::vector<int> max_widths;

  void UpdateWidths(const std::vector<std::string>& row) {
    if (max_widths.empty()) {
      for (const std::string& e : row) max_widths.push_back(TextLength(e));
    } else {
      for (size_t i = 0; i < row.size() && i < max_widths.size(); ++i) max_widths[i] = std::max(max_widths[i], TextLength(row[i]));
    }
  }
  void AddHeader(const std::vector<std::string>& h) {
    UpdateWidths(h);
    headers = h;
  }
  void AddRow(const std::vector<std::string>& row) {
    rows.push_back(row);
    UpdateWidths(row);
  }
  std::vector<int> ColumnWidths(int padding, int max_width) const {
    std::vector<int> unscaled;
    for (int w : max_widths) unscaled.push_back(w + padding);
    if (max_width < 0 || unscaled.empty()) return unscaled;
    double sum = 0;
    for (int w : unscaled) sum += w;
    double scale = max_width / sum;
    std::vector<int> scaled;
    for (int w : unscaled) scaled.push_back(static_cast<int>(std::nearbyint(scale * w)));  // Python round(): half-even
    int off_by = 0;
    for (int w : scaled) off_by += w;
    off_by -= max_width;
    while (off_by != 0) {
      int n = static_cast<int>(scaled.size());
      for (int k = 0; k < n && off_by != 0; ++k) {
        int i = off_by < 0 ? n - 1 - k : k;
        if (off_by > 0) {
          --scaled[static_cast<size_t>(i)];
          --off_by;
        } else {
          ++scaled[static_cast<size_t>(i)];
          ++off_by;
        }
      }
    }
    return scaled;
  }
  int TotalWidth(int padding, bool with_border, int outer_padding) const {
    int total = 0;
    for (int w : max_widths) total += w + padding;
    if (with_border) total += 2;
    total += outer_padding * 2;
    return std::max(TextLength(title) + 2 + outer_padding * 2, total);
  }
};

class MultiTable {
 public:
  explicit MultiTable(int terminal_width) : terminal_width_(terminal_width) {}
  void NewSection(const std::string& title, int indent_level) {
    sections_.emplace_back();
    sections_.back().title = title;
    sections_.back().indent_level = indent_level;
  }
  Section& Current() { return sections_.back(); }

  std::string Render() {
    int max_width = MaxWidth();
    if (max_width > terminal_width_) {
      // convert_to_vertical_table: single-row sections become key/value rows.
      for (Section& s : sections_) {
        if (s.rows.size() != 1 || s.headers.empty()) continue;
        Section v;
        v.title = s.title;
        v.indent_level = s.indent_level;
        for (size_t i = 0; i < s.headers.size() && i < s.rows[0].size(); ++i) v.AddRow({s.headers[i], s.rows[0][i]});
        s = v;
      }
      max_width = MaxWidth();
    }
    std::string out = std::string(static_cast<size_t>(max_width), '-') + "\n";
    for (const Section& s : sections_) RenderSection(out, s, max_width);
    return out;
  }

 private:
  int MaxWidth() const {
    int m = 0;
    for (const Section& s : sections_) m = std::max(m, s.TotalWidth(4, true, s.indent_level));
    return m;
  }
  // IndentedStream: every line gets indent_level '|' on the left and, before its newline, on the right.
  static void WriteLine(std::string& out, int indent, const std::string& line) {
    out += std::string(static_cast<size_t>(indent), '|') + line + std::string(static_cast<size_t>(indent), '|') + "\n";
  }
  static std::string LineBreak(const std::vector<int>& widths) {
    std::string s;
    for (size_t i = 0; i < widths.size(); ++i) {
      if (i == 0) {
        s += "+" + std::string(static_cast<size_t>(std::max(0, widths[i] - 2)), '-') + "+";
      } else {
        s += std::string(static_cast<size_t>(std::max(0, widths[i] - 1)), '-') + "+";
      }
    }
    return s;
  }
  void RenderSection(std::string& out, const Section& s, int max_width) {
    int indent = s.indent_level;
    max_width -= indent * 2;
    if (!s.title.empty()) {
      WriteLine(out, indent, CenterText(s.title, max_width, "|", "|"));
      if (s.headers.empty() && s.rows.empty()) WriteLine(out, indent, "+" + std::string(static_cast<size_t>(std::max(0, max_width - 2)), '-') + "+");
    }
    if (!s.headers.empty()) {
      std::vector<int> widths = s.ColumnWidths(4, max_width);
      std::string current;
      for (size_t i = 0; i < widths.size() && i < s.headers.size(); ++i)
        current += CenterText(s.headers[i], widths[i], i == 0 ? "|" : "", "|");
      WriteLine(out, indent, LineBreak(widths));
      WriteLine(out, indent, current);
    }
    if (!s.rows.empty()) {
      std::vector<int> widths = s.ColumnWidths(4, max_width);
      if (widths.empty()) return;
      WriteLine(out, indent, LineBreak(widths));
      for (const std::vector<std::string>& row : s.rows) {
        std::string current;
        for (size_t i = 0; i < widths.size() && i < row.size(); ++i) current += AlignLeft(row[i], widths[i], i == 0 ? "|" : "", "|");
        WriteLine(out, indent, current);
      }
      WriteLine(out, indent, LineBreak(widths));
    }
  }

  int terminal_width_;
  std::vector<Section> sections_;
};

bool Falsy(const Json& v) {
  return v.is_null() || (v.is_boolean() && !v.get<bool>()) || (v.is_number() && v.get<double>() == 0) ||
         (v.is_string() && v.get_ref<const std::string&>().empty()) || ((v.is_array() || v.is_object()) && v.empty());
}

void GroupScalarKeys(const Json& obj, std::vector<std::string>& headers, std::vector<std::string>& more) {
  for (const auto& kv : obj.items()) (IsScalar(kv.value()) ? headers : more).push_back(kv.key());  // sorted already
}

class TableBuilder {
 public:
  explicit TableBuilder(MultiTable& t) : t_(t) {}

  bool Build(const std::string* title, const Json& current, int indent_level) {
    if (Falsy(current)) return false;
    if (title) t_.NewSection(*title, indent_level);
    if (current.is_array()) {
      if (current[0].is_object()) {
        FromList(current, indent_level, title ? *title : std::string());
      } else {
        for (const Json& item : current) {
          if (IsScalar(item)) {
            t_.Current().AddRow({PyStr(item)});
          } else if (item.is_object()) {
            std::vector<std::string> keys;
            for (const auto& kv : item.items()) keys.push_back(kv.key());
            t_.Current().AddRow(keys);
          } else if (std::all_of(item.begin(), item.end(), IsScalar)) {
            std::vector<std::string> row;
            for (const Json& e : item) row.push_back(PyStr(e));
            t_.Current().AddRow(row);
          } else {
            Build(nullptr, item, 0);
          }
        }
      }
    }
    if (current.is_object()) FromDict(current, indent_level);
    return true;
  }

 private:
  void FromDict(const Json& current, int indent_level) {
    std::vector<std::string> headers, more;
    GroupScalarKeys(current, headers, more);
    if (headers.size() == 1) {
      t_.Current().AddRow({headers[0], PyStr(current[headers[0]])});
    } else if (!headers.empty()) {
      t_.Current().AddHeader(headers);
      std::vector<std::string> row;
      for (const std::string& k : headers) row.push_back(PyStr(current[k]));
      t_.Current().AddRow(row);
    }
    for (const std::string& k : more) Build(&k, current[k], indent_level + 1);
  }

  void FromList(const Json& current, int indent_level, const std::string& title) {
    std::set<std::string> header_set, more_set;
    for (const Json& item : current) {
      if (!item.is_object()) continue;
      std::vector<std::string> h, m;
      GroupScalarKeys(item, h, m);
      header_set.insert(h.begin(), h.end());
      more_set.insert(m.begin(), m.end());
    }
    std::vector<std::string> headers(header_set.begin(), header_set.end());
    std::vector<std::string> more(more_set.begin(), more_set.end());
    t_.Current().AddHeader(headers);
    bool first = true;
    for (const Json& element : current) {
      if (!first && !more.empty()) {
        t_.NewSection(title, indent_level);
        t_.Current().AddHeader(headers);
      }
      first = false;
      std::vector<std::string> row;
      for (const std::string& h : headers) {
        auto it = element.is_object() ? element.find(h) : element.end();
        row.push_back(element.is_object() && it != element.end() ? PyStr(*it) : std::string());
      }
      t_.Current().AddRow(row);
      for (const std::string& k : more) {
        if (element.is_object() && element.contains(k)) Build(&k, element[k], indent_level + 1);
      }
    }
  }

  MultiTable& t_;
};

}  // namespace

std::string FormatCliTable(const std::string& title, const Json& value, int terminal_width_chars) {
  MultiTable table(terminal_width_chars);
  TableBuilder builder(table);
  if (!builder.Build(&title, value, 0)) return "";
  return table.Render();
}

}  // namespace fhl
