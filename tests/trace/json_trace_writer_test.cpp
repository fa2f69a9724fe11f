#include "sim/trace/json_trace_writer.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <limits>

#include "sim/trace/trace_reader.h"
#include "tests/support/temp_dir.h"

namespace corosim {
namespace {

namespace fs = std::filesystem;
using testing::read_file;
using testing::TempDir;

TaskInfo task(TaskId id, std::string name, std::string coro, TaskId parent, bool internal = false) {
  return TaskInfo{id, std::move(name), std::move(coro), parent, internal};
}

WaitsOn waits(WaitsOn::What what) {
  WaitsOn w;
  w.what = what;
  return w;
}

// The outcome line of a trace with no tasks and no events.
std::string outcome_line(const Outcome& outcome) {
  TempDir dir;
  JsonTraceWriter writer(dir.file("t.json"), "p.py");
  writer.on_end(0.0, outcome);
  std::string text = read_file(dir.file("t.json"));
  size_t begin = text.find("  \"outcome\"");
  return text.substr(begin, text.find('\n', begin) - begin);
}

// Expected documents are what reftrace.py's dumps_trace writes for the same
// trace (checked with python3), so the two tracers' files can be compared byte
// for byte.
TEST_CASE("the trace of the issue's example is written byte for byte as format v1") {
  TempDir dir;
  std::string path = dir.file("trace.json");
  JsonTraceWriter writer(path, "scenarios/seed/02_create_task.py");
  REQUIRE(writer.ok());
  writer.on_create(0.0, task(1, "Task-1", "main", 0));
  writer.on_resume(0.0, 1);
  writer.on_print(0.0, 1, "start 00:00:00\n");
  WaitsOn on_task = waits(WaitsOn::What::kTask);
  on_task.task = 2;
  writer.on_suspend(0.0, 1, on_task);
  writer.on_done(4.0, 1, TaskEnd{TaskEnd::State::kDone, "None", "", ""});
  CHECK_FALSE(fs::exists(path));
  writer.on_end(4.0, Outcome{});
  CHECK(writer.committed());
  CHECK(read_file(path) == R"({
  "format": "corosim-trace",
  "version": 1,
  "program": "scenarios/seed/02_create_task.py",
  "end_time": 4.0,
  "outcome": {"status": "ok"},
  "tasks": [
    {"id": 1, "name": "Task-1", "coro": "main", "parent": null, "created": 0.0, "finished": 4.0, "state": "done", "internal": false}
  ],
  "events": [
    {"t": 0.0, "kind": "create", "task": 1, "parent": null},
    {"t": 0.0, "kind": "resume", "task": 1},
    {"t": 0.0, "kind": "print", "task": 1, "text": "start 00:00:00\n"},
    {"t": 0.0, "kind": "suspend", "task": 1, "waits_on": {"what": "task", "task": 2}},
    {"t": 4.0, "kind": "done", "task": 1, "state": "done", "result": "None"}
  ]
}
)");
}

TEST_CASE("a run without tasks or events writes empty arrays") {
  TempDir dir;
  JsonTraceWriter writer(dir.file("t.json"), "x.py");
  writer.on_end(0.0, Outcome{});
  CHECK(read_file(dir.file("t.json")) == R"({
  "format": "corosim-trace",
  "version": 1,
  "program": "x.py",
  "end_time": 0.0,
  "outcome": {"status": "ok"},
  "tasks": [],
  "events": []
}
)");
}

