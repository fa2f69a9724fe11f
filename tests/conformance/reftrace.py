#!/usr/bin/env python3
"""Reference tracer: run a program on CPython's own asyncio under a perfect clock.

    python3 tests/conformance/reftrace.py PROGRAM.py [-o OUT.json]

corosim claims to schedule asyncio programs exactly as CPython 3.11 does, with
an ideal clock (every callback takes zero time, the clock jumps by exactly the
select timeout CPython computes). This tool produces the expected answer for
that claim: it runs PROGRAM.py on the real ``asyncio`` package of the
interpreter running it, under that same ideal clock, and writes the trace in
corosim's trace format v1 (see issue 2, "Trace format, version 1"). The
conformance suite then compares corosim's trace against this one.

How CPython is made to run under the perfect clock (see
/work/shared/asyncio-semantics.md for the mechanisms referred to as §N):

* **Clock.** One ``VirtualClock`` for the whole program, starting at 0.0.
  Each ``asyncio.run`` creates a new ``VirtualTimeLoop`` (through an event
  loop policy, so ``asyncio.run`` itself is untouched), but all loops read the
  same clock: CPython's monotonic clock also keeps going from one
  ``asyncio.run`` to the next, and blocking ``time.sleep`` between two runs
  must show up in the second one.
* **Selector.** ``VirtualSelector.select(timeout)`` does ``now = now + timeout``
  in double precision and reports no I/O; that is the whole model. A
  ``select(None)`` means the loop has nothing ready and no timer, so nothing
  can ever happen again: the program is deadlocked (§1.4). The run stops with
  outcome ``deadlock`` listing the loop's pending tasks.
* **Tasks.** The loop's ``create_task`` builds ``TracedTask``, a subclass of
  the pure-Python ``asyncio.tasks._PyTask`` whose ``__step`` (name-mangled
  ``_Task__step``) records a ``resume`` before and a ``suspend`` or ``done``
  after each step. This is deliberately *not* a task factory: with a factory,
  ``loop.create_task(coro, name=...)`` spends a ``Task-N`` number that stock
  CPython does not spend (§3.1). ``asyncio.create_task``, ``ensure_future``,
  ``gather`` and ``asyncio.run`` all go through ``loop.create_task``.
  ``_PyTask`` schedules exactly as the C Task does (§2); where its messages
  differ from the C ones (§12.19), ``TracedTask`` produces the C text.
* **What a task waits on.** ``asyncio.sleep`` is replaced (in ``asyncio`` and
  ``asyncio.tasks``) by a line-for-line copy that registers its future, so a
  suspended task can be reported as waiting on ``sleep`` until the timer's
  deadline, on a ``task``, on a ``gather``, on a bare ``yield`` (``sleep(0)``),
  or on some other ``future``.
* **Leftover tasks.** ``asyncio.run`` cancels the tasks still pending when main
  returns in the iteration order of a *set*, which depends on memory addresses
  (§6.2, §12.14). corosim's documented rule is creation order, so the
  ``all_tasks`` that ``runners.py`` calls is replaced by one that returns the
  loop's pending tasks in creation order.
* **print and time.** The program gets its own ``__builtins__`` in which
  ``print`` records a ``print`` event with the exact text the call writes, and
  ``import time`` yields a fake module reading the virtual clock
  (``time.sleep`` blocks: it moves the clock while nothing else runs).
* **Top-level await.** The source is compiled with
  ``ast.PyCF_ALLOW_TOP_LEVEL_AWAIT``; a module body containing ``await`` is a
  coroutine named ``<module>`` that runs as the main task of ``asyncio.run``
  (§9); otherwise the module is executed as ordinary code.

Conventions this tracer fixes (corosim must follow them):

* Event ``cancel`` is recorded when ``Task.cancel()`` is entered on a task that
  is not done (it then always returns True), *before* the request propagates
  to what the task awaits. So cancelling a task that awaits another task
  records the outer ``cancel`` first, then the inner one (``by`` is the same).
* ``tasks[].name`` is the task's name at the end of the run (``set_name`` and
  ``create_task(name=...)`` rename after creation).
* ``tasks[].coro`` is ``coro.__qualname__``; the two shutdown tasks of every
  ``asyncio.run`` are ``BaseEventLoop.shutdown_asyncgens`` and
  ``BaseEventLoop.shutdown_default_executor``, marked ``internal``.
* ``waits_on`` for a gather lists the ids of the tasks among its children, in
  argument order, without duplicates, flattening nested gathers.
* ``outcome.error.task`` is the first task that ended (failed or cancelled)
  with the very exception object that escaped the program, else null.
* ``outcome.waiting`` lists the not-done tasks of the deadlocked loop in
  creation order.
* A task still pending when ``asyncio.run`` closes its loop (created during
  the cancel phase) never runs again. CPython runs its coroutine's
  ``finally`` blocks whenever the garbage collector gets to it, usually at
  interpreter exit; nothing after the program's end is recorded or echoed.
* Infinite or NaN numbers (``sleep(float('inf'))``'s deadline) are written as
  ``null``: JSON has no such numbers.

Output: with ``-o OUT.json`` the trace goes to that file and stdout carries
exactly what the program printed (like ``python3 PROGRAM.py``); without
``-o`` the trace is written to stdout instead and the program's own output is
only in the trace. An uncaught exception is reported on stderr as a traceback
restricted to the program's frames. Exit codes follow corosim: 0 ok, 1 uncaught
exception, 2 unusable program (missing file, syntax error), 3 deadlock, 4 the
iteration limit was hit (a safety net for generated programs).
"""

