# asyncio.sleep() with a delay of 0 or less never sets a timer: it yields for
# one loop iteration, exactly like sleep(0). A tiny positive delay does set a
# timer, and the loop has to wait for it.
# Look for: "negative" and "zero" in the same iteration at t=0, "tiny" at
# t=1e-06.
import asyncio


async def report(label, delay):
    await asyncio.sleep(delay)
    print(label, "at", asyncio.get_running_loop().time())


async def main():
    await asyncio.gather(report("tiny", 0.000001), report("negative", -5), report("zero", 0))


asyncio.run(main())
