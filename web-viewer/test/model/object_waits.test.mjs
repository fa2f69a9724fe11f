// The primitive, object and line of waits (waits_on's optional keys, columnar
// version 2): reading them, keeping them on segments, and the words and
// queries built on them, on a hand-made lock convoy.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTraceText } from '../../src/model/trace.js';
import { SEG_RUN, segmentAt } from '../../src/model/timeline.js';
import { describeSegment } from '../../src/model/describe.js';
import { eventDetails, filterEvents } from '../../src/model/filter.js';
import { awaitChain, chainLines } from '../../src/model/await_chain.js';
import {
  objectsInTrace, objectWaitAt, primitivesInTrace, tasksWaitingOn, waitersAt, waitOnText,
} from '../../src/model/object_waits.js';
import { load, resolved, toColumnar, traceDoc, task, create, resume, done, waitOn } from './helpers.mjs';
import { lockConvoyDoc } from './lock_convoy.mjs';

const ids = (indices) => Array.from(indices, (i) => i + 1);
const segAt = (tl, id, t) => segmentAt(tl, id - 1, t);

test('trace v1 waits_on primitive, object and line are read into s, o and l', () => {
  const { trace } = load(lockConvoyDoc());
  const ev = trace.events;
  const suspends = [];
  for (let i = 0; i < ev.count; i++) if (ev.kind[i] === 2) suspends.push([ev.task[i], trace.strings[ev.s[i]], ev.o[i], ev.l[i]]);
  assert.deepEqual(suspends.slice(0, 6), [
    [1, '', 0, 20], [2, '', 0, 8], [3, 'lock', 1, 7], [4, 'lock', 1, 7], [5, 'lock', 1, 7], [6, 'event', 2, 15],
  ]);
});

test('the columnar form version 2 reads the same as the trace, version 1 without the new columns', () => {
  const doc = lockConvoyDoc();
  const fromTrace = load(doc).trace;
  const v2 = parseTraceText(JSON.stringify(toColumnar(doc, 2)));
  assert.deepEqual(resolved(v2), resolved(fromTrace));
  const v1 = parseTraceText(JSON.stringify(toColumnar(doc, 1)));
  assert.equal(v1.events.o.every((o) => o === 0), true);
  assert.equal(v1.events.l.every((l) => l === 0), true);
  assert.equal(v1.events.count, fromTrace.events.count);
});

test('bad object, line and version values are errors that say where', () => {
  const doc = lockConvoyDoc();
  const bad = structuredClone(doc);
  bad.events[11].waits_on.object = -1;
  assert.throws(() => parseTraceText(JSON.stringify(bad)), /event 11 "waits_on" "object" must be a whole number, got -1/);
  const badLine = structuredClone(doc);
  badLine.events[11].waits_on.line = 'x';
  assert.throws(() => parseTraceText(JSON.stringify(badLine)), /"line" must be a whole number, got "x"/);
  const col = toColumnar(doc, 2);
  col.events.o[3] = 1.5;
  assert.throws(() => parseTraceText(JSON.stringify(col)), /event 3 "o" must be a whole number, got 1.5/);
  const v3 = { ...toColumnar(doc, 2), version: 3 };
  assert.throws(() => parseTraceText(JSON.stringify(v3)), /unsupported columnar version 3 \(this viewer reads versions 1 and 2\)/);
  const missing = toColumnar(doc, 2);
  delete missing.events.l;
  assert.throws(() => parseTraceText(JSON.stringify(missing)), /events: missing "l"/);
});

test('wait segments keep primitive, object and line; runs and overdue stretches of plain waits do not get any', () => {
  const { trace, tl } = load(lockConvoyDoc());
  const seg = tl.segments;
  const s = segAt(tl, 4, 1.5);
  assert.equal(trace.strings[seg.primitive[s]], 'lock');
  assert.equal(seg.object[s], 1);
  assert.equal(seg.line[s], 7);
  assert.equal([seg.start[s], seg.end[s]].join(), '0,2');
  for (let j = tl.taskSegStart[3]; j < tl.taskSegStart[4]; j++) {
    if (seg.kind[j] === SEG_RUN) assert.equal(seg.primitive[j] + seg.object[j] + seg.line[j], 0, 'a run segment');
  }
  const sleep = segAt(tl, 3, 1.5);
  assert.deepEqual([seg.primitive[sleep], seg.object[sleep], seg.line[sleep]], [0, 0, 8]);
});

