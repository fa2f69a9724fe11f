// wait, as_completed, wait_for and shield run as Python programs; every
// expected output is what tests/conformance/reftrace.py printed for the same
// program on CPython 3.11.7 under the perfect clock (a repr with a callback:
// what python3 itself printed, the C Task's repr).
#include "sim/lib/asyncio_wait.h"

#include <doctest/doctest.h>

#include "tests/lib/asyncio_program.h"

namespace corosim {

using testing::ProgramRun;
using testing::run_asyncio_program;

TEST_CASE("wait_for returns in time, raises the inner error, and times out on a bare future") {
  ProgramRun r = run_asyncio_program(R"~(import asyncio
async def child(d, r):
    await asyncio.sleep(d)
    return r
async def boom():
    await asyncio.sleep(1)
    raise ValueError("inner failed")
async def main():
    loop = asyncio.get_running_loop()
    try:
        await asyncio.wait_for(boom(), 5)
    except ValueError as e:
        print("ValueError:", e, loop.time())
    print(await asyncio.wait_for(child(1, "ok"), 1.5), loop.time())
    fut = loop.create_future()
    loop.call_later(0.5, fut.set_result, "from callback")
    print(await asyncio.wait_for(fut, 1), loop.time())
    fut2 = loop.create_future()
    try:
        await asyncio.wait_for(fut2, 0.25)
    except asyncio.TimeoutError:
        print("timeout; fut2 cancelled:", fut2.cancelled(), loop.time())
    coro = asyncio.wait_for(child(0, 0), None)
    print(type(coro).__name__)
    print(await coro)
asyncio.run(main())
)~");
  CHECK(r.err == "");
  CHECK(r.out ==
        "ValueError: inner failed 1.0\n"
        "ok 2.0\n"
        "from callback 2.5\n"
        "timeout; fut2 cancelled: True 2.75\n"
        "coroutine\n"
        "0\n");
}

TEST_CASE("wait_for's argument errors are CPython's") {
  ProgramRun r = run_asyncio_program(R"~(import asyncio
async def main():
    try:
        asyncio.wait_for(asyncio.sleep(0))
    except TypeError as e:
        print("TypeError:", e)
    try:
        await asyncio.wait_for(5, 1)
    except TypeError as e:
        print("TypeError:", e)
asyncio.run(main())
)~");
  CHECK(r.err == "");
  CHECK(r.out ==
        "TypeError: wait_for() missing 1 required positional argument: 'timeout'\n"
        "TypeError: An asyncio.Future, a coroutine or an awaitable is required\n");
}

TEST_CASE("a timeout cancels the inner task, waits for it, and raises TimeoutError from CancelledError") {
  ProgramRun r = run_asyncio_program(R"~(import asyncio
async def slow():
    try:
        await asyncio.sleep(5)
    finally:
        print("slow finally at", asyncio.get_running_loop().time())
async def main():
    try:
        await asyncio.wait_for(slow(), timeout=1)
    except asyncio.TimeoutError as e:
        print("TimeoutError", repr(e), "caused by", type(e.__cause__).__name__)
asyncio.run(main())
)~");
  CHECK(r.err == "");
  CHECK(r.out ==
        "slow finally at 1.0\n"
        "TimeoutError TimeoutError() caused by CancelledError\n");
}

TEST_CASE("shield passes results and errors on, and only the inner task's cancellation reaches it") {
  ProgramRun r = run_asyncio_program(R"~(import asyncio
async def work(d, r):
    await asyncio.sleep(d)
    if r == "fail":
        raise KeyError(r)
    return r
async def main():
    t = asyncio.create_task(work(1, "fail"))
    try:
        await asyncio.shield(t)
    except KeyError as e:
        print("shield passes the exception:", repr(e))
    inner = asyncio.create_task(work(1, "x"))
    outer = asyncio.shield(inner)
    inner.cancel()
    try:
        await outer
    except asyncio.CancelledError:
        print("inner cancelled -> outer cancelled:", outer.cancelled())
    inner = asyncio.create_task(work(1, "y"))
    outer = asyncio.shield(inner)
    print("outer.cancel():", outer.cancel(), "inner cancelled:", inner.cancelled())
    print("inner result:", await inner)
    print(await asyncio.shield(work(0.5, "coro")))
    try:
        asyncio.shield(5)
    except TypeError as e:
        print("TypeError:", e)
asyncio.run(main())
)~");
  CHECK(r.err == "");
  CHECK(r.out ==
        "shield passes the exception: KeyError('fail')\n"
        "inner cancelled -> outer cancelled: True\n"
        "outer.cancel(): True inner cancelled: False\n"
        "inner result: y\n"
        "coro\n"
        "TypeError: An asyncio.Future, a coroutine or an awaitable is required\n");
}

TEST_CASE("a task running wait_for and its inner future have the C implementation's reprs") {
  // python3 (C Task) prints these with its own install prefix; corosim uses
  // kAsyncioSourceDir with the same line numbers.
  ProgramRun r = run_asyncio_program(R"~(import asyncio
async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    t = asyncio.create_task(asyncio.wait_for(fut, 5))
    await asyncio.sleep(0)
    print(repr(t))
    print(repr(fut))
    fut.set_result(3)
    print(await t)
    print(repr(t))
asyncio.run(main())
)~");
  CHECK(r.err == "");
  CHECK(r.out ==
        "<Task pending name='Task-2' coro=<wait_for() running at "
        "/usr/lib/python3.11/asyncio/tasks.py:476> wait_for=<Future pending "
        "cb=[Task.task_wakeup()]>>\n"
        "<Future pending cb=[_release_waiter(<Future pendi...ask_wakeup()]>)() at "
        "/usr/lib/python3.11/asyncio/tasks.py:431]>\n"
        "3\n"
        "<Task finished name='Task-2' coro=<wait_for() done, defined at "
        "/usr/lib/python3.11/asyncio/tasks.py:436> result=3>\n");
}

TEST_CASE("wait's and as_completed's argument errors are CPython's, raised where it raises them") {
  ProgramRun r = run_asyncio_program(R"~(import asyncio
async def child(d):
    await asyncio.sleep(d)
    return d
async def main():
    loop = asyncio.get_running_loop()
    for bad in ([], set(), loop.create_future()):
        try:
            await asyncio.wait(bad)
        except (TypeError, ValueError) as e:
            print(type(e).__name__, e)
    t = asyncio.create_task(child(1))
    try:
        await asyncio.wait([t], return_when="SOMETIMES")
    except ValueError as e:
        print("ValueError", e)
    c = child(0)
    try:
        await asyncio.wait([t, c])
    except TypeError as e:
        print("TypeError", e)
    await c
    try:
        await asyncio.wait([t, 5])
    except AttributeError as e:
        print("AttributeError", e)
    try:
        await asyncio.wait([t], timeout="soon")
    except TypeError as e:
        print("TypeError", e)
    try:
        asyncio.wait([t], 1)
    except TypeError as e:
        print("TypeError", e)
    print(asyncio.FIRST_COMPLETED, asyncio.FIRST_EXCEPTION, asyncio.ALL_COMPLETED)
    w = asyncio.wait([t])
    print(type(w).__name__)
    done, pending = await w
    print(done == {t}, pending)
    gen = asyncio.as_completed(t)
    print(type(gen).__name__)
    try:
        next(gen)
    except TypeError as e:
        print("TypeError", e)
    print(list(gen))
    try:
        asyncio.as_completed()
    except TypeError as e:
        print("TypeError", e)
    print(list(asyncio.as_completed([])))
    try:
        next(asyncio.as_completed([t], timeout="x"))
    except TypeError as e:
        print("TypeError", e)
asyncio.run(main())
)~");
  CHECK(r.err == "");
  CHECK(r.out ==
        "ValueError Set of Tasks/Futures is empty.\n"
        "ValueError Set of Tasks/Futures is empty.\n"
        "TypeError expect a list of futures, not Future\n"
        "ValueError Invalid return_when value: SOMETIMES\n"
        "TypeError Passing coroutines is forbidden, use tasks explicitly.\n"
        "AttributeError 'int' object has no attribute 'add_done_callback'\n"
        "TypeError unsupported operand type(s) for +: 'float' and 'str'\n"
        "TypeError wait() takes 1 positional argument but 2 were given\n"
        "FIRST_COMPLETED FIRST_EXCEPTION ALL_COMPLETED\n"
        "coroutine\n"
        "True set()\n"
        "generator\n"
        "TypeError expect an iterable of futures, not Task\n"
        "[]\n"
        "TypeError as_completed() missing 1 required positional argument: 'fs'\n"
        "[]\n"
        "TypeError unsupported operand type(s) for +: 'float' and 'str'\n");
}

TEST_CASE("a generator is a coroutine to asyncio 3.11's checks; call_soon takes a non-callable") {
  // coroutines._COROUTINE_TYPES still holds types.GeneratorType; outside
  // debug mode call_soon, call_later and call_at do not check the callback,
  // whose TypeError is logged when it runs, and the loop goes on.
  ProgramRun r = run_asyncio_program(R"~(import asyncio
def g():
    yield 1
async def main():
    print(asyncio.iscoroutine(g()), asyncio.iscoroutine((x for x in [])), asyncio.iscoroutine([]))
    try:
        await asyncio.wait(asyncio.sleep(0, i) for i in range(2))
    except TypeError as e:
        print("TypeError", e)
    try:
        await asyncio.wait([g()])
    except TypeError as e:
        print("TypeError", e)
    try:
        next(asyncio.as_completed(x for x in []))
    except TypeError as e:
        print("TypeError", e)
    loop = asyncio.get_running_loop()
    loop.call_soon(g())
    loop.call_later(1, 42)
    loop.call_at(2, "not callable")
    await asyncio.sleep(3)
    print("the loop went on", loop.time())
asyncio.run(main())
)~");
  // python3's reports, without its asyncio frames (CPython's call_later
  // deadline is on its monotonic clock, so that report's when= differs).
  CHECK(r.err.find("Exception in callback g()\nhandle: <Handle g()>\nTypeError: 'generator' object is not callable\n") !=
        std::string::npos);
  CHECK(r.err.find("Exception in callback 'not callable'()\nhandle: <TimerHandle when=2 'not callable'()>\n"
                   "TypeError: 'str' object is not callable\n") != std::string::npos);
  CHECK(r.err.find("TypeError: 'int' object is not callable\n") != std::string::npos);
  CHECK(r.out ==
        "True True False\n"
        "TypeError expect a list of futures, not generator\n"
        "TypeError Passing coroutines is forbidden, use tasks explicitly.\n"
        "TypeError expect an iterable of futures, not generator\n"
        "the loop went on 3.0\n");
}

TEST_CASE("wait's sets iterate as CPython's (tasks hash as trace ids); as_completed dedups in order") {
  ProgramRun r = run_asyncio_program(R"~(import asyncio
async def child(d):
    await asyncio.sleep(d)
    return d
async def main():
    loop = asyncio.get_running_loop()
    filler = [asyncio.create_task(child(0)) for _ in range(6)]
    ts = [asyncio.create_task(child(d)) for d in (0.5, 1, 1, 2, 3, 0.5, 4, 5, 6, 7, 8, 9)]
    done, pending = await asyncio.wait(reversed(ts), timeout=2.5)
    print([t.get_name() for t in done])
    print([t.get_name() for t in pending])
    print(hash(ts[0]), [t.get_name() for t in {ts[3]: 1, ts[0]: 2}])
    done, pending = await asyncio.wait(ts[4:] + filler, return_when=asyncio.FIRST_COMPLETED)
    print([t.get_name() for t in done], len(pending))
    c1, c2 = child(0.25), child(0.125)
    order = [await f for f in asyncio.as_completed([c1, ts[-1], c2, c1, ts[-1]])]
    print(order)
    victim = asyncio.create_task(child(100))
    victim2 = asyncio.create_task(child(1000))
    async def cancel_soon():
        await asyncio.sleep(0.5)
        victim.cancel()
    asyncio.create_task(cancel_soon())
    done, pending = await asyncio.wait([victim, victim2], timeout=1, return_when=asyncio.FIRST_EXCEPTION)
    print("cancelled is not an exception:", victim.cancelled(), len(done), len(pending), loop.time())
    waiter = asyncio.create_task(asyncio.wait([victim2]))
    await asyncio.sleep(0)
    waiter.cancel()
    try:
        await waiter
    except asyncio.CancelledError:
        print("wait cancelled; victim2 pending:", not victim2.done())
    fut = loop.create_future()
    loop.call_later(1, fut.set_exception, KeyError("k"))
    done, pending = await asyncio.wait([fut, victim2], return_when=asyncio.FIRST_EXCEPTION)
    print(done == {fut}, repr(fut.exception()))
    victim2.cancel()
asyncio.run(main())
)~");
  CHECK(r.err == "");
  CHECK(r.out ==
        "['Task-8', 'Task-9', 'Task-10', 'Task-11', 'Task-13']\n"
        "['Task-12', 'Task-14', 'Task-15', 'Task-16', 'Task-17', 'Task-18', 'Task-19']\n"
        "8 ['Task-11', 'Task-8']\n"
        "['Task-2', 'Task-3', 'Task-4', 'Task-5', 'Task-6', 'Task-7', 'Task-13'] 7\n"
        "[0.125, 0.25, 9]\n"
        "cancelled is not an exception: True 1 1 10.0\n"
        "wait cancelled; victim2 pending: True\n"
        "True KeyError('k')\n");
}

TEST_CASE("a task that wait() watches shows _wait's _on_completion callback in its repr") {
  ProgramRun r = run_asyncio_program(R"~(import asyncio
async def main():
    loop = asyncio.get_running_loop()
    t = asyncio.create_task(asyncio.sleep(1000))
    w = asyncio.create_task(asyncio.wait([t]))
    await asyncio.sleep(0)
    print(t)
    w.cancel()
    t.cancel()
asyncio.run(main())
)~");
  CHECK(r.err == "");
  CHECK(r.out ==
        "<Task pending name='Task-2' coro=<sleep() running at "
        "/usr/lib/python3.11/asyncio/tasks.py:649> wait_for=<Future pending "
        "cb=[Task.task_wakeup()]> cb=[_wait.<locals>._on_completion() at "
        "/usr/lib/python3.11/asyncio/tasks.py:519]>\n");
}

}  // namespace corosim
