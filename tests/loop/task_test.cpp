// Task.__step / __wakeup / cancel, driven by hand-written coroutines. The
// expected timelines were recorded by tests/conformance/reftrace.py running
// the Python program quoted above each test on CPython 3.11.7 (minus the two
// shutdown tasks of asyncio.run, which these loop-level tests do not run).
#include "sim/loop/task.h"

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

bool is_cancelled_error(const Value& exc) {
  return !exc.is_null() && is_subtype(exc.obj()->type(), exception_types().cancelled_error);
}

std::string py_bool(bool b) { return b ? "True" : "False"; }

// Runs `main` as Task-1 until it completes; returns its result.
Value run_main(EventLoop& loop, Ref<CoroutineObject> main) {
  return loop.run_until_complete(Value(loop.create_task(std::move(main))));
}

// async def work(name, d): print("start", name); await asyncio.sleep(d);
//                           print("end", name); return d
Ref<CoroutineObject> work(LoopWorld& w, std::string name, int d) {
  return script("work", {
      [&w, name, d](const Value&, const Value&) {
        w.say("start " + name);
        return await_(Value(make_sleep(Value::from_int(d))));
      },
      [&w, name, d](const Value&, const Value& exc) {
        RERAISE_IF(exc);
        w.say("end " + name);
        return return_(Value::from_int(d));
      },
  });
}

// async def sleeper(name, d):
//     try: print("sleep", name); await asyncio.sleep(d); print("woke", name); return name
//     except asyncio.CancelledError as e: print("cancelled", name, repr(e)); raise
Ref<CoroutineObject> sleeper(LoopWorld& w, std::string name, int d) {
  return script("sleeper", {
      [&w, name, d](const Value&, const Value&) {
        w.say("sleep " + name);
        return await_(Value(make_sleep(Value::from_int(d))));
      },
      [&w, name](const Value&, const Value& exc) {
        if (is_cancelled_error(exc)) w.say("cancelled " + name + " " + exception_repr(exc));
        RERAISE_IF(exc);
        w.say("woke " + name);
        return return_(new_str(name));
      },
  });
}

}  // namespace

TEST_CASE("tasks step one iteration after creation and wake one iteration after their waiter") {
  // async def main():
  //     t1 = asyncio.create_task(work("a", 2)); t2 = asyncio.create_task(work("b", 4))
  //     await t1; await t2
  LoopWorld w;
  Ref<EventLoop> loop = make<EventLoop>();
  Ref<TaskObject> t1, t2;
  Value result = run_main(*loop, script("main", {
      [&](const Value&, const Value&) {
        t1 = create_task(Value(work(w, "a", 2)));
        t2 = create_task(Value(work(w, "b", 4)));
        return await_(Value(t1));
      },
      [&](const Value&, const Value& exc) {
        RERAISE_IF(exc);
        return await_(Value(t2));
      },
  }));
  CHECK(result.is_none());
  CHECK(w.trace.text() ==
        "0.0 create 1 Task-1 parent=0 coro=main\n"
        "0.0 resume 1\n"
        "0.0 create 2 Task-2 parent=1 coro=work\n"
        "0.0 create 3 Task-3 parent=1 coro=work\n"
        "0.0 suspend 1 task 2\n"
        "0.0 resume 2\n"
        "0.0 print 2 start a\n"
        "0.0 suspend 2 sleep@2.0\n"
        "0.0 resume 3\n"
        "0.0 print 3 start b\n"
        "0.0 suspend 3 sleep@4.0\n"
        "2.0 resume 2\n"
        "2.0 print 2 end a\n"
        "2.0 done 2 2\n"
        "2.0 resume 1\n"
        "2.0 suspend 1 task 3\n"
        "4.0 resume 3\n"
        "4.0 print 3 end b\n"
        "4.0 done 3 4\n"
        "4.0 resume 1\n"
        "4.0 done 1 None\n");
  CHECK(loop->iterations() == 9);
  loop->close();
}

