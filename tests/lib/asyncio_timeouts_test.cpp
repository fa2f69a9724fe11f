// asyncio.timeout, timeout_at and Timeout run as Python programs; every
// expected output is what tests/conformance/reftrace.py printed for the same
// program on CPython 3.11.7 under the perfect clock.
#include "sim/lib/asyncio_timeouts.h"

#include <doctest/doctest.h>

#include "tests/lib/asyncio_program.h"

namespace corosim {

using testing::ProgramRun;
using testing::run_asyncio_program;

TEST_CASE("Timeout fires, stays quiet, reschedules, refuses misuse and nests") {
  ProgramRun r = run_asyncio_program(R"~(import asyncio

async def work(n):
    await asyncio.sleep(n)
    return n

async def main():
    try:
        async with asyncio.timeout(1) as cm:
            print(repr(cm), cm.expired())
            await work(5)
    except TimeoutError as e:
        print("timeout", type(e).__name__, repr(e), cm.expired(), repr(cm))
    async with asyncio.timeout(3) as cm2:
        r = await work(1)
        print("ok", r, cm2.expired(), cm2.when())
    print(repr(cm2))
    t = asyncio.current_task()
    print(t.cancelling())
    async with asyncio.timeout_at(7) as cm3:
        print(repr(cm3), cm3.when())
        cm3.reschedule(None)
        print(repr(cm3))
        cm3.reschedule(12.34567)
        print(repr(cm3))
    try:
        cm3.reschedule(5)
    except RuntimeError as e:
        print("RT", e)
    try:
        async with asyncio.timeout(0) as cm4:
            await asyncio.sleep(0)
            print("not here")
    except TimeoutError:
        print("zero", repr(cm4))
    try:
        asyncio.timeout(None).reschedule(3)
    except RuntimeError as e:
        print("RT2", e)
    try:
        async with cm3: pass
    except RuntimeError as e:
        print("RT3", e)
    # nested: outer fires
    try:
        async with asyncio.timeout(2) as outer:
            try:
                async with asyncio.timeout(10) as inner:
                    await asyncio.sleep(5)
            except TimeoutError:
                print("inner caught?")
            print("after inner")
    except TimeoutError:
        print("outer", outer.expired(), inner.expired(), repr(inner))
    print(t.cancelling())
    x = asyncio.Timeout(None)
    print(repr(x), x.when())

asyncio.run(main())
)~");
  CHECK(r.err == "");
  CHECK(r.out ==
        "<Timeout [active] when=1.0> False\n"
        "timeout TimeoutError TimeoutError() True <Timeout [expired]>\n"
        "ok 1 False 4.0\n"
        "<Timeout [finished]>\n"
        "0\n"
        "<Timeout [active] when=7> 7\n"
        "<Timeout [active] when=None>\n"
        "<Timeout [active] when=12.346>\n"
        "RT Cannot change state of finished Timeout\n"
        "zero <Timeout [expired]>\n"
        "RT2 Timeout has not been entered\n"
        "RT3 Timeout has already been entered\n"
        "outer True False <Timeout [finished]>\n"
        "0\n"
        "<Timeout [created]> None\n");
}

TEST_CASE("Task.cancel's message reaches CancelledError.args; a Timeout leaves foreign cancels alone") {
  ProgramRun r = run_asyncio_program(R"~(import asyncio

async def victim():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        print("victim got", e.args, asyncio.current_task().cancelling())
        raise

async def guarded():
    try:
        async with asyncio.timeout(5):
            await asyncio.sleep(10)
    except TimeoutError as e:
        print("no")
    except asyncio.CancelledError as e:
        print("guarded cancelled", e.args, asyncio.current_task().cancelling())
        raise

async def main():
    t = asyncio.create_task(victim())
    await asyncio.sleep(1)
    print(t.cancel("bye"), t.cancelling(), t.cancel("again"), t.cancelling())
    try:
        await t
    except asyncio.CancelledError as e:
        print("main", e.args)
    g = asyncio.create_task(guarded())
    await asyncio.sleep(1)
    g.cancel("outer")
    try:
        await g
    except asyncio.CancelledError as e:
        print("g", e.args, g.cancelled())
    try:
        async with asyncio.timeout(1):
            await asyncio.sleep(3)
    except TimeoutError as e:
        print(type(e.__cause__).__name__, e.__suppress_context__, type(e.__context__).__name__)
    me = asyncio.current_task()
    print(me.cancelling(), me.uncancel(), me.uncancel())

asyncio.run(main())
)~");
  CHECK(r.err == "");
  CHECK(r.out ==
        "True 1 True 2\n"
        "victim got ('bye',) 2\n"
        "main ('bye',)\n"
        "guarded cancelled ('outer',) 1\n"
        "g ('outer',) True\n"
        "CancelledError True CancelledError\n"
        "0 0 0\n");
}

TEST_CASE("timeout and timeout_at argument errors are CPython's") {
  ProgramRun r = run_asyncio_program(R"~(import asyncio
async def main():
    for bad in ("x", [1]):
        try:
            asyncio.timeout(bad)
        except TypeError as e:
            print("TypeError:", e)
    try:
        async with asyncio.timeout_at("soon"):
            pass
    except TypeError as e:
        print("TypeError:", e)
    try:
        asyncio.timeout()
    except TypeError as e:
        print("TypeError:", e)
    print(type(asyncio.timeout(1)).__name__, type(asyncio.timeout(1)).__module__, asyncio.Timeout)
try:
    asyncio.timeout(1)
except RuntimeError as e:
    print("RuntimeError:", e)
asyncio.run(main())
)~");
  CHECK(r.err == "");
  CHECK(r.out ==
        "RuntimeError: no running event loop\n"
        "TypeError: unsupported operand type(s) for +: 'float' and 'str'\n"
        "TypeError: unsupported operand type(s) for +: 'float' and 'list'\n"
        "TypeError: '<=' not supported between instances of 'str' and 'float'\n"
        "TypeError: timeout() missing 1 required positional argument: 'delay'\n"
        "Timeout asyncio.timeouts <class 'asyncio.timeouts.Timeout'>\n");
}

}  // namespace corosim
