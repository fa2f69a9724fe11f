# A block that finishes before its deadline: the Timeout cancels its timer on
# exit and nothing is cancelled. The result of the awaited task comes through.
# Look for: no cancel event in the trace, "result 42 expired=False" at t=1,
# and the Timeout's repr "finished" after the block.
import asyncio


async def compute():
    await asyncio.sleep(1)
    return 42


async def main():
    async with asyncio.timeout(3) as cm:
        result = await asyncio.create_task(compute())
    print("result", result, "expired=" + str(cm.expired()), repr(cm))
    await asyncio.sleep(5)
    print("still fine at", asyncio.get_running_loop().time())


asyncio.run(main())
