#include "cli/diff_command.h"

#include <doctest/doctest.h>

#include <sstream>

#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/run_command.h"
#include "tests/support/command_output.h"
#include "tests/support/temp_dir.h"

namespace corosim {
namespace {

using testing::capture_output;
using testing::CommandOutput;
using testing::TempDir;

// The trace of a program that prints and sleeps `seconds`, written to NAME.
std::string trace_of_sleep(const TempDir& dir, const std::string& name, const std::string& seconds) {
  RunCommandOptions run;
  run.program = dir.write(name + ".py",
                          "import asyncio\n"
                          "async def main():\n"
                          "    print('hi')\n"
                          "    await asyncio.sleep(" + seconds + ")\n"
                          "asyncio.run(main())\n");
  run.trace_path = dir.file(name + ".json");
  run.quiet = true;
  std::ostringstream out, err;
  REQUIRE(run_command(run, out, err) == 0);
  return *run.trace_path;
}

CommandOutput diff(const std::string& expected, const std::string& actual, const DiffOptions& options = {}) {
  DiffCommandOptions command{expected, actual, options};
  return capture_output([&](std::ostream& out, std::ostream& err) { return diff_command(command, out, err); });
}

CommandOutput corosim(const std::vector<std::string>& args) {
  std::vector<std::string> argv{"corosim"};
  argv.insert(argv.end(), args.begin(), args.end());
  return capture_output([&](std::ostream& out, std::ostream& err) { return corosim_main(argv, out, err); });
}

TEST_CASE("diff: the same traces exit 0 and say so") {
  TempDir dir;
  std::string a = trace_of_sleep(dir, "a", "1");
  CommandOutput r = diff(a, a);
  CHECK(r.status == 0);
  CHECK(r.out == "traces are the same\n");
  CHECK(r.err == "");
}

TEST_CASE("diff: different traces exit 1 with the report, both files named") {
  TempDir dir;
  std::string a = trace_of_sleep(dir, "p", "1");
  std::string b = trace_of_sleep(dir, "q", "2");
  CommandOutput r = diff(a, b);
  CHECK(r.status == 1);
  CHECK(r.err == "");
  CHECK(r.out.starts_with("- expected: " + a + "\n+ actual:   " + b + "\nprogram: expected 'p.py', got 'q.py'\n" +
                          "events differ at t=0 s, step 1: expected Task-1 to sleep until 1 s at line 4, got Task-1 "
                          "to sleep until 2 s at line 4\n"));
  CHECK(r.out.ends_with("end time: expected 1 s, got 2 s\n"));
}

TEST_CASE("diff flags from the command line") {
  TempDir dir, other;
  std::string a = trace_of_sleep(dir, "a", "1");
  std::string b = trace_of_sleep(other, "a", "2");  // the same program name, elsewhere
  CHECK(corosim({"diff", a, b}).status == 1);
  CHECK(corosim({"diff", a, b, "--ignore-times"}).status == 0);
  CHECK(corosim({"diff", a, b, "--ignore-print", "--per-task", "--context", "0"}).status == 1);
  // Task-1 is main, whose sleep changed; Task-2 and Task-3 are asyncio.run's,
  // which do the same at the end of the run: later in b.
  CHECK(corosim({"diff", a, b, "--tasks", "Task-2", "Task-3"}).status == 1);
  CHECK(corosim({"diff", a, b, "--tasks", "Task-2", "Task-3", "--ignore-times"}).status == 0);
  CHECK(corosim({"diff", a, b, "--tasks", "Task-2", "--tasks", "Task-1"}).status == 1);

  CommandOutput unknown = corosim({"diff", a, b, "--tasks", "Task-1", "nobody"});
  CHECK(unknown.status == 2);
  CHECK(unknown.out == "");
  CHECK(unknown.err == "corosim: --tasks: no task is named 'nobody' in " + a + " or " + b + "\n");

  CommandOutput context = corosim({"diff", a, b, "--context", "101"});
  CHECK(context.status == 2);
  CHECK(context.err.find("--context: must be a whole number of events from 0 to 100, got '101'") !=
        std::string::npos);
  CHECK(corosim({"diff", a}).status == 2);
}

TEST_CASE("diff: a trace that cannot be read is one line naming it, exit 2") {
  TempDir dir;
  std::string good = trace_of_sleep(dir, "a", "1");
  std::string bad = dir.write("bad.json", "{\"format\": \"corosim-trace\",\n \"version\": 1,,}");
  std::string missing = dir.file("missing.json");
  for (const auto& [expected, actual, named] :
       {std::tuple{good, bad, bad}, std::tuple{bad, good, bad}, std::tuple{missing, good, missing}}) {
    CommandOutput r = diff(expected, actual);
    CHECK(r.status == 2);
    CHECK(r.out == "");
    CHECK(r.err.starts_with(named + ":"));
    CHECK(r.err.find('\n') == r.err.size() - 1);
  }
}

TEST_CASE("diff's help says when to use each flag") {
  CommandOutput help = corosim({"diff", "--help"});
  CHECK(help.status == 0);
  for (const char* flag :
       {"--ignore-times", "--ignore-print", "--ignore-lines", "--tasks NAME ...", "--per-task", "--context N"}) {
    CAPTURE(flag);
    CHECK(help.out.find(flag) != std::string::npos);
  }
  CHECK(help.out.find("Use it when only the order matters") != std::string::npos);
  CHECK(help.out.find("(default: 3)") != std::string::npos);
  CHECK(help.out.find("Use it for goldens that must survive edits that move code") != std::string::npos);
}

TEST_CASE("compare_flag_args gives back the flags that add_compare_flags read") {
  CHECK(compare_flag_args({}).empty());
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--ignore-lines"},
        std::vector<std::string>{"--ignore-times", "--ignore-print", "--ignore-lines", "--per-task"}}) {
    CLI::App app;
    DiffOptions options;
    add_compare_flags(app, options);
    std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 parses a vector from its back
    app.parse(reversed);
    CHECK(compare_flag_args(options) == args);
  }
}

}  // namespace
}  // namespace corosim
