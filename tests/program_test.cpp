#include "sim/program.h"

#include <doctest/doctest.h>

#include <sstream>

#include "sim/front/source.h"
#include "tests/support/temp_dir.h"

namespace corosim {
namespace {

using testing::TempDir;

// Records create events and the outcome: enough to see which tasks ran.
class CreateRecorder final : public TraceSink {
 public:
  std::string log;
  Outcome outcome;
  double end_time = -1;
  void on_create(double t, const TaskInfo& task) override {
    log += std::to_string(t) + " create " + task.name + " " + task.coro + "\n";
  }
  void on_rename(TaskId, const std::string&) override {}
  void on_resume(double, TaskId) override {}
  void on_suspend(double, TaskId, const WaitsOn&) override {}
  void on_done(double, TaskId, const TaskEnd&) override {}
  void on_cancel(double, TaskId, TaskId, const std::optional<std::string>&) override {}
  void on_print(double, TaskId, const std::string&) override {}
  void on_end(double t, const Outcome& o) override {
    end_time = t;
    outcome = o;
  }
};

struct Ran {
  RunResult result;
  std::string out, err;
};

Ran run_file(const std::string& path, TraceSink* trace = nullptr) {
  LoadedProgram program = load_program(path);
  REQUIRE(program.ok());
  std::ostringstream out, err;
  RunOptions options;
  options.out = &out;
  options.err = &err;
  options.trace = trace;
  RunResult result = run_program(program, options);
  return {result, out.str(), err.str()};
}

TEST_CASE("load_program reports a missing file as a file-level diagnostic") {
  LoadedProgram program = load_program("/no/such/file.py");
  CHECK_FALSE(program.ok());
  CHECK(program.error->format() == "/no/such/file.py: cannot open file: No such file or directory");
}

TEST_CASE("load_program reports a syntax error with its position") {
  TempDir dir;
  std::string path = dir.write("p.py", "def f(:\n    pass\n");
  LoadedProgram program = load_program(path);
  REQUIRE_FALSE(program.ok());
  CHECK(program.error->line == 1);
  CHECK(program.error->kind == "SyntaxError");
  CHECK(program.source != nullptr);
}

TEST_CASE("a module with top-level await runs as the main task <module>") {
  TempDir dir;
  std::string path = dir.write("p.py",
                               "import asyncio\n"
                               "await asyncio.sleep(1.5)\n"
                               "print('done')\n");
  CreateRecorder trace;
  Ran r = run_file(path, &trace);
  CHECK(r.out == "done\n");
  CHECK(r.result.exit_code == ExitCode::kOk);
  CHECK(r.result.end_time == 1.5);
  CHECK(trace.end_time == 1.5);
  CHECK(trace.log ==
        "0.000000 create Task-1 <module>\n"
        "1.500000 create Task-2 BaseEventLoop.shutdown_asyncgens\n"
        "1.500000 create Task-3 BaseEventLoop.shutdown_default_executor\n");
}

TEST_CASE("every run starts afresh: Task-1 again, the clock at 0, builtins and modules intact") {
  TempDir dir;
  std::string path = dir.write("p.py",
                               "import asyncio, time\n"
                               "async def main():\n"
                               "    await asyncio.sleep(2)\n"
                               "    print(asyncio.current_task().get_name(), time.time())\n"
                               "asyncio.run(main())\n");
  for (int i = 0; i < 3; ++i) {
    Ran r = run_file(path);
    CHECK(r.err == "");
    CHECK(r.out == "Task-1 2.0\n");
  }
}

TEST_CASE("a run stopped by a limit inside a module-level except leaves nothing handled for the next run") {
  TempDir dir;
  std::string stuck = dir.write("stuck.py",
                                "try:\n"
                                "    raise ValueError('stale')\n"
                                "except:\n"
                                "    while True:\n"
                                "        pass\n");
  LoadedProgram first = load_program(stuck);
  REQUIRE(first.ok());
  std::ostringstream out, err;
  RunOptions limited;
  limited.out = &out;
  limited.err = &err;
  limited.max_steps = 1000;
  CHECK(run_program(first, limited).exit_code == ExitCode::kLimit);

  std::string reraise = dir.write("reraise.py", "raise\n");
  Ran r = run_file(reraise);
  CHECK(r.result.exit_code == ExitCode::kException);
  CHECK(r.err ==
        "Traceback (most recent call last):\n"
        "  File \"" + reraise + "\", line 1, in <module>\n"
        "    raise\n"
        "RuntimeError: No active exception to reraise\n");
}

TEST_CASE("an uncaught exception gives outcome error with type and message") {
  TempDir dir;
  std::string path = dir.write("p.py", "x = {}\nx['k']\n");
  CreateRecorder trace;
  Ran r = run_file(path, &trace);
  CHECK(r.result.exit_code == ExitCode::kException);
  CHECK(trace.outcome.status == Outcome::Status::kError);
  CHECK(trace.outcome.error_type == "KeyError");
  CHECK(trace.outcome.error_message == "'k'");
  CHECK(trace.outcome.error_task == 0);
}

TEST_CASE("a cancelled main task escapes as CancelledError naming the task") {
  TempDir dir;
  std::string path = dir.write("p.py",
                               "import asyncio\n"
                               "async def main():\n"
                               "    asyncio.current_task().cancel()\n"
                               "    await asyncio.sleep(1)\n"
                               "asyncio.run(main())\n");
  CreateRecorder trace;
  Ran r = run_file(path, &trace);
  CHECK(r.result.exit_code == ExitCode::kException);
  CHECK(trace.outcome.error_type == "CancelledError");
  CHECK(trace.outcome.error_task == 1);
}

TEST_CASE("SystemExit ends the run as CPython's silently, None/0 as a normal end") {
  // CPython 3.11.7: exit 0 and nothing on stderr for SystemExit, SystemExit(0);
  // nothing on stderr for SystemExit(3) (exit 3 there, 1 in corosim, whose 2..4
  // have their own meanings); str(code) + newline on stderr, exit 1, otherwise.
  struct Case {
    const char* raise;
    ExitCode code;
    const char* err;
    Outcome::Status status;
    const char* message;
  };
  const Case cases[] = {
      {"raise SystemExit", ExitCode::kOk, "", Outcome::Status::kOk, ""},
      {"raise SystemExit(0)", ExitCode::kOk, "", Outcome::Status::kOk, ""},
      {"raise SystemExit(None)", ExitCode::kOk, "", Outcome::Status::kOk, ""},
      {"raise SystemExit(3)", ExitCode::kException, "", Outcome::Status::kError, "3"},
      {"raise SystemExit('bye now')", ExitCode::kException, "bye now\n", Outcome::Status::kError,
       "bye now"},
      {"raise SystemExit(1, 2)", ExitCode::kException, "(1, 2)\n", Outcome::Status::kError,
       "(1, 2)"},
  };
  for (const Case& c : cases) {
    const std::string raise = c.raise;
    CAPTURE(raise);
    TempDir dir;
    std::string path = dir.write("p.py", std::string("print('a')\n") + c.raise + "\nprint('b')\n");
    CreateRecorder trace;
    Ran r = run_file(path, &trace);
    CHECK(r.out == "a\n");
    CHECK(r.err == c.err);
    CHECK(r.result.exit_code == c.code);
    CHECK(trace.outcome.status == c.status);
    CHECK(trace.end_time == 0);  // the trace is still ended
    if (c.status == Outcome::Status::kError) {
      CHECK(trace.outcome.error_type == "SystemExit");
      CHECK(trace.outcome.error_message == c.message);
    }
  }
}

TEST_CASE("SystemExit escaping asyncio.run's main task, or another task, ends the run the same way") {
  TempDir dir;
  std::string from_main = dir.write("main.py",
                                    "import asyncio\n"
                                    "async def main():\n"
                                    "    await asyncio.sleep(1)\n"
                                    "    raise SystemExit(2)\n"
                                    "asyncio.run(main())\n");
  CreateRecorder trace;
  Ran r = run_file(from_main, &trace);
  CHECK(r.err == "");
  CHECK(r.result.exit_code == ExitCode::kException);
  CHECK(trace.outcome.error_type == "SystemExit");
  CHECK(trace.outcome.error_message == "2");
  CHECK(trace.end_time == 1);

  // CPython 3.11.7 prints "main finally" and, on stderr, "from child" then
  // the child's "Task exception was never retrieved" report, which corosim
  // prints first: the task is freed as the exception unwinds main's frame,
  // which CPython's traceback keeps alive until exit (README, Known differences).
  std::string from_child = dir.write("child.py",
                                     "import asyncio\n"
                                     "async def child():\n"
                                     "    await asyncio.sleep(1)\n"
                                     "    raise SystemExit('from child')\n"
                                     "async def main():\n"
                                     "    t = asyncio.create_task(child())\n"
                                     "    try:\n"
                                     "        await asyncio.sleep(5)\n"
                                     "    finally:\n"
                                     "        print('main finally')\n"
                                     "asyncio.run(main())\n");
  Ran c = run_file(from_child);
  CHECK(c.out == "main finally\n");
  CHECK(c.err.starts_with("Task exception was never retrieved\nfuture: <Task finished name='Task-2' coro=<child() "
                          "done, defined at "));
  CHECK(c.err.ends_with("    raise SystemExit('from child')\nSystemExit: from child\nfrom child\n"));
  CHECK(c.result.exit_code == ExitCode::kException);
}

TEST_CASE("exit codes are the documented numbers") {
  CHECK(static_cast<int>(ExitCode::kOk) == 0);
  CHECK(static_cast<int>(ExitCode::kException) == 1);
  CHECK(static_cast<int>(ExitCode::kUnusable) == 2);
  CHECK(static_cast<int>(ExitCode::kDeadlock) == 3);
  CHECK(static_cast<int>(ExitCode::kLimit) == 4);
  for (size_t i = 0; i < std::size(kExitCodes); ++i) CHECK(static_cast<size_t>(kExitCodes[i].code) == i);
}

}  // namespace
}  // namespace corosim
