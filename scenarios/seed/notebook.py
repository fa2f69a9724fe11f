# The five seed examples as one notebook: top-level `await`, no asyncio.run.
# With top-level await the whole module body is one coroutine named <module>,
# run as the main task (Task-1); every task below is its child. Look for the
# timings 6, 4, 4 + 4, 2 and 10 seconds, one after the other (30 s in all),
# and the wake-up order Task-8, Task-10, Task-12, Task-9, Task-11 in example 4.
import asyncio
import time

# 1. Awaits in a row: 2 + 4 = 6 seconds.
print(f"started at {time.strftime('%X')}")
await asyncio.sleep(2)
await asyncio.sleep(4)
print(f"finished at {time.strftime('%X')}")

# 2. Two tasks sleep at the same time: 4 seconds.
task1 = asyncio.create_task(asyncio.sleep(2))
task2 = asyncio.create_task(asyncio.sleep(4))
print(f"started at {time.strftime('%X')}")
await task1
await task2
print(f"finished at {time.strftime('%X')}")

# 3. gather of coroutines, then of tasks: 4 seconds each, [None, None].
print(f"started at {time.strftime('%X')}")
print(await asyncio.gather(asyncio.sleep(2), asyncio.sleep(4)))
print(f"finished at {time.strftime('%X')}")
task1 = asyncio.create_task(asyncio.sleep(2))
task2 = asyncio.create_task(asyncio.sleep(4))
print(f"started at {time.strftime('%X')}")
print(await asyncio.gather(task1, task2))
print(f"finished at {time.strftime('%X')}")


# 4. Five gathered coroutines: 2 seconds.
async def sleep():
    await asyncio.sleep(2)
    return 'sleep'

print(f"started at {time.strftime('%X')}")
print(await asyncio.gather(*[sleep() for _ in range(5)]))
print(f"finished at {time.strftime('%X')}")

# 5. The same five, one after the other: 10 seconds.
print(f"started at {time.strftime('%X')}")
for _ in range(5):
    await sleep()
print(f"finished at {time.strftime('%X')}")
