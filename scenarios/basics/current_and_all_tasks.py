# current_task() and all_tasks(): which task is running, and how many are
# not finished yet (main included).
# Look for: the count going 1, 4, 3, 1 as the sleepers are created and finish;
# all_tasks() only counts tasks that are not done.
import asyncio


async def sleeper(seconds):
    await asyncio.sleep(seconds)
    print(asyncio.current_task().get_name(), "woke after", seconds)


async def main():
    print("running:", asyncio.current_task().get_name())
    print("unfinished:", len(asyncio.all_tasks()))
    tasks = [asyncio.create_task(sleeper(s)) for s in (1, 2, 3)]
    print("unfinished:", len(asyncio.all_tasks()))
    await tasks[0]
    print("unfinished:", len(asyncio.all_tasks()))
    await asyncio.gather(*tasks)
    print("unfinished:", len(asyncio.all_tasks()))


asyncio.run(main())
