// Handle and TimerHandle: a callback queued on the event loop, and the same
// with a deadline (Lib/asyncio/events.py). The loop's internal work (task
// steps, done callbacks) is queued as a bare Callback without a Handle object,
// because nothing can cancel it; only call_at/call_later and Python's
// loop.call_soon make Handle objects, as those are the ones a caller can keep.
#pragma once

#include <cstdint>
#include <string>

#include "sim/runtime/object.h"

namespace corosim {

/// One queued call: fn(a, b). A plain struct (no std::function) so that
/// queueing a task step or a done callback never allocates. Python callables
/// are wrapped by make_python_callback (fn then calls the runtime's call()).
struct Callback {
  using Fn = void (*)(const Value& a, const Value& b);
  Fn fn = nullptr;
  Value a;
  Value b;

  explicit operator bool() const { return fn != nullptr; }
  /// Runs the callback. PyException escapes to the caller (the loop records it).
  void operator()() const { fn(a, b); }
};

/// A callback that calls the Python callable `callable` with the arguments in
/// `args` (a tuple, or null for none): loop.call_soon(cb, *args) from Python.
Callback make_python_callback(Value callable, Value args);

/// A done callback for a Python callable: called as callable(future). The
/// future is filled into `b` when the callback is scheduled (see
/// FutureObject::add_done_callback).
Callback make_python_done_callback(Value callable);

/// True if `c` is the done callback made for `callable` (remove_done_callback
/// compares Python callables with ==, as CPython does).
bool is_python_done_callback_for(const Callback& c, const Value& callable);

/// Where CPython's own asyncio sources live, for reprs that name a stdlib
/// function's position (a Task's `cb=[...]`, a sleep coroutine's line). The
/// real prefix depends on the machine's Python installation; corosim uses
/// Debian 12's, with the line numbers of CPython 3.11.7's sources.
inline constexpr const char* kAsyncioSourceDir = "/usr/lib/python3.11/asyncio/";

/// Registers how base_futures._format_callbacks shows the callbacks whose
/// function is `fn` (e.g. "Task.task_wakeup()"). Returns true, so that a file
/// can register at static initialisation: `const bool k = register_...;`.
bool register_callback_description(Callback::Fn fn, const char* text);

/// Mirrors Lib/asyncio/format_helpers.py _format_callback_source (3.11):
/// "cb(1) at prog.py:12" for a Python function and its arguments (none for a
/// done callback), "Future.set_result(42)" for a builtin method, the
/// registered text for corosim's own callbacks, "<callback>" if unknown.
std::string describe_callback(const Callback& c);

class EventLoop;

/// Mirrors Lib/asyncio/events.py Handle (3.11): a callback the loop will call
/// once, unless cancelled first. Invariant: cancelled_ implies callback_ is
/// empty (cancel() drops the callback and its arguments, as CPython does).
class Handle : public Object {
 public:
  explicit Handle(Callback callback);
  ~Handle() override;
  void clear_refs() override;

  /// Mirrors Lib/asyncio/events.py Handle.cancel (3.11).
  virtual void cancel();
  bool cancelled() const { return cancelled_; }
  /// Mirrors Handle._run: calls the callback (the loop catches exceptions).
  void run() const { callback_(); }
  /// The queued call; empty once cancelled.
  const Callback& callback() const { return callback_; }

 protected:
  Handle(ObjKind kind, Callback callback);
  Callback callback_;
  bool cancelled_ = false;
};

/// Mirrors Lib/asyncio/events.py TimerHandle (3.11): a Handle with a deadline.
/// Ordered by `when` only (TimerHandle.__lt__); `scheduled` is true exactly
/// while the handle is in the loop's timer heap.
class TimerHandle : public Handle {
 public:
  TimerHandle(double when, Callback callback, Ref<EventLoop> loop);
  ~TimerHandle() override;
  void clear_refs() override;

  double when() const { return when_; }
  /// The deadline as Python sees it (when(), the repr): call_at keeps the
  /// number it was given, so an int stays an int as in CPython.
  Value when_value() const { return given_when_.is_null() ? Value::from_float(when_) : given_when_; }
  void set_given_when(Value when) { given_when_ = std::move(when); }
  /// Mirrors TimerHandle.__eq__'s test (3.11): same when, callback, args and
  /// cancelled state.
  bool same_call(const TimerHandle& other) const;
  /// Mirrors Lib/asyncio/events.py TimerHandle.cancel (3.11): tells the loop,
  /// which counts the cancellation only while the handle is still scheduled.
  void cancel() override;

  bool scheduled = false;  ///< CPython's _scheduled

 private:
  double when_;
  Value given_when_;  ///< call_at's argument; null when computed (call_later)
  Ref<EventLoop> loop_;  ///< the loop whose heap holds it; dropped by clear_refs
};

/// The Python type objects of Handle and TimerHandle (created on first use).
TypeObject* handle_type();
TypeObject* timer_handle_type();

}  // namespace corosim
