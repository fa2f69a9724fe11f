# Sequential vs concurrent awaits: the same three jobs, awaited one by one and
# then started together with create_task.
# Look for: the first round takes 1 + 2 + 3 = 6 s and runs entirely inside
# main's task; the second round takes 3 s (the longest job) and runs in three
# new tasks whose "start" lines all print at the same moment.
import asyncio
import time


async def job(name, seconds):
    print(f"{name} start at {time.strftime('%X')}")
    await asyncio.sleep(seconds)
    print(f"{name} done at {time.strftime('%X')}")
    return seconds


async def main():
    print("-- sequential")
    total = 0
    for name, seconds in [("a", 1), ("b", 2), ("c", 3)]:
        total += await job(name, seconds)
    print("sum", total, "at", time.strftime('%X'))

    print("-- concurrent")
    tasks = [asyncio.create_task(job(name, seconds))
             for name, seconds in [("a", 1), ("b", 2), ("c", 3)]]
    total = 0
    for task in tasks:
        total += await task
    print("sum", total, "at", time.strftime('%X'))


asyncio.run(main())
