// Reading a corosim trace into one columnar in-memory shape, whichever form
// it came in: trace v1 JSON (README "Trace format, version 1"), the columnar
// form the C++ side embeds in the page (Contract 2), or either one gzipped.
//
// API
//   parseTraceText(text) -> Trace             throws TraceError
//   parseTraceBytes(Uint8Array) -> Promise<Trace>   (gzip or plain UTF-8)
//   traceFromJSON(value) -> Trace             for an already parsed document
//   class TraceError extends Error
//   EV_* event kind codes, WAIT_* wait codes, STATE_DONE, STATE_FAILED, STATE_PENDING task state codes,
//   EVENT_KIND_NAMES, TASK_STATE_NAMES, DONE_STATE_NAMES
//   taskIndexById(trace, id) -> index or -1
//
// Trace shape (tasks by index i, whose id is i + 1; every column means what
// Contract 2 says it means):
//   program: string, endTime: number, outcome: the trace's outcome object
//   strings: string[]                 index 0 is ""
//   tasks: {count,
//     id: Int32Array, name: Int32Array (string index), coro: Int32Array (string index),
//     parent: Int32Array (id, 0 none), created: Float64Array,
//     finished: Float64Array (NaN: never finished), state: Uint8Array (STATE_*),
//     internal: Uint8Array (0|1), depth: Int32Array (0 for a root),
//     childStart: Int32Array(count + 2), children: Int32Array (task ids):
//       the children of id p (p = 0: the roots) are children[childStart[p] .. childStart[p + 1]),
//       in creation order,
//     order: Int32Array (task indices in tree pre-order: creation order, each task followed by its subtree)}
//   events: {count, t: Float64Array, kind: Uint8Array (EV_*), task: Int32Array (id, 0 none),
//     a, b: Int32Array, x: Float64Array (sleep until; Infinity for a null until),
//     s, s2: Int32Array (string index; a suspend's s: the primitive it waits in, "lock", 0 none),
//     o: Int32Array (a suspend's object: the lock, queue, event... it waits on, 1, 2, ...; 0 none),
//     l: Int32Array (a suspend's source line of the await; 0 none)}
//   lists: Int32Array[]               the task ids of each gather
// Event kinds and wait kinds this viewer does not know are skipped (the format
// is forward compatible: an unknown `what` reads as a future), so event
// indices count only the known events.

export const EV_CREATE = 0;
export const EV_RESUME = 1;
export const EV_SUSPEND = 2;
export const EV_DONE = 3;
export const EV_CANCEL = 4;
export const EV_PRINT = 5;
export const EVENT_KIND_NAMES = ['create', 'resume', 'suspend', 'done', 'cancel', 'print'];

export const WAIT_SLEEP = 0;
export const WAIT_TASK = 1;
export const WAIT_GATHER = 2;
export const WAIT_YIELD = 3;
export const WAIT_FUTURE = 4;
const WAIT_NAMES = ['sleep', 'task', 'gather', 'yield', 'future'];

export const STATE_DONE = 0;
export const STATE_FAILED = 1;
const STATE_CANCELLED = 2;
export const STATE_PENDING = 3;
export const TASK_STATE_NAMES = ['done', 'failed', 'cancelled', 'pending'];
export const DONE_STATE_NAMES = TASK_STATE_NAMES.slice(0, 3);

export class TraceError extends Error {
  constructor(message) {
    super(message);
    this.name = 'TraceError';
  }
}

export function taskIndexById(trace, id) {
  return Number.isInteger(id) && id >= 1 && id <= trace.tasks.count ? id - 1 : -1;
}

export function parseTraceText(text) {
  if (typeof text !== 'string') throw new TraceError('not a corosim trace: expected text');
  if (text.trim() === '') throw new TraceError('not a corosim trace: the file is empty');
  if (/^\s*<(!doctype\s+html|html)\b/i.test(text)) {
    throw new TraceError('not a corosim trace: this is an HTML page (open the trace .json or .json.gz it was made from, or open the page itself in the browser)');
  }
  let value;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new TraceError(`truncated or malformed JSON: ${e.message}`);
  }
  return traceFromJSON(value);
}

