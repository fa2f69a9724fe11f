# Two asyncio.run calls in one file run one after the other, each with a new
# event loop. The Task-N counter is global: the second main is not Task-1.
# Each run also spends two numbers on its shutdown tasks, and the clock keeps
# going, including the blocking time.sleep between the runs.
# Look for: the second main named Task-5 (the first run used Task-1 for main,
# Task-2 for its child, Task-3 and Task-4 for shutdown), starting at 00:00:02.
import asyncio
import time


async def child():
    await asyncio.sleep(1)


async def main(label):
    print(label, "main is", asyncio.current_task().get_name(), "at", time.strftime('%X'))
    await asyncio.create_task(child())
    return label + " done"


print(asyncio.run(main("first")))
time.sleep(1)
print(asyncio.run(main("second")))
