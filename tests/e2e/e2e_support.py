"""Shared helpers for the end-to-end tests of the `corosim` command.

The tests run the real executable as a user would. Its path comes from the
environment variable COROSIM (default: build/corosim, relative to the
current directory). Every run has a timeout, so a hang is a test failure and
never a stuck test run; a run killed by a signal or reporting a sanitizer
error fails the test that made it.
"""

import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

# Seconds any single corosim run may take before the test calls it a hang.
# Generous because the tests also run against Debug and sanitizer builds.
DEFAULT_TIMEOUT = 60

# Text that means a sanitizer (ASan, UBSan, LSan) or corosim itself reported
# a bug: never acceptable, whatever the input.
BUG_MARKERS = (
    "AddressSanitizer",
    "LeakSanitizer",
    "UndefinedBehaviorSanitizer",
    "runtime error:",
    "internal error",
    "terminate called",
    "Assertion `",  # glibc assert(); not the program's AssertionError
)

# The exit codes the issue defines.
EXIT_OK = 0
EXIT_EXCEPTION = 1
EXIT_UNUSABLE = 2
EXIT_DEADLOCK = 3
EXIT_LIMIT = 4


def corosim_path():
    """Absolute path of the binary under test, from $COROSIM."""
    return os.path.abspath(os.environ.get("COROSIM", "build/corosim"))


def python3():
    """The CPython used as the reference (the one running these tests)."""
    return sys.executable


class Run(collections.namedtuple("Run", "args returncode stdout stderr seconds")):
    """One finished corosim run; stdout/stderr are str (bytes decoded as UTF-8
    with replacement, so a test never fails on decoding)."""

    def describe(self):
        return (
            f"command: {' '.join(self.args)}\n"
            f"exit code: {self.returncode} after {self.seconds:.2f} s\n"
            f"--- stdout ---\n{self.stdout[:3000]}\n"
            f"--- stderr ---\n{self.stderr[:3000]}"
        )


def load_trace(path):
    """The trace at `path` with every object's keys in file order."""
    with open(path, "rb") as f:
        data = f.read()
    return json.loads(data.decode("utf-8"), object_pairs_hook=collections.OrderedDict)


class CorosimTestCase(unittest.TestCase):
    """Runs corosim in a fresh temporary directory per test (the cwd of every
    run), so program paths in messages are short and predictable."""

    maxDiff = None

    @classmethod
    def setUpClass(cls):
        binary = corosim_path()
        if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
            # An error, not a skip: under ctest a skip would pass silently.
            raise FileNotFoundError(
                f"corosim binary not found at {binary}: build it or set COROSIM")
        cls.binary = binary

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="corosim-e2e-")
        self.addCleanup(shutil.rmtree, self.dir, ignore_errors=True)

    # ---- files -------------------------------------------------------------

    def write(self, name, content):
        """Writes `content` (str as UTF-8, or bytes) to `name` in the test
        directory; returns `name` (the path to give corosim)."""
        path = os.path.join(self.dir, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        with open(path, "wb") as f:
            f.write(data)
        return name

    def path(self, name):
        return os.path.join(self.dir, name)

    def listdir(self, name="."):
        return sorted(os.listdir(self.path(name)))

    # ---- running -----------------------------------------------------------

    def run_corosim(self, *args, timeout=DEFAULT_TIMEOUT, check_clean=True):
        """Runs `corosim ARGS` in the test directory. Fails the test on a
        hang, a signal or a sanitizer/internal-error report."""
        cmd = [self.binary, *args]
        start = time.monotonic()
        try:
            done = subprocess.run(cmd, cwd=self.dir, capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired as e:
            self.fail(f"corosim did not finish within {timeout} s (a hang): {' '.join(cmd)}\n"
                      f"--- stderr so far ---\n{(e.stderr or b'')[:2000]!r}")
        run = Run(cmd, done.returncode,
                  done.stdout.decode("utf-8", "replace"),
                  done.stderr.decode("utf-8", "replace"),
                  time.monotonic() - start)
        if check_clean:
            self.assert_no_crash(run)
        return run

    def run_python(self, program, timeout=DEFAULT_TIMEOUT):
        """Runs `python3 PROGRAM` (CPython, the reference) in the test directory."""
        if sys.version_info[:2] != (3, 11):
            self.skipTest(f"the reference is CPython 3.11; these tests run on {sys.version.split()[0]}")
        done = subprocess.run([python3(), program], cwd=self.dir, capture_output=True,
                              timeout=timeout)
        return done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")

    # ---- assertions --------------------------------------------------------

    def assert_no_crash(self, run):
        self.assertGreaterEqual(
            run.returncode, 0, f"corosim was killed by signal {-run.returncode}\n{run.describe()}")
        self.assertIn(run.returncode, (0, 1, 2, 3, 4),
                      f"exit code outside the documented 0..4\n{run.describe()}")
        for marker in BUG_MARKERS:
            self.assertNotIn(marker, run.stderr, f"bug report on stderr\n{run.describe()}")

    def assert_exit(self, run, code):
        self.assertEqual(run.returncode, code, run.describe())

    def assert_one_message(self, run, program, max_lines=3):
        """stderr is one diagnostic about `program`: it names the file first
        and is at most `max_lines` lines (message, source line, caret)."""
        self.assertTrue(run.stderr.startswith(program + ":"),
                        f"stderr does not start with '{program}:'\n{run.describe()}")
        lines = run.stderr.rstrip("\n").split("\n")
        self.assertLessEqual(len(lines), max_lines, f"more than one message\n{run.describe()}")
        self.assertTrue(run.stderr.endswith("\n"), f"stderr does not end in a newline\n{run.describe()}")

    def assert_unusable(self, run, program, max_lines=3):
        """Exit 2, nothing on stdout, one message on stderr."""
        self.assert_exit(run, EXIT_UNUSABLE)
        self.assertEqual(run.stdout, "", run.describe())
        self.assert_one_message(run, program, max_lines)

    def assert_valid_trace(self, path, program, status):
        """Loads the trace at `path` (relative to the test directory), checks
        the v1 envelope and outcome.status, returns the trace."""
        full = self.path(path)
        self.assertTrue(os.path.isfile(full), f"no trace file at {path}")
        trace = load_trace(full)
        self.assertEqual(list(trace.keys())[:7],
                         ["format", "version", "program", "end_time", "outcome", "tasks", "events"])
        self.assertEqual(trace["format"], "corosim-trace")
        self.assertEqual(trace["version"], 1)
        self.assertEqual(trace["program"], program)
        self.assertIsInstance(trace["end_time"], (int, float))
        self.assertEqual(trace["outcome"]["status"], status, json.dumps(trace["outcome"]))
        self.assertIsInstance(trace["tasks"], list)
        self.assertIsInstance(trace["events"], list)
        for i, task in enumerate(trace["tasks"], start=1):
            self.assertEqual(task["id"], i)
            self.assertIn(task["state"], ("done", "failed", "cancelled", "pending"))
        for event in trace["events"]:
            self.assertIn("t", event)
            self.assertIn("kind", event)
        return trace


def cpython_traceback(stderr, directory):
    """CPython's stderr as corosim prints it: file names as given on the
    command line (CPython makes the script's path absolute), and without
    CPython 3.11's caret lines under the failing expression (corosim's
    traceback prints none)."""
    text = stderr.replace(f'File "{directory}{os.sep}', 'File "')
    lines = text.split("\n")
    return "\n".join(line for line in lines
                     if not (line.strip() and set(line.strip()) <= set("^~")))
