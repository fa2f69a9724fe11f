// MT19937, the generator behind CPython's `random` module, reproduced
// bit for bit from Modules/_randommodule.c (3.11): the same seeding
// (init_genrand, init_by_array, and the key CPython derives from an int
// seed), the same 53-bit doubles and the same getrandbits word assembly.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace corosim {

class MersenneTwister {
 public:
  static constexpr size_t kStateSize = 624;  ///< N in _randommodule.c

  /// The state CPython's getstate() exposes: the 624 words and the index
  /// of the next word to use (0..624; 624 means "regenerate first").
  struct State {
    std::array<uint32_t, kStateSize> words;
    uint32_t index;
  };

  /// Seeded as init_by_array({0}), i.e. like random.seed(0).
  MersenneTwister();

  /// Mirrors init_genrand.
  void init_genrand(uint32_t s);
  /// Mirrors init_by_array; an empty key is treated as {0}.
  void init_by_array(std::span<const uint32_t> key);
  /// Mirrors random_seed for a non-negative int given as its big-endian
  /// bytes (any length): the number's 32-bit words, least significant
  /// first, at least one, fed to init_by_array.
  void seed_magnitude(std::span<const uint8_t> big_endian);
  /// seed_magnitude for a number that fits in 64 bits.
  void seed_magnitude(uint64_t magnitude);

  /// Mirrors genrand_uint32.
  uint32_t next_uint32();
  /// Mirrors random_random (genrand_res53): a double in [0, 1) with 53
  /// random bits, built from two words (27 + 26 bits).
  double next_double();
  /// Mirrors random_getrandbits for 0 <= k <= 64: whole words least
  /// significant first, the last one shifted right to keep its top bits.
  uint64_t getrandbits(unsigned k);

  State state() const;
  /// The caller validated index <= kStateSize (random_setstate's check).
  void set_state(const State& state);

 private:
  std::array<uint32_t, kStateSize> mt_{};
  uint32_t index_ = 0;
};

/// The key random_seed passes to init_by_array for a non-negative int
/// given as big-endian bytes: its 32-bit words, least significant first,
/// without leading zero words but at least one word.
std::vector<uint32_t> seed_key(std::span<const uint8_t> big_endian);

}  // namespace corosim
