// window.__corosimViewer, the hook browser tests read geometry and timing
// from instead of screenshots (documented in web-viewer/README.md, "Test
// hook").
import { taskIndexById } from '../model/trace.js';
import { deadlockText } from '../model/deadlock.js';
import { deadlockMarkBox, rowHighlight, rowY, ROW_H } from './chart.js';
import { frame } from './frame.js';
import { selectTask } from './selection.js';
import { setMode, setRange, setTop } from './view_state.js';

// The hook as it is before anything is loaded: not ready, no error.
export function createHook() {
  const hook = {
    ready: false,
    error: null,
    stats: { loadMs: 0, parseMs: 0, layoutMs: 0, firstFrameMs: 0, tasks: 0, events: 0, frames: 0, lastFrameMs: 0, maxFrameMs: 0 },
  };
  window.__corosimViewer = hook;
  return hook;
}

// Adds the hook's methods, which read and change the viewer's state `app`.
export function attachHookMethods(app) {
  const { hook, view } = app;
  const canvasLeft = () => app.el.canvas.getBoundingClientRect().left;
  const canvasTop = () => app.el.canvas.getBoundingClientRect().top;
  Object.assign(hook, {
    getView: () => ({ mode: view.mode, t0: view.t0, t1: view.t1, selected: view.selected, top: view.top }),
    setView(partial) {
      if (!app.data) return;
      if (partial.mode && partial.mode !== view.mode) setMode(app, partial.mode);
      if (partial.t0 !== undefined || partial.t1 !== undefined) setRange(app, { t0: partial.t0 ?? view.t0, t1: partial.t1 ?? view.t1 });
      if (partial.selected !== undefined) {
        const id = partial.selected && taskIndexById(app.data.trace, partial.selected) >= 0 ? partial.selected : null;
        selectTask(app, id, null, true);
      }
      if (partial.top !== undefined) setTop(app, partial.top);
      frame(app);
    },
    timeToX: (t) => (app.scale ? canvasLeft() + app.scale.toX(t) : null),
    xToTime: (x) => (app.scale ? app.scale.toT(x - canvasLeft()) : null),
    taskRow(id) {
      const { data, geo } = app;
      if (!data || !geo || taskIndexById(data.trace, id) < 0) return null;
      const r = data.rows.rowOf[id - 1];
      if (r < view.top || r >= view.top + geo.visibleRows) return null;
      const y = canvasTop() + rowY(geo, r, view.top);
      return { y0: y, y1: y + ROW_H };
    },
    taskBar(id) {
      const row = hook.taskRow(id);
      if (!row) return null;
      const tl = app.data.timeline;
      const steps = view.mode === 'steps';
      const left = canvasLeft();
      const mid = (row.y0 + row.y1) / 2;
      return {
        x0: left + app.scale.toX(steps ? tl.taskSlot0[id - 1] : tl.taskStart[id - 1]),
        x1: left + app.scale.toX(steps ? tl.taskSlot1[id - 1] : tl.taskEnd[id - 1]),
        y0: mid - 7, y1: mid + 7,
      };
    },
    stepMarks(id) {
      if (!app.data || !app.scale || taskIndexById(app.data.trace, id) < 0) return [];
      const tl = app.data.timeline;
      const left = canvasLeft();
      const out = [];
      for (let q = tl.taskStepStart[id - 1]; q < tl.taskStepStart[id]; q++) {
        const t = tl.taskStepTime[q];
        const slot = tl.taskStepSlot[q];
        out.push({ t, slot, x: left + app.scale.toX(view.mode === 'steps' ? slot : t) });
      }
      return out;
    },
    deadlockMark(id) {
      const row = hook.taskRow(id);
      const q = row ? app.data.deadlock[id - 1] : -1;
      if (q < 0) return null;
      const top = canvasTop();
      const box = deadlockMarkBox({ mode: view.mode, timeline: app.data.timeline, scale: app.scale }, id - 1, (row.y0 + row.y1) / 2 - top);
      if (!box) return null;
      const left = canvasLeft();
      return { x0: left + box.x0, x1: left + box.x1, y0: top + box.y0, y1: top + box.y1, text: deadlockText(app.data.trace, app.data.timeline, q) };
    },
    ticks: () => {
      const left = app.data ? canvasLeft() : 0;
      return app.ui.lastAxis.ticks.map((tick) => ({ x: left + tick.x, label: tick.label }));
    },
    axisBase: () => app.ui.lastAxis.base?.label ?? null,
    objectGroup() {
      const { ui, scale } = app;
      const g = ui.objectGroup;
      if (!g) return null;
      const x = scale && ui.markPos !== null ? canvasLeft() + scale.toX(ui.markPos) : null;
      return { object: g.object, label: g.label, tasks: Array.from(g.tasks, (i) => i + 1), x };
    },
    rowHighlight(id) {
      if (!app.data || taskIndexById(app.data.trace, id) < 0) return null;
      const { ui } = app;
      return rowHighlight({ selected: view.selected, hovered: ui.hovered, chainSet: ui.chainSet, objectGroup: ui.objectGroup }, id - 1);
    },
    redraw: () => (app.data ? frame(app) : 0),
  });
}
