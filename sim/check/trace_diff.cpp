#include "sim/check/trace_diff.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string_view>
#include <unordered_set>

#include "sim/check/event_text.h"
#include "sim/trace/trace_names.h"

namespace corosim {
namespace {

using Kind = TraceEvent::Kind;

// The window after the first difference in which the report looks for where
// the traces agree again, as a multiple of the context; an LCS over it costs
// its square, so the context is capped.
constexpr size_t kWindowPerContext = 4;
constexpr size_t kWindowExtra = 16;
constexpr int kMaxContext = 100;
// Beyond this many separate runs of changed events the hunk stops: the first
// difference is the point, the task summary tells the rest.
constexpr int kMaxChangeRuns = 4;

// Whether `id` is 0 (no task) or names a task of `trace`: true for every
// id of a trace that was read or recorded (trace_model.h). The per-task
// tables below are indexed by id, so they check it rather than trust it.
bool listed(const Trace& trace, TaskId id) { return id == 0 || find_task(trace, id); }

bool same_time(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

// The v1 part of a wait: what it is, and the task, children or deadline.
bool same_wait_kind(const WaitsOn& a, const WaitsOn& b, const DiffOptions& options) {
  if (a.what != b.what) return false;
  switch (a.what) {
    case WaitsOn::What::kSleep: return options.ignore_times || a.until == b.until;
    case WaitsOn::What::kTask: return a.task == b.task;
    case WaitsOn::What::kGather: return a.tasks == b.tasks;
    case WaitsOn::What::kYield:
    case WaitsOn::What::kFuture: break;
  }
  return true;
}

// Where the task waits: the library call, its receiver and the line.
bool same_wait_place(const WaitsOn& a, const WaitsOn& b, const DiffOptions& options) {
  return a.primitive == b.primitive && a.object == b.object && (options.ignore_lines || a.line == b.line);
}

bool same_waits(const WaitsOn& a, const WaitsOn& b, const DiffOptions& options) {
  return same_wait_kind(a, b, options) && same_wait_place(a, b, options);
}

bool same_event(const TraceEvent& a, const TraceEvent& b, const DiffOptions& options) {
  if (a.kind != b.kind || a.task != b.task || (!options.ignore_times && a.t != b.t)) return false;
  switch (a.kind) {
    case Kind::kCreate: return a.other == b.other;
    case Kind::kResume: return true;
    case Kind::kSuspend: return same_waits(a.waits_on, b.waits_on, options);
    case Kind::kDone: return a.state == b.state && a.text == b.text && a.message == b.message;
    case Kind::kCancel: return a.other == b.other && a.has_msg == b.has_msg && a.text == b.text;
    case Kind::kPrint: return a.text == b.text;
  }
  return false;
}

// Which tasks and events take part (DiffOptions::tasks and ignore_print).
class Selection {
 public:
  Selection(const Trace& expected, const Trace& actual, const DiffOptions& options)
      : every_task_(options.tasks.empty()), ignore_print_(options.ignore_print) {
    if (every_task_) return;
    std::unordered_set<std::string_view> names(options.tasks.begin(), options.tasks.end());
    chosen_.assign(std::max(expected.tasks.size(), actual.tasks.size()) + 1, false);
    for (const Trace* trace : {&expected, &actual}) {
      for (const TraceTask& task : trace->tasks) {
        if (names.contains(task.name)) chosen_[static_cast<size_t>(task.id)] = true;
      }
    }
  }

  bool every_event() const { return every_task_ && !ignore_print_; }
  bool every_task() const { return every_task_; }
  // Task 0 stands for the prints outside any task: compared unless --tasks.
  bool task(TaskId id) const {
    return every_task_ || (static_cast<size_t>(id) < chosen_.size() && chosen_[static_cast<size_t>(id)]);
  }
  bool event(const TraceEvent& e) const { return !(ignore_print_ && e.kind == Kind::kPrint) && task(e.task); }

 private:
  bool every_task_;
  bool ignore_print_;
  std::vector<bool> chosen_;  // by task id
};

// Some of a trace's events in order: all of them (`index` null) or those at
// the positions `index` lists.
struct Stream {
  const Trace* trace = nullptr;
  const uint32_t* index = nullptr;
  size_t size = 0;

  uint32_t global(size_t k) const { return index ? index[k] : static_cast<uint32_t>(k); }
  const TraceEvent& at(size_t k) const { return trace->events[global(k)]; }
  const TraceEvent* find(size_t k) const { return k < size ? &at(k) : nullptr; }
  // Where position k is in the whole trace; past the end, where the last
  // event is (its step is where the stream ended).
  size_t place(size_t k) const {
    if (k < size) return global(k);
    return size == 0 ? 0 : global(size - 1);
  }
};

// The positions of some events of each task, in order, built in two passes
// with no allocation per task: task id's events are at order[begin[id]] up
// to order[begin[id + 1]]; id 0 holds the prints outside any task.
class EventsByTask {
 public:
  template <typename Keep>
  EventsByTask(const Trace& trace, Keep keep) : trace_(trace) {
    begin_.assign(trace.tasks.size() + 3, 0);
    auto counted = [&](const TraceEvent& e) { return listed(trace, e.task) && keep(e); };
    for (const TraceEvent& e : trace.events) {
      if (counted(e)) ++begin_[static_cast<size_t>(e.task) + 2];
    }
    for (size_t i = 2; i < begin_.size(); ++i) begin_[i] += begin_[i - 1];
    order_.resize(begin_.back());
    // Filling through begin_[id + 1] leaves it at the start of task id + 1.
    for (size_t k = 0; k < trace.events.size() && !order_.empty(); ++k) {
      const TraceEvent& e = trace.events[k];
      if (counted(e)) order_[begin_[static_cast<size_t>(e.task) + 1]++] = static_cast<uint32_t>(k);
    }
    begin_.pop_back();
  }

  Stream events_of(TaskId id) const {
    auto i = static_cast<size_t>(id);
    if (i + 1 >= begin_.size()) return Stream{&trace_, nullptr, 0};
    return Stream{&trace_, order_.data() + begin_[i], begin_[i + 1] - begin_[i]};
  }

 private:
  const Trace& trace_;
  std::vector<uint32_t> begin_;
  std::vector<uint32_t> order_;
};

// Per task id, what the summary compares besides its row, from one pass in
// event order (a long trace is not walked task by task).
struct TaskFacts {
  explicit TaskFacts(const Trace& trace)
      : steps(trace.tasks.size() + 1, 0), done(trace.tasks.size() + 1, nullptr) {
    for (const TraceEvent& e : trace.events) {
      if (!listed(trace, e.task)) continue;
      if (e.kind == Kind::kResume) ++steps[static_cast<size_t>(e.task)];
      if (e.kind == Kind::kDone) done[static_cast<size_t>(e.task)] = &e;
    }
  }

  std::vector<uint32_t> steps;          // resume events
  std::vector<const TraceEvent*> done;  // its done event, or null
};

// The chosen events of a whole trace, in order; `positions` holds them when
// not every event is chosen.
Stream chosen_events(const Trace& trace, const Selection& selection, std::vector<uint32_t>& positions) {
  if (selection.every_event()) return Stream{&trace, nullptr, trace.events.size()};
  for (size_t k = 0; k < trace.events.size(); ++k) {
    if (selection.event(trace.events[k])) positions.push_back(static_cast<uint32_t>(k));
  }
  return Stream{&trace, positions.data(), positions.size()};
}

constexpr size_t kNoDifference = SIZE_MAX;

// The first position where the streams differ, or kNoDifference.
size_t first_parting(const Stream& a, const Stream& b, const DiffOptions& options) {
  size_t n = std::min(a.size, b.size);
  size_t k = 0;
  if (!a.index && !b.index) {
    const TraceEvent* ea = a.trace->events.data();
    const TraceEvent* eb = b.trace->events.data();
    while (k < n && same_event(ea[k], eb[k], options)) ++k;
  } else {
    while (k < n && same_event(a.at(k), b.at(k), options)) ++k;
  }
  return k == a.size && k == b.size ? kNoDifference : k;
}

// Where two streams part: expected's and actual's events from position `at`
// on differ; `task` is set in --per-task mode (the streams are its events).
struct Parting {
  Stream expected, actual;
  size_t at = 0;
  std::optional<TaskId> task;
};

// The loop step of an event: the resume events so far, itself included, as
// the viewer numbers steps from 1. Counted as far as asked, once.
class Steps {
 public:
  explicit Steps(const Trace& trace) : trace_(trace) {}

  // The step of the event at `global` (the last step for the trace's end).
  size_t at(size_t global) {
    size_t last = std::min(global + 1, trace_.events.size());
    through_.reserve(last);
    for (size_t k = through_.size(); k < last; ++k) {
      through_.push_back((k ? through_[k - 1] : 0) + (trace_.events[k].kind == Kind::kResume));
    }
    return last == 0 ? 0 : through_[last - 1];
  }

 private:
  const Trace& trace_;
  std::vector<uint32_t> through_;  // through_[k]: resumes in events[0..k]
};

std::string phrase_text(const EventPhrase& p) { return p.subject + " " + p.predicate; }

std::string line_or_none(int64_t line) { return line ? "line " + std::to_string(line) : "no line"; }

// Two suspends of one task on the same wait in v1 terms but at another
// place, which "expected X, got Y" would word almost alike: "Task-1 waits
// for Task-5 in both, but at line 39 instead of line 38".
std::string other_place(const Trace& expected, const TraceEvent& a, const TraceEvent& b, const DiffOptions& options,
                        bool expected_has_lines) {
  const WaitsOn& x = a.waits_on;
  const WaitsOn& y = b.waits_on;
  std::vector<std::string> parts;
  if (x.primitive != y.primitive || x.object != y.object) {
    parts.push_back("on " + wait_call_text(y) + " instead of " + wait_call_text(x));
  }
  if (!options.ignore_lines && x.line != y.line) {
    if (!expected_has_lines) {
      parts.push_back("at " + line_or_none(y.line) +
                      " with no line in the expected trace (recorded before lines were traced?); "
                      "re-record it with check --update");
    } else {
      parts.push_back("at " + line_or_none(y.line) + " instead of " + line_or_none(x.line));
    }
  }
  std::string text = task_name(expected, a.task) + " " + wait_kind_text(expected, x) + " in both, but ";
  for (size_t i = 0; i < parts.size(); ++i) text += (i ? ", and " : "") + parts[i];
  return text;
}

// "expected Task-4 to resume, got Task-3".
std::string expected_got(const Trace& expected, const TraceEvent* a, const Trace& actual, const TraceEvent* b,
                         bool show_times, const DiffOptions& options, bool expected_has_lines) {
  if (a && b && !show_times && a->kind == Kind::kSuspend && b->kind == Kind::kSuspend && a->task == b->task &&
      task_name(expected, a->task) == task_name(actual, b->task) &&
      same_wait_kind(a->waits_on, b->waits_on, options)) {
    return other_place(expected, *a, *b, options, expected_has_lines);
  }
  if (!a) return "expected no more events, got " + phrase_text(event_phrase(actual, *b));
  if (!b) return "expected " + phrase_text(event_phrase(expected, *a)) + ", got no more events";
  // A long text is shown around where the two first differ.
  size_t focus = first_difference(event_text(*a), event_text(*b));
  EventPhrase pa = event_phrase(expected, *a, focus);
  EventPhrase pb = event_phrase(actual, *b, focus);
  std::string ta = show_times ? " at " + seconds_text(a->t) : "";
  std::string tb = show_times ? " at " + seconds_text(b->t) : "";
  if (pa.subject == pb.subject && pa.predicate == pb.predicate) {
    if (show_times) return "expected " + phrase_text(pa) + ta + ", got it" + tb;
    return "expected " + phrase_text(pa) + ", got the same words about other tasks (their ids differ)";
  }
  if (pa.predicate == pb.predicate) return "expected " + phrase_text(pa) + ta + ", got " + pb.subject + tb;
  return "expected " + phrase_text(pa) + ta + ", got " + phrase_text(pb) + tb;
}

// "at t=2 s, step 14: expected Task-4 to resume, got Task-3"; `name_task`
// adds ", in Task-3's own events" for a --per-task parting.
// `expected_has_lines`: some suspend of the expected trace has a line.
std::string parting_sentence(const Parting& p, Steps& steps_a, Steps& steps_b, const DiffOptions& options,
                             bool expected_has_lines, bool name_task) {
  const TraceEvent* a = p.expected.find(p.at);
  const TraceEvent* b = p.actual.find(p.at);
  bool times_differ = a && b && !options.ignore_times && a->t != b->t;
  const TraceEvent* located = a ? a : b;
  const Stream& in = a ? p.expected : p.actual;
  size_t step = (a ? steps_a : steps_b).at(in.place(p.at));
  std::string where = step == 0 ? "before the first step" : "step " + std::to_string(step);
  std::string text = !times_differ ? "at t=" + seconds_text(located->t) + ", " + where
                     : step == 0  ? where
                                  : "at " + where;
  if (p.task && name_task) {
    text += *p.task ? ", in " + task_name(*in.trace, *p.task) + "'s own events" : ", among the prints outside any task";
  }
  return text + ": " + expected_got(*p.expected.trace, a, *p.actual.trace, b, times_differ, options, expected_has_lines);
}

// One line of the hunk: an event of one side, or "..." for events left out.
struct HunkLine {
  char mark;  // ' ' both, '-' expected only, '+' actual only
  const Trace* trace;
  const TraceEvent* event;  // null: "..."
  size_t focus = 0;         // where a long text is shown (event_text.h)
};

// The k-th event a run of changes takes out faces the k-th it puts in: a
// long text of each is shown around where the two differ.
void focus_pairs(std::vector<HunkLine>& lines, size_t removed, size_t added) {
  size_t end = lines.size();
  size_t first_added = end - added;
  size_t first_removed = first_added - removed;
  for (size_t k = 0; k < std::min(removed, added); ++k) {
    HunkLine& out = lines[first_removed + k];
    HunkLine& in = lines[first_added + k];
    if (!out.event || !in.event) break;
    out.focus = in.focus = first_difference(event_text(*out.event), event_text(*in.event));
  }
}

// The events around the parting, unified-diff style: `context` events both
// traces share, then what differs (expected's events marked -, actual's +)
// until the traces agree again for `context` events, as an LCS over a window
// after the parting finds it.
std::vector<HunkLine> hunk(const Parting& p, size_t context, const DiffOptions& options) {
  std::vector<HunkLine> lines;
  const Trace* ta = p.expected.trace;
  const Trace* tb = p.actual.trace;
  for (size_t k = p.at - std::min(p.at, context); k < p.at; ++k) lines.push_back({' ', ta, &p.expected.at(k)});

  size_t window = kWindowPerContext * context + kWindowExtra;
  size_t na = std::min(window, p.expected.size - p.at);
  size_t nb = std::min(window, p.actual.size - p.at);
  auto a = [&](size_t i) -> const TraceEvent& { return p.expected.at(p.at + i); };
  auto b = [&](size_t j) -> const TraceEvent& { return p.actual.at(p.at + j); };
  // lcs[i * (nb + 1) + j]: the longest common subsequence of a[i..] and b[j..].
  std::vector<uint16_t> lcs((na + 1) * (nb + 1), 0);
  auto at = [&](size_t i, size_t j) -> uint16_t& { return lcs[i * (nb + 1) + j]; };
  for (size_t i = na; i-- > 0;) {
    for (size_t j = nb; j-- > 0;) {
      at(i, j) = same_event(a(i), b(j), options) ? static_cast<uint16_t>(at(i + 1, j + 1) + 1)
                                                      : std::max(at(i + 1, j), at(i, j + 1));
    }
  }

  size_t per_side = std::max<size_t>(context, 1);
  size_t i = 0, j = 0;
  int runs = 0;
  while ((i < na || j < nb) && runs < kMaxChangeRuns) {
    // A run of changes: what expected has here, then what actual has.
    size_t i0 = i, j0 = j;
    while ((i < na || j < nb) && !(i < na && j < nb && same_event(a(i), b(j), options))) {
      if (j >= nb || (i < na && at(i + 1, j) >= at(i, j + 1))) ++i;
      else ++j;
    }
    size_t before = lines.size();
    for (size_t k = i0; k < std::min(i, i0 + per_side); ++k) lines.push_back({'-', ta, &a(k)});
    if (i - i0 > per_side) lines.push_back({'-', ta, nullptr});
    size_t removed = lines.size() - before;
    for (size_t k = j0; k < std::min(j, j0 + per_side); ++k) lines.push_back({'+', tb, &b(k)});
    if (j - j0 > per_side) lines.push_back({'+', tb, nullptr});
    focus_pairs(lines, removed, lines.size() - before - removed);
    ++runs;
    // Then what both have: `context` events end the hunk.
    size_t shared = 0;
    while (i < na && j < nb && same_event(a(i), b(j), options) && shared < context) {
      lines.push_back({' ', ta, &a(i)});
      ++i, ++j, ++shared;
    }
    if (shared == context) break;
  }
  return lines;
}

std::string pad(std::string text, size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

void write_hunk(const std::vector<HunkLine>& lines, std::string& out) {
  size_t time_width = 0, name_width = 0;
  for (const HunkLine& line : lines) {
    if (!line.event) continue;
    time_width = std::max(time_width, seconds_text(line.event->t).size());
    name_width = std::max(name_width, task_name(*line.trace, line.event->task, "-").size());
  }
  for (const HunkLine& line : lines) {
    out += "  ";
    out += line.mark;
    out += ' ';
    if (!line.event) {
      out += "...\n";
      continue;
    }
    out += pad(seconds_text(line.event->t), time_width) + "  " +
           pad(task_name(*line.trace, line.event->task, "-"), name_width) + "  " +
           event_action(*line.trace, *line.event, line.focus) + "\n";
  }
}

// ---- the summary per task ----------------------------------------------

// One task in one trace, with what its events say.
struct TaskView {
  const Trace* trace = nullptr;
  const TraceTask* row = nullptr;  // null: the prints outside any task, or no such task
  const TraceEvent* done = nullptr;
  uint32_t steps = 0;
  Stream prints;  // empty under --ignore-print

  // Everything it printed, into `out`.
  void printed(std::string& out) const {
    out.clear();
    for (size_t k = 0; k < prints.size; ++k) out += prints.at(k).text;
  }
  // "done (result 'x')", "failed (ValueError: boom)"; a long text shown
  // around `focus`.
  std::string ending(size_t focus) const {
    std::string text = task_state_name(row->state);
    if (done && done->state != TaskEnd::State::kCancelled) text += " (" + ending_text(*done, focus) + ")";
    return text;
  }
  std::string parent() const { return row->parent ? task_name(*trace, row->parent) : "none"; }
};

// The first line (its newline kept) where two texts differ, 1-based.
struct LineDifference {
  size_t number;
  std::string_view expected, actual;  // empty: no such line
};

LineDifference first_differing_line(std::string_view a, std::string_view b) {
  size_t number = 1;
  while (true) {
    size_t ea = a.find('\n'), eb = b.find('\n');
    std::string_view la = a.substr(0, ea == std::string_view::npos ? a.size() : ea + 1);
    std::string_view lb = b.substr(0, eb == std::string_view::npos ? b.size() : eb + 1);
    if (la != lb) return {number, la, lb};
    a.remove_prefix(la.size());
    b.remove_prefix(lb.size());
    ++number;
  }
}

bool same_done(const TraceEvent* a, const TraceEvent* b) {
  if (!a || !b) return a == b;
  return a->state == b->state && a->text == b->text && a->message == b->message;
}

std::string line_text(std::string_view line, size_t focus) {
  return line.empty() ? "no line" : quoted(line, '"', focus);
}

class Summary {
 public:
  Summary(const DiffOptions& options, std::string& out) : options_(options), out_(out) {}

  // "  NAME: expected A, got B" under the task's title.
  void field(const char* name, const std::string& expected, const std::string& actual) {
    item(std::string(name) + ": expected " + expected + ", got " + actual);
  }

  // A line under the current task's title (written before its first line).
  void item(const std::string& text) {
    if (!title_written_) {
      std::string title = task_title() + ":";
      if (!started_) out_ += "tasks that differ:\n";
      started_ = true;
      out_ += "  " + title + "\n";
      if (first_.empty()) first_ = title + " " + text;
      title_written_ = true;
    }
    out_ += "    " + text + "\n";
  }

  // The task the next lines are about (0: the prints outside any task).
  void task(const TaskView& view, TaskId id) {
    view_ = view;
    id_ = id;
    title_written_ = false;
  }

  // A task that one trace has and the other does not: one line.
  void only_in(const char* which, const TaskView& t) {
    if (!started_) out_ += "tasks that differ:\n";
    started_ = true;
    title_written_ = true;
    std::string text = task_name(*t.trace, t.row->id) + ": only in the " + which + " trace (coro " +
                       printable(t.row->coro) + ", created at " + seconds_text(t.row->created) +
                       (t.row->parent ? " by " + task_name(*t.trace, t.row->parent) : "") + ")";
    out_ += "  " + text + "\n";
    if (first_.empty()) first_ = text;
  }

  // Each field is formatted only when it differs: most tasks of a long
  // trace do not.
  void compare(const TaskView& a, const TaskView& b, std::string& printed_a, std::string& printed_b) {
    const TraceTask& x = *a.row;
    const TraceTask& y = *b.row;
    if (x.name != y.name) {
      size_t focus = first_difference(x.name, y.name);
      field("name", quoted(x.name, '\'', focus), quoted(y.name, '\'', focus));
    }
    if (x.coro != y.coro) {
      size_t focus = first_difference(x.coro, y.coro);
      field("coro", printable(x.coro, focus), printable(y.coro, focus));
    }
    if (x.parent != y.parent) {
      std::string pa = a.parent(), pb = b.parent();
      if (pa == pb) {  // two tasks of one name
        pa += " (id " + std::to_string(x.parent) + ")";
        pb += " (id " + std::to_string(y.parent) + ")";
      }
      field("parent", pa, pb);
    }
    if (x.internal != y.internal) field("internal", x.internal ? "yes" : "no", y.internal ? "yes" : "no");
    if (!options_.ignore_times && !same_time(x.created, y.created)) {
      field("created", seconds_text(x.created), seconds_text(y.created));
    }
    if (!options_.ignore_times && !same_time(x.finished, y.finished)) {
      field("finished", seconds_text(x.finished), seconds_text(y.finished));
    }
    if (x.state != y.state || !same_done(a.done, b.done)) {
      size_t focus = a.done && b.done ? first_difference(event_text(*a.done), event_text(*b.done)) : 0;
      field("state", a.ending(focus), b.ending(focus));
    }
    if (a.steps != b.steps) field("steps", std::to_string(a.steps), std::to_string(b.steps));
    printed(a, b, printed_a, printed_b);
  }

  void printed(const TaskView& a, const TaskView& b, std::string& printed_a, std::string& printed_b) {
    if (options_.ignore_print) return;
    a.printed(printed_a);
    b.printed(printed_b);
    if (printed_a == printed_b) return;
    LineDifference d = first_differing_line(printed_a, printed_b);
    size_t focus = first_difference(d.expected, d.actual);
    item("printed, line " + std::to_string(d.number) + ": expected " + line_text(d.expected, focus) + ", got " +
         line_text(d.actual, focus));
  }

  // The first thing reported, as one line.
  const std::string& first() const { return first_; }

 private:
  // "Task-3", "fetch (id 3)": the id too when the name is not Task-ID.
  std::string task_title() const {
    if (id_ == 0) return "outside any task";
    std::string name = task_name(*view_.trace, id_);
    std::string default_name = "Task-" + std::to_string(id_);
    return name == default_name ? name : name + " (id " + std::to_string(id_) + ")";
  }

  const DiffOptions& options_;
  std::string& out_;
  TaskView view_;  // the task whose lines come next
  TaskId id_ = 0;
  bool title_written_ = true;
  bool started_ = false;
  std::string first_;
};

bool same_outcome(const Outcome& a, const Outcome& b) {
  return a.status == b.status && a.error_type == b.error_type && a.error_message == b.error_message &&
         a.error_task == b.error_task && a.waiting == b.waiting && a.limit == b.limit;
}

std::string_view file_name(std::string_view path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// The parting that comes first in the expected trace among the tasks whose
// own events differ; every such task gets a line in `per_task`.
std::optional<Parting> first_task_parting(const EventsByTask& a, const EventsByTask& b, const Trace& expected,
                                          const Trace& actual, const Selection& selection, const DiffOptions& options,
                                          std::vector<Parting>& per_task) {
  auto common = static_cast<TaskId>(std::min(expected.tasks.size(), actual.tasks.size()));
  std::optional<Parting> first;
  for (TaskId id = 0; id <= common; ++id) {
    if (!selection.task(id)) continue;
    Stream sa = a.events_of(id), sb = b.events_of(id);
    size_t k = first_parting(sa, sb, options);
    if (k == kNoDifference) continue;
    Parting p{sa, sb, k, id};
    per_task.push_back(p);
    if (!first || sa.place(k) < first->expected.place(first->at)) first = p;
  }
  return first;
}

}  // namespace

std::vector<std::string> unknown_task_names(const Trace& expected, const Trace& actual,
                                            const std::vector<std::string>& names) {
  std::unordered_set<std::string_view> known;
  for (const Trace* trace : {&expected, &actual}) {
    for (const TraceTask& task : trace->tasks) known.insert(task.name);
  }
  std::vector<std::string> unknown;
  for (const std::string& name : names) {
    if (!known.contains(name)) unknown.push_back(name);
  }
  return unknown;
}

DiffResult diff_traces(const Trace& expected, const Trace& actual, const DiffOptions& options) {
  DiffResult result;
  std::string& out = result.report;
  std::string first;
  auto line = [&](const std::string& text) {
    out += text + "\n";
    if (first.empty()) first = text;
  };
  auto context = static_cast<size_t>(std::clamp(options.context, 0, kMaxContext));
  Selection selection(expected, actual, options);

  if (file_name(expected.program) != file_name(actual.program)) {
    line("program: expected " + quoted(file_name(expected.program), '\'') + ", got " +
         quoted(file_name(actual.program), '\''));
  }

  std::optional<Parting> parting;
  std::vector<Parting> task_partings;
  std::vector<uint32_t> positions_a, positions_b;  // what the streams of the parting point into
  std::optional<EventsByTask> events_a, events_b;
  if (options.per_task) {
    auto compared = [&selection](const TraceEvent& e) { return selection.event(e); };
    events_a.emplace(expected, compared);
    events_b.emplace(actual, compared);
    parting = first_task_parting(*events_a, *events_b, expected, actual, selection, options, task_partings);
  } else {
    Stream a = chosen_events(expected, selection, positions_a);
    Stream b = chosen_events(actual, selection, positions_b);
    if (size_t k = first_parting(a, b, options); k != kNoDifference) parting = Parting{a, b, k, {}};
  }
  Steps steps_a(expected), steps_b(actual);
  bool expected_has_lines = false;
  if (parting) {
    expected_has_lines = std::any_of(expected.events.begin(), expected.events.end(),
                                     [](const TraceEvent& e) { return e.kind == Kind::kSuspend && e.waits_on.line; });
    std::string sentence = parting_sentence(*parting, steps_a, steps_b, options, expected_has_lines, true);
    out += "events differ " + sentence + "\n";
    if (first.empty()) first = sentence;
    write_hunk(hunk(*parting, context, options), out);
  }

  bool ignore_print = options.ignore_print;
  auto is_print = [ignore_print](const TraceEvent& e) { return !ignore_print && e.kind == Kind::kPrint; };
  EventsByTask prints_a(expected, is_print), prints_b(actual, is_print);
  TaskFacts facts_a(expected), facts_b(actual);
  auto view = [](const Trace& trace, const TaskFacts& facts, const EventsByTask& prints, size_t i) {
    TaskView v;
    v.trace = &trace;
    v.prints = prints.events_of(static_cast<TaskId>(i));
    v.row = find_task(trace, static_cast<TaskId>(i));
    if (v.row) {
      v.done = facts.done[i];
      v.steps = facts.steps[i];
    }
    return v;
  };
  Summary summary(options, out);
  std::string printed_a, printed_b;
  size_t tasks = std::max(expected.tasks.size(), actual.tasks.size());
  auto own_parting = task_partings.begin();
  for (size_t i = 0; i <= tasks; ++i) {
    auto id = static_cast<TaskId>(i);
    if (!selection.task(id)) continue;
    TaskView a = view(expected, facts_a, prints_a, i);
    TaskView b = view(actual, facts_b, prints_b, i);
    summary.task(a.row ? a : b, id);
    if (own_parting != task_partings.end() && own_parting->task == id) {
      // The headline names one task whose own events differ; here are all.
      summary.item("events part " + parting_sentence(*own_parting, steps_a, steps_b, options, expected_has_lines, false));
      ++own_parting;
    }
    if (i == 0) {
      summary.printed(a, b, printed_a, printed_b);
    } else if (!a.row) {
      summary.only_in("actual", b);
    } else if (!b.row) {
      summary.only_in("expected", a);
    } else {
      summary.compare(a, b, printed_a, printed_b);
    }
  }
  if (first.empty()) first = summary.first();

  if (!same_outcome(expected.outcome, actual.outcome)) {
    size_t focus = first_difference(error_text(expected.outcome), error_text(actual.outcome));
    line("outcome: expected " + outcome_text(expected, focus) + ", got " + outcome_text(actual, focus));
  }
  if (!options.ignore_times && selection.every_task() && !same_time(expected.end_time, actual.end_time)) {
    line("end time: expected " + seconds_text(expected.end_time) + ", got " + seconds_text(actual.end_time));
  }

  result.same = out.empty();
  result.first_difference = first;
  return result;
}

}  // namespace corosim
