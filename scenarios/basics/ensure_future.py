# ensure_future(): a coroutine becomes a new task; a task is returned as is.
# Look for: `same object: True` for the task, a new Task-3 for the coroutine,
# and both results.
import asyncio


async def compute(x):
    await asyncio.sleep(1)
    return x * x


async def main():
    task = asyncio.create_task(compute(3))
    again = asyncio.ensure_future(task)
    print("same object:", again is task)
    wrapped = asyncio.ensure_future(compute(4))
    print("new task:", wrapped.get_name())
    print(await task, await wrapped)


asyncio.run(main())
