#include "cli/run_command.h"

#include <doctest/doctest.h>

#include <filesystem>

#include "sim/trace/trace_reader.h"
#include "sim/view/gantt_text.h"
#include "sim/view/html_page.h"
#include "tests/support/command_output.h"
#include "tests/support/temp_dir.h"

namespace corosim {
namespace {

using testing::capture_output;
using testing::CommandOutput;
using testing::read_file;
using testing::TempDir;

CommandOutput run(const RunCommandOptions& options, const Console& console = {}) {
  return capture_output(
      [&](std::ostream& out, std::ostream& err) { return run_command(options, out, err, console); });
}

RunCommandOptions program(const std::string& path) {
  RunCommandOptions options;
  options.program = path;
  return options;
}

// The line of a trace file that holds `key` (top-level keys are one per line).
std::string trace_line(const std::string& trace, const std::string& key) {
  size_t begin = trace.find("\n  \"" + key + "\"");
  if (begin == std::string::npos) return "";
  begin += 1;
  return trace.substr(begin, trace.find('\n', begin) - begin);
}

TEST_CASE("run prints exactly what the program prints and exits 0") {
  TempDir dir;
  std::string path = dir.write("p.py",
                               "import asyncio\n"
                               "async def main():\n"
                               "    print('start', end=' ')\n"
                               "    await asyncio.sleep(2)\n"
                               "    print('done')\n"
                               "asyncio.run(main())\n");
  CommandOutput r = run(program(path));
  CHECK(r.err == "");
  CHECK(r.out == "start done\n");
  CHECK(r.status == 0);
}

TEST_CASE("-q keeps the program's output out of stdout but in the trace") {
  TempDir dir;
  RunCommandOptions options = program(dir.write("p.py", "print('hi')\n"));
  options.quiet = true;
  options.trace_path = dir.file("t.json");
  CommandOutput r = run(options);
  CHECK(r.status == 0);
  CHECK(r.out == "");
  CHECK(read_file(dir.file("t.json")).find(
            R"(    {"t": 0.0, "kind": "print", "task": null, "text": "hi\n"})") != std::string::npos);
}

TEST_CASE("--trace writes the seed example's trace as format v1") {
  TempDir dir;
  std::string path = dir.write("p.py",
                               "import asyncio\n"
                               "async def main():\n"
                               "    t = asyncio.create_task(asyncio.sleep(2))\n"
                               "    await t\n"
                               "asyncio.run(main())\n");
  RunCommandOptions options = program(path);
  options.trace_path = dir.file("t.json");
  CommandOutput r = run(options);
  CHECK(r.status == 0);
  std::string trace = read_file(dir.file("t.json"));
  CHECK(trace.rfind("{\n  \"format\": \"corosim-trace\",\n  \"version\": 1,\n  \"program\": \"" + path +
                        "\",\n  \"end_time\": 2.0,\n  \"outcome\": {\"status\": \"ok\"},\n",
                    0) == 0);
  CHECK(trace.find(R"(    {"id": 1, "name": "Task-1", "coro": "main", "parent": null, "created": 0.0, "finished": 2.0, "state": "done", "internal": false},)") !=
        std::string::npos);
  CHECK(trace.find(R"(    {"id": 2, "name": "Task-2", "coro": "sleep", "parent": 1, "created": 0.0, "finished": 2.0, "state": "done", "internal": false},)") !=
        std::string::npos);
  CHECK(trace.find(R"(    {"t": 0.0, "kind": "suspend", "task": 1, "waits_on": {"what": "task", "task": 2, "line": 4}},)") !=
        std::string::npos);
  CHECK(dir.entries() == 2);  // p.py and t.json: no temporary left
}

TEST_CASE("an uncaught exception prints Python's traceback, exits 1 and is the trace's outcome") {
  TempDir dir;
  std::string path = dir.write("p.py",
                               "def f():\n"
                               "    raise ValueError('boom')\n"
                               "print('before')\n"
                               "f()\n");
  RunCommandOptions options = program(path);
  options.trace_path = dir.file("t.json");
  CommandOutput r = run(options);
  CHECK(r.status == 1);
  CHECK(r.out == "before\n");
  CHECK(r.err == "Traceback (most recent call last):\n"
                 "  File \"" + path + "\", line 4, in <module>\n"
                 "    f()\n"
                 "  File \"" + path + "\", line 2, in f\n"
                 "    raise ValueError('boom')\n"
                 "ValueError: boom\n");
  CHECK(trace_line(read_file(dir.file("t.json")), "outcome") ==
        R"(  "outcome": {"status": "error", "error": {"type": "ValueError", "message": "boom", "task": null}},)");
}

TEST_CASE("the error outcome names the task that first raised the exception") {
  TempDir dir;
  std::string path = dir.write("p.py",
                               "import asyncio\n"
                               "async def child():\n"
                               "    raise KeyError('k')\n"
                               "async def main():\n"
                               "    await asyncio.create_task(child())\n"
                               "asyncio.run(main())\n");
  RunCommandOptions options = program(path);
  options.trace_path = dir.file("t.json");
  CommandOutput r = run(options);
  CHECK(r.status == 1);
  CHECK(r.err.substr(r.err.rfind('\n', r.err.size() - 2) + 1) == "KeyError: 'k'\n");
  CHECK(trace_line(read_file(dir.file("t.json")), "outcome") ==
        R"(  "outcome": {"status": "error", "error": {"type": "KeyError", "message": "'k'", "task": 2}},)");
}

TEST_CASE("a deadlock lists every waiting task on stderr and exits 3") {
  TempDir dir;
  std::string path = dir.write("p.py",
                               "import asyncio\n"
                               "async def main():\n"
                               "    print('waiting')\n"
                               "    await asyncio.get_running_loop().create_future()\n"
                               "asyncio.run(main())\n");
  RunCommandOptions options = program(path);
  options.trace_path = dir.file("t.json");
  CommandOutput r = run(options);
  CHECK(r.status == 3);
  CHECK(r.out == "waiting\n");
  CHECK(r.err == "deadlock: nothing is ready and no timer is pending; waiting tasks:\n"
                 "  Task-1 waits on future #1 at line 4\n");
  CHECK(trace_line(read_file(dir.file("t.json")), "outcome") ==
        R"(  "outcome": {"status": "deadlock", "waiting": [1]},)");
}

TEST_CASE("an endless loop hits --max-steps, says so and exits 4") {
  TempDir dir;
  std::string path = dir.write("p.py",
                               "import asyncio\n"
                               "async def main():\n"
                               "    while True:\n"
                               "        pass\n"
                               "asyncio.run(main())\n");
  RunCommandOptions options = program(path);
  options.max_steps = 1000;
  options.trace_path = dir.file("t.json");
  CommandOutput r = run(options);
  CHECK(r.status == 4);
  CHECK(r.err == "corosim: stopped: the program exceeded --max-steps=1000 (interpreter steps); "
                 "raise the limit with --max-steps\n");
  CHECK(trace_line(read_file(dir.file("t.json")), "outcome") ==
        R"(  "outcome": {"status": "limit", "limit": "max-steps"},)");
}

TEST_CASE("--until stops the program at that virtual time and exits 0") {
  TempDir dir;
  std::string path = dir.write("p.py",
                               "import asyncio\n"
                               "async def main():\n"
                               "    print('a')\n"
                               "    await asyncio.sleep(10)\n"
                               "    print('b')\n"
                               "asyncio.run(main())\n");
  RunCommandOptions options = program(path);
  options.until = 3.0;
  options.trace_path = dir.file("t.json");
  CommandOutput r = run(options);
  CHECK(r.status == 0);
  CHECK(r.out == "a\n");
  CHECK(r.err == "");
  std::string trace = read_file(dir.file("t.json"));
  CHECK(trace_line(trace, "end_time") == R"(  "end_time": 3.0,)");
  CHECK(trace_line(trace, "outcome") == R"(  "outcome": {"status": "until"},)");
}

TEST_CASE("a syntax error is reported with its position, exits 2 and writes no trace") {
  TempDir dir;
  std::string path = dir.write("p.py", "x = (1,\n");
  RunCommandOptions options = program(path);
  options.trace_path = dir.file("t.json");
  CommandOutput r = run(options);
  CHECK(r.status == 2);
  CHECK(r.out == "");
  CHECK(r.err.rfind(path + ":1:5: SyntaxError: ", 0) == 0);
  CHECK_FALSE(std::filesystem::exists(dir.file("t.json")));
}

TEST_CASE("a file that is not UTF-8 is refused with the byte offset") {
  TempDir dir;
  std::string path = dir.write("p.py", "print('ok')\n\xff\n");
  CommandOutput r = run(program(path));
  CHECK(r.status == 2);
  CHECK(r.err == path + ": not valid UTF-8 at byte 12\n");
}

TEST_CASE("an unwritable trace path is refused before the program runs") {
  TempDir dir;
  RunCommandOptions options = program(dir.write("p.py", "print('ran')\n"));
  options.trace_path = dir.file("missing/t.json");
  CommandOutput r = run(options);
  CHECK(r.status == 2);
  CHECK(r.out == "");
  CHECK(r.err == "corosim: cannot write '" + dir.file("missing/t.json") +
                     "': No such file or directory (does the directory '" + dir.file("missing/") +
                     "' exist?)\n");
}

TEST_CASE("a trace path that is a directory is refused before the program runs, even one that deadlocks") {
  TempDir dir;
  std::filesystem::create_directory(dir.file("adir"));
  for (const char* source : {"print('ran')\n",
                             "import asyncio\nasync def main():\n    await asyncio.get_running_loop().create_future()\n"
                             "asyncio.run(main())\n"}) {
    RunCommandOptions options = program(dir.write("p.py", source));
    options.trace_path = dir.file("adir");
    CommandOutput r = run(options);
    CHECK(r.status == 2);
    CHECK(r.out == "");
    CHECK(r.err == "corosim: cannot write '" + dir.file("adir") + "': Is a directory\n");
    CHECK(std::filesystem::is_empty(dir.file("adir")));
  }
}

TEST_CASE("two runs of the same program write byte-identical traces") {
  TempDir dir;
  std::string path = dir.write("p.py",
                               "import asyncio\n"
                               "async def sleep():\n"
                               "    await asyncio.sleep(0.1)\n"
                               "    return 'sleep'\n"
                               "async def main():\n"
                               "    print(await asyncio.gather(*[sleep() for _ in range(5)]))\n"
                               "asyncio.run(main())\n");
  for (const char* name : {"a.json", "b.json"}) {
    RunCommandOptions options = program(path);
    options.trace_path = dir.file(name);
    CHECK(run(options).status == 0);
  }
  CHECK(read_file(dir.file("a.json")) == read_file(dir.file("b.json")));
}

constexpr const char* kDeadlocks =
    "import asyncio\n"
    "async def child():\n"
    "    await asyncio.sleep(1)\n"
    "async def main():\n"
    "    await asyncio.create_task(child())\n"
    "    print('waiting')\n"
    "    await asyncio.get_running_loop().create_future()\n"
    "asyncio.run(main())\n";

// The trace file `path` read back (the test fails if it cannot be read).
Trace read_back(const std::string& path) {
  TraceReadResult r = read_trace(path);
  REQUIRE_MESSAGE(r.ok(), r.error);
  return r.trace;
}

TEST_CASE("--html, --chrome-trace and --gantt show the run, also when it deadlocks; the chart follows the output") {
  TempDir dir;
  RunCommandOptions options = program(dir.write("p.py", kDeadlocks));
  options.trace_path = dir.file("t.json");
  options.views.html_path = dir.file("t.html");
  options.views.chrome_trace_path = dir.file("chrome.json");
  options.views.gantt = true;
  CommandOutput r = run(options);
  CHECK(r.status == 3);
  Trace trace = read_back(dir.file("t.json"));
  CHECK(trace.outcome.status == Outcome::Status::kDeadlock);
  CHECK(r.out == "waiting\n" + render_gantt(trace, GanttOptions{}));
  CHECK(read_file(dir.file("t.html")) == html_page(trace).html);
  CHECK(read_file(dir.file("chrome.json")).size() > 2);
  CHECK(dir.entries() == 4);  // p.py and the three outputs: no temporary left
}

TEST_CASE("--gantt alone prints the chart even with -q, sized by --width") {
  TempDir dir;
  RunCommandOptions options = program(dir.write("p.py", kDeadlocks));
  options.quiet = true;
  options.views.gantt = true;
  options.views.width = 60;
  options.views.all_tasks = true;
  options.trace_path = dir.file("t.json");
  CommandOutput r = run(options);
  CHECK(r.status == 3);
  CHECK(r.out == render_gantt(read_back(dir.file("t.json")), GanttOptions{60, false, true}));
}

TEST_CASE("without --width the chart takes the terminal's width, else $COLUMNS, else 100; colours on a terminal") {
  TempDir dir;
  RunCommandOptions options = program(dir.write("p.py", kDeadlocks));
  options.quiet = true;
  options.views.gantt = true;
  options.trace_path = dir.file("t.json");
  struct Case {
    Console console;
    GanttOptions expected;
  };
  for (const Case& c : {Case{Console{true, 132, "72"}, GanttOptions{132, true, false}},
                        Case{Console{false, 132, "72"}, GanttOptions{72, false, false}},
                        Case{Console{false, 0, "lots"}, GanttOptions{100, false, false}},
                        Case{Console{}, GanttOptions{100, false, false}}}) {
    CommandOutput r = run(options, c.console);
    CHECK(r.out == render_gantt(read_back(dir.file("t.json")), c.expected));
  }
}

TEST_CASE("an unwritable --html or --chrome-trace path is refused before the program runs") {
  TempDir dir;
  RunCommandOptions options = program(dir.write("p.py", "print('ran')\n"));
  options.views.chrome_trace_path = dir.file("missing/c.json");
  CommandOutput r = run(options);
  CHECK(r.status == 2);
  CHECK(r.out == "");
  CHECK(r.err == "corosim: cannot write '" + dir.file("missing/c.json") +
                     "': No such file or directory (does the directory '" + dir.file("missing/") + "' exist?)\n");
  options.views.chrome_trace_path.reset();
  options.views.html_path = dir.path().string();
  r = run(options);
  CHECK(r.status == 2);
  CHECK(r.err == "corosim: cannot write '" + dir.path().string() + "': Is a directory\n");
}

TEST_CASE("two outputs naming one file, or an output over the program, are refused before the program runs") {
  TempDir dir;
  RunCommandOptions options = program(dir.write("p.py", "print('ran')\n"));
  options.trace_path = dir.file("x.json");
  options.views.chrome_trace_path = dir.file("sub/../x.json");
  CommandOutput r = run(options);
  CHECK(r.status == 2);
  CHECK(r.out == "");
  CHECK(r.err == "corosim: --trace '" + dir.file("x.json") + "' and --chrome-trace '" + dir.file("sub/../x.json") +
                     "' name the same file: give each output its own path\n");

  options = program(dir.file("p.py"));
  options.views.html_path = dir.file("./p.py");
  r = run(options);
  CHECK(r.status == 2);
  CHECK(r.out == "");
  CHECK(r.err == "corosim: --html '" + dir.file("./p.py") + "' is the program being run ('" + dir.file("p.py") +
                     "'): writing it would replace it; give the output another path\n");
  CHECK(read_file(dir.file("p.py")) == "print('ran')\n");
  CHECK(dir.entries() == 1);
}

}  // namespace
}  // namespace corosim
