"""--trace: when the file is written, what its outcome says, that it is
written atomically, and that it is byte-identical from run to run."""

import json
import os
import subprocess
import time
import unittest

from e2e_programs import AWAIT_FOREVER, TWO_TASKS
from e2e_support import (EXIT_DEADLOCK, EXIT_EXCEPTION, EXIT_LIMIT, EXIT_OK, EXIT_UNUSABLE,
                         CorosimTestCase, load_trace)

RAISES_IN_CHILD = """\
import asyncio

async def child():
    await asyncio.sleep(1)
    raise ValueError("child failed")

async def main():
    t = asyncio.create_task(child())
    await t

asyncio.run(main())
"""

RAISES_AT_MODULE_LEVEL = 'print("x")\nraise KeyError("k")\n'

SPIN = """\
import asyncio

async def main():
    print("spinning")
    while True:
        pass

asyncio.run(main())
"""

# Prints, cancellation, gather, exceptions, names: a trace with every kind.
BUSY = """\
import asyncio
import time

async def worker(name, delay):
    print(f"{name} starts at {time.monotonic()}")
    await asyncio.sleep(delay)
    if name == "c":
        raise ValueError(name)
    return name.upper()

async def forever():
    await asyncio.sleep(1000)

async def main():
    bg = asyncio.create_task(forever(), name="background")
    results = await asyncio.gather(worker("a", 1.5), worker("b", 0.25), worker("c", 2),
                                   return_exceptions=True)
    print(results)
    await asyncio.sleep(0)
    bg.cancel("enough")
    try:
        await bg
    except asyncio.CancelledError as e:
        print("cancelled", e.args)
    asyncio.create_task(forever())
    print("done at", asyncio.get_running_loop().time())

asyncio.run(main())
"""


class TraceIsWrittenForEveryOutcome(CorosimTestCase):

    def test_the_trace_of_a_program_that_finishes_has_outcome_ok(self):
        self.write("prog.py", TWO_TASKS)
        run = self.run_corosim("run", "prog.py", "--trace", "out.json")
        self.assertEqual(run.returncode, EXIT_OK, run.describe())
        trace = self.assert_valid_trace("out.json", "prog.py", "ok")
        self.assertEqual(dict(trace["outcome"]), {"status": "ok"})
        self.assertEqual(trace["end_time"], 4)
        main = trace["tasks"][0]
        self.assertEqual((main["name"], main["coro"], main["state"]), ("Task-1", "main", "done"))

    def test_the_trace_of_an_uncaught_exception_has_outcome_error_with_type_message_and_task(self):
        self.write("prog.py", RAISES_IN_CHILD)
        run = self.run_corosim("run", "prog.py", "--trace", "out.json")
        self.assertEqual(run.returncode, EXIT_EXCEPTION, run.describe())
        trace = self.assert_valid_trace("out.json", "prog.py", "error")
        # The first task that ended with the exception: the child, Task-2.
        self.assertEqual(trace["outcome"], {"status": "error", "error": {
            "type": "ValueError", "message": "child failed", "task": 2}})
        self.assertEqual(trace["end_time"], 1)
        self.assertEqual([t["state"] for t in trace["tasks"][:2]], ["failed", "failed"])

    def test_the_trace_of_an_exception_outside_any_task_has_a_null_error_task(self):
        self.write("prog.py", RAISES_AT_MODULE_LEVEL)
        run = self.run_corosim("run", "prog.py", "--trace", "out.json")
        self.assertEqual(run.returncode, EXIT_EXCEPTION, run.describe())
        trace = self.assert_valid_trace("out.json", "prog.py", "error")
        self.assertEqual(trace["outcome"], {"status": "error", "error": {
            "type": "KeyError", "message": "'k'", "task": None}})
        self.assertEqual([dict(e) for e in trace["events"]],
                         [{"t": 0, "kind": "print", "task": None, "text": "x\n"}])

    def test_the_trace_of_a_deadlock_has_outcome_deadlock_with_the_waiting_ids(self):
        self.write("prog.py", AWAIT_FOREVER)
        run = self.run_corosim("run", "prog.py", "--trace", "out.json")
        self.assertEqual(run.returncode, EXIT_DEADLOCK, run.describe())
        trace = self.assert_valid_trace("out.json", "prog.py", "deadlock")
        self.assertEqual(trace["outcome"]["waiting"], [1])
        self.assertEqual(trace["tasks"][0]["state"], "pending")
        self.assertEqual(dict(trace["events"][-1]),
                         {"t": 0, "kind": "suspend", "task": 1, "waits_on": {
                             "what": "future", "primitive": "future", "object": 1, "line": 5}})

    def test_the_trace_of_a_hit_limit_has_outcome_limit(self):
        self.write("prog.py", SPIN)
        run = self.run_corosim("run", "prog.py", "--max-steps", "1000", "--trace", "out.json")
        self.assertEqual(run.returncode, EXIT_LIMIT, run.describe())
        trace = self.assert_valid_trace("out.json", "prog.py", "limit")
        self.assertEqual(trace["tasks"][0]["state"], "pending")

    def test_the_trace_of_a_run_stopped_by_until_has_outcome_until(self):
        self.write("prog.py", TWO_TASKS)
        run = self.run_corosim("run", "prog.py", "--until", "3", "--trace", "out.json")
        self.assertEqual(run.returncode, EXIT_OK, run.describe())
        trace = self.assert_valid_trace("out.json", "prog.py", "until")
        self.assertEqual(trace["end_time"], 3)
        self.assertEqual([t["state"] for t in trace["tasks"]], ["pending", "done", "pending"])

    def test_the_trace_of_an_empty_program_has_outcome_ok_and_no_tasks(self):
        self.write("prog.py", "")
        run = self.run_corosim("run", "prog.py", "--trace", "out.json")
        self.assertEqual(run.returncode, EXIT_OK, run.describe())
        trace = self.assert_valid_trace("out.json", "prog.py", "ok")
        self.assertEqual((trace["end_time"], trace["tasks"], trace["events"]), (0, [], []))


