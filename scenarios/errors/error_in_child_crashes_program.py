# An exception in a child task that main awaits without try/except travels
# up: the child fails, main fails with the same exception, and asyncio.run
# re-raises it. The uncaught error ends the program with status 1.
# Look for: outcome "error" with KeyError 'missing' raised in Task-3 (the
# second child), not in main (Task-1).
import asyncio


async def lookup(table, key):
    await asyncio.sleep(1)
    return table[key]


async def main():
    table = {"present": 1}
    print(await asyncio.create_task(lookup(table, "present")))
    print(await asyncio.create_task(lookup(table, "missing")))


asyncio.run(main())
