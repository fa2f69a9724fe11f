# A getter woken by put_nowait() is cancelled before it gets to run: Queue.get
# notices that it was woken, and since the item is still there it wakes the
# next getter in line, so the item is not stranded. The cancelled getter
# raises CancelledError and takes nothing.
# Look for: g0 cancelled with qsize 1 (the item "x" untouched), g1 getting
# "x" and g2 getting "y".
import asyncio


async def getter(q, name):
    try:
        v = await q.get()
        print(name, "got", v)
        return v
    except asyncio.CancelledError:
        print(name, "cancelled; qsize", q.qsize())
        raise


async def main():
    q = asyncio.Queue()
    gs = [asyncio.create_task(getter(q, f"g{i}")) for i in range(3)]
    await asyncio.sleep(0)
    q.put_nowait("x")
    gs[0].cancel()
    await asyncio.sleep(0)
    q.put_nowait("y")
    r = await asyncio.gather(*gs, return_exceptions=True)
    print([x if isinstance(x, str) else type(x).__name__ for x in r])
    print("left in queue:", q.qsize())


asyncio.run(main())
