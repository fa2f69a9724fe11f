# Handling the ExceptionGroup a TaskGroup raises: two children fail at the
# same time (a ValueError and a TypeError) and the others are cancelled; the
# caller sorts the errors with split() and subgroup() instead of except*.
# Look for: a done at t=1, b and d failing at t=2, c and main (the parent)
# cancelled at t=2, and
# the printed groups: split by type keeps the message, subgroup of an absent
# type is None.
import asyncio

async def worker(name, d, fail=None):
    try:
        await asyncio.sleep(d)
        if fail:
            raise fail
        print(name, "done")
        return name
    except asyncio.CancelledError:
        print(name, "cancelled at", asyncio.get_running_loop().time())
        raise

async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            a = tg.create_task(worker("a", 1))
            b = tg.create_task(worker("b", 2, ValueError("bad b")))
            c = tg.create_task(worker("c", 3))
            d = tg.create_task(worker("d", 2, TypeError("bad d")))
    except ExceptionGroup as eg:
        print(eg)
        for e in eg.exceptions:
            print(" ", type(e).__name__, e)
        vals, rest = eg.split(ValueError)
        print(vals, rest)
        print(eg.subgroup(TypeError).exceptions)
        print(eg.subgroup(KeyError))
    print(a.result(), c.cancelled())

asyncio.run(main())
