// snapshot.cpp: the snapshot format's writer, bounds-checked reader, header checks and CRC-32 (slicing-by-8).
// Plain C++: must not depend on any service or the Lab.
#include "core/snapshot.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace fhl {
namespace {

// [SECTION] CRC-32 tables (reflected polynomial 0xEDB88320), built once.

struct Crc32Tables {
  uint32_t t[8][256];
  Crc32Tables() {
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[0][i] = c;
    }
    for (uint32_t i = 0; i < 256; ++i) {
      for (int s = 1; s < 8; ++s) t[s][i] = (t[s - 1][i] >> 8) ^ t[0][t[s - 1][i] & 0xFF];
    }
  }
};

const Crc32Tables& Tables() {
  static const Crc32Tables tables;
  return tables;
}

uint32_t LoadLe32(const unsigned char* p) {
  return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 | static_cast<uint32_t>(p[2]) << 16 |
         static_cast<uint32_t>(p[3]) << 24;
}

uint64_t LoadLe(const char* p, int bytes) {
  uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

std::string FormatMiB(uint64_t bytes) {
  const uint64_t tenths = bytes * 10 / (1024 * 1024);
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " MiB";
}

}  // namespace

uint32_t Crc32(const void* data, size_t size, uint32_t crc) {
  const Crc32Tables& tb = Tables();
  const auto* p = static_cast<const unsigned char*>(data);
  crc = ~crc;
  while (size >= 8) {
    const uint32_t a = LoadLe32(p) ^ crc;
    const uint32_t b = LoadLe32(p + 4);
    crc = tb.t[7][a & 0xFF] ^ tb.t[6][(a >> 8) & 0xFF] ^ tb.t[5][(a >> 16) & 0xFF] ^ tb.t[4][a >> 24] ^
          tb.t[3][b & 0xFF] ^ tb.t[2][(b >> 8) & 0xFF] ^ tb.t[1][(b >> 16) & 0xFF] ^ tb.t[0][b >> 24];
    p += 8;
    size -= 8;
  }
  while (size--) crc = tb.t[0][(crc ^ *p++) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

std::string SnapshotTagName(uint32_t tag) {
  std::string out;
  for (int i = 0; i < 4; ++i) {
    const char c = static_cast<char>((tag >> (8 * i)) & 0xFF);
    out += (c >= 0x20 && c < 0x7F) ? c : '?';
  }
  return out;
}

ApiError SnapshotDamaged(const std::string& what) {
  return ApiError{kSnapshotErrorCode, "The saved lab is damaged (" + what + "); starting a fresh lab.", 400};
}

// [SECTION] writer

SnapshotWriter::SnapshotWriter() { out_.assign(kSnapshotHeaderBytes, '\0'); }

void SnapshotWriter::PutLe(uint64_t v, int bytes, size_t at) {
  for (int i = 0; i < bytes; ++i) out_[at + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}

void SnapshotWriter::U32(uint32_t v) {
  char b[4];
  for (int i = 0; i < 4; ++i) b[i] = static_cast<char>((v >> (8 * i)) & 0xFF);
  out_.append(b, 4);
}

void SnapshotWriter::U64(uint64_t v) {
  char b[8];
  for (int i = 0; i < 8; ++i) b[i] = static_cast<char>((v >> (8 * i)) & 0xFF);
  out_.append(b, 8);
}

void SnapshotWriter::F64(double v) {
  uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  U64(bits);
}

void SnapshotWriter::String(std::string_view v) {
  U32(static_cast<uint32_t>(v.size()));  // a string is never >= 4 GiB: the whole snapshot is at most 1 GiB
  out_.append(v.data(), v.size());
}

void SnapshotWriter::OptionalString(const std::optional<std::string>& v) {
  Bool(v.has_value());
  if (v) String(*v);
}

void SnapshotWriter::OptionalI64(const std::optional<int64_t>& v) {
  Bool(v.has_value());
  if (v) I64(*v);
}

size_t SnapshotWriter::BeginSection(uint32_t tag) {
  U32(tag);
  const size_t mark = out_.size();
  U64(0);
  return mark;
}

void SnapshotWriter::EndSection(size_t mark) { PutLe(out_.size() - mark - 8, 8, mark); }

std::string SnapshotWriter::Finish() {
  std::memcpy(&out_[0], kSnapshotMagic.data(), kSnapshotMagic.size());
  PutLe(kSnapshotFormatVersion, 4, 8);
  PutLe(out_.size(), 8, 16);
  PutLe(Crc32(out_.data() + kSnapshotHeaderBytes, out_.size() - kSnapshotHeaderBytes), 4, 12);
  std::string done;
  done.swap(out_);
  out_.assign(kSnapshotHeaderBytes, '\0');
  return done;
}

// [SECTION] reader

void SnapshotReader::Fail(const std::string& what) {
  if (!error_) error_ = what + " in " + context_;
  pos_ = data_.size();
}

ApiError SnapshotReader::error() const { return SnapshotDamaged(error_.value_or("unknown problem")); }

bool SnapshotReader::Need(size_t bytes) {
  if (error_) return false;
  if (bytes > data_.size() - pos_) {
    Fail("it ends too early");
    return false;
  }
  return true;
}

uint64_t SnapshotReader::GetLe(int bytes) {
  if (!Need(static_cast<size_t>(bytes))) return 0;
  const uint64_t v = LoadLe(data_.data() + pos_, bytes);
  pos_ += static_cast<size_t>(bytes);
  return v;
}

uint8_t SnapshotReader::U8() { return static_cast<uint8_t>(GetLe(1)); }
uint32_t SnapshotReader::U32() { return static_cast<uint32_t>(GetLe(4)); }
uint64_t SnapshotReader::U64() { return GetLe(8); }

bool SnapshotReader::Bool() {
  const uint8_t v = U8();
  if (v > 1) Fail("a yes/no value is out of range");
  return v == 1;
}

int32_t SnapshotReader::I32() {
  const int64_t v = I64();
  if (v < INT32_MIN || v > INT32_MAX) {
    Fail("a number is out of range");
    return 0;
  }
  return static_cast<int32_t>(v);
}

double SnapshotReader::F64() {
  const uint64_t bits = U64();
  double v;
  std::memcpy(&v, &bits, sizeof v);
  return v;
}

std::string_view SnapshotReader::StringView() {
  const uint32_t n = U32();
  if (!Need(n)) return {};
  std::string_view v = data_.substr(pos_, n);
  pos_ += n;
  return v;
}

std::string SnapshotReader::String() { return std::string(StringView()); }

std::optional<std::string> SnapshotReader::OptionalString() {
  if (!Bool()) return std::nullopt;
  return String();
}

std::optional<int64_t> SnapshotReader::OptionalI64() {
  if (!Bool()) return std::nullopt;
  return I64();
}

uint8_t SnapshotReader::Enum(uint8_t max_value) {
  const uint8_t v = U8();
  if (v > max_value) {
    Fail("a state value is out of range");
    return 0;
  }
  return v;
}

uint32_t SnapshotReader::Count(size_t min_bytes_each) {
  const uint32_t n = U32();
  if (error_) return 0;
  if (min_bytes_each == 0) min_bytes_each = 1;
  if (n > remaining() / min_bytes_each) {
    Fail("a count is larger than the data that follows");
    return 0;
  }
  return n;
}

bool SnapshotReader::NextSection(uint32_t* tag, SnapshotReader* payload) {
  if (error_ || at_end()) return false;
  *tag = U32();
  const uint64_t length = U64();
  if (error_) return false;
  if (length > remaining()) {
    Fail("section " + SnapshotTagName(*tag) + " is longer than the data that follows");
    return false;
  }
  *payload = SnapshotReader(data_.substr(pos_, static_cast<size_t>(length)), "section " + SnapshotTagName(*tag));
  pos_ += static_cast<size_t>(length);
  return true;
}

void SnapshotReader::ExpectEnd() {
  if (!error_ && !at_end()) Fail("unexpected bytes at the end");
}

// [SECTION] header

Result<SnapshotReader> OpenSnapshot(std::string_view bytes) {
  if (bytes.size() < kSnapshotHeaderBytes || bytes.substr(0, kSnapshotMagic.size()) != kSnapshotMagic) {
    return ApiError{kSnapshotErrorCode,
                    "This is not a saved Firehose Lab (the file does not start with a Firehose Lab header); "
                    "starting a fresh lab.",
                    400};
  }
  const uint32_t version = static_cast<uint32_t>(LoadLe(bytes.data() + 8, 4));
  if (version != kSnapshotFormatVersion) {
    const std::string which = version > kSnapshotFormatVersion ? "a newer" : "an older";
    return ApiError{kSnapshotErrorCode,
                    "The saved lab was made by " + which + " version of Firehose Lab (format " +
                        std::to_string(version) + "; this page reads format " +
                        std::to_string(kSnapshotFormatVersion) + "); starting a fresh lab.",
                    400};
  }
  const uint64_t total = LoadLe(bytes.data() + 16, 8);
  if (bytes.size() > kMaxSnapshotBytes || total > kMaxSnapshotBytes) {
    return ApiError{kSnapshotErrorCode,
                    "The saved lab is too large (" + FormatMiB(std::max<uint64_t>(bytes.size(), total)) +
                        "; the limit is " + FormatMiB(kMaxSnapshotBytes) + "); starting a fresh lab.",
                    400};
  }
  if (total != bytes.size()) {
    return SnapshotDamaged(total > bytes.size() ? "it is incomplete: " + std::to_string(bytes.size()) + " of " +
                                                      std::to_string(total) + " bytes"
                                                : "it has " + std::to_string(bytes.size() - total) +
                                                      " unexpected bytes at the end");
  }
  const uint32_t stored_crc = static_cast<uint32_t>(LoadLe(bytes.data() + 12, 4));
  const std::string_view body = bytes.substr(kSnapshotHeaderBytes);
  if (Crc32(body.data(), body.size()) != stored_crc) return SnapshotDamaged("checksum mismatch");
  return SnapshotReader(body, "the saved lab");
}

}  // namespace fhl
