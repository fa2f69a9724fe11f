#include "sim/view/chrome_trace.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <vector>

#include "sim/trace/trace_names.h"
#include "sim/view/timeline.h"

namespace corosim {
namespace {

using Json = nlohmann::ordered_json;
using Kind = TimelineSegment::Kind;

constexpr int kPid = 1;
constexpr TaskId kLoopTid = 0;

// Virtual seconds as whole nanoseconds: slices that meet in the trace meet
// exactly in the file (Perfetto rounds µs × 1000 to the nearest ns too).
int64_t nanoseconds(double t) {
  if (!std::isfinite(t)) return 0;
  return std::llround(std::clamp(t, 0.0, 9.0e9) * 1e9);
}

double microseconds(int64_t ns) { return double(ns) / 1000.0; }

class ChromeTraceWriter {
 public:
  explicit ChromeTraceWriter(const Trace& trace) : trace_(trace), timeline_(build_timeline(trace)) {
    done_event_.assign(trace.tasks.size(), nullptr);
    for (const TraceEvent& event : trace.events)
      if (event.kind == TraceEvent::Kind::kDone && find_task(trace, event.task)) done_event_[size_t(event.task - 1)] = &event;
  }

  std::string write() {
    out_ = "{\"traceEvents\": [\n";
    metadata();
    // Instants first and flows last: see flows() for why the order matters.
    instants();
    loop_track();
    for (const TraceTask& task : trace_.tasks) task_track(task);
    for (const TraceTask& task : trace_.tasks) flows(task);

    out_ += "\n],\n\"displayTimeUnit\": \"ms\",\n\"metadata\": ";
    out_ += dump(run_metadata());
    out_ += "}\n";
    return std::move(out_);
  }

 private:
  // ASCII only; text that is not UTF-8 (a lone surrogate from a Python str)
  // becomes U+FFFD instead of failing the export.
  static std::string dump(const Json& json) {
    return json.dump(-1, ' ', true, nlohmann::detail::error_handler_t::replace);
  }

  // A task's name ("task N" for an id the trace does not list).
  std::string name_of(TaskId id) const {
    const TraceTask* task = find_task(trace_, id);
    return task ? task->name : "task " + std::to_string(id);
  }

  // Events go to the text as they are made: a large trace never holds them
  // all as JSON values.
  void emit(const Json& e) {
    if (emitted_++ > 0) out_ += ",\n";
    out_ += dump(e);
  }

  static Json event(const char* ph, const std::string& name, TaskId tid) {
    Json e;
    e["name"] = name;
    e["ph"] = ph;
    e["pid"] = kPid;
    e["tid"] = tid;
    return e;
  }

  void metadata() {
    Json process = event("M", "process_name", kLoopTid);
    process["args"] = {{"name", "corosim: " + trace_.program}};
    emit(process);
    thread(kLoopTid, "event loop");
    for (const TraceTask& t : trace_.tasks)
      thread(t.id, t.name + " (" + t.coro + ")" + (t.internal ? " [internal]" : ""));
  }

  void thread(TaskId tid, const std::string& name) {
    Json thread_name = event("M", "thread_name", tid);
    thread_name["args"] = {{"name", name}};
    emit(thread_name);
    // Tracks in creation order, the loop first.
    Json sort = event("M", "thread_sort_index", tid);
    sort["args"] = {{"sort_index", tid}};
    emit(sort);
  }

  void slice(const std::string& name, const char* cat, TaskId tid, double start, double end, Json args) {
    int64_t from = nanoseconds(start), to = std::max(from, nanoseconds(end));
    Json e = event("X", name, tid);
    e["cat"] = cat;
    e["ts"] = microseconds(from);
    e["dur"] = microseconds(to - from);
    if (!args.empty()) e["args"] = std::move(args);
    emit(e);
  }

  void loop_track() {
    for (const TimelineStep& step : timeline_.steps) {
      slice(name_of(step.task), "step", kLoopTid, step.start, step.end, Json{{"task", step.task}});
    }
  }

