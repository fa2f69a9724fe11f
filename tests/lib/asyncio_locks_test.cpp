// asyncio.Lock, Event, Semaphore, BoundedSemaphore, Condition and Barrier against
// CPython: each expected output is what python3 (CPython 3.11.7) printed for it.
#include "sim/lib/asyncio_locks.h"

#include <doctest/doctest.h>

#include "tests/lib/asyncio_program.h"

namespace corosim {
namespace {

using testing::ProgramRun;
using testing::run_asyncio_program;

TEST_CASE("Lock never lets a newcomer overtake a woken waiter") {
  ProgramRun r = run_asyncio_program(R"py(
import asyncio
async def main():
    lock = asyncio.Lock()
    await lock.acquire()
    async def w():
        await lock.acquire()
        print("waiter acquired")
        lock.release()
    t = asyncio.create_task(w())
    await asyncio.sleep(0)
    lock.release()
    print("released, locked:", lock.locked())
    await lock.acquire()
    print("main acquired again")
    lock.release()
    await t
asyncio.run(main())
)py");
  CHECK(r.err == "");
  CHECK(r.out == R"out(released, locked: False
waiter acquired
main acquired again
)out");
}

TEST_CASE("Lock misuse raises CPython's errors and __aenter__/__aexit__ acquire and release") {
  ProgramRun r = run_asyncio_program(R"py(
import asyncio
async def main():
    lock = asyncio.Lock()
    try:
        lock.release()
    except RuntimeError as e:
        print(type(e).__name__, e)
    print(await lock.__aenter__(), lock.locked())
    print(await lock.__aexit__(None, None, None), lock.locked())
    try:
        asyncio.Lock(1)
    except TypeError as e:
        print(e)
asyncio.run(main())
)py");
  CHECK(r.err == "");
  CHECK(r.out == R"out(RuntimeError Lock is not acquired.
None True
None False
Lock.__init__() takes 1 positional argument but 2 were given
)out");
}

TEST_CASE("a Lock waiter cancelled after being woken passes the lock to the next waiter") {
  ProgramRun r = run_asyncio_program(R"py(
import asyncio
async def w(name, lock):
    try:
        await lock.acquire()
    except asyncio.CancelledError:
        print(name, "cancelled")
        raise
    print(name, "acquired")
    lock.release()
async def main():
    lock = asyncio.Lock()
    await lock.acquire()
    a = asyncio.create_task(w("a", lock))
    b = asyncio.create_task(w("b", lock))
    await asyncio.sleep(0)
    lock.release()
    a.cancel()
    await asyncio.gather(a, b, return_exceptions=True)
    print(lock.locked())
asyncio.run(main())
)py");
  CHECK(r.err == "");
  CHECK(r.out == R"out(a cancelled
b acquired
False
)out");
}

TEST_CASE("Event.set wakes every waiter in FIFO order and wait returns True at once when set") {
  ProgramRun r = run_asyncio_program(R"py(
import asyncio
async def w(name, ev):
    print(name, await ev.wait())
async def main():
    ev = asyncio.Event()
    ts = [asyncio.create_task(w(n, ev)) for n in "abc"]
    await asyncio.sleep(0)
    ev.set()
    ev.set()
    print("set", ev.is_set())
    ev.clear()
    print("cleared", ev.is_set())
    await asyncio.gather(*ts)
    ev.set()
    print(await ev.wait())
asyncio.run(main())
)py");
  CHECK(r.err == "");
  CHECK(r.out == R"out(set True
cleared False
a True
b True
c True
True
)out");
}

TEST_CASE("Semaphore limits concurrency and BoundedSemaphore refuses an extra release") {
  ProgramRun r = run_asyncio_program(R"py(
import asyncio
async def user(name, sem):
    await sem.acquire()
    print(name, "in")
    await asyncio.sleep(1)
    sem.release()
async def main():
    sem = asyncio.Semaphore(2)
    print(sem.locked())
    await asyncio.gather(*[user(n, sem) for n in "abcde"])
    print(sem.locked())
    b = asyncio.BoundedSemaphore(2)
    await b.acquire()
    b.release()
    try:
        b.release()
    except ValueError as e:
        print(e)
    for bad in (-1,):
        try:
            asyncio.Semaphore(bad)
        except ValueError as e:
            print(e)
    z = asyncio.Semaphore(0)
    print(z.locked())
    z.release()
    print(z.locked(), await z.acquire(), z.locked())
asyncio.run(main())
)py");
  CHECK(r.err == "");
  CHECK(r.out == R"out(False
a in
b in
c in
d in
e in
False
BoundedSemaphore released too many times
Semaphore initial value must be >= 0
True
False True True
)out");
}

TEST_CASE("Semaphore release reserves the unit for the woken waiter, not the releasing task") {
  ProgramRun r = run_asyncio_program(R"py(
import asyncio
async def main():
    sem = asyncio.Semaphore(1)
    await sem.acquire()
    async def w():
        await sem.acquire()
        print("waiter got the unit")
        sem.release()
    t = asyncio.create_task(w())
    await asyncio.sleep(0)
    sem.release()
    print("locked after release:", sem.locked())
    await sem.acquire()
    print("main got it back")
    await t
asyncio.run(main())
)py");
  CHECK(r.err == "");
  CHECK(r.out == R"out(locked after release: True
waiter got the unit
main got it back
)out");
}

TEST_CASE("Condition wait and notify need the lock and a notified waiter re-acquires it") {
  ProgramRun r = run_asyncio_program(R"py(
import asyncio
async def main():
    cond = asyncio.Condition()
    for f in (cond.notify, cond.notify_all):
        try:
            f()
        except RuntimeError as e:
            print(e)
    try:
        await cond.wait()
    except RuntimeError as e:
        print(e)
    async def w(n):
        await cond.acquire()
        print(n, "waits")
        r = await cond.wait()
        print(n, "woken", r, cond.locked())
        cond.release()
    ts = [asyncio.create_task(w(n)) for n in "abc"]
    await asyncio.sleep(0)
    await cond.acquire()
    cond.notify(2)
    cond.release()
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    await cond.acquire()
    cond.notify_all()
    cond.release()
    await asyncio.gather(*ts)
asyncio.run(main())
)py");
  CHECK(r.err == "");
  CHECK(r.out == R"out(cannot notify on un-acquired lock
cannot notify on un-acquired lock
cannot wait on un-acquired lock
a waits
b waits
c waits
a woken True True
b woken True True
c woken True True
)out");
}

TEST_CASE("a cancelled Condition.wait re-acquires the lock before raising CancelledError") {
  ProgramRun r = run_asyncio_program(R"py(
import asyncio
async def main():
    lock = asyncio.Lock()
    cond = asyncio.Condition(lock)
    async def w():
        async_ok = await cond.acquire()
        try:
            await cond.wait()
        except asyncio.CancelledError:
            print("cancelled, holds the lock again:", lock.locked())
            cond.release()
            raise
    t = asyncio.create_task(w())
    await asyncio.sleep(0)
    await lock.acquire()
    t.cancel()
    await asyncio.sleep(0)
    print("still waiting for the lock:", t.done())
    lock.release()
    try:
        await t
    except asyncio.CancelledError:
        print("task cancelled", t.cancelled())
asyncio.run(main())
)py");
  CHECK(r.err == "");
  CHECK(r.out == R"out(still waiting for the lock: False
cancelled, holds the lock again: True
task cancelled True
)out");
}

TEST_CASE("Barrier releases all parties together, and abort breaks it with BrokenBarrierError") {
  ProgramRun r = run_asyncio_program(R"py(
import asyncio
async def party(name, b, delay):
    await asyncio.sleep(delay)
    print(name, "arrives, waiting:", b.n_waiting)
    i = await b.wait()
    print(name, "passes with index", i)
async def main():
    b = asyncio.Barrier(3)
    print(b.parties, b.n_waiting, b.broken)
    await asyncio.gather(*[party(n, b, d) for n, d in [("a", 1), ("b", 2), ("c", 3)]])
    print("n_waiting", b.n_waiting)
    t = asyncio.create_task(party("x", b, 0))
    await asyncio.sleep(1)
    await b.abort()
    try:
        await t
    except asyncio.BrokenBarrierError as e:
        print(type(e).__name__, e, isinstance(e, RuntimeError), b.broken)
    try:
        await b.wait()
    except asyncio.BrokenBarrierError as e:
        print(e)
    await b.reset()
    print(b.broken, b.n_waiting)
    try:
        asyncio.Barrier(0)
    except ValueError as e:
        print(e)
asyncio.run(main())
)py");
  CHECK(r.err == "");
  CHECK(r.out == R"out(3 0 False
a arrives, waiting: 0
b arrives, waiting: 1
c arrives, waiting: 2
c passes with index 2
a passes with index 0
b passes with index 1
n_waiting 0
x arrives, waiting: 0
BrokenBarrierError Abort or reset of barrier True True
Barrier aborted
False 0
parties must be > 0
)out");
}

TEST_CASE("argument errors name the locks.py method and count self, as CPython's Python-defined methods do") {
  ProgramRun r = run_asyncio_program(R"~(import asyncio
async def main():
    for f in [
            lambda: asyncio.Semaphore(1, 2),
            lambda: asyncio.BoundedSemaphore(1, 2),
            lambda: asyncio.Semaphore(value=1, x=2),
            lambda: asyncio.Barrier(),
            lambda: asyncio.Barrier(1, 2),
            lambda: asyncio.Barrier(2, parties=3),
            lambda: asyncio.Condition(None, 2),
            lambda: asyncio.Event(1),
            lambda: asyncio.Lock(1),
            lambda: asyncio.Lock(x=1),
            lambda: asyncio.Lock().locked(1),
            lambda: asyncio.Lock().acquire(1),
            lambda: asyncio.Lock().release(1),
            lambda: asyncio.Event().set(2),
            lambda: asyncio.Event().wait(x=1),
            lambda: asyncio.Event().is_set(1),
            lambda: asyncio.Event().clear(1),
            lambda: asyncio.Condition().notify(1, 2),
            lambda: asyncio.Condition().notify(m=2),
            lambda: asyncio.Condition().notify_all(1),
            lambda: asyncio.Condition().wait_for(),
            lambda: asyncio.Condition().wait_for(1, 2),
            lambda: asyncio.Condition().wait(1),
            lambda: asyncio.Condition().locked(1),
            lambda: asyncio.Condition().acquire(1),
            lambda: asyncio.Condition().release(1),
            lambda: asyncio.Semaphore().locked(1),
            lambda: asyncio.Semaphore().acquire(1),
            lambda: asyncio.Semaphore().release(1),
            lambda: asyncio.BoundedSemaphore().release(1),
            lambda: asyncio.BoundedSemaphore().acquire(1),
            lambda: asyncio.BoundedSemaphore().locked(1),
            lambda: asyncio.Barrier(1).wait(1),
            lambda: asyncio.Barrier(1).reset(1),
            lambda: asyncio.Barrier(1).abort(1),
            lambda: asyncio.Barrier(1).__aenter__(1),
            lambda: asyncio.Barrier(1).__aexit__(x=1),
            lambda: asyncio.Lock().__aenter__(1),
            lambda: asyncio.Lock().__aexit__(),
            lambda: asyncio.Semaphore().__aexit__(1, 2),
            lambda: asyncio.Condition().__aexit__(1, 2, 3, 4),
            lambda: asyncio.Lock().__aexit__(1, 2, tb=3, x=4),
    ]:
        try:
            r = f()
            print("ok", type(r).__name__)
            r.close()
        except Exception as e:
            print(type(e).__name__, e)
asyncio.run(main())
)~");
  CHECK(r.out == R"out(TypeError Semaphore.__init__() takes from 1 to 2 positional arguments but 3 were given
TypeError BoundedSemaphore.__init__() takes from 1 to 2 positional arguments but 3 were given
TypeError Semaphore.__init__() got an unexpected keyword argument 'x'
TypeError Barrier.__init__() missing 1 required positional argument: 'parties'
TypeError Barrier.__init__() takes 2 positional arguments but 3 were given
TypeError Barrier.__init__() got multiple values for argument 'parties'
TypeError Condition.__init__() takes from 1 to 2 positional arguments but 3 were given
TypeError Event.__init__() takes 1 positional argument but 2 were given
TypeError Lock.__init__() takes 1 positional argument but 2 were given
TypeError Lock.__init__() got an unexpected keyword argument 'x'
TypeError Lock.locked() takes 1 positional argument but 2 were given
TypeError Lock.acquire() takes 1 positional argument but 2 were given
TypeError Lock.release() takes 1 positional argument but 2 were given
TypeError Event.set() takes 1 positional argument but 2 were given
TypeError Event.wait() got an unexpected keyword argument 'x'
TypeError Event.is_set() takes 1 positional argument but 2 were given
TypeError Event.clear() takes 1 positional argument but 2 were given
TypeError Condition.notify() takes from 1 to 2 positional arguments but 3 were given
TypeError Condition.notify() got an unexpected keyword argument 'm'
TypeError Condition.notify_all() takes 1 positional argument but 2 were given
TypeError Condition.wait_for() missing 1 required positional argument: 'predicate'
TypeError Condition.wait_for() takes 2 positional arguments but 3 were given
TypeError Condition.wait() takes 1 positional argument but 2 were given
TypeError Lock.locked() takes 1 positional argument but 2 were given
TypeError Lock.acquire() takes 1 positional argument but 2 were given
TypeError Lock.release() takes 1 positional argument but 2 were given
TypeError Semaphore.locked() takes 1 positional argument but 2 were given
TypeError Semaphore.acquire() takes 1 positional argument but 2 were given
TypeError Semaphore.release() takes 1 positional argument but 2 were given
TypeError BoundedSemaphore.release() takes 1 positional argument but 2 were given
TypeError Semaphore.acquire() takes 1 positional argument but 2 were given
TypeError Semaphore.locked() takes 1 positional argument but 2 were given
TypeError Barrier.wait() takes 1 positional argument but 2 were given
TypeError Barrier.reset() takes 1 positional argument but 2 were given
TypeError Barrier.abort() takes 1 positional argument but 2 were given
TypeError Barrier.__aenter__() takes 1 positional argument but 2 were given
TypeError Barrier.__aexit__() got an unexpected keyword argument 'x'
TypeError _ContextManagerMixin.__aenter__() takes 1 positional argument but 2 were given
TypeError _ContextManagerMixin.__aexit__() missing 3 required positional arguments: 'exc_type', 'exc', and 'tb'
TypeError _ContextManagerMixin.__aexit__() missing 1 required positional argument: 'tb'
TypeError _ContextManagerMixin.__aexit__() takes 4 positional arguments but 5 were given
TypeError _ContextManagerMixin.__aexit__() got an unexpected keyword argument 'x'
)out");
}

}  // namespace
}  // namespace corosim