import argparse
import ast
import asyncio
import builtins
import inspect
import io
import itertools
import json
import math
import os
import random as _real_random
import selectors
import sys
import time as _real_time
import traceback
import types
from asyncio import base_events, futures, runners, selector_events, taskgroups, tasks, timeouts

# CPython's clock resolution on Linux (time.get_clock_info('monotonic')); a
# timer is due when `when < now + resolution` (§1.4).
CLOCK_RESOLUTION = 1e-09

# Loop iterations after which a run is stopped with outcome `limit`.
DEFAULT_MAX_ITERATIONS = 2_000_000

# Coroutines that asyncio.run schedules for its own shutdown (§6.3).
_INTERNAL_CODES = (
    base_events.BaseEventLoop.shutdown_asyncgens.__code__,
    base_events.BaseEventLoop.shutdown_default_executor.__code__,
)

# Exit codes, identical to corosim's.
EXIT_OK, EXIT_ERROR, EXIT_UNUSABLE, EXIT_DEADLOCK, EXIT_LIMIT = 0, 1, 2, 3, 4


# --------------------------------------------------------------------------
# Clock and halting

class VirtualClock:
    """The program's one clock: seconds since the start, as a double."""

    def __init__(self):
        self.now = 0.0

    def advance(self, seconds):
        """Move the clock forward exactly as `now = now + seconds` would."""
        self.now = self.now + seconds


class Halt(BaseException):
    """Stops the program for good (deadlock or limit); never caught by asyncio.

    It is raised from the loop's iteration itself (not from a callback), so it
    escapes `run_forever` instead of going to the loop's exception handler.
    """


# --------------------------------------------------------------------------
# Trace recording

class Recorder:
    """Collects trace events and task records in the order they happen.

    `current` is the task whose step is running (None between steps); print,
    create and cancel events take their task / parent / by from it. Once the
    run is halted, or the program has ended, the recorder is frozen and
    ignores everything: the clean-up CPython still attempts after a deadlock,
    and coroutines closed later by the garbage collector, leave no trace.
    """

    def __init__(self, clock):
        self.clock = clock
        self.events = []
        self.tasks = []            # TracedTask objects, index = id - 1
        self.created_at = []
        self.finished_at = []
        self.wait_objects = ObjectNumbering()
        self.current = None
        self.frozen = False
        self._first_task_with_exc = {}   # id(exc) -> (exc, task id)

    def _emit(self, kind, task_id, **fields):
        event = {"t": self.clock.now, "kind": kind, "task": task_id}
        event.update(fields)
        self.events.append(event)

    def current_id(self):
        return None if self.current is None else self.current.trace_id

    def on_create(self, task):
        """Register a new task and return its id (1, 2, ... in creation order)."""
        if self.frozen:
            return None
        self.tasks.append(task)
        self.created_at.append(self.clock.now)
        self.finished_at.append(None)
        task_id = len(self.tasks)
        self._emit("create", task_id, parent=self.current_id())
        return task_id

    def on_resume(self, task):
        if not self.frozen and task.trace_id is not None:
            self._emit("resume", task.trace_id)

    def on_step_end(self, task):
        """Record how a step ended: the task finished, or it waits on something."""
        if self.frozen or task.trace_id is None:
            return
        if task.done():
            self._record_done(task)
        else:
            self._emit("suspend", task.trace_id,
                       waits_on=describe_wait(task, self.wait_objects))

    def _record_done(self, task):
        self.finished_at[task.trace_id - 1] = self.clock.now
        fields = done_fields(task)
        exc = task._cancelled_exc if task.cancelled() else task._exception
        if exc is not None and id(exc) not in self._first_task_with_exc:
            self._first_task_with_exc[id(exc)] = (exc, task.trace_id)
        self._emit("done", task.trace_id, **fields)

    def on_cancel(self, task, msg):
        if self.frozen or task.trace_id is None:
            return
        fields = {"by": self.current_id()}
        if msg is not None:
            fields["msg"] = msg if isinstance(msg, str) else str(msg)
        self._emit("cancel", task.trace_id, **fields)

    def on_print(self, text):
        if not self.frozen:
            self._emit("print", self.current_id(), text=text)

    def task_that_raised(self, exc):
        """Id of the first task that ended with this exception object, or None."""
        entry = self._first_task_with_exc.get(id(exc))
        return entry[1] if entry is not None and entry[0] is exc else None

    def pending_ids(self, loop):
        return [t.trace_id for t in self.tasks if t._loop is loop and not t.done()]

    def task_records(self):
        return [task_record(task, self.created_at[i], self.finished_at[i])
                for i, task in enumerate(self.tasks)]


