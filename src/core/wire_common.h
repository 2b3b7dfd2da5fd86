// wire_common.h: what the wire protocols of wire_router/wire_json_rpc/wire_query share: request ids and the
// per-service lists of timestamp members. Must not depend on sockets, threads, Emscripten or the UI.
#pragma once

#include <string>
#include <string_view>

#include "core/json.h"

namespace fhl {

class Lab;

// A UUID-shaped request id ("8edfc8ab-6a05-4329-a45b-2644b6e468f9") for x-amzn-RequestId and <RequestId>.
// Deterministic (a process-wide counter mixed with the lab's clock); it never touches the Lab's Rng, so answering a
// request (even a failed one) changes nothing in the lab.
std::string NextWireRequestId(const Lab& lab);

// True when `member` is a timestamp member of `service` ("Firehose", "Athena", "Glue", "CloudWatch",
// "CloudFormation") in the service's AWS model (botocore service-2.json, every shape of type timestamp).
// JSON protocols carry these as epoch seconds (numbers); the query protocol as ISO-8601 text.
bool IsTimestampMember(std::string_view service, std::string_view member);

// Calls convert(value) on every timestamp member of `service` in a response body (and on each item of a list of
// timestamps), at any depth: the one walk behind both wire forms (epoch seconds for JSON, ISO-8601 for query).
void ConvertTimestampMembers(std::string_view service, Json& body, void (*convert)(Json& value));

}  // namespace fhl
