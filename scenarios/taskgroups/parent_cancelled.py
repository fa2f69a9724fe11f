# The task running a TaskGroup is cancelled while it waits in __aexit__ for
# the children: the group cancels every child, waits until they have all
# finished (child n takes 0.5*n s to clean up), then lets the CancelledError,
# with its message, out of the `async with`.
# Look for: the cancel of "runner" by main at t=2, the cancels of the two
# unfinished children right after, "runner" done (cancelled) at t=3 once the
# slowest child has cleaned up, and main printing the message ('shutdown',).
import asyncio


async def child(n, delay):
    try:
        await asyncio.sleep(delay)
        print("child", n, "finished")
    except asyncio.CancelledError:
        print("child", n, "cancelled; cleaning up")
        await asyncio.sleep(0.5 * n)
        raise


async def runner():
    async with asyncio.TaskGroup() as tg:
        for n in range(3):
            tg.create_task(child(n, 1 + 4 * n))
        print("all children started")
    print("not reached")


async def main():
    task = asyncio.create_task(runner(), name="runner")
    await asyncio.sleep(2)
    task.cancel("shutdown")
    try:
        await task
    except asyncio.CancelledError as e:
        print("runner cancelled:", e.args, "at", asyncio.get_running_loop().time())


asyncio.run(main())
