# add_done_callback: a function called with the task once it is done.
# Callbacks are scheduled with call_soon when the task finishes, so they run
# one loop iteration later, in the order they were added; adding a callback to
# a task that is already done schedules it at once.
# Look for: "callback" lines printed outside any task (task null in the trace),
# first/second in registration order, before main resumes.
import asyncio


def report(task):
    print("callback", task.get_name(), "result", task.result())


async def work():
    await asyncio.sleep(1)
    return 42


async def main():
    task = asyncio.create_task(work())
    task.add_done_callback(report)
    task.add_done_callback(lambda t: print("second callback for", t.get_name()))
    await task
    print("main resumed")
    task.add_done_callback(lambda t: print("late callback, task already done"))
    await asyncio.sleep(0)
    print("main ends")


asyncio.run(main())
