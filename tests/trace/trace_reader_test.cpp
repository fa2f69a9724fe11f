#include "sim/trace/trace_reader.h"

#include <doctest/doctest.h>

#include <cmath>

#include "tests/support/gzip_stored.h"
#include "tests/support/temp_dir.h"

namespace corosim {
namespace {

using testing::gzip_stored;
using testing::TempDir;

// A trace v1 document with `tasks` and `events` lines spliced in.
std::string document(const std::string& tasks, const std::string& events,
                     const std::string& outcome = R"({"status": "ok"})", const std::string& version = "1") {
  return "{\n  \"format\": \"corosim-trace\",\n  \"version\": " + version +
         ",\n  \"program\": \"p.py\",\n  \"end_time\": 4.0,\n  \"outcome\": " + outcome +
         ",\n  \"tasks\": [" + tasks + "],\n  \"events\": [" + events + "]\n}\n";
}

const std::string kTwoTasks =
    R"({"id": 1, "name": "Task-1", "coro": "main", "parent": null, "created": 0.0, "finished": 4.0, "state": "done", "internal": false},)"
    R"({"id": 2, "name": "w<1>", "coro": "sleep", "parent": 1, "created": 0.0, "finished": null, "state": "pending", "internal": true})";

std::string error_of(const std::string& text) { return parse_trace(text, "t.json").error; }

TEST_CASE("every kind of event and field of trace v1 is read") {
  std::string events =
      R"({"t": 0.0, "kind": "create", "task": 1, "parent": null},
    {"t": 0.0, "kind": "resume", "task": 1},
    {"t": 0.0, "kind": "print", "task": null, "text": "caf\u00e9\n"},
    {"t": 0.0, "kind": "create", "task": 2, "parent": 1},
    {"t": 0.0, "kind": "suspend", "task": 1, "waits_on": {"what": "task", "task": 2}},
    {"t": 0.5, "kind": "suspend", "task": 2, "waits_on": {"what": "sleep", "until": null}},
    {"t": 0.5, "kind": "suspend", "task": 2, "waits_on": {"what": "sleep", "until": 1e-05}},
    {"t": 1, "kind": "suspend", "task": 1, "waits_on": {"what": "gather", "tasks": [2, 1]}},
    {"t": 1, "kind": "suspend", "task": 1, "waits_on": {"what": "yield"}},
    {"t": 1, "kind": "suspend", "task": 1, "waits_on": {"what": "future"}},
    {"t": 2.0, "kind": "cancel", "task": 2, "by": 1, "msg": "stop"},
    {"t": 2.0, "kind": "cancel", "task": 2, "by": null},
    {"t": 3.0, "kind": "done", "task": 2, "state": "failed", "exception": {"type": "ValueError", "message": "boom"}},
    {"t": 3.0, "kind": "done", "task": 2, "state": "cancelled"},
    {"t": 4.0, "kind": "done", "task": 1, "state": "done", "result": "'ok'"})";
  TraceReadResult r = parse_trace(document(kTwoTasks, events, R"({"status": "error", "error": {"type": "ValueError", "message": "boom", "task": 2}})"), "t.json");
  REQUIRE_MESSAGE(r.ok(), r.error);
  const Trace& t = r.trace;
  CHECK(t.program == "p.py");
  CHECK(t.end_time == 4.0);
  CHECK(t.outcome.status == Outcome::Status::kError);
  CHECK(t.outcome.error_type == "ValueError");
  CHECK(t.outcome.error_message == "boom");
  CHECK(t.outcome.error_task == 2);
  REQUIRE(t.tasks.size() == 2);
  CHECK(t.tasks[0].name == "Task-1");
  CHECK(t.tasks[0].finished == 4.0);
  CHECK(t.tasks[0].state == TraceTask::State::kDone);
  CHECK(t.tasks[1].name == "w<1>");
  CHECK(t.tasks[1].coro == "sleep");
  CHECK(t.tasks[1].parent == 1);
  CHECK(std::isnan(t.tasks[1].finished));
  CHECK(t.tasks[1].state == TraceTask::State::kPending);
  CHECK(t.tasks[1].internal);
  REQUIRE(t.events.size() == 15);
  CHECK(t.events[0].kind == TraceEvent::Kind::kCreate);
  CHECK(t.events[0].other == 0);
  CHECK(t.events[2].kind == TraceEvent::Kind::kPrint);
  CHECK(t.events[2].task == 0);
  CHECK(t.events[2].text == "caf\xc3\xa9\n");
  CHECK(t.events[3].other == 1);
  CHECK(t.events[4].waits_on.what == WaitsOn::What::kTask);
  CHECK(t.events[4].waits_on.task == 2);
  CHECK(std::isinf(t.events[5].waits_on.until));
  CHECK(t.events[6].waits_on.until == 1e-05);
  CHECK(t.events[7].t == 1.0);
  CHECK(t.events[7].waits_on.tasks == std::vector<TaskId>{2, 1});
  CHECK(t.events[8].waits_on.what == WaitsOn::What::kYield);
  CHECK(t.events[9].waits_on.what == WaitsOn::What::kFuture);
  CHECK(t.events[10].other == 1);
  CHECK(t.events[10].has_msg);
  CHECK(t.events[10].text == "stop");
  CHECK_FALSE(t.events[11].has_msg);
  CHECK(t.events[12].state == TaskEnd::State::kFailed);
  CHECK(t.events[12].text == "ValueError");
  CHECK(t.events[12].message == "boom");
  CHECK(t.events[13].state == TaskEnd::State::kCancelled);
  CHECK(t.events[14].text == "'ok'");
}

TEST_CASE("kinds, waits and fields a later revision may add are ignored") {
  std::string tasks =
      R"({"id": 1, "name": "Task-1", "coro": "main", "parent": null, "created": 0.0, "finished": null, "state": "pending", "internal": false, "color": "red"})";
  std::string events = R"({"t": 0.0, "kind": "create", "task": 1, "parent": null, "extra": [1, {"x": 2}]},
    {"t": 0.0, "kind": "wakeup", "task": 99, "whatever": {}},
    {"t": 0.0, "kind": "suspend", "task": 1, "waits_on": {"what": "lock", "name": "l"}})";
  std::string text = document(tasks, events);
  text.insert(text.rfind('}'), ", \"annotations\": {\"by\": \"someone\"}\n");
  TraceReadResult r = parse_trace(text, "t.json");
  REQUIRE_MESSAGE(r.ok(), r.error);
  REQUIRE(r.trace.events.size() == 2);
  CHECK(r.trace.events[1].waits_on.what == WaitsOn::What::kFuture);
}

