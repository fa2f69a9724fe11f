// Words for what the chart shows: times, tasks and segments as a person reads
// them in a tooltip.
//
// API
//   formatExactTime(seconds) -> "0 s", "1.5 s", "0.30000000000000004 s", "0.000012 s", "∞", "never" (NaN)
//     for times from the trace: tooltips, the event list, the header
//   formatRoundedTime(seconds) -> "0 s", "1.5 s", "250 ms", "12 µs", "∞"
//     for durations (differences of times) and labels in narrow space
//   taskName(trace, id) -> the task's name ("Task-3"), or "the loop" for id 0
//   taskListText(trace, ids, max = 5) -> "Task-2, Task-3" ("…, and 95 more" past max)
//   describeTask(trace, timeline, taskIndex) -> string[] (tooltip lines, first the name)
//   describeSegment(trace, timeline, segIndex) -> string
//   waitText(trace, kind, target, ev0) -> what a wait of segment kind `kind` waits for, without
//     its primitive, line or time: "waiting for Task-3", "sleeping until 2 s"

import { shiftDigits, shortestDecimal } from './decimal.js';
import { EV_CANCEL, STATE_DONE, STATE_FAILED, TASK_STATE_NAMES } from './trace.js';
import {
  SEG_RUN, SEG_SCHEDULED, SEG_SLEEP, SEG_TASK, SEG_GATHER, SEG_YIELD, SEG_FUTURE, SEG_OVERDUE,
} from './timeline.js';
import { lineText, waitOnText } from './object_waits.js';

const UNITS = [
  [1, 's'],
  [1e-3, 'ms'],
  [1e-6, 'µs'],
  [1e-9, 'ns'],
];

function specialTime(seconds) {
  if (Number.isNaN(seconds)) return 'never';
  if (seconds === Infinity) return '∞';
  if (seconds === -Infinity) return '-∞';
  if (seconds === 0) return '0 s';
  return null;
}

// A time as the trace records it: in seconds, every digit the double needs to
// read back (Python's repr without the exponent), so 0.1 + 0.2 reads
// 0.30000000000000004 s and the float drift a program shows is visible.
export function formatExactTime(seconds) {
  const special = specialTime(seconds);
  if (special) return special;
  const { digits, exp10, negative } = shortestDecimal(seconds);
  return `${shiftDigits(digits, exp10, negative)} s`;
}

// A duration or a label in a narrow space: nine significant digits in the
// largest unit that keeps the value >= 1, which keeps every time a person
// typed (0.1, 2.5) and hides the binary noise of differences.
export function formatRoundedTime(seconds) {
  const special = specialTime(seconds);
  if (special) return special;
  const abs = Math.abs(seconds);
  const [scale, name] = UNITS.find(([u]) => abs >= u * (1 - 5e-10)) ?? UNITS[UNITS.length - 1];
  const value = Number((seconds / scale).toPrecision(9));
  return `${value} ${name}`;
}

export function taskName(trace, id) {
  if (id <= 0 || id > trace.tasks.count) return 'the loop';
  return trace.strings[trace.tasks.name[id - 1]];
}

export function taskListText(trace, ids, max = 5) {
  const shown = Array.from(ids.slice(0, max), (id) => taskName(trace, id)).join(', ');
  return ids.length > max ? `${shown}, and ${ids.length - max} more` : shown;
}

// The result or exception a done event reports; null when there is no done
// event or the task was cancelled.
function endingLine(trace, e) {
  if (e < 0) return null;
  const ev = trace.events;
  if (ev.a[e] === STATE_DONE) return `result: ${trace.strings[ev.s[e]]}`;
  if (ev.a[e] !== STATE_FAILED) return null;
  const message = trace.strings[ev.s2[e]];
  return `exception: ${trace.strings[ev.s[e]]}${message ? `: ${message}` : ''}`;
}

