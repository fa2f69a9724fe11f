# A TaskGroup child that fails cancels its siblings and the parent's body:
# at t=1 "fetch-b" raises, the group cancels the other children (in creation
# order, corosim's rule for CPython's set of tasks) and then the parent, waits
# for every child to finish, and raises an ExceptionGroup with the error.
# Look for: at t=1 cancels of fetch-a, fetch-c and main (in that order),
# the siblings' "cancelled" lines, then the ExceptionGroup caught by main with
# main's cancelling() back to 0.
import asyncio


async def fetch(name, delay, fail=False):
    try:
        await asyncio.sleep(delay)
    except asyncio.CancelledError:
        print(name, "cancelled at", asyncio.get_running_loop().time())
        raise
    if fail:
        raise ValueError(name + " got a bad reply")
    return name


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch("a", 3), name="fetch-a")
            tg.create_task(fetch("b", 1, fail=True), name="fetch-b")
            tg.create_task(fetch("c", 2), name="fetch-c")
            await asyncio.sleep(10)
            print("not reached")
    except ExceptionGroup as eg:
        print("caught:", eg)
        for exc in eg.exceptions:
            print("  ", type(exc).__name__, exc)
    print("main cancelling() =", asyncio.current_task().cancelling())


asyncio.run(main())
