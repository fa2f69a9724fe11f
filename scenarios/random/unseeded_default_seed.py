# Unseeded random is reproducible: with no seed (or seed(), seed(None),
# Random()) corosim seeds with 0, so every run prints the same numbers; the
# reference tracer gives CPython the same default. Look for: Random() and the
# module's first draw agree (both start from seed(0)), and seed() starts over.
import asyncio
import random


async def worker(n):
    await asyncio.sleep(random.random())
    print(n, random.randint(1, 100), random.choice("abc"), round(random.gauss(0, 1), 12))


async def main():
    r = random.Random()
    print(r.random(), random.random())
    await asyncio.gather(*[worker(i) for i in range(4)])
    random.seed()
    print(random.random())


asyncio.run(main())