  // What a wait (or the overdue part ending it) waited on: the trace's
  // waits_on (with primitive, object and line when it has them), and "first
  // step" before a task's first resume.
  Json waits_on(const TimelineSegment& s) const {
    if (s.waited == Kind::kScheduled) return Json{{"what", "first step"}};
    const WaitsOn& w = s.waits_on;
    Json json;
    json["what"] = waits_on_name(w.what);
    switch (w.what) {
      case WaitsOn::What::kSleep:
        json["until"] = std::isfinite(w.until) ? Json(w.until) : Json(nullptr);
        break;
      case WaitsOn::What::kTask:
        json["task"] = w.task;
        if (const TraceTask* target = find_task(trace_, w.task)) json["name"] = target->name;
        break;
      case WaitsOn::What::kGather:
        json["tasks"] = w.tasks;
        break;
      case WaitsOn::What::kYield:
      case WaitsOn::What::kFuture: break;
    }
    if (!w.primitive.empty()) json["primitive"] = w.primitive;
    if (w.object != 0) json["object"] = w.object;
    if (w.line != 0) json["line"] = w.line;
    return json;
  }

  // The library call waited in, with its object ("lock #1", "wait_for"),
  // else what the wait is ("sleep", "wait Task-2").
  std::string wait_name(const TimelineSegment& s) const {
    const WaitsOn& w = s.waits_on;
    if (s.waited != Kind::kScheduled && !w.primitive.empty())
      return w.object != 0 ? w.primitive + " #" + std::to_string(w.object) : w.primitive;
    if (s.kind != Kind::kTask) return segment_kind_name(s.kind);
    return "wait " + name_of(w.task);
  }

  // How the task ended, on the slice of its last step.
  Json ending(const TraceTask& t) const {
    const TraceEvent* done = done_event_[size_t(t.id - 1)];
    if (done == nullptr) return Json::object();
    Json json{{"state", task_end_state_name(done->state)}};
    if (done->state == TaskEnd::State::kDone) json["result"] = done->text;
    if (done->state == TaskEnd::State::kFailed) json["exception"] = {{"type", done->text}, {"message", done->message}};
    return json;
  }

  // Every step is a slice; zero-length waits (most yields, a wait that was
  // due at once) are not: they would only stack on the step marks.
  static bool has_slice(const TimelineSegment& s) {
    return s.kind == Kind::kRun || nanoseconds(s.end) > nanoseconds(s.start);
  }

  const std::vector<TimelineSegment>& segments(TaskId id) const { return timeline_.tasks[size_t(id - 1)].segments; }

  // Whether task `id`'s track has a slice that holds the instant `ns` (its
  // end included). The segments are contiguous, in time order.
  bool slice_at(TaskId id, int64_t ns) const {
    const std::vector<TimelineSegment>& track = segments(id);
    auto after = std::upper_bound(track.begin(), track.end(), ns, [](int64_t at, const TimelineSegment& s) {
      return at < nanoseconds(s.start);
    });
    for (auto it = after; it != track.begin();) {
      --it;
      if (nanoseconds(it->end) < ns) break;
      if (has_slice(*it)) return true;
    }
    return false;
  }

  void task_track(const TraceTask& t) {
    const std::vector<TimelineSegment>& track = segments(t.id);
    for (size_t i = 0; i < track.size(); ++i) {
      const TimelineSegment& s = track[i];
      if (!has_slice(s)) continue;
      if (s.kind == Kind::kRun) {
        bool last = i + 1 == track.size();
        slice("run", "run", t.id, s.start, s.end, last ? ending(t) : Json::object());
        continue;
      }
      if (s.kind == Kind::kOverdue) {
        slice("overdue", "overdue", t.id, s.start, s.end,
              Json{{"since", s.start}, {"waits_on", waits_on(s)}});
      } else {
        slice(wait_name(s), "wait", t.id, s.start, s.end, Json{{"waits_on", waits_on(s)}});
      }
    }
  }