def done_fields(task):
    """The `state` and result/exception fields of a `done` event."""
    if task.cancelled():
        return {"state": "cancelled"}
    if task._exception is not None:
        return {"state": "failed", "exception": exception_info(task._exception)}
    return {"state": "done", "result": repr(task._result)}


def exception_info(exc):
    return {"type": type(exc).__name__, "message": str(exc)}


def task_state(task):
    if not task.done():
        return "pending"
    if task.cancelled():
        return "cancelled"
    return "failed" if task._exception is not None else "done"


def task_record(task, created, finished):
    return {
        "id": task.trace_id,
        "name": task.get_name(),
        "coro": task.get_coro().__qualname__,
        "parent": task.parent_id,
        "created": created,
        "finished": finished,
        "state": task_state(task),
        "internal": task.get_coro().cr_code in _INTERNAL_CODES,
    }


def describe_wait(task, wait_objects):
    """The `waits_on` object for a task that just suspended: what it waits
    on, then where (wait_location)."""
    waiter = task._fut_waiter
    if waiter is None:
        wait = {"what": "yield"}          # bare yield: sleep(0) or negative
    elif isinstance(waiter, TracedTask):
        wait = {"what": "task", "task": waiter.trace_id}
    elif isinstance(waiter, tasks._GatheringFuture):
        wait = {"what": "gather", "tasks": gathered_task_ids(waiter)}
    elif id(waiter) in _sleep_deadlines:
        wait = {"what": "sleep", "until": _sleep_deadlines[id(waiter)]}
    else:
        wait = {"what": "future"}
    wait.update(wait_location(task, wait["what"], wait_objects))
    return wait


# --------------------------------------------------------------------------
# Where a task waits: the await chain (waits_on's primitive, object, line)

# The asyncio library coroutines a suspended task is reported waiting in, by
# __qualname__: the same table as corosim's sim/loop/wait_primitives.cpp.
# A new one is one new line.
WAIT_PRIMITIVES = {
    'Lock.acquire': 'lock',
    'Event.wait': 'event',
    'Condition.wait': 'condition',
    'Condition.wait_for': 'condition',
    'Semaphore.acquire': 'semaphore',    # BoundedSemaphore inherits it
    'Barrier.wait': 'barrier',
    'Queue.get': 'queue_get',
    'Queue.put': 'queue_put',
    'Queue.join': 'queue_join',
    'wait_for': 'wait_for',
    'wait': 'wait',
    'as_completed.<locals>._wait_for_one': 'as_completed',
    'TaskGroup.__aexit__': 'taskgroup',
}

# The primitive of a task whose program code awaits a plain Future itself.
FUTURE_PRIMITIVE = 'future'

# The primitive of a wait inside an active asyncio.Timeout block that the
# table names nothing more specific for (its object: the innermost Timeout).
TIMEOUT_PRIMITIVE = 'timeout'

# Library code: asyncio's sources, and this file's copies (sleep, _sleep0).
_ASYNCIO_DIR = os.path.dirname(asyncio.__file__) + os.sep


class ObjectNumbering:
    """Numbers objects 1, 2, ... in the order they are first asked about;
    holds them, so no other object can take their id() during the run."""

    def __init__(self):
        self._numbers = {}
        self._held = []

    def number(self, obj):
        if id(obj) not in self._numbers:
            self._held.append(obj)
            self._numbers[id(obj)] = len(self._held)
        return self._numbers[id(obj)]


def is_library_code(code):
    return code.co_filename.startswith(_ASYNCIO_DIR) or code.co_filename == __file__


def await_chain(coro):
    """The (code, frame) of each coroutine or generator on the chain from a
    suspended task's coroutine through cr_await / gi_yieldfrom, outermost
    first. It ends where the innermost one awaits something else (a future's
    iterator) or nothing."""
    links = []
    while coro is not None:
        if inspect.iscoroutine(coro):
            links.append((coro.cr_code, coro.cr_frame))
            coro = coro.cr_await
        elif inspect.isgenerator(coro):
            links.append((coro.gi_code, coro.gi_frame))
            coro = coro.gi_yieldfrom
        else:
            break
    return links


