// ticker_improvement.h: "which ticker improved the most?" computed from delivered objects' bytes, by both
// definitions the lab accepts: A = largest sum(change), B = largest last price minus first price (records ordered by
// object key, then position in the object). Plain C++: no JSON library, no services (the caller feeds bodies).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace fhl {

struct TickerTotals {
  int64_t change_sum_cents = 0;  // sum(change), rounded per record to cents as the demo data carries them
  double first_price = 0, last_price = 0;
  uint64_t records = 0;
};

class TickerImprovementScan {
 public:
  // Feeds one object's body; objects must come in key order. Records are JSON objects, concatenated or separated
  // by whitespace/newlines; keys are matched case-insensitively (as the OpenX SerDe does); records without a
  // string ticker_symbol or a numeric change/price are skipped (counted in skipped_records()).
  void AddObject(std::string_view body);

  uint64_t objects() const { return objects_; }
  uint64_t records() const { return records_; }
  uint64_t skipped_records() const { return skipped_; }
  const std::map<std::string, TickerTotals>& tickers() const { return tickers_; }  // upper-cased symbols

  // The winners (ties all win; empty when no records). Variant A compares sum(change) in cents; variant B compares
  // last - first price rounded to cents.
  std::vector<std::string> BestBySumOfChange() const;
  std::vector<std::string> BestByLastMinusFirst() const;

 private:
  void AddRecord(std::string_view ticker, double change, double price);

  std::map<std::string, TickerTotals> tickers_;
  uint64_t objects_ = 0, records_ = 0, skipped_ = 0;
};

}  // namespace fhl
