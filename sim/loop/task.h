// asyncio.Task (the pure-Python Lib/asyncio/tasks.py Task of 3.11, with the
// C Task's messages): a Future that drives a coroutine, one step per
// iteration in which it is scheduled, and reports each step to the trace.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/loop/event_loop.h"
#include "sim/loop/future.h"
#include "sim/runtime/coroutine_object.h"
#include "sim/runtime/object.h"
#include "sim/trace/trace_sink.h"

namespace corosim {

class CodeObject;

/// Mirrors Lib/asyncio/tasks.py Task (3.11). At any moment a pending task is
/// in exactly one of three states (tasks.py:83-100):
///   1. waiting:   fut_waiter_ is a pending future whose callbacks include
///                 this task's __wakeup;
///   2. scheduled: a __step or __wakeup callback for it is in the ready queue;
///   3. running:   inside step() (it is then current()).
/// must_cancel_ means "throw CancelledError into the coroutine at the next
/// step"; it is only set while the task is scheduled or running.
class TaskObject : public FutureObject {
 public:
  /// Mirrors Task.__init__: a null or None `name` takes the next Task-N; the
  /// first step is queued with call_soon; the task registers with its loop
  /// and the trace records its creation (parent: the current task).
  /// `internal` marks asyncio.run's shutdown tasks in the trace.
  TaskObject(Ref<EventLoop> loop, Ref<CoroutineObject> coro, const Value& name,
             bool internal = false);
  ~TaskObject() override;
  void clear_refs() override;

  /// Mirrors Task.__step(exc=None). `exc` null means None (send(None)).
  void step(const Value& exc = Value());
  /// Mirrors Task.__wakeup(future): steps at once, throwing the future's
  /// exception (CancelledError included) into the coroutine, if any.
  void wakeup(FutureObject& future);
  /// Mirrors Task.cancel(msg=None): cancels what the task awaits, or arms
  /// must_cancel_. Traces on_cancel (by = current task) when it returns true.
  bool cancel(const Value& msg = Value()) override;
  /// Mirrors Task.cancelling.
  int64_t cancelling() const { return num_cancels_requested_; }
  /// Mirrors Task.uncancel.
  int64_t uncancel();

  TaskId id() const { return id_; }  ///< trace id: 1, 2, ... in creation order
  const std::string& get_name() const { return name_; }
  /// Mirrors Task.set_name(value): the name is str(value).
  void set_name(const Value& value);
  void set_name(std::string name);
  const Ref<CoroutineObject>& get_coro() const { return coro_; }
  FutureObject* fut_waiter() const { return fut_waiter_.get(); }
  bool must_cancel() const { return must_cancel_; }
  bool internal() const { return internal_; }

  /// What the task waits on now (trace `waits_on` of its last suspension):
  /// describe_as_waiter() of fut_waiter_, or kYield when it has none.
  WaitsOn waits_on() const;
  /// The task entered / left an asyncio.Timeout block (Timeout.__aenter__
  /// succeeded / Timeout.__aexit__ ran): the innermost active one is the
  /// object of a wait that no table primitive names (README "Where a task
  /// waits"). Observation only; a timeout not active is ignored on leaving.
  void enter_timeout(const Value& timeout);
  void leave_timeout(const Value& timeout);
  /// A task awaiting this task waits on {kTask, id()}.
  WaitsOn describe_as_waiter() const override;
  /// Mirrors base_tasks._task_repr: "<Task pending name='Task-2'
  /// coro=<child() running at prog.py:4> wait_for=<Future pending
  /// cb=[Task.task_wakeup()]>>", "<Task finished name='Task-2' coro=<main()
  /// done, defined at prog.py:3> result=5>". Paths are the program's path as
  /// given (CPython shows it made absolute); asyncio's own sources are shown
  /// under kAsyncioSourceDir.
  std::string repr() const override;

  /// The task whose step is running (asyncio.current_task()), or nullptr.
  static TaskObject* current();

 private:
  friend class EventLoop;  // the pending-task list
  void enter_task();
  void leave_task();
  void finish_step(SendResult&& result);
  void handle_yield(const Value& yielded);
  void wait_on(FutureObject& future);
  void trace_step_end();

  Ref<CoroutineObject> coro_;
  Ref<CodeObject> coro_code_;          // cr_code of a Python coroutine (for repr), else null
  Ref<FutureObject> fut_waiter_;       // _fut_waiter
  std::vector<Value> active_timeouts_;  // innermost last
  std::string name_;                   // _name
  int64_t num_cancels_requested_ = 0;  // _num_cancels_requested
  TaskId id_ = 0;
  bool must_cancel_ = false;           // _must_cancel
  bool internal_ = false;
  TaskObject* pending_prev_ = nullptr;  // EventLoop's pending list
  TaskObject* pending_next_ = nullptr;
  bool registered_ = false;
};

/// An `async def` coroutine or a native one (asyncio.sleep(...)): what a
/// Task can run.
inline bool is_coroutine(const Value& v) {
  return v.is(ObjKind::kCoroutine) || v.is(ObjKind::kNativeCoroutine);
}

/// Mirrors Lib/asyncio/coroutines.py iscoroutine (3.11): its
/// _COROUTINE_TYPES still include types.GeneratorType, so a generator counts
/// wherever asyncio only tests and refuses (asyncio.iscoroutine, the
/// argument checks of wait and as_completed).
inline bool asyncio_iscoroutine(const Value& v) {
  return is_coroutine(v) || v.is(ObjKind::kGenerator);
}

/// Mirrors Lib/asyncio/tasks.py _ensure_future (3.11): a Future or Task is
/// returned as is (ValueError if it belongs to another loop than `loop`); a
/// coroutine becomes a new Task of `loop`, or of the running loop when `loop`
/// is null (RuntimeError "no running event loop" if there is none: corosim
/// does not create loops implicitly); anything else raises TypeError.
Ref<FutureObject> ensure_future(const Value& coro_or_future, EventLoop* loop = nullptr);

/// Restarts Task-N naming and trace ids at 1 (each Program run calls it;
/// CPython's counter is process-global, one process = one program).
void reset_task_counter();

/// The Python type object of Task (Future's methods plus get_name, set_name,
/// get_coro, cancelling, uncancel).
TypeObject* task_type();

}  // namespace corosim
