#include "cli/run_command.h"

#include <CLI/CLI.hpp>

#include <charconv>
#include <cmath>
#include <memory>

#include "sim/trace/json_trace_writer.h"

namespace corosim {
namespace {

int code(ExitCode c) { return static_cast<int>(c); }

// --until must be a finite number of seconds, at least 0.
std::string check_until(const std::string& text) {
  double seconds = 0;
  if (!CLI::detail::lexical_cast(text, seconds) || !std::isfinite(seconds) || seconds < 0) {
    return "must be a number of seconds >= 0, got '" + text + "'";
  }
  return "";
}

// --max-steps must be a whole number >= 0 (CLI11 would wrap "-5" around).
std::string check_max_steps(const std::string& text) {
  uint64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
    return "must be a whole number of steps >= 0 (0: no limit), got '" + text + "'";
  }
  return "";
}

}  // namespace

void add_run_options(CLI::App& command, RunCommandOptions& options) {
  command.add_option("PROGRAM.py", options.program, "the Python program to run")
      ->required()
      ->type_name("");
  command.add_option("--trace", options.trace_path,
                     "write the trace (format v1, JSON) to OUT.json; written atomically, also "
                     "when the program fails, deadlocks or hits a limit (default: no trace)")
      ->type_name("OUT.json");
  command.add_option("--until", options.until,
                     "stop the program when its virtual clock would pass SECONDS (what is due at "
                     "SECONDS still runs); exit 0, trace outcome \"until\" (default: run to the end)")
      ->type_name("SECONDS")
      ->check(CLI::Validator(check_until, ""));
  command.add_option("--max-steps", options.max_steps,
                     "stop after N interpreter steps (bytecode instructions), so an endless "
                     "loop ends with exit 4 instead of hanging; 0: no limit (default: " +
                         std::to_string(kDefaultMaxSteps) + ")")
      ->type_name("N")
      ->check(CLI::Validator(check_max_steps, ""));
  command.add_flag("-q,--quiet", options.quiet,
                   "do not echo what the program prints (the trace still records it)");
}

int run_command(const RunCommandOptions& options, std::ostream& out, std::ostream& err) {
  LoadedProgram program = load_program(options.program);
  if (!program.ok()) {
    err << program.error->format() << "\n";
    return code(ExitCode::kUnusable);
  }
  std::unique_ptr<JsonTraceWriter> writer;
  if (options.trace_path) {
    writer = std::make_unique<JsonTraceWriter>(*options.trace_path, options.program);
    if (!writer->ok()) {
      err << "corosim: " << writer->error() << "\n";
      return code(ExitCode::kUnusable);
    }
  }
  RunOptions run;
  run.out = options.quiet ? nullptr : &out;
  run.err = &err;
  run.trace = writer.get();
  run.until = options.until;
  run.max_steps = options.max_steps;
  RunResult result = run_program(program, run);
  out.flush();
  if (writer && !writer->ok()) {
    err << "corosim: " << writer->error() << "\n";
    if (result.exit_code == ExitCode::kOk) return code(ExitCode::kUnusable);
  }
  return code(result.exit_code);
}

}  // namespace corosim
