// Goldens: the trace v1 file a program's run is checked against. The golden
// of DIR/NAME.py is DIR/NAME.trace.json, and its "program" field is the file
// name NAME.py, so a golden reads the same whichever directory corosim ran
// from and can be committed beside its program.
#pragma once

#include <memory>
#include <string>

#include "sim/trace/trace_model.h"
#include "sim/trace/trace_sink.h"

namespace corosim {

class JsonTraceWriter;

/// DIR/NAME.py -> DIR/NAME.trace.json; a name without ".py" gets
/// ".trace.json" appended.
std::string golden_path_for(const std::string& program);

/// The "program" field of `program`'s golden: its file name.
std::string golden_program_field(const std::string& program);

/// A golden read for a check, or why it cannot be used.
struct GoldenRead {
  Trace trace;
  /// One line naming the file and the reason; empty when the golden was read.
  std::string error;
  /// True when there is no file at the golden's path (error says so).
  bool missing = false;
  /// True when the golden was read but recorded from another program.
  bool other_program = false;
  bool ok() const { return error.empty(); }
};

/// Reads the golden at `golden_path` and checks that it was recorded from
/// `program` (the same file name): "GOLDEN: recorded from a different
/// program (OTHER.py), not NAME.py" otherwise.
GoldenRead read_golden(const std::string& golden_path, const std::string& program);

/// Records a run into a golden. The trace is written to a hidden file next to
/// the golden and renamed over it only when its bytes differ, so a refresh
/// that changes nothing keeps the golden's modification time, and an
/// interrupted run leaves the old golden whole.
class GoldenWriter {
 public:
  enum class Result { kUpdated, kUnchanged, kFailed };

  /// Checks up front that the golden can be written; see ok().
  GoldenWriter(std::string golden_path, const std::string& program);
  GoldenWriter(const GoldenWriter&) = delete;
  GoldenWriter& operator=(const GoldenWriter&) = delete;
  /// Removes the staged trace if finish() did not put it in place.
  ~GoldenWriter();

  bool ok() const { return error_.empty(); }
  /// "cannot write 'PATH': REASON"; empty while ok().
  const std::string& error() const { return error_; }
  /// Give it to run_program (directly or through a TeeTraceSink).
  TraceSink& sink();

  /// After the run has ended (on_end called): puts the trace in place unless
  /// the golden already holds exactly these bytes.
  Result finish();

 private:
  std::string golden_path_;
  std::string staged_path_;
  std::unique_ptr<JsonTraceWriter> writer_;
  std::string error_;
};

}  // namespace corosim
