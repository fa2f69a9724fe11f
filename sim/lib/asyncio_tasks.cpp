#include "sim/lib/asyncio_tasks.h"

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "sim/loop/native_args.h"
#include "sim/runtime/builtin_types.h"
#include "sim/runtime/exception.h"
#include "sim/runtime/list_object.h"
#include "sim/runtime/native_function.h"
#include "sim/runtime/operators.h"
#include "sim/runtime/ops.h"
#include "sim/runtime/repr.h"
#include "sim/runtime/set_object.h"
#include "sim/runtime/str_object.h"

namespace corosim {
namespace {

SendResult returned(Value v) { return SendResult{SendResult::Kind::kReturned, std::move(v)}; }
SendResult raised(Value exc) { return SendResult{SendResult::Kind::kRaised, std::move(exc)}; }
SendResult yielded(Value v) { return SendResult{SendResult::Kind::kYielded, std::move(v)}; }

Value reuse_error() {
  return new_exception(exception_types().runtime_error, "cannot reuse already awaited coroutine");
}

// Mirrors Lib/asyncio/tasks.py sleep (3.11) as a state machine:
//   kCreated   -> (delay <= 0) kYielded0: the bare yield of __sleep0
//              -> (delay > 0)  kAwaiting: `await future` suspended at `yield self`
//   kYielded0 / kAwaiting -> kFinished on the next send/throw.
// The `finally: h.cancel()` runs on every exit from kAwaiting.
class SleepCoroutine final : public CoroutineObject {
 public:
  SleepCoroutine(Value delay, Value result)
      : CoroutineObject(ObjKind::kNativeCoroutine, builtin_types().coroutine),
        delay_(std::move(delay)),
        result_(std::move(result)) {}

  void clear_refs() override {
    delay_ = result_ = Value();
    future_ = Ref<FutureObject>();
    timer_ = Ref<TimerHandle>();
  }
  std::string qualname() const override { return "sleep"; }
  bool finished() const override { return state_ == State::kFinished; }

  SendResult send(const Value&) override {
    switch (state_) {
      case State::kCreated: return start();
      case State::kYielded0: return finish(returned(result_));
      case State::kAwaiting: return resume_await();
      case State::kFinished: break;
    }
    return raised(reuse_error());
  }

  SendResult throw_exc(const Value& exc) override {
    switch (state_) {
      case State::kCreated:  // raised at the top of the body: no finally entered
      case State::kYielded0: return finish(raised(exc));
      case State::kAwaiting: return finally_cancel(raised(exc));
      case State::kFinished: break;
    }
    return raised(exc);
  }

 private:
  enum class State : uint8_t { kCreated, kYielded0, kAwaiting, kFinished };

  SendResult start() {
    try {
      // `if delay <= 0:` with Python's comparison (and its TypeError).
      if (compare_bool(CompareOp::kLe, delay_, Value::from_int(0))) {
        state_ = State::kYielded0;
        return yielded(Value::none());
      }
      EventLoop& loop = get_running_loop();
      future_ = loop.create_future();
      double delay = native_args::to_double(
          delay_, "unsupported operand type(s) for +: 'float' and '" + type_name(delay_) + "'");
      timer_ = loop.call_later(delay, Callback{set_result_unless_cancelled, Value(future_), result_});
      future_->mark_sleep(timer_->when());
    } catch (PyException& e) {
      return finish(raised(e.exc));
    }
    return await_future();
  }

  // Future.__await__ up to its `yield self`.
  SendResult await_future() {
    if (!future_->done()) {
      future_->asyncio_future_blocking = true;
      state_ = State::kAwaiting;
      return yielded(Value(future_));
    }
    return finally_cancel(result_of_future());
  }

  // Future.__await__ after its `yield self`.
  SendResult resume_await() {
    if (!future_->done())
      return finally_cancel(raised(new_exception(exception_types().runtime_error,
                                                 "await wasn't used with future")));
    return finally_cancel(result_of_future());
  }

  SendResult result_of_future() {
    try {
      return returned(future_->result());
    } catch (PyException& e) {
      return raised(e.exc);
    }
  }

