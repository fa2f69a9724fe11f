# A child fails after the TaskGroup's body has finished, while the group
# waits in __aexit__. The group cancels the others and waits for them: the
# survivor spends a second cleaning up in its except block, and the second
# failing child, cancelled before its own deadline, never raises. Only the
# first error is in the ExceptionGroup, raised when the last child is done.
# Look for: the failure at t=2, the cancels of the two siblings and of main
# (the group's parent task, waiting in __aexit__), the survivor finishing its
# clean-up at t=3, and the group raising at t=3 with 1 sub-exception.
import asyncio

async def late_fail(d):
    await asyncio.sleep(d)
    raise OSError(f"late {d}")

async def survivor():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("survivor cleaning up")
        await asyncio.sleep(1)
        print("survivor done cleaning", asyncio.get_running_loop().time())
        raise

async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(late_fail(2))
            tg.create_task(survivor())
            tg.create_task(late_fail(2.5))
            print("body finished", asyncio.get_running_loop().time())
    except ExceptionGroup as eg:
        print(eg, [str(e) for e in eg.exceptions], asyncio.get_running_loop().time())

asyncio.run(main())
