# asyncio.sleep(delay, result=value) returns `value` when it wakes up, also for
# a zero delay. Handy as a stand-in for "some I/O that returns this".
# Look for: the values and the times at which they arrive.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    value = await asyncio.sleep(1, result="payload")
    print(value, "at", loop.time())
    value = await asyncio.sleep(0, result=[1, 2, 3])
    print(value, "at", loop.time())
    results = await asyncio.gather(asyncio.sleep(2, result="slow"),
                                   asyncio.sleep(1, result="fast"))
    print(results, "at", loop.time())


asyncio.run(main())
