// Contract 3 is implemented twice: in C++ (sim/view/timeline.cpp, which
// `--chrome-trace` draws) and in JS (web-viewer/src/model/timeline.js, which
// the page draws). This runs programs through corosim, writing both the trace
// and the Perfetto export, builds the JS timeline from the trace, and checks
// that both draw the same thing:
//   - each task's track: the slices of the export against the JS segments the
//     export keeps (every run segment, other segments longer than 0 ns), by
//     name (kind; "wait Task-N" for a task wait), start and end, the overdue
//     part's cause and a gather's task ids;
//   - the loop track: one slice per step (task, start, end) against the JS
//     steps, and the busy time (the union of steps longer than 0 ns) against
//     the JS busy intervals;
//   - the run's statistics (tasks, steps, peak live, busy share).
// Times are compared in whole nanoseconds, rounded as the C++ export rounds.
//
//   node tests/timeline_crosscheck/crosscheck.mjs [--corosim PATH] [--generated N] [--seed S] [PATH ...]
//
// PATH: a program or a directory searched for programs (default: scenarios/).
// --generated N adds N programs of tests/conformance/gen_programs.py (seed S)
// and needs python3; default 20, seed 1. Prints the first difference of each
// program that has one; exit 0 when every program agrees, 1 when one does
// not, 2 when the check cannot run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTraceText } from '../../web-viewer/src/model/trace.js';
import { buildTimeline, SEG_NAMES, SEG_RUN, SEG_TASK, SEG_GATHER, SEG_OVERDUE, SEG_SCHEDULED } from '../../web-viewer/src/model/timeline.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const RUN_TIMEOUT_MS = 120_000;
// Lines of each side shown around a difference.
const CONTEXT = 3;

class UsageError extends Error {}

// --- time in the export's unit ------------------------------------------------

// sim/view/chrome_trace.cpp nanoseconds(): whole ns, clamped to [0, 9e9] s.
function nanoseconds(t) {
  if (!Number.isFinite(t)) return 0;
  return Math.round(Math.min(Math.max(t, 0), 9.0e9) * 1e9);
}

// The export writes ns / 1000 as a double; × 1000 rounds back to the ns.
const fromMicroseconds = (us) => Math.round(us * 1000);

// --- the two sides as lists of comparable lines -------------------------------

function taskLabel(trace, id) {
  return id >= 1 && id <= trace.tasks.count ? trace.strings[trace.tasks.name[id - 1]] : `task ${id}`;
}

// The JS segment as the export names it: a wait in a library call by the
// call and its object ("lock #1", "wait_for"), "wait Task-3" for a task wait,
// else the kind; the overdue part says what it waited on ("first step" for a
// scheduled task), a gather its task ids.
function jsSliceName(trace, seg, s) {
  const kind = seg.kind[s];
  if (kind !== SEG_OVERDUE && seg.primitive[s] !== 0) {
    const primitive = trace.strings[seg.primitive[s]];
    return seg.object[s] !== 0 ? `${primitive} #${seg.object[s]}` : primitive;
  }
  if (kind === SEG_TASK) return `wait ${taskLabel(trace, seg.target[s])}`;
  if (kind === SEG_OVERDUE) return `overdue (${seg.cause[s] === SEG_SCHEDULED ? 'first step' : SEG_NAMES[seg.cause[s]]})`;
  if (kind === SEG_GATHER) return `gather [${Array.from(trace.lists[seg.target[s]]).join(',')}]`;
  return SEG_NAMES[kind];
}

function chromeSliceName(e) {
  if (e.name === 'overdue') return `overdue (${e.args?.waits_on?.what})`;
  if (e.name === 'gather') return `gather [${(e.args?.waits_on?.tasks ?? []).join(',')}]`;
  return e.name;
}

// A loop slice by its task's name and id (names need not be unique).
const stepName = (name, id) => `${name} #${id}`;

const line = (name, start, end) => ({ name, start, end, text: `${name} ${start}..${end} ns` });

function jsTaskLines(trace, tl, i) {
  const seg = tl.segments;
  const out = [];
  for (let s = tl.taskSegStart[i]; s < tl.taskSegStart[i + 1]; s++) {
    const start = nanoseconds(seg.start[s]);
    const end = nanoseconds(seg.end[s]);
    if (seg.kind[s] !== SEG_RUN && !(end > start)) continue;
    out.push(line(jsSliceName(trace, seg, s), start, Math.max(start, end)));
  }
  return out;
}

