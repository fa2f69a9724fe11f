#!/usr/bin/env python3
"""Seeded generator of random asyncio programs in corosim's subset.

    python3 tests/conformance/gen_programs.py --seed S --count N --out DIR
    python3 tests/conformance/gen_programs.py --seed S --only I --out DIR
    python3 tests/conformance/gen_programs.py --seed S --count N --stats

Hand-written scenarios cover the ideas people think of; random programs cover
the interleavings nobody thinks of: ties between timers, cancellations that
land while a task is ready rather than waiting, gathers of tasks that already
failed, blocking sleeps that make several timers overdue at once, leftover
tasks that catch their cancellation at exit and sleep again. Every generated
program is run on CPython by the reference tracer and on corosim, and the two
traces must agree event for event.

Each program is a pure function of (seed, index): program `i` of seed `S` is
`gen_S_iiii.py`, and regenerating it needs nothing else, so a failure report
("seed S, program gen_S_0042.py") is enough to reproduce it.

What the programs are made of (issue 2's subset only): `async def` functions
that print (f-strings, arithmetic, str methods), `await asyncio.sleep(d)` with
d drawn from a small set that repeats values (ties) and includes 0 and a
negative value, `sleep(d, result=...)`, blocking `time.sleep`, `create_task`
(sometimes named) and `ensure_future`, awaiting tasks (also twice),
`gather` (nested, with duplicate arguments, with and without
`return_exceptions`), `cancel()` with and without a message,
try/except/finally catching `ValueError`, a user exception class and
`asyncio.CancelledError`, `done()`/`cancelled()`/`result()`/`exception()`,
`add_done_callback`, `current_task().get_name()`, `len(all_tasks())`,
fire-and-forget tasks left pending at exit, bounded `for`/`while` loops, and
crowds of up to 130 tasks sharing deadlines, most of them cancelled (which
makes the loop rebuild its timer heap).
Script style (`asyncio.run(main())`, sometimes twice) and notebook style
(top-level `await`) are mixed.

On top of that, most programs draw one to three feature families (issue 5)
from the table gen_features.FAMILIES: user classes (properties, super(),
class and static methods, rich comparisons), `async with` on user classes and
locks, Lock, Event, Condition, Semaphore/BoundedSemaphore, Barrier (passing,
aborted, reset), the three queues (maxsize, PriorityQueue items of a user
class, join/task_done), misuse errors, futures with call_soon/call_later/
call_at handles, wait_for (firing, not firing, on a task that refuses its
cancellation), shield, `random` driving sleeps and branches, asyncio.wait
(the three return_when, with and without timeout, on tasks and on plain
futures), as_completed (with and without timeout), timeout/timeout_at
(firing or not, rescheduled, nested), TaskGroup (failing children, nested
groups, ExceptionGroup taken apart, a cancelled parent), cancelling()/
uncancel() and cancel messages, generators feeding tasks (next, send, for,
yield from, close), and, rarely, a deadlock on purpose. Each family is a self-contained level-0 function that
main calls at least once and that the rest of the program may also call, make
a task of, gather or cancel. `--stats` prints how many of N programs use each
family. A new family is one writer and one row of that table.

Why every program terminates and is deterministic: functions are generated in
levels and a function only calls functions of lower levels, and a task only
awaits tasks created by its own function, so the wait graph is acyclic (no
deadlock); every loop has a literal bound; a feature family releases every
waiter it makes (producers and consumers balanced, barriers filled or broken,
events set, conditions notified) and catches every error it provokes, and
never swallows a cancellation, so cancelling it leaves only tasks that finish
or that `asyncio.run` cancels at exit; the deadlock family is main's last
statement, reported as a deadlock by both sides; `random` is seeded (unseeded
use means seed(0) on both sides); the sets CPython iterates in these
programs are sets of tasks (leftover tasks at exit, wait's done and pending,
TaskGroup children, the tasks as_completed wraps its coroutines in), which
the reference tracer (and corosim) take in creation order; a set of plain
futures (whose order follows addresses, README "Known differences") is only
counted or sorted, never iterated in its own order; a generator with a
`finally` is exhausted or closed before the next await (a dropped one's
`finally` is another known difference); programs never print addresses.
"""

