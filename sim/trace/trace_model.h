// A whole trace in memory: what `corosim view` reads back from a trace v1
// file and what a run records for --html, --gantt and --chrome-trace, so every
// rendering reads one shape whether the run just happened or was saved.
#pragma once

#include <limits>
#include <string>
#include <vector>

#include "sim/trace/trace_sink.h"

namespace corosim {

// A task's row in trace v1 `tasks[]`.
struct TraceTask {
  enum class State { kDone, kFailed, kCancelled, kPending };
  TaskId id = 0;
  std::string name;
  std::string coro;
  TaskId parent = 0;  // 0: null
  double created = 0;
  double finished = std::numeric_limits<double>::quiet_NaN();  // NaN: never finished (null)
  State state = State::kPending;
  bool internal = false;
};

// One entry of trace v1 `events[]`; the fields a kind does not use stay at
// their defaults.
struct TraceEvent {
  enum class Kind { kCreate, kResume, kSuspend, kDone, kCancel, kPrint };
  double t = 0;
  Kind kind = Kind::kResume;
  TaskId task = 0;           // 0: null (a print outside any task)
  TaskId other = 0;          // create: parent; cancel: by (0: null)
  WaitsOn waits_on;          // suspend; a null `until` reads as +infinity
  TaskEnd::State state = TaskEnd::State::kDone;  // done
  std::string text;          // print: text; done: result (done) or exception type (failed); cancel: msg
  std::string message;       // done, failed: str(exception)
  bool has_msg = false;      // cancel: whether a msg was given
};

// Referential integrity, which read_trace and TraceRecorder guarantee (the
// reader refuses a file that breaks it): tasks[i].id == i + 1, and every
// task id the trace holds besides (an event's task and other, its waits_on's
// task and tasks, a task's parent, the outcome's error_task and waiting)
// names a task of `tasks`, or is 0 for none. Code may rely on it; a Trace
// built by hand that breaks it is a bug. Look tasks up with find_task().
struct Trace {
  std::string program;
  double end_time = 0;
  Outcome outcome;
  std::vector<TraceTask> tasks;   // by id: tasks[i].id == i + 1
  std::vector<TraceEvent> events; // in the order they happened
};

/// The task with id `id`, or null for 0 (none) and for an id `trace` does
/// not list.
inline const TraceTask* find_task(const Trace& trace, TaskId id) {
  if (id < 1 || static_cast<size_t>(id) > trace.tasks.size()) return nullptr;
  return &trace.tasks[static_cast<size_t>(id) - 1];
}

}  // namespace corosim
