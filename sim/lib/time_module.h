// The `time` module on corosim's virtual clock: time(), monotonic() and
// perf_counter() read run_context().clock; sleep(s) is BLOCKING (the clock
// jumps while the caller keeps the loop, so nothing else runs); gmtime,
// localtime and strftime present the clock as UTC seconds since the epoch,
// so a run starts at 1970-01-01 00:00:00.
#pragma once

#include <string>

#include "sim/runtime/object.h"

namespace corosim {

/// Builds a new `time` module (ModuleObject).
Value make_time_module();

/// time.gmtime(secs) as a struct_time value (a 9-tuple whose type is
/// time.struct_time: tm_year ... tm_isdst, tm_wday 0 = Monday).
Value make_struct_time(double secs);

/// time.strftime(format, t) for a struct_time or 9-tuple `t`, formatted
/// as C's strftime in the C locale (what python3 prints on Linux).
std::string format_time(const std::string& format, const Value& t);

}  // namespace corosim