function jsStepLines(trace, tl) {
  const st = tl.steps;
  const out = [];
  for (let k = 0; k < st.count; k++) {
    const start = nanoseconds(st.t[k]);
    out.push(line(stepName(taskLabel(trace, st.task[k] + 1), st.task[k] + 1), start, Math.max(start, nanoseconds(st.end[k]))));
  }
  return out;
}

function jsBusyLines(tl) {
  const b = tl.busy;
  const spans = [];
  for (let i = 0; i < b.count; i++) spans.push({ start: nanoseconds(b.start[i]), end: nanoseconds(b.end[i]) });
  return busyUnion(spans);
}

// The export's complete slices by track (tid), in file order.
function chromeTracks(doc) {
  const tracks = new Map();
  for (const e of doc.traceEvents) {
    if (e.ph !== 'X') continue;
    const start = fromMicroseconds(e.ts);
    const name = e.tid === 0 ? stepName(e.name, e.args?.task) : chromeSliceName(e);
    const l = line(name, start, start + fromMicroseconds(e.dur));
    if (!tracks.has(e.tid)) tracks.set(e.tid, []);
    tracks.get(e.tid).push(l);
  }
  return tracks;
}

// Busy time as whole-ns intervals: the union of the spans longer than 0 ns.
// Both sides go through it, as spans that meet only once rounded to ns (a
// step ending at 32.099999999999994 s, the next starting at 32.1 s) are two
// intervals in the timeline but one in the export.
function busyUnion(spans) {
  const out = [];
  for (const s of spans) {
    if (!(s.end > s.start)) continue;
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ start: s.start, end: s.end });
  }
  return out.map((b) => line('busy', b.start, b.end));
}

// --- comparing ----------------------------------------------------------------

// The first index where the two lists differ, or -1.
function firstDifference(cpp, js) {
  const n = Math.max(cpp.length, js.length);
  for (let k = 0; k < n; k++) {
    const a = cpp[k];
    const b = js[k];
    if (!a || !b || a.name !== b.name || a.start !== b.start || a.end !== b.end) return k;
  }
  return -1;
}

function showAround(lines, k) {
  const from = Math.max(0, k - CONTEXT);
  const to = Math.min(lines.length, k + CONTEXT + 1);
  const shown = [];
  for (let j = from; j < to; j++) shown.push(`${j === k ? '>' : ' '} ${j}: ${lines[j].text}`);
  if (k >= lines.length) shown.push(`> ${k}: (none)`);
  return shown.map((s) => `      ${s}`).join('\n');
}

// A message for the first difference of two lists, or null.
function compareLists(what, cpp, js) {
  const k = firstDifference(cpp, js);
  if (k < 0) return null;
  return `${what}, slice ${k} (C++ has ${cpp.length}, JS ${js.length}):\n`
    + `    C++ --chrome-trace:\n${showAround(cpp, k)}\n    JS timeline:\n${showAround(js, k)}`;
}

function compareStats(meta, tl) {
  const st = tl.stats;
  const pairs = [['tasks', meta.tasks, st.tasks], ['steps', meta.steps, st.steps], ['peak_live', meta.peak_live, st.peakLive]];
  for (const [name, cpp, js] of pairs) if (cpp !== js) return `stats: ${name} is ${cpp} in C++, ${js} in JS`;
  const share = Math.abs(meta.busy_share - st.busyShare) <= 1e-12 * Math.max(1, Math.abs(st.busyShare));
  return share ? null : `stats: busy_share is ${meta.busy_share} in C++, ${st.busyShare} in JS`;
}

// The first difference between the export and the JS timeline, or null.
function crosscheck(traceText, chromeText) {
  const trace = parseTraceText(traceText);
  const tl = buildTimeline(trace);
  const doc = JSON.parse(chromeText);
  const tracks = chromeTracks(doc);
  const loop = tracks.get(0) ?? [];
  const found = compareStats(doc.metadata, tl)
    ?? compareLists('loop track: steps', loop, jsStepLines(trace, tl))
    ?? compareLists('loop track: busy', busyUnion(loop), jsBusyLines(tl));
  if (found) return found;
  for (let i = 0; i < trace.tasks.count; i++) {
    const id = i + 1;
    const diff = compareLists(`task ${id} (${taskLabel(trace, id)})`, tracks.get(id) ?? [], jsTaskLines(trace, tl, i));
    if (diff) return diff;
  }
  const extra = [...tracks.keys()].find((tid) => tid < 0 || tid > trace.tasks.count);
  return extra === undefined ? null : `the export has slices on track ${extra}, which is no task of the trace`;
}

