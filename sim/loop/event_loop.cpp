#include "sim/loop/event_loop.h"

#include <algorithm>
#include <span>
#include <string>
#include <utility>

#include "sim/loop/future.h"
#include "sim/loop/native_args.h"
#include "sim/loop/task.h"
#include "sim/runtime/builtin_types.h"
#include "sim/runtime/exception.h"
#include "sim/runtime/native_function.h"
#include "sim/runtime/repr.h"
#include "sim/runtime/finalizer.h"
#include "sim/runtime/run_context.h"
#include "sim/runtime/tuple_object.h"

namespace corosim {
namespace {

EventLoop* g_running_loop = nullptr;  // events._running_loop

// Mirrors Lib/asyncio/base_events.py _run_until_complete_cb (3.11).
void run_until_complete_cb(const Value&, const Value& fut) {
  FutureObject* f = fut.as<FutureObject>();
  if (!f->cancelled()) {
    Value exc = f->exception();
    const ExceptionTypes& types = exception_types();
    if (exc.is_object() && (is_subtype(exc.obj()->type(), types.system_exit) ||
                            is_subtype(exc.obj()->type(), types.keyboard_interrupt)))
      return;  // Issue #22429: run_forever() already finished, no need to stop.
  }
  f->get_loop()->stop();
}
// What the main task's repr shows for it (CPython 3.11.7's base_events.py).
const bool kRunUntilCompleteDescribed = register_callback_description(
    run_until_complete_cb,
    "_run_until_complete_cb() at /usr/lib/python3.11/asyncio/base_events.py:180");

// Sets and clears events._running_loop around run_forever, also when a C++
// exception (Deadlock, LimitExceeded, ...) leaves it.
class RunningLoopScope {
 public:
  RunningLoopScope(EventLoop* loop, bool& stopping) : stopping_(stopping) {
    g_running_loop = loop;
  }
  ~RunningLoopScope() {
    stopping_ = false;
    g_running_loop = nullptr;
  }
  RunningLoopScope(const RunningLoopScope&) = delete;
  RunningLoopScope& operator=(const RunningLoopScope&) = delete;