export async function parseTraceBytes(bytes) {
  let data = bytes;
  if (data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b) {
    try {
      const stream = new Blob([data]).stream().pipeThrough(new DecompressionStream('gzip'));
      data = new Uint8Array(await new Response(stream).arrayBuffer());
    } catch {
      // The browser's own reason ("Failed to fetch") says nothing about the file.
      throw new TraceError('truncated or corrupt gzip file: it cannot be decompressed');
    }
  }
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    throw new TraceError('not a corosim trace: the file is not UTF-8 text');
  }
  return parseTraceText(text);
}

export function traceFromJSON(doc) {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new TraceError('not a corosim trace: the file is not a JSON object');
  }
  if (!('format' in doc)) throw new TraceError('not a corosim trace: missing "format"');
  if (doc.format !== 'corosim-trace' && doc.format !== 'corosim-columnar') {
    throw new TraceError(`not a corosim trace: "format" is ${JSON.stringify(doc.format)}`);
  }
  if (!('version' in doc)) throw new TraceError('not a corosim trace: missing "version"');
  // The trace file is version 1 (waits_on's primitive, object and line are
  // optional keys of it); the columnar form added their columns in version 2.
  if (doc.format === 'corosim-columnar' && doc.version !== 1 && doc.version !== 2) {
    throw new TraceError(`unsupported columnar version ${JSON.stringify(doc.version)} (this viewer reads versions 1 and 2)`);
  }
  if (doc.format === 'corosim-trace' && doc.version !== 1) {
    throw new TraceError(`unsupported trace version ${JSON.stringify(doc.version)} (this viewer reads version 1)`);
  }
  const header = readHeader(doc);
  const body = doc.format === 'corosim-trace' ? fromV1(doc) : fromColumnar(doc);
  const trace = { ...header, ...body };
  linkTasks(trace.tasks);
  return trace;
}

function fail(message) {
  throw new TraceError(message);
}

function need(obj, key, where) {
  if (!(key in obj)) fail(`${where}: missing "${key}"`);
  return obj[key];
}

function isNum(v) {
  return typeof v === 'number' && Number.isFinite(v);
}

function num(obj, key, where) {
  const v = need(obj, key, where);
  if (!isNum(v)) fail(`${where}: "${key}" must be a number, got ${brief(v)}`);
  return v;
}

function str(obj, key, where) {
  const v = need(obj, key, where);
  if (typeof v !== 'string') fail(`${where}: "${key}" must be a string, got ${brief(v)}`);
  return v;
}

function obj(v, where) {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(`${where} must be an object, got ${brief(v)}`);
  return v;
}

function arr(v, where) {
  if (!Array.isArray(v)) fail(`${where} must be an array, got ${brief(v)}`);
  return v;
}

