// fake_aws.h: a small in-test stand-in for Lab::Call answering the shapes the dashboard uses (Firehose, S3,
// CloudWatch, Lab), with call recording and injectable failures. Lets panel tests run without the core.
#pragma once

#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "core/api_error.h"
#include "core/base64.h"
#include "core/json.h"
#include "ui/api_cache.h"

namespace fhl::ui::testing {

class FakeAws {
 public:
  std::string stream = "ie-tech-mba-stream";
  std::string bucket = "ie-tech-mba-message-queue-sink-k3v9q2-bucket";
  double now_s = 1767225600.0 + 90;  // 2026-01-01T00:01:30Z
  uint64_t generation = 1;
  bool demo_running = false;
  int demo_rate = 0;
  int64_t records_sent = 0;
  int version = 1;
  double buffer_size_mib = 1, buffer_interval_s = 60;
  std::map<std::string, std::string> objects;  // key -> body (all in `bucket`)
  std::vector<Json> deliveries;
  std::map<std::string, ApiError> failures;  // "Service.Action" -> error
  std::vector<std::string> calls;             // "Service.Action" per call
  Json last_metric_request;
  Json last_write;

  ApiCache MakeCache() {
    return ApiCache([this](std::string_view s, std::string_view a, const Json& r) { return Call(s, a, r); },
                    [this]() { return generation; });
  }

  int CountCalls(const std::string& name) const {
    int n = 0;
    for (const std::string& c : calls) n += c == name;
    return n;
  }

  void AddObject(const std::string& key, const std::string& body) {
    objects[key] = body;
    ++generation;
  }

  Response Call(std::string_view service, std::string_view action, const Json& r) {
    std::string name = std::string(service) + "." + std::string(action);
    calls.push_back(name);
    auto f = failures.find(name);
    if (f != failures.end()) return Response{Json::object(), f->second};
    if (name == "Lab.GetClock") return Response::Ok({{"Now", "2026-01-01T00:01:30.000Z"}, {"NowEpochSeconds", now_s}});
    if (name == "Lab.DescribeLab")
      return Response::Ok({{"AccountId", "123456789012"}, {"Region", "us-east-1"}, {"LabStreamName", stream}, {"LabBucketName", bucket}});
    if (name == "Firehose.ListDeliveryStreams")
      return Response::Ok({{"DeliveryStreamNames", Json::array({stream})}, {"HasMoreDeliveryStreams", false}});
    if (name == "Firehose.DescribeDeliveryStream") {
      if (!r.contains("DeliveryStreamName") || r["DeliveryStreamName"] != stream)
        return Response::Fail("ResourceNotFoundException", "Firehose x under account 123456789012 not found.");
      return Response::Ok({{"DeliveryStreamDescription", Describe()}});
    }
    if (name == "Lab.DescribeDemoData")
      return Response::Ok({{"Running", demo_running}, {"RecordsPerSecond", demo_rate}, {"RecordsSent", records_sent},
                           {"BytesSent", records_sent * 75}, {"StartedAt", now_s - 30}});
    if (name == "Lab.StartDemoData") {
      last_write = r;
      demo_running = true;
      demo_rate = r.contains("RecordsPerSecond") && r["RecordsPerSecond"].is_number() ? r["RecordsPerSecond"].get<int>() : 100;
      ++generation;
      return Response::Ok(Json::object());
    }
    if (name == "Lab.StopDemoData") {
      last_write = r;
      demo_running = false;
      ++generation;
      return Response::Ok(Json::object());
    }
    if (name == "Firehose.UpdateDestination") {
      last_write = r;
      const Json& hints = r["ExtendedS3DestinationUpdate"]["BufferingHints"];
      buffer_size_mib = hints["SizeInMBs"].get<double>();
      buffer_interval_s = hints["IntervalInSeconds"].get<double>();
      ++version;
      ++generation;
      return Response::Ok(Json::object());
    }
    if (name == "Lab.ListDeliveries") {
      double from = r.value("StartTime", -1e18), to = r.value("EndTime", 1e18);
      Json out = Json::array();
      for (const Json& d : deliveries)
        if (d["Time"].get<double>() >= from && d["Time"].get<double>() < to) out.push_back(d);
      return Response::Ok({{"Deliveries", out}, {"BufferedRecords", 100}, {"BufferedBytes", 7000}});
    }
    if (name == "CloudWatch.GetMetricData") return MetricData(r);
    if (name == "S3.ListBuckets")
      return Response::Ok({{"Buckets", Json::array({{{"Name", bucket}, {"CreationDate", "2026-01-01T00:00:00.000Z"}}})}});
    if (name == "S3.ListObjectsV2") return ListObjects(r);
    if (name == "S3.GetObject") {
      auto it = objects.find(r.value("Key", std::string()));
      if (it == objects.end()) return Response::Fail("NoSuchKey", "The specified key does not exist.", 404);
      return Response::Ok({{"Body", Base64Encode(it->second)},
                           {"ContentLength", it->second.size()},
                           {"ContentType", "application/octet-stream"},
                           {"ETag", "\"0123456789abcdef0123456789abcdef\""},
                           {"LastModified", "2026-01-01T00:01:00.000Z"}});
    }
    return UnknownOperation(service, action);
  }

