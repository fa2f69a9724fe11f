// Test helper: a Trace written event by event, the way a run would record it,
// so view tests state their scenario in a few lines instead of a JSON file.
#pragma once

#include <string>
#include <vector>

#include "sim/trace/trace_model.h"

namespace corosim::testing {

class TraceBuilder {
 public:
  explicit TraceBuilder(std::string program = "prog.py");

  /// A new task (id = creation order); name defaults to Task-N.
  TaskId create(double t, std::string coro = "main", TaskId parent = 0, std::string name = "");
  /// The same, flagged as one of asyncio.run's shutdown tasks.
  TaskId create_internal(double t, std::string coro);

  void resume(double t, TaskId task);
  void sleep(double t, TaskId task, double until);  // suspend on asyncio.sleep
  void await_task(double t, TaskId task, TaskId target);
  void gather(double t, TaskId task, std::vector<TaskId> children);
  void yield(double t, TaskId task);
  void await_future(double t, TaskId task);
  /// Any suspend, e.g. one with primitive, object and line.
  void suspend(double t, TaskId task, WaitsOn waits_on);
  void done(double t, TaskId task, std::string result = "None");
  void fail(double t, TaskId task, std::string type, std::string message);
  void cancelled(double t, TaskId task);  // the done event of a cancelled task
  void cancel(double t, TaskId task, TaskId by = 0);
  void print(double t, TaskId task, std::string text);

  /// The trace, ended at `end_time` with `outcome`.
  Trace finish(double end_time, Outcome outcome = {});

 private:
  TraceEvent& add(double t, TraceEvent::Kind kind, TaskId task);
  void end(double t, TaskId task, TaskEnd::State state, TraceTask::State final_state);

  Trace trace_;
};

}  // namespace corosim::testing
