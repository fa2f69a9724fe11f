// TeeTraceSink: hands every event to several sinks, so one run can stream its
// trace to --trace and also keep it in memory for --html, --gantt and
// --chrome-trace.
#pragma once

#include <utility>
#include <vector>

#include "sim/trace/trace_sink.h"

namespace corosim {

class TeeTraceSink final : public TraceSink {
 public:
  /// The sinks are not owned and must outlive the tee; they get each event in
  /// the order given.
  explicit TeeTraceSink(std::vector<TraceSink*> sinks) : sinks_(std::move(sinks)) {}

  void on_create(double t, const TaskInfo& task) override {
    for (TraceSink* s : sinks_) s->on_create(t, task);
  }
  void on_rename(TaskId task, const std::string& name) override {
    for (TraceSink* s : sinks_) s->on_rename(task, name);
  }
  void on_resume(double t, TaskId task) override {
    for (TraceSink* s : sinks_) s->on_resume(t, task);
  }
  void on_suspend(double t, TaskId task, const WaitsOn& waits_on) override {
    for (TraceSink* s : sinks_) s->on_suspend(t, task, waits_on);
  }
  void on_done(double t, TaskId task, const TaskEnd& end) override {
    for (TraceSink* s : sinks_) s->on_done(t, task, end);
  }
  void on_cancel(double t, TaskId task, TaskId by, const std::optional<std::string>& msg) override {
    for (TraceSink* s : sinks_) s->on_cancel(t, task, by, msg);
  }
  void on_print(double t, TaskId task, const std::string& text) override {
    for (TraceSink* s : sinks_) s->on_print(t, task, text);
  }
  void on_end(double end_time, const Outcome& outcome) override {
    for (TraceSink* s : sinks_) s->on_end(end_time, outcome);
  }

 private:
  std::vector<TraceSink*> sinks_;
};

}  // namespace corosim
