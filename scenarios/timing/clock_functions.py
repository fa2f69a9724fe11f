# Every clock a program can read is the one virtual clock, starting at 0:
# loop.time(), time.time(), time.monotonic(), time.perf_counter(), and
# time.strftime()/gmtime() (UTC from the epoch, so the first %X is 00:00:00).
# Look for: all of them agreeing before and after a 90-second sleep.
import asyncio
import time


def show(label):
    loop = asyncio.get_running_loop()
    print(label, loop.time(), time.time(), time.monotonic(), time.perf_counter(),
          time.strftime('%H:%M:%S'), time.strftime('%d %b %Y', time.gmtime()))


async def main():
    show("start")
    await asyncio.sleep(90)
    show("later")
    time.sleep(0.5)
    show("blocked")


asyncio.run(main())
