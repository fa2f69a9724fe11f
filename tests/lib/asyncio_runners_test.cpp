// asyncio.run: the main task, the cancellation of leftover tasks in creation
// order, the two internal shutdown tasks, and the errors. The expected
// timeline was recorded by tests/conformance/reftrace.py on CPython 3.11.7:
//
//   async def sleeper(n):
//       try: print("sleeper start", n); await asyncio.sleep(5)
//       finally: print("sleeper finally", n)
//   async def spinner():
//       while True: await asyncio.sleep(0.4)
//   async def main():
//       asyncio.create_task(sleeper(1)); asyncio.create_task(sleeper(2))
//       asyncio.create_task(spinner())
//       await asyncio.sleep(1); print("main returns"); return 5
//   print(asyncio.run(main()))
//   try: asyncio.run(5)
//   except ValueError as e: print(repr(e))
//   async def second():
//       print(asyncio.current_task().get_name())
//       try: asyncio.run(main())
//       except RuntimeError as e: print(repr(e))
//       raise KeyError("k")
//   try: asyncio.run(second())
//   except KeyError as e: print(repr(e))
#include "sim/lib/asyncio_runners.h"

#include <doctest/doctest.h>

#include <string>

#include "sim/lib/asyncio_tasks.h"
#include "sim/runtime/exception.h"
#include "sim/runtime/str_object.h"
#include "tests/loop/loop_test_support.h"

namespace corosim {
namespace {

using testing::await_;
using testing::LoopWorld;
using testing::raise_;
using testing::return_;
using testing::script;

// async def spinner(): while True: await asyncio.sleep(0.4)
class Spinner final : public CoroutineObject {
 public:
  Spinner() : CoroutineObject(ObjKind::kCoroutine, builtin_types().coroutine) {}
  std::string qualname() const override { return "spinner"; }
  bool finished() const override { return finished_; }
  SendResult send(const Value&) override { return drive(Value()); }
  SendResult throw_exc(const Value& exc) override { return drive(exc); }
  void clear_refs() override { sleep_ = Ref<CoroutineObject>(); }

