# A blocking call starves the event loop: time.sleep() is not asyncio.sleep().
# While `hog` blocks for 3 s, the loop cannot run anything else, so the ticker
# that wanted to tick every second misses its ticks; when the loop gets control
# back, every overdue timer fires in the same iteration.
# Look for: ticks at 0 and then at 3 (not 1, 2), the ticker's sleep deadline
# passed long before it resumes, and hog's own asyncio.sleep(1) at the end.
import asyncio
import time


async def ticker():
    for i in range(4):
        print(f"tick {i} at {time.strftime('%X')}")
        await asyncio.sleep(1)


async def hog():
    await asyncio.sleep(0)
    print(f"hog blocks at {time.strftime('%X')}")
    time.sleep(3)
    print(f"hog unblocks at {time.strftime('%X')}")
    await asyncio.sleep(1)
    print(f"hog done at {time.strftime('%X')}")


async def main():
    await asyncio.gather(ticker(), hog())


asyncio.run(main())
