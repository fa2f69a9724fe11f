# asyncio.wait(..., return_when=FIRST_EXCEPTION): the wait ends as soon as one
# task fails, even though another finished successfully before it; wait itself
# never raises the task's exception, the caller reads it from the done set.
# The slow task is still running afterwards and is cancelled by main.
# Look for: Task-3 done at t=1 (a result: not enough), Task-2 fails at t=2 and
# main resumes at t=2; main cancels Task-4, which ends cancelled at t=2.
import asyncio


async def ok(delay):
    await asyncio.sleep(delay)
    return "ok"


async def fail(delay):
    await asyncio.sleep(delay)
    raise RuntimeError("broken at %s" % delay)


async def main():
    tasks = [asyncio.create_task(fail(2)), asyncio.create_task(ok(1)), asyncio.create_task(ok(10))]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    print("woke at", asyncio.get_running_loop().time(), "with", len(done), "done and", len(pending), "pending")
    for t in done:
        print(t.get_name(), "->", repr(t.exception()) if t.exception() else t.result())
    for t in pending:
        t.cancel()
    await asyncio.wait(pending)
    print("cancelled:", [t.cancelled() for t in pending])


asyncio.run(main())
