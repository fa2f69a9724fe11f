# A task that cancels itself and then returns ends CANCELLED: the request is
# remembered and applied when the coroutine stops, so the return value is
# dropped. (cancel() on the running task cannot interrupt it: there is no
# await to throw into.)
# Look for: "still running" after the cancel() call, then a cancelled state.
import asyncio


async def quitter():
    print("cancel myself:", asyncio.current_task().cancel())
    print("still running")
    return "lost result"


async def main():
    task = asyncio.create_task(quitter())
    try:
        print(await task)
    except asyncio.CancelledError:
        print("quitter cancelled:", task.cancelled())


asyncio.run(main())
