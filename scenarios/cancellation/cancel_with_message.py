# cancel(msg) passes a message along with the CancelledError.
# The task sees the message; the first time its own CancelledError is fetched
# from the task it carries the message too, but later fetches build a fresh
# CancelledError without it (CPython 3.11 keeps the original exception for
# one retrieval only).
# Look for: 'stop now' inside the task and on the first await, then a bare
# CancelledError() on the second await.
import asyncio


async def worker():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        print("worker got", repr(e))
        raise


async def main():
    task = asyncio.create_task(worker())
    await asyncio.sleep(1)
    task.cancel("stop now")
    try:
        await task
    except asyncio.CancelledError as e:
        print("first await:", repr(e))
    try:
        await task
    except asyncio.CancelledError as e:
        print("second await:", repr(e))


asyncio.run(main())
