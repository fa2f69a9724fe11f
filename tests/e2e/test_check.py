"""corosim check: record a golden with --update, pass, fail at the first
differing step, accept a change deliberately; the golden is written only
with --update and is byte-identical to what `corosim run --trace` writes;
unusable goldens and programs exit 2 with one line."""

import os
import re
import subprocess
import unittest

from e2e_programs import AWAIT_FOREVER, TWO_TASKS
from e2e_support import DEFAULT_TIMEOUT, EXIT_OK, EXIT_UNUSABLE, CorosimTestCase, Run

EXIT_FAILED = 1

OLD_TIME = 1_000_000_000  # 2001: a modification time no run can produce


class CheckTestCase(CorosimTestCase):

    def run_in(self, directory, *args):
        """`corosim ARGS` run from `directory` of the test directory."""
        cmd = [self.binary, *args]
        done = subprocess.run(cmd, cwd=self.path(directory), capture_output=True, timeout=DEFAULT_TIMEOUT)
        run = Run(cmd, done.returncode, done.stdout.decode("utf-8", "replace"),
                  done.stderr.decode("utf-8", "replace"), 0)
        self.assert_no_crash(run)
        return run

    def read(self, name):
        with open(self.path(name), "rb") as f:
            return f.read()

    def age(self, name):
        """Sets the file's modification time far in the past; returns it."""
        os.utime(self.path(name), (OLD_TIME, OLD_TIME))
        return os.stat(self.path(name)).st_mtime_ns


class GoldenWorkflow(CheckTestCase):

    def test_update_then_pass_then_a_changed_sleep_fails_until_updated(self):
        self.write("p.py", TWO_TASKS)
        run = self.run_corosim("check", "p.py")
        self.assert_exit(run, EXIT_UNUSABLE)
        self.assertEqual(run.stdout, "")
        self.assertEqual(run.stderr, "no golden p.trace.json; run corosim check p.py --update to record it\n")
        self.assertEqual(self.listdir(), ["p.py"])

        run = self.run_corosim("check", "p.py", "--update")
        self.assert_exit(run, EXIT_OK)
        self.assertEqual(run.stdout, "updated p.trace.json\n")
        self.assertEqual(run.stderr, "")

        run = self.run_corosim("check", "p.py")
        self.assert_exit(run, EXIT_OK)
        self.assertEqual(run.stdout, "PASS p.py\n")  # the program's "start" is not echoed
        self.assertEqual(run.stderr, "")

        golden = self.read("p.trace.json")
        mtime = self.age("p.trace.json")
        self.write("p.py", TWO_TASKS.replace("sleep(4)", "sleep(1)"))
        run = self.run_corosim("check", "p.py")
        self.assert_exit(run, EXIT_FAILED)
        first = run.stdout.split("\n")[0]
        self.assertRegex(first, r"^FAIL p\.py: at t=[0-9.]+ s, step [0-9]+: ", run.describe())
        self.assertGreater(len(run.stdout.split("\n")), 3, "the report follows the first line")
        self.assertEqual(self.read("p.trace.json"), golden)
        self.assertEqual(os.stat(self.path("p.trace.json")).st_mtime_ns, mtime)
        self.assertEqual(self.listdir(), ["p.py", "p.trace.json"])

        run = self.run_corosim("check", "p.py", "--update")
        self.assertEqual(run.stdout, "updated p.trace.json\n")
        self.assertNotEqual(self.read("p.trace.json"), golden)
        self.assert_exit(self.run_corosim("check", "p.py"), EXIT_OK)

    def test_update_keeps_an_identical_golden_untouched(self):
        self.write("p.py", TWO_TASKS)
        self.run_corosim("check", "p.py", "--update")
        mtime = self.age("p.trace.json")
        run = self.run_corosim("check", "p.py", "--update")
        self.assert_exit(run, EXIT_OK)
        self.assertEqual(run.stdout, "unchanged p.trace.json\n")
        self.assertEqual(os.stat(self.path("p.trace.json")).st_mtime_ns, mtime)
        self.assertEqual(self.listdir(), ["p.py", "p.trace.json"])

    def test_the_golden_is_what_run_trace_writes_with_the_file_name_as_program(self):
        self.write("sub/p.py", TWO_TASKS)
        self.run_corosim("check", "sub/p.py", "--update")
        self.run_corosim("run", "sub/p.py", "--trace", "run.json")
        self.assertEqual(self.read("sub/p.trace.json"),
                         self.read("run.json").replace(b'"program": "sub/p.py"', b'"program": "p.py"'))
        # So the golden does not depend on the directory corosim ran from.
        self.assertEqual(self.run_in("sub", "check", "p.py").stdout, "PASS p.py\n")

    def test_a_deadlocked_program_is_pinned_like_any_other(self):
        self.write("p.py", AWAIT_FOREVER)
        self.assert_exit(self.run_corosim("check", "p.py", "--update"), EXIT_OK)
        self.assertIn(b'"status": "deadlock"', self.read("p.trace.json"))
        run = self.run_corosim("check", "p.py")
        self.assert_exit(run, EXIT_OK)
        self.assertEqual(run.stdout, "PASS p.py\n")
        self.assertEqual(run.stderr, "")

    def test_golden_flag(self):
        self.write("p.py", TWO_TASKS)
        run = self.run_corosim("check", "p.py", "--golden", "g.json")
        self.assertEqual(run.stderr, "no golden g.json; run corosim check p.py --golden g.json --update to record it\n")
        self.assert_exit(self.run_corosim("check", "p.py", "--golden", "g.json", "--update"), EXIT_OK)
        self.assertEqual(self.listdir(), ["g.json", "p.py"])
        self.assert_exit(self.run_corosim("check", "p.py", "--golden", "g.json"), EXIT_OK)


