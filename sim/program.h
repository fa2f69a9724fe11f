// Program: load a Python file, compile it, run it under the run limits and
// report how it ended. The one API that cli/ uses.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "sim/front/diagnostic.h"
#include "sim/runtime/object.h"
#include "sim/trace/trace_sink.h"

namespace corosim {

class SourceFile;

/// corosim's exit codes. The CLI returns them, --help and the README list them
/// from kExitCodes, and tests/conformance/reftrace.py uses the same numbers.
enum class ExitCode : int {
  kOk = 0,         ///< the program finished (or --until stopped it)
  kException = 1,  ///< the program raised an uncaught exception
  kUnusable = 2,   ///< the command line, the program or a trace could not be used
  kDeadlock = 3,   ///< nothing ready, no timer, main not finished
  kLimit = 4,      ///< a run limit (--max-steps) was hit
};

struct ExitCodeInfo {
  ExitCode code;
  const char* meaning;
};

inline constexpr ExitCodeInfo kExitCodes[] = {
    {ExitCode::kOk, "the program finished (or --until stopped it)"},
    {ExitCode::kException, "the program raised an uncaught exception"},
    {ExitCode::kUnusable,
     "the command line, the program or a trace could not be used (missing file, not UTF-8, "
     "syntax error, unsupported construct, unreadable trace, unwritable output file)"},
    {ExitCode::kDeadlock, "deadlock: nothing is ready, no timer is pending, main has not finished"},
    {ExitCode::kLimit, "a limit was hit (--max-steps)"},
};

/// Interpreter steps (bytecode instructions and event-loop iterations)
/// allowed by default: `while True: pass` stops within a few seconds instead
/// of hanging (the VM runs on the order of 10^8 simple instructions per
/// second), and real scenarios use a tiny fraction of it.
inline constexpr uint64_t kDefaultMaxSteps = 200'000'000;

/// A program ready to run (its compiled module code), or the Diagnostic that
/// says why it cannot be used. Run it at most once: a run ends by releasing
/// every object of the heap, the code included.
struct LoadedProgram {
  std::string path;                          ///< as the user gave it
  std::shared_ptr<const SourceFile> source;  ///< set when the file could be read
  Value code;                                ///< the module's code object; null on error
  std::optional<Diagnostic> error;           ///< set when the program cannot be used
  bool ok() const { return !error.has_value(); }
};

/// Reads `path`, checks UTF-8, parses and compiles. Never throws for bad input.
LoadedProgram load_program(const std::string& path);

struct RunOptions {
  std::ostream* out = nullptr;      ///< what the program prints; nullptr discards
  std::ostream* err = nullptr;      ///< tracebacks and reports; nullptr discards
  TraceSink* trace = nullptr;       ///< nullptr: no trace
  std::optional<double> until;      ///< stop once the virtual clock would pass this
  uint64_t max_steps = kDefaultMaxSteps;  ///< 0: unlimited
};

struct RunResult {
  Outcome outcome;
  double end_time = 0;  ///< the virtual clock when the run ended
  ExitCode exit_code = ExitCode::kOk;
};

/// Runs a loaded program (`program.ok()` must hold): a module with top-level
/// await runs as the main task of asyncio.run, any other module as plain code.
/// Reports an uncaught exception (traceback), a deadlock (every waiting task
/// and what it waits on) or a hit limit on `err`, calls trace->on_end, and
/// releases the heap. Never exits the process.
RunResult run_program(const LoadedProgram& program, const RunOptions& options);

}  // namespace corosim
