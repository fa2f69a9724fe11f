# An unfair queue wake-up: put_nowait() wakes the first waiting getter, but
# before it runs, a newcomer calls get_nowait() and takes the item. The woken
# getter finds the queue empty again and queues a NEW future at the TAIL of
# the getters, behind g2: so g2 gets the next item, not g1.
import asyncio

async def getter(name, q):
    item = await q.get()
    print(name, "got", item)

async def main():
    q = asyncio.Queue()
    g1 = asyncio.create_task(getter("g1", q))
    await asyncio.sleep(0)
    g2 = asyncio.create_task(getter("g2", q))
    await asyncio.sleep(0)
    q.put_nowait("first")
    print("barging main took", q.get_nowait())
    await asyncio.sleep(0)
    q.put_nowait("second")
    await asyncio.sleep(0)
    q.put_nowait("third")
    await asyncio.gather(g1, g2)

asyncio.run(main())
