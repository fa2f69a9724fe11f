"""How a run ends: exit codes 0, 1, 3, 4 and what stderr says for each
(exit 2 is covered by test_command_line.py and test_bad_input.py)."""

import re
import unittest

from e2e_programs import AWAIT_FOREVER
from e2e_support import (EXIT_DEADLOCK, EXIT_EXCEPTION, EXIT_LIMIT, EXIT_OK,
                         CorosimTestCase, cpython_traceback)

ASYNC_HELLO = """\
import asyncio

async def main():
    print("hello")
    await asyncio.sleep(1)
    print("bye")

asyncio.run(main())
"""

ASYNC_RAISES = """\
import asyncio

async def main():
    await asyncio.sleep(1)
    raise ValueError("boom")

asyncio.run(main())
"""

NESTED_RAISES = """\
import asyncio

def check(n):
    if n > 2:
        raise ValueError(f"too big: {n}")
    return n

async def work(n):
    await asyncio.sleep(n)
    return check(n)

async def main():
    print("start")
    total = 0
    for n in range(5):
        total += await work(n)
    print("never", total)

asyncio.run(main())
"""

# A plain script (no asyncio): its traceback must be exactly CPython's.
# Every frame's line is a whole statement, so CPython 3.11 prints no carets.
SCRIPT_RAISES = """\
def inner(x):
    raise KeyError(x)

def outer():
    inner("missing")

print("before")
outer()
"""

# Three tasks all waiting, nothing scheduled: Task-1 waits on Task-2, which
# waits on Task-3, which waits on Task-2.
MUTUAL_AWAIT = """\
import asyncio

async def a():
    await tb

async def b():
    await ta

async def main():
    global ta, tb
    ta = asyncio.create_task(a())
    tb = asyncio.create_task(b())
    await ta

asyncio.run(main())
"""

SPIN_IN_COROUTINE = """\
import asyncio

async def main():
    print("spinning")
    while True:
        pass

asyncio.run(main())
"""

SPIN_AT_MODULE_LEVEL = """\
while True:
    pass
"""

# Frames of CPython's traceback: (file, line, function).
FRAME = re.compile(r'^  File "([^"]*)", line (\d+), in (\S+)$', re.M)


def frames_in(stderr, program):
    return [(int(line), func) for (file, line, func) in FRAME.findall(stderr) if file == program]


class SuccessfulRun(CorosimTestCase):

    def test_a_program_that_finishes_exits_0_with_nothing_on_stderr(self):
        self.write("prog.py", ASYNC_HELLO)
        run = self.run_corosim("run", "prog.py")
        self.assertEqual(run.returncode, EXIT_OK, run.describe())
        self.assertEqual(run.stdout, "hello\nbye\n")
        self.assertEqual(run.stderr, "")

    def test_a_program_that_sleeps_an_hour_finishes_in_well_under_a_second_of_real_time(self):
        self.write("prog.py", "import asyncio\nasyncio.run(asyncio.sleep(3600))\nprint('done')\n")
        run = self.run_corosim("run", "prog.py")
        self.assertEqual(run.returncode, EXIT_OK, run.describe())
        self.assertEqual(run.stdout, "done\n")
        self.assertLess(run.seconds, 5.0)


