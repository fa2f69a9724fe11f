// JsonTraceWriter: the TraceSink that writes trace format v1 (see
// README.md, "Trace format, version 1").
#pragma once

#include <cstdio>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "sim/trace/atomic_file.h"
#include "sim/trace/trace_names.h"
#include "sim/trace/trace_sink.h"

namespace corosim {

/// The `outcome` object as format v1 writes it, e.g. {"status": "deadlock", "waiting": [1]}.
std::string outcome_json(const Outcome& outcome);

/// Streams a run's trace to a file. Events go to disk as they come: the
/// document puts `tasks` before `events`, so events are written to an
/// unlinked side file next to the output, and on_end() assembles header, task
/// records (kept in memory; a few dozen bytes each) and the streamed events
/// into an AtomicFile and commits it. Layout: top-level keys one per line, one
/// task or event per line, separators ", " and ": " — byte for byte what
/// reftrace.py's dumps_trace writes for the same run.
/// Errors (unwritable directory, disk full) are kept in error(); a writer that
/// failed at construction ignores every event.
class JsonTraceWriter final : public TraceSink {
 public:
  /// Opens the output's temporary and the side file; check ok() before running.
  /// `program` is the "program" field (the path as the user gave it).
  JsonTraceWriter(std::string out_path, std::string program);
  JsonTraceWriter(const JsonTraceWriter&) = delete;
  JsonTraceWriter& operator=(const JsonTraceWriter&) = delete;
  ~JsonTraceWriter() override;

  bool ok() const { return error_.empty(); }
  /// The first error, naming the output path; empty while ok().
  const std::string& error() const { return error_; }
  /// True once on_end() has committed the file.
  bool committed() const { return out_.committed(); }

  void on_create(double t, const TaskInfo& task) override;
  void on_rename(TaskId task, const std::string& name) override;
  void on_resume(double t, TaskId task) override;
  void on_suspend(double t, TaskId task, const WaitsOn& waits_on) override;
  void on_done(double t, TaskId task, const TaskEnd& end) override;
  void on_cancel(double t, TaskId task, TaskId by,
                 const std::optional<std::string>& msg) override;
  void on_print(double t, TaskId task, const std::string& text) override;
  /// Writes the whole document and renames it into place.
  void on_end(double end_time, const Outcome& outcome) override;

 private:
  /// What the `tasks` array says about one task. NOTE: compact on purpose
  /// (a run may have a million tasks): the coroutine name is an index into
  /// coro_names_, and "Task-N" names fit std::string's inline buffer.
  struct TaskRecord {
    std::string name;
    uint32_t coro = 0;  // index into coro_names_
    bool internal = false;
    bool is_finished = false;
    TaskEnd::State state = TaskEnd::State::kDone;
    TaskId parent = 0;
    double created = 0;
    double finished = 0;
  };

  std::string& begin_event(double t, const char* kind, TaskId task);
  void end_event();
  void flush_events();
  void write_task_records();
  uint32_t coro_index(const std::string& coro);
  bool copy_events_into_output();
  TaskRecord* record(TaskId id);
  void fail(std::string message);

  AtomicFile out_;
  std::string program_;
  std::FILE* events_file_ = nullptr;  // unlinked side file; closed by the destructor
  std::string event_buffer_;          // events not yet flushed to events_file_
  bool any_event_ = false;
  std::vector<TaskRecord> tasks_;     // index: id - 1
  std::vector<std::string> coro_names_;
  std::unordered_map<std::string, uint32_t> coro_index_;
  std::string error_;
};

}  // namespace corosim