  void instants() {
    for (const TraceEvent& e : trace_.events) {
      if (e.kind != TraceEvent::Kind::kPrint && e.kind != TraceEvent::Kind::kCancel) continue;
      TaskId tid = find_task(trace_, e.task) ? e.task : kLoopTid;
      bool print = e.kind == TraceEvent::Kind::kPrint;
      Json i = event("i", print ? "print" : "cancel", tid);
      i["cat"] = print ? "print" : "cancel";
      i["s"] = "t";
      i["ts"] = microseconds(nanoseconds(e.t));
      if (print) {
        i["args"] = {{"text", e.text}};
      } else {
        i["args"] = {{"by", e.other != 0 ? Json(e.other) : Json(nullptr)}};
        if (e.has_msg) i["args"]["msg"] = e.text;
      }
      emit(i);
    }
  }

  // Waiter -> awaited task at the suspend. The rules followed are the Trace
  // Event Format's (Google's "Trace Event Format" document, "Flow Events")
  // as Perfetto's JSON importer implements them
  // (src/trace_processor/importers/json/json_trace_parser_impl.cc and
  // importers/common/flow_tracker.cc): an `s` and its `f` are one flow when
  // their (id, cat, name) match, so both carry cat and name "await"; an `s`
  // binds to the slice enclosing it on its thread, and an `f` with bp "e" to
  // the enclosing slice too (without bp: to the next slice to begin). Perfetto
  // takes "enclosing" as the innermost slice still open on the thread when
  // the flow event is read, reading events in timestamp order and, at one
  // timestamp, complete slices longest first, then the rest in file order
  // (sorter/trace_sorter.h). Hence the file's order: a print or cancel
  // instant comes before the slices, so at the moment of a suspend the step
  // that suspends (or the wait it starts) is innermost, not an instant of
  // that step; flows come after every slice, so the slices at their
  // timestamp are open. (A zero-length step sorts after the wait that starts
  // at its timestamp, so it opens inside that wait: an `f` in the middle of a
  // wait binds to the step that began it, on the target's track at the start
  // of the slice holding the flow.) A flow is written only when both tracks
  // have a slice at that moment (a finished child of a gather has none).
  void flows(const TraceTask& t) {
    for (const TimelineSegment& s : segments(t.id)) {
      if (s.kind != Kind::kTask && s.kind != Kind::kGather) continue;
      std::vector<TaskId> targets = s.kind == Kind::kTask ? std::vector<TaskId>{s.waits_on.task} : s.waits_on.tasks;
      int64_t at = nanoseconds(s.start);
      for (TaskId target : targets) {
        if (!find_task(trace_, target) || !slice_at(t.id, at) || !slice_at(target, at)) continue;
        ++flow_id_;
        emit(flow("s", t.id, at));
        Json finish = flow("f", target, at);
        finish["bp"] = "e";
        emit(finish);
      }
    }
  }

  Json flow(const char* ph, TaskId tid, int64_t at) const {
    Json e = event(ph, "await", tid);
    e["cat"] = "await";
    e["id"] = flow_id_;
    e["ts"] = microseconds(at);
    return e;
  }

  Json run_metadata() const {
    Json m;
    m["source"] = "corosim";
    m["program"] = trace_.program;
    m["clock"] = "virtual time (asyncio loop.time()), in microseconds";
    m["end_time"] = trace_.end_time;
    m["outcome"] = outcome_status_name(trace_.outcome.status);
    m["tasks"] = timeline_.stats.tasks;
    m["steps"] = timeline_.stats.steps;
    m["peak_live"] = timeline_.stats.peak_live;
    m["busy_share"] = timeline_.stats.busy_share;
    return m;
  }

  const Trace& trace_;
  Timeline timeline_;
  std::vector<const TraceEvent*> done_event_;
  std::string out_;
  size_t emitted_ = 0;
  int64_t flow_id_ = 0;
};

}  // namespace

std::string chrome_trace_json(const Trace& trace) { return ChromeTraceWriter(trace).write(); }

}  // namespace corosim
