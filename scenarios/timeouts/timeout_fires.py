# asyncio.timeout(2) around a 5-second sleep: at t=2 the Timeout's timer
# cancels the task, the sleep raises CancelledError, and the Timeout's
# __aexit__ turns it into TimeoutError (it was its own cancel request).
# Look for: a cancel of main at t=2 by no task (the timer callback), then
# "timed out at 2.0 expired=True" and main going on normally afterwards.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(2) as cm:
            print("deadline", cm.when())
            await asyncio.sleep(5)
            print("not reached")
    except TimeoutError:
        print("timed out at", loop.time(), "expired=" + str(cm.expired()), repr(cm))
    await asyncio.sleep(1)
    print("done at", loop.time(), "cancelling", asyncio.current_task().cancelling())


asyncio.run(main())
