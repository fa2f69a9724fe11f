// The machinery of `corosim test`: find the programs that have a golden,
// take a shard of them, and check them in parallel, each in a child process
// (`corosim check PROGRAM`), so one program's crash or memory cannot take the
// others down and every core works.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace corosim {

/// The programs found under some paths, or why the paths cannot be used.
struct ProgramList {
  std::vector<std::string> programs;  ///< sorted, each once
  std::string error;                  ///< one line naming the path; empty when ok
  bool ok() const { return error.empty(); }
};

/// Every NAME.py with NAME.trace.json beside it under `paths`, recursively
/// (hidden directories and symbolic links to directories are not entered); a
/// path may also name a .py file, which is taken even without a golden (its
/// check then says the golden is missing). Paths are kept as given (made
/// lexically normal: "./a/x.py" is "a/x.py") and sorted, so every machine
/// sees the same list in the same order.
ProgramList find_programs(const std::vector<std::string>& paths);

/// One of `count` deterministic slices of a list (1 <= index <= count).
struct Shard {
  size_t index = 1;
  size_t count = 1;
};

/// "I/N" as a Shard, or nullopt when it is not two whole numbers with
/// 1 <= I <= N.
std::optional<Shard> parse_shard(const std::string& text);

/// The programs at positions p with p % count == index - 1: the shards
/// 1..count of one list cover it exactly once, with sizes differing by at
/// most one.
std::vector<std::string> shard_slice(const std::vector<std::string>& programs, Shard shard);

/// How one program's check ended.
struct CheckResult {
  enum class Status { kPassed, kFailed, kUnusable };
  std::string program;
  Status status = Status::kFailed;
  /// One line: the first divergence (failed), the reason (unusable), the
  /// signal that killed the check; empty when passed.
  std::string summary;
  /// Everything the check printed: its stdout, then its stderr.
  std::string output;
  double seconds = 0;  ///< wall time of the check
};

struct RunnerOptions {
  /// The corosim executable the children run (`EXE check -- PROGRAM`).
  std::string corosim = "/proc/self/exe";
  size_t jobs = 1;  ///< children at most at once (>= 1)
};

/// Checks every program, at most `options.jobs` at a time. `on_result` is
/// called on this thread as each check ends, in the order they end. Returns
/// the results in `programs` order.
std::vector<CheckResult> run_checks(const std::vector<std::string>& programs, const RunnerOptions& options,
                                    const std::function<void(const CheckResult&)>& on_result);

}  // namespace corosim
