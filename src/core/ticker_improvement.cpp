// ticker_improvement.cpp: a small, fast scanner for flat JSON records (the demo's stock ticks) and the two
// "improved the most" rankings. Tolerant: malformed text is skipped up to the next '{'.
#include "core/ticker_improvement.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <optional>

namespace fhl {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

void SkipSpace(std::string_view b, size_t& i) {
  while (i < b.size() && IsSpace(b[i])) ++i;
}

// b[i] == '"'. Reads up to the closing quote (escapes keep the escaped character; \uXXXX is kept as text).
std::optional<std::string> ReadString(std::string_view b, size_t& i) {
  std::string out;
  ++i;
  while (i < b.size()) {
    const char c = b[i++];
    if (c == '"') return out;
    if (c == '\\') {
      if (i >= b.size()) return std::nullopt;
      out += b[i++];
    } else {
      out += c;
    }
  }
  return std::nullopt;
}

// b[i] is '{' or '['. Skips the balanced value, strings included.
bool SkipNested(std::string_view b, size_t& i) {
  int depth = 0;
  while (i < b.size()) {
    const char c = b[i];
    if (c == '"') {
      if (!ReadString(b, i)) return false;
      continue;
    }
    ++i;
    if (c == '{' || c == '[') ++depth;
    if (c == '}' || c == ']') {
      if (--depth == 0) return true;
    }
  }
  return false;
}

std::optional<double> ParseNumber(std::string_view text) {
  if (text.empty() || text.size() > 40) return std::nullopt;
  char buf[48];
  text.copy(buf, text.size());
  buf[text.size()] = '\0';
  char* end = nullptr;
  const double v = std::strtod(buf, &end);
  if (end != buf + text.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

void TickerImprovementScan::AddObject(std::string_view b) {
  ++objects_;
  size_t i = 0;
  while (i < b.size()) {
    if (b[i] != '{') {
      ++i;
      continue;
    }
    ++i;
    std::optional<std::string> ticker;
    std::optional<double> change, price;
    bool ok = false;
    for (;;) {
      SkipSpace(b, i);
      if (i >= b.size()) break;
      if (b[i] == '}') {
        ++i;
        ok = true;
        break;
      }
      if (b[i] == ',') {
        ++i;
        continue;
      }
      if (b[i] != '"') break;
      std::optional<std::string> key = ReadString(b, i);
      if (!key) break;
      SkipSpace(b, i);
      if (i >= b.size() || b[i] != ':') break;
      ++i;
      SkipSpace(b, i);
      if (i >= b.size()) break;
      const std::string name = Lower(*key);
      if (b[i] == '"') {
        std::optional<std::string> value = ReadString(b, i);
        if (!value) break;
        if (name == "ticker_symbol") ticker = *value;
        if (name == "change") change = ParseNumber(*value);
        if (name == "price") price = ParseNumber(*value);
      } else if (b[i] == '{' || b[i] == '[') {
        if (!SkipNested(b, i)) break;
      } else {
        const size_t start = i;
        while (i < b.size() && b[i] != ',' && b[i] != '}' && !IsSpace(b[i])) ++i;
        const std::string_view token = b.substr(start, i - start);
        if (name == "change") change = ParseNumber(token);
        if (name == "price") price = ParseNumber(token);
      }
    }
    if (ok && ticker && !ticker->empty() && change && price) {
      AddRecord(*ticker, *change, *price);
    } else {
      ++skipped_;
    }
  }
}

void TickerImprovementScan::AddRecord(std::string_view ticker, double change, double price) {
  TickerTotals& t = tickers_[Upper(std::string(ticker))];
  if (t.records == 0) t.first_price = price;
  t.last_price = price;
  t.change_sum_cents += std::llround(change * 100.0);
  ++t.records;
  ++records_;
}

std::vector<std::string> TickerImprovementScan::BestBySumOfChange() const {
  std::vector<std::string> best;
  int64_t best_cents = 0;
  for (const auto& [symbol, t] : tickers_) {
    if (best.empty() || t.change_sum_cents > best_cents) {
      best = {symbol};
      best_cents = t.change_sum_cents;
    } else if (t.change_sum_cents == best_cents) {
      best.push_back(symbol);
    }
  }
  return best;
}

std::vector<std::string> TickerImprovementScan::BestByLastMinusFirst() const {
  std::vector<std::string> best;
  int64_t best_cents = 0;
  for (const auto& [symbol, t] : tickers_) {
    const int64_t cents = std::llround((t.last_price - t.first_price) * 100.0);
    if (best.empty() || cents > best_cents) {
      best = {symbol};
      best_cents = cents;
    } else if (cents == best_cents) {
      best.push_back(symbol);
    }
  }
  return best;
}

}  // namespace fhl
