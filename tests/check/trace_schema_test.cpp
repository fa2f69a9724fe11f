#include "sim/check/trace_schema.h"

#include <doctest/doctest.h>

#include <sstream>
#include <tuple>

#include "cli/commands.h"
#include "sim/trace/trace_reader.h"
#include "tests/support/temp_dir.h"

namespace corosim {
namespace {

using testing::TempDir;
using Verdict = TraceValidation::Verdict;

// A trace v1 document with `tasks`, `events` and `outcome` spliced in.
std::string document(const std::string& tasks, const std::string& events,
                     const std::string& outcome = R"({"status": "ok"})") {
  return "{\n  \"format\": \"corosim-trace\",\n  \"version\": 1,\n  \"program\": \"p.py\",\n  \"end_time\": 4.0,"
         "\n  \"outcome\": " + outcome + ",\n  \"tasks\": [\n    " + tasks + "\n  ],\n  \"events\": [\n    " + events +
         "\n  ]\n}\n";
}

const std::string kTask =
    R"({"id": 1, "name": "Task-1", "coro": "main", "parent": null, "created": 0.0, "finished": 4.0, "state": "done", "internal": false})";

const std::string kTask2 =
    R"({"id": 2, "name": "Task-2", "coro": "child", "parent": 1, "created": 0.0, "finished": null, "state": "pending", "internal": false})";

// Every violation of a document with these events, as "POINTER: message".
std::vector<std::string> event_violations(const std::string& events, const std::string& outcome = R"({"status": "ok"})") {
  TraceValidation v = validate_trace_text(document(kTask, events, outcome), "t.json", 100);
  CHECK(v.error.empty());
  std::vector<std::string> lines;
  for (const SchemaViolation& s : v.violations.first()) lines.push_back(s.pointer + ": " + s.message);
  return lines;
}

using Lines = std::vector<std::string>;

TEST_CASE("the built-in schema is draft 2020-12 and uses only what the validator implements") {
  auto schema = nlohmann::json::parse(trace_schema_text());
  CHECK(schema["$schema"] == "https://json-schema.org/draft/2020-12/schema");
  CHECK_NOTHROW(trace_schema());
}

TEST_CASE("every kind of event and field of trace v1 is valid, and counted") {
  std::string events =
      R"({"t": 0.0, "kind": "create", "task": 1, "parent": null},
    {"t": 0.0, "kind": "resume", "task": 1},
    {"t": 0.0, "kind": "print", "task": null, "text": "caf\u00e9 \ud800\n"},
    {"t": 0.0, "kind": "suspend", "task": 1, "waits_on": {"what": "task", "task": 2}},
    {"t": 0.5, "kind": "suspend", "task": 1, "waits_on": {"what": "sleep", "until": null}},
    {"t": 0.5, "kind": "suspend", "task": 1, "waits_on": {"what": "sleep", "until": 1e-05}},
    {"t": 1, "kind": "suspend", "task": 1, "waits_on": {"what": "gather", "tasks": [2, 1]}},
    {"t": 1, "kind": "suspend", "task": 1, "waits_on": {"what": "yield"}},
    {"t": 1, "kind": "suspend", "task": 1, "waits_on": {"what": "future"}},
    {"t": 2.0, "kind": "cancel", "task": 1, "by": 1, "msg": "stop"},
    {"t": 2.0, "kind": "cancel", "task": 1, "by": null},
    {"t": 3.0, "kind": "done", "task": 1, "state": "failed", "exception": {"type": "ValueError", "message": "boom"}},
    {"t": 3.0, "kind": "done", "task": 1, "state": "cancelled"},
    {"t": 4.0, "kind": "done", "task": 1, "state": "done", "result": "'ok'"})";
  for (const char* outcome : {R"({"status": "ok"})", R"({"status": "until"})",
                              R"({"status": "error", "error": {"type": "ValueError", "message": "boom", "task": null}})",
                              R"({"status": "deadlock", "waiting": [1, 2]})", R"({"status": "limit", "limit": "memory"})"}) {
    TraceValidation v = validate_trace_text(document(kTask + ",\n    " + kTask2, events, outcome), "t.json", 20);
    CHECK_MESSAGE(v.verdict == Verdict::kValid, outcome, v.rejected);
    CHECK(v.tasks == 2);
    CHECK(v.events == 14);
  }
}

TEST_CASE("unknown kinds and fields are allowed (forward compatibility); an unknown kind still needs t, kind, task") {
  CHECK(event_violations(R"({"t": 0, "kind": "resume", "task": 1, "cpu": 3, "extra": {"x": []}},
    {"t": 0, "kind": "migrate", "task": null, "to": "elsewhere"},
    {"t": 0, "kind": "suspend", "task": 1, "waits_on": {"what": "lock", "name": "l"}})")
            .empty());
  CHECK(event_violations(R"({"kind": "migrate", "task": "1"})") ==
        Lines{"/events/0/task: expected integer or null, got string", "/events/0: missing property \"t\""});
}

TEST_CASE("each kind's fields are checked, at JSON pointers") {
  CHECK(event_violations(R"({"t": 0, "kind": "suspend", "task": 1, "waits_on": {"what": "sleep", "until": "soon"}})") ==
        Lines{"/events/0/waits_on/until: expected number or null, got string"});
  CHECK(event_violations(R"({"t": 0, "kind": "suspend", "task": 1, "waits_on": {"what": "gather", "tasks": [2, 0, 2]}})") ==
        Lines{"/events/0/waits_on/tasks: items 0 and 2 are equal; expected no duplicates",
              "/events/0/waits_on/tasks/1: expected a number >= 1, got 0"});
  CHECK(event_violations(R"({"t": 0, "kind": "suspend", "task": 1, "waits_on": {"what": "task"}})") ==
        Lines{"/events/0/waits_on: missing property \"task\""});
  CHECK(event_violations(R"({"t": 0, "kind": "create", "task": null})") ==
        Lines{"/events/0/task: expected integer, got null", "/events/0: missing property \"parent\""});
  CHECK(event_violations(R"({"t": 0, "kind": "done", "task": 1, "state": "failed", "exception": {"type": "E"}})") ==
        Lines{"/events/0/exception: missing property \"message\""});
  CHECK(event_violations(R"({"t": 0, "kind": "done", "task": 1, "state": "ok"})") ==
        Lines{R"(/events/0/state: expected "done", "failed" or "cancelled", got "ok")"});
  CHECK(event_violations(R"({"t": 0, "kind": "cancel", "task": 1, "by": 0, "msg": null})") ==
        Lines{"/events/0/by: expected a number >= 1, got 0", "/events/0/msg: expected string, got null"});
  CHECK(event_violations(R"({"t": "0", "kind": "print", "task": null})") ==
        Lines{"/events/0/t: expected number, got string", "/events/0: missing property \"text\""});
}

TEST_CASE("the top level, the outcome and the tasks are checked") {
  CHECK(event_violations("", R"({"status": "error", "error": {"type": "E", "message": "m"}})") ==
        Lines{"/outcome/error: missing property \"task\""});
  CHECK(event_violations("", R"({"status": "deadlock"})") == Lines{"/outcome: missing property \"waiting\""});
  CHECK(event_violations("", R"({"status": "limit", "limit": "time"})") ==
        Lines{R"(/outcome/limit: expected "max-steps" or "memory", got "time")"});
  std::string pending =
      R"({"id": 1, "name": "Task-1", "coro": "main", "parent": null, "created": 0.0, "finished": 4.0, "state": "pending", "internal": 0})";
  TraceValidation v = validate_trace_text(document(pending, ""), "t.json", 20);
  CHECK(v.verdict == Verdict::kInvalid);
  REQUIRE(v.violations.total() == 2);
  CHECK(v.violations.first()[0].pointer == "/tasks/0/internal");
  CHECK(v.violations.first()[1].message == "expected null, got number");
  TraceValidation other = validate_trace_text(R"({"format": "chrome", "version": 2})", "t.json", 3);
  CHECK(other.verdict == Verdict::kInvalid);
  CHECK(other.violations.total() == 7);
  CHECK(other.violations.first()[0].pointer == "/format");
  CHECK(other.violations.first()[0].message == R"(expected "corosim-trace", got "chrome")");
}

TEST_CASE("files that cannot be used say why in one line") {
  TempDir dir;
  TraceValidation missing = validate_trace_file(dir.file("none.json"), 20);
  CHECK(missing.verdict == Verdict::kUnusable);
  CHECK(missing.error == dir.file("none.json") + ": cannot open file: No such file or directory");
  CHECK(validate_trace_file(dir.write("empty.json", ""), 20).error ==
        dir.file("empty.json") + ": empty file, not a corosim trace");
  std::string cut = document(kTask, "").substr(0, 60);
  std::string error = validate_trace_file(dir.write("cut.json", cut), 20).error;
  CHECK(error.starts_with(dir.file("cut.json") + ":4:"));
  CHECK(error.find("not valid JSON") != std::string::npos);
  CHECK(error.ends_with("(is the file truncated?)"));
  CHECK(validate_trace_text("{\n  \"a\": tru\n}", "x.json", 20).error.starts_with("x.json:2:"));
}

TEST_CASE("a number beyond a double and a byte that is not UTF-8 are unusable, in the reader's words") {
  std::string huge = document(kTask, R"({"t": 1e999, "kind": "resume", "task": 1})");
  TraceValidation v = validate_trace_text(huge, "t.json", 20);
  CHECK(v.verdict == Verdict::kUnusable);
  CHECK(v.error == "t.json:11:11: number out of range: 1e999 is beyond a double");
  CHECK(v.error == parse_trace(huge, "t.json").error);
  std::string bytes = validate_trace_text("\xff\x1b", "b.json", 20).error;
  CHECK(bytes == "b.json:1:1: not valid JSON: syntax error while parsing value - invalid literal; last read: '\\xff'");
}

TEST_CASE("a trace the schema allows is still invalid when corosim's reader refuses it") {
  std::string task3 = kTask2.substr(0, 7) + "3" + kTask2.substr(8);
  for (auto [tasks, events, rejected] : {
           std::tuple{kTask + ", " + task3, std::string(), "t.json: tasks[1].id: expected 2 (ids are 1, 2, ... in order), got 3"},
           std::tuple{kTask, std::string(R"({"t": 0, "kind": "resume", "task": 9})"),
                      "t.json: events[0].task: there is no task 9 (the trace has 1 tasks)"},
           std::tuple{kTask, std::string(R"({"t": 0, "kind": "resume", "task": 1.0})"),
                      "t.json: events[0].task: expected a task id, got 1.0"},
       }) {
    TraceValidation v = validate_trace_text(document(tasks, events), "t.json", 20);
    CHECK(v.verdict == Verdict::kInvalid);
    CHECK(v.violations.empty());
    CHECK(v.rejected == rejected);
  }
}

TEST_CASE("a trace corosim writes is valid, also gzipped as corosim view reads it") {
  TempDir dir;
  std::string program = dir.write("p.py",
                                  "import asyncio\n"
                                  "async def worker(n):\n"
                                  "    await asyncio.sleep(n)\n"
                                  "    return n\n"
                                  "async def main():\n"
                                  "    t = asyncio.create_task(worker(1))\n"
                                  "    print(await asyncio.gather(t, worker(2)))\n"
                                  "    t.cancel('late')\n"
                                  "asyncio.run(main())\n");
  std::ostringstream out, err;
  REQUIRE(corosim_main({"corosim", "run", program, "--trace", dir.file("p.json")}, out, err) == 0);
  TraceValidation v = validate_trace_file(dir.file("p.json"), 20);
  CHECK(v.verdict == Verdict::kValid);
  CHECK(v.tasks == 5);  // main, two workers, asyncio.run's two internal tasks
  CHECK(v.events > 10);
  REQUIRE(std::system(("gzip -k " + dir.file("p.json")).c_str()) == 0);
  TraceValidation zipped = validate_trace_file(dir.file("p.json.gz"), 20);
  CHECK(zipped.verdict == Verdict::kValid);
  CHECK(zipped.events == v.events);
}

}  // namespace
}  // namespace corosim
