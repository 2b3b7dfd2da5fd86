// snapshot_test.cpp: the snapshot format (snapshot.h): values round-trip exactly, the reader never reads past the
// end and turns truncation, bit flips, foreign versions and absurd lengths or counts into error values.
#include "core/snapshot.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "core/lab.h"
#include "test_util.h"

namespace fhl {
namespace {

// A snapshot body with one section holding `write`'s values, opened again for reading its payload.
template <typename Write>
std::string OneSection(Write write) {
  SnapshotWriter w;
  const size_t mark = w.BeginSection(SnapshotTag("TEST"));
  write(w);
  w.EndSection(mark);
  return w.Finish();
}

SnapshotReader OpenPayload(const std::string& bytes) {
  Result<SnapshotReader> opened = OpenSnapshot(bytes);
  EXPECT_TRUE(opened.ok()) << (opened.ok() ? "" : opened.error().message);
  uint32_t tag = 0;
  SnapshotReader payload{std::string_view{}};
  EXPECT_TRUE(opened.value().NextSection(&tag, &payload));
  EXPECT_EQ(tag, SnapshotTag("TEST"));
  return payload;
}

void PutLe(std::string& s, size_t at, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) s[at + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}

// Rewrites the header checksum after tampering with the body, so the decoder (not the checksum) must catch it.
void Reseal(std::string& s) {
  PutLe(s, 12, Crc32(s.data() + kSnapshotHeaderBytes, s.size() - kSnapshotHeaderBytes), 4);
}

TEST(SnapshotFormatTest, Crc32MatchesTheStandardCheckValue) {
  EXPECT_EQ(Crc32("123456789", 9), 0xCBF43926u);
  EXPECT_EQ(Crc32("", 0), 0u);
  // Running checksum over pieces equals one pass, across the 8-byte fast path boundaries.
  const std::string text = "The quick brown fox jumps over the lazy dog, twice: the quick brown fox.";
  for (size_t cut = 0; cut <= text.size(); ++cut) {
    EXPECT_EQ(Crc32(text.data() + cut, text.size() - cut, Crc32(text.data(), cut)), Crc32(text.data(), text.size()));
  }
  EXPECT_EQ(Crc32("The quick brown fox jumps over the lazy dog", 43), 0x414FA339u);
}

TEST(SnapshotFormatTest, ValuesRoundTripExactly) {
  const std::string binary("a\0b\xff", 4);
  const std::string bytes = OneSection([&](SnapshotWriter& w) {
    w.U8(0);
    w.U8(255);
    w.Bool(true);
    w.Bool(false);
    w.U32(0xFFFFFFFFu);
    w.U64(0x0123456789ABCDEFull);
    w.I64(INT64_MIN);
    w.I64(-1);
    w.F64(-0.0);
    w.F64(std::numeric_limits<double>::quiet_NaN());
    w.F64(0.1 + 0.2);
    w.String("");
    w.String(binary);
    w.OptionalString(std::nullopt);
    w.OptionalString(std::string("x"));
    w.OptionalI64(std::nullopt);
    w.OptionalI64(42);
  });
  EXPECT_EQ(bytes.substr(0, 8), std::string("FHLSNAP\0", 8));
  SnapshotReader r = OpenPayload(bytes);
  EXPECT_EQ(r.U8(), 0);
  EXPECT_EQ(r.U8(), 255);
  EXPECT_TRUE(r.Bool());
  EXPECT_FALSE(r.Bool());
  EXPECT_EQ(r.U32(), 0xFFFFFFFFu);
  EXPECT_EQ(r.U64(), 0x0123456789ABCDEFull);
  EXPECT_EQ(r.I64(), INT64_MIN);
  EXPECT_EQ(r.I64(), -1);
  const double negative_zero = r.F64();
  EXPECT_EQ(negative_zero, 0.0);
  EXPECT_TRUE(std::signbit(negative_zero));
  EXPECT_TRUE(std::isnan(r.F64()));
  EXPECT_EQ(r.F64(), 0.1 + 0.2);
  EXPECT_EQ(r.String(), "");
  EXPECT_EQ(r.String(), binary);
  EXPECT_FALSE(r.OptionalString().has_value());
  EXPECT_EQ(r.OptionalString(), std::optional<std::string>("x"));
  EXPECT_FALSE(r.OptionalI64().has_value());
  EXPECT_EQ(r.OptionalI64(), std::optional<int64_t>(42));
  EXPECT_TRUE(r.ok());
  EXPECT_TRUE(r.at_end());
  r.ExpectEnd();
  EXPECT_TRUE(r.ok());
}

TEST(SnapshotFormatTest, ReadingPastTheEndIsAStickyErrorWithZeroValues) {
  SnapshotReader r(std::string_view("\x01\x02\x03", 3), "section TEST");
  EXPECT_EQ(r.U8(), 1);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.U32(), 0u);  // only 2 bytes left
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.U8(), 0);  // sticky: nothing more is read, even what would fit
  EXPECT_EQ(r.String(), "");
  const ApiError e = r.error();
  EXPECT_EQ(e.code, kSnapshotErrorCode);
  EXPECT_EQ(e.message, "The saved lab is damaged (it ends too early in section TEST); starting a fresh lab.");
}

