# Seed example 4: five coroutines gathered finish together after 2 seconds.
# gather wraps the five sleep() coroutines into Task-2 .. Task-6 in argument
# order. Look for: 2 seconds in total, the results in argument order, and the
# wake-up order at t=2: Task-2, Task-4, Task-6, Task-3, Task-5 -- timers with
# equal deadlines leave CPython's binary heap in heap order, not FIFO.
import asyncio
import time


async def sleep():
    await asyncio.sleep(2)
    return 'sleep'


async def main():
    print(f"started at {time.strftime('%X')}")
    results = await asyncio.gather(*[sleep() for _ in range(5)])
    print(results)
    print(f"finished at {time.strftime('%X')}")


asyncio.run(main())
