// diff_traces: a semantic diff of two traces (format v1), for `corosim diff`,
// `check` and `test`. Not a text diff: it names the first event where the two
// runs part, in a person's terms, then what differs task by task.
#pragma once

#include <string>
#include <vector>

#include "sim/trace/trace_model.h"

namespace corosim {

inline constexpr int kDefaultDiffContext = 3;

/// What to leave out of the comparison; by default everything counts.
struct DiffOptions {
  /// Compare everything but virtual times (event times, sleep deadlines,
  /// created/finished, end time); the order of events still counts.
  bool ignore_times = false;
  /// Leave out print events and what tasks printed.
  bool ignore_print = false;
  /// Compare everything but source positions (waits_on.line, the only one):
  /// a golden then survives an edit that moves code.
  bool ignore_lines = false;
  /// Only the events and rows of the tasks with these names (in either
  /// trace); the end time is then not compared. Empty: every task.
  std::vector<std::string> tasks;
  /// Compare each task's own events in order, not how the tasks' events
  /// interleave; tasks are matched by id.
  bool per_task = false;
  /// How many events of context the report shows around the first difference.
  int context = kDefaultDiffContext;
};

struct DiffResult {
  bool same = true;
  /// One line (no newline) saying where the traces first part, e.g.
  /// "at t=2 s, step 14: expected Task-4 to resume, got Task-3"; "" when same.
  std::string first_difference;
  /// The whole report for people, lines ending in "\n"; "" when same.
  std::string report;
};

/// The differences between `expected` and `actual`. Their `program` fields
/// are compared by file name only (traces of one program run from different
/// directories are alike).
DiffResult diff_traces(const Trace& expected, const Trace& actual, const DiffOptions& options = {});

/// The names in `names` that no task of either trace has.
std::vector<std::string> unknown_task_names(const Trace& expected, const Trace& actual,
                                            const std::vector<std::string>& names);

}  // namespace corosim
