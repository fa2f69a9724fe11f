import test from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import {
  parseTraceText, parseTraceBytes, traceFromJSON, TraceError,
  EV_CREATE, EV_SUSPEND, EV_DONE, EV_CANCEL, EV_PRINT, WAIT_SLEEP, WAIT_GATHER, WAIT_FUTURE,
  STATE_DONE, STATE_FAILED, STATE_PENDING,
} from '../../src/model/trace.js';
import {
  task, traceDoc, create, resume, sleep, gather, done, failed, cancel, print, future, toColumnar, resolved,
} from './helpers.mjs';

// Every kind of event and field, in one small run.
function fullDoc() {
  return traceDoc(
    [
      task(1, { finished: 3 }),
      task(2, { coro: 'worker', parent: 1, finished: 2, state: 'failed' }),
      task(3, { coro: 'sleeper', parent: 1, name: '<img src=x>', state: 'pending' }),
      task(4, { coro: 'child', parent: 2, finished: 1 }),
      task(5, { coro: 'BaseEventLoop.shutdown_asyncgens', created: 3, finished: 3, internal: true }),
    ],
    [
      create(0, 1), resume(0, 1), print(0, 1, 'hi\n'), create(0, 2, 1), create(0, 3, 1),
      gather(0, 1, [2, 3]),
      resume(0, 2), create(0, 4, 2), sleep(0, 2, 2),
      resume(0, 3), { t: 0, kind: 'suspend', task: 3, waits_on: { what: 'sleep', until: null } },
      resume(0, 4), done(1, 4, "'x'"),
      resume(2, 2), failed(2, 2, 'ValueError', 'boom'),
      cancel(2, 3, null, 'stop'), print(2, null, 'outside\n'),
      resume(3, 1), done(3, 1),
      create(3, 5), resume(3, 5), done(3, 5),
    ],
    { endTime: 3, outcome: { status: 'error', error: { type: 'ValueError', message: 'boom', task: 2 } } },
  );
}

test('trace v1: tasks and events become columns', () => {
  const tr = parseTraceText(JSON.stringify(fullDoc()));
  assert.equal(tr.program, 'test.py');
  assert.equal(tr.endTime, 3);
  assert.equal(tr.outcome.error.type, 'ValueError');
  assert.equal(tr.tasks.count, 5);
  assert.deepEqual(Array.from(tr.tasks.id), [1, 2, 3, 4, 5]);
  assert.equal(tr.strings[0], '');
  assert.equal(tr.strings[tr.tasks.name[2]], '<img src=x>');
  assert.equal(tr.strings[tr.tasks.coro[1]], 'worker');
  assert.deepEqual(Array.from(tr.tasks.parent), [0, 1, 1, 2, 0]);
  assert.ok(Number.isNaN(tr.tasks.finished[2]));
  assert.equal(tr.tasks.state[1], STATE_FAILED);
  assert.equal(tr.tasks.state[2], STATE_PENDING);
  assert.deepEqual(Array.from(tr.tasks.internal), [0, 0, 0, 0, 1]);
  assert.equal(new Set(tr.strings).size, tr.strings.length, 'each string once');

  const ev = tr.events;
  assert.equal(ev.count, 22);
  assert.equal(ev.kind[3], EV_CREATE);
  assert.equal(ev.a[3], 1, 'create: a = parent');
  assert.equal(ev.kind[5], EV_SUSPEND);
  assert.equal(ev.a[5], WAIT_GATHER);
  assert.deepEqual(Array.from(tr.lists[ev.b[5]]), [2, 3]);
  assert.equal(ev.a[8], WAIT_SLEEP);
  assert.equal(ev.x[8], 2);
  assert.equal(ev.x[10], Infinity, 'a null until is an infinite sleep');
  assert.equal(ev.kind[12], EV_DONE);
  assert.equal(ev.a[12], STATE_DONE);
  assert.equal(tr.strings[ev.s[12]], "'x'");
  assert.equal(ev.a[14], STATE_FAILED);
  assert.equal(tr.strings[ev.s[14]], 'ValueError');
  assert.equal(tr.strings[ev.s2[14]], 'boom');
  assert.equal(ev.kind[15], EV_CANCEL);
  assert.deepEqual([ev.a[15], ev.b[15], tr.strings[ev.s[15]]], [0, 1, 'stop']);
  assert.equal(ev.kind[16], EV_PRINT);
  assert.equal(ev.task[16], 0, 'a print outside any task');
  assert.equal(tr.strings[ev.s[16]], 'outside\n');
});

