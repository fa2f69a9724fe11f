"""The views of a trace from the command line: `run --html/--chrome-trace/
--gantt` on every scenario, `view` of a saved trace (the same bytes as the run
wrote, also from the trace gzipped), the terminal's width and colours, outputs
that name one file, and traces `view` cannot read."""

import fcntl
import glob
import gzip
import json
import os
import pty
import re
import struct
import subprocess
import termios
import unittest

from e2e_programs import AWAIT_FOREVER, TWO_TASKS
from e2e_support import (DEFAULT_TIMEOUT, EXIT_DEADLOCK, EXIT_OK, EXIT_UNUSABLE, CorosimTestCase,
                         load_trace)

SCENARIOS = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scenarios"))

DATA_OPEN = '<script type="application/json" id="corosim-trace">'
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


def page_data(html):
    """The JSON text inside the page's data element."""
    begin = html.index(DATA_OPEN) + len(DATA_OPEN)
    return html[begin:html.index("</script>", begin)]


class ViewsOfEveryScenario(CorosimTestCase):

    def test_every_scenario_writes_its_views_and_view_rewrites_them_byte_for_byte(self):
        scenarios = sorted(glob.glob(os.path.join(SCENARIOS, "**", "*.py"), recursive=True))
        self.assertGreater(len(scenarios), 10, f"no scenarios under {SCENARIOS}")
        for program in scenarios:
            with self.subTest(scenario=os.path.relpath(program, SCENARIOS)):
                self.check_views_of(program)

    def check_views_of(self, program):
        plain = self.run_corosim("run", program)
        views = self.run_corosim("run", program, "--trace", "t.json", "--html", "t.html",
                                 "--chrome-trace", "c.json", "--gantt", "--width", "100")
        # The views change nothing about the run: same exit code, same output,
        # then the chart.
        self.assertEqual(views.returncode, plain.returncode, views.describe())
        self.assertEqual(views.stderr, plain.stderr, views.describe())
        self.assertTrue(views.stdout.startswith(plain.stdout), views.describe())
        gantt = views.stdout[len(plain.stdout):]
        self.assertNotEqual(gantt, "", views.describe())

        trace = self.assert_valid_trace("t.json", program, load_trace(self.path("t.json"))["outcome"]["status"])
        with open(self.path("t.html"), encoding="utf-8") as f:
            html = f.read()
        data_text = page_data(html)
        self.assertNotIn("<", data_text)
        data = json.loads(data_text)
        self.assertEqual(data["format"], "corosim-columnar")
        self.assertEqual(data["program"], program)
        self.assertEqual(data["outcome"], trace["outcome"])
        self.assertEqual(len(data["tasks"]["id"]), len(trace["tasks"]))
        self.assertEqual(len(data["events"]["t"]), len(trace["events"]))
        with open(self.path("c.json"), encoding="utf-8") as f:
            json.load(f)

        view = self.run_corosim("view", "t.json", "--html", "v.html", "--chrome-trace", "vc.json",
                                "--gantt", "--width", "100")
        self.assert_exit(view, EXIT_OK)
        self.assertEqual(view.stderr, "", view.describe())
        self.assertEqual(view.stdout, gantt)
        for ran, viewed in (("t.html", "v.html"), ("c.json", "vc.json")):
            with open(self.path(ran), "rb") as a, open(self.path(viewed), "rb") as b:
                self.assertEqual(a.read(), b.read(), f"{viewed} differs from {ran}")
        for name in ("t.json", "t.html", "c.json", "v.html", "vc.json"):
            os.remove(self.path(name))
        self.assertEqual(self.listdir(), [])


