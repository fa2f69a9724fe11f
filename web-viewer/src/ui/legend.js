// The legend under the chart: one swatch per segment kind, kind of step and
// end mark, drawn with the chart's own colours and shapes for the current mode;
// and one per primitive the trace's waits name.
import {
  SEGMENT_COLORS, SEGMENT_LABELS, STATE_MARKS, STEP_COLOR, INSTANT_STEP_COLOR, LINK_AWAIT, LINK_CREATE, LINK_OBJECT,
  overduePattern, primitiveColor,
} from './theme.js';
import { waitPhrase } from '../model/wait_phrases.js';

function item(container, label, draw) {
  const span = document.createElement('span');
  span.className = 'item';
  const canvas = document.createElement('canvas');
  const ratio = window.devicePixelRatio || 1;
  canvas.width = 22 * ratio;
  canvas.height = 12 * ratio;
  canvas.style.width = '22px';
  canvas.style.height = '12px';
  const ctx = canvas.getContext('2d');
  ctx.scale(ratio, ratio);
  draw(ctx, ratio);
  const text = document.createElement('span');
  text.textContent = label;
  span.append(canvas, text);
  container.appendChild(span);
}

// primitives: the primitive kinds the trace's waits name ("lock", "queue_get"), [] for none.
export function renderLegend(container, mode, primitives = []) {
  container.replaceChildren();
  for (const kind of ['scheduled', 'sleep', 'task', 'gather', 'yield', 'future']) {
    item(container, SEGMENT_LABELS[kind], (ctx) => { ctx.fillStyle = SEGMENT_COLORS[kind]; ctx.fillRect(0, 2, 22, 8); });
  }
  // One swatch per colour: a queue's get, put and join share one, and say all three.
  const phrases = new Map();
  for (const kind of primitives) {
    const color = primitiveColor(kind);
    if (!phrases.has(color)) phrases.set(color, []);
    phrases.get(color).push(waitPhrase(kind, null));
  }
  for (const [color, list] of phrases) item(container, `waits ${list.join(' / ')}`, (ctx) => { ctx.fillStyle = color; ctx.fillRect(0, 2, 22, 8); });
  item(container, SEGMENT_LABELS.overdue, (ctx, ratio) => { ctx.fillStyle = overduePattern(ctx, ratio); ctx.fillRect(0, 2, 22, 8); });
  if (mode === 'steps') {
    item(container, 'step, no virtual time (one slot each)', (ctx) => {
      ctx.fillStyle = INSTANT_STEP_COLOR; ctx.fillRect(6, 0, 10, 12);
      ctx.strokeStyle = STEP_COLOR; ctx.lineWidth = 1; ctx.strokeRect(6.5, 0.5, 9, 11);
    });
    item(container, SEGMENT_LABELS.run, (ctx) => { ctx.fillStyle = SEGMENT_COLORS.run; ctx.fillRect(6, 0, 10, 12); });
  } else {
    item(container, 'step', (ctx) => { ctx.fillStyle = STEP_COLOR; ctx.fillRect(10, 0, 1.5, 12); });
    item(container, SEGMENT_LABELS.run, (ctx) => { ctx.fillStyle = SEGMENT_COLORS.run; ctx.fillRect(0, 1, 22, 10); });
  }
  for (const mark of STATE_MARKS) {
    item(container, mark.label, (ctx) => {
      ctx.fillStyle = mark.color; ctx.font = 'bold 12px system-ui, sans-serif'; ctx.textBaseline = 'middle'; ctx.fillText(mark.glyph, 6, 6.5);
    });
  }
  item(container, 'awaits', (ctx) => { arrowSample(ctx, LINK_AWAIT, []); });
  item(container, 'created', (ctx) => { arrowSample(ctx, LINK_CREATE, [3, 2]); });
  if (primitives.length) {
    item(container, 'waiting on the same object', (ctx) => {
      ctx.strokeStyle = LINK_OBJECT; ctx.fillStyle = LINK_OBJECT; ctx.lineWidth = 2;
      ctx.beginPath(); ctx.moveTo(3, 6); ctx.lineTo(19, 6); ctx.stroke();
      for (const x of [3, 19]) { ctx.beginPath(); ctx.arc(x, 6, 3, 0, 2 * Math.PI); ctx.fill(); }
    });
  }
}

function arrowSample(ctx, color, dash) {
  ctx.strokeStyle = color; ctx.fillStyle = color; ctx.lineWidth = 1.5; ctx.setLineDash(dash);
  ctx.beginPath(); ctx.moveTo(1, 6); ctx.lineTo(16, 6); ctx.stroke(); ctx.setLineDash([]);
  ctx.beginPath(); ctx.moveTo(21, 6); ctx.lineTo(15, 2.5); ctx.lineTo(15, 9.5); ctx.closePath(); ctx.fill();
}
