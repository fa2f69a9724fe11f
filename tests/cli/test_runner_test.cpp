#include "cli/test_runner.h"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <limits>
#include <stdexcept>

#include "tests/support/temp_dir.h"

namespace corosim {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

// Writes `name` (creating its directories) and returns its path.
std::string put(const TempDir& dir, const std::string& name, const std::string& text = "") {
  fs::create_directories(fs::path(dir.file(name)).parent_path());
  return dir.write(name, text);
}

// Writes the shell script `name` and makes it executable.
std::string write_script(const TempDir& dir, const std::string& name, const std::string& text) {
  std::string path = dir.write(name, text);
  fs::permissions(path, fs::perms::owner_all);
  return path;
}

// A stand-in for corosim: `STANDIN check -- PROGRAM` acts by the program's
// name, so the runner's handling of each way a check can end is tested
// without depending on real runs.
std::string write_standin(const TempDir& dir) {
  return write_script(dir, "standin.sh",
                      "#!/bin/sh\n"
                      "[ \"$1 $2\" = 'check --' ] || { echo \"bad arguments: $*\" >&2; exit 9; }\n"
                      "case \"$3\" in\n"
                      "  *pass.py) echo \"PASS $3\"; exit 0 ;;\n"
                      "  *fail.py) echo \"FAIL $3: at t=2 s, step 14: expected Task-4 to resume, got "
                      "Task-3\"; echo '  context'; exit 1 ;;\n"
                      "  *bad.py) echo \"$3:1:5: syntax error\" >&2; exit 2 ;;\n"
                      "  *crash.py) kill -SEGV $$ ;;\n"
                      "  *slow.py) exec sleep 60 ;;\n"
                      "  *odd.py) echo 'internal error: oops' >&2; exit 70 ;;\n"
                      "  *big.py) head -c 300000 /dev/zero | tr '\\0' x; "
                      "head -c 300000 /dev/zero | tr '\\0' y >&2; exit 1 ;;\n"
                      "esac\n"
                      "exit 8\n");
}

TEST_CASE("find_programs finds the programs with a golden beside them, sorted, each once") {
  TempDir dir;
  std::string root = dir.path().string();
  put(dir, "b.py");
  put(dir, "b.trace.json");
  put(dir, "a/z.py");
  put(dir, "a/z.trace.json");
  put(dir, "a/nogolden.py");
  put(dir, "a/deep/er/x.py");
  put(dir, "a/deep/er/x.trace.json");
  put(dir, "a/orphan.trace.json");
  put(dir, ".hidden/h.py");
  put(dir, ".hidden/h.trace.json");
  put(dir, "notes.txt");
  fs::create_directories(dir.file("dir.py"));  // a directory named like a program
  put(dir, "dir.trace.json");
  put(dir, "c.py");  // its golden is a directory: taken, for its check to say so
  fs::create_directories(dir.file("c.trace.json"));

  ProgramList found = find_programs({root});
  REQUIRE(found.ok());
  CHECK(found.programs ==
        std::vector<std::string>{root + "/a/deep/er/x.py", root + "/a/z.py", root + "/b.py", root + "/c.py"});

  // Overlapping paths and a named file; names are made lexically normal.
  found = find_programs({root + "/a", root + "/./a/deep", root + "/a/nogolden.py", root + "/b.py"});
  REQUIRE(found.ok());
  CHECK(found.programs == std::vector<std::string>{root + "/a/deep/er/x.py", root + "/a/nogolden.py",
                                                   root + "/a/z.py", root + "/b.py"});
  CHECK(find_programs({root + "/.hidden"}).programs == std::vector<std::string>{root + "/.hidden/h.py"});
}

TEST_CASE("find_programs names a path it cannot use") {
  TempDir dir;
  CHECK(find_programs({dir.file("nope")}).error == dir.file("nope") + ": no such file or directory");
  std::string notes = dir.write("notes.txt", "");
  CHECK(find_programs({notes}).error == notes + ": not a directory or a .py program");
  CHECK(find_programs({dir.path().string()}).programs.empty());
}

TEST_CASE("parse_shard reads I/N with 1 <= I <= N") {
  auto shard = parse_shard("2/5");
  REQUIRE(shard);
  CHECK(shard->index == 2);
  CHECK(shard->count == 5);
  CHECK(parse_shard("1/1"));
  for (const char* bad : {"0/3", "4/3", "1/0", "3", "/3", "1/", "a/b", "-1/3", "1/3/5", "1 /3", ""}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_shard(bad));
  }
}

