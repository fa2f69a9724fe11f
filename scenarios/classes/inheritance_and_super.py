# Inheritance: a base Worker keeps the shared state and the run loop, two
# subclasses override one step each and call the base's version through
# super(); __init__ chains through super().__init__(...). Each worker runs as
# its own task.
# Look for: the subclass's text wrapping the base's ("slow[base:...]"), the
# extra pause of SlowWorker, and isinstance/issubclass answers.
import asyncio


class Worker:
    def __init__(self, name, items):
        self.name = name
        self.items = items
        self.done = 0

    async def step(self, item):
        await asyncio.sleep(0.1)
        return f"base:{item}"

    async def run(self):
        for item in self.items:
            text = await self.step(item)
            self.done += 1
            print(f"{self.name} {text}")
        return self.done


class SlowWorker(Worker):
    def __init__(self, name, items, pause):
        super().__init__(name, items)
        self.pause = pause

    async def step(self, item):
        await asyncio.sleep(self.pause)
        return "slow[" + await super().step(item) + "]"


class LoudWorker(Worker):
    async def step(self, item):
        text = await super().step(item)
        return text.upper()


async def main():
    workers = [Worker("w", [1, 2]), SlowWorker("s", [3], 0.25), LoudWorker("l", ["a", "b"])]
    done = await asyncio.gather(*(w.run() for w in workers))
    print(done)
    print([type(w).__name__ for w in workers], isinstance(workers[1], Worker),
          issubclass(LoudWorker, SlowWorker))


asyncio.run(main())
