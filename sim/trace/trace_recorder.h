// TraceRecorder: the TraceSink that keeps a run's trace in memory, in the
// same shape read_trace gives for a saved trace v1 file (trace_model.h).
#pragma once

#include <string>

#include "sim/trace/trace_model.h"
#include "sim/trace/trace_sink.h"

namespace corosim {

class TraceRecorder final : public TraceSink {
 public:
  /// `program` is the trace's "program" field (the path as the user gave it).
  explicit TraceRecorder(std::string program);

  /// The trace so far; complete once on_end() has been called.
  const Trace& trace() const { return trace_; }

  void on_create(double t, const TaskInfo& task) override;
  void on_rename(TaskId task, const std::string& name) override;
  void on_resume(double t, TaskId task) override;
  void on_suspend(double t, TaskId task, const WaitsOn& waits_on) override;
  void on_done(double t, TaskId task, const TaskEnd& end) override;
  void on_cancel(double t, TaskId task, TaskId by,
                 const std::optional<std::string>& msg) override;
  void on_print(double t, TaskId task, const std::string& text) override;
  void on_end(double end_time, const Outcome& outcome) override;

 private:
  TraceTask* task(TaskId id);
  TraceEvent& add_event(double t, TraceEvent::Kind kind, TaskId task);

  Trace trace_;
};

}  // namespace corosim