TEST_CASE("every event kind, waits_on form, task state and the error outcome are written as format v1") {
  TempDir dir;
  std::string path = dir.file("trace.json");
  JsonTraceWriter writer(path, "dir/prog \"q\".py");
  writer.on_print(0.0, 0, "hi\n");
  writer.on_create(0.0, task(1, "Task-1", "main", 0));
  writer.on_resume(0.0, 1);
  writer.on_create(0.0, task(2, "Task-2", "main.<locals>.worker", 1));
  writer.on_rename(2, "w");
  WaitsOn gather = waits(WaitsOn::What::kGather);
  gather.tasks = {2};
  writer.on_suspend(0.0, 1, gather);
  writer.on_resume(0.0, 2);
  WaitsOn sleep = waits(WaitsOn::What::kSleep);
  sleep.until = 0.1;
  writer.on_suspend(0.0, 2, sleep);
  writer.on_cancel(0.1, 2, 0, std::string("stop"));
  writer.on_cancel(0.1, 1, 2, std::nullopt);
  writer.on_print(0.1, 2, "caf\xc3\xa9\t\n");
  writer.on_done(0.1, 2, TaskEnd{TaskEnd::State::kFailed, "", "ValueError", "bad \"x\""});
  writer.on_done(0.1, 1, TaskEnd{TaskEnd::State::kCancelled, "", "", ""});
  writer.on_create(0.1, task(3, "Task-3", "BaseEventLoop.shutdown_asyncgens", 0, true));
  writer.on_suspend(0.1, 3, waits(WaitsOn::What::kYield));
  writer.on_suspend(0.1 + 0.2, 3, waits(WaitsOn::What::kFuture));
  Outcome outcome;
  outcome.status = Outcome::Status::kError;
  outcome.error_type = "ValueError";
  outcome.error_message = "bad \"x\"";
  outcome.error_task = 2;
  writer.on_end(0.1 + 0.2, outcome);
  CHECK(writer.ok());
  CHECK(read_file(path) == R"({
  "format": "corosim-trace",
  "version": 1,
  "program": "dir/prog \"q\".py",
  "end_time": 0.30000000000000004,
  "outcome": {"status": "error", "error": {"type": "ValueError", "message": "bad \"x\"", "task": 2}},
  "tasks": [
    {"id": 1, "name": "Task-1", "coro": "main", "parent": null, "created": 0.0, "finished": 0.1, "state": "cancelled", "internal": false},
    {"id": 2, "name": "w", "coro": "main.<locals>.worker", "parent": 1, "created": 0.0, "finished": 0.1, "state": "failed", "internal": false},
    {"id": 3, "name": "Task-3", "coro": "BaseEventLoop.shutdown_asyncgens", "parent": null, "created": 0.1, "finished": null, "state": "pending", "internal": true}
  ],
  "events": [
    {"t": 0.0, "kind": "print", "task": null, "text": "hi\n"},
    {"t": 0.0, "kind": "create", "task": 1, "parent": null},
    {"t": 0.0, "kind": "resume", "task": 1},
    {"t": 0.0, "kind": "create", "task": 2, "parent": 1},
    {"t": 0.0, "kind": "suspend", "task": 1, "waits_on": {"what": "gather", "tasks": [2]}},
    {"t": 0.0, "kind": "resume", "task": 2},
    {"t": 0.0, "kind": "suspend", "task": 2, "waits_on": {"what": "sleep", "until": 0.1}},
    {"t": 0.1, "kind": "cancel", "task": 2, "by": null, "msg": "stop"},
    {"t": 0.1, "kind": "cancel", "task": 1, "by": 2},
    {"t": 0.1, "kind": "print", "task": 2, "text": "caf\u00e9\t\n"},
    {"t": 0.1, "kind": "done", "task": 2, "state": "failed", "exception": {"type": "ValueError", "message": "bad \"x\""}},
    {"t": 0.1, "kind": "done", "task": 1, "state": "cancelled"},
    {"t": 0.1, "kind": "create", "task": 3, "parent": null},
    {"t": 0.1, "kind": "suspend", "task": 3, "waits_on": {"what": "yield"}},
    {"t": 0.30000000000000004, "kind": "suspend", "task": 3, "waits_on": {"what": "future"}}
  ]
}
)");
}

TEST_CASE("the deadlock, until and limit outcomes carry their fields") {
  Outcome deadlock;
  deadlock.status = Outcome::Status::kDeadlock;
  deadlock.waiting = {1, 3};
  CHECK(outcome_line(deadlock) == R"(  "outcome": {"status": "deadlock", "waiting": [1, 3]},)");
  Outcome until;
  until.status = Outcome::Status::kUntil;
  CHECK(outcome_line(until) == R"(  "outcome": {"status": "until"},)");
  Outcome limit;
  limit.status = Outcome::Status::kLimit;
  limit.limit = "max-steps";
  CHECK(outcome_line(limit) == R"(  "outcome": {"status": "limit", "limit": "max-steps"},)");
  Outcome error_outside_tasks;
  error_outside_tasks.status = Outcome::Status::kError;
  error_outside_tasks.error_type = "NameError";
  error_outside_tasks.error_message = "name 'x' is not defined";
  CHECK(outcome_line(error_outside_tasks) ==
        R"(  "outcome": {"status": "error", "error": {"type": "NameError", "message": "name 'x' is not defined", "task": null}},)");
}

TEST_CASE("an infinite sleep deadline is written as null") {
  TempDir dir;
  JsonTraceWriter writer(dir.file("t.json"), "p.py");
  WaitsOn sleep = waits(WaitsOn::What::kSleep);
  sleep.until = std::numeric_limits<double>::infinity();
  writer.on_suspend(0.0, 1, sleep);
  writer.on_end(0.0, Outcome{});
  std::string text = read_file(dir.file("t.json"));
  CHECK(text.find(R"({"t": 0.0, "kind": "suspend", "task": 1, "waits_on": {"what": "sleep", "until": null}})") !=
        std::string::npos);
}

