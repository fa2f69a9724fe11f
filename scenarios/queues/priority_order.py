# PriorityQueue ordering with tuples: items leave by heapq's order on `<`
# (tuple comparison: priority first, then the name), whatever the order they
# were put in. LifoQueue hands out the newest item first. get_nowait() on an
# empty queue raises QueueEmpty, put_nowait() on a full one QueueFull, and
# task_done() once too often a ValueError.
import asyncio

async def main():
    pq = asyncio.PriorityQueue()
    for item in [(3, "low"), (1, "urgent"), (2, "normal"), (1, "also urgent"), (2, "b-normal")]:
        pq.put_nowait(item)
    while not pq.empty():
        print(await pq.get())
    lq = asyncio.LifoQueue(maxsize=3)
    for i in range(3):
        await lq.put(i)
    try:
        lq.put_nowait(99)
    except asyncio.QueueFull:
        print("QueueFull, qsize", lq.qsize(), "maxsize", lq.maxsize)
    print([lq.get_nowait() for _ in range(3)])
    try:
        lq.get_nowait()
    except asyncio.QueueEmpty:
        print("QueueEmpty")
    for _ in range(3):
        lq.task_done()
    try:
        lq.task_done()
    except ValueError as e:
        print("ValueError:", e)

asyncio.run(main())