class UncaughtException(CorosimTestCase):

    def test_an_uncaught_exception_in_main_exits_1_with_a_traceback_ending_in_the_exception(self):
        self.write("prog.py", ASYNC_RAISES)
        run = self.run_corosim("run", "prog.py")
        self.assertEqual(run.returncode, EXIT_EXCEPTION, run.describe())
        self.assertEqual(run.stdout, "")
        self.assertTrue(run.stderr.startswith("Traceback (most recent call last):\n"), run.describe())
        self.assertTrue(run.stderr.endswith(
            '  File "prog.py", line 5, in main\n'
            '    raise ValueError("boom")\n'
            "ValueError: boom\n"), run.describe())
        self.assertIn('  File "prog.py", line 7, in <module>\n    asyncio.run(main())\n', run.stderr)

    def test_an_uncaught_exception_lists_the_programs_frames_as_cpython_does(self):
        self.write("prog.py", NESTED_RAISES)
        run = self.run_corosim("run", "prog.py")
        code, out, err = self.run_python("prog.py")
        self.assertEqual(code, 1)
        self.assertEqual(run.returncode, EXIT_EXCEPTION, run.describe())
        self.assertEqual(run.stdout, out)
        # CPython's traceback also shows frames inside Lib/asyncio; the
        # program's own frames, in order, and the last line must match.
        err = cpython_traceback(err, self.dir)
        self.assertEqual(frames_in(run.stderr, "prog.py"), frames_in(err, "prog.py"), run.describe())
        self.assertEqual(run.stderr.splitlines()[-1], "ValueError: too big: 3")
        self.assertEqual(err.splitlines()[-1], "ValueError: too big: 3")

    def test_an_uncaught_exception_in_a_plain_script_gives_exactly_cpythons_traceback(self):
        self.write("prog.py", SCRIPT_RAISES)
        run = self.run_corosim("run", "prog.py")
        code, out, err = self.run_python("prog.py")
        self.assertEqual(run.returncode, EXIT_EXCEPTION, run.describe())
        self.assertEqual(code, 1)
        self.assertEqual(run.stdout, out)
        self.assertEqual(run.stderr, cpython_traceback(err, self.dir))

    def test_an_exception_raised_from_another_prints_both_tracebacks_as_cpython_does(self):
        self.write("prog.py", """\
def parse(text):
    try:
        return int(text)
    except ValueError as e:
        raise RuntimeError("bad config") from e

parse("x1")
""")
        run = self.run_corosim("run", "prog.py")
        code, out, err = self.run_python("prog.py")
        self.assertEqual(run.returncode, EXIT_EXCEPTION, run.describe())
        self.assertEqual(run.stderr, cpython_traceback(err, self.dir))


class Deadlock(CorosimTestCase):

    def test_a_task_awaiting_a_future_nobody_completes_is_a_deadlock_with_exit_3(self):
        self.write("prog.py", AWAIT_FOREVER)
        run = self.run_corosim("run", "prog.py")
        self.assertEqual(run.returncode, EXIT_DEADLOCK, run.describe())
        self.assertEqual(run.stdout, "waiting\n")
        self.assertIn("deadlock", run.stderr.lower(), run.describe())
        waiting = [line for line in run.stderr.splitlines() if "Task-1" in line]
        self.assertEqual(len(waiting), 1, f"Task-1 should be listed once\n{run.describe()}")
        self.assertIn("future", waiting[0], f"what Task-1 waits on\n{run.describe()}")

    def test_a_deadlock_lists_every_waiting_task_and_what_it_waits_on(self):
        self.write("prog.py", MUTUAL_AWAIT)
        run = self.run_corosim("run", "prog.py", "--trace", "t.json")
        self.assertEqual(run.returncode, EXIT_DEADLOCK, run.describe())
        lines = run.stderr.splitlines()
        # Task-1 (main) waits on Task-2 (a), Task-2 on Task-3 (b), Task-3 on Task-2.
        for name, target in (("Task-1", "2"), ("Task-2", "3"), ("Task-3", "2")):
            with self.subTest(task=name):
                mine = [line for line in lines if re.search(rf"\b{name}\b", line)
                        and line.lstrip().startswith(name)]
                self.assertEqual(len(mine), 1, f"{name} should be listed once\n{run.describe()}")
                self.assertRegex(mine[0], rf"task\D*\b{target}\b", run.describe())
        trace = self.assert_valid_trace("t.json", "prog.py", "deadlock")
        self.assertEqual(trace["outcome"]["waiting"], [1, 2, 3])


