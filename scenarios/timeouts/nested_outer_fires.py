# Nested timeouts where the outer deadline (2s) comes before the inner one
# (10s): the CancelledError passes through the inner Timeout untouched (it was
# not its request) and the outer one turns it into TimeoutError.
# Look for: one cancel of main at t=2, "inner expired=False", and the
# TimeoutError caught outside the outer block only.
import asyncio


async def main():
    try:
        async with asyncio.timeout(2) as outer:
            try:
                async with asyncio.timeout(10) as inner:
                    await asyncio.sleep(5)
            except TimeoutError:
                print("the inner block does not see a TimeoutError")
            print("not reached")
    except TimeoutError:
        print("outer expired=" + str(outer.expired()), "inner expired=" + str(inner.expired()))
        print(repr(outer), repr(inner))


asyncio.run(main())