TEST(SnapshotFormatTest, OversizeLengthsAndCountsAreErrorsNotAllocations) {
  // A string length of 4 GiB - 1 with 3 bytes following.
  SnapshotReader s(std::string_view("\xff\xff\xff\xff" "abc", 7));
  EXPECT_EQ(s.String(), "");
  EXPECT_FALSE(s.ok());
  // A string of exactly the bytes left is fine; one more is not.
  SnapshotReader exact(std::string_view("\x03\x00\x00\x00" "abc", 7));
  EXPECT_EQ(exact.String(), "abc");
  EXPECT_TRUE(exact.ok());
  SnapshotReader over(std::string_view("\x04\x00\x00\x00" "abc", 7));
  EXPECT_EQ(over.String(), "");
  EXPECT_FALSE(over.ok());
  // Counts: 2 elements of at least 4 bytes need 8 bytes; 7 left is too few, 8 is enough.
  SnapshotReader few(std::string_view("\x02\x00\x00\x00" "1234567", 11));
  EXPECT_EQ(few.Count(4), 0u);
  EXPECT_FALSE(few.ok());
  SnapshotReader enough(std::string_view("\x02\x00\x00\x00" "12345678", 12));
  EXPECT_EQ(enough.Count(4), 2u);
  EXPECT_TRUE(enough.ok());
  SnapshotReader huge(std::string_view("\xff\xff\xff\xff", 4));
  EXPECT_EQ(huge.Count(1), 0u);
  EXPECT_FALSE(huge.ok());
  // Enum and Bool ranges.
  SnapshotReader e(std::string_view("\x02\x03", 2));
  EXPECT_EQ(e.Enum(2), 2);
  EXPECT_TRUE(e.ok());
  EXPECT_EQ(e.Enum(2), 0);
  EXPECT_FALSE(e.ok());
  SnapshotReader b(std::string_view("\x02", 1));
  b.Bool();
  EXPECT_FALSE(b.ok());
  // I32 stored as i64 must fit.
  std::string wide(8, '\0');
  PutLe(wide, 0, static_cast<uint64_t>(int64_t{1} << 40), 8);
  SnapshotReader i32(wide);
  EXPECT_EQ(i32.I32(), 0);
  EXPECT_FALSE(i32.ok());
}

TEST(SnapshotFormatTest, SectionLengthBeyondTheBodyIsAnError) {
  std::string bytes = OneSection([](SnapshotWriter& w) { w.U64(7); });
  PutLe(bytes, kSnapshotHeaderBytes + 4, 9, 8);  // the payload claims 9 bytes; 8 follow
  Reseal(bytes);
  Result<SnapshotReader> opened = OpenSnapshot(bytes);
  ASSERT_TRUE(opened.ok());
  uint32_t tag = 0;
  SnapshotReader payload{std::string_view{}};
  EXPECT_FALSE(opened.value().NextSection(&tag, &payload));
  EXPECT_FALSE(opened.value().ok());
  EXPECT_NE(opened.value().error().message.find("section TEST is longer than the data that follows"),
            std::string::npos);
}

