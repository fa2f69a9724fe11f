// Freeing deeply nested containers without deep C++ recursion: a list nested
// a million levels deep would otherwise overflow the stack in its chain of
// destructors (CPython's Py_TRASHCAN_BEGIN/END solves the same problem).
#pragma once

#include <vector>

#include "sim/runtime/object.h"

namespace corosim {

/// Drops every Value in items (leaving it empty). Past a nesting depth the
/// Values are parked and released later by the outermost call, in a loop.
void release_values(std::vector<Value>& items);

}  // namespace corosim
