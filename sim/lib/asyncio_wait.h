// The waiting functions of Lib/asyncio/tasks.py (3.11): wait, as_completed,
// wait_for and shield, written on top of futures, done callbacks and timers
// as CPython writes them (wait and wait_for are `async def`s, so they are
// NativeCoroutines here).
#pragma once

#include <span>

#include "sim/loop/future.h"
#include "sim/runtime/call.h"
#include "sim/runtime/coroutine_object.h"
#include "sim/runtime/object.h"

namespace corosim {

/// Mirrors Lib/asyncio/tasks.py wait_for (3.11): the coroutine object
/// `wait_for(fut, timeout)`; nothing runs before its first send().
Ref<CoroutineObject> make_wait_for(Value fut, Value timeout);

/// `raise TimeoutError from exc` while handling `exc` (wait_for's and
/// Timeout.__aexit__'s way of turning their CancelledError into a timeout).
[[noreturn]] void raise_timeout_from(const Value& exc);

/// Mirrors Lib/asyncio/tasks.py shield (3.11): `arg` itself when it is
/// already done, else a new future that follows it but whose cancellation
/// does not reach it.
Ref<FutureObject> shield(const Value& arg);

/// Mirrors Lib/asyncio/tasks.py wait (3.11): the coroutine object
/// `wait(fs, timeout=timeout, return_when=return_when)`; it returns the
/// tuple (done, pending) of sets.
Ref<CoroutineObject> make_wait(Value fs, Value timeout, Value return_when);

/// Mirrors Lib/asyncio/tasks.py as_completed (3.11): a generator of
/// coroutines, each returning (or raising) the next future to finish, or
/// raising TimeoutError once `timeout` (seconds, or None) has passed.
/// Coroutines in `fs` become tasks in argument order, each distinct one once.
Value as_completed(Value fs, Value timeout);

/// Python-callable natives (NativeFn signature), bound by asyncio_module.
namespace asyncio_natives {
Value wait(const Value& self, std::span<const Value> args, std::span<const KwArg> kwargs);
Value as_completed(const Value& self, std::span<const Value> args, std::span<const KwArg> kwargs);
Value wait_for(const Value& self, std::span<const Value> args, std::span<const KwArg> kwargs);
Value shield(const Value& self, std::span<const Value> args, std::span<const KwArg> kwargs);
}  // namespace asyncio_natives

}  // namespace corosim