def wait_location(task, what, wait_objects):
    """waits_on's `primitive`, `object` and `line` (README, "Trace format,
    version 1"): the first library call in WAIT_PRIMITIVES below the
    innermost frame of the program's code, its receiver, and that frame's
    line; else `timeout` and the innermost Timeout block the task is inside;
    else `future` and the future when that frame awaits a plain Future
    itself."""
    links = await_chain(task.get_coro())
    below_program, line = 0, None
    for i, (code, frame) in enumerate(links):
        if not is_library_code(code):
            below_program, line = i + 1, frame.f_lineno
    primitive = receiver = None
    for code, frame in links[below_program:]:
        primitive = WAIT_PRIMITIVES.get(code.co_qualname)
        if primitive is not None:
            receiver = frame.f_locals.get('self')
            break
    awaits_future_itself = below_program > 0 and all(
        code.co_qualname == 'Future.__await__' for code, _ in links[below_program:])
    if primitive is None and _active_timeouts.get(task):
        primitive, receiver = TIMEOUT_PRIMITIVE, _active_timeouts[task][-1]
    elif primitive is None and awaits_future_itself and what == 'future':
        primitive, receiver = FUTURE_PRIMITIVE, task._fut_waiter
    fields = {}
    if primitive is not None:
        fields["primitive"] = primitive
    if receiver is not None:
        fields["object"] = wait_objects.number(receiver)
    if line is not None:
        fields["line"] = line
    return fields


# --- The Timeout blocks a task is inside (observation only) -----------------
# An `async with asyncio.timeout(...)` leaves no frame on the await chain
# while its body waits, so the session wraps Timeout.__aenter__/__aexit__ to
# keep, per task, the Timeouts entered and not yet exited, innermost last.
# The wrappers only record; what the originals do is unchanged.

# task -> [Timeout, ...] (the task that entered them, Timeout._task).
_active_timeouts = {}

_original_timeout_aenter = timeouts.Timeout.__aenter__
_original_timeout_aexit = timeouts.Timeout.__aexit__


async def _observed_timeout_aenter(self):
    result = await _original_timeout_aenter(self)
    _active_timeouts.setdefault(self._task, []).append(self)
    return result


async def _observed_timeout_aexit(self, exc_type, exc_val, exc_tb):
    active = _active_timeouts.get(self._task, [])
    for i in range(len(active) - 1, -1, -1):
        if active[i] is self:
            del active[i]
            break
    return await _original_timeout_aexit(self, exc_type, exc_val, exc_tb)


def gathered_task_ids(gathering):
    """Ids of the tasks a gather waits for: argument order, no duplicates,
    nested gathers flattened."""
    ids = []
    for child in gathering._children:
        if isinstance(child, tasks._GatheringFuture):
            candidates = gathered_task_ids(child)
        elif isinstance(child, TracedTask):
            candidates = [child.trace_id]
        else:
            candidates = []
        ids.extend(i for i in candidates if i not in ids)
    return ids


# --------------------------------------------------------------------------
# The task, the sleep copy, the selector, the loop, the policy

# The one active tracing session (set by Session.install).
_session = None

# id(future) -> timer deadline, for the futures of sleeps in progress.
_sleep_deadlines = {}


class TracedTask(tasks._PyTask):
    """The pure-Python Task, recording each step, cancel() and its creation."""

    trace_id = None  # until the recorder registers it; stays None after a halt

    def __hash__(self):
        # corosim hashes a task as its trace id, so that sets of tasks
        # (asyncio.wait's done and pending) iterate in the same order on both
        # sides. Before registration (_register_task's WeakSet) the identity
        # hash stands in; nothing looks the task up there by hash afterwards.
        return object.__hash__(self) if self.trace_id is None else self.trace_id

    def __init__(self, coro, *, loop=None, name=None, context=None):
        super().__init__(coro, loop=loop, name=name, context=context)
        _session.created_tasks.append(self)
        recorder = _session.recorder
        if recorder.frozen:
            # Created during the clean-up after a halt: it will never run.
            self._log_destroy_pending = False
            coro.close()
        self.parent_id = recorder.current_id()
        self.trace_id = recorder.on_create(self)

    def _Task__step(self, exc=None):
        recorder = _session.recorder
        recorder.on_resume(self)
        previous, recorder.current = recorder.current, self
        try:
            super()._Task__step(exc)
        finally:
            recorder.current = previous
            recorder.on_step_end(self)

    def cancel(self, msg=None):
        # Task.cancel() returns True exactly when the task is not done.
        if not self.done():
            _session.recorder.on_cancel(self, msg)
        return super().cancel(msg=msg)

    def result(self):
        # futures.py says 'Result is not ready.'; the C Task that python3
        # actually runs says 'Result is not set.' (§12.19).
        if not self.done():
            raise asyncio.InvalidStateError('Result is not set.')
        return super().result()