 private:
  Json Describe() const {
    Json ext = {{"RoleARN", "arn:aws:iam::123456789012:role/firehose-role"},
                {"BucketARN", "arn:aws:s3:::" + bucket},
                {"Prefix", "stocks/"},
                {"ErrorOutputPrefix", "errors/"},
                {"BufferingHints", {{"SizeInMBs", buffer_size_mib}, {"IntervalInSeconds", buffer_interval_s}}},
                {"CompressionFormat", "UNCOMPRESSED"},
                {"EncryptionConfiguration", {{"NoEncryptionConfig", "NoEncryption"}}},
                {"CloudWatchLoggingOptions", {{"Enabled", false}}},
                {"ProcessingConfiguration", {{"Enabled", false}, {"Processors", Json::array()}}},
                {"S3BackupMode", "Disabled"}};
    return {{"DeliveryStreamName", stream},
            {"DeliveryStreamARN", "arn:aws:firehose:us-east-1:123456789012:deliverystream/" + stream},
            {"DeliveryStreamStatus", "ACTIVE"},
            {"DeliveryStreamType", "DirectPut"},
            {"VersionId", std::to_string(version)},
            {"CreateTimestamp", 1767225600.0},
            {"DeliveryStreamEncryptionConfiguration", {{"Status", "DISABLED"}}},
            {"Destinations", Json::array({{{"DestinationId", "destinationId-000000000001"},
                                           {"S3DestinationDescription", Json::object()},
                                           {"ExtendedS3DestinationDescription", ext}}})},
            {"HasMoreDestinations", false}};
  }

  Response MetricData(const Json& r) {
    last_metric_request = r;
    double start = r.value("StartTime", 0.0), end = r.value("EndTime", 0.0);
    Json results = Json::array();
    for (const Json& q : r["MetricDataQueries"]) {
      if (q.contains("ReturnData") && q["ReturnData"] == false) continue;
      double period = 60;
      if (q.contains("MetricStat")) period = q["MetricStat"].value("Period", 60.0);
      if (q.contains("Expression")) period = r["MetricDataQueries"][0]["MetricStat"].value("Period", 60.0);
      Json ts = Json::array(), vs = Json::array();
      for (double t = std::ceil(start / period) * period; t < end; t += period) {
        ts.push_back(t);
        vs.push_back(100.0 + std::fmod(t, 7.0));
      }
      results.push_back({{"Id", q["Id"]}, {"Label", q.value("Label", std::string())}, {"Timestamps", ts},
                         {"Values", vs}, {"StatusCode", "Complete"}});
    }
    return Response::Ok({{"MetricDataResults", results}});
  }

  Response ListObjects(const Json& r) {
    if (r.value("Bucket", std::string()) != bucket)
      return Response::Fail("NoSuchBucket", "The specified bucket does not exist.", 404);
    std::string prefix = r.value("Prefix", std::string());
    std::string delimiter = r.value("Delimiter", std::string());
    std::string token = r.value("ContinuationToken", std::string());
    int max_keys = r.value("MaxKeys", 1000);
    Json contents = Json::array(), prefixes = Json::array();
    int count = 0;
    bool truncated = false;
    std::string next, last;
    auto it = token.empty() ? objects.lower_bound(prefix) : objects.upper_bound(token);
    for (; it != objects.end(); ++it) {
      const std::string& key = it->first;
      if (key.compare(0, prefix.size(), prefix) != 0) break;
      if (!token.empty() && token.back() == '/' && key.compare(0, token.size(), token) == 0) continue;
      std::string entry = key;
      bool is_prefix = false;
      if (!delimiter.empty()) {
        size_t d = key.find(delimiter, prefix.size());
        if (d != std::string::npos) {
          entry = key.substr(0, d + delimiter.size());
          is_prefix = true;
          if (!prefixes.empty() && prefixes.back()["Prefix"] == entry) continue;
        }
      }
      if (count == max_keys) {
        truncated = true;
        next = last;
        break;
      }
      if (is_prefix) {
        prefixes.push_back({{"Prefix", entry}});
      } else {
        contents.push_back({{"Key", key}, {"LastModified", "2026-01-01T00:01:00.000Z"}, {"ETag", "\"abc\""},
                            {"Size", it->second.size()}, {"StorageClass", "STANDARD"}});
      }
      last = entry;
      ++count;
    }
    Json body = {{"IsTruncated", truncated}, {"KeyCount", count}, {"Name", bucket}, {"Prefix", prefix}};
    if (!contents.empty()) body["Contents"] = contents;
    if (!prefixes.empty()) body["CommonPrefixes"] = prefixes;
    if (truncated) body["NextContinuationToken"] = next;
    return Response::Ok(body);
  }
};

// Demo-record body: `n` concatenated documents without a delimiter, as Firehose delivers demo data.
inline std::string DemoBody(int n) {
  std::string body;
  for (int i = 0; i < n; ++i) {
    char buf[128];
    std::snprintf(buf, sizeof buf, R"({"ticker_symbol":"QXZ","sector":"HEALTHCARE","change":-0.05,"price":%d.51})", 80 + i % 10);
    body += buf;
  }
  return body;
}

}  // namespace fhl::ui::testing
