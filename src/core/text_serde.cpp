// text_serde.cpp: the LazySimpleSerDe line reader (delimited text) over the shared column-major store.
// Must not depend on a JSON library, SQLite or any service.
#include "core/text_serde.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <utility>

namespace fhl {
namespace {

// Hive's delimiter properties hold a decimal byte code ("44" = ',', "1" = \001) or else one character.
std::optional<char> DelimiterFrom(const std::string& value) {
  if (value.empty()) return std::nullopt;
  if (value.find_first_not_of("0123456789") == std::string::npos && value.size() <= 3) {
    const int code = std::atoi(value.c_str());
    if (code >= 0 && code < 256) return static_cast<char>(code);
  }
  return value[0];
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// Hive LazyLong: [+-]digits, optionally followed by '.' and digits (truncated); anything else is invalid.
std::optional<int64_t> LazyLong(std::string_view s) {
  size_t i = 0;
  bool neg = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
  if (i >= s.size()) return std::nullopt;
  uint64_t v = 0;
  const uint64_t limit = neg ? (1ull << 63) : (1ull << 63) - 1;
  size_t digits = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++digits) {
    const auto d = static_cast<uint64_t>(s[i] - '0');
    if (v > (limit - d) / 10) return std::nullopt;
    v = v * 10 + d;
  }
  if (digits == 0) return std::nullopt;
  if (i < s.size()) {
    if (s[i] != '.') return std::nullopt;
    for (++i; i < s.size(); ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
    }
  }
  if (neg) return v == (1ull << 63) ? std::numeric_limits<int64_t>::min() : -static_cast<int64_t>(v);
  return static_cast<int64_t>(v);
}

size_t Utf8PrefixBytes(std::string_view text, size_t chars) {
  size_t i = 0, n = 0;
  while (i < text.size() && n < chars) {
    const auto c = static_cast<unsigned char>(text[i]);
    i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    ++n;
  }
  return i < text.size() ? i : text.size();
}

struct Field {
  const char* begin = nullptr;
  size_t size = 0;
  bool escaped = false;  // contains the escape character (needs unescaping)
  bool present = false;
};

void AppendField(ColumnarObject* out, size_t col, const HiveType& type, const Field& f, const TextSerDeOptions& o,
                 std::string* scratch) {
  if (!f.present) return out->AppendNull(col);
  std::string_view text(f.begin, f.size);
  if (text == o.null_format) return out->AppendNull(col);  // compared raw, before unescaping (as Hive does)
  bool in_body = true;
  if (f.escaped && o.escape_delim) {
    scratch->clear();
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == *o.escape_delim && i + 1 < text.size()) ++i;
      scratch->push_back(text[i]);
    }
    text = *scratch;
    in_body = false;
  }
  switch (type.kind) {
    case HiveKind::kString: case HiveKind::kVarchar: case HiveKind::kChar: case HiveKind::kComplex: {
      if (type.kind == HiveKind::kVarchar || type.kind == HiveKind::kChar) {
        text = text.substr(0, Utf8PrefixBytes(text, static_cast<size_t>(type.length)));
        if (type.kind == HiveKind::kChar) {
          while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
        }
      }
      if (in_body) return out->AppendBodyText(col, text.data(), text.size());
      return out->AppendArenaText(col, text);
    }
    case HiveKind::kBoolean:
      if (EqualsIgnoreCase(text, "true")) return out->AppendInteger(col, 1);
      if (EqualsIgnoreCase(text, "false")) return out->AppendInteger(col, 0);
      return out->AppendNull(col);
    case HiveKind::kTinyint: case HiveKind::kSmallint: case HiveKind::kInt: case HiveKind::kBigint: {
      const auto v = LazyLong(text);
      int64_t lo = std::numeric_limits<int64_t>::min(), hi = std::numeric_limits<int64_t>::max();
      if (type.kind == HiveKind::kTinyint) lo = -128, hi = 127;
      if (type.kind == HiveKind::kSmallint) lo = -32768, hi = 32767;
      if (type.kind == HiveKind::kInt) lo = std::numeric_limits<int32_t>::min(), hi = std::numeric_limits<int32_t>::max();
      if (v && *v >= lo && *v <= hi) return out->AppendInteger(col, *v);
      return out->AppendNull(col);
    }
    case HiveKind::kDouble: case HiveKind::kFloat: {
      const auto v = ParseJavaDouble(text);
      if (!v) return out->AppendNull(col);
      return out->AppendReal(col, type.kind == HiveKind::kFloat ? static_cast<double>(static_cast<float>(*v)) : *v);
    }
    case HiveKind::kDecimal: {
      const auto v = ParseJavaDouble(text);
      if (!v || !std::isfinite(*v)) return out->AppendNull(col);
      const double scale = std::pow(10.0, type.scale);
      const double r = std::round(*v * scale) / scale;
      if (std::fabs(r) >= std::pow(10.0, type.precision - type.scale)) return out->AppendNull(col);
      return out->AppendReal(col, r);
    }
    case HiveKind::kDate: {
      if (text.find('-') == std::string_view::npos) return out->AppendNull(col);  // no epoch-day numbers here
      const auto v = ParseHiveDate(text);
      if (v) return out->AppendArenaText(col, *v);
      return out->AppendNull(col);
    }
    case HiveKind::kTimestamp: {
      const auto v = ParseHiveTimestamp(text);
      if (v) return out->AppendArenaText(col, *v);
      return out->AppendNull(col);
    }
  }
  out->AppendNull(col);
}

}  // namespace

