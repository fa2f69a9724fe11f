# asyncio.sleep(0) yields to the loop for exactly one iteration: tasks that
# keep calling it take turns, round robin, without the clock moving.
# sleep(0) (and any negative delay) creates no timer, only a bare `yield`.
# Look for: a, b, c interleaved step by step, all at t=0, with suspends that
# wait on "yield" in the trace.
import asyncio


async def worker(name, steps):
    for i in range(steps):
        print(name, "step", i)
        await asyncio.sleep(0)
    print(name, "finished")


async def main():
    await asyncio.gather(worker("a", 3), worker("b", 2), worker("c", 3))
    print("loop time is still", asyncio.get_running_loop().time())


asyncio.run(main())
