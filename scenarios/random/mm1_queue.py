# A single-server queue with exponential arrivals and service times drawn
# from one seeded random.Random: 40 customers, a Queue between the arrival
# loop and the server, q.join() waiting for the last one. The figures
# printed (mean and 90th-percentile wait, end time) are the same as CPython's
# because the Mersenne Twister and expovariate are bit-exact.
# Look for: the server's queue_get suspends whenever it is idle, the same
# queue object throughout, and the last departure at t=51.29.
import asyncio
import random

async def server(q, rng, waits):
    loop = asyncio.get_running_loop()
    while True:
        arrived = await q.get()
        waits.append(loop.time() - arrived)
        await asyncio.sleep(rng.expovariate(1.2))
        q.task_done()

async def arrivals(q, rng, n):
    loop = asyncio.get_running_loop()
    for _ in range(n):
        await asyncio.sleep(rng.expovariate(1.0))
        await q.put(loop.time())

async def main():
    rng = random.Random(2023)
    q = asyncio.Queue()
    waits = []
    srv = asyncio.create_task(server(q, rng, waits))
    await arrivals(q, rng, 40)
    await q.join()
    srv.cancel()
    waits.sort()
    print(len(waits), round(sum(waits) / len(waits), 9), round(waits[len(waits) * 9 // 10], 9))
    print(round(asyncio.get_running_loop().time(), 9))

asyncio.run(main())
