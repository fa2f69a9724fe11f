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

struct Trace {
  std::string program;
  double end_time = 0;
  Outcome outcome;
  std::vector<TraceTask> tasks;   // by id: tasks[i].id == i + 1
  std::vector<TraceEvent> events; // in the order they happened
};

}  // namespace corosim
