// rng.h: seeded pseudo-random numbers (splitmix64 seeding xoshiro256**) and UUID v4 text.
// Randomness is always an input: nothing here reads entropy from the system.
#pragma once

#include <cstdint>
#include <string>

namespace fhl {

class SnapshotReader;
class SnapshotWriter;

class Rng {
 public:
  explicit Rng(uint64_t seed = 1);
  uint64_t Next();
  // Uniform in [0, 1).
  double NextDouble() { return static_cast<double>(Next() >> 11) * (1.0 / 9007199254740992.0); }
  // Uniform integer in [0, bound); bound > 0.
  uint64_t Below(uint64_t bound) { return Next() % bound; }
  // Standard normal (Box-Muller).
  double NextGaussian();
  // "8edfc8ab-6a05-4329-a45b-2644b6e468f9": 36 lower-case hex characters and dashes, version 4.
  std::string NextUuid();
  // Lower-case letters and digits, as in generated bucket-name suffixes.
  std::string NextAlnum(int length);

  uint64_t state(int i) const { return s_[i]; }
  void set_state(int i, uint64_t v) { s_[i] = v; }
  // Persistence (snapshot_services.cpp): the four state words.
  void Save(SnapshotWriter& w) const;
  bool Load(SnapshotReader& r);

 private:
  uint64_t s_[4];
};

}  // namespace fhl
