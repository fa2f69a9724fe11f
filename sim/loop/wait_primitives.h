// Which asyncio library call a suspended task waits in: the one table from
// a library coroutine's __qualname__ to the `primitive` of a trace's
// `waits_on` (README "Trace format, version 1"). tests/conformance/reftrace.py
// keeps the same table for CPython (WAIT_PRIMITIVES).
#pragma once

#include <string_view>

namespace corosim {

/// The primitive of a task awaiting a plain Future directly.
inline constexpr const char* kFuturePrimitive = "future";

/// The primitive of a wait inside an active asyncio.Timeout block that the
/// table names nothing more specific for (its object: the innermost Timeout).
inline constexpr const char* kTimeoutPrimitive = "timeout";

/// The primitive of the library coroutine named `qualname` ("Lock.acquire"
/// -> "lock"), or nullptr when it is not one the trace names.
const char* wait_primitive(std::string_view qualname);

}  // namespace corosim
