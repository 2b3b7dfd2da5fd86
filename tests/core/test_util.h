// test_util.h: small helpers shared by the core tests (a Lab with exact start time, call shortcuts).
// Test-only; depends on the core and GoogleTest.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "core/base64.h"
#include "core/lab.h"

namespace fhl::test {

// 2026-03-14T09:26:00Z: a fixed, ordinary start time.
constexpr TimeUs kStart = 1773480360LL * kUsPerSecond;

inline LabOptions EmptyLab(TimeUs start = kStart) {
  LabOptions o;
  o.start_time = start;
  o.seed = 42;
  o.create_lab_resources = false;
  return o;
}

// Calls and expects success; returns the body.
inline Json Ok(Lab& lab, std::string_view service, std::string_view action, const Json& request) {
  Response r = lab.Call(service, action, request);
  EXPECT_TRUE(r.ok()) << service << "." << action << " failed: " << (r.error ? r.error->code + ": " + r.error->message : "");
  return r.body;
}

// Calls and expects an error; returns it.
inline ApiError Err(Lab& lab, std::string_view service, std::string_view action, const Json& request) {
  Response r = lab.Call(service, action, request);
  EXPECT_FALSE(r.ok()) << service << "." << action << " unexpectedly succeeded: " << DumpJson(r.body);
  return r.error.value_or(ApiError{});
}

inline Json S3Destination(const std::string& bucket, int size_mb, int interval_s, const std::string& prefix = "stocks/",
                          bool newline = false) {
  Json d = {{"RoleARN", "arn:aws:iam::123456789012:role/firehose-role"},
            {"BucketARN", "arn:aws:s3:::" + bucket},
            {"Prefix", prefix},
            {"BufferingHints", {{"SizeInMBs", size_mb}, {"IntervalInSeconds", interval_s}}}};
  if (newline) {
    d["ProcessingConfiguration"] = {{"Enabled", true}, {"Processors", {{{"Type", "AppendDelimiterToRecord"}}}}};
  }
  return d;
}

// Creates bucket + stream and advances until the stream is ACTIVE.
inline void MakeStream(Lab& lab, const std::string& stream, const std::string& bucket, int size_mb, int interval_s,
                       const std::string& prefix = "stocks/", bool newline = false) {
  Ok(lab, "S3", "CreateBucket", {{"Bucket", bucket}});
  Ok(lab, "Firehose", "CreateDeliveryStream",
     {{"DeliveryStreamName", stream},
      {"DeliveryStreamType", "DirectPut"},
      {"ExtendedS3DestinationConfiguration", S3Destination(bucket, size_mb, interval_s, prefix, newline)}});
  lab.Advance(5 * kUsPerSecond);
}

inline Json Record(std::string_view bytes) { return {{"Data", Base64Encode(bytes)}}; }

inline Json ListAll(Lab& lab, const std::string& bucket, const std::string& prefix = "") {
  Json body = Ok(lab, "S3", "ListObjectsV2", {{"Bucket", bucket}, {"Prefix", prefix}});
  return body.contains("Contents") ? body["Contents"] : Json::array();
}

inline std::string GetBody(Lab& lab, const std::string& bucket, const std::string& key) {
  Json body = Ok(lab, "S3", "GetObject", {{"Bucket", bucket}, {"Key", key}});
  if (!body.contains("Body") || !body["Body"].is_string()) return "";
  return Base64Decode(body["Body"].get<std::string>()).value_or("<bad base64>");
}

}  // namespace fhl::test
