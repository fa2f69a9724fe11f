// The timeline of a trace (Contract 3, the same rules as the C++ sim/view/timeline):
// segments covering each task's lifetime, the loop's steps in execution order,
// the loop's busy time, the statistics of the header, and a slot coordinate
// for every event (loop-steps mode, where step k occupies [k, k + 1)).
//
// API
//   buildTimeline(trace) -> Timeline
//   segmentAt(timeline, taskIndex, pos, steps = false) -> segment index or -1
//     (pos is a time, or a slot coordinate when steps is true)
//   lowerBound(sortedArray, lo, hi, value) -> first index in [lo, hi) with array[i] >= value
//   SEG_* segment kind codes, SEG_NAMES
//
// Timeline shape (task indices are ids - 1; all arrays flat, per task ranges by offsets):
//   segments: {count, start, end, slot0, slot1: Float64Array, kind: Uint8Array (SEG_*),
//     cause: Uint8Array (overdue: the kind of the wait that became due; else = kind),
//     target: Int32Array (task wait: the awaited task id; gather: index into trace.lists; else -1),
//     task: Int32Array (task index), ev0, ev1: Int32Array (the events that bound it; -1: the end of the run),
//     primitive, object, line: Int32Array (a wait and its overdue part: what its suspend event says it
//       waits in (string index), on (object id) and where (source line); 0 none; run and scheduled: 0)}
//     task i owns segments taskSegStart[i] .. taskSegStart[i + 1], in time order, contiguous:
//     start and end are non-decreasing within a task, and so are slot0 and slot1.
//   taskSegStart: Int32Array(taskCount + 1)
//   taskStart, taskEnd, taskSlot0, taskSlot1: Float64Array   lifetime in both coordinates
//   taskDoneEvent: Int32Array   the task's done event, -1 if none
//   taskEventStart: Int32Array(taskCount + 1), taskEvents: Int32Array   event indices naming the task
//     (its own events and cancels targeting it), in event order
//   steps: {count, task: Int32Array (index), t, end: Float64Array, event, endEvent: Int32Array (-1: never ended)}
//   taskStepStart: Int32Array(taskCount + 1), taskSteps: Int32Array (step indices),
//     taskStepTime, taskStepSlot: Float64Array (aligned with taskSteps, sorted)
//   blockingSlots: Float64Array   the slots of the blocking steps (end > t), sorted;
//     per task: taskBlockStart: Int32Array(taskCount + 1), taskBlockSlot: Float64Array (sorted)
//   busy: {count, start, end, slot0, slot1: Float64Array}   merged blocking steps
//   eventSlot: Float64Array   slot position of every event
//   stats: {tasks, visibleTasks, steps, peakLive, busyTime, busyShare, endTime}

import {
  EV_CREATE, EV_RESUME, EV_SUSPEND, EV_DONE, EV_CANCEL,
  WAIT_SLEEP, WAIT_TASK, WAIT_GATHER, WAIT_YIELD,
} from './trace.js';

export const SEG_RUN = 0;
export const SEG_SCHEDULED = 1;
export const SEG_SLEEP = 2;
export const SEG_TASK = 3;
export const SEG_GATHER = 4;
export const SEG_YIELD = 5;
export const SEG_FUTURE = 6;
export const SEG_OVERDUE = 7;
export const SEG_NAMES = ['run', 'scheduled', 'sleep', 'task', 'gather', 'yield', 'future', 'overdue'];
// A wait code (WAIT_*) maps to its segment kind by this offset.
const SEG_WAIT_BASE = SEG_SLEEP;

