import { test } from 'node:test';
import assert from 'node:assert/strict';
import { traceFromJSON } from '../../src/model/trace.js';
import { layoutRows, hasChildren } from '../../src/ui/rows.js';

function tasksWithParents(parents) {
  return traceFromJSON({
    format: 'corosim-trace', version: 1, program: 'p.py', end_time: 0, outcome: { status: 'ok' },
    tasks: parents.map((parent, i) => ({
      id: i + 1, name: `Task-${i + 1}`, coro: 'main', parent, created: 0, finished: 0, state: 'done', internal: false,
    })),
    events: [],
  }).tasks;
}

// ids 1..6: 1 root; 2,3 children of 1; 4 child of 2; 5 root; 6 child of 5
const tasks = tasksWithParents([null, 1, 1, 2, null, 5]);

test('rows follow creation order nested under the parent', () => {
  const r = layoutRows(tasks, () => false, () => false);
  assert.deepEqual(Array.from(r.task), [0, 1, 3, 2, 4, 5]);
  assert.deepEqual(Array.from(r.depth), [0, 1, 2, 1, 0, 1]);
  assert.equal(r.rowOf[3], 2);
});

test('a collapsed task keeps its row and hides its subtree', () => {
  const r = layoutRows(tasks, () => false, (i) => i === 1);
  assert.deepEqual(Array.from(r.task), [0, 1, 2, 4, 5]);
  assert.equal(r.rowOf[3], -1);
});

test('children of a hidden task take its place', () => {
  const r = layoutRows(tasks, (i) => i === 4, () => false);
  assert.deepEqual(Array.from(r.task), [0, 1, 3, 2, 5]);
  assert.deepEqual(Array.from(r.depth), [0, 1, 2, 1, 0]);
});

test('hasChildren', () => {
  assert.equal(hasChildren(tasks, 0), true);
  assert.equal(hasChildren(tasks, 2), false);
});

test('a chain of 100,000 tasks does not overflow the stack', () => {
  const n = 100000;
  const chain = tasksWithParents(Array.from({ length: n }, (_, i) => (i === 0 ? null : i)));
  const r = layoutRows(chain, () => false, () => false);
  assert.equal(r.count, n);
  assert.equal(r.depth[n - 1], n - 1);
});
