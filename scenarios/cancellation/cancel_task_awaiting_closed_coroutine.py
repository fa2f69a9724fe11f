# A task awaits a coroutine object that the program closes from outside while
# the task is suspended in it. Cancelling the task then throws CancelledError
# into the closed coroutine, which CPython 3.11 reports as "cannot reuse
# already awaited coroutine" (Objects/genobject.c gen_send_ex2).
# Look for: the RuntimeError escaping main, with exit status 1.
import asyncio


async def inner():
    await asyncio.sleep(1)


async def outer(c):
    await c


async def main():
    c = inner()
    t = asyncio.create_task(outer(c))
    await asyncio.sleep(0)
    c.close()
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("cancelled")


asyncio.run(main())
