# Awaiting a task that has already finished does not suspend: the result
# comes back at once, as many times as you await it.
# Look for: main's step at t=1 runs straight through both `await quick_task`
# lines and only suspends at the sleep(0); the trace shows no suspend on
# Task-2 at t=1.
import asyncio


async def quick():
    print("quick runs")
    return 7


async def main():
    quick_task = asyncio.create_task(quick())
    await asyncio.sleep(1)
    print("done already?", quick_task.done())
    print("got", await quick_task)
    print("again", await quick_task)
    await asyncio.sleep(0)
    print("after sleep(0)")


asyncio.run(main())
