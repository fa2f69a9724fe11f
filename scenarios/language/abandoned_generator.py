# A task that stops consuming a generator early closes it at that moment:
# when the last reference to a suspended generator goes away, CPython throws
# GeneratorExit into it (PEP 442), so its `finally` runs inside the task's
# step, before the task's next line. Here two readers pull rows from a
# "cursor" generator between sleeps; one breaks out after two rows, the other
# drops its cursor by rebinding the name, and a third reads to the end.
# Look for: each "cursor ... closed after N rows" print in the same task and
# at the same time as the break/rebinding, before "... done".
import asyncio


def cursor(name, rows):
    served = 0
    try:
        for row in range(rows):
            served += 1
            yield f"{name}-row{row}"
    finally:
        print(f"cursor {name} closed after {served} rows")


async def reader(name, rows, wanted):
    for row in cursor(name, rows):
        await asyncio.sleep(0.1)
        print(name, "read", row)
        if row.endswith(str(wanted - 1)):
            break
    print(name, "done")


async def switcher():
    rows = cursor("first", 5)
    print("switcher read", next(rows))
    await asyncio.sleep(0.15)
    rows = cursor("second", 2)  # the first cursor is dropped here
    print("switcher read", next(rows), "then", next(rows))
    await asyncio.sleep(0.1)
    print("switcher done")


async def main():
    await asyncio.gather(reader("early", 5, 2), reader("full", 3, 9), switcher())
    print("all done")


asyncio.run(main())
