#include "sim/view/columnar.h"

#include <string_view>
#include <unordered_map>
#include <vector>

#include "sim/trace/json_text.h"
#include "sim/trace/json_trace_writer.h"

// Layout (keys in this order):
//   {"format": "corosim-columnar", "version": 2, "program", "end_time",
//    "outcome": trace v1's outcome object,
//    "strings": [...]  (index 0 is ""; each distinct string once),
//    "tasks":  {"id", "name" (string index), "coro" (string index), "parent" (0: null),
//               "created", "finished" (null: never), "state" (0 done, 1 failed,
//               2 cancelled, 3 pending), "internal" (0|1)},
//    "events": {"t", "kind" (0 create, 1 resume, 2 suspend, 3 done, 4 cancel,
//               5 print), "task" (0: null), "a", "b", "x", "s", "s2", "o", "l"},
//    "lists": [[ids], ...]}
// Per kind, unused columns are 0: create a = parent; suspend a = what (0
// sleep, 1 task, 2 gather, 3 yield, 4 future), b = the awaited task or the
// index in "lists" of a gather's ids, x = a sleep's deadline (null:
// infinite), s = the primitive waited in (0: none), o = its object number,
// l = the program's line (0: unknown); done a = state (0 done, 1 failed, 2 cancelled), s = result or
// exception type, s2 = exception message; cancel a = by, b = 1 when a msg
// was given, s = msg; print s = text. The codes are the enums' orders in
// trace_model.h.

namespace corosim {
namespace {

// Interns strings: each distinct one gets an index, "" is 0. The views point
// into the Trace, which outlives the table.
class StringTable {
 public:
  StringTable() { index(""); }

  int64_t index(std::string_view text) {
    auto [it, added] = index_.try_emplace(text, static_cast<int64_t>(strings_.size()));
    if (added) strings_.push_back(text);
    return it->second;
  }

  const std::vector<std::string_view>& strings() const { return strings_; }

