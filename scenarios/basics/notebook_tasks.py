# Notebook style: with top-level `await` the module body itself is the main
# task (Task-1, coroutine <module>), so tasks created at top level are its
# children, and those still pending at the end are cancelled like leftovers
# of any asyncio.run.
# Look for: Task-1 running <module>, Task-2 and Task-3 with parent Task-1,
# the poller cancelled at the end of the module (t=2).
import asyncio


async def poller():
    try:
        for i in range(100):
            print("poll", i)
            await asyncio.sleep(1.5)
    except asyncio.CancelledError:
        print("poller stopped by the end of the notebook")
        raise


async def answer():
    await asyncio.sleep(2)
    return 42

print("module runs in", asyncio.current_task().get_name())
asyncio.create_task(poller())
print("answer:", await asyncio.create_task(answer()))
