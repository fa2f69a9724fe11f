#include "sim/check/trace_diff.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <utility>

#include "sim/check/event_text.h"
#include "tests/support/trace_builder.h"

namespace corosim {
namespace {

using testing::TraceBuilder;

// How the scenario below may vary.
struct Variant {
  double b_sleep = 2;          // Task-3 sleeps until then
  bool b_first = false;        // Task-3 takes its first step before Task-2
  std::string a_print = "a start\n";
  std::string program = "prog.py";
  std::string b_name = "";     // "" : Task-3
  bool extra_task = false;     // main also creates Task-4 at the end
};

// main gathers two workers: Task-2 prints, sleeps until 1 and returns 'a';
// Task-3 sleeps until `b_sleep` and returns 'b'; main prints "done".
Trace scenario(const Variant& v = {}) {
  TraceBuilder b(v.program);
  TaskId main = b.create(0, "main");
  b.resume(0, main);
  TaskId a = b.create(0, "worker", main);
  TaskId c = b.create(0, "worker", main, v.b_name);
  b.gather(0, main, {a, c});
  auto step_a = [&] {
    b.resume(0, a);
    b.print(0, a, v.a_print);
    b.sleep(0, a, 1);
  };
  auto step_c = [&] {
    b.resume(0, c);
    b.sleep(0, c, v.b_sleep);
  };
  if (v.b_first) {
    step_c();
    step_a();
  } else {
    step_a();
    step_c();
  }
  double a_end = 1, c_end = v.b_sleep;
  auto finish_a = [&] {
    b.resume(a_end, a);
    b.done(a_end, a, "'a'");
  };
  auto finish_c = [&] {
    b.resume(c_end, c);
    b.done(c_end, c, "'b'");
  };
  if (c_end < a_end) {
    finish_c();
    finish_a();
  } else {
    finish_a();
    finish_c();
  }
  double end = std::max(a_end, c_end);
  b.resume(end, main);
  b.print(end, main, "done\n");
  if (v.extra_task) b.create(end, "cleanup", main);
  b.done(end, main);
  return b.finish(end);
}

std::string phrase_of(const Trace& trace, size_t event) {
  EventPhrase p = event_phrase(trace, trace.events[event]);
  return p.subject + " " + p.predicate;
}

DiffResult diff(const Variant& expected, const Variant& actual, const DiffOptions& options = {}) {
  return diff_traces(scenario(expected), scenario(actual), options);
}

TEST_CASE("identical traces are the same, with nothing to report") {
  DiffResult r = diff({}, {});
  CHECK(r.same);
  CHECK(r.first_difference == "");
  CHECK(r.report == "");
}

TEST_CASE("a changed sleep: the first differing step with context, then what differs per task") {
  Variant longer;
  longer.b_sleep = 3;
  DiffResult r = diff({}, longer);
  CHECK_FALSE(r.same);
  CHECK(r.first_difference == "at t=0 s, step 3: expected Task-3 to sleep until 2 s, got Task-3 to sleep until 3 s");
  CHECK(r.report ==
        "events differ at t=0 s, step 3: expected Task-3 to sleep until 2 s, got Task-3 to sleep until 3 s\n"
        "    0 s  Task-2  print \"a start\\n\"\n"
        "    0 s  Task-2  suspend  sleeps until 1 s\n"
        "    0 s  Task-3  resume\n"
        "  - 0 s  Task-3  suspend  sleeps until 2 s\n"
        "  + 0 s  Task-3  suspend  sleeps until 3 s\n"
        "    1 s  Task-2  resume\n"
        "    1 s  Task-2  done  result 'a'\n"
        "  - 2 s  Task-3  resume\n"
        "  - 2 s  Task-3  done  result 'b'\n"
        "  - 2 s  Task-1  resume\n"
        "  - ...\n"
        "  + 3 s  Task-3  resume\n"
        "  + 3 s  Task-3  done  result 'b'\n"
        "  + 3 s  Task-1  resume\n"
        "  + ...\n"
        "tasks that differ:\n"
        "  Task-1:\n"
        "    finished: expected 2 s, got 3 s\n"
        "  Task-3:\n"
        "    finished: expected 2 s, got 3 s\n"
        "end time: expected 2 s, got 3 s\n");
}

TEST_CASE("two tasks taking their steps in the other order: the step and both tasks are named") {
  Variant swapped;
  swapped.b_first = true;
  DiffResult r = diff({}, swapped);
  CHECK_FALSE(r.same);
  CHECK(r.first_difference == "at t=0 s, step 2: expected Task-2 to resume, got Task-3");
  // Both tasks do the same, so nothing per task differs.
  CHECK(r.report.find("tasks that differ") == std::string::npos);
}

TEST_CASE("--per-task compares each task's own events, not their interleaving") {
  Variant swapped;
  swapped.b_first = true;
  DiffOptions per_task;
  per_task.per_task = true;
  CHECK(diff({}, swapped, per_task).same);

  Variant longer;
  longer.b_sleep = 3;
  DiffResult r = diff({}, longer, per_task);
  CHECK_FALSE(r.same);
  // Task-3's suspend comes first in the expected trace; main's events part
  // later (its resume at 2 s); each differing task says where in the summary.
  CHECK(r.first_difference ==
        "at t=0 s, step 3, in Task-3's own events: expected Task-3 to sleep until 2 s, got Task-3 to sleep until 3 s");
  CHECK(r.report.find("  Task-1:\n    events part at step 6: expected Task-1 to resume at 2 s, got it at 3 s\n") !=
        std::string::npos);
  CHECK(r.report.find("  Task-3:\n    events part at t=0 s, step 3: expected Task-3 to sleep until 2 s") !=
        std::string::npos);
}

TEST_CASE("--ignore-times: only the order counts") {
  DiffOptions ignore_times;
  ignore_times.ignore_times = true;
  Variant longer;
  longer.b_sleep = 3;  // still after Task-2's 1 s: the same order
  CHECK(diff({}, longer, ignore_times).same);

  Variant shorter;
  shorter.b_sleep = 0.5;  // now before Task-2: the order changes
  DiffResult r = diff({}, shorter, ignore_times);
  CHECK_FALSE(r.same);
  CHECK(r.first_difference == "at t=1 s, step 4: expected Task-2 to resume, got Task-3");
  CHECK(r.report.find("end time") == std::string::npos);
  CHECK(r.report.find("finished") == std::string::npos);
}

TEST_CASE("--ignore-print: print events and printed output leave the comparison") {
  Variant louder;
  louder.a_print = "A start\n";
  DiffResult r = diff({}, louder);
  CHECK_FALSE(r.same);
  CHECK(r.first_difference == "at t=0 s, step 2: expected Task-2 to print \"a start\\n\", got Task-2 to print \"A start\\n\"");
  CHECK(r.report.find("  Task-2:\n    printed, line 1: expected \"a start\\n\", got \"A start\\n\"\n") !=
        std::string::npos);

  DiffOptions ignore_print;
  ignore_print.ignore_print = true;
  CHECK(diff({}, louder, ignore_print).same);
}

TEST_CASE("printed output: the first differing line, counted across a task's prints") {
  TraceBuilder a, b;
  for (TraceBuilder* t : {&a, &b}) {
    TaskId main = t->create(0);
    t->resume(0, main);
    t->print(0, main, "one\ntwo\n");
  }
  a.print(0, 1, "three\n");
  b.print(0, 1, "three");
  a.done(0, 1);
  b.done(0, 1);
  DiffResult r = diff_traces(a.finish(0), b.finish(0));
  CHECK(r.report.find("    printed, line 3: expected \"three\\n\", got \"three\"\n") != std::string::npos);
}

TEST_CASE("a huge print is shown around its first differing character, in events, summary and headline") {
  std::string expected_text = std::string(100000, 'a') + "X\n";
  std::string actual_text = std::string(100000, 'a') + "Y\n";
  TraceBuilder a, b;
  for (auto [t, text] : {std::pair{&a, expected_text}, std::pair{&b, actual_text}}) {
    TaskId main = t->create(0);
    t->resume(0, main);
    t->print(0, main, text);
    t->done(0, main);
  }
  DiffResult r = diff_traces(a.finish(0), b.finish(0));
  // 100 characters: 75 before the difference, the rest from it on.
  std::string window_a = std::string(98, 'a') + "X\\n";
  std::string window_b = std::string(98, 'a') + "Y\\n";
  CHECK(r.first_difference == "at t=0 s, step 1: expected Task-1 to print \"..." + window_a +
                                  "\" (100002 chars), got Task-1 to print \"..." + window_b + "\" (100002 chars)");
  CHECK(r.report.find("  - 0 s  Task-1  print \"..." + window_a + "\" (100002 chars)\n") != std::string::npos);
  CHECK(r.report.find("  + 0 s  Task-1  print \"..." + window_b + "\" (100002 chars)\n") != std::string::npos);
  CHECK(r.report.find("    printed, line 1: expected \"..." + window_a + "\" (100002 chars), got \"..." + window_b +
                      "\" (100002 chars)\n") != std::string::npos);
  CHECK(r.report.size() < 2000);
}

TEST_CASE("a long text is cut around the focus, by characters, with both ends marked") {
  std::string text;
  for (int i = 0; i < 300; ++i) text += i == 150 ? "\xE2\x9C\x93" : std::string(1, char('a' + i % 26));
  std::string at_start = quoted(text, '"');
  CHECK(at_start.starts_with("\"" + text.substr(0, 100) + "...\" (300 chars)"));
  std::string around = quoted(text, '"', 150);  // the check mark, 3 bytes
  CHECK(around == "\"..." + text.substr(75, 75) + "\xE2\x9C\x93" + text.substr(153, 24) + "...\" (300 chars)");
  CHECK(printable(std::string(100, 'x')) == std::string(100, 'x'));  // not longer than the limit: whole
  CHECK(first_difference("caf\xC3\xA9", "caf\xC3\xA8") == 3);  // the start of the character
  CHECK(first_difference("abc", "abcd") == 3);
  CHECK(first_difference("abc", "abc") == 3);
}

TEST_CASE("texts are escaped as Python's repr escapes them: bidi, zero-width, bytes that are not UTF-8") {
  CHECK(quoted("a\u202Eb\u200Bc\u2066d\u2029e\u00A0f\u00ADg", '\'') == "'a\\u202eb\\u200bc\\u2066d\\u2029e\\xa0f\\xadg'");
  CHECK(printable("\x1b[31m \xC2\x9B \x7F") == "\\x1b[31m \\x9b \\x7f");
  CHECK(printable("bad \xFF\xC3 byte") == "bad \\xff\\xc3 byte");
  CHECK(printable("\xF3\xA0\x80\x81 tag") == "\\U000e0001 tag");
  CHECK(printable("caf\xC3\xA9 \xE2\x9C\x93 \xF0\x9F\x98\x80 \xEF\xBF\xBD") == "caf\xC3\xA9 \xE2\x9C\x93 \xF0\x9F\x98\x80 \xEF\xBF\xBD");
  TraceBuilder b;
  TaskId main = b.create(0);
  b.resume(0, main);
  b.print(0, main, "\u202Eevil");
  Trace t = b.finish(0);
  CHECK(event_action(t, t.events[2]) == "print \"\\u202eevil\"");
}

TEST_CASE("--tasks compares only the named tasks' events and rows, and not the end time") {
  Variant longer;
  longer.b_sleep = 3;
  DiffOptions only_a;
  only_a.tasks = {"Task-2"};
  CHECK(diff({}, longer, only_a).same);

  DiffOptions only_b;
  only_b.tasks = {"Task-2", "Task-3"};
  DiffResult r = diff({}, longer, only_b);
  CHECK_FALSE(r.same);
  CHECK(r.first_difference == "at t=0 s, step 3: expected Task-3 to sleep until 2 s, got Task-3 to sleep until 3 s");
  CHECK(r.report.find("Task-1") == std::string::npos);
  CHECK(r.report.find("end time") == std::string::npos);
}

TEST_CASE("--tasks matches a name of either trace") {
  Variant renamed;
  renamed.b_name = "slow";
  renamed.b_sleep = 3;
  DiffOptions by_new_name;
  by_new_name.tasks = {"slow"};
  DiffResult r = diff({}, renamed, by_new_name);
  CHECK_FALSE(r.same);
  CHECK(r.report.find("  Task-3:\n    name: expected 'Task-3', got 'slow'\n") != std::string::npos);
  CHECK(unknown_task_names(scenario(), scenario(renamed), {"Task-3", "slow", "fast"}) ==
        std::vector<std::string>{"fast"});
}

TEST_CASE("events the same, rows not: the first difference is the first row that differs") {
  Variant renamed;
  renamed.b_name = "slow";
  DiffResult r = diff({}, renamed);
  CHECK_FALSE(r.same);
  CHECK(r.first_difference == "Task-3: name: expected 'Task-3', got 'slow'");
  CHECK(r.report == "tasks that differ:\n  Task-3:\n    name: expected 'Task-3', got 'slow'\n");
}

TEST_CASE("a task only one trace has; the actual trace running longer") {
  Variant more;
  more.extra_task = true;
  DiffResult r = diff({}, more);
  CHECK(r.first_difference == "at t=2 s, step 6: expected Task-1 to finish with result None, got Task-1 to create Task-4");
  CHECK(r.report.find("  Task-4: only in the actual trace (coro cleanup, created at 2 s by Task-1)\n") !=
        std::string::npos);
  DiffResult back = diff(more, {});
  CHECK(back.report.find("  Task-4: only in the expected trace (coro cleanup, created at 2 s by Task-1)\n") !=
        std::string::npos);

  Trace shorter = scenario();
  shorter.events.pop_back();
  DiffResult end = diff_traces(scenario(), shorter);
  CHECK(end.first_difference == "at t=2 s, step 6: expected Task-1 to finish with result None, got no more events");
  DiffResult longer = diff_traces(shorter, scenario());
  CHECK(longer.first_difference == "at t=2 s, step 6: expected no more events, got Task-1 to finish with result None");
}

TEST_CASE("the program is compared by file name, not by directory") {
  Variant there;
  there.program = "/elsewhere/scenarios/prog.py";
  CHECK(diff({}, there).same);
  Variant other;
  other.program = "scenarios/other.py";
  DiffResult r = diff({}, other);
  CHECK(r.report == "program: expected 'prog.py', got 'other.py'\n");
  CHECK(r.first_difference == "program: expected 'prog.py', got 'other.py'");
}

TEST_CASE("the outcome and a failed task's exception") {
  Trace ok = scenario();
  Trace failed = scenario();
  auto is_done_of_3 = [](const TraceEvent& e) { return e.kind == TraceEvent::Kind::kDone && e.task == 3; };
  TraceEvent& done = *std::find_if(failed.events.begin(), failed.events.end(), is_done_of_3);
  done.state = TaskEnd::State::kFailed;
  done.text = "ValueError";
  done.message = "boom";
  failed.tasks[2].state = TraceTask::State::kFailed;
  failed.outcome.status = Outcome::Status::kError;
  failed.outcome.error_type = "ValueError";
  failed.outcome.error_message = "boom";
  failed.outcome.error_task = 3;
  DiffResult r = diff_traces(ok, failed);
  CHECK(r.first_difference == "at t=2 s, step 5: expected Task-3 to finish with result 'b', got Task-3 to fail with ValueError: boom");
  CHECK(r.report.find("  - 2 s  Task-3  done  result 'b'\n  + 2 s  Task-3  failed  ValueError: boom\n") !=
        std::string::npos);
  CHECK(r.report.find("    state: expected done (result 'b'), got failed (ValueError: boom)\n") != std::string::npos);
  CHECK(r.report.ends_with("outcome: expected ok, got error ValueError: boom (raised in Task-3)\n"));
}

TEST_CASE("--context sets how many events surround the first difference") {
  Variant longer;
  longer.b_sleep = 3;
  DiffOptions one;
  one.context = 1;
  DiffResult r = diff({}, longer, one);
  CHECK(r.report.find(
            "sleep until 3 s\n"
            "    0 s  Task-3  resume\n"
            "  - 0 s  Task-3  suspend  sleeps until 2 s\n"
            "  + 0 s  Task-3  suspend  sleeps until 3 s\n"
            "    1 s  Task-2  resume\n"
            "tasks that differ:\n") != std::string::npos);
  DiffOptions none;
  none.context = 0;
  r = diff({}, longer, none);
  CHECK(r.report.find(
            "sleep until 3 s\n"
            "  - 0 s  Task-3  suspend  sleeps until 2 s\n"
            "  + 0 s  Task-3  suspend  sleeps until 3 s\n"
            "tasks that differ:\n") != std::string::npos);
}

TEST_CASE("an inserted event: the hunk shows it alone and resumes when the traces agree again") {
  TraceBuilder a, b;
  for (TraceBuilder* t : {&a, &b}) {
    TaskId main = t->create(0);
    t->resume(0, main);
    t->print(0, main, "1\n");
    if (t == &b) t->print(0, main, "inserted\n");
    for (int i = 2; i <= 6; ++i) t->print(0, main, std::to_string(i) + "\n");
    t->done(0, main);
  }
  DiffResult r = diff_traces(a.finish(0), b.finish(0));
  CHECK(r.report ==
        "events differ at t=0 s, step 1: expected Task-1 to print \"2\\n\", got Task-1 to print \"inserted\\n\"\n"
        "    0 s  Task-1  create\n"
        "    0 s  Task-1  resume\n"
        "    0 s  Task-1  print \"1\\n\"\n"
        "  + 0 s  Task-1  print \"inserted\\n\"\n"
        "    0 s  Task-1  print \"2\\n\"\n"
        "    0 s  Task-1  print \"3\\n\"\n"
        "    0 s  Task-1  print \"4\\n\"\n"
        "tasks that differ:\n"
        "  Task-1:\n"
        "    printed, line 2: expected \"2\\n\", got \"inserted\\n\"\n");
}

TEST_CASE("a task id the trace does not list (a Trace built by hand) is named, never used as an index") {
  Trace expected = scenario();
  Trace actual = scenario();
  TraceEvent stray;
  stray.t = 2;
  stray.task = 99;
  actual.events.push_back(stray);
  stray.kind = TraceEvent::Kind::kPrint;
  stray.text = "x\n";
  actual.events.push_back(stray);
  DiffResult r = diff_traces(expected, actual, {});
  CHECK_FALSE(r.same);
  CHECK(r.first_difference == "at t=2 s, step 7: expected no more events, got task 99 to resume");
  DiffOptions per_task;
  per_task.per_task = true;
  CHECK(diff_traces(expected, actual, per_task).same);
}

// main awaits Task-2 (event 3, step 1) and then a future (event 7, step 3),
// with the place of each wait set by `place`.
Trace waits(const std::function<void(WaitsOn& task_wait, WaitsOn& future_wait)>& place) {
  TraceBuilder b;
  TaskId main = b.create(0);
  b.resume(0, main);
  TaskId child = b.create(0, "main", main);
  b.await_task(0, main, child);
  b.resume(0, child);
  b.done(0, child);
  b.resume(0, main);
  b.await_future(0, main);
  b.resume(1, main);
  b.done(1, main);
  Trace t = b.finish(1);
  place(t.events[3].waits_on, t.events[7].waits_on);
  return t;
}

void lines(WaitsOn& task_wait, WaitsOn& future_wait) {
  task_wait.line = 38;
  future_wait.primitive = "lock";
  future_wait.object = 1;
  future_wait.line = 40;
}

TEST_CASE("the same wait at another line: the headline says what differs, --ignore-lines passes it") {
  Trace expected = waits(lines);
  Trace moved = waits([](WaitsOn& task_wait, WaitsOn& future_wait) {
    lines(task_wait, future_wait);
    task_wait.line = 39;
    future_wait.line = 41;
  });
  DiffResult r = diff_traces(expected, moved);
  CHECK_FALSE(r.same);
  CHECK(r.first_difference == "at t=0 s, step 1: Task-1 waits for Task-2 in both, but at line 39 instead of line 38");
  CHECK(r.report.find("  - 0 s  Task-1  suspend  waits for Task-2 at line 38\n"
                      "  + 0 s  Task-1  suspend  waits for Task-2 at line 39\n") != std::string::npos);
  DiffOptions ignore_lines;
  ignore_lines.ignore_lines = true;
  CHECK(diff_traces(expected, moved, ignore_lines).same);

  DiffOptions per_task;
  per_task.per_task = true;
  CHECK(diff_traces(expected, moved, per_task).first_difference ==
        "at t=0 s, step 1, in Task-1's own events: Task-1 waits for Task-2 in both, but at line 39 instead of line 38");
  per_task.ignore_lines = true;
  CHECK(diff_traces(expected, moved, per_task).same);

  Trace no_frame = waits([](WaitsOn& task_wait, WaitsOn& future_wait) {
    lines(task_wait, future_wait);
    task_wait.line = 0;
  });
  CHECK(diff_traces(expected, no_frame).first_difference ==
        "at t=0 s, step 1: Task-1 waits for Task-2 in both, but at no line instead of line 38");
}

TEST_CASE("the same wait on another object or library call: named, and not passed by --ignore-lines") {
  Trace expected = waits(lines);
  DiffOptions ignore_lines;
  ignore_lines.ignore_lines = true;
  Trace other_lock = waits([](WaitsOn& task_wait, WaitsOn& future_wait) {
    lines(task_wait, future_wait);
    future_wait.object = 2;
  });
  for (const DiffOptions& options : {DiffOptions{}, ignore_lines}) {
    DiffResult r = diff_traces(expected, other_lock, options);
    CHECK(r.first_difference == "at t=0 s, step 3: Task-1 waits for a future in both, but on lock #2 instead of lock #1");
  }
  Trace event_elsewhere = waits([](WaitsOn& task_wait, WaitsOn& future_wait) {
    lines(task_wait, future_wait);
    future_wait.primitive = "event";
    future_wait.line = 12;
  });
  CHECK(diff_traces(expected, event_elsewhere).first_difference ==
        "at t=0 s, step 3: Task-1 waits for a future in both, but on event #1 instead of lock #1, and at line 12 "
        "instead of line 40");
  CHECK(diff_traces(expected, event_elsewhere, ignore_lines).first_difference ==
        "at t=0 s, step 3: Task-1 waits for a future in both, but on event #1 instead of lock #1");
  Trace bare = waits([](WaitsOn& task_wait, WaitsOn& future_wait) {
    lines(task_wait, future_wait);
    future_wait.primitive = "";
    future_wait.object = 0;
  });
  CHECK(diff_traces(expected, bare).first_difference ==
        "at t=0 s, step 3: Task-1 waits for a future in both, but on no library call instead of lock #1");
}

TEST_CASE("a golden recorded before lines were traced: the headline says to re-record it") {
  Trace old = waits([](WaitsOn&, WaitsOn&) {});
  Trace now = waits(lines);
  CHECK(diff_traces(old, now).first_difference ==
        "at t=0 s, step 1: Task-1 waits for Task-2 in both, but at line 38 with no line in the expected trace "
        "(recorded before lines were traced?); re-record it with check --update");
  DiffOptions ignore_lines;
  ignore_lines.ignore_lines = true;
  CHECK(diff_traces(old, now, ignore_lines).first_difference ==
        "at t=0 s, step 3: Task-1 waits for a future in both, but on lock #1 instead of no library call");
}

TEST_CASE("another wait, or another time, is still worded as expected and got") {
  Trace expected = waits(lines);
  Trace other_task = waits(lines);
  other_task.events[3].waits_on.task = 1;
  CHECK(diff_traces(expected, other_task).first_difference ==
        "at t=0 s, step 1: expected Task-1 to wait for Task-2 at line 38, got Task-1 to wait for Task-1 at line 38");
  Trace later = waits([](WaitsOn& task_wait, WaitsOn& future_wait) {
    lines(task_wait, future_wait);
    task_wait.line = 39;
  });
  for (size_t k = 3; k < later.events.size(); ++k) later.events[k].t += 1;
  CHECK(diff_traces(expected, later).first_difference ==
        "at step 1: expected Task-1 to wait for Task-2 at line 38 at 0 s, got Task-1 to wait for Task-2 at line 39 at 1 s");
  for (TraceEvent& e : later.events) e.t += 1;
  CHECK(diff_traces(expected, later).first_difference ==
        "before the first step: expected Task-1 to be created at 0 s, got it at 1 s");
}

TEST_CASE("events as a person reads them") {
  TraceBuilder b;
  TaskId main = b.create(0);
  TaskId child = b.create(0, "child", main);
  b.await_task(0, main, child);
  b.gather(0, main, {child, main});
  b.yield(0, main);
  b.await_future(0, main);
  b.sleep(0, main, INFINITY);
  b.cancel(1.5, child, main);
  b.cancel(0.1 + 0.2, child);
  b.print(0, 0, "esc\x1b[31m\t\"q\"");
  b.fail(2, child, "ValueError", "line\nbreak");
  b.cancelled(2, main);
  Trace t = b.finish(2);
  t.events[8].has_msg = true;
  t.events[8].text = "it's";
  std::vector<std::string> actions;
  for (const TraceEvent& e : t.events) actions.push_back(event_action(t, e));
  CHECK(actions == std::vector<std::string>{
                       "create",
                       "create  parent Task-1",
                       "suspend  waits for Task-2",
                       "suspend  waits for gather(Task-2, Task-1)",
                       "suspend  yields",
                       "suspend  waits for a future",
                       "suspend  sleeps forever",
                       "cancel  by Task-1",
                       "cancel  by the loop msg 'it\\'s'",
                       "print \"esc\\x1b[31m\\t\\\"q\\\"\"",
                       "failed  ValueError: line\\nbreak",
                       "cancelled",
                   });
  CHECK(phrase_of(t, 1) == "Task-1 to create Task-2");
  CHECK(phrase_of(t, 8) == "the loop to cancel Task-2 with msg 'it\\'s'");
  CHECK(phrase_of(t, 9) == "the program to print \"esc\\x1b[31m\\t\\\"q\\\"\"");
  CHECK(phrase_of(t, 11) == "Task-1 to end cancelled");
  CHECK(seconds_text(t.events[8].t) == "0.30000000000000004 s");
  CHECK(seconds_text(1e-5) == "0.00001 s");
  CHECK(seconds_text(120) == "120 s");
  CHECK(seconds_text(NAN) == "never");
}

}  // namespace
}  // namespace corosim
