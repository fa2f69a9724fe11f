// The event list's words and its filter: which events match a task, a set of
// kinds and a piece of text.
//
// API
//   eventDetails(trace, i) -> "parent Task-1" | "sleep until 2 s" | "waits for Task-3" |
//     "gather Task-2, Task-3" | "yield" | "future" | "waits on lock #1 (line 12)" |
//     "waits for Task-3 (line 9)" | "result None" |
//     "exception ValueError: boom" | "cancelled" | "by Task-1" | "by the loop, msg: stop" | ""
//   tasksMatching(trace, query) -> {mask: Uint8Array indexed by task id (1: matches), count} or null
//     for an empty query; an id or an exact name (any case) matches that task alone, other text
//     every task whose name contains it (any case)
//   eventPrinted(trace, i) -> the printed text of a print event, else ""
//   filterEvents(trace, {task, tasks, kinds, text} = {}) -> Int32Array of matching event indices, in order
//     task: a task id (0 / null / undefined: every task); tasks: a Uint8Array indexed by task id,
//     1 for the tasks whose events are kept (null / undefined: every task; events of no task
//     are kept when tasks[0] is 1); kinds: iterable of kind codes
//     (EV_*) or names ("print"), null / undefined: every kind; text: case-insensitive
//     substring of the task's name, the kind's name, the details or the printed text.

import {
  EV_CREATE, EV_RESUME, EV_SUSPEND, EV_DONE, EV_CANCEL, EV_PRINT, EVENT_KIND_NAMES,
  WAIT_SLEEP, WAIT_TASK, WAIT_GATHER, WAIT_YIELD, WAIT_FUTURE, STATE_DONE, STATE_FAILED,
} from './trace.js';
import { formatExactTime, taskListText, taskName } from './describe.js';
import { lineText, waitOnText } from './object_waits.js';

export function eventDetails(trace, i) {
  const ev = trace.events;
  const str = trace.strings;
  switch (ev.kind[i]) {
    case EV_CREATE:
      return ev.a[i] ? `parent ${taskName(trace, ev.a[i])}` : 'no parent';
    case EV_SUSPEND: {
      if (ev.s[i]) {
        const on = waitOnText(trace, ev.s[i], ev.o[i], ev.l[i]);
        return ev.a[i] === WAIT_FUTURE ? on : `${on}: ${waitDetails(trace, i)}`;
      }
      const line = lineText(ev.l[i]);
      return line ? `${waitDetails(trace, i)} (${line})` : waitDetails(trace, i);
    }
    case EV_DONE:
      if (ev.a[i] === STATE_DONE) return `result ${str[ev.s[i]]}`;
      if (ev.a[i] === STATE_FAILED) return `exception ${str[ev.s[i]]}${str[ev.s2[i]] ? `: ${str[ev.s2[i]]}` : ''}`;
      return 'cancelled';
    case EV_CANCEL:
      return `by ${taskName(trace, ev.a[i])}${ev.b[i] ? `, msg: ${str[ev.s[i]]}` : ''}`;
    default:
      return '';
  }
}

function waitDetails(trace, i) {
  const ev = trace.events;
  switch (ev.a[i]) {
    case WAIT_SLEEP:
      return ev.x[i] === Infinity ? 'sleep forever' : `sleep until ${formatExactTime(ev.x[i])}`;
    case WAIT_TASK:
      return `waits for ${taskName(trace, ev.b[i])}`;
    case WAIT_GATHER:
      return `gather ${taskListText(trace, trace.lists[ev.b[i]])}`;
    case WAIT_YIELD:
      return 'yield';
    default:
      return 'future';
  }
}

export function eventPrinted(trace, i) {
  return trace.events.kind[i] === EV_PRINT ? trace.strings[trace.events.s[i]] : '';
}

export function tasksMatching(trace, query) {
  const q = query.trim().toLowerCase();
  if (q === '') return null;
  const { tasks, strings } = trace;
  const mask = new Uint8Array(tasks.count + 1);
  const names = Array.from(tasks.name, (s) => strings[s].toLowerCase());
  let exact = /^[0-9]+$/.test(q) && Number(q) >= 1 && Number(q) <= tasks.count ? Number(q) : 0;
  if (!exact) exact = names.indexOf(q) + 1;
  if (exact) {
    mask[exact] = 1;
    return { mask, count: 1 };
  }
  let count = 0;
  names.forEach((name, i) => { if (name.includes(q)) { mask[i + 1] = 1; count++; } });
  return { mask, count };
}

function kindSet(kinds) {
  const allowed = new Uint8Array(EVENT_KIND_NAMES.length);
  for (const k of kinds) {
    const code = typeof k === 'string' ? EVENT_KIND_NAMES.indexOf(k) : k;
    if (code >= 0 && code < allowed.length) allowed[code] = 1;
  }
  return allowed;
}

// Per-string match flags: each distinct string is lowered and searched once,
// however many events use it.
function stringMatches(trace, needle) {
  const hit = new Uint8Array(trace.strings.length);
  for (let s = 1; s < trace.strings.length; s++) {
    if (trace.strings[s].toLowerCase().includes(needle)) hit[s] = 1;
  }
  return hit;
}

export function filterEvents(trace, { task, tasks, kinds, text } = {}) {
  const ev = trace.events;
  const wantTask = task ? task : 0;
  const allowed = kinds == null ? null : kindSet(kinds);
  const needle = text ? text.toLowerCase() : '';
  let strHit = null;
  let kindHit = null;
  if (needle) {
    strHit = stringMatches(trace, needle);
    kindHit = EVENT_KIND_NAMES.map((name) => name.includes(needle));
  }
  const out = new Int32Array(ev.count);
  let n = 0;
  for (let i = 0; i < ev.count; i++) {
    if (wantTask && ev.task[i] !== wantTask) continue;
    if (tasks && !tasks[ev.task[i]]) continue;
    const kind = ev.kind[i];
    if (allowed && !allowed[kind]) continue;
    if (needle) {
      const id = ev.task[i];
      const match =
        kindHit[kind] ||
        (id > 0 && strHit[trace.tasks.name[id - 1]]) ||
        (kind === EV_PRINT && strHit[ev.s[i]]) ||
        (kind !== EV_RESUME && kind !== EV_PRINT && eventDetails(trace, i).toLowerCase().includes(needle));
      if (!match) continue;
    }
    out[n++] = i;
  }
  return out.slice(0, n);
}
