// `corosim diff`: compare two saved traces (format v1) and say where and how
// the runs differ, in a person's terms; exit 0 same, 1 different, 2 when a
// trace cannot be read.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "sim/check/trace_diff.h"

namespace CLI {
class App;
}

namespace corosim {

struct DiffCommandOptions {
  std::string expected_path;  ///< EXPECTED.json
  std::string actual_path;    ///< ACTUAL.json
  DiffOptions diff;           ///< add_diff_flags
};

/// Reads both traces (in parallel) and compares them: 0 and "traces are the
/// same" on `out`; 1 and the report on `out`; 2 and one line on `err` naming
/// the file when a trace cannot be read, or naming a --tasks name no task has.
int diff_command(const DiffCommandOptions& options, std::ostream& out, std::ostream& err);

/// Adds diff's positional arguments and flags to `command`, bound to `options`.
void add_diff_options(CLI::App& command, DiffCommandOptions& options);

/// Adds the flags that choose what a comparison leaves out (add_compare_flags,
/// then --tasks and --context), with their help, for `diff` and `check`.
void add_diff_flags(CLI::App& command, DiffOptions& options);

/// Adds the flags that mean the same for every program of a suite
/// (--ignore-times, --ignore-print, --ignore-lines, --per-task), for `test`.
void add_compare_flags(CLI::App& command, DiffOptions& options);

/// Those flags as `check` arguments: what add_compare_flags set in `options`.
std::vector<std::string> compare_flag_args(const DiffOptions& options);

}  // namespace corosim
