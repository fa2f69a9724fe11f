# asyncio.shield: cancelling the task that awaits a shielded task cancels only
# the shield's outer future; the inner task keeps running and can still be
# awaited for its result. Cancelling the inner task itself would cancel the
# outer future too.
# Look for: Task-3 (waiter) cancelled at t=1 while it waits on a "future"
# (the shield's outer future), Task-2 (the work) never cancelled and done at
# t=3 with its result.
import asyncio


async def work():
    await asyncio.sleep(3)
    print("work finishes at", asyncio.get_running_loop().time())
    return "result"


async def waiter(task):
    try:
        return await asyncio.shield(task)
    except asyncio.CancelledError:
        print("waiter cancelled; work cancelled?", task.cancelled())
        raise


async def main():
    work_task = asyncio.create_task(work())
    waiting = asyncio.create_task(waiter(work_task))
    await asyncio.sleep(1)
    waiting.cancel()
    await asyncio.sleep(0)
    print("waiter cancelled:", waiting.cancelled(), "work done:", work_task.done())
    print("work result:", await work_task)
    print("shield of a done task is the task:", asyncio.shield(work_task) is work_task)


asyncio.run(main())
