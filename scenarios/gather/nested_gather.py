# Nested gather: gather(gather(a, b), c). The inner gather runs first while the
# arguments are evaluated, so a and b become tasks before c; results nest.
# Each gather level costs one more loop iteration between the last child
# finishing and the waiting task resuming.
# Look for: Task-2 and Task-3 for a and b, Task-4 for c, the result
# [['a', 'b'], 'c'], and the trace's iterations at t=1 after the children end.
import asyncio


async def leaf(name):
    await asyncio.sleep(1)
    print(name, "done")
    return name


async def main():
    result = await asyncio.gather(asyncio.gather(leaf("a"), leaf("b")), leaf("c"))
    print(result)


asyncio.run(main())
