#include "tests/support/trace_builder.h"

#include <utility>

namespace corosim::testing {

TraceBuilder::TraceBuilder(std::string program) { trace_.program = std::move(program); }

TaskId TraceBuilder::create(double t, std::string coro, TaskId parent, std::string name) {
  TraceTask task;
  task.id = TaskId(trace_.tasks.size() + 1);
  task.name = name.empty() ? "Task-" + std::to_string(task.id) : std::move(name);
  task.coro = std::move(coro);
  task.parent = parent;
  task.created = t;
  trace_.tasks.push_back(std::move(task));
  add(t, TraceEvent::Kind::kCreate, trace_.tasks.back().id).other = parent;
  return trace_.tasks.back().id;
}

TaskId TraceBuilder::create_internal(double t, std::string coro) {
  TaskId id = create(t, std::move(coro));
  trace_.tasks.back().internal = true;
  return id;
}

void TraceBuilder::resume(double t, TaskId task) { add(t, TraceEvent::Kind::kResume, task); }

void TraceBuilder::sleep(double t, TaskId task, double until) {
  WaitsOn w;
  w.what = WaitsOn::What::kSleep;
  w.until = until;
  suspend(t, task, std::move(w));
}

void TraceBuilder::await_task(double t, TaskId task, TaskId target) {
  WaitsOn w;
  w.what = WaitsOn::What::kTask;
  w.task = target;
  suspend(t, task, std::move(w));
}

void TraceBuilder::gather(double t, TaskId task, std::vector<TaskId> children) {
  WaitsOn w;
  w.what = WaitsOn::What::kGather;
  w.tasks = std::move(children);
  suspend(t, task, std::move(w));
}

void TraceBuilder::yield(double t, TaskId task) {
  WaitsOn w;
  w.what = WaitsOn::What::kYield;
  suspend(t, task, std::move(w));
}

void TraceBuilder::await_future(double t, TaskId task) { suspend(t, task, WaitsOn{}); }

void TraceBuilder::done(double t, TaskId task, std::string result) {
  end(t, task, TaskEnd::State::kDone, TraceTask::State::kDone);
  trace_.events.back().text = std::move(result);
}

void TraceBuilder::fail(double t, TaskId task, std::string type, std::string message) {
  end(t, task, TaskEnd::State::kFailed, TraceTask::State::kFailed);
  trace_.events.back().text = std::move(type);
  trace_.events.back().message = std::move(message);
}

void TraceBuilder::cancelled(double t, TaskId task) {
  end(t, task, TaskEnd::State::kCancelled, TraceTask::State::kCancelled);
}

void TraceBuilder::cancel(double t, TaskId task, TaskId by) {
  add(t, TraceEvent::Kind::kCancel, task).other = by;
}

void TraceBuilder::print(double t, TaskId task, std::string text) {
  add(t, TraceEvent::Kind::kPrint, task).text = std::move(text);
}

Trace TraceBuilder::finish(double end_time, Outcome outcome) {
  trace_.end_time = end_time;
  trace_.outcome = std::move(outcome);
  return trace_;
}

TraceEvent& TraceBuilder::add(double t, TraceEvent::Kind kind, TaskId task) {
  TraceEvent event;
  event.t = t;
  event.kind = kind;
  event.task = task;
  trace_.events.push_back(std::move(event));
  return trace_.events.back();
}

void TraceBuilder::suspend(double t, TaskId task, WaitsOn waits_on) {
  add(t, TraceEvent::Kind::kSuspend, task).waits_on = std::move(waits_on);
}

void TraceBuilder::end(double t, TaskId task, TaskEnd::State state, TraceTask::State final_state) {
  add(t, TraceEvent::Kind::kDone, task).state = state;
  TraceTask& row = trace_.tasks[size_t(task - 1)];
  row.finished = t;
  row.state = final_state;
}

}  // namespace corosim::testing
