// wait_for and shield run as Python programs; every expected output is what
// tests/conformance/reftrace.py printed for the same program on CPython
// 3.11.7 under the perfect clock.
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

}  // namespace corosim
