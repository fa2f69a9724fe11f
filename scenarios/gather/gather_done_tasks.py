# gather of tasks that are already done still suspends: each done callback is
# queued with call_soon and the result arrives two iterations later,
# interleaved with other tasks.
import asyncio

async def quick(n):
    return n

async def other():
    for i in range(4):
        print("other", i)
        await asyncio.sleep(0)

async def main():
    a = asyncio.create_task(quick(1))
    b = asyncio.create_task(quick(2))
    o = asyncio.create_task(other())
    await asyncio.sleep(0)
    print("a,b done", a.done(), b.done())
    print("gather", await asyncio.gather(a, b))
    print("after gather")
    print("gather2", await asyncio.gather(a))
    await o

asyncio.run(main())
