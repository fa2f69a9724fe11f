#include "sim/lib/asyncio_taskgroups.h"

#include <algorithm>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "sim/lib/asyncio_tasks.h"
#include "sim/loop/event_loop.h"
#include "sim/loop/handle.h"
#include "sim/loop/native_args.h"
#include "sim/loop/native_coroutine.h"
#include "sim/loop/task.h"
#include "sim/runtime/builtin_types.h"
#include "sim/runtime/exception.h"
#include "sim/runtime/exception_group.h"
#include "sim/runtime/list_object.h"
#include "sim/runtime/native_function.h"
#include "sim/runtime/repr.h"
#include "sim/runtime/str_object.h"

namespace corosim {
namespace {

using Args = std::span<const Value>;
using KwArgs = std::span<const KwArg>;

bool is_cancelled_error(const Value& exc) {
  return exception_matches(exc, Value(exception_types().cancelled_error));
}

void on_task_done_callback(const Value& group, const Value& task);
class TaskGroupObject;
AsyncBody aexit_body(Ref<TaskGroupObject> self, Value et, Value exc);

// Mirrors Lib/asyncio/taskgroups.py TaskGroup (3.11.7). tasks_ is the set
// self._tasks kept in creation order (the order rule of task_group_type()).
class TaskGroupObject final : public Object {
 public:
  TaskGroupObject() : Object(ObjKind::kOther, task_group_type()) {}
  void clear_refs() override {
    loop_ = Ref<EventLoop>();
    parent_task_ = Ref<TaskObject>();
    tasks_.clear();
    errors_.clear();
    base_error_ = Value();
    on_completed_fut_ = Ref<FutureObject>();
  }

  // Mirrors TaskGroup.__repr__.
  std::string repr() const {
    std::string info;
    if (!tasks_.empty()) info += " tasks=" + std::to_string(tasks_.size());
    if (!errors_.empty()) info += " errors=" + std::to_string(errors_.size());
    if (aborting_) info += " cancelling";
    else if (entered_) info += " entered";
    return "<TaskGroup" + info + ">";
  }

  // Mirrors TaskGroup.__aenter__ (the body of the `async def`).
  void enter() {
    if (entered_) raise_error(exception_types().runtime_error, "TaskGroup " + repr() + " has already been entered");
    if (!loop_) loop_ = Ref<EventLoop>(&get_running_loop());
    parent_task_ = Ref<TaskObject>(TaskObject::current());
    if (!parent_task_)
      raise_error(exception_types().runtime_error, "TaskGroup " + repr() + " cannot determine the parent task");
    entered_ = true;
  }

  // Mirrors TaskGroup.create_task(coro, *, name=None).
  Ref<TaskObject> create_task(const Value& coro, const Value& name) {
    if (!entered_) raise_error(exception_types().runtime_error, "TaskGroup " + repr() + " has not been entered");
    if (exiting_ && tasks_.empty())
      raise_error(exception_types().runtime_error, "TaskGroup " + repr() + " is finished");
    if (aborting_) raise_error(exception_types().runtime_error, "TaskGroup " + repr() + " is shutting down");
    Ref<TaskObject> task = corosim::create_task(coro, name);
    task->add_done_callback(Callback{on_task_done_callback, Value(this), Value()});
    tasks_.push_back(task);
    return task;
  }

  // Mirrors TaskGroup._on_task_done.
  void on_task_done(TaskObject& task) {
    std::erase_if(tasks_, [&](const Ref<TaskObject>& t) { return t.get() == &task; });
    if (on_completed_fut_ && tasks_.empty()) {
      if (!on_completed_fut_->done()) on_completed_fut_->set_result(Value::from_bool(true));
    }
    if (task.cancelled()) return;
    Value exc = task.exception();
    if (exc.is_none()) return;
    errors_.push_back(exc);
    if (is_base_error(exc) && base_error_.is_null()) base_error_ = exc;
    if (parent_task_->done()) {
      // Not sure if this case is possible, but we want to handle it anyways.
      loop_->call_exception_handler({"Task " + corosim::repr(Value(&task)) + " has errored out but its parent task " +
                                         corosim::repr(Value(parent_task_)) + " is already completed",
                                     exc,
                                     {{"task", Value(&task)}}});
      return;
    }
    if (!aborting_ && !parent_cancel_requested_) {
      // The parent is not being cancelled: cancel it to abort whatever it
      // runs in the TaskGroup now, and mark it "not cancelled" in __aexit__.
      abort();
      parent_cancel_requested_ = true;
      parent_task_->cancel();
    }
  }

  // Mirrors TaskGroup._abort, in creation order.
  void abort() {
    aborting_ = true;
    std::vector<Ref<TaskObject>> snapshot = tasks_;
    for (const Ref<TaskObject>& t : snapshot)
      if (!t->done()) t->cancel();
  }

  // Mirrors TaskGroup._is_base_error.
  static bool is_base_error(const Value& exc) {
    const ExceptionTypes& types = exception_types();
    TypeObject* t = exc.obj()->type();
    return is_subtype(t, types.system_exit) || is_subtype(t, types.keyboard_interrupt);
  }

 private:
  friend AsyncBody aexit_body(Ref<TaskGroupObject> self, Value et, Value exc);

