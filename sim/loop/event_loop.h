// The event loop of Lib/asyncio/base_events.py (3.11) on corosim's virtual
// clock: one FIFO of ready callbacks, one heapq of timers, and _run_once as
// the only place where callbacks are called. The selector is replaced by the
// perfect clock: "select(timeout)" adds timeout to run_context().clock.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sim/loop/exception_handler.h"
#include "sim/loop/handle.h"
#include "sim/loop/timer_heap.h"
#include "sim/runtime/coroutine_object.h"
#include "sim/runtime/object.h"
#include "sim/trace/trace_sink.h"

namespace corosim {

/// SystemExit or KeyboardInterrupt: the exceptions that Handle._run and
/// Task.__step let escape instead of handling them.
bool is_base_exit(const Value& exc);

class FutureObject;
class TaskObject;

/// Thrown (a C++ exception, never seen by the Python program) when run_once
/// would have to wait forever: nothing ready, no timer, not stopping.
/// CPython's selector would block in select(None). Program reports it as
/// outcome "deadlock" (exit 3).
struct Deadlock {
  struct Waiter {
    TaskId task = 0;
    std::string name;  ///< Task-N or the given name
    WaitsOn waits_on;  ///< what its last suspension waits on
  };
  std::vector<Waiter> waiting;  ///< the loop's pending tasks, creation order

  /// The current name of any task of the run, by id.
  using TaskNames = std::function<std::string(TaskId)>;

  std::vector<TaskId> ids() const;
  /// "deadlock: nothing is ready and no timer is pending; waiting tasks:\n"
  /// then one line per task: `  Task-2 waits on lock #1 at line 12`.
  std::string format(const TaskNames& name_of) const;
};

/// Thrown when the clock would move past the --until limit
/// (run_context().until); the clock is left exactly at the limit. Program
/// reports outcome "until" (exit 0).
struct UntilReached {
  double until = 0;
};

/// The loop's ready queue: a FIFO ring buffer of callbacks. NOTE: a ring
/// instead of std::deque for performance: after warm-up, pushing and popping
/// never allocates (std::deque frees and reallocates blocks as it slides).
class ReadyQueue {
 public:
  /// One entry: either a bare callback (internal work) or a Handle object
  /// (which may be cancelled while queued, and is then skipped).
  struct Entry {
    Callback callback;
    Ref<Handle> handle;
  };

  bool empty() const { return size_ == 0; }
  size_t size() const { return size_; }
  void push_back(Entry e);
  Entry pop_front();  ///< Precondition: !empty().
  void clear();

 private:
  void grow();
  std::vector<Entry> ring_;  // capacity is a power of two (or 0)
  size_t head_ = 0;
  size_t size_ = 0;
};

/// Mirrors Lib/asyncio/base_events.py BaseEventLoop (3.11), the parts that
/// schedule. It is a Python object too (what get_running_loop() returns).
/// Invariants: every handle in scheduled_ has scheduled == true; ready_ only
/// grows between snapshots of run_once; the clock never moves backwards.
class EventLoop : public Object {
 public:
  EventLoop();
  ~EventLoop() override;
  void clear_refs() override;

  // CPython's constants (base_events.py:57-67).
  static constexpr size_t kMinScheduledTimerHandles = 100;
  static constexpr double kMinCancelledTimerHandlesFraction = 0.5;
  static constexpr double kMaximumSelectTimeout = 24 * 3600;
  static constexpr double kClockResolution = 1e-09;

  /// Mirrors BaseEventLoop.time: the one virtual clock, run_context().clock.
  double time() const;

  /// Mirrors BaseEventLoop.call_soon for internal work: no Handle object.
  void call_soon(Callback callback);
  /// call_soon that returns a cancellable Handle (loop.call_soon from Python).
  Ref<Handle> call_soon_handle(Callback callback);
  /// Mirrors BaseEventLoop.call_later: call_at(time() + delay, ...).
  Ref<TimerHandle> call_later(double delay, Callback callback);
  /// Mirrors BaseEventLoop.call_at: heappush, then scheduled = true.
  Ref<TimerHandle> call_at(double when, Callback callback);