TEST_CASE("the shards of a list cover it exactly once, with sizes differing by at most one") {
  for (size_t size = 0; size <= 12; ++size) {
    std::vector<std::string> programs;
    for (size_t i = 0; i < size; ++i) programs.push_back("p" + std::to_string(100 + i) + ".py");
    for (size_t count = 1; count <= 5; ++count) {
      CAPTURE(size);
      CAPTURE(count);
      std::vector<std::string> all;
      size_t smallest = size, largest = 0;
      for (size_t index = 1; index <= count; ++index) {
        std::vector<std::string> slice = shard_slice(programs, {index, count});
        CHECK(std::is_sorted(slice.begin(), slice.end()));
        smallest = std::min(smallest, slice.size());
        largest = std::max(largest, slice.size());
        all.insert(all.end(), slice.begin(), slice.end());
      }
      std::sort(all.begin(), all.end());
      CHECK(all == programs);
      CHECK(largest - smallest <= 1);
    }
  }
  CHECK(shard_slice({"a", "b", "c", "d", "e"}, {2, 2}) == std::vector<std::string>{"b", "d"});
  size_t huge = std::numeric_limits<size_t>::max();
  CHECK(shard_slice({"a", "b", "c"}, {2, huge}) == std::vector<std::string>{"b"});
  CHECK(shard_slice({"a", "b", "c"}, {huge, huge}).empty());
  CHECK(parse_shard("18446744073709551615/18446744073709551615"));
}

TEST_CASE("run_checks tells passed and failed checks from those that gave no verdict") {
  TempDir dir;
  RunnerOptions options;
  options.corosim = write_standin(dir);
  options.jobs = 2;
  std::vector<std::string> programs = {"d/pass.py", "d/fail.py", "d/bad.py", "d/crash.py", "d/odd.py"};
  std::vector<std::string> reported;
  CheckRun run = run_checks(programs, options, [&](const CheckResult& r) { reported.push_back(r.program); });
  CHECK(run.ok());
  const std::vector<CheckResult>& results = run.results;

  std::sort(reported.begin(), reported.end());
  std::vector<std::string> sorted = programs;
  std::sort(sorted.begin(), sorted.end());
  CHECK(reported == sorted);
  REQUIRE(results.size() == 5);
  for (size_t i = 0; i < 5; ++i) CHECK(results[i].program == programs[i]);

  CHECK(results[0].status == CheckResult::Status::kPassed);
  CHECK(results[0].summary == "");
  CHECK(results[0].output == "PASS d/pass.py\n");

  CHECK(results[1].status == CheckResult::Status::kFailed);
  CHECK(results[1].summary == "at t=2 s, step 14: expected Task-4 to resume, got Task-3");
  CHECK(results[1].output.ends_with("\n  context\n"));

  CHECK(results[2].status == CheckResult::Status::kUnusable);
  CHECK(results[2].summary == "d/bad.py:1:5: syntax error");

  // A crash says nothing about the program's scheduling.
  CHECK(results[3].status == CheckResult::Status::kUnusable);
  CHECK(results[3].summary == "killed by signal 11 (SIGSEGV: Segmentation fault)");

  CHECK(results[4].status == CheckResult::Status::kUnusable);
  CHECK(results[4].summary == "exited with status 70: internal error: oops");

  // More than a pipe holds, on both pipes at once: read as it comes.
  std::vector<CheckResult> big = run_checks({"d/big.py"}, options, [](const CheckResult&) {}).results;
  CHECK(big[0].status == CheckResult::Status::kFailed);
  CHECK(big[0].output == std::string(300000, 'x') + std::string(300000, 'y'));
  for (const CheckResult& r : results) CHECK(r.seconds >= 0);
}

// A stand-in whose checks pass once three of them have started (each marks
// its start in `dir`), waiting at most `seconds` for that, and fail otherwise.
std::string write_barrier(const TempDir& dir, int seconds) {
  return write_script(dir, "barrier.sh",
                      "#!/bin/sh\n"
                      "touch \"" + dir.file("started.") + "$(basename \"$3\")\"\n"
                      "for i in $(seq " + std::to_string(seconds * 10) + "); do\n"
                      "  [ $(ls \"" + dir.path().string() + "\" | grep -c '^started') -ge 3 ] && exit 0\n"
                      "  sleep 0.1\n"
                      "done\n"
                      "echo \"FAIL $3: alone\"\n"
                      "exit 1\n");
}

TEST_CASE("run_checks hands check_args to every check, before the program") {
  TempDir dir;
  RunnerOptions options;
  options.corosim = write_script(dir, "echo.sh", "#!/bin/sh\necho \"PASS $*\"\n");
  options.check_args = {"--ignore-lines", "--per-task"};
  CheckRun run = run_checks({"d/-x.py"}, options, [](const CheckResult&) {});
  REQUIRE(run.results.size() == 1);
  CHECK(run.results[0].output == "PASS check --ignore-lines --per-task -- d/-x.py\n");
}

