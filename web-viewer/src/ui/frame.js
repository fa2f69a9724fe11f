// Drawing: at most one frame per animation frame. A frame measures the chart,
// draws it, lets the event list follow, counts itself in the hook's stats and
// mirrors the view in the URL fragment. Takes the viewer's state, `app` (see
// app.js).
import { fitCanvas } from './canvas.js';
import { drawChart, chartGeometry, ROW_H } from './chart.js';
import { makeScale } from './viewport.js';
import { followList } from './event_panel.js';
import { showChainPanel } from './chain_panel.js';
import { writeFragment } from './view_state.js';

// Gives app its requestFrame(): a frame on the next animation frame, once
// however often it is asked for, and only with a trace.
export function installFrameLoop(app) {
  let requested = false;
  app.requestFrame = () => {
    if (requested || !app.data) return;
    requested = true;
    requestAnimationFrame(() => { requested = false; frame(app); });
  };
}

function measure(app) {
  const { el, view, data } = app;
  const rect = el.chart.getBoundingClientRect();
  app.geo = chartGeometry(rect.width, rect.height, view.mode);
  app.scale = makeScale(view, app.geo.plotX0, app.geo.plotX1);
  el.scroll.style.top = `${app.geo.rowsTop}px`;
  el.scrollSize.style.height = `${data.rows.count * ROW_H}px`;
}

// Draws a frame now; returns the milliseconds it took.
export function frame(app) {
  const { el, view, ui, data, hook } = app;
  const t0 = performance.now();
  measure(app);
  const { geo, scale } = app;
  const max = Math.max(0, data.rows.count - geo.visibleRows);
  if (view.top > max) view.top = max;
  const { ctx, ratio } = fitCanvas(el.canvas, geo.width, geo.height);
  ui.lastAxis = drawChart(ctx, ratio, {
    ...app.draw, trace: data.trace, timeline: data.timeline, rows: data.rows, deadlock: data.deadlock, geo, scale, mode: view.mode,
    top: view.top, selected: view.selected, hovered: ui.hovered, chain: ui.chain, chainSet: ui.chainSet,
    objectGroup: ui.objectGroup,
    hoverPos: ui.hoverPos ?? ui.markPos, markPos: ui.markPos, collapsed: ui.collapsed,
  });
  followList(app);
  showChainPanel(app);
  const wantScroll = view.top * ROW_H;
  if (Math.abs(el.scroll.scrollTop - wantScroll) >= 1) el.scroll.scrollTop = wantScroll;
  const ms = performance.now() - t0;
  const st = hook.stats;
  st.frames++;
  st.lastFrameMs = ms;
  st.maxFrameMs = Math.max(st.maxFrameMs, ms);
  if (!hook.ready) {
    st.firstFrameMs = ms;
    st.loadMs = performance.now();
    hook.ready = true;
  }
  writeFragment(app);
  return ms;
}
