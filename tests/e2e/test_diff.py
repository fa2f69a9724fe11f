"""`corosim diff A.json B.json`: exit 0 same, 1 different (the report on
stdout), 2 for a trace it cannot use (one line on stderr naming the file),
whatever the file holds."""

import json
import os
import re
import unittest

from e2e_programs import TWO_TASKS
from e2e_support import EXIT_OK, EXIT_UNUSABLE, CorosimTestCase

EXIT_DIFFERENT = 1

# TWO_TASKS with the second task sleeping 5 seconds instead of 4.
LONGER = TWO_TASKS.replace("sleep(4)", "sleep(5)")
# Two independent workers; PAIR_LATER gives the first one a longer sleep, so
# the two take their steps in the other order but each does the same.
PAIR = """\
import asyncio

async def worker(name, delay):
    await asyncio.sleep(delay)
    print(name)

async def main():
    await asyncio.gather(asyncio.create_task(worker("a", 1)), asyncio.create_task(worker("b", 2)))

asyncio.run(main())
"""
PAIR_LATER = PAIR.replace('worker("a", 1)', 'worker("a", 3)')


class DiffExitCodes(CorosimTestCase):

    def trace(self, name, source):
        """Runs `source` as NAME.py with --trace NAME.json; returns NAME.json."""
        self.write(name + ".py", source)
        self.assert_exit(self.run_corosim("run", "-q", name + ".py", "--trace", name + ".json"), EXIT_OK)
        return name + ".json"

    def test_the_same_traces(self):
        a = self.trace("a", TWO_TASKS)
        os.mkdir(self.path("other"))
        b = self.trace(os.path.join("other", "a"), TWO_TASKS)  # the same program elsewhere
        run = self.run_corosim("diff", a, b)
        self.assert_exit(run, EXIT_OK)
        self.assertEqual(run.stdout, "traces are the same\n")
        self.assertEqual(run.stderr, "")

    def test_bidi_and_zero_width_characters_are_escaped(self):
        """Text from a trace reaches the terminal as Python's repr() would
        show it: no bidi override or zero-width character written raw."""
        a = self.trace("a", 'print("plain")\n')
        b = self.trace("b", 'print("\\u202eevil\\u200b\\u2066x")\n')
        run = self.run_corosim("diff", a, b)
        self.assert_exit(run, EXIT_DIFFERENT)
        self.assertIn('got the program to print "\\u202eevil\\u200b\\u2066x\\n"', run.stdout)
        for raw in ("\u202e", "\u200b", "\u2066"):
            self.assertNotIn(raw, run.stdout)

    def test_a_changed_sleep_points_at_the_first_differing_step(self):
        a = self.trace("a", TWO_TASKS)
        self.write("b.py", LONGER)
        self.assert_exit(self.run_corosim("run", "-q", "b.py", "--trace", "b.json"), EXIT_OK)
        run = self.run_corosim("diff", a, "b.json")
        self.assert_exit(run, EXIT_DIFFERENT)
        self.assertEqual(run.stderr, "")
        lines = run.stdout.split("\n")
        self.assertEqual(lines[:3], ["- expected: a.json", "+ actual:   b.json",
                                     "program: expected 'a.py', got 'b.py'"])
        self.assertEqual(lines[3], "events differ at t=0 s, step 3: "
                                   "expected Task-3 to sleep until 4 s at line 4, "
                                   "got Task-3 to sleep until 5 s at line 4")
        self.assertIn("  - 0 s  Task-3  suspend  sleeps until 4 s at line 4", lines)
        self.assertIn("  + 0 s  Task-3  suspend  sleeps until 5 s at line 4", lines)
        self.assertIn("    finished: expected 4 s, got 5 s", lines)
        self.assertIn("end time: expected 4 s, got 5 s", lines)
        # With --ignore-times the order is the same; what sleep(n) returns
        # is not.
        run = self.run_corosim("diff", a, "b.json", "--ignore-times")
        self.assert_exit(run, EXIT_DIFFERENT)
        self.assertEqual(run.stdout.split("\n")[3], "events differ at t=4 s, step 6: "
                                                    "expected Task-3 to finish with result 4, "
                                                    "got Task-3 to finish with result 5")
        self.assertNotIn("finished:", run.stdout)
        self.assertNotIn("end time", run.stdout)

    def test_options_that_compare_less(self):
        a = self.trace("a", PAIR)
        os.mkdir(self.path("x"))
        b = self.trace(os.path.join("x", "a"), PAIR_LATER)
        expectations = (
            ((), EXIT_DIFFERENT),
            (("--ignore-times",), EXIT_DIFFERENT),  # the workers' steps swap
            (("--per-task",), EXIT_DIFFERENT),      # worker a's times differ
            (("--per-task", "--ignore-times"), EXIT_OK),
            (("--tasks", "Task-3", "--ignore-times"), EXIT_OK),  # worker b alone
            (("--tasks", "Task-3"), EXIT_OK),
            (("--tasks", "Task-2", "Task-3", "--ignore-times"), EXIT_DIFFERENT),
            (("--tasks", "Task-2", "--tasks", "Task-3", "--per-task", "--ignore-times"), EXIT_OK),
            (("--ignore-print", "--per-task", "--ignore-times"), EXIT_OK),
        )
        for flags, code in expectations:
            with self.subTest(flags=flags):
                run = self.run_corosim("diff", a, b, *flags)
                self.assert_exit(run, code)
                self.assertEqual(run.stdout == "traces are the same\n", code == EXIT_OK, run.describe())
        run = self.run_corosim("diff", a, b, "--tasks", "nobody")
        self.assert_unusable(run, "corosim", max_lines=1)


    def test_ignore_lines_compares_all_but_where_tasks_wait_in_the_source(self):
        a = self.trace("a", PAIR)
        os.mkdir(self.path("x"))
        b = self.trace(os.path.join("x", "a"), "\n\n" + PAIR)
        run = self.run_corosim("diff", a, b)
        self.assert_exit(run, EXIT_DIFFERENT)
        self.assertIn("events differ at t=0 s, step 1: Task-1 waits for gather(Task-2, Task-3) in both, "
                      "but at line 10 instead of line 8\n", run.stdout)
        run = self.run_corosim("diff", a, b, "--ignore-lines")
        self.assert_exit(run, EXIT_OK)
        self.assertEqual(run.stdout, "traces are the same\n")
        self.assert_exit(self.run_corosim("diff", a, self.trace("later", PAIR_LATER), "--ignore-lines"),
                         EXIT_DIFFERENT)


