// The `random` module, bit-exact with CPython 3.11 (Lib/random.py on top of
// Modules/_randommodule.c): random.Random instances own a Mersenne Twister
// and the cached second value of gauss(); the module's functions are the
// bound methods of a hidden instance (CPython's random._inst).
//
// One deliberate difference: seed(), seed(None), Random() and Random(None)
// seed from a fixed default, kDefaultSeed, instead of the operating system's
// entropy, and so does the hidden instance when the module is imported; a
// corosim run is always reproducible.
//
// Limits of corosim's 64-bit ints: getrandbits(k) takes k <= 63, and
// randrange's width (stop - start) must fit in 64 bits; both raise
// OverflowError beyond. betavariate, gammavariate, vonmisesvariate and
// randbytes raise NotImplementedError.
#pragma once

#include <cstdint>

#include "sim/runtime/object.h"

namespace corosim {

/// What an absent or None seed means: random.seed(0).
inline constexpr int64_t kDefaultSeed = 0;

/// Builds a new `random` module with its own hidden instance, seeded with
/// kDefaultSeed.
Value make_random_module();

/// The Python type random.Random.
TypeObject* random_type();

}  // namespace corosim
