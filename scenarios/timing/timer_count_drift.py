# Cancelled timers that leave the heap through the expiry loop are never
# subtracted from _timer_cancelled_count; the stale count later triggers the
# rebuild (heapify), which changes the pop order of 101 equal deadlines.
import asyncio

fired = []

def noop():
    pass

def say(i):
    fired.append(i)

async def main():
    loop = asyncio.get_running_loop()
    keep = loop.call_later(1, noop)
    cancelled = [loop.call_later(1, noop) for _ in range(60)]
    for h in cancelled:
        h.cancel()
    await asyncio.sleep(2)
    for i in range(101):
        loop.call_later(3, say, i)
    await asyncio.sleep(4)
    print(fired)

asyncio.run(main())