class TraceIsNotWrittenWhenTheProgramCannotBeUsed(CorosimTestCase):

    def test_no_trace_is_written_for_a_syntax_error(self):
        self.write("prog.py", "x = = 1\n")
        os.mkdir(self.path("out"))
        run = self.run_corosim("run", "prog.py", "--trace", "out/t.json")
        self.assertEqual(run.returncode, EXIT_UNUSABLE, run.describe())
        self.assertEqual(self.listdir("out"), [])

    def test_no_trace_is_written_for_an_unsupported_construct(self):
        self.write("prog.py", "async def main():\n    async for x in y:\n        pass\n")
        os.mkdir(self.path("out"))
        run = self.run_corosim("run", "prog.py", "--trace", "out/t.json")
        self.assertEqual(run.returncode, EXIT_UNUSABLE, run.describe())
        self.assertEqual(self.listdir("out"), [])

    def test_no_trace_is_written_for_a_file_that_is_not_utf8(self):
        self.write("prog.py", b"\xff\xfe")
        os.mkdir(self.path("out"))
        run = self.run_corosim("run", "prog.py", "--trace", "out/t.json")
        self.assertEqual(run.returncode, EXIT_UNUSABLE, run.describe())
        self.assertEqual(self.listdir("out"), [])

    def test_no_trace_is_written_for_a_missing_program(self):
        os.mkdir(self.path("out"))
        run = self.run_corosim("run", "missing.py", "--trace", "out/t.json")
        self.assertEqual(run.returncode, EXIT_UNUSABLE, run.describe())
        self.assertEqual(self.listdir("out"), [])

    def test_an_existing_trace_is_left_untouched_when_the_program_cannot_be_parsed(self):
        self.write("prog.py", "x = = 1\n")
        self.write("out/t.json", "OLD")
        run = self.run_corosim("run", "prog.py", "--trace", "out/t.json")
        self.assertEqual(run.returncode, EXIT_UNUSABLE, run.describe())
        self.assertEqual(self.listdir("out"), ["t.json"])
        with open(self.path("out/t.json")) as f:
            self.assertEqual(f.read(), "OLD")

    def test_a_trace_path_in_a_missing_directory_exits_2_with_a_clear_message(self):
        self.write("prog.py", 'print("ran")\n')
        run = self.run_corosim("run", "prog.py", "--trace", "nowhere/t.json")
        self.assertEqual(run.returncode, EXIT_UNUSABLE, run.describe())
        self.assertEqual(run.stdout, "", "the program does not run when its trace cannot be written")
        self.assertIn("nowhere/t.json", run.stderr, run.describe())
        self.assertEqual(len(run.stderr.rstrip("\n").split("\n")), 1, run.describe())
        self.assertFalse(os.path.exists(self.path("nowhere")))

    def test_a_trace_path_that_is_a_directory_exits_2_before_running_the_program(self):
        self.write("prog.py", 'print("ran")\n')
        os.mkdir(self.path("adir"))
        run = self.run_corosim("run", "prog.py", "--trace", "adir")
        self.assertEqual(run.returncode, EXIT_UNUSABLE, run.describe())
        self.assertEqual(run.stdout, "", "the program does not run when its trace cannot be written")
        self.assertIn("adir", run.stderr, run.describe())
        self.assertEqual(len(run.stderr.rstrip("\n").split("\n")), 1, run.describe())
        self.assertEqual(self.listdir("adir"), [])

    def test_a_trace_path_that_is_a_directory_is_exit_2_even_when_the_program_deadlocks(self):
        self.write("prog.py", AWAIT_FOREVER)
        os.mkdir(self.path("adir"))
        run = self.run_corosim("run", "prog.py", "--trace", "adir")
        self.assertEqual(run.returncode, EXIT_UNUSABLE, run.describe())
        self.assertIn("adir", run.stderr, run.describe())
        self.assertEqual(self.listdir("adir"), [])


