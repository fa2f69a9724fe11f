# The clock is a double and every deadline is `now + delay` in double
# precision, so sleeps of 0.1 do not add up to round numbers: ten of them end
# at 0.9999999999999999. A timer is due when its deadline is below
# now + 1e-9 (CPython's clock resolution): three sleeps of 0.1 (deadline
# 0.30000000000000004) and one of 0.3 (deadline 0.3) wake in the same loop
# iteration, the smaller deadline first, with the clock at 0.3.
# Look for: the printed loop times and the order of "single" and "steps".
import asyncio


async def steps():
    loop = asyncio.get_running_loop()
    for _ in range(3):
        await asyncio.sleep(0.1)
    print("steps done at", loop.time())


async def single():
    loop = asyncio.get_running_loop()
    await asyncio.sleep(0.3)
    print("single done at", loop.time())


async def tenths():
    loop = asyncio.get_running_loop()
    for _ in range(10):
        await asyncio.sleep(0.1)
    print("ten sleeps of 0.1 end at", loop.time())


async def main():
    await asyncio.gather(steps(), single(), tenths())
    print(0.1 * 3, 0.1 + 0.1 + 0.1 == 0.3, round(0.1 * 3, 2))


asyncio.run(main())