# repr(task) prints the class name: show CPython's, not the tracer's.
TracedTask.__name__ = TracedTask.__qualname__ = 'Task'


@types.coroutine
def _sleep0():
    """A bare yield, as tasks.__sleep0: the task steps again next iteration."""
    yield


async def sleep(delay, result=None):
    """Coroutine that completes after a given time (in seconds).

    A copy of asyncio.tasks.sleep (3.11) that also records the deadline of its
    future, so a task suspended here can be reported as waiting on a sleep.
    """
    if delay <= 0:
        await _sleep0()
        return result

    loop = asyncio.events.get_running_loop()
    future = loop.create_future()
    h = loop.call_later(delay,
                        futures._set_result_unless_cancelled,
                        future, result)
    _sleep_deadlines[id(future)] = h.when()
    try:
        return await future
    finally:
        _sleep_deadlines.pop(id(future), None)    # gone if closed after the run
        h.cancel()


# --- as_completed in argument order -------------------------------------------
# corosim's rule (README, "Known differences"): as_completed wraps the
# coroutines it is given in tasks in argument order, each distinct one once.
# CPython 3.11 builds `todo = {ensure_future(f, loop=loop) for f in set(fs)}`,
# which creates them in the iteration order of a set of coroutines, i.e. by
# memory address. This is a copy of Lib/asyncio/tasks.py as_completed (3.11)
# with only that line changed (marked); everything else is verbatim.

def as_completed(fs, *, timeout=None):
    if futures.isfuture(fs) or asyncio.coroutines.iscoroutine(fs):
        raise TypeError(f"expect an iterable of futures, not {type(fs).__name__}")

    from asyncio.queues import Queue  # Import here to avoid circular import problem.
    done = Queue()

    loop = asyncio.events._get_event_loop()
    # CHANGED: dict.fromkeys(fs) instead of set(fs): argument order, no duplicates.
    todo = {tasks.ensure_future(f, loop=loop) for f in dict.fromkeys(fs)}
    timeout_handle = None

    def _on_timeout():
        for f in todo:
            f.remove_done_callback(_on_completion)
            done.put_nowait(None)  # Queue a dummy value for _wait_for_one().
        todo.clear()  # Can't do todo.remove(f) in the loop.

    def _on_completion(f):
        if not todo:
            return  # _on_timeout() was here first.
        todo.remove(f)
        done.put_nowait(f)
        if not todo and timeout_handle is not None:
            timeout_handle.cancel()

    async def _wait_for_one():
        f = await done.get()
        if f is None:
            # Dummy value from _on_timeout().
            raise asyncio.exceptions.TimeoutError
        return f.result()  # May raise f.exception().

    for f in todo:
        f.add_done_callback(_on_completion)
    if todo and timeout is not None:
        timeout_handle = loop.call_later(timeout, _on_timeout)
    for _ in range(len(todo)):
        yield _wait_for_one()


class VirtualSelector(selectors.SelectSelector):
    """A selector that never has I/O and turns waiting into clock advances."""

    def __init__(self, session):
        super().__init__()
        self._session = session

    def select(self, timeout=None):
        if timeout is None:
            self._session.halt_deadlock()
        self._session.clock.advance(timeout)
        return []


class VirtualTimeLoop(selector_events.BaseSelectorEventLoop):
    """An asyncio event loop reading the virtual clock and making TracedTasks."""

    def __init__(self, session):
        self._session = session
        super().__init__(VirtualSelector(session))
        self._clock_resolution = CLOCK_RESOLUTION

    def time(self):
        return self._session.clock.now

    def create_task(self, coro, *, name=None, context=None):
        # BaseEventLoop.create_task without a task factory, with our class.
        self._check_closed()
        if not self._session.c_tasks:
            return TracedTask(coro, loop=self, name=name, context=context)
        task = tasks._CTask(coro, loop=self, name=name, context=context)
        self._session.created_tasks.append(task)
        return task

    def _run_once(self):
        self._session.count_iteration(self)
        super()._run_once()


class VirtualTimePolicy(asyncio.DefaultEventLoopPolicy):
    """Makes asyncio.run (and new_event_loop) create VirtualTimeLoops."""

    def __init__(self, session):
        super().__init__()
        self._session = session

    def new_event_loop(self):
        return VirtualTimeLoop(self._session)


# --------------------------------------------------------------------------
# What the program sees instead of print and the time module