TEST_CASE("a long run streams its events and still writes every one in order") {
  TempDir dir;
  std::string path = dir.file("t.json");
  JsonTraceWriter writer(path, "p.py");
  writer.on_create(0.0, task(1, "Task-1", "main", 0));
  constexpr int kPrints = 20000;  // about 1 MB of events: several flushes
  for (int i = 0; i < kPrints; ++i) writer.on_print(i, 1, "line " + std::to_string(i) + "\n");
  writer.on_end(kPrints, Outcome{});
  std::string text = read_file(path);
  CHECK(text.find(R"(    {"t": 0.0, "kind": "print", "task": 1, "text": "line 0\n"},)") != std::string::npos);
  CHECK(text.find(R"(    {"t": 12345.0, "kind": "print", "task": 1, "text": "line 12345\n"},)") !=
        std::string::npos);
  std::string tail = R"(    {"t": 19999.0, "kind": "print", "task": 1, "text": "line 19999\n"}
  ]
}
)";
  CHECK(text.substr(text.size() - tail.size()) == tail);
  size_t lines = static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
  CHECK(lines == 12 + kPrints + 1);
}

TEST_CASE("no file appears until on_end, and none at all if the writer is dropped") {
  TempDir dir;
  {
    JsonTraceWriter writer(dir.file("t.json"), "p.py");
    writer.on_create(0.0, task(1, "Task-1", "main", 0));
  }
  CHECK(dir.entries() == 0);
}

TEST_CASE("an unwritable trace path is reported before the run, naming the path") {
  TempDir dir;
  std::string path = dir.file("no/such/dir/t.json");
  JsonTraceWriter writer(path, "p.py");
  CHECK_FALSE(writer.ok());
  CHECK(writer.error() == "cannot write '" + path + "': No such file or directory (does the directory '" +
                              dir.file("no/such/dir/") + "' exist?)");
  writer.on_print(0.0, 0, "ignored\n");
  writer.on_end(0.0, Outcome{});
  CHECK_FALSE(writer.committed());
}

TEST_CASE("the same events give byte-identical files") {
  TempDir dir;
  for (const char* name : {"a.json", "b.json"}) {
    JsonTraceWriter writer(dir.file(name), "p.py");
    writer.on_create(0.0, task(1, "Task-1", "main", 0));
    writer.on_done(0.1 + 0.2, 1, TaskEnd{TaskEnd::State::kDone, "[None, None]", "", ""});
    writer.on_end(0.1 + 0.2, Outcome{});
  }
  CHECK(read_file(dir.file("a.json")) == read_file(dir.file("b.json")));
}

TEST_CASE("waits_on's primitive, object and line follow the v1 fields and read back as written") {
  TempDir dir;
  JsonTraceWriter writer(dir.file("t.json"), "p.py");
  writer.on_create(0.0, task(1, "Task-1", "main", 0));
  WaitsOn lock = waits(WaitsOn::What::kFuture);
  lock.primitive = "lock";
  lock.object = 2;
  lock.line = 12;
  writer.on_suspend(0.0, 1, lock);
  WaitsOn wait_for = waits(WaitsOn::What::kFuture);
  wait_for.primitive = "wait_for";
  writer.on_suspend(0.0, 1, wait_for);
  WaitsOn sleep = waits(WaitsOn::What::kSleep);
  sleep.until = 1.5;
  sleep.line = 3;
  writer.on_suspend(0.0, 1, sleep);
  writer.on_end(0.0, Outcome{});
  std::string text = read_file(dir.file("t.json"));
  CHECK(text.find(R"("waits_on": {"what": "future", "primitive": "lock", "object": 2, "line": 12}})") !=
        std::string::npos);
  CHECK(text.find(R"("waits_on": {"what": "future", "primitive": "wait_for"}})") != std::string::npos);
  CHECK(text.find(R"("waits_on": {"what": "sleep", "until": 1.5, "line": 3}})") != std::string::npos);

  TraceReadResult read = read_trace(dir.file("t.json"));
  REQUIRE(read.error == "");
  REQUIRE(read.trace.events.size() == 4);
  const WaitsOn& w = read.trace.events[1].waits_on;
  CHECK(w.what == WaitsOn::What::kFuture);
  CHECK(w.primitive == "lock");
  CHECK(w.object == 2);
  CHECK(w.line == 12);
  CHECK(read.trace.events[2].waits_on.primitive == "wait_for");
  CHECK(read.trace.events[2].waits_on.object == 0);
  CHECK(read.trace.events[2].waits_on.line == 0);
  CHECK(read.trace.events[3].waits_on.until == 1.5);
  CHECK(read.trace.events[3].waits_on.primitive == "");
  CHECK(read.trace.events[3].waits_on.line == 3);
}

}  // namespace
}  // namespace corosim
