# Cancelling a task before it ever ran: its coroutine body never executes, but
# the task still takes one step, in which CancelledError is thrown in at the
# very start.
# Look for: no "body runs" line, a resume and a cancelled done for Task-2 at
# t=0 in the trace.
import asyncio


async def body():
    print("body runs")
    await asyncio.sleep(1)


async def main():
    task = asyncio.create_task(body())
    task.cancel()
    await asyncio.sleep(0)
    print("cancelled:", task.cancelled())


asyncio.run(main())