import argparse
import collections
import os
import random
import sys

import gen_features

# Sleep durations: repeated values make equal deadlines (heap-order ties);
# 0 and -1 take the bare-yield path; 0.1 and 0.25 make non-integer clocks.
DELAYS = (0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 3, 0.5, 0.5, 0.1, 0.25, 1.5, -1)
BLOCKING_DELAYS = (0.5, 1, 1, 2, 0.1)
TAGS = ('a', 'b', 'c', 'd', 'e', 'w', 'x', 'y', 'z')
TASK_NAMES = ('worker', 'fetch', 'tick', 'job', 'sender', 'reader')
CANCEL_MSGS = ('stop', 'timeout', 'shutdown now', 'bye')


# --------------------------------------------------------------------------
# Building source text

class Code:
    """Lines of Python with an indentation level."""

    def __init__(self):
        self.lines = []
        self.depth = 0

    def add(self, text):
        self.lines.append('    ' * self.depth + text)

    def indent(self):
        return _Indent(self)

    def text(self):
        return '\n'.join(self.lines) + '\n'


class _Indent:
    def __init__(self, code):
        self.code = code

    def __enter__(self):
        self.code.depth += 1

    def __exit__(self, *exc):
        self.code.depth -= 1


# --------------------------------------------------------------------------
# What the generator knows about functions and tasks

class Function:
    """A generated `async def NAME(tag, n)`; `level` 0 functions only sleep."""

    def __init__(self, name, level):
        self.name = name
        self.level = level
        self.may_raise = False    # can raise ValueError / AppError when awaited


class TaskVar:
    """A local variable holding a task created by the current function."""

    def __init__(self, var, function):
        self.var = var
        self.function = function
        self.cancelled = False     # cancel() was called on it

    @property
    def risky(self):
        return self.function.may_raise or self.cancelled


class Scope:
    """Generation state of one function body (or of a notebook module body)."""

    def __init__(self, tag_expr, callees, is_main):
        self.tag = tag_expr            # an expression giving a short string
        self.callees = callees         # functions this body may call
        self.is_main = is_main
        self.tasks = []
        self.may_raise = False
        self._counter = 0

    def new_var(self, prefix):
        self._counter += 1
        return f'{prefix}{self._counter}'


# --------------------------------------------------------------------------
# The generator

