// The Chrome Trace Event Format export (`--chrome-trace OUT.json`), for
// Perfetto and chrome://tracing: one thread track per task, running and
// waiting slices, flow arrows for awaits.
#pragma once

#include <string>

#include "sim/trace/trace_model.h"

namespace corosim {

/// The JSON object form {"traceEvents": [...], "displayTimeUnit": "ms",
/// "metadata": {...}}, one event per line, pure ASCII. Times are virtual
/// microseconds, rounded to the nanosecond so adjacent slices meet exactly.
///
/// pid 1 is the run; tid 0 the event loop (one slice per step, long for a
/// blocking step); tid N task N, named "NAME (CORO)" and sorted in creation
/// order. A task's track holds complete (X) slices that tile its lifetime:
/// "run" for each step (zero duration unless it blocked the loop), then the
/// wait: "sleep", "wait Task-N", "gather", "yield", "future", "scheduled",
/// and "overdue" where it was due but the loop had not come back to it.
/// Prints and cancel requests are instant events. Each await of a task or
/// gather draws a flow arrow (an `s` and an `f` with bp "e", both cat and name
/// "await") from the waiter, at the moment it suspends, to each task it waits
/// on that has a slice at that same moment: who waits for whom.
std::string chrome_trace_json(const Trace& trace);

}  // namespace corosim
