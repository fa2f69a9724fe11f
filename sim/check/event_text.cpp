#include "sim/check/event_text.h"

#include <charconv>
#include <cmath>

namespace corosim {
namespace {

constexpr char kHex[] = "0123456789abcdef";

void append_hex_escape(std::string& out, unsigned char byte) {
  out += "\\x";
  out += kHex[byte >> 4];
  out += kHex[byte & 0xf];
}

// `text` with control characters escaped; `quote` (0 for none) escaped too.
void append_escaped(std::string& out, std::string_view text, char quote) {
  for (size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    switch (c) {
      case '\n': out += "\\n"; continue;
      case '\r': out += "\\r"; continue;
      case '\t': out += "\\t"; continue;
      case '\\': out += quote ? "\\\\" : "\\"; continue;
      default: break;
    }
    if (quote && c == static_cast<unsigned char>(quote)) {
      out += '\\';
      out += text[i];
    } else if (c < 0x20 || c == 0x7f) {
      append_hex_escape(out, c);
    } else if (c == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(text[i + 1]) <= 0x9f) {
      // U+0080..U+009F (C1 controls, e.g. CSI) as Python would show them.
      append_hex_escape(out, static_cast<unsigned char>(text[++i]));
    } else {
      out += text[i];
    }
  }
}

std::string names(const Trace& trace, const std::vector<TaskId>& ids) {
  std::string text;
  for (TaskId id : ids) {
    if (!text.empty()) text += ", ";
    text += task_name(trace, id);
  }
  return text;
}

// What a suspended task waits on, as a verb phrase: "sleeps until 3 s".
std::string wait_text(const Trace& trace, const WaitsOn& w, bool infinitive) {
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

}  // namespace

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

std::string printable(std::string_view text) {
  std::string out;
  append_escaped(out, text, 0);
  return out;
}

std::string quoted(std::string_view text, char quote) {
  std::string out(1, quote);
  append_escaped(out, text, quote);
  out += quote;
  return out;
}

std::string task_name(const Trace& trace, TaskId id, std::string_view none) {
  if (id == 0) return std::string(none);
  const TraceTask* task = find_task(trace, id);
  return task ? printable(task->name) : "task " + std::to_string(id);
}

std::string ending_text(const TraceEvent& e) {
  switch (e.state) {
    case TaskEnd::State::kDone: return "result " + printable(e.text);
    case TaskEnd::State::kFailed:
      // An exception's message may hold a newline: escaped, like the rest.
      return e.message.empty() ? printable(e.text) : printable(e.text) + ": " + printable(e.message);
    case TaskEnd::State::kCancelled: break;
  }
  return "cancelled";
}

std::string event_action(const Trace& trace, const TraceEvent& e) {
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
        case TaskEnd::State::kDone: return "done  " + ending_text(e);
        case TaskEnd::State::kFailed: return "failed  " + ending_text(e);
        case TaskEnd::State::kCancelled: return "cancelled";
      }
      break;
    case Kind::kCancel:
      return "cancel  by " + task_name(trace, e.other) + (e.has_msg ? " msg " + quoted(e.text, '\'') : "");
    case Kind::kPrint:
      return "print " + quoted(e.text, '"');
  }
  return "";
}

std::string outcome_text(const Trace& trace) {
  const Outcome& o = trace.outcome;
  switch (o.status) {
    case Outcome::Status::kOk: return "ok";
    case Outcome::Status::kError: {
      std::string where = o.error_task ? " in " + task_name(trace, o.error_task) : " outside any task";
      std::string error = o.error_message.empty() ? o.error_type : o.error_type + ": " + o.error_message;
      return "error " + printable(error) + " (raised" + where + ")";
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

EventPhrase event_phrase(const Trace& trace, const TraceEvent& e) {
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
        case TaskEnd::State::kDone: return {task, "to finish with " + ending_text(e)};
        case TaskEnd::State::kFailed: return {task, "to fail with " + ending_text(e)};
        case TaskEnd::State::kCancelled: return {task, "to end cancelled"};
      }
      break;
    case Kind::kCancel:
      return {task_name(trace, e.other), "to cancel " + task + (e.has_msg ? " with msg " + quoted(e.text, '\'') : "")};
    case Kind::kPrint:
      return {task_name(trace, e.task, "the program"), "to print " + quoted(e.text, '"')};
  }
  return {task, ""};
}

}  // namespace corosim
