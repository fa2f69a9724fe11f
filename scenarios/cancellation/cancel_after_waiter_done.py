# Cancelling a task whose awaited task has just finished (its wake-up is
# queued, not yet run): the finished value is lost and the waiter gets
# CancelledError instead (Task.cancel sets _must_cancel).
import asyncio

async def producer():
    await asyncio.sleep(1)
    return "value"

async def consumer(t):
    try:
        v = await t
        print("consumer got", v)
    except asyncio.CancelledError as e:
        print("consumer cancelled", repr(e))
        raise

async def main():
    p = asyncio.create_task(producer())
    c = asyncio.create_task(consumer(p))
    await asyncio.sleep(1)
    # at t=1: timer fired in this iteration? p finishes in the next one
    print("p done?", p.done())
    await asyncio.sleep(0)
    print("p done?", p.done(), "c done?", c.done())
    c.cancel()
    await asyncio.sleep(0)
    print(c.done(), c.cancelled(), p.result())

asyncio.run(main())
