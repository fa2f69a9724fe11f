# A semaphore waiter cancelled after release() woke it: the unit reserved for
# it is given back and passed on to the next waiter (Semaphore.acquire's
# except CancelledError: `if not fut.cancelled(): _value += 1;
# _wake_up_next()`). Look for c getting the unit that b never used.
import asyncio

async def user(name, sem):
    try:
        await sem.acquire()
    except asyncio.CancelledError:
        print(name, "cancelled while waiting")
        raise
    print(name, "got it")
    await asyncio.sleep(1)
    sem.release()

async def main():
    sem = asyncio.Semaphore(1)
    await sem.acquire()
    b = asyncio.create_task(user("b", sem))
    c = asyncio.create_task(user("c", sem))
    await asyncio.sleep(0)
    sem.release()
    b.cancel()
    await asyncio.gather(b, c, return_exceptions=True)
    print(b.cancelled(), sem.locked())

asyncio.run(main())
