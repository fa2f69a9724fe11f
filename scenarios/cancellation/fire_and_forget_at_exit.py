# Fire-and-forget tasks still pending when main returns are cancelled by
# asyncio.run and run until they finish: their except/finally blocks run, and
# may even await (the clock keeps moving during shutdown). They are cancelled
# in creation order (corosim's rule; CPython itself uses set order here).
# Look for: "main returns" at t=1, cancel events with `by` null, the saver
# sleeping until t=3 during shutdown, and the program's end_time 3.0.
import asyncio


async def ticker():
    try:
        while True:
            print("tick", asyncio.get_running_loop().time())
            await asyncio.sleep(0.4)
    finally:
        print("ticker stopped")


async def saver():
    try:
        await asyncio.sleep(60)
    except asyncio.CancelledError:
        print("saver: saving before exit")
        await asyncio.sleep(2)
        print("saver: saved at", asyncio.get_running_loop().time())


async def main():
    asyncio.create_task(ticker())
    asyncio.create_task(saver())
    await asyncio.sleep(1)
    print("main returns")


asyncio.run(main())
print("program ends")
