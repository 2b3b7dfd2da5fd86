// demo_producer.cpp: the demo stock-ticker generator and its sending loop.
#include "core/demo_producer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/firehose_service.h"

namespace fhl {

const std::vector<DemoTicker>& DemoTickers() {
  static const std::vector<DemoTicker> kTickers = {
      {"QXZ", "HEALTHCARE", 8451},     {"ASD", "FINANCIAL", 6822},   {"BFH", "RETAIL", 3910},
      {"CVB", "TECHNOLOGY", 12034},    {"DFG", "ENERGY", 4592},      {"EHY", "MANUFACTURING", 2745},
      {"GHJ", "TECHNOLOGY", 21280},    {"HJK", "HEALTHCARE", 9613},  {"JKL", "ENERGY", 1172},
      {"KFU", "AUTOMOTIVE", 5860},     {"MJN", "RETAIL", 7305},      {"NGC", "FINANCIAL", 14390},
      {"PLM", "MEDIA", 2217},          {"RFV", "TECHNOLOGY", 16440}, {"TGH", "AUTOMOTIVE", 3584},
      {"WSB", "FINANCIAL", 5126},
  };
  return kTickers;
}

std::string FormatCents(int64_t cents) {
  const bool negative = cents < 0;
  const uint64_t magnitude = negative ? static_cast<uint64_t>(-cents) : static_cast<uint64_t>(cents);
  std::string out = negative ? "-" : "";
  out += std::to_string(magnitude / 100);
  const unsigned rest = static_cast<unsigned>(magnitude % 100);
  if (rest != 0) {
    out += '.';
    out += static_cast<char>('0' + rest / 10);
    if (rest % 10 != 0) out += static_cast<char>('0' + rest % 10);
  }
  return out;
}

DemoRecordGenerator::DemoRecordGenerator(uint64_t seed) : rng_(seed) {
  for (const DemoTicker& t : DemoTickers()) {
    price_cents_.push_back(t.start_price_cents);
    // Drift between -0.04% and +0.06% of the starting price per tick: some tickers climb, some fall.
    drift_cents_.push_back(static_cast<double>(t.start_price_cents) * (rng_.NextDouble() * 0.001 - 0.0004));
  }
}

void DemoRecordGenerator::AppendRecord(std::string& out) {
  const size_t i = static_cast<size_t>(rng_.Below(price_cents_.size()));
  const DemoTicker& ticker = DemoTickers()[i];
  const double sigma_cents = std::max(1.0, static_cast<double>(price_cents_[i]) * 0.003);
  int64_t change = std::llround(drift_cents_[i] + rng_.NextGaussian() * sigma_cents);
  if (price_cents_[i] + change < 100) change = 100 - price_cents_[i];  // prices stay at or above 1.00
  price_cents_[i] += change;
  out += "{\"ticker_symbol\":\"";
  out += ticker.symbol;
  out += "\",\"sector\":\"";
  out += ticker.sector;
  out += "\",\"change\":";
  out += FormatCents(change);
  out += ",\"price\":";
  out += FormatCents(price_cents_[i]);
  out += '}';
}

DemoProducer::DemoProducer(FirehoseService& firehose) : firehose_(firehose) {}

Status DemoProducer::Start(std::string_view stream_name, int records_per_second, uint64_t seed, TimeUs now) {
  const DeliveryStream* stream = firehose_.Find(stream_name);
  if (!stream) return firehose_.NotFound(stream_name);
  if (stream->status != StreamStatus::kActive) return firehose_.NotActive(*stream);
  if (records_per_second < 1 || records_per_second > kMaxRecordsPerSecond) {
    return ApiError{"InvalidArgumentException",
                    "RecordsPerSecond must be between 1 and " + std::to_string(kMaxRecordsPerSecond) + ".", 400};
  }
  auto it = sessions_.find(stream_name);
  if (it != sessions_.end() && it->second.running) {
    it->second.records_per_second = records_per_second;  // a running session keeps its generator and counts
  } else {
    if (it != sessions_.end()) sessions_.erase(it);
    Session session{std::string(stream_name), records_per_second, now, now, 0, 0, DemoRecordGenerator(seed), "", true};
    sessions_.emplace(session.stream_name, std::move(session));
  }
  ++generation_;
  RunDue(now);
  return Status::Ok();
}

Status DemoProducer::Stop(std::string_view stream_name) {
  auto it = sessions_.find(stream_name);
  if (it == sessions_.end() || !it->second.running) {
    if (!firehose_.Find(stream_name)) return firehose_.NotFound(stream_name);
    return Status::Ok();  // stopping a stopped producer is harmless, as the console's button
  }
  it->second.running = false;
  ++generation_;
  return Status::Ok();
}

const DemoProducer::Session* DemoProducer::Find(std::string_view stream_name) const {
  auto it = sessions_.find(stream_name);
  return it == sessions_.end() ? nullptr : &it->second;
}

std::optional<TimeUs> DemoProducer::NextEventTime() const {
  std::optional<TimeUs> next;
  for (const auto& [name, s] : sessions_) {
    if (s.running && (!next || s.next_send < *next)) next = s.next_send;
  }
  return next;
}

void DemoProducer::SendRound(Session& session, TimeUs now) {
  DeliveryStream* stream = firehose_.Find(session.stream_name);
  if (!stream || stream->status != StreamStatus::kActive) {
    session.running = false;
    session.last_error = (stream ? firehose_.NotActive(*stream) : firehose_.NotFound(session.stream_name)).message;
    ++generation_;
    return;
  }
  const size_t count = static_cast<size_t>(session.records_per_second);
  scratch_.clear();
  ends_.clear();
  for (size_t i = 0; i < count; ++i) {
    session.generator.AppendRecord(scratch_);
    ends_.push_back(scratch_.size());
  }
  views_.clear();
  size_t begin = 0;
  for (size_t end : ends_) {
    views_.emplace_back(scratch_.data() + begin, end - begin);
    begin = end;
  }
  // The console's script sends PutRecordBatch calls of at most 500 records.
  for (size_t first = 0; first < count; first += FirehoseService::kMaxBatchRecords) {
    const size_t n = std::min(FirehoseService::kMaxBatchRecords, count - first);
    firehose_.PutRecords(*stream, views_.data() + first, n, now);
  }
  session.records_sent += count;
  session.bytes_sent += scratch_.size();
  ++generation_;
}

void DemoProducer::RunDue(TimeUs now) {
  for (auto& [name, session] : sessions_) {
    while (session.running && session.next_send <= now) {
      SendRound(session, session.next_send);
      session.next_send += kUsPerSecond;
    }
  }
}

}  // namespace fhl
