# try/finally in coroutines: `finally` runs on return, on error and on
# cancellation; a `return` inside `finally` swallows the exception; the name
# bound by `except E as e` is deleted after the handler; comprehension
# variables do not leak while for-loop variables do.
# Look for: the cancelled task still prints its cleanup line, and the
# NameError for the deleted `e`.
import asyncio


async def guarded(name, delay):
    try:
        await asyncio.sleep(delay)
        return f"{name} finished"
    finally:
        print(f"cleanup {name}")


def swallow():
    try:
        raise ValueError("lost")
    finally:
        return "finally wins"


async def main():
    t = asyncio.create_task(guarded("slow", 10))
    print(await guarded("fast", 1))
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("slow was cancelled", t.cancelled())
    print(swallow())
    try:
        raise KeyError("k")
    except KeyError as e:
        print("handled", repr(e))
    try:
        print(e)
    except NameError as err:
        print("NameError:", err)
    squares = [n * n for n in range(4)]
    for n in range(3):
        pass
    print(squares, n)


asyncio.run(main())