class ProgramGenerator:
    """Generates one program from a random.Random."""

    def __init__(self, rng, header):
        self.rng = rng
        self.header = header
        self.code = Code()
        self.functions = []
        self.use_app_error = rng.random() < 0.5
        self.use_counter = rng.random() < 0.3
        self.use_callback = rng.random() < 0.4
        self.use_crowd = rng.random() < 0.25
        self.notebook = rng.random() < 0.35
        self.families = self.draw_families()
        self.called_in_main = set()

    # -- small random helpers --------------------------------------------

    def chance(self, p):
        return self.rng.random() < p

    def pick(self, seq):
        return self.rng.choice(seq)

    def pick_callee(self, scope):
        """A function to call, favouring the higher levels (they call the rest)."""
        weights = [(f.level + 1) ** 2 for f in scope.callees]
        return self.rng.choices(scope.callees, weights)[0]

    def delay(self):
        return self.pick(DELAYS)

    def error_class(self):
        return 'AppError' if self.use_app_error and self.chance(0.5) else 'ValueError'

    def catch_list(self):
        return '(ValueError, AppError)' if self.use_app_error else 'ValueError'

    def draw_families(self):
        """A few feature families (gen_features.FAMILIES), drawn by weight
        without repeats; some programs use none (issue 2's subset alone)."""
        if not self.chance(0.85):
            return []
        names = [name for name, _, _ in gen_features.FAMILIES]
        weights = [weight for _, weight, _ in gen_features.FAMILIES]
        drawn = []
        for _ in range(self.rng.randint(1, 3)):
            name = self.rng.choices(names, weights)[0]
            if name not in drawn:
                drawn.append(name)
        return drawn

    # -- the program -----------------------------------------------------

    def program(self):
        c = self.code
        for line in self.header:
            c.add(line)
        c.add('import asyncio')
        c.add('import time')
        if 'random' in self.families:
            c.add('import random')
        self.module_prelude()
        self.define_features()
        self.define_functions()
        if self.notebook:
            self.notebook_body()
        else:
            self.script_body()
        return c.text()

    def module_prelude(self):
        c = self.code
        if self.use_app_error:
            c.add('')
            c.add('')
            c.add('class AppError(Exception):')
            with c.indent():
                c.add('pass')
        if self.use_counter:
            c.add('')
            c.add('finished = 0')
        if self.use_crowd:
            c.add('')
            c.add('')
            c.add('async def crowd_member(i, delay):')
            with c.indent():
                c.add('await asyncio.sleep(delay)')
                c.add('return i')
        if self.use_callback:
            c.add('')
            c.add('')
            c.add('def report(task):')
            with c.indent():
                c.add('print("callback:", task.get_name(), "cancelled" if task.cancelled() else "finished")')

    def define_functions(self):
        levels = [self.rng.randint(1, 3), self.rng.randint(1, 2)]
        if self.chance(0.5):
            levels.append(1)
        for level, count in enumerate(levels):
            for _ in range(count):
                function = Function(f'{"leaf" if level == 0 else "step"}{len(self.functions) + 1}', level)
                self.code.add('')
                self.code.add('')
                if level == 0:
                    self.leaf_function(function)
                else:
                    self.composite_function(function)
                self.functions.append(function)

    def define_features(self):
        """One level-0 `async def feat_FAMILY(tag, n)` per drawn family
        (deadlock aside): every function of the program may call it, and
        main calls each at least once."""
        for name, _, writer in gen_features.FAMILIES:
            if name in self.families and name != 'deadlock':
                function = Function(f'feat_{name}', 0)
                self.code.add('')
                self.code.add('')
                writer(self, function.name)
                self.functions.append(function)

    def callees_below(self, level):
        return [f for f in self.functions if f.level < level]

    # -- level-0 functions: prints, sleeps, raises ----------------------

    def leaf_function(self, function):
        c = self.code
        c.add(f'async def {function.name}(tag, n):')
        with c.indent():
            counts = self.use_counter and self.chance(0.5)
            if counts:
                c.add('global finished')
            self.print_stmt('tag', 'start')
            for _ in range(self.rng.randint(1, 3)):
                self.leaf_statement(function)
            if self.chance(0.3):
                function.may_raise = True
                c.add(f'if n % 2 == {self.rng.randint(0, 1)}:')
                with c.indent():
                    c.add(f'raise {self.error_class()}(f"{{tag}} failed with {{n}}")')
            self.print_stmt('tag', 'end')
            if counts:
                c.add('finished += 1')
            self.leaf_return()

    def leaf_statement(self, function):
        kind = self.pick(('sleep', 'sleep', 'sleep', 'guarded_sleep', 'loop',
                          'result_sleep', 'blocking', 'print'))
        getattr(self, f'leaf_{kind}')(function)

    def leaf_sleep(self, function):
        if self.chance(0.25):
            self.code.add(f'await asyncio.sleep(n % {self.rng.randint(2, 3)})')
        else:
            self.code.add(f'await asyncio.sleep({self.delay()})')

    def leaf_result_sleep(self, function):
        c = self.code
        c.add(f'value = await asyncio.sleep({self.delay()}, result=n * {self.rng.randint(2, 5)})')
        c.add('print(f"{tag} slept and got {value}")')

    def leaf_blocking(self, function):
        self.code.add(f'time.sleep({self.pick(BLOCKING_DELAYS)})')
        self.code.add('print(tag, "blocked until", time.strftime("%X"))')

    def leaf_print(self, function):
        self.print_stmt('tag', 'working')

    def leaf_loop(self, function):
        c = self.code
        rounds = self.rng.randint(2, 3)
        if self.chance(0.5):
            c.add(f'for i in range({rounds}):')
            with c.indent():
                c.add('print(f"{tag} round {i}")')
                c.add(f'await asyncio.sleep({self.pick((0, 0, 1, 0.5))})')
        else:
            c.add('i = 0')
            c.add(f'while i < {rounds}:')
            with c.indent():
                c.add('print(tag, "tick", i)')
                c.add(f'await asyncio.sleep({self.pick((0, 0, 1))})')
                c.add('i += 1')
            if self.chance(0.5):
                c.add('else:')
                with c.indent():
                    c.add('print(tag, "loop finished")')

    def leaf_guarded_sleep(self, function):
        """A sleep whose cancellation is caught: re-raised, swallowed, or
        followed by more sleeping (a task cleaning up at exit)."""
        c = self.code
        c.add('try:')
        with c.indent():
            c.add(f'await asyncio.sleep({self.pick((1, 2, 3, 5, 10))})')
        c.add('except asyncio.CancelledError as e:')
        with c.indent():
            c.add('print(f"{tag} cancelled: {e!r}")')
            ending = self.pick(('raise', 'raise', 'return', 'cleanup'))
            if ending == 'raise':
                c.add('raise')
            elif ending == 'return':
                c.add('return f"{tag} gave up"')
            else:
                c.add(f'await asyncio.sleep({self.pick((0, 1, 0.5))})')
                c.add('print(tag, "cleaned up")')
        if self.chance(0.5):
            c.add('finally:')
            with c.indent():
                c.add('print(tag, "finally")')

    def leaf_return(self):
        line = self.pick(('return f"{tag}-{n}"', 'return n * 10 + 1', 'return [tag, n]',
                          'return tag.upper()', 'return None', ''))
        if line:
            self.code.add(line)

    # -- level >= 1 functions and main ----------------------------------

    def composite_function(self, function):
        c = self.code
        c.add(f'async def {function.name}(tag, n):')
        with c.indent():
            scope = Scope('tag', self.callees_below(function.level), False)
            self.print_stmt('tag', 'begins')
            self.statements(scope, self.rng.randint(2, 4))
            function.may_raise = scope.may_raise
            if self.chance(0.6):
                c.add(self.pick(('return f"{tag} done"', 'return n + 100', 'return [n, tag]')))

    def main_body(self, scope, name, count):
        self.code.add(f'tag = "{name}"')
        self.print_stmt(scope.tag, 'main starts', clock=True)
        self.statements(scope, count)
        for function in self.functions:
            if function.name.startswith('feat_') and function.name not in self.called_in_main:
                var = scope.new_var('r')
                self.code.add(f'{var} = await {self.call_expr(scope, function)}')
                self.code.add(f'print({scope.tag}, "{function.name} gave", {var})')
        if 'deadlock' in self.families:
            gen_features.write_deadlock(self, scope)
        self.print_stmt(scope.tag, 'main ends', clock=True)

    def script_body(self):
        c = self.code
        callees = list(self.functions)
        c.add('')
        c.add('')
        c.add('async def main():')
        with c.indent():
            scope = Scope('tag', callees, True)
            self.main_body(scope, 'main', self.rng.randint(3, 6))
            if self.chance(0.3):
                c.add('return "main result"')
        c.add('')
        c.add('')
        if self.chance(0.3):
            c.add('print("program starts at", time.strftime("%X"))')
        c.add(self.pick(('asyncio.run(main())', 'asyncio.run(main())', 'print(asyncio.run(main()))')))
        if self.chance(0.25):
            if self.chance(0.5):
                c.add(f'time.sleep({self.pick(BLOCKING_DELAYS)})')
            c.add('print("second run at", time.strftime("%X"))')
            c.add('asyncio.run(main())')
        if self.use_counter:
            c.add('print("finished leaves:", finished)')

    def notebook_body(self):
        c = self.code
        c.add('')
        scope = Scope('tag', list(self.functions), True)
        first_line = len(c.lines)
        self.main_body(scope, 'nb', self.rng.randint(3, 6))
        if not any('await ' in line for line in c.lines[first_line:]):
            # Without a top-level await the module is plain code (§9).
            c.add('await asyncio.sleep(0)')
        if self.use_counter:
            c.add('print("finished leaves:", finished)')

    # -- statements of composite bodies ---------------------------------

    STATEMENTS = (
        ('print', 2), ('sleep', 2), ('blocking', 1), ('create', 4), ('await_task', 3),
        ('inline', 2), ('gather', 3), ('cancel', 2), ('inspect', 2), ('task_loop', 1),
        ('yield_loop', 1), ('introspect', 1), ('callback', 1), ('crowd', 1),
    )

    def statements(self, scope, count):
        kinds = [k for k, _ in self.STATEMENTS]
        weights = [w for _, w in self.STATEMENTS]
        emitted = 0
        while emitted < count:
            kind = self.rng.choices(kinds, weights)[0]
            if getattr(self, f'stmt_{kind}')(scope) is not False:
                emitted += 1
        # Usually await what is still outstanding; sometimes leave it to exit.
        for task in list(scope.tasks):
            if self.chance(0.35):
                self.await_task(scope, task)

    def stmt_print(self, scope):
        self.print_stmt(scope.tag, 'says')

    def stmt_sleep(self, scope):
        if self.chance(0.2):
            var = scope.new_var('r')
            self.code.add(f'{var} = await asyncio.sleep({self.delay()}, result="{var}")')
            self.code.add(f'print({scope.tag}, "woke with", {var})')
        else:
            self.code.add(f'await asyncio.sleep({self.delay()})')

    def stmt_blocking(self, scope):
        self.code.add(f'time.sleep({self.pick(BLOCKING_DELAYS)})')

    def stmt_create(self, scope):
        if not scope.callees:
            return False
        self.create_task(scope, self.pick_callee(scope))

    def create_task(self, scope, function, var=None):
        var = var or scope.new_var('t')
        call = self.call_expr(scope, function)
        style = self.pick(('plain', 'plain', 'named', 'ensure'))
        if style == 'named':
            name = f'{self.pick(TASK_NAMES)}-{self.rng.randint(1, 9)}'
            self.code.add(f'{var} = asyncio.create_task({call}, name="{name}")')
        elif style == 'ensure':
            self.code.add(f'{var} = asyncio.ensure_future({call})')
        else:
            self.code.add(f'{var} = asyncio.create_task({call})')
        task = TaskVar(var, function)
        scope.tasks.append(task)
        return task

    def stmt_await_task(self, scope):
        if not scope.tasks:
            return False
        self.await_task(scope, self.pick(scope.tasks))

    def await_task(self, scope, task):
        var = scope.new_var('r')
        self.guarded(scope, task.risky, task.cancelled,
                     [f'{var} = await {task.var}', f'print({scope.tag}, "got", {var})'])

    def stmt_inline(self, scope):
        if not scope.callees:
            return False
        function = self.pick_callee(scope)
        var = scope.new_var('r')
        call = self.call_expr(scope, function)
        self.guarded(scope, function.may_raise, False,
                     [f'{var} = await {call}', f'print({scope.tag}, "inline result", {var})'])

    def stmt_gather(self, scope):
        if not scope.callees:
            return False
        args, risky, cancelled = self.gather_args(scope, depth=0)
        return_exceptions = self.chance(0.4)
        var = scope.new_var('res')
        suffix = ', return_exceptions=True' if return_exceptions else ''
        line = f'{var} = await asyncio.gather({", ".join(args)}{suffix})'
        if return_exceptions:
            # Children's errors come back as values; only a cancelled gather
            # (never here) would raise.
            self.code.add(line)
            self.code.add(f'print({scope.tag}, "gathered", {var})')
        else:
            self.guarded(scope, risky, cancelled,
                         [line, f'print({scope.tag}, "gathered", {var})'])

    def gather_args(self, scope, depth):
        """Arguments for one gather call (coroutines, tasks, duplicates, a
        nested gather); returns (expressions, may raise, may be cancelled)."""
        args, risky, cancelled = [], False, False
        for _ in range(self.rng.randint(1, 4)):
            kind = self.pick(('call', 'call', 'task', 'sleep', 'nested', 'shared'))
            if kind == 'task' and scope.tasks:
                task = self.pick(scope.tasks)
                args.append(task.var)
                if self.chance(0.3):
                    args.append(task.var)               # duplicate task
                risky |= task.function.may_raise
                cancelled |= task.cancelled
            elif kind == 'sleep':
                args.append(f'asyncio.sleep({self.delay()}, result={self.rng.randint(0, 9)})')
            elif kind == 'nested' and depth == 0:
                inner, inner_risky, inner_cancelled = self.gather_args(scope, depth + 1)
                args.append(f'asyncio.gather({", ".join(inner)})')
                risky |= inner_risky
                cancelled |= inner_cancelled
            elif kind == 'shared':
                function = self.pick_callee(scope)
                var = scope.new_var('c')
                self.code.add(f'{var} = {self.call_expr(scope, function)}')
                args += [var, var]                      # same coroutine twice
                risky |= function.may_raise
            else:
                function = self.pick_callee(scope)
                args.append(self.call_expr(scope, function))
                risky |= function.may_raise
        return args, risky, cancelled

    def stmt_cancel(self, scope):
        candidates = [t for t in scope.tasks if not t.cancelled]
        if not candidates:
            return False
        task = self.pick(candidates)
        if self.chance(0.5):
            self.code.add(f'await asyncio.sleep({self.pick((0, 0, 0.5, 1, 2))})')
        form = self.pick(('{v}.cancel()', '{v}.cancel()', '{v}.cancel("{m}")',
                          '{v}.cancel(msg="{m}")', 'print("cancel:", {v}.cancel())'))
        self.code.add(form.format(v=task.var, m=self.pick(CANCEL_MSGS)))
        task.cancelled = True
        if self.chance(0.4):
            self.code.add(f'print({task.var}.cancelled(), {task.var}.done())')

    def stmt_inspect(self, scope):
        if not scope.tasks:
            return False
        c = self.code
        task = self.pick(scope.tasks)
        v = task.var
        form = self.pick(('done', 'result', 'exception'))
        if form == 'done':
            c.add(f'print({v}.get_name(), "done?", {v}.done(), "cancelled?", {v}.cancelled())')
        elif form == 'result':
            c.add('try:')
            with c.indent():
                c.add(f'print("result:", {v}.result())')
            c.add('except BaseException as e:')
            with c.indent():
                c.add('print("result() raised", type(e).__name__, repr(str(e)))')
        else:
            c.add(f'if {v}.done() and not {v}.cancelled():')
            with c.indent():
                c.add(f'print("exception:", repr({v}.exception()))')

    def stmt_task_loop(self, scope):
        """Create several tasks in a loop, then await them or gather them."""
        if not scope.callees:
            return False
        c = self.code
        function = self.pick_callee(scope)
        var = scope.new_var('ts')
        rounds = self.rng.randint(2, 4)
        c.add(f'{var} = []')
        c.add(f'for i in range({rounds}):')
        with c.indent():
            c.add(f'{var}.append(asyncio.create_task({function.name}(f"{{{scope.tag}}}{{i}}", i)))')
        if self.chance(0.5):
            res = scope.new_var('res')
            self.guarded(scope, function.may_raise, False,
                         [f'{res} = await asyncio.gather(*{var})', f'print("all:", {res})'])
        else:
            c.add(f'for task in {var}:')
            with c.indent():
                self.guarded(scope, function.may_raise, False,
                             ['print(task.get_name(), "->", await task)'])

    def stmt_yield_loop(self, scope):
        c = self.code
        c.add(f'for k in range({self.rng.randint(2, 3)}):')
        with c.indent():
            c.add(f'print({scope.tag}, "yields", k)')
            c.add(f'await asyncio.sleep({self.pick((0, 0, -1))})')

    def stmt_crowd(self, scope):
        """Many tasks with shared deadlines, many of them cancelled: large
        heaps, ties, and (above 100 timers, over half cancelled) the loop's
        heap rebuild."""
        if not self.use_crowd:
            return False
        c = self.code
        var, res = scope.new_var('crowd'), scope.new_var('res')
        size = self.pick((20, 60, 110, 130))
        delay = self.pick(('1', '2', 'i % 3 + 1', '0.5'))
        c.add(f'{var} = [asyncio.create_task(crowd_member(i, {delay})) for i in range({size})]')
        if self.chance(0.7):
            c.add(f'await asyncio.sleep({self.pick((0, 0, 0.25))})')
        keep_every = self.pick((2, 3, 4, 10))
        c.add(f'for i, task in enumerate({var}):')
        with c.indent():
            c.add(f'if i % {keep_every} != 0:')
            with c.indent():
                c.add('task.cancel()')
        c.add(f'{res} = await asyncio.gather(*{var}, return_exceptions=True)')
        c.add(f'print({scope.tag}, "crowd kept", [r for r in {res} if isinstance(r, int)])')

    def stmt_introspect(self, scope):
        choice = self.rng.random()
        if choice < 0.4:
            self.code.add(f'print({scope.tag}, "runs in", asyncio.current_task().get_name())')
        elif choice < 0.8 or not scope.tasks:
            self.code.add(f'print({scope.tag}, "sees", len(asyncio.all_tasks()), "unfinished tasks")')
        else:
            task = self.pick(scope.tasks)
            self.code.add(f'{task.var}.set_name({task.var}.get_name() + "-renamed")')

    def stmt_callback(self, scope):
        if not scope.tasks:
            return False
        task = self.pick(scope.tasks)
        if self.use_callback and self.chance(0.6):
            self.code.add(f'{task.var}.add_done_callback(report)')
        else:
            self.code.add(f'{task.var}.add_done_callback(lambda t: print("done:", t.get_name()))')

    # -- shared pieces ---------------------------------------------------

    def call_expr(self, scope, function):
        if scope.is_main:
            self.called_in_main.add(function.name)
        tag = self.pick(TAGS)
        n = self.pick(('0', '1', '2', '3', 'n + 1', 'n * 2')) if not scope.is_main \
            else str(self.rng.randint(0, 4))
        tag_expr = f'"{tag}"' if scope.is_main else f'{scope.tag} + "{tag}"'
        return f'{function.name}({tag_expr}, {n})'

    def guarded(self, scope, may_raise, may_be_cancelled, body):
        """Emit `body`, inside try/except when it may raise. An unguarded
        risky statement makes the enclosing function risky (in main: the
        program ends with an uncaught exception, which is rare on purpose)."""
        c = self.code
        guard_probability = 0.93 if scope.is_main else 0.8
        if not (may_raise or may_be_cancelled) or not self.chance(guard_probability):
            for line in body:
                c.add(line)
            if may_raise or may_be_cancelled:
                scope.may_raise = True
            return
        c.add('try:')
        with c.indent():
            for line in body:
                c.add(line)
        c.add(f'except {self.catch_list()} as e:')
        with c.indent():
            c.add(f'print({scope.tag}, "caught", type(e).__name__, e)')
        if may_be_cancelled or self.chance(0.2):
            c.add('except asyncio.CancelledError as e:')
            with c.indent():
                c.add(f'print({scope.tag}, "saw a cancellation", repr(e))')
        if self.chance(0.25):
            c.add('finally:')
            with c.indent():
                c.add(f'print({scope.tag}, "finally")')

    def print_stmt(self, tag, word, clock=False):
        c = self.code
        if clock:
            c.add(f'print({tag}, "{word} at", time.strftime("%X"))')
            return
        form = self.pick((
            'print(f"{{{t}}} {w}")',
            'print({t}, "{w}", "at", asyncio.get_running_loop().time())',
            'print(f"{{{t}!r:>6}} {w} {{len({t}) * 3 + 1}}")',
            'print({t}.upper(), "{w}", sep=": ")',
            'print("[{{}}] {{}}".format({t}, "{w}"), end="!\\n")',
            'print(f"{{{t}}} {w}", 7 // 2, -7 // 2, 7 % 3, -7 % 3, 2 ** 10)',
            'print(f"{{{t}}} {w} at {{time.monotonic():.2f}}")',
            'print({t}, "{w}", asyncio.get_event_loop().time() * 1000)',
            'print({{{t}: len({t})}}, ({t}, "{w}"), [k * 2 for k in range(3)], (1,), set())',
        ))
        c.add(form.format(t=tag, w=word))


