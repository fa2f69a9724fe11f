// reprlib.repr: the length-limited repr that asyncio's Future and Task reprs
// use for a result ("result=[0, 1, 2, 3, 4, 5, ...]").
#pragma once

#include <string>

#include "sim/runtime/object.h"

namespace corosim {

/// Mirrors Lib/reprlib.py Repr.repr (3.11) with the module's default limits
/// (maxlevel 6, maxtuple/maxlist/maxset 6, maxdict 4, maxstring 30,
/// maxlong 40, maxother 30); dict keys and set items are shown sorted when
/// they are orderable (_possibly_sorted).
std::string reprlib_repr(const Value& v);

}  // namespace corosim