  bool entered_ = false;
  bool exiting_ = false;
  bool aborting_ = false;
  Ref<EventLoop> loop_;
  Ref<TaskObject> parent_task_;
  bool parent_cancel_requested_ = false;
  std::vector<Ref<TaskObject>> tasks_;
  std::vector<Value> errors_;
  Value base_error_;  // null while None
  Ref<FutureObject> on_completed_fut_;
};

void on_task_done_callback(const Value& group, const Value& task) {
  group.as<TaskGroupObject>()->on_task_done(*task.as<TaskObject>());
}
const bool kOnTaskDoneDescribed = register_callback_description(on_task_done_callback, "TaskGroup._on_task_done()");

AsyncBody aenter_body(Value self) {
  self.as<TaskGroupObject>()->enter();
  co_return self;
}

bool is_cancelled_error_type(const Value& et) {
  return et.is_object() && et.obj() == exception_types().cancelled_error;
}

// Mirrors TaskGroup.__aexit__(et, exc, tb).
AsyncBody aexit_body(Ref<TaskGroupObject> self, Value et, Value exc) {
  TaskGroupObject& g = *self;
  g.exiting_ = true;
  if (!exc.is_none() && TaskGroupObject::is_base_error(exc) && g.base_error_.is_null()) g.base_error_ = exc;
  Value propagate_cancellation_error = is_cancelled_error_type(et) ? exc : Value::none();
  if (g.parent_cancel_requested_) {
    // If this flag is set we *must* call uncancel().
    if (g.parent_task_->uncancel() == 0) {
      // If there are no pending cancellations left, don't propagate CancelledError.
      propagate_cancellation_error = Value::none();
    }
  }
  if (!et.is_none()) {
    // Our parent task is being cancelled, or there's an exception in the
    // body of the `async with`.
    if (!g.aborting_) g.abort();
  }
  // A while loop: on_completed_fut_ can be cancelled several times if the
  // parent task is cancelled repeatedly.
  while (!g.tasks_.empty()) {
    if (!g.on_completed_fut_) g.on_completed_fut_ = g.loop_->create_future();
    Value cancelled;  // the CancelledError that interrupted the await
    try {
      co_await Value(g.on_completed_fut_);
    } catch (PyException& e) {
      if (!is_cancelled_error(e.exc)) throw;
      cancelled = e.exc;
    }
    if (!cancelled.is_null() && !g.aborting_) {
      // Our parent task is being cancelled while the children still run.
      propagate_cancellation_error = cancelled;
      g.abort();
    }
    g.on_completed_fut_ = Ref<FutureObject>();
  }
  if (!g.base_error_.is_null()) raise_exception(g.base_error_);
  // Propagate CancelledError if there is one, except if there are other
  // errors -- those have priority.
  if (!propagate_cancellation_error.is_none() && g.errors_.empty()) raise_exception(propagate_cancellation_error);
  if (!et.is_none() && !is_cancelled_error_type(et)) g.errors_.push_back(exc);
  if (!g.errors_.empty()) {
    Value me = new_exception_group(new_str("unhandled errors in a TaskGroup"),
                                   Value(new_list(std::move(g.errors_))));
    g.errors_.clear();
    ExceptionObject& group = *me.as<ExceptionObject>();
    group.cause = Value::none();  // raise me from None
    group.suppress_context = true;
    raise_exception(me);
  }
  co_return Value::none();
}

TaskGroupObject& self_group(const Value& self, const char* method) {
  if (!self.is_object() || self.obj()->type() != task_group_type())
    raise_error(exception_types().type_error, std::string("descriptor '") + method +
                                                  "' for 'TaskGroup' objects doesn't apply to a '" +
                                                  type_name(self) + "' object");
  return *self.as<TaskGroupObject>();
}

Value py_create_task(const Value& self, Args args, KwArgs kwargs) {
  static constexpr native_args::Param params[] = {{"coro"}, {"name", true}, {"context", true}};
  Value bound[3];
  native_args::bind("create_task", args, kwargs, params, bound);
  native_args::require("create_task", "coro", bound[0]);
  if (!native_args::or_none(bound[2]).is_none())
    raise_error(exception_types().type_error, "TaskGroup.create_task: corosim does not support a context");
  return Value(self_group(self, "create_task").create_task(bound[0], native_args::or_none(bound[1])));
}

Value py_aenter(const Value& self, Args args, KwArgs kwargs) {
  check_no_kwargs("__aenter__", kwargs);
  check_arg_count("__aenter__", args, 0, 0);
  self_group(self, "__aenter__");
  return Value(make_native_coroutine("TaskGroup.__aenter__", aenter_body(self), self));
}

Value py_aexit(const Value& self, Args args, KwArgs kwargs) {
  static constexpr native_args::Param params[] = {{"et"}, {"exc"}, {"tb"}};
  Value bound[3];
  native_args::bind("__aexit__", args, kwargs, params, bound);
  for (const native_args::Param& p : params) native_args::require("__aexit__", p.name, bound[&p - params]);
  Ref<TaskGroupObject> group(&self_group(self, "__aexit__"));
  return Value(make_native_coroutine("TaskGroup.__aexit__", aexit_body(group, bound[0], bound[1]), self));
}

Value construct_task_group(TypeObject*, Args args, KwArgs kwargs) {
  check_no_kwargs("TaskGroup", kwargs);
  check_arg_count("TaskGroup", args, 0, 0);
  return Value(make<TaskGroupObject>());
}

std::string repr_task_group(const Value& self) { return self.as<TaskGroupObject>()->repr(); }

}  // namespace

TypeObject* task_group_type() {
  static TypeObject* type = [] {
    TypeObject* t = new_builtin_type("TaskGroup", builtin_types().object, 0, "asyncio.taskgroups");
    t->construct = construct_task_group;
    t->repr = repr_task_group;
    add_method(t, "create_task", py_create_task);
    add_method(t, "__aenter__", py_aenter);
    add_method(t, "__aexit__", py_aexit);
    return t;
  }();
  return type;
}

}  // namespace corosim
