# Seed example 2: create_task starts both sleeps at once.
# Both tasks are scheduled the moment they are created, so they sleep at the
# same time; awaiting task1 and then task2 only waits for them. Look for: 4
# seconds in total (not 6), Task-2 and Task-3 created by main, Task-2 done at
# 2 s, Task-3 at 4 s.
import asyncio
import time


async def main():
    task1 = asyncio.create_task(asyncio.sleep(2))
    task2 = asyncio.create_task(asyncio.sleep(4))
    print(f"started at {time.strftime('%X')}")
    await task1
    await task2
    print(f"finished at {time.strftime('%X')}")


asyncio.run(main())
