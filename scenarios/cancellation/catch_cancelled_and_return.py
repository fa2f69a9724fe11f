# A task may catch CancelledError and finish normally: then it is NOT
# cancelled. cancel() is only a request; the task decides.
# Look for: cancelled() False, the returned value, and the task's done state
# "done" (not "cancelled") in the trace.
import asyncio


async def stubborn():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("stubborn: ignoring the cancellation")
        return "finished anyway"


async def main():
    task = asyncio.create_task(stubborn())
    await asyncio.sleep(1)
    task.cancel()
    result = await task
    print(result, "| cancelled:", task.cancelled())


asyncio.run(main())
