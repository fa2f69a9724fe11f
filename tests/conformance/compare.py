#!/usr/bin/env python3
"""Compare two corosim traces (format v1) event by event.

    python3 tests/conformance/compare.py EXPECTED.json ACTUAL.json [--strict]

EXPECTED is normally the reference tracer's trace (CPython), ACTUAL corosim's.
Task ids are private to each trace, so events are compared through task
*names* (each trace's own `tasks` list maps ids to names). For every event,
in order, these must agree:

    all kinds   kind, time `t` (exactly: both sides write shortest round-trip
                doubles), the task's name
    create      the parent's name and the task's coroutine name
    suspend     `waits_on`'s what, primitive, object and line, when both
                sides give a `waits_on`
    done        state; the result's repr (done) or the exception type and
                message (failed)
    cancel      `by` (as a name) and `msg`
    print       text

Event kinds this tool does not know are skipped on both sides (readers must
ignore them, so later versions can add some). Then the outcome is compared
(status; error type and message), and finally the task tables (name, coro,
parent, state, internal). `outcome.error.task` and `outcome.waiting` are
conventions of the reference tracer that the issue does not pin down: they are
reported as notes, and only fail the comparison with --strict.

The first divergence is printed with a few events of context from each side.
Exit status: 0 same, 1 different, 2 an input is unusable (missing, not JSON,
not a v1 corosim trace).
"""

import argparse
import json
import sys

KNOWN_KINDS = ('create', 'resume', 'suspend', 'done', 'cancel', 'print')
WAITS_ON_FIELDS = ('what', 'primitive', 'object', 'line')   # compared on suspends
CONTEXT = 4          # events shown before and after a divergence

EXIT_SAME, EXIT_DIFFERENT, EXIT_UNUSABLE = 0, 1, 2


class UnusableTrace(Exception):
    """The file cannot be read as a v1 corosim trace."""


# --------------------------------------------------------------------------
# Loading

def load_trace(path):
    """Read and validate a trace file; raise UnusableTrace with the reason."""
    try:
        with open(path, encoding='utf-8') as f:
            trace = json.load(f)
    except OSError as error:
        raise UnusableTrace(f'{path}: {error.strerror}') from None
    except (ValueError, UnicodeDecodeError) as error:
        raise UnusableTrace(f'{path}: not JSON: {error}') from None
    validate_trace(trace, path)
    return trace


def validate_trace(trace, path):
    if not isinstance(trace, dict) or trace.get('format') != 'corosim-trace':
        raise UnusableTrace(f'{path}: not a corosim trace (format != "corosim-trace")')
    if trace.get('version') != 1:
        raise UnusableTrace(f'{path}: unsupported trace version {trace.get("version")!r}')
    for key, kind in (('tasks', list), ('events', list), ('outcome', dict)):
        if not isinstance(trace.get(key), kind):
            raise UnusableTrace(f'{path}: "{key}" is missing or not a {kind.__name__}')
    for task in trace['tasks']:
        if not isinstance(task, dict) or 'id' not in task or 'name' not in task:
            raise UnusableTrace(f'{path}: a task entry lacks "id" or "name": {task!r}')
    for event in trace['events']:
        if not isinstance(event, dict) or 'kind' not in event:
            raise UnusableTrace(f'{path}: an event lacks "kind": {event!r}')


# --------------------------------------------------------------------------
# Normalising: ids -> names, and only the fields that must agree

class TaskNames:
    """Maps one trace's task ids to names and coroutine names."""

    def __init__(self, trace):
        self._tasks = {task['id']: task for task in trace['tasks']}

    def name(self, task_id):
        if task_id is None:
            return None
        task = self._tasks.get(task_id)
        return task['name'] if task else f'<unknown task {task_id}>'

    def coro(self, task_id):
        task = self._tasks.get(task_id)
        return task.get('coro') if task else None


