// `corosim test`: check every program that has a golden under some paths, in
// parallel, and report like a test runner: a progress bar on a terminal,
// plain lines in sorted order otherwise, one line per failure with its first
// divergence, and "N passed, N failed" at the end.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "cli/console.h"
#include "sim/check/trace_diff.h"

namespace CLI {
class App;
}

namespace corosim {

struct TestCommandOptions {
  std::vector<std::string> paths;     ///< PATHS...; none: "."
  std::optional<size_t> jobs;         ///< -j N; default: the number of cores
  std::optional<std::string> junit;   ///< --junit FILE
  std::optional<std::string> shard;   ///< --shard I/N (checked by the parser)
  bool verbose = false;               ///< -v
  DiffOptions compare;                ///< add_compare_flags, handed to every check
  /// The corosim the checks run in; tests point it at a stand-in.
  std::string corosim = "/proc/self/exe";
};

/// The last line printed is always "N passed, N failed", the failed counting
/// the checks that gave no verdict (a missing or malformed golden, a program
/// with a syntax error, a check that crashed: an ERROR line each, and a line
/// saying how many before the counts). Exit 0 when every check passed; 1 when
/// any failed; 2 when the command cannot work: a path that does not exist, no
/// program with a golden under the paths, an unwritable --junit file, the
/// checks' output that cannot be waited for. An empty shard (fewer
/// programs than shards) passes with "0 passed, 0 failed".
int test_command(const TestCommandOptions& options, std::ostream& out, std::ostream& err,
                 const Console& console = {});

/// Adds test's positional arguments and flags to `command`, bound to `options`.
void add_test_options(CLI::App& command, TestCommandOptions& options);

}  // namespace corosim
