#include "cli/test_runner.h"

#include <doctest/doctest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <limits>

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

// A stand-in for corosim: `STANDIN check -- PROGRAM` acts by the program's
// name, so the runner's handling of each way a check can end is tested
// without depending on real runs.
std::string write_standin(const TempDir& dir) {
  std::string path = dir.write("standin.sh",
                               "#!/bin/sh\n"
                               "[ \"$1 $2\" = 'check --' ] || { echo \"bad arguments: $*\" >&2; exit 9; }\n"
                               "case \"$3\" in\n"
                               "  *pass.py) echo \"PASS $3\"; exit 0 ;;\n"
                               "  *fail.py) echo \"FAIL $3: at t=2 s, step 14: expected Task-4 to resume, got "
                               "Task-3\"; echo '  context'; exit 1 ;;\n"
                               "  *bad.py) echo \"$3:1:5: syntax error\" >&2; exit 2 ;;\n"
                               "  *crash.py) kill -SEGV $$ ;;\n"
                               "  *odd.py) echo 'internal error: oops' >&2; exit 70 ;;\n"
                               "  *big.py) head -c 300000 /dev/zero | tr '\\0' x; "
                               "head -c 300000 /dev/zero | tr '\\0' y >&2; exit 1 ;;\n"
                               "esac\n"
                               "exit 8\n");
  fs::permissions(path, fs::perms::owner_all);
  return path;
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

  ProgramList found = find_programs({root});
  REQUIRE(found.ok());
  CHECK(found.programs ==
        std::vector<std::string>{root + "/a/deep/er/x.py", root + "/a/z.py", root + "/b.py"});

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

TEST_CASE("run_checks tells passed, failed, unusable and crashed checks apart") {
  TempDir dir;
  RunnerOptions options;
  options.corosim = write_standin(dir);
  options.jobs = 2;
  std::vector<std::string> programs = {"d/pass.py", "d/fail.py", "d/bad.py", "d/crash.py", "d/odd.py"};
  std::vector<std::string> reported;
  std::vector<CheckResult> results =
      run_checks(programs, options, [&](const CheckResult& r) { reported.push_back(r.program); });

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

  CHECK(results[3].status == CheckResult::Status::kFailed);
  CHECK(results[3].summary == "killed by signal 11 (SIGSEGV: Segmentation fault)");

  CHECK(results[4].status == CheckResult::Status::kFailed);
  CHECK(results[4].summary == "exited with status 70: internal error: oops");

  // More than a pipe holds, on both pipes at once: read as it comes.
  std::vector<CheckResult> big = run_checks({"d/big.py"}, options, [](const CheckResult&) {});
  CHECK(big[0].status == CheckResult::Status::kFailed);
  CHECK(big[0].output == std::string(300000, 'x') + std::string(300000, 'y'));
  for (const CheckResult& r : results) CHECK(r.seconds >= 0);
}

TEST_CASE("run_checks runs up to `jobs` checks at once") {
  TempDir dir;
  // Each check waits (up to 20 s) until all three have started: the run only
  // passes when three run at the same time.
  RunnerOptions options;
  options.corosim = dir.write("barrier.sh",
                              "#!/bin/sh\n"
                              "touch \"" + dir.file("started.") + "$(basename \"$3\")\"\n"
                              "for i in $(seq 200); do\n"
                              "  [ $(ls \"" + dir.path().string() + "\" | grep -c '^started') -ge 3 ] && exit 0\n"
                              "  sleep 0.1\n"
                              "done\n"
                              "exit 1\n");
  fs::permissions(options.corosim, fs::perms::owner_all);
  options.jobs = 3;
  std::vector<CheckResult> results = run_checks({"a.py", "b.py", "c.py"}, options, [](const CheckResult&) {});
  for (const CheckResult& r : results) CHECK(r.status == CheckResult::Status::kPassed);
}

TEST_CASE("run_checks reports a corosim that cannot be started as a failure of each check") {
  TempDir dir;
  RunnerOptions options;
  options.corosim = dir.file("missing-corosim");
  options.jobs = 4;
  std::vector<CheckResult> results = run_checks({"a.py", "b.py"}, options, [](const CheckResult&) {});
  REQUIRE(results.size() == 2);
  for (const CheckResult& r : results) {
    CHECK(r.status == CheckResult::Status::kFailed);
    CHECK(r.summary == "cannot run " + options.corosim + ": No such file or directory");
  }
}

}  // namespace
}  // namespace corosim
