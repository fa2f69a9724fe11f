// asyncio.Future (Lib/asyncio/futures.py, 3.11, with the C implementation's
// messages, which are what python3 prints): a result that is not there yet,
// plus the callbacks to schedule when it arrives.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "sim/loop/event_loop.h"
#include "sim/loop/handle.h"
#include "sim/runtime/object.h"
#include "sim/trace/trace_sink.h"

namespace corosim {

/// Mirrors Lib/asyncio/futures.py Future (3.11).
/// States: pending -> finished (result or exception) or pending -> cancelled;
/// never back. Invariant: callbacks are only held while pending; completing
/// hands every one of them to loop.call_soon, in registration order.
class FutureObject : public Object {
 public:
  enum class State : uint8_t { kPending, kCancelled, kFinished };

  explicit FutureObject(Ref<EventLoop> loop);
  ~FutureObject() override;
  void clear_refs() override;
  /// Mirrors the C Future's FutureObj_finalize (3.11): an exception set and
  /// never retrieved (by result() or exception()) is logged through the
  /// loop's exception handler, "Task exception was never retrieved".
  bool needs_finalize() const override { return log_traceback_ && loop_; }
  void finalize() override;

  State state() const { return state_; }
  /// Mirrors Future.done.
  bool done() const { return state_ != State::kPending; }
  /// Mirrors Future.cancelled.
  bool cancelled() const { return state_ == State::kCancelled; }
  /// Mirrors Future.result: the result; throws PyException with the
  /// exception, with CancelledError (_make_cancelled_error) when cancelled,
  /// or InvalidStateError("Result is not set.") when pending.
  Value result();
  /// Mirrors Future.exception: the exception or None; throws CancelledError
  /// when cancelled, InvalidStateError("Exception is not set.") when pending.
  Value exception();
  /// Mirrors Future.set_result: InvalidStateError("invalid state") unless pending.
  void set_result(Value result);
  /// Mirrors Future.set_exception: an exception class is instantiated;
  /// StopIteration is rejected with TypeError.
  void set_exception(Value exc);
  /// Mirrors Future.cancel(msg=None): false if already done. `msg` null or
  /// None means no message. Task and _GatheringFuture override it.
  virtual bool cancel(const Value& msg = Value());

  /// Mirrors Future.add_done_callback: the callback is called as
  /// fn(callback.a, this future); `callback.b` is ignored. Already done:
  /// call_soon at once (it runs next iteration).
  void add_done_callback(Callback callback);
  /// Mirrors Future.remove_done_callback: removes every callback with this
  /// fn and an identical `a`; with fn == nullptr, every Python done callback
  /// whose callable == `a` (see make_python_done_callback). Returns how many
  /// were removed.
  size_t remove_done_callback(Callback::Fn fn, const Value& a);

  /// Mirrors Future.get_loop.
  EventLoop* get_loop() const { return loop_.get(); }
  const Ref<EventLoop>& loop_ref() const { return loop_; }

  /// Mirrors Future._make_cancelled_error: the CancelledError to raise
  /// (the one a task caught, else a new one carrying the cancel message).
  Value make_cancelled_error();
  const Value& cancel_message() const { return cancel_message_; }

  /// What a task that awaits this future is waiting on (trace `waits_on`):
  /// kSleep for the future of an asyncio.sleep, kFuture otherwise; Task and
  /// _GatheringFuture override it.
  virtual WaitsOn describe_as_waiter() const;
  /// Marks this as asyncio.sleep's future, due at `until`.
  void mark_sleep(double until) {
    is_sleep_ = true;
    sleep_until_ = until;
  }

  /// repr(): "<Future pending>", "<Future finished result=1>",
  /// "<Future cancelled>", "<Future finished exception=ValueError('x')>".
  virtual std::string repr() const;

  /// Future.__await__ protocol: set before yielding this future to the task.
  bool asyncio_future_blocking = false;

 protected:
  FutureObject(ObjKind kind, TypeObject* type, Ref<EventLoop> loop);
  /// Mirrors Future.__schedule_callbacks.
  void schedule_callbacks();
  /// Mirrors base_futures._future_repr_info joined with spaces: the state
  /// word first ("pending", "finished result=1"), then "cb=[...]" if any.
  std::string repr_info() const;
  /// Mirrors base_futures._format_callbacks ("" when there are none).
  std::string format_callbacks() const;

  State state_ = State::kPending;
  Value result_;           // finished with a result
  Value exception_;        // finished with an exception (null otherwise)
  Value cancel_message_;   // _cancel_message (null: None)
  Value cancelled_exc_;    // _cancelled_exc: the CancelledError a task caught
  bool log_traceback_ = false;  // __log_traceback: an exception nobody has retrieved yet

 private:
  Ref<EventLoop> loop_;
  // NOTE: like the C Future, the first callback has its own slot, so the
  // common single waiter (a task's __wakeup) costs no vector allocation.
  // Registration order is callback0_ (if set) then callbacks_.
  Callback callback0_;
  std::vector<Callback> callbacks_;
  bool is_sleep_ = false;
  double sleep_until_ = 0;
};

/// Mirrors Lib/asyncio/futures.py _set_result_unless_cancelled (3.11), as a
/// Callback: a = the future, b = the result.
void set_result_unless_cancelled(const Value& future, const Value& result);

/// Mirrors futures.isfuture: a Future or a Task.
inline bool is_future(const Value& v) { return v.is(ObjKind::kFuture) || v.is(ObjKind::kTask); }

/// The Python type object of Future (methods done, result, exception,
/// cancel, cancelled, add_done_callback, remove_done_callback, set_result,
/// set_exception, get_loop).
TypeObject* future_type();

}  // namespace corosim
