// A hand-made trace (trace v1 with waits_on's primitive, object and line) of a
// lock convoy: Task-2 holds lock #1 until 1 s while Task-3, Task-4 and Task-5
// queue on it (line 7); each holder sleeps a second (line 8) and hands the lock
// on. main (Task-1) gathers them at line 20. Event #2 (object 2) is named
// once, by Task-6, to tell two objects apart.
import { create, done, gather, resume, sleep, task, traceDoc, waitOn, atLine } from './helpers.mjs';

export function lockConvoyDoc() {
  const tasks = [
    task(1, { coro: 'main', finished: 4 }),
    task(2, { coro: 'worker', parent: 1, finished: 1 }),
    task(3, { coro: 'worker', parent: 1, finished: 2 }),
    task(4, { coro: 'worker', parent: 1, finished: 3 }),
    task(5, { coro: 'worker', parent: 1, finished: 4 }),
    task(6, { coro: 'watcher', parent: 1, finished: 0.5 }),
  ];
  const events = [
    create(0, 1), resume(0, 1),
    create(0, 2, 1), create(0, 3, 1), create(0, 4, 1), create(0, 5, 1), create(0, 6, 1),
    atLine(gather(0, 1, [2, 3, 4, 5, 6]), 20),
    resume(0, 2), atLine(sleep(0, 2, 1), 8),
    resume(0, 3), waitOn(0, 3, 'lock', 1, 7),
    resume(0, 4), waitOn(0, 4, 'lock', 1, 7),
    resume(0, 5), waitOn(0, 5, 'lock', 1, 7),
    resume(0, 6), waitOn(0, 6, 'event', 2, 15),
    resume(0.5, 6), done(0.5, 6),
    resume(1, 2), done(1, 2),
    resume(1, 3), atLine(sleep(1, 3, 2), 8),
    resume(2, 3), done(2, 3),
    resume(2, 4), atLine(sleep(2, 4, 3), 8),
    resume(3, 4), done(3, 4),
    resume(3, 5), atLine(sleep(3, 5, 4), 8),
    resume(4, 5), done(4, 5),
    resume(4, 1), done(4, 1),
  ];
  return traceDoc(tasks, events, { program: 'lock_convoy.py' });
}
