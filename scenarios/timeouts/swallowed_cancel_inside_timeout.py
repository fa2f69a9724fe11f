# Catching the CancelledError of a timeout inside the block. With uncancel()
# the task forgets the cancel and carries on past the deadline; without it
# the block still ends normally (there is no exception left for the Timeout
# to turn into TimeoutError) but cancelling() stays at 1, so the task keeps a
# pending cancel request on its books. Look for: "continued past the
# deadline" at t=2, the second block exiting at t=3 with no TimeoutError, and
# the cancelling() counts 1, 0, 0, 1.
import asyncio


async def main():
    me = asyncio.current_task()
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(1):
            try:
                await asyncio.sleep(2)
            except asyncio.CancelledError:
                print("caught", me.cancelling())
                me.uncancel()
                print("after uncancel", me.cancelling())
            await asyncio.sleep(1)
            print("continued past the deadline", loop.time())
    except TimeoutError:
        print("TimeoutError", loop.time())
    print("end", me.cancelling())
    try:
        async with asyncio.timeout(1):
            try:
                await asyncio.sleep(2)
            except asyncio.CancelledError:
                print("swallowed without uncancel", me.cancelling())
        print("exited normally", loop.time())
    except TimeoutError:
        print("TimeoutError anyway", loop.time(), me.cancelling())


asyncio.run(main())
