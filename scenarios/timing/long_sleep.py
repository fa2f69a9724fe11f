# A sleep longer than a day: the loop never waits more than 86400 s in one
# select() call, so the virtual clock reaches the deadline in several jumps
# (86400, 172800, then the rest). The program still finishes at once.
# Look for: end_time 200000.0 and the date that strftime shows.
import asyncio
import time


async def main():
    print("start", time.strftime('%Y-%m-%d %X'))
    await asyncio.sleep(200000)
    print("end", time.strftime('%Y-%m-%d %X'), asyncio.get_running_loop().time())


asyncio.run(main())
