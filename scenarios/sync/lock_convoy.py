# A lock convoy: three workers take turns on one asyncio.Lock. The holder
# releases and immediately asks again, but it never barges in: release()
# wakes the first waiter, whose future is done before it runs, so acquire()'s
# fast path refuses everyone else until that waiter has taken the lock. Look
# for the strict rotation a, b, c, a, b, c and for each hand-over costing one
# loop iteration (the suspend on a future, then the resume one step later).
import asyncio

async def worker(name, lock, rounds):
    for i in range(rounds):
        await lock.acquire()
        try:
            print(name, "holds the lock, round", i)
            await asyncio.sleep(0.1)
        finally:
            lock.release()

async def main():
    lock = asyncio.Lock()
    print(lock.locked())
    tasks = [asyncio.create_task(worker(n, lock, 3)) for n in "abc"]
    await asyncio.gather(*tasks)
    print(lock.locked())

asyncio.run(main())
