// Changes of the view (mode, visible range, first row), kept within the data,
// and the URL fragment that mirrors it. Every function takes the viewer's
// state, `app` (see app.js).
import { fitView, clampView, rangeInMode } from './viewport.js';
import { layoutRows } from './rows.js';
import { chartGeometry, ROW_H } from './chart.js';
import { formatFragment, parseFragment } from './fragment.js';
import { renderLegend } from './legend.js';

// The axis's data range in the current mode.
export function domain(app) {
  const { data, view } = app;
  return view.mode === 'steps' ? [0, Math.max(1, data.timeline.steps.count)] : [0, data.trace.endTime];
}

export function setRange(app, next) {
  const [d0, d1] = domain(app);
  const v = clampView(next, d0, d1);
  app.view.t0 = v.t0;
  app.view.t1 = v.t1;
  app.requestFrame();
}

export function fitRange(app) {
  setRange(app, fitView(...domain(app)));
}

export function setTop(app, top) {
  const max = Math.max(0, app.data.rows.count - (app.geo ? app.geo.visibleRows : 1));
  app.view.top = Math.max(0, Math.min(max, Math.round(top) || 0));
  app.requestFrame();
}

// Which task gets which row, after the trace, the internal-tasks toggle or a
// collapsed subtree changed.
export function relayoutRows(app) {
  const { data, el, ui } = app;
  const { trace } = data;
  const showInternal = el.showInternal.checked;
  data.rows = layoutRows(trace.tasks, (i) => !showInternal && trace.tasks.internal[i] === 1, (i) => ui.collapsed.has(i));
  // A short trace gets a chart just tall enough, leaving room to the event list.
  const want = chartGeometry(1000, 0, 'steps').rowsTop + (data.rows.count + 1) * ROW_H;
  el.chart.style.flex = want < window.innerHeight * 0.6 ? `0 0 ${Math.max(160, want)}px` : '';
  setTop(app, app.view.top);
}

// Where event e sits on the axis of the current mode.
export function eventPos(app, e) {
  return app.view.mode === 'steps' ? app.data.timeline.eventSlot[e] : app.data.trace.events.t[e];
}

export function revealRow(app, i) {
  const { data, view, geo } = app;
  const r = data.rows.rowOf[i];
  if (r < 0) return;
  if (r < view.top || r >= view.top + geo.visibleRows) setTop(app, r - Math.floor(geo.visibleRows / 3));
}

export function revealPos(app, pos) {
  const { view } = app;
  if (pos >= view.t0 && pos <= view.t1) return;
  const w = view.t1 - view.t0;
  setRange(app, { t0: pos - w / 2, t1: pos + w / 2 });
}

// Positions marked on the chart (the clicked moment, its await chain, the
// hovered event) belong to one mode's axis.
export function forgetPositions(ui) {
  ui.markPos = null;
  ui.chain = null;
  ui.chainSet = null;
  ui.objectGroup = null;
  ui.hoverPos = null;
}

// Switching mode keeps the same stretch of the run in view: the range is
// mapped through the steps' times.
// Switching back without moving the view returns to the range left.
export function setMode(app, mode) {
  const { data, view, ui } = app;
  if (!data || mode === view.mode) return;
  const back = ui.modeReturn;
  const range = back && back.mode === mode && back.mapped.t0 === view.t0 && back.mapped.t1 === view.t1
    ? back.range
    : rangeInMode(data.timeline.steps, view, mode, data.trace.endTime);
  const left = { mode: view.mode, range: { t0: view.t0, t1: view.t1 } };
  view.mode = mode;
  showMode(app);
  forgetPositions(ui);
  setRange(app, range);
  ui.modeReturn = { ...left, mapped: { t0: view.t0, t1: view.t1 } };
}

// The mode button shows both modes, the current one marked; the legend
// shows how the current mode draws steps.
export function showMode(app) {
  const { el, view } = app;
  for (const opt of el.mode.children) opt.classList.toggle('on', opt.dataset.mode === view.mode);
  el.mode.title = view.mode === 'steps'
    ? 'Showing loop steps (one slot per step). Click or press m for virtual time.'
    : 'Showing virtual time. Click or press m for loop steps (one slot per step, in execution order).';
  renderLegend(el.legend, view.mode, app.data?.primitives);
}

// --- the URL fragment --------------------------------------------------------

export function writeFragment(app) {
  const f = formatFragment(app.view);
  if (f === app.ui.fragment) return;
  app.ui.fragment = f;
  history.replaceState(null, '', f);
}

// A new trace starts from an empty fragment.
export function clearFragment(app) {
  history.replaceState(null, '', '#');
  app.ui.fragment = '';
}

// A fragment the user edited or navigated to sets the view.
export function followFragment(app) {
  window.addEventListener('hashchange', () => {
    if (!app.data || location.hash === app.ui.fragment) return;
    app.hook.setView(parseFragment(location.hash));
  });
}
