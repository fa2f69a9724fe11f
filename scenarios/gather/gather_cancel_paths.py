# Cancelling a gather directly (even with return_exceptions=True), a cancelled
# child failing the gather, cancel() of a finished gather returning False, and
# a gather cancelled twice before it starts.
import asyncio

async def w(n):
    try:
        await asyncio.sleep(n)
        return n
    except asyncio.CancelledError as e:
        print("w", n, "cancelled", e.args)
        raise

async def main():
    g = asyncio.gather(w(1), w(2), return_exceptions=True)
    await asyncio.sleep(0)
    print(g.cancel("gm"))
    try:
        print(await g)
    except asyncio.CancelledError as e:
        print("g raised", repr(e))
    print(g.cancelled(), g.done())
    t = asyncio.create_task(w(3))
    g2 = asyncio.gather(t, w(1))
    await asyncio.sleep(0)
    t.cancel("tc")
    try:
        print(await g2)
    except asyncio.CancelledError as e:
        print("g2 raised", repr(e))
    await asyncio.sleep(2)
    print(g2.done(), g2.cancelled())
    g3 = asyncio.gather(w(1))
    await asyncio.sleep(2)
    print(g3.cancel(), await g3)
    g4 = asyncio.gather(w(1), w(1))
    print(g4.cancel(), g4.cancel())
    try:
        await g4
    except asyncio.CancelledError as e:
        print("g4", repr(e))

asyncio.run(main())