function brief(v) {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

function readHeader(doc) {
  const program = str(doc, 'program', 'trace');
  const endTime = num(doc, 'end_time', 'trace');
  const outcome = obj(need(doc, 'outcome', 'trace'), 'trace "outcome"');
  // A status this viewer does not know is shown as it is (forward compatible);
  // the fields of the known ones are checked, since the header shows them.
  const status = str(outcome, 'status', 'trace "outcome"');
  if (status === 'error') {
    const error = obj(need(outcome, 'error', 'trace "outcome"'), 'trace "outcome" "error"');
    str(error, 'type', 'trace "outcome" "error"');
    str(error, 'message', 'trace "outcome" "error"');
    const id = need(error, 'task', 'trace "outcome" "error"');
    if (id !== null && !Number.isInteger(id)) fail(`trace "outcome" "error": "task" must be a task id or null, got ${brief(id)}`);
  } else if (status === 'deadlock') {
    arr(need(outcome, 'waiting', 'trace "outcome"'), 'trace "outcome" "waiting"');
  }
  return { program, endTime, outcome };
}

// A task id reference: 0 (null) only where allowed, else 1..count.
function taskRef(v, count, where, nullable) {
  if (v === null || v === 0) {
    if (nullable) return 0;
    fail(`${where}: task must not be null`);
  }
  if (!Number.isInteger(v)) fail(`${where}: task id must be an integer, got ${brief(v)}`);
  if (v < 1 || v > count) fail(`${where}: unknown task ${v}`);
  return v;
}

function emptyTasks(n) {
  return {
    count: n,
    id: new Int32Array(n),
    name: new Int32Array(n),
    coro: new Int32Array(n),
    parent: new Int32Array(n),
    created: new Float64Array(n),
    finished: new Float64Array(n),
    state: new Uint8Array(n),
    internal: new Uint8Array(n),
  };
}

function emptyEvents(n) {
  return {
    count: n,
    t: new Float64Array(n),
    kind: new Uint8Array(n),
    task: new Int32Array(n),
    a: new Int32Array(n),
    b: new Int32Array(n),
    x: new Float64Array(n),
    s: new Int32Array(n),
    s2: new Int32Array(n),
    o: new Int32Array(n),
    l: new Int32Array(n),
  };
}

function checkParent(parent, id, where) {
  if (parent >= id) fail(`${where}: parent ${parent} was not created before task ${id}`);
}

function checkTime(t, prev, where) {
  if (t < prev) fail(`${where}: time ${t} goes back before ${prev}`);
}

// --- trace v1 ---------------------------------------------------------------

function fromV1(doc) {
  const strings = [''];
  const index = new Map([['', 0]]);
  const intern = (s) => {
    let i = index.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      index.set(s, i);
    }
    return i;
  };
  const tasks = v1Tasks(doc, intern);
  const { events, lists } = v1Events(doc, tasks.count, intern);
  return { strings, tasks, events, lists };
}

function v1Tasks(doc, intern) {
  const taskList = arr(need(doc, 'tasks', 'trace'), 'trace "tasks"');
  const n = taskList.length;
  const tasks = emptyTasks(n);
  for (let i = 0; i < n; i++) {
    const where = `task ${i + 1}`;
    const task = obj(taskList[i], where);
    const id = need(task, 'id', where);
    if (id !== i + 1) fail(`tasks[${i}]: expected id ${i + 1} (ids are 1, 2, … in order), got ${brief(id)}`);
    tasks.id[i] = id;
    tasks.name[i] = intern(str(task, 'name', where));
    tasks.coro[i] = intern(str(task, 'coro', where));
    const parent = taskRef(need(task, 'parent', where), n, `${where} "parent"`, true);
    checkParent(parent, id, where);
    tasks.parent[i] = parent;
    tasks.created[i] = num(task, 'created', where);
    const finished = need(task, 'finished', where);
    if (finished !== null && !isNum(finished)) fail(`${where}: "finished" must be a number or null, got ${brief(finished)}`);
    tasks.finished[i] = finished === null ? NaN : finished;
    const state = TASK_STATE_NAMES.indexOf(str(task, 'state', where));
    if (state < 0) fail(`${where}: unknown state ${brief(task.state)}`);
    tasks.state[i] = state;
    const internal = need(task, 'internal', where);
    if (typeof internal !== 'boolean') fail(`${where}: "internal" must be true or false, got ${brief(internal)}`);
    tasks.internal[i] = internal ? 1 : 0;
  }
  return tasks;
}

