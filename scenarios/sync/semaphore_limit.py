# A semaphore limiting concurrency: six downloads, at most two at a time.
# release() hands the unit straight to the first waiter (_wake_up_next
# reserves it), so the next download starts one iteration after a slot
# frees up, in arrival order. A BoundedSemaphore refuses an extra release():
# "ValueError: BoundedSemaphore released too many times".
import asyncio

async def download(i, sem, active):
    await sem.acquire()
    try:
        active.append(i)
        print("start", i, "active", sorted(active))
        await asyncio.sleep(1 + i % 3)
        active.remove(i)
        print("end", i)
    finally:
        sem.release()

async def main():
    sem = asyncio.Semaphore(2)
    active = []
    await asyncio.gather(*[download(i, sem, active) for i in range(6)])
    print("locked at the end:", sem.locked())
    bounded = asyncio.BoundedSemaphore(1)
    await bounded.acquire()
    bounded.release()
    try:
        bounded.release()
    except ValueError as e:
        print("ValueError:", e)
    try:
        asyncio.Semaphore(-1)
    except ValueError as e:
        print("ValueError:", e)

asyncio.run(main())
