import test from 'node:test';
import assert from 'node:assert/strict';
import { SEG_NAMES, SEG_OVERDUE, SEG_TASK, SEG_GATHER, segmentAt } from '../../src/model/timeline.js';
import {
  task, traceDoc, create, resume, sleep, awaitTask, gather, yieldNow, future, done, cancelled, cancel, print, load, segmentsOf,
} from './helpers.mjs';

const segs = (tl, i, coords) => segmentsOf(tl, SEG_NAMES, i, coords);

// Seed example 2: main creates two tasks sleeping 2 s and 4 s and awaits both.
function seed2() {
  return traceDoc(
    [task(1, { finished: 4 }), task(2, { coro: 'sleep', parent: 1, finished: 2 }), task(3, { coro: 'sleep', parent: 1, finished: 4 })],
    [
      create(0, 1), resume(0, 1), create(0, 2, 1), create(0, 3, 1), print(0, 1, 'started\n'), awaitTask(0, 1, 2),
      resume(0, 2), sleep(0, 2, 2), resume(0, 3), sleep(0, 3, 4),
      resume(2, 2), done(2, 2), resume(2, 1), awaitTask(2, 1, 3),
      resume(4, 3), done(4, 3), resume(4, 1), done(4, 1),
    ],
  );
}

test('seed 2: bars end at 2 s and 4 s, main waits for each task in turn', () => {
  const { tl } = load(seed2());
  assert.deepEqual([tl.taskStart[1], tl.taskEnd[1]], [0, 2]);
  assert.deepEqual([tl.taskStart[2], tl.taskEnd[2]], [0, 4]);
  assert.deepEqual(segs(tl, 1), [['scheduled', 0, 0], ['run', 0, 0], ['sleep', 0, 2], ['run', 2, 2]]);
  assert.deepEqual(segs(tl, 0), [['scheduled', 0, 0], ['run', 0, 0], ['task', 0, 2], ['run', 2, 2], ['task', 2, 4], ['run', 4, 4]]);
  const s = tl.segments;
  const waits = [];
  for (let j = tl.taskSegStart[0]; j < tl.taskSegStart[1]; j++) if (s.kind[j] === SEG_TASK) waits.push(s.target[j]);
  assert.deepEqual(waits, [2, 3]);
  assert.equal(tl.stats.steps, 7);
  assert.equal(tl.stats.busyShare, 0);
  assert.equal(tl.busy.count, 0);
});

// scenarios/timing/blocking_sleep_starves_loop.py: hog blocks in time.sleep(3)
// while the ticker's 1 s sleep comes due.
function starved() {
  return traceDoc(
    [task(1, { finished: 6 }), task(2, { coro: 'ticker', parent: 1, finished: 6 }), task(3, { coro: 'hog', parent: 1, finished: 4 })],
    [
      create(0, 1), resume(0, 1), create(0, 2, 1), create(0, 3, 1), gather(0, 1, [2, 3]),
      resume(0, 2), sleep(0, 2, 1), resume(0, 3), yieldNow(0, 3),
      resume(0, 3), print(0, 3, 'hog blocks\n'), print(3, 3, 'hog unblocks\n'), sleep(3, 3, 4),
      resume(3, 2), sleep(3, 2, 4),
      resume(4, 3), done(4, 3), resume(4, 2), sleep(4, 2, 5), resume(5, 2), sleep(5, 2, 6),
      resume(6, 2), done(6, 2), resume(6, 1), done(6, 1),
    ],
  );
}

test('a blocking step is a run segment with length; the sleeper due meanwhile is overdue', () => {
  const { tl } = load(starved());
  assert.deepEqual(segs(tl, 2), [
    ['scheduled', 0, 0], ['run', 0, 0], ['yield', 0, 0], ['run', 0, 3], ['sleep', 3, 4], ['run', 4, 4],
  ]);
  assert.deepEqual(segs(tl, 1).slice(2, 5), [['sleep', 0, 1], ['overdue', 1, 3], ['run', 3, 3]]);
  const overdue = tl.taskSegStart[1] + 3;
  assert.equal(tl.segments.kind[overdue], SEG_OVERDUE);
  assert.equal(SEG_NAMES[tl.segments.cause[overdue]], 'sleep');
  assert.deepEqual([tl.busy.count, tl.busy.start[0], tl.busy.end[0]], [1, 0, 3]);
  assert.equal(tl.stats.busyTime, 3);
  assert.equal(tl.stats.busyShare, 0.5);
});

