// asyncio.TaskGroup and the ExceptionGroup it raises run as Python programs; every expected output is what
// tests/conformance/reftrace.py printed for the same program on CPython
// 3.11.7 under the perfect clock.
#include "sim/lib/asyncio_taskgroups.h"

#include <doctest/doctest.h>

#include "tests/lib/asyncio_program.h"

namespace corosim {

using testing::ProgramRun;
using testing::run_asyncio_program;

TEST_CASE("TaskGroup waits, fails into an ExceptionGroup, cancels siblings and refuses misuse") {
  ProgramRun r = run_asyncio_program(R"~(import asyncio

async def ok(n, d):
    try:
        await asyncio.sleep(d)
    except asyncio.CancelledError as e:
        print("cancelled", n, e.args)
        raise
    return n

async def bad(d, exc):
    await asyncio.sleep(d)
    raise exc

async def main():
    async with asyncio.TaskGroup() as tg:
        print(repr(tg))
        a = tg.create_task(ok(1, 1))
        b = tg.create_task(ok(2, 2), name="second")
        print(repr(tg), b.get_name(), repr(a).split(" coro=")[0], repr(a)[repr(a).index(" cb="):])
    print("results", a.result(), b.result(), repr(tg))
    try:
        async with asyncio.TaskGroup() as tg:
            ts = [tg.create_task(ok(i, 5)) for i in range(3)]
            tg.create_task(bad(1, ValueError("boom")))
            tg.create_task(bad(1, KeyError("k")))
            await asyncio.sleep(10)
            print("not reached")
    except ExceptionGroup as eg:
        print("eg", type(eg).__name__, eg, eg.exceptions, repr(eg), eg.__cause__, eg.__suppress_context__)
        print([t.cancelled() for t in ts], repr(tg))
    print("cancelling", asyncio.current_task().cancelling())
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(ok(9, 1))
            raise RuntimeError("body")
    except ExceptionGroup as eg:
        print("body eg", eg, eg.exceptions)
    tg = asyncio.TaskGroup()
    c = ok(0, 0)
    try:
        tg.create_task(c)
    except RuntimeError as e:
        print(e)
    async with tg:
        try:
            async with tg:
                pass
        except RuntimeError as e:
            print(e)
    try:
        tg.create_task(c)
    except RuntimeError as e:
        print(e)
    async with asyncio.TaskGroup() as tg2:
        t = tg2.create_task(bad(0, ValueError(1)))
        print(repr(t).split(" coro=")[0], repr(t)[repr(t).index(" cb="):])
        try:
            tg2.create_task(ok(0, 0))
            await asyncio.sleep(0.5)
        except asyncio.CancelledError:
            print("parent cancelled", repr(tg2), asyncio.current_task().cancelling())
        try:
            tg2.create_task(c)
        except RuntimeError as e:
            print(e)
        c.close()

try:
    asyncio.run(main())
except ExceptionGroup as eg:
    print('top', repr(eg))
)~");
  CHECK(r.err == "");
  CHECK(r.out ==
        "<TaskGroup entered>\n"
        "<TaskGroup tasks=2 entered> second <Task pending name='Task-2'  cb=[TaskGroup._on_task_done()]>\n"
        "results 1 2 <TaskGroup entered>\n"
        "cancelled 0 ()\n"
        "cancelled 1 ()\n"
        "cancelled 2 ()\n"
        "eg ExceptionGroup unhandled errors in a TaskGroup (2 sub-exceptions) (ValueError('boom'), KeyError('k')) ExceptionGroup('unhandled errors in a TaskGroup', [ValueError('boom'), KeyError('k')]) None True\n"
        "[True, True, True] <TaskGroup cancelling>\n"
        "cancelling 0\n"
        "body eg unhandled errors in a TaskGroup (1 sub-exception) (RuntimeError('body'),)\n"
        "TaskGroup <TaskGroup> has not been entered\n"
        "TaskGroup <TaskGroup entered> has already been entered\n"
        "TaskGroup <TaskGroup entered> is finished\n"
        "<Task pending name='Task-10'  cb=[TaskGroup._on_task_done()]>\n"
        "parent cancelled <TaskGroup errors=1 cancelling> 1\n"
        "TaskGroup <TaskGroup errors=1 cancelling> is shutting down\n"
        "top ExceptionGroup('unhandled errors in a TaskGroup', [ValueError(1)])\n");
}

TEST_CASE("TaskGroup under a cancelled parent and under a Timeout") {
  ProgramRun r = run_asyncio_program(R"~(import asyncio

async def child(n, d):
    try:
        await asyncio.sleep(d)
        print("child", n, "finished")
    except asyncio.CancelledError:
        print("child", n, "cancelled at", asyncio.get_running_loop().time())
        await asyncio.sleep(0.5)
        print("child", n, "cleaned up")
        raise

async def grouped():
    async with asyncio.TaskGroup() as tg:
        for i in range(3):
            tg.create_task(child(i, 1 + i * 3))
        print("body done", repr(tg))
    print("not reached")

async def failing_child():
    await asyncio.sleep(1)
    raise ValueError("bad")

async def both():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(failing_child())
            tg.create_task(child(7, 5))
    except ExceptionGroup as eg:
        print("both", eg.exceptions)

async def main():
    t = asyncio.create_task(grouped())
    await asyncio.sleep(2)
    t.cancel("stop")
    try:
        await t
    except asyncio.CancelledError as e:
        print("grouped cancelled", e.args, t.cancelled())
    t2 = asyncio.create_task(both())
    await asyncio.sleep(1)
    t2.cancel()
    try:
        await t2
    except asyncio.CancelledError:
        print("t2 cancelled", t2.cancelled())
    async with asyncio.timeout(1.5):
        try:
            async with asyncio.TaskGroup() as tg:
                tg.create_task(child(8, 10))
        except asyncio.CancelledError:
            print("tg cancelled by timeout")
            raise

try:
    asyncio.run(main())
except TimeoutError as e:
    print("top", repr(e))
)~");
  CHECK(r.err == "");
  CHECK(r.out ==
        "body done <TaskGroup tasks=3 entered>\n"
        "child 0 finished\n"
        "child 1 cancelled at 2.0\n"
        "child 2 cancelled at 2.0\n"
        "child 1 cleaned up\n"
        "child 2 cleaned up\n"
        "grouped cancelled ('stop',) True\n"
        "child 7 cancelled at 3.5\n"
        "child 7 cleaned up\n"
        "both (ValueError('bad'),)\n"
        "child 8 cancelled at 5.5\n"
        "child 8 cleaned up\n"
        "tg cancelled by timeout\n"
        "top TimeoutError()\n");
}

TEST_CASE("nested TaskGroups with Timeouts: a failing grandchild, a group under a deadline") {
  ProgramRun r = run_asyncio_program(R"~(import asyncio

async def leaf(name, d, fail=None):
    try:
        await asyncio.sleep(d)
        if fail:
            raise fail
        return name
    finally:
        print("leaf", name, "exits at", asyncio.get_running_loop().time())

async def inner_group(tag, fail):
    async with asyncio.TaskGroup() as tg:
        tg.create_task(leaf(tag + "1", 1))
        tg.create_task(leaf(tag + "2", 2, fail))
        tg.create_task(leaf(tag + "3", 4))
    return tag

async def with_timeout(d):
    try:
        async with asyncio.timeout(d):
            await leaf("slow", 10)
    except TimeoutError:
        print("slow timed out")
        return "timeout"

async def main2():
    try:
        async with asyncio.TaskGroup() as outer:
            a = outer.create_task(inner_group("a", None))
            b = outer.create_task(inner_group("b", OSError("disk")))
            c = outer.create_task(with_timeout(1.5))
    except ExceptionGroup as eg:
        print("outer", repr(eg))
        print(eg.split(OSError))
    print(a.cancelled(), b.exception(), c.result())
    async with asyncio.timeout(6):
        async with asyncio.TaskGroup() as tg:
            tg.create_task(inner_group("z", None))
    print("z done")
    try:
        async with asyncio.timeout(0.5) as cm:
            async with asyncio.TaskGroup() as tg:
                tg.create_task(leaf("q", 1))
                tg.create_task(leaf("r", 2, ValueError("late")))
    except TimeoutError:
        print("tg timed out", cm.expired())

asyncio.run(main2())
)~");
  CHECK(r.err == "");
  CHECK(r.out ==
        "leaf a1 exits at 1.0\n"
        "leaf b1 exits at 1.0\n"
        "leaf slow exits at 1.5\n"
        "slow timed out\n"
        "leaf b2 exits at 2.0\n"
        "leaf a2 exits at 2.0\n"
        "leaf b3 exits at 2.0\n"
        "leaf a3 exits at 2.0\n"
        "outer ExceptionGroup('unhandled errors in a TaskGroup', [ExceptionGroup('unhandled errors in a TaskGroup', [OSError('disk')])])\n"
        "(ExceptionGroup('unhandled errors in a TaskGroup', [ExceptionGroup('unhandled errors in a TaskGroup', [OSError('disk')])]), None)\n"
        "True unhandled errors in a TaskGroup (1 sub-exception) timeout\n"
        "leaf z1 exits at 3.0\n"
        "leaf z2 exits at 4.0\n"
        "leaf z3 exits at 6.0\n"
        "z done\n"
        "leaf q exits at 6.5\n"
        "leaf r exits at 6.5\n"
        "tg timed out True\n");
}

}  // namespace corosim
