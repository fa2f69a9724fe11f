"""Self-tests of the conformance tools; they need CPython only, not corosim.

    python3 -m unittest discover -s tests/conformance -p 'test_*.py'

The reference tracer is the oracle every corosim trace is judged by, so it
gets checked against facts established independently (the semantics note's
observed traces, the issue's seed timings), the comparer against traces
that are known to differ, the generator for termination and determinism,
and the runner end to end with a stand-in for the corosim binary.
"""

import contextlib
import gc
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

import compare        # noqa: E402
import gen_features   # noqa: E402
import gen_programs   # noqa: E402
import reftrace       # noqa: E402

SCENARIOS = os.path.join(ROOT, 'scenarios')
SEED = os.path.join(SCENARIOS, 'seed')
# The scenarios that end on purpose with an uncaught exception.
# Scenarios whose point is an exception escaping the program.
UNCAUGHT_SCENARIOS = {os.path.join('errors', 'uncaught_in_main.py'),
                      os.path.join('errors', 'error_in_child_crashes_program.py'),
                      os.path.join('cancellation', 'cancel_task_awaiting_closed_coroutine.py')}


def scenario(*parts):
    return os.path.join(SCENARIOS, *parts)


def trace_file(path):
    """Trace a program in this process; return (trace, stdout text)."""
    out = io.StringIO()
    with contextlib.redirect_stderr(io.StringIO()):
        trace, _ = reftrace.trace_program(path, out)
        gc.collect()    # asyncio's complaints about dropped tasks go to stderr
    return trace, out.getvalue()