def event_key(event, names, with_waits):
    """The tuple of everything about an event that both traces must share."""
    kind = event['kind']
    key = [kind, event.get('t'), names.name(event.get('task'))]
    if kind == 'create':
        key += [names.name(event.get('parent')), names.coro(event.get('task'))]
    elif kind == 'suspend' and with_waits:
        waits_on = event.get('waits_on') or {}
        key += [waits_on.get(field) for field in WAITS_ON_FIELDS]
    elif kind == 'done':
        key += done_key(event)
    elif kind == 'cancel':
        key += [names.name(event.get('by')), event.get('msg')]
    elif kind == 'print':
        key += [event.get('text')]
    return tuple(key)


def done_key(event):
    state = event.get('state')
    if state == 'done':
        return [state, event.get('result')]
    if state == 'failed':
        exc = event.get('exception') or {}
        return [state, exc.get('type'), exc.get('message')]
    return [state]


def known_events(trace):
    return [e for e in trace['events'] if e['kind'] in KNOWN_KINDS]


def both_have_waits(expected, actual):
    """waits_on is compared only if both traces give it on their suspends."""
    def has(trace):
        return any('waits_on' in e for e in trace['events'] if e['kind'] == 'suspend')
    return has(expected) and has(actual)


# --------------------------------------------------------------------------
# Comparing

class Comparison:
    """The result: `same`, the first divergence as text, and notes."""

    def __init__(self):
        self.divergence = None
        self.notes = []

    @property
    def same(self):
        return self.divergence is None

    def report(self):
        parts = []
        if self.divergence:
            parts.append(self.divergence)
        parts += [f'note: {note}' for note in self.notes]
        return '\n'.join(parts) + ('\n' if parts else '')


def compare_traces(expected, actual, strict=False):
    """Compare two loaded traces; return a Comparison."""
    result = Comparison()
    result.divergence = (compare_events(expected, actual)
                         or compare_outcomes(expected, actual)
                         or compare_task_tables(expected, actual))
    loose = outcome_convention_notes(expected, actual)
    if strict and loose and result.same:
        result.divergence = 'outcome differs: ' + loose[0]
    else:
        result.notes += loose
    return result


def compare_events(expected, actual):
    """Text describing the first differing event, or None."""
    with_waits = both_have_waits(expected, actual)
    exp_names, act_names = TaskNames(expected), TaskNames(actual)
    exp_events, act_events = known_events(expected), known_events(actual)
    exp_keys = [event_key(e, exp_names, with_waits) for e in exp_events]
    act_keys = [event_key(e, act_names, with_waits) for e in act_events]
    for index in range(max(len(exp_keys), len(act_keys))):
        exp = exp_keys[index] if index < len(exp_keys) else None
        act = act_keys[index] if index < len(act_keys) else None
        if exp != act:
            return describe_divergence(index, exp_events, act_events,
                                       exp_names, act_names, exp, act)
    return None


def compare_outcomes(expected, actual):
    exp, act = expected['outcome'], actual['outcome']
    if exp.get('status') != act.get('status'):
        return (f'outcome differs: expected status {exp.get("status")!r}, '
                f'got {act.get("status")!r}')
    if exp.get('status') == 'error':
        exp_err, act_err = exp.get('error') or {}, act.get('error') or {}
        for field in ('type', 'message'):
            if exp_err.get(field) != act_err.get(field):
                return (f'outcome differs: expected error {field} '
                        f'{exp_err.get(field)!r}, got {act_err.get(field)!r}')
    return None


def outcome_convention_notes(expected, actual):
    """Differences in outcome fields whose convention the issue leaves open."""
    exp_names, act_names = TaskNames(expected), TaskNames(actual)
    exp, act = expected['outcome'], actual['outcome']
    notes = []
    if exp.get('status') == act.get('status') == 'error':
        exp_task = exp_names.name((exp.get('error') or {}).get('task'))
        act_task = act_names.name((act.get('error') or {}).get('task'))
        if exp_task != act_task:
            notes.append(f'error raised in task {exp_task!r} expected, got {act_task!r}')
    if exp.get('status') == act.get('status') == 'deadlock':
        exp_wait = [exp_names.name(i) for i in exp.get('waiting') or []]
        act_wait = [act_names.name(i) for i in act.get('waiting') or []]
        if exp_wait != act_wait:
            notes.append(f'waiting tasks {exp_wait} expected, got {act_wait}')
    return notes


