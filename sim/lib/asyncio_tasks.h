// The functions of Lib/asyncio/tasks.py (3.11) that scenarios call: sleep,
// gather, create_task, ensure_future, current_task, all_tasks, plus the loop
// accessors of events.py. Each has a C++ entry (for the runner and tests) and
// a Python-callable native function (for asyncio_module).
#pragma once

#include <span>
#include <string>
#include <unordered_set>
#include <vector>

#include "sim/loop/event_loop.h"
#include "sim/loop/future.h"
#include "sim/loop/task.h"
#include "sim/runtime/call.h"
#include "sim/runtime/coroutine_object.h"
#include "sim/runtime/object.h"

namespace corosim {

/// Mirrors Lib/asyncio/tasks.py sleep (3.11) as a native coroutine whose
/// qualname is "sleep": delay <= 0 is one bare yield; otherwise a future, a
/// timer (call_later(delay, _set_result_unless_cancelled, fut, result)),
/// `await future`, and `finally: h.cancel()`. Nothing runs before the first
/// send(), so argument errors surface when it is awaited, as in CPython.
Ref<CoroutineObject> make_sleep(Value delay, Value result = Value::none());

/// A native coroutine called `qualname` that returns None at its first
/// send (asyncio.run's shutdown_asyncgens / shutdown_default_executor when
/// there is no async generator and no executor).
Ref<CoroutineObject> make_immediate_coroutine(std::string qualname);

/// Mirrors Lib/asyncio/tasks.py _GatheringFuture (3.11) together with the
/// `_done_callback` closure of gather(): the state the closure shares lives
/// in the future. Invariant: nfinished_ <= nfuts_; children_ holds one entry
/// per argument (duplicates repeated), nfuts_ counts distinct ones.
class GatheringFuture : public FutureObject {
 public:
  GatheringFuture(Ref<EventLoop> loop, bool return_exceptions);
  void clear_refs() override;

  /// Mirrors _GatheringFuture.cancel: cancels every child (duplicates
  /// twice); remembers the request if any child accepted it.
  bool cancel(const Value& msg = Value()) override;
  /// {kGather, the ids of the tasks among the children, argument order, no
  /// duplicates, nested gathers flattened} (the reference tracer's rule).
  WaitsOn describe_as_waiter() const override;
  /// "<_GatheringFuture pending cb=[Task.task_wakeup()]>".
  std::string repr() const override;
  /// Mirrors gather's _done_callback(fut).
  void done_callback(FutureObject& fut);

  const std::vector<Ref<FutureObject>>& children() const { return children_; }

 private:
  friend Ref<FutureObject> gather(std::span<const Value> aws, bool return_exceptions);
  void collect_task_ids(std::vector<TaskId>& ids, std::unordered_set<TaskId>& seen) const;
  void set_all_results();

  std::vector<Ref<FutureObject>> children_;  // _children
  size_t nfuts_ = 0;
  size_t nfinished_ = 0;
  bool return_exceptions_;
  bool cancel_requested_ = false;  // _cancel_requested
  bool constructed_ = false;       // false while gather() is still building it ("outer is None")
};

/// Mirrors Lib/asyncio/tasks.py gather (3.11).
Ref<FutureObject> gather(std::span<const Value> aws, bool return_exceptions = false);

/// Mirrors Lib/asyncio/tasks.py create_task (3.11): loop.create_task(coro)
/// then set_name(name), so a named task still spends a Task-N number.
Ref<TaskObject> create_task(const Value& coro, const Value& name = Value());

/// Mirrors Lib/asyncio/events.py get_running_loop: RuntimeError
/// "no running event loop" outside a running loop.
EventLoop& get_running_loop();

/// Python-callable natives (NativeFn signature), bound by asyncio_module:
/// sleep, create_task, ensure_future, gather, current_task, all_tasks,
/// get_running_loop, get_event_loop, iscoroutine, isfuture.
namespace asyncio_natives {
Value sleep(const Value& self, std::span<const Value> args, std::span<const KwArg> kwargs);
Value create_task(const Value& self, std::span<const Value> args, std::span<const KwArg> kwargs);
Value ensure_future(const Value& self, std::span<const Value> args, std::span<const KwArg> kwargs);
Value gather(const Value& self, std::span<const Value> args, std::span<const KwArg> kwargs);
Value current_task(const Value& self, std::span<const Value> args, std::span<const KwArg> kwargs);
/// all_tasks(): a set, as in CPython. Its iteration order is the runtime
/// set's (deterministic, but not creation order and not CPython's, whose
/// order follows addresses and changes from run to run).
Value all_tasks(const Value& self, std::span<const Value> args, std::span<const KwArg> kwargs);
Value get_running_loop(const Value& self, std::span<const Value> args,
                       std::span<const KwArg> kwargs);
/// Inside a running loop: that loop. Outside, CPython 3.11 creates a loop
/// with a DeprecationWarning; corosim raises RuntimeError instead.
Value get_event_loop(const Value& self, std::span<const Value> args,
                     std::span<const KwArg> kwargs);
Value iscoroutine(const Value& self, std::span<const Value> args, std::span<const KwArg> kwargs);
Value isfuture(const Value& self, std::span<const Value> args, std::span<const KwArg> kwargs);
}  // namespace asyncio_natives

}  // namespace corosim
