#include "sim/trace/trace_recorder.h"

#include <cmath>
#include <limits>

namespace corosim {

TraceRecorder::TraceRecorder(std::string program) { trace_.program = std::move(program); }

TraceTask* TraceRecorder::task(TaskId id) {
  if (id < 1 || static_cast<size_t>(id) > trace_.tasks.size()) return nullptr;
  return &trace_.tasks[static_cast<size_t>(id - 1)];
}

TraceEvent& TraceRecorder::add_event(double t, TraceEvent::Kind kind, TaskId task) {
  TraceEvent& e = trace_.events.emplace_back();
  e.t = t;
  e.kind = kind;
  e.task = task;
  return e;
}

void TraceRecorder::on_create(double t, const TaskInfo& info) {
  if (info.id >= 1) {
    // Ids come in creation order; growing to the id keeps tasks[i].id == i + 1
    // even if a sink upstream ever skipped one.
    for (TaskId id = static_cast<TaskId>(trace_.tasks.size()) + 1; id <= info.id; ++id) {
      trace_.tasks.emplace_back().id = id;
    }
    TraceTask& r = *task(info.id);
    r.name = info.name;
    r.coro = info.coro;
    r.parent = info.parent;
    r.created = t;
    r.internal = info.internal;
  }
  add_event(t, TraceEvent::Kind::kCreate, info.id).other = info.parent;
}

void TraceRecorder::on_rename(TaskId id, const std::string& name) {
  if (TraceTask* r = task(id)) r->name = name;
}

void TraceRecorder::on_resume(double t, TaskId id) { add_event(t, TraceEvent::Kind::kResume, id); }

void TraceRecorder::on_suspend(double t, TaskId id, const WaitsOn& waits_on) {
  WaitsOn& recorded = add_event(t, TraceEvent::Kind::kSuspend, id).waits_on;
  recorded = waits_on;
  // Trace v1 writes a deadline that is not finite (sleep(nan), sleep(inf)) as
  // null, which reads back as +infinity: record what a reader would get.
  if (!std::isfinite(recorded.until)) recorded.until = std::numeric_limits<double>::infinity();
}

void TraceRecorder::on_done(double t, TaskId id, const TaskEnd& end) {
  if (TraceTask* r = task(id)) {
    r->finished = t;
    // TraceTask::State begins with TaskEnd::State's three, in the same order.
    r->state = static_cast<TraceTask::State>(static_cast<int>(end.state));
  }
  TraceEvent& e = add_event(t, TraceEvent::Kind::kDone, id);
  e.state = end.state;
  if (end.state == TaskEnd::State::kDone) {
    e.text = end.result;
  } else if (end.state == TaskEnd::State::kFailed) {
    e.text = end.exc_type;
    e.message = end.exc_message;
  }
}

void TraceRecorder::on_cancel(double t, TaskId id, TaskId by, const std::optional<std::string>& msg) {
  TraceEvent& e = add_event(t, TraceEvent::Kind::kCancel, id);
  e.other = by;
  e.has_msg = msg.has_value();
  if (msg) e.text = *msg;
}

void TraceRecorder::on_print(double t, TaskId id, const std::string& text) {
  add_event(t, TraceEvent::Kind::kPrint, id).text = text;
}

void TraceRecorder::on_end(double end_time, const Outcome& outcome) {
  trace_.end_time = end_time;
  trace_.outcome = outcome;
}

}  // namespace corosim
