# An __aexit__ that returns True for CancelledError swallows a cancellation:
# the task cancelled inside the `async with` block carries on after it and
# finishes normally, so t.cancelled() is False, but task.cancelling() still
# counts the request (1) because nothing called uncancel().
# Look for: the cancel at t=1 landing in the sleep, "worker continues 1",
# and the task returning "finished" at t=2.
import asyncio


class Swallow:
    async def __aenter__(self):
        return "resource"

    async def __aexit__(self, et, ev, tb):
        print("aexit got", et.__name__ if et else None, ev.args if ev else None)
        return et is asyncio.CancelledError


async def worker():
    async with Swallow() as r:
        print("got", r)
        await asyncio.sleep(5)
    print("worker continues", asyncio.current_task().cancelling())
    await asyncio.sleep(1)
    return "finished"


async def main():
    t = asyncio.create_task(worker())
    await asyncio.sleep(1)
    t.cancel("please stop")
    print(await t, "cancelled:", t.cancelled())
    print("t =", asyncio.get_running_loop().time())


asyncio.run(main())