TextSerDeOptions TextSerDeOptionsFrom(const std::map<std::string, std::string>& serde_parameters,
                                      const std::map<std::string, std::string>& table_parameters) {
  TextSerDeOptions o;
  auto get = [&](const char* key) -> const std::string* {
    auto it = serde_parameters.find(key);
    return it == serde_parameters.end() ? nullptr : &it->second;
  };
  if (const std::string* v = get("field.delim")) {
    if (auto d = DelimiterFrom(*v)) o.field_delim = *d;
  } else if (const std::string* f = get("serialization.format")) {
    if (auto d = DelimiterFrom(*f)) o.field_delim = *d;
  }
  if (const std::string* v = get("escape.delim")) o.escape_delim = DelimiterFrom(*v);
  if (const std::string* v = get("serialization.null.format")) o.null_format = *v;
  auto skip = table_parameters.find("skip.header.line.count");
  if (skip != table_parameters.end()) {
    const long n = std::strtol(skip->second.c_str(), nullptr, 10);
    if (n > 0) o.skip_header_lines = static_cast<size_t>(n);
  }
  return o;
}

std::shared_ptr<const ColumnarObject> ParseDelimitedLines(const std::vector<GlueColumn>& columns,
                                                          const TextSerDeOptions& options,
                                                          std::shared_ptr<const std::string> body) {
  auto out = std::make_shared<ColumnarObject>(body, columns.size());
  const size_t ncols = columns.size();
  std::vector<HiveType> types(ncols);
  for (size_t i = 0; i < ncols; ++i) types[i] = ParseHiveType(columns[i].type).value_or(HiveType{});
  const std::string& text = out->body();
  const char* p = text.data();
  const char* const end = p + text.size();
  out->Reserve(text.size() / 32 + 1);
  std::vector<Field> fields(ncols);
  std::string scratch;
  size_t line_number = 0;
  while (p < end) {
    const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    const char* b = p;
    const char* e = nl ? nl : end;
    p = nl ? nl + 1 : end;
    if (e > b && e[-1] == '\r') --e;
    if (line_number++ < options.skip_header_lines) continue;
    for (Field& f : fields) f = Field{};
    size_t index = 0;
    const char* start = b;
    bool escaped = false;
    for (const char* q = b;; ++q) {
      if (q < e && options.escape_delim && *q == *options.escape_delim && q + 1 < e) {
        escaped = true;
        ++q;
        continue;
      }
      if (q == e || *q == options.field_delim) {
        if (index < ncols) fields[index] = Field{start, static_cast<size_t>(q - start), escaped, true};
        ++index;
        escaped = false;
        start = q + 1;
        if (q == e || index >= ncols) break;
      }
    }
    for (size_t c = 0; c < ncols; ++c) AppendField(out.get(), c, types[c], fields[c], options, &scratch);
    out->EndRow();
  }
  out->ShrinkToFit();
  return out;
}

}  // namespace fhl