export function lowerBound(arr, lo, hi, value) {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// The segment under a position: one with start <= pos < end if any, else the
// last one starting at pos (a zero-length step), else -1 outside the lifetime.
export function segmentAt(tl, taskIndex, pos, steps = false) {
  const seg = tl.segments;
  const starts = steps ? seg.slot0 : seg.start;
  const ends = steps ? seg.slot1 : seg.end;
  const lo = tl.taskSegStart[taskIndex];
  const hi = tl.taskSegStart[taskIndex + 1];
  if (lo === hi || pos < starts[lo] || pos > ends[hi - 1]) return -1;
  const i = lowerBound(ends, lo, hi, pos);
  for (let j = i; j < hi && starts[j] <= pos; j++) {
    if (pos < ends[j]) return j;
  }
  let last = -1;
  for (let j = i; j < hi && starts[j] <= pos; j++) last = j;
  return last === -1 ? hi - 1 : last;
}

class SegmentBuilder {
  constructor(capacity) {
    this.count = 0;
    this.alloc(Math.max(16, capacity));
  }

  alloc(cap) {
    const old = this.count > 0 ? this : null;
    const grow = (Type, key) => {
      const next = new Type(cap);
      if (old) next.set(old[key].subarray(0, this.count));
      return next;
    };
    this.start = grow(Float64Array, 'start');
    this.end = grow(Float64Array, 'end');
    this.kind = grow(Uint8Array, 'kind');
    this.cause = grow(Uint8Array, 'cause');
    this.target = grow(Int32Array, 'target');
    this.task = grow(Int32Array, 'task');
    this.ev0 = grow(Int32Array, 'ev0');
    this.ev1 = grow(Int32Array, 'ev1');
    this.primitive = grow(Int32Array, 'primitive');
    this.object = grow(Int32Array, 'object');
    this.line = grow(Int32Array, 'line');
    this.cap = cap;
  }

  // wait: the suspend event the segment waits after, -1 for none.
  push(task, kind, cause, target, start, end, ev0, ev1, wait, events) {
    if (this.count === this.cap) this.alloc(this.cap * 2);
    const i = this.count++;
    this.task[i] = task;
    this.kind[i] = kind;
    this.cause[i] = cause;
    this.target[i] = target;
    this.start[i] = start;
    this.end[i] = end;
    this.ev0[i] = ev0;
    this.ev1[i] = ev1;
    this.primitive[i] = wait >= 0 ? events.s[wait] : 0;
    this.object[i] = wait >= 0 ? events.o[wait] : 0;
    this.line[i] = wait >= 0 ? events.l[wait] : 0;
  }

  finish() {
    const n = this.count;
    const out = { count: n };
    for (const key of ['start', 'end', 'kind', 'cause', 'target', 'task', 'ev0', 'ev1', 'primitive', 'object', 'line']) out[key] = this[key].slice(0, n);
    return out;
  }
}

// Groups event indices by the task they name, keeping event order.
function indexTaskEvents(trace) {
  const n = trace.tasks.count;
  const ev = trace.events;
  const start = new Int32Array(n + 1);
  for (let i = 0; i < ev.count; i++) if (ev.task[i] > 0) start[ev.task[i]]++;
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const fill = start.slice(0, n);
  const list = new Int32Array(start[n]);
  for (let i = 0; i < ev.count; i++) if (ev.task[i] > 0) list[fill[ev.task[i] - 1]++] = i;
  return { start, list };
}

// Steps, event slots and peak live tasks: one pass over all events in order.
function scanEvents(trace) {
  const ev = trace.events;
  let stepCount = 0;
  for (let i = 0; i < ev.count; i++) if (ev.kind[i] === EV_RESUME) stepCount++;
  const steps = {
    count: stepCount,
    task: new Int32Array(stepCount),
    t: new Float64Array(stepCount),
    end: new Float64Array(stepCount),
    event: new Int32Array(stepCount),
    endEvent: new Int32Array(stepCount).fill(-1),
  };
  const eventSlot = new Float64Array(ev.count);
  let k = 0;
  let open = -1; // the step in progress, -1 between steps
  let live = 0;
  let peakLive = 0;
  for (let i = 0; i < ev.count; i++) {
    const kind = ev.kind[i];
    if (kind === EV_RESUME) {
      if (open >= 0) closeStep(steps, open, ev.t[i], -1);
      open = k++;
      steps.task[open] = ev.task[i] - 1;
      steps.t[open] = ev.t[i];
      steps.event[open] = i;
      eventSlot[i] = open;
    } else if (open >= 0 && (kind === EV_SUSPEND || kind === EV_DONE) && ev.task[i] - 1 === steps.task[open]) {
      closeStep(steps, open, ev.t[i], i);
      eventSlot[i] = open + 1;
      open = -1;
    } else {
      eventSlot[i] = open >= 0 ? open + 0.5 : k;
    }
    if (kind === EV_CREATE) {
      live++;
      if (live > peakLive) peakLive = live;
    } else if (kind === EV_DONE) {
      live--;
    }
  }
  if (open >= 0) closeStep(steps, open, Math.max(trace.endTime, steps.t[open]), -1);
  return { steps, eventSlot, peakLive };
}

function closeStep(steps, k, t, event) {
  steps.end[k] = t;
  steps.endEvent[k] = event;
}

function indexTaskSteps(steps, n) {
  const start = new Int32Array(n + 1);
  for (let k = 0; k < steps.count; k++) start[steps.task[k] + 1]++;
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const fill = start.slice(0, n);
  const list = new Int32Array(steps.count);
  const time = new Float64Array(steps.count);
  const slot = new Float64Array(steps.count);
  for (let k = 0; k < steps.count; k++) {
    const j = fill[steps.task[k]]++;
    list[j] = k;
    time[j] = steps.t[k];
    slot[j] = k;
  }
  return { start, list, time, slot };
}

// The slots of the blocking steps (end > start in time), all and per task:
// loop-steps mode draws them apart from the steps that took no time.
function indexBlockingSteps(steps, n) {
  const all = [];
  const start = new Int32Array(n + 1);
  for (let k = 0; k < steps.count; k++) {
    if (!(steps.end[k] > steps.t[k])) continue;
    all.push(k);
    start[steps.task[k] + 1]++;
  }
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const fill = start.slice(0, n);
  const slot = new Float64Array(all.length);
  for (const k of all) slot[fill[steps.task[k]]++] = k;
  return { slots: Float64Array.from(all), taskStart: start, taskSlot: slot };
}

function mergeBusy(steps) {
  const start = [];
  const end = [];
  const slot0 = [];
  const slot1 = [];
  let busyTime = 0;
  for (let k = 0; k < steps.count; k++) {
    const s = steps.t[k];
    const e = steps.end[k];
    if (!(e > s)) continue;
    busyTime += e - s;
    const last = start.length - 1;
    if (last >= 0 && s <= end[last]) {
      end[last] = Math.max(end[last], e);
      slot1[last] = k + 1;
    } else {
      start.push(s);
      end.push(e);
      slot0.push(k);
      slot1.push(k + 1);
    }
  }
  return {
    busy: {
      count: start.length,
      start: Float64Array.from(start),
      end: Float64Array.from(end),
      slot0: Float64Array.from(slot0),
      slot1: Float64Array.from(slot1),
    },
    busyTime,
  };
}

// The time a wait stops being a wait and becomes overdue, NaN for never:
// a sleep's deadline, a yield's own moment, the awaited task's or the last
// gathered task's finish.
function dueOf(trace, e) {
  const ev = trace.events;
  switch (ev.a[e]) {
    case WAIT_SLEEP:
      return Number.isFinite(ev.x[e]) ? ev.x[e] : NaN;
    case WAIT_YIELD:
      return ev.t[e];
    case WAIT_TASK:
      return trace.tasks.finished[ev.b[e] - 1];
    case WAIT_GATHER: {
      let due = -Infinity;
      for (const id of trace.lists[ev.b[e]]) {
        const f = trace.tasks.finished[id - 1];
        if (Number.isNaN(f)) return NaN;
        if (f > due) due = f;
      }
      return due;
    }
    default:
      return NaN;
  }
}

function buildSegments(trace, taskEvents, segs) {
  const n = trace.tasks.count;
  const taskSegStart = new Int32Array(n + 1);
  const taskDoneEvent = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    taskSegStart[i] = segs.count;
    taskDoneEvent[i] = taskSegments(trace, taskEvents, segs, i);
  }
  taskSegStart[n] = segs.count;
  return { taskSegStart, taskDoneEvent };
}

