#include "cli/view_command.h"

#include <doctest/doctest.h>

#include <sstream>

#include "cli/run_command.h"
#include "sim/trace/trace_reader.h"
#include "sim/view/gantt_text.h"
#include "tests/support/command_output.h"
#include "tests/support/temp_dir.h"

namespace corosim {
namespace {

using testing::capture_output;
using testing::CommandOutput;
using testing::read_file;
using testing::TempDir;

CommandOutput view(const ViewCommandOptions& options, const Console& console = {}) {
  return capture_output(
      [&](std::ostream& out, std::ostream& err) { return view_command(options, out, err, console); });
}

// A valid trace of a run that did nothing.
constexpr const char* kEmptyTrace =
    "{\"format\": \"corosim-trace\", \"version\": 1, \"program\": \"p.py\", \"end_time\": 0.0,"
    " \"outcome\": {\"status\": \"ok\"}, \"tasks\": [], \"events\": []}";

ViewCommandOptions trace_file(const std::string& path) {
  ViewCommandOptions options;
  options.trace_path = path;
  return options;
}

constexpr const char* kProgram =
    "import asyncio\n"
    "async def work(n):\n"
    "    await asyncio.sleep(n)\n"
    "    return n\n"
    "async def main():\n"
    "    print(await asyncio.gather(work(1), work(2)))\n"
    "asyncio.run(main())\n";

TEST_CASE("view writes the same page and chart as the run that wrote the trace") {
  TempDir dir;
  RunCommandOptions run;
  run.program = dir.write("p.py", kProgram);
  run.trace_path = dir.file("t.json");
  run.views.html_path = dir.file("run.html");
  run.views.chrome_trace_path = dir.file("run-chrome.json");
  run.views.gantt = true;
  std::ostringstream run_out, run_err;
  REQUIRE(run_command(run, run_out, run_err) == 0);

  ViewCommandOptions options = trace_file(dir.file("t.json"));
  options.views.html_path = dir.file("view.html");
  options.views.chrome_trace_path = dir.file("view-chrome.json");
  options.views.gantt = true;
  CommandOutput r = view(options);
  CHECK(r.status == 0);
  CHECK(r.err == "");
  CHECK(run_out.str() == "[1, 2]\n" + r.out);
  CHECK(read_file(dir.file("view.html")) == read_file(dir.file("run.html")));
  CHECK(read_file(dir.file("view-chrome.json")) == read_file(dir.file("run-chrome.json")));
}

TEST_CASE("view with no output flag prints the Gantt chart") {
  TempDir dir;
  RunCommandOptions run;
  run.program = dir.write("p.py", kProgram);
  run.trace_path = dir.file("t.json");
  run.quiet = true;
  std::ostringstream run_out, run_err;
  REQUIRE(run_command(run, run_out, run_err) == 0);
  CommandOutput r = view(trace_file(dir.file("t.json")), Console{true, 80, std::nullopt});
  CHECK(r.status == 0);
  CHECK(r.out == render_gantt(read_trace(dir.file("t.json")).trace, GanttOptions{80, true, false}));
  CHECK(dir.entries() == 2);
}

TEST_CASE("a trace that cannot be read is one message naming the file, exit 2, and no output file") {
  TempDir dir;
  std::string bad = dir.write("bad.json", "{\"format\": \"corosim-trace\",\n \"version\": 1,,}");
  ViewCommandOptions options = trace_file(bad);
  options.views.html_path = dir.file("out.html");
  CommandOutput r = view(options);
  CHECK(r.status == 2);
  CHECK(r.out == "");
  CHECK(r.err.rfind(bad + ":2:15: not valid JSON: ", 0) == 0);
  CHECK(r.err.find('\n') == r.err.size() - 1);
  CHECK(dir.entries() == 1);

  r = view(trace_file(dir.file("none.json")));
  CHECK(r.status == 2);
  CHECK(r.err == dir.file("none.json") + ": cannot open file: No such file or directory\n");
}

TEST_CASE("an unwritable output is reported with exit 2 and nothing printed") {
  TempDir dir;
  std::string trace = dir.write("t.json", kEmptyTrace);
  ViewCommandOptions options = trace_file(trace);
  options.views.html_path = dir.file("no/dir/out.html");
  options.views.gantt = true;
  CommandOutput r = view(options);
  CHECK(r.status == 2);
  CHECK(r.out == "");
  CHECK(r.err.rfind("corosim: cannot write '" + dir.file("no/dir/out.html") + "': ", 0) == 0);
}

TEST_CASE("an unwritable output is refused before the trace is read, and a bad trace leaves no output") {
  TempDir dir;
  ViewCommandOptions options = trace_file(dir.file("none.json"));
  options.views.html_path = dir.file("no/dir/out.html");
  CommandOutput r = view(options);
  CHECK(r.status == 2);
  CHECK(r.err.rfind("corosim: cannot write '" + dir.file("no/dir/out.html") + "': ", 0) == 0);

  options.views.html_path = dir.file("out.html");
  r = view(options);
  CHECK(r.status == 2);
  CHECK(r.err == dir.file("none.json") + ": cannot open file: No such file or directory\n");
  CHECK(dir.entries() == 0);
}

TEST_CASE("view refuses two outputs naming one file, and an output over the trace it reads") {
  TempDir dir;
  std::string trace = dir.write("t.json", kEmptyTrace);
  ViewCommandOptions options = trace_file(trace);
  options.views.html_path = dir.file("v");
  options.views.chrome_trace_path = dir.file("v");
  CommandOutput r = view(options);
  CHECK(r.status == 2);
  CHECK(r.out == "");
  CHECK(r.err == "corosim: --html '" + dir.file("v") + "' and --chrome-trace '" + dir.file("v") +
                     "' name the same file: give each output its own path\n");

  options = trace_file(trace);
  options.views.chrome_trace_path = trace;
  r = view(options);
  CHECK(r.status == 2);
  CHECK(r.err == "corosim: --chrome-trace '" + trace + "' is the trace being read ('" + trace +
                     "'): writing it would replace it; give the output another path\n");
  CHECK(dir.entries() == 1);
}

}  // namespace
}  // namespace corosim