 private:
  SendResult drive(Value exc) {
    for (;;) {
      if (!sleep_) sleep_ = make_sleep(Value::from_float(0.4));
      SendResult r = exc.is_null() ? sleep_->send(Value::none()) : sleep_->throw_exc(exc);
      if (r.kind == SendResult::Kind::kYielded) return r;
      sleep_ = Ref<CoroutineObject>();
      if (r.kind == SendResult::Kind::kRaised) {
        finished_ = true;
        return r;
      }
      exc = Value();
    }
  }
  Ref<CoroutineObject> sleep_;
  bool finished_ = false;
};

Ref<CoroutineObject> sleeper(LoopWorld& w, int n) {
  return script("sleeper", {
      [&w, n](const Value&, const Value&) {
        w.say("sleeper start " + std::to_string(n));
        return await_(Value(make_sleep(Value::from_int(5))));
      },
      [&w, n](const Value&, const Value& exc) {
        w.say("sleeper finally " + std::to_string(n));
        RERAISE_IF(exc);
        return return_();
      },
  });
}

Ref<CoroutineObject> main_coro(LoopWorld& w) {
  return script("main", {
      [&w](const Value&, const Value&) {
        create_task(Value(sleeper(w, 1)));
        create_task(Value(sleeper(w, 2)));
        create_task(Value(Ref<CoroutineObject>(new Spinner())));
        return await_(Value(make_sleep(Value::from_int(1))));
      },
      [&w](const Value&, const Value& exc) {
        RERAISE_IF(exc);
        w.say("main returns");
        return return_(Value::from_int(5));
      },
  });
}

Value run_native(const Value& arg) {
  Value args[1] = {arg};
  return asyncio_run_native(Value(), args, {});
}

}  // namespace

TEST_CASE("asyncio.run cancels leftover tasks in creation order and runs two shutdown tasks") {
  LoopWorld w;
  w.say(str(asyncio_run(main_coro(w))));
  try {
    run_native(Value::from_int(5));
  } catch (PyException& e) {
    w.say(repr(e.exc));
  }
  Ref<CoroutineObject> second = script("second", {[&](const Value&, const Value&) {
    w.say(TaskObject::current()->get_name());
    try {
      run_native(Value(main_coro(w)));
    } catch (PyException& e) {
      w.say(repr(e.exc));
    }
    return raise_(new_exception(exception_types().key_error, "k"));
  }});
  try {
    asyncio_run(second);
  } catch (PyException& e) {
    w.say(repr(e.exc));
  }
  CHECK(w.trace.text() ==
          "0.0 create 1 Task-1 parent=0 coro=main\n"
          "0.0 resume 1\n"
          "0.0 create 2 Task-2 parent=1 coro=sleeper\n"
          "0.0 create 3 Task-3 parent=1 coro=sleeper\n"
          "0.0 create 4 Task-4 parent=1 coro=spinner\n"
          "0.0 suspend 1 sleep@1.0\n"
          "0.0 resume 2\n"
          "0.0 print 2 sleeper start 1\n"
          "0.0 suspend 2 sleep@5.0\n"
          "0.0 resume 3\n"
          "0.0 print 3 sleeper start 2\n"
          "0.0 suspend 3 sleep@5.0\n"
          "0.0 resume 4\n"
          "0.0 suspend 4 sleep@0.4\n"
          "0.4 resume 4\n"
          "0.4 suspend 4 sleep@0.8\n"
          "0.8 resume 4\n"
          "0.8 suspend 4 sleep@1.2000000000000002\n"
          "1.0 resume 1\n"
          "1.0 print 1 main returns\n"
          "1.0 done 1 5\n"
          "1.0 cancel 2 by=0\n"
          "1.0 cancel 3 by=0\n"
          "1.0 cancel 4 by=0\n"
          "1.0 resume 2\n"
          "1.0 print 2 sleeper finally 1\n"
          "1.0 cancelled 2\n"
          "1.0 resume 3\n"
          "1.0 print 3 sleeper finally 2\n"
          "1.0 cancelled 3\n"
          "1.0 resume 4\n"
          "1.0 cancelled 4\n"
          "1.0 create 5 Task-5 parent=0 coro=BaseEventLoop.shutdown_asyncgens internal\n"
          "1.0 resume 5\n"
          "1.0 done 5 None\n"
          "1.0 create 6 Task-6 parent=0 coro=BaseEventLoop.shutdown_default_executor internal\n"
          "1.0 resume 6\n"
          "1.0 done 6 None\n"
          "1.0 print 0 5\n"
          "1.0 create 7 Task-7 parent=0 coro=BaseEventLoop.shutdown_asyncgens internal\n"
          "1.0 resume 7\n"
          "1.0 done 7 None\n"
          "1.0 create 8 Task-8 parent=0 coro=BaseEventLoop.shutdown_default_executor internal\n"
          "1.0 resume 8\n"
          "1.0 done 8 None\n"
          "1.0 print 0 ValueError('a coroutine was expected, got 5')\n"
          "1.0 create 9 Task-9 parent=0 coro=second\n"
          "1.0 resume 9\n"
          "1.0 print 9 Task-9\n"
          "1.0 print 9 RuntimeError('asyncio.run() cannot be called from a running event loop')\n"
          "1.0 failed 9 KeyError: 'k'\n"
          "1.0 create 10 Task-10 parent=0 coro=BaseEventLoop.shutdown_asyncgens internal\n"
          "1.0 resume 10\n"
          "1.0 done 10 None\n"
          "1.0 create 11 Task-11 parent=0 coro=BaseEventLoop.shutdown_default_executor internal\n"
          "1.0 resume 11\n"
          "1.0 done 11 None\n"
          "1.0 print 0 KeyError('k')\n");
}

TEST_CASE("a module coroutine becomes Task-1 and its leftover tasks are cancelled by nobody") {
  LoopWorld w;
  asyncio_run(script("<module>", {[&](const Value&, const Value&) {
    create_task(Value(sleeper(w, 1)));
    return await_(Value(make_sleep(Value::from_int(0))));
  }}));
  CHECK(w.trace.lines[0] == "0.0 create 1 Task-1 parent=0 coro=<module>");
  CHECK(w.trace.text().find("cancel 2 by=0\n") != std::string::npos);
}

TEST_CASE("a main that waits on a future nobody completes is a deadlock") {
  LoopWorld w;
  Ref<CoroutineObject> stuck = script("main", {[](const Value&, const Value&) {
    return await_(Value(get_running_loop().create_future()));
  }});
  try {
    asyncio_run(stuck);
    FAIL("no deadlock");
  } catch (const Deadlock& d) {
    CHECK(d.format([](TaskId) { return std::string(); }) ==
          "deadlock: nothing is ready and no timer is pending; waiting tasks:\n"
          "  Task-1 waits on future\n");
  }
  CHECK(EventLoop::running_loop() == nullptr);
  // The next run works and numbers on from the shared counter.
  Value r = asyncio_run(script("again", {[](const Value&, const Value&) { return return_(); }}));
  CHECK(r.is_none());
  CHECK(w.trace.lines[w.trace.lines.size() - 9] == "0.0 create 2 Task-2 parent=0 coro=again");
}

TEST_CASE("--until stops asyncio.run exactly at the limit") {
  LoopWorld w;
  run_context().until = 0.5;
  CHECK_THROWS_AS(asyncio_run(main_coro(w)), UntilReached);
  CHECK(run_context().clock == 0.5);
  CHECK(w.trace.lines.back() == "0.4 suspend 4 sleep@0.8");
  CHECK(EventLoop::running_loop() == nullptr);
}

}  // namespace corosim
