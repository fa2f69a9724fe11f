# Timers with equal deadlines do not fire in the order they were set.
# The loop keeps its timers in a binary heap (heapq) compared on the deadline
# only; popping equal keys gives heap order, not insertion order. For 8
# timers set in the order 1..8 the wake-up order is 1, 3, 7, 6, 8, 5, 2, 4.
# Look for: the "woke" lines at t=1 in that order (Task-2 .. Task-9 resume in
# the order Task-2, Task-4, Task-8, Task-7, Task-9, Task-6, Task-3, Task-5).
import asyncio


async def sleeper(number):
    await asyncio.sleep(1)
    print("woke", number)


async def main():
    await asyncio.gather(*[sleeper(n) for n in range(1, 9)])


asyncio.run(main())
