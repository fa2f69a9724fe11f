# asyncio.wait(..., timeout=T) does not raise when the time is up and does not
# cancel anything: the tasks not yet finished come back in `pending` and keep
# running. Here main reports them, does something else, and later collects
# their results with gather.
# Look for: the wait returns at t=1.5 with Task-2 done; Task-3 and Task-4 are
# not cancelled (no cancel events) and finish at t=2 and t=3.
import asyncio


async def worker(n):
    await asyncio.sleep(n)
    print("worker", n, "finished at", asyncio.get_running_loop().time())
    return n * 10


async def main():
    tasks = [asyncio.create_task(worker(n)) for n in (1, 2, 3)]
    done, pending = await asyncio.wait(tasks, timeout=1.5)
    print("after timeout:", len(done), "done,", len(pending), "pending at", asyncio.get_running_loop().time())
    print("pending still running:", [not t.done() for t in pending])
    print("results:", await asyncio.gather(*tasks))


asyncio.run(main())
