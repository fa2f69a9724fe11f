#include "sim/view/timeline.h"

#include <doctest/doctest.h>

#include <cstdio>
#include <limits>
#include <string>

#include "tests/support/trace_builder.h"

namespace corosim {
namespace {

using testing::TraceBuilder;

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// "kind start-end" per segment, e.g. "scheduled 0-0 run 0-0 sleep 0-2".
std::string times(const TaskTimeline& task) {
  std::string out;
  for (const TimelineSegment& s : task.segments) {
    if (!out.empty()) out += ' ';
    out += std::string(segment_kind_name(s.kind)) + ' ' + number(s.start) + '-' + number(s.end);
  }
  return out;
}

// The same in loop-steps positions.
std::string slots(const TaskTimeline& task) {
  std::string out;
  for (const TimelineSegment& s : task.segments) {
    if (!out.empty()) out += ' ';
    out += std::string(segment_kind_name(s.kind)) + ' ' + number(s.slot_start) + '-' +
           number(s.slot_end);
  }
  return out;
}

// scenarios/timing/blocking_sleep_starves_loop.py, first second: ticker
// (Task-2) sleeps 1 s, hog (Task-3) blocks the loop for 3 s in time.sleep.
Trace starved_ticker() {
  TraceBuilder b;
  TaskId main = b.create(0);
  b.resume(0, main);
  TaskId ticker = b.create(0, "ticker", main);
  TaskId hog = b.create(0, "hog", main);
  b.gather(0, main, {ticker, hog});
  b.resume(0, ticker);
  b.print(0, ticker, "tick 0\n");
  b.sleep(0, ticker, 1);
  b.resume(0, hog);
  b.print(0, hog, "hog blocks\n");
  b.print(3, hog, "hog unblocks\n");
  b.sleep(3, hog, 4);
  b.resume(3, ticker);
  b.done(3, ticker);
  b.resume(4, hog);
  b.done(4, hog);
  b.resume(4, main);
  b.done(4, main);
  return b.finish(4);
}

TEST_CASE("a step that takes virtual time is a run segment of that length") {
  Timeline tl = build_timeline(starved_ticker());
  CHECK(times(tl.tasks[2]) == "scheduled 0-0 run 0-3 sleep 3-4 run 4-4");
  REQUIRE(tl.steps.size() == 6);
  CHECK(tl.steps[2].task == 3);
  CHECK(tl.steps[2].start == 0);
  CHECK(tl.steps[2].end == 3);
}

TEST_CASE("a sleeper whose deadline passes during a blocking step is overdue until it runs") {
  Timeline tl = build_timeline(starved_ticker());
  CHECK(times(tl.tasks[1]) == "scheduled 0-0 run 0-0 sleep 0-1 overdue 1-3 run 3-3");
  // In loop steps the deadline passed during hog's step (step 2, slots
  // [2, 3)), the last event at or before t=1 being inside it (hog's print).
  CHECK(slots(tl.tasks[1]) == "scheduled 0.5-1 run 1-2 sleep 2-2.5 overdue 2.5-3 run 3-4");
  const TimelineSegment& overdue = tl.tasks[1].segments[3];
  CHECK(overdue.waited == TimelineSegment::Kind::kSleep);
  CHECK(overdue.waits_on.until == 1);
}

TEST_CASE("the loop is busy during blocking steps only, and the share is of end_time") {
  Timeline tl = build_timeline(starved_ticker());
  REQUIRE(tl.busy.size() == 1);
  CHECK(tl.busy[0].start == 0);
  CHECK(tl.busy[0].end == 3);
  CHECK(tl.stats.busy_time == 3);
  CHECK(tl.stats.busy_share == doctest::Approx(0.75));
}

TEST_CASE("adjacent blocking steps merge into one busy interval") {
  TraceBuilder b;
  TaskId a = b.create(0);
  TaskId c = b.create(0);
  b.resume(0, a);
  b.yield(1, a);
  b.resume(1, c);
  b.done(2, c);
  b.resume(2, a);
  b.done(2, a);
  Timeline tl = build_timeline(b.finish(4));
  REQUIRE(tl.busy.size() == 1);
  CHECK(tl.busy[0].start == 0);
  CHECK(tl.busy[0].end == 2);
  CHECK(tl.stats.busy_share == doctest::Approx(0.5));
  // Task-2 was due at 0 but the loop was busy with Task-1 until 1.
  CHECK(times(tl.tasks[1]) == "scheduled 0-0 overdue 0-1 run 1-2");
  // Task-1's yield was due at once; it waited for Task-2's blocking step.
  CHECK(times(tl.tasks[0]) == "scheduled 0-0 run 0-1 yield 1-1 overdue 1-2 run 2-2");
}

TEST_CASE("a cancel makes a sleeper due at the moment it is requested") {
  TraceBuilder b;
  TaskId main = b.create(0);
  b.resume(0, main);
  TaskId sleeper = b.create(0, "sleeper", main);
  b.sleep(0, main, 2);
  b.resume(0, sleeper);
  b.sleep(0, sleeper, 10);
  b.resume(2, main);
  b.cancel(2, sleeper, main);
  b.sleep(3, main, 5);  // main blocks for 1 s after cancelling
  b.resume(3, sleeper);
  b.cancelled(3, sleeper);
  b.resume(5, main);
  b.done(5, main);
  Timeline tl = build_timeline(b.finish(5));
  CHECK(times(tl.tasks[1]) == "scheduled 0-0 run 0-0 sleep 0-2 overdue 2-3 run 3-3");
  // The overdue part starts at the cancel, inside main's step 2.
  CHECK(slots(tl.tasks[1]) == "scheduled 0.5-1 run 1-2 sleep 2-2.5 overdue 2.5-3 run 3-4");
}

TEST_CASE("a cancel passed on to an awaited task does not make the waiter due") {
  TraceBuilder b;
  TaskId main = b.create(0);
  b.resume(0, main);
  TaskId child = b.create(0, "child", main);
  b.await_task(0, main, child);
  b.resume(0, child);
  b.sleep(0, child, 5);
  b.cancel(0, main);
  b.cancel(0, child);
  b.resume(0, child);
  b.sleep(0, child, 2);  // the child cleans up for 2 s before it ends
  b.resume(2, child);
  b.cancelled(2, child);
  b.resume(2, main);
  b.cancelled(2, main);
  Timeline tl = build_timeline(b.finish(2));
  CHECK(times(tl.tasks[0]) == "scheduled 0-0 run 0-0 task 0-2 run 2-2");
}

TEST_CASE("a cancel later than the deadline does not move the due time") {
  TraceBuilder b;
  TaskId main = b.create(0);
  TaskId other = b.create(0);
  b.resume(0, main);
  b.sleep(0, main, 1);
  b.resume(0, other);
  b.cancel(2, main, other);
  b.done(3, other);
  b.resume(3, main);
  b.done(3, main);
  Timeline tl = build_timeline(b.finish(3));
  CHECK(times(tl.tasks[0]) == "scheduled 0-0 run 0-0 sleep 0-1 overdue 1-3 run 3-3");
}

TEST_CASE("a gather is due when its last child finishes") {
  TraceBuilder b;
  TaskId main = b.create(0);
  b.resume(0, main);
  TaskId c1 = b.create(0, "a", main);
  TaskId c2 = b.create(0, "b", main);
  TaskId hog = b.create(0, "hog", main);
  b.gather(0, main, {c1, c2});
  b.resume(0, c1);
  b.sleep(0, c1, 1);
  b.resume(0, c2);
  b.sleep(0, c2, 2);
  b.resume(0, hog);
  b.sleep(0, hog, 2);
  b.resume(1, c1);
  b.done(1, c1);
  b.resume(2, c2);
  b.done(2.5, c2);  // a blocking last step
  b.resume(2.5, hog);
  b.done(4, hog);   // blocks until 4
  b.resume(4, main);
  b.done(4, main);
  Timeline tl = build_timeline(b.finish(4));
  CHECK(times(tl.tasks[0]) == "scheduled 0-0 run 0-0 gather 0-2.5 overdue 2.5-4 run 4-4");
  const TimelineSegment& overdue = tl.tasks[0].segments[3];
  CHECK(overdue.waited == TimelineSegment::Kind::kGather);
  CHECK(overdue.waits_on.tasks == std::vector<TaskId>{2, 3});
  // Due at c2's done, which ends step 5 (slots 5 to 6).
  CHECK(overdue.slot_start == 6);
  CHECK(overdue.slot_end == 7);
}

TEST_CASE("a task wait on time is not split") {
  TraceBuilder b;
  TaskId main = b.create(0);
  b.resume(0, main);
  TaskId child = b.create(0, "sleep", main);
  b.await_task(0, main, child);
  b.resume(0, child);
  b.sleep(0, child, 2);
  b.resume(2, child);
  b.done(2, child);
  b.resume(2, main);
  b.done(2, main);
  Timeline tl = build_timeline(b.finish(2));
  CHECK(times(tl.tasks[0]) == "scheduled 0-0 run 0-0 task 0-2 run 2-2");
  CHECK(tl.tasks[0].segments[2].waits_on.task == 2);
  CHECK(tl.stats.busy_share == 0);
  CHECK(tl.busy.empty());
}

TEST_CASE("a task that never finishes waits until end_time") {
  TraceBuilder b;
  TaskId main = b.create(0);
  TaskId sleeper = b.create(0);
  b.resume(0, main);
  b.await_future(0, main);
  b.resume(0, sleeper);
  b.sleep(0, sleeper, 3);
  Timeline tl = build_timeline(b.finish(5));
  CHECK(times(tl.tasks[0]) == "scheduled 0-0 run 0-0 future 0-5");
  // Its deadline passed with no loop step to run it (e.g. --until): overdue.
  CHECK(times(tl.tasks[1]) == "scheduled 0-0 run 0-0 sleep 0-3 overdue 3-5");
  CHECK(tl.tasks[0].segments.back().slot_end == 2);
}

TEST_CASE("a sleep with an infinite deadline is never due") {
  TraceBuilder b;
  TaskId main = b.create(0);
  b.resume(0, main);
  b.sleep(0, main, std::numeric_limits<double>::infinity());
  Timeline tl = build_timeline(b.finish(7));
  CHECK(times(tl.tasks[0]) == "scheduled 0-0 run 0-0 sleep 0-7");
}

TEST_CASE("peak live counts a finish before a create at the same instant in event order") {
  TraceBuilder b;
  TaskId main = b.create(0);
  b.resume(0, main);
  TaskId a = b.create(0, "a", main);
  b.await_task(0, main, a);
  b.resume(0, a);
  b.done(0, a);
  b.resume(0, main);
  b.create(0, "b", main);
  b.done(0, main);
  Timeline tl = build_timeline(b.finish(0));
  CHECK(tl.stats.peak_live == 2);
  CHECK(tl.stats.tasks == 3);
  CHECK(tl.stats.steps == 3);
  CHECK(tl.stats.busy_share == 0);
}

TEST_CASE("internal tasks count among tasks but not visible tasks") {
  TraceBuilder b;
  TaskId main = b.create(0);
  b.resume(0, main);
  b.done(0, main);
  TaskId internal = b.create_internal(0, "BaseEventLoop.shutdown_asyncgens");
  b.resume(0, internal);
  b.done(0, internal);
  Timeline tl = build_timeline(b.finish(0));
  CHECK(tl.stats.tasks == 2);
  CHECK(tl.stats.visible_tasks == 1);
  CHECK(tl.stats.peak_live == 1);
}

// Seed example 4: five sleepers due at t=2 run in heap order.
TEST_CASE("five tasks waking at the same instant get one slot per step, in order") {
  TraceBuilder b;
  TaskId main = b.create(0);
  b.resume(0, main);
  std::vector<TaskId> children;
  for (int i = 0; i < 5; ++i) children.push_back(b.create(0, "sleep", main));
  b.gather(0, main, children);
  for (TaskId c : children) {
    b.resume(0, c);
    b.sleep(0, c, 2);
  }
  for (TaskId c : {2, 4, 6, 3, 5}) {
    b.resume(2, c);
    b.done(2, c, "'sleep'");
  }
  b.resume(2, main);
  b.print(2, main, "done\n");
  b.done(2, main);
  b.cancel(2, main);  // after every step: a request by the loop
  Trace trace = b.finish(2);
  Timeline tl = build_timeline(trace);
  REQUIRE(tl.steps.size() == 12);
  std::vector<TaskId> order;
  for (size_t k = 6; k < 11; ++k) order.push_back(tl.steps[k].task);
  CHECK(order == std::vector<TaskId>{2, 4, 6, 3, 5});
  // Task-4 wakes in step 7: its sleep ends where its step starts.
  CHECK(slots(tl.tasks[3]) == "scheduled 0.5-3 run 3-4 sleep 4-7 run 7-8");
  CHECK(times(tl.tasks[3]) == "scheduled 0-0 run 0-0 sleep 0-2 run 2-2");
  REQUIRE(tl.event_slots.size() == trace.events.size());
  CHECK(tl.event_slots[0] == 0);   // create before any step: slot of step 0
  CHECK(tl.event_slots[1] == 0);   // resume of step 0
  CHECK(tl.event_slots[2] == 0.5); // create inside step 0
  CHECK(tl.event_slots[7] == 1);   // the suspend ending step 0
  CHECK(tl.event_slots[trace.events.size() - 2] == 12);  // main's done ends step 11
  CHECK(tl.event_slots.back() == 12);  // after the last step
}

TEST_CASE("segments of every task are contiguous from creation to finish") {
  Trace trace = starved_ticker();
  Timeline tl = build_timeline(trace);
  for (const TraceTask& task : trace.tasks) {
    const TaskTimeline& row = tl.tasks[size_t(task.id - 1)];
    REQUIRE_FALSE(row.segments.empty());
    CHECK(row.segments.front().start == task.created);
    CHECK(row.segments.back().end == task.finished);
    for (size_t i = 1; i < row.segments.size(); ++i) {
      CHECK(row.segments[i].start == row.segments[i - 1].end);
      CHECK(row.segments[i].slot_start == row.segments[i - 1].slot_end);
    }
  }
}

TEST_CASE("events naming unknown tasks are skipped") {
  TraceBuilder b;
  TaskId main = b.create(0);
  b.resume(0, main);
  b.done(0, main);
  b.print(0, 0, "outside any task\n");
  Trace trace = b.finish(0);
  TraceEvent stray;
  stray.kind = TraceEvent::Kind::kSuspend;
  stray.task = 42;
  trace.events.push_back(stray);
  Timeline tl = build_timeline(trace);
  CHECK(times(tl.tasks[0]) == "scheduled 0-0 run 0-0");
  CHECK(tl.event_slots.size() == trace.events.size());
}

}  // namespace
}  // namespace corosim