TEST_CASE("run_checks runs up to `jobs` checks at once, and never more") {
  // How three checks end that each pass once all three have started,
  // waiting at most `seconds` for that.
  auto barrier = [](size_t jobs, int seconds) {
    TempDir dir;
    RunnerOptions options;
    options.corosim = write_barrier(dir, seconds);
    options.jobs = jobs;
    std::vector<CheckResult::Status> statuses;
    for (const CheckResult& r : run_checks({"a.py", "b.py", "c.py"}, options, [](const CheckResult&) {}).results)
      statuses.push_back(r.status);
    return statuses;
  };
  using Status = CheckResult::Status;
  CHECK(barrier(3, 20) == std::vector<Status>{Status::kPassed, Status::kPassed, Status::kPassed});
  // Two at a time: the first two wait for a third in vain; the third starts
  // when one of them has ended, and finds three started.
  CHECK(barrier(2, 1) == std::vector<Status>{Status::kFailed, Status::kFailed, Status::kPassed});
}

TEST_CASE("run_checks reports a corosim that cannot be started as unusable for each check") {
  TempDir dir;
  RunnerOptions options;
  options.corosim = dir.file("missing-corosim");
  options.jobs = 4;
  CheckRun run = run_checks({"a.py", "b.py"}, options, [](const CheckResult&) {});
  CHECK(run.ok());
  REQUIRE(run.results.size() == 2);
  for (const CheckResult& r : run.results) {
    CHECK(r.status == CheckResult::Status::kUnusable);
    CHECK(r.summary == "cannot run " + options.corosim + ": No such file or directory");
  }
}

// The file descriptors this process has open.
size_t open_fds() {
  return static_cast<size_t>(std::distance(fs::directory_iterator("/proc/self/fd"), fs::directory_iterator()));
}

// True when this process has no child, running or unreaped.
bool no_children() {
  int status = 0;
  return ::waitpid(-1, &status, WNOHANG) < 0 && errno == ECHILD;
}

int polls = 0;
bool poll_fails = false;

TEST_CASE("run_checks waits again when poll is interrupted by a signal") {
  TempDir dir;
  RunnerOptions options;
  options.corosim = write_standin(dir);
  options.jobs = 2;
  polls = 0;
  options.poll = [](pollfd* fds, nfds_t count, int timeout) {
    if (++polls % 2 == 1) {
      errno = EINTR;
      return -1;
    }
    return ::poll(fds, count, timeout);
  };
  CheckRun run = run_checks({"d/pass.py", "d/fail.py", "d/big.py"}, options, [](const CheckResult&) {});
  CHECK(run.ok());
  CHECK(polls > 2);
  CHECK(run.results[0].status == CheckResult::Status::kPassed);
  CHECK(run.results[1].status == CheckResult::Status::kFailed);
  CHECK(run.results[2].output.size() == 600000);
}

TEST_CASE("when poll fails, run_checks kills and reaps every check and says why") {
  TempDir dir;
  RunnerOptions options;
  options.corosim = write_standin(dir);
  options.jobs = 2;
  // Fails once the first check has ended, while two slow ones run.
  poll_fails = false;
  options.poll = [](pollfd* fds, nfds_t count, int timeout) {
    if (poll_fails) {
      errno = ENOMEM;
      return -1;
    }
    return ::poll(fds, count, timeout);
  };
  size_t fds_before = open_fds();
  std::vector<std::string> reported;
  auto start = std::chrono::steady_clock::now();
  CheckRun run = run_checks({"d/pass.py", "d/a_slow.py", "d/b_slow.py", "d/c_slow.py"}, options,
                            [&](const CheckResult& r) {
                              reported.push_back(r.program);
                              poll_fails = true;
                            });
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(30));
  CHECK(run.error == "cannot wait for the checks: poll: Cannot allocate memory");
  CHECK(reported == std::vector<std::string>{"d/pass.py"});
  REQUIRE(run.results.size() == 4);
  CHECK(run.results[0].status == CheckResult::Status::kPassed);
  for (size_t i = 1; i < 4; ++i) {
    CHECK(run.results[i].status == CheckResult::Status::kUnusable);
    CHECK(run.results[i].summary == run.error);
  }
  CHECK(no_children());
  CHECK(open_fds() == fds_before);
}

TEST_CASE("an exception from on_result leaves no check running") {
  TempDir dir;
  RunnerOptions options;
  options.corosim = write_standin(dir);
  options.jobs = 3;
  size_t fds_before = open_fds();
  auto start = std::chrono::steady_clock::now();
  CHECK_THROWS_WITH(run_checks({"d/pass.py", "d/a_slow.py", "d/b_slow.py"}, options,
                               [](const CheckResult&) { throw std::runtime_error("report failed"); }),
                    "report failed");
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(30));
  CHECK(no_children());
  CHECK(open_fds() == fds_before);
}

}  // namespace
}  // namespace corosim
