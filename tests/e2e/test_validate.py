"""`corosim validate`: its verdicts and messages, and agreement with Python's
jsonschema (Draft202012Validator on schema/corosim-trace-v1.schema.json) on
valid and invalid traces: the same verdict, violations at the same JSON
pointers."""

import glob
import gzip
import json
import os
import sys
import unittest

from e2e_support import EXIT_OK, EXIT_UNUSABLE, CorosimTestCase

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "schema"))

import trace_cases  # noqa: E402  (needs the path above)

EXIT_INVALID = 1

# The cases of trace_cases.CASES the schema allows and corosim's reader (so
# every command) refuses, with the reader's words.
READER_REFUSES = {
    "integral float id": "tasks[0].id: expected a task id, got 1.0",
}


def corosim_pointers(stdout, path):
    """The JSON pointers of corosim validate's violation lines for `path`."""
    pointers = set()
    prefix = path + ": "
    for line in stdout.splitlines():
        if not line.startswith(prefix) or line.startswith(prefix + "..."):
            continue
        where = line[len(prefix):].split(": ", 1)[0]
        pointers.add("" if where == "(top level)" else where)
    return pointers


class ValidateAgreesWithJsonschema(CorosimTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.validator = trace_cases.make_validator()

    def record_sample(self):
        self.write("sample.py", trace_cases.SAMPLE)
        self.run_corosim("run", "-q", "sample.py", "--trace", "sample.json")
        with open(self.path("sample.json"), encoding="utf-8") as f:
            return trace_cases.loads(f.read())

    def assert_agree(self, name, text, reader_refuses=None):
        """corosim validate and jsonschema give the same verdict on `text`,
        and name the same places; or, for a text the schema allows that
        corosim's reader refuses (`reader_refuses`: the reader's words),
        corosim validate says what the reader says."""
        self.write(name, text)
        python_errors = list(self.validator.iter_errors(trace_cases.loads(text)))
        run = self.run_corosim("validate", name)
        if reader_refuses:
            self.assertEqual(python_errors, [])
            self.assertEqual(run.returncode, EXIT_INVALID, run.describe())
            self.assertEqual(run.stdout, f"{name}: {reader_refuses}\n")
            self.assertEqual(self.run_corosim("view", name).stderr, f"{name}: {reader_refuses}\n")
            return
        expected_exit = EXIT_INVALID if python_errors else EXIT_OK
        self.assertEqual(run.returncode, expected_exit, f"{name}: {python_errors[:3]}\n{run.describe()}")
        if python_errors:
            self.assertLessEqual(len(python_errors), 20, f"{name}: too many violations to compare")
            self.assertEqual(corosim_pointers(run.stdout, name),
                             {trace_cases.pointer(e.absolute_path) for e in python_errors}, run.describe())
        else:
            self.assertRegex(run.stdout, rf"^{name}: valid trace \(format v1, \d+ tasks?, \d+ events?\)\n$")

    def test_every_case_of_the_schema_tests(self):
        sample = self.record_sample()
        self.assert_agree("sample-0.json", json.dumps(sample))
        for i, (name, edit, expect_valid) in enumerate(trace_cases.CASES, start=1):
            with self.subTest(case=name):
                self.assert_agree(f"case-{i}.json", json.dumps(trace_cases.edited(sample, edit)),
                                  READER_REFUSES.get(name))

    def test_json_corner_cases(self):
        sample = self.record_sample()
        text = json.dumps(sample)
        # Integers written as floats, huge integers, an id far too big for
        # corosim's reader: the schema allows them, the reader does not.
        self.assert_agree("floats.json", text.replace('"version": 1', '"version": 1.0'),
                          "unsupported trace version 1.0; this corosim reads version 1")
        self.assert_agree("float_id.json", text.replace('"id": 1,', '"id": 1e0,'),
                          "tasks[0].id: expected a task id, got 1e0")
        self.assert_agree("huge.json", text.replace('"id": 1,', '"id": 123456789012345678901234567890,'),
                          "tasks[0].id: expected a task id, got 123456789012345678901234567890")
        self.assert_agree("negative.json", text.replace('"id": 1,', '"id": -18446744073709551617,'))
        # A lone surrogate, which corosim writes for a str holding one.
        self.assert_agree("surrogate.json", text.replace('"name": "Task-1"', '"name": "\\ud800x"'))
        # Keys in another order, duplicated keys (the last one counts).
        self.assert_agree("reordered.json", json.dumps(dict(reversed(list(sample.items())))))
        self.assert_agree("duplicate.json", text.replace('"format": "corosim-trace"',
                                                         '"format": 7, "format": "corosim-trace"'),
                          'not a corosim trace ("format" is 7, expected "corosim-trace")')

    def test_every_scenario_trace_and_golden(self):
        scenarios = os.path.join(ROOT, "scenarios")
        programs = sorted(glob.glob(os.path.join(scenarios, "**", "*.py"), recursive=True))
        self.assertGreater(len(programs), 0)
        traces = []
        for i, program in enumerate(programs):
            self.run_corosim("run", "-q", program, "--trace", f"scenario-{i}.json")
            traces.append(self.path(f"scenario-{i}.json"))
        traces += sorted(glob.glob(os.path.join(scenarios, "**", "*.trace.json"), recursive=True))
        for i, path in enumerate(traces):
            with open(path, encoding="utf-8") as f:
                text = f.read()
            with self.subTest(trace=os.path.relpath(path, ROOT)):
                self.assert_agree(f"checked-{i}.json", text)


class ValidateCommand(CorosimTestCase):

    def read_text(self, name):
        with open(self.path(name), encoding="utf-8") as f:
            return f.read()

    def test_many_files_and_the_worst_verdict(self):
        self.write("p.py", "import asyncio\nasync def main():\n    await asyncio.sleep(1)\nasyncio.run(main())\n")
        self.run_corosim("run", "p.py", "--trace", "p.json")
        with open(self.path("p.json"), "rb") as f:
            data = f.read()
        self.write("p.json.gz", gzip.compress(data))
        run = self.run_corosim("validate", "p.json", "p.json.gz")
        self.assertEqual(run.returncode, EXIT_OK, run.describe())
        self.assertEqual(run.stdout, "p.json: valid trace (format v1, 3 tasks, 11 events)\n"
                                     "p.json.gz: valid trace (format v1, 3 tasks, 11 events)\n")
        self.write("bad.json", data.replace(b'"until": 1.0', b'"until": "1.0"'))
        run = self.run_corosim("validate", "p.json", "bad.json")
        self.assertEqual(run.returncode, EXIT_INVALID, run.describe())
        self.assertIn("bad.json: /events/2/waits_on/until: expected number or null, got string\n", run.stdout)
        run = self.run_corosim("validate", "bad.json", "missing.json", "p.json")
        self.assertEqual(run.returncode, EXIT_UNUSABLE, run.describe())
        self.assertEqual(run.stderr, "missing.json: cannot open file: No such file or directory\n")

    def test_what_the_reader_refuses_is_invalid_or_unusable_in_the_reader_s_words(self):
        self.write("p.py", "import asyncio\nasync def main():\n    await asyncio.sleep(1)\nasyncio.run(main())\n")
        self.run_corosim("run", "p.py", "--trace", "p.json")
        trace = json.loads(self.read_text("p.json"))
        trace["tasks"][1]["id"] = 7
        self.write("gap.json", json.dumps(trace, indent=2))
        trace["tasks"][1]["id"] = 2
        trace["events"][3]["task"] = 99
        self.write("ref.json", json.dumps(trace, indent=2))
        for name, reason in (("gap.json", "tasks[1].id: expected 2 (ids are 1, 2, ... in order), got 7"),
                             ("ref.json", "events[3].task: there is no task 99 (the trace has 3 tasks)")):
            run = self.run_corosim("validate", name)
            self.assertEqual(run.returncode, EXIT_INVALID, run.describe())
            self.assertEqual(run.stdout, f"{name}: {reason}\n")
            self.assertEqual(self.run_corosim("diff", name, "p.json").stderr, f"{name}: {reason}\n")
        # A number beyond a double, a byte that is not UTF-8: unusable, as
        # view says it, never an internal error.
        self.write("inf.json", self.read_text("p.json").replace('"end_time": 1.0', '"end_time": 1e999', 1))
        self.write("bin.json", b"\xff\x1b")
        for name, message in (("inf.json", r"^inf\.json:[0-9]+:[0-9]+: number out of range: 1e999 is beyond a double\n$"),
                              ("bin.json", r"^bin\.json:1:1: not valid JSON: .*last read: '\\xff'\n$")):
            run = self.run_corosim("validate", name)
            self.assertEqual(run.returncode, EXIT_UNUSABLE, run.describe())
            self.assertRegex(run.stderr, message)
            self.assertEqual(self.run_corosim("view", name).stderr, run.stderr)

    def test_unusable_files_get_one_line(self):
        for name, content, message in [
                ("empty.json", "", "empty.json: empty file, not a corosim trace"),
                ("cut.json", '{\n  "format": "corosim-trace",\n  "vers', "cut.json:3:"),
                ("nan.json", '{"end_time": NaN}', "nan.json:1:14: not valid JSON"),
                ("binary.json", b"\x1f\x8b\x08\x00garbage", "binary.json: "),
        ]:
            with self.subTest(file=name):
                self.write(name, content)
                run = self.run_corosim("validate", name)
                self.assert_unusable(run, name, max_lines=1)
                self.assertTrue(run.stderr.startswith(message), run.describe())

    def test_absurd_nesting_anywhere_is_refused_in_one_line(self):
        depth = 200_000
        deep = "[" * depth + "]" * depth
        trace = ('{"format": "corosim-trace", "version": 1, "program": "p.py", "end_time": 0.0,'
                 ' "outcome": {"status": "ok"}, "tasks": [], "events": [EVENT]}')
        for name, text in [
                ("version.json", '{"format": "corosim-trace", "version": ' + deep + "}"),
                ("event.json", trace.replace("EVENT", '{"t": 0.0, "kind": "print", "task": null, "text": '
                                             + deep + "}")),
                ("element.json", trace.replace("EVENT", deep)),
                ("top.json", deep),
        ]:
            with self.subTest(file=name):
                self.write(name, text)
                run = self.run_corosim("validate", name)
                self.assert_unusable(run, name, max_lines=1)
                self.assertRegex(run.stderr, rf"^{name}:1:\d+: nested more than \d+ levels deep\n$")

    def test_a_big_trace_is_checked_quickly(self):
        events = ",\n".join('    {"t": 0.0, "kind": "resume", "task": 1}' for _ in range(300_000))
        text = ('{"format": "corosim-trace", "version": 1, "program": "p.py", "end_time": 0.0,'
                ' "outcome": {"status": "ok"}, "tasks": [{"id": 1, "name": "Task-1", "coro": "main",'
                ' "parent": null, "created": 0.0, "finished": null, "state": "pending", "internal": false}],'
                f' "events": [\n{events}\n]}}\n')
        self.write("big.json", text)
        run = self.run_corosim("validate", "big.json")
        self.assertEqual(run.stdout, "big.json: valid trace (format v1, 1 task, 300000 events)\n", run.describe())
        self.assertLess(run.seconds, 20, run.describe())


if __name__ == "__main__":
    unittest.main()
