# Cancelled timers stay in the loop's heap until they reach its top, unless
# more than half of over 100 timers are cancelled: then the loop rebuilds the
# heap (drops the cancelled ones and heapifies the rest), which reorders the
# timers with equal deadlines once more.
# Here 120 sleepers share the deadline t=5 and 80 of them are cancelled; the
# 40 that remain wake at t=5 in the order of the rebuilt heap.
# Look for: the wake-up order 90, 42, 18, 6, 0, 57, ... -- neither creation
# order nor the order without the rebuild (0, 6, 30, 117, 114, ...).
import asyncio

woken = []


async def sleeper(number):
    await asyncio.sleep(5)
    woken.append(number)


async def main():
    tasks = [asyncio.create_task(sleeper(i)) for i in range(120)]
    await asyncio.sleep(0)
    for i, task in enumerate(tasks):
        if i % 3 != 0:
            task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    print("woke in order:", woken)
    print("in creation order?", woken == sorted(woken))


asyncio.run(main())
