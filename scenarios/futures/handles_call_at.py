# Callbacks scheduled with call_soon, call_later and call_at, and the handles
# they return: call_soon's callback runs before main resumes from sleep(0);
# the timers already due (call_at(t0) and call_later(0)) run after main's
# step; the others run in deadline order, equal deadlines in scheduling order;
# a cancelled handle never runs. A handle's repr names its callback and its
# arguments.
# Look for: only 'soon' in the first log, then the timers at t=1, 1 and 3,
# with (2, 2) missing because it was cancelled.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    log = []
    t0 = loop.time()
    hs = [loop.call_at(t0 + d, log.append, (i, d)) for i, d in enumerate([3, 1, 2, 1, 0])]
    hs.append(loop.call_soon(log.append, "soon"))
    dropped = loop.call_soon(log.append, "dropped")
    dropped.cancel()
    hs[2].cancel()
    print([h.cancelled() for h in hs], dropped.cancelled())
    print(repr(hs[1]))
    print(repr(hs[2]))
    later = loop.call_later(0, log.append, "later0")
    await asyncio.sleep(0)
    print(log)
    await asyncio.sleep(5)
    print(log)
    print(hs[0].when() - t0, later.when())


asyncio.run(main())
