# Odd sleep delays: -0.0 is a bare yield, True sleeps one second, NaN fires at
# once (NaN comparisons are false), inf never fires until cancelled, and non-
# numbers raise TypeError from the <= test.
import asyncio

async def s(d):
    try:
        await asyncio.sleep(d)
        print("woke", d, asyncio.get_running_loop().time())
    except asyncio.CancelledError:
        print("cancelled", d)
        raise

async def main():
    t1 = asyncio.create_task(s(float('inf')))
    t2 = asyncio.create_task(s(float('nan')))
    t3 = asyncio.create_task(s(True))
    t4 = asyncio.create_task(s(-0.0))
    await asyncio.sleep(1.5)
    t1.cancel()
    try:
        await asyncio.sleep("1")
    except TypeError as e:
        print("TE", e)
    try:
        await asyncio.sleep(None)
    except TypeError as e:
        print("TE", e)
    await asyncio.sleep(0)

asyncio.run(main())
