import test from 'node:test';
import assert from 'node:assert/strict';
import { formatExactTime, formatRoundedTime, describeTask, describeSegment, taskListText } from '../../src/model/describe.js';
import {
  task, traceDoc, create, resume, sleep, awaitTask, gather, yieldNow, future, done, failed, cancelled, cancel, load,
} from './helpers.mjs';

test('formatRoundedTime: nine significant digits in the largest unit that keeps the value >= 1', () => {
  assert.equal(formatRoundedTime(0), '0 s');
  assert.equal(formatRoundedTime(1.5), '1.5 s');
  assert.equal(formatRoundedTime(4), '4 s');
  assert.equal(formatRoundedTime(0.25), '250 ms');
  assert.equal(formatRoundedTime(0.1 + 0.2), '300 ms');
  assert.equal(formatRoundedTime(1.2e-5), '12 µs');
  assert.equal(formatRoundedTime(3e-9), '3 ns');
  assert.equal(formatRoundedTime(0.001), '1 ms');
  assert.equal(formatRoundedTime(1000.5), '1000.5 s');
  assert.equal(formatRoundedTime(-2), '-2 s');
  assert.equal(formatRoundedTime(Infinity), '∞');
  assert.equal(formatRoundedTime(NaN), 'never');
});

test('formatExactTime: every digit the double needs, in seconds, no exponent', () => {
  assert.equal(formatExactTime(0), '0 s');
  assert.equal(formatExactTime(2), '2 s');
  assert.equal(formatExactTime(0.25), '0.25 s');
  assert.equal(formatExactTime(0.1 + 0.2), '0.30000000000000004 s');
  assert.equal(formatExactTime(0.3), '0.3 s');
  assert.equal(formatExactTime(0.9999999999999999), '0.9999999999999999 s');
  assert.equal(formatExactTime(1.2e-5), '0.000012 s');
  assert.equal(formatExactTime(3e-9), '0.000000003 s');
  assert.equal(formatExactTime(1e21), '1000000000000000000000 s');
  assert.equal(formatExactTime(-2.5), '-2.5 s');
  assert.equal(formatExactTime(Infinity), '∞');
  assert.equal(formatExactTime(NaN), 'never');
  // Each text reads back as the same double.
  for (const x of [0.1 + 0.2, 1 / 3, 2 ** -30, 123456.789e-7, 5e-324, Number.MAX_SAFE_INTEGER + 2]) {
    assert.equal(Number(formatExactTime(x).slice(0, -2)), x, String(x));
  }
});

// main gathers a worker that fails and a sleeper; a helper task is cancelled
// while it sleeps; a blocker's step holds the loop.
function story() {
  return traceDoc(
    [
      task(1, { finished: 6, state: 'failed' }),
      task(2, { coro: 'worker', parent: 1, finished: 1, state: 'failed' }),
      task(3, { coro: 'sleeper', parent: 1, finished: 2 }),
      task(4, { coro: 'helper', parent: 1, finished: 5, state: 'cancelled' }),
      task(5, { coro: 'blocker', parent: 1, finished: 5 }),
      task(6, { coro: 'waiter', parent: 1, finished: null, state: 'pending' }),
    ],
    [
      create(0, 1), resume(0, 1), create(0, 2, 1), create(0, 3, 1), create(0, 4, 1), create(0, 5, 1), create(0, 6, 1),
      gather(0, 1, [2, 3]),
      resume(0, 2), sleep(0, 2, 1), resume(0, 3), sleep(0, 3, 2), resume(0, 4), awaitTask(0, 4, 3),
      resume(0, 5), yieldNow(0, 5), resume(0, 6), future(0, 6),
      resume(0, 5), sleep(0, 5, 3),
      resume(1, 2), failed(1, 2, 'ValueError', 'boom'),
      resume(2, 3), done(2, 3, "'zzz'"),
      resume(3, 5), cancel(3, 4, 5), done(5, 5),
      resume(5, 4), cancelled(5, 4),
      resume(6, 1), failed(6, 1, 'ValueError', 'boom'),
    ],
    { endTime: 6 },
  );
}

