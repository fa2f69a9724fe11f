# Cancelling a task that waits in gather() cancels every child still running;
# the waiting task then gets CancelledError out of its await.
# With return_exceptions=True the children's cancellations still cancel the
# waiting task, because the gather itself was cancelled.
# Look for: cancel events from main to Task-2 and then to its children
# (Task-3, Task-4), each child's "cancelled" line, and "gather cancelled".
import asyncio


async def child(name):
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print(name, "cancelled")
        raise


async def waiter():
    try:
        await asyncio.gather(child("x"), child("y"), return_exceptions=True)
    except asyncio.CancelledError:
        print("gather cancelled")
        raise


async def main():
    task = asyncio.create_task(waiter())
    await asyncio.sleep(1)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print("main sees the waiter cancelled:", task.cancelled())


asyncio.run(main())
