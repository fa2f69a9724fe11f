"""corosim test: finds the programs with goldens, checks them in parallel,
one line per failure with its first divergence, in sorted order off a
terminal, `N passed, N failed` last (programs that could not be checked
counted as failed); --junit is valid JUnit XML; --shard slices cover every
program exactly once; a progress bar on a terminal."""

import os
import pty
import subprocess
import unittest
import xml.etree.ElementTree as ElementTree

from e2e_programs import AWAIT_FOREVER, TWO_TASKS
from e2e_support import DEFAULT_TIMEOUT, EXIT_OK, EXIT_UNUSABLE, CorosimTestCase

EXIT_FAILED = 1

# name -> program; every one gets a golden.
SUITE = {
    "suite/a/two_tasks.py": TWO_TASKS,
    "suite/a/deadlock.py": AWAIT_FOREVER,
    "suite/b/c/plain.py": 'print("no asyncio at all")\n',
    "suite/b/later.py": TWO_TASKS.replace("sleep(2)", "sleep(3)"),
    "suite/top.py": TWO_TASKS.replace("start", "top"),
}


class TestCommand(CorosimTestCase):

    def setUp(self):
        super().setUp()
        for name, program in SUITE.items():
            self.write(name, program)
            self.assert_exit(self.run_corosim("check", name, "--update"), EXIT_OK)
        self.write("suite/b/no_golden.py", TWO_TASKS)  # not a scenario: no golden
        self.all = sorted(SUITE)

    def read(self, name):
        with open(self.path(name), "rb") as f:
            return f.read()

    def lines(self, run):
        return run.stdout.rstrip("\n").split("\n")

    def test_all_pass(self):
        run = self.run_corosim("test", "suite")
        self.assert_exit(run, EXIT_OK)
        # Two checks at once end in any order; the log is sorted all the same.
        self.assertEqual(self.lines(run), ["PASS " + name for name in self.all] + ["5 passed, 0 failed"])
        self.assertEqual(run.stderr, "")
        self.assertEqual(self.run_corosim("test", "suite", "-j", "2").stdout, run.stdout)

    def test_default_path_is_the_current_directory(self):
        run = self.run_corosim("test", "-j", "1")
        self.assert_exit(run, EXIT_OK)
        # One at a time: in sorted order.
        self.assertEqual(self.lines(run), ["PASS " + name for name in self.all] + ["5 passed, 0 failed"])

    def test_a_changed_sleep_fails_with_its_first_divergence(self):
        golden = self.read("suite/b/later.trace.json")
        self.write("suite/b/later.py", SUITE["suite/b/later.py"].replace("sleep(3)", "sleep(5)"))
        run = self.run_corosim("test", "suite")
        self.assert_exit(run, EXIT_FAILED)
        lines = self.lines(run)
        self.assertEqual(lines[-1], "4 passed, 1 failed")
        failures = [line for line in lines if line.startswith("FAIL")]
        self.assertEqual(len(failures), 1, run.describe())
        self.assertRegex(failures[0], r"^FAIL suite/b/later\.py: at t=[0-9.]+ s, step [0-9]+: expected .*, got ")
        self.assertEqual(self.read("suite/b/later.trace.json"), golden)

    def test_an_unusable_golden_counts_as_failed_and_is_said_so(self):
        self.write("suite/top.trace.json", "{")
        os.remove(self.path("suite/a/deadlock.trace.json"))
        os.mkdir(self.path("suite/a/deadlock.trace.json"))  # a golden that is a directory
        run = self.run_corosim("test", "suite")
        self.assert_exit(run, EXIT_FAILED)
        lines = self.lines(run)
        self.assertEqual(lines[-2:], ["(2 of the failures could not be checked: ERROR lines above)",
                                      "3 passed, 2 failed"])
        self.assertIn("ERROR suite/top.py: suite/top.trace.json:1:2: ", run.stdout)
        self.assertIn("ERROR suite/a/deadlock.py: suite/a/deadlock.trace.json: cannot read file: Is a directory\n",
                      run.stdout)

    def test_update_is_refused_and_points_to_check(self):
        run = self.run_corosim("test", "suite", "--update")
        self.assert_exit(run, EXIT_UNUSABLE)
        self.assertEqual(run.stdout, "")
        self.assertEqual(run.stderr, "corosim: test never updates goldens; record or refresh one with "
                                     "corosim check PROGRAM.py --update\n")

    def test_a_huge_print_is_shown_around_its_difference(self):
        self.write("suite/big.py", 'print("a" * 100000 + "X")\n')
        self.assert_exit(self.run_corosim("check", "suite/big.py", "--update"), EXIT_OK)
        self.write("suite/big.py", 'print("a" * 100000 + "Y")\n')
        run = self.run_corosim("test", "suite", "-v", "--junit", "report.xml")
        self.assert_exit(run, EXIT_FAILED)
        fail = [line for line in self.lines(run) if line.startswith("FAIL")]
        self.assertEqual(fail, ['FAIL suite/big.py: at t=0 s, before the first step: expected the program to print "...' + "a" * 98 +
                                'X\\n" (100002 chars), got the program to print "...' + "a" * 98 +
                                'Y\\n" (100002 chars)'])
        self.assertLess(len(run.stdout), 5000)
        self.assertLess(os.path.getsize(self.path("report.xml")), 10000)

    def test_junit_report_is_valid_junit_xml(self):
        self.write("suite/a/two_tasks.py", TWO_TASKS.replace("sleep(4)", "sleep(1)"))
        self.write("suite/top.trace.json", "")
        run = self.run_corosim("test", "suite", "--junit", "out/report.xml")
        self.assert_exit(run, EXIT_UNUSABLE)  # out/ does not exist: nothing runs
        self.assertEqual(run.stdout, "")
        os.mkdir(self.path("out"))
        run = self.run_corosim("test", "suite", "--junit", "out/report.xml")
        self.assert_exit(run, EXIT_FAILED)
        self.assertEqual(self.listdir("out"), ["report.xml"])  # no temporary left

        root = ElementTree.parse(self.path("out/report.xml")).getroot()
        self.assertEqual(root.tag, "testsuites")
        suites = root.findall("testsuite")
        self.assertEqual(len(suites), 1)
        suite = suites[0]
        self.assertEqual((suite.get("tests"), suite.get("failures"), suite.get("errors")), ("5", "1", "1"))
        cases = suite.findall("testcase")
        self.assertEqual([os.path.join(c.get("classname"), c.get("name")) for c in cases], self.all)
        # A program in the current directory: its classname is that directory's name.
        self.write("here.py", TWO_TASKS)
        self.assert_exit(self.run_corosim("check", "here.py", "--update"), EXIT_OK)
        self.assert_exit(self.run_corosim("test", "here.py", "--junit", "here.xml"), EXIT_OK)
        case = ElementTree.parse(self.path("here.xml")).getroot().find("testsuite/testcase")
        self.assertEqual((case.get("classname"), case.get("name")), (os.path.basename(self.dir), "here.py"))
        for case in cases:
            self.assertGreaterEqual(float(case.get("time")), 0)
        by_name = {os.path.join(c.get("classname"), c.get("name")): c for c in cases}
        failure = by_name["suite/a/two_tasks.py"].find("failure")
        self.assertRegex(failure.get("message"), r"^at t=[0-9.]+ s, step [0-9]+: ")
        self.assertIn("FAIL suite/a/two_tasks.py", failure.text)
        error = by_name["suite/top.py"].find("error")
        self.assertTrue(error.get("message").startswith("suite/top.trace.json"), error.get("message"))
        self.assertIsNone(by_name["suite/a/deadlock.py"].find("failure"))

    def test_shards_cover_every_program_exactly_once(self):
        for count in (1, 2, 3, 4, 7):
            seen = []
            for index in range(1, count + 1):
                run = self.run_corosim("test", "suite", "--shard", f"{index}/{count}")
                self.assert_exit(run, EXIT_OK)
                lines = self.lines(run)
                self.assertRegex(lines[-1], r"^[0-9]+ passed, 0 failed$")
                seen += [line[len("PASS "):] for line in lines[:-1]]
            self.assertEqual(sorted(seen), self.all, f"--shard I/{count}")

    def test_code_moved_down_fails_every_waiting_program_unless_ignore_lines(self):
        for name, program in SUITE.items():
            self.write(name, "# a comment added at the top\n" + program)
        run = self.run_corosim("test", "suite")
        self.assert_exit(run, EXIT_FAILED)
        failures = [line for line in self.lines(run) if line.startswith("FAIL")]
        # plain.py never suspends: no line to shift.
        self.assertEqual(len(failures), 4, run.describe())
        for failure in failures:
            self.assertRegex(failure, r"in both, but at line [0-9]+ instead of line [0-9]+$")
        for flags in (["--ignore-lines"], ["--ignore-times", "--ignore-print", "--per-task", "--ignore-lines"]):
            with self.subTest(flags=flags):
                run = self.run_corosim("test", "suite", *flags)
                self.assert_exit(run, EXIT_OK)
                self.assertEqual(self.lines(run)[-1], "5 passed, 0 failed")

    def test_bad_usage(self):
        for args in (["--shard", "0/2"], ["--shard", "3/2"], ["--shard", "x"], ["-j", "0"]):
            run = self.run_corosim("test", "suite", *args)
            self.assert_exit(run, EXIT_UNUSABLE)
            self.assertEqual(run.stdout, "")
        os.mkdir(self.path("empty"))
        run = self.run_corosim("test", "empty")
        self.assert_exit(run, EXIT_UNUSABLE)
        self.assertEqual(run.stderr, "corosim: no programs with goldens under empty\n")
        run = self.run_corosim("test", "missing")
        self.assert_exit(run, EXIT_UNUSABLE)
        self.assertEqual(run.stderr, "corosim: missing: no such file or directory\n")

    def test_progress_bar_on_a_terminal(self):
        self.write("suite/b/later.py", SUITE["suite/b/later.py"].replace("sleep(3)", "sleep(5)"))
        main, secondary = pty.openpty()
        process = subprocess.Popen([self.binary, "test", "suite"], cwd=self.dir, stdout=secondary,
                                   stderr=subprocess.PIPE)
        os.close(secondary)
        output = b""
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            output += chunk
        os.close(main)
        self.assertEqual(process.wait(timeout=DEFAULT_TIMEOUT), EXIT_FAILED)
        process.stderr.close()
        text = output.decode("utf-8").replace("\r\n", "\n")
        self.assertIn("\r\x1b[K[", text)
        self.assertRegex(text, r"\[=+\] 5/5  1 failed")
        self.assertNotIn("PASS ", text)
        self.assertRegex(text, r"\r\x1b\[KFAIL suite/b/later\.py: at t=")
        self.assertTrue(text.endswith("\r\x1b[K4 passed, 1 failed\n"), repr(text[-200:]))


if __name__ == "__main__":
    unittest.main()
