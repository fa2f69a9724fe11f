// Where a suspended task waits (waits_on's primitive, object and line): the
// qualname table, the await-chain walk and the deadlock report's wording.
// Each expected report is what tests/conformance/reftrace.py printed for the
// same program under CPython 3.11.7.
#include "sim/loop/wait_primitives.h"

#include <doctest/doctest.h>

#include <cstring>
#include <limits>
#include <string>

#include "sim/loop/event_loop.h"
#include "tests/lib/asyncio_program.h"

namespace corosim {
namespace {

using testing::ProgramRun;
using testing::run_asyncio_program;

bool names(const char* qualname, const char* primitive) {
  const char* found = wait_primitive(qualname);
  return found && std::strcmp(found, primitive) == 0;
}

TEST_CASE("the table names each library call by its coroutine's qualname") {
  CHECK(names("Lock.acquire", "lock"));
  CHECK(names("Event.wait", "event"));
  CHECK(names("Condition.wait", "condition"));
  CHECK(names("Condition.wait_for", "condition"));
  CHECK(names("Semaphore.acquire", "semaphore"));
  CHECK(names("Barrier.wait", "barrier"));
  CHECK(names("Queue.get", "queue_get"));
  CHECK(names("Queue.put", "queue_put"));
  CHECK(names("Queue.join", "queue_join"));
  CHECK(names("wait_for", "wait_for"));
  CHECK(names("TaskGroup.__aexit__", "taskgroup"));
  CHECK(wait_primitive("sleep") == nullptr);
  CHECK(wait_primitive("_ContextManagerMixin.__aenter__") == nullptr);
  CHECK(wait_primitive("main") == nullptr);
}

TEST_CASE("a deadlock names the lock, event, queue and wait_for each task waits in, with the program's line") {
  ProgramRun r = run_asyncio_program(R"py(import asyncio

async def holder(lock, ev):
    async with lock:
        await ev.wait()

async def taker(lock):
    await lock.acquire()

async def main():
    lock = asyncio.Lock()
    ev = asyncio.Event()
    q = asyncio.Queue()
    fut = asyncio.get_running_loop().create_future()
    a = asyncio.create_task(holder(lock, ev))
    b = asyncio.create_task(taker(lock))
    c = asyncio.create_task(q.get())
    d = asyncio.create_task(asyncio.wait_for(fut, None))
    await asyncio.sleep(0)
    await asyncio.gather(a, b, c, d)

asyncio.run(main())
)py");
  CHECK(r.exit_code == ExitCode::kDeadlock);
  CHECK(r.err == R"(deadlock: nothing is ready and no timer is pending; waiting tasks:
  Task-1 waits on gather of Task-2, Task-3, Task-4, Task-5 at line 20
  Task-2 waits on event #1 at line 5
  Task-3 waits on lock #2 at line 8
  Task-4 waits on queue_get #3
  Task-5 waits on wait_for
)");
}

TEST_CASE("a TaskGroup's __aexit__ is its taskgroup; a wait no table entry names is its innermost timeout, a lock in a timeout stays lock") {
  ProgramRun r = run_asyncio_program(R"py(import asyncio

async def stuck(fut):
    async with asyncio.timeout(None):
        await asyncio.sleep(0)
        async with asyncio.timeout_at(None):
            await fut

async def locked(lock):
    async with asyncio.timeout(None):
        await lock.acquire()

async def main():
    lock = asyncio.Lock()
    await lock.acquire()
    fut = asyncio.get_running_loop().create_future()
    async with asyncio.TaskGroup() as tg:
        tg.create_task(stuck(fut))
        tg.create_task(locked(lock))
        tg.create_task(asyncio.sleep(1))

asyncio.run(main())
)py");
  CHECK(r.exit_code == ExitCode::kDeadlock);
  CHECK(r.err == R"(deadlock: nothing is ready and no timer is pending; waiting tasks:
  Task-1 waits on taskgroup #1 at line 17
  Task-2 waits on timeout #4 at line 7
  Task-3 waits on lock #3 at line 11
)");
}

TEST_CASE("the first library call below the program wins: wait_for of Condition, Barrier over Condition, a plain future") {
  ProgramRun r = run_asyncio_program(R"py(import asyncio

async def main():
    cond = asyncio.Condition()
    sem = asyncio.Semaphore(0)
    barrier = asyncio.Barrier(3)
    async def w():
        async with cond:
            await cond.wait_for(lambda: False)
    t1 = asyncio.create_task(w())
    t2 = asyncio.create_task(sem.acquire())
    t3 = asyncio.create_task(barrier.wait())
    fut = asyncio.get_running_loop().create_future()
    await fut

asyncio.run(main())
)py");
  CHECK(r.exit_code == ExitCode::kDeadlock);
  CHECK(r.err == R"(deadlock: nothing is ready and no timer is pending; waiting tasks:
  Task-1 waits on future #1 at line 14
  Task-2 waits on condition #2 at line 9
  Task-3 waits on semaphore #3
  Task-4 waits on barrier #4
)");
}

TEST_CASE("one queue is one object number for join and put; a renamed task is named as renamed") {
  ProgramRun r = run_asyncio_program(R"py(import asyncio

async def main():
    q = asyncio.Queue(maxsize=1)
    await q.put(1)
    t = asyncio.create_task(q.join())
    t.set_name("joiner")
    async def again():
        await q.put(2)
    t2 = asyncio.create_task(again())
    await t2

asyncio.run(main())
)py");
  CHECK(r.exit_code == ExitCode::kDeadlock);
  CHECK(r.err == R"(deadlock: nothing is ready and no timer is pending; waiting tasks:
  Task-1 waits on task Task-3 at line 11
  joiner waits on queue_join #1
  Task-3 waits on queue_put #1 at line 9
)");
}

TEST_CASE("the deadlock report words every kind of wait as reftrace.py's wait_description does") {
  auto report = [](WaitsOn w) {
    Deadlock d;
    d.waiting.push_back({1, "Task-1", std::move(w)});
    std::string text = d.format([](TaskId id) { return "Task-" + std::to_string(id); });
    return text.substr(text.find('\n') + 1);
  };
  WaitsOn sleep;
  sleep.what = WaitsOn::What::kSleep;
  sleep.until = 3.0;
  sleep.line = 7;
  CHECK(report(sleep) == "  Task-1 waits on sleep until 3.0 at line 7\n");
  sleep.until = std::numeric_limits<double>::infinity();
  sleep.line = 0;
  CHECK(report(sleep) == "  Task-1 waits on sleep until inf\n");
  WaitsOn task;
  task.what = WaitsOn::What::kTask;
  task.task = 4;
  task.line = 2;
  CHECK(report(task) == "  Task-1 waits on task Task-4 at line 2\n");
  WaitsOn gather;
  gather.what = WaitsOn::What::kGather;
  gather.tasks = {3, 4};
  CHECK(report(gather) == "  Task-1 waits on gather of Task-3, Task-4\n");
  WaitsOn yield;
  yield.what = WaitsOn::What::kYield;
  yield.line = 5;
  CHECK(report(yield) == "  Task-1 waits on yield at line 5\n");
  WaitsOn future;
  CHECK(report(future) == "  Task-1 waits on future\n");
  future.primitive = "future";
  future.object = 2;
  future.line = 9;
  CHECK(report(future) == "  Task-1 waits on future #2 at line 9\n");
  WaitsOn wait_for;
  wait_for.primitive = "wait_for";
  wait_for.line = 1;
  CHECK(report(wait_for) == "  Task-1 waits on wait_for at line 1\n");
}

}  // namespace
}  // namespace corosim
