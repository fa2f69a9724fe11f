#include "sim/lib/asyncio_wait.h"

#include <string>
#include <utility>

#include "sim/lib/asyncio_tasks.h"
#include "sim/loop/event_loop.h"
#include "sim/loop/handle.h"
#include "sim/loop/native_args.h"
#include "sim/loop/native_coroutine.h"
#include "sim/loop/task.h"
#include "sim/runtime/exception.h"
#include "sim/runtime/operators.h"
#include "sim/runtime/ops.h"
#include "sim/runtime/repr.h"

namespace corosim {
namespace {

// Mirrors Lib/asyncio/tasks.py _release_waiter (3.11) as a Callback, a =
// the waiter; it also stands for functools.partial(_release_waiter, waiter),
// which remove_done_callback finds by the same (fn, waiter) pair.
void release_waiter(const Value& waiter, const Value&) {
  FutureObject* w = waiter.as<FutureObject>();
  if (!w->done()) w->set_result(Value::none());
}
// How a future's repr shows it: the partial's argument is the waiter, which
// a task normally waits on (reprlib cuts that repr to 30 characters).
const bool kReleaseWaiterDescribed = register_callback_description(
    release_waiter,
    "_release_waiter(<Future pendi...ask_wakeup()]>)() at /usr/lib/python3.11/asyncio/tasks.py:431");

// A `finally:` that only calls code which cannot raise: it runs when the
// body leaves its scope by co_return, by an exception, or when a suspended
// body is destroyed (CPython's close() runs `finally` then too).
template <class Fn>
class Finally {
 public:
  explicit Finally(Fn fn) : fn_(std::move(fn)) {}
  ~Finally() { fn_(); }
  Finally(const Finally&) = delete;
  Finally& operator=(const Finally&) = delete;

