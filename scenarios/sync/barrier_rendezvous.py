# An asyncio.Barrier: three workers arriving at different times all pass
# together once the third arrives. The last party switches the barrier to
# draining and notify_all()s; the others then re-take the condition's lock one
# after the other, so they resume in consecutive iterations. A second round
# reuses the barrier; abort() breaks it and a waiter gets BrokenBarrierError.
import asyncio

async def worker(name, barrier, delay):
    for rnd in range(2):
        await asyncio.sleep(delay)
        print(name, "arrives for round", rnd, "waiting:", barrier.n_waiting)
        index = await barrier.wait()
        print(name, "passes round", rnd, "index", index)

async def main():
    barrier = asyncio.Barrier(3)
    await asyncio.gather(*[worker(n, barrier, d) for n, d in [("a", 0.5), ("b", 1), ("c", 2)]])
    late = asyncio.create_task(barrier.wait())
    await asyncio.sleep(1)
    await barrier.abort()
    try:
        await late
    except asyncio.BrokenBarrierError as e:
        print("late:", e, "broken:", barrier.broken)

asyncio.run(main())
