# Seed example 1: two awaits in a row run one after the other.
# `await asyncio.sleep(2)` suspends main until the sleep is over, and only then
# does the second sleep start. Look for: 2 + 4 = 6 seconds, started at 00:00:00,
# finished at 00:00:06, and a single task (main) in the trace.
import asyncio
import time


async def main():
    print(f"started at {time.strftime('%X')}")
    await asyncio.sleep(2)
    await asyncio.sleep(4)
    print(f"finished at {time.strftime('%X')}")


asyncio.run(main())