 private:
  Fn fn_;
};

bool is_cancelled_error(const Value& exc) {
  return is_subtype(exc.obj()->type(), exception_types().cancelled_error);
}

// `try: return fut.result() except CancelledError as exc: raise
// TimeoutError() from exc`, the end of both timeout paths of wait_for.
Value result_or_timeout(FutureObject& fut) {
  try {
    return fut.result();
  } catch (PyException& e) {
    if (!is_cancelled_error(e.exc)) throw;
    raise_timeout_from(e.exc);
  }
}

// Mirrors Lib/asyncio/tasks.py _cancel_and_wait (3.11).
AsyncBody cancel_and_wait_body(Ref<FutureObject> fut, Ref<EventLoop> loop) {
  Ref<FutureObject> waiter = loop->create_future();
  fut->add_done_callback(Callback{release_waiter, Value(waiter), Value()});
  Finally remove([&] { fut->remove_done_callback(release_waiter, Value(waiter)); });
  fut->cancel();
  // We cannot wait on *fut* directly to make sure _cancel_and_wait itself
  // is reliably cancellable.
  co_await Value(waiter);
  co_return Value::none();
}

Value cancel_and_wait(const Ref<FutureObject>& fut, EventLoop& loop) {
  return Value(make_native_coroutine("_cancel_and_wait",
                                     cancel_and_wait_body(fut, Ref<EventLoop>(&loop))));
}

// Mirrors Lib/asyncio/tasks.py wait_for (3.11).
AsyncBody wait_for_body(Value fut_arg, Value timeout) {
  EventLoop& loop = get_running_loop();

  if (timeout.is_none()) co_return co_await fut_arg;

  if (compare_bool(CompareOp::kLe, timeout, Value::from_int(0))) {
    Ref<FutureObject> fut = ensure_future(fut_arg, &loop);
    if (fut->done()) co_return fut->result();
    co_await cancel_and_wait(fut, loop);
    co_return result_or_timeout(*fut);
  }

  Ref<FutureObject> waiter = loop.create_future();
  double delay = native_args::to_double(
      timeout, "unsupported operand type(s) for +: 'float' and '" + type_name(timeout) + "'");
  Ref<TimerHandle> timeout_handle =
      loop.call_later(delay, Callback{release_waiter, Value(waiter), Value()});

  Ref<FutureObject> fut = ensure_future(fut_arg, &loop);
  fut->add_done_callback(Callback{release_waiter, Value(waiter), Value()});

  Finally cancel_timeout([&] { timeout_handle->cancel(); });
  // wait until the future completes or the timeout
  Value cancelled;  // the CancelledError that interrupted `await waiter`
  try {
    co_await Value(waiter);
  } catch (PyException& e) {
    if (!is_cancelled_error(e.exc)) throw;
    cancelled = e.exc;
  }
  if (!cancelled.is_null()) {
    if (fut->done()) co_return fut->result();
    fut->remove_done_callback(release_waiter, Value(waiter));
    // We must ensure that the task is not running after wait_for()
    // returns. See https://bugs.python.org/issue32751
    co_await cancel_and_wait(fut, loop);
    raise_exception(cancelled);
  }

  if (fut->done()) co_return fut->result();
  fut->remove_done_callback(release_waiter, Value(waiter));
  co_await cancel_and_wait(fut, loop);
  // In case task cancellation failed with some exception, we should
  // re-raise it. See https://bugs.python.org/issue40607
  co_return result_or_timeout(*fut);
}

// shield's two closures (_inner_done_callback, _outer_done_callback) as
// Callbacks: a = the other future, b = the future that finished.

// Mirrors shield's _inner_done_callback(inner): a = outer, b = inner.
void shield_inner_done(const Value& outer_v, const Value& inner_v) {
  FutureObject* outer = outer_v.as<FutureObject>();
  FutureObject* inner = inner_v.as<FutureObject>();
  if (outer->cancelled()) {
    if (!inner->cancelled()) inner->exception();  // Mark inner's result as retrieved.
    return;
  }
  if (inner->cancelled()) {
    outer->cancel();
    return;
  }
  Value exc = inner->exception();
  if (!exc.is_none()) outer->set_exception(exc);
  else outer->set_result(inner->result());
}
const bool kShieldInnerDescribed = register_callback_description(
    shield_inner_done,
    "shield.<locals>._inner_done_callback() at /usr/lib/python3.11/asyncio/tasks.py:891");

// Mirrors shield's _outer_done_callback(outer): a = inner, b = outer.
void shield_outer_done(const Value& inner_v, const Value& outer_v) {
  FutureObject* inner = inner_v.as<FutureObject>();
  if (!inner->done()) inner->remove_done_callback(shield_inner_done, outer_v);
}
const bool kShieldOuterDescribed = register_callback_description(
    shield_outer_done,
    "shield.<locals>._outer_done_callback() at /usr/lib/python3.11/asyncio/tasks.py:908");

}  // namespace

void raise_timeout_from(const Value& exc) {
  Ref<ExceptionObject> timeout =
      new_exception(exception_types().timeout_error, std::vector<Value>{});
  timeout->cause = exc;
  timeout->context = exc;
  timeout->suppress_context = true;
  raise_exception(Value(timeout));
}

Ref<CoroutineObject> make_wait_for(Value fut, Value timeout) {
  return make_native_coroutine("wait_for", wait_for_body(std::move(fut), std::move(timeout)));
}

// Mirrors Lib/asyncio/tasks.py shield (3.11).
Ref<FutureObject> shield(const Value& arg) {
  Ref<FutureObject> inner = ensure_future(arg);
  if (inner->done()) return inner;  // Shortcut.
  Ref<FutureObject> outer = inner->get_loop()->create_future();
  inner->add_done_callback(Callback{shield_inner_done, Value(outer), Value()});
  outer->add_done_callback(Callback{shield_outer_done, Value(inner), Value()});
  return outer;
}

namespace asyncio_natives {

Value wait_for(const Value&, std::span<const Value> args, std::span<const KwArg> kwargs) {
  static constexpr native_args::Param params[] = {{"fut"}, {"timeout"}};
  Value bound[2];
  native_args::bind("wait_for", args, kwargs, params, bound);
  native_args::require("wait_for", "fut", bound[0]);
  native_args::require("wait_for", "timeout", bound[1]);
  return Value(make_wait_for(bound[0], bound[1]));
}

Value shield(const Value&, std::span<const Value> args, std::span<const KwArg> kwargs) {
  static constexpr native_args::Param params[] = {{"arg"}};
  Value bound[1];
  native_args::bind("shield", args, kwargs, params, bound);
  native_args::require("shield", "arg", bound[0]);
  return Value(corosim::shield(bound[0]));
}

}  // namespace asyncio_natives

}  // namespace corosim
