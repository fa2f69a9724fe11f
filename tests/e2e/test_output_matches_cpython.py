"""stdout carries exactly what `python3 PROGRAM.py` prints. Each program is
run by corosim and by CPython (the python3 running these tests) and the
outputs compared byte for byte. The programs print nothing that depends on
the wall clock, and their sleeps are short, distinct and far apart, so real
CPython schedules them exactly as the perfect clock does."""

import unittest

from e2e_support import EXIT_EXCEPTION, EXIT_OK, CorosimTestCase

PROGRAMS = {
    "sequential_and_concurrent_awaits": """\
import asyncio

async def sleep(n, tag):
    await asyncio.sleep(n)
    print("woke", tag)
    return tag

async def main():
    await sleep(0.02, "a")
    await sleep(0.01, "b")
    t1 = asyncio.create_task(sleep(0.03, "c"))
    t2 = asyncio.create_task(sleep(0.01, "d"))
    print(await t1, await t2)
    print(await asyncio.gather(sleep(0.02, "e"), sleep(0.01, "f")))
    print(await asyncio.gather(*[sleep(0.01 * (i + 1), i) for i in range(5)]))

asyncio.run(main())
""",
    "values_and_their_repr": """\
print(1, -7 // 2, -7 % 2, 7 / 2, 2 ** 10, 0.1 + 0.2, 1e16, 1e-5, float("inf"), -0.0)
print(repr("it's"), repr('say "hi"'), repr("tab\\tnew\\nline"), repr("back\\\\slash"))
print((1,), (), [1, [2, (3,)]], {"a": 1, "b": [2]}, set(), {3}, None, True)
print(ValueError("x"), repr(ValueError("x")), repr(KeyError("k")), str(KeyError("k")))
print(f"{3.14159:.2f}|{'name'!r:>8}|{42:05d}|{1/3}|{'x':^5}|{12345678:,}")
print(sorted([3, 1, 2], reverse=True), sorted(["b", "A", "c"], key=lambda s: s.lower()))
print(list(zip("ab", range(3))), list(enumerate("xy", 1)), list(map(abs, [-1, 2])))
print(divmod(-7, 2), round(2.5), round(3.14159, 2), min(3, 1, 2), max([4, 9]), sum(range(5)))
print(" a b ".split(), ",".join(["x", "y"]), "Hi".upper(), "ab".replace("b", "c"))
d = {"k": 1}
d.setdefault("j", []).append(2)
print(d, d.get("z", 0), list(d.items()), d.pop("k"), d)
print(type(1.5).__name__, isinstance(True, int), bool(""), int("12") + int(3.9))
print([x * x for x in range(5) if x % 2], {x % 3 for x in range(9)}, {i: str(i) for i in range(3)})
print(any(x > 3 for x in range(5)), all([]), list(reversed([1, 2, 3])), [1, 2, 3, 4][1:3], "hello"[::-1])
print(1 < 2 < 3, 1 < 3 < 2, 0 or "x", 1 and 0, not [], 2 if [] else 3)
""",
    "exceptions_caught_by_the_program": """\
class AppError(Exception):
    \"\"\"An error of the app.\"\"\"

def risky(n):
    if n == 0:
        return 1 // n
    if n == 1:
        return [][n]
    if n == 2:
        return {}["k"]
    if n == 3:
        return undefined_name
    if n == 4:
        raise AppError("custom", n)
    return int("x")

for n in range(6):
    try:
        risky(n)
    except (ZeroDivisionError, IndexError) as e:
        print("arith/index:", type(e).__name__, e)
    except LookupError as e:
        print("lookup:", repr(e), e.args)
    except AppError as e:
        print("app:", e, e.args)
    except Exception as e:
        print("other:", type(e).__name__, e)
    else:
        print("no error")
    finally:
        print("finally", n)
""",
    "cancellation_and_gather_exceptions": """\
import asyncio

async def fail(after, message):
    await asyncio.sleep(after)
    raise ValueError(message)

async def slow():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print("slow was cancelled")
        raise

async def main():
    print(await asyncio.gather(fail(0.01, "one"), asyncio.sleep(0.02, "two"), return_exceptions=True))
    try:
        await asyncio.gather(fail(0.01, "boom"), asyncio.sleep(0.02))
    except ValueError as e:
        print("gather raised", repr(e))
    t = asyncio.create_task(slow())
    await asyncio.sleep(0.01)
    print(t.cancel(), t.cancelled(), t.done())
    try:
        await t
    except asyncio.CancelledError:
        print("awaiting a cancelled task raises CancelledError")
    print(t.cancelled(), t.done())
    asyncio.create_task(slow())  # left pending: asyncio.run cancels it on exit

asyncio.run(main())
print("after run")
""",
    "sleep_zero_round_robin_and_task_names": """\
import asyncio

async def worker(name, n):
    for i in range(n):
        print(name, i, asyncio.current_task().get_name())
        await asyncio.sleep(0)
    return name

async def main():
    tasks = [asyncio.create_task(worker(c, 3)) for c in "abc"]
    tasks.append(asyncio.create_task(worker("named", 2), name="custom"))
    print([t.get_name() for t in tasks])
    print(await asyncio.gather(*tasks))
    print(len(asyncio.all_tasks()), asyncio.current_task().get_name())

asyncio.run(main())
asyncio.run(main())
""",
    "blocking_time_sleep_keeps_the_loop": """\
import asyncio
import time

async def ticker():
    for i in range(3):
        print("tick", i)
        await asyncio.sleep(0.01)

async def blocker():
    print("blocking")
    time.sleep(0.05)
    print("unblocked")

async def main():
    await asyncio.gather(ticker(), blocker())

asyncio.run(main())
""",
    "closures_generators_and_keywords": """\
def counter():
    count = 0
    def inc(by=1, *rest, **named):
        nonlocal count
        count += by + len(rest) + len(named)
        return count
    return inc

c = counter()
print(c(), c(2), c(1, 2, 3, x=1), c(*[5], **{"y": 0}))
g = (i * 2 for i in range(4))
print(list(g), list(g))
total = 0
for i in range(10):
    if i == 7:
        break
    if i % 2:
        continue
    total += i
else:
    print("no break")
print(total)
a, (b, c2) = 1, [2, 3]
x = y = [a, b, c2]
x[1] = "B"
del y[0]
print(a, b, c2, x, y is x, (lambda *a: a)(1, 2))
""",
    "top_level_await_notebook_style": """\
import asyncio

async def answer():
    await asyncio.sleep(0.01)
    return 42

print("before")
print(await answer())
t = asyncio.create_task(answer())
print(await t, t.done())
""",
}


