# asyncio.timeout around waits on a queue and a lock: an empty Queue.get, a
# put into a full bounded Queue and an acquire of a lock someone holds all
# give up at the deadline, and the queue and lock are left as they were (the
# cancelled waiter is removed from their waiting lists). A last timeout that
# is long enough gets the lock when the holder lets go at t=5.
# Look for: suspends on queue_get, queue_put and lock, each ended at the
# deadline by a cancel with no author; "got lock" at t=5.
import asyncio

async def main():
    loop = asyncio.get_running_loop()
    q = asyncio.Queue(maxsize=1)
    lock = asyncio.Lock()
    try:
        async with asyncio.timeout(1):
            item = await q.get()
    except TimeoutError:
        print("no item", loop.time(), q.empty())
    await q.put(1)
    try:
        async with asyncio.timeout(1):
            await q.put(2)
    except TimeoutError:
        print("queue full", loop.time(), q.qsize())

    async def holder():
        async with lock:
            await asyncio.sleep(3)
    h = asyncio.create_task(holder())
    await asyncio.sleep(0)
    try:
        async with asyncio.timeout(1):
            async with lock:
                print("never")
    except TimeoutError:
        print("lock busy", loop.time(), lock.locked())
    async with asyncio.timeout(5):
        async with lock:
            print("got lock", loop.time())
    await h

asyncio.run(main())