  /// Mirrors BaseEventLoop._run_once: one iteration. Throws Deadlock or
  /// UntilReached instead of blocking; LimitExceeded and other C++
  /// exceptions from callbacks propagate. PyException from a callback goes
  /// to the exception handler (see callback_errors()).
  void run_once();
  /// Mirrors BaseEventLoop.run_forever.
  void run_forever();
  /// Mirrors BaseEventLoop.run_until_complete: `future` is a Future, a Task
  /// or a coroutine (wrapped in a new Task). Returns its result or throws
  /// PyException with its exception.
  Value run_until_complete(const Value& future);
  /// Mirrors BaseEventLoop.stop: the current iteration still finishes.
  void stop() { stopping_ = true; }
  /// Mirrors BaseEventLoop.close: drops everything still queued.
  void close();
  bool is_closed() const { return closed_; }
  bool is_running() const;

  /// Mirrors BaseEventLoop.create_future.
  Ref<FutureObject> create_future();
  /// Mirrors BaseEventLoop.create_task (no task factory): a null or None
  /// `name` spends a Task-N number, a given name does not.
  Ref<TaskObject> create_task(Ref<CoroutineObject> coro, const Value& name = Value(),
                              bool internal = false);

  /// Mirrors BaseEventLoop._timer_handle_cancelled.
  void timer_handle_cancelled(const TimerHandle& handle);

  /// Mirrors BaseEventLoop.call_exception_handler with no custom handler:
  /// default_exception_handler logs the report to stderr. The exceptions are
  /// also kept so tests can inspect them.
  void call_exception_handler(const ExceptionHandlerContext& context);
  const std::vector<Value>& callback_errors() const { return callback_errors_; }

  /// The tasks of this loop that are not done, in creation order
  /// (asyncio.all_tasks; CPython's set order is address-based, §12.14).
  std::vector<Ref<TaskObject>> pending_tasks() const;

  /// The loop whose run_forever is on the C++ stack, or nullptr
  /// (events._get_running_loop).
  static EventLoop* running_loop();

  // Introspection for tests.
  size_t ready_count() const { return ready_.size(); }
  const TimerHeap& scheduled() const { return scheduled_; }
  int64_t timer_cancelled_count() const { return timer_cancelled_count_; }
  uint64_t iterations() const { return iterations_; }

 private:
  friend class TaskObject;  // tasks._register_task / _unregister_task
  void check_closed() const;
  void check_running() const;
  void count_step();
  void remove_cancelled_timers();
  std::optional<double> select_timeout() const;
  void advance_clock(double timeout);
  [[noreturn]] void raise_deadlock() const;
  void move_expired_timers_to_ready();
  void run_ready_snapshot();
  void report_callback_error(const ReadyQueue::Entry& entry, const Value& exc);

  ReadyQueue ready_;                     // CPython's _ready
  TimerHeap scheduled_;                  // CPython's _scheduled
  int64_t timer_cancelled_count_ = 0;    // CPython's _timer_cancelled_count (may drift, §1.4)
  bool stopping_ = false;                // CPython's _stopping
  bool closed_ = false;
  uint64_t iterations_ = 0;
  std::vector<Value> callback_errors_;
  // The pending tasks, creation order: an intrusive list through
  // TaskObject::pending_prev_/next_, each linked task holding one reference
  // (the reference tracer keeps every task alive too). A task unlinks itself
  // when it finishes, so registration and removal are O(1).
  TaskObject* pending_head_ = nullptr;
  TaskObject* pending_tail_ = nullptr;
  void register_task(TaskObject* task);
  void unregister_task(TaskObject* task);
};

/// The Python type object of the loop (methods time, create_future,
/// call_soon, call_later, call_at, create_task).
TypeObject* event_loop_type();

}  // namespace corosim
