// What a deadlocked run left each task waiting on. Such a run ends the moment
// the last task suspends, so its final waits start at the end time and have no
// length: the chart marks them at the task's end instead.
//
// API
//   deadlockWaits(trace, timeline) -> Int32Array by task index: the final wait segment of each
//     task the deadlock report names (outcome "waiting"), -1 for the others; all -1 unless the
//     outcome is "deadlock"
//   deadlockText(trace, timeline, segIndex) -> "deadlocked: waits on lock #1 at line 12",
//     "deadlocked: waiting for gather of Task-2, Task-3 at line 14" (the words of the deadlock
//     report corosim prints, with the wait phrases of wait_phrases.js)

import { SEG_RUN, SEG_OVERDUE, SEG_SCHEDULED } from './timeline.js';
import { waitText } from './describe.js';
import { waitOnText } from './object_waits.js';

export function deadlockWaits(trace, timeline) {
  const n = trace.tasks.count;
  const out = new Int32Array(n).fill(-1);
  const { outcome } = trace;
  if (outcome.status !== 'deadlock') return out;
  const seg = timeline.segments;
  for (const id of outcome.waiting) {
    if (!Number.isInteger(id) || id < 1 || id > n) continue;
    const last = timeline.taskSegStart[id] - 1;
    const kind = seg.kind[last];
    if (kind !== SEG_RUN && kind !== SEG_OVERDUE && kind !== SEG_SCHEDULED) out[id - 1] = last;
  }
  return out;
}

export function deadlockText(trace, timeline, segIndex) {
  const seg = timeline.segments;
  const what = seg.primitive[segIndex]
    ? waitOnText(trace, seg.primitive[segIndex], seg.object[segIndex], 0)
    : waitText(trace, seg.kind[segIndex], seg.target[segIndex], seg.ev0[segIndex]);
  return `deadlocked: ${what}${seg.line[segIndex] ? ` at line ${seg.line[segIndex]}` : ''}`;
}
