// delivery_stream.cpp: small behaviours of a delivery stream's typed configuration and buffer.
#include "core/delivery_stream.h"

namespace fhl {

bool ExtendedS3Destination::appends_delimiter() const {
  if (!processing_enabled) return false;
  for (const Processor& p : processors) {
    if (p.type == "AppendDelimiterToRecord") return true;
  }
  return false;
}

std::string ExtendedS3Destination::bucket_name() const {
  const std::string_view marker = ":::";
  const size_t pos = bucket_arn.find(marker);
  return pos == std::string::npos ? std::string() : bucket_arn.substr(pos + marker.size());
}

const char* StreamStatusName(StreamStatus s) {
  switch (s) {
    case StreamStatus::kCreating: return "CREATING";
    case StreamStatus::kActive: return "ACTIVE";
    case StreamStatus::kDeleting: return "DELETING";
  }
  return "ACTIVE";
}

const char* FlushReasonName(FlushReason r) {
  return r == FlushReason::kBufferingSize ? "BufferingSize" : "BufferingInterval";
}

std::optional<TimeUs> DeliveryStream::NextDeliveryTime() const {
  if (buffer.records == 0 || status != StreamStatus::kActive) return std::nullopt;
  if (buffer.retry_at != 0) return buffer.retry_at;
  return buffer.oldest_arrival + destination.buffering_hints.interval_us();
}

}  // namespace fhl
