# Seed example 3: gather runs its awaitables concurrently and collects results.
# First gather is given two coroutines (it wraps each in a task), then two
# tasks created beforehand. Look for: 4 seconds each time (8 s in total), the
# results list [None, None] (asyncio.sleep returns None), and main resuming
# one loop iteration after the last child finished (gather's done callback).
import asyncio
import time


async def main():
    print(f"started at {time.strftime('%X')}")
    results = await asyncio.gather(asyncio.sleep(2), asyncio.sleep(4))
    print(results)
    print(f"finished at {time.strftime('%X')}")

    task1 = asyncio.create_task(asyncio.sleep(2))
    task2 = asyncio.create_task(asyncio.sleep(4))
    print(f"started at {time.strftime('%X')}")
    results = await asyncio.gather(task1, task2)
    print(results)
    print(f"finished at {time.strftime('%X')}")


asyncio.run(main())