class StdoutMatchesCPython(CorosimTestCase):

    def test_each_program_prints_exactly_what_cpython_prints(self):
        for name, source in PROGRAMS.items():
            if name == "top_level_await_notebook_style":
                continue  # CPython cannot run top-level await from a file
            with self.subTest(program=name):
                self.write(f"{name}.py", source)
                code, out, err = self.run_python(f"{name}.py")
                self.assertEqual(code, 0, f"the test program itself fails on CPython:\n{err}")
                run = self.run_corosim("run", f"{name}.py")
                self.assertEqual(run.returncode, EXIT_OK, run.describe())
                self.assertEqual(run.stdout, out, run.describe())
                self.assertEqual(run.stderr, "", run.describe())

    def test_a_notebook_style_program_with_top_level_await_runs_like_a_cpython_notebook(self):
        self.write("prog.py", PROGRAMS["top_level_await_notebook_style"])
        run = self.run_corosim("run", "prog.py", "--trace", "t.json")
        self.assertEqual(run.returncode, EXIT_OK, run.describe())
        self.assertEqual(run.stdout, "before\n42\n42 True\n")
        trace = self.assert_valid_trace("t.json", "prog.py", "ok")
        self.assertEqual(trace["tasks"][0]["coro"], "<module>")

    def test_output_printed_before_an_uncaught_exception_is_kept(self):
        self.write("prog.py", "for i in range(3):\n    print(i)\nprint(1 // 0)\n")
        code, out, err = self.run_python("prog.py")
        run = self.run_corosim("run", "prog.py")
        self.assertEqual(run.returncode, EXIT_EXCEPTION, run.describe())
        self.assertEqual(run.stdout, out)
        self.assertEqual(run.stderr.splitlines()[-1], "ZeroDivisionError: integer division or modulo by zero")

    def test_a_large_amount_of_output_is_written_completely(self):
        self.write("prog.py", "for i in range(100000):\n    print(i, 'x' * (i % 50))\n")
        code, out, _ = self.run_python("prog.py")
        run = self.run_corosim("run", "prog.py")
        self.assertEqual(run.returncode, EXIT_OK, run.describe())
        self.assertEqual(run.stdout, out)


if __name__ == "__main__":
    unittest.main()
