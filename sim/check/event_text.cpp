#include "sim/check/event_text.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <vector>

#include "sim/runtime/unicode_printable.h"
#include "sim/util/utf8.h"

namespace corosim {
namespace {

constexpr char kHex[] = "0123456789abcdef";
constexpr std::string_view kCut = "...";

// "\\x1b", "\\u202e", "\\U000e0001": `digits` hex digits of `value`.
void append_hex_escape(std::string& out, char letter, uint32_t value, int digits) {
  out += '\\';
  out += letter;
  for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) out += kHex[(value >> shift) & 0xf];
}

// `text` escaped as Python's repr() escapes a str; `quote` (0 for none)
// escaped too.
void append_escaped(std::string& out, std::string_view text, char quote) {
  for (size_t i = 0; i < text.size();) {
    size_t start = i;
    uint32_t c = decode_utf8_lossy(text, i);
    if (c == 0xFFFD && i == start + 1) {  // a byte that is not UTF-8
      append_hex_escape(out, 'x', static_cast<unsigned char>(text[start]), 2);
      continue;
    }
    switch (c) {
      case '\n': out += "\\n"; continue;
      case '\r': out += "\\r"; continue;
      case '\t': out += "\\t"; continue;
      case '\\': out += quote ? "\\\\" : "\\"; continue;
      default: break;
    }
    if (quote && c == static_cast<unsigned char>(quote)) {
      out += '\\';
      out += quote;
    } else if (unicode_is_printable(c)) {
      out.append(text, start, i - start);
    } else if (c <= 0xff) {
      append_hex_escape(out, 'x', c, 2);
    } else if (c <= 0xffff) {
      append_hex_escape(out, 'u', c, 4);
    } else {
      append_hex_escape(out, 'U', c, 8);
    }
  }
}

// The byte offset of each character of `text`, and its size at the end.
std::vector<size_t> character_starts(std::string_view text) {
  std::vector<size_t> starts;
  for (size_t i = 0; i < text.size();) {
    starts.push_back(i);
    decode_utf8_lossy(text, i);
  }
  starts.push_back(text.size());
  return starts;
}

// `text` escaped, quoted when `quote` is not 0, and cut to kExcerptChars
// characters around byte `focus` when longer: more of what comes before the
// focus than after, as a difference is read from the left.
std::string excerpt(std::string_view text, char quote, size_t focus) {
  std::string out;
  if (quote) out += quote;
  // Only a text of more bytes than kExcerptChars can have more characters.
  std::vector<size_t> starts = text.size() > kExcerptChars ? character_starts(text) : std::vector<size_t>{};
  size_t chars = starts.empty() ? 0 : starts.size() - 1;
  if (chars <= kExcerptChars) {
    append_escaped(out, text, quote);
    if (quote) out += quote;
    return out;
  }
  size_t at = static_cast<size_t>(std::upper_bound(starts.begin(), starts.end(), focus) - starts.begin()) - 1;
  size_t first = std::min(at - std::min(at, kExcerptChars * 3 / 4), chars - kExcerptChars);
  size_t last = first + kExcerptChars;
  if (first > 0) out += kCut;
  append_escaped(out, text.substr(starts[first], starts[last] - starts[first]), quote);
  if (last < chars) out += kCut;
  if (quote) out += quote;
  return out + " (" + std::to_string(chars) + " chars)";
}

std::string names(const Trace& trace, const std::vector<TaskId>& ids) {
  std::string text;
  for (TaskId id : ids) {
    if (!text.empty()) text += ", ";
    text += task_name(trace, id);
  }
  return text;
}

// What a suspended task waits on in v1 terms (without the library call),
// as a verb phrase: "sleeps until 3 s", "waits for Task-2".
std::string wait_kind_phrase(const Trace& trace, const WaitsOn& w, bool infinitive) {
  switch (w.what) {
    case WaitsOn::What::kSleep:
      if (std::isinf(w.until)) return infinitive ? "sleep forever" : "sleeps forever";
      return (infinitive ? "sleep until " : "sleeps until ") + seconds_text(w.until);
    case WaitsOn::What::kTask:
      return (infinitive ? "wait for " : "waits for ") + task_name(trace, w.task, "nothing");
    case WaitsOn::What::kGather:
      return (infinitive ? "wait for gather(" : "waits for gather(") + names(trace, w.tasks) + ")";
    case WaitsOn::What::kYield:
      return infinitive ? "yield (sleep(0))" : "yields";
    case WaitsOn::What::kFuture:
      break;
  }
  return infinitive ? "wait for a future" : "waits for a future";
}

// What a suspended task waits on, as a verb phrase: "sleeps until 3 s",
// "waits on lock #1".
std::string wait_what_text(const Trace& trace, const WaitsOn& w, bool infinitive) {
  if (w.primitive.empty()) return wait_kind_phrase(trace, w, infinitive);
  return (infinitive ? "wait on " : "waits on ") + wait_call_text(w);
}

// The phrase, then the program's line when known: "waits on lock #1 at line 12".
std::string wait_text(const Trace& trace, const WaitsOn& w, bool infinitive) {
  std::string text = wait_what_text(trace, w, infinitive);
  return w.line ? text + " at line " + std::to_string(w.line) : text;
}

}  // namespace

std::string wait_kind_text(const Trace& trace, const WaitsOn& w) { return wait_kind_phrase(trace, w, false); }

