// The event list under the chart: what each row says, the filters that choose
// the rows, the highlight of the selected and hovered tasks, and following
// the chart's range. Every function takes the viewer's state, `app` (see
// app.js).
import { formatExactTime, taskName } from '../model/describe.js';
import { eventDetails, eventPrinted, filterEvents, tasksMatching } from '../model/filter.js';
import { tasksWaitingOn } from '../model/object_waits.js';
import { EVENT_KIND_NAMES, EV_DONE, EV_PRINT, DONE_STATE_NAMES } from '../model/trace.js';
import { createEventList } from './event_list.js';
import { eventPos } from './view_state.js';

// The list follows the chart unless it was used (scrolled, clicked, typed
// into) this recently.
const LIST_HOLD_MS = 3000;

// Creates the list (app.list) and wires the filters; onClick(e) when event e
// is clicked.
export function createEventPanel(app, { onClick }) {
  const { el, ui } = app;
  app.list = createEventList(el.events, document.getElementById('events-size'), {
    rowText: (e) => rowText(app.data.trace, e),
    onHover: (e) => {
      if (!app.data) return;
      ui.hoverPos = e < 0 ? null : eventPos(app, e);
      ui.hovered = e < 0 ? null : app.data.trace.events.task[e] || null;
      app.requestFrame();
    },
    onClick,
  });
  const apply = () => applyFilters(app);
  for (const input of [el.filterText, el.filterTask]) input.addEventListener('input', apply);
  for (const select of [el.filterKind, el.filterObject]) select.addEventListener('change', apply);
  // Any use of the list holds it where the user put it (see followList).
  const listUsed = () => { ui.listUsedAt = performance.now(); };
  for (const type of ['wheel', 'pointerdown', 'keydown', 'touchstart']) el.events.addEventListener(type, listUsed, { passive: true });
}

function rowText(trace, e) {
  const ev = trace.events;
  const kind = EVENT_KIND_NAMES[ev.kind[e]];
  const printed = eventPrinted(trace, e);
  const details = ev.kind[e] === EV_PRINT ? JSON.stringify(printed) : eventDetails(trace, e);
  const task = ev.task[e] ? taskName(trace, ev.task[e]) : '\u2014';
  const time = formatExactTime(ev.t[e]);
  // A done event is coloured by how the task ended, as its end mark is.
  const kindClass = ev.kind[e] === EV_DONE ? `k-done-${DONE_STATE_NAMES[ev.a[e]]}` : `k-${kind}`;
  return { time, task, kind, kindClass, details, full: `${time}  ${task}  ${kind}  ${details}` };
}

// The object filter's choices: every object the trace's waits name ("lock #1"),
// hidden when there is none.
export function fillObjectFilter(select, objects) {
  const all = document.createElement('option');
  all.value = '';
  all.textContent = 'all objects';
  select.replaceChildren(all, ...objects.map(({ object, label }) => {
    const option = document.createElement('option');
    option.value = String(object);
    option.textContent = label;
    return option;
  }));
  select.hidden = objects.length === 0;
}

// Events of the tasks the task filter names, that wait on the object the
// object filter names and, unless shown, not of asyncio.run's internal
// tasks: a mask by task id (index 0: events of no task).
function taskFilter(app) {
  const { trace } = app.data;
  const { filterTask, filterObject, showInternal } = app.el;
  const matching = tasksMatching(trace, filterTask.value);
  const mask = matching ? matching.mask : new Uint8Array(trace.tasks.count + 1).fill(1);
  if (filterObject.value) {
    const waiting = tasksWaitingOn(trace, Number(filterObject.value));
    for (let id = 0; id <= trace.tasks.count; id++) mask[id] &= waiting[id];
  }
  if (!showInternal.checked) for (let i = 0; i < trace.tasks.count; i++) if (trace.tasks.internal[i]) mask[i + 1] = 0;
  return { mask, none: matching !== null && matching.count === 0 };
}

export function applyFilters(app) {
  const { data, el } = app;
  if (!data) return;
  const { mask, none } = taskFilter(app);
  const kind = el.filterKind.value;
  const items = none ? new Int32Array(0) : filterEvents(data.trace, { tasks: mask, kinds: kind ? [kind] : null, text: el.filterText.value.trim() });
  data.items = items;
  app.list.setItems(items);
  el.eventCount.textContent = none ? 'no task has this name or id' : eventCountText(app, items.length);
  updateListHighlight(app);
  app.ui.followedAt = null;
  app.requestFrame();
}

function eventCountText(app, n) {
  const { trace, timeline } = app.data;
  let internal = 0;
  if (!app.el.showInternal.checked) {
    for (let i = 0; i < trace.tasks.count; i++) {
      if (trace.tasks.internal[i]) internal += timeline.taskEventStart[i + 1] - timeline.taskEventStart[i];
    }
  }
  const text = `${n} of ${trace.events.count - internal} events`;
  return internal ? `${text} (${internal} of internal tasks hidden)` : text;
}

// The list follows the chart: when the start of the visible range moved,
// it scrolls to the first listed event at or after it. Not while a task is
// selected (the list then stays on that task's events), nor while the list
// is in use.
export function followList(app) {
  const { view, ui } = app;
  const key = `${view.mode} ${view.t0}`;
  if (key === ui.followedAt) return;
  ui.followedAt = key;
  if (view.selected || performance.now() - ui.listUsedAt < LIST_HOLD_MS) return;
  const items = app.data.items;
  let lo = 0;
  let hi = items.length;
  while (lo < hi) { const mid = (lo + hi) >>> 1; if (eventPos(app, items[mid]) < view.t0) lo = mid + 1; else hi = mid; }
  app.list.scrollToRow(lo, 0);
}

// Brings task i's first event at or after `pos` (null: its first event) into
// the list.
export function showTaskEvents(app, i, pos) {
  const tl = app.data.timeline;
  const evs = tl.taskEvents.subarray(tl.taskEventStart[i], tl.taskEventStart[i + 1]);
  let target = evs.length ? evs[0] : -1;
  if (pos !== null) for (const e of evs) { if (eventPos(app, e) >= pos) { target = e; break; } }
  if (target >= 0 && !app.list.reveal(target)) app.list.scrollToRow(app.list.position(target));
}

export function updateListHighlight(app) {
  const ev = app.data.trace.events;
  const sel = app.view.selected;
  const hov = app.ui.hovered;
  app.list.setHighlight((e) => (sel && ev.task[e] === sel ? 'selected' : hov && ev.task[e] === hov ? 'related' : ''));
}
