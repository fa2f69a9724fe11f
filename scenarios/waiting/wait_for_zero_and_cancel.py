# wait_for's other paths: timeout <= 0 cancels a pending task at once and
# raises TimeoutError (a done task's result comes back without waiting), and
# cancelling the task that sits in wait_for cancels the inner task too and
# waits for it before the CancelledError reaches the caller.
# Look for: Task-3 (the inner of the zero timeout) cancelled by main before it
# ever ran; at t=1 main cancels Task-4, which wakes inside wait_for and
# cancels Task-5 itself (by 4), then waits on a "future" until Task-5 is done;
# "inner cleanup" before "outer caught".
import asyncio


async def inner(label):
    try:
        await asyncio.sleep(10)
    finally:
        print(label, "cleanup at", asyncio.get_running_loop().time())
    return label


async def outer():
    try:
        return await asyncio.wait_for(inner("inner"), 10)
    except asyncio.CancelledError as e:
        print("outer caught CancelledError", e.args)
        raise


async def quick():
    return "quick"


async def main():
    done = asyncio.create_task(quick())
    await asyncio.sleep(0)
    print("done task:", await asyncio.wait_for(done, 0))
    try:
        await asyncio.wait_for(inner("zero"), 0)
    except asyncio.TimeoutError:
        print("zero timeout -> TimeoutError at", asyncio.get_running_loop().time())
    task = asyncio.create_task(outer())
    await asyncio.sleep(1)
    task.cancel("stop")
    try:
        await task
    except asyncio.CancelledError as e:
        print("main sees outer cancelled", e.args, task.cancelled())


asyncio.run(main())
