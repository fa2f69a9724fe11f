# Generators as a pipeline stage between tasks: `batches` groups the numbers a
# generator produces, `yield from` flattens the batches again, and a
# `send()`-driven generator keeps a running average that the consumer task
# updates as each item is processed. The producer task walks the pipeline and
# puts items on an asyncio.Queue; the consumer sleeps per item.
# Look for: the producer blocking on the full queue (maxsize 2) in the trace,
# the averages printed by the consumer, and the generator closed at the end
# (its finally clause prints "averager closed").
import asyncio


def numbers(limit):
    n = 1
    while n <= limit:
        yield n * n % 7
        n += 1


def batches(items, size):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def flatten(groups):
    for group in groups:
        yield from group
    return "flattened"


def averager():
    total = 0
    count = 0
    average = None
    try:
        while True:
            value = yield average
            total += value
            count += 1
            average = round(total / count, 2)
    finally:
        print("averager closed after", count, "values")


async def producer(queue):
    for item in flatten(batches(numbers(7), 3)):
        print("produce", item)
        await queue.put(item)
    await queue.put(None)


async def consumer(queue):
    avg = averager()
    next(avg)
    while True:
        item = await queue.get()
        if item is None:
            break
        await asyncio.sleep(0.1 * (item + 1))
        print("consumed", item, "average", avg.send(item))
    avg.close()


async def main():
    queue = asyncio.Queue(maxsize=2)
    await asyncio.gather(producer(queue), consumer(queue))


asyncio.run(main())