test('the task tree: depth, children in creation order, pre-order rows', () => {
  const tr = parseTraceText(JSON.stringify(fullDoc()));
  assert.deepEqual(Array.from(tr.tasks.depth), [0, 1, 1, 2, 0]);
  const kids = (p) => Array.from(tr.tasks.children.subarray(tr.tasks.childStart[p], tr.tasks.childStart[p + 1]));
  assert.deepEqual(kids(0), [1, 5]);
  assert.deepEqual(kids(1), [2, 3]);
  assert.deepEqual(kids(2), [4]);
  assert.deepEqual(kids(4), []);
  assert.deepEqual(Array.from(tr.tasks.order), [0, 1, 3, 2, 4]);
});

test('the columnar form decodes to the same trace as trace v1', () => {
  const doc = fullDoc();
  const fromV1 = parseTraceText(JSON.stringify(doc));
  const fromColumnar = parseTraceText(JSON.stringify(toColumnar(doc)));
  assert.deepEqual(resolved(fromColumnar), resolved(fromV1));
});

test('the columnar form as embedded in the page, with < written as \\u003c', () => {
  const text = JSON.stringify(toColumnar(fullDoc())).replaceAll('<', '\\u003c').replaceAll('>', '\\u003e');
  const tr = parseTraceText(text);
  assert.equal(tr.strings[tr.tasks.name[2]], '<img src=x>');
});

test('unknown event kinds, wait kinds and fields are ignored', () => {
  const doc = traceDoc([task(1, { finished: 1, extra: 1 })], [
    create(0, 1), { t: 0, kind: 'annotate', task: 1, note: 'later version' }, resume(0, 1),
    { t: 0, kind: 'suspend', task: 1, waits_on: { what: 'event', name: 'e' }, extra: true },
    resume(1, 1), done(1, 1),
  ]);
  doc.new_top_level_key = [1, 2];
  doc.outcome = { status: 'timeout', after: 3 };
  const tr = parseTraceText(JSON.stringify(doc));
  assert.equal(tr.outcome.status, 'timeout', 'a status from a later version is kept as it is');
  assert.equal(tr.events.count, 5);
  assert.equal(tr.events.kind[2], EV_SUSPEND);
  assert.equal(tr.events.a[2], WAIT_FUTURE);
  const col = toColumnar(traceDoc([task(1, { finished: 1 })], [create(0, 1), resume(0, 1), future(0, 1), resume(1, 1), done(1, 1)]));
  col.events.kind[2] = 9;
  assert.equal(traceFromJSON(col).events.count, 4);
});

test('gzip and plain bytes', async () => {
  const text = JSON.stringify(fullDoc());
  const plain = await parseTraceBytes(new TextEncoder().encode(text));
  const zipped = await parseTraceBytes(new Uint8Array(gzipSync(text)));
  assert.deepEqual(resolved(zipped), resolved(plain));
  const col = await parseTraceBytes(new Uint8Array(gzipSync(JSON.stringify(toColumnar(fullDoc())))));
  assert.deepEqual(resolved(col), resolved(plain));
  const bom = await parseTraceBytes(new TextEncoder().encode(`\uFEFF${text}`));
  assert.equal(bom.tasks.count, 5);
});

async function rejects(promise, pattern) {
  await assert.rejects(promise, (e) => e instanceof TraceError && pattern.test(e.message));
}

test('broken bytes: truncated gzip, not UTF-8', async () => {
  const zipped = gzipSync(JSON.stringify(fullDoc()));
  await rejects(parseTraceBytes(new Uint8Array(zipped.subarray(0, zipped.length >> 1))), /^truncated or corrupt gzip file: it cannot be decompressed$/);
  await rejects(parseTraceBytes(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])), /^not a corosim trace: the file is not UTF-8 text$/);
  await rejects(parseTraceBytes(new Uint8Array([])), /^not a corosim trace: the file is empty$/);
});

function fails(docOrText, message) {
  const text = typeof docOrText === 'string' ? docOrText : JSON.stringify(docOrText);
  assert.throws(() => parseTraceText(text), (e) => {
    assert.ok(e instanceof TraceError);
    if (message instanceof RegExp) assert.match(e.message, message);
    else assert.equal(e.message, message);
    return true;
  });
}

