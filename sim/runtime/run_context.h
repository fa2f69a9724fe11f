// The state of the one program run in progress that builtins (print, time.*)
// and the loop share: the virtual clock, the current task, where output goes
// and the step budget. corosim runs one program at a time per process.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>

#include "sim/runtime/object_numbering.h"
#include "sim/trace/trace_sink.h"

namespace corosim {

struct RunContext {
  std::ostream* out = nullptr;   // the program's stdout; nullptr discards
  std::ostream* err = nullptr;   // where the loop logs errors nobody receives; nullptr discards
  std::function<std::string(const std::string& file, int line)> source_line;  // for those
                                 // tracebacks; empty: no source lines
  TraceSink* trace = nullptr;    // never null during a run (NullTraceSink)
  double clock = 0.0;            // virtual seconds since the run began; one clock
                                 // for the whole program, across asyncio.run calls
  TaskId current_task = 0;       // the task whose step is running, 0 if none
  uint64_t steps = 0;            // interpreter instructions executed
  uint64_t max_steps = 0;        // 0: unlimited
  std::optional<double> until;   // --until: the clock stops here (the loop and
                                 // time.sleep throw UntilReached, sim/loop/event_loop.h)
  ObjectNumbering wait_objects;  // the `object` numbers of waits_on
};

// The context of the current run. Program sets it up before running and
// resets it afterwards; tests may set it directly.
RunContext& run_context();

}  // namespace corosim

namespace corosim {

// Thrown (as a C++ exception, never seen by the Python program) when a run
// limit is hit, e.g. --max-steps; Program turns it into outcome "limit".
struct LimitExceeded {
  const char* which;  // "max-steps", ...
};

}  // namespace corosim
