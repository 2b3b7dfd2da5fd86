// ingest_workload.h: the ingest benchmark's workload, shared by the Google Benchmark (native) and the plain
// timing harness (wasm under node): 100-byte records in batches of 500 into a 1 MiB / 900 s stream.
// Depends on the core only.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/base64.h"
#include "core/firehose_service.h"
#include "core/lab.h"
#include "core/object_store.h"

namespace fhl::bench {

constexpr size_t kRecordBytes = 100;
constexpr size_t kBatchRecords = 500;

struct IngestWorkload {
  Lab lab;
  DeliveryStream* stream = nullptr;
  std::vector<std::string> records;
  std::vector<std::string_view> views;
  Json batch_request;        // PutRecordBatch with base64 payloads
  std::string batch_text;    // the same request as JSON text

  IngestWorkload() : lab(MakeOptions()) {
    lab.s3().set_quota_bytes(uint64_t{8} << 30);
    lab.Call("S3", "CreateBucket", {{"Bucket", "bench-bucket"}});
    lab.Call("Firehose", "CreateDeliveryStream",
             {{"DeliveryStreamName", "bench"},
              {"ExtendedS3DestinationConfiguration",
               {{"RoleARN", "arn:aws:iam::123456789012:role/r"},
                {"BucketARN", "arn:aws:s3:::bench-bucket"},
                {"Prefix", "bench/"},
                {"BufferingHints", {{"SizeInMBs", 1}, {"IntervalInSeconds", 900}}}}}});
    lab.Advance(10 * kUsPerSecond);
    stream = lab.firehose().Find("bench");
    Json list = Json::array();
    for (size_t i = 0; i < kBatchRecords; ++i) {
      std::string r(kRecordBytes, static_cast<char>('a' + i % 26));
      r.back() = '\n';
      records.push_back(r);
      list.push_back({{"Data", Base64Encode(r)}});
    }
    views.assign(records.begin(), records.end());
    batch_request = {{"DeliveryStreamName", "bench"}, {"Records", list}};
    batch_text = DumpJson(batch_request);
  }

  static LabOptions MakeOptions() {
    LabOptions o;
    o.create_lab_resources = false;
    return o;
  }

  // The core's own put (the demo producer's path).
  void PutBatchCore() { lab.firehose().PutRecords(*stream, views.data(), views.size(), lab.now()); }
  // The JSON entry point with an already-parsed request.
  bool PutBatchJson() { return lab.Call("Firehose", "PutRecordBatch", batch_request).ok(); }
  // The text entry point (parse + call + dump), as the page's JS API uses it.
  size_t PutBatchText() { return lab.CallText("Firehose", "PutRecordBatch", batch_text).size(); }

  // Drops delivered objects so memory stays flat across iterations (not timed).
  void DropObjects() {
    ListObjectsV2Request list;
    list.bucket = "bench-bucket";
    for (;;) {
      auto page = lab.s3().ListObjectsV2(list);
      if (!page.ok() || page.value().contents.empty()) break;
      std::vector<std::string> keys;
      for (const S3Object* o : page.value().contents) keys.push_back(o->key);
      for (const std::string& k : keys) lab.s3().DeleteObject("bench-bucket", k);
    }
  }
  size_t ObjectCount() {
    ListObjectsV2Request list;
    list.bucket = "bench-bucket";
    auto page = lab.s3().ListObjectsV2(list);
    return page.ok() ? page.value().contents.size() : 0;
  }
};

}  // namespace fhl::bench