 private:
  bool& stopping_;
};

// What a deadlocked task waits on, as the deadlock report words it (the same
// text as format_deadlock in tests/conformance/reftrace.py): "lock #1",
// "wait_for", "sleep until 3.0", "task Task-4", "gather of Task-3, Task-4",
// "yield", "future", then " at line 12" when the program's line is known.
std::string wait_description(const WaitsOn& w, const Deadlock::TaskNames& name_of) {
  std::string text;
  if (!w.primitive.empty()) {
    text = w.primitive;
    if (w.object) text += " #" + std::to_string(w.object);
  } else {
    switch (w.what) {
      case WaitsOn::What::kSleep: text = "sleep until " + repr(Value::from_float(w.until)); break;
      case WaitsOn::What::kTask: text = "task " + name_of(w.task); break;
      case WaitsOn::What::kGather:
        text = "gather of";
        for (size_t i = 0; i < w.tasks.size(); ++i) text += (i ? ", " : " ") + name_of(w.tasks[i]);
        break;
      case WaitsOn::What::kYield: text = "yield"; break;
      case WaitsOn::What::kFuture: text = "future"; break;
    }
  }
  if (w.line) text += " at line " + std::to_string(w.line);
  return text;
}

}  // namespace

bool is_base_exit(const Value& exc) {
  const ExceptionTypes& types = exception_types();
  TypeObject* t = exc.obj()->type();
  return is_subtype(t, types.system_exit) || is_subtype(t, types.keyboard_interrupt);
}


// ---- Deadlock ---------------------------------------------------------------

std::vector<TaskId> Deadlock::ids() const {
  std::vector<TaskId> out;
  for (const Waiter& w : waiting) out.push_back(w.task);
  return out;
}

std::string Deadlock::format(const TaskNames& name_of) const {
  std::string text = "deadlock: nothing is ready and no timer is pending; waiting tasks:\n";
  for (const Waiter& w : waiting)
    text += "  " + w.name + " waits on " + wait_description(w.waits_on, name_of) + "\n";
  return text;
}

// ---- ReadyQueue -------------------------------------------------------------

void ReadyQueue::push_back(Entry e) {
  if (size_ == ring_.size()) grow();
  ring_[(head_ + size_) & (ring_.size() - 1)] = std::move(e);
  ++size_;
}

ReadyQueue::Entry ReadyQueue::pop_front() {
  Entry e = std::move(ring_[head_]);
  head_ = (head_ + 1) & (ring_.size() - 1);
  --size_;
  return e;
}

void ReadyQueue::clear() {
  while (!empty()) pop_front();
}

void ReadyQueue::grow() {
  std::vector<Entry> bigger(ring_.empty() ? 64 : ring_.size() * 2);
  for (size_t i = 0; i < size_; ++i)
    bigger[i] = std::move(ring_[(head_ + i) & (ring_.size() - 1)]);
  ring_ = std::move(bigger);
  head_ = 0;
}

// ---- EventLoop --------------------------------------------------------------

EventLoop::EventLoop() : Object(ObjKind::kOther, event_loop_type()) {}

EventLoop::~EventLoop() {
  if (g_running_loop == this) g_running_loop = nullptr;
}

void EventLoop::clear_refs() {
  ready_.clear();
  scheduled_.clear();
  while (pending_head_) unregister_task(pending_head_);
}

double EventLoop::time() const { return run_context().clock; }

bool EventLoop::is_running() const { return g_running_loop == this; }

EventLoop* EventLoop::running_loop() { return g_running_loop; }

// Mirrors Lib/asyncio/base_events.py BaseEventLoop._check_closed (3.11).
void EventLoop::check_closed() const {
  if (closed_) raise_error(exception_types().runtime_error, "Event loop is closed");
}

// Mirrors Lib/asyncio/base_events.py BaseEventLoop._check_running (3.11).
void EventLoop::check_running() const {
  if (is_running())
    raise_error(exception_types().runtime_error, "This event loop is already running");
  if (g_running_loop != nullptr)
    raise_error(exception_types().runtime_error,
                "Cannot run the event loop while another loop is running");
}

// Mirrors Lib/asyncio/base_events.py BaseEventLoop.call_soon (3.11).
void EventLoop::call_soon(Callback callback) {
  check_closed();
  ready_.push_back(ReadyQueue::Entry{std::move(callback), Ref<Handle>()});
}

Ref<Handle> EventLoop::call_soon_handle(Callback callback) {
  check_closed();
  Ref<Handle> handle = make<Handle>(std::move(callback));
  ready_.push_back(ReadyQueue::Entry{Callback(), handle});
  return handle;
}

// Mirrors Lib/asyncio/base_events.py BaseEventLoop.call_later (3.11).
Ref<TimerHandle> EventLoop::call_later(double delay, Callback callback) {
  return call_at(time() + delay, std::move(callback));
}

// Mirrors Lib/asyncio/base_events.py BaseEventLoop.call_at (3.11).
Ref<TimerHandle> EventLoop::call_at(double when, Callback callback) {
  check_closed();
  Ref<TimerHandle> timer = make<TimerHandle>(when, std::move(callback), Ref<EventLoop>(this));
  scheduled_.push(timer);
  timer->scheduled = true;
  return timer;
}

// Mirrors Lib/asyncio/base_events.py BaseEventLoop._timer_handle_cancelled (3.11).
void EventLoop::timer_handle_cancelled(const TimerHandle& handle) {
  if (handle.scheduled) ++timer_cancelled_count_;
}

// Mirrors Lib/asyncio/base_events.py BaseEventLoop._run_once (3.11).
void EventLoop::run_once() {
  ++iterations_;
  count_step();
  remove_cancelled_timers();
  std::optional<double> timeout = select_timeout();
  if (!timeout) raise_deadlock();  // CPython would block in select(None) forever
  advance_clock(*timeout);         // the virtual selector: select(timeout)
  move_expired_timers_to_ready();
  run_ready_snapshot();
}

// Each iteration is one step of the --max-steps budget, like an instruction:
// a loop that only advances the clock (sleep(inf)) would otherwise never stop.
void EventLoop::count_step() {
  RunContext& rc = run_context();
  if (++rc.steps > rc.max_steps && rc.max_steps != 0) end_run(LimitExceeded{"max-steps"});
}

// The first part of _run_once: the rebuild path or the head-pop path.
void EventLoop::remove_cancelled_timers() {
  const size_t sched_count = scheduled_.size();
  if (sched_count > kMinScheduledTimerHandles &&
      static_cast<double>(timer_cancelled_count_) / static_cast<double>(sched_count) >
          kMinCancelledTimerHandlesFraction) {
    scheduled_.remove_cancelled_and_heapify();
    timer_cancelled_count_ = 0;
    return;
  }
  while (!scheduled_.empty() && scheduled_.top()->cancelled()) {
    --timer_cancelled_count_;
    Ref<TimerHandle> handle = scheduled_.pop();
    handle->scheduled = false;
  }
}

// _run_once's timeout: 0 if anything is ready or the loop is stopping, the
// wait for the first timer (capped at a day), or nullopt for "forever".
std::optional<double> EventLoop::select_timeout() const {
  if (!ready_.empty() || stopping_) return 0.0;
  if (scheduled_.empty()) return std::nullopt;
  double timeout = std::max(0.0, scheduled_.top()->when() - time());
  return std::min(timeout, kMaximumSelectTimeout);
}

// The virtual selector's select(timeout): clock = clock + timeout, in doubles.
void EventLoop::advance_clock(double timeout) {
  RunContext& ctx = run_context();
  double next = ctx.clock + timeout;
  if (ctx.until && next > *ctx.until) {
    ctx.clock = std::max(ctx.clock, *ctx.until);
    end_run(UntilReached{*ctx.until});
  }
  ctx.clock = next;
}

void EventLoop::raise_deadlock() const {
  Deadlock deadlock;
  for (const Ref<TaskObject>& task : pending_tasks())
    deadlock.waiting.push_back({task->id(), task->get_name(), task->waits_on()});
  end_run(deadlock);
}

// The middle of _run_once: every timer due before now + resolution goes to
// the END of ready_ (cancelled ones too; they are skipped when reached).
void EventLoop::move_expired_timers_to_ready() {
  const double end_time = time() + kClockResolution;
  while (!scheduled_.empty()) {
    if (scheduled_.top()->when() >= end_time) break;
    Ref<TimerHandle> handle = scheduled_.pop();
    handle->scheduled = false;
    ready_.push_back(ReadyQueue::Entry{Callback(), std::move(handle)});
  }
}

// The end of _run_once: run exactly the handles that are ready now (ntodo);
// whatever they schedule waits for the next iteration.
void EventLoop::run_ready_snapshot() {
  const size_t ntodo = ready_.size();
  for (size_t i = 0; i < ntodo; ++i) {
    ReadyQueue::Entry entry = ready_.pop_front();
    if (entry.handle && entry.handle->cancelled()) continue;
    try {
      if (entry.handle) entry.handle->run();
      else entry.callback();
    } catch (PyException& e) {
      if (is_base_exit(e.exc)) throw;  // Handle._run re-raises these
      report_callback_error(entry, e.exc);
    }
    // What the callback dropped is finalized before the next one runs, as
    // CPython does within the callback.
    run_pending_finalizers();
  }
}

// Mirrors Lib/asyncio/events.py Handle._run's except clause (3.11). A bare
// callback is reported as the Handle CPython's call_soon would have made.
void EventLoop::report_callback_error(const ReadyQueue::Entry& entry, const Value& exc) {
  Value handle = entry.handle ? Value(entry.handle) : Value(make<Handle>(entry.callback));
  const Callback& callback = handle.as<Handle>()->callback();
  call_exception_handler({"Exception in callback " + describe_callback(callback), exc, {{"handle", handle}}});
}

void EventLoop::call_exception_handler(const ExceptionHandlerContext& context) {
  if (!context.exception.is_null()) callback_errors_.push_back(context.exception);
  default_exception_handler(context);
}

// Mirrors Lib/asyncio/base_events.py BaseEventLoop.run_forever (3.11).
void EventLoop::run_forever() {
  check_closed();
  check_running();
  RunningLoopScope scope(this, stopping_);
  while (true) {
    run_once();
    if (stopping_) break;
  }
}

// Mirrors Lib/asyncio/base_events.py BaseEventLoop.run_until_complete (3.11).
Value EventLoop::run_until_complete(const Value& future) {
  check_closed();
  check_running();
  Ref<FutureObject> fut = ensure_future(future, this);
  fut->add_done_callback(Callback{run_until_complete_cb, Value(), Value()});
  try {
    run_forever();
  } catch (...) {
    fut->remove_done_callback(run_until_complete_cb, Value());
    throw;
  }
  fut->remove_done_callback(run_until_complete_cb, Value());
  if (!fut->done())
    raise_error(exception_types().runtime_error, "Event loop stopped before Future completed.");
  return fut->result();
}

// Mirrors Lib/asyncio/base_events.py BaseEventLoop.close (3.11).
void EventLoop::close() {
  if (is_running())
    raise_error(exception_types().runtime_error, "Cannot close a running event loop");
  if (closed_) return;
  closed_ = true;
  ready_.clear();
  scheduled_.clear();  // the handles keep scheduled == true, as in CPython
}

// Mirrors Lib/asyncio/base_events.py BaseEventLoop.create_future (3.11).
Ref<FutureObject> EventLoop::create_future() { return make<FutureObject>(Ref<EventLoop>(this)); }

// Mirrors Lib/asyncio/base_events.py BaseEventLoop.create_task (3.11), no
// task factory.
Ref<TaskObject> EventLoop::create_task(Ref<CoroutineObject> coro, const Value& name,
                                       bool internal) {
  check_closed();
  return make<TaskObject>(Ref<EventLoop>(this), std::move(coro), name, internal);
}

std::vector<Ref<TaskObject>> EventLoop::pending_tasks() const {
  std::vector<Ref<TaskObject>> out;
  for (TaskObject* t = pending_head_; t; t = t->pending_next_)
    if (!t->done()) out.emplace_back(t);
  return out;
}

// Mirrors Lib/asyncio/tasks.py _register_task (3.11), in creation order.
void EventLoop::register_task(TaskObject* task) {
  task->incref();
  task->pending_prev_ = pending_tail_;
  task->pending_next_ = nullptr;
  if (pending_tail_) pending_tail_->pending_next_ = task;
  else pending_head_ = task;
  pending_tail_ = task;
  task->registered_ = true;
}

void EventLoop::unregister_task(TaskObject* task) {
  if (!task->registered_) return;
  if (task->pending_prev_) task->pending_prev_->pending_next_ = task->pending_next_;
  else pending_head_ = task->pending_next_;
  if (task->pending_next_) task->pending_next_->pending_prev_ = task->pending_prev_;
  else pending_tail_ = task->pending_prev_;
  task->pending_prev_ = task->pending_next_ = nullptr;
  task->registered_ = false;
  task->decref();
}

// ---- Python methods of the loop ---------------------------------------------

namespace {

EventLoop* self_loop(const Value& self) { return self.as<EventLoop>(); }

Value loop_time(const Value& self, std::span<const Value> args, std::span<const KwArg> kwargs) {
  check_no_kwargs("time", kwargs);
  check_arg_count("time", args, 0, 0);
  return Value::from_float(self_loop(self)->time());
}

Value loop_create_future(const Value& self, std::span<const Value> args,
                         std::span<const KwArg> kwargs) {
  check_no_kwargs("create_future", kwargs);
  check_arg_count("create_future", args, 0, 0);
  return self_loop(self)->create_future();
}

// The *args after the callback, as a tuple (null when there are none).
Value rest_as_tuple(std::span<const Value> args, size_t from) {
  if (args.size() <= from) return Value();
  return new_tuple(std::vector<Value>(args.begin() + static_cast<std::ptrdiff_t>(from), args.end()));
}

// Mirrors Lib/asyncio/base_events.py call_soon, call_later, call_at (3.11):
// the callback is checked (_check_callback) only in debug mode, which this
// loop never is, so a non-callable fails when it runs, as an exception in a
// callback.
Value loop_call_soon(const Value& self, std::span<const Value> args,
                     std::span<const KwArg> kwargs) {
  check_no_kwargs("call_soon", kwargs);  // context= is not supported
  if (args.empty())
    raise_error(exception_types().type_error,
                "call_soon() missing 1 required positional argument: 'callback'");
  return self_loop(self)->call_soon_handle(make_python_callback(args[0], rest_as_tuple(args, 1)));
}

Value loop_call_later(const Value& self, std::span<const Value> args,
                      std::span<const KwArg> kwargs) {
  check_no_kwargs("call_later", kwargs);
  if (args.size() < 2)
    raise_error(exception_types().type_error,
                "call_later() missing required positional arguments: 'delay' and 'callback'");
  double delay = native_args::to_double(args[0], "'<' not supported between instances of '" +
                                                     type_name(args[0]) + "' and 'float'");
  return self_loop(self)->call_later(delay, make_python_callback(args[1], rest_as_tuple(args, 2)));
}

Value loop_call_at(const Value& self, std::span<const Value> args, std::span<const KwArg> kwargs) {
  check_no_kwargs("call_at", kwargs);
  if (args.size() < 2)
    raise_error(exception_types().type_error,
                "call_at() missing required positional arguments: 'when' and 'callback'");
  double when = native_args::to_double(args[0], "'<' not supported between instances of '" +
                                                    type_name(args[0]) + "' and 'float'");
  Ref<TimerHandle> handle =
      self_loop(self)->call_at(when, make_python_callback(args[1], rest_as_tuple(args, 2)));
  handle->set_given_when(args[0]);
  return handle;
}

Value loop_create_task(const Value& self, std::span<const Value> args,
                       std::span<const KwArg> kwargs) {
  static constexpr native_args::Param params[] = {{"coro"}, {"name", true}};
  Value bound[2];
  native_args::bind("create_task", args, kwargs, params, bound);
  native_args::require("create_task", "coro", bound[0]);
  if (!is_coroutine(bound[0]))
    raise_error(exception_types().type_error, "a coroutine was expected, got " + repr(bound[0]));
  return self_loop(self)->create_task(Ref<CoroutineObject>(bound[0].as<CoroutineObject>()),
                                      bound[1]);
}

Value loop_is_running(const Value& self, std::span<const Value> args,
                      std::span<const KwArg> kwargs) {
  check_no_kwargs("is_running", kwargs);
  check_arg_count("is_running", args, 0, 0);
  return Value::from_bool(self_loop(self)->is_running());
}

Value loop_is_closed(const Value& self, std::span<const Value> args,
                     std::span<const KwArg> kwargs) {
  check_no_kwargs("is_closed", kwargs);
  check_arg_count("is_closed", args, 0, 0);
  return Value::from_bool(self_loop(self)->is_closed());
}

std::string loop_repr(const Value& self) {
  const EventLoop* loop = self_loop(self);
  return std::string("<_UnixSelectorEventLoop running=") + (loop->is_running() ? "True" : "False") +
         " closed=" + (loop->is_closed() ? "True" : "False") + " debug=False>";
}

// The methods Python code may call on the loop (get_running_loop()).
struct LoopMethod {
  const char* name;
  NativeFn fn;
};
constexpr LoopMethod kLoopMethods[] = {
    {"time", loop_time},           {"create_future", loop_create_future},
    {"call_soon", loop_call_soon}, {"call_later", loop_call_later},
    {"call_at", loop_call_at},     {"create_task", loop_create_task},
    {"is_running", loop_is_running}, {"is_closed", loop_is_closed},
};

}  // namespace

TypeObject* event_loop_type() {
  static TypeObject* type = [] {
    TypeObject* t =
        new_builtin_type("_UnixSelectorEventLoop", builtin_types().object, 0, "asyncio.unix_events");
    t->repr = loop_repr;
    for (const LoopMethod& m : kLoopMethods) add_method(t, m.name, m.fn);
    return t;
  }();
  return type;
}

}  // namespace corosim
