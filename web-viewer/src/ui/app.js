// The viewer: its state, loading a trace into it, and how the parts fit.
//
// The state every part takes, `app`:
//   el        the page's elements
//   hook      window.__corosimViewer (test_hook.js)
//   data      null until a trace is loaded, then {trace, timeline, name, rows, items (events listed),
//             primitives (the primitive kinds its waits name, for the legend)}
//   view      {mode: 'time'|'steps', t0, t1, selected (task id or null), top (first visible row)}
//   ui        what the pointer and the list did (hover, marks, await chain, collapsed tasks, ...)
//   draw      the chart's reusable drawing buffers
//   geo, scale  the chart's geometry and axis mapping as last measured (frame.js)
//   list      the event list (event_panel.js)
//   requestFrame()  draws on the next animation frame (frame.js)
import { buildTimeline } from '../model/timeline.js';
import { taskIndexById } from '../model/trace.js';
import { objectsInTrace, primitivesInTrace } from '../model/object_waits.js';
import { deadlockWaits } from '../model/deadlock.js';
import { readEmbedded, watchFiles } from './loader.js';
import { hasChildren } from './rows.js';
import { fitView, zoomView, panView } from './viewport.js';
import { parseFragment } from './fragment.js';
import { createDrawState, toggleHit } from './chart.js';
import { renderHeader } from './header.js';
import { renderLegend } from './legend.js';
import { attachInput } from './interaction.js';
import { installFrameLoop } from './frame.js';
import { applyFilters, createEventPanel, fillObjectFilter } from './event_panel.js';
import { selectTask, setHovered } from './selection.js';
import { hitTest, showTooltip } from './tooltip.js';
import { createHook, attachHookMethods } from './test_hook.js';
import {
  domain, setRange, fitRange, setTop, setMode, showMode, relayoutRows, eventPos, revealPos, forgetPositions,
  clearFragment, followFragment,
} from './view_state.js';

const $ = (id) => document.getElementById(id);

// Controls that act on a loaded trace; disabled until there is one.
const TRACE_CONTROLS = ['zoom-out', 'zoom-in', 'fit', 'mode', 'show-internal'];

function createApp(hook) {
  return {
    el: {
      chart: $('chart'), canvas: $('chart-canvas'), scroll: $('chart-scroll'), scrollSize: $('chart-scroll-size'),
      tooltip: $('tooltip'), error: $('error'), dropzone: $('dropzone'), main: $('main'), header: $('header'),
      mode: $('mode'), showInternal: $('show-internal'), filterText: $('filter-text'), filterTask: $('filter-task'),
      filterKind: $('filter-kind'), filterObject: $('filter-object'), eventCount: $('event-count'), legend: $('legend'),
      events: $('events'), awaitChain: $('await-chain'),
    },
    hook,
    data: null,
    view: { mode: 'time', t0: 0, t1: 1, selected: null, top: 0 },
    ui: {
      hovered: null, hoverPos: null, markPos: null, chain: null, chainSet: null, collapsed: new Set(),
      // The tasks waiting on the selected task's object at markPos (selection.js), and the chain
      // the await-chain panel shows (chain_panel.js).
      objectGroup: null, chainShown: null,
      lastAxis: { base: null, ticks: [] },
      // The list's last follow of the chart (the range start it scrolled to) and its last use.
      followedAt: null, listUsedAt: -Infinity,
      // Where to go back to on switching the mode back without moving the view.
      modeReturn: null,
      // The URL fragment as last written.
      fragment: '',
    },
    draw: createDrawState(),
    geo: null,
    scale: null,
    list: null,
    requestFrame: null,
  };
}

function showError(app, message) {
  const { el, hook } = app;
  hook.error = message;
  el.error.textContent = message;
  el.error.hidden = false;
  if (!app.data) { el.dropzone.hidden = false; el.main.hidden = true; }
  hook.ready = true;
}

