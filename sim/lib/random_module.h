// The `random` module: importable, but not implemented yet (a later issue
// adds a seeded generator reproducing CPython's Mersenne Twister).
#pragma once

#include "sim/runtime/object.h"

namespace corosim {

/// Builds the `random` module; each of its functions raises
/// NotImplementedError "random.NAME() is not supported by corosim yet".
Value make_random_module();

}  // namespace corosim
