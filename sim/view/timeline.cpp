#include "sim/view/timeline.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <queue>
#include <tuple>

namespace corosim {
namespace {

using Kind = TimelineSegment::Kind;
constexpr double kInf = std::numeric_limits<double>::infinity();

Kind wait_kind(WaitsOn::What what) {
  switch (what) {
    case WaitsOn::What::kSleep: return Kind::kSleep;
    case WaitsOn::What::kTask: return Kind::kTask;
    case WaitsOn::What::kGather: return Kind::kGather;
    case WaitsOn::What::kYield: return Kind::kYield;
    case WaitsOn::What::kFuture: return Kind::kFuture;
  }
  return Kind::kFuture;
}

// A moment and its loop-steps position.
struct Mark {
  double t = kInf;
  double slot = 0;
};

// The segment a task is in right now, while the events are read.
struct OpenSegment {
  bool open = false;
  TimelineSegment segment;  // start, slot_start, kind, waited, waits_on
  Mark due;                 // sleep deadline, yield or scheduled: known on entry
  Mark cancelled;           // the first cancel aimed at the task during the wait
  uint64_t serial = 0;      // tells a sleep deadline of this wait from older ones
};

struct TaskState {
  OpenSegment current;
  bool done = false;
  Mark finished;  // the done event
};

// A sleep deadline waiting for the event stream to pass it.
struct Deadline {
  double until;
  TaskId task;
  uint64_t serial;
  bool operator>(const Deadline& other) const { return until > other.until; }
};

class TimelineBuilder {
 public:
  explicit TimelineBuilder(const Trace& trace) : trace_(trace), state_(trace.tasks.size()) {
    timeline_.tasks.resize(trace.tasks.size());
    timeline_.event_slots.reserve(trace.events.size());
    timeline_.stats.tasks = trace.tasks.size();
    for (const TraceTask& task : trace.tasks)
      if (!task.internal) ++timeline_.stats.visible_tasks;
  }

  Timeline build() {
    for (const TraceEvent& event : trace_.events) read(event);
    finish();
    return std::move(timeline_);
  }

 private:
  bool known(TaskId id) const { return find_task(trace_, id) != nullptr; }
  TaskState& state(TaskId id) { return state_[size_t(id - 1)]; }
  TaskTimeline& row(TaskId id) { return timeline_.tasks[size_t(id - 1)]; }

  void read(const TraceEvent& event) {
    pass_deadlines_before(event.t, last_slot_);
    double slot = slot_of(event);
    timeline_.event_slots.push_back(slot);
    last_slot_ = slot;
    if (!known(event.task)) return;
    Mark at{event.t, slot};
    switch (event.kind) {
      case TraceEvent::Kind::kCreate: on_create(event.task, at); break;
      case TraceEvent::Kind::kResume: on_resume(event.task, at); break;
      case TraceEvent::Kind::kSuspend: on_suspend(event.task, event.waits_on, at); break;
      case TraceEvent::Kind::kDone: on_done(event.task, at); break;
      case TraceEvent::Kind::kCancel: on_cancel(event.task, at); break;
      case TraceEvent::Kind::kPrint: break;
    }
  }

  // Contract 3's loop-steps positions: a step's resume at k, the suspend or
  // done ending it at k + 1, anything else inside it at k + 0.5, anything
  // between steps at the slot of the next step.
  double slot_of(const TraceEvent& event) {
    if (event.kind == TraceEvent::Kind::kResume) {
      stepping_ = event.task;
      current_step_ = steps_seen_++;
      return double(current_step_);
    }
    if (stepping_ == 0) return double(steps_seen_);
    bool ends_step = (event.kind == TraceEvent::Kind::kSuspend ||
                      event.kind == TraceEvent::Kind::kDone) && event.task == stepping_;
    if (!ends_step) return double(current_step_) + 0.5;
    stepping_ = 0;
    return double(current_step_ + 1);
  }

  // A sleep deadline earlier than `t` passed at the last event before it.
  void pass_deadlines_before(double t, double last_slot) {
    while (!deadlines_.empty() && deadlines_.top().until < t) {
      Deadline d = deadlines_.top();
      deadlines_.pop();
      OpenSegment& current = state(d.task).current;
      if (current.open && current.serial == d.serial) current.due.slot = last_slot;
    }
  }

  void open(TaskId id, Kind kind, const WaitsOn& waits_on, Mark at, Mark due) {
    OpenSegment& current = state(id).current;
    current = OpenSegment{};
    current.open = true;
    current.segment.kind = kind;
    current.segment.waited = kind;
    current.segment.waits_on = waits_on;
    current.segment.start = at.t;
    current.segment.slot_start = at.slot;
    current.due = due;
    current.serial = ++serial_;
  }

  void on_create(TaskId id, Mark at) {
    live_ += 1;
    timeline_.stats.peak_live = std::max(timeline_.stats.peak_live, live_);
    open(id, Kind::kScheduled, WaitsOn{}, at, at);
  }

  void on_resume(TaskId id, Mark at) {
    close(id, at);
    row(id).steps.push_back(timeline_.steps.size());
    timeline_.steps.push_back(TimelineStep{id, at.t, at.t});
    open(id, Kind::kRun, WaitsOn{}, at, Mark{});
  }