TEST_CASE("cancellation reaches a task before its first step, while sleeping, through an awaited task, and can be refused") {
  // async def sleeper(name, d): (as above)
  // async def catcher():
  //     try: await asyncio.sleep(10)
  //     except asyncio.CancelledError: print("caught"); return "kept"
  // async def selfcancel(): asyncio.current_task().cancel(); return "lost"
  // async def outer(inner):
  //     try: return await inner
  //     except asyncio.CancelledError as e: print("outer got", repr(e)); raise
  // async def yielder(): await asyncio.sleep(0); print("after yield"); return 1
  // async def main():
  //     t1 = asyncio.create_task(sleeper("t1", 5)); t2 = asyncio.create_task(sleeper("t2", 5))
  //     t2.cancel("early"); await asyncio.sleep(1)
  //     print(t1.cancel("stop"), t1.cancelling()); await asyncio.sleep(0)
  //     print(t1.cancelled(), t2.cancelled())
  //     t3 = asyncio.create_task(catcher()); await asyncio.sleep(1); t3.cancel()
  //     print(await t3, t3.cancelled(), t3.cancelling(), t3.uncancel())
  //     t4 = asyncio.create_task(selfcancel()); await asyncio.sleep(0); await asyncio.sleep(0)
  //     print(t4.cancelled())
  //     inner = asyncio.create_task(sleeper("inner", 3)); t5 = asyncio.create_task(outer(inner))
  //     await asyncio.sleep(1); t5.cancel()
  //     try: await t5
  //     except asyncio.CancelledError as e: print("main saw", repr(e))
  //     t6 = asyncio.create_task(yielder()); await asyncio.sleep(0); t6.cancel()
  //     try: await t6
  //     except asyncio.CancelledError as e: print("t6", repr(e))
  //     return "end"
  LoopWorld w;
  Ref<EventLoop> loop = make<EventLoop>();
  struct Tasks {
    Ref<TaskObject> t1, t2, t3, t4, inner, t5, t6;
  } t;
  auto sleep_for = [](int d) { return await_(Value(make_sleep(Value::from_int(d)))); };
  auto catcher = [&] {
    return script("catcher", {
        [&](const Value&, const Value&) { return sleep_for(10); },
        [&](const Value&, const Value& exc) {
          if (is_cancelled_error(exc)) {
            w.say("caught");
            return return_(new_str("kept"));
          }
          RERAISE_IF(exc);
          return return_();
        },
    });
  };
  auto selfcancel = [&] {
    return script("selfcancel", {[&](const Value&, const Value&) {
      TaskObject::current()->cancel();
      return return_(new_str("lost"));
    }});
  };
  auto outer = [&](Ref<TaskObject> inner) {
    return script("outer", {
        [inner](const Value&, const Value&) { return await_(Value(inner)); },
        [&](const Value& v, const Value& exc) {
          if (is_cancelled_error(exc)) w.say("outer got " + exception_repr(exc));
          RERAISE_IF(exc);
          return return_(v);
        },
    });
  };
  auto yielder = [&] {
    return script("yielder", {
        [&](const Value&, const Value&) { return sleep_for(0); },
        [&](const Value&, const Value& exc) {
          RERAISE_IF(exc);
          w.say("after yield");
          return return_(Value::from_int(1));
        },
    });
  };
  Value result = run_main(*loop, script("main", {
      [&](const Value&, const Value&) {
        t.t1 = create_task(Value(sleeper(w, "t1", 5)));
        t.t2 = create_task(Value(sleeper(w, "t2", 5)));
        t.t2->cancel(new_str("early"));
        return sleep_for(1);
      },
      [&](const Value&, const Value&) {
        bool accepted = t.t1->cancel(new_str("stop"));
        w.say(py_bool(accepted) + " " + std::to_string(t.t1->cancelling()));
        return sleep_for(0);
      },
      [&](const Value&, const Value&) {
        w.say(py_bool(t.t1->cancelled()) + " " + py_bool(t.t2->cancelled()));
        t.t3 = create_task(Value(catcher()));
        return sleep_for(1);
      },
      [&](const Value&, const Value&) {
        t.t3->cancel();
        return await_(Value(t.t3));
      },
      [&](const Value& v, const Value& exc) {
        RERAISE_IF(exc);
        std::string cancelled = py_bool(t.t3->cancelled());
        std::string cancelling = std::to_string(t.t3->cancelling());
        w.say(str(v) + " " + cancelled + " " + cancelling + " " + std::to_string(t.t3->uncancel()));
        t.t4 = create_task(Value(selfcancel()));
        return sleep_for(0);
      },
      [&](const Value&, const Value&) { return sleep_for(0); },
      [&](const Value&, const Value&) {
        w.say(py_bool(t.t4->cancelled()));
        t.inner = create_task(Value(sleeper(w, "inner", 3)));
        t.t5 = create_task(Value(outer(t.inner)));
        return sleep_for(1);
      },
      [&](const Value&, const Value&) {
        t.t5->cancel();
        return await_(Value(t.t5));
      },
      [&](const Value&, const Value& exc) {
        w.say("main saw " + exception_repr(exc));
        t.t6 = create_task(Value(yielder()));
        return sleep_for(0);
      },
      [&](const Value&, const Value&) {
        t.t6->cancel();
        return await_(Value(t.t6));
      },
      [&](const Value&, const Value& exc) {
        w.say("t6 " + exception_repr(exc));
        return return_(new_str("end"));
      },
  }));
  CHECK(str(result) == "end");
  CHECK(w.trace.text() ==
        "0.0 create 1 Task-1 parent=0 coro=main\n"
        "0.0 resume 1\n"
        "0.0 create 2 Task-2 parent=1 coro=sleeper\n"
        "0.0 create 3 Task-3 parent=1 coro=sleeper\n"
        "0.0 cancel 3 by=1 msg=early\n"
        "0.0 suspend 1 sleep@1.0\n"
        "0.0 resume 2\n"
        "0.0 print 2 sleep t1\n"
        "0.0 suspend 2 sleep@5.0\n"
        "0.0 resume 3\n"
        "0.0 cancelled 3\n"
        "1.0 resume 1\n"
        "1.0 cancel 2 by=1 msg=stop\n"
        "1.0 print 1 True 1\n"
        "1.0 suspend 1 yield\n"
        "1.0 resume 2\n"
        "1.0 print 2 cancelled t1 CancelledError('stop')\n"
        "1.0 cancelled 2\n"
        "1.0 resume 1\n"
        "1.0 print 1 True True\n"
        "1.0 create 4 Task-4 parent=1 coro=catcher\n"
        "1.0 suspend 1 sleep@2.0\n"
        "1.0 resume 4\n"
        "1.0 suspend 4 sleep@11.0\n"
        "2.0 resume 1\n"
        "2.0 cancel 4 by=1\n"
        "2.0 suspend 1 task 4\n"
        "2.0 resume 4\n"
        "2.0 print 4 caught\n"
        "2.0 done 4 'kept'\n"
        "2.0 resume 1\n"
        "2.0 print 1 kept False 1 0\n"
        "2.0 create 5 Task-5 parent=1 coro=selfcancel\n"
        "2.0 suspend 1 yield\n"
        "2.0 resume 5\n"
        "2.0 cancel 5 by=5\n"
        "2.0 cancelled 5\n"
        "2.0 resume 1\n"
        "2.0 suspend 1 yield\n"
        "2.0 resume 1\n"
        "2.0 print 1 True\n"
        "2.0 create 6 Task-6 parent=1 coro=sleeper\n"
        "2.0 create 7 Task-7 parent=1 coro=outer\n"
        "2.0 suspend 1 sleep@3.0\n"
        "2.0 resume 6\n"
        "2.0 print 6 sleep inner\n"
        "2.0 suspend 6 sleep@5.0\n"
        "2.0 resume 7\n"
        "2.0 suspend 7 task 6\n"
        "3.0 resume 1\n"
        "3.0 cancel 7 by=1\n"
        "3.0 cancel 6 by=1\n"
        "3.0 suspend 1 task 7\n"
        "3.0 resume 6\n"
        "3.0 print 6 cancelled inner CancelledError()\n"
        "3.0 cancelled 6\n"
        "3.0 resume 7\n"
        "3.0 print 7 outer got CancelledError()\n"
        "3.0 cancelled 7\n"
        "3.0 resume 1\n"
        "3.0 print 1 main saw CancelledError()\n"
        "3.0 create 8 Task-8 parent=1 coro=yielder\n"
        "3.0 suspend 1 yield\n"
        "3.0 resume 8\n"
        "3.0 suspend 8 yield\n"
        "3.0 resume 1\n"
        "3.0 cancel 8 by=1\n"
        "3.0 suspend 1 task 8\n"
        "3.0 resume 8\n"
        "3.0 cancelled 8\n"
        "3.0 resume 1\n"
        "3.0 print 1 t6 CancelledError()\n"
        "3.0 done 1 'end'\n");
  loop->close();
}