def make_print(recorder, out):
    """A print that records each call's exact text and writes it to `out`."""

    def print(*args, sep=' ', end='\n', file=None, flush=False):
        if file is not None and file is not sys.stdout:
            return builtins.print(*args, sep=sep, end=end, file=file, flush=flush)
        buffer = io.StringIO()
        builtins.print(*args, sep=sep, end=end, file=buffer)
        text = buffer.getvalue()
        recorder.on_print(text)
        if out is not None and not recorder.frozen:
            out.write(text)
        return None

    return print


def make_time_module(clock):
    """A `time` module on the virtual clock, formatted as UTC from the epoch."""
    module = types.ModuleType('time', 'time on corosim\'s virtual clock')

    def now():
        return clock.now

    def sleep(seconds):
        if seconds < 0:
            raise ValueError('sleep length must be non-negative')
        clock.advance(seconds)

    def gmtime(secs=None):
        return _real_time.gmtime(clock.now if secs is None else secs)

    def strftime(format, t=None):
        return _real_time.strftime(format, gmtime() if t is None else t)

    def asctime(t=None):
        return _real_time.asctime(gmtime() if t is None else t)

    def ctime(secs=None):
        return asctime(gmtime(secs))

    module.time = module.monotonic = module.perf_counter = now
    module.sleep = sleep
    module.gmtime = module.localtime = gmtime
    module.strftime = strftime
    module.asctime = asctime
    module.ctime = ctime
    module.struct_time = _real_time.struct_time
    return module


def make_random_module():
    """The program's `random`: CPython's generator, but a run is reproducible
    as on corosim: with no seed (`seed()`, `seed(None)`, `Random()`, or no
    call at all) it is seeded with 0 instead of from the OS. Its own default
    instance, so runs in one process do not share a state."""

    class Random(_real_random.Random):
        def seed(self, a=None, version=2):
            super().seed(0 if a is None else a, version)

    module = types.ModuleType('random', 'random with corosim\'s fixed default seed')
    default = Random()
    for name in dir(_real_random):
        if name.startswith('__'):
            continue
        value = getattr(_real_random, name)
        bound = getattr(default, name, None)
        # The module's functions are methods of its hidden instance (random._inst).
        setattr(module, name, bound if callable(bound) and getattr(bound, '__self__', None) is default else value)
    module.Random = Random
    module._inst = default
    return module


def make_builtins(print_function, time_module, random_module):
    """The program's __builtins__: the real ones with print and import swapped."""

    def __import__(name, globals=None, locals=None, fromlist=(), level=0):
        if name == 'time' and level == 0:
            return time_module
        if name == 'random' and level == 0:
            return random_module
        return builtins.__import__(name, globals, locals, fromlist, level)

    namespace = dict(builtins.__dict__)
    namespace['print'] = print_function
    namespace['__import__'] = __import__
    return namespace


# --------------------------------------------------------------------------
# The session: patches asyncio, runs one program, builds the trace

def _ordered_all_tasks(loop=None):
    """all_tasks() for runners._cancel_all_tasks: pending tasks in creation
    order (corosim's rule), and none once the run is halted."""
    if loop is None:
        loop = asyncio.events.get_running_loop()
    session = _session
    if session.halted is not None:
        return []
    return [t for t in session.created_tasks if t.get_loop() is loop and not t.done()]


# --- Order rule patch: TaskGroup._abort in creation order --------------------
# TaskGroup._abort cancels the children by iterating the set self._tasks,
# whose order follows addresses. corosim cancels them in creation order; this
# replacement makes CPython do the same (the rest is taskgroups.py 3.11.7's).

def _taskgroup_abort_in_creation_order(self):
    self._aborting = True
    for t in [t for t in _session.created_tasks if t in self._tasks]:
        if not t.done():
            t.cancel()


