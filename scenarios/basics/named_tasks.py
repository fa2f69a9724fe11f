# Task names: Task-N from one global counter, or a name you choose.
# asyncio.create_task(coro, name=...) still takes a Task-N number first and
# renames the task afterwards, so the unnamed task created after it is Task-4,
# not Task-3. set_name() renames a running task.
# Look for: the names printed by each task, and the gap in the numbering.
import asyncio


async def worker():
    await asyncio.sleep(0)
    print("I am", asyncio.current_task().get_name())


async def main():
    first = asyncio.create_task(worker())
    named = asyncio.create_task(worker(), name="downloader")
    third = asyncio.create_task(worker())
    print(first.get_name(), named.get_name(), third.get_name())
    third.set_name("renamed")
    await asyncio.gather(first, named, third)
    print(asyncio.current_task().get_name(), "finished")


asyncio.run(main())