test('a cancel makes a sleeper due at once', () => {
  // Task-1 cancels the 10 s sleeper at t=1, then blocks until 3: the sleeper
  // is overdue from the cancel, not from its deadline.
  const doc = traceDoc(
    [task(1, { finished: 3 }), task(2, { parent: 1, finished: 3, state: 'cancelled' })],
    [
      create(0, 1), resume(0, 1), create(0, 2, 1), sleep(0, 1, 1), resume(0, 2), sleep(0, 2, 10),
      resume(1, 1), cancel(1, 2, 1), done(3, 1), resume(3, 2), cancelled(3, 2),
    ],
  );
  const { tl } = load(doc);
  assert.deepEqual(segs(tl, 1), [['scheduled', 0, 0], ['run', 0, 0], ['sleep', 0, 1], ['overdue', 1, 3], ['run', 3, 3]]);
  assert.equal(tl.segments.ev0[tl.taskSegStart[1] + 3], 7, 'the overdue stretch starts at the cancel event');
});

test('a cancel does not make a task awaiting another task due', () => {
  // Task-1 awaits Task-2; the loop cancels Task-1 at t=0, which passes the
  // cancel on to Task-2; Task-2 cleans up until 2, and only then is Task-1 due.
  const doc = traceDoc(
    [task(1, { finished: 2, state: 'cancelled' }), task(2, { parent: 1, finished: 2, state: 'cancelled' })],
    [
      create(0, 1), resume(0, 1), create(0, 2, 1), awaitTask(0, 1, 2), resume(0, 2), sleep(0, 2, 5),
      cancel(0, 1, null), cancel(0, 2, null), resume(0, 2), sleep(0, 2, 2), resume(2, 2), cancelled(2, 2),
      resume(2, 1), cancelled(2, 1),
    ],
  );
  const { tl } = load(doc);
  assert.deepEqual(segs(tl, 0).slice(2), [['task', 0, 2], ['run', 2, 2]]);
});

test('a gather is due when its last child finishes', () => {
  // Children finish at 2 and 4; Task-4 blocks from 4 to 5 before main resumes.
  const doc = traceDoc(
    [task(1, { finished: 5 }), task(2, { parent: 1, finished: 2 }), task(3, { parent: 1, finished: 4 }), task(4, { parent: 1 , finished: 5 })],
    [
      create(0, 1), resume(0, 1), create(0, 2, 1), create(0, 3, 1), create(0, 4, 1), gather(0, 1, [2, 3]),
      resume(0, 2), sleep(0, 2, 2), resume(0, 3), sleep(0, 3, 4), resume(0, 4), sleep(0, 4, 4),
      resume(2, 2), done(2, 2), resume(4, 3), done(4, 3), resume(4, 4), done(5, 4), resume(5, 1), done(5, 1),
    ],
  );
  const { tl } = load(doc);
  assert.deepEqual(segs(tl, 0).slice(2), [['gather', 0, 4], ['overdue', 4, 5], ['run', 5, 5]]);
  assert.equal(tl.segments.kind[tl.taskSegStart[0] + 2], SEG_GATHER);
  assert.equal(tl.segments.target[tl.taskSegStart[0] + 2], 0, 'the gather\'s list');
  // Task-3 finished at 4 and awaited nothing: its zero-length overdue is dropped.
  assert.deepEqual(segs(tl, 2).map((s) => s[0]), ['scheduled', 'run', 'sleep', 'run']);
});

test('a yield is due at once; a future never is', () => {
  const doc = traceDoc(
    [task(1, { finished: 8 }), task(2, { parent: 1, finished: 2 })],
    [
      create(0, 1), resume(0, 1), create(0, 2, 1), future(0, 1),
      resume(0, 2), yieldNow(0, 2), resume(0, 2), { ...yieldNow(0, 2) }, resume(2, 2), done(2, 2),
      resume(8, 1), done(8, 1),
    ],
  );
  const { tl } = load(doc);
  assert.deepEqual(segs(tl, 0).slice(2), [['future', 0, 8], ['run', 8, 8]]);
  assert.deepEqual(segs(tl, 1).slice(2), [['yield', 0, 0], ['run', 0, 0], ['yield', 0, 0], ['overdue', 0, 2], ['run', 2, 2]]);
});

