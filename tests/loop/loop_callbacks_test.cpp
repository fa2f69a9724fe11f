// loop.call_soon, call_later and call_at as Python programs; every expected
// output is what tests/conformance/reftrace.py printed for the same program on
// CPython 3.11.7 under the perfect clock.
#include <doctest/doctest.h>

#include "tests/lib/asyncio_program.h"

namespace corosim {

using testing::ProgramRun;
using testing::run_asyncio_program;

TEST_CASE("a non-callable callback is accepted, as outside debug mode, and fails only when it runs") {
  ProgramRun r = run_asyncio_program(R"~(import asyncio
async def job():
    print("job never awaited")
async def main():
    loop = asyncio.get_running_loop()
    h = loop.call_soon(5)
    print(type(h).__name__, h.cancelled())
    loop.call_later(0.5, "not callable", 1)
    loop.call_at(loop.time() + 1, job)
    loop.call_soon(print, "the loop goes on")
    await asyncio.sleep(2)
    print("done at", loop.time())
asyncio.run(main())
)~");
  CHECK(r.out == "Handle False\nthe loop goes on\ndone at 2.0\n");
  CHECK(r.exit_code == ExitCode::kOk);
}

TEST_CASE("a handle's repr shows its callback, arguments and source; a future's names bound methods") {
  ProgramRun r = run_asyncio_program(R"~(import asyncio
class Job:
    def run(self, n):
        pass
def tick(*args):
    pass
def show(x):
    print(repr(x).replace(__file__, "prog.py"))
async def main():
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    handles = [
        loop.call_later(1.5, f.set_result, 42),
        loop.call_soon(tick, "x" * 50),
        loop.call_at(3.0, lambda: None),
        loop.call_soon(Job().run, [1, 2]),
        loop.call_later(2, tick, 1, "a", None, (3,)),
    ]
    for h in handles:
        show(h)
    handles[4].cancel()
    show(handles[4])
    f.add_done_callback(Job().run)
    f.add_done_callback(tick)
    f.add_done_callback(Job)
    show(f)
asyncio.run(main())
)~");
  CHECK(r.out ==
        "<TimerHandle when=1.5 Future.set_result(42)>\n"
        "<Handle tick('xxxxxxxxxxxx...xxxxxxxxxxxxx') at prog.py:5>\n"
        "<TimerHandle when=3.0 main.<locals>.<lambda>() at prog.py:15>\n"
        "<Handle Job.run([1, 2])>\n"
        "<TimerHandle when=2.0 tick(1, 'a', None, (3,)) at prog.py:5>\n"
        "<TimerHandle cancelled when=2.0>\n"
        "<Future pending cb=[Job.run(), <1 more>, Job()]>\n");
}

TEST_CASE("call_at keeps the deadline it was given: an int stays an int in when() and the repr") {
  ProgramRun r = run_asyncio_program(R"~(import asyncio
log = []
async def main():
    loop = asyncio.get_running_loop()
    a = loop.call_at(3, log.append, "int")
    b = loop.call_at(1.5, log.append, "float")
    c = loop.call_later(1, log.append, "later")
    print(a.when(), b.when(), c.when(), repr(a))
    await asyncio.sleep(4)
    print(log, loop.time())
asyncio.run(main())
)~");
  CHECK(r.out == "3 1.5 1.0 <TimerHandle when=3 list.append('int')>\n['later', 'float', 'int'] 4.0\n");
}

}  // namespace corosim
