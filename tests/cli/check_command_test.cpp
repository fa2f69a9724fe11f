#include "cli/check_command.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <sstream>

#include "cli/commands.h"
#include "tests/support/command_output.h"
#include "tests/support/temp_dir.h"

namespace corosim {
namespace {

namespace fs = std::filesystem;
using testing::capture_output;
using testing::CommandOutput;
using testing::read_file;
using testing::TempDir;

// Two tasks: worker sleeps DELAY, main sleeps 2; which resumes first at t=2
// depends on DELAY.
std::string two_tasks(const std::string& delay) {
  return "import asyncio\n"
         "async def worker():\n"
         "    await asyncio.sleep(" + delay + ")\n"
         "    print('worker done')\n"
         "async def main():\n"
         "    t = asyncio.create_task(worker())\n"
         "    await asyncio.sleep(2)\n"
         "    print('main done')\n"
         "    await t\n"
         "asyncio.run(main())\n";
}

CommandOutput check(const CheckCommandOptions& options) {
  return capture_output([&](std::ostream& out, std::ostream& err) { return check_command(options, out, err); });
}

CheckCommandOptions options_for(const std::string& program, bool update = false) {
  CheckCommandOptions options;
  options.program = program;
  options.update = update;
  return options;
}

TEST_CASE("check --update records a golden, then check passes without echoing the program") {
  TempDir dir;
  std::string program = dir.write("p.py", two_tasks("1"));
  std::string golden = dir.file("p.trace.json");
  CommandOutput r = check(options_for(program, true));
  CHECK(r.status == 0);
  CHECK(r.out == "updated " + golden + "\n");
  CHECK(r.err == "");
  CHECK(read_file(golden).find("\"program\": \"p.py\"") != std::string::npos);

  r = check(options_for(program));
  CHECK(r.status == 0);
  CHECK(r.out == "PASS " + program + "\n");
  CHECK(r.err == "");

  r = check(options_for(program, true));
  CHECK(r.status == 0);
  CHECK(r.out == "unchanged " + golden + "\n");
}

TEST_CASE("a changed sleep fails the check at the first differing step and leaves the golden alone") {
  TempDir dir;
  std::string program = dir.write("p.py", two_tasks("1"));
  std::string golden = dir.file("p.trace.json");
  REQUIRE(check(options_for(program, true)).status == 0);
  std::string recorded = read_file(golden);

  dir.write("p.py", two_tasks("3"));
  CommandOutput r = check(options_for(program));
  CHECK(r.status == 1);
  CHECK(r.err == "");
  CHECK(r.out.starts_with("FAIL " + program + ": at t="));
  CHECK(r.out.substr(0, r.out.find('\n')).find("step") != std::string::npos);
  CHECK(r.out.find('\n') + 1 < r.out.size());  // the report follows the first line
  CHECK(r.out.ends_with("\n"));
  CHECK(read_file(golden) == recorded);

  // --update accepts the change deliberately.
  r = check(options_for(program, true));
  CHECK(r.out == "updated " + golden + "\n");
  CHECK(check(options_for(program)).status == 0);
}

TEST_CASE("--ignore-times passes a change of delays that keeps the schedule") {
  TempDir dir;
  std::string program = dir.write("p.py", two_tasks("1"));
  REQUIRE(check(options_for(program, true)).status == 0);
  dir.write("p.py", two_tasks("1.5"));
  CHECK(check(options_for(program)).status == 1);
  CheckCommandOptions options = options_for(program);
  options.diff.ignore_times = true;
  CommandOutput r = check(options);
  CHECK(r.status == 0);
  CHECK(r.out == "PASS " + program + "\n");
}

TEST_CASE("--ignore-lines passes a program whose code moved; without it the moved line is named") {
  TempDir dir;
  std::string program = dir.write("p.py", two_tasks("1"));
  REQUIRE(check(options_for(program, true)).status == 0);
  dir.write("p.py", "# a comment moves every line down\n" + two_tasks("1"));
  CommandOutput moved = check(options_for(program));
  CHECK(moved.status == 1);
  CHECK(moved.out.starts_with("FAIL " + program +
                              ": at t=0 s, step 1: Task-1 sleeps until 2 s in both, but at line 8 instead of line 7\n"));
  CheckCommandOptions options = options_for(program);
  options.diff.ignore_lines = true;
  CHECK(check(options).out == "PASS " + program + "\n");
  std::ostringstream out, err;
  CHECK(corosim_main({"corosim", "check", "--ignore-lines", program}, out, err) == 0);
}

TEST_CASE("check without a golden is unusable, says how to record it and writes nothing") {
  TempDir dir;
  std::string program = dir.write("p.py", two_tasks("1"));
  CommandOutput r = check(options_for(program));
  CHECK(r.status == 2);
  CHECK(r.out == "");
  CHECK(r.err == "no golden " + dir.file("p.trace.json") + "; run corosim check " + program +
                     " --update to record it\n");
  CHECK(dir.entries() == 1);

  CheckCommandOptions options = options_for(program);
  options.golden = dir.file("g.json");
  r = check(options);
  CHECK(r.status == 2);
  CHECK(r.err == "no golden " + dir.file("g.json") + "; run corosim check " + program + " --golden " +
                     dir.file("g.json") + " --update to record it\n");
  CHECK(dir.entries() == 1);
}

TEST_CASE("--golden names where the golden is, for checking and for --update") {
  TempDir dir;
  std::string program = dir.write("p.py", two_tasks("1"));
  CheckCommandOptions options = options_for(program, true);
  options.golden = dir.file("elsewhere.json");
  CHECK(check(options).out == "updated " + dir.file("elsewhere.json") + "\n");
  CHECK_FALSE(fs::exists(dir.file("p.trace.json")));
  options.update = false;
  CHECK(check(options).status == 0);
}

TEST_CASE("a golden of another program, a malformed golden, a bad program: exit 2 with one line") {
  TempDir dir;
  std::string program = dir.write("p.py", two_tasks("1"));
  std::string other = dir.write("q.py", two_tasks("1"));
  CheckCommandOptions options = options_for(other, true);
  options.golden = dir.file("p.trace.json");
  REQUIRE(check(options).status == 0);

  CommandOutput r = check(options_for(program));
  CHECK(r.status == 2);
  CHECK(r.out == "");
  CHECK(r.err == dir.file("p.trace.json") + ": recorded from a different program (q.py), not p.py\n");

  // --update does not replace it: a mistyped --golden would lose q.py's.
  std::string before = testing::read_file(dir.file("p.trace.json"));
  r = check(options_for(program, true));
  CHECK(r.status == 2);
  CHECK(r.out == "");
  CHECK(r.err == dir.file("p.trace.json") + ": recorded from a different program (q.py), not p.py; delete it, or "
                     "pass --golden FILE to record " + program + "'s golden elsewhere\n");
  CHECK(testing::read_file(dir.file("p.trace.json")) == before);

  fs::create_directories(dir.file("d.trace.json"));
  r = check(options_for(dir.write("d.py", two_tasks("1"))));
  CHECK(r.status == 2);
  CHECK(r.err == dir.file("d.trace.json") + ": cannot read file: Is a directory\n");

  dir.write("p.trace.json", "{\"format\": \"corosim-trace\",\n \"version\": 1,,}");
  r = check(options_for(program));
  CHECK(r.status == 2);
  CHECK(r.err.starts_with(dir.file("p.trace.json") + ":2:"));
  CHECK(r.err.find('\n') == r.err.size() - 1);

  std::string broken = dir.write("broken.py", "def f(:\n");
  r = check(options_for(broken, true));
  CHECK(r.status == 2);
  CHECK(r.err.starts_with(broken + ":1:"));
  CHECK_FALSE(fs::exists(dir.file("broken.trace.json")));
}

TEST_CASE("a failing program is pinned like any other: its failure is in the golden") {
  TempDir dir;
  std::string program = dir.write("p.py",
                                  "import asyncio\n"
                                  "async def main():\n"
                                  "    print('about to fail')\n"
                                  "    await asyncio.sleep(1)\n"
                                  "    raise ValueError('boom')\n"
                                  "asyncio.run(main())\n");
  CommandOutput r = check(options_for(program, true));
  CHECK(r.status == 0);
  CHECK(r.err == "");
  CHECK(read_file(dir.file("p.trace.json")).find("\"status\": \"error\"") != std::string::npos);
  r = check(options_for(program));
  CHECK(r.status == 0);
  CHECK(r.out == "PASS " + program + "\n");
  CHECK(r.err == "");
}

TEST_CASE("--tasks with a name no task has is unusable") {
  TempDir dir;
  std::string program = dir.write("p.py", two_tasks("1"));
  REQUIRE(check(options_for(program, true)).status == 0);
  CheckCommandOptions options = options_for(program);
  options.diff.tasks = {"Task-9"};
  CommandOutput r = check(options);
  CHECK(r.status == 2);
  CHECK(r.err.find("'Task-9'") != std::string::npos);
  options.diff.tasks = {"Task-2"};
  CHECK(check(options).status == 0);
}

TEST_CASE("corosim check parses its flags") {
  TempDir dir;
  std::string program = dir.write("p.py", two_tasks("1"));
  std::ostringstream out, err;
  CHECK(corosim_main({"corosim", "check", program, "--update"}, out, err) == 0);
  dir.write("p.py", two_tasks("1.5"));
  CHECK(corosim_main({"corosim", "check", program}, out, err) == 1);
  out.str("");
  CHECK(corosim_main({"corosim", "check", "--ignore-times", "--tasks", "Task-1", "Task-2", "--", program}, out,
                     err) == 0);
  CHECK(out.str() == "PASS " + program + "\n");
}

}  // namespace
}  // namespace corosim
