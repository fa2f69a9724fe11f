#include "cli/run_command.h"

#include <CLI/CLI.hpp>

#include <charconv>
#include <cmath>
#include <memory>
#include <string_view>

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

// One flag of `corosim run`: the single source of its texts, which
// `corosim run --help` and `corosim --help` both print.
struct RunFlag {
  const char* names;          // CLI11's spelling: "-q,--quiet"
  const char* value_name;     // what follows the flag ("" for a switch)
  const char* help;
  const char* default_value;  // shown as "(default: ...)"; "" for none
  // Adds the flag to `command`, bound to its field of `options`, with its check.
  CLI::Option* (*add)(CLI::App& command, const std::string& names, const std::string& help,
                      RunCommandOptions& options);
};

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

// The row of kRunFlags spelled `names`; a typo does not compile.
consteval const RunFlag& find_run_flag(std::string_view names) {
  for (const RunFlag& flag : kRunFlags) {
    if (names == flag.names) return flag;
  }
  throw "no such flag in kRunFlags";
}

// True when `text` is the decimal spelling of `n`.
constexpr bool is_decimal_of(const char* text, uint64_t n) {
  uint64_t value = 0;
  for (; *text; ++text) {
    if (*text < '0' || *text > '9') return false;
    value = value * 10 + static_cast<uint64_t>(*text - '0');
  }
  return value == n;
}
static_assert(is_decimal_of(find_run_flag("--max-steps").default_value, kDefaultMaxSteps),
              "the help must show the real default of --max-steps");

// "HELP (default: DEFAULT)".
std::string flag_help(const RunFlag& flag) {
  std::string text = flag.help;
  if (*flag.default_value) text += std::string(" (default: ") + flag.default_value + ")";
  return text;
}

}  // namespace

void add_run_options(CLI::App& command, RunCommandOptions& options) {
  command.add_option("PROGRAM.py", options.program, kRunProgramHelp)->required()->type_name("");
  for (const RunFlag& flag : kRunFlags) {
    CLI::Option* option = flag.add(command, flag.names, flag_help(flag), options);
    if (*flag.value_name) option->type_name(flag.value_name);
  }
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
