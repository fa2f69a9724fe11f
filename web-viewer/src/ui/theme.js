// Colours and sizes shared by the chart and its legend, so the two agree.

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
  future: 'awaiting a future',
  overdue: 'overdue (due, loop busy)',
  run: 'blocking step (took virtual time)',
};

export const STATE_MARKS = [
  { glyph: '\u2713', color: '#1b8a3c', label: 'done' },
  { glyph: '\u2717', color: '#c62828', label: 'failed' },
  { glyph: '\u2298', color: '#e07b00', label: 'cancelled' },
  { glyph: '\u22ef', color: '#6b7487', label: 'pending' },
];

export const STEP_COLOR = '#3949ab';
// Loop-steps mode draws every step as a slot block: light when the step took
// no virtual time (outlined in STEP_COLOR), SEGMENT_COLORS.run when it blocked.
export const INSTANT_STEP_COLOR = '#e4e8fb';
export const LINK_AWAIT = '#7b3fe4';
export const LINK_CREATE = '#6b7487';
export const SELECT_BG = 'rgba(47, 111, 219, 0.14)';
export const CHAIN_BG = 'rgba(123, 63, 228, 0.08)';
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