class Session:
    """Everything about tracing one program: clock, recorder, patches, outcome."""

    def __init__(self, out, max_iterations=DEFAULT_MAX_ITERATIONS, c_tasks=False):
        self.clock = VirtualClock()
        self.recorder = Recorder(self.clock)
        self.c_tasks = c_tasks
        self.created_tasks = []      # every task, in creation order
        self.out = out
        self.max_iterations = max_iterations
        self.iterations = 0
        self.halted = None           # the outcome dict once halted
        self._saved = []

    # -- patching ---------------------------------------------------------

    def _patch(self, obj, name, value):
        self._saved.append((obj, name, getattr(obj, name)))
        setattr(obj, name, value)

    def install(self):
        global _session
        _session = self
        self._patch(tasks, '_task_name_counter', itertools.count(1).__next__)
        self._patch(runners.tasks, 'all_tasks', _ordered_all_tasks)
        self._patch(taskgroups.TaskGroup, '_abort', _taskgroup_abort_in_creation_order)
        self._patch(timeouts.Timeout, '__aenter__', _observed_timeout_aenter)
        self._patch(timeouts.Timeout, '__aexit__', _observed_timeout_aexit)
        if not self.c_tasks:
            self._patch(tasks, 'sleep', sleep)
            self._patch(asyncio, 'sleep', sleep)
            self._patch(tasks, 'as_completed', as_completed)
            self._patch(asyncio, 'as_completed', as_completed)
            self._patch(tasks, 'Task', TracedTask)
            self._patch(asyncio, 'Task', TracedTask)
        self._saved.append((None, 'policy', asyncio.get_event_loop_policy()))
        asyncio.set_event_loop_policy(VirtualTimePolicy(self))

    def uninstall(self):
        global _session
        for obj, name, value in reversed(self._saved):
            if obj is None:
                asyncio.set_event_loop_policy(value)
            else:
                setattr(obj, name, value)
        self._saved.clear()
        _sleep_deadlines.clear()
        _active_timeouts.clear()
        _session = None

    # -- halting ----------------------------------------------------------

    def halt_deadlock(self):
        loop = asyncio.events.get_running_loop()
        self._halt({"status": "deadlock", "waiting": self.recorder.pending_ids(loop)})

    def count_iteration(self, loop):
        if self.halted is not None:
            raise Halt()
        self.iterations += 1
        if self.iterations > self.max_iterations:
            self._halt({"status": "limit", "limit": "iterations"})

    def _halt(self, outcome):
        self.halted = outcome
        self.recorder.frozen = True
        for task in self.recorder.tasks:     # they stay pending on purpose
            task._log_destroy_pending = False
        raise Halt()

    # -- running ----------------------------------------------------------

    def run_file(self, path):
        """Run the program at `path`; return the outcome dict (never raises
        for errors of the program itself)."""
        source = read_source(path)
        code = compile(source, path, 'exec', flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT,
                       dont_inherit=True)
        namespace = self._program_globals(path)
        try:
            if code.co_flags & inspect.CO_COROUTINE:
                asyncio.run(eval(code, namespace))
            else:
                exec(code, namespace)
        except Halt:
            pass
        except KeyboardInterrupt:
            raise
        except BaseException as exc:   # CancelledError is a BaseException
            return self._error_outcome(exc)
        finally:
            self._end_of_program()
        if self.halted is not None:
            return self.halted
        return {"status": "ok"}

    def _end_of_program(self):
        """Record and echo nothing more.

        A task still pending when asyncio.run closes its loop (one created
        during the cancel phase) is dropped, and CPython runs its coroutine's
        finally blocks whenever the garbage collector gets to it, usually at
        interpreter exit: a moment no reimplementation can reproduce. The
        session holds every task until the program has ended, so this never
        happens during the run, and freezing here keeps it out of the trace
        and stdout. corosim likewise never runs a dropped task again.
        """
        self.recorder.frozen = True

    def _program_globals(self, path):
        print_function = make_print(self.recorder, self.out)
        time_module = make_time_module(self.clock)
        return {
            '__name__': '__main__',
            '__file__': path,
            '__builtins__': make_builtins(print_function, time_module, make_random_module()),
        }

    def _error_outcome(self, exc):
        if self.halted is not None:      # the program swallowed our Halt
            return self.halted
        self.error = exc
        error = exception_info(exc)
        error["task"] = self.recorder.task_that_raised(exc)
        return {"status": "error", "error": error}

    def trace(self, program, outcome):
        """The trace document (a dict in the key order of format v1)."""
        return {
            "format": "corosim-trace",
            "version": 1,
            "program": program,
            "end_time": self.clock.now,
            "outcome": outcome,
            "tasks": self.recorder.task_records(),
            "events": self.recorder.events,
        }


def read_source(path):
    with open(path, 'rb') as f:
        return f.read().decode('utf-8')


def trace_program(path, out=None, max_iterations=DEFAULT_MAX_ITERATIONS, c_tasks=False):
    """Trace the program at `path` in this process.

    Returns (trace dict, exception or None). Program output goes to `out` (a
    text stream) if given. Raises OSError, UnicodeDecodeError or SyntaxError
    when the program cannot be used.

    With `c_tasks`, the program runs on the C Task and the original
    asyncio.sleep under the same clock, and only print events are recorded:
    a cross-check that the pure-Python Task behaves (and words its errors) as
    the C one for that program.
    """
    session = Session(out, max_iterations, c_tasks)
    session.install()
    try:
        outcome = session.run_file(path)
    finally:
        session.uninstall()
    return session.trace(path, outcome), getattr(session, 'error', None)


# --------------------------------------------------------------------------
# Writing the trace and reporting