 private:
  std::unordered_map<std::string_view, int64_t> index_;
  std::vector<std::string_view> strings_;
};

// Appends `[v0,v1,...]`, one value per element of `items`.
template <typename Items, typename Append>
void append_array(std::string& out, const Items& items, Append append_value) {
  out += '[';
  bool first = true;
  for (const auto& item : items) {
    if (!first) out += ',';
    first = false;
    append_value(out, item);
  }
  out += ']';
}

// Appends `"key":[v0,v1,...]`.
template <typename Items, typename Append>
void append_column(std::string& out, const char* key, const Items& items, Append append_value) {
  out += '"';
  out += key;
  out += "\":";
  append_array(out, items, append_value);
}

// One row of the events table, before it is split into columns.
struct EventRow {
  int64_t a = 0, b = 0;
  bool has_x = false;  // x is used (a sleep's deadline); else it is written as 0
  double x = 0;
  int64_t s = 0, s2 = 0;
  int64_t o = 0, l = 0;
};

EventRow event_row(const TraceEvent& e, StringTable& strings, std::vector<const std::vector<TaskId>*>& lists) {
  EventRow row;
  switch (e.kind) {
    case TraceEvent::Kind::kCreate:
      row.a = e.other;
      break;
    case TraceEvent::Kind::kResume:
      break;
    case TraceEvent::Kind::kSuspend:
      row.a = static_cast<int64_t>(e.waits_on.what);
      if (e.waits_on.what == WaitsOn::What::kTask) row.b = e.waits_on.task;
      if (e.waits_on.what == WaitsOn::What::kGather) {
        row.b = static_cast<int64_t>(lists.size());
        lists.push_back(&e.waits_on.tasks);
      }
      if (e.waits_on.what == WaitsOn::What::kSleep) {
        row.has_x = true;
        row.x = e.waits_on.until;
      }
      row.s = strings.index(e.waits_on.primitive);
      row.o = e.waits_on.object;
      row.l = e.waits_on.line;
      break;
    case TraceEvent::Kind::kDone:
      row.a = static_cast<int64_t>(e.state);
      if (e.state != TaskEnd::State::kCancelled) row.s = strings.index(e.text);
      if (e.state == TaskEnd::State::kFailed) row.s2 = strings.index(e.message);
      break;
    case TraceEvent::Kind::kCancel:
      row.a = e.other;
      row.b = e.has_msg ? 1 : 0;
      row.s = strings.index(e.text);
      break;
    case TraceEvent::Kind::kPrint:
      row.s = strings.index(e.text);
      break;
  }
  return row;
}

void append_int_of(std::string& out, int64_t value) { append_json_int(out, value); }

// Rewrites <, > and & as JSON escapes. They can only occur inside string
// literals (JSON's own syntax has none), so this changes no value.
std::string escape_for_html(const std::string& json) {
  std::string out;
  out.reserve(json.size() + json.size() / 64);
  for (char c : json) {
    switch (c) {
      case '<': out += "\\u003c"; break;
      case '>': out += "\\u003e"; break;
      case '&': out += "\\u0026"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace

std::string columnar_json(const Trace& trace) {
  StringTable strings;
  std::vector<int64_t> task_names, task_coros;
  task_names.reserve(trace.tasks.size());
  task_coros.reserve(trace.tasks.size());
  for (const TraceTask& t : trace.tasks) {
    task_names.push_back(strings.index(t.name));
    task_coros.push_back(strings.index(t.coro));
  }
  std::vector<EventRow> rows;
  rows.reserve(trace.events.size());
  std::vector<const std::vector<TaskId>*> lists;
  for (const TraceEvent& e : trace.events) rows.push_back(event_row(e, strings, lists));

  std::string out = "{\"format\":\"corosim-columnar\",\"version\":2,\"program\":";
  append_json_string(out, trace.program);
  out += ",\"end_time\":";
  append_json_number(out, trace.end_time);
  out += ",\"outcome\":";
  out += outcome_json(trace.outcome);
  out += ',';
  append_column(out, "strings", strings.strings(),
                [](std::string& o, std::string_view s) { append_json_string(o, s); });

  out += ",\"tasks\":{";
  append_column(out, "id", trace.tasks, [](std::string& o, const TraceTask& t) { append_json_int(o, t.id); });
  out += ',';
  append_column(out, "name", task_names, append_int_of);
  out += ',';
  append_column(out, "coro", task_coros, append_int_of);
  out += ',';
  append_column(out, "parent", trace.tasks, [](std::string& o, const TraceTask& t) { append_json_int(o, t.parent); });
  out += ',';
  append_column(out, "created", trace.tasks,
                [](std::string& o, const TraceTask& t) { append_json_number(o, t.created); });
  out += ',';
  append_column(out, "finished", trace.tasks,
                [](std::string& o, const TraceTask& t) { append_json_number(o, t.finished); });
  out += ',';
  append_column(out, "state", trace.tasks,
                [](std::string& o, const TraceTask& t) { append_json_int(o, static_cast<int64_t>(t.state)); });
  out += ',';
  append_column(out, "internal", trace.tasks,
                [](std::string& o, const TraceTask& t) { o += t.internal ? '1' : '0'; });

  out += "},\"events\":{";
  append_column(out, "t", trace.events, [](std::string& o, const TraceEvent& e) { append_json_number(o, e.t); });
  out += ',';
  append_column(out, "kind", trace.events,
                [](std::string& o, const TraceEvent& e) { append_json_int(o, static_cast<int64_t>(e.kind)); });
  out += ',';
  append_column(out, "task", trace.events, [](std::string& o, const TraceEvent& e) { append_json_int(o, e.task); });
  out += ',';
  append_column(out, "a", rows, [](std::string& o, const EventRow& r) { append_json_int(o, r.a); });
  out += ',';
  append_column(out, "b", rows, [](std::string& o, const EventRow& r) { append_json_int(o, r.b); });
  out += ',';
  append_column(out, "x", rows, [](std::string& o, const EventRow& r) {
    if (r.has_x) append_json_number(o, r.x);
    else o += '0';
  });
  out += ',';
  append_column(out, "s", rows, [](std::string& o, const EventRow& r) { append_json_int(o, r.s); });
  out += ',';
  append_column(out, "s2", rows, [](std::string& o, const EventRow& r) { append_json_int(o, r.s2); });
  out += ',';
  append_column(out, "o", rows, [](std::string& o, const EventRow& r) { append_json_int(o, r.o); });
  out += ',';
  append_column(out, "l", rows, [](std::string& o, const EventRow& r) { append_json_int(o, r.l); });

  out += "},";
  append_column(out, "lists", lists, [](std::string& o, const std::vector<TaskId>* ids) {
    append_array(o, *ids, append_int_of);
  });
  out += '}';
  return escape_for_html(out);
}

}  // namespace corosim
