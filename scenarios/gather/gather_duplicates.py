# gather() de-duplicates its arguments: the same coroutine object or the same
# task passed twice is run once, and its result appears twice in the list.
# Look for: one "counting" line per distinct argument (3, not 5), only two new
# tasks (Task-3, Task-4) besides the one created by hand, and the repeated
# results. gather() with no arguments returns [] without suspending.
import asyncio


async def count(n):
    print("counting", n)
    await asyncio.sleep(1)
    return n


async def main():
    shared = count(1)
    task = asyncio.create_task(count(2))
    results = await asyncio.gather(shared, shared, task, task, count(3))
    print(results)
    print(await asyncio.gather())


asyncio.run(main())