// The first event at or after `due`, later than event `after` and at most
// `limit` (-1: no limit): where an overdue stretch starts in event order (and
// so in slot coordinates).
function dueEvent(ev, due, after, limit) {
  const j = lowerBound(ev.t, after + 1, ev.count, due);
  return limit >= 0 && j > limit ? limit : j;
}

// Pushes task i's segments; returns its done event, -1 if none.
function taskSegments(trace, taskEvents, segs, i) {
  const { tasks, events: ev } = trace;
  const id = i + 1;
  let kind = SEG_SCHEDULED;
  let target = -1;
  let start = tasks.created[i];
  let ev0 = lowerBound(ev.t, 0, ev.count, start);
  let due = start;
  let dueEv = -1;
  let wait = -1;

  const closeWait = (end, ev1) => {
    if (due >= start && due < end) {
      const d = dueEv >= 0 ? dueEv : dueEvent(ev, due, ev0, ev1);
      segs.push(i, kind, kind, target, start, due, ev0, d, wait, ev);
      segs.push(i, SEG_OVERDUE, kind, target, due, end, d, ev1, wait, ev);
    } else {
      segs.push(i, kind, kind, target, start, end, ev0, ev1, wait, ev);
    }
  };
  const close = (end, ev1) => {
    if (kind === SEG_RUN) segs.push(i, SEG_RUN, SEG_RUN, -1, start, end, ev0, ev1, -1, ev);
    else closeWait(end, ev1);
  };

  for (let q = taskEvents.start[i]; q < taskEvents.start[i + 1]; q++) {
    const e = taskEvents.list[q];
    const t = ev.t[e];
    switch (ev.kind[e]) {
      case EV_CREATE:
        if (ev.task[e] === id) ev0 = e;
        break;
      case EV_CANCEL:
        // Cancelling a task that awaits a task or a gather only passes the
        // cancel on (Task.cancel -> _fut_waiter.cancel()): the waiter wakes
        // when that task or gather has actually finished, not now.
        if (kind !== SEG_RUN && kind !== SEG_TASK && kind !== SEG_GATHER && !(due <= t)) {
          due = t;
          dueEv = e;
        }
        break;
      case EV_RESUME:
        close(t, e);
        kind = SEG_RUN;
        target = -1;
        wait = -1;
        start = t;
        ev0 = e;
        break;
      case EV_SUSPEND: {
        close(t, e);
        const what = ev.a[e];
        kind = SEG_WAIT_BASE + what;
        target = what === WAIT_TASK || what === WAIT_GATHER ? ev.b[e] : -1;
        wait = e;
        start = t;
        ev0 = e;
        due = dueOf(trace, e);
        dueEv = -1;
        break;
      }
      case EV_DONE:
        close(t, e);
        return e;
      default:
        break;
    }
  }
  close(Math.max(trace.endTime, start), -1);
  return -1;
}

