# A Barrier that never fills: 3 of its 4 parties wait, then abort() breaks it,
# so every waiter (and any later wait) raises BrokenBarrierError. reset()
# makes it usable again; a reset while parties wait breaks their round too.
# Look for: the three "broken" lines at t=1 right after the abort,
# n_waiting back to 0 after reset, and the second round broken by reset.
import asyncio


async def party(b, i):
    try:
        await b.wait()
        print("through", i)
    except asyncio.BrokenBarrierError:
        print("broken", i, "at", asyncio.get_running_loop().time())


async def main():
    b = asyncio.Barrier(4)
    ts = [asyncio.create_task(party(b, i)) for i in range(3)]
    await asyncio.sleep(1)
    print("waiting", b.n_waiting, "of", b.parties)
    await b.abort()
    await asyncio.gather(*ts)
    print("broken:", b.broken)
    try:
        await b.wait()
    except asyncio.BrokenBarrierError:
        print("a late party finds it broken")
    await b.reset()
    print("after reset: broken", b.broken, "waiting", b.n_waiting)
    ts = [asyncio.create_task(party(b, i)) for i in range(2)]
    await asyncio.sleep(0)
    await b.reset()
    await asyncio.gather(*ts)
    print("broken:", b.broken)


asyncio.run(main())
