// sleep, gather and create_task against CPython. The expected timeline was
// recorded by tests/conformance/reftrace.py on CPython 3.11.7 running:
//
//   async def sleep2(i):
//       print("start", i); await asyncio.sleep(2); print("end", i); return i * 10
//   async def boom():
//       await asyncio.sleep(1); raise ValueError("boom")
//   async def main():
//       r = await asyncio.gather(*[sleep2(i) for i in range(5)]); print(r)
//       c = sleep2(9); t = asyncio.create_task(sleep2(7))
//       r = await asyncio.gather(c, t, c, asyncio.sleep(0), return_exceptions=True); print(r)
//       try: await asyncio.gather(boom(), sleep2(8))
//       except ValueError as e: print("gather raised", repr(e))
//       r = await asyncio.gather(boom(), asyncio.sleep(3, "late"), return_exceptions=True); print(r)
//       print(await asyncio.gather())
//       inner = asyncio.gather(sleep2(1), sleep2(2)); outer = asyncio.gather(inner, sleep2(3))
//       r = await outer; print(r)
//       g = asyncio.gather(sleep2(4), sleep2(5)); await asyncio.sleep(0); print(g.cancel())
//       try: await g
//       except asyncio.CancelledError as e: print("cancelled gather", repr(e))
//   asyncio.run(main())
#include "sim/lib/asyncio_tasks.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sim/lib/asyncio_runners.h"
#include "sim/runtime/exception.h"
#include "sim/runtime/str_object.h"
#include "tests/lib/asyncio_program.h"
#include "tests/loop/loop_test_support.h"

