# Timeout.reschedule moves a deadline that is already running: a watcher task
# pushes main's deadline from t=2 to t=6 at t=1, so main's 4-second job
# finishes; a second reschedule to the past makes the timeout fire at once.
# Look for: "job done at 4.0", then a cancel of main at t=4 right after the
# reschedule (call_soon, no waiting), and "timed out at 4.0".
import asyncio


async def extend(cm, new_deadline):
    await asyncio.sleep(1)
    print("rescheduling", repr(cm), "to", new_deadline)
    cm.reschedule(new_deadline)


async def main():
    loop = asyncio.get_running_loop()
    async with asyncio.timeout(2) as cm:
        watcher = asyncio.create_task(extend(cm, loop.time() + 6))
        await asyncio.sleep(4)
        print("job done at", loop.time(), repr(cm))
    await watcher
    try:
        async with asyncio.timeout_at(loop.time() + 10) as cm2:
            cm2.reschedule(loop.time() - 1)
            await asyncio.sleep(1)
    except TimeoutError:
        print("timed out at", loop.time(), repr(cm2))


asyncio.run(main())
