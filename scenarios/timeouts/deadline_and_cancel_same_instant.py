# A deadline and an outside cancel that land at the same instant. Each worker
# sits in a 2s timeout; main arranges a cancel with a message for t=2 as well
# (once with call_at, once with call_later). Either way the task has two
# cancel requests when the Timeout exits, so uncancel() leaves cancelling()
# above its entry value and the CancelledError propagates instead of becoming
# TimeoutError, even though expired() is true. The heap of timers decides
# which of the two comes first, and the first one's message is the one the
# task sees: none for a (the deadline first), 'ext-b' for b.
# Look for: at t=2 two cancels of each worker, both with no author (timer
# callbacks), both workers ending cancelled, no TimeoutError.
import asyncio

async def guarded(tag):
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(2) as cm:
            await asyncio.sleep(5)
    except TimeoutError:
        print(tag, "TimeoutError", loop.time(), cm.expired())
        return "timeout"
    except asyncio.CancelledError as e:
        print(tag, "CancelledError", e.args, loop.time(), cm.expired())
        raise

async def main():
    loop = asyncio.get_running_loop()
    a = asyncio.create_task(guarded("a"))
    await asyncio.sleep(0)
    loop.call_at(loop.time() + 2, a.cancel, "external")
    b = asyncio.create_task(guarded("b"))
    await asyncio.sleep(0)
    loop.call_later(2, b.cancel, "ext-b")
    for t in (a, b):
        try:
            print("->", await t)
        except asyncio.CancelledError:
            print("-> cancelled", t.get_name())

asyncio.run(main())