// --- running programs ---------------------------------------------------------

function runCorosim(corosim, program, dir) {
  const tracePath = path.join(dir, 'trace.json');
  const chromePath = path.join(dir, 'chrome.json');
  for (const p of [tracePath, chromePath]) fs.rmSync(p, { force: true });
  const r = spawnSync(corosim, ['run', '-q', program, '--trace', tracePath, '--chrome-trace', chromePath],
    { encoding: 'utf8', timeout: RUN_TIMEOUT_MS });
  if (r.error?.code === 'ETIMEDOUT') return { error: `corosim did not finish in ${RUN_TIMEOUT_MS / 1000} s` };
  if (r.error) throw new UsageError(`cannot run ${corosim}: ${r.error.message}`);
  // Exit 1, 3 and 4 are programs that fail, deadlock or hit a limit: they
  // still have a trace. Exit 2 is a program corosim cannot use.
  if (r.status === 2 || !fs.existsSync(tracePath) || !fs.existsSync(chromePath)) {
    return { error: `corosim exited ${r.status ?? r.signal} without writing both outputs: ${r.stderr.trim().split('\n')[0]}` };
  }
  return { trace: fs.readFileSync(tracePath, 'utf8'), chrome: fs.readFileSync(chromePath, 'utf8') };
}

// A program of the repository by its path in it; any other in full.
function shownPath(p) {
  const rel = path.relative(repoRoot, path.resolve(p));
  return rel.startsWith('..') || path.isAbsolute(rel) ? path.resolve(p) : rel;
}

function programsUnder(p) {
  const stat = fs.statSync(p, { throwIfNoEntry: false });
  if (!stat) throw new UsageError(`${p}: no such file or directory`);
  if (!stat.isDirectory()) return [p];
  return fs.readdirSync(p, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((d) => (d.isDirectory() ? programsUnder(path.join(p, d.name)) : d.name.endsWith('.py') ? [path.join(p, d.name)] : []));
}

function generatePrograms(count, seed, dir) {
  if (count === 0) return [];
  const out = path.join(dir, 'generated');
  const r = spawnSync('python3', [path.join(repoRoot, 'tests/conformance/gen_programs.py'), '--seed', String(seed), '--count', String(count), '--out', out],
    { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new UsageError(`cannot generate programs (needs python3; or pass --generated 0): ${r.error?.message ?? r.stderr.trim()}`);
  }
  return programsUnder(out);
}

function parseArgs(argv) {
  const opts = { corosim: process.env.COROSIM || path.join(repoRoot, 'build/corosim'), generated: 20, seed: 1, paths: [] };
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k];
    const value = () => {
      if (k + 1 >= argv.length) throw new UsageError(`${arg} needs a value`);
      return argv[++k];
    };
    const count = (v) => {
      if (!/^[0-9]+$/.test(v)) throw new UsageError(`${arg} takes a whole number, got ${JSON.stringify(v)}`);
      return Number(v);
    };
    if (arg === '--corosim') opts.corosim = value();
    else if (arg === '--generated') opts.generated = count(value());
    else if (arg === '--seed') opts.seed = count(value());
    else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else opts.paths.push(arg);
  }
  if (opts.paths.length === 0) opts.paths.push(path.join(repoRoot, 'scenarios'));
  return opts;
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corosim-crosscheck-'));
  try {
    const programs = [...opts.paths.flatMap(programsUnder), ...generatePrograms(opts.generated, opts.seed, dir)];
    if (programs.length === 0) throw new UsageError('no programs to check');
    let failed = 0;
    for (const program of programs) {
      const run = runCorosim(opts.corosim, program, dir);
      const diff = run.error ?? crosscheck(run.trace, run.chrome);
      if (!diff) continue;
      failed++;
      console.log(`FAIL ${shownPath(program)}: ${diff}`);
    }
    console.log(`${programs.length - failed} of ${programs.length} programs: C++ and JS timelines agree`);
    return failed ? 1 : 0;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

try {
  process.exitCode = main();
} catch (e) {
  if (!(e instanceof UsageError)) throw e;
  console.error(`crosscheck: ${e.message}`);
  process.exitCode = 2;
}
