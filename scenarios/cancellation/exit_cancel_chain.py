# At asyncio.run's exit: a task awaiting another is cancelled recursively, a
# cancelled task may sleep in its handler (the clock advances), a sleep(0)
# spinner takes one more step, and a task created during the cancel phase
# never runs.
import asyncio

async def b():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        print("b cancelled", e.args)
        await asyncio.sleep(2)
        print("b after cleanup sleep")
        raise

async def a(tb):
    try:
        await tb
    except asyncio.CancelledError as e:
        print("a cancelled", e.args, tb.done())
        asyncio.create_task(late())
        raise

async def late():
    print("late never runs?")

async def spinner():
    i = 0
    while True:
        print("spin", i)
        i += 1
        await asyncio.sleep(0)

async def main():
    tb = asyncio.create_task(b())
    ta = asyncio.create_task(a(tb))
    sp = asyncio.create_task(spinner())
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print("main returns")

asyncio.run(main())
print("after")
