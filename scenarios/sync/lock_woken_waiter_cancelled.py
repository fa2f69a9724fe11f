# Lock hand-over when the woken waiter is cancelled: at t=1 `a` releases the
# lock and wakes b (the first waiter); b is cancelled before it runs, and
# Lock.acquire then wakes the next waiter, c, so the lock is not left free
# with c still waiting. b's CancelledError is caught inside b.
# Look for: "a released", then "b cancelled; lock False" and "c acquired" in
# the same instant, and the lock free at the end.
import asyncio


async def a(lock):
    await lock.acquire()
    await asyncio.sleep(1)
    lock.release()
    print("a released")


async def b(lock, name):
    try:
        await lock.acquire()
        print(name, "acquired")
        lock.release()
    except asyncio.CancelledError:
        print(name, "cancelled; lock", lock.locked())


async def main():
    lock = asyncio.Lock()
    ta = asyncio.create_task(a(lock))
    await asyncio.sleep(0)
    tb = asyncio.create_task(b(lock, "b"))
    tc = asyncio.create_task(b(lock, "c"))
    await asyncio.sleep(1)
    tb.cancel()
    await asyncio.gather(ta, tb, tc)
    print("locked at the end:", lock.locked())


asyncio.run(main())