TEST_CASE("a lone surrogate escape, which JSON allows and corosim writes, reads as U+FFFD; pairs and escaped backslashes stay") {
  std::string tasks =
      R"({"id": 1, "name": "\ud800 \udfff \ud83d\ude00 \\ud800 \ud800\u0041", "coro": "main", "parent": null, "created": 0.0, "finished": null, "state": "pending", "internal": false})";
  TraceReadResult r = parse_trace(document(tasks, ""), "t.json");
  REQUIRE_MESSAGE(r.ok(), r.error);
  CHECK(r.trace.tasks.at(0).name == "\xef\xbf\xbd \xef\xbf\xbd \xf0\x9f\x98\x80 \\ud800 \xef\xbf\xbd" "A");
}

TEST_CASE("every outcome status is read") {
  CHECK(parse_trace(document("", "", R"({"status": "until"})"), "t").trace.outcome.status == Outcome::Status::kUntil);
  TraceReadResult limit = parse_trace(document("", "", R"({"status": "limit", "limit": "max-steps"})"), "t");
  CHECK(limit.trace.outcome.limit == "max-steps");
  TraceReadResult deadlock = parse_trace(document(kTwoTasks, "", R"({"status": "deadlock", "waiting": [1, 2]})"), "t");
  CHECK(deadlock.trace.outcome.waiting == std::vector<TaskId>{1, 2});
}

TEST_CASE("a JSON syntax error names the file, line and column") {
  CHECK(error_of("{\n  \"format\": \"corosim-trace\",\n  \"version\": x\n}") ==
        "t.json:3:14: not valid JSON: syntax error while parsing value - invalid literal; last read: '\"version\": x'");
  CHECK(error_of("\xef\xbb\xbf garbage").rfind("t.json:1:", 0) == 0);
}

TEST_CASE("a truncated file is a JSON error at its end, with a hint") {
  std::string text = document(kTwoTasks, R"({"t": 0.0, "kind": "create", "task": 1, "parent": null})");
  std::string error = error_of(text.substr(0, text.size() - 20));
  CHECK(error.rfind("t.json:", 0) == 0);
  CHECK(error.find(": not valid JSON: ") != std::string::npos);
  CHECK(error.find("unexpected end of input") != std::string::npos);
  CHECK(error.ends_with("(is the file truncated?)"));
}

