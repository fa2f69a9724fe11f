# `await coroutine()` is a plain call that may pause: it creates no task.
# helper() runs inside whichever task awaits it, so current_task() inside it is
# that task. Only create_task turns the same coroutine into a task of its own.
# Look for: "helper runs in Task-1" twice, then "helper runs in Task-2", and
# exactly one user task besides main in the trace.
import asyncio


async def helper(label):
    print(label, "helper runs in", asyncio.current_task().get_name())
    await asyncio.sleep(1)
    return label.upper()


async def main():
    print(await helper("first"))
    print(await helper("second"))
    task = asyncio.create_task(helper("third"))
    print(await task)


asyncio.run(main())
