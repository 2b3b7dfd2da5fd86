// wire_router.h: AWS wire protocols over the one entry point. An HTTP request as an AWS SDK or CLI sends it
// becomes one Lab::Call; the Response becomes that protocol's HTTP answer (body, headers, error format).
// Must not depend on sockets, threads, Emscripten or the UI: the native server and the page both call this.
#pragma once

#include "core/wire_http.h"

namespace fhl {

class Lab;

// Picks the protocol and service from the request (X-Amz-Target, Content-Type, the Action form field, the
// SigV4 credential scope, the Host header) and answers it. Never aborts: anything unparseable gets that
// protocol's error response. SigV4 signatures are accepted with any credentials (not verified).
HttpResponse HandleHttp(Lab& lab, const HttpRequest& request);

// The protocols, one file each (wire_router.cpp picks):
HttpResponse HandleJsonRpc(Lab& lab, const HttpRequest& request);     // wire_json_rpc.cpp: AWS JSON 1.0/1.1
HttpResponse HandleQueryProtocol(Lab& lab, const HttpRequest& request);  // wire_query.cpp: CloudFormation, CloudWatch
HttpResponse HandleS3Rest(Lab& lab, const HttpRequest& request);      // wire_s3.cpp: S3 REST-XML

}  // namespace fhl