test('describeTask: the tooltip lines', () => {
  const { trace, tl } = load(story());
  assert.deepEqual(describeTask(trace, tl, 1), [
    'Task-2', 'coroutine: worker', 'parent: Task-1', 'state: failed', 'exception: ValueError: boom', 'created: 0 s', 'finished: 1 s',
  ]);
  assert.deepEqual(describeTask(trace, tl, 2).slice(3, 5), ['state: done', "result: 'zzz'"]);
  assert.deepEqual(describeTask(trace, tl, 0).slice(2, 4), ['parent: none', 'state: failed']);
  assert.deepEqual(describeTask(trace, tl, 3).slice(3), [
    'state: cancelled', 'cancel requested by Task-5 at 3 s', 'created: 0 s', 'finished: 5 s',
  ]);
  assert.deepEqual(describeTask(trace, tl, 5).slice(3), ['state: pending', 'created: 0 s', 'finished: never']);
});

test('describeSegment: what a task was doing', () => {
  const { trace, tl } = load(story());
  const texts = (i) => {
    const out = [];
    for (let j = tl.taskSegStart[i]; j < tl.taskSegStart[i + 1]; j++) out.push(describeSegment(trace, tl, j));
    return out;
  };
  assert.deepEqual(texts(0), [
    'scheduled, first step pending', 'step at 0 s', 'waiting for gather of Task-2, Task-3 since 0 s',
    'overdue by 4 s: ready at 2 s (the gathered tasks finished), waiting for the loop', 'step at 6 s',
  ]);
  assert.deepEqual(texts(2).slice(2, 3), ['sleeping until 2 s']);
  assert.deepEqual(texts(3).slice(2), [
    'waiting for Task-3 since 0 s',
    'overdue by 3 s: ready at 2 s (Task-3 finished), waiting for the loop',
    'step at 5 s',
  ]);
  assert.deepEqual(texts(4).slice(2), [
    'yielded to the loop (sleep(0)) since 0 s', 'step at 0 s', 'sleeping until 3 s', 'running (blocking) for 2 s',
  ]);
  assert.deepEqual(texts(5).slice(2), ['waiting for a future since 0 s']);
});

test('describeSegment: overdue because of a cancel names who cancelled', () => {
  const doc = traceDoc(
    [task(1, { finished: 3 }), task(2, { parent: 1, finished: 3, state: 'cancelled' })],
    [create(0, 1), resume(0, 1), create(0, 2, 1), sleep(0, 1, 1), resume(0, 2), sleep(0, 2, 10), resume(1, 1), cancel(1, 2, 1), done(3, 1), resume(3, 2), cancelled(3, 2)],
  );
  const { trace, tl } = load(doc);
  assert.equal(describeSegment(trace, tl, tl.taskSegStart[1] + 3), 'overdue by 2 s: ready at 1 s (cancelled by Task-1), waiting for the loop');
  assert.equal(describeSegment(trace, tl, tl.taskSegStart[1] + 1), 'step at 0 s');
});

test('long gathers are shortened', () => {
  const ids = Array.from({ length: 8 }, (_, i) => i + 2);
  const doc = traceDoc(
    [task(1, { state: 'pending' }), ...ids.map((id) => task(id, { parent: 1, state: 'pending' }))],
    [create(0, 1), resume(0, 1), ...ids.map((id) => create(0, id, 1)), gather(0, 1, ids), { t: 0, kind: 'suspend', task: 1, waits_on: { what: 'sleep', until: null } }],
  );
  const { trace, tl } = load(doc);
  assert.equal(taskListText(trace, trace.lists[0]), 'Task-2, Task-3, Task-4, Task-5, Task-6, and 3 more');
  assert.equal(describeSegment(trace, tl, tl.taskSegStart[1] - 1), 'sleeping forever');
});

test('describeTask: every cancel request, by whom, when, with its message', () => {
  const doc = traceDoc(
    [task(1, { finished: 3 }), task(2, { parent: 1, finished: 3, state: 'cancelled' })],
    [
      create(0, 1), resume(0, 1), create(0, 2, 1), sleep(0, 1, 1), resume(0, 2), sleep(0, 2, 10),
      resume(1, 1), cancel(1, 2, 1, 'stop now'), cancel(1, 2, null), cancel(1, 2, 1), cancel(1, 2, 1, '<b>'), cancel(1, 2, 1),
      done(1, 1), resume(1, 2), cancelled(1, 2),
    ],
  );
  const { trace, tl } = load(doc);
  assert.deepEqual(describeTask(trace, tl, 1).slice(4, 8), [
    'cancel requested by Task-1 at 1 s, msg: stop now',
    'cancel requested by the loop at 1 s',
    'cancel requested by Task-1 at 1 s',
    'and 2 more cancel requests',
  ]);
  assert.ok(!describeTask(trace, tl, 0).some((line) => line.startsWith('cancel')), 'Task-1 was never cancelled');
});