  void on_suspend(TaskId id, const WaitsOn& waits_on, Mark at) {
    close(id, at);
    Kind kind = wait_kind(waits_on.what);
    Mark due;  // task and gather: known when the wait ends
    if (kind == Kind::kYield) due = at;
    if (kind == Kind::kSleep && std::isfinite(waits_on.until)) {
      // Its slot is known once the events pass the deadline.
      due = Mark{waits_on.until, at.slot};
    }
    open(id, kind, waits_on, at, due);
    if (kind == Kind::kSleep && std::isfinite(waits_on.until))
      deadlines_.push(Deadline{waits_on.until, id, serial_});
  }

  void on_done(TaskId id, Mark at) {
    close(id, at);
    TaskState& task = state(id);
    if (!task.done && live_ > 0) live_ -= 1;
    task.done = true;
    task.finished = at;
  }

  void on_cancel(TaskId id, Mark at) {
    OpenSegment& current = state(id).current;
    if (!current.open || current.segment.kind == Kind::kRun) return;
    // Cancelling a task that awaits a task or a gather only passes the cancel
    // on (Task.cancel -> _fut_waiter.cancel()): the waiter becomes due when
    // what it awaits has actually finished.
    if (current.segment.kind == Kind::kTask || current.segment.kind == Kind::kGather) return;
    if (at.t < current.cancelled.t) current.cancelled = at;
  }

  // When a task or gather wait became due: its target's (latest) done.
  Mark finished_due(const WaitsOn& waits_on) {
    auto finished = [&](TaskId id) {
      return known(id) && state(id).done ? state(id).finished : Mark{};
    };
    if (waits_on.what == WaitsOn::What::kTask) return finished(waits_on.task);
    Mark latest{-kInf, 0};
    for (TaskId child : waits_on.tasks) {
      Mark done = finished(child);
      if (std::tie(done.t, done.slot) > std::tie(latest.t, latest.slot)) latest = done;
    }
    return waits_on.tasks.empty() ? Mark{} : latest;
  }

  // Ends the task's current segment at `at`, splitting a wait where it
  // became due into the wait and its overdue part.
  void close(TaskId id, Mark at) {
    OpenSegment& current = state(id).current;
    if (!current.open) return;
    current.open = false;
    TimelineSegment segment = std::move(current.segment);
    at.t = std::max(at.t, segment.start);
    at.slot = std::max(at.slot, segment.slot_start);
    std::vector<TimelineSegment>& segments = row(id).segments;
    if (segment.kind == Kind::kRun) {
      segment.end = at.t;
      segment.slot_end = at.slot;
      timeline_.steps[row(id).steps.back()].end = at.t;
      segments.push_back(std::move(segment));
      return;
    }
    Mark due = current.due;
    if (segment.kind == Kind::kTask || segment.kind == Kind::kGather)
      due = finished_due(segment.waits_on);
    if (current.cancelled.t < due.t) due = current.cancelled;
    due.t = std::max(due.t, segment.start);
    due.slot = std::clamp(due.slot, segment.slot_start, at.slot);
    if (due.t < at.t) {
      TimelineSegment overdue = segment;
      overdue.kind = Kind::kOverdue;
      overdue.start = due.t;
      overdue.slot_start = due.slot;
      overdue.end = at.t;
      overdue.slot_end = at.slot;
      segment.end = due.t;
      segment.slot_end = due.slot;
      segments.push_back(std::move(segment));
      segments.push_back(std::move(overdue));
      return;
    }
    segment.end = at.t;
    segment.slot_end = at.slot;
    segments.push_back(std::move(segment));
  }

  void finish() {
    double end_time = trace_.end_time;
    pass_deadlines_before(end_time, last_slot_);
    Mark end{end_time, double(steps_seen_)};
    for (const TraceTask& task : trace_.tasks)
      if (known(task.id)) close(task.id, end);
    for (const TimelineStep& step : timeline_.steps) {
      if (step.end <= step.start) continue;
      std::vector<Interval>& busy = timeline_.busy;
      if (!busy.empty() && step.start <= busy.back().end) {
        busy.back().end = std::max(busy.back().end, step.end);
      } else {
        busy.push_back(Interval{step.start, step.end});
      }
    }
    TimelineStats& stats = timeline_.stats;
    stats.steps = timeline_.steps.size();
    for (const Interval& interval : timeline_.busy) stats.busy_time += interval.end - interval.start;
    stats.busy_share = end_time > 0 ? stats.busy_time / end_time : 0;
  }

  const Trace& trace_;
  Timeline timeline_;
  std::vector<TaskState> state_;
  std::priority_queue<Deadline, std::vector<Deadline>, std::greater<Deadline>> deadlines_;
  size_t steps_seen_ = 0;
  size_t current_step_ = 0;
  TaskId stepping_ = 0;  // the task whose step is running; 0 between steps
  double last_slot_ = 0;
  size_t live_ = 0;
  uint64_t serial_ = 0;
};

}  // namespace

Timeline build_timeline(const Trace& trace) { return TimelineBuilder(trace).build(); }

const char* segment_kind_name(TimelineSegment::Kind kind) {
  switch (kind) {
    case Kind::kScheduled: return "scheduled";
    case Kind::kRun: return "run";
    case Kind::kSleep: return "sleep";
    case Kind::kTask: return "task";
    case Kind::kGather: return "gather";
    case Kind::kYield: return "yield";
    case Kind::kFuture: return "future";
    case Kind::kOverdue: return "overdue";
  }
  return "run";
}

}  // namespace corosim
