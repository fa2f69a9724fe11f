// Finalizers (CPython's tp_finalize, PEP 442): a suspended generator or
// coroutine is closed when its last reference goes away, so its `finally`
// clauses run then, and a future whose exception nobody retrieved logs it.
//
// CPython runs a finalizer inside the decref that dropped the object, in the
// middle of whatever C code was running (its containers are written to
// survive that). corosim keeps the object alive and runs the finalizer at the
// next safe point instead: before the interpreter's next instruction, when
// the interpreter returns to native code, and after each loop callback. The
// C++ that dropped the object has finished with its containers by then, and
// the program sees the finalizer run at the same instruction as on CPython.
//
// They run only while a program runs (run_with_finalizers): the end-of-run
// teardown (Heap::release_all) clears objects' references without running
// Python code, and a run-ending C++ exception (end_run) switches them off
// before it unwinds, so nothing runs after a limit, --until or a deadlock.
#pragma once

#include <functional>

namespace corosim {

namespace finalizer_detail {
extern bool g_pending;  // some object waits for its finalizer
}  // namespace finalizer_detail

/// Whether a finalizer waits to run: the interpreter's per-instruction check.
inline bool finalizers_pending() { return finalizer_detail::g_pending; }

/// Runs the waiting finalizers in the order their objects were dropped (and
/// those their code drops), then releases the objects. Called at safe points
/// only; a run-ending exception (a limit hit inside a finalizer) propagates.
void run_pending_finalizers();

/// Runs `program` with finalizers on, and off again however it ends.
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
