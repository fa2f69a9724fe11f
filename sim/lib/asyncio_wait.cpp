#include "sim/lib/asyncio_wait.h"

#include <string>
#include <utility>

#include "sim/lib/asyncio_queues.h"
#include "sim/lib/asyncio_tasks.h"
#include "sim/loop/event_loop.h"
#include "sim/loop/handle.h"
#include "sim/loop/native_args.h"
#include "sim/loop/native_coroutine.h"
#include "sim/loop/task.h"
#include "sim/runtime/builtin_types.h"
#include "sim/runtime/exception.h"
#include "sim/runtime/iterator_object.h"
#include "sim/runtime/operators.h"
#include "sim/runtime/ops.h"
#include "sim/runtime/repr.h"
#include "sim/runtime/set_object.h"
#include "sim/runtime/str_object.h"
#include "sim/runtime/tuple_object.h"
#include "sim/runtime/type_object.h"

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

// The delay of `loop.call_later(timeout, ...)`: call_at(self.time() +
// timeout) is where CPython's TypeError for a non-number comes from.
double timeout_delay(const Value& timeout) {
  return native_args::to_double(
      timeout, "unsupported operand type(s) for +: 'float' and '" + type_name(timeout) + "'");
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
  Ref<TimerHandle> timeout_handle =
      loop.call_later(timeout_delay(timeout), Callback{release_waiter, Value(waiter), Value()});

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


// ---- wait -------------------------------------------------------------------

// What CPython's closures share through cells, kept in an object the
// callbacks can hold (Callback carries Values). Python never sees it.
TypeObject* closure_state_type() {
  static TypeObject* type = new_builtin_type("cell", builtin_types().object);
  return type;
}

// concurrent.futures' constants, which asyncio re-exports.
constexpr const char* kFirstCompleted = "FIRST_COMPLETED";
constexpr const char* kFirstException = "FIRST_EXCEPTION";
constexpr const char* kAllCompleted = "ALL_COMPLETED";

enum class ReturnWhen : uint8_t { kFirstCompleted, kFirstException, kAllCompleted };

// The cells of _wait's _on_completion closure.
class WaitState final : public Object {
 public:
  WaitState(Ref<FutureObject> waiter_in, int64_t counter_in, ReturnWhen return_when_in)
      : Object(ObjKind::kOther, closure_state_type()),
        waiter(std::move(waiter_in)),
        counter(counter_in),
        return_when(return_when_in) {}
  void clear_refs() override {
    waiter = Ref<FutureObject>();
    timeout_handle = Ref<TimerHandle>();
  }

  Ref<FutureObject> waiter;
  Ref<TimerHandle> timeout_handle;  // None without a timeout
  int64_t counter;
  ReturnWhen return_when;
};

// Mirrors _wait's _on_completion(f): a = the WaitState, b = f.
void wait_on_completion(const Value& state_v, const Value& f_v) {
  WaitState* state = state_v.as<WaitState>();
  FutureObject* f = f_v.as<FutureObject>();
  state->counter -= 1;
  if (state->counter <= 0 || state->return_when == ReturnWhen::kFirstCompleted ||
      (state->return_when == ReturnWhen::kFirstException &&
       (!f->cancelled() && !f->exception().is_none()))) {
    if (state->timeout_handle) state->timeout_handle->cancel();
    if (!state->waiter->done()) state->waiter->set_result(Value::none());
  }
}
const bool kWaitOnCompletionDescribed = register_callback_description(
    wait_on_completion,
    "_wait.<locals>._on_completion() at /usr/lib/python3.11/asyncio/tasks.py:519");

// Mirrors Lib/asyncio/tasks.py _wait (3.11). `fs` is the set wait() built;
// its iteration order decides the order of `done` and `pending`.
AsyncBody wait_inner_body(Ref<SetObject> fs, Value timeout, ReturnWhen return_when,
                          Ref<EventLoop> loop) {
  Ref<FutureObject> waiter = loop->create_future();
  Ref<WaitState> state = make<WaitState>(waiter, int64_t(fs->size()), return_when);
  if (!timeout.is_none())
    state->timeout_handle =
        loop->call_later(timeout_delay(timeout), Callback{release_waiter, Value(waiter), Value()});

  std::vector<Value> items = fs->items();
  for (const Value& f : items) {
    if (!is_future(f))
      raise_error(exception_types().attribute_error,
                  "'" + type_name(f) + "' object has no attribute 'add_done_callback'");
    f.as<FutureObject>()->add_done_callback(Callback{wait_on_completion, Value(state), Value()});
  }

  {
    Finally cleanup([&] {
      if (state->timeout_handle) state->timeout_handle->cancel();
      for (const Value& f : items)
        f.as<FutureObject>()->remove_done_callback(wait_on_completion, Value(state));
    });
    co_await Value(waiter);
  }

  Ref<SetObject> done = new_set();
  Ref<SetObject> pending = new_set();
  for (const Value& f : items) {
    if (f.as<FutureObject>()->done()) done->add(f);
    else pending->add(f);
  }
  co_return Value(new_tuple({Value(done), Value(pending)}));
}

// Mirrors Lib/asyncio/tasks.py wait (3.11).
AsyncBody wait_body(Value fs, Value timeout, Value return_when) {
  if (is_future(fs) || asyncio_iscoroutine(fs))
    raise_error(exception_types().type_error, "expect a list of futures, not " + type_name(fs));
  if (!is_truthy(fs)) raise_error(exception_types().value_error, "Set of Tasks/Futures is empty.");
  // `return_when not in (...)`, then the closure's own `return_when == ...` tests.
  ReturnWhen when;
  if (equals(Value(new_str(kFirstCompleted)), return_when)) when = ReturnWhen::kFirstCompleted;
  else if (equals(Value(new_str(kFirstException)), return_when)) when = ReturnWhen::kFirstException;
  else if (equals(Value(new_str(kAllCompleted)), return_when)) when = ReturnWhen::kAllCompleted;
  else raise_error(exception_types().value_error, "Invalid return_when value: " + str(return_when));

  Ref<SetObject> set = new_set();
  set->update(fs);

  for (const Value& f : set->items())
    if (asyncio_iscoroutine(f))
      raise_error(exception_types().type_error,
                  "Passing coroutines is forbidden, use tasks explicitly.");

  EventLoop& loop = get_running_loop();
  co_return co_await Value(make_native_coroutine(
      "_wait", wait_inner_body(std::move(set), std::move(timeout), when, Ref<EventLoop>(&loop))));
}

// ---- as_completed -----------------------------------------------------------

// The cells of as_completed's closures (_on_timeout, _on_completion,
// _wait_for_one).
class AsCompletedState final : public Object {
 public:
  AsCompletedState(Value done_in, Ref<SetObject> todo_in)
      : Object(ObjKind::kOther, closure_state_type()),
        done(std::move(done_in)),
        todo(std::move(todo_in)) {}
  void clear_refs() override {
    done = Value();
    todo = Ref<SetObject>();
    timeout_handle = Ref<TimerHandle>();
  }

  Value done;  // the asyncio.Queue the finished futures go through
  Ref<SetObject> todo;
  Ref<TimerHandle> timeout_handle;
};

// Mirrors as_completed's _on_completion(f): a = the state, b = f.
void as_completed_on_completion(const Value& state_v, const Value& f) {
  AsCompletedState* state = state_v.as<AsCompletedState>();
  if (state->todo->size() == 0) return;  // _on_timeout() was here first.
  state->todo->discard(f);
  call_method(state->done, "put_nowait", std::vector<Value>{f});
  if (state->todo->size() == 0 && state->timeout_handle) state->timeout_handle->cancel();
}
const bool kAsCompletedOnCompletionDescribed = register_callback_description(
    as_completed_on_completion,
    "as_completed.<locals>._on_completion() at /usr/lib/python3.11/asyncio/tasks.py:602");

// Mirrors as_completed's _on_timeout(): a = the state.
void as_completed_on_timeout(const Value& state_v, const Value&) {
  AsCompletedState* state = state_v.as<AsCompletedState>();
  for (const Value& f : state->todo->items()) {
    f.as<FutureObject>()->remove_done_callback(as_completed_on_completion, state_v);
    // Queue a dummy value for _wait_for_one().
    call_method(state->done, "put_nowait", std::vector<Value>{Value::none()});
  }
  state->todo->clear();  // Can't do todo.remove(f) in the loop.
}
const bool kAsCompletedOnTimeoutDescribed = register_callback_description(
    as_completed_on_timeout,
    "as_completed.<locals>._on_timeout() at /usr/lib/python3.11/asyncio/tasks.py:596");

// Mirrors as_completed's _wait_for_one().
AsyncBody wait_for_one_body(Ref<AsCompletedState> state) {
  Value f = co_await call_method(state->done, "get", {});
  // Dummy value from _on_timeout().
  if (f.is_none())
    raise_exception(Value(new_exception(exception_types().timeout_error, std::vector<Value>{})));
  co_return f.as<FutureObject>()->result();  // May raise f.exception().
}

// The body of the generator as_completed, up to its `for` loop of yields:
// the state its coroutines share. corosim's rule: the coroutines in `fs`
// become tasks in argument order, each distinct one once (CPython iterates
// set(fs), i.e. memory addresses).
Ref<AsCompletedState> start_as_completed(const Value& fs, const Value& timeout) {
  if (is_future(fs) || asyncio_iscoroutine(fs))
    raise_error(exception_types().type_error,
                "expect an iterable of futures, not " + type_name(fs));

  Value done = call(Value(queue_type()), {});

  EventLoop* loop = EventLoop::running_loop();  // events._get_event_loop()
  if (loop == nullptr)
    raise_error(exception_types().runtime_error,
                "There is no current event loop in thread 'MainThread'.");
  Ref<SetObject> distinct = new_set();
  std::vector<Value> in_order;
  for (const Value& f : to_vector(fs)) {
    size_t before = distinct->size();
    distinct->add(f);
    if (distinct->size() > before) in_order.push_back(f);
  }
  Ref<SetObject> todo = new_set();
  for (const Value& f : in_order) todo->add(Value(ensure_future(f, loop)));

  Ref<AsCompletedState> state = make<AsCompletedState>(std::move(done), todo);
  for (const Value& f : todo->items())
    f.as<FutureObject>()->add_done_callback(
        Callback{as_completed_on_completion, Value(state), Value()});
  if (todo->size() > 0 && !timeout.is_none())
    state->timeout_handle =
        loop->call_later(timeout_delay(timeout),
                         Callback{as_completed_on_timeout, Value(state), Value()});
  return state;
}

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

// Mirrors Lib/asyncio/tasks.py wait (3.11).
Ref<CoroutineObject> make_wait(Value fs, Value timeout, Value return_when) {
  return make_native_coroutine(
      "wait", wait_body(std::move(fs), std::move(timeout), std::move(return_when)));
}

// Mirrors Lib/asyncio/tasks.py as_completed (3.11), a generator: nothing
// runs before the first next(); an error there ends it.
Value as_completed(Value fs, Value timeout) {
  Ref<AsCompletedState> state;
  int64_t remaining = -1;  // yields left; -1 before the body has run
  return Value(new_native_iterator(
      builtin_types().generator,
      [fs = std::move(fs), timeout = std::move(timeout), state, remaining](Value& out) mutable {
        if (remaining < 0) {
          remaining = 0;
          state = start_as_completed(fs, timeout);
          remaining = int64_t(state->todo->size());
        }
        if (remaining == 0) return false;
        --remaining;
        out = Value(make_native_coroutine("as_completed.<locals>._wait_for_one",
                                          wait_for_one_body(state)));
        return true;
      }));
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

Value wait(const Value&, std::span<const Value> args, std::span<const KwArg> kwargs) {
  static constexpr native_args::Param params[] = {{"fs"}, {"timeout", true}, {"return_when", true}};
  Value bound[3];
  native_args::bind("wait", args, kwargs, params, bound);
  native_args::require("wait", "fs", bound[0]);
  Value return_when = bound[2].is_null() ? Value(new_str(kAllCompleted)) : bound[2];
  return Value(make_wait(bound[0], native_args::or_none(bound[1]), return_when));
}

Value as_completed(const Value&, std::span<const Value> args, std::span<const KwArg> kwargs) {
  static constexpr native_args::Param params[] = {{"fs"}, {"timeout", true}};
  Value bound[2];
  native_args::bind("as_completed", args, kwargs, params, bound);
  native_args::require("as_completed", "fs", bound[0]);
  return corosim::as_completed(bound[0], native_args::or_none(bound[1]));
}

}  // namespace asyncio_natives

}  // namespace corosim
