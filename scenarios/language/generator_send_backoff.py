# A generator as a retry controller: the task sends each attempt's outcome
# in with send() and gets the next back-off delay out (doubling after a
# failure, halving after a success, never under 0.25s); send(None) ends the
# generator and its return value arrives as StopIteration.value.
# Look for: the sleeps between attempts, 1, 2, 4, then 2 after the success,
# 4, 8; each attempt a short child task; and "total 6".
import asyncio

def controller():
    delay = 1.0
    total = 0
    while True:
        outcome = yield delay
        if outcome is None:
            return total
        total += 1
        delay = delay * 2 if outcome == "fail" else max(0.25, delay / 2)

async def attempt(i):
    await asyncio.sleep(0.1)
    return "fail" if i % 3 != 2 else "ok"

async def main():
    ctl = controller()
    d = next(ctl)
    for i in range(6):
        r = await asyncio.create_task(attempt(i))
        await asyncio.sleep(d)
        d = ctl.send(r)
        print(i, r, d, round(asyncio.get_running_loop().time(), 3))
    try:
        ctl.send(None)
    except StopIteration as e:
        print("total", e.value)

asyncio.run(main())