TEST_CASE("an empty file, another JSON document or another version is refused by name") {
  CHECK(error_of("") == "t.json: empty file, not a corosim trace");
  CHECK(error_of("[1, 2]") == "t.json: not a corosim trace (the top level is not a JSON object)");
  CHECK(error_of(R"({"name": "package.json"})") == "t.json: not a corosim trace (no \"format\": \"corosim-trace\")");
  CHECK(error_of(R"({"version": "1.0.0", "name": "x"})") == "t.json: not a corosim trace (no \"format\": \"corosim-trace\")");
  CHECK(error_of(R"({"format": "chrome", "version": 1})") ==
        "t.json: not a corosim trace (\"format\" is \"chrome\", expected \"corosim-trace\")");
  // Reported before what a version-2 file may hold differently.
  CHECK(error_of(R"({"format": "corosim-trace", "version": 2, "tasks": {"new": "layout"}})") ==
        "t.json: unsupported trace version 2; this corosim reads version 1");
  CHECK(error_of(document("", "", R"({"status": "ok"})", "\"1\"")) ==
        "t.json: unsupported trace version \"1\"; this corosim reads version 1");
}

TEST_CASE("missing keys and wrong types are named by where they are") {
  CHECK(error_of(R"({"format": "corosim-trace", "version": 1})") == "t.json: trace: missing \"program\"");
  CHECK(error_of(document("", "", R"({"status": "fine"})")) ==
        "t.json: outcome.status: expected \"ok\", \"error\", \"deadlock\", \"until\" or \"limit\", got \"fine\"");
  CHECK(error_of(document(R"({"id": 1, "name": 7})", "")) == "t.json: tasks[0].name: expected a string, got 7");
  CHECK(error_of(document(R"({"id": 1, "name": "a", "coro": "m", "parent": null, "created": 0.0, "finished": null, "state": "gone", "internal": false})", "")) ==
        "t.json: tasks[0].state: expected \"done\", \"failed\", \"cancelled\" or \"pending\", got \"gone\"");
  CHECK(error_of(document(kTwoTasks, R"({"t": "0", "kind": "resume", "task": 1})")) ==
        "t.json: events[0].t: expected a number, got \"0\"");
  CHECK(error_of(document(kTwoTasks, R"({"t": 0, "kind": "resume", "task": null})")) ==
        "t.json: events[0].task: expected a task id, got null");
  CHECK(error_of(document(kTwoTasks, R"({"t": 0, "kind": "suspend", "task": 1})")) ==
        "t.json: events[0]: missing \"waits_on\"");
  CHECK(error_of(document(kTwoTasks, R"({"t": 0, "kind": "suspend", "task": 1, "waits_on": {"what": "gather", "tasks": [1, -2]}})")) ==
        "t.json: events[0].waits_on.tasks: expected a task id, got -2");
  CHECK(error_of(document(kTwoTasks, R"(1)")) == "t.json: events[0]: expected an object, got 1");
  CHECK(error_of(R"({"format": "corosim-trace", "version": 1, "tasks": 3})") ==
        "t.json: tasks: expected an array, got 3");
  std::string no_events = document("", "");
  no_events.replace(no_events.find("\"events\""), 8, "\"evnts\"");
  CHECK(error_of(no_events) == "t.json: missing \"events\"");
}

TEST_CASE("task ids must be 1..N in order and every reference must name one of them") {
  std::string task2 = R"({"id": 2, "name": "a", "coro": "m", "parent": null, "created": 0.0, "finished": null, "state": "pending", "internal": false})";
  CHECK(error_of(document(task2, "")) == "t.json: tasks[0].id: expected 1 (ids are 1, 2, ... in order), got 2");
  CHECK(error_of(document(kTwoTasks, R"({"t": 0, "kind": "resume", "task": 3})")) ==
        "t.json: events[0].task: there is no task 3 (the trace has 2 tasks)");
  CHECK(error_of(document(kTwoTasks, R"({"t": 0, "kind": "cancel", "task": 1, "by": 5})")) ==
        "t.json: events[0].by: there is no task 5 (the trace has 2 tasks)");
  CHECK(error_of(document(kTwoTasks, R"({"t": 0, "kind": "suspend", "task": 1, "waits_on": {"what": "task", "task": 9}})")) ==
        "t.json: events[0].waits_on.task: there is no task 9 (the trace has 2 tasks)");
  CHECK(error_of(document(kTwoTasks, "", R"({"status": "deadlock", "waiting": [3]})")) ==
        "t.json: outcome.waiting: there is no task 3 (the trace has 2 tasks)");
  std::string bad_parent = R"({"id": 1, "name": "a", "coro": "m", "parent": 4, "created": 0.0, "finished": null, "state": "pending", "internal": false})";
  CHECK(error_of(document(bad_parent, "")) == "t.json: tasks[0].parent: there is no task 4 (the trace has 1 tasks)");
  // Events before tasks (not v1's key order) are checked once the tasks are known.
  std::string reordered = R"({"format": "corosim-trace", "version": 1, "program": "p", "end_time": 0, "outcome": {"status": "ok"},
    "events": [{"t": 0, "kind": "resume", "task": 1}, {"t": 0, "kind": "resume", "task": 2}], "tasks": [)" +
                          kTwoTasks.substr(0, kTwoTasks.find("},") + 1) + "]}";
  CHECK(error_of(reordered) == "t.json: events[1].task: there is no task 2 (the trace has 1 tasks)");
}