// The events of a v1 trace whose n tasks are read; events of a kind this
// viewer does not know are left out.
function v1Events(doc, n, intern) {
  const eventList = arr(need(doc, 'events', 'trace'), 'trace "events"');
  const m = eventList.length;
  const events = emptyEvents(m);
  const lists = [];
  let k = 0;
  let prevT = -Infinity;
  for (let i = 0; i < m; i++) {
    const where = `event ${i}`;
    const ev = obj(eventList[i], where);
    const kind = EVENT_KIND_NAMES.indexOf(str(ev, 'kind', where));
    const t = num(ev, 't', where);
    if (kind < 0) continue;
    checkTime(t, prevT, where);
    prevT = t;
    events.t[k] = t;
    events.kind[k] = kind;
    events.task[k] = taskRef(need(ev, 'task', where), n, where, kind === EV_PRINT);
    switch (kind) {
      case EV_CREATE:
        events.a[k] = taskRef(need(ev, 'parent', where), n, `${where} "parent"`, true);
        break;
      case EV_SUSPEND:
        v1WaitsOn(ev, where, n, events, k, lists, intern);
        break;
      case EV_DONE:
        v1Done(ev, where, events, k, intern);
        break;
      case EV_CANCEL:
        events.a[k] = taskRef(need(ev, 'by', where), n, `${where} "by"`, true);
        if ('msg' in ev) {
          events.b[k] = 1;
          events.s[k] = intern(str(ev, 'msg', where));
        }
        break;
      case EV_PRINT:
        events.s[k] = intern(str(ev, 'text', where));
        break;
      default:
        break;
    }
    k++;
  }
  return { events: shrinkEvents(events, k), lists };
}

// A suspend's waits_on into event k's columns (a gather's ids go to lists;
// the primitive, object and line, when present, to s, o and l).
function v1WaitsOn(ev, where, n, events, k, lists, intern) {
  const wo = `${where} "waits_on"`;
  const w = obj(need(ev, 'waits_on', where), wo);
  const what = WAIT_NAMES.indexOf(str(w, 'what', wo));
  const code = what < 0 ? WAIT_FUTURE : what;
  events.a[k] = code;
  if (code === WAIT_SLEEP) {
    const until = need(w, 'until', wo);
    if (until !== null && !isNum(until)) fail(`${where}: sleep "until" must be a number or null, got ${brief(until)}`);
    events.x[k] = until === null ? Infinity : until;
  } else if (code === WAIT_TASK) {
    events.b[k] = taskRef(need(w, 'task', wo), n, wo, false);
  } else if (code === WAIT_GATHER) {
    const ids = arr(need(w, 'tasks', wo), `${wo} "tasks"`);
    const list = new Int32Array(ids.length);
    for (let j = 0; j < ids.length; j++) list[j] = taskRef(ids[j], n, `${where} gather`, false);
    events.b[k] = lists.length;
    lists.push(list);
  }
  if ('primitive' in w) events.s[k] = intern(str(w, 'primitive', wo));
  if ('object' in w) events.o[k] = count(w.object, `${wo} "object"`);
  if ('line' in w) events.l[k] = count(w.line, `${wo} "line"`);
}

// An object id or a line: a whole number, 0 for none.
function count(v, where) {
  if (!Number.isInteger(v) || v < 0) fail(`${where} must be a whole number, got ${brief(v)}`);
  return v;
}

function v1Done(ev, where, events, k, intern) {
  const state = DONE_STATE_NAMES.indexOf(str(ev, 'state', where));
  if (state < 0) fail(`${where}: unknown done state ${brief(ev.state)}`);
  events.a[k] = state;
  if (state === STATE_DONE) {
    events.s[k] = intern(str(ev, 'result', where));
  } else if (state === STATE_FAILED) {
    const exc = obj(need(ev, 'exception', where), `${where} "exception"`);
    events.s[k] = intern(str(exc, 'type', `${where} "exception"`));
    events.s2[k] = intern(str(exc, 'message', `${where} "exception"`));
  }
}

function shrinkEvents(events, k) {
  if (k === events.count) return events;
  const out = { count: k };
  for (const key of ['t', 'kind', 'task', 'a', 'b', 'x', 's', 's2', 'o', 'l']) out[key] = events[key].slice(0, k);
  return out;
}

