# A generator of request sizes feeds a pool of worker tasks: `request_sizes`
# yields lazily (its body runs a step at a time, each time a worker calls
# next() on it), and a worker that finds it exhausted reads the generator's
# return value from StopIteration. Sizes come from a seeded random source, so
# the schedule is fixed; each request takes size/10 seconds of virtual time.
# Look for: "generating request" printed just before each request is taken,
# the workers overlapping in the trace, and the total the generator returned.
import asyncio
import random


def request_sizes(count):
    total = 0
    for n in range(count):
        size = random.randint(1, 9)
        print(f"generating request {n}: size {size}")
        total += size
        yield n, size
    return total


async def worker(name, requests, done):
    while True:
        try:
            n, size = next(requests)
        except StopIteration as stop:
            done.append((name, stop.value))
            return
        print(f"{name} handles request {n} ({size})")
        await asyncio.sleep(size / 10)
        print(f"{name} finished request {n}")


async def main():
    random.seed(7)
    requests = request_sizes(6)
    print(repr(requests).startswith("<generator object request_sizes at 0x"), iter(requests) is requests)
    done = []
    workers = [asyncio.create_task(worker(f"w{i}", requests, done), name=f"w{i}") for i in range(3)]
    await asyncio.gather(*workers)
    print("exhausted by", done, "then", next(requests, "nothing more"))
    batch = sorted(size for _, size in request_sizes(4))
    print("another batch, sorted:", batch, sum(batch))


asyncio.run(main())
