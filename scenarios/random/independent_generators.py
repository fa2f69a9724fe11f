# random.Random(seed) instances each own a generator: draws from one never
# move another, nor the module's hidden generator behind random.random().
# Two workers interleave at every sleep, yet each sees its own sequence,
# the one a lone Random(seed) would give.
# Look for: worker a's numbers equal a lone replay with a fresh Random(1), and
# the module-level draws after the workers equal a fresh seed(7) sequence.
import asyncio
import random


async def worker(name, rng, out):
    for _ in range(3):
        out.append(rng.randint(1, 100))
        await asyncio.sleep(rng.uniform(0.1, 0.5))
    print(name, out)


async def main():
    random.seed(7)
    first = random.random()
    a, b = [], []
    await asyncio.gather(worker("a", random.Random(1), a), worker("b", random.Random(2), b))
    replay = random.Random(1)
    alone = []
    for _ in range(3):
        alone.append(replay.randint(1, 100))
        replay.uniform(0.1, 0.5)
    print("a alone", alone, alone == a)
    print("module continues", random.random())
    random.seed(7)
    print("same first draw", random.random() == first)
    print("second draw", random.random())


asyncio.run(main())
