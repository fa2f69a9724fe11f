# Cancelling a task that is inside two nested wait_for calls, with a
# message. Each wait_for cancels its inner task and re-raises once that task
# has finished, so the cancel travels down to the innermost sleep; but 3.11's
# wait_for cancels the inner task without passing the message on, so the
# inner levels see CancelledError with no arguments and main gets the outer
# task's CancelledError('').
# Look for: main's cancel with message "bye" at t=2, then cancels of the
# inner tasks with no message, each by the task one level up.
import asyncio

async def deep():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        print("deep", e.args)
        raise

async def mid():
    try:
        await asyncio.wait_for(deep(), 8)
    except asyncio.CancelledError as e:
        print("mid", e.args)
        raise

async def top():
    return await asyncio.wait_for(mid(), 9)

async def main():
    t = asyncio.create_task(top())
    await asyncio.sleep(2)
    t.cancel("bye")
    r = await asyncio.gather(t, return_exceptions=True)
    print(repr(r[0]), asyncio.get_running_loop().time())
    t = asyncio.create_task(top())
    await asyncio.sleep(0)
    t.cancel()
    r = await asyncio.gather(t, return_exceptions=True)
    print(repr(r[0]))

asyncio.run(main())
