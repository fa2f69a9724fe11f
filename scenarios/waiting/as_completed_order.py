# asyncio.as_completed yields coroutines; awaiting the i-th one gives the i-th
# result to arrive, not the i-th argument. The coroutines given to it become
# tasks in argument order (corosim's rule; the reference tracer patches CPython
# to the same order). A failure comes out of the `await` at its turn.
# Look for: Task-2..Task-5 created by main at t=0 in argument order; main
# prints at t=1 (c), t=2 (a), t=3 (the error of d) and t=4 (b).
import asyncio


async def fetch(name, delay):
    await asyncio.sleep(delay)
    if name == "d":
        raise ValueError("d failed")
    return name


async def main():
    coros = [fetch("a", 2), fetch("b", 4), fetch("c", 1), fetch("d", 3)]
    for next_done in asyncio.as_completed(coros):
        try:
            result = await next_done
        except ValueError as e:
            result = "error: %s" % e
        print(asyncio.get_running_loop().time(), result)


asyncio.run(main())
