# Cancelling a task that awaits another task cancels the inner task too:
# outer.cancel() forwards the request to what outer waits on. outer then waits
# until inner has actually finished before it gets its own CancelledError.
# Look for: two cancel events at t=1 (Task-2 then Task-3, both by Task-1),
# inner's cleanup first, then outer's.
import asyncio


async def inner():
    try:
        await asyncio.sleep(10)
    finally:
        print("inner cleanup")


async def outer():
    try:
        await asyncio.create_task(inner())
    finally:
        print("outer cleanup")


async def main():
    task = asyncio.create_task(outer())
    await asyncio.sleep(1)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print("outer cancelled:", task.cancelled())


asyncio.run(main())
