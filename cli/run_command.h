// `corosim run`: run a program in virtual time, print what it prints,
// optionally write its trace and its views (--html, --chrome-trace, --gantt).
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

#include "cli/console.h"
#include "cli/view_outputs.h"
#include "sim/program.h"

namespace CLI {
class App;
}

namespace corosim {

/// The options of `corosim run`, defaults included.
struct RunCommandOptions {
  std::string program;                    ///< PROGRAM.py
  std::optional<std::string> trace_path;  ///< --trace OUT.json
  std::optional<double> until;            ///< --until SECONDS
  uint64_t max_steps = kDefaultMaxSteps;  ///< --max-steps N (0: no limit)
  bool quiet = false;                     ///< -q: don't echo the program's output
  ViewOutputOptions views;                ///< --html, --chrome-trace, --gantt, ...
};

/// Loads, runs and traces one program. `out` gets exactly what the program
/// prints (unless quiet), `err` the diagnostics and reports. Returns the exit
/// code (program.h ExitCode). `console` says where `out` goes (--gantt's
/// colours and width).
int run_command(const RunCommandOptions& options, std::ostream& out, std::ostream& err,
                const Console& console = {});

/// Adds run's positional argument and flags to `command`, bound to `options`.
void add_run_options(CLI::App& command, RunCommandOptions& options);

}  // namespace corosim