test('segments and events say what is waited on in words', () => {
  const { trace, tl } = load(lockConvoyDoc());
  assert.equal(describeSegment(trace, tl, segAt(tl, 5, 2.5)), 'waits on lock #1 (line 7) since 0 s');
  assert.equal(describeSegment(trace, tl, segAt(tl, 3, 1.5)), 'sleeping until 2 s (line 8)');
  assert.equal(describeSegment(trace, tl, segAt(tl, 1, 1)), 'waiting for gather of Task-2, Task-3, Task-4, Task-5, Task-6 (line 20) since 0 s');
  assert.equal(eventDetails(trace, 11), 'waits on lock #1 (line 7)');
  assert.equal(eventDetails(trace, 9), 'sleep until 1 s (line 8)');
  assert.equal(waitOnText(trace, trace.strings.indexOf('event'), 2, 0), 'waits on event #2');
  const texts = Array.from(filterEvents(trace, { text: 'lock #1' }), (i) => trace.events.task[i]);
  assert.deepEqual(texts, [3, 4, 5]);
});

test('queue primitives name the queue and the action; unknown kinds are named as they are', () => {
  const doc = traceDoc([task(1, { finished: 1 })], [
    create(0, 1), resume(0, 1), waitOn(0, 1, 'queue_get', 3, 0), resume(0.5, 1), waitOn(0.5, 1, 'spinlock', 4, 9),
    resume(1, 1), done(1, 1),
  ]);
  const { trace, tl } = load(doc);
  assert.equal(describeSegment(trace, tl, segAt(tl, 1, 0.25)), 'waits to get from queue #3 since 0 s');
  assert.equal(describeSegment(trace, tl, segAt(tl, 1, 0.75)), 'waits on spinlock #4 (line 9) since 0.5 s');
  assert.deepEqual(objectsInTrace(trace), [{ object: 3, label: 'queue #3' }, { object: 4, label: 'spinlock #4' }]);
  assert.deepEqual(primitivesInTrace(trace), ['queue_get', 'spinlock']);
});

test('a primitive over a task or a sleep keeps what is awaited', () => {
  const doc = traceDoc([task(1, { finished: 2 }), task(2, { parent: 1, finished: 1 })], [
    create(0, 1), resume(0, 1), create(0, 2, 1),
    { t: 0, kind: 'suspend', task: 1, waits_on: { what: 'task', task: 2, primitive: 'wait_for', object: 3, line: 5 } },
    resume(0, 2), done(1, 2), resume(1, 1),
    { t: 1, kind: 'suspend', task: 1, waits_on: { what: 'sleep', until: 2, primitive: 'condition', object: 4 } },
    resume(2, 1), done(2, 1),
  ]);
  const { trace, tl } = load(doc);
  assert.equal(describeSegment(trace, tl, segAt(tl, 1, 0.5)), 'waits in wait_for #3 (line 5): waiting for Task-2 since 0 s');
  assert.equal(describeSegment(trace, tl, segAt(tl, 1, 1.5)), 'waits on condition #4: sleeping until 2 s');
  assert.equal(eventDetails(trace, 3), 'waits in wait_for #3 (line 5): waits for Task-2');
  assert.equal(eventDetails(trace, 7), 'waits on condition #4: sleep until 2 s');
});

test('who waits on the same object at a moment, and who ever does', () => {
  const { trace, tl } = load(lockConvoyDoc());
  assert.deepEqual(ids(waitersAt(tl, 1, 0.5)), [3, 4, 5]);
  assert.deepEqual(ids(waitersAt(tl, 1, 1.5)), [4, 5]);
  assert.deepEqual(ids(waitersAt(tl, 1, 3.5)), []);
  assert.deepEqual(ids(waitersAt(tl, 2, 0.25)), [6]);
  assert.equal(objectWaitAt(tl, 2, 1.5), -1, 'Task-3 holds the lock and sleeps at 1.5 s');
  assert.notEqual(objectWaitAt(tl, 4, 2.5), -1);
  const mask = tasksWaitingOn(trace, 1);
  assert.deepEqual(Array.from(mask), [0, 0, 0, 1, 1, 1, 0]);
  assert.deepEqual(objectsInTrace(trace), [{ object: 1, label: 'lock #1' }, { object: 2, label: 'event #2' }]);
  // In loop-steps mode, by slot: Task-5's wait covers every slot before its resume at 3 s.
  const slot = tl.eventSlot[20];
  assert.deepEqual(ids(waitersAt(tl, 1, slot, true)), [3, 4, 5]);
});

test('the await chain names the object at its end', () => {
  const { trace, tl } = load(lockConvoyDoc());
  const chain = awaitChain(trace, tl, 0, 0.5);
  const lines = chainLines(trace, tl, chain, 0.5);
  assert.equal(lines[0], 'Task-1: waiting for gather of Task-2, Task-3, Task-4, Task-5, Task-6 (line 20) since 0 s');
  assert.ok(lines.includes('Task-4: waits on lock #1 (line 7) since 0 s'));
  assert.ok(lines.includes('Task-2: sleeping until 1 s (line 8)'));
});
