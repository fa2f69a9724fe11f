// The dispatch loop: runs a chain of heap frames until the bottom frame
// returns, raises, or (for a coroutine) the innermost frame suspends.
//
// A Python call from Python code pushes a frame and the same loop continues
// (clox OP_CALL, Lua's `goto startfunc`); only native code calling back into
// Python (sorted(key=...), repr of a user object, an exception's __init__,
// generator_next) starts a nested loop on the C++ stack. Both kinds of depth
// are counted against CPython's recursion limit, so deep recursion raises a
// catchable RecursionError instead of overflowing the C++ stack.
//
// Decisions (where opcode.h leaves room):
//  - Step budget: every instruction counts one step in run_context().steps;
//    past max_steps (when non-zero) LimitExceeded{"max-steps"} is thrown and
//    every frame of the running chain is abandoned (its coroutines finish).
//  - pc - 1 is always the instruction an exception is attributed to. A frame
//    suspended at AWAIT keeps pc just past it and, when resumed, finishes that
//    AWAIT with the sent value or thrown exception (same effect as opcode.h's
//    "ip stays on the AWAIT").
//  - Recursion: more than kRecursionLimit Python frames on the running
//    chains (plain calls, inline awaits, nested loops together) raise
//    RecursionError("maximum recursion depth exceeded"), as CPython 3.11
//    does; a nested loop that would start more than 4 MiB of C++ stack below
//    the outermost one raises it too.
//  - __context__ is set where CPython's _PyErr_SetObject would: on `raise`,
//    on an exception raised by an instruction (one without a traceback yet),
//    on a Future's exception at `await`; not on exceptions thrown in with
//    throw_exc() nor on those passing up from a callee.
#pragma once

#include <memory>
#include <span>

#include "sim/runtime/coroutine_object.h"
#include "sim/runtime/object.h"

namespace corosim {

class Frame;
class FunctionObject;
class PyCoroObject;
struct KwArg;

/// CPython's default sys.getrecursionlimit().
inline constexpr int kRecursionLimit = 1000;

/// A new frame for a call of `fn`, arguments bound (TypeError on mismatch).
std::unique_ptr<Frame> make_frame(const FunctionObject& fn, std::span<const Value> args,
                                  std::span<const KwArg> kwargs);

/// Runs a plain (non-coroutine) frame to completion on a nested dispatch loop
/// and returns its return value; its exception propagates as PyException.
Value run_frame_to_completion(std::unique_ptr<Frame> frame);

/// How a suspended chain is resumed: with a value (send) or an exception (throw).
struct Resumption {
  Value value;      ///< sent value (None to start)
  bool is_throw = false;  ///< true: `value` is an exception instance to raise
};

/// Resumes `coro` (and the chain of coroutines it awaits) until it yields,
/// returns or raises. Used by PyCoroObject::send/throw_exc.
SendResult resume_coroutine(PyCoroObject& coro, Resumption how);

/// Resumes a generator-expression frame until it yields (kYielded), returns
/// (kReturned) or raises (kRaised).
SendResult resume_generator_frame(Frame& frame, Resumption how);

/// The exception being handled by the innermost running frame (what a bare
/// `raise` re-raises and what becomes __context__), or null when none.
Value current_handled_exception();

/// Forgets the interpreter state a run may leave behind when a C++ exception
/// (a limit, a deadlock, --until) abandons it inside a module-level `except:`:
/// the handled exception, the frame depth, the nesting of dispatch loops.
/// Call only between runs, when no dispatch loop is active.
void reset_interpreter_state();

}  // namespace corosim
