// aws_cli.cpp: the terminal's AWS CLI v2 look-alike (see aws_cli.h). Texts come from awscli 2.9 (argparser.py,
// clidriver.py, customizations/s3, binaryformat.py) so what a student sees here is what the real CLI prints.
//
// [SECTION] shell words
// [SECTION] command table
// [SECTION] usage errors
// [SECTION] argument values
// [SECTION] response shaping
// [SECTION] s3 commands
// [SECTION] run
// [SECTION] completion data
#include "core/aws_cli.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>

#include "core/aws_cli_output.h"
#include "core/base64.h"
#include "core/jmespath.h"
#include "core/lab.h"
#include "core/sim_time.h"

namespace fhl {

// [SECTION] shell words

ShellWords SplitShellWords(std::string_view line) {
  ShellWords out;
  std::string word;
  bool in_word = false;
  size_t i = 0;
  while (i < line.size()) {
    char c = line[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (in_word) out.words.push_back(word);
      word.clear();
      in_word = false;
      ++i;
    } else if (c == '\'') {
      size_t close = line.find('\'', i + 1);
      if (close == std::string_view::npos) {
        out.words.clear();
        out.error = "bash: unexpected EOF while looking for matching `''";
        return out;
      }
      word.append(line.substr(i + 1, close - i - 1));
      in_word = true;
      i = close + 1;
    } else if (c == '"') {
      ++i;
      bool closed = false;
      while (i < line.size()) {
        char d = line[i];
        if (d == '"') {
          closed = true;
          ++i;
          break;
        }
        if (d == '\\' && i + 1 < line.size() &&
            (line[i + 1] == '"' || line[i + 1] == '\\' || line[i + 1] == '$' || line[i + 1] == '`')) {
          word += line[i + 1];
          i += 2;
          continue;
        }
        word += d;
        ++i;
      }
      if (!closed) {
        out.words.clear();
        out.error = "bash: unexpected EOF while looking for matching `\"'";
        return out;
      }
      in_word = true;
    } else if (c == '\\') {
      if (i + 1 < line.size()) word += line[i + 1];
      in_word = true;
      i += 2;
    } else {
      word += c;
      in_word = true;
      ++i;
    }
  }
  if (in_word) out.words.push_back(word);
  return out;
}

namespace {

// [SECTION] command table

enum class ArgType {
  kString,      // one word
  kInteger,     // one word, int()
  kRecord,      // Firehose Record: JSON or shorthand Data=..; Data is a blob
  kRecords,     // list of Records: JSON list or shorthand words
  kTimestamp,   // ISO 8601 or epoch seconds
  kStructList,  // list of shorthand structs (Name=..,Value=..) or a JSON list
  kStruct,      // one shorthand struct (Database=..) or JSON object
  kStringList,  // one or more words
  kFlag,        // no value
};

struct OptionSpec {
  const char* name;    // "--delivery-stream-name"
  const char* member;  // "DeliveryStreamName"
  ArgType type;
  bool required;
  const char* kind;    // completion kind (aws_cli.h AwsCliValueKind)
};

enum class Runner { kApi, kS3Ls, kS3Cp };

struct CommandSpec {
  const char* service;      // CLI name: "firehose"
  const char* command;      // "describe-delivery-stream"
  const char* api_service;  // Lab::Call service: "Firehose"
  const char* action;       // "DescribeDeliveryStream"
  Runner runner;
  std::vector<OptionSpec> options;
  std::vector<const char*> result_keys;  // paginated operations: the keys the CLI aggregates (others dropped)
  const char* page_token;                // request/response token member of a paginated operation
};

const std::vector<CommandSpec>& Commands() {
  static const std::vector<CommandSpec> kCommands = {
      {"athena", "get-query-execution", "Athena", "GetQueryExecution", Runner::kApi,
       {{"--query-execution-id", "QueryExecutionId", ArgType::kString, true, "query-execution-id"}}, {}, nullptr},
      {"athena", "get-query-results", "Athena", "GetQueryResults", Runner::kApi,
       {{"--query-execution-id", "QueryExecutionId", ArgType::kString, true, "query-execution-id"},
        {"--max-results", "MaxResults", ArgType::kInteger, false, ""}},
       {"ResultSet.Rows"}, "NextToken"},
      {"athena", "list-query-executions", "Athena", "ListQueryExecutions", Runner::kApi,
       {{"--work-group", "WorkGroup", ArgType::kString, false, "work-group"}}, {"QueryExecutionIds"}, "NextToken"},
      {"athena", "start-query-execution", "Athena", "StartQueryExecution", Runner::kApi,
       {{"--query-string", "QueryString", ArgType::kString, true, ""},
        {"--client-request-token", "ClientRequestToken", ArgType::kString, false, ""},
        {"--query-execution-context", "QueryExecutionContext", ArgType::kStruct, false, "database"},
        {"--result-configuration", "ResultConfiguration", ArgType::kStruct, false, ""},
        {"--work-group", "WorkGroup", ArgType::kString, false, "work-group"}},
       {}, nullptr},
      {"cloudformation", "describe-stack-events", "CloudFormation", "DescribeStackEvents", Runner::kApi,
       {{"--stack-name", "StackName", ArgType::kString, true, "stack"}}, {"StackEvents"}, "NextToken"},
      {"cloudformation", "describe-stack-resources", "CloudFormation", "DescribeStackResources", Runner::kApi,
       {{"--stack-name", "StackName", ArgType::kString, false, "stack"},
        {"--logical-resource-id", "LogicalResourceId", ArgType::kString, false, ""},
        {"--physical-resource-id", "PhysicalResourceId", ArgType::kString, false, ""}},
       {}, nullptr},
      {"cloudformation", "describe-stacks", "CloudFormation", "DescribeStacks", Runner::kApi,
       {{"--stack-name", "StackName", ArgType::kString, false, "stack"}}, {"Stacks"}, "NextToken"},
      {"cloudformation", "list-stacks", "CloudFormation", "ListStacks", Runner::kApi,
       {{"--stack-status-filter", "StackStatusFilter", ArgType::kStringList, false, ""}}, {"StackSummaries"}, "NextToken"},
      {"cloudwatch", "get-metric-statistics", "CloudWatch", "GetMetricStatistics", Runner::kApi,
       {{"--namespace", "Namespace", ArgType::kString, true, ""},
        {"--metric-name", "MetricName", ArgType::kString, true, ""},
        {"--dimensions", "Dimensions", ArgType::kStructList, false, ""},
        {"--start-time", "StartTime", ArgType::kTimestamp, true, ""},
        {"--end-time", "EndTime", ArgType::kTimestamp, true, ""},
        {"--period", "Period", ArgType::kInteger, true, ""},
        {"--statistics", "Statistics", ArgType::kStringList, false, ""},
        {"--extended-statistics", "ExtendedStatistics", ArgType::kStringList, false, ""},
        {"--unit", "Unit", ArgType::kString, false, ""}},
       {}, nullptr},
      {"firehose", "describe-delivery-stream", "Firehose", "DescribeDeliveryStream", Runner::kApi,
       {{"--delivery-stream-name", "DeliveryStreamName", ArgType::kString, true, "stream"},
        {"--limit", "Limit", ArgType::kInteger, false, ""},
        {"--exclusive-start-destination-id", "ExclusiveStartDestinationId", ArgType::kString, false, ""}},
       {}, nullptr},
      {"firehose", "list-delivery-streams", "Firehose", "ListDeliveryStreams", Runner::kApi,
       {{"--limit", "Limit", ArgType::kInteger, false, ""},
        {"--delivery-stream-type", "DeliveryStreamType", ArgType::kString, false, ""},
        {"--exclusive-start-delivery-stream-name", "ExclusiveStartDeliveryStreamName", ArgType::kString, false, "stream"}},
       {}, nullptr},
      {"firehose", "put-record", "Firehose", "PutRecord", Runner::kApi,
       {{"--delivery-stream-name", "DeliveryStreamName", ArgType::kString, true, "stream"},
        {"--record", "Record", ArgType::kRecord, true, ""}},
       {}, nullptr},
      {"firehose", "put-record-batch", "Firehose", "PutRecordBatch", Runner::kApi,
       {{"--delivery-stream-name", "DeliveryStreamName", ArgType::kString, true, "stream"},
        {"--records", "Records", ArgType::kRecords, true, ""}},
       {}, nullptr},
      {"glue", "get-databases", "Glue", "GetDatabases", Runner::kApi, {}, {"DatabaseList"}, "NextToken"},
      {"glue", "get-tables", "Glue", "GetTables", Runner::kApi,
       {{"--database-name", "DatabaseName", ArgType::kString, true, "database"},
        {"--expression", "Expression", ArgType::kString, false, ""}},
       {"TableList"}, "NextToken"},
      {"s3", "cp", "S3", "GetObject", Runner::kS3Cp, {}, {}, nullptr},
      {"s3", "ls", "S3", "ListObjectsV2", Runner::kS3Ls,
       {{"--recursive", "", ArgType::kFlag, false, ""},
        {"--human-readable", "", ArgType::kFlag, false, ""},
        {"--summarize", "", ArgType::kFlag, false, ""},
        {"--page-size", "", ArgType::kInteger, false, ""}},
       {}, nullptr},
      {"s3api", "list-objects-v2", "S3", "ListObjectsV2", Runner::kApi,
       {{"--bucket", "Bucket", ArgType::kString, true, "bucket"},
        {"--delimiter", "Delimiter", ArgType::kString, false, ""},
        {"--prefix", "Prefix", ArgType::kString, false, ""},
        {"--start-after", "StartAfter", ArgType::kString, false, ""},
        {"--max-keys", "MaxKeys", ArgType::kInteger, false, ""}},
       {"Contents", "CommonPrefixes"}, "ContinuationToken"},
      {"s3api", "list-buckets", "S3", "ListBuckets", Runner::kApi, {}, {}, nullptr},
  };
  return kCommands;
}

struct GlobalOption {
  const char* name;
  bool takes_value;
};

const std::vector<GlobalOption>& GlobalOptions() {
  static const std::vector<GlobalOption> kGlobals = {
      {"--output", true},         {"--query", true},        {"--region", true},
      {"--profile", true},        {"--endpoint-url", true}, {"--cli-binary-format", true},
      {"--color", true},          {"--cli-read-timeout", true}, {"--cli-connect-timeout", true},
      {"--no-cli-pager", false},  {"--debug", false},       {"--no-paginate", false},
      {"--no-verify-ssl", false}, {"--no-sign-request", false},
  };
  return kGlobals;
}

const CommandSpec* FindCommand(std::string_view service, std::string_view command) {
  for (const CommandSpec& c : Commands())
    if (service == c.service && command == c.command) return &c;
  return nullptr;
}

// [SECTION] usage errors

const char* const kUsage =
    "usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\n"
    "To see help text, you can run:\n"
    "\n"
    "  aws help\n"
    "  aws <command> help\n"
    "  aws <command> <subcommand> help\n";

AwsCliResult UsageError(const std::string& message) {
  return AwsCliResult{"", "\n" + std::string(kUsage) + "\naws: error: " + message + "\n\n", 252};
}

// difflib.SequenceMatcher(None, a, b).ratio() without junk heuristics (the words here are short).
double SequenceRatio(const std::string& a, const std::string& b) {
  std::function<size_t(size_t, size_t, size_t, size_t)> matches = [&](size_t alo, size_t ahi, size_t blo, size_t bhi) -> size_t {
    size_t best_i = alo, best_j = blo, best = 0;
    for (size_t i = alo; i < ahi; ++i) {
      for (size_t j = blo; j < bhi; ++j) {
        size_t k = 0;
        while (i + k < ahi && j + k < bhi && a[i + k] == b[j + k]) ++k;
        if (k > best) {
          best = k;
          best_i = i;
          best_j = j;
        }
      }
    }
    if (best == 0) return 0;
    return best + matches(alo, best_i, blo, best_j) + matches(best_i + best, ahi, best_j + best, bhi);
  };
  size_t total = a.size() + b.size();
  if (total == 0) return 1.0;
  return 2.0 * static_cast<double>(matches(0, a.size(), 0, b.size())) / static_cast<double>(total);
}

// argparse's "Invalid choice" text with awscli's two-column list and difflib's close matches (n=3, cutoff 0.8).
AwsCliResult InvalidChoice(const std::string& argument, const std::string& value, const std::vector<std::string>& choices) {
  std::string msg = "argument " + argument + ": Invalid choice, valid choices are:\n";
  for (size_t i = 0; i < choices.size(); i += 2) {
    char buf[128];
    std::string line;
    for (size_t k = i; k < i + 2 && k < choices.size(); ++k) {
      std::snprintf(buf, sizeof buf, "%-40s", choices[k].c_str());
      line += (k > i ? " | " : "") + std::string(buf);
    }
    msg += "\n" + line;
  }
  std::vector<std::pair<double, std::string>> close;
  for (const std::string& c : choices) {
    double r = SequenceRatio(c, value);
    if (r >= 0.8) close.emplace_back(r, c);
  }
  std::sort(close.begin(), close.end(), [](const auto& x, const auto& y) { return x > y; });
  if (close.size() > 3) close.resize(3);
  if (!close.empty()) {
    msg += "\n\n\nInvalid choice: '" + value + "', maybe you meant:\n";
    for (const auto& c : close) msg += "\n  * " + c.second;
  }
  return UsageError(msg);
}

std::vector<std::string> ServiceNames() {
  std::vector<std::string> out;
  for (const CommandSpec& c : Commands())
    if (std::find(out.begin(), out.end(), c.service) == out.end()) out.push_back(c.service);
  return out;
}

std::vector<std::string> CommandNames(std::string_view service) {
  std::vector<std::string> out;
  for (const CommandSpec& c : Commands())
    if (service == c.service) out.push_back(c.command);
  return out;
}

// [SECTION] argument values

struct ParsedArgs {
  std::map<std::string, std::vector<std::string>> values;  // option name -> its words
  std::vector<std::string> positionals;
};

struct Globals {
  std::string output = "json";
  std::optional<std::string> query;
  std::string binary_format = "base64";
};

// Python's base64.b64decode (non-validating): characters outside the alphabet are dropped, then the padding
// must be right.
std::optional<std::string> PyB64Decode(const std::string& text) {
  std::string clean;
  for (char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=')
      clean += c;
  }
  size_t pad_at = clean.find('=');
  std::string data = clean.substr(0, pad_at);
  if (data.size() % 4 == 1) return std::nullopt;
  size_t needed = (4 - data.size() % 4) % 4;
  size_t pads = pad_at == std::string::npos ? 0 : clean.size() - pad_at;
  if (pads < needed) return std::nullopt;
  return Base64Decode(data + std::string(needed, '='));
}

struct ValueError {
  std::string text;
  int exit_code = 255;
};

// Shorthand "Key=Value,Key2=Value2" (a comma inside a value needs quoting in the real CLI; here a segment
// without '=' continues the previous value).
std::optional<Json> ParseShorthandStruct(const std::string& text) {
  Json out = Json::object();
  std::string last_key;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    std::string part = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    size_t eq = part.find('=');
    if (eq == std::string::npos || eq == 0) {
      if (last_key.empty()) return std::nullopt;
      out[last_key] = out[last_key].get<std::string>() + "," + part;
    } else {
      last_key = part.substr(0, eq);
      out[last_key] = part.substr(eq + 1);
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

bool LooksLikeJson(const std::string& text) {
  size_t at = text.find_first_not_of(" \t\n\r");
  return at != std::string::npos && (text[at] == '{' || text[at] == '[');
}

std::optional<Json> ParseJsonArg(const std::string& option, const std::string& text, ValueError& error) {
  std::optional<Json> parsed = ParseJson(text);
  if (!parsed) {
    error = {"\nError parsing parameter '" + option + "': Invalid JSON:\nJSON received: " + text + "\n", 252};
  }
  return parsed;
}

// The Firehose Record structure: exactly {"Data": blob}. Decodes Data by --cli-binary-format and answers the
// base64 the core expects.
bool CheckRecord(Json& record, const std::string& where, const Globals& g, std::vector<std::string>& problems,
                 ValueError& error) {
  if (!record.is_object()) {
    problems.push_back("Invalid type for parameter " + where + ", value: " + PyStr(record) +
                       ", type: <class '" + std::string(record.is_array() ? "list" : record.is_string() ? "str" : "int") +
                       "'>, valid types: <class 'dict'>");
    return true;
  }
  auto data = record.find("Data");
  if (data == record.end()) problems.push_back("Missing required parameter in " + where + ": \"Data\"");
  for (const auto& kv : record.items())
    if (kv.key() != "Data") problems.push_back("Unknown parameter in " + where + ": \"" + kv.key() + "\", must be one of: Data");
  if (data == record.end() || !data->is_string()) return true;
  std::string value = data->get<std::string>();
  if (g.binary_format == "base64") {
    std::optional<std::string> bytes = PyB64Decode(value);
    if (!bytes) {
      error = {"\nInvalid base64: \"" + value + "\"\n", 255};
      return false;
    }
    *data = Base64Encode(*bytes);
  } else {
    *data = Base64Encode(value);
  }
  return true;
}

std::optional<TimeUs> ParseTimestampArg(const std::string& text) {
  if (!text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return FromEpochSeconds(std::strtod(text.c_str(), nullptr));
  if (std::optional<TimeUs> t = ParseIso8601(text)) return t;
  if (std::optional<TimeUs> t = ParseIso8601(text + "Z")) return t;
  if (text.size() == 10) return ParseIso8601(text + "T00:00:00Z");
  return std::nullopt;
}

// Builds the request JSON from the parsed words. false: `error` holds the CLI's text.
bool BuildRequest(const CommandSpec& spec, const ParsedArgs& args, const Globals& g, Json& request, ValueError& error) {
  request = Json::object();
  std::vector<std::string> problems;  // botocore "Parameter validation failed" lines
  for (const OptionSpec& o : spec.options) {
    auto it = args.values.find(o.name);
    if (it == args.values.end() || o.type == ArgType::kFlag) continue;
    const std::vector<std::string>& words = it->second;
    const std::string& first = words.front();
    switch (o.type) {
      case ArgType::kString:
        request[o.member] = first;
        break;
      case ArgType::kInteger: {
        char* end = nullptr;
        long long v = std::strtoll(first.c_str(), &end, 10);
        if (first.empty() || *end != '\0') {
          error = {"\ninvalid literal for int() with base 10: '" + first + "'\n", 255};
          return false;
        }
        request[o.member] = static_cast<int64_t>(v);
        break;
      }
      case ArgType::kTimestamp: {
        std::optional<TimeUs> t = ParseTimestampArg(first);
        if (!t) {
          error = {"\nInvalid timestamp value: " + first + "\n", 255};
          return false;
        }
        request[o.member] = ToEpochSeconds(*t);
        break;
      }
      case ArgType::kStruct:
      case ArgType::kRecord: {
        std::optional<Json> value;
        if (LooksLikeJson(first)) {
          value = ParseJsonArg(o.name, first, error);
          if (!value) return false;
        } else {
          value = ParseShorthandStruct(first);
          if (!value) {
            error = {"\nError parsing parameter '" + std::string(o.name) + "': Expected: '=', received: 'EOF' for input:\n" +
                         first + "\n" + std::string(first.size(), ' ') + "^\n",
                     252};
            return false;
          }
        }
        if (o.type == ArgType::kRecord && !CheckRecord(*value, o.member, g, problems, error)) return false;
        request[o.member] = *value;
        break;
      }
      case ArgType::kRecords:
      case ArgType::kStructList: {
        Json list = Json::array();
        if (words.size() == 1 && LooksLikeJson(first)) {
          std::optional<Json> value = ParseJsonArg(o.name, first, error);
          if (!value) return false;
          list = value->is_array() ? *value : Json::array({*value});
        } else {
          for (const std::string& w : words) {
            std::optional<Json> item = ParseShorthandStruct(w);
            if (!item) {
              error = {"\nError parsing parameter '" + std::string(o.name) + "': Expected: '=', received: 'EOF' for input:\n" +
                           w + "\n" + std::string(w.size(), ' ') + "^\n",
                       252};
              return false;
            }
            list.push_back(*item);
          }
        }
        if (o.type == ArgType::kRecords) {
          if (list.empty()) problems.push_back("Invalid length for parameter Records, value: 0, valid min length: 1");
          for (size_t i = 0; i < list.size(); ++i)
            if (!CheckRecord(list[i], std::string(o.member) + "[" + std::to_string(i) + "]", g, problems, error)) return false;
        }
        request[o.member] = list;
        break;
      }
      case ArgType::kStringList:
        request[o.member] = Json(words);
        break;
      case ArgType::kFlag:
        break;
    }
  }
  if (!problems.empty()) {
    std::string text = "\nParameter validation failed:\n";
    for (const std::string& p : problems) text += p + "\n";
    error = {text, 252};
    return false;
  }
  return true;
}

// [SECTION] response shaping

// Timestamps as the CLI prints them (cli_timestamp_format iso8601, UTC): Python's datetime.isoformat().
std::string PyIsoformat(TimeUs t) {
  CivilTime c = ToCivil(t);
  char buf[64];
  if (c.micros != 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06d+00:00", c.year, c.month, c.day, c.hour, c.minute,
                  c.second, c.micros);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d+00:00", c.year, c.month, c.day, c.hour, c.minute, c.second);
  }
  return buf;
}

bool IsTimestampMember(const std::string& key) {
  static const std::set<std::string> kNames = {
      "CreateTimestamp", "LastUpdateTimestamp", "CreationTime",   "LastUpdatedTime", "DeletionTime",
      "Timestamp",       "SubmissionDateTime",  "CompletionDateTime", "CreateTime",  "UpdateTime",
      "LastAccessTime",  "LastAnalyzedTime",    "LastModified",   "CreationDate"};
  return kNames.count(key) > 0;
}

void FormatTimestamps(Json& value) {
  if (value.is_array()) {
    for (Json& e : value) FormatTimestamps(e);
  } else if (value.is_object()) {
    for (auto& kv : value.items()) {
      Json& v = kv.value();
      if (IsTimestampMember(kv.key())) {
        if (v.is_number()) {
          v = PyIsoformat(static_cast<TimeUs>(std::llround(v.get<double>() * 1e6)));
        } else if (v.is_string()) {
          if (std::optional<TimeUs> t = ParseIso8601(v.get<std::string>())) v = PyIsoformat(*t);
        }
      } else {
        FormatTimestamps(v);
      }
    }
  }
}

Json* FindPath(Json& root, const std::string& dotted, bool create) {
  Json* cur = &root;
  size_t start = 0;
  for (;;) {
    size_t dot = dotted.find('.', start);
    std::string key = dotted.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (create && cur->is_null()) *cur = Json::object();
    if (!cur->is_object()) return nullptr;
    auto it = cur->find(key);
    if (it == cur->end()) {
      if (!create) return nullptr;
      cur = &(*cur)[key];
    } else {
      cur = &*it;
    }
    if (dot == std::string::npos) return cur;
    start = dot + 1;
  }
}

std::string ApiErrorText(const std::string& action, const ApiError& e) {
  return "\nAn error occurred (" + e.code + ") when calling the " + action + " operation: " + e.message + "\n";
}

// Calls the operation, following the page token of paginated operations and keeping what the CLI's paginator
// keeps (result keys, plus ResultSetMetadata/UpdateCount for Athena results).
bool CallOperation(const CommandSpec& spec, const AwsCallFn& call, Json request, Json& result, AwsCliResult& failure) {
  if (spec.result_keys.empty()) {
    Response r = call(spec.api_service, spec.action, request);
    if (!r.ok()) {
      failure = {"", ApiErrorText(spec.action, *r.error), 254};
      return false;
    }
    result = r.body;
    return true;
  }
  result = Json::object();
  const std::string token_in = spec.page_token;
  const std::string token_out = token_in == "ContinuationToken" ? "NextContinuationToken" : token_in;
  for (int page = 0; page < 10000; ++page) {
    Response r = call(spec.api_service, spec.action, request);
    if (!r.ok()) {
      failure = {"", ApiErrorText(spec.action, *r.error), 254};
      return false;
    }
    Json& body = r.body;
    if (page == 0 && std::string(spec.action) == "GetQueryResults") {
      if (Json* meta = FindPath(body, "ResultSet.ResultSetMetadata", false)) *FindPath(result, "ResultSet.ResultSetMetadata", true) = *meta;
      if (body.contains("UpdateCount")) result["UpdateCount"] = body["UpdateCount"];
    }
    for (const char* key : spec.result_keys) {
      Json* value = FindPath(body, key, false);
      if (!value || value->is_null()) continue;
      Json* existing = FindPath(result, key, true);
      if (existing->is_null()) {
        *existing = *value;
      } else if (existing->is_array() && value->is_array()) {
        for (Json& v : *value) existing->push_back(v);
      }
    }
    auto next = body.find(token_out);
    if (next == body.end() || !next->is_string() || next->get<std::string>().empty()) break;
    request[token_in] = *next;
  }
  return true;
}

std::string Render(const Json& value, const Globals& g, const std::string& title, const AwsCliOptions& options) {
  if (g.output == "text") return FormatCliText(value);
  if (g.output == "table") return FormatCliTable(title, value, options.terminal_width_chars);
  return FormatCliJson(value);
}

// [SECTION] s3 commands

struct S3Path {
  std::string bucket, key;
};

S3Path SplitS3Path(std::string path) {
  if (path.rfind("s3://", 0) == 0) path = path.substr(5);
  S3Path out;
  size_t slash = path.find('/');
  out.bucket = path.substr(0, slash);
  if (slash != std::string::npos) out.key = path.substr(slash + 1);
  return out;
}

std::string LsTime(const std::string& iso) {
  std::optional<TimeUs> t = ParseIso8601(iso);
  CivilTime c = ToCivil(t.value_or(0));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d", c.year, c.month, c.day, c.hour, c.minute, c.second);
  return buf;
}

// awscli customizations/s3/utils.py human_readable_size.
std::string HumanReadableSize(double bytes) {
  static const char* const kSuffixes[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  if (bytes == 1) return "1 Byte";
  char buf[64];
  if (bytes < 1024) {
    std::snprintf(buf, sizeof buf, "%d Bytes", static_cast<int>(bytes));
    return buf;
  }
  for (int i = 0; i < 6; ++i) {
    double unit = std::pow(1024.0, i + 2);
    if (std::nearbyint((bytes / unit) * 1024) < 1024 || i == 5) {
      std::snprintf(buf, sizeof buf, "%.1f %s", 1024 * bytes / unit, kSuffixes[i]);
      return buf;
    }
  }
  return buf;
}

// Safe reads (JSON_NOEXCEPTION: value() on a wrong type would abort).
std::string StrOf(const Json& object, const char* key) {
  if (!object.is_object()) return "";
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}
Json ArrayOf(const Json& object, const char* key) {
  if (!object.is_object()) return Json::array();
  auto it = object.find(key);
  return it != object.end() && it->is_array() ? *it : Json::array();
}

std::string RightJustify(const std::string& s, size_t width) { return s.size() >= width ? s : std::string(width - s.size(), ' ') + s; }

AwsCliResult RunS3Ls(const ParsedArgs& args, const AwsCallFn& call) {
  AwsCliResult out;
  std::string path = args.positionals.empty() ? "s3://" : args.positionals[0];
  S3Path p = SplitS3Path(path);
  bool recursive = args.values.count("--recursive") > 0;
  bool human = args.values.count("--human-readable") > 0;
  bool summarize = args.values.count("--summarize") > 0;
  int64_t total_objects = 0;
  double total_size = 0;
  if (p.bucket.empty()) {
    Response r = call("S3", "ListBuckets", Json::object());
    if (!r.ok()) return {"", ApiErrorText("ListBuckets", *r.error), 254};
    const Json& buckets = r.body["Buckets"];
    if (buckets.is_array()) {
      for (const Json& b : buckets) {
        if (!b.is_object() || !b.contains("Name") || !b["Name"].is_string()) continue;
        out.out += LsTime(StrOf(b, "CreationDate")) + " " + b["Name"].get<std::string>() + "\n";
      }
    }
  } else {
    Json request = {{"Bucket", p.bucket}, {"Prefix", p.key}};
    if (!recursive) request["Delimiter"] = "/";
    auto page_size = args.values.find("--page-size");
    if (page_size != args.values.end()) request["MaxKeys"] = std::strtoll(page_size->second[0].c_str(), nullptr, 10);
    bool empty_first_page = false;
    for (int page = 0; page < 100000; ++page) {
      Response r = call("S3", "ListObjectsV2", request);
      if (!r.ok()) return {out.out, ApiErrorText("ListObjectsV2", *r.error), 254};
      const Json& body = r.body;
      const Json prefixes = ArrayOf(body, "CommonPrefixes");
      const Json contents = ArrayOf(body, "Contents");
      if (prefixes.empty() && contents.empty() && page == 0) empty_first_page = true;
      for (const Json& cp : prefixes) {
        std::string prefix = StrOf(cp, "Prefix");
        // prefix.split('/')[-2]: the last folder name of "a/b/".
        std::string trimmed = prefix.empty() ? prefix : prefix.substr(0, prefix.size() - 1);
        size_t slash = trimmed.rfind('/');
        std::string name = slash == std::string::npos ? trimmed : trimmed.substr(slash + 1);
        out.out += RightJustify("PRE", 30) + " " + name + "/\n";
      }
      for (const Json& c : contents) {
        std::string key = StrOf(c, "Key");
        double size = c.is_object() && c.contains("Size") && c["Size"].is_number() ? c["Size"].get<double>() : 0;
        total_size += size;
        ++total_objects;
        std::string size_str = human ? HumanReadableSize(size) : std::to_string(static_cast<int64_t>(size));
        std::string name = recursive ? key : key.substr(key.rfind('/') == std::string::npos ? 0 : key.rfind('/') + 1);
        out.out += LsTime(StrOf(c, "LastModified")) + " " + RightJustify(size_str, 10) + " " + name + "\n";
      }
      auto next = body.find("NextContinuationToken");
      auto truncated = body.find("IsTruncated");
      if (truncated == body.end() || !truncated->is_boolean() || !truncated->get<bool>() || next == body.end() ||
          !next->is_string())
        break;
      request["ContinuationToken"] = *next;
    }
    if (summarize) {
      out.out += "\nTotal Objects: " + std::to_string(total_objects) + "\n";
      out.out += "   Total Size: " + (human ? HumanReadableSize(total_size) : std::to_string(static_cast<int64_t>(total_size))) + "\n";
    }
    if (!p.key.empty() && empty_first_page) out.exit_code = 1;
    return out;
  }
  if (summarize) {
    out.out += "\nTotal Objects: 0\n   Total Size: " + std::string(human ? "0 Bytes" : "0") + "\n";
  }
  return out;
}

AwsCliResult RunS3Cp(const ParsedArgs& args, const AwsCallFn& call) {
  const std::string& from = args.positionals[0];
  const std::string& to = args.positionals[1];
  if (from.rfind("s3://", 0) != 0) {
    if (from == "-") return {"", "\nThe lab's terminal has no standard input: upload with aws firehose put-record.\n", 255};
    return {"", "\nThe user-provided path " + from + " does not exist.\n", 255};
  }
  if (to != "-") {
    return {"", "\nThe lab's terminal has no local disk: use - as the destination to print the object.\n", 255};
  }
  S3Path p = SplitS3Path(from);
  if (p.key.empty() || p.key.back() == '/') return {"", "\nfatal error: An error occurred (404) when calling the HeadObject operation: Key \"" + p.key + "\" does not exist\n", 1};
  Json request = {{"Bucket", p.bucket}, {"Key", p.key}};
  Response head = call("S3", "HeadObject", request);
  if (!head.ok()) {
    const ApiError& e = *head.error;
    if (e.http_status == 404 && e.code != "NoSuchBucket") {
      return {"", "\nfatal error: An error occurred (404) when calling the HeadObject operation: Key \"" + p.key + "\" does not exist\n", 1};
    }
    return {"", "\nfatal error: An error occurred (" + std::to_string(e.http_status) + ") when calling the HeadObject operation: " +
                    (e.http_status == 404 ? std::string("Not Found") : e.message) + "\n",
            1};
  }
  Response get = call("S3", "GetObject", request);
  if (!get.ok()) return {"", "\nfatal error: " + ApiErrorText("GetObject", *get.error).substr(1), 1};
  const Json& body = get.body["Body"];
  std::optional<std::string> bytes = body.is_string() ? Base64Decode(body.get<std::string>()) : std::optional<std::string>();
  return {bytes.value_or(""), "", 0};
}

// [SECTION] run

std::string HelpText() {
  std::string out = "AWS CLI in the lab: the commands of the lab's services, answered by the simulated account.\n\n";
  for (const std::string& s : ServiceNames()) {
    out += "  " + s + "\n";
    for (const std::string& c : CommandNames(s)) out += "      " + c + "\n";
  }
  out += "\nGlobal options: --output json|text|table, --query <JMESPath>, --cli-binary-format base64|raw-in-base64-out,\n"
         "--region and --no-cli-pager (accepted, ignored). \"aws <command> <subcommand> help\" lists a command's options.\n";
  return out;
}

std::string CommandHelp(const CommandSpec& spec) {
  std::string out = std::string(spec.service) + " " + spec.command;
  if (spec.runner == Runner::kApi) out += "  (" + std::string(spec.api_service) + " " + spec.action + ")";
  out += "\n\n";
  if (spec.runner == Runner::kS3Ls) out += "  [<S3Uri>]              s3://bucket[/prefix]\n";
  if (spec.runner == Runner::kS3Cp) out += "  <S3Uri> -               prints the object\n";
  for (const OptionSpec& o : spec.options) {
    out += "  " + std::string(o.required ? "" : "[") + o.name + std::string(o.type == ArgType::kFlag ? "" : " <value>") +
           (o.required ? "" : "]") + "\n";
  }
  return out;
}

}  // namespace

AwsCliResult RunAwsCli(std::string_view line, const AwsCallFn& call, const AwsCliOptions& options) {
  ShellWords split = SplitShellWords(line);
  if (!split.error.empty()) return {"", split.error + "\n", 2};
  const std::vector<std::string>& words = split.words;
  if (words.empty()) return {};
  if (words[0] != "aws") return {"", "bash: " + words[0] + ": command not found\n", 127};

  // Global options anywhere on the line (the CLI's main parser), then command and subcommand.
  Globals g;
  std::vector<std::string> rest;
  for (size_t i = 1; i < words.size(); ++i) {
    const std::string& w = words[i];
    std::string name = w, inline_value;
    bool has_inline = false;
    size_t eq = w.find('=');
    if (w.rfind("--", 0) == 0 && eq != std::string::npos) {
      name = w.substr(0, eq);
      inline_value = w.substr(eq + 1);
      has_inline = true;
    }
    const GlobalOption* global = nullptr;
    for (const GlobalOption& o : GlobalOptions())
      if (name == o.name) global = &o;
    if (!global) {
      rest.push_back(w);
      continue;
    }
    if (!global->takes_value) continue;
    std::string value;
    if (has_inline) {
      value = inline_value;
    } else {
      if (i + 1 >= words.size() || words[i + 1].rfind("--", 0) == 0) return UsageError("argument " + name + ": expected one argument");
      value = words[++i];
    }
    if (name == "--output") {
      static const std::vector<std::string> kOutputs = {"json", "text", "table", "yaml", "yaml-stream"};
      if (std::find(kOutputs.begin(), kOutputs.end(), value) == kOutputs.end()) return InvalidChoice("--output", value, kOutputs);
      if (value == "yaml" || value == "yaml-stream")
        return {"", "\nThe lab's terminal prints json, text or table; yaml output is not available here.\n", 252};
      g.output = value;
    } else if (name == "--query") {
      g.query = value;
    } else if (name == "--cli-binary-format") {
      static const std::vector<std::string> kFormats = {"base64", "raw-in-base64-out"};
      if (std::find(kFormats.begin(), kFormats.end(), value) == kFormats.end()) return InvalidChoice("--cli-binary-format", value, kFormats);
      g.binary_format = value;
    }
  }

  // Command and subcommand: the first two words that are not options.
  std::vector<std::string> op_words;
  std::string service, command;
  for (const std::string& w : rest) {
    if (w.rfind("--", 0) != 0 && service.empty()) {
      service = w;
    } else if (w.rfind("--", 0) != 0 && command.empty() && !service.empty()) {
      command = w;
    } else {
      op_words.push_back(w);
    }
  }
  if (service.empty()) return UsageError("the following arguments are required: command");
  if (service == "help") return {HelpText(), "", 0};
  std::vector<std::string> services = ServiceNames();
  if (std::find(services.begin(), services.end(), service) == services.end()) {
    services.push_back("help");
    return InvalidChoice("command", service, services);
  }
  // The CLI compiles --query once the top-level arguments are parsed, before the operation's own arguments.
  JmesPath query;
  if (g.query) {
    query = JmesPath::Compile(*g.query);
    if (!query.ok()) return {"", "\nBad value for --query " + *g.query + ": " + query.error() + "\n", 252};
  }
  if (command.empty()) {
    if (service == "s3") return {"", "\nusage: aws [options] s3 <subcommand> [parameters]\naws: error: too few arguments\n", 252};
    return UsageError("the following arguments are required: operation");
  }
  std::vector<std::string> commands = CommandNames(service);
  if (command == "help") {
    std::string text = service + ": the commands available in the lab\n\n";
    for (const std::string& c : commands) text += "  " + c + "\n";
    return {text, "", 0};
  }
  const CommandSpec* spec = FindCommand(service, command);
  if (!spec) {
    commands.push_back("help");
    return InvalidChoice(service == "s3" ? "subcommand" : "operation", command, commands);
  }

  // Operation arguments.
  ParsedArgs args;
  std::vector<std::string> unknown;
  for (size_t i = 0; i < op_words.size(); ++i) {
    const std::string& w = op_words[i];
    if (w == "help" && op_words.size() == 1) return {CommandHelp(*spec), "", 0};
    if (w.rfind("--", 0) != 0) {
      args.positionals.push_back(w);
      continue;
    }
    std::string name = w;
    std::optional<std::string> inline_value;
    size_t eq = w.find('=');
    if (eq != std::string::npos) {
      name = w.substr(0, eq);
      inline_value = w.substr(eq + 1);
    }
    const OptionSpec* opt = nullptr;
    for (const OptionSpec& o : spec->options)
      if (name == o.name) opt = &o;
    if (!opt) {
      unknown.push_back(w);
      while (i + 1 < op_words.size() && op_words[i + 1].rfind("--", 0) != 0) unknown.push_back(op_words[++i]);
      continue;
    }
    std::vector<std::string>& values = args.values[opt->name];
    values.clear();
    if (opt->type == ArgType::kFlag) continue;
    bool many = opt->type == ArgType::kRecords || opt->type == ArgType::kStructList || opt->type == ArgType::kStringList;
    if (inline_value) {
      values.push_back(*inline_value);
    } else {
      while (i + 1 < op_words.size() && op_words[i + 1].rfind("--", 0) != 0) {
        values.push_back(op_words[++i]);
        if (!many) break;
      }
    }
    if (values.empty()) {
      return UsageError("argument " + std::string(opt->name) + ": expected " + (many ? "at least one argument" : "one argument"));
    }
  }
  // Positionals: s3 ls takes at most one path, s3 cp exactly two; API operations none.
  size_t max_positionals = spec->runner == Runner::kS3Ls ? 1 : spec->runner == Runner::kS3Cp ? 2 : 0;
  std::vector<std::string> extra_positionals;
  while (args.positionals.size() > max_positionals) {
    extra_positionals.insert(extra_positionals.begin(), args.positionals.back());
    args.positionals.pop_back();
  }
  std::vector<std::string> missing;
  if (spec->runner == Runner::kS3Cp && args.positionals.size() < 2) missing.push_back("paths");
  for (const OptionSpec& o : spec->options)
    if (o.required && !args.values.count(o.name)) missing.push_back(o.name);
  if (!missing.empty()) {
    std::string list;
    for (size_t i = 0; i < missing.size(); ++i) list += (i ? ", " : "") + missing[i];
    return UsageError("the following arguments are required: " + list);
  }
  unknown.insert(unknown.end(), extra_positionals.begin(), extra_positionals.end());
  if (!unknown.empty()) {
    std::string list;
    for (size_t i = 0; i < unknown.size(); ++i) list += (i ? ", " : "") + unknown[i];
    if (spec->runner != Runner::kApi) return {"", "\nUnknown options: " + list + "\n", 252};
    return {"", "\n" + std::string(kUsage) + "\nUnknown options: " + list + "\n\n", 252};
  }

  if (spec->runner == Runner::kS3Ls) return RunS3Ls(args, call);
  if (spec->runner == Runner::kS3Cp) return RunS3Cp(args, call);

  Json request;
  ValueError value_error;
  if (!BuildRequest(*spec, args, g, request, value_error)) return {"", value_error.text, value_error.exit_code};
  Json result;
  AwsCliResult failure;
  if (!CallOperation(*spec, call, request, result, failure)) return failure;
  FormatTimestamps(result);
  if (g.query) {
    std::string error;
    result = query.Search(result, &error);
    if (!error.empty()) return {"", "\n" + error + "\n", 255};
  }
  return {Render(result, g, spec->action, options), "", 0};
}

AwsCliResult RunAwsCli(std::string_view line, Lab& lab, const AwsCliOptions& options) {
  return RunAwsCli(
      line, [&lab](std::string_view s, std::string_view a, const Json& r) { return lab.Call(s, a, r); }, options);
}

// [SECTION] completion data

std::vector<std::string> AwsCliServices() { return ServiceNames(); }

std::vector<std::string> AwsCliCommands(std::string_view service) { return CommandNames(service); }

std::vector<std::string> AwsCliOptionNames(std::string_view service, std::string_view command) {
  std::vector<std::string> out;
  if (const CommandSpec* spec = FindCommand(service, command))
    for (const OptionSpec& o : spec->options) out.push_back(o.name);
  for (const GlobalOption& g : GlobalOptions()) out.push_back(g.name);
  return out;
}

std::string AwsCliValueKind(std::string_view service, std::string_view command, std::string_view option) {
  if (option == "--output") return "output";
  const CommandSpec* spec = FindCommand(service, command);
  if (!spec) return "";
  if (option.empty()) return spec->runner == Runner::kApi ? "" : "s3-uri";
  for (const OptionSpec& o : spec->options)
    if (option == o.name) return o.kind;
  return "";
}

}  // namespace fhl

namespace fhl {

namespace {

std::vector<std::string> LabNames(const std::string& kind, const std::string& word, const AwsCallFn& call) {
  std::vector<std::string> out;
  auto strings = [&](const Response& r, const char* list_key, const char* member) {
    if (!r.ok()) return;
    auto it = r.body.find(list_key);
    if (it == r.body.end() || !it->is_array()) return;
    for (const Json& e : *it) {
      if (!member && e.is_string()) out.push_back(e.get<std::string>());
      if (member && e.is_object()) {
        auto m = e.find(member);
        if (m != e.end() && m->is_string()) out.push_back(m->get<std::string>());
      }
    }
  };
  if (kind == "stream") strings(call("Firehose", "ListDeliveryStreams", Json::object()), "DeliveryStreamNames", nullptr);
  if (kind == "bucket") strings(call("S3", "ListBuckets", Json::object()), "Buckets", "Name");
  if (kind == "stack") strings(call("CloudFormation", "DescribeStacks", Json::object()), "Stacks", "StackName");
  if (kind == "query-execution-id") {  // every work group's executions (ListQueryExecutions lists one group)
    std::vector<std::string> groups;
    strings(call("Athena", "ListWorkGroups", Json::object()), "WorkGroups", "Name");
    groups.swap(out);
    for (const std::string& g : groups)
      strings(call("Athena", "ListQueryExecutions", Json{{"WorkGroup", g}}), "QueryExecutionIds", nullptr);
  }
  if (kind == "work-group") strings(call("Athena", "ListWorkGroups", Json::object()), "WorkGroups", "Name");
  if (kind == "database") {
    strings(call("Glue", "GetDatabases", Json::object()), "DatabaseList", "Name");
  }
  if (kind == "output") out = {"json", "table", "text"};
  if (kind == "s3-uri") {
    if (word.rfind("s3://", 0) != 0 || word.find('/', 5) == std::string::npos) {
      strings(call("S3", "ListBuckets", Json::object()), "Buckets", "Name");
      for (std::string& n : out) n = "s3://" + n + "/";
    } else {
      S3Path p = SplitS3Path(word);
      size_t slash = p.key.rfind('/');
      std::string folder = slash == std::string::npos ? std::string() : p.key.substr(0, slash + 1);
      Response r = call("S3", "ListObjectsV2", Json{{"Bucket", p.bucket}, {"Prefix", folder}, {"Delimiter", "/"}});
      strings(r, "CommonPrefixes", "Prefix");
      strings(r, "Contents", "Key");
      for (std::string& n : out) n = "s3://" + p.bucket + "/" + n;
    }
  }
  return out;
}

}  // namespace

AwsCliCompletion CompleteAwsCli(std::string_view line, const AwsCallFn& call) {
  AwsCliCompletion c;
  // Words by whitespace (completion works on what is typed, quotes are rare here).
  size_t start = line.size();
  while (start > 0 && line[start - 1] != ' ' && line[start - 1] != '\t') --start;
  c.word_start = start;
  std::string word(line.substr(start));
  ShellWords before = SplitShellWords(line.substr(0, start));
  const std::vector<std::string>& w = before.words;
  std::vector<std::string> pool;
  // Positional words so far (command and subcommand), skipping options and their values.
  std::vector<std::string> positional;
  std::string prev_option;
  for (size_t i = 1; i < w.size(); ++i) {
    if (w[i].rfind("--", 0) == 0) {
      prev_option = w[i];
      continue;
    }
    bool is_value = false;
    if (!prev_option.empty()) {
      for (const GlobalOption& g : GlobalOptions())
        if (prev_option == g.name) is_value = g.takes_value;
      if (positional.size() >= 2)
        if (const CommandSpec* spec = FindCommand(positional[0], positional[1]))
          for (const OptionSpec& o : spec->options)
            if (prev_option == o.name) is_value = o.type != ArgType::kFlag;
    }
    if (!is_value) positional.push_back(w[i]);
    prev_option.clear();
  }
  std::string last = w.empty() ? std::string() : w.back();
  if (w.empty()) {
    pool = {"aws"};
  } else if (w[0] != "aws") {
    pool = {};
  } else if (last.rfind("--", 0) == 0 && last.find('=') == std::string::npos && word.rfind("--", 0) != 0) {
    std::string kind = positional.size() >= 2 ? AwsCliValueKind(positional[0], positional[1], last) : std::string();
    if (last == "--output") kind = "output";
    if (last == "--cli-binary-format") pool = {"base64", "raw-in-base64-out"};
    if (!kind.empty()) pool = LabNames(kind, word, call);
    // --query-execution-context takes the shorthand Database=<name>.
    if (last == "--query-execution-context")
      for (std::string& p : pool) p = "Database=" + p;
  } else if (word.rfind("--", 0) == 0) {
    if (positional.size() >= 2) {
      pool = AwsCliOptionNames(positional[0], positional[1]);
    } else {
      for (const GlobalOption& g : GlobalOptions()) pool.push_back(g.name);
    }
    for (const std::string& used : w) pool.erase(std::remove(pool.begin(), pool.end(), used), pool.end());
  } else if (positional.empty()) {
    pool = ServiceNames();
    pool.push_back("help");
  } else if (positional.size() == 1) {
    pool = CommandNames(positional[0]);
  } else {
    std::string kind = AwsCliValueKind(positional[0], positional[1], "");
    if (kind == "s3-uri") pool = LabNames(kind, word, call);
    if (positional[0] == "s3" && positional[1] == "cp" && positional.size() == 3) pool.push_back("-");
  }
  for (const std::string& p : pool)
    if (p.rfind(word, 0) == 0) c.candidates.push_back(p);
  std::sort(c.candidates.begin(), c.candidates.end());
  c.candidates.erase(std::unique(c.candidates.begin(), c.candidates.end()), c.candidates.end());
  if (c.candidates.empty()) {
    c.replacement = word;
  } else if (c.candidates.size() == 1) {
    const std::string& only = c.candidates[0];
    c.replacement = only + (only.back() == '/' || only.back() == '=' ? "" : " ");
  } else {
    std::string prefix = c.candidates[0];
    for (const std::string& s : c.candidates) {
      size_t k = 0;
      while (k < prefix.size() && k < s.size() && prefix[k] == s[k]) ++k;
      prefix.resize(k);
    }
    c.replacement = prefix.size() > word.size() ? prefix : word;
  }
  return c;
}

}  // namespace fhl
