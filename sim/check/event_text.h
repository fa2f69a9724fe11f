// Trace events in a person's words, for the reports of `corosim diff`,
// `check` and `test` and the header of the terminal Gantt chart: times as
// "2 s", task names, quoted strings that cannot disturb a terminal.
#pragma once

#include <string>
#include <string_view>

#include "sim/trace/trace_model.h"

namespace corosim {

/// Virtual seconds as the shortest decimal that reads back, without an
/// exponent: "2 s", "0.1 s", "0.30000000000000004 s", "0.00001 s";
/// "forever" for +infinity and "never" for NaN (a task that never finished).
std::string seconds_text(double t);

/// `text` between `quote` characters, with backslash escapes for the quote,
/// the backslash and every control character (C0, DEL, C1), so any string a
/// program made prints on one line and cannot drive a terminal.
std::string quoted(std::string_view text, char quote);

/// `text` with control characters escaped as `quoted` does, without quotes.
std::string printable(std::string_view text);

/// A task's name as printed (control characters escaped, unquoted); for id 0
/// `none`.
std::string task_name(const Trace& trace, TaskId id, std::string_view none = "the loop");

/// How a `done` event ended its task: "result 'sleep'", "ValueError: boom",
/// "cancelled".
std::string ending_text(const TraceEvent& done);

/// How the run ended: "ok", "error ValueError: boom (raised in Task-2)",
/// "error KeyError (raised outside any task)", "deadlock, waiting: Task-1
/// Task-3", "stopped by --until", "limit max-steps".
std::string outcome_text(const Trace& trace);

/// What an event says, after its time and task: "resume",
/// "suspend  waits for Task-2", "print \"hello\\n\"", "done  result 'sleep'",
/// "failed  ValueError: boom", "cancel  by Task-1 msg 'x'".
std::string event_action(const Trace& trace, const TraceEvent& event);

/// The event as a sentence's object, for "expected X, got Y":
/// "Task-4 to resume", "Task-1 to sleep until 3 s", "Task-1 to cancel Task-3".
/// The subject and the rest come apart so a report can say "got Task-3".
struct EventPhrase {
  std::string subject;    ///< "Task-4"
  std::string predicate;  ///< "to resume"
};
EventPhrase event_phrase(const Trace& trace, const TraceEvent& event);

}  // namespace corosim