class Limits(CorosimTestCase):

    def test_an_endless_loop_in_a_coroutine_stops_with_exit_4_under_the_default_step_limit(self):
        self.write("prog.py", SPIN_IN_COROUTINE)
        run = self.run_corosim("run", "prog.py", timeout=30)
        self.assertEqual(run.returncode, EXIT_LIMIT, run.describe())
        self.assertEqual(run.stdout, "spinning\n")
        self.assertIn("max-steps", run.stderr, "the message says which limit was hit\n" + run.describe())

    def test_an_endless_loop_stops_with_exit_4_at_once_with_max_steps_1000(self):
        self.write("prog.py", SPIN_IN_COROUTINE)
        run = self.run_corosim("run", "prog.py", "--max-steps", "1000", timeout=30)
        self.assertEqual(run.returncode, EXIT_LIMIT, run.describe())
        self.assertLess(run.seconds, 5.0)
        self.assertIn("max-steps", run.stderr, run.describe())
        self.assertIn("1000", run.stderr, run.describe())

    def test_sleeping_forever_with_nothing_else_to_do_stops_with_exit_4(self):
        # Each event-loop iteration counts one step; past ~1e21 s the clock
        # no longer moves, so without the count this would spin forever.
        # (Under the default limit it also stops, after 2e8 iterations.)
        for delay in ("float('inf')", "1e300"):
            with self.subTest(delay=delay):
                self.write("prog.py", "import asyncio\n\n\nasync def main():\n"
                           f"    await asyncio.sleep({delay})\n\n\nasyncio.run(main())\n")
                run = self.run_corosim("run", "prog.py", "--max-steps", "100000", timeout=30)
                self.assertEqual(run.returncode, EXIT_LIMIT, run.describe())
                self.assertIn("max-steps", run.stderr, run.describe())

    def test_an_endless_loop_at_module_level_also_stops_with_exit_4(self):
        self.write("prog.py", SPIN_AT_MODULE_LEVEL)
        run = self.run_corosim("run", "prog.py", "--max-steps", "1000", timeout=30)
        self.assertEqual(run.returncode, EXIT_LIMIT, run.describe())

    def test_a_program_within_max_steps_1000_is_not_stopped(self):
        self.write("prog.py", ASYNC_HELLO)
        run = self.run_corosim("run", "prog.py", "--max-steps", "1000")
        self.assertEqual(run.returncode, EXIT_OK, run.describe())
        self.assertEqual(run.stdout, "hello\nbye\n")

    def test_max_steps_0_means_no_limit(self):
        self.write("prog.py", "n = 0\nwhile n < 20000:\n    n += 1\nprint(n)\n")
        run = self.run_corosim("run", "prog.py", "--max-steps", "0")
        self.assertEqual(run.returncode, EXIT_OK, run.describe())
        self.assertEqual(run.stdout, "20000\n")

    def test_a_limit_cannot_be_caught_by_the_program(self):
        self.write("prog.py", """\
import asyncio

async def main():
    try:
        while True:
            pass
    except BaseException:
        print("caught")
    finally:
        print("finally")

asyncio.run(main())
""")
        run = self.run_corosim("run", "prog.py", "--max-steps", "1000", timeout=30)
        self.assertEqual(run.returncode, EXIT_LIMIT, run.describe())
        self.assertNotIn("caught", run.stdout)


class Until(CorosimTestCase):

    def test_until_3_stops_a_10_second_program_at_t_3_with_exit_0_and_outcome_until(self):
        self.write("prog.py", """\
import asyncio

async def main():
    print("start")
    await asyncio.sleep(10)
    print("end")

asyncio.run(main())
""")
        run = self.run_corosim("run", "prog.py", "--until", "3", "--trace", "t.json")
        self.assertEqual(run.returncode, EXIT_OK, run.describe())
        self.assertEqual(run.stdout, "start\n")
        trace = self.assert_valid_trace("t.json", "prog.py", "until")
        self.assertEqual(trace["end_time"], 3)
        self.assertEqual(trace["tasks"][0]["state"], "pending")

    def test_until_runs_what_is_due_at_exactly_that_time(self):
        self.write("prog.py", """\
import asyncio

async def tick():
    for i in range(10):
        print("tick", i)
        await asyncio.sleep(1)

asyncio.run(tick())
""")
        run = self.run_corosim("run", "prog.py", "--until", "3")
        self.assertEqual(run.returncode, EXIT_OK, run.describe())
        self.assertEqual(run.stdout, "tick 0\ntick 1\ntick 2\ntick 3\n")

    def test_until_past_the_end_of_the_program_changes_nothing(self):
        self.write("prog.py", ASYNC_HELLO)
        run = self.run_corosim("run", "prog.py", "--until", "100", "--trace", "t.json")
        self.assertEqual(run.returncode, EXIT_OK, run.describe())
        self.assertEqual(run.stdout, "hello\nbye\n")
        trace = self.assert_valid_trace("t.json", "prog.py", "ok")
        self.assertEqual(trace["end_time"], 1)

    def test_until_runs_no_finally_of_a_generator_its_unwinding_frees(self):
        # time.sleep stops the run inside `outer`, whose frame is abandoned;
        # the suspended `inner` it held must not be closed after the stop.
        self.write("prog.py", """\
import time

def inner():
    try:
        yield 1
    finally:
        print("inner finally")

def outer():
    i = inner()
    next(i)
    print("sleeping")
    time.sleep(10)
    yield 2

print(next(outer()))
""")
        run = self.run_corosim("run", "prog.py", "--until", "5")
        self.assertEqual(run.returncode, EXIT_OK, run.describe())
        self.assertEqual(run.stdout, "sleeping\n")


if __name__ == "__main__":
    unittest.main()
