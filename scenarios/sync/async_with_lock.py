# async with on the locks: a Lock serializes three workers (each holds it across
# a 1 s sleep, so they finish at 1, 2 and 3 s in FIFO order), a Semaphore is
# entered with async with, and wait_for cancels a sleep that outlasts its
# timeout. Look for: in/out pairs never interleaving, and 'timeout' at t=4.
import asyncio


async def worker(lock, n):
    async with lock:
        print("in", n)
        await asyncio.sleep(1)
        print("out", n)


async def main():
    lock = asyncio.Lock()
    sem = asyncio.Semaphore(2)
    await asyncio.gather(*[worker(lock, i) for i in range(3)])
    async with sem:
        print("sem", sem.locked())
    try:
        await asyncio.wait_for(asyncio.sleep(5), 1)
    except asyncio.TimeoutError:
        print("timeout")


asyncio.run(main())