class ViewCommand(CorosimTestCase):

    def saved_trace(self, source=TWO_TASKS, code=EXIT_OK):
        self.write("p.py", source)
        self.assert_exit(self.run_corosim("run", "p.py", "--trace", "t.json", "-q"), code)
        return "t.json"

    def test_view_without_an_output_flag_prints_the_gantt_chart(self):
        self.saved_trace()
        view = self.run_corosim("view", "t.json")
        self.assert_exit(view, EXIT_OK)
        gantt = self.run_corosim("run", "p.py", "-q", "--gantt")
        self.assertEqual(view.stdout, gantt.stdout)
        self.assertIn("Task-2", view.stdout)
        self.assertNotIn("\x1b[", view.stdout, "colours although stdout is not a terminal")

    def test_the_chart_is_as_wide_as_COLUMNS_when_stdout_is_not_a_terminal(self):
        self.saved_trace()
        for columns in ("61", "150"):
            with self.subTest(columns=columns):
                env = dict(os.environ, COLUMNS=columns)
                done = subprocess.run([self.binary, "view", "t.json"], cwd=self.dir, env=env,
                                      capture_output=True, timeout=DEFAULT_TIMEOUT)
                self.assertEqual(done.returncode, EXIT_OK, done.stderr)
                lines = done.stdout.decode("utf-8").splitlines()
                self.assertEqual(max(len(line) for line in lines), int(columns), lines)

    def test_widths_beyond_the_chart_s_range_are_refused_or_brought_into_it(self):
        self.saved_trace()
        refused = self.run_corosim("view", "t.json", "--width", "5000")
        self.assert_exit(refused, EXIT_UNUSABLE)
        self.assertIn("--width: must be a whole number of columns from 40 to 1000, got '5000'", refused.stderr)
        widest = self.run_corosim("view", "t.json", "--width", "1000")
        self.assert_exit(widest, EXIT_OK)
        self.assertEqual(max(len(line) for line in widest.stdout.splitlines()), 1000)
        env = dict(os.environ, COLUMNS="5000")
        done = subprocess.run([self.binary, "view", "t.json"], cwd=self.dir, env=env,
                              capture_output=True, timeout=DEFAULT_TIMEOUT)
        self.assertEqual(done.returncode, EXIT_OK, done.stderr)
        self.assertEqual(done.stdout.decode("utf-8"), widest.stdout)

    def test_on_a_terminal_the_chart_has_colours_and_the_terminal_s_width(self):
        self.saved_trace()
        leader, follower = pty.openpty()
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 72, 0, 0))
        env = dict(os.environ, COLUMNS="150")  # the terminal's own width wins
        process = subprocess.Popen([self.binary, "view", "t.json"], cwd=self.dir, env=env,
                                   stdin=subprocess.DEVNULL, stdout=follower, stderr=subprocess.PIPE)
        os.close(follower)
        output = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the terminal's other side is closed
                break
            if not chunk:
                break
            output += chunk
        os.close(leader)
        self.assertEqual(process.wait(timeout=DEFAULT_TIMEOUT), EXIT_OK, process.stderr.read())
        process.stderr.close()
        text = output.decode("utf-8").replace("\r\n", "\n")
        self.assertIn("\x1b[", text)
        lines = ANSI_ESCAPE.sub("", text).splitlines()
        self.assertEqual(max(len(line) for line in lines), 72, lines)

    def test_run_writes_its_views_when_the_program_deadlocks(self):
        self.write("p.py", AWAIT_FOREVER)
        run = self.run_corosim("run", "p.py", "--html", "t.html", "--chrome-trace", "c.json", "--gantt")
        self.assert_exit(run, EXIT_DEADLOCK)
        self.assertTrue(run.stdout.startswith("waiting\n"), run.describe())
        with open(self.path("t.html"), encoding="utf-8") as f:
            data = json.loads(page_data(f.read()))
        self.assertEqual(data["outcome"], {"status": "deadlock", "waiting": [1]})

    def test_a_gzipped_trace_gives_the_same_views_as_the_plain_file(self):
        self.saved_trace()
        zipped = subprocess.run(["gzip", "-k", "t.json"], cwd=self.dir, capture_output=True,
                                timeout=DEFAULT_TIMEOUT)
        self.assertEqual(zipped.returncode, 0, zipped.stderr)
        outputs = {}
        for name in ("t.json", "t.json.gz"):
            view = self.run_corosim("view", name, "--html", name + ".html", "--chrome-trace", name + ".c.json",
                                    "--gantt", "--width", "90")
            self.assert_exit(view, EXIT_OK)
            self.assertEqual(view.stderr, "", view.describe())
            with open(self.path(name + ".html"), "rb") as html, open(self.path(name + ".c.json"), "rb") as chrome:
                outputs[name] = (view.stdout, html.read(), chrome.read())
        self.assertIn("Task-2", outputs["t.json"][0])
        self.assertEqual(outputs["t.json.gz"], outputs["t.json"])

    def test_two_outputs_naming_one_file_are_refused_before_the_program_runs(self):
        self.write("p.py", 'print("ran")\n')
        os.mkdir(self.path("sub"))
        for args, message in (
                (("--trace", "x.json", "--html", "x.json"),
                 "corosim: --trace 'x.json' and --html 'x.json' name the same file: give each output its own path\n"),
                (("--html", "out", "--chrome-trace", "sub/../out"),
                 "corosim: --html 'out' and --chrome-trace 'sub/../out' name the same file: "
                 "give each output its own path\n"),
                (("--trace", os.path.join(self.dir, "t.json"), "--chrome-trace", "./t.json"),
                 f"corosim: --trace '{os.path.join(self.dir, 't.json')}' and --chrome-trace './t.json' name the same "
                 "file: give each output its own path\n"),
                (("--html", "./p.py"),
                 "corosim: --html './p.py' is the program being run ('p.py'): writing it would replace it; "
                 "give the output another path\n")):
            with self.subTest(args=args):
                self.assert_clash_refused(("run", "p.py", *args), message)

    def test_view_refuses_two_outputs_naming_one_file_and_an_output_over_its_trace(self):
        self.saved_trace()
        for args, message in (
                (("--html", "v", "--chrome-trace", "v"),
                 "corosim: --html 'v' and --chrome-trace 'v' name the same file: give each output its own path\n"),
                (("--chrome-trace", "t.json"),
                 "corosim: --chrome-trace 't.json' is the trace being read ('t.json'): writing it would replace "
                 "it; give the output another path\n")):
            with self.subTest(args=args):
                self.assert_clash_refused(("view", "t.json", *args), message)

    def assert_clash_refused(self, args, message):
        """`corosim ARGS` exits 2 with `message`, printing and writing nothing."""
        before = self.listdir()
        done = self.run_corosim(*args)
        self.assert_exit(done, EXIT_UNUSABLE)
        self.assertEqual(done.stdout, "")
        self.assertEqual(done.stderr, message)
        self.assertEqual(self.listdir(), before)

    def test_an_unwritable_view_path_is_refused_before_the_program_runs(self):
        self.write("p.py", 'print("ran")\n')
        for flag in ("--html", "--chrome-trace"):
            with self.subTest(flag=flag):
                run = self.run_corosim("run", "p.py", flag, "missing/out")
                self.assert_exit(run, EXIT_UNUSABLE)
                self.assertEqual(run.stdout, "")
                self.assertEqual(run.stderr, "corosim: cannot write 'missing/out': No such file or directory "
                                             "(does the directory 'missing/' exist?)\n")


