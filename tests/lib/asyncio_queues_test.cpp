// asyncio.Queue, PriorityQueue and LifoQueue against CPython: each expected
// output is what python3 (CPython 3.11.7) printed for it.
#include "sim/lib/asyncio_queues.h"

#include <doctest/doctest.h>

#include "tests/lib/asyncio_program.h"

namespace corosim {
namespace {

using testing::ProgramRun;
using testing::run_asyncio_program;

TEST_CASE("a woken Queue getter that loses the item queues again at the tail") {
  ProgramRun r = run_asyncio_program(R"py(
import asyncio
async def getter(name, q):
    print(name, "got", await q.get())
async def main():
    q = asyncio.Queue()
    g1 = asyncio.create_task(getter("g1", q))
    await asyncio.sleep(0)
    g2 = asyncio.create_task(getter("g2", q))
    await asyncio.sleep(0)
    q.put_nowait(1)
    print("main took", q.get_nowait())
    await asyncio.sleep(0)
    q.put_nowait(2)
    q.put_nowait(3)
    await asyncio.gather(g1, g2)
asyncio.run(main())
)py");
  CHECK(r.err == "");
  CHECK(r.out == R"out(main took 1
g2 got 2
g1 got 3
)out");
}

TEST_CASE("a full Queue makes put wait and wakes putters in order as get frees slots") {
  ProgramRun r = run_asyncio_program(R"py(
import asyncio
async def putter(name, q, item):
    await q.put(item)
    print(name, "put", item, q.qsize())
async def main():
    q = asyncio.Queue(1)
    print(q.maxsize, q.full(), q.empty())
    await q.put("a")
    print(q.full())
    ts = [asyncio.create_task(putter(n, q, n)) for n in ["p1", "p2", "p3"]]
    await asyncio.sleep(0)
    for _ in range(4):
        print("get", await q.get())
        await asyncio.sleep(0)
    await asyncio.gather(*ts)
    print(q.qsize(), q.empty())
    u = asyncio.Queue(0)
    for i in range(100):
        u.put_nowait(i)
    print(u.full(), u.qsize())
asyncio.run(main())
)py");
  CHECK(r.err == "");
  CHECK(r.out == R"out(1 False True
True
get a
p1 put p1 1
get p1
p2 put p2 1
get p2
p3 put p3 1
get p3
0 True
False 100
)out");
}

TEST_CASE("Queue misuse raises QueueEmpty, QueueFull and task_done's ValueError") {
  ProgramRun r = run_asyncio_program(R"py(
import asyncio
async def main():
    q = asyncio.Queue(1)
    try:
        q.get_nowait()
    except asyncio.QueueEmpty as e:
        print(type(e).__name__, repr(str(e)), isinstance(e, Exception))
    q.put_nowait(1)
    try:
        q.put_nowait(2)
    except asyncio.QueueFull as e:
        print(type(e).__name__, repr(e))
    q.task_done()
    try:
        q.task_done()
    except ValueError as e:
        print(e)
    print(await q.join())
    print(str(q))
    pq = asyncio.PriorityQueue()
    pq.put_nowait({})
    try:
        pq.put_nowait({})
    except TypeError as e:
        print(e, pq.qsize())
asyncio.run(main())
)py");
  CHECK(r.err == "");
  CHECK(r.out == R"out(QueueEmpty '' True
QueueFull QueueFull()
task_done() called too many times
None
<Queue maxsize=1 _queue=[1]>
'<' not supported between instances of 'dict' and 'dict' 2
)out");
}

TEST_CASE("Queue.join waits until every item is marked done") {
  ProgramRun r = run_asyncio_program(R"py(
import asyncio
async def worker(q):
    while True:
        item = await q.get()
        await asyncio.sleep(item)
        print("done", item)
        q.task_done()
async def main():
    q = asyncio.Queue()
    for i in [1, 2, 3]:
        q.put_nowait(i)
    w = asyncio.create_task(worker(q))
    await q.join()
    print("joined", q.empty())
    w.cancel()
asyncio.run(main())
)py");
  CHECK(r.err == "");
  CHECK(r.out == R"out(done 1
done 2
done 3
joined True
)out");
}

TEST_CASE("PriorityQueue pops in heapq order and LifoQueue newest first") {
  ProgramRun r = run_asyncio_program(R"py(
import asyncio
async def main():
    pq = asyncio.PriorityQueue()
    for x in [5, 3, 8, 1, 9, 2, 7, 3, 1, 6]:
        pq.put_nowait((x % 4, x))
    print([pq.get_nowait() for _ in range(pq.qsize())])
    lq = asyncio.LifoQueue()
    for x in "abc":
        await lq.put(x)
    print([await lq.get() for _ in range(3)])
asyncio.run(main())
)py");
  CHECK(r.err == "");
  CHECK(r.out == R"out([(0, 8), (1, 1), (1, 1), (1, 5), (1, 9), (2, 2), (2, 6), (3, 3), (3, 3), (3, 7)]
['c', 'b', 'a']
)out");
}

TEST_CASE("a cancelled getter that was woken passes the item to the next getter") {
  ProgramRun r = run_asyncio_program(R"py(
import asyncio
async def getter(name, q):
    try:
        print(name, "got", await q.get())
    except asyncio.CancelledError:
        print(name, "cancelled")
        raise
async def main():
    q = asyncio.Queue()
    g1 = asyncio.create_task(getter("g1", q))
    g2 = asyncio.create_task(getter("g2", q))
    await asyncio.sleep(0)
    q.put_nowait("x")
    g1.cancel()
    await asyncio.gather(g1, g2, return_exceptions=True)
    print(q.qsize())
asyncio.run(main())
)py");
  CHECK(r.err == "");
  CHECK(r.out == R"out(g1 cancelled
g2 got x
0
)out");
}

TEST_CASE("argument errors name Queue's method for every queue kind and count self, as queues.py's do") {
  ProgramRun r = run_asyncio_program(R"~(import asyncio
async def main():
    for f in [
            lambda: asyncio.Queue(1, 2),
            lambda: asyncio.PriorityQueue(1, 2),
            lambda: asyncio.LifoQueue(maxsize=1, x=2),
            lambda: asyncio.Queue().put_nowait(),
            lambda: asyncio.Queue().put_nowait(1, 2),
            lambda: asyncio.Queue().put_nowait(item=1, x=2),
            lambda: asyncio.LifoQueue().put(),
            lambda: asyncio.Queue().put(1, item=2),
            lambda: asyncio.Queue().get_nowait(1),
            lambda: asyncio.PriorityQueue().qsize(1),
            lambda: asyncio.Queue().task_done(1),
            lambda: asyncio.Queue().join(1),
            lambda: asyncio.Queue().get(1),
            lambda: asyncio.Queue().empty(1),
            lambda: asyncio.Queue().full(1),
    ]:
        try:
            r = f()
            print("ok", type(r).__name__)
            r.close()
        except Exception as e:
            print(type(e).__name__, e)
asyncio.run(main())
)~");
  CHECK(r.out == R"out(TypeError Queue.__init__() takes from 1 to 2 positional arguments but 3 were given
TypeError Queue.__init__() takes from 1 to 2 positional arguments but 3 were given
TypeError Queue.__init__() got an unexpected keyword argument 'x'
TypeError Queue.put_nowait() missing 1 required positional argument: 'item'
TypeError Queue.put_nowait() takes 2 positional arguments but 3 were given
TypeError Queue.put_nowait() got an unexpected keyword argument 'x'
TypeError Queue.put() missing 1 required positional argument: 'item'
TypeError Queue.put() got multiple values for argument 'item'
TypeError Queue.get_nowait() takes 1 positional argument but 2 were given
TypeError Queue.qsize() takes 1 positional argument but 2 were given
TypeError Queue.task_done() takes 1 positional argument but 2 were given
TypeError Queue.join() takes 1 positional argument but 2 were given
TypeError Queue.get() takes 1 positional argument but 2 were given
TypeError Queue.empty() takes 1 positional argument but 2 were given
TypeError Queue.full() takes 1 positional argument but 2 were given
)out");
}

}  // namespace
}  // namespace corosim
