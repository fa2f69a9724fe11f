# Cancelling a sleeping task: cancel() cancels the sleep's future at once, and
# one loop iteration later CancelledError is raised inside the task at its
# `await`, where try/finally can clean up.
# Look for: the cancel event at t=1 (by Task-1), the task resuming at t=1
# (not at its 5 s deadline), "cleanup" and its cancelled state.
import asyncio


async def download():
    try:
        print("downloading")
        await asyncio.sleep(5)
        print("never printed")
    finally:
        print("cleanup")


async def main():
    task = asyncio.create_task(download())
    await asyncio.sleep(1)
    print("cancel() returned", task.cancel())
    try:
        await task
    except asyncio.CancelledError:
        print("download cancelled at", asyncio.get_running_loop().time())
    print("cancel() on a finished task returns", task.cancel())


asyncio.run(main())
