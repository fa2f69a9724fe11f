// Colours and sizes shared by the chart and its legend, so the two agree.
import { objectNoun } from '../model/object_waits.js';

export const SEGMENT_COLORS = {
  scheduled: '#cfd6e2',
  sleep: '#86b6ec',
  task: '#b9a1e8',
  gather: '#7fcdb6',
  yield: '#f3c76b',
  future: '#aeb6c4',
  overdue: '#e53935',
  run: '#26323f',
};

export const SEGMENT_LABELS = {
  scheduled: 'scheduled (not yet started)',
  sleep: 'sleeping',
  task: 'awaiting a task',
  gather: 'awaiting a gather',
  yield: 'yielded (sleep 0)',
  future: 'awaiting another future',
  overdue: 'overdue (due, loop busy)',
  run: 'blocking step (took virtual time)',
};

// A wait whose suspend names a primitive is coloured by what it waits on (by
// noun: a queue's get, put and join share one colour), whatever its `what`.
export const PRIMITIVE_COLORS = {
  lock: '#e8919f',
  event: '#f2a65a',
  condition: '#d9b44a',
  semaphore: '#b08968',
  barrier: '#5e8c6a',
  queue: '#9ccc65',
  wait_for: '#c27ba0',
  wait: '#4fb3bf',
  as_completed: '#7986cb',
  taskgroup: '#a1887f',
  timeout: '#80deea',
  // A plain Future the program awaits itself: not the grey of a wait nothing names.
  future: '#d4e157',
};
// A kind this viewer does not know: a neutral grey, darker than the unnamed wait's.
const OTHER_PRIMITIVE_COLOR = '#7d7d7d';

// The colour of a wait in primitive `kind` ("lock", "queue_get", or one this viewer does not know).
export function primitiveColor(kind) {
  return PRIMITIVE_COLORS[objectNoun(kind)] ?? OTHER_PRIMITIVE_COLOR;
}

export const STATE_MARKS = [
  { glyph: '\u2713', color: '#1b8a3c', label: 'done' },
  { glyph: '\u2717', color: '#c62828', label: 'failed' },
  { glyph: '\u2298', color: '#e07b00', label: 'cancelled' },
  { glyph: '\u22ef', color: '#6b7487', label: 'pending' },
];

// The outline and word of a deadlocked task's final wait: the failed mark's red.
export const DEADLOCK_COLOR = '#c62828';

export const STEP_COLOR = '#3949ab';
// Loop-steps mode draws every step as a slot block: light when the step took
// no virtual time (outlined in STEP_COLOR), SEGMENT_COLORS.run when it blocked.
export const INSTANT_STEP_COLOR = '#e4e8fb';
export const LINK_AWAIT = '#7b3fe4';
export const LINK_CREATE = '#6b7487';
export const SELECT_BG = 'rgba(47, 111, 219, 0.14)';
export const CHAIN_BG = 'rgba(123, 63, 228, 0.08)';
// The tasks waiting on the same object as the selected one, and the connector between them.
export const OBJECT_BG = 'rgba(224, 96, 40, 0.14)';
export const LINK_OBJECT = '#d2502a';
export const HOVER_BG = 'rgba(29, 36, 48, 0.05)';
export const GRID = '#e6e9ef';
export const TEXT = '#1d2430';
export const MUTED = '#6b7487';
export const FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
export const SMALL_FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

// Overdue stretches are hatched so they stand out even in print or for
// readers who do not tell red from other colours.
export function overduePattern(ctx, ratio) {
  const size = Math.max(6, Math.round(6 * ratio));
  const tile = new OffscreenCanvas(size, size);
  const g = tile.getContext('2d');
  g.fillStyle = '#fbd3d2';
  g.fillRect(0, 0, size, size);
  g.strokeStyle = SEGMENT_COLORS.overdue;
  g.lineWidth = Math.max(1.5, ratio * 1.5);
  g.beginPath();
  for (let o = -size; o <= size; o += size) { g.moveTo(o, size); g.lineTo(o + size, 0); }
  g.stroke();
  const pattern = ctx.createPattern(tile, 'repeat');
  // Patterns are in device pixels; the chart draws in CSS pixels.
  pattern.setTransform(new DOMMatrix([1 / ratio, 0, 0, 1 / ratio, 0, 0]));
  return pattern;
}
