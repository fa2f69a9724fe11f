# done(), result(), exception() and cancelled() at each stage of a task.
# result() before the task finished raises InvalidStateError ("Result is not
# set."); after a failure, exception() returns the exception and result()
# raises it; after cancel(), cancelled() only becomes True once the task has
# actually run its cancellation.
# Look for: each line's values, and the exact InvalidStateError message.
import asyncio


async def succeed():
    await asyncio.sleep(1)
    return "fine"


async def fail():
    await asyncio.sleep(1)
    raise ValueError("bad input")


async def main():
    good = asyncio.create_task(succeed())
    bad = asyncio.create_task(fail())
    victim = asyncio.create_task(succeed())
    print("pending:", good.done(), good.cancelled())
    try:
        good.result()
    except asyncio.InvalidStateError as e:
        print("result() too early:", e)
    victim.cancel()
    print("right after cancel():", victim.cancelled(), victim.done())
    await asyncio.sleep(2)
    print("good:", good.done(), good.result(), good.exception())
    print("bad:", bad.done(), repr(bad.exception()))
    try:
        bad.result()
    except ValueError as e:
        print("bad.result() raised", e)
    print("victim:", victim.cancelled(), victim.done())


asyncio.run(main())
