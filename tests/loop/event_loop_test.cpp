// The loop's one iteration (_run_once) in detail: the ready snapshot, timer
// expiry, clock advance, the cancelled-timer bookkeeping and the halts.
#include "sim/loop/event_loop.h"

#include <doctest/doctest.h>

#include <string>

#include "sim/loop/future.h"
#include "sim/loop/task.h"
#include "sim/runtime/exception.h"
#include "sim/runtime/str_object.h"
#include "tests/loop/loop_test_support.h"

namespace corosim {
namespace {

using testing::LoopWorld;

std::string* g_log = nullptr;  // where record() writes

// A callback that appends "label@clock " to the log (a = label).
void record(const Value& label, const Value&) {
  *g_log += label.as<StrObject>()->text() + "@" + testing::fmt_time(run_context().clock) + " ";
}

Callback rec(const char* label) { return Callback{record, new_str(label), Value()}; }

// A callback that schedules rec(label) with call_soon (a = loop, b = label).
void schedule_soon(const Value& loop, const Value& label) {
  loop.as<EventLoop>()->call_soon(Callback{record, label, Value()});
}

void raise_value_error(const Value&, const Value&) {
  raise_error(exception_types().value_error, "boom");
}

struct LogScope {
  std::string text;
  LogScope() { g_log = &text; }
  ~LogScope() { g_log = nullptr; }
};

}  // namespace

TEST_CASE("callbacks scheduled during an iteration run in the next one") {
  LoopWorld world;
  LogScope log;
  Ref<EventLoop> loop = make<EventLoop>();
  loop->call_soon(rec("a"));
  loop->call_soon(Callback{schedule_soon, Value(loop), new_str("c")});
  loop->call_soon(rec("b"));
  loop->run_once();
  CHECK(log.text == "a@0.0 b@0.0 ");
  CHECK(loop->ready_count() == 1);
  loop->run_once();
  CHECK(log.text == "a@0.0 b@0.0 c@0.0 ");
  loop->close();
}

TEST_CASE("expired timers run after the handles that were already ready, in heap order") {
  LoopWorld world;
  LogScope log;
  Ref<EventLoop> loop = make<EventLoop>();
  loop->call_at(0.0, rec("t1"));
  loop->call_at(0.0, rec("t2"));
  loop->call_at(0.0, rec("t3"));
  loop->call_at(0.0, rec("t4"));
  loop->call_soon(rec("ready"));
  loop->run_once();
  CHECK(log.text == "ready@0.0 t1@0.0 t3@0.0 t2@0.0 t4@0.0 ");
  loop->close();
}

TEST_CASE("the clock jumps by the select timeout only when nothing is ready") {
  LoopWorld world;
  LogScope log;
  Ref<EventLoop> loop = make<EventLoop>();
  loop->call_later(2.5, rec("late"));
  loop->call_later(1.0, rec("early"));
  loop->call_later(2.5, rec("late2"));
  loop->call_soon(rec("now"));
  loop->run_once();  // something ready: timeout 0
  CHECK(log.text == "now@0.0 ");
  loop->run_once();
  CHECK(log.text == "now@0.0 early@1.0 ");
  loop->run_once();
  CHECK(log.text == "now@0.0 early@1.0 late@2.5 late2@2.5 ");
  CHECK(run_context().clock == 2.5);
  loop->close();
}

TEST_CASE("the clock is now + timeout in doubles, and a timer is due within the resolution") {
  LoopWorld world;
  LogScope log;
  Ref<EventLoop> loop = make<EventLoop>();
  double when = 0;
  for (int i = 0; i < 10; ++i) {
    when = loop->time() + 0.1;
    loop->call_at(when, rec("tick"));
    loop->run_once();
  }
  CHECK(testing::fmt_time(run_context().clock) == "0.9999999999999999");
  // The clock moves to the first deadline; one less than 1e-9 later is due too.
  loop->call_at(5.0 + 5e-10, rec("b"));
  loop->call_at(5.0, rec("a"));
  loop->call_at(5.0 + 2e-9, rec("c"));
  log.text.clear();
  loop->run_once();
  CHECK(log.text == "a@5.0 b@5.0 ");
  loop->close();
}

TEST_CASE("a deadline more than a day ahead is reached in steps of at most 86400 seconds") {
  LoopWorld world;
  LogScope log;
  Ref<EventLoop> loop = make<EventLoop>();
  loop->call_later(200000.0, rec("far"));
  loop->run_once();
  CHECK(run_context().clock == 86400.0);
  loop->run_once();
  CHECK(run_context().clock == 172800.0);
  CHECK(log.text.empty());
  loop->run_once();
  CHECK(log.text == "far@200000.0 ");
  loop->close();
}

TEST_CASE("every iteration counts one step, so a far timer alone stops at --max-steps") {
  LoopWorld world;
  LogScope log;
  RunContext& rc = run_context();
  rc.steps = 0;
  rc.max_steps = 3;
  Ref<EventLoop> loop = make<EventLoop>();
  loop->call_later(1e300, rec("far"));  // sleep(1e300): the clock crawls a day at a time
  std::string stopped;
  try {
    for (int i = 0; i < 10; ++i) loop->run_once();
  } catch (const LimitExceeded& e) {
    stopped = e.which;
  }
  CHECK(stopped == "max-steps");
  CHECK(loop->iterations() == 4);
  CHECK(rc.steps == 4);
  rc.max_steps = 0;
  loop->close();
}

TEST_CASE("a cancelled timer at the head is popped and uncounted; one leaving by expiry stays counted") {
  LoopWorld world;
  LogScope log;
  Ref<EventLoop> loop = make<EventLoop>();
  Ref<TimerHandle> a = loop->call_at(1.0, rec("a"));
  Ref<TimerHandle> b = loop->call_at(1.0, rec("b"));
  b->cancel();
  CHECK(loop->timer_cancelled_count() == 1);
  loop->run_once();  // head is a (not cancelled); both expire; b is skipped
  CHECK(log.text == "a@1.0 ");
  CHECK(loop->scheduled().empty());
  CHECK(loop->timer_cancelled_count() == 1);  // CPython's drift, §1.4

  Ref<TimerHandle> c = loop->call_at(2.0, rec("c"));
  Ref<TimerHandle> d = loop->call_at(3.0, rec("d"));
  c->cancel();
  CHECK(loop->timer_cancelled_count() == 2);
  loop->run_once();  // c is at the head: popped, count decremented
  CHECK(loop->timer_cancelled_count() == 1);
  CHECK(log.text == "a@1.0 d@3.0 ");
  a->cancel();  // already left the heap: not counted
  CHECK(loop->timer_cancelled_count() == 1);
  loop->close();
}

TEST_CASE("more than 100 timers with over half cancelled are rebuilt and the count reset") {
  LoopWorld world;
  LogScope log;
  Ref<EventLoop> loop = make<EventLoop>();
  std::vector<Ref<TimerHandle>> timers;
  for (int i = 0; i < 120; ++i) timers.push_back(loop->call_at(10.0 + i % 7, rec("x")));
  for (size_t i = 0; i < 120; i += 2) timers[i]->cancel();
  timers[1]->cancel();  // 61 of 120: over half
  CHECK(loop->timer_cancelled_count() == 61);
  loop->call_soon(rec("r"));
  loop->run_once();
  CHECK(loop->timer_cancelled_count() == 0);
  CHECK(loop->scheduled().size() == 59);
  for (const Ref<TimerHandle>& h : loop->scheduled().items()) CHECK_FALSE(h->cancelled());
  size_t still_scheduled = 0;
  for (const Ref<TimerHandle>& h : timers) still_scheduled += h->scheduled ? 1 : 0;
  CHECK(still_scheduled == 59);
  loop->close();
}

TEST_CASE("stop lets the iteration finish and leaves later handles queued") {
  LoopWorld world;
  LogScope log;
  Ref<EventLoop> loop = make<EventLoop>();
  struct Stopper {
    static void stop(const Value& l, const Value&) { l.as<EventLoop>()->stop(); }
  };
  loop->call_soon(rec("a"));
  loop->call_soon(Callback{Stopper::stop, Value(loop), Value()});
  loop->call_soon(Callback{schedule_soon, Value(loop), new_str("next")});
  loop->call_soon(rec("b"));
  loop->run_forever();
  CHECK(log.text == "a@0.0 b@0.0 ");
  CHECK(loop->ready_count() == 1);
  CHECK_FALSE(loop->is_running());
  loop->close();
  CHECK(loop->ready_count() == 0);
}

TEST_CASE("run_until_complete returns the future's result one iteration after it is set") {
  LoopWorld world;
  Ref<EventLoop> loop = make<EventLoop>();
  Ref<FutureObject> fut = loop->create_future();
  loop->call_later(3.0, Callback{set_result_unless_cancelled, Value(fut), Value::from_int(42)});
  Value result = loop->run_until_complete(Value(fut));
  CHECK(result.as_int() == 42);
  CHECK(run_context().clock == 3.0);
  CHECK(loop->iterations() == 2);  // timer fires (it1), _run_until_complete_cb stops (it2)
  loop->close();
}

TEST_CASE("an exception escaping a callback is recorded and the loop goes on") {
  LoopWorld world;
  LogScope log;
  Ref<EventLoop> loop = make<EventLoop>();
  loop->call_soon(Callback{raise_value_error, Value(), Value()});
  loop->call_soon(rec("after"));
  loop->run_once();
  CHECK(log.text == "after@0.0 ");
  REQUIRE(loop->callback_errors().size() == 1);
  CHECK(exception_repr(loop->callback_errors()[0]) == "ValueError('boom')");
  loop->close();
}

TEST_CASE("nothing ready and no timer is a deadlock listing the pending tasks") {
  LoopWorld world;
  Ref<EventLoop> loop = make<EventLoop>();
  Ref<FutureObject> never = loop->create_future();
  Ref<TaskObject> task =
      loop->create_task(testing::script("waiter", {[&](const Value&, const Value&) {
                          return testing::await_(Value(never));
                        }}));
  loop->run_once();  // the task's first step: waits on the future
  try {
    loop->run_once();
    FAIL("no deadlock");
  } catch (const Deadlock& d) {
    CHECK(d.ids() == std::vector<TaskId>{1});
    CHECK(d.format([](TaskId) { return std::string(); }) ==
          "deadlock: nothing is ready and no timer is pending; waiting tasks:\n"
          "  Task-1 waits on future\n");
  }
  loop->close();
}

TEST_CASE("a clock advance past --until stops exactly at the limit") {
  LoopWorld world;
  LogScope log;
  run_context().until = 2.0;
  Ref<EventLoop> loop = make<EventLoop>();
  loop->call_later(1.0, rec("one"));
  loop->call_later(5.0, rec("five"));
  loop->run_once();
  CHECK(log.text == "one@1.0 ");
  CHECK_THROWS_AS(loop->run_once(), UntilReached);
  CHECK(run_context().clock == 2.0);
  CHECK(log.text == "one@1.0 ");
  loop->close();
}

TEST_CASE("the ready queue reuses its ring without reallocating in the steady state") {
  ReadyQueue q;
  for (int round = 0; round < 1000; ++round) {
    for (int i = 0; i < 50; ++i) q.push_back(ReadyQueue::Entry{});
    for (int i = 0; i < 50; ++i) q.pop_front();
  }
  CHECK(q.empty());
  for (int i = 0; i < 200; ++i) q.push_back(ReadyQueue::Entry{Callback{nullptr, Value::from_int(i), Value()}, {}});
  for (int i = 0; i < 200; ++i) CHECK(q.pop_front().callback.a.as_int() == i);
}

}  // namespace corosim
