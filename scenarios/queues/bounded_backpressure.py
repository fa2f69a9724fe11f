# A bounded queue applying back-pressure: a fast producer and two slow
# consumers share an asyncio.Queue(maxsize=2). When the queue is full,
# put() waits on a putter future until a get() frees a slot; join() waits
# until every item was marked task_done(). Look for the producer stalling
# after two items and resuming each time a consumer takes one.
import asyncio

async def producer(q, n):
    for i in range(n):
        await q.put(i)
        print("put", i, "qsize", q.qsize(), "full", q.full())
    print("producer done")

async def consumer(name, q, delay):
    while True:
        item = await q.get()
        print(name, "got", item)
        await asyncio.sleep(delay)
        q.task_done()

async def main():
    q = asyncio.Queue(maxsize=2)
    consumers = [asyncio.create_task(consumer("c1", q, 1.0)),
                 asyncio.create_task(consumer("c2", q, 1.5))]
    await producer(q, 7)
    await q.join()
    print("all done at", asyncio.get_running_loop().time(), "empty", q.empty())
    for c in consumers:
        c.cancel()
    await asyncio.gather(*consumers, return_exceptions=True)

asyncio.run(main())
