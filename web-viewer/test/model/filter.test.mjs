import test from 'node:test';
import assert from 'node:assert/strict';
import { filterEvents, eventDetails, eventPrinted, tasksMatching } from '../../src/model/filter.js';
import { EV_PRINT, EV_CANCEL } from '../../src/model/trace.js';
import {
  task, traceDoc, create, resume, sleep, awaitTask, gather, yieldNow, future, done, failed, cancelled, cancel, print, load,
} from './helpers.mjs';

function doc() {
  return traceDoc(
    [task(1, { finished: 2 }), task(2, { name: 'fetcher', parent: 1, finished: 1, state: 'failed' }), task(3, { parent: 1, finished: 2, state: 'cancelled' })],
    [
      create(0, 1), resume(0, 1), create(0, 2, 1), create(0, 3, 1), print(0, 1, 'Started\n'), gather(0, 1, [2, 3]), // 0-5
      resume(0, 2), sleep(0, 2, 1), resume(0, 3), yieldNow(0, 3), resume(0, 3), awaitTask(0, 3, 2), // 6-11
      resume(1, 2), failed(1, 2, 'ValueError', 'boom'), cancel(1, 3, 1, 'enough'), resume(1, 3), cancelled(1, 3), // 12-16
      resume(2, 1), future(2, 1), print(2, null, 'outside\n'), cancel(2, 1, null), resume(2, 1), done(2, 1, '42'), // 17-22
    ],
  );
}

test('event details', () => {
  const { trace } = load(doc());
  const details = Array.from({ length: trace.events.count }, (_, i) => eventDetails(trace, i));
  assert.deepEqual(details, [
    'no parent', '', 'parent Task-1', 'parent Task-1', '', 'gather fetcher, Task-3',
    '', 'sleep until 1 s', '', 'yield', '', 'waits for fetcher',
    '', 'exception ValueError: boom', 'by Task-1, msg: enough', '', 'cancelled',
    '', 'future', '', 'by the loop', '', 'result 42',
  ]);
  assert.equal(eventPrinted(trace, 4), 'Started\n');
  assert.equal(eventPrinted(trace, 5), '');
});

test('filter by task, by kind, by both', () => {
  const { trace } = load(doc());
  assert.equal(filterEvents(trace).length, trace.events.count);
  assert.deepEqual(Array.from(filterEvents(trace, { task: 2 })), [2, 6, 7, 12, 13]);
  assert.deepEqual(Array.from(filterEvents(trace, { kinds: ['print'] })), [4, 19]);
  assert.deepEqual(Array.from(filterEvents(trace, { kinds: [EV_CANCEL, EV_PRINT], task: 1 })), [4, 20]);
  assert.deepEqual(Array.from(filterEvents(trace, { kinds: [] })), []);
});

test('filter by text: task name, kind, details, printed text, any case', () => {
  const { trace } = load(doc());
  assert.deepEqual(Array.from(filterEvents(trace, { text: 'FETCHER' })), [2, 5, 6, 7, 11, 12, 13]);
  assert.deepEqual(Array.from(filterEvents(trace, { text: 'started' })), [4]);
  assert.deepEqual(Array.from(filterEvents(trace, { text: 'valueerror: b' })), [13]);
  assert.deepEqual(Array.from(filterEvents(trace, { text: 'cancel' })), [14, 16, 20]);
  assert.deepEqual(Array.from(filterEvents(trace, { text: 'until 1 s' })), [7]);
  assert.deepEqual(Array.from(filterEvents(trace, { text: 'enough', task: 3 })), [14]);
  assert.deepEqual(Array.from(filterEvents(trace, { text: 'no such thing' })), []);
});

test('tasksMatching: an id or exact name names one task, other text every task whose name contains it', () => {
  const { trace } = load(doc());
  const ids = (q) => {
    const m = tasksMatching(trace, q);
    return m && { count: m.count, ids: [...m.mask.keys()].filter((id) => m.mask[id]) };
  };
  assert.equal(tasksMatching(trace, '  '), null);
  assert.deepEqual(ids('2'), { count: 1, ids: [2] });
  assert.deepEqual(ids('Task-1'), { count: 1, ids: [1] });
  assert.deepEqual(ids('FETCHER'), { count: 1, ids: [2] });
  assert.deepEqual(ids('task-'), { count: 2, ids: [1, 3] });
  assert.deepEqual(ids('etch'), { count: 1, ids: [2] });
  assert.deepEqual(ids('9'), { count: 0, ids: [] });
  assert.deepEqual(ids('nobody'), { count: 0, ids: [] });
});

test('filter by a set of tasks: events of other tasks are left out, events of no task kept when asked', () => {
  const { trace } = load(doc());
  const mask = new Uint8Array(trace.tasks.count + 1);
  mask[2] = 1;
  assert.deepEqual(Array.from(filterEvents(trace, { tasks: mask })), [2, 6, 7, 12, 13]);
  mask[0] = 1;
  assert.deepEqual(Array.from(filterEvents(trace, { tasks: mask, kinds: ['print', 'create'] })), [2, 19]);
});
