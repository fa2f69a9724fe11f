# A bounded buffer built from one Condition and wait_for(predicate): two
# producers block while the buffer holds 2 items, two slow consumers block
# while it is empty, and every change wakes everybody with notify_all. A woken
# task re-checks its predicate under the lock and goes back to waiting if it
# is still false, so no one ever sees an over-full or empty buffer.
# Look for: producers stalling once the buffer is full (their puts spread out
# to the consumers' 0.3 s pace), and each consumer's items in FIFO order.
import asyncio


class BoundedBuffer:
    def __init__(self, cap):
        self.cap = cap
        self.buf = []
        self.cond = asyncio.Condition()

    async def put(self, x):
        async with self.cond:
            await self.cond.wait_for(lambda: len(self.buf) < self.cap)
            self.buf.append(x)
            self.cond.notify_all()

    async def get(self):
        async with self.cond:
            await self.cond.wait_for(lambda: self.buf)
            x = self.buf.pop(0)
            self.cond.notify_all()
            return x


async def producer(bb, base):
    for i in range(4):
        await bb.put(base + i)
        print("put", base + i, "at", asyncio.get_running_loop().time())
        await asyncio.sleep(0.1)


async def consumer(bb, n, name):
    out = []
    for _ in range(n):
        out.append(await bb.get())
        await asyncio.sleep(0.3)
    print(name, out, asyncio.get_running_loop().time())


async def main():
    bb = BoundedBuffer(2)
    await asyncio.gather(producer(bb, 0), producer(bb, 100),
                         consumer(bb, 5, "c1"), consumer(bb, 3, "c2"))


asyncio.run(main())
