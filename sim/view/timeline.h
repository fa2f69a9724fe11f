// The timeline of a trace: what each task was doing over virtual time (and
// over loop steps), the loop's busy stretches and the header figures. Every
// view (terminal Gantt, Perfetto export) draws from this one reading of the
// events, the rules of the viewer's JS model (Contract 3 of issue 3), so the
// pictures agree with each other.
#pragma once

#include <cstddef>
#include <vector>

#include "sim/trace/trace_model.h"

namespace corosim {

struct TimelineSegment {
  enum class Kind { kScheduled, kRun, kSleep, kTask, kGather, kYield, kFuture, kOverdue };
  Kind kind = Kind::kRun;
  double start = 0, end = 0;            // virtual time
  double slot_start = 0, slot_end = 0;  // loop-steps position
  // For a wait and for the overdue part that ends it: which wait (kSleep ..
  // kFuture, or kScheduled), and what it waited on (waits_on.what matches
  // `waited` for the five wait kinds).
  Kind waited = Kind::kRun;
  WaitsOn waits_on;
};

struct TimelineStep {
  TaskId task = 0;
  double start = 0, end = 0;  // end > start: a blocking step
};

struct TaskTimeline {
  // Contiguous, covering [created, finished] or [created, end_time].
  std::vector<TimelineSegment> segments;
  std::vector<size_t> steps;  // indices into Timeline::steps, in order
};

struct TimelineStats {
  size_t tasks = 0;
  size_t visible_tasks = 0;  // not internal
  size_t steps = 0;
  size_t peak_live = 0;
  double busy_time = 0;
  double busy_share = 0;  // busy_time / end_time; 0 when end_time is 0
};

struct Interval {
  double start = 0, end = 0;
};

struct Timeline {
  std::vector<TaskTimeline> tasks;  // tasks[i] is trace.tasks[i]
  std::vector<TimelineStep> steps;  // step k occupies loop-steps slot [k, k+1)
  std::vector<double> event_slots;  // the loop-steps position of each event
  std::vector<Interval> busy;       // merged blocking steps, in time order
  TimelineStats stats;
};

/// Reads the events once. A trace's ids name its tasks (trace_model.h); an
/// event naming a task the trace does not list, which only a Trace built by
/// hand can hold, is skipped rather than trusted, as its own per-task rows
/// are indexed by id.
///
/// Where a wait turns overdue at a time no event marks (a sleep's deadline),
/// the loop-steps position of that moment is the position of the last event
/// at or before it: the step during which the deadline passed, so a sleeper
/// starved by a blocking step is overdue alongside that step in both modes.
Timeline build_timeline(const Trace& trace);

/// "run", "sleep", "task", "gather", "yield", "future", "overdue", "scheduled".
const char* segment_kind_name(TimelineSegment::Kind kind);

}  // namespace corosim