test('a task that never finished waits to the end of the run', () => {
  const doc = traceDoc(
    [task(1, { finished: null, state: 'pending' }), task(2, { parent: 1, finished: null, state: 'pending' }), task(3, { parent: 1, created: 1, state: 'pending' })],
    [
      create(0, 1), resume(0, 1), create(0, 2, 1), awaitTask(0, 1, 2), resume(0, 2), sleep(0, 2, 20),
      resume(1, 1), create(1, 3, 1), awaitTask(1, 1, 2),
    ],
    { endTime: 10, outcome: { status: 'until' } },
  );
  const { tl } = load(doc);
  assert.deepEqual(segs(tl, 1), [['scheduled', 0, 0], ['run', 0, 0], ['sleep', 0, 10]]);
  assert.deepEqual(segs(tl, 0).slice(-1), [['task', 1, 10]]);
  // Created at 1 and never run while the loop was free: overdue until the end.
  assert.deepEqual(segs(tl, 2), [['scheduled', 1, 1], ['overdue', 1, 10]]);
  assert.deepEqual(Array.from(tl.taskEnd), [10, 10, 10]);
  assert.deepEqual(Array.from(tl.taskDoneEvent), [-1, -1, -1]);
});

test('a step still running when the run stopped lasts to the end', () => {
  const doc = traceDoc([task(1, { state: 'pending' })], [create(0, 1), resume(0, 1)], { endTime: 5, outcome: { status: 'limit', limit: 'max-steps' } });
  const { tl } = load(doc);
  assert.deepEqual(segs(tl, 0), [['scheduled', 0, 0], ['run', 0, 5]]);
  assert.deepEqual([tl.steps.end[0], tl.steps.endEvent[0]], [5, -1]);
  assert.equal(tl.stats.busyShare, 1);
});

test('peak live tasks counts a finish before a create at the same instant', () => {
  const events = [create(0, 1), resume(0, 1), create(0, 2, 1), future(0, 1), resume(1, 2), done(1, 2)];
  const finishFirst = traceDoc(
    [task(1, { state: 'pending' }), task(2, { parent: 1, finished: 1 }), task(3, { parent: 2, created: 1, state: 'pending' })],
    [...events.slice(0, 5), create(1, 3, 2), done(1, 2)],
  );
  assert.equal(load(finishFirst).tl.stats.peakLive, 3);
  const createFirst = traceDoc(
    [task(1, { state: 'pending' }), task(2, { parent: 1, finished: 1 }), task(3, { created: 1, state: 'pending' })],
    [...events, create(1, 3)],
  );
  assert.equal(load(createFirst).tl.stats.peakLive, 2);
});

test('busy time merges adjacent blocking steps; end time 0 gives busy share 0', () => {
  const doc = traceDoc(
    [task(1, { finished: 4 }), task(2, { parent: 1, finished: 3 })],
    [create(0, 1), resume(0, 1), create(0, 2, 1), yieldNow(1, 1), resume(1, 2), done(3, 2), resume(3, 1), done(4, 1)],
    { endTime: 8 },
  );
  const { tl } = load(doc);
  assert.deepEqual([tl.busy.count, tl.busy.start[0], tl.busy.end[0], tl.busy.slot0[0], tl.busy.slot1[0]], [1, 0, 4, 0, 3]);
  assert.equal(tl.stats.busyShare, 0.5);
  // Loop-steps mode draws the blocking steps apart: steps 0 (Task-1, 0 s to 1 s),
  // 1 (Task-2, 1 s to 3 s) and 2 (Task-1, 3 s to 4 s).
  assert.deepEqual(Array.from(tl.blockingSlots), [0, 1, 2]);
  assert.deepEqual(Array.from(tl.taskBlockStart), [0, 2, 3]);
  assert.deepEqual(Array.from(tl.taskBlockSlot), [0, 2, 1]);
  const mixed = traceDoc(
    [task(1, { finished: 2 })],
    [create(0, 1), resume(0, 1), yieldNow(0, 1), resume(0, 1), yieldNow(2, 1), resume(2, 1), done(2, 1)],
  );
  assert.deepEqual(Array.from(load(mixed).tl.blockingSlots), [1], 'only the step that took time');
  const instant = traceDoc([task(1)], [create(0, 1), resume(0, 1), done(0, 1)]);
  assert.equal(load(instant).tl.stats.busyShare, 0);
});

test('stats count all tasks and the visible ones', () => {
  const doc = seed2();
  doc.tasks.push(task(4, { coro: 'BaseEventLoop.shutdown_asyncgens', created: 4, finished: 4, internal: true }));
  doc.events.push(create(4, 4), resume(4, 4), done(4, 4));
  const { tl } = load(doc);
  assert.deepEqual([tl.stats.tasks, tl.stats.visibleTasks, tl.stats.steps, tl.stats.endTime], [4, 3, 8, 4]);
});

