#include "cli/test_command.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "tests/support/command_output.h"
#include "tests/support/temp_dir.h"

namespace corosim {
namespace {

namespace fs = std::filesystem;
using testing::capture_output;
using testing::CommandOutput;
using testing::read_file;
using testing::TempDir;

// A stand-in for corosim (see test_runner_test.cpp): passes *pass.py, fails
// *fail.py with a first divergence and a report, finds *bad.py unusable,
// crashes on *crash.py.
std::string write_standin(const TempDir& dir) {
  std::string path = dir.write("standin.sh",
                               "#!/bin/sh\n"
                               "case \"$3\" in\n"
                               "  *slow_pass.py) sleep 0.5; echo \"PASS $3\"; exit 0 ;;\n"
                               "  *pass.py) echo \"PASS $3\"; exit 0 ;;\n"
                               "  *fail.py) echo \"FAIL $3: at t=1 s, step 3: expected Task-2 to resume, got "
                               "Task-1\"; echo '  report line'; exit 1 ;;\n"
                               "  *bad.py) echo \"$3.trace.json: malformed\" >&2; exit 2 ;;\n"
                               "  *crash.py) kill -SEGV $$ ;;\n"
                               "esac\n"
                               "exit 8\n");
  fs::permissions(path, fs::perms::owner_all);
  return path;
}

// DIR/NAME.py with a golden beside it.
void scenario(const TempDir& dir, const std::string& name) {
  fs::create_directories(fs::path(dir.file(name)).parent_path());
  dir.write(name + ".py", "");
  dir.write(name + ".trace.json", "");
}

CommandOutput test(TestCommandOptions options, const TempDir& dir, bool terminal = false) {
  options.corosim = write_standin(dir);
  Console console;
  console.stdout_is_terminal = terminal;
  return capture_output(
      [&](std::ostream& out, std::ostream& err) { return test_command(options, out, err, console); });
}

TestCommandOptions under(const std::string& path) {
  TestCommandOptions options;
  options.paths = {path};
  options.jobs = 2;
  return options;
}

// The lines of `text`, in order.
std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> result;
  for (size_t begin = 0; begin < text.size();) {
    size_t end = text.find('\n', begin);
    result.push_back(text.substr(begin, end - begin));
    begin = end == std::string::npos ? text.size() : end + 1;
  }
  return result;
}

TEST_CASE("test prints a line per program off a terminal, in sorted order, and ends with the counts") {
  TempDir dir;
  std::string s = dir.file("s");
  scenario(dir, "s/a_pass");
  scenario(dir, "s/b/c_pass");
  // The stand-in takes longer for a_slow_pass.py than for the rest, so the
  // checks end out of order; the lines still come sorted.
  scenario(dir, "s/0/a_slow_pass");
  TestCommandOptions options = under(s);
  options.jobs = 3;
  CommandOutput r = test(options, dir);
  CHECK(r.status == 0);
  CHECK(r.err == "");
  CHECK(lines(r.out) == std::vector<std::string>{"PASS " + s + "/0/a_slow_pass.py", "PASS " + s + "/a_pass.py",
                                                 "PASS " + s + "/b/c_pass.py", "3 passed, 0 failed"});
}

TEST_CASE("a failure is one line with its first divergence, and the run exits 1") {
  TempDir dir;
  std::string s = dir.file("s");
  scenario(dir, "s/a_pass");
  scenario(dir, "s/b_fail");
  scenario(dir, "s/c_bad");
  TestCommandOptions options = under(s);
  options.jobs = 1;
  CommandOutput r = test(options, dir);
  CHECK(r.status == 1);
  CHECK(lines(r.out) == std::vector<std::string>{
                            "PASS " + s + "/a_pass.py",
                            "FAIL " + s + "/b_fail.py: at t=1 s, step 3: expected Task-2 to resume, got Task-1",
                            "ERROR " + s + "/c_bad.py: " + s + "/c_bad.py.trace.json: malformed",
                            "(1 of the failures could not be checked: ERROR lines above)",
                            "1 passed, 2 failed",
                        });

  options.verbose = true;
  r = test(options, dir);
  CHECK(r.out.find("got Task-1\n  report line\nERROR") != std::string::npos);
}

TEST_CASE("on a terminal a progress bar is redrawn in place and only failures get a line") {
  TempDir dir;
  std::string s = dir.file("s");
  scenario(dir, "s/a_pass");
  scenario(dir, "s/b_fail");
  TestCommandOptions options = under(s);
  options.jobs = 1;
  CommandOutput r = test(options, dir, true);
  CHECK(r.status == 1);
  const std::string clear = "\r\033[K";
  CHECK(r.out == clear + "[                              ] 0/2" +                 //
                     clear + "[==============>               ] 1/2" +             //
                     clear + "FAIL " + s + "/b_fail.py: at t=1 s, step 3: expected Task-2 to resume, got Task-1\n" +
                     clear + "[==============================] 2/2  1 failed" +  //
                     clear + "1 passed, 1 failed\n");
}

TEST_CASE("the progress bar narrows to fit the terminal, never wrapping") {
  TempDir dir;
  std::string s = dir.file("s");
  scenario(dir, "s/a_pass");
  scenario(dir, "s/b_fail");
  TestCommandOptions options = under(s);
  options.jobs = 1;
  options.corosim = write_standin(dir);
  const std::string clear = "\r\033[K";
  for (auto [columns, bar] : {std::pair{80, "[==============================] 2/2  1 failed"},
                              std::pair{30, "[=============] 2/2  1 failed"},  // 29 columns used
                              std::pair{20, "2/2  1 failed"}, std::pair{6, "2/2  "}}) {
    CAPTURE(columns);
    Console console;
    console.stdout_is_terminal = true;
    console.terminal_columns = columns;
    CommandOutput r = capture_output(
        [&](std::ostream& out, std::ostream& err) { return test_command(options, out, err, console); });
    CHECK(r.out.find(clear + bar + clear + "1 passed, 1 failed\n") != std::string::npos);
  }
}

TEST_CASE("--shard runs its slice of the sorted list; an empty slice passes") {
  TempDir dir;
  std::string s = dir.file("s");
  for (const char* name : {"s/1_pass", "s/2_pass", "s/3_pass"}) scenario(dir, name);
  TestCommandOptions options = under(s);
  options.shard = "2/2";
  CommandOutput r = test(options, dir);
  CHECK(r.status == 0);
  CHECK(r.out == "PASS " + s + "/2_pass.py\n1 passed, 0 failed\n");
  options.shard = "4/4";
  r = test(options, dir);
  CHECK(r.status == 0);
  CHECK(r.out == "0 passed, 0 failed\n");
}

TEST_CASE("--junit writes the report atomically; an unwritable one stops the run before it starts") {
  TempDir dir;
  std::string s = dir.file("s");
  scenario(dir, "s/a_pass");
  scenario(dir, "s/b_fail");
  TestCommandOptions options = under(s);
  options.junit = dir.file("report.xml");
  CommandOutput r = test(options, dir);
  CHECK(r.status == 1);
  std::string xml = read_file(dir.file("report.xml"));
  CHECK(xml.find("<testsuite name=\"corosim test\" tests=\"2\" failures=\"1\" errors=\"0\"") != std::string::npos);
  CHECK(xml.find("<testcase classname=\"" + s + "\" name=\"b_fail.py\"") != std::string::npos);

  options.junit = dir.file("missing/report.xml");
  r = test(options, dir);
  CHECK(r.status == 2);
  CHECK(r.out == "");
  CHECK(r.err.starts_with("corosim: cannot write '" + dir.file("missing/report.xml") + "'"));
}

TEST_CASE("a check that crashed counts as unusable, in the summary and as a JUnit <error>") {
  TempDir dir;
  std::string s = dir.file("s");
  scenario(dir, "s/a_fail");
  scenario(dir, "s/b_crash");
  TestCommandOptions options = under(s);
  options.jobs = 1;
  options.junit = dir.file("report.xml");
  CommandOutput r = test(options, dir);
  CHECK(r.status == 1);
  std::vector<std::string> got = lines(r.out);
  REQUIRE(got.size() == 4);
  CHECK(got[1] == "ERROR " + s + "/b_crash.py: killed by signal 11 (SIGSEGV: Segmentation fault)");
  CHECK(got[3] == "0 passed, 2 failed");
  std::string xml = read_file(dir.file("report.xml"));
  CHECK(xml.find("tests=\"2\" failures=\"1\" errors=\"1\"") != std::string::npos);
  CHECK(xml.find("<error message=\"killed by signal 11 (SIGSEGV: Segmentation fault)\">") != std::string::npos);
}

TEST_CASE("test with nothing to run, or a path that does not exist, is unusable") {
  TempDir dir;
  fs::create_directories(dir.file("empty"));
  CommandOutput r = test(under(dir.file("empty")), dir);
  CHECK(r.status == 2);
  CHECK(r.out == "");
  CHECK(r.err == "corosim: no programs with goldens under " + dir.file("empty") + "\n");

  r = test(under(dir.file("nope")), dir);
  CHECK(r.status == 2);
  CHECK(r.err == "corosim: " + dir.file("nope") + ": no such file or directory\n");
}

}  // namespace
}  // namespace corosim