TASK_FIELDS = ('name', 'coro', 'state', 'internal')


def compare_task_tables(expected, actual):
    exp_tasks, act_tasks = expected['tasks'], actual['tasks']
    if len(exp_tasks) != len(act_tasks):
        return (f'task tables differ: expected {len(exp_tasks)} tasks, '
                f'got {len(act_tasks)}')
    exp_names, act_names = TaskNames(expected), TaskNames(actual)
    for exp, act in zip(exp_tasks, act_tasks):
        for field in TASK_FIELDS:
            if exp.get(field) != act.get(field):
                return (f'task table differs for {exp.get("name")}: expected '
                        f'{field} {exp.get(field)!r}, got {act.get(field)!r}')
        exp_parent = exp_names.name(exp.get('parent'))
        act_parent = act_names.name(act.get('parent'))
        if exp_parent != act_parent:
            return (f'task table differs for {exp.get("name")}: expected parent '
                    f'{exp_parent!r}, got {act_parent!r}')
    return None


# --------------------------------------------------------------------------
# Showing a divergence

def format_event(index, event, names):
    """One readable line: index, time, kind, task, and the kind's details."""
    kind = event['kind']
    task = names.name(event.get('task'))
    text = f'  [{index}] t={event.get("t")!r:<8} {kind:<8} {task}'
    if kind == 'create':
        text += f'  coro={names.coro(event.get("task"))} parent={names.name(event.get("parent"))}'
    elif kind == 'suspend':
        text += f'  waits_on={json.dumps(event.get("waits_on"))}'
    elif kind == 'done':
        text += '  ' + ' '.join(str(part) for part in done_key(event))
    elif kind == 'cancel':
        text += f'  by={names.name(event.get("by"))}'
        if 'msg' in event:
            text += f' msg={event["msg"]!r}'
    elif kind == 'print':
        text += f'  {event.get("text")!r}'
    return text


def context_lines(events, names, index):
    first, last = max(0, index - CONTEXT), min(len(events), index + CONTEXT + 1)
    lines = []
    for i in range(first, last):
        marker = '>' if i == index else ' '
        lines.append(marker + format_event(i, events[i], names)[1:])
    if index >= len(events):
        lines.append(f'> [{index}] (no more events)')
    return lines


def describe_divergence(index, exp_events, act_events, exp_names, act_names, exp, act):
    what = describe_key_difference(exp, act)
    lines = [f'first divergence at event {index}: {what}', 'expected:']
    lines += context_lines(exp_events, exp_names, index)
    lines.append('actual:')
    lines += context_lines(act_events, act_names, index)
    return '\n'.join(lines)


KEY_LABELS = ('kind', 't', 'task')


def describe_key_difference(exp, act):
    if exp is None:
        return 'the expected trace ends here, the actual one goes on'
    if act is None:
        return 'the actual trace ends here, the expected one goes on'
    for i, label in enumerate(KEY_LABELS):
        if exp[i] != act[i]:
            return f'{label} {exp[i]!r} expected, got {act[i]!r}'
    return f'{exp[0]} details {list(exp[3:])!r} expected, got {list(act[3:])!r}'


# --------------------------------------------------------------------------
# Command line

def parse_args(argv):
    parser = argparse.ArgumentParser(
        description='Compare two corosim traces (format v1) event by event.')
    parser.add_argument('expected', help='the reference trace (from reftrace.py)')
    parser.add_argument('actual', help="the trace under test (from corosim)")
    parser.add_argument('--strict', action='store_true',
                        help='also fail on outcome.error.task and outcome.waiting')
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    try:
        expected, actual = load_trace(args.expected), load_trace(args.actual)
    except UnusableTrace as error:
        sys.stderr.write(f'compare: {error}\n')
        return EXIT_UNUSABLE
    result = compare_traces(expected, actual, strict=args.strict)
    sys.stdout.write(result.report())
    if result.same:
        sys.stdout.write(f'same: {len(known_events(expected))} events\n')
        return EXIT_SAME
    return EXIT_DIFFERENT


if __name__ == '__main__':
    sys.exit(main())