namespace corosim {
namespace {

using testing::await_;
using testing::LoopWorld;
using testing::raise_;
using testing::return_;
using testing::script;

testing::Step sleep_for(double d, Value result = Value::none()) {
  return await_(Value(make_sleep(Value::from_float(d), std::move(result))));
}

Ref<CoroutineObject> sleep2(LoopWorld& w, int i) {
  return script("sleep2", {
      [&w, i](const Value&, const Value&) {
        w.say("start " + std::to_string(i));
        return await_(Value(make_sleep(Value::from_int(2))));
      },
      [&w, i](const Value&, const Value& exc) {
        RERAISE_IF(exc);
        w.say("end " + std::to_string(i));
        return return_(Value::from_int(i * 10));
      },
  });
}

Ref<CoroutineObject> boom() {
  return script("boom", {
      [](const Value&, const Value&) { return await_(Value(make_sleep(Value::from_int(1)))); },
      [](const Value&, const Value& exc) {
        RERAISE_IF(exc);
        return raise_(new_exception(exception_types().value_error, "boom"));
      },
  });
}

Value gather_of(std::vector<Value> args, bool return_exceptions = false) {
  return Value(gather(args, return_exceptions));
}

}  // namespace

TEST_CASE("gather wakes equal deadlines in heap order, dedups, propagates and cancels as CPython") {
  LoopWorld w;
  Ref<FutureObject> g;
  Ref<CoroutineObject> main = script("main", {
      [&](const Value&, const Value&) {
        std::vector<Value> coros;
        for (int i = 0; i < 5; ++i) coros.push_back(Value(sleep2(w, i)));
        return await_(gather_of(coros));
      },
      [&](const Value& r, const Value& exc) {
        RERAISE_IF(exc);
        w.say(repr(r));
        Value c = Value(sleep2(w, 9));
        Value t = Value(create_task(Value(sleep2(w, 7))));
        return await_(gather_of({c, t, c, Value(make_sleep(Value::from_int(0)))}, true));
      },
      [&](const Value& r, const Value& exc) {
        RERAISE_IF(exc);
        w.say(repr(r));
        return await_(gather_of({Value(boom()), Value(sleep2(w, 8))}));
      },
      [&](const Value&, const Value& exc) {
        w.say("gather raised " + repr(exc));
        return await_(gather_of({Value(boom()), Value(make_sleep(Value::from_int(3), new_str("late")))}, true));
      },
      [&](const Value& r, const Value& exc) {
        RERAISE_IF(exc);
        w.say(repr(r));
        return await_(gather_of({}));
      },
      [&](const Value& r, const Value& exc) {
        RERAISE_IF(exc);
        w.say(repr(r));
        Value inner = gather_of({Value(sleep2(w, 1)), Value(sleep2(w, 2))});
        return await_(gather_of({inner, Value(sleep2(w, 3))}));
      },
      [&](const Value& r, const Value& exc) {
        RERAISE_IF(exc);
        w.say(repr(r));
        g = gather(std::vector<Value>{Value(sleep2(w, 4)), Value(sleep2(w, 5))});
        return sleep_for(0);
      },
      [&](const Value&, const Value&) {
        w.say(g->cancel() ? "True" : "False");
        return await_(Value(g));
      },
      [&](const Value&, const Value& exc) {
        w.say("cancelled gather " + repr(exc));
        return return_();
      },
  });
  asyncio_run(main);
  CHECK(w.trace.text() ==
          "0.0 create 1 Task-1 parent=0 coro=main\n"
          "0.0 resume 1\n"
          "0.0 create 2 Task-2 parent=1 coro=sleep2\n"
          "0.0 create 3 Task-3 parent=1 coro=sleep2\n"
          "0.0 create 4 Task-4 parent=1 coro=sleep2\n"
          "0.0 create 5 Task-5 parent=1 coro=sleep2\n"
          "0.0 create 6 Task-6 parent=1 coro=sleep2\n"
          "0.0 suspend 1 gather 2,3,4,5,6\n"
          "0.0 resume 2\n"
          "0.0 print 2 start 0\n"
          "0.0 suspend 2 sleep@2.0\n"
          "0.0 resume 3\n"
          "0.0 print 3 start 1\n"
          "0.0 suspend 3 sleep@2.0\n"
          "0.0 resume 4\n"
          "0.0 print 4 start 2\n"
          "0.0 suspend 4 sleep@2.0\n"
          "0.0 resume 5\n"
          "0.0 print 5 start 3\n"
          "0.0 suspend 5 sleep@2.0\n"
          "0.0 resume 6\n"
          "0.0 print 6 start 4\n"
          "0.0 suspend 6 sleep@2.0\n"
          "2.0 resume 2\n"
          "2.0 print 2 end 0\n"
          "2.0 done 2 0\n"
          "2.0 resume 4\n"
          "2.0 print 4 end 2\n"
          "2.0 done 4 20\n"
          "2.0 resume 6\n"
          "2.0 print 6 end 4\n"
          "2.0 done 6 40\n"
          "2.0 resume 3\n"
          "2.0 print 3 end 1\n"
          "2.0 done 3 10\n"
          "2.0 resume 5\n"
          "2.0 print 5 end 3\n"
          "2.0 done 5 30\n"
          "2.0 resume 1\n"
          "2.0 print 1 [0, 10, 20, 30, 40]\n"
          "2.0 create 7 Task-7 parent=1 coro=sleep2\n"
          "2.0 create 8 Task-8 parent=1 coro=sleep2\n"
          "2.0 create 9 Task-9 parent=1 coro=sleep\n"
          "2.0 suspend 1 gather 8,7,9\n"
          "2.0 resume 7\n"
          "2.0 print 7 start 7\n"
          "2.0 suspend 7 sleep@4.0\n"
          "2.0 resume 8\n"
          "2.0 print 8 start 9\n"
          "2.0 suspend 8 sleep@4.0\n"
          "2.0 resume 9\n"
          "2.0 suspend 9 yield\n"
          "2.0 resume 9\n"
          "2.0 done 9 None\n"
          "4.0 resume 7\n"
          "4.0 print 7 end 7\n"
          "4.0 done 7 70\n"
          "4.0 resume 8\n"
          "4.0 print 8 end 9\n"
          "4.0 done 8 90\n"
          "4.0 resume 1\n"
          "4.0 print 1 [90, 70, 90, None]\n"
          "4.0 create 10 Task-10 parent=1 coro=boom\n"
          "4.0 create 11 Task-11 parent=1 coro=sleep2\n"
          "4.0 suspend 1 gather 10,11\n"
          "4.0 resume 10\n"
          "4.0 suspend 10 sleep@5.0\n"
          "4.0 resume 11\n"
          "4.0 print 11 start 8\n"
          "4.0 suspend 11 sleep@6.0\n"
          "5.0 resume 10\n"
          "5.0 failed 10 ValueError: boom\n"
          "5.0 resume 1\n"
          "5.0 print 1 gather raised ValueError('boom')\n"
          "5.0 create 12 Task-12 parent=1 coro=boom\n"
          "5.0 create 13 Task-13 parent=1 coro=sleep\n"
          "5.0 suspend 1 gather 12,13\n"
          "5.0 resume 12\n"
          "5.0 suspend 12 sleep@6.0\n"
          "5.0 resume 13\n"
          "5.0 suspend 13 sleep@8.0\n"
          "6.0 resume 11\n"
          "6.0 print 11 end 8\n"
          "6.0 done 11 80\n"
          "6.0 resume 12\n"
          "6.0 failed 12 ValueError: boom\n"
          "8.0 resume 13\n"
          "8.0 done 13 'late'\n"
          "8.0 resume 1\n"
          "8.0 print 1 [ValueError('boom'), 'late']\n"
          "8.0 print 1 []\n"
          "8.0 create 14 Task-14 parent=1 coro=sleep2\n"
          "8.0 create 15 Task-15 parent=1 coro=sleep2\n"
          "8.0 create 16 Task-16 parent=1 coro=sleep2\n"
          "8.0 suspend 1 gather 14,15,16\n"
          "8.0 resume 14\n"
          "8.0 print 14 start 1\n"
          "8.0 suspend 14 sleep@10.0\n"
          "8.0 resume 15\n"
          "8.0 print 15 start 2\n"
          "8.0 suspend 15 sleep@10.0\n"
          "8.0 resume 16\n"
          "8.0 print 16 start 3\n"
          "8.0 suspend 16 sleep@10.0\n"
          "10.0 resume 14\n"
          "10.0 print 14 end 1\n"
          "10.0 done 14 10\n"
          "10.0 resume 15\n"
          "10.0 print 15 end 2\n"
          "10.0 done 15 20\n"
          "10.0 resume 16\n"
          "10.0 print 16 end 3\n"
          "10.0 done 16 30\n"
          "10.0 resume 1\n"
          "10.0 print 1 [[10, 20], 30]\n"
          "10.0 create 17 Task-17 parent=1 coro=sleep2\n"
          "10.0 create 18 Task-18 parent=1 coro=sleep2\n"
          "10.0 suspend 1 yield\n"
          "10.0 resume 17\n"
          "10.0 print 17 start 4\n"
          "10.0 suspend 17 sleep@12.0\n"
          "10.0 resume 18\n"
          "10.0 print 18 start 5\n"
          "10.0 suspend 18 sleep@12.0\n"
          "10.0 resume 1\n"
          "10.0 cancel 17 by=1\n"
          "10.0 cancel 18 by=1\n"
          "10.0 print 1 True\n"
          "10.0 suspend 1 gather 17,18\n"
          "10.0 resume 17\n"
          "10.0 cancelled 17\n"
          "10.0 resume 18\n"
          "10.0 cancelled 18\n"
          "10.0 resume 1\n"
          "10.0 print 1 cancelled gather CancelledError()\n"
          "10.0 done 1 None\n"
          "10.0 create 19 Task-19 parent=0 coro=BaseEventLoop.shutdown_asyncgens internal\n"
          "10.0 resume 19\n"
          "10.0 done 19 None\n"
          "10.0 create 20 Task-20 parent=0 coro=BaseEventLoop.shutdown_default_executor internal\n"
          "10.0 resume 20\n"
          "10.0 done 20 None\n");
}

TEST_CASE("five gathered sleeps of 2 s wake at t=2 as Task-2, Task-4, Task-6, Task-3, Task-5") {
  LoopWorld w;
  std::vector<std::string> order;
  auto child = [&] {
    return script("sleep", {
        [](const Value&, const Value&) { return await_(Value(make_sleep(Value::from_int(2)))); },
        [&](const Value&, const Value&) {
          order.push_back(TaskObject::current()->get_name());
          return return_(new_str("sleep"));
        },
    });
  };
  Value result = asyncio_run(script("main", {
      [&](const Value&, const Value&) {
        std::vector<Value> coros;
        for (int i = 0; i < 5; ++i) coros.push_back(Value(child()));
        return await_(gather_of(coros));
      },
      [](const Value& r, const Value&) { return return_(r); },
  }));
  CHECK(order == std::vector<std::string>{"Task-2", "Task-4", "Task-6", "Task-3", "Task-5"});
  CHECK(repr(result) == "['sleep', 'sleep', 'sleep', 'sleep', 'sleep']");
  CHECK(run_context().clock == 2.0);
}

TEST_CASE("sleep suspends on a timer future, or yields once for a delay <= 0") {
  LoopWorld w;
  Ref<EventLoop> loop = make<EventLoop>();
  Ref<CoroutineObject> zero = make_sleep(Value::from_int(-1), new_str("r"));
  CHECK(zero->qualname() == "sleep");
  // Outside a running loop, a positive sleep fails at its first send.
  Ref<CoroutineObject> lonely = make_sleep(Value::from_float(0.5));
  SendResult r = lonely->send(Value::none());
  CHECK(r.kind == SendResult::Kind::kRaised);
  CHECK(repr(r.value) == "RuntimeError('no running event loop')");
  SendResult y = zero->send(Value::none());
  CHECK(y.kind == SendResult::Kind::kYielded);
  CHECK(y.value.is_none());
  SendResult done = zero->send(Value::none());
  CHECK(done.kind == SendResult::Kind::kReturned);
  CHECK(repr(done.value) == "'r'");
  CHECK(zero->finished());
  loop->close();
}

TEST_CASE("a cancelled sleep cancels its timer, which stays in the heap counted") {
  LoopWorld w;
  Ref<TaskObject> child;
  size_t heap_size = 0;
  int64_t cancelled_count = 0;
  bool top_cancelled = false;
  asyncio_run(script("main", {
      [&](const Value&, const Value&) {
        child = create_task(Value(script("child", {
            [](const Value&, const Value&) { return await_(Value(make_sleep(Value::from_int(5)))); },
            [&](const Value&, const Value& exc) {  // right after sleep's `finally: h.cancel()`
              EventLoop& loop = get_running_loop();
              heap_size = loop.scheduled().size();
              top_cancelled = loop.scheduled().top()->cancelled();
              cancelled_count = loop.timer_cancelled_count();
              return raise_(exc);
            },
        })));
        return sleep_for(0);
      },
      [&](const Value&, const Value&) {
        child->cancel();
        return await_(Value(child));
      },
      [](const Value&, const Value&) { return return_(); },  // except CancelledError: pass
  }));
  CHECK(child->cancelled());
  CHECK(heap_size == 1);
  CHECK(top_cancelled);
  CHECK(cancelled_count == 1);
  CHECK(w.trace.lines[5] == "0.0 suspend 2 sleep@5.0");
}

TEST_CASE("create_task with a name still spends a Task-N number") {
  LoopWorld w;
  std::vector<std::string> names;
  auto noop = [] { return script("noop", {[](const Value&, const Value&) { return return_(); }}); };
  asyncio_run(script("main", {[&](const Value&, const Value&) {
    names.push_back(create_task(Value(noop()), new_str("worker"))->get_name());
    names.push_back(create_task(Value(noop()))->get_name());
    return return_();
  }}));
  CHECK(names == std::vector<std::string>{"worker", "Task-3"});
  CHECK(w.trace.lines[2] == "0.0 create 2 Task-2 parent=1 coro=noop");
  CHECK(w.trace.lines[3] == "rename 2 worker");
}

TEST_CASE("gather and create_task refuse what is not awaitable with CPython's messages") {
  LoopWorld w;
  std::string seen;
  asyncio_run(script("main", {[&](const Value&, const Value&) {
    try {
      gather_of({Value::from_int(1)});
    } catch (PyException& e) {
      seen = repr(e.exc);
    }
    try {
      create_task(Value::from_int(1));
    } catch (PyException& e) {
      seen += " | " + repr(e.exc);
    }
    return return_();
  }}));
  CHECK(seen ==
        "TypeError('An asyncio.Future, a coroutine or an awaitable is required') | "
        "TypeError('a coroutine was expected, got 1')");
}

// Expected output: what python3 (CPython 3.11.7) printed for the program.
TEST_CASE("sleep's argument errors are those of a Python function with a default (from 1 to 2)") {
  testing::ProgramRun r = testing::run_asyncio_program(R"~(import asyncio
async def main():
    for f in [lambda: asyncio.sleep(1, 2, 3), lambda: asyncio.sleep(), lambda: asyncio.sleep(result=1), lambda: asyncio.sleep(1, delay=2),
              lambda: asyncio.sleep(1, x=2), lambda: asyncio.sleep(1, 2, 3, x=1)]:
        try:
            f().close()
            print("ok")
        except TypeError as e:
            print(e)
    print(await asyncio.sleep(0.5, result="r"), await asyncio.sleep(delay=0.1, result=3))
asyncio.run(main())
)~");
  CHECK(r.out == R"~(sleep() takes from 1 to 2 positional arguments but 3 were given
sleep() missing 1 required positional argument: 'delay'
sleep() missing 1 required positional argument: 'delay'
sleep() got multiple values for argument 'delay'
sleep() got an unexpected keyword argument 'x'
sleep() got an unexpected keyword argument 'x'
r 3
)~");
}

}  // namespace corosim
