// Finalizers (CPython's tp_finalize, PEP 442): a suspended generator or
// coroutine is closed when its last reference goes away, so its `finally`
// clauses run at that moment, nested in whatever instruction dropped it.
//
// They run only while a program runs (run_with_finalizers): the end-of-run
// teardown (Heap::release_all) clears objects' references without running
// Python code, and a run-ending C++ exception (end_run) switches them off
// before it unwinds, so nothing runs after a limit, --until or a deadlock.
#pragma once

#include <functional>

namespace corosim {

/// Runs `program` with finalizers on, and off again however it ends. A
/// run-ending exception a finalizer could not let through (a limit hit
/// inside it) is rethrown when `program` returns or raises.
void run_with_finalizers(const std::function<void()>& program);

/// Switches finalizers off for the rest of the run (see end_run).
void stop_finalizers();

/// Throws a run-ending C++ exception (LimitExceeded, UntilReached, Deadlock):
/// the objects its unwinding frees must not run the program's code any more.
template <class E>
[[noreturn]] void end_run(const E& e) {
  stop_finalizers();
  throw e;
}

}  // namespace corosim
