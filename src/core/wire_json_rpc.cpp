// wire_json_rpc.cpp: the AWS JSON 1.0/1.1 protocols (POST /, X-Amz-Target: <prefix>.<Operation>, JSON body) over
// Lab::Call. Must not depend on sockets, threads, Emscripten or the UI.
#include <algorithm>
#include <string>
#include <string_view>

#include "core/lab.h"
#include "core/sim_time.h"
#include "core/wire_common.h"
#include "core/wire_router.h"

namespace fhl {
namespace {

// [SECTION] targets

struct JsonTarget {
  std::string_view prefix;       // X-Amz-Target before the '.'
  std::string_view service;      // Lab::Call service
  std::string_view json_version;  // "1.0" or "1.1"
  std::string_view message_key;  // the error body's message member in the real service
};

// The JS SDK v3 CloudWatch client speaks AWS JSON 1.0 (awsQueryCompatible: it sends x-amzn-query-mode: true and
// reads the query error code from x-amzn-query-error); botocore 1.29 and awscli 2.9 still use the query protocol.
constexpr JsonTarget kTargets[] = {
    {"Firehose_20150804", "Firehose", "1.1", "message"},
    {"AmazonAthena", "Athena", "1.1", "Message"},
    {"AWSGlue", "Glue", "1.1", "Message"},
    {"GraniteServiceVersion20100801", "CloudWatch", "1.0", "message"},
    {"FirehoseLab", "Lab", "1.1", "message"},  // lab-only sandbox controls (AdvanceClock, GetClock, StartDemoData...)
};

const JsonTarget* FindTarget(std::string_view prefix) {
  for (const JsonTarget& t : kTargets) {
    if (t.prefix == prefix) return &t;
  }
  return nullptr;
}

// CloudWatch's query error codes (what the core answers) and their JSON 1.0 shape names.
std::string_view CloudWatchJsonErrorName(std::string_view query_code) {
  if (query_code == "InvalidParameterValue") return "InvalidParameterValueException";
  if (query_code == "MissingParameter") return "MissingRequiredParameterException";
  if (query_code == "InvalidParameterCombination") return "InvalidParameterCombinationException";
  return query_code;
}

// [SECTION] timestamps: ISO-8601 text in a core response -> epoch seconds on the wire

Json EpochJson(TimeUs t) {
  if (t % kUsPerSecond == 0) return Json(t / kUsPerSecond);
  return Json(ToEpochSeconds(t));
}

void TimestampsToEpoch(std::string_view service, Json& value) {
  ConvertTimestampMembers(service, value, [](Json& v) {
    if (!v.is_string()) return;
    if (auto t = ParseIso8601(v.get_ref<const std::string&>())) v = EpochJson(*t);
  });
}

// [SECTION] answers

HttpResponse Answer(const Lab& lab, std::string_view json_version, int status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.SetHeader("Content-Type", "application/x-amz-json-" + std::string(json_version));
  response.SetHeader("x-amzn-RequestId", NextWireRequestId(lab));
  response.body = std::move(body);
  return response;
}

HttpResponse ErrorAnswer(const Lab& lab, const JsonTarget* target, std::string_view json_version,
                         const ApiError& error) {
  std::string code = error.code;
  const std::string message_key = target ? std::string(target->message_key) : "message";
  if (target && target->service == "CloudWatch") code = std::string(CloudWatchJsonErrorName(error.code));
  Json body = {{"__type", code}, {message_key, error.message}};
  HttpResponse response = Answer(lab, json_version, error.http_status, DumpJson(body));
  if (target && target->service == "CloudWatch") {
    // awsQueryCompatible: the query protocol's code and fault, read by the JS SDK's CloudWatch client.
    response.SetHeader("x-amzn-query-error", error.code + (error.http_status >= 500 ? ";Receiver" : ";Sender"));
  }
  return response;
}

// Deepest [ / { nesting outside strings. Bodies nested deeper than kMaxNesting are refused before parsing: every walk
// over a JSON value (here and in the services) recurses, and the page's wasm stack is small.
constexpr int kMaxNesting = 64;

int NestingDepth(std::string_view text) {
  int depth = 0, max_depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      max_depth = std::max(max_depth, ++depth);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return max_depth;
}

bool IsBlank(std::string_view text) {
  for (char c : text) {
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t') return false;
  }
  return true;
}

}  // namespace

HttpResponse HandleJsonRpc(Lab& lab, const HttpRequest& request) {
  const std::string_view target_header = request.Header("X-Amz-Target").value_or("");
  const size_t dot = target_header.find('.');
  const std::string_view prefix = target_header.substr(0, dot);
  const std::string_view operation = dot == std::string_view::npos ? std::string_view() : target_header.substr(dot + 1);
  const JsonTarget* target = FindTarget(prefix);
  // Unknown targets answer in the JSON version the client asked for.
  const std::string_view content_type = request.Header("Content-Type").value_or("");
  const std::string_view json_version =
      target ? target->json_version : (content_type.find("json-1.0") != std::string_view::npos ? "1.0" : "1.1");
  if (!target || operation.empty()) {
    return ErrorAnswer(lab, target, json_version,
                       ApiError{"UnknownOperationException",
                                "The X-Amz-Target '" + std::string(target_header) +
                                    "' names no operation of this lab. Known prefixes: Firehose_20150804, AmazonAthena, "
                                    "AWSGlue, GraniteServiceVersion20100801 (CloudWatch), FirehoseLab.",
                                400});
  }
  if (request.method != "POST") {
    return ErrorAnswer(lab, target, json_version,
                       ApiError{"UnknownOperationException",
                                "AWS JSON protocols take POST requests; got " + request.method + ".", 400});
  }
  Json body = Json::object();
  if (!IsBlank(request.body)) {
    if (NestingDepth(request.body) > kMaxNesting) {
      return ErrorAnswer(lab, target, json_version,
                         ApiError{"SerializationException",
                                  "The request body nests deeper than " + std::to_string(kMaxNesting) + " levels.", 400});
    }
    std::optional<Json> parsed = ParseJson(request.body);
    if (!parsed || !parsed->is_object()) {
      return ErrorAnswer(lab, target, json_version,
                         ApiError{"SerializationException",
                                  parsed ? "The request body must be a JSON object." : "The request body is not valid JSON.",
                                  400});
    }
    body = std::move(*parsed);
  }
  Response response = lab.Call(target->service, operation, body);
  if (!response.ok()) return ErrorAnswer(lab, target, json_version, *response.error);
  TimestampsToEpoch(target->service, response.body);
  return Answer(lab, json_version, 200, DumpJson(response.body));
}

}  // namespace fhl