def trace_source(source):
    """Trace a program given as text."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, 'program.py')
        with open(path, 'w') as f:
            f.write(textwrap.dedent(source))
        return trace_file(path)


def names(trace):
    return {t['id']: t['name'] for t in trace['tasks']}


def events_of(trace, kind, t=None):
    return [e for e in trace['events'] if e['kind'] == kind and (t is None or e['t'] == t)]


def write_json(path, value):
    with open(path, 'w') as f:
        json.dump(value, f)


def read_json(path):
    with open(path) as f:
        return json.load(f)


def run_script(script, *args):
    return subprocess.run([sys.executable, os.path.join(HERE, script), *args],
                          capture_output=True, text=True)


class SeedExamples(unittest.TestCase):
    """The five examples of the issue, with their virtual timings."""

    def check_timing(self, name, end_time, first, last):
        trace, out = trace_file(os.path.join(SEED, name))
        self.assertEqual(trace['outcome'], {'status': 'ok'})
        self.assertEqual(trace['end_time'], end_time)
        lines = out.splitlines()
        self.assertEqual((lines[0], lines[-1]), (first, last))
        return trace, lines

    def test_sequential_sleeps_take_6_seconds(self):
        self.check_timing('01_sequential_sleeps.py', 6.0,
                          'started at 00:00:00', 'finished at 00:00:06')

    def test_create_task_takes_4_seconds(self):
        self.check_timing('02_create_task.py', 4.0,
                          'started at 00:00:00', 'finished at 00:00:04')

    def test_gather_takes_4_plus_4_seconds(self):
        _, lines = self.check_timing('03_gather.py', 8.0,
                                     'started at 00:00:00', 'finished at 00:00:08')
        self.assertEqual(lines.count('[None, None]'), 2)
        self.assertIn('finished at 00:00:04', lines)

    def test_gather_many_takes_2_seconds(self):
        _, lines = self.check_timing('04_gather_many.py', 2.0,
                                     'started at 00:00:00', 'finished at 00:00:02')
        self.assertIn("['sleep', 'sleep', 'sleep', 'sleep', 'sleep']", lines)

    def test_sequential_many_takes_10_seconds(self):
        self.check_timing('05_sequential_many.py', 10.0,
                          'started at 00:00:00', 'finished at 00:00:10')

    def test_notebook_runs_all_five_in_one_module_task(self):
        trace, _ = self.check_timing('notebook.py', 30.0,
                                     'started at 00:00:00', 'finished at 00:00:30')
        self.assertEqual(trace['tasks'][0]['coro'], '<module>')
        self.assertTrue(all(t['parent'] == 1 for t in trace['tasks'][1:] if not t['internal']))

    def test_equal_deadlines_wake_in_heap_order(self):
        trace, _ = trace_file(os.path.join(SEED, '04_gather_many.py'))
        order = [names(trace)[e['task']] for e in events_of(trace, 'resume', 2.0)]
        self.assertEqual(order[:5], ['Task-2', 'Task-4', 'Task-6', 'Task-3', 'Task-5'])


class TaskRecords(unittest.TestCase):
    """Task-N numbering, shutdown tasks, parents, trace layout."""

    def test_each_run_spends_two_numbers_on_internal_shutdown_tasks(self):
        trace, _ = trace_file(scenario('basics', 'two_runs.py'))
        rows = [(t['name'], t['coro'], t['internal']) for t in trace['tasks']]
        shutdown = [('BaseEventLoop.shutdown_asyncgens', True),
                    ('BaseEventLoop.shutdown_default_executor', True)]
        self.assertEqual([r[0] for r in rows], [f'Task-{i}' for i in range(1, 9)])
        self.assertEqual([r[1:] for r in rows[2:4]], shutdown)
        self.assertEqual([r[1:] for r in rows[6:8]], shutdown)
        self.assertEqual(rows[4][:2], ('Task-5', 'main'))

    def test_named_create_task_still_consumes_a_number(self):
        trace, out = trace_file(scenario('basics', 'named_tasks.py'))
        self.assertEqual(out.splitlines()[0], 'Task-2 downloader Task-4')
        self.assertEqual([t['name'] for t in trace['tasks'][1:4]],
                         ['Task-2', 'downloader', 'renamed'])

    def test_trace_keys_are_in_format_order(self):
        trace, _ = trace_file(os.path.join(SEED, '02_create_task.py'))
        self.assertEqual(list(trace), ['format', 'version', 'program', 'end_time',
                                       'outcome', 'tasks', 'events'])
        self.assertEqual(list(trace['tasks'][0]), ['id', 'name', 'coro', 'parent', 'created',
                                                   'finished', 'state', 'internal'])
        self.assertEqual(trace['events'][0], {'t': 0.0, 'kind': 'create', 'task': 1,
                                              'parent': None})

    def test_seed_2_matches_the_issue_example(self):
        trace, _ = trace_file(os.path.join(SEED, '02_create_task.py'))
        main = trace['tasks'][0]
        self.assertEqual(main, {'id': 1, 'name': 'Task-1', 'coro': 'main', 'parent': None,
                                'created': 0.0, 'finished': 4.0, 'state': 'done',
                                'internal': False})
        self.assertEqual(events_of(trace, 'suspend')[0]['waits_on'],
                         {'what': 'task', 'task': 2, 'line': 14})
        self.assertEqual(events_of(trace, 'done')[2],
                         {'t': 4.0, 'kind': 'done', 'task': 1, 'state': 'done', 'result': 'None'})

    def test_waits_on_kinds(self):
        trace, _ = trace_source('''
            import asyncio
            async def child():
                await asyncio.sleep(1.5)
            async def main():
                await asyncio.sleep(0)
                await asyncio.gather(child(), child())
                await asyncio.create_task(child())
            asyncio.run(main())
        ''')
        waits = [e['waits_on'] for e in events_of(trace, 'suspend') if e['task'] == 1]
        self.assertEqual(waits, [{'what': 'yield', 'line': 6},
                                 {'what': 'gather', 'tasks': [2, 3], 'line': 7},
                                 {'what': 'task', 'task': 4, 'line': 8}])
        self.assertEqual(events_of(trace, 'suspend')[2]['waits_on'],
                         {'what': 'sleep', 'until': 1.5, 'line': 4})

    def test_waits_on_names_the_library_call_its_receiver_and_the_programs_line(self):
        trace, _ = trace_source('''
            import asyncio
            async def take(lock):
                async with lock:
                    await asyncio.sleep(1)
            async def main():
                lock, q = asyncio.Lock(), asyncio.Queue()
                a = asyncio.create_task(take(lock))
                b = asyncio.create_task(take(lock))
                c = asyncio.create_task(q.get())
                await asyncio.sleep(0)
                q.put_nowait(1)
                await asyncio.shield(a)
                await asyncio.wait_for(b, 5)
            asyncio.run(main())
        ''')
        waits = [(e['task'], e['waits_on']) for e in events_of(trace, 'suspend')]
        self.assertEqual(waits[:5], [
            (1, {'what': 'yield', 'line': 11}),
            (2, {'what': 'sleep', 'until': 1.0, 'line': 5}),
            (3, {'what': 'future', 'primitive': 'lock', 'object': 1, 'line': 4}),
            (4, {'what': 'future', 'primitive': 'queue_get', 'object': 2}),
            (1, {'what': 'future', 'primitive': 'future', 'object': 3, 'line': 13}),
        ])
        self.assertIn((1, {'what': 'future', 'primitive': 'wait_for', 'line': 14}), waits)

    def test_a_taskgroup_exit_is_taskgroup_and_a_wait_in_a_timeout_block_its_innermost_timeout(self):
        trace, _ = trace_source('''
            import asyncio
            async def child(lock):
                async with asyncio.timeout(10):
                    await asyncio.sleep(1)
                    async with asyncio.timeout_at(None):
                        await asyncio.sleep(0)
                    async with lock:
                        pass
                await asyncio.sleep(0)
            async def main():
                lock = asyncio.Lock()
                await lock.acquire()
                async with asyncio.TaskGroup() as tg:
                    tg.create_task(child(lock))
                    await asyncio.sleep(2)
                    lock.release()
            asyncio.run(main())
        ''')
        waits = [(e['task'], e['waits_on']) for e in events_of(trace, 'suspend')]
        self.assertEqual(waits, [
            (1, {'what': 'sleep', 'until': 2.0, 'line': 16}),
            (2, {'what': 'sleep', 'until': 1.0, 'primitive': 'timeout', 'object': 1, 'line': 5}),
            (2, {'what': 'yield', 'primitive': 'timeout', 'object': 2, 'line': 7}),
            (2, {'what': 'future', 'primitive': 'lock', 'object': 3, 'line': 8}),
            (1, {'what': 'future', 'primitive': 'taskgroup', 'object': 4, 'line': 14}),
            (2, {'what': 'yield', 'line': 10}),
        ])


class Cancellation(unittest.TestCase):

    def test_outer_cancel_is_recorded_before_the_forwarded_one(self):
        trace, _ = trace_file(scenario('cancellation', 'cancel_task_awaiting_task.py'))
        cancels = [(e['task'], e['by']) for e in events_of(trace, 'cancel')]
        self.assertEqual(cancels, [(2, 1), (3, 1)])

    def test_leftover_tasks_are_cancelled_in_creation_order(self):
        trace, out = trace_file(scenario('cancellation', 'fire_and_forget_at_exit.py'))
        cancels = [(e['task'], e['by'], e['t']) for e in events_of(trace, 'cancel')]
        self.assertEqual(cancels, [(2, None, 1.0), (3, None, 1.0)])
        self.assertEqual(trace['end_time'], 3.0)
        self.assertIn('saver: saved at 3.0', out)

    def test_a_task_dropped_at_close_never_runs_again(self):
        # Created during the cancel phase and still sleeping when asyncio.run
        # closes the loop: CPython would run its finally block whenever the
        # garbage collector closes the coroutine (usually at exit).
        trace, out = trace_source('''
            import asyncio
            async def late():
                try:
                    await asyncio.sleep(5)
                finally:
                    print("late finally")
            async def saver():
                try:
                    await asyncio.sleep(5)
                except asyncio.CancelledError:
                    asyncio.create_task(late())
                    await asyncio.sleep(1)
            async def main():
                asyncio.create_task(saver())
            asyncio.run(main())
            print("after run")
        ''')
        self.assertEqual(out, 'after run\n')
        self.assertEqual(trace['tasks'][2]['state'], 'pending')
        self.assertEqual(trace['end_time'], 1.0)

    def test_cancel_message_is_recorded(self):
        trace, _ = trace_file(scenario('cancellation', 'cancel_with_message.py'))
        self.assertEqual(events_of(trace, 'cancel')[0]['msg'], 'stop now')

    def test_result_of_a_pending_task_uses_the_c_message(self):
        _, out = trace_file(scenario('basics', 'task_state_methods.py'))
        self.assertIn('result() too early: Result is not set.', out)


class Outcomes(unittest.TestCase):

    def test_uncaught_exception_names_the_task_that_raised_it(self):
        trace, _ = trace_file(scenario('errors', 'error_in_child_crashes_program.py'))
        self.assertEqual(trace['outcome'], {'status': 'error', 'error': {
            'type': 'KeyError', 'message': "'missing'", 'task': 3}})

    def test_exception_outside_any_task_has_no_task(self):
        trace, _ = trace_source('''
            print("hello")
            raise RuntimeError("at module level")
        ''')
        self.assertEqual(trace['outcome']['error'],
                         {'type': 'RuntimeError', 'message': 'at module level', 'task': None})
        self.assertEqual(events_of(trace, 'print')[0]['task'], None)

    def test_tasks_awaiting_each_other_deadlock(self):
        trace, _ = trace_source('''
            import asyncio
            async def a():
                await asyncio.sleep(1)
                await tb
            async def b():
                await ta
            async def main():
                global ta, tb
                ta = asyncio.create_task(a())
                tb = asyncio.create_task(b())
                await ta
            asyncio.run(main())
            print("not reached")
        ''')
        self.assertEqual(trace['outcome'], {'status': 'deadlock', 'waiting': [1, 2, 3]})
        self.assertEqual(trace['end_time'], 1.0)
        self.assertEqual(events_of(trace, 'print'), [])

    def test_cli_exit_codes_and_stdout(self):
        with tempfile.TemporaryDirectory() as folder:
            out = os.path.join(folder, 'trace.json')
            ok = run_script('reftrace.py', os.path.join(SEED, '01_sequential_sleeps.py'), '-o', out)
            self.assertEqual(ok.returncode, 0)
            self.assertEqual(ok.stdout, 'started at 00:00:00\nfinished at 00:00:06\n')
            self.assertEqual(read_json(out)['end_time'], 6.0)
            error = run_script('reftrace.py', scenario('errors', 'uncaught_in_main.py'), '-o', out)
            self.assertEqual(error.returncode, 1)
            self.assertTrue(error.stderr.rstrip().endswith('ValueError: something went wrong'))
            missing = run_script('reftrace.py', os.path.join(folder, 'nope.py'), '-o', out)
            self.assertEqual(missing.returncode, 2)


class PrintAndTime(unittest.TestCase):

    def test_print_text_is_exact_and_time_is_virtual(self):
        trace, out = trace_source('''
            import asyncio
            import time
            async def main():
                print("a", 1, sep="-", end="!")
                print()
                time.sleep(2.5)
                print(time.strftime("%X"), time.time(), time.monotonic(), time.perf_counter())
            asyncio.run(main())
        ''')
        texts = [(e['task'], e['text']) for e in events_of(trace, 'print')]
        self.assertEqual(texts, [(1, 'a-1!'), (1, '\n'), (1, '00:00:02 2.5 2.5 2.5\n')])
        self.assertEqual(out, 'a-1!\n00:00:02 2.5 2.5 2.5\n')
        self.assertEqual(trace['end_time'], 2.5)


class Scenarios(unittest.TestCase):
    """Every scenario runs cleanly on CPython under the tracer."""

    def test_all_scenarios_run(self):
        paths = []
        for folder, _, files in os.walk(SCENARIOS):
            paths += [os.path.join(folder, f) for f in files if f.endswith('.py')]
        self.assertGreaterEqual(len(paths), 28)
        for path in sorted(paths):
            with self.subTest(path=os.path.relpath(path, ROOT)):
                with open(path) as f:
                    self.assertTrue(f.readline().startswith('# '), 'starts with a comment')
                trace, _ = trace_file(path)
                relative = os.path.relpath(path, SCENARIOS)
                expected = 'error' if relative in UNCAUGHT_SCENARIOS else 'ok'
                self.assertEqual(trace['outcome']['status'], expected)


class Compare(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.trace, _ = trace_file(scenario('gather', 'gather_exception.py'))

    def copy(self):
        return json.loads(json.dumps(self.trace))

    def test_identical_traces_are_the_same(self):
        self.assertTrue(compare.compare_traces(self.trace, self.copy()).same)

    def test_a_changed_event_is_reported_with_context(self):
        changed = self.copy()
        prints = [e for e in changed['events'] if e['kind'] == 'print']
        prints[2]['text'] = 'slow begins\n'
        result = compare.compare_traces(self.trace, changed)
        self.assertFalse(result.same)
        self.assertIn("'slow starts\\n'", result.divergence)
        self.assertIn("'slow begins\\n'", result.divergence)

    def test_a_changed_time_or_order_is_a_difference(self):
        later = self.copy()
        later['events'][5]['t'] = 0.5
        self.assertFalse(compare.compare_traces(self.trace, later).same)
        swapped = self.copy()
        events = swapped['events']
        events[3], events[4] = events[4], events[3]
        self.assertFalse(compare.compare_traces(self.trace, swapped).same)

    def test_ids_may_differ_if_names_agree(self):
        renumbered = self.copy()
        shift = {t['id']: t['id'] + 100 for t in renumbered['tasks']}
        for task in renumbered['tasks']:
            task['id'] = shift[task['id']]
            task['parent'] = shift.get(task['parent'])
        for event in renumbered['events']:
            for key in ('task', 'parent', 'by'):
                if event.get(key) is not None:
                    event[key] = shift[event[key]]
        self.assertTrue(compare.compare_traces(self.trace, renumbered).same)

    def test_unknown_event_kinds_are_ignored(self):
        extended = self.copy()
        extended['events'].insert(3, {'t': 0.0, 'kind': 'iteration', 'n': 1})
        self.assertTrue(compare.compare_traces(self.trace, extended).same)

    def test_outcome_difference(self):
        failed = self.copy()
        failed['outcome'] = {'status': 'error', 'error': {'type': 'ValueError',
                                                          'message': 'x', 'task': 1}}
        self.assertIn('outcome', compare.compare_traces(self.trace, failed).divergence)

    def test_cli_exit_codes(self):
        with tempfile.TemporaryDirectory() as folder:
            a, b, junk = (os.path.join(folder, n) for n in ('a.json', 'b.json', 'junk.json'))
            write_json(a, self.trace)
            changed = self.copy()
            changed['events'].pop()
            write_json(b, changed)
            with open(junk, 'w') as f:
                f.write('not json')
            self.assertEqual(run_script('compare.py', a, a).returncode, 0)
            different = run_script('compare.py', a, b)
            self.assertEqual(different.returncode, 1)
            self.assertIn('first divergence', different.stdout)
            self.assertEqual(run_script('compare.py', a, junk).returncode, 2)


class Generator(unittest.TestCase):

    def test_programs_are_reproducible_and_compile(self):
        for index in range(40):
            text = gen_programs.generate_program(7, index)
            self.assertEqual(text, gen_programs.generate_program(7, index))
            compile(text, f'gen_7_{index}', 'exec', flags=0x2000)   # PyCF_ALLOW_TOP_LEVEL_AWAIT
        self.assertNotEqual(gen_programs.generate_program(7, 0),
                            gen_programs.generate_program(8, 0))

    def test_programs_terminate_on_cpython(self):
        with tempfile.TemporaryDirectory() as folder:
            paths = gen_programs.write_programs(11, 30, folder)
            for path in paths:
                with self.subTest(path=os.path.basename(path)):
                    trace, _ = trace_file(path)
                    # 'deadlock': the rare deadlock family, on purpose.
                    self.assertIn(trace['outcome']['status'], ('ok', 'error', 'deadlock'))

    def test_traced_and_c_task_runs_print_the_same(self):
        """The pure-Python Task the tracer needs behaves as the C Task that
        python3 runs (same output, messages included), on programs that do
        not depend on the order of a set of tasks (the C Task's follows
        addresses)."""
        usable = [index for index in range(40)
                  if not set(gen_programs.generate(12, index)[1]) & set(gen_features.SET_ORDER_FAMILIES)]
        with tempfile.TemporaryDirectory() as folder:
            for path in gen_programs.write_programs(12, None, folder, usable[:6]):
                traced = run_script('reftrace.py', path, '-o', os.path.join(folder, 'a.json'))
                plain = run_script('reftrace.py', path, '-o', os.path.join(folder, 'b.json'),
                                   '--c-tasks')
                self.assertEqual((traced.stdout, traced.returncode),
                                 (plain.stdout, plain.returncode), path)


FAKE_COROSIM = '''#!{python}
# Stand-in for corosim: "run PROGRAM --trace OUT" answered by the reference
# tracer, optionally with the last event dropped.
import subprocess, sys, json
program, out = sys.argv[2], sys.argv[4]
code = subprocess.call([sys.executable, {reftrace!r}, program, '-o', out])
if {broken}:
    trace = json.load(open(out))
    trace['events'].pop()
    json.dump(trace, open(out, 'w'))
sys.exit(code)
'''


class Runner(unittest.TestCase):

    def make_fake(self, folder, broken):
        path = os.path.join(folder, 'corosim')
        with open(path, 'w') as f:
            f.write(FAKE_COROSIM.format(python=sys.executable, broken=broken,
                                        reftrace=os.path.join(HERE, 'reftrace.py')))
        os.chmod(path, 0o755)
        return path

    def run_suite(self, fake, keep):
        return run_script('run_conformance.py', '--corosim', fake, '--count', '2',
                          '--seed', '5', '--keep', keep, os.path.join(SEED, '02_create_task.py'),
                          scenario('errors', 'uncaught_in_main.py'))

    def test_passes_when_corosim_agrees_and_fails_when_not(self):
        with tempfile.TemporaryDirectory() as folder:
            keep = os.path.join(folder, 'keep')
            good = self.run_suite(self.make_fake(folder, False), keep)
            self.assertEqual(good.returncode, 0, good.stdout + good.stderr)
            self.assertEqual(good.stdout.splitlines()[-1], '4 passed, 0 failed')
            shutil.rmtree(keep)
            bad = self.run_suite(self.make_fake(folder, True), keep)
            self.assertEqual(bad.returncode, 1)
            self.assertEqual(bad.stdout.splitlines()[-1], '0 passed, 4 failed')
            self.assertIn('[seed 5]', bad.stdout)
            self.assertTrue(os.path.exists(os.path.join(keep, 'gen_5_0000', 'gen_5_0000.py')))

    def test_missing_binary_is_a_clear_error(self):
        result = run_script('run_conformance.py', '--corosim', '/nonexistent/corosim')
        self.assertEqual(result.returncode, 2)
        self.assertIn('no corosim binary', result.stderr)


if __name__ == '__main__':
    unittest.main()
