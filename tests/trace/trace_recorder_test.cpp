#include "sim/trace/trace_recorder.h"

#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>

#include "sim/program.h"
#include "sim/trace/json_trace_writer.h"
#include "sim/trace/tee_trace_sink.h"
#include "sim/trace/trace_reader.h"
#include "tests/support/temp_dir.h"

namespace corosim {
namespace {

using testing::TempDir;

const std::filesystem::path kScenarios =
    std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / "scenarios";

bool same_number(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

void check_same_outcome(const Outcome& a, const Outcome& b) {
  CHECK(a.status == b.status);
  CHECK(a.error_type == b.error_type);
  CHECK(a.error_message == b.error_message);
  CHECK(a.error_task == b.error_task);
  CHECK(a.waiting == b.waiting);
  CHECK(a.limit == b.limit);
}

void check_same_trace(const Trace& a, const Trace& b) {
  CHECK(a.program == b.program);
  CHECK(a.end_time == b.end_time);
  check_same_outcome(a.outcome, b.outcome);
  REQUIRE(a.tasks.size() == b.tasks.size());
  for (size_t i = 0; i < a.tasks.size(); ++i) {
    CAPTURE(i);
    const TraceTask& x = a.tasks[i];
    const TraceTask& y = b.tasks[i];
    CHECK(x.id == static_cast<TaskId>(i + 1));
    CHECK(x.id == y.id);
    CHECK(x.name == y.name);
    CHECK(x.coro == y.coro);
    CHECK(x.parent == y.parent);
    CHECK(x.created == y.created);
    CHECK(same_number(x.finished, y.finished));
    CHECK(x.state == y.state);
    CHECK(x.internal == y.internal);
  }
  REQUIRE(a.events.size() == b.events.size());
  for (size_t i = 0; i < a.events.size(); ++i) {
    CAPTURE(i);
    const TraceEvent& x = a.events[i];
    const TraceEvent& y = b.events[i];
    CHECK(x.t == y.t);
    CHECK(x.kind == y.kind);
    CHECK(x.task == y.task);
    CHECK(x.other == y.other);
    CHECK(x.waits_on.what == y.waits_on.what);
    CHECK(x.waits_on.until == y.waits_on.until);
    CHECK(x.waits_on.task == y.waits_on.task);
    CHECK(x.waits_on.tasks == y.waits_on.tasks);
    CHECK(x.state == y.state);
    CHECK(x.text == y.text);
    CHECK(x.message == y.message);
    CHECK(x.has_msg == y.has_msg);
  }
}

struct Recorded {
  Trace recorded;  // by TraceRecorder
  Trace read;      // from the --trace file of the same run
};

// Runs `program` once, writing its JSON trace and recording it through a tee.
Recorded run_both_ways(const std::string& program, std::optional<double> until = std::nullopt) {
  TempDir dir;
  LoadedProgram loaded = load_program(program);
  REQUIRE_MESSAGE(loaded.ok(), loaded.error->format());
  JsonTraceWriter writer(dir.file("t.json"), program);
  TraceRecorder recorder(program);
  TeeTraceSink tee({&writer, &recorder});
  RunOptions options;
  options.trace = &tee;
  options.until = until;
  run_program(loaded, options);
  REQUIRE(writer.committed());
  TraceReadResult read = read_trace(dir.file("t.json"));
  REQUIRE_MESSAGE(read.ok(), read.error);
  return {recorder.trace(), read.trace};
}

TEST_CASE("the recorded trace equals the one read back from the JSON trace of the same run") {
  for (const char* scenario : {"seed/notebook.py", "cancellation/cancel_with_message.py",
                               "cancellation/exit_cancel_chain.py", "basics/named_tasks.py",
                               "gather/nested_gather.py", "gather/gather_exception.py",
                               "errors/error_in_child_crashes_program.py", "timing/blocking_sleep_starves_loop.py"}) {
    CAPTURE(scenario);
    Recorded r = run_both_ways((kScenarios / scenario).string());
    CHECK(r.recorded.events.size() > 0);
    check_same_trace(r.recorded, r.read);
  }
}

TEST_CASE("a rename, an infinite sleep, a deadlock and prints outside any task are recorded as the file has them") {
  TempDir dir;
  std::string path = dir.write("p.py",
                               "import asyncio\n"
                               "print('outside')\n"
                               "async def forever():\n"
                               "    await asyncio.sleep(float('inf'))\n"
                               "async def main():\n"
                               "    t = asyncio.create_task(forever())\n"
                               "    t.set_name('renamed')\n"
                               "    await asyncio.sleep(0)\n"
                               "    t.cancel('enough')\n"
                               "    await asyncio.sleep(0)\n"
                               "    await asyncio.get_running_loop().create_future()\n"
                               "asyncio.run(main())\n");
  Recorded r = run_both_ways(path);
  check_same_trace(r.recorded, r.read);
  const Trace& t = r.recorded;
  CHECK(t.outcome.status == Outcome::Status::kDeadlock);
  REQUIRE(t.tasks.size() >= 2);
  CHECK(std::isnan(t.tasks[0].finished));
  CHECK(t.tasks[0].state == TraceTask::State::kPending);
  CHECK(t.tasks[1].name == "renamed");
  CHECK(t.tasks[1].state == TraceTask::State::kCancelled);
  CHECK(t.events.front().kind == TraceEvent::Kind::kPrint);
  CHECK(t.events.front().task == 0);
  bool infinite_sleep = false;
  for (const TraceEvent& e : t.events) {
    if (e.kind == TraceEvent::Kind::kSuspend && e.waits_on.what == WaitsOn::What::kSleep) {
      infinite_sleep = std::isinf(e.waits_on.until);
    }
  }
  CHECK(infinite_sleep);
}

TEST_CASE("a run stopped by --until ends at that time with outcome until") {
  Recorded r = run_both_ways((kScenarios / "timing/long_sleep.py").string(), 1.5);
  check_same_trace(r.recorded, r.read);
  CHECK(r.recorded.end_time == 1.5);
  CHECK(r.recorded.outcome.status == Outcome::Status::kUntil);
}

TEST_CASE("the tee hands every event to each sink in order") {
  TraceRecorder a("p.py"), b("p.py");
  TeeTraceSink tee({&a, &b});
  tee.on_create(0, TaskInfo{1, "Task-1", "main", 0, false});
  tee.on_rename(1, "x");
  tee.on_resume(0, 1);
  tee.on_cancel(1, 1, 0, std::string("why"));
  tee.on_done(2, 1, TaskEnd{TaskEnd::State::kCancelled, "", "", "", nullptr});
  tee.on_end(2, Outcome{});
  check_same_trace(a.trace(), b.trace());
  CHECK(a.trace().tasks.at(0).name == "x");
  CHECK(a.trace().tasks.at(0).state == TraceTask::State::kCancelled);
  CHECK(a.trace().tasks.at(0).finished == 2);
  CHECK(a.trace().events.at(2).has_msg);
  CHECK(a.trace().events.at(2).text == "why");
  CHECK(a.trace().end_time == 2);
}

}  // namespace
}  // namespace corosim
