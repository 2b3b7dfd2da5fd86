// json_serde.h: the OpenX JSON SerDe as Athena (engine v3, Trino's openxjson reader) applies it to an object's lines,
// plus Hive column types and the compact column-major row storage other SerDes share.
// Plain C++: no JSON library (a dedicated single-pass scanner), no SQLite; must not depend on any service.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/glue_catalog.h"
#include "core/table_scan.h"

namespace fhl {

// [SECTION] Hive column types

enum class HiveKind : uint8_t {
  kString, kVarchar, kChar, kBoolean, kTinyint, kSmallint, kInt, kBigint, kFloat, kDouble, kDecimal,
  kTimestamp, kDate, kComplex  // kComplex: array<..>, map<..>, struct<..> (read as their JSON text)
};

struct HiveType {
  HiveKind kind = HiveKind::kString;
  int length = 0;     // varchar(n) / char(n)
  int precision = 0;  // decimal(p,s)
  int scale = 0;
};

// Parses a Hive type name as DDL and Glue accept it ("string", "INT", "varchar(10)", "decimal(10,2)", "array<string>").
// nullopt for an unknown type. `integer` is accepted as `int`.
std::optional<HiveType> ParseHiveType(std::string_view type);
// Canonical Hive spelling, lower-case: "string", "int", "varchar(10)", "decimal(10,2)", ...
std::string HiveTypeName(const HiveType& type);
// The type Athena reports in result metadata: varchar, char, boolean, tinyint, smallint, integer, bigint, real,
// double, decimal, timestamp, date (complex types: their Hive spelling).
std::string AthenaTypeName(const HiveType& type);
// The CellRef kind a column of this type holds (kText, kInteger or kReal).
CellRef::Kind StorageKind(const HiveType& type);

// [SECTION] column-major storage

// Rows of one object, column-major. Text cells point into the object's body when the bytes are used as-is, else
// into an arena owned here. Each cell costs 9 bytes plus arena text.
class ColumnarObject final : public ParsedObject {
 public:
  ColumnarObject(std::shared_ptr<const std::string> body, size_t column_count);

  size_t row_count() const override { return rows_; }
  CellRef cell(size_t column, size_t row) const override;
  const std::optional<std::string>& error() const override { return error_; }

  // Building (before the object is shared).
  void AppendNull(size_t column);
  void AppendInteger(size_t column, int64_t value);
  void AppendReal(size_t column, double value);
  void AppendBodyText(size_t column, const char* begin, size_t size_bytes);  // must lie inside body()
  void AppendArenaText(size_t column, std::string_view text);
  void EndRow() { ++rows_; }
  void SetError(std::string message) { if (!error_) error_ = std::move(message); }
  void Reserve(size_t rows);
  void ShrinkToFit();

  const std::string& body() const { return *body_; }
  uint64_t ApproxBytes() const;  // storage held (not counting the shared body)

 private:
  enum : uint8_t { kNullCell, kIntegerCell, kRealCell, kBodyTextCell, kArenaTextCell };
  struct Column {
    std::vector<uint8_t> kind;
    std::vector<uint64_t> slot;  // int64 bits, double bits, or (offset << 32 | size) for text
  };
  std::shared_ptr<const std::string> body_;
  std::vector<Column> columns_;
  std::string arena_;
  size_t rows_ = 0;
  std::optional<std::string> error_;
};

// [SECTION] the OpenX JSON SerDe

// SERDEPROPERTIES the reader honours (names as in Athena's documentation).
struct JsonSerDeOptions {
  bool ignore_malformed_json = false;  // 'ignore.malformed.json': a malformed line becomes a row of NULLs
  bool case_insensitive = true;        // 'case.insensitive': JSON keys match column names ignoring case
  bool dots_in_keys = false;           // 'dots.in.keys': key "a.b" also matches column a_b
  std::map<std::string, std::string> mappings;  // 'mapping.<column>' = JSON key
};
JsonSerDeOptions JsonSerDeOptionsFrom(const std::map<std::string, std::string>& serde_parameters);

// Reads `body` line by line ('\n'; a trailing '\r' and surrounding whitespace are trimmed; empty lines are skipped).
// Each line yields one row from the first JSON value on it; text after that value is ignored (so `{..}{..}{..}` on
// one line is ONE row: the record-delimiter pitfall). Lines that start with neither '{' nor '[' are a row of NULLs;
// '[..]' assigns elements to columns by position. Values convert per column type as Trino's openxjson does:
// numbers/booleans arrive as text; a text that does not parse as the column's type is NULL; an object or array in
// a string column is its compact JSON text; an object/array in a numeric/date column fails the query. Malformed
// JSON fails the object ("HIVE_CURSOR_ERROR: Row is not a valid JSON Object - JSONException: ...") unless
// ignore.malformed.json, then that row is all NULLs.
std::shared_ptr<const ColumnarObject> ParseJsonLines(const std::vector<GlueColumn>& columns,
                                                    const JsonSerDeOptions& options,
                                                    std::shared_ptr<const std::string> body);

// [SECTION] value conversions shared with other SerDes (exposed for tests)

// Java Double.parseDouble over the text (surrounding whitespace, sign, NaN/Infinity, exponent, d/f suffix).
std::optional<double> ParseJavaDouble(std::string_view text);
// Trino's openxjson parseLong: decimal, 0x hex, 0-prefixed octal, else a decimal number truncated toward zero.
std::optional<int64_t> ParseHiveLong(std::string_view text);
// "yyyy-MM-dd HH:mm:ss.SSS" for a timestamp text as openxjson accepts it (Hive form, ISO-8601 with zone, epoch
// seconds or milliseconds); nullopt when it does not parse.
std::optional<std::string> ParseHiveTimestamp(std::string_view text);
// "yyyy-MM-dd" for a date text ("yyyy-M-d", optionally followed by a time) or a number of epoch days.
std::optional<std::string> ParseHiveDate(std::string_view text);

}  // namespace fhl