TEST(SnapshotFormatTest, HeaderChecks) {
  const std::string good = OneSection([](SnapshotWriter& w) { w.String("hello"); });
  ASSERT_TRUE(OpenSnapshot(good).ok());

  EXPECT_NE(OpenSnapshot("").error().message.find("not a saved Firehose Lab"), std::string::npos);
  EXPECT_NE(OpenSnapshot("{\"not\":\"a snapshot\"}").error().message.find("not a saved Firehose Lab"),
            std::string::npos);
  EXPECT_FALSE(OpenSnapshot(good.substr(0, kSnapshotHeaderBytes - 1)).ok());

  std::string future = good;
  PutLe(future, 8, 3, 4);
  EXPECT_EQ(OpenSnapshot(future).error().message,
            "The saved lab was made by a newer version of Firehose Lab (format 3; this page reads format 1); "
            "starting a fresh lab.");
  std::string past = good;
  PutLe(past, 8, 0, 4);
  EXPECT_NE(OpenSnapshot(past).error().message.find("an older version of Firehose Lab (format 0;"),
            std::string::npos);

  std::string too_large = good;
  PutLe(too_large, 16, kMaxSnapshotBytes + 1, 8);
  EXPECT_EQ(OpenSnapshot(too_large).error().message,
            "The saved lab is too large (1024.0 MiB; the limit is 1024.0 MiB); starting a fresh lab.");

  std::string longer = good + "x";
  EXPECT_NE(OpenSnapshot(longer).error().message.find("1 unexpected bytes at the end"), std::string::npos);

  std::string flipped = good;
  flipped[good.size() - 2] ^= 0x01;
  EXPECT_EQ(OpenSnapshot(flipped).error().message,
            "The saved lab is damaged (checksum mismatch); starting a fresh lab.");
  EXPECT_EQ(OpenSnapshot(flipped).error().code, kSnapshotErrorCode);
}

// [SECTION] whole-lab snapshots: every truncation and every single-bit flip is an error and changes nothing.

std::string SmallLabSnapshot() {
  Lab lab(test::EmptyLab());
  test::MakeStream(lab, "s", "small-bucket", 1, 60);
  test::Ok(lab, "Firehose", "PutRecord", {{"DeliveryStreamName", "s"}, {"Record", {{"Data", "aGVsbG8="}}}});
  test::Ok(lab, "S3", "PutObject", {{"Bucket", "small-bucket"}, {"Key", "k"}, {"Body", "aGk="}});
  return lab.SaveSnapshot();
}

TEST(SnapshotFormatTest, EveryTruncationOfALabSnapshotIsRefused) {
  const std::string bytes = SmallLabSnapshot();
  ASSERT_GT(bytes.size(), 200u);
  Lab lab(test::EmptyLab());
  const std::string before = lab.SaveSnapshot();
  for (size_t n = 0; n < bytes.size(); ++n) {
    Status s = lab.RestoreSnapshot(std::string_view(bytes.data(), n));
    ASSERT_FALSE(s.ok()) << "restored from " << n << " of " << bytes.size() << " bytes";
    EXPECT_EQ(s.error().code, kSnapshotErrorCode);
  }
  EXPECT_EQ(lab.SaveSnapshot(), before);
  EXPECT_TRUE(lab.RestoreSnapshot(bytes).ok());
}

TEST(SnapshotFormatTest, EveryBitFlipOfALabSnapshotIsRefused) {
  const std::string bytes = SmallLabSnapshot();
  Lab lab(test::EmptyLab());
  const std::string before = lab.SaveSnapshot();
  for (size_t i = 0; i < bytes.size(); ++i) {
    std::string damaged = bytes;
    damaged[i] = static_cast<char>(damaged[i] ^ (1 << (i % 8)));
    ASSERT_FALSE(lab.RestoreSnapshot(damaged).ok()) << "bit flip at byte " << i;
  }
  EXPECT_EQ(lab.SaveSnapshot(), before);
}

// With a valid checksum over damaged content, the decoders themselves must refuse (never crash or allocate wildly):
// every u32 in the body set to 0xFFFFFFFF in turn.
TEST(SnapshotFormatTest, ResealedCorruptionsAreRefusedByTheDecoders) {
  const std::string bytes = SmallLabSnapshot();
  Lab lab(test::EmptyLab());
  const std::string before = lab.SaveSnapshot();
  int refused = 0;
  for (size_t at = kSnapshotHeaderBytes; at + 4 <= bytes.size(); ++at) {
    std::string damaged = bytes;
    PutLe(damaged, at, 0xFFFFFFFFu, 4);
    Reseal(damaged);
    Status s = lab.RestoreSnapshot(damaged);
    if (!s.ok()) {
      ++refused;
      EXPECT_EQ(s.error().code, kSnapshotErrorCode);
      EXPECT_NE(s.error().message.find("The saved lab is damaged"), std::string::npos) << s.error().message;
    } else {
      ASSERT_TRUE(lab.RestoreSnapshot(before).ok());  // content changed but still valid (a time, a body byte)
    }
  }
  EXPECT_GT(refused, 50);
  ASSERT_TRUE(lab.RestoreSnapshot(before).ok());
  EXPECT_EQ(lab.SaveSnapshot(), before);
}

}  // namespace
}  // namespace fhl
