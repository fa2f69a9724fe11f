# Seed example 5: the same five sleep() coroutines awaited one by one.
# `await sleep()` runs the coroutine inside main's own task: no new task is
# created and each call waits for the previous one. Look for: 10 seconds, one
# task only, finished at 00:00:10.
import asyncio
import time


async def sleep():
    await asyncio.sleep(2)
    return 'sleep'


async def main():
    print(f"started at {time.strftime('%X')}")
    for _ in range(5):
        await sleep()
    print(f"finished at {time.strftime('%X')}")


asyncio.run(main())
