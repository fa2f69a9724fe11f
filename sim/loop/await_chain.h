// What the await chain of a suspended task says about where it waits: walked
// from the task's coroutine through each coroutine's cr_await (awaiting()),
// as tests/conformance/reftrace.py walks cr_await / gi_yieldfrom in CPython.
#pragma once

#include "sim/runtime/coroutine_object.h"
#include "sim/runtime/object.h"

namespace corosim {

struct AwaitChain {
  /// The line the innermost frame of the program's own code is at (its
  /// `await`), 0 when no program frame is on the chain.
  int line = 0;
  /// The first library coroutine below that frame that wait_primitive()
  /// names, and its receiver (null for a function such as wait_for).
  const char* primitive = nullptr;
  Value receiver;
  /// True when that program frame awaits a Future itself (no library
  /// coroutine in between).
  bool program_awaits_future = false;
};

/// Walks the chain of `coro` (the program's frames are the compiled
/// coroutines; library coroutines are the natively written ones).
AwaitChain walk_await_chain(const Ref<CoroutineObject>& coro);

}  // namespace corosim
