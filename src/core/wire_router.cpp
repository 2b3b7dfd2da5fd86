// wire_router.cpp: picks the AWS wire protocol of one HTTP request (JSON RPC, query, S3 REST-XML) and hands it to
// that protocol's handler (see wire_router.h). Must not depend on sockets, threads, Emscripten or the UI.
#include "core/wire_router.h"

#include <atomic>
#include <initializer_list>
#include <cstdint>
#include <string_view>

#include "core/lab.h"
#include "core/wire_common.h"

namespace fhl {
namespace {

bool StartsWithIgnoreCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && EqualsIgnoreCase(text.substr(0, prefix.size()), prefix);
}

// "Action=" as the first field of a form (or query string), or after any '&'.
bool HasActionField(std::string_view form) {
  if (form.substr(0, 7) == "Action=") return true;
  return form.find("&Action=") != std::string_view::npos;
}

// A form-encoded POST, or a body/query with an Action field: the query protocol (CloudFormation, CloudWatch).
bool IsQueryProtocol(const HttpRequest& request) {
  const std::string_view content_type = request.Header("Content-Type").value_or("");
  if (request.method == "POST") {
    if (StartsWithIgnoreCase(content_type, "application/x-www-form-urlencoded")) return true;
    if (content_type.empty() && HasActionField(request.body)) return true;
  }
  // GET /?Action=DescribeStacks&Version=2010-05-15 (the query protocol's GET form; never an S3 request shape).
  return request.path() == "/" && HasActionField(request.query()) && request.Header("X-Amz-Target") == std::nullopt &&
         (request.method == "GET" || request.method == "POST");
}

uint64_t SplitMix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

bool Contains(std::initializer_list<std::string_view> names, std::string_view member) {
  for (std::string_view n : names) {
    if (n == member) return true;
  }
  return false;
}

}  // namespace

// [SECTION] shared by the protocols (wire_common.h)

std::string NextWireRequestId(const Lab& lab) {
  static std::atomic<uint64_t> counter{0};
  const uint64_t n = counter.fetch_add(1) + 1;
  const uint64_t hi = SplitMix64(n ^ (static_cast<uint64_t>(lab.now()) << 1));
  const uint64_t lo = SplitMix64(hi ^ n);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 32; ++i) {
    const uint64_t word = i < 16 ? hi : lo;
    int nibble = static_cast<int>((word >> ((15 - i % 16) * 4)) & 0xF);
    if (i == 12) nibble = 4;                  // version 4
    if (i == 16) nibble = 8 | (nibble & 3);   // RFC 4122 variant
    if (i == 8 || i == 12 || i == 16 || i == 20) out += '-';
    out += kHex[nibble];
  }
  return out;
}

// Members whose shape is a timestamp, per service, from botocore 1.29.27's service-2.json (response members; Glue's
// input-only filters and its MaximumValue/MinimumValue, numbers in other shapes, are left out). Names only: a name
// is a timestamp wherever it appears in that service's answers.
bool IsTimestampMember(std::string_view service, std::string_view member) {
  if (service == "Firehose") return Contains({"CreateTimestamp", "DeliveryStartTimestamp", "LastUpdateTimestamp"}, member);
  if (service == "Athena") {
    return Contains({"CompletionDateTime", "CreateTime", "CreationTime", "EndDateTime", "IdleSinceDateTime",
                     "LastAccessTime", "LastModifiedDateTime", "LastModifiedTime", "StartDateTime", "SubmissionDateTime"},
                    member);
  }
  if (service == "Glue") {
    return Contains({"AnalyzedTime", "CompletedOn", "CreateTime", "CreatedOn", "CreatedTimeStamp", "CreatedTimestamp",
                     "CreationTime", "ImportTime", "LastAccessTime", "LastAnalyzedTime", "LastModifiedOn",
                     "LastModifiedTimestamp", "LastUpdated", "LastUpdatedTime", "StartedOn", "UpdateTime"},
                    member);
  }
  if (service == "CloudWatch") {
    return Contains({"Timestamp", "Timestamps", "StartTime", "EndTime", "AlarmConfigurationUpdatedTimestamp",
                     "CreationDate", "EndDate", "LastModified", "LastUpdateDate", "StartDate",
                     "StateTransitionedTimestamp", "StateUpdatedTimestamp"},
                    member);
  }
  if (service == "CloudFormation") {
    return Contains({"CreationTime", "CreationTimestamp", "DeletionTime", "EndTimestamp", "LastCheckTimestamp",
                     "LastDriftCheckTimestamp", "LastUpdated", "LastUpdatedTime", "LastUpdatedTimestamp", "TimeCreated",
                     "Timestamp"},
                    member);
  }
  return false;
}

void ConvertTimestampMembers(std::string_view service, Json& body, void (*convert)(Json& value)) {
  if (body.is_array()) {
    for (Json& item : body) ConvertTimestampMembers(service, item, convert);
    return;
  }
  if (!body.is_object()) return;
  for (auto it = body.begin(); it != body.end(); ++it) {
    Json& member = it.value();
    if (IsTimestampMember(service, it.key())) {
      convert(member);
      if (member.is_array()) {
        for (Json& item : member) convert(item);
      }
    }
    ConvertTimestampMembers(service, member, convert);
  }
}

// [SECTION] protocol pick

HttpResponse HandleHttp(Lab& lab, const HttpRequest& request) {
  if (request.Header("X-Amz-Target")) return HandleJsonRpc(lab, request);
  if (IsQueryProtocol(request)) return HandleQueryProtocol(lab, request);
  return HandleS3Rest(lab, request);
}

}  // namespace fhl
