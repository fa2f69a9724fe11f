// Pointer, wheel and keyboard input for the chart. Wheel zooms around the
// pointer (a pinch arrives as ctrl+wheel and zooms too), shift+wheel or a
// horizontal swipe pans, wheel over the task names scrolls the rows; drag
// pans both ways; a click without movement selects.

import { ROW_H } from './chart.js';

const ZOOM_STEP = 1.5;
const DRAG_SLOP = 4;

// app: what input acts on (built in app.js).
export function attachInput(app) {
  attachWheel(app);
  attachPointer(app);
  attachSplitter(app.el.chart);
  attachButtons(app);
  attachKeys(app);
}

function attachWheel(app) {
  const { el } = app;
  el.chart.addEventListener('wheel', (e) => {
    if (!app.hasData()) return;
    e.preventDefault();
    const geo = app.geometry();
    const scale = app.scale();
    const rect = el.canvas.getBoundingClientRect();
    const x = e.clientX - rect.left;
    const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? rect.height : 1;
    const dx = e.deltaX * unit;
    const dy = e.deltaY * unit;
    if (x < geo.labelW && !e.ctrlKey) { app.scrollRows(Math.sign(dy) * Math.max(1, Math.round(Math.abs(dy) / ROW_H))); return; }
    if (e.shiftKey || Math.abs(dx) > Math.abs(dy)) {
      app.pan(((e.shiftKey ? dy : dx) || dx) / scale.k);
      return;
    }
    const factor = Math.exp(-dy * (e.ctrlKey ? 0.01 : 0.002));
    app.zoom(factor, scale.toT(Math.max(geo.plotX0, x)));
  }, { passive: false });
}

// Drag pans, a click selects, hovering shows the tooltip; the rows'
// scrollbar scrolls the rows.
function attachPointer(app) {
  const { el, view } = app;
  const chart = el.chart;
  let drag = null;

  chart.addEventListener('pointerdown', (e) => {
    if (!app.hasData() || e.button !== 0) return;
    chart.focus({ preventScroll: true });
    drag = { x: e.clientX, y: e.clientY, t0: view.t0, t1: view.t1, top: view.top, moved: false, id: e.pointerId };
  });

  chart.addEventListener('pointermove', (e) => {
    if (!app.hasData()) return;
    if (drag && drag.id === e.pointerId) {
      const dx = e.clientX - drag.x;
      const dy = e.clientY - drag.y;
      if (!drag.moved && Math.hypot(dx, dy) > DRAG_SLOP) {
        drag.moved = true;
        chart.setPointerCapture(e.pointerId);
        chart.classList.add('panning');
        app.showTooltip(null);
      }
      if (drag.moved) {
        const k = app.scale().k;
        app.pan(drag.t0 - dx / k - view.t0);
        app.setTop(drag.top - Math.round(dy / ROW_H));
        return;
      }
    }
    const hit = app.hitTest(e.clientX, e.clientY);
    app.setHovered(hit && hit.task !== undefined ? hit.task + 1 : null);
    app.showTooltip(hit, e.clientX, e.clientY);
  });

  const endDrag = (e) => {
    if (!drag || drag.id !== e.pointerId) return;
    const wasClick = !drag.moved;
    drag = null;
    chart.classList.remove('panning');
    if (!wasClick || e.type === 'pointercancel') return;
    const hit = app.hitTest(e.clientX, e.clientY);
    if (hit && hit.area === 'label' && app.toggleHitAt(hit)) return;
    app.click(hit);
  };
  chart.addEventListener('pointerup', endDrag);
  chart.addEventListener('pointercancel', endDrag);
  chart.addEventListener('pointerleave', () => { if (!drag) { app.setHovered(null); app.showTooltip(null); } });

  el.scroll.addEventListener('scroll', () => {
    const top = Math.round(el.scroll.scrollTop / ROW_H);
    if (top !== view.top) app.setTop(top);
  }, { passive: true });
}

// The splitter between chart and event list gives the chart a fixed height.
function attachSplitter(chart) {
  const splitter = document.getElementById('splitter');
  splitter.addEventListener('pointerdown', (e) => {
    splitter.setPointerCapture(e.pointerId);
    const startY = e.clientY;
    const startH = chart.getBoundingClientRect().height;
    const move = (m) => { chart.style.flex = `0 0 ${Math.max(120, startH + m.clientY - startY)}px`; };
    const up = () => { splitter.removeEventListener('pointermove', move); splitter.removeEventListener('pointerup', up); };
    splitter.addEventListener('pointermove', move);
    splitter.addEventListener('pointerup', up);
  });
}

function attachButtons(app) {
  document.getElementById('zoom-in').addEventListener('click', () => app.zoom(ZOOM_STEP));
  document.getElementById('zoom-out').addEventListener('click', () => app.zoom(1 / ZOOM_STEP));
  document.getElementById('fit').addEventListener('click', () => app.fit());
  app.el.mode.addEventListener('click', () => app.toggleMode());
}

function attachKeys(app) {
  const { view } = app;
  document.addEventListener('keydown', (e) => {
    if (!app.hasData() || e.altKey || e.metaKey || e.ctrlKey) return;
    const target = e.target;
    if (target instanceof HTMLInputElement || target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement) return;
    const span = view.t1 - view.t0;
    const geo = app.geometry();
    switch (e.key) {
      case '+': case '=': app.zoom(ZOOM_STEP); break;
      case '-': case '_': app.zoom(1 / ZOOM_STEP); break;
      case '0': case 'f': app.fit(); break;
      case 'm': app.toggleMode(); break;
      case 'ArrowLeft': app.pan(-span * 0.1); break;
      case 'ArrowRight': app.pan(span * 0.1); break;
      case 'ArrowUp': app.scrollRows(-1); break;
      case 'ArrowDown': app.scrollRows(1); break;
      case 'PageUp': app.scrollRows(-geo.visibleRows); break;
      case 'PageDown': app.scrollRows(geo.visibleRows); break;
      case 'Escape': app.clearSelection(); break;
      default: return;
    }
    e.preventDefault();
  });
}
