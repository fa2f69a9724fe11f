# Python's arithmetic, which corosim must reproduce exactly: // and % floor
# toward minus infinity (also for floats), / always gives a float, round()
# rounds half to even (and 2.675 is really 2.67499999...), floats print in
# their shortest round-trip form, and division by zero is a catchable
# ZeroDivisionError with CPython's message.
import asyncio


async def main():
    for a, b in [(7, 2), (-7, 2), (7, -2), (-7, -2), (7.5, 2), (-7.5, 2)]:
        print(f"{a} // {b} = {a // b}, {a} % {b} = {a % b}, divmod = {divmod(a, b)}")
    print(7 / 2, 6 / 3, 2 ** -1, (-2) ** 3, 10 ** 15 / 1)
    print([round(x) for x in (0.5, 1.5, 2.5, -0.5, -1.5)], round(2.675, 2), round(1250, -2))
    print(0.1 + 0.2, 1e16, 1e-5, 123456789.0 * 1000, -0.0, float("inf"), 2 ** 0.5)
    print(sum([0.1] * 10), sum([1, 2.5]), abs(-7), abs(-0.0), max(1, 2.0, 2), min([], default="empty"))
    try:
        print(1 / 0)
    except ZeroDivisionError as e:
        print("ZeroDivisionError:", e)
    try:
        print(5 % 0.0)
    except ZeroDivisionError as e:
        print("ZeroDivisionError:", e)
    await asyncio.sleep(0)


asyncio.run(main())