def finite(value):
    """`value` with every infinite or NaN float replaced by None: JSON has no
    such numbers (json.dumps would write the invalid token Infinity)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: finite(item) for key, item in value.items()}
    if isinstance(value, list):
        return [finite(item) for item in value]
    return value


def dumps_trace(trace):
    """Serialize a trace: top-level keys one per line, one task or event per
    line. json.dumps writes floats in Python's shortest round-trip form."""
    trace = finite(trace)
    lines = ['{']
    keys = list(trace)
    for i, key in enumerate(keys):
        comma = ',' if i < len(keys) - 1 else ''
        value = trace[key]
        if isinstance(value, list) and value:
            items = ',\n'.join('    ' + json.dumps(item) for item in value)
            lines.append(f'  {json.dumps(key)}: [\n{items}\n  ]{comma}')
        else:
            lines.append(f'  {json.dumps(key)}: {json.dumps(value)}{comma}')
    lines.append('}')
    return '\n'.join(lines) + '\n'


def write_atomically(path, text):
    temporary = f'{path}.tmp{os.getpid()}'
    with open(temporary, 'w', encoding='utf-8') as f:
        f.write(text)
    os.replace(temporary, path)


def format_program_traceback(exc, path):
    """A traceback showing only the program's own frames, then `Type: message`."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == path]
    lines = ['Traceback (most recent call last):\n']
    lines += traceback.format_list(frames)
    lines += traceback.format_exception_only(type(exc), exc)
    return ''.join(lines)


def format_deadlock(trace):
    names = {t["id"]: t["name"] for t in trace["tasks"]}
    last_wait = {}
    for event in trace["events"]:
        if event["kind"] == "suspend":
            last_wait[event["task"]] = event["waits_on"]
    lines = ['deadlock: nothing is ready and no timer is pending; waiting tasks:']
    for task_id in trace["outcome"]["waiting"]:
        lines.append(f'  {names[task_id]} waits on {wait_description(last_wait[task_id], names)}')
    return '\n'.join(lines) + '\n'


def wait_description(wait, names):
    """A waits_on as the deadlock report words it (as corosim's
    sim/loop/event_loop.cpp): "lock #1", "wait_for", "sleep until 3.0",
    "task Task-4", "gather of Task-3, Task-4", "yield", "future", then
    " at line 12" when the program's line is known."""
    if "primitive" in wait:
        text = wait["primitive"]
        if "object" in wait:
            text += f' #{wait["object"]}'
    elif wait["what"] == "sleep":
        text = f'sleep until {wait["until"]!r}'
    elif wait["what"] == "task":
        text = f'task {names[wait["task"]]}'
    elif wait["what"] == "gather":
        text = 'gather of' + ','.join(f' {names[i]}' for i in wait["tasks"])
    else:
        text = wait["what"]
    if "line" in wait:
        text += f' at line {wait["line"]}'
    return text


def report_outcome(trace, exc, path):
    """Print the stderr report for a non-ok outcome and return the exit code."""
    status = trace["outcome"]["status"]
    if status == "error":
        sys.stderr.write(format_program_traceback(exc, path))
        return EXIT_ERROR
    if status == "deadlock":
        sys.stderr.write(format_deadlock(trace))
        return EXIT_DEADLOCK
    if status == "limit":
        sys.stderr.write('limit: the loop iteration limit was hit\n')
        return EXIT_LIMIT
    return EXIT_OK


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="Run PROGRAM.py on CPython's asyncio under corosim's perfect "
                    "virtual clock and write its trace (format v1).")
    parser.add_argument('program', help='the Python program to run')
    parser.add_argument('-o', '--output', metavar='OUT.json',
                        help='write the trace here (default: stdout, and the '
                             "program's output is not echoed)")
    parser.add_argument('--max-iterations', type=int, default=DEFAULT_MAX_ITERATIONS,
                        help='stop with outcome "limit" after this many loop '
                             'iterations (default %(default)s)')
    parser.add_argument('--c-tasks', action='store_true',
                        help="cross-check: run on CPython's C Task instead; "
                             'only print events are recorded')
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    if sys.version_info[:2] != (3, 11):
        sys.stderr.write('reftrace: the reference is CPython 3.11 and its asyncio; '
                         f'this is Python {sys.version.split()[0]}\n')
        return EXIT_UNUSABLE
    out = sys.stdout if args.output else None
    try:
        trace, exc = trace_program(args.program, out, args.max_iterations, args.c_tasks)
    except (OSError, UnicodeDecodeError, SyntaxError) as error:
        sys.stderr.write(f'{args.program}: {error}\n')
        return EXIT_UNUSABLE
    sys.stdout.flush()
    text = dumps_trace(trace)
    if args.output:
        write_atomically(args.output, text)
    else:
        sys.stdout.write(text)
    return report_outcome(trace, exc, args.program)


if __name__ == '__main__':
    sys.exit(main())
