// The machinery of `corosim test`: find the programs that have a golden,
// take a shard of them, and check them in parallel, each in a child process
// (`corosim check PROGRAM`), so one program's crash or memory cannot take the
// others down and every core works.
#pragma once

#include <poll.h>

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

/// Every NAME.py with NAME.trace.json (a file, or anything else there, which
/// its check then reports as unusable) beside it under `paths`, recursively
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
  /// kFailed only when the check ran and its trace differs from the golden;
  /// kUnusable when it gave no verdict: the program or golden could not be
  /// used, or the check itself crashed (a signal, an exit status `corosim
  /// check` never gives) or could not be started.
  enum class Status { kPassed, kFailed, kUnusable };
  std::string program;
  Status status = Status::kUnusable;
  /// One line: the first divergence (failed), the reason (unusable, e.g. the
  /// signal that killed the check); empty when passed.
  std::string summary;
  /// Everything the check printed: its stdout, then its stderr.
  std::string output;
  double seconds = 0;  ///< wall time of the check
};

struct RunnerOptions {
  /// The corosim executable the children run (`EXE check ARGS -- PROGRAM`).
  std::string corosim = "/proc/self/exe";
  /// Flags every check gets (--ignore-lines, ...).
  std::vector<std::string> check_args;
  size_t jobs = 1;  ///< children at most at once (>= 1)
  /// What waits for the children's output: poll(2), or a stand-in that
  /// fails, for the tests of what the runner does then.
  int (*poll)(pollfd* fds, nfds_t count, int timeout) = ::poll;
};

/// What run_checks did.
struct CheckRun {
  std::vector<CheckResult> results;  ///< in `programs` order
  /// Why the runner stopped before every check ended ("cannot wait for the
  /// checks: poll: REASON"), or "". The checks it did not see end are
  /// kUnusable with this reason.
  std::string error;
  bool ok() const { return error.empty(); }
};

/// Checks every program, at most `options.jobs` at a time. `on_result` is
/// called on this thread as each check ends, in the order they end. However
/// it returns (an error, an exception thrown by `on_result`), no child is
/// left running or unreaped and no pipe open.
CheckRun run_checks(const std::vector<std::string>& programs, const RunnerOptions& options,
                    const std::function<void(const CheckResult&)>& on_result);

}  // namespace corosim
