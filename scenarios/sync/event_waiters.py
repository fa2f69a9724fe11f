# An asyncio.Event releasing its waiters: set() completes every waiter's
# future in the order they started waiting, so they resume in that order one
# iteration later. A waiter arriving after set() does not suspend at all;
# after clear() a new wait blocks again until the next set().
import asyncio

async def waiter(name, event):
    print(name, "waits")
    await event.wait()
    print(name, "released at", asyncio.get_running_loop().time())

async def main():
    event = asyncio.Event()
    tasks = [asyncio.create_task(waiter(n, event)) for n in ["w1", "w2", "w3"]]
    await asyncio.sleep(1)
    print("set", event.is_set())
    event.set()
    await asyncio.gather(*tasks)
    await waiter("late", event)
    event.clear()
    t = asyncio.create_task(waiter("after clear", event))
    await asyncio.sleep(2)
    event.set()
    await t
    print(event.is_set())

asyncio.run(main())
