#include "sim/lib/mersenne_twister.h"

namespace corosim {
namespace {

constexpr uint32_t kN = MersenneTwister::kStateSize;
constexpr uint32_t kM = 397;
constexpr uint32_t kMatrixA = 0x9908b0dfU;
constexpr uint32_t kUpperMask = 0x80000000U;
constexpr uint32_t kLowerMask = 0x7fffffffU;

}  // namespace

MersenneTwister::MersenneTwister() { seed_magnitude(uint64_t{0}); }

void MersenneTwister::init_genrand(uint32_t s) {
  mt_[0] = s;
  for (uint32_t i = 1; i < kN; ++i) mt_[i] = 1812433253U * (mt_[i - 1] ^ (mt_[i - 1] >> 30)) + i;
  index_ = kN;
}

void MersenneTwister::init_by_array(std::span<const uint32_t> key) {
  static constexpr uint32_t kZero[] = {0};
  if (key.empty()) key = kZero;
  init_genrand(19650218U);
  size_t i = 1, j = 0;
  for (size_t k = kN > key.size() ? kN : key.size(); k; --k) {
    mt_[i] = (mt_[i] ^ ((mt_[i - 1] ^ (mt_[i - 1] >> 30)) * 1664525U)) + key[j] + uint32_t(j);
    ++i;
    ++j;
    if (i >= kN) {
      mt_[0] = mt_[kN - 1];
      i = 1;
    }
    if (j >= key.size()) j = 0;
  }
  for (size_t k = kN - 1; k; --k) {
    mt_[i] = (mt_[i] ^ ((mt_[i - 1] ^ (mt_[i - 1] >> 30)) * 1566083941U)) - uint32_t(i);
    ++i;
    if (i >= kN) {
      mt_[0] = mt_[kN - 1];
      i = 1;
    }
  }
  mt_[0] = 0x80000000U;  // MSB is 1, so the initial array is not all zero
}

void MersenneTwister::seed_magnitude(std::span<const uint8_t> big_endian) {
  init_by_array(seed_key(big_endian));
}

void MersenneTwister::seed_magnitude(uint64_t magnitude) {
  uint8_t bytes[8];
  for (int b = 7; b >= 0; --b, magnitude >>= 8) bytes[b] = uint8_t(magnitude);
  seed_magnitude(bytes);
}

uint32_t MersenneTwister::next_uint32() {
  static constexpr uint32_t kMag01[2] = {0, kMatrixA};
  if (index_ >= kN) {
    uint32_t kk = 0;
    uint32_t y;
    for (; kk < kN - kM; ++kk) {
      y = (mt_[kk] & kUpperMask) | (mt_[kk + 1] & kLowerMask);
      mt_[kk] = mt_[kk + kM] ^ (y >> 1) ^ kMag01[y & 1U];
    }
    for (; kk < kN - 1; ++kk) {
      y = (mt_[kk] & kUpperMask) | (mt_[kk + 1] & kLowerMask);
      mt_[kk] = mt_[kk + kM - kN] ^ (y >> 1) ^ kMag01[y & 1U];
    }
    y = (mt_[kN - 1] & kUpperMask) | (mt_[0] & kLowerMask);
    mt_[kN - 1] = mt_[kM - 1] ^ (y >> 1) ^ kMag01[y & 1U];
    index_ = 0;
  }
  uint32_t y = mt_[index_++];
  y ^= (y >> 11);
  y ^= (y << 7) & 0x9d2c5680U;
  y ^= (y << 15) & 0xefc60000U;
  y ^= (y >> 18);
  return y;
}

double MersenneTwister::next_double() {
  uint32_t a = next_uint32() >> 5;
  uint32_t b = next_uint32() >> 6;
  return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
}

uint64_t MersenneTwister::getrandbits(unsigned k) {
  if (k == 0) return 0;
  if (k <= 32) return next_uint32() >> (32 - k);
  uint64_t low = next_uint32();
  uint64_t high = next_uint32() >> (64 - k);
  return low | (high << 32);
}

MersenneTwister::State MersenneTwister::state() const { return State{mt_, index_}; }

void MersenneTwister::set_state(const State& state) {
  mt_ = state.words;
  index_ = state.index;
}

std::vector<uint32_t> seed_key(std::span<const uint8_t> big_endian) {
  std::vector<uint32_t> key((big_endian.size() + 3) / 4, 0);
  for (size_t i = 0; i < big_endian.size(); ++i) {
    size_t from_low = big_endian.size() - 1 - i;  // byte's position from the least significant
    key[from_low / 4] |= uint32_t(big_endian[i]) << (8 * (from_low % 4));
  }
  while (key.size() > 1 && key.back() == 0) key.pop_back();
  if (key.empty()) key.push_back(0);
  return key;
}

}  // namespace corosim