std::string wait_call_text(const WaitsOn& w) {
  if (w.primitive.empty()) return "no library call";
  return w.object ? w.primitive + " #" + std::to_string(w.object) : w.primitive;
}

std::string seconds_text(double t) {
  if (std::isnan(t)) return "never";
  if (std::isinf(t)) return t > 0 ? "forever" : "-forever";
  // Fixed notation with the fewest digits that read back: the float drift a
  // program shows (0.30000000000000004) stays visible, and no exponent.
  char buffer[400];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, t, std::chars_format::fixed);
  std::string text = ec == std::errc() ? std::string(buffer, end) : std::to_string(t);
  return text + " s";
}

size_t first_difference(std::string_view a, std::string_view b) {
  auto [in_a, in_b] = std::mismatch(a.begin(), a.end(), b.begin(), b.end());
  auto at = static_cast<size_t>(in_a - a.begin());
  // Back to the start of the character the bytes differ in.
  while (at > 0 && at < a.size() && (static_cast<unsigned char>(a[at]) & 0xC0) == 0x80) --at;
  return at;
}

std::string printable(std::string_view text, size_t focus) { return excerpt(text, 0, focus); }

std::string quoted(std::string_view text, char quote, size_t focus) { return excerpt(text, quote, focus); }

std::string task_name(const Trace& trace, TaskId id, std::string_view none) {
  if (id == 0) return std::string(none);
  const TraceTask* task = find_task(trace, id);
  return task ? printable(task->name) : "task " + std::to_string(id);
}

std::string_view event_text(const TraceEvent& e) {
  using Kind = TraceEvent::Kind;
  switch (e.kind) {
    case Kind::kDone: return e.state == TaskEnd::State::kFailed ? e.message : e.text;
    case Kind::kCancel:
    case Kind::kPrint: return e.text;
    case Kind::kCreate:
    case Kind::kResume:
    case Kind::kSuspend: break;
  }
  return "";
}

std::string ending_text(const TraceEvent& e, size_t focus) {
  switch (e.state) {
    case TaskEnd::State::kDone: return "result " + printable(e.text, focus);
    case TaskEnd::State::kFailed:
      // An exception's message may hold a newline: escaped, like the rest.
      return e.message.empty() ? printable(e.text) : printable(e.text) + ": " + printable(e.message, focus);
    case TaskEnd::State::kCancelled: break;
  }
  return "cancelled";
}

std::string event_action(const Trace& trace, const TraceEvent& e, size_t focus) {
  using Kind = TraceEvent::Kind;
  switch (e.kind) {
    case Kind::kCreate:
      return e.other ? "create  parent " + task_name(trace, e.other) : "create";
    case Kind::kResume:
      return "resume";
    case Kind::kSuspend:
      return "suspend  " + wait_text(trace, e.waits_on, false);
    case Kind::kDone:
      switch (e.state) {
        case TaskEnd::State::kDone: return "done  " + ending_text(e, focus);
        case TaskEnd::State::kFailed: return "failed  " + ending_text(e, focus);
        case TaskEnd::State::kCancelled: return "cancelled";
      }
      break;
    case Kind::kCancel:
      return "cancel  by " + task_name(trace, e.other) + (e.has_msg ? " msg " + quoted(e.text, '\'', focus) : "");
    case Kind::kPrint:
      return "print " + quoted(e.text, '"', focus);
  }
  return "";
}

std::string error_text(const Outcome& o) {
  return o.error_message.empty() ? o.error_type : o.error_type + ": " + o.error_message;
}

std::string outcome_text(const Trace& trace, size_t focus) {
  const Outcome& o = trace.outcome;
  switch (o.status) {
    case Outcome::Status::kOk: return "ok";
    case Outcome::Status::kError: {
      std::string where = o.error_task ? " in " + task_name(trace, o.error_task) : " outside any task";
      return "error " + printable(error_text(o), focus) + " (raised" + where + ")";
    }
    case Outcome::Status::kDeadlock: {
      std::string text = "deadlock, waiting:";
      for (TaskId id : o.waiting) text += " " + task_name(trace, id);
      return text;
    }
    case Outcome::Status::kUntil: return "stopped by --until";
    case Outcome::Status::kLimit: return "limit " + printable(o.limit);
  }
  return "";
}

EventPhrase event_phrase(const Trace& trace, const TraceEvent& e, size_t focus) {
  using Kind = TraceEvent::Kind;
  std::string task = task_name(trace, e.task);
  switch (e.kind) {
    case Kind::kCreate:
      if (e.other) return {task_name(trace, e.other), "to create " + task};
      return {task, "to be created"};
    case Kind::kResume:
      return {task, "to resume"};
    case Kind::kSuspend:
      return {task, "to " + wait_text(trace, e.waits_on, true)};
    case Kind::kDone:
      switch (e.state) {
        case TaskEnd::State::kDone: return {task, "to finish with " + ending_text(e, focus)};
        case TaskEnd::State::kFailed: return {task, "to fail with " + ending_text(e, focus)};
        case TaskEnd::State::kCancelled: return {task, "to end cancelled"};
      }
      break;
    case Kind::kCancel:
      return {task_name(trace, e.other),
              "to cancel " + task + (e.has_msg ? " with msg " + quoted(e.text, '\'', focus) : "")};
    case Kind::kPrint:
      return {task_name(trace, e.task, "the program"), "to print " + quoted(e.text, '"', focus)};
  }
  return {task, ""};
}

}  // namespace corosim
