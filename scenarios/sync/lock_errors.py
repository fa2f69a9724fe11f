# Misusing a Lock: release() of an unlocked lock raises
# "RuntimeError: Lock is not acquired.", catchable like any exception; a
# waiter cancelled while queued passes the baton on (Lock.acquire's except
# CancelledError calls _wake_up_first), so the next waiter still gets it.
import asyncio

async def waiter(name, lock):
    await lock.acquire()
    print(name, "acquired")
    lock.release()

async def main():
    lock = asyncio.Lock()
    try:
        lock.release()
    except RuntimeError as e:
        print("release:", e)
    print(await lock.acquire())
    a = asyncio.create_task(waiter("a", lock))
    b = asyncio.create_task(waiter("b", lock))
    await asyncio.sleep(0)
    a.cancel()
    lock.release()
    await asyncio.sleep(0)
    print(a.cancelled(), lock.locked())
    await b
    print(lock.locked())
    await lock.acquire()
    try:
        lock.release()
        lock.release()
    except RuntimeError as e:
        print("second release:", e)

asyncio.run(main())
