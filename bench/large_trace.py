# The large trace of the viewer benchmark: 100,000 tasks, about 1,000,000
# events. Each worker sleeps 3 or 4 times (alternately) for durations that
# vary with its index, so the tasks overlap at many different scales:
# 1 create + 2 events per sleep + the last resume and done = 9 or 11 events,
# 10 on average.
import asyncio

TASKS = 100_000


async def worker(i):
    for j in range(3 + i % 2):
        await asyncio.sleep(((i * 7 + j * 13) % 101) * 0.01 + (i % 1000) * 0.001)
    return i


async def main():
    tasks = [asyncio.create_task(worker(i)) for i in range(TASKS)]
    await asyncio.gather(*tasks)


asyncio.run(main())
