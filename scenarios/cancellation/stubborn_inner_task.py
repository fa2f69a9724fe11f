# A task that catches CancelledError and keeps going: each cancel() of the
# task awaiting it is forwarded (recursive cancel); cancelling() counts every
# request, and the outer task still ends with the inner one's result.
import asyncio

async def stubborn():
    n = 0
    while True:
        try:
            await asyncio.sleep(1)
            print("stubborn tick")
        except asyncio.CancelledError:
            n += 1
            print("stubborn ignores", n, asyncio.current_task().cancelling())
            if n == 3:
                return n

async def outer(t):
    try:
        r = await t
        print("outer got", r)
        return r
    except asyncio.CancelledError:
        print("outer cancelled")
        raise

async def main():
    s = asyncio.create_task(stubborn())
    o = asyncio.create_task(outer(s))
    await asyncio.sleep(0.5)
    o.cancel()
    await asyncio.sleep(0)
    print(o.done(), s.done())
    o.cancel()
    await asyncio.sleep(0)
    o.cancel(); o.cancel()
    await asyncio.sleep(0.1)
    print(o.done(), s.done(), s.cancelling(), o.cancelling())
    try:
        print(await o)
    except asyncio.CancelledError:
        print("main sees o cancelled", o.cancelled())
    print(s.result())

asyncio.run(main())
