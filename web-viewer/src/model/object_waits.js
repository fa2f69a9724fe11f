// Who waits on what: the synchronisation objects (locks, queues, events, ...)
// a trace's suspend events name, in words, and which tasks wait on the same
// one at a moment.
//
// API
//   objectNoun(kind) -> "queue" for queue_get, queue_put, queue_join; else the kind itself (the
//     colour key: a queue's get, put and join share one)
//   objectLabel(trace, primitive, object) -> "lock #1", "TaskGroup #4" ("wait_for" without an object id)
//   waitOnText(trace, primitive, object, line) -> "waits on lock #1 (line 12)",
//     "waits to get from queue #2 (line 7)", "waits in asyncio.wait (line 15)" (the phrases of
//     wait_phrases.js); "" when there is no primitive
//   lineText(line) -> "line 12", "" for 0
//   primitivesInTrace(trace) -> the primitive kinds suspends name ("lock", "queue_get"), in order of first use
//   objectsInTrace(trace) -> [{object, label}] every object a suspend names, by id; the label
//     from the first suspend that names it
//   tasksWaitingOn(trace, object) -> Uint8Array by task id, 1 for a task that ever waits on it
//   objectWaitAt(timeline, taskIndex, pos, steps = false) -> the task's wait segment on an object
//     under pos (a time, or a slot coordinate when steps is true), or -1
//   waitersAt(timeline, object, pos, steps = false) -> Int32Array of the indices of the tasks
//     waiting on the object at pos, in task order
// `primitive` is a string index (0 none), `object` an id (0 none), as in the trace's events.

import { EV_SUSPEND } from './trace.js';
import { SEG_RUN, SEG_SCHEDULED, SEG_OVERDUE, segmentAt } from './timeline.js';
import { primitiveNoun, waitPhrase } from './wait_phrases.js';

const QUEUE_KINDS = new Set(['queue_get', 'queue_put', 'queue_join']);

export function objectNoun(kind) {
  return QUEUE_KINDS.has(kind) ? 'queue' : kind;
}

export function objectLabel(trace, primitive, object) {
  const noun = primitiveNoun(trace.strings[primitive]);
  return object > 0 ? `${noun} #${object}` : noun;
}

export function lineText(line) {
  return line > 0 ? `line ${line}` : '';
}

export function waitOnText(trace, primitive, object, line) {
  if (!primitive) return '';
  const where = lineText(line);
  return `waits ${waitPhrase(trace.strings[primitive], objectLabel(trace, primitive, object))}${where ? ` (${where})` : ''}`;
}

export function primitivesInTrace(trace) {
  const ev = trace.events;
  const seen = new Set();
  for (let i = 0; i < ev.count; i++) if (ev.kind[i] === EV_SUSPEND && ev.s[i]) seen.add(trace.strings[ev.s[i]]);
  return [...seen];
}

export function objectsInTrace(trace) {
  const ev = trace.events;
  const labels = new Map();
  for (let i = 0; i < ev.count; i++) {
    if (ev.kind[i] === EV_SUSPEND && ev.o[i] > 0 && !labels.has(ev.o[i])) labels.set(ev.o[i], objectLabel(trace, ev.s[i], ev.o[i]));
  }
  return [...labels].sort((p, q) => p[0] - q[0]).map(([object, label]) => ({ object, label }));
}

export function tasksWaitingOn(trace, object) {
  const ev = trace.events;
  const mask = new Uint8Array(trace.tasks.count + 1);
  for (let i = 0; i < ev.count; i++) if (ev.kind[i] === EV_SUSPEND && ev.o[i] === object) mask[ev.task[i]] = 1;
  return mask;
}

// A wait proper: the overdue part (the object let the task go, the loop has
// not run it yet) no longer waits on the object.
function waitsOnObject(seg, s) {
  const kind = seg.kind[s];
  return kind !== SEG_RUN && kind !== SEG_SCHEDULED && kind !== SEG_OVERDUE && seg.object[s] > 0;
}

export function objectWaitAt(timeline, taskIndex, pos, steps = false) {
  const s = segmentAt(timeline, taskIndex, pos, steps);
  return s >= 0 && waitsOnObject(timeline.segments, s) ? s : -1;
}

export function waitersAt(timeline, object, pos, steps = false) {
  const seg = timeline.segments;
  const out = [];
  const n = timeline.taskSegStart.length - 1;
  for (let i = 0; i < n; i++) {
    const s = objectWaitAt(timeline, i, pos, steps);
    if (s >= 0 && seg.object[s] === object) out.push(i);
  }
  return Int32Array.from(out);
}
