import assert from 'node:assert/strict';
import { test } from 'node:test';
import { primitiveNoun, waitPhrase } from '../../src/model/wait_phrases.js';
import { objectLabel, waitOnText } from '../../src/model/object_waits.js';
import { traceFromJSON } from '../../src/model/trace.js';
import { create, done, resume, task, traceDoc, waitOn } from './helpers.mjs';

test('each primitive has one phrase, for an object and in general', () => {
  const cases = [
    ['lock', 'lock #1', 'on lock #1', 'on a lock'],
    ['queue_get', 'queue #2', 'to get from queue #2', 'to get from a queue'],
    ['queue_put', 'queue #2', 'to put on queue #2 (full)', 'to put on a queue (full)'],
    ['queue_join', 'queue #2', 'to join queue #2', 'to join a queue'],
    ['wait', 'asyncio.wait', 'in asyncio.wait', 'in asyncio.wait'],
    ['wait_for', 'wait_for', 'in wait_for', 'in wait_for'],
    ['taskgroup', 'TaskGroup #4', "for TaskGroup #4's children", "for a TaskGroup's children"],
    ['timeout', 'timeout #3', 'under timeout #3', 'under a timeout'],
    ['future', 'future #5', 'on future #5', 'on a plain future'],
    ['spinlock', 'spinlock #6', 'on spinlock #6', 'on spinlock'],
  ];
  for (const [kind, label, specific, general] of cases) {
    assert.equal(waitPhrase(kind, label), specific, kind);
    assert.equal(waitPhrase(kind, null), general, kind);
  }
  assert.equal(primitiveNoun('queue_put'), 'queue');
  assert.equal(primitiveNoun('toString'), 'toString', 'an unknown kind, even one named like an Object member');
});

test('object labels and wait texts use the table', () => {
  const doc = traceDoc([task(1, { finished: 4 })], [
    create(0, 1), resume(0, 1), waitOn(0, 1, 'wait', 0, 15), resume(1, 1), waitOn(1, 1, 'taskgroup', 4, 20),
    resume(2, 1), waitOn(2, 1, 'queue_put', 2, 0), resume(3, 1), done(4, 1),
  ]);
  const trace = traceFromJSON(doc);
  const s = (kind) => trace.strings.indexOf(kind);
  assert.equal(waitOnText(trace, s('wait'), 0, 15), 'waits in asyncio.wait (line 15)');
  assert.equal(waitOnText(trace, s('taskgroup'), 4, 20), "waits for TaskGroup #4's children (line 20)");
  assert.equal(waitOnText(trace, s('queue_put'), 2, 0), 'waits to put on queue #2 (full)');
  assert.equal(objectLabel(trace, s('taskgroup'), 4), 'TaskGroup #4');
});