class UnreadableTraces(CorosimTestCase):
    """`view` of a file that is not a readable trace v1: exit 2, one line
    naming the file, nothing on stdout and no output file left behind."""

    def assert_refused(self, name, message_pattern):
        before = self.listdir()
        view = self.run_corosim("view", name, "--html", "out.html", "--chrome-trace", "out.json", "--gantt")
        self.assert_unusable(view, name, max_lines=1)
        self.assertRegex(view.stderr, message_pattern)
        self.assertEqual(self.listdir(), before, "an output file was left behind")
        return view

    def valid_trace_text(self):
        self.write("p.py", TWO_TASKS)
        self.assert_exit(self.run_corosim("run", "p.py", "--trace", "good.json", "-q"), EXIT_OK)
        with open(self.path("good.json"), encoding="utf-8") as f:
            return f.read()

    def test_a_missing_file(self):
        self.assert_refused("none.json", r"\Anone\.json: cannot open file: No such file or directory\n\Z")

    def test_a_file_that_is_not_json_gets_line_and_column(self):
        self.write("notes.json", "{\n  \"format\": \"corosim-trace\",\n  oops\n}\n")
        self.assert_refused("notes.json", r"\Anotes\.json:3:3: not valid JSON: ")

    def test_another_json_document(self):
        self.write("package.json", '{"name": "x", "version": "1.0.0"}\n')
        self.assert_refused("package.json", r"\Apackage\.json: not a corosim trace")

    def test_a_later_version(self):
        text = self.valid_trace_text().replace('"version": 1,', '"version": 2,', 1)
        self.write("v2.json", text)
        self.assert_refused("v2.json",
                            r"\Av2\.json: unsupported trace version 2; this corosim reads version 1\n\Z")

    def test_a_truncated_trace(self):
        text = self.valid_trace_text()
        # Cut after a whole line, so the text ends between two values.
        self.write("cut.json", text[:text.rindex("\n", 0, len(text) * 2 // 3) + 1])
        self.assert_refused("cut.json", r"\Acut\.json:\d+:\d+: not valid JSON: .*unexpected end of input.*truncated")

    def test_a_truncated_gzipped_trace(self):
        text = self.valid_trace_text().encode("utf-8")
        whole = gzip.compress(text, mtime=0)
        self.write("cut.json.gz", whole[:len(whole) // 2])
        self.assert_refused("cut.json.gz",
                            r"\Acut\.json\.gz: the gzip data ends early \(is the file truncated\?\)\n\Z")

    def test_a_corrupt_gzipped_trace(self):
        whole = bytearray(gzip.compress(self.valid_trace_text().encode("utf-8"), mtime=0))
        whole[len(whole) // 2] ^= 0xFF
        self.write("bad.json.gz", bytes(whole))
        self.assert_refused("bad.json.gz", r"\Abad\.json\.gz: not valid gzip data: ")

    def test_an_event_of_a_task_that_does_not_exist(self):
        text = self.valid_trace_text().replace('"kind": "resume", "task": 2', '"kind": "resume", "task": 9', 1)
        self.write("bad-ref.json", text)
        self.assert_refused("bad-ref.json", r"\Abad-ref\.json: events\[\d+\]\.task: there is no task 9")


LOCK_AND_QUEUE = """import asyncio

async def holder(lock, q):
    async with lock:
        await asyncio.sleep(1)
    await q.put("done")

async def waiter(lock):
    async with lock:
        await asyncio.sleep(0.5)

async def main():
    lock, q = asyncio.Lock(), asyncio.Queue()
    tasks = [asyncio.create_task(holder(lock, q)), asyncio.create_task(waiter(lock))]
    print(await asyncio.wait_for(q.get(), 5))
    await asyncio.gather(*tasks)

asyncio.run(main())
"""


class WaitsInViews(CorosimTestCase):
    """The exports show where a task waits: each suspend's primitive,
    object and line, as the trace records them."""

    def test_wait_slices_and_the_chart_name_the_asyncio_call_and_its_object(self):
        self.write("p.py", LOCK_AND_QUEUE)
        run = self.run_corosim("run", "p.py", "-q", "--trace", "t.json", "--chrome-trace", "c.json", "--gantt",
                               "--width", "200")
        self.assert_exit(run, EXIT_OK)
        trace = load_trace(self.path("t.json"))
        with open(self.path("c.json"), encoding="utf-8") as f:
            slices = [e for e in json.load(f)["traceEvents"] if e["ph"] == "X" and e["cat"] == "wait"]
        names = {task["id"]: task["name"] for task in trace["tasks"]}
        places = {}
        checked = 0
        for event in trace["events"]:
            waits_on = event.get("waits_on", {})
            if "primitive" not in waits_on:
                continue
            call = waits_on["primitive"] + (f" #{waits_on['object']}" if "object" in waits_on else "")
            places.setdefault(call, [])
            if names[event["task"]] not in places[call]:
                places[call].append(names[event["task"]])
            starting = [e for e in slices if e["tid"] == event["task"] and e["ts"] == event["t"] * 1e6]
            if not starting:
                continue  # a wait that took no time has no slice
            self.assertEqual(len(starting), 1, starting)
            self.assertEqual(starting[0]["name"], call)
            self.assertEqual(starting[0]["args"]["waits_on"], waits_on)
            checked += 1
        self.assertEqual(sorted(places), ["lock #1", "queue_get #2", "wait_for"])
        self.assertGreaterEqual(checked, 2)
        self.assertEqual(run.stdout.splitlines()[-1],
                         "waited in " + " \u00b7 ".join(f"{call}: {', '.join(tasks)}" for call, tasks in places.items()))


if __name__ == "__main__":
    unittest.main()
