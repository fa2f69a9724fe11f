# An asyncio.Condition: consumers wait() (releasing the lock) until a
# producer notifies them. A notified waiter first resumes when its future is
# completed, then must re-acquire the lock, so it typically suspends twice.
# notify(1) wakes the oldest waiter only; notify_all() the rest; wait_for()
# re-checks its predicate after every wake-up. wait() without the lock is a
# RuntimeError.
import asyncio

items = []

async def consumer(name, cond):
    await cond.acquire()
    try:
        await cond.wait_for(lambda: len(items) > 0)
        print(name, "takes", items.pop(0))
    finally:
        cond.release()

async def main():
    cond = asyncio.Condition()
    try:
        await cond.wait()
    except RuntimeError as e:
        print("RuntimeError:", e)
    tasks = [asyncio.create_task(consumer(n, cond)) for n in ["c1", "c2", "c3"]]
    await asyncio.sleep(1)
    await cond.acquire()
    items.append("x")
    cond.notify()
    cond.release()
    await asyncio.sleep(1)
    await cond.acquire()
    items.extend(["y", "z"])
    cond.notify_all()
    print("locked while notifying:", cond.locked())
    cond.release()
    await asyncio.gather(*tasks)
    print("left:", items)

asyncio.run(main())
