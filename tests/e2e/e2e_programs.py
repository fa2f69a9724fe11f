"""Small asyncio programs that several end-to-end test files run."""

# Prints "start", then "2 4" at virtual time 4: Task-1 (main) waits on two
# child tasks that sleep 2 and 4 seconds.
TWO_TASKS = """\
import asyncio

async def sleep(n):
    await asyncio.sleep(n)
    return n

async def main():
    print("start")
    t1 = asyncio.create_task(sleep(2))
    t2 = asyncio.create_task(sleep(4))
    print(await t1, await t2)

asyncio.run(main())
"""

# Prints "waiting", then deadlocks at time 0: Task-1 awaits a future that
# nothing will ever complete.
AWAIT_FOREVER = """\
import asyncio

async def main():
    print("waiting")
    await asyncio.get_running_loop().create_future()

asyncio.run(main())
"""
