import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deadlockText, deadlockWaits } from '../../src/model/deadlock.js';
import { SEG_FUTURE, SEG_GATHER } from '../../src/model/timeline.js';
import { atLine, create, done, gather, load, resume, sleep, task, traceDoc, waitOn } from './helpers.mjs';

// Two workers take their own lock, sleep, then each wants the other's (line 6);
// main gathers them at line 14. As corosim writes it: the run ends at 1 s,
// the moment the second worker suspends.
function crossedLocks({ status = 'deadlock', waiting = [1, 2, 3] } = {}) {
  const pending = { state: 'pending' };
  return traceDoc([task(1, pending), task(2, { ...pending, parent: 1 }), task(3, { ...pending, parent: 1 })], [
    create(0, 1), resume(0, 1), create(0, 2, 1), create(0, 3, 1), atLine(gather(0, 1, [2, 3]), 14),
    resume(0, 2), atLine(sleep(0, 2, 1), 5), resume(0, 3), atLine(sleep(0, 3, 1), 5),
    resume(1, 2), waitOn(1, 2, 'lock', 1, 6), resume(1, 3), waitOn(1, 3, 'lock', 2, 6),
  ], { outcome: status === 'deadlock' ? { status, waiting } : { status } });
}

test('the final wait of each task a deadlock leaves waiting, in words', () => {
  const { trace, tl } = load(crossedLocks());
  const waits = deadlockWaits(trace, tl);
  const seg = tl.segments;
  assert.deepEqual([seg.kind[waits[0]], seg.kind[waits[1]], seg.kind[waits[2]]], [SEG_GATHER, SEG_FUTURE, SEG_FUTURE]);
  assert.deepEqual([seg.start[waits[1]], seg.end[waits[1]]], [1, 1], 'a final wait starts at the end and has no length');
  assert.equal(deadlockText(trace, tl, waits[0]), 'deadlocked: waiting for gather of Task-2, Task-3 at line 14');
  assert.equal(deadlockText(trace, tl, waits[1]), 'deadlocked: waits on lock #1 at line 6');
  assert.equal(deadlockText(trace, tl, waits[2]), 'deadlocked: waits on lock #2 at line 6');
});

test('only the tasks the report names, and only in a deadlock', () => {
  const { trace, tl } = load(crossedLocks({ waiting: [3] }));
  assert.deepEqual(Array.from(deadlockWaits(trace, tl), (s) => s >= 0), [false, false, true]);
  const other = load(crossedLocks({ status: 'ok' }));
  assert.deepEqual(Array.from(deadlockWaits(other.trace, other.tl)), [-1, -1, -1]);
});

test('a task the report names that ended on a step gets no mark', () => {
  const doc = traceDoc([task(1, { finished: 1 }), task(2, { parent: 1, state: 'pending' })], [
    create(0, 1), resume(0, 1), create(0, 2, 1), resume(0, 2), waitOn(0, 2, 'event', 1, 3), done(1, 1),
  ], { outcome: { status: 'deadlock', waiting: [1, 2, 7] } });
  const { trace, tl } = load(doc);
  const waits = deadlockWaits(trace, tl);
  assert.equal(waits[0], -1);
  assert.equal(deadlockText(trace, tl, waits[1]), 'deadlocked: waits on event #1 at line 3');
});
