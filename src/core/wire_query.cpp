// wire_query.cpp: the AWS query protocol (form-encoded Action=...&Version=..., XML answer) of CloudFormation,
// CloudWatch and IAM over Lab::Call: flattened members (X.member.N, X.entry.N.key) become the JSON shapes the core
// reads; the JSON answer becomes <ActionResponse><ActionResult>. Must not depend on sockets, threads, Emscripten or the UI.
#include <cerrno>
#include <cstdlib>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/lab.h"
#include "core/sim_time.h"
#include "core/wire_common.h"
#include "core/wire_router.h"
#include "core/wire_xml.h"

namespace fhl {
namespace {

// [SECTION] services

// Request members that are not strings, by path without the list steps ("MetricData.member.2.Value" ->
// "MetricData.Value"): from the botocore models' input shapes of the operations the core implements. kList marks
// lists (so "Capabilities=" reads as an empty list); kDoubleList a list of doubles.
enum class FieldType { kString, kBoolean, kInteger, kDouble, kList, kDoubleList };

struct TypedPath {
  std::string_view path;
  FieldType type;
};

constexpr TypedPath kCfnPaths[] = {
    {"DisableRollback", FieldType::kBoolean},
    {"UsePreviousTemplate", FieldType::kBoolean},
    {"EnableTerminationProtection", FieldType::kBoolean},
    {"RetainExceptOnCreate", FieldType::kBoolean},
    {"Parameters.UsePreviousValue", FieldType::kBoolean},
    {"TimeoutInMinutes", FieldType::kInteger},
    {"RollbackConfiguration.MonitoringTimeInMinutes", FieldType::kInteger},
    {"Parameters", FieldType::kList},
    {"Capabilities", FieldType::kList},
    {"Tags", FieldType::kList},
    {"NotificationARNs", FieldType::kList},
    {"ResourceTypes", FieldType::kList},
    {"RetainResources", FieldType::kList},
    {"StackStatusFilter", FieldType::kList},
    {"RollbackConfiguration.RollbackTriggers", FieldType::kList},
};

constexpr TypedPath kCloudWatchPaths[] = {
    {"Period", FieldType::kInteger},
    {"MaxDatapoints", FieldType::kInteger},
    {"MetricDataQueries.Period", FieldType::kInteger},
    {"MetricDataQueries.MetricStat.Period", FieldType::kInteger},
    {"MetricDataQueries.ReturnData", FieldType::kBoolean},
    {"IncludeLinkedAccounts", FieldType::kBoolean},
    {"StrictEntityValidation", FieldType::kBoolean},
    {"MetricData.Value", FieldType::kDouble},
    {"MetricData.StatisticValues.SampleCount", FieldType::kDouble},
    {"MetricData.StatisticValues.Sum", FieldType::kDouble},
    {"MetricData.StatisticValues.Minimum", FieldType::kDouble},
    {"MetricData.StatisticValues.Maximum", FieldType::kDouble},
    {"MetricData.StorageResolution", FieldType::kInteger},
    {"MetricData.Values", FieldType::kDoubleList},
    {"MetricData.Counts", FieldType::kDoubleList},
    {"Dimensions", FieldType::kList},
    {"Statistics", FieldType::kList},
    {"ExtendedStatistics", FieldType::kList},
    {"MetricDataQueries", FieldType::kList},
    {"MetricDataQueries.MetricStat.Metric.Dimensions", FieldType::kList},
    {"MetricData", FieldType::kList},
    {"MetricData.Dimensions", FieldType::kList},
};

constexpr TypedPath kIamPaths[] = {
    {"MaxItems", FieldType::kInteger},
    {"MaxSessionDuration", FieldType::kInteger},
    {"Tags", FieldType::kList},
};

struct QueryService {
  std::string_view service;        // Lab::Call service
  std::string_view version;        // the Version field
  std::string_view signing_name;   // SigV4 credential scope service
  std::string_view host_prefix;    // "cloudformation." in the Host header
  std::string_view xmlns;
  const TypedPath* paths;
  size_t path_count;
  std::string_view serialization_code;  // a member of the wrong type (core: SerializationException)
};

constexpr QueryService kServices[] = {
    {"CloudFormation", "2010-05-15", "cloudformation", "cloudformation.",
     "http://cloudformation.amazonaws.com/doc/2010-05-15/", kCfnPaths, std::size(kCfnPaths), "ValidationError"},
    {"CloudWatch", "2010-08-01", "monitoring", "monitoring.", "http://monitoring.amazonaws.com/doc/2010-08-01/",
     kCloudWatchPaths, std::size(kCloudWatchPaths), "InvalidParameterValue"},
    {"IAM", "2010-05-08", "iam", "iam.", "https://iam.amazonaws.com/doc/2010-05-08/", kIamPaths, std::size(kIamPaths),
     "ValidationError"},
};

// Response members that are maps (<entry><key/><value/></entry>) rather than structures.
bool IsMapMember(std::string_view service, std::string_view member) {
  return service == "CloudWatch" && member == "ExtendedStatistics";  // Datapoint.ExtendedStatistics
}

FieldType TypeOf(const QueryService& s, std::string_view path) {
  for (size_t i = 0; i < s.path_count; ++i) {
    if (s.paths[i].path == path) return s.paths[i].type;
  }
  return FieldType::kString;
}

// "AWS4-HMAC-SHA256 Credential=AK/20260101/us-east-1/cloudformation/aws4_request, ..." -> "cloudformation".
std::string_view ScopeService(std::string_view authorization) {
  const size_t at = authorization.find("Credential=");
  if (at == std::string_view::npos) return {};
  std::string_view rest = authorization.substr(at + 11);
  rest = rest.substr(0, rest.find_first_of(", "));
  // AK / date / region / service / aws4_request
  for (int i = 0; i < 3; ++i) {
    const size_t slash = rest.find('/');
    if (slash == std::string_view::npos) return {};
    rest = rest.substr(slash + 1);
  }
  return rest.substr(0, rest.find('/'));
}

const QueryService* PickService(const HttpRequest& request, std::string_view version) {
  const std::string_view scope = ScopeService(request.Header("Authorization").value_or(""));
  for (const QueryService& s : kServices) {
    if (!scope.empty() && scope == s.signing_name) return &s;
  }
  for (const QueryService& s : kServices) {
    if (version == s.version) return &s;
  }
  const std::string_view host = request.Header("Host").value_or("");
  for (const QueryService& s : kServices) {
    if (host.substr(0, s.host_prefix.size()) == s.host_prefix) return &s;
  }
  return nullptr;
}

// [SECTION] form fields -> JSON request

// One flattened member path as a tree: structure members, list items (member.N) or map entries (entry.N).
struct FormNode {
  std::optional<std::string> value;
  std::map<std::string, FormNode> members;
  std::map<uint32_t, FormNode> items;
  std::map<uint32_t, FormNode> entries;
};

std::optional<uint32_t> ListIndex(std::string_view text) {
  if (text.empty() || text.size() > 6 || text[0] == '0') return std::nullopt;
  uint32_t n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<uint32_t>(c - '0');
  }
  return n;
}

// Member paths longer than this are refused (the deepest real one, MetricDataQueries.member.N.MetricStat.Metric.
// Dimensions.member.N.Value, has 9 parts): the tree and its conversion recurse, and the page's wasm stack is small.
constexpr size_t kMaxKeyParts = 32;

bool Insert(FormNode& root, std::string_view key, std::string value) {
  std::vector<std::string_view> parts;
  for (size_t start = 0;;) {
    const size_t dot = key.find('.', start);
    parts.push_back(key.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (parts.size() > kMaxKeyParts) return false;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  FormNode* node = &root;
  for (size_t i = 0; i < parts.size(); ++i) {
    const bool indexed = i + 1 < parts.size() && ListIndex(parts[i + 1]).has_value();
    if (indexed && parts[i] == "member") {
      node = &node->items[*ListIndex(parts[++i])];
    } else if (indexed && parts[i] == "entry") {
      node = &node->entries[*ListIndex(parts[++i])];
    } else {
      node = &node->members[std::string(parts[i])];
    }
  }
  node->value = std::move(value);
  return true;
}

Json Scalar(const std::string& text, FieldType type) {
  if (type == FieldType::kBoolean) {
    if (text == "true") return true;
    if (text == "false") return false;
  } else if (type == FieldType::kInteger && !text.empty()) {
    errno = 0;
    char* end = nullptr;
    const long long n = std::strtoll(text.c_str(), &end, 10);
    if (errno == 0 && end == text.c_str() + text.size()) return static_cast<int64_t>(n);
  } else if ((type == FieldType::kDouble || type == FieldType::kDoubleList) && !text.empty()) {
    char* end = nullptr;
    const double d = std::strtod(text.c_str(), &end);
    if (end == text.c_str() + text.size()) return d;
  }
  return text;  // not of its type: the core answers the service's type error
}

Json ToJson(const QueryService& s, const FormNode& node, const std::string& path) {
  if (!node.items.empty()) {
    Json out = Json::array();
    for (const auto& [index, item] : node.items) out.push_back(ToJson(s, item, path));
    return out;
  }
  if (!node.entries.empty()) {
    Json out = Json::object();
    for (const auto& [index, entry] : node.entries) {
      auto key = entry.members.find("key");
      auto value = entry.members.find("value");
      if (key == entry.members.end() || !key->second.value) continue;
      out[*key->second.value] = value == entry.members.end() ? Json() : ToJson(s, value->second, path + ".value");
    }
    return out;
  }
  if (!node.members.empty()) {
    Json out = Json::object();
    for (const auto& [name, member] : node.members) {
      out[name] = ToJson(s, member, path.empty() ? name : path + "." + name);
    }
    return out;
  }
  const FieldType type = TypeOf(s, path);
  const std::string text = node.value.value_or("");
  if (text.empty() && (type == FieldType::kList || type == FieldType::kDoubleList)) return Json::array();  // "X="
  return Scalar(text, type);
}

// [SECTION] JSON answer -> XML

void WriteValue(XmlWriter& w, std::string_view service, std::string_view name, const Json& value) {
  if (value.is_null()) return;
  if (value.is_array()) {
    w.Open(name);
    for (const Json& item : value) WriteValue(w, service, "member", item);
    w.Close();
    return;
  }
  if (value.is_object()) {
    w.Open(name);
    if (IsMapMember(service, name)) {
      for (auto it = value.begin(); it != value.end(); ++it) {
        w.Open("entry");
        w.Leaf("key", it.key());
        WriteValue(w, service, "value", it.value());
        w.Close();
      }
    } else {
      for (auto it = value.begin(); it != value.end(); ++it) WriteValue(w, service, it.key(), it.value());
    }
    w.Close();
    return;
  }
  if (value.is_boolean()) return w.Leaf(name, value.get<bool>() ? "true" : "false");
  if (value.is_string()) return w.Leaf(name, value.get_ref<const std::string&>());
  w.Leaf(name, DumpJson(value));  // numbers as JSON prints them ("5.0", "0.1", "1e+20"): botocore and the JS SDK parse these
}

// Timestamps the core answers as epoch seconds become ISO-8601 text (the query protocol's timestamp form).
void TimestampsToIso(std::string_view service, Json& value) {
  ConvertTimestampMembers(service, value, [](Json& v) {
    if (v.is_number()) v = FormatIso8601(FromEpochSeconds(v.get<double>()));
  });
}

HttpResponse XmlAnswer(int status, std::string body, const std::string& request_id) {
  HttpResponse response;
  response.status = status;
  response.SetHeader("Content-Type", "text/xml");
  response.SetHeader("x-amzn-RequestId", request_id);
  response.body = std::move(body);
  return response;
}

HttpResponse ErrorAnswer(const Lab& lab, const QueryService* s, const ApiError& error) {
  const std::string request_id = NextWireRequestId(lab);
  XmlWriter w;
  w.Open("ErrorResponse", s ? s->xmlns : std::string_view());
  w.Open("Error");
  w.Leaf("Type", error.http_status >= 500 ? "Receiver" : "Sender");
  w.Leaf("Code", error.code);
  w.Leaf("Message", error.message);
  w.Close();
  w.Leaf("RequestId", request_id);
  return XmlAnswer(error.http_status, w.Take(), request_id);
}

}  // namespace

HttpResponse HandleQueryProtocol(Lab& lab, const HttpRequest& request) {
  // Fields: the query string, then (POST) the form body.
  std::vector<std::pair<std::string, std::string>> fields;
  const std::string_view body = request.method == "POST" ? std::string_view(request.body) : std::string_view();
  for (std::string_view part : {request.query(), body}) {
    if (part.empty()) continue;
    auto parsed = ParseQueryString(part, /*form=*/true);
    if (!parsed) {
      return ErrorAnswer(lab, nullptr,
                         ApiError{"MalformedQueryString", "The request has a malformed percent-encoding.", 400});
    }
    for (auto& field : *parsed) fields.push_back(std::move(field));
  }
  std::string action, version;
  FormNode root;
  for (auto& [key, value] : fields) {
    if (key == "Action") {
      action = value;
    } else if (key == "Version") {
      version = value;
    } else if (!key.empty() && !Insert(root, key, std::move(value))) {
      return ErrorAnswer(lab, PickService(request, version),
                         ApiError{"MalformedQueryString", "The parameter name " + key.substr(0, 64) +
                                                              "... has more than 32 parts.", 400});
    }
  }
  const QueryService* s = PickService(request, version);
  if (action.empty()) return ErrorAnswer(lab, s, ApiError{"MissingAction", "Missing Action", 400});
  if (!s) {
    return ErrorAnswer(lab, nullptr,
                       ApiError{"InvalidAction",
                                "Could not tell the service of action " + action + " (Version " + version +
                                    "): this lab answers CloudFormation (2010-05-15), CloudWatch (2010-08-01) and IAM "
                                    "(2010-05-08).",
                                400});
  }
  const Json call_request = root.members.empty() ? Json::object() : ToJson(*s, root, "");
  Response response = lab.Call(s->service, action, call_request);
  if (!response.ok()) {
    ApiError error = *response.error;
    if (error.code == "UnknownOperationException") {
      error = ApiError{"InvalidAction",
                       "Could not find operation " + action + " for version " + std::string(s->version), 400};
    } else if (error.code == "SerializationException") {
      error.code = std::string(s->serialization_code);
    }
    return ErrorAnswer(lab, s, error);
  }
  TimestampsToIso(s->service, response.body);
  const std::string request_id = NextWireRequestId(lab);
  XmlWriter w;
  w.Open(action + "Response", s->xmlns);
  if (response.body.is_object() && !response.body.empty()) {
    w.Open(action + "Result");
    for (auto it = response.body.begin(); it != response.body.end(); ++it) {
      WriteValue(w, s->service, it.key(), it.value());
    }
    w.Close();
  }
  w.Open("ResponseMetadata");
  w.Leaf("RequestId", request_id);
  w.Close();
  return XmlAnswer(200, w.Take(), request_id);
}

}  // namespace fhl
