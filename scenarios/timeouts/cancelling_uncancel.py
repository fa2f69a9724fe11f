# How a Timeout tells its own cancellation from someone else's: it remembers
# task.cancelling() on entry and, on exit, calls uncancel(); only when the
# count is back to that value is the CancelledError its own. Here a worker is
# inside a 3s timeout and is also cancelled from outside at t=1: after the
# deadline passes, the count is still above the remembered one, so the
# CancelledError propagates instead of becoming TimeoutError.
# Look for: two cancels of the worker (t=1 by main, t=3 by the timer), the
# printed cancelling() counts 1 then 2 then 1, and the worker ending cancelled.
import asyncio


async def worker():
    me = asyncio.current_task()
    try:
        async with asyncio.timeout(3):
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                print("first cancel, cancelling =", me.cancelling())
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                print("second cancel, cancelling =", me.cancelling())
                raise
    except TimeoutError:
        print("not a timeout: the outer request is still pending")
    finally:
        print("after the block, cancelling =", me.cancelling())


async def main():
    task = asyncio.create_task(worker())
    await asyncio.sleep(1)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print("worker cancelled:", task.cancelled())


asyncio.run(main())