function mutated(edit) {
  const doc = fullDoc();
  edit(doc);
  return doc;
}

test('error messages a person can act on', () => {
  const text = JSON.stringify(fullDoc());
  fails(text.slice(0, text.length - 40), /^truncated or malformed JSON: .+/);
  fails('', 'not a corosim trace: the file is empty');
  fails('<!DOCTYPE html>\n<html><head>', /^not a corosim trace: this is an HTML page/);
  fails('  <html lang="en">', /^not a corosim trace: this is an HTML page/);
  fails('[1, 2]', 'not a corosim trace: the file is not a JSON object');
  fails('{"tasks": []}', 'not a corosim trace: missing "format"');
  fails('{"format": "chrome-trace", "version": 1}', 'not a corosim trace: "format" is "chrome-trace"');
  fails(mutated((d) => { d.version = 2; }), 'unsupported trace version 2 (this viewer reads version 1)');
  fails(mutated((d) => { delete d.version; }), 'not a corosim trace: missing "version"');
  fails(mutated((d) => { delete d.end_time; }), 'trace: missing "end_time"');
  fails(mutated((d) => { d.end_time = '4'; }), 'trace: "end_time" must be a number, got "4"');
  fails(mutated((d) => { d.outcome = { status: 'error' }; }), 'trace "outcome": missing "error"');
  fails(mutated((d) => { d.outcome.error.type = null; }), 'trace "outcome" "error": "type" must be a string, got null');
  fails(mutated((d) => { d.outcome = { status: 'deadlock', waiting: 3 }; }), 'trace "outcome" "waiting" must be an array, got 3');
  fails(mutated((d) => { d.outcome = {}; }), 'trace "outcome": missing "status"');
  fails(mutated((d) => { d.tasks = {}; }), 'trace "tasks" must be an array, got {}');
  fails(mutated((d) => { d.tasks[1].id = 7; }), 'tasks[1]: expected id 2 (ids are 1, 2, … in order), got 7');
  fails(mutated((d) => { d.tasks[1].name = 5; }), 'task 2: "name" must be a string, got 5');
  fails(mutated((d) => { d.tasks[1].state = 'sleeping'; }), 'task 2: unknown state "sleeping"');
  fails(mutated((d) => { d.tasks[1].parent = 3; }), 'task 2: parent 3 was not created before task 2');
  fails(mutated((d) => { d.tasks[1].parent = 9; }), 'task 2 "parent": unknown task 9');
  fails(mutated((d) => { d.tasks[1].finished = 'soon'; }), 'task 2: "finished" must be a number or null, got "soon"');
  fails(mutated((d) => { d.tasks[1].internal = 0; }), 'task 2: "internal" must be true or false, got 0');
  fails(mutated((d) => { d.events[17].task = 9; }), 'event 17: unknown task 9');
  fails(mutated((d) => { d.events[1].task = null; }), 'event 1: task must not be null');
  fails(mutated((d) => { d.events[5].waits_on.tasks = [2, 8]; }), 'event 5 gather: unknown task 8');
  fails(mutated((d) => { delete d.events[8].waits_on; }), 'event 8: missing "waits_on"');
  fails(mutated((d) => { d.events[13].t = 0.5; }), 'event 13: time 0.5 goes back before 1');
  fails(mutated((d) => { d.events[14].state = 'exploded'; }), 'event 14: unknown done state "exploded"');
  fails(mutated((d) => { d.events[2] = 'print'; }), 'event 2 must be an object, got "print"');
});

test('columnar error messages', () => {
  const col = () => toColumnar(fullDoc());
  const edit = (f) => { const c = col(); f(c); return c; };
  fails(edit((c) => { c.events.task.pop(); }), 'events "task": 21 entries, expected 22 like the other columns');
  fails(edit((c) => { c.events.s[16] = 999; }), 'event 16: string index 999 out of range');
  fails(edit((c) => { c.events.b[5] = 4; }), 'event 5: gather list 4 out of range');
  fails(edit((c) => { c.lists[0] = [2, 6]; }), 'lists[0]: unknown task 6');
  fails(edit((c) => { c.tasks.id[0] = 0; }), 'tasks.id[0]: expected id 1 (ids are 1, 2, … in order), got 0');
  fails(edit((c) => { c.strings[0] = 'x'; }), 'trace "strings": entry 0 must be ""');
  fails(edit((c) => { delete c.tasks.parent; }), 'tasks: missing "parent"');
});