// Shows a trace: its timeline and rows, the view the URL fragment asks for
// (else all of it), the header and the event list. `started`: when reading
// it began (performance.now()), for the hook's stats.
function load(app, trace, name, started) {
  const { el, hook, view, ui } = app;
  const t1 = performance.now();
  const timeline = buildTimeline(trace);
  app.data = {
    trace, timeline, name, rows: null, items: null, primitives: primitivesInTrace(trace), deadlock: deadlockWaits(trace, timeline),
  };
  fillObjectFilter(el.filterObject, objectsInTrace(trace));
  ui.collapsed.clear();
  ui.hovered = null;
  forgetPositions(ui);
  relayoutRows(app);
  hook.stats.parseMs = t1 - started;
  hook.stats.layoutMs = performance.now() - t1;
  hook.stats.tasks = trace.tasks.count;
  hook.stats.events = trace.events.count;
  hook.error = null;
  el.error.hidden = true;
  el.dropzone.hidden = true;
  el.main.hidden = false;
  renderHeader(el.header, trace, timeline, name);
  document.title = `${trace.program} \u2014 corosim`;
  for (const id of TRACE_CONTROLS) $(id).disabled = false;
  const wanted = parseFragment(location.hash);
  view.mode = wanted.mode ?? 'time';
  ui.modeReturn = null;
  ui.followedAt = null;
  showMode(app);
  view.selected = wanted.selected && taskIndexById(trace, wanted.selected) >= 0 ? wanted.selected : null;
  setRange(app, wanted.t0 !== undefined ? { t0: wanted.t0, t1: wanted.t1 } : fitView(...domain(app)));
  if (wanted.top !== undefined) setTop(app, wanted.top);
  applyFilters(app);
  if (view.selected) selectTask(app, view.selected, null, false);
  hook.ready = false;
  app.requestFrame();
}

// Pointer, wheel, keys and buttons (interaction.js) acting on the view.
function wireInput(app) {
  const { view, ui } = app;
  attachInput({
    el: app.el,
    hasData: () => app.data !== null,
    geometry: () => app.geo,
    scale: () => app.scale,
    view,
    hitTest: (x, y) => hitTest(app, x, y),
    showTooltip: (hit, x, y) => showTooltip(app, hit, x, y),
    setHovered: (id) => setHovered(app, id),
    zoom: (factor, at) => setRange(app, zoomView(view, factor, at)),
    pan: (dt) => setRange(app, panView(view, dt)),
    scrollRows: (d) => setTop(app, view.top + d),
    setTop: (top) => setTop(app, top),
    fit: () => fitRange(app),
    toggleMode: () => setMode(app, view.mode === 'steps' ? 'time' : 'steps'),
    click(hit) {
      if (!hit || (hit.area !== 'row' && hit.area !== 'label')) { selectTask(app, null, null, false); return; }
      selectTask(app, hit.task + 1, hit.area === 'row' ? hit.pos : null, false);
    },
    // A click on a task's collapse toggle: folds or unfolds its subtree.
    toggleHitAt(hit) {
      const i = hit.task;
      if (!hasChildren(app.data.trace.tasks, i) || !toggleHit(app.geo, app.data.rows, hit.row, hit.x)) return false;
      if (ui.collapsed.has(i)) ui.collapsed.delete(i); else ui.collapsed.add(i);
      relayoutRows(app);
      return true;
    },
    clearSelection: () => selectTask(app, null, null, false),
    redraw: () => app.requestFrame(),
  });
}

export function startViewer() {
  const app = createApp(createHook());
  const { el } = app;
  installFrameLoop(app);
  createEventPanel(app, {
    onClick: (e) => {
      const id = app.data.trace.events.task[e];
      if (id) selectTask(app, id, eventPos(app, e), false);
      revealPos(app, eventPos(app, e));
    },
  });
  followFragment(app);
  attachHookMethods(app);
  wireInput(app);
  el.showInternal.addEventListener('change', () => { if (app.data) { relayoutRows(app); applyFilters(app); } });
  new ResizeObserver(() => app.requestFrame()).observe(el.chart);
  renderLegend(el.legend, app.view.mode);

  watchFiles(document, $('file-input'), {
    onTrace: (trace, name) => { clearFragment(app); load(app, trace, name, performance.now()); },
    onError: (message) => showError(app, message),
  });

  const started = performance.now();
  let embedded = null;
  try {
    embedded = readEmbedded(document);
  } catch (e) {
    showError(app, `This page's embedded trace cannot be read: ${e.message}`);
    return;
  }
  if (embedded) {
    try {
      load(app, embedded, null, started);
    } catch (e) {
      app.data = null;
      showError(app, `This trace cannot be shown: ${e.message}`);
    }
  } else {
    el.dropzone.hidden = false;
    el.main.hidden = true;
    app.hook.ready = true;
  }
}
