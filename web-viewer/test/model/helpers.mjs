// Small hand-written traces for the model tests, and an independent encoder of
// the columnar form (Contract 2) so both readers can be checked against each other.

import { parseTraceText } from '../../src/model/trace.js';
import { buildTimeline } from '../../src/model/timeline.js';

export function task(id, { name = `Task-${id}`, coro = 'main', parent = null, created = 0, finished = null, state = 'done', internal = false } = {}) {
  return { id, name, coro, parent, created, finished, state, internal };
}

export function traceDoc(tasks, events, { endTime, outcome = { status: 'ok' }, program = 'test.py' } = {}) {
  const end = endTime ?? events.reduce((m, e) => Math.max(m, e.t), 0);
  return { format: 'corosim-trace', version: 1, program, end_time: end, outcome, tasks, events };
}

export const create = (t, task, parent = null) => ({ t, kind: 'create', task, parent });
export const resume = (t, task) => ({ t, kind: 'resume', task });
export const sleep = (t, task, until) => ({ t, kind: 'suspend', task, waits_on: { what: 'sleep', until } });
export const awaitTask = (t, task, target) => ({ t, kind: 'suspend', task, waits_on: { what: 'task', task: target } });
export const gather = (t, task, ids) => ({ t, kind: 'suspend', task, waits_on: { what: 'gather', tasks: ids } });
export const yieldNow = (t, task) => ({ t, kind: 'suspend', task, waits_on: { what: 'yield' } });
export const future = (t, task) => ({ t, kind: 'suspend', task, waits_on: { what: 'future' } });
// A suspend waiting in a primitive on an object (waits_on's optional keys), e.g. lock #1 at line 12.
export const waitOn = (t, task, primitive, object, line, what = 'future') =>
  ({ t, kind: 'suspend', task, waits_on: { what, primitive, object, line } });
// Any suspend with the source line of its await added.
export const atLine = (event, line) => ({ ...event, waits_on: { ...event.waits_on, line } });
export const done = (t, task, result = 'None') => ({ t, kind: 'done', task, state: 'done', result });
export const failed = (t, task, type, message) => ({ t, kind: 'done', task, state: 'failed', exception: { type, message } });
export const cancelled = (t, task) => ({ t, kind: 'done', task, state: 'cancelled' });
export const cancel = (t, task, by, msg) => (msg === undefined ? { t, kind: 'cancel', task, by } : { t, kind: 'cancel', task, by, msg });
export const print = (t, task, text) => ({ t, kind: 'print', task, text });

export function load(doc) {
  const trace = parseTraceText(JSON.stringify(doc));
  return { trace, tl: buildTimeline(trace) };
}

// The segments of one task as [kind name, start, end] triples.
export function segmentsOf(tl, names, taskIndex, coords = 'time') {
  const s = tl.segments;
  const out = [];
  for (let j = tl.taskSegStart[taskIndex]; j < tl.taskSegStart[taskIndex + 1]; j++) {
    out.push(coords === 'time' ? [names[s.kind[j]], s.start[j], s.end[j]] : [names[s.kind[j]], s.slot0[j], s.slot1[j]]);
  }
  return out;
}

const KINDS = ['create', 'resume', 'suspend', 'done', 'cancel', 'print'];
const WAITS = ['sleep', 'task', 'gather', 'yield', 'future'];
const STATES = ['done', 'failed', 'cancelled', 'pending'];

// version 2 adds the primitive (in s), object (o) and line (l) of suspends.
export function toColumnar(doc, version = 1) {
  const strings = [''];
  const index = new Map([['', 0]]);
  const sidx = (s) => {
    if (!index.has(s)) {
      index.set(s, strings.length);
      strings.push(s);
    }
    return index.get(s);
  };
  const tasks = { id: [], name: [], coro: [], parent: [], created: [], finished: [], state: [], internal: [] };
  for (const t of doc.tasks) {
    tasks.id.push(t.id);
    tasks.name.push(sidx(t.name));
    tasks.coro.push(sidx(t.coro));
    tasks.parent.push(t.parent ?? 0);
    tasks.created.push(t.created);
    tasks.finished.push(t.finished);
    tasks.state.push(STATES.indexOf(t.state));
    tasks.internal.push(t.internal ? 1 : 0);
  }
  const events = { t: [], kind: [], task: [], a: [], b: [], x: [], s: [], s2: [] };
  if (version >= 2) Object.assign(events, { o: [], l: [] });
  const lists = [];
  for (const e of doc.events) {
    let a = 0, b = 0, x = 0, s = 0, s2 = 0, o = 0, l = 0;
    switch (e.kind) {
      case 'create': a = e.parent ?? 0; break;
      case 'suspend':
        a = WAITS.indexOf(e.waits_on.what);
        if (e.waits_on.what === 'sleep') x = e.waits_on.until;
        if (e.waits_on.what === 'task') b = e.waits_on.task;
        if (e.waits_on.what === 'gather') { b = lists.length; lists.push(e.waits_on.tasks); }
        if (version >= 2) {
          s = e.waits_on.primitive ? sidx(e.waits_on.primitive) : 0;
          o = e.waits_on.object ?? 0;
          l = e.waits_on.line ?? 0;
        }
        break;
      case 'done':
        a = STATES.indexOf(e.state);
        if (e.state === 'done') s = sidx(e.result);
        if (e.state === 'failed') { s = sidx(e.exception.type); s2 = sidx(e.exception.message); }
        break;
      case 'cancel': a = e.by ?? 0; if ('msg' in e) { b = 1; s = sidx(e.msg); } break;
      case 'print': s = sidx(e.text); break;
      default: break;
    }
    events.t.push(e.t);
    events.kind.push(KINDS.indexOf(e.kind));
    events.task.push(e.task ?? 0);
    events.a.push(a); events.b.push(b); events.x.push(x); events.s.push(s); events.s2.push(s2);
    if (version >= 2) { events.o.push(o); events.l.push(l); }
  }
  return { format: 'corosim-columnar', version, program: doc.program, end_time: doc.end_time, outcome: doc.outcome, strings, tasks, events, lists };
}

// A trace with string indices resolved, so traces whose string tables are
// ordered differently compare equal when they say the same.
export function resolved(trace) {
  const str = (col) => Array.from(col, (i) => trace.strings[i]);
  const { tasks: t, events: e } = trace;
  return {
    program: trace.program,
    endTime: trace.endTime,
    outcome: trace.outcome,
    tasks: {
      count: t.count, id: t.id, name: str(t.name), coro: str(t.coro), parent: t.parent, created: t.created,
      finished: t.finished, state: t.state, internal: t.internal, depth: t.depth, childStart: t.childStart,
      children: t.children, order: t.order,
    },
    events: { count: e.count, t: e.t, kind: e.kind, task: e.task, a: e.a, b: e.b, x: e.x, s: str(e.s), s2: str(e.s2), o: e.o, l: e.l },
    lists: trace.lists,
  };
}