// --- columnar form (Contract 2) --------------------------------------------

// The columns `keys` of the group `name` ("tasks", "events"), all as long as the first.
function columns(doc, name, keys) {
  const group = obj(need(doc, name, 'trace'), `trace "${name}"`);
  const cols = {};
  for (const key of keys) {
    const col = arr(need(group, key, name), `${name} "${key}"`);
    const length = cols[keys[0]]?.length ?? col.length;
    if (col.length !== length) fail(`${name} "${key}": ${col.length} entries, expected ${length} like the other columns`);
    cols[key] = col;
  }
  return cols;
}

function fromColumnar(doc) {
  const strings = arr(need(doc, 'strings', 'trace'), 'trace "strings"');
  for (let i = 0; i < strings.length; i++) {
    if (typeof strings[i] !== 'string') fail(`strings[${i}] must be a string, got ${brief(strings[i])}`);
  }
  if (strings.length === 0 || strings[0] !== '') fail('trace "strings": entry 0 must be ""');
  const sref = (v, where) => {
    if (!Number.isInteger(v) || v < 0 || v >= strings.length) fail(`${where}: string index ${brief(v)} out of range`);
    return v;
  };
  const tasks = columnarTasks(doc, sref);
  const n = tasks.count;
  const listDocs = arr(need(doc, 'lists', 'trace'), 'trace "lists"');
  const lists = listDocs.map((ids, j) => {
    arr(ids, `lists[${j}]`);
    const list = new Int32Array(ids.length);
    for (let q = 0; q < ids.length; q++) list[q] = taskRef(ids[q], n, `lists[${j}]`, false);
    return list;
  });
  return { strings, tasks, events: columnarEvents(doc, n, lists.length, sref), lists };
}

// sref(v, where): v checked as an index into the string table.
function columnarTasks(doc, sref) {
  const cols = columns(doc, 'tasks', ['id', 'name', 'coro', 'parent', 'created', 'finished', 'state', 'internal']);
  const n = cols.id.length;
  const tasks = emptyTasks(n);
  for (let i = 0; i < n; i++) {
    const where = `task ${i + 1}`;
    if (cols.id[i] !== i + 1) fail(`tasks.id[${i}]: expected id ${i + 1} (ids are 1, 2, … in order), got ${brief(cols.id[i])}`);
    tasks.id[i] = i + 1;
    tasks.name[i] = sref(cols.name[i], `${where} name`);
    tasks.coro[i] = sref(cols.coro[i], `${where} coro`);
    const parent = taskRef(cols.parent[i], n, `${where} "parent"`, true);
    checkParent(parent, i + 1, where);
    tasks.parent[i] = parent;
    if (!isNum(cols.created[i])) fail(`${where}: "created" must be a number, got ${brief(cols.created[i])}`);
    tasks.created[i] = cols.created[i];
    const finished = cols.finished[i];
    if (finished !== null && !isNum(finished)) fail(`${where}: "finished" must be a number or null, got ${brief(finished)}`);
    tasks.finished[i] = finished === null ? NaN : finished;
    const state = cols.state[i];
    if (!Number.isInteger(state) || state < 0 || state > STATE_PENDING) fail(`${where}: unknown state ${brief(state)}`);
    tasks.state[i] = state;
    if (cols.internal[i] !== 0 && cols.internal[i] !== 1) fail(`${where}: "internal" must be 0 or 1, got ${brief(cols.internal[i])}`);
    tasks.internal[i] = cols.internal[i];
  }
  return tasks;
}

