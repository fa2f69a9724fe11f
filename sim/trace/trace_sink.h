// What the loop, the tasks and print report while a program runs: the events
// of trace format v1 (see README "Trace format"). The recorder only listens;
// it never triggers work, so a run is the same with or without a trace.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace corosim {

using TaskId = int64_t;  // 1, 2, ... in creation order; 0 means "no task"

// What a suspended task waits on (the `waits_on` object of a suspend event).
struct WaitsOn {
  enum class What { kSleep, kTask, kGather, kYield, kFuture };
  What what = What::kFuture;
  double until = 0;            // kSleep: the timer's deadline
  TaskId task = 0;             // kTask
  std::vector<TaskId> tasks;   // kGather: the children, argument order
  std::string primitive;       // the library call waited in ("lock"), "future", or "" (none)
  int64_t object = 0;          // the number of that call's receiver (or the future); 0: none
  int64_t line = 0;            // the program's line suspended at; 0: no program frame
};

struct TaskInfo {
  TaskId id = 0;
  std::string name;      // Task-N, or the name given
  std::string coro;      // the coroutine's __qualname__
  TaskId parent = 0;     // 0: created outside any task step
  bool internal = false; // asyncio.run's own shutdown tasks
};

// How a task ended (the `done` event and the task's final state).
struct TaskEnd {
  enum class State { kDone, kFailed, kCancelled };
  State state = State::kDone;
  std::string result;          // kDone: repr(result)
  std::string exc_type;        // kFailed
  std::string exc_message;     // kFailed: str(exception)
  // Identity only, never dereferenced by sinks: the exception object the task
  // ended with (kFailed: its exception; kCancelled: the CancelledError it
  // caught, if any). Program uses it for outcome error.task. May be null.
  const void* exception_object = nullptr;
};

struct Outcome {
  enum class Status { kOk, kError, kDeadlock, kUntil, kLimit };
  Status status = Status::kOk;
  std::string error_type, error_message;  // kError
  TaskId error_task = 0;                  // kError: 0 when outside any task
  std::vector<TaskId> waiting;            // kDeadlock
  std::string limit;                      // kLimit: which limit, e.g. "max-steps"
};

class TraceSink {
 public:
  virtual ~TraceSink() = default;
  virtual void on_create(double t, const TaskInfo& task) = 0;
  virtual void on_rename(TaskId task, const std::string& name) = 0;
  virtual void on_resume(double t, TaskId task) = 0;
  virtual void on_suspend(double t, TaskId task, const WaitsOn& waits_on) = 0;
  virtual void on_done(double t, TaskId task, const TaskEnd& end) = 0;
  // A cancel() that took effect; by == 0 when the loop or asyncio.run asked.
  virtual void on_cancel(double t, TaskId task, TaskId by,
                         const std::optional<std::string>& msg) = 0;
  virtual void on_print(double t, TaskId task, const std::string& text) = 0;
  // Called once, last.
  virtual void on_end(double end_time, const Outcome& outcome) = 0;
};

// Ignores everything: the sink of a run without --trace.
class NullTraceSink final : public TraceSink {
 public:
  void on_create(double, const TaskInfo&) override {}
  void on_rename(TaskId, const std::string&) override {}
  void on_resume(double, TaskId) override {}
  void on_suspend(double, TaskId, const WaitsOn&) override {}
  void on_done(double, TaskId, const TaskEnd&) override {}
  void on_cancel(double, TaskId, TaskId, const std::optional<std::string>&) override {}
  void on_print(double, TaskId, const std::string&) override {}
  void on_end(double, const Outcome&) override {}
};

}  // namespace corosim