  SendResult finally_cancel(SendResult outcome) {
    timer_->cancel();  // finally: h.cancel()
    return finish(std::move(outcome));
  }

  SendResult finish(SendResult outcome) {
    state_ = State::kFinished;
    future_ = Ref<FutureObject>();
    timer_ = Ref<TimerHandle>();
    return outcome;
  }

  Value delay_;
  Value result_;
  Ref<FutureObject> future_;
  Ref<TimerHandle> timer_;
  State state_ = State::kCreated;
};

// A coroutine that returns None at once (the shutdown coroutines of
// asyncio.run when there is nothing to shut down).
class ImmediateCoroutine final : public CoroutineObject {
 public:
  explicit ImmediateCoroutine(std::string qualname)
      : CoroutineObject(ObjKind::kNativeCoroutine, builtin_types().coroutine),
        qualname_(std::move(qualname)) {}
  std::string qualname() const override { return qualname_; }
  bool finished() const override { return finished_; }
  SendResult send(const Value&) override {
    if (finished_) return raised(reuse_error());
    finished_ = true;
    return returned(Value::none());
  }
  SendResult throw_exc(const Value& exc) override {
    finished_ = true;
    return raised(exc);
  }

 private:
  std::string qualname_;
  bool finished_ = false;
};

// gather's done callback: a = the GatheringFuture, b = the child.
void gather_done_callback(const Value& outer, const Value& child) {
  outer.as<GatheringFuture>()->done_callback(*child.as<FutureObject>());
}
// What a child's repr shows for it: the closure in CPython 3.11.7's tasks.py.
const bool kGatherCallbackDescribed = register_callback_description(
    gather_done_callback, "gather.<locals>._done_callback() at /usr/lib/python3.11/asyncio/tasks.py:764");

}  // namespace

Ref<CoroutineObject> make_sleep(Value delay, Value result) {
  return Ref<CoroutineObject>(new SleepCoroutine(std::move(delay), std::move(result)));
}

Ref<CoroutineObject> make_immediate_coroutine(std::string qualname) {
  return Ref<CoroutineObject>(new ImmediateCoroutine(std::move(qualname)));
}

EventLoop& get_running_loop() {
  EventLoop* loop = EventLoop::running_loop();
  if (loop == nullptr) raise_error(exception_types().runtime_error, "no running event loop");
  return *loop;
}

// ---- gather -----------------------------------------------------------------

GatheringFuture::GatheringFuture(Ref<EventLoop> loop, bool return_exceptions)
    : FutureObject(ObjKind::kFuture, future_type(), std::move(loop)),
      return_exceptions_(return_exceptions) {}

void GatheringFuture::clear_refs() {
  children_.clear();
  FutureObject::clear_refs();
}

// Mirrors Lib/asyncio/tasks.py _GatheringFuture.cancel (3.11).
bool GatheringFuture::cancel(const Value& msg) {
  if (done()) return false;
  bool ret = false;
  std::vector<Ref<FutureObject>> children = children_;  // a child's cancel may re-enter
  for (const Ref<FutureObject>& child : children)
    if (child->cancel(msg)) ret = true;
  // If any child tasks were actually cancelled, we should propagate the
  // cancellation request regardless of *return_exceptions* argument.
  if (ret) cancel_requested_ = true;
  return ret;
}

// Mirrors the _done_callback closure of Lib/asyncio/tasks.py gather (3.11).
void GatheringFuture::done_callback(FutureObject& fut) {
  ++nfinished_;
  if (!constructed_ || done()) {
    if (!fut.cancelled()) fut.exception();  // Mark exception retrieved.
    return;
  }
  if (!return_exceptions_) {
    if (fut.cancelled()) {
      set_exception(fut.make_cancelled_error());
      return;
    }
    Value exc = fut.exception();
    if (!exc.is_none()) {
      set_exception(exc);
      return;
    }
  }
  if (nfinished_ == nfuts_) set_all_results();
}

// The `if nfinished == nfuts:` branch of _done_callback.
void GatheringFuture::set_all_results() {
  std::vector<Value> results;
  results.reserve(children_.size());
  for (const Ref<FutureObject>& child : children_) {
    if (child->cancelled()) {
      const Value& msg = child->cancel_message();
      results.push_back(new_exception(
          exception_types().cancelled_error,
          std::vector<Value>{msg.is_null() || msg.is_none() ? new_str("") : msg}));
    } else {
      Value res = child->exception();
      results.push_back(res.is_none() ? child->result() : res);
    }
  }
  if (cancel_requested_) {
    // CPython reads the loop variable `fut` here, i.e. the LAST child.
    set_exception(children_.back()->make_cancelled_error());
  } else {
    set_result(new_list(std::move(results)));
  }
}

// Mirrors base_futures._future_repr for the _GatheringFuture class.
std::string GatheringFuture::repr() const { return "<_GatheringFuture " + repr_info() + ">"; }

WaitsOn GatheringFuture::describe_as_waiter() const {
  WaitsOn w;
  w.what = WaitsOn::What::kGather;
  std::unordered_set<TaskId> seen;  // a gather may have many children: no quadratic dedup
  collect_task_ids(w.tasks, seen);
  return w;
}

void GatheringFuture::collect_task_ids(std::vector<TaskId>& ids,
                                       std::unordered_set<TaskId>& seen) const {
  for (const Ref<FutureObject>& child : children_) {
    if (child->kind() == ObjKind::kTask) {
      TaskId id = static_cast<TaskObject*>(child.get())->id();
      if (seen.insert(id).second) ids.push_back(id);
    } else if (auto* inner = dynamic_cast<GatheringFuture*>(child.get())) {
      inner->collect_task_ids(ids, seen);
    }
  }
}

// Mirrors Lib/asyncio/tasks.py gather (3.11).
Ref<FutureObject> gather(std::span<const Value> aws, bool return_exceptions) {
  if (aws.empty()) {
    EventLoop& loop = get_running_loop();  // events._get_event_loop()
    Ref<FutureObject> outer = loop.create_future();
    outer->set_result(new_list());
    return outer;
  }
  Ref<GatheringFuture> outer;  // created with the first child, whose loop it takes
  std::unordered_map<Object*, Ref<FutureObject>> arg_to_fut;
  std::vector<Ref<FutureObject>> children;
  for (const Value& arg : aws) {
    if (!is_future(arg) && !is_coroutine(arg)) py_hash(arg);  // `arg not in arg_to_fut` hashes first
    auto found = arg.is_object() ? arg_to_fut.find(arg.obj()) : arg_to_fut.end();
    Ref<FutureObject> fut;
    if (found == arg_to_fut.end()) {
      fut = ensure_future(arg, outer ? outer->get_loop() : nullptr);
      if (!outer) outer = make<GatheringFuture>(fut->loop_ref(), return_exceptions);
      ++outer->nfuts_;
      arg_to_fut.emplace(arg.obj(), fut);
      fut->add_done_callback(Callback{gather_done_callback, Value(outer), Value()});
    } else {
      fut = found->second;  // There's a duplicate Future object in coros_or_futures.
    }
    children.push_back(std::move(fut));
  }
  outer->children_ = std::move(children);
  outer->constructed_ = true;
  return outer;
}

// Mirrors Lib/asyncio/tasks.py create_task (3.11).
Ref<TaskObject> create_task(const Value& coro, const Value& name) {
  EventLoop& loop = get_running_loop();
  if (!is_coroutine(coro))
    raise_error(exception_types().type_error, "a coroutine was expected, got " + repr(coro));
  Ref<TaskObject> task = loop.create_task(Ref<CoroutineObject>(coro.as<CoroutineObject>()));
  if (!name.is_null() && !name.is_none()) task->set_name(name);  // _set_task_name
  return task;
}

// ---- Python-callable natives -------------------------------------------------

namespace asyncio_natives {

using native_args::Param;

Value sleep(const Value&, std::span<const Value> args, std::span<const KwArg> kwargs) {
  static constexpr Param params[] = {{"delay"}, {"result"}};
  Value bound[2];
  native_args::bind_python("sleep", 0, 1, args, kwargs, params, bound);
  return Value(make_sleep(bound[0], native_args::or_none(bound[1])));
}

Value create_task(const Value&, std::span<const Value> args, std::span<const KwArg> kwargs) {
  static constexpr Param params[] = {{"coro"}, {"name", true}, {"context", true}};
  Value bound[3];
  native_args::bind("create_task", args, kwargs, params, bound);
  native_args::require("create_task", "coro", bound[0]);
  return Value(corosim::create_task(bound[0], bound[1]));
}

Value ensure_future(const Value&, std::span<const Value> args, std::span<const KwArg> kwargs) {
  static constexpr Param params[] = {{"coro_or_future"}, {"loop", true}};
  Value bound[2];
  native_args::bind("ensure_future", args, kwargs, params, bound);
  native_args::require("ensure_future", "coro_or_future", bound[0]);
  EventLoop* loop = bound[1].is(ObjKind::kOther) && bound[1].obj()->type() == event_loop_type()
                        ? bound[1].as<EventLoop>()
                        : nullptr;
  return Value(corosim::ensure_future(bound[0], loop));
}

Value gather(const Value&, std::span<const Value> args, std::span<const KwArg> kwargs) {
  bool return_exceptions = false;
  for (const KwArg& kw : kwargs) {
    if (kw.name != "return_exceptions")
      raise_error(exception_types().type_error,
                  "gather() got an unexpected keyword argument '" + std::string(kw.name) + "'");
    return_exceptions = is_truthy(kw.value);
  }
  return Value(corosim::gather(args, return_exceptions));
}

Value current_task(const Value&, std::span<const Value> args, std::span<const KwArg> kwargs) {
  static constexpr Param params[] = {{"loop"}};
  Value bound[1];
  native_args::bind("current_task", args, kwargs, params, bound);
  if (bound[0].is_null() || bound[0].is_none()) corosim::get_running_loop();
  TaskObject* task = TaskObject::current();
  return task ? Value(task) : Value::none();
}

Value all_tasks(const Value&, std::span<const Value> args, std::span<const KwArg> kwargs) {
  static constexpr Param params[] = {{"loop"}};
  Value bound[1];
  native_args::bind("all_tasks", args, kwargs, params, bound);
  EventLoop* loop = bound[0].is(ObjKind::kOther) && bound[0].obj()->type() == event_loop_type()
                        ? bound[0].as<EventLoop>()
                        : &corosim::get_running_loop();
  Ref<SetObject> set = new_set();
  for (const Ref<TaskObject>& task : loop->pending_tasks()) set->add(Value(task));
  return Value(set);
}

Value get_running_loop(const Value&, std::span<const Value> args, std::span<const KwArg> kwargs) {
  check_no_kwargs("get_running_loop", kwargs);
  check_arg_count("get_running_loop", args, 0, 0);
  return Value(&corosim::get_running_loop());
}

Value get_event_loop(const Value&, std::span<const Value> args, std::span<const KwArg> kwargs) {
  check_no_kwargs("get_event_loop", kwargs);
  check_arg_count("get_event_loop", args, 0, 0);
  EventLoop* loop = EventLoop::running_loop();
  if (loop == nullptr)
    raise_error(exception_types().runtime_error,
                "There is no current event loop in thread 'MainThread'.");
  return Value(loop);
}

Value iscoroutine(const Value&, std::span<const Value> args, std::span<const KwArg> kwargs) {
  check_no_kwargs("iscoroutine", kwargs);
  check_arg_count("iscoroutine", args, 1, 1);
  return Value::from_bool(asyncio_iscoroutine(args[0]));
}

Value isfuture(const Value&, std::span<const Value> args, std::span<const KwArg> kwargs) {
  check_no_kwargs("isfuture", kwargs);
  check_arg_count("isfuture", args, 1, 1);
  return Value::from_bool(is_future(args[0]));
}

}  // namespace asyncio_natives

}  // namespace corosim
