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
// Transport contract of HandleS3Rest (the native server and the page's fetch handler):
// - request.body must already be de-chunked if the HTTP request used Transfer-Encoding: chunked (the JS SDK streams
//   PutObject bodies that way); S3's own aws-chunked framing inside the body (Content-Encoding: aws-chunked) is
//   decoded here. Answer Expect: 100-continue before reading the body (the AWS CLI sends it on every PutObject).
// - A HEAD answer carries its own Content-Length header (the object's length, not body.size(), which is 0): send it
//   as is and send no body. Every other answer has no Content-Length header: the transport adds body.size().

}  // namespace fhl
