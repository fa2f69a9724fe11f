import test from 'node:test';
import assert from 'node:assert/strict';
import { awaitChain } from '../../src/model/await_chain.js';
import { task, traceDoc, create, resume, sleep, awaitTask, gather, done, load } from './helpers.mjs';

// Task-1 awaits Task-2, which gathers Task-3 and Task-4; Task-4 awaits Task-3.
function doc() {
  return traceDoc(
    [task(1, { finished: 3 }), task(2, { parent: 1, finished: 3 }), task(3, { parent: 2, finished: 2 }), task(4, { parent: 2, finished: 2 })],
    [
      create(0, 1), resume(0, 1), create(0, 2, 1), awaitTask(0, 1, 2),
      resume(0, 2), create(0, 3, 2), create(0, 4, 2), gather(0, 2, [3, 4]),
      resume(0, 3), sleep(0, 3, 2), resume(0, 4), awaitTask(0, 4, 3),
      resume(2, 3), done(2, 3), resume(2, 4), done(2, 4), resume(2, 2), done(3, 2), resume(3, 1), done(3, 1),
    ],
  );
}

test('the chain of awaited tasks at a moment, each task once', () => {
  const { trace, tl } = load(doc());
  const at1 = awaitChain(trace, tl, 0, 1);
  assert.deepEqual(Array.from(at1.tasks), [0, 1, 2, 3]);
  assert.deepEqual(Array.from(at1.from), [-1, 0, 1, 1]);
  const blocked = awaitChain(trace, tl, 0, 2.5);
  assert.deepEqual(Array.from(blocked.tasks), [0, 1], 'Task-2 is running its blocking step');
  assert.deepEqual(Array.from(awaitChain(trace, tl, 2, 1).tasks), [2], 'a sleeper waits on no task');
  assert.deepEqual(Array.from(awaitChain(trace, tl, 3, 1.5, false).tasks), [3, 2]);
  assert.deepEqual(Array.from(awaitChain(trace, tl, 0, 10).tasks), [0], 'after its end');
});
