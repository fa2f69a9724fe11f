#include "sim/view/chrome_trace.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "tests/support/trace_builder.h"

namespace corosim {
namespace {

using Json = nlohmann::json;
using testing::TraceBuilder;

// Microseconds as Perfetto reads them: rounded to whole nanoseconds.
int64_t ns(const Json& us) { return std::llround(us.get<double>() * 1000.0); }

// A run with every kind of wait, an overdue stretch, a failure, a cancel,
// prints and a gather of a child that is already finished.
Trace mixed_trace() {
  TraceBuilder b("mixed.py");
  TaskId main = b.create(0);
  b.resume(0, main);
  b.print(0, main, "start\n");
  TaskId quick = b.create(0, "quick", main);
  TaskId slow = b.create(0, "slow", main);
  TaskId victim = b.create(0, "victim", main);
  b.await_task(0, main, quick);
  b.resume(0, quick);
  b.sleep(0, quick, 0.05);
  b.resume(0, slow);
  b.sleep(0, slow, 0.1);
  b.resume(0, victim);
  b.await_future(0, victim);
  b.resume(0.05, quick);
  b.done(0.05, quick, "1");
  b.resume(0.05, main);
  b.gather(0.25, main, {quick, slow});  // blocks 0.2 s: slow is overdue
  b.resume(0.25, slow);
  b.fail(0.25, slow, "ValueError", "bad \"value\"\n");
  b.resume(0.25, main);
  b.cancel(0.25, victim, main);
  b.yield(0.25, main);
  b.resume(0.25, victim);
  b.cancelled(0.25, victim);
  b.resume(0.25, main);
  b.done(0.25, main);
  Outcome error;
  error.status = Outcome::Status::kError;
  return b.finish(0.25, error);
}

Json export_json(const Trace& trace) {
  std::string text = chrome_trace_json(trace);
  for (unsigned char c : text) REQUIRE(c < 0x80);  // pure ASCII
  return Json::parse(text);
}

std::vector<Json> with_ph(const Json& doc, const std::string& ph) {
  std::vector<Json> out;
  for (const Json& e : doc["traceEvents"])
    if (e["ph"] == ph) out.push_back(e);
  return out;
}

TEST_CASE("the export is the JSON object form with ms display and metadata") {
  Json doc = export_json(mixed_trace());
  REQUIRE(doc.is_object());
  CHECK(doc["traceEvents"].is_array());
  CHECK(doc["displayTimeUnit"] == "ms");
  CHECK(doc["metadata"]["program"] == "mixed.py");
  CHECK(doc["metadata"]["outcome"] == "error");
  CHECK(doc["metadata"]["steps"] == 10);
}

TEST_CASE("every event has the documented fields of its phase") {
  Json doc = export_json(mixed_trace());
  const std::set<std::string> phases{"M", "X", "i", "s", "f"};
  for (const Json& e : doc["traceEvents"]) {
    CAPTURE(e.dump());
    REQUIRE(e["ph"].is_string());
    std::string ph = e["ph"];
    CHECK(phases.count(ph) == 1);
    CHECK(e["name"].is_string());
    CHECK(e["pid"] == 1);
    CHECK(e["tid"].is_number_integer());
    if (ph == "M") {
      CHECK(e["args"].is_object());
      continue;
    }
    CHECK(e["ts"].is_number());
    CHECK(e["ts"].get<double>() >= 0);
    CHECK(e["cat"].is_string());
    if (ph == "X") {
      CHECK(e["dur"].is_number());
      CHECK(e["dur"].get<double>() >= 0);
    }
    if (ph == "i") CHECK(e["s"] == "t");
    if (ph == "s" || ph == "f") CHECK(e["id"].is_number_integer());
    if (ph == "f") CHECK(e["bp"] == "e");
  }
}

TEST_CASE("the process, the loop and every task are named, tracks sorted in creation order") {
  Trace trace = mixed_trace();
  Json doc = export_json(trace);
  std::map<int64_t, std::string> names;
  std::map<int64_t, int64_t> sort;
  for (const Json& e : with_ph(doc, "M")) {
    if (e["name"] == "process_name") CHECK(e["args"]["name"] == "corosim: mixed.py");
    if (e["name"] == "thread_name") names[e["tid"]] = e["args"]["name"];
    if (e["name"] == "thread_sort_index") sort[e["tid"]] = e["args"]["sort_index"];
  }
  CHECK(names[0] == "event loop");
  CHECK(sort[0] == 0);
  for (const TraceTask& task : trace.tasks) {
    CHECK(names[task.id] == task.name + " (" + task.coro + ")");
    CHECK(sort[task.id] == task.id);
  }
  CHECK(names.size() == trace.tasks.size() + 1);
}

TEST_CASE("slices on one track never overlap and tile each task's lifetime") {
  Trace trace = mixed_trace();
  Json doc = export_json(trace);
  std::map<int64_t, std::vector<std::pair<int64_t, int64_t>>> tracks;
  for (const Json& e : with_ph(doc, "X")) tracks[e["tid"]].push_back({ns(e["ts"]), ns(e["ts"]) + ns(e["dur"])});
  for (auto& [tid, slices] : tracks) {
    CAPTURE(tid);
    std::stable_sort(slices.begin(), slices.end());
    for (size_t i = 1; i < slices.size(); ++i) CHECK(slices[i].first >= slices[i - 1].second);
    if (tid == 0) continue;
    const TraceTask& task = trace.tasks[size_t(tid - 1)];
    CHECK(slices.front().first == std::llround(task.created * 1e9));
    CHECK(slices.back().second == std::llround(task.finished * 1e9));
    for (size_t i = 1; i < slices.size(); ++i) CHECK(slices[i].first == slices[i - 1].second);
  }
  CHECK(tracks.size() == trace.tasks.size() + 1);
}

TEST_CASE("slices are named for what the task did, in microseconds of virtual time") {
  Json doc = export_json(mixed_trace());
  std::map<int64_t, std::vector<Json>> tracks;
  for (const Json& e : with_ph(doc, "X")) tracks[e["tid"]].push_back(e);
  auto names = [&](int64_t tid) {
    std::vector<std::string> out;
    for (const Json& e : tracks[tid]) out.push_back(e["name"]);
    return out;
  };
  CHECK(names(1) == std::vector<std::string>{"run", "wait Task-2", "run", "run", "run"});
  CHECK(names(3) == std::vector<std::string>{"run", "sleep", "overdue", "run"});
  CHECK(names(4) == std::vector<std::string>{"run", "future", "run"});
  const Json& sleep = tracks[3][1];
  CHECK(sleep["cat"] == "wait");
  CHECK(sleep["ts"] == 0);
  CHECK(sleep["dur"] == 100000);  // 0.1 s
  CHECK(sleep["args"]["waits_on"] == Json{{"what", "sleep"}, {"until", 0.1}});
  const Json& overdue = tracks[3][2];
  CHECK(overdue["cat"] == "overdue");
  CHECK(overdue["ts"] == 100000);
  CHECK(overdue["dur"] == 150000);
  CHECK(overdue["args"]["waits_on"]["what"] == "sleep");
  const Json& wait = tracks[1][1];
  CHECK(wait["args"]["waits_on"] == Json{{"what", "task"}, {"task", 2}, {"name", "Task-2"}});
  // main's blocking step: 0.2 s on its track and on the loop's.
  const Json& blocking = tracks[1][2];
  CHECK(blocking["ts"] == 50000);
  CHECK(blocking["dur"] == 200000);
  bool on_loop = false;
  for (const Json& e : tracks[0]) on_loop = on_loop || (e["name"] == "Task-1" && e["dur"] == 200000);
  CHECK(on_loop);
  CHECK(tracks[0].size() == 10);  // one slice per step
}

WaitsOn in_primitive(WaitsOn::What what, std::string primitive, int64_t object, int64_t line) {
  WaitsOn w;
  w.what = what;
  w.primitive = std::move(primitive);
  w.object = object;
  w.line = line;
  return w;
}

TEST_CASE("a wait in a library call is named for it and its object, with primitive, object and line in args") {
  TraceBuilder b("locks.py");
  TaskId main = b.create(0);
  b.resume(0, main);
  TaskId holder = b.create(0, "holder", main);
  TaskId waiter = b.create(0, "waiter", main);
  WaitsOn in_timeout = in_primitive(WaitsOn::What::kTask, "timeout", 2, 9);
  in_timeout.task = holder;
  b.suspend(0, main, in_timeout);
  b.resume(0, holder);
  b.suspend(0, holder, in_primitive(WaitsOn::What::kFuture, "wait_for", 0, 0));
  b.resume(0, waiter);
  b.suspend(0, waiter, in_primitive(WaitsOn::What::kFuture, "lock", 1, 12));
  b.resume(1, holder);
  b.done(1, holder);
  b.resume(1, waiter);
  b.done(1, waiter);
  b.resume(2, main);
  b.done(2, main);
  Json doc = export_json(b.finish(2));
  std::map<int64_t, Json> waits;
  for (const Json& e : with_ph(doc, "X"))
    if (e["cat"] == "wait") waits[e["tid"]] = e;
  CHECK(waits[main]["name"] == "timeout #2");
  CHECK(waits[main]["args"]["waits_on"] ==
        Json{{"what", "task"}, {"task", 2}, {"name", "Task-2"}, {"primitive", "timeout"}, {"object", 2}, {"line", 9}});
  CHECK(waits[holder]["name"] == "wait_for");
  CHECK(waits[holder]["args"]["waits_on"] == Json{{"what", "future"}, {"primitive", "wait_for"}});
  CHECK(waits[waiter]["name"] == "lock #1");
  CHECK(waits[waiter]["args"]["waits_on"] == Json{{"what", "future"}, {"primitive", "lock"}, {"object", 1}, {"line", 12}});
  // The flow from a task wait is drawn whatever names the slice.
  CHECK(with_ph(doc, "s").size() == 1);
}

TEST_CASE("the last step carries the task's result or exception") {
  Json doc = export_json(mixed_trace());
  std::map<int64_t, Json> last_run;
  for (const Json& e : with_ph(doc, "X"))
    if (e["name"] == "run") last_run[e["tid"]] = e;
  CHECK(last_run[2]["args"] == Json{{"state", "done"}, {"result", "1"}});
  CHECK(last_run[3]["args"] ==
        Json{{"state", "failed"}, {"exception", {{"type", "ValueError"}, {"message", "bad \"value\"\n"}}}});
  CHECK(last_run[4]["args"] == Json{{"state", "cancelled"}});
}

TEST_CASE("every flow start has one finish with the same id, from waiter to awaited task") {
  Json doc = export_json(mixed_trace());
  std::map<int64_t, Json> starts, finishes;
  for (const Json& e : with_ph(doc, "s")) {
    CHECK(starts.count(e["id"]) == 0);
    starts[e["id"]] = e;
  }
  for (const Json& e : with_ph(doc, "f")) {
    CHECK(finishes.count(e["id"]) == 0);
    finishes[e["id"]] = e;
  }
  REQUIRE(starts.size() == finishes.size());
  std::vector<std::pair<int64_t, int64_t>> arrows;
  for (const auto& [id, s] : starts) {
    REQUIRE(finishes.count(id) == 1);
    const Json& f = finishes[id];
    CHECK(s["name"] == f["name"]);
    CHECK(s["cat"] == f["cat"]);
    CHECK(s["ts"] == f["ts"]);
    arrows.push_back({s["tid"], f["tid"]});
  }
  // main awaits Task-2 at 0, then gathers Task-2 (already finished: no
  // arrow) and Task-3.
  CHECK(arrows == std::vector<std::pair<int64_t, int64_t>>{{1, 2}, {1, 3}});
}

// Awaits where the binding of a flow is easy to get wrong: a task awaited in
// the middle of its sleep, after a print in the awaiting step; a gather at the
// end of a blocking step, of a child that has finished, one waiting for its
// first step and one created at the last moment, which has no slice at all.
Trace flow_trace() {
  TraceBuilder b("flows.py");
  TaskId main = b.create(0);
  b.resume(0, main);
  TaskId sleeper = b.create(0, "sleeper", main);
  TaskId quick = b.create(0, "quick", main);
  b.sleep(0, main, 1);
  b.resume(0, sleeper);
  b.sleep(0, sleeper, 5);
  b.resume(0, quick);
  b.done(0, quick);
  b.resume(1, main);
  b.print(1, main, "awaiting\n");
  b.await_task(1, main, sleeper);
  b.resume(5, sleeper);
  b.done(5, sleeper);
  b.resume(5, main);  // blocks the loop until 6
  TaskId waiting = b.create(5, "waiting", main);
  TaskId last = b.create(6, "last", main);
  b.gather(6, main, {quick, waiting, last});
  Outcome until;
  until.status = Outcome::Status::kUntil;
  return b.finish(6, until);
}

// The slices of track `tid` that hold the instant `at` (ends included), as
// "NAME [START, END]" in ns.
std::vector<std::string> slices_at(const Json& doc, int64_t tid, int64_t at) {
  std::vector<std::string> found;
  for (const Json& e : with_ph(doc, "X")) {
    int64_t start = ns(e["ts"]), end = start + ns(e["dur"]);
    if (e["tid"] == tid && start <= at && at <= end) {
      found.push_back(e["name"].get<std::string>() + " [" + std::to_string(start) + ", " + std::to_string(end) + "]");
    }
  }
  return found;
}

TEST_CASE("each flow's s and f match field by field and each lies in a slice of its own task") {
  Json doc = export_json(flow_trace());
  std::vector<Json> starts = with_ph(doc, "s"), finishes = with_ph(doc, "f");
  // Written in pairs, s then its f.
  REQUIRE(starts.size() == 2);
  REQUIRE(finishes.size() == 2);
  struct Binding {
    int64_t waiter, target, at;
    std::vector<std::string> waiter_slices, target_slices;
  };
  const Binding expected[] = {
      // main awaits sleeper (Task-2) at 1: the step at 1 lies between main's
      // sleep and its wait for Task-2; Task-2 is in the middle of its sleep.
      {1, 2, 1'000'000'000,
       {"sleep [0, 1000000000]", "run [1000000000, 1000000000]", "wait Task-2 [1000000000, 5000000000]"},
       {"sleep [0, 5000000000]"}},
      // main gathers at 6, at the end of its blocking step: only "waiting"
      // has a slice at 6, overdue for its first step since 5 (quick finished
      // at 0, last has no slice).
      {1, 4, 6'000'000'000, {"run [5000000000, 6000000000]"}, {"overdue [5000000000, 6000000000]"}},
  };
  for (size_t i = 0; i < 2; ++i) {
    CAPTURE(i);
    const Json& s = starts[i];
    const Json& f = finishes[i];
    CHECK(s["name"] == "await");
    CHECK(f["name"] == s["name"]);
    CHECK(s["cat"] == "await");
    CHECK(f["cat"] == s["cat"]);
    CHECK(f["id"] == s["id"]);
    CHECK(s["pid"] == 1);
    CHECK(f["pid"] == 1);
    CHECK(s["tid"] == expected[i].waiter);
    CHECK(f["tid"] == expected[i].target);
    CHECK(ns(s["ts"]) == expected[i].at);
    CHECK(ns(f["ts"]) == expected[i].at);
    CHECK(s.count("bp") == 0);
    CHECK(f["bp"] == "e");
    CHECK(slices_at(doc, s["tid"], ns(s["ts"])) == expected[i].waiter_slices);
    CHECK(slices_at(doc, f["tid"], ns(f["ts"])) == expected[i].target_slices);
  }
  CHECK(starts[0]["id"] != starts[1]["id"]);
}

// Perfetto binds a flow event to the innermost slice open on its thread when
// it reads the event: events in time order and, at one time, in file order
// after the longer slices. So at one time a task's instants must come before
// its slices, and every flow after every slice.
TEST_CASE("in the file, instants come before the slices and flows after them") {
  Json doc = export_json(flow_trace());
  const Json& events = doc["traceEvents"];
  size_t print = 0, step = 0, last_slice = 0, first_flow = events.size();
  for (size_t i = 0; i < events.size(); ++i) {
    const Json& e = events[i];
    if (e["ph"] == "i" && e["name"] == "print") print = i;
    if (e["ph"] == "X" && e["tid"] == 1 && e["name"] == "run" && ns(e["ts"]) == 1'000'000'000) step = i;
    if (e["ph"] == "X") last_slice = i;
    if ((e["ph"] == "s" || e["ph"] == "f") && first_flow == events.size()) first_flow = i;
  }
  REQUIRE(print > 0);
  REQUIRE(step > 0);
  CHECK(print < step);
  CHECK(last_slice < first_flow);
}

TEST_CASE("prints and cancels are instant events with their text") {
  Json doc = export_json(mixed_trace());
  std::vector<Json> instants = with_ph(doc, "i");
  REQUIRE(instants.size() == 2);
  CHECK(instants[0]["name"] == "print");
  CHECK(instants[0]["tid"] == 1);
  CHECK(instants[0]["args"]["text"] == "start\n");
  CHECK(instants[1]["name"] == "cancel");
  CHECK(instants[1]["tid"] == 4);
  CHECK(instants[1]["ts"] == 250000);
  CHECK(instants[1]["args"]["by"] == 1);
}

TEST_CASE("untrusted names stay text: valid JSON, pure ASCII, invalid UTF-8 replaced") {
  TraceBuilder b("\"quoted\"\n.py");
  TaskId t = b.create(0, "c\xff", 0, "</script><img src=x onerror=alert(1)>\x1b[31m");
  b.resume(0, t);
  b.print(0, t, "\xed\xa0\x80 lone surrogate");
  b.done(0, t);
  Json doc = export_json(b.finish(0));
  std::map<int64_t, std::string> names;
  for (const Json& e : with_ph(doc, "M"))
    if (e["name"] == "thread_name") names[e["tid"]] = e["args"]["name"];
  CHECK(names[1] == "</script><img src=x onerror=alert(1)>\x1b[31m (c\xef\xbf\xbd)");
  CHECK(doc["metadata"]["program"] == "\"quoted\"\n.py");
}

TEST_CASE("an empty run still names the process and the loop") {
  Json doc = export_json(TraceBuilder("empty.py").finish(0));
  CHECK(with_ph(doc, "M").size() == 3);
  CHECK(with_ph(doc, "X").empty());
}

}  // namespace
}  // namespace corosim