export function describeTask(trace, timeline, taskIndex) {
  const t = trace.tasks;
  const lines = [trace.strings[t.name[taskIndex]]];
  lines.push(`coroutine: ${trace.strings[t.coro[taskIndex]]}`);
  lines.push(t.parent[taskIndex] ? `parent: ${taskName(trace, t.parent[taskIndex])}` : 'parent: none');
  if (t.internal[taskIndex]) lines.push('internal: asyncio.run shutdown task');
  lines.push(`state: ${TASK_STATE_NAMES[t.state[taskIndex]]}`);
  const ending = endingLine(trace, timeline.taskDoneEvent[taskIndex]);
  if (ending) lines.push(ending);
  lines.push(...cancelLines(trace, timeline, taskIndex));
  lines.push(`created: ${formatExactTime(t.created[taskIndex])}`);
  lines.push(Number.isNaN(t.finished[taskIndex]) ? 'finished: never' : `finished: ${formatExactTime(t.finished[taskIndex])}`);
  return lines;
}

// Who asked to cancel the task, when and with what message: the first
// MAX_CANCELS requests (Task.cancel may be called more than once).
const MAX_CANCELS = 3;
function cancelLines(trace, timeline, taskIndex) {
  const ev = trace.events;
  const lines = [];
  let more = 0;
  for (let q = timeline.taskEventStart[taskIndex]; q < timeline.taskEventStart[taskIndex + 1]; q++) {
    const e = timeline.taskEvents[q];
    if (ev.kind[e] !== EV_CANCEL || ev.task[e] !== taskIndex + 1) continue;
    if (lines.length === MAX_CANCELS) { more++; continue; }
    const msg = ev.b[e] ? `, msg: ${trace.strings[ev.s[e]]}` : '';
    lines.push(`cancel requested by ${taskName(trace, ev.a[e])} at ${formatExactTime(ev.t[e])}${msg}`);
  }
  if (more) lines.push(`and ${more} more cancel request${more > 1 ? 's' : ''}`);
  return lines;
}

export function waitText(trace, kind, target, ev0) {
  switch (kind) {
    case SEG_SCHEDULED:
      return 'scheduled, first step pending';
    case SEG_SLEEP: {
      const until = trace.events.x[ev0];
      return until === Infinity ? 'sleeping forever' : `sleeping until ${formatExactTime(until)}`;
    }
    case SEG_TASK:
      return `waiting for ${taskName(trace, target)}`;
    case SEG_GATHER:
      return `waiting for gather of ${taskListText(trace, trace.lists[target])}`;
    case SEG_YIELD:
      return 'yielded to the loop (sleep(0))';
    default:
      return 'waiting for a future';
  }
}

function dueReason(trace, timeline, segIndex) {
  const s = timeline.segments;
  const ev = trace.events;
  const e = s.ev0[segIndex];
  if (e >= 0 && ev.kind[e] === EV_CANCEL && ev.task[e] === s.task[segIndex] + 1 && ev.t[e] === s.start[segIndex]) {
    return `cancelled by ${taskName(trace, ev.a[e])}`;
  }
  switch (s.cause[segIndex]) {
    case SEG_SCHEDULED:
      return 'created';
    case SEG_SLEEP:
      return 'sleep deadline';
    case SEG_TASK:
      return `${taskName(trace, s.target[segIndex])} finished`;
    case SEG_GATHER:
      return 'the gathered tasks finished';
    default:
      return 'yielded';
  }
}

export function describeSegment(trace, timeline, segIndex) {
  const s = timeline.segments;
  const kind = s.kind[segIndex];
  const start = s.start[segIndex];
  const length = s.end[segIndex] - start;
  if (kind === SEG_RUN) {
    return length > 0 ? `running (blocking) for ${formatRoundedTime(length)}` : `step at ${formatExactTime(start)}`;
  }
  if (kind === SEG_OVERDUE) {
    return `overdue by ${formatRoundedTime(length)}: ready at ${formatExactTime(start)} (${dueReason(trace, timeline, segIndex)}), waiting for the loop`;
  }
  const what = waitText(trace, kind, s.target[segIndex], s.ev0[segIndex]);
  let text;
  if (s.primitive[segIndex]) {
    // A plain future says nothing the primitive does not; a task, gather or sleep does.
    const on = waitOnText(trace, s.primitive[segIndex], s.object[segIndex], s.line[segIndex]);
    text = kind === SEG_FUTURE ? on : `${on}: ${what}`;
  } else {
    const line = lineText(s.line[segIndex]);
    text = line ? `${what} (${line})` : what;
  }
  if (kind === SEG_SLEEP || kind === SEG_SCHEDULED) return text;
  return `${text} since ${formatExactTime(start)}`;
}
