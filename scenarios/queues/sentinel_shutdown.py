# Shutting down a worker pool with a sentinel: the feeder puts 10 items into a
# small bounded queue, then one `object()` sentinel per worker; a worker that
# takes the sentinel returns its count. task_done() in a `finally` keeps
# join() honest, so join() returns only when every item and sentinel is done.
# Look for: the feeder blocked on the full queue (maxsize 2), the counts
# adding up to 10, and the finishing time.
import asyncio

SENTINEL = object()


class Pool:
    def __init__(self, workers, size):
        self.inbox = asyncio.Queue(size)
        self.results = []
        self.workers = workers

    async def worker(self, wid):
        handled = 0
        while True:
            item = await self.inbox.get()
            try:
                if item is SENTINEL:
                    return handled
                await asyncio.sleep(0.1 * (item % 3 + 1))
                self.results.append((wid, item * item))
                handled += 1
            finally:
                self.inbox.task_done()

    async def run(self, items):
        tasks = [asyncio.create_task(self.worker(w), name=f"worker-{w}") for w in range(self.workers)]
        for it in items:
            await self.inbox.put(it)
        for _ in tasks:
            await self.inbox.put(SENTINEL)
        await self.inbox.join()
        return await asyncio.gather(*tasks)


async def main():
    pool = Pool(3, 2)
    counts = await pool.run(range(10))
    print("per worker:", counts, "total:", sum(counts))
    print(pool.results)
    print("done at", round(asyncio.get_running_loop().time(), 6))


asyncio.run(main())
