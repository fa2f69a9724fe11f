#include "sim/loop/task.h"

#include <algorithm>
#include <iterator>
#include <optional>
#include <vector>
#include <span>
#include <string>
#include <utility>

#include "sim/loop/await_chain.h"
#include "sim/loop/native_args.h"
#include "sim/loop/wait_primitives.h"
#include "sim/compile/code.h"
#include "sim/vm/coroutine.h"
#include "sim/vm/frame.h"
#include "sim/runtime/builtin_types.h"
#include "sim/runtime/exception.h"
#include "sim/runtime/native_function.h"
#include "sim/runtime/repr.h"
#include "sim/runtime/run_context.h"
#include "sim/runtime/str_object.h"

namespace corosim {
namespace {

int64_t g_task_name_counter = 0;  // tasks._task_name_counter (last number used)
TaskId g_last_task_id = 0;        // trace ids, creation order
TaskObject* g_current_task = nullptr;  // tasks._current_tasks[loop]

// The callbacks a task queues: __step (a = task, b = exc or null) and
// __wakeup (a = task, b = the awaited future, filled in by the future).
void step_callback(const Value& task, const Value& exc) { task.as<TaskObject>()->step(exc); }
void wakeup_callback(const Value& task, const Value& future) {
  task.as<TaskObject>()->wakeup(*future.as<FutureObject>());
}
// How a Future's repr shows these callbacks (the C Task's method names).
const bool kStepDescribed = register_callback_description(step_callback, "Task.task_step()");
const bool kWakeupDescribed = register_callback_description(wakeup_callback, "Task.task_wakeup()");

bool is_cancelled_error(const Value& exc) {
  return exc.is(ObjKind::kException) &&
         is_subtype(exc.obj()->type(), exception_types().cancelled_error);
}

Value runtime_error(std::string message) {
  return new_exception(exception_types().runtime_error, std::move(message));
}

// Keeps _enter_task/_leave_task paired even when a C++ exception (a run
// limit, a deadlock in a nested call) leaves the step.
class CurrentTaskScope {
 public:
  explicit CurrentTaskScope(TaskObject* task) {
    g_current_task = task;
    run_context().current_task = task->id();
  }
  ~CurrentTaskScope() {
    g_current_task = nullptr;
    run_context().current_task = 0;
  }
  CurrentTaskScope(const CurrentTaskScope&) = delete;
  CurrentTaskScope& operator=(const CurrentTaskScope&) = delete;
};

TraceSink& trace() {
  static NullTraceSink null_sink;
  TraceSink* sink = run_context().trace;
  return sink ? *sink : null_sink;
}

double now() { return run_context().clock; }

std::optional<std::string> message_text(const Value& msg) {
  if (msg.is_null() || msg.is_none()) return std::nullopt;
  return str(msg);
}

}  // namespace

void reset_task_counter() {
  g_task_name_counter = 0;
  g_last_task_id = 0;
}

TaskObject* TaskObject::current() { return g_current_task; }

// Mirrors Lib/asyncio/tasks.py Task.__init__ (3.11).
TaskObject::TaskObject(Ref<EventLoop> loop, Ref<CoroutineObject> coro, const Value& name,
                       bool internal)
    : FutureObject(ObjKind::kTask, task_type(), loop), coro_(std::move(coro)), internal_(internal) {
  if (name.is_null() || name.is_none()) name_ = "Task-" + std::to_string(++g_task_name_counter);
  else name_ = str(name);
  // Checked before `this` is referenced anywhere: a throw from call_soon
  // would otherwise free the half-built task.
  if (loop->is_closed()) raise_error(exception_types().runtime_error, "Event loop is closed");
  if (auto* py = dynamic_cast<PyCoroObject*>(coro_.get()); py && py->frame())
    coro_code_ = py->frame()->code;  // repr needs it after the frame is gone
  loop->call_soon(Callback{step_callback, Value(this), Value()});
  loop->register_task(this);
  id_ = ++g_last_task_id;
  TaskInfo info;
  info.id = id_;
  info.name = name_;
  info.coro = coro_->qualname();
  info.parent = run_context().current_task;
  info.internal = internal_;
  trace().on_create(now(), info);
}

TaskObject::~TaskObject() = default;

void TaskObject::clear_refs() {
  if (registered_ && get_loop()) get_loop()->unregister_task(this);
  coro_ = Ref<CoroutineObject>();
  coro_code_ = Ref<CodeObject>();
  fut_waiter_ = Ref<FutureObject>();
  active_timeouts_.clear();
  FutureObject::clear_refs();
}

// Mirrors Lib/asyncio/tasks.py Task.__step (3.11).
void TaskObject::step(const Value& exc_in) {
  Ref<TaskObject> self(this);  // a finished task may lose its last other reference
  trace().on_resume(now(), id_);
  if (done())
    raise_error(exception_types().invalid_state_error,
                "_step(): already done: " + repr() + ", " +
                    (exc_in.is_null() ? std::string("None") : corosim::repr(exc_in)));
  Value exc = exc_in;
  if (must_cancel_) {
    if (!is_cancelled_error(exc)) exc = make_cancelled_error();
    must_cancel_ = false;
  }
  fut_waiter_ = Ref<FutureObject>();
  {
    CurrentTaskScope scope(this);  // _enter_task ... finally: _leave_task
    SendResult result;
    try {
      result = exc.is_null() ? coro_->send(Value::none()) : coro_->throw_exc(exc);
    } catch (PyException& e) {  // a native coroutine may throw instead of returning kRaised
      result = SendResult{SendResult::Kind::kRaised, e.exc};
    }
    finish_step(std::move(result));
  }
  trace_step_end();
}

// The except/else clauses of __step, in CPython's order.
void TaskObject::finish_step(SendResult&& result) {
  switch (result.kind) {
    case SendResult::Kind::kReturned:  // except StopIteration
      if (must_cancel_) {
        must_cancel_ = false;  // Task is cancelled right before coro stops.
        FutureObject::cancel(cancel_message_);
      } else {
        set_result(std::move(result.value));
      }
      break;
    case SendResult::Kind::kRaised:
      if (is_cancelled_error(result.value)) {
        cancelled_exc_ = result.value;  // Save the original exception so we can chain it later.
        FutureObject::cancel(Value());
      } else if (is_base_exit(result.value)) {
        set_exception(result.value);
        get_loop()->unregister_task(this);
        raise_exception(result.value);
      } else {
        set_exception(std::move(result.value));
      }
      break;
    case SendResult::Kind::kYielded:
      handle_yield(result.value);
      break;
  }
  if (done() && registered_) get_loop()->unregister_task(this);
}

// The `else:` clause of __step: what did the coroutine yield?
void TaskObject::handle_yield(const Value& yielded) {
  EventLoop* loop = get_loop();
  if (is_future(yielded)) {
    FutureObject* fut = yielded.as<FutureObject>();
    if (fut->get_loop() != loop) {
      loop->call_soon(Callback{step_callback, Value(this),
                               runtime_error("Task " + repr() + " got Future " + fut->repr() +
                                             " attached to a different loop")});
    } else if (fut->asyncio_future_blocking) {
      if (fut == this) {
        loop->call_soon(Callback{step_callback, Value(this),
                                 runtime_error("Task cannot await on itself: " + repr())});
      } else {
        wait_on(*fut);
      }
    } else {
      loop->call_soon(Callback{step_callback, Value(this),
                               runtime_error("yield was used instead of yield from in task " +
                                             repr() + " with " + fut->repr())});
    }
  } else if (yielded.is_none()) {
    loop->call_soon(Callback{step_callback, Value(this), Value()});  // bare yield: one iteration
  } else if (yielded.is(ObjKind::kGenerator)) {
    loop->call_soon(Callback{step_callback, Value(this),
                             runtime_error("yield was used instead of yield from for generator in task " +
                                           repr() + " with " + corosim::repr(yielded))});
  } else {
    loop->call_soon(Callback{step_callback, Value(this),
                             runtime_error("Task got bad yield: " + corosim::repr(yielded))});
  }
}

// The blocking-future branch of __step: wait for `fut` with __wakeup.
void TaskObject::wait_on(FutureObject& fut) {
  fut.asyncio_future_blocking = false;
  fut.add_done_callback(Callback{wakeup_callback, Value(this), Value()});
  fut_waiter_ = Ref<FutureObject>(&fut);
  if (must_cancel_) {  // cancel() arrived during this step
    if (fut_waiter_->cancel(cancel_message_)) must_cancel_ = false;
  }
}

// What the reference tracer records after each step: done or suspend.
void TaskObject::trace_step_end() {
  TraceSink& sink = trace();
  if (!done()) {
    sink.on_suspend(now(), id_, waits_on());
    return;
  }
  TaskEnd end;
  if (cancelled()) {
    end.state = TaskEnd::State::kCancelled;
    if (cancelled_exc_.is_object()) end.exception_object = cancelled_exc_.obj();
  } else if (!exception_.is_null()) {
    end.state = TaskEnd::State::kFailed;
    end.exception_object = exception_.obj();
    end.exc_type = exception_.obj()->type()->name();
    end.exc_message = str(exception_);
  } else {
    end.result = corosim::repr(result_);
  }
  sink.on_done(now(), id_, end);
}

// Mirrors Lib/asyncio/tasks.py Task.__wakeup (3.11).
void TaskObject::wakeup(FutureObject& future) {
  Value exc;
  try {
    future.result();
  } catch (PyException& e) {
    exc = e.exc;  // This may also be a cancellation.
  }
  step(exc);
}

// Mirrors Lib/asyncio/tasks.py Task.cancel (3.11). The trace records the
// request on entry, before it propagates (the reference tracer's convention).
bool TaskObject::cancel(const Value& msg) {
  if (done()) return false;
  trace().on_cancel(now(), id_, run_context().current_task, message_text(msg));
  ++num_cancels_requested_;
  if (fut_waiter_ && fut_waiter_->cancel(msg)) {
    // Leave fut_waiter_; it may be a Task that catches and ignores the
    // cancellation so we may have to cancel it again later.
    return true;
  }
  must_cancel_ = true;  // It must be the case that __step is already scheduled.
  cancel_message_ = msg;
  return true;
}

// Mirrors Lib/asyncio/tasks.py Task.uncancel (3.11).
int64_t TaskObject::uncancel() {
  if (num_cancels_requested_ > 0) --num_cancels_requested_;
  return num_cancels_requested_;
}

void TaskObject::set_name(const Value& value) { set_name(str(value)); }

void TaskObject::set_name(std::string name) {
  name_ = std::move(name);
  trace().on_rename(id_, name_);
}

WaitsOn TaskObject::waits_on() const {
  WaitsOn w;
  if (fut_waiter_) w = fut_waiter_->describe_as_waiter();
  else w.what = WaitsOn::What::kYield;
  AwaitChain chain = walk_await_chain(coro_);
  w.line = chain.line;
  Value object = chain.receiver;
  if (chain.primitive) {
    w.primitive = chain.primitive;
  } else if (!active_timeouts_.empty()) {
    w.primitive = kTimeoutPrimitive;
    object = active_timeouts_.back();
  } else if (chain.program_awaits_future && w.what == WaitsOn::What::kFuture) {
    w.primitive = kFuturePrimitive;
    object = Value(fut_waiter_);
  }
  if (object.is_object()) w.object = run_context().wait_objects.number(object);
  return w;
}

void TaskObject::enter_timeout(const Value& timeout) { active_timeouts_.push_back(timeout); }

void TaskObject::leave_timeout(const Value& timeout) {
  for (auto it = active_timeouts_.rbegin(); it != active_timeouts_.rend(); ++it) {
    if (it->identical(timeout)) {
      active_timeouts_.erase(std::next(it).base());
      return;
    }
  }
}

WaitsOn TaskObject::describe_as_waiter() const {
  WaitsOn w;
  w.what = WaitsOn::What::kTask;
  w.task = id_;
  return w;
}

namespace {

// Where CPython 3.11.7 defines the asyncio coroutines that corosim implements
// natively, for "coro=<sleep() running at .../tasks.py:649>".
struct NativeCoroutineSource {
  const char* qualname;
  const char* file;      // under kAsyncioSourceDir
  int first_line;        // co_firstlineno
  int awaiting_line;     // the line of its `await` of a future
};
constexpr NativeCoroutineSource kNativeCoroutineSources[] = {
    {"sleep", "tasks.py", 637, 649},
    {"wait_for", "tasks.py", 436, 476},  // awaiting its waiter (not inside _cancel_and_wait)
    {"BaseEventLoop.shutdown_asyncgens", "base_events.py", 539, 539},
    {"BaseEventLoop.shutdown_default_executor", "base_events.py", 564, 564},
};

// Mirrors Lib/asyncio/coroutines.py _format_coroutine (3.11): "main()
// running at prog.py:12" (the line the frame is at, the def line before it
// started) or "main() done, defined at prog.py:10".
std::string format_coroutine(const CoroutineObject& coro, const CodeObject* coro_code,
                             bool awaiting_future) {
  std::string name = coro.qualname() + "()";
  const auto* py_coro = dynamic_cast<const PyCoroObject*>(&coro);
  if (py_coro != nullptr && coro_code != nullptr) {
    const PyCoroObject& py = *py_coro;
    if (py.finished() || py.frame() == nullptr)  // cr_frame is None: co_firstlineno
      return name + " done, defined at " + coro_code->filename + ":" +
             std::to_string(coro_code->first_line);
    const CodeObject& code = *py.frame()->code;
    int line = py.state() == PyCoroObject::State::kCreated ? code.first_line
                                                           : py.frame()->current_line();
    return name + " running at " + code.filename + ":" + std::to_string(line);
  }
  for (const NativeCoroutineSource& src : kNativeCoroutineSources) {
    if (coro.qualname() != src.qualname) continue;
    std::string file = std::string(kAsyncioSourceDir) + src.file + ":";
    if (coro.finished()) return name + " done, defined at " + file + std::to_string(src.first_line);
    return name + " running at " + file +
           std::to_string(awaiting_future ? src.awaiting_line : src.first_line);
  }
  return name;
}

// reprlib.recursive_repr for _task_repr: a task that (indirectly) waits on
// itself shows "..." the second time.
std::vector<const Object*>& reprs_in_progress() {
  static std::vector<const Object*> stack;
  return stack;
}

}  // namespace

// Mirrors Lib/asyncio/base_tasks.py _task_repr_info and _task_repr (3.11):
// <Task pending name='Task-2' coro=<child() running at prog.py:4>
//  wait_for=<Future pending cb=[Task.task_wakeup()]>>.
std::string TaskObject::repr() const {
  std::vector<const Object*>& active = reprs_in_progress();
  if (std::find(active.begin(), active.end(), this) != active.end()) return "...";
  active.push_back(this);
  std::string info = repr_info();  // "state[ result=...][ cb=[...]]"
  size_t space = info.find(' ');
  std::string state_word = info.substr(0, space);
  std::string rest = space == std::string::npos ? "" : info.substr(space);
  if (num_cancels_requested_ > 0 && !done()) state_word = "cancelling";
  std::string text = "<" + type()->name() + " " + state_word + " name=" + str_repr(name_);
  if (coro_) text += " coro=<" + format_coroutine(*coro_, coro_code_.get(), fut_waiter_ != nullptr) + ">";
  if (fut_waiter_) text += " wait_for=" + fut_waiter_->repr();
  text += rest + ">";
  active.pop_back();
  return text;
}

// Mirrors Lib/asyncio/tasks.py _ensure_future (3.11).
Ref<FutureObject> ensure_future(const Value& coro_or_future, EventLoop* loop) {
  if (is_future(coro_or_future)) {
    FutureObject* fut = coro_or_future.as<FutureObject>();
    if (loop != nullptr && loop != fut->get_loop())
      raise_error(exception_types().value_error,
                  "The future belongs to a different loop than the one specified as the loop "
                  "argument");
    return Ref<FutureObject>(fut);
  }
  if (!is_coroutine(coro_or_future))
    raise_error(exception_types().type_error,
                "An asyncio.Future, a coroutine or an awaitable is required");
  if (loop == nullptr) loop = EventLoop::running_loop();
  if (loop == nullptr) raise_error(exception_types().runtime_error, "no running event loop");
  return loop->create_task(Ref<CoroutineObject>(coro_or_future.as<CoroutineObject>()));
}

// ---- Python methods ---------------------------------------------------------

namespace {

TaskObject* self_task(const Value& self) { return self.as<TaskObject>(); }

void no_args(const char* name, std::span<const Value> args, std::span<const KwArg> kwargs) {
  check_no_kwargs(name, kwargs);
  check_arg_count(name, args, 0, 0);
}

Value py_get_name(const Value& self, std::span<const Value> args,
                  std::span<const KwArg> kwargs) {
  no_args("get_name", args, kwargs);
  return new_str(self_task(self)->get_name());
}

Value py_set_name(const Value& self, std::span<const Value> args,
                  std::span<const KwArg> kwargs) {
  check_no_kwargs("set_name", kwargs);
  check_arg_count("set_name", args, 1, 1);
  self_task(self)->set_name(args[0]);
  return Value::none();
}

Value py_get_coro(const Value& self, std::span<const Value> args,
                  std::span<const KwArg> kwargs) {
  no_args("get_coro", args, kwargs);
  return Value(self_task(self)->get_coro());
}

Value py_cancelling(const Value& self, std::span<const Value> args,
                    std::span<const KwArg> kwargs) {
  no_args("cancelling", args, kwargs);
  return Value::from_int(self_task(self)->cancelling());
}

Value py_uncancel(const Value& self, std::span<const Value> args,
                  std::span<const KwArg> kwargs) {
  no_args("uncancel", args, kwargs);
  return Value::from_int(self_task(self)->uncancel());
}

Value py_set_result(const Value&, std::span<const Value>, std::span<const KwArg>) {
  raise_error(exception_types().runtime_error, "Task does not support set_result operation");
}

Value py_set_exception(const Value&, std::span<const Value>, std::span<const KwArg>) {
  raise_error(exception_types().runtime_error, "Task does not support set_exception operation");
}

struct TaskMethod {
  const char* name;
  NativeFn fn;
};
constexpr TaskMethod kTaskMethods[] = {
    {"get_name", py_get_name},       {"set_name", py_set_name},
    {"get_coro", py_get_coro},       {"cancelling", py_cancelling},
    {"uncancel", py_uncancel},       {"set_result", py_set_result},
    {"set_exception", py_set_exception},
};

}  // namespace

// A task hashes as its trace id, and the reference tracer gives CPython's
// tasks the same __hash__: sets of tasks (asyncio.wait's done and pending)
// then iterate in the same order on both sides, where CPython's own order
// follows memory addresses.
namespace {
int64_t task_hash(const Value& self) { return self.as<TaskObject>()->id(); }
}  // namespace

TypeObject* task_type() {
  static TypeObject* type = [] {
    TypeObject* t = new_builtin_type("Task", future_type(), 0, "_asyncio");
    t->hash = task_hash;
    for (const TaskMethod& m : kTaskMethods) add_method(t, m.name, m.fn);
    return t;
  }();
  return type;
}

}  // namespace corosim
