# The ordinary case: the body creates three children and leaves the
# `async with` at once; __aexit__ waits on a future that the last child's done
# callback completes. Nothing is cancelled and the results are read after the
# block.
# Look for: main suspended on a future from t=0 to t=3 (the group's
# _on_completed_fut), no cancel events, and "results [1, 4, 9]".
import asyncio


async def square(n):
    await asyncio.sleep(n)
    return n * n


async def main():
    async with asyncio.TaskGroup() as tg:
        tasks = [tg.create_task(square(n)) for n in (1, 2, 3)]
        print(repr(tg))
    print("results", [t.result() for t in tasks], repr(tg))


asyncio.run(main())