TEST_CASE("a task's exception is raised in the task awaiting it, and the failed task records it") {
  LoopWorld w;
  Ref<EventLoop> loop = make<EventLoop>();
  auto failing = script("failing", {[](const Value&, const Value&) {
    return raise_(new_exception(exception_types().value_error, "bad"));
  }});
  Ref<TaskObject> child;
  std::string seen;
  run_main(*loop, script("main", {
      [&](const Value&, const Value&) {
        child = create_task(Value(failing));
        return await_(Value(child));
      },
      [&](const Value&, const Value& exc) {
        seen = exception_repr(exc);
        return return_();
      },
  }));
  CHECK(seen == "ValueError('bad')");
  CHECK(child->repr() == "<Task finished name='Task-2' coro=<failing()> exception=ValueError('bad')>");
  CHECK(w.trace.lines[5] == "0.0 failed 2 ValueError: bad");
  loop->close();
}

TEST_CASE("a task that awaits itself or yields a bad value gets a RuntimeError one iteration later") {
  LoopWorld w;
  Ref<EventLoop> loop = make<EventLoop>();
  std::string seen;
  Ref<TaskObject> main = loop->create_task(script("main", {
      [&](const Value&, const Value&) { return await_(Value(TaskObject::current())); },
      [&](const Value&, const Value& exc) {
        seen = exception_repr(exc);
        return testing::Step{testing::Step::Kind::kYield, Value::from_int(5)};
      },
      [&](const Value&, const Value& exc) {
        seen += " | " + exception_repr(exc);
        return return_();
      },
  }));
  loop->run_until_complete(Value(main));
  CHECK(seen ==
        "RuntimeError(\"Task cannot await on itself: <Task pending name='Task-1' "
        "coro=<main()> cb=[_run_until_complete_cb() at "
        "/usr/lib/python3.11/asyncio/base_events.py:180]>\") | RuntimeError('Task got bad yield: 5')");
  loop->close();
}

