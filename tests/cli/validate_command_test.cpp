#include "cli/validate_command.h"

#include <doctest/doctest.h>

#include "cli/commands.h"
#include "tests/support/command_output.h"
#include "tests/support/temp_dir.h"

namespace corosim {
namespace {

using testing::capture_output;
using testing::CommandOutput;
using testing::TempDir;

CommandOutput validate(const std::vector<std::string>& paths) {
  return capture_output([&](std::ostream& out, std::ostream& err) {
    std::vector<std::string> args = {"corosim", "validate"};
    args.insert(args.end(), paths.begin(), paths.end());
    return corosim_main(args, out, err);
  });
}

// A trace with one task and `events` events, each of them `event`.
std::string trace_with(size_t events, const std::string& event) {
  std::string text =
      R"({"format": "corosim-trace", "version": 1, "program": "p.py", "end_time": 0.0, "outcome": {"status": "ok"},
  "tasks": [{"id": 1, "name": "Task-1", "coro": "main", "parent": null, "created": 0.0, "finished": null, "state": "pending", "internal": false}],
  "events": [)";
  for (size_t i = 0; i < events; ++i) text += (i ? ", " : "") + event;
  return text + "]}\n";
}

TEST_CASE("a valid trace: one line with its size, exit 0") {
  TempDir dir;
  std::string one = dir.write("one.json", trace_with(1, R"({"t": 0, "kind": "resume", "task": 1})"));
  std::string two = dir.write("two.json", trace_with(2, R"({"t": 0, "kind": "resume", "task": 1})"));
  CommandOutput r = validate({one, two});
  CHECK(r.status == 0);
  CHECK(r.out == one + ": valid trace (format v1, 1 task, 1 event)\n" + two +
                     ": valid trace (format v1, 1 task, 2 events)\n");
  CHECK(r.err.empty());
}

TEST_CASE("an invalid trace: one line per violation, at most 20, then how many more; exit 1") {
  TempDir dir;
  std::string bad = dir.write("bad.json", trace_with(23, R"({"t": 0, "kind": "resume", "task": 0})"));
  CommandOutput r = validate({bad});
  CHECK(r.status == 1);
  std::string expected;
  for (int i = 0; i < 20; ++i) {
    expected += bad + ": /events/" + std::to_string(i) + "/task: expected a number >= 1, got 0\n";
  }
  // Each event breaks two rules, the id of any event and the id of a resume,
  // with the same words: said once.
  CHECK(r.out == expected + bad + ": ... and 3 more\n");
  std::string top = dir.write("top.json", "[]");
  CHECK(validate({top}).out == top + ": (top level): expected object, got array\n");
}

TEST_CASE("a file that cannot be used: one line on stderr, exit 2, and the other files are still checked") {
  TempDir dir;
  std::string good = dir.write("good.json", trace_with(0, ""));
  std::string bad = dir.write("bad.json", trace_with(1, R"({"t": 0, "kind": "resume"})"));
  CommandOutput r = validate({dir.file("missing.json"), bad, good});
  CHECK(r.status == 2);
  CHECK(r.err == dir.file("missing.json") + ": cannot open file: No such file or directory\n");
  CHECK(r.out == bad + ": /events/0: missing property \"task\"\n" + good +
                     ": valid trace (format v1, 1 task, 0 events)\n");
  CHECK(validate({bad, good}).status == 1);
  CommandOutput none = validate({});
  CHECK(none.status == 2);
  CHECK(none.err.find("TRACE.json is required") != std::string::npos);
}

}  // namespace
}  // namespace corosim
