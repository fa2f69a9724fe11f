# A bare future completed by a timer callback: loop.call_later schedules a
# plain function (no task) that calls set_result; the task awaiting the future
# wakes one iteration after the callback ran, because completing a future
# only schedules its done callbacks (the task's wakeup) with call_soon.
# Also: call_soon runs before any timer, call_at takes an absolute loop time,
# a cancelled handle never runs, and TimerHandle.when() is its deadline.
# Look for: main suspended on {"what": "future"} from t=0 to t=1.5; the
# callback's print outside any task; "cancelled" never printed.
import asyncio


def complete(fut, value):
    print("timer fires at", asyncio.get_running_loop().time(), "-> set_result", value)
    fut.set_result(value)


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    print("created:", fut.done(), fut.cancelled(), fut.get_loop() is loop)
    loop.call_soon(print, "call_soon runs first")
    handle = loop.call_later(1.5, complete, fut, "hello")
    print("timer due at", handle.when(), "cancelled?", handle.cancelled())
    at = loop.call_at(loop.time() + 0.5, print, "call_at at", 0.5)
    dropped = loop.call_later(1.0, print, "cancelled")
    dropped.cancel()
    print("dropped cancelled?", dropped.cancelled(), "at when", at.when())
    result = await fut
    print("main resumed at", loop.time(), "with", result, "done:", fut.done())


asyncio.run(main())