export function buildTimeline(trace) {
  const n = trace.tasks.count;
  const taskEvents = indexTaskEvents(trace);
  const { steps, eventSlot, peakLive } = scanEvents(trace);
  const taskSteps = indexTaskSteps(steps, n);
  const blocking = indexBlockingSteps(steps, n);
  const { busy, busyTime } = mergeBusy(steps);

  const builder = new SegmentBuilder(2 * trace.events.count + n);
  const { taskSegStart, taskDoneEvent } = buildSegments(trace, taskEvents, builder);
  const segments = builder.finish();
  const slotOf = (e) => (e >= 0 && e < eventSlot.length ? eventSlot[e] : steps.count);
  segments.slot0 = new Float64Array(segments.count);
  segments.slot1 = new Float64Array(segments.count);
  for (let s = 0; s < segments.count; s++) {
    segments.slot0[s] = slotOf(segments.ev0[s]);
    segments.slot1[s] = slotOf(segments.ev1[s]);
  }

  const taskStart = new Float64Array(n);
  const taskEnd = new Float64Array(n);
  const taskSlot0 = new Float64Array(n);
  const taskSlot1 = new Float64Array(n);
  let visibleTasks = 0;
  for (let i = 0; i < n; i++) {
    const first = taskSegStart[i];
    const last = taskSegStart[i + 1] - 1;
    taskStart[i] = segments.start[first];
    taskEnd[i] = segments.end[last];
    taskSlot0[i] = segments.slot0[first];
    taskSlot1[i] = segments.slot1[last];
    if (!trace.tasks.internal[i]) visibleTasks++;
  }

  return {
    segments,
    taskSegStart,
    taskStart,
    taskEnd,
    taskSlot0,
    taskSlot1,
    taskDoneEvent,
    taskEventStart: taskEvents.start,
    taskEvents: taskEvents.list,
    steps,
    taskStepStart: taskSteps.start,
    taskSteps: taskSteps.list,
    taskStepTime: taskSteps.time,
    taskStepSlot: taskSteps.slot,
    blockingSlots: blocking.slots,
    taskBlockStart: blocking.taskStart,
    taskBlockSlot: blocking.taskSlot,
    busy,
    eventSlot,
    stats: {
      tasks: n,
      visibleTasks,
      steps: steps.count,
      peakLive,
      busyTime,
      busyShare: trace.endTime > 0 ? busyTime / trace.endTime : 0,
      endTime: trace.endTime,
    },
  };
}
