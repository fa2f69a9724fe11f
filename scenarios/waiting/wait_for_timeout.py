# asyncio.wait_for with a timeout that fires: wait_for wraps the coroutine in
# a task, waits on an internal future released either by the task's
# completion or by a timer. At the deadline it cancels the inner task and
# waits for it to finish cancelling (so the inner task's `finally` runs first)
# before raising TimeoutError in the caller. A second wait_for finishes in time
# and returns the result; the timer is then cancelled.
# Look for: main waits on a future in wait_for (not on the task); at t=1 the
# timer releases that future and main, resuming, cancels Task-2 (by 1), then
# waits on a second future until Task-2 is done; the fast call returns at 1.25.
import asyncio


async def slow(label, delay):
    try:
        await asyncio.sleep(delay)
        return label
    finally:
        print(label, "finally at", asyncio.get_running_loop().time())


async def main():
    try:
        await asyncio.wait_for(slow("slow", 5), timeout=1)
    except asyncio.TimeoutError as e:
        print("TimeoutError", repr(e), "caused by", type(e.__cause__).__name__)
    result = await asyncio.wait_for(slow("fast", 0.25), 2)
    print("fast returned", result, "at", asyncio.get_running_loop().time())
    print("no timeout:", await asyncio.wait_for(slow("unbounded", 0.5), None))


asyncio.run(main())
