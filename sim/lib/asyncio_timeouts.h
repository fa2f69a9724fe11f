// Lib/asyncio/timeouts.py (3.11): asyncio.timeout, asyncio.timeout_at and the
// Timeout async context manager they return. Library code on a timer and on
// Task.cancel()/uncancel(): when the deadline passes, the timer cancels the
// task; the outermost Timeout whose cancel request that was turns the
// CancelledError into TimeoutError on exit.
#pragma once

#include <span>

#include "sim/runtime/call.h"
#include "sim/runtime/object.h"
#include "sim/runtime/type_object.h"

namespace corosim {

/// The Python class asyncio.Timeout (module "asyncio.timeouts").
TypeObject* timeout_type();

/// Python-callable natives (NativeFn signature), bound by asyncio_module.
namespace asyncio_natives {
/// Mirrors timeouts.timeout(delay): Timeout(loop.time() + delay), or
/// Timeout(None) when delay is None.
Value timeout(const Value& self, std::span<const Value> args, std::span<const KwArg> kwargs);
/// Mirrors timeouts.timeout_at(when): Timeout(when).
Value timeout_at(const Value& self, std::span<const Value> args, std::span<const KwArg> kwargs);
}  // namespace asyncio_natives

}  // namespace corosim
