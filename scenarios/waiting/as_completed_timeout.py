# asyncio.as_completed with a timeout: the results that arrive in time come
# out in order; when the timer fires, every remaining `await` raises
# TimeoutError at once. Unlike wait_for, nothing is cancelled: the slow task
# keeps running, and main cancels it itself.
# Look for: main prints at t=1 and at t=2 (the timeout, with 2 left); Task-3
# is still sleeping then (no cancel event until main's own cancel).
import asyncio


async def job(delay):
    await asyncio.sleep(delay)
    return delay


async def main():
    tasks = [asyncio.create_task(job(d)) for d in (1, 5, 8)]
    left = len(tasks)
    try:
        for f in asyncio.as_completed(tasks, timeout=2):
            print("got", await f, "at", asyncio.get_running_loop().time())
            left -= 1
    except asyncio.TimeoutError:
        print("timed out at", asyncio.get_running_loop().time(), "with", left, "left")
    print("still running:", [not t.done() for t in tasks])
    for t in tasks:
        t.cancel()


asyncio.run(main())
