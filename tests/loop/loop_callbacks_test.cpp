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

}  // namespace corosim
