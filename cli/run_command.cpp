#include "cli/run_command.h"

#include <CLI/CLI.hpp>

#include <cmath>
#include <memory>
#include <vector>

#include "cli/flag_table.h"
#include "sim/trace/json_trace_writer.h"
#include "sim/trace/tee_trace_sink.h"
#include "sim/trace/trace_recorder.h"

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

// --max-steps must be a whole number >= 0.
std::string check_max_steps(const std::string& text) {
  if (!parse_whole_number(text)) {
    return "must be a whole number of steps >= 0 (0: no limit), got '" + text + "'";
  }
  return "";
}

using RunFlag = FlagRow<RunCommandOptions>;

constexpr const char* kRunProgramHelp = "the Python program to run";

constexpr RunFlag kRunFlags[] = {
    {"--trace", "OUT.json",
     "write the trace (format v1, JSON) to OUT.json; written atomically, also when the program fails, "
     "deadlocks or hits a limit",
     "no trace",
     [](CLI::App& command, const std::string& names, const std::string& help, RunCommandOptions& options) {
       return command.add_option(names, options.trace_path, help);
     }},
    {"--until", "SECONDS",
     "stop the program when its virtual clock would pass SECONDS (what is due at SECONDS still runs); "
     "exit 0, trace outcome \"until\"",
     "run to the end",
     [](CLI::App& command, const std::string& names, const std::string& help, RunCommandOptions& options) {
       return command.add_option(names, options.until, help)->check(CLI::Validator(check_until, ""));
     }},
    {"--max-steps", "N",
     "stop after N interpreter steps and event-loop iterations, so an endless loop ends with exit 4 "
     "instead of hanging; 0: no limit",
     "200000000",  // kDefaultMaxSteps, checked below
     [](CLI::App& command, const std::string& names, const std::string& help, RunCommandOptions& options) {
       return command.add_option(names, options.max_steps, help)->check(CLI::Validator(check_max_steps, ""));
     }},
    {"-q,--quiet", "", "do not echo what the program prints (the trace still records it)", "",
     [](CLI::App& command, const std::string& names, const std::string& help, RunCommandOptions& options) {
       return command.add_flag(names, options.quiet, help);
     }},
};

// True when `text` is the decimal spelling of `n`.
constexpr bool is_decimal_of(const char* text, uint64_t n) {
  uint64_t value = 0;
  for (; *text; ++text) {
    if (*text < '0' || *text > '9') return false;
    value = value * 10 + static_cast<uint64_t>(*text - '0');
  }
  return value == n;
}
static_assert(is_decimal_of(find_flag_row(kRunFlags, "--max-steps").default_value, kDefaultMaxSteps),
              "the help must show the real default of --max-steps");

// Every file the run reads or writes, outputs in flag order.
std::vector<FileUse> files_of(const RunCommandOptions& options) {
  std::vector<FileUse> files;
  if (options.trace_path) files.push_back({"--trace", *options.trace_path, true});
  for (FileUse& view : options.views.files()) files.push_back(std::move(view));
  files.push_back({"the program being run", options.program, false});
  return files;
}

}  // namespace

void add_run_options(CLI::App& command, RunCommandOptions& options) {
  command.add_option("PROGRAM.py", options.program, kRunProgramHelp)->required()->type_name("");
  add_flag_rows(command, kRunFlags, options);
  add_view_output_options(command, options.views);
}

int run_command(const RunCommandOptions& options, std::ostream& out, std::ostream& err,
                const Console& console) {
  if (std::string clash = file_clash(files_of(options)); !clash.empty()) {
    err << "corosim: " << clash << "\n";
    return code(ExitCode::kUnusable);
  }
  LoadedProgram program = load_program(options.program);
  if (!program.ok()) {
    err << program.error->format() << "\n";
    return code(ExitCode::kUnusable);
  }
  // Every output is opened before the program runs, so an unwritable path
  // costs no run.
  std::unique_ptr<JsonTraceWriter> writer;
  std::vector<TraceSink*> sinks;
  if (options.trace_path) {
    writer = std::make_unique<JsonTraceWriter>(*options.trace_path, options.program);
    if (!writer->ok()) {
      err << "corosim: " << writer->error() << "\n";
      return code(ExitCode::kUnusable);
    }
    sinks.push_back(writer.get());
  }
  ViewOutputs views(options.views, console);
  if (std::string error = views.open_error(); !error.empty()) {
    err << "corosim: " << error << "\n";
    return code(ExitCode::kUnusable);
  }
  // The views need the whole trace in memory; a run without them keeps none.
  std::unique_ptr<TraceRecorder> recorder;
  if (options.views.any()) {
    recorder = std::make_unique<TraceRecorder>(options.program);
    sinks.push_back(recorder.get());
  }
  TeeTraceSink tee(sinks);
  RunOptions run;
  run.out = options.quiet ? nullptr : &out;
  run.err = &err;
  run.trace = sinks.empty() ? nullptr : &tee;
  run.until = options.until;
  run.max_steps = options.max_steps;
  RunResult result = run_program(program, run);
  out.flush();
  std::vector<std::string> errors;
  if (writer && !writer->ok()) errors.push_back(writer->error());
  if (recorder) {
    for (std::string& error : views.write(recorder->trace(), out)) errors.push_back(std::move(error));
  }
  for (const std::string& error : errors) err << "corosim: " << error << "\n";
  if (!errors.empty() && result.exit_code == ExitCode::kOk) return code(ExitCode::kUnusable);
  return code(result.exit_code);
}

}  // namespace corosim
