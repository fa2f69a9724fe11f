// Who a task is waiting on at a moment, and who those wait on in turn: the
// chain the chart highlights for the selected task.
//
// API
//   awaitChain(trace, timeline, taskIndex, pos, steps = false) -> {tasks: Int32Array, from: Int32Array}
//     tasks[0] is taskIndex; every later tasks[j] is awaited (directly, or in a gather) by
//     tasks[from[j]] at pos (a time, or a slot coordinate when steps is true); from[0] = -1.
//     Breadth first, each task once.
//   chainLines(trace, timeline, chain, pos, steps = false) -> string[]: what each task of the chain
//     is doing at pos, "Task-3: waits on lock #1 (line 12) since 2 s", so the object at the end of
//     the chain is named.

import { SEG_TASK, SEG_GATHER, segmentAt } from './timeline.js';
import { describeSegment, taskName } from './describe.js';

export function awaitChain(trace, timeline, taskIndex, pos, steps = false) {
  const seg = timeline.segments;
  const tasks = [taskIndex];
  const from = [-1];
  const seen = new Set(tasks);
  const visit = (id, waiter) => {
    const index = id - 1;
    if (seen.has(index)) return;
    seen.add(index);
    tasks.push(index);
    from.push(waiter);
  };
  for (let j = 0; j < tasks.length; j++) {
    const s = segmentAt(timeline, tasks[j], pos, steps);
    if (s < 0) continue;
    if (seg.kind[s] === SEG_TASK) visit(seg.target[s], j);
    else if (seg.kind[s] === SEG_GATHER) for (const id of trace.lists[seg.target[s]]) visit(id, j);
  }
  return { tasks: Int32Array.from(tasks), from: Int32Array.from(from) };
}

export function chainLines(trace, timeline, chain, pos, steps = false) {
  return Array.from(chain.tasks, (i) => {
    const s = segmentAt(timeline, i, pos, steps);
    return `${taskName(trace, i + 1)}: ${s >= 0 ? describeSegment(trace, timeline, s) : 'not alive'}`;
  });
}