TEST_CASE("a cancel arriving after the waiter completed discards the value") {
  // The waiter is done but __wakeup has not run yet: _must_cancel is set and
  // the pending step throws CancelledError instead of delivering 42.
  LoopWorld w;
  Ref<EventLoop> loop = make<EventLoop>();
  Ref<FutureObject> fut = loop->create_future();
  std::string seen;
  Ref<TaskObject> child = loop->create_task(script("child", {
      [&](const Value&, const Value&) { return await_(Value(fut)); },
      [&](const Value& v, const Value& exc) {
        seen = exc.is_null() ? repr(v) : exception_repr(exc);
        return return_();
      },
  }));
  loop->run_once();  // child waits on fut
  fut->set_result(Value::from_int(42));
  CHECK(child->cancel());
  CHECK(child->must_cancel());
  loop->run_once();  // __wakeup -> __step(CancelledError)
  CHECK(seen == "CancelledError()");
  CHECK(child->done());
  CHECK_FALSE(child->cancelled());  // it caught the error and returned
  CHECK(child->cancelling() == 1);
  loop->close();
}

TEST_CASE("task names come from one counter; a given name spends none through the loop") {
  LoopWorld w;
  Ref<EventLoop> loop = make<EventLoop>();
  auto noop = [] { return script("noop", {[](const Value&, const Value&) { return return_(); }}); };
  Ref<TaskObject> a = loop->create_task(noop());
  Ref<TaskObject> b = loop->create_task(noop(), new_str("named"));
  Ref<TaskObject> c = loop->create_task(noop(), Value::from_int(7));
  Ref<TaskObject> d = loop->create_task(noop());
  CHECK(a->get_name() == "Task-1");
  CHECK(b->get_name() == "named");
  CHECK(c->get_name() == "7");
  CHECK(d->get_name() == "Task-2");
  CHECK(d->id() == 4);
  d->set_name(new_str("renamed"));
  CHECK(w.trace.lines.back() == "rename 4 renamed");
  CHECK(a->repr() == "<Task pending name='Task-1' coro=<noop()>>");
  loop->run_once();
  CHECK(a->repr() == "<Task finished name='Task-1' coro=<noop()> result=None>");
  CHECK(loop->pending_tasks().empty());
  loop->close();
}

}  // namespace corosim
