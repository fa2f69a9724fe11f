// `corosim check`: run a program and compare its trace with its golden (the
// trace recorded before, DIR/NAME.trace.json by default); --update records or
// refreshes the golden instead.
#pragma once

#include <optional>
#include <ostream>
#include <string>

#include "sim/check/trace_diff.h"

namespace CLI {
class App;
}

namespace corosim {

struct CheckCommandOptions {
  std::string program;                ///< PROGRAM.py
  std::optional<std::string> golden;  ///< --golden FILE; default: golden_path_for(program)
  bool update = false;                ///< --update
  DiffOptions diff;                   ///< the flags of corosim diff (add_diff_flags)
};

/// Runs the program (its output is not echoed: it is in the trace) and
/// compares. Exit 0 with "PASS PROGRAM" on `out` when the traces agree; 1 with
/// "FAIL PROGRAM: FIRST DIVERGENCE" and the rest of the diff report on `out`
/// when they differ; 2 with one line on `err` when the program, the golden or
/// the command line cannot be used. With --update, prints "updated GOLDEN" or
/// "unchanged GOLDEN" and exits 0, or exits 2 when GOLDEN is another
/// program's golden (it is left as it is). A program that fails (uncaught exception,
/// deadlock, limit) is not an error: how it fails is part of its trace.
int check_command(const CheckCommandOptions& options, std::ostream& out, std::ostream& err);

/// Adds check's positional argument and flags to `command`, bound to `options`.
void add_check_options(CLI::App& command, CheckCommandOptions& options);

}  // namespace corosim
