// MT19937 against its published reference output and against CPython 3.11,
// which is the truth for corosim's `random`.
#include "sim/lib/mersenne_twister.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

namespace corosim {
namespace {

struct SeedCase {
  uint64_t magnitude;
  uint32_t words[3];
  double random;
  uint64_t bits40;
  uint64_t bits64;
  uint64_t bits1;
};

}  // namespace

TEST_CASE("init_by_array reproduces the reference output of mt19937ar.c") {
  // Matsumoto and Nishimura's mt19937ar.out: init_by_array({0x123, 0x234,
  // 0x345, 0x456}), then genrand_int32().
  MersenneTwister mt;
  const uint32_t key[] = {0x123, 0x234, 0x345, 0x456};
  mt.init_by_array(key);
  const uint32_t expected[] = {1067595299, 955945823,  477289528, 4107218783, 4228976476,
                               3344332714, 3355579695, 227628506, 810200273,  2591290167};
  for (uint32_t e : expected) CHECK(mt.next_uint32() == e);
}

TEST_CASE("seeding from an int uses its 32-bit words, least significant first") {
  const uint8_t none[] = {0};
  CHECK(seed_key(none) == std::vector<uint32_t>{0});
  const uint8_t two_words[] = {0x01, 0x00, 0x00, 0x00, 0x00};  // 2**32
  CHECK(seed_key(two_words) == std::vector<uint32_t>{0, 1});
  const uint8_t leading_zeros[] = {0, 0, 0, 0, 0, 0, 0x01, 0x02};
  CHECK(seed_key(leading_zeros) == std::vector<uint32_t>{0x0102});
  const uint8_t odd_length[] = {0x04, 0x56, 0x00, 0x00, 0x03, 0x45, 0x00, 0x00, 0x02, 0x34};
  CHECK(seed_key(odd_length) == std::vector<uint32_t>{0x00000234, 0x00000345, 0x00000456});

  // random.seed(0x456_00000345_00000234_00000123) is the reference key above.
  MersenneTwister mt;
  const uint8_t reference[] = {0x00, 0x00, 0x04, 0x56, 0x00, 0x00, 0x03, 0x45,
                               0x00, 0x00, 0x02, 0x34, 0x00, 0x00, 0x01, 0x23};
  mt.seed_magnitude(reference);
  CHECK(mt.next_uint32() == 1067595299);
}

TEST_CASE("the same seed gives CPython's numbers: words, random(), getrandbits") {
  // Produced by python3 (CPython 3.11.7):
  //   for s in [0, 1, 42, -7, 2**32, 2**63-1, -2**63]:
  //       r = random.Random(s)
  //       print(s, [r.getrandbits(32) for _ in range(3)], repr(r.random()),
  //             r.getrandbits(40), r.getrandbits(64), r.getrandbits(1))
  // An int seeds from its absolute value, so -7 is seed_magnitude(7).
  const SeedCase cases[] = {
      {0, {3626764237, 1654615998, 3255389356}, 0.890243920837131, 283641720628, 9431353882395063546u, 0},
      {1, {577090037, 2444712010, 3639700191}, 0.8022650611681835, 279443915985, 9139164268605729673u, 1},
      {42, {2746317213, 478163327, 107420369}, 0.7415504997598329, 245864938384, 13585496030504862185u, 0},
      {7, {1390851128, 4071050724, 647892279}, 0.3948234964231735, 77516799952, 9885278224986867748u, 0},
      {uint64_t(1) << 32, {485306839, 1508871100, 1794561286}, 0.9347212762883035, 670112917261,
       14861564313759884179u, 1},
      {9223372036854775807u, {1359979423, 2819855560, 2711238091}, 0.1326851532128024, 500324766174,
       8795274642428743868u, 1},
      {9223372036854775808u, {2377109768, 1691753470, 4039908392}, 0.20933427096899082, 936170645115,
       1563467281580459875u, 0},
  };
  for (const SeedCase& c : cases) {
    CAPTURE(c.magnitude);
    MersenneTwister mt;
    mt.seed_magnitude(c.magnitude);
    for (uint32_t w : c.words) CHECK(mt.getrandbits(32) == w);
    CHECK(mt.next_double() == c.random);
    CHECK(mt.getrandbits(40) == c.bits40);
    CHECK(mt.getrandbits(64) == c.bits64);
    CHECK(mt.getrandbits(1) == c.bits1);
    CHECK(mt.getrandbits(0) == 0);
  }
}

TEST_CASE("the state regenerates after 624 words; state() and set_state() resume exactly") {
  // python3: r = random.Random(5); [r.getrandbits(32) for _ in range(700)];
  //          print(r.getrandbits(32), r.getstate()[1][-1])  ->  2773421110 77
  MersenneTwister mt;
  mt.seed_magnitude(5);
  for (int i = 0; i < 700; ++i) mt.next_uint32();
  MersenneTwister::State saved = mt.state();
  CHECK(saved.index == 76);
  CHECK(mt.next_uint32() == 2773421110u);

  MersenneTwister other;
  other.set_state(saved);
  CHECK(other.next_uint32() == 2773421110u);
  CHECK(other.next_double() == mt.next_double());
}

TEST_CASE("a new generator is seeded like random.seed(0)") {
  MersenneTwister mt;
  CHECK(mt.next_uint32() == 3626764237u);
}

}  // namespace corosim