class SourceLines(CheckTestCase):
    """The golden pins the line each task waits at; --ignore-lines lets code move."""

    def test_a_comment_on_top_fails_with_the_lines_named_and_passes_with_ignore_lines(self):
        self.write("p.py", TWO_TASKS)
        self.assert_exit(self.run_corosim("check", "p.py", "--update"), EXIT_OK)
        self.write("p.py", "# moved\n" + TWO_TASKS)
        run = self.run_corosim("check", "p.py", "--ignore-times", "--ignore-print", "--per-task")
        self.assert_exit(run, EXIT_FAILED)
        self.assertEqual(run.stdout.split("\n")[0],
                         "FAIL p.py: at t=0 s, step 1, in Task-1's own events: "
                         "Task-1 waits for Task-2 in both, but at line 12 instead of line 11")
        run = self.run_corosim("check", "p.py", "--ignore-lines")
        self.assert_exit(run, EXIT_OK)
        self.assertEqual(run.stdout, "PASS p.py\n")

    def test_a_golden_without_lines_says_to_re_record_it(self):
        self.write("p.py", TWO_TASKS)
        self.assert_exit(self.run_corosim("check", "p.py", "--update"), EXIT_OK)
        with open(self.path("p.trace.json")) as f:
            golden = f.read()
        self.assertIn(', "line": ', golden)
        self.write("p.trace.json", re.sub(r', "line": [0-9]+', "", golden))
        run = self.run_corosim("check", "p.py")
        self.assert_exit(run, EXIT_FAILED)
        self.assertEqual(run.stdout.split("\n")[0],
                         "FAIL p.py: at t=0 s, step 1: Task-1 waits for Task-2 in both, but at line 11 with no line "
                         "in the expected trace (recorded before lines were traced?); re-record it with check --update")
        self.assert_exit(self.run_corosim("check", "p.py", "--ignore-lines"), EXIT_OK)


class UnusableGoldens(CheckTestCase):
    """Each gets one line naming the golden and exit 2, never a crash, and
    the golden is left as it was."""

    def setUp(self):
        super().setUp()
        self.write("p.py", TWO_TASKS)
        self.run_corosim("check", "p.py", "--update")
        self.good = self.read("p.trace.json")

    def check_unusable(self, content, reason_regex):
        self.write("p.trace.json", content)
        run = self.run_corosim("check", "p.py")
        self.assert_unusable(run, "p.trace.json", max_lines=1)
        self.assertRegex(run.stderr, reason_regex)
        self.assertEqual(self.read("p.trace.json"), content if isinstance(content, bytes) else content.encode())

    def test_empty(self):
        self.check_unusable(b"", r"^p\.trace\.json")

    def test_truncated(self):
        self.check_unusable(self.good[: len(self.good) // 2], r"^p\.trace\.json:[0-9]+:[0-9]+: ")

    def test_not_json(self):
        self.check_unusable(b"\x00\xff garbage", r"^p\.trace\.json")

    def test_another_format_version(self):
        self.check_unusable(self.good.replace(b'"version": 1', b'"version": 2'), r"version 2")

    def test_recorded_from_a_different_program(self):
        self.check_unusable(self.good.replace(b'"program": "p.py"', b'"program": "other.py"'),
                            r"^p\.trace\.json: recorded from a different program \(other\.py\), not p\.py\n$")

    def test_a_number_beyond_a_double(self):
        self.check_unusable(self.good.replace(b'"end_time": ', b'"end_time": 1e999, "x": ', 1),
                            r"^p\.trace\.json:[0-9]+:[0-9]+: number out of range: 1e999 is beyond a double\n$")

    def test_update_does_not_replace_another_program_s_golden(self):
        other = self.good.replace(b'"program": "p.py"', b'"program": "other.py"')
        self.write("p.trace.json", other)
        run = self.run_corosim("check", "p.py", "--update")
        self.assert_unusable(run, "p.trace.json", max_lines=1)
        self.assertEqual(run.stderr, "p.trace.json: recorded from a different program (other.py), not p.py; "
                                     "delete it, or pass --golden FILE to record p.py's golden elsewhere\n")
        self.assertEqual(self.read("p.trace.json"), other)

    def test_a_program_with_a_syntax_error_writes_no_golden(self):
        self.write("bad.py", "def f(:\n")
        run = self.run_corosim("check", "bad.py", "--update")
        self.assert_unusable(run, "bad.py")
        self.assertFalse(os.path.exists(self.path("bad.trace.json")))


if __name__ == "__main__":
    unittest.main()
