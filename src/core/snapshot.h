// snapshot.h: the lab's binary snapshot format: a writer of little-endian values, length-prefixed strings and tagged
// sections, and a bounds-checked reader that turns every problem into an error value. Plain C++ (standard library
// and api_error.h only): must not depend on any service or the Lab.
//
// File layout (all integers little-endian):
//   "FHLSNAP\0" (8 bytes) | format version u32 | CRC-32 of the body u32 | total length u64 | body
//   body = sections, each: tag u32 | payload length u64 | payload
// The header is checked (magic, version, length, size limit, checksum) before any byte of the body is decoded.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/api_error.h"

namespace fhl {

constexpr std::string_view kSnapshotMagic{"FHLSNAP\0", 8};
constexpr uint32_t kSnapshotFormatVersion = 1;
constexpr size_t kSnapshotHeaderBytes = 8 + 4 + 4 + 8;
constexpr uint64_t kMaxSnapshotBytes = 1ull << 30;  // 1 GiB: larger saved labs are refused as "too large"

// Four-character section tags ("LABF" -> 'L' | 'A' << 8 | ...).
constexpr uint32_t SnapshotTag(const char (&text)[5]) {
  return static_cast<uint32_t>(static_cast<unsigned char>(text[0])) |
         static_cast<uint32_t>(static_cast<unsigned char>(text[1])) << 8 |
         static_cast<uint32_t>(static_cast<unsigned char>(text[2])) << 16 |
         static_cast<uint32_t>(static_cast<unsigned char>(text[3])) << 24;
}
std::string SnapshotTagName(uint32_t tag);  // "LABF"; unprintable bytes as '?'

// CRC-32 (IEEE 802.3, as zlib's crc32), slicing-by-8. Pass the previous result to continue a running checksum.
uint32_t Crc32(const void* data, size_t size, uint32_t crc = 0);

// The error code every snapshot problem carries (the messages are for students and teachers).
constexpr const char* kSnapshotErrorCode = "InvalidSnapshotException";

class SnapshotWriter {
 public:
  SnapshotWriter();  // starts with room for the header
  // Room for `bytes` more (grows only; never shrinks what an earlier Reserve asked for).
  void Reserve(size_t bytes) {
    if (out_.size() + bytes > out_.capacity()) out_.reserve(out_.size() + bytes);
  }

  void U8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void Bool(bool v) { U8(v ? 1 : 0); }
  void U32(uint32_t v);
  void U64(uint64_t v);
  void I64(int64_t v) { U64(static_cast<uint64_t>(v)); }
  void F64(double v);  // bit pattern, so every double (NaN, -0) round-trips exactly
  // u32 length, then the bytes, copied in one go.
  void String(std::string_view v);
  void OptionalString(const std::optional<std::string>& v);
  void OptionalI64(const std::optional<int64_t>& v);

  // A section: BeginSection returns a mark for EndSection, which patches the payload length.
  size_t BeginSection(uint32_t tag);
  void EndSection(size_t mark);

  size_t size() const { return out_.size(); }
  // Writes the header (version, checksum, length) and hands out the bytes; the writer is empty afterwards.
  std::string Finish();

 private:
  void PutLe(uint64_t v, int bytes, size_t at);
  std::string out_;
};

// Reads values from a byte range. Reading past the end, a length or count larger than what is left, or a value out
// of range sets a sticky error (the first one wins) and yields zero/empty values from then on, so decoders can read
// a whole structure and check ok() once before using it.
class SnapshotReader {
 public:
  explicit SnapshotReader(std::string_view data, std::string context = "snapshot")
      : data_(data), context_(std::move(context)) {}

  uint8_t U8();
  bool Bool();  // only 0 or 1
  uint32_t U32();
  uint64_t U64();
  int64_t I64() { return static_cast<int64_t>(U64()); }
  int32_t I32();  // stored as i64; must fit
  double F64();
  std::string String();
  std::string_view StringView();  // valid while the underlying bytes live
  std::optional<std::string> OptionalString();
  std::optional<int64_t> OptionalI64();
  // An enum value stored as u8, at most max_value.
  uint8_t Enum(uint8_t max_value);
  // A u32 element count; each element takes at least min_bytes_each (>= 1) bytes, so a corrupted count can never
  // be larger than what is left (callers may reserve count elements).
  uint32_t Count(size_t min_bytes_each);

  // The next section of a body: false at the end (or on error). The payload gets its own reader.
  bool NextSection(uint32_t* tag, SnapshotReader* payload);

  // Marks the data as damaged with a description of what is wrong ("an object key repeats").
  void Fail(const std::string& what);
  // Fails unless every byte was consumed (a section with trailing bytes is damaged too).
  void ExpectEnd();

  bool ok() const { return !error_; }
  bool at_end() const { return pos_ == data_.size(); }
  size_t remaining() const { return data_.size() - pos_; }
  std::string_view Rest() const { return data_.substr(pos_); }  // the bytes not read yet
  // The error as the lab reports it (only when !ok()).
  ApiError error() const;

 private:
  bool Need(size_t bytes);
  uint64_t GetLe(int bytes);

  std::string_view data_;
  size_t pos_ = 0;
  std::string context_;  // "section OBJS": where an error happened
  std::optional<std::string> error_;
};

// Checks the header and the checksum of a whole snapshot and returns a reader over its body (sections).
// Errors: not a snapshot, too large, newer/older format version, truncated or extended, checksum mismatch.
Result<SnapshotReader> OpenSnapshot(std::string_view bytes);

// The error of a damaged snapshot, in the words the page shows.
ApiError SnapshotDamaged(const std::string& what);

}  // namespace fhl
