"""Traces for checking the trace v1 schema: edits of a valid trace that keep
it valid (what the format's forward-compatibility rule allows) or break one
rule each. Shared by validate_traces.py (Python's jsonschema) and
tests/e2e/test_validate.py (corosim validate, which must agree with it).
"""

import copy
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SCHEMA_PATH = os.path.join(ROOT, 'schema', 'corosim-trace-v1.schema.json')


class NotJson(ValueError):
    """The text is not strict JSON."""


def _refuse_constant(name):
    raise NotJson(f'{name} is not JSON')


def loads(text):
    """Strict JSON, as corosim reads it: NaN and Infinity are refused (Python
    would accept them)."""
    return json.loads(text, parse_constant=_refuse_constant)


def load_schema():
    with open(SCHEMA_PATH, encoding='utf-8') as f:
        return loads(f.read())


def make_validator():
    """Draft 2020-12 validator of the schema, or SystemExit saying how to get
    jsonschema."""
    try:
        import jsonschema
    except ImportError:
        raise SystemExit('python3-jsonschema is not installed: run scripts/install-deps')
    schema = load_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def pointer(path):
    """A jsonschema error path as a JSON pointer."""
    return ''.join('/' + str(p).replace('~', '~0').replace('/', '~1') for p in path)


def first_event(trace, kind, **fields):
    """The first event of `kind` whose fields include `fields`."""
    for event in trace['events']:
        if event['kind'] == kind and all(event.get(k) == v for k, v in fields.items()):
            return event
    raise LookupError(f'no {kind} event with {fields} in the trace')


def first_wait(trace, what):
    for event in trace['events']:
        if event['kind'] == 'suspend' and event['waits_on']['what'] == what:
            return event['waits_on']
    raise LookupError(f'no wait on {what} in the trace')


def _set(path, value):
    def edit(trace):
        target = trace
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return edit


def _delete(path):
    def edit(trace):
        target = trace
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
    return edit


def _append_event(event):
    return lambda trace: trace['events'].append(event)


# (name, edit of the sample trace, still valid?). The sample trace (SAMPLE
# below) has every kind of event and of wait.
CASES = [
    ('unknown top-level field', _set(['viewer_hint'], {'zoom': 2}), True),
    ('unknown event field', lambda t: t['events'][0].update(cpu=3), True),
    ('unknown event kind', _append_event({'t': 9.0, 'kind': 'migrate', 'task': None, 'to': 'x'}), True),
    ('unknown wait', lambda t: first_event(t, 'suspend').update(waits_on={'what': 'lock', 'name': 'l'}), True),
    ('integral float id', _set(['tasks', 0, 'id'], 1.0), True),
    ('sleep until null', lambda t: first_wait(t, 'sleep').update(until=None), True),
    ('end_time is a string', _set(['end_time'], '4.0'), False),
    ('format is another', _set(['format'], 'chrome-trace'), False),
    ('version 2', _set(['version'], 2), False),
    ('version true', _set(['version'], True), False),
    ('no tasks', _delete(['tasks']), False),
    ('events is an object', _set(['events'], {}), False),
    ('outcome status unknown', _set(['outcome'], {'status': 'crashed'}), False),
    ('error outcome without error', _set(['outcome'], {'status': 'error'}), False),
    ('deadlock waiting a string', _set(['outcome'], {'status': 'deadlock', 'waiting': '2'}), False),
    ('limit without limit', _set(['outcome'], {'status': 'limit'}), False),
    ('task id 0', _set(['tasks', 0, 'id'], 0), False),
    ('task id 1.5', _set(['tasks', 0, 'id'], 1.5), False),
    ('task state unknown', _set(['tasks', 0, 'state'], 'running'), False),
    ('task internal 0', _set(['tasks', 0, 'internal'], 0), False),
    ('finished task with finished null', _set(['tasks', 0, 'finished'], None), False),
    ('task without coro', _delete(['tasks', 0, 'coro']), False),
    ('event without t', lambda t: t['events'][0].pop('t'), False),
    ('event time null', _set(['events', 1, 't'], None), False),
    ('unknown kind without task', _append_event({'t': 9.0, 'kind': 'migrate'}), False),
    ('resume of task null', lambda t: first_event(t, 'resume').update(task=None), False),
    ('create without parent', lambda t: first_event(t, 'create').pop('parent'), False),
    ('sleep until a string', lambda t: first_wait(t, 'sleep').update(until='soon'), False),
    ('wait on task null', lambda t: first_wait(t, 'task').update(task=None), False),
    ('gather duplicates', lambda t: first_wait(t, 'gather').update(tasks=[2, 2]), False),
    ('gather tasks a number', lambda t: first_wait(t, 'gather').update(tasks=2), False),
    ('wait without what', lambda t: first_event(t, 'suspend').update(waits_on={}), False),
    ('done state unknown', lambda t: first_event(t, 'done').update(state='finished'), False),
    ('done without result', lambda t: first_event(t, 'done', state='done').pop('result'), False),
    ('failed without exception',
     lambda t: first_event(t, 'done', state='done').update(state='failed'), False),
    ('cancel without by', lambda t: first_event(t, 'cancel').pop('by'), False),
    ('cancel msg null', lambda t: first_event(t, 'cancel').update(msg=None), False),
    ('print without text', lambda t: first_event(t, 'print').pop('text'), False),
    ('print text a list', lambda t: first_event(t, 'print').update(text=['a']), False),
    ('top level an array', lambda t: t.clear(), False),
]

# A program whose trace has every kind of event and of wait.
SAMPLE = '''import asyncio

async def child(n):
    await asyncio.sleep(n)
    return n

async def stubborn():
    await asyncio.sleep(10)

async def main():
    a = asyncio.create_task(child(1))
    b = asyncio.create_task(child(2))
    print(await a)
    await asyncio.sleep(0)
    print(await asyncio.gather(b, child(0.5)))
    s = asyncio.create_task(stubborn())
    await asyncio.sleep(0)
    s.cancel("enough")
    try:
        await s
    except asyncio.CancelledError:
        print("cancelled")

asyncio.run(main())
'''


def edited(trace, edit):
    """A copy of `trace` with `edit` applied; the top level becomes a list when
    the edit empties it."""
    copy_ = copy.deepcopy(trace)
    edit(copy_)
    return copy_ if copy_ else []