# --------------------------------------------------------------------------
# Files

def program_name(seed, index):
    return f'gen_{seed}_{index:04d}.py'


def generate(seed, index):
    """(text, feature families) of program `index` of `seed` (a pure
    function of both)."""
    rng = random.Random(f'corosim-conformance:{seed}:{index}')
    header = [f'# Generated by tests/conformance/gen_programs.py --seed {seed} '
              f'(program {index}): a random asyncio program in corosim\'s subset.']
    generator = ProgramGenerator(rng, header)
    return generator.program(), generator.families


def generate_program(seed, index):
    """The text of program `index` of `seed`."""
    return generate(seed, index)[0]


def family_counts(seed, count):
    """How many of programs 0..count-1 use each feature family ('none':
    programs without any)."""
    counts = collections.Counter({name: 0 for name, _, _ in gen_features.FAMILIES})
    for index in range(count):
        families = generate(seed, index)[1]
        counts.update(families or ['none'])
    return counts


def write_programs(seed, count, out_dir, indices=None):
    """Write programs 0..count-1 (or just `indices`) into `out_dir`; return
    their paths."""
    os.makedirs(out_dir, exist_ok=True)
    paths = []
    for index in (range(count) if indices is None else indices):
        path = os.path.join(out_dir, program_name(seed, index))
        with open(path, 'w', encoding='utf-8') as f:
            f.write(generate_program(seed, index))
        paths.append(path)
    return paths


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description='Generate random asyncio programs in corosim\'s subset.')
    parser.add_argument('--seed', type=int, required=True)
    parser.add_argument('--count', type=int, default=10)
    parser.add_argument('--out', metavar='DIR')
    parser.add_argument('--only', type=int, nargs='+', metavar='INDEX',
                        help='write only these programs (e.g. to reproduce a failure)')
    parser.add_argument('--stats', action='store_true',
                        help='write nothing; print how many of the COUNT programs use each feature family')
    args = parser.parse_args(argv)
    if not args.stats and not args.out:
        parser.error('--out is required (unless --stats)')
    return args


def main(argv=None):
    args = parse_args(argv)
    if args.stats:
        for name, used in family_counts(args.seed, args.count).items():
            print(f'{name:12} {used:5}')
        return 0
    for path in write_programs(args.seed, args.count, args.out, args.only):
        print(path)
    return 0


if __name__ == '__main__':
    sys.exit(main())