// Seed example 4: five tasks sleeping 2 s, woken by the timer heap in the order 2, 4, 6, 3, 5.
function seed4() {
  const ids = [2, 3, 4, 5, 6];
  return traceDoc(
    [task(1, { finished: 2 }), ...ids.map((id) => task(id, { coro: 'sleep', parent: 1, finished: 2 }))],
    [
      create(0, 1), resume(0, 1), ...ids.map((id) => create(0, id, 1)), gather(0, 1, ids),
      ...ids.flatMap((id) => [resume(0, id), sleep(0, id, 2)]),
      ...[2, 4, 6, 3, 5].flatMap((id) => [resume(2, id), done(2, id, "'sleep'")]),
      resume(2, 1), done(2, 1),
    ],
  );
}

test('loop-steps mode: the five wake-ups at t=2 take increasing slots in execution order', () => {
  const { tl } = load(seed4());
  const wake = [];
  for (let k = 0; k < tl.steps.count; k++) if (tl.steps.t[k] === 2 && tl.steps.task[k] !== 0) wake.push([tl.steps.task[k] + 1, k]);
  assert.deepEqual(wake, [[2, 6], [4, 7], [6, 8], [3, 9], [5, 10]]);
  for (const [id, k] of wake) {
    const i = id - 1;
    const last = tl.taskStepStart[i + 1] - 1;
    assert.equal(tl.taskStepSlot[last], k);
    assert.equal(tl.eventSlot[tl.steps.event[k]], k, 'a resume sits at its step');
    assert.equal(tl.eventSlot[tl.steps.endEvent[k]], k + 1, 'the done ending it at the next slot');
    assert.deepEqual(segs(tl, i, 'slot').slice(-2), [['sleep', i + 1, k], ['run', k, k + 1]]);
  }
});

test('event slots: inside a step, between steps, after the last', () => {
  const doc = traceDoc(
    [task(1, { finished: 1 }), task(2, { parent: 1, finished: 1, state: 'cancelled' })],
    [
      print(0, null, 'before\n'), create(0, 1), resume(0, 1), create(0, 2, 1), print(0, 1, 'x\n'), sleep(0, 1, 1),
      cancel(0, 2, null), resume(0, 2), cancelled(0, 2), resume(1, 1), done(1, 1), print(1, null, 'after\n'),
    ],
  );
  const { tl } = load(doc);
  assert.deepEqual(Array.from(tl.eventSlot), [0, 0, 0, 0.5, 0.5, 1, 1, 1, 2, 2, 3, 3]);
  assert.deepEqual(segs(tl, 1, 'slot'), [['scheduled', 0.5, 1], ['run', 1, 2]]);
  assert.deepEqual([tl.taskSlot0[0], tl.taskSlot1[0]], [0, 3]);
});

test('per-task indexes: events naming a task, its steps, its done event', () => {
  const { trace, tl } = load(seed2());
  const evs = (i) => Array.from(tl.taskEvents.subarray(tl.taskEventStart[i], tl.taskEventStart[i + 1]));
  assert.deepEqual(evs(1), [2, 6, 7, 10, 11]);
  assert.deepEqual(Array.from(tl.taskStepTime.subarray(tl.taskStepStart[0], tl.taskStepStart[1])), [0, 2, 4]);
  assert.equal(tl.taskDoneEvent[1], 11);
  assert.equal(trace.events.t[tl.taskDoneEvent[2]], 4);
});

test('segmentAt finds the segment under a position', () => {
  const { tl } = load(seed2());
  const kindAt = (i, t, steps) => {
    const s = segmentAt(tl, i, t, steps);
    return s < 0 ? null : SEG_NAMES[tl.segments.kind[s]];
  };
  assert.equal(kindAt(0, 1), 'task');
  assert.equal(kindAt(0, 2), 'task', 'at a step between two waits, the wait that starts there');
  assert.equal(kindAt(0, 4), 'run', 'the last step');
  assert.equal(kindAt(1, 3), null, 'after the task ended');
  assert.equal(kindAt(1, -1), null);
  assert.equal(kindAt(2, 2.5, true), 'run', 'in loop-steps mode a step has a width');
  assert.equal(kindAt(2, 3.5, true), 'sleep');
});
