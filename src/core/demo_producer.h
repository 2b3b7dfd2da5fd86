// demo_producer.h: "Test with demo data": seeded stock-ticker records, put into a stream at a steady rate.
// Records look like the console's: {"ticker_symbol":"QXZ","sector":"HEALTHCARE","change":-0.05,"price":84.51}
// (no timestamp, no newline). Must not depend on JSON, the UI or the clock: times are inputs.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/api_error.h"
#include "core/rng.h"
#include "core/sim_time.h"

namespace fhl {

class FirehoseService;
class SnapshotReader;
class SnapshotWriter;

struct DemoTicker {
  const char* symbol;
  const char* sector;
  int64_t start_price_cents;
};

// The fixed universe of tickers (fictional symbols) and their sectors.
const std::vector<DemoTicker>& DemoTickers();

// Generates records: each picks a ticker uniformly; its price takes a random-walk step (cents, with a small
// per-ticker drift drawn from the seed) and the record carries the step as "change" and the new "price".
class DemoRecordGenerator {
 public:
  explicit DemoRecordGenerator(uint64_t seed);
  // Appends one record to `out`.
  void AppendRecord(std::string& out);
  int64_t price_cents(size_t ticker) const { return price_cents_[ticker]; }
  // Persistence (snapshot_services.cpp): RNG state, prices and drifts.
  void Save(SnapshotWriter& w) const;
  bool Load(SnapshotReader& r);

 private:
  Rng rng_;
  std::vector<int64_t> price_cents_;
  std::vector<double> drift_cents_;  // mean step per tick, per ticker
};

// Formats cents as JavaScript prints the number: 8451 -> "84.51", 8450 -> "84.5", 8400 -> "84", -5 -> "-0.05".
std::string FormatCents(int64_t cents);

class DemoProducer {
 public:
  static constexpr int kDefaultRecordsPerSecond = 100;
  static constexpr int kMaxRecordsPerSecond = 2000;  // as the Kinesis Data Generator allows

  struct Session {
    std::string stream_name;
    int records_per_second = kDefaultRecordsPerSecond;
    TimeUs started_at = 0;
    TimeUs next_send = 0;  // one PutRecordBatch round per simulated second, starting at started_at
    uint64_t records_sent = 0, bytes_sent = 0;
    DemoRecordGenerator generator;
    std::string last_error;
    bool running = true;
  };

  explicit DemoProducer(FirehoseService& firehose);

  // Starts (or restarts with a new rate) sending to an ACTIVE stream; the first batch goes out at `now`.
  Status Start(std::string_view stream_name, int records_per_second, uint64_t seed, TimeUs now);
  Status Stop(std::string_view stream_name);
  const Session* Find(std::string_view stream_name) const;

  std::optional<TimeUs> NextEventTime() const;
  void RunDue(TimeUs now);
  uint64_t generation() const { return generation_; }

  // Persistence (snapshot_services.cpp): Load replaces the whole state; on error it is half-filled (the Lab
  // checks a snapshot on a scratch lab before loading it here).
  void Save(SnapshotWriter& w) const;
  Status Load(SnapshotReader& r);

 private:
  void SendRound(Session& session, TimeUs now);

  FirehoseService& firehose_;
  std::map<std::string, Session, std::less<>> sessions_;
  std::string scratch_;                      // reused record bytes for one round
  std::vector<std::string_view> views_;      // reused
  std::vector<size_t> ends_;                 // reused
  uint64_t generation_ = 0;
};

}  // namespace fhl
