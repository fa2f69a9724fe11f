// Trace events in a person's words, for the reports of `corosim diff`,
// `check` and `test` and the header of the terminal Gantt chart: times as
// "2 s", task names, quoted strings that cannot disturb a terminal.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "sim/trace/trace_model.h"

namespace corosim {

/// Virtual seconds as the shortest decimal that reads back, without an
/// exponent: "2 s", "0.1 s", "0.30000000000000004 s", "0.00001 s";
/// "forever" for +infinity and "never" for NaN (a task that never finished).
std::string seconds_text(double t);

/// A text longer than this many characters is shown as an excerpt of about
/// as many characters, so one huge print cannot flood a report.
inline constexpr size_t kExcerptChars = 100;

/// Where two texts first differ: a byte offset at the start of a UTF-8
/// character (the shorter one's size when it is a prefix of the other).
size_t first_difference(std::string_view a, std::string_view b);

/// `text` between `quote` characters, with backslash escapes for the quote,
/// the backslash and every character Python's repr() escapes (not
/// str.isprintable(): controls, bidi overrides, zero-width characters, ...;
/// \x, \u or \U as repr writes them) and \xNN for a byte that is not
/// UTF-8, so any string a program made prints on one line, as it reads, and
/// cannot drive a terminal. A text longer than kExcerptChars characters is cut
/// to about that many around the byte offset `focus` (say, where it differs
/// from another), "..." marking each cut, its length after the quotes:
/// "...aaaX\n" (100002 chars).
std::string quoted(std::string_view text, char quote, size_t focus = 0);

/// `text` escaped and cut as `quoted` does, without quotes.
std::string printable(std::string_view text, size_t focus = 0);

/// A task's name as printed (control characters escaped, unquoted); for id 0
/// `none`.
std::string task_name(const Trace& trace, TaskId id, std::string_view none = "the loop");

/// The text of an event that may be long: a print's text, a result's repr, an
/// exception's message, a cancel's msg; "" for other events. Where this text
/// differs between two events is the `focus` of the functions below.
std::string_view event_text(const TraceEvent& event);

/// How a `done` event ended its task: "result 'sleep'", "ValueError: boom",
/// "cancelled".
std::string ending_text(const TraceEvent& done, size_t focus = 0);

/// How the run ended: "ok", "error ValueError: boom (raised in Task-2)",
/// "error KeyError (raised outside any task)", "deadlock, waiting: Task-1
/// Task-3", "stopped by --until", "limit max-steps". `focus` is a byte
/// offset into error_text(trace.outcome).
std::string outcome_text(const Trace& trace, size_t focus = 0);

/// An error outcome's "TYPE: MESSAGE" ("TYPE" when there is no message).
std::string error_text(const Outcome& outcome);

/// What an event says, after its time and task: "resume",
/// "suspend  waits for Task-2", "print \"hello\\n\"", "done  result 'sleep'",
/// "failed  ValueError: boom", "cancel  by Task-1 msg 'x'".
std::string event_action(const Trace& trace, const TraceEvent& event, size_t focus = 0);

/// What a suspended task waits on in v1 terms, leaving out the library call
/// and the line: "sleeps until 3 s", "waits for Task-2", "waits for a future".
std::string wait_kind_text(const Trace& trace, const WaitsOn& waits_on);

/// The library call a task waits in and its receiver: "lock #1", "wait_for",
/// "no library call".
std::string wait_call_text(const WaitsOn& waits_on);

/// The event as a sentence's object, for "expected X, got Y":
/// "Task-4 to resume", "Task-1 to sleep until 3 s", "Task-1 to cancel Task-3".
/// The subject and the rest come apart so a report can say "got Task-3".
struct EventPhrase {
  std::string subject;    ///< "Task-4"
  std::string predicate;  ///< "to resume"
};
EventPhrase event_phrase(const Trace& trace, const TraceEvent& event, size_t focus = 0);

}  // namespace corosim