TEST_CASE("a number a double cannot hold is refused by name, line and column; one too close to zero reads as 0") {
  std::string text = document(kTwoTasks, R"({"t": 1e-320, "kind": "resume", "task": 1},
    {"t": -0, "kind": "resume", "task": 1}, {"t": 1e-400, "kind": "resume", "task": 1})");
  TraceReadResult r = parse_trace(text, "t.json");
  REQUIRE_MESSAGE(r.ok(), r.error);
  CHECK(r.trace.events[0].t == 1e-320);
  CHECK(r.trace.events[1].t == 0);
  CHECK(r.trace.events[2].t == 0);
  std::string overflow = text;
  overflow.replace(overflow.find("4.0"), 3, "1e999");
  CHECK(error_of(overflow) == "t.json:5:15: number out of range: 1e999 is beyond a double");
  // Even where the reader would ignore the value: the file is not one a
  // JSON reader can take as it is.
  std::string unknown = document(kTwoTasks, R"({"t": 0, "kind": "resume", "task": 1, "weight": -2E+308})");
  CHECK(error_of(unknown).ends_with(": number out of range: -2E+308 is beyond a double"));
  CHECK(error_of(document(kTwoTasks, R"({"t": 01, "kind": "resume", "task": 1})"))
            .find(": not valid JSON: syntax error while parsing object - unexpected number literal") != std::string::npos);
}

TEST_CASE("a string with a raw control character or bytes that are not UTF-8 is not valid JSON") {
  std::string tab = document(R"({"id": 1, "name": "a)" "\t" R"(b", "coro": "m", "parent": null, "created": 0.0, "finished": null, "state": "pending", "internal": false})", "");
  CHECK(error_of(tab) == "t.json:7:33: not valid JSON: syntax error while parsing value - invalid string: control character "
                         "U+0009 (HT) must be escaped to \\u0009 or \\t; last read: '\"a<U+0009>'");
  std::string latin1 = document(R"({"id": 1, "name": "caf)" "\xe9" R"(", "coro": "m", "parent": null, "created": 0.0, "finished": null, "state": "pending", "internal": false})", "");
  CHECK(error_of(latin1).find(": not valid JSON: syntax error while parsing value - invalid string: ill-formed UTF-8 byte") !=
        std::string::npos);
}

TEST_CASE("a value a message quotes, or a byte that is not UTF-8, cannot drive the terminal") {
  CHECK(error_of(document("", "", "{\"status\": \"\xE2\x80\xAEok\xE2\x80\x8B\"}")) ==
        "t.json: outcome.status: expected \"ok\", \"error\", \"deadlock\", \"until\" or \"limit\", got "
        "\"<U+202E>ok<U+200B>\"");
  CHECK(error_of("\xFF\x1B") ==
        "t.json:1:1: not valid JSON: syntax error while parsing value - invalid literal; last read: '\\xff'");
}