class TraceIsWrittenAtomically(CorosimTestCase):

    def test_after_each_outcome_the_directory_holds_exactly_the_trace_file(self):
        for source, args in ((TWO_TASKS, ()), (RAISES_IN_CHILD, ()), (AWAIT_FOREVER, ()),
                             (SPIN, ("--max-steps", "1000")), (TWO_TASKS, ("--until", "1"))):
            with self.subTest(source=source.splitlines()[-1], args=args):
                self.write("prog.py", source)
                os.makedirs(self.path("out"), exist_ok=True)
                self.run_corosim("run", "prog.py", "--trace", "out/t.json", *args)
                self.assertEqual(self.listdir("out"), ["t.json"])
                load_trace(self.path("out/t.json"))

    def test_an_existing_trace_file_is_replaced_by_the_new_trace(self):
        self.write("prog.py", TWO_TASKS)
        self.write("out/t.json", "OLD" * 100000)
        run = self.run_corosim("run", "prog.py", "--trace", "out/t.json")
        self.assertEqual(run.returncode, EXIT_OK, run.describe())
        self.assertEqual(self.listdir("out"), ["t.json"])
        self.assert_valid_trace("out/t.json", "prog.py", "ok")

    def test_an_existing_trace_file_keeps_its_old_content_until_the_trace_is_complete(self):
        # The default step limit keeps corosim busy for seconds: long enough
        # to look at the file while it runs. Every read sees either the old
        # content or the whole new trace, never a partial or empty file.
        self.write("prog.py", SPIN)
        self.write("out/t.json", "OLD")
        proc = subprocess.Popen([self.binary, "run", "prog.py", "--trace", "out/t.json"],
                                cwd=self.dir, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        seen_old = 0
        try:
            deadline = time.monotonic() + 30
            while proc.poll() is None and time.monotonic() < deadline:
                with open(self.path("out/t.json"), "rb") as f:
                    content = f.read()
                if content == b"OLD":
                    seen_old += 1
                else:
                    trace = json.loads(content)  # complete, or this raises
                    self.assertEqual(trace["outcome"]["status"], "limit")
                time.sleep(0.05)
        finally:
            if proc.poll() is None:
                proc.kill()
            _, err = proc.communicate()
        self.assertEqual(proc.returncode, EXIT_LIMIT, err.decode("utf-8", "replace"))
        self.assertGreater(seen_old, 0, "the run ended before it could be observed")
        self.assertEqual(self.listdir("out"), ["t.json"])
        self.assert_valid_trace("out/t.json", "prog.py", "limit")

    def test_a_run_killed_midway_leaves_no_trace_file_at_the_target_path(self):
        # SIGKILL gives corosim no chance to clean up: at most a hidden
        # temporary may remain, never a half-written t.json.
        self.write("prog.py", SPIN)
        os.mkdir(self.path("out"))
        # --max-steps 0: spin until killed (the default limit can end a fast
        # build's run before the signal arrives).
        proc = subprocess.Popen([self.binary, "run", "prog.py", "--trace", "out/t.json",
                                 "--max-steps", "0"],
                                cwd=self.dir, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(0.5)
        self.assertIsNone(proc.poll(), "the run ended before it could be killed")
        proc.kill()
        proc.communicate()
        self.assertNotIn("t.json", self.listdir("out"))

    def test_a_run_stopped_by_sigint_leaves_no_half_written_trace(self):
        self.write("prog.py", SPIN)
        os.mkdir(self.path("out"))
        proc = subprocess.Popen([self.binary, "run", "prog.py", "--trace", "out/t.json",
                                 "--max-steps", "0"],
                                cwd=self.dir, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(0.5)
        self.assertIsNone(proc.poll(), "the run ended before it could be interrupted")
        proc.send_signal(2)
        try:
            proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            self.fail("corosim ignored SIGINT")
        files = self.listdir("out")
        if "t.json" in files:  # if written at all, it is a complete trace
            load_trace(self.path("out/t.json"))


class TraceIsDeterministic(CorosimTestCase):

    def assert_identical_twice(self, program, *args):
        first = self.run_corosim("run", program, "--trace", "one.json", *args)
        second = self.run_corosim("run", program, "--trace", "two.json", *args)
        self.assertEqual(first.returncode, second.returncode)
        self.assertEqual(first.stdout, second.stdout)
        with open(self.path("one.json"), "rb") as a, open(self.path("two.json"), "rb") as b:
            self.assertEqual(a.read(), b.read(), "the two traces differ")
        return first

    def test_the_same_program_gives_a_byte_identical_trace_on_two_runs(self):
        self.write("prog.py", BUSY)
        run = self.assert_identical_twice("prog.py")
        self.assertEqual(run.returncode, EXIT_OK, run.describe())
        trace = self.assert_valid_trace("one.json", "prog.py", "ok")
        kinds = {e["kind"] for e in trace["events"]}
        self.assertTrue({"create", "resume", "suspend", "done", "cancel", "print"} <= kinds, kinds)

    def test_the_seed_notebook_gives_a_byte_identical_trace_on_two_runs(self):
        notebook = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                 "..", "..", "scenarios", "seed", "notebook.py"))
        if not os.path.exists(notebook):
            self.skipTest("no scenarios/seed/notebook.py")
        with open(notebook, encoding="utf-8") as f:
            self.write("notebook.py", f.read())
        run = self.assert_identical_twice("notebook.py")
        self.assertEqual(run.returncode, EXIT_OK, run.describe())

    def test_a_failing_program_gives_a_byte_identical_trace_on_two_runs(self):
        self.write("prog.py", RAISES_IN_CHILD)
        self.assert_identical_twice("prog.py")

    def test_a_deadlocked_program_gives_a_byte_identical_trace_on_two_runs(self):
        self.write("prog.py", AWAIT_FOREVER)
        self.assert_identical_twice("prog.py")


class QuietFlag(CorosimTestCase):

    def test_quiet_suppresses_program_output_but_the_trace_keeps_the_print_events(self):
        self.write("prog.py", BUSY)
        loud = self.run_corosim("run", "prog.py")
        quiet = self.run_corosim("run", "prog.py", "-q", "--trace", "out.json")
        self.assertEqual(quiet.returncode, EXIT_OK, quiet.describe())
        self.assertEqual(quiet.stdout, "")
        self.assertEqual(quiet.stderr, "")
        trace = self.assert_valid_trace("out.json", "prog.py", "ok")
        printed = "".join(e["text"] for e in trace["events"] if e["kind"] == "print")
        self.assertEqual(printed, loud.stdout)
        self.assertNotEqual(printed, "")

    def test_quiet_still_reports_an_uncaught_exception_on_stderr(self):
        self.write("prog.py", RAISES_AT_MODULE_LEVEL)
        run = self.run_corosim("run", "prog.py", "-q")
        self.assertEqual(run.returncode, EXIT_EXCEPTION, run.describe())
        self.assertEqual(run.stdout, "")
        self.assertTrue(run.stderr.endswith("KeyError: 'k'\n"), run.describe())

    def test_print_events_hold_exactly_what_each_call_wrote(self):
        self.write("prog.py", """\
import asyncio

async def main():
    print("a", 1, sep="-", end="!")
    print()
    print("x", "y")

print("outside")
asyncio.run(main())
""")
        run = self.run_corosim("run", "prog.py", "-q", "--trace", "out.json")
        self.assertEqual(run.returncode, EXIT_OK, run.describe())
        trace = self.assert_valid_trace("out.json", "prog.py", "ok")
        prints = [(e["task"], e["text"]) for e in trace["events"] if e["kind"] == "print"]
        self.assertEqual(prints, [(None, "outside\n"), (1, "a-1!"), (1, "\n"), (1, "x y\n")])


if __name__ == "__main__":
    unittest.main()