// The events, checked against n tasks and listCount gather lists; events of a
// kind this viewer does not know are left out.
// Version 2 adds the columns o (object) and l (line).
function columnarEvents(doc, n, listCount, sref) {
  const withObjects = doc.version >= 2;
  const ec = columns(doc, 'events', ['t', 'kind', 'task', 'a', 'b', 'x', 's', 's2', ...(withObjects ? ['o', 'l'] : [])]);
  const m = ec.t.length;
  const events = emptyEvents(m);
  let k = 0;
  let prevT = -Infinity;
  for (let i = 0; i < m; i++) {
    const where = `event ${i}`;
    const kind = ec.kind[i];
    const t = ec.t[i];
    if (!isNum(t)) fail(`${where}: "t" must be a number, got ${brief(t)}`);
    if (!Number.isInteger(kind)) fail(`${where}: kind must be an integer, got ${brief(kind)}`);
    if (kind < 0 || kind > EV_PRINT) continue;
    checkTime(t, prevT, where);
    prevT = t;
    events.t[k] = t;
    events.kind[k] = kind;
    events.task[k] = taskRef(ec.task[i], n, where, kind === EV_PRINT);
    const b = ec.b[i];
    const x = ec.x[i];
    if (!Number.isInteger(ec.a[i])) fail(`${where}: "a" must be an integer, got ${brief(ec.a[i])}`);
    if (!Number.isInteger(b)) fail(`${where}: "b" must be an integer, got ${brief(b)}`);
    if (x !== null && typeof x !== 'number') fail(`${where}: "x" must be a number or null, got ${brief(x)}`);
    events.a[k] = columnarA(kind, ec.a[i], b, where, n, listCount);
    events.b[k] = b;
    events.x[k] = x === null ? Infinity : x;
    events.s[k] = sref(ec.s[i], where);
    events.s2[k] = sref(ec.s2[i], where);
    if (withObjects) {
      events.o[k] = count(ec.o[i], `${where} "o"`);
      events.l[k] = count(ec.l[i], `${where} "l"`);
    }
    k++;
  }
  return shrinkEvents(events, k);
}

// Column a of an event of `kind`, checked (a wait this viewer does not know
// reads as a future).
function columnarA(kind, a, b, where, n, listCount) {
  switch (kind) {
    case EV_CREATE:
      taskRef(a, n, `${where} parent`, true);
      return a;
    case EV_SUSPEND: {
      const what = a < 0 || a > WAIT_FUTURE ? WAIT_FUTURE : a;
      if (what === WAIT_TASK) taskRef(b, n, `${where} waits on`, false);
      if (what === WAIT_GATHER && (b < 0 || b >= listCount)) fail(`${where}: gather list ${b} out of range`);
      return what;
    }
    case EV_DONE:
      if (a < 0 || a > STATE_CANCELLED) fail(`${where}: unknown done state ${a}`);
      return a;
    case EV_CANCEL:
      taskRef(a, n, `${where} "by"`, true);
      return a;
    default:
      return a;
  }
}

// --- the task tree ----------------------------------------------------------

// Parents always come before their children (checked above), so one forward
// pass gives depths, and counting sort gives each parent's children in
// creation order.
function linkTasks(tasks) {
  const n = tasks.count;
  const depth = new Int32Array(n);
  const childStart = new Int32Array(n + 2);
  for (let i = 0; i < n; i++) {
    const p = tasks.parent[i];
    depth[i] = p === 0 ? 0 : depth[p - 1] + 1;
    childStart[p + 1]++;
  }
  for (let p = 0; p <= n; p++) childStart[p + 1] += childStart[p];
  const fill = childStart.slice(0, n + 1);
  const children = new Int32Array(n);
  for (let i = 0; i < n; i++) children[fill[tasks.parent[i]]++] = i + 1;

  const order = new Int32Array(n);
  const stack = new Int32Array(n + 1);
  let top = 0;
  let out = 0;
  for (let c = childStart[1] - 1; c >= childStart[0]; c--) stack[top++] = children[c];
  while (top > 0) {
    const id = stack[--top];
    order[out++] = id - 1;
    for (let c = childStart[id + 1] - 1; c >= childStart[id]; c--) stack[top++] = children[c];
  }
  Object.assign(tasks, { depth, childStart, children, order });
}