TEST_CASE("keys may come in any order, unknown ones may nest deeply, and a key read twice is refused") {
  std::string shuffled =
      R"({"events": [{"task": 1, "kind": "suspend", "waits_on": {"until": 2.5, "what": "sleep"}, "t": 0.5}],
          "tasks": [{"internal": false, "state": "pending", "finished": null, "created": 0.0, "parent": null, "coro": "m", "name": "a", "id": 1}],
          "outcome": {"status": "ok"}, "end_time": 3, "program": "p.py", "version": 1, "format": "corosim-trace"})";
  TraceReadResult r = parse_trace(shuffled, "t.json");
  REQUIRE_MESSAGE(r.ok(), r.error);
  CHECK(r.trace.program == "p.py");
  CHECK(r.trace.tasks.at(0).name == "a");
  CHECK(r.trace.events.at(0).waits_on.until == 2.5);

  std::string nested = std::string(5000, '[') + std::string(5000, ']');
  TraceReadResult deep = parse_trace(document(kTwoTasks, R"({"t": 0, "kind": "resume", "task": 1, "extra": )" + nested + "}"), "t");
  REQUIRE_MESSAGE(deep.ok(), deep.error);
  CHECK(deep.trace.events.size() == 1);
  std::string too_deep = std::string(20000, '[');
  CHECK(error_of(document(kTwoTasks, R"({"t": 0, "kind": "wakeup", "task": 1, "x": )" + too_deep)) ==
        "t.json:8:10056: nested more than 10000 levels deep");  // the event object and 9999 arrays are open

  CHECK(error_of(document(kTwoTasks, R"({"t": 0, "kind": "resume", "task": 1, "t": 1})")) ==
        "t.json: events[0]: \"t\" is given twice");
  CHECK(error_of(document(kTwoTasks, R"({"t": 0, "kind": "suspend", "task": 1, "waits_on": {"what": "yield", "what": "sleep"}})")) ==
        "t.json: events[0].waits_on: \"what\" is given twice");
  std::string twice = document("", "");
  twice.insert(twice.rfind('}'), ", \"program\": \"q.py\"\n");
  CHECK(error_of(twice) == "t.json: trace: \"program\" is given twice");
  std::string tasks_twice = document("", "");
  tasks_twice.insert(tasks_twice.rfind('}'), ", \"tasks\": []\n");
  CHECK(error_of(tasks_twice) == "t.json: trace: \"tasks\" is given twice");
  // Keys the reader does not read may repeat: they are ignored.
  CHECK(error_of(document(kTwoTasks, R"({"t": 0, "kind": "resume", "task": 1, "x": 1, "x": 2})")) == "");
}

TEST_CASE("a trace cut anywhere is an error, never a crash or a shorter trace") {
  std::string text = document(kTwoTasks, R"({"t": 0.0, "kind": "create", "task": 1, "parent": null},
    {"t": 0.5, "kind": "suspend", "task": 2, "waits_on": {"what": "gather", "tasks": [1, 2]}},
    {"t": 3.0, "kind": "done", "task": 2, "state": "failed", "exception": {"type": "E", "message": "caf\u00e9 \ud83d\ude00"}},
    {"t": 4.0, "kind": "print", "task": null, "text": "\"quoted\"\n"})");
  REQUIRE(parse_trace(text, "t.json").ok());
  size_t end = text.rfind('}') + 1;  // what follows is whitespace
  for (size_t cut = 0; cut < end; ++cut) {
    CAPTURE(cut);
    std::string error = error_of(text.substr(0, cut));
    CHECK(error.starts_with("t.json:"));
    CHECK((error.ends_with("(is the file truncated?)") || error.ends_with("empty file, not a corosim trace")));
  }
}

TEST_CASE("read_trace names a file it cannot open or read") {
  TempDir dir;
  CHECK(read_trace(dir.file("missing.json")).error ==
        dir.file("missing.json") + ": cannot open file: No such file or directory");
  CHECK(read_trace(dir.path().string()).error == dir.path().string() + ": cannot read file: Is a directory");
  TraceReadResult r = read_trace(dir.write("t.json", document(kTwoTasks, "")));
  REQUIRE_MESSAGE(r.ok(), r.error);
  CHECK(r.trace.tasks.size() == 2);
}

TEST_CASE("read_trace reads a gzipped trace as the plain file, and names the file when the gzip data is bad") {
  TempDir dir;
  std::string text = document(kTwoTasks, R"({"t": 0.0, "kind": "create", "task": 1, "parent": null})");
  TraceReadResult plain = read_trace(dir.write("t.json", text));
  TraceReadResult zipped = read_trace(dir.write("t.json.gz", gzip_stored(text)));
  REQUIRE_MESSAGE(zipped.ok(), zipped.error);
  CHECK(zipped.trace.program == plain.trace.program);
  CHECK(zipped.trace.end_time == plain.trace.end_time);
  REQUIRE(zipped.trace.tasks.size() == 2);
  CHECK(zipped.trace.tasks[1].name == "w<1>");
  REQUIRE(zipped.trace.events.size() == 1);
  CHECK(zipped.trace.events[0].kind == TraceEvent::Kind::kCreate);

  std::string whole = gzip_stored(text);
  std::string cut = dir.write("cut.json.gz", whole.substr(0, whole.size() / 2));
  CHECK(read_trace(cut).error == cut + ": the gzip data ends early (is the file truncated?)");
  std::string bad_json = dir.write("bad.json.gz", gzip_stored("{\n  oops\n}\n"));
  CHECK(read_trace(bad_json).error.starts_with(bad_json + ":2:3: not valid JSON: "));
}

}  // namespace
}  // namespace corosim