class DiffBadInput(CorosimTestCase):
    """Every unusable trace: exit 2, nothing on stdout, one line on stderr
    starting with the file's name, in either position."""

    def good_trace(self):
        self.write("good.py", TWO_TASKS)
        self.assert_exit(self.run_corosim("run", "-q", "good.py", "--trace", "good.json"), EXIT_OK)
        with open(self.path("good.json"), encoding="utf-8") as f:
            return f.read()

    def check_unusable(self, name, reason_fragment):
        for args in (("diff", name, "good.json"), ("diff", "good.json", name)):
            with self.subTest(args=args):
                run = self.run_corosim(*args)
                self.assert_unusable(run, name, max_lines=1)
                self.assertIn(reason_fragment, run.stderr)

    def test_each_kind_of_bad_file(self):
        text = self.good_trace()
        other_version = json.loads(text)
        other_version["version"] = 2
        self.write("empty.json", "")
        self.write("truncated.json", text[:len(text) // 2])
        self.write("version2.json", json.dumps(other_version))
        self.write("not_json.json", "hello, world\n")
        self.write("other.json", json.dumps({"format": "chrome-trace", "events": []}))
        self.write("array.json", "[1, 2, 3]")
        self.write("deep.json", "[" * 200000)
        # A number beyond a double: JSON allows it, a trace cannot hold it.
        self.write("overflow.json", re.sub(r'"end_time": [0-9.e+-]+', '"end_time": 1e999', text, count=1))
        os.mkdir(self.path("folder.json"))
        cases = (
            ("empty.json", "empty file"),
            ("truncated.json", "truncated"),
            ("version2.json", "version 2"),
            ("not_json.json", "not valid JSON"),
            ("other.json", "not a corosim trace"),
            ("array.json", "not a corosim trace"),
            ("deep.json", "deep.json:"),
            ("overflow.json", "overflow.json:"),
            ("folder.json", "folder.json:"),
            ("missing.json", "missing.json:"),
        )
        for name, reason in cases:
            self.check_unusable(name, reason)


if __name__ == "__main__":
    unittest.main()
