// Drawing the chart on one canvas: the axis, the loop row and the visible
// task rows, each row reduced by the model's level-of-detail aggregation to a
// few marks per pixel column. Also the geometry the pointer and the test hook
// need (which row is where, where a task's bar is).
import { aggregateSegments, aggregatePoints, createMarks, createColumns } from '../model/aggregate.js';
import { chooseTicks, chooseSlotTicks } from '../model/ticks.js';
import { SEG_NAMES, SEG_RUN, SEG_OVERDUE, SEG_TASK, SEG_GATHER, lowerBound } from '../model/timeline.js';
import { formatRoundedTime } from '../model/describe.js';
import { hasChildren } from './rows.js';
import { placeLabels } from './axis_labels.js';
import {
  SEGMENT_COLORS, STATE_MARKS, STEP_COLOR, INSTANT_STEP_COLOR, LINK_AWAIT, LINK_CREATE, LINK_OBJECT, SELECT_BG, CHAIN_BG,
  OBJECT_BG, HOVER_BG, GRID, TEXT, MUTED, FONT, SMALL_FONT, DEADLOCK_COLOR, overduePattern, primitiveColor,
} from './theme.js';

export const ROW_H = 22;
export const LOOP_H = 28;
const SCROLL_W = 14;
const AXIS_TIME_H = 26;
const AXIS_STEPS_H = 44;
const BAR_H = 10;
const BLOCK_H = 14;
const MARK_H = 16;
const INDENT = 12;
const MAX_INDENT_DEPTH = 12;
const CAP_W = 14;
// A coroutine name is left out rather than shown as a lone ellipsis.
const MIN_CORO_W = 24;
// Steps take no virtual time; their marks keep a visible width at any zoom.
const STEP_W = 1.5;
// A row whose step marks fill more than one pixel column in DENSE_STEP_PX
// draws them behind its waits, which would otherwise vanish under them (a busy
// model at Fit zoom); sparser steps are drawn on top.
const DENSE_STEP_PX = 4;
// The mark of a deadlocked task's final wait, just left of its end.
const DEADLOCK_W = 9;
const DEADLOCK_TEXT = 'deadlock';
// Links are drawn for at most this many children or gathered tasks of the
// focused task, so a gather of 100,000 stays responsive.
const MAX_LINKS = 400;

function labelWidth(width) {
  return Math.round(Math.min(280, Math.max(150, width * 0.2)));
}

// Where things are on the canvas for a given size and mode (CSS pixels).
export function chartGeometry(width, height, mode) {
  const axisH = mode === 'steps' ? AXIS_STEPS_H : AXIS_TIME_H;
  const labelW = labelWidth(width);
  const rowsTop = axisH + LOOP_H + 2;
  return {
    width, height, axisH, labelW, rowsTop,
    plotX0: labelW + 8,
    plotX1: Math.max(labelW + 40, width - SCROLL_W - CAP_W - 6),
    visibleRows: Math.max(1, Math.floor((height - rowsTop) / ROW_H)),
  };
}

export function rowY(geo, row, top) {
  return geo.rowsTop + (row - top) * ROW_H;
}

// Everything needed to draw one frame.
//   s: {trace, timeline, rows, deadlock, geo, scale, mode, top, selected, hovered, chain, chainSet, objectGroup, hoverPos, markPos}
//   deadlock: deadlockWaits (model/deadlock.js), the final wait of each task a deadlock left waiting
//   objectGroup: null, or {label, tasks (indices), set} the tasks waiting on the selected task's object at markPos
export function drawChart(ctx, ratio, s) {
  const { geo } = s;
  ctx.clearRect(0, 0, geo.width, geo.height);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, geo.width, geo.height);
  const axis = axisTicks(s);
  drawGrid(ctx, s, axis.ticks);
  drawRows(ctx, ratio, s);
  drawLoopRow(ctx, s);
  drawLinks(ctx, s);
  drawMarker(ctx, s);
  drawObjectGroup(ctx, s);
  return { base: axis.base, ticks: drawAxis(ctx, s, axis) };
}

// The axis of the current view: {base: null or {t, label}, ticks: [{x, t, label}]}
// (a base: the labels are offsets from it).
function axisTicks(s) {
  const { scale } = s;
  const width = scale.x1 - scale.x0;
  const axis = s.mode === 'steps'
    ? { base: null, ticks: chooseSlotTicks(scale.t0, scale.t1, width) }
    : chooseTicks(scale.t0, scale.t1, width);
  return { base: axis.base, ticks: axis.ticks.map((tick) => ({ x: scale.toX(tick.t), t: tick.t, label: tick.label })) };
}

// Clips to the plot: segments and step marks stay inside it; end marks and
// links, drawn a little past the ends of the bars, get `margin` px more.
function clipPlot(ctx, geo, y0, y1, margin = 0) {
  ctx.save();
  ctx.beginPath();
  ctx.rect(geo.plotX0 - margin, y0, geo.plotX1 - geo.plotX0 + 2 * margin, y1 - y0);
  ctx.clip();
}

function drawGrid(ctx, s, ticks) {
  const { geo } = s;
  ctx.fillStyle = GRID;
  for (const tick of ticks) ctx.fillRect(Math.round(tick.x), geo.axisH, 1, geo.height - geo.axisH);
  ctx.fillStyle = '#f7f8fa';
  ctx.fillRect(0, geo.axisH, geo.labelW, geo.height - geo.axisH);
  ctx.fillStyle = '#dde1e8';
  ctx.fillRect(geo.labelW, geo.axisH, 1, geo.height - geo.axisH);
}

// Draws the axis and returns the ticks whose labels it drew (placeLabels).
function drawAxis(ctx, s, axis) {
  const { geo } = s;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, geo.width, geo.axisH);
  ctx.fillStyle = '#c5ccd8';
  ctx.fillRect(0, geo.axisH - 1, geo.width, 1);
  ctx.font = SMALL_FONT;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  ctx.fillStyle = MUTED;
  ctx.fillText(axisCaption(ctx, s, axis.base), 8, s.mode === 'steps' ? 9 : 13);
  if (s.mode === 'steps') ctx.fillText('at time', 8, 33);
  ctx.fillStyle = '#9aa3b2';
  for (const tick of axis.ticks) {
    ctx.fillRect(Math.round(tick.x), s.mode === 'steps' ? 16 : 18, 1, s.mode === 'steps' ? 6 : geo.axisH - 18);
  }
  const placed = placeLabels(axis.ticks, (label) => ctx.measureText(label).width, geo.labelW + 4, geo.width - 4);
  ctx.fillStyle = TEXT;
  for (const { tick, x0 } of placed) ctx.fillText(tick.label, x0, 9);
  if (s.mode === 'steps') {
    clipPlot(ctx, geo, 0, geo.axisH);
    ctx.textAlign = 'center';
    drawTimeGroups(ctx, s);
    ctx.restore();
  }
  return placed.map(({ tick }) => tick);
}

// "virtual time", or with relative tick labels the base they are relative to.
function axisCaption(ctx, s, base) {
  if (s.mode === 'steps') return 'loop step';
  if (!base) return 'virtual time';
  const long = `virtual time: ${base.label} +`;
  return ctx.measureText(long).width <= s.geo.labelW - 14 ? long : `${base.label} +`;
}

// In loop-steps mode: which virtual time each run of steps happened at, as a
// band of labelled brackets under the slot numbers.
function drawTimeGroups(ctx, s) {
  const { scale, geo } = s;
  const steps = s.timeline.steps;
  if (steps.count === 0) return;
  const y = 26;
  const h = 16;
  let k = Math.max(0, Math.floor(scale.t0));
  const end = Math.min(steps.count, Math.ceil(scale.t1));
  let shade = 0;
  while (k < end) {
    const t = steps.t[k];
    let next = upperBound(steps.t, k, steps.count, t);
    // Groups narrower than a pixel are merged into the next pixel column.
    const minNext = Math.ceil(scale.toT(scale.toX(k) + 1));
    if (next < minNext) next = Math.min(steps.count, minNext);
    const x0 = Math.max(geo.plotX0, scale.toX(k));
    const x1 = Math.min(geo.plotX1, scale.toX(next));
    ctx.fillStyle = shade ? '#eef1f6' : '#e2e7ef';
    ctx.fillRect(x0, y, Math.max(1, x1 - x0 - 1), h);
    const label = steps.t[next - 1] === t ? `t = ${formatRoundedTime(t)}` : `${formatRoundedTime(t)} \u2026`;
    const w = ctx.measureText(label).width;
    if (x1 - x0 > w + 8) {
      ctx.fillStyle = TEXT;
      ctx.fillText(label, (x0 + x1) / 2, y + h / 2 + 0.5);
    }
    shade ^= 1;
    k = next;
  }
}

function upperBound(arr, lo, hi, value) {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function drawLoopRow(ctx, s) {
  const { geo, scale, timeline } = s;
  const y = geo.axisH;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, y, geo.width, LOOP_H + 2);
  ctx.fillStyle = '#f7f8fa';
  ctx.fillRect(0, y, geo.labelW, LOOP_H);
  ctx.fillStyle = '#c5ccd8';
  ctx.fillRect(0, y + LOOP_H + 1, geo.width, 1);
  ctx.fillStyle = TEXT;
  ctx.font = `600 ${FONT}`;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.fillText('event loop', 8, y + LOOP_H / 2);
  clipPlot(ctx, geo, y, y + LOOP_H);
  const mid = y + LOOP_H / 2;
  const steps = s.mode === 'steps';
  // Idle track over the run.
  const runEnd = steps ? timeline.steps.count : s.trace.endTime;
  const ix0 = scale.toX(0);
  const ix1 = scale.toX(runEnd);
  ctx.fillStyle = '#eef1f5';
  ctx.fillRect(ix0, mid - 5, Math.max(1, ix1 - ix0), 10);
  if (steps) {
    // Every slot is a step: light when it took no time, dark when it blocked.
    drawSlotMarks(ctx, s, 0, timeline.steps.count, mid, INSTANT_LOOK);
    drawSlots(ctx, s, timeline.blockingSlots, 0, timeline.blockingSlots.length, mid, BLOCKING_LOOK);
  } else {
    const busy = timeline.busy;
    ctx.fillStyle = SEGMENT_COLORS.run;
    for (let i = lowerBound(busy.end, 0, busy.count, scale.t0); i < busy.count && busy.start[i] <= scale.t1; i++) {
      const x0 = scale.toX(busy.start[i]);
      ctx.fillRect(x0, mid - 7, Math.max(1, scale.toX(busy.end[i]) - x0), 14);
    }
    ctx.fillStyle = STEP_COLOR;
    s.cols = aggregatePoints(timeline.steps.t, 0, timeline.steps.count, scale.t0, scale.t1, scale.k, s.cols);
    for (let j = 0; j < s.cols.count; j++) ctx.fillRect(Math.round(scale.x0 + s.cols.x[j]), mid - 9, 1, 18);
  }
  ctx.restore();
}

// Step marks in loop-steps mode: slot k is [k, k + 1), drawn as a block when
// wide enough, else one pixel column per column that holds a step.
function drawSlotMarks(ctx, s, first, count, mid, look) {
  const { scale } = s;
  const w = scale.k;
  if (w >= 3) {
    const k0 = Math.max(first, Math.floor(scale.t0));
    const k1 = Math.min(count, Math.ceil(scale.t1));
    for (let k = k0; k < k1; k++) slotBlock(ctx, scale.toX(k), w, mid, look);
    return;
  }
  let last = -Infinity;
  for (let k = Math.max(first, Math.floor(scale.t0)); k < Math.min(count, Math.ceil(scale.t1)); k++) {
    const x = Math.floor(scale.toX(k));
    if (x === last) { k = Math.max(k, Math.floor(scale.toT(x + 1)) - 1); continue; }
    last = x;
    slotBlock(ctx, x, 1, mid, look);
  }
}

// How loop-steps mode draws a step: a step that took no virtual time as an
// outlined light block, a blocking step solid dark (the colour of blocking
// bars in time mode).
const INSTANT_LOOK = { fill: INSTANT_STEP_COLOR, stroke: STEP_COLOR };
const BLOCKING_LOOK = { fill: SEGMENT_COLORS.run, stroke: null };

// One slot block at x, w px wide; narrower than 3 px, a plain column.
function slotBlock(ctx, x, w, mid, look) {
  const y = mid - MARK_H / 2;
  if (w < 3) {
    ctx.fillStyle = look.stroke ?? look.fill;
    ctx.fillRect(x, y, w, MARK_H);
    return;
  }
  ctx.fillStyle = look.fill;
  ctx.fillRect(x + 0.5, y, w - 1, MARK_H);
  if (look.stroke) {
    ctx.strokeStyle = look.stroke;
    ctx.lineWidth = 1;
    ctx.strokeRect(x + 1, y + 0.5, w - 2, MARK_H - 1);
  }
}

// Slot blocks at sorted slot positions lo..hi: one block per slot when slots
// are at least 3 px wide, else one mark per pixel column that holds any.
function drawSlots(ctx, s, positions, lo, hi, mid, look) {
  const { scale } = s;
  if (scale.k >= 3) {
    for (let q = lowerBound(positions, lo, hi, scale.t0 - 1); q < hi && positions[q] <= scale.t1; q++) {
      slotBlock(ctx, scale.toX(positions[q]), scale.k, mid, look);
    }
    return;
  }
  s.cols = aggregatePoints(positions, lo, hi, scale.t0, scale.t1, scale.k, s.cols);
  for (let j = 0; j < s.cols.count; j++) slotBlock(ctx, Math.round(scale.x0 + s.cols.x[j] - 0.5), STEP_W, mid, look);
}

function drawRows(ctx, ratio, s) {
  const { geo, rows, top } = s;
  const last = Math.min(rows.count, top + geo.visibleRows + 1);
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, geo.rowsTop, geo.width, geo.height - geo.rowsTop);
  ctx.clip();
  s.pattern = s.pattern && s.patternRatio === ratio ? s.pattern : overduePattern(ctx, ratio);
  s.patternRatio = ratio;
  for (let r = top; r < last; r++) drawTaskRow(ctx, s, r, rowY(geo, r, top));
  ctx.restore();
}

const HIGHLIGHT_BG = { selected: SELECT_BG, object: OBJECT_BG, chain: CHAIN_BG, hovered: HOVER_BG };

// How task i's row is highlighted: 'selected', 'object' (waits on the same
// object as the selected task), 'chain' (in its await chain), 'hovered' or
// null. s: {selected, hovered, chainSet, objectGroup} as drawChart takes them.
export function rowHighlight(s, i) {
  if (i + 1 === s.selected) return 'selected';
  if (s.objectGroup && s.objectGroup.set.has(i)) return 'object';
  if (s.chainSet && s.chainSet.has(i)) return 'chain';
  if (i + 1 === s.hovered) return 'hovered';
  return null;
}

function drawTaskRow(ctx, s, r, y) {
  const { geo, timeline, rows, scale } = s;
  const i = rows.task[r];
  const steps = s.mode === 'steps';
  const mid = y + ROW_H / 2;
  const highlight = rowHighlight(s, i);
  if (highlight) { ctx.fillStyle = HIGHLIGHT_BG[highlight]; ctx.fillRect(0, y, geo.width, ROW_H); }

  drawLabel(ctx, s, r, i, y);

  clipPlot(ctx, geo, y, y + ROW_H);
  const s0 = timeline.taskStepStart[i];
  const s1 = timeline.taskStepStart[i + 1];
  // Crowded step marks go behind the waits (slot blocks only once narrower
  // than 3 px, when they are columns); blocking slot blocks stay on top.
  s.cols = aggregatePoints(steps ? timeline.taskStepSlot : timeline.taskStepTime, s0, s1, scale.t0, scale.t1, scale.k, s.cols);
  const behind = (!steps || scale.k < 3) && stepsAreDense(s, i);
  if (!behind) drawSegments(ctx, s, i, mid);
  if (steps) drawSlots(ctx, s, timeline.taskStepSlot, s0, s1, mid, INSTANT_LOOK);
  else drawStepColumns(ctx, s, mid);
  if (behind) drawSegments(ctx, s, i, mid);
  if (steps) drawSlots(ctx, s, timeline.taskBlockSlot, timeline.taskBlockStart[i], timeline.taskBlockStart[i + 1], mid, BLOCKING_LOOK);
  ctx.restore();
  clipPlot(ctx, geo, y, y + ROW_H, CAP_W);
  drawEndCap(ctx, s, i, mid);
  if (s.deadlock[i] >= 0) drawDeadlockMark(ctx, s, i, mid);
  ctx.restore();
}

// The row's segments, reduced to a few marks per pixel column.
function drawSegments(ctx, s, i, mid) {
  const { trace, timeline, scale } = s;
  const steps = s.mode === 'steps';
  const seg = timeline.segments;
  s.marks = aggregateSegments(steps ? seg.slot0 : seg.start, steps ? seg.slot1 : seg.end, seg.kind,
    timeline.taskSegStart[i], timeline.taskSegStart[i + 1], scale.t0, scale.t1, scale.k, s.marks);
  const m = s.marks;
  for (let j = 0; j < m.count; j++) {
    let kind = m.kind[j];
    const x0 = scale.x0 + m.x0[j];
    const w = Math.max(1, m.x1[j] - m.x0[j]);
    if (kind === SEG_RUN) {
      // In loop-steps mode every step is a slot block, drawn with the step
      // marks. A run that took virtual time is a solid bar; a column of steps
      // that took none is left to the step marks, or shows the waits that
      // share it (all as short), since dark means blocking.
      if (steps) continue;
      if (m.weight[j] === 0) {
        const waits = m.mask[j] & ~(1 << SEG_RUN);
        if (!waits) continue;
        kind = 31 - Math.clz32(waits & -waits);
      } else {
        ctx.fillStyle = SEGMENT_COLORS.run;
        ctx.fillRect(x0, mid - BLOCK_H / 2, w, BLOCK_H);
        continue;
      }
    }
    if (kind === SEG_OVERDUE) {
      ctx.fillStyle = s.pattern;
      ctx.fillRect(x0, mid - BLOCK_H / 2, w, BLOCK_H);
    } else {
      ctx.fillStyle = waitColor(trace, seg, m.first[j], kind, timeline.taskSegStart[i + 1], steps ? seg.slot0 : seg.start,
        scale.toT(x0 + w));
      ctx.fillRect(x0, mid - BAR_H / 2, w, BAR_H);
    }
  }
}

// Time mode: the step columns s.cols holds (aggregatePoints).
function drawStepColumns(ctx, s, mid) {
  ctx.fillStyle = STEP_COLOR;
  for (let j = 0; j < s.cols.count; j++) ctx.fillRect(Math.round(s.scale.x0 + s.cols.x[j] - 0.5), mid - MARK_H / 2, STEP_W, MARK_H);
}

// Whether task i's step columns (s.cols, by time or by slot as the mode is)
// crowd its visible bar: more than one in DENSE_STEP_PX pixels.
function stepsAreDense(s, i) {
  const { scale, timeline } = s;
  const steps = s.mode === 'steps';
  const x0 = Math.max(scale.x0, scale.toX(steps ? timeline.taskSlot0[i] : timeline.taskStart[i]));
  const x1 = Math.min(scale.x1, scale.toX(steps ? timeline.taskSlot1[i] : timeline.taskEnd[i]));
  return s.cols.count * DENSE_STEP_PX > Math.max(1, x1 - x0);
}

// A wait mark's colour: its primitive's when the mark's first segment of the
// mark's kind names one, else its kind's. The mark's segments are first..hi-1
// up to the one starting after `endPos` (a pixel column holds few).
function waitColor(trace, seg, first, kind, hi = first + 1, starts = seg.start, endPos = -Infinity) {
  let q = first;
  while (seg.kind[q] !== kind && q + 1 < hi && starts[q + 1] <= endPos) q++;
  const primitive = seg.kind[q] === kind ? seg.primitive[q] : 0;
  return primitive ? primitiveColor(trace.strings[primitive]) : SEGMENT_COLORS[SEG_NAMES[kind]];
}

function drawEndCap(ctx, s, i, mid) {
  const { scale, timeline, trace } = s;
  const end = s.mode === 'steps' ? timeline.taskSlot1[i] : timeline.taskEnd[i];
  const x = scale.toX(end);
  if (x < scale.x0 - CAP_W || x > scale.x1 + CAP_W) return;
  const mark = STATE_MARKS[trace.tasks.state[i]];
  ctx.fillStyle = mark.color;
  ctx.fillRect(x - 1, mid - BLOCK_H / 2, 2, BLOCK_H);
  ctx.font = `bold ${FONT}`;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.fillText(mark.glyph, x + 3, mid + 0.5);
}

// Where the mark of task i's deadlocked final wait is drawn, in canvas
// coordinates for a row centred on `mid`: {x0, x1, y0, y1} just left of the
// task's end, or null when that end is out of view.
export function deadlockMarkBox(s, i, mid) {
  const end = s.mode === 'steps' ? s.timeline.taskSlot1[i] : s.timeline.taskEnd[i];
  const x = s.scale.toX(end);
  if (x < s.scale.x0 - CAP_W || x > s.scale.x1 + CAP_W) return null;
  return { x0: x - 1 - DEADLOCK_W, x1: x - 1, y0: mid - BLOCK_H / 2, y1: mid + BLOCK_H / 2 };
}

// A deadlocked task's final wait has no length: a block in its wait's colour
// at the end, outlined in the failed mark's red, and the word "deadlock" on
// the row just before it.
function drawDeadlockMark(ctx, s, i, mid) {
  const box = deadlockMarkBox(s, i, mid);
  if (!box) return;
  const seg = s.timeline.segments;
  const q = s.deadlock[i];
  ctx.fillStyle = waitColor(s.trace, seg, q, seg.kind[q]);
  ctx.fillRect(box.x0, box.y0, box.x1 - box.x0, box.y1 - box.y0);
  ctx.strokeStyle = DEADLOCK_COLOR;
  ctx.lineWidth = 1.5;
  ctx.strokeRect(box.x0 + 0.75, box.y0 + 0.75, box.x1 - box.x0 - 1.5, box.y1 - box.y0 - 1.5);
  ctx.font = `600 ${SMALL_FONT}`;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  const w = ctx.measureText(DEADLOCK_TEXT).width;
  const right = box.x0 - 3;
  ctx.fillStyle = 'rgba(255, 255, 255, 0.9)';
  ctx.fillRect(right - w - 3, mid - 7, w + 6, 14);
  ctx.fillStyle = DEADLOCK_COLOR;
  ctx.fillText(DEADLOCK_TEXT, right, mid + 0.5);
}

function drawLabel(ctx, s, r, i, y) {
  const { geo, trace, rows } = s;
  const depth = Math.min(rows.depth[r], MAX_INDENT_DEPTH);
  let x = 6 + depth * INDENT;
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, y, geo.labelW - 4, ROW_H);
  ctx.clip();
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  const mid = y + ROW_H / 2 + 0.5;
  if (hasChildren(trace.tasks, i)) {
    ctx.fillStyle = MUTED;
    ctx.font = SMALL_FONT;
    ctx.fillText(s.collapsed.has(i) ? '\u25b8' : '\u25be', x, mid);
  }
  x += 12;
  const right = geo.labelW - 6;
  ctx.font = i + 1 === s.selected ? `600 ${FONT}` : FONT;
  ctx.fillStyle = trace.tasks.internal[i] ? MUTED : TEXT;
  const name = fitText(ctx, trace.strings[trace.tasks.name[i]], right - x);
  ctx.fillText(name, x, mid);
  x += ctx.measureText(name).width + 6;
  ctx.font = SMALL_FONT;
  ctx.fillStyle = MUTED;
  if (right - x >= MIN_CORO_W) ctx.fillText(fitText(ctx, trace.strings[trace.tasks.coro[i]], right - x), x, mid);
  ctx.restore();
}

// The text, or its longest head that fits in maxW px followed by an ellipsis.
function fitText(ctx, text, maxW) {
  if (ctx.measureText(text).width <= maxW) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (ctx.measureText(`${text.slice(0, mid)}\u2026`).width <= maxW) lo = mid; else hi = mid - 1;
  }
  return `${text.slice(0, lo)}\u2026`;
}

// Which x a row-relative toggle occupies, for the pointer.
export function toggleHit(geo, rows, r, x) {
  const x0 = 6 + Math.min(rows.depth[r], MAX_INDENT_DEPTH) * INDENT - 3;
  return x >= x0 && x < x0 + 15;
}

// Arrows for the focused task (selected, else hovered): its parent's
// creation of it, its own children, and from each of its waits to what it
// waits on; for the selected task also its await chain at the marked time.
function drawLinks(ctx, s) {
  const focus = s.selected ?? s.hovered;
  if (!focus) return;
  const { geo, timeline, trace, rows } = s;
  const i = focus - 1;
  const steps = s.mode === 'steps';
  const start = steps ? timeline.taskSlot0 : timeline.taskStart;
  ctx.save();
  ctx.beginPath();
  ctx.rect(geo.plotX0 - CAP_W, geo.rowsTop, geo.plotX1 - geo.plotX0 + 2 * CAP_W, geo.height - geo.rowsTop);
  ctx.clip();
  const yOf = (index) => {
    const r = rows.rowOf[index];
    if (r < 0) return null;
    return Math.min(geo.height + 4, Math.max(geo.rowsTop - 4, rowY(geo, r, s.top) + ROW_H / 2));
  };
  const parent = trace.tasks.parent[i];
  if (parent) link(ctx, s, yOf(parent - 1), yOf(i), start[i], LINK_CREATE, true);
  const { childStart, children } = trace.tasks;
  for (let c = childStart[focus]; c < Math.min(childStart[focus + 1], childStart[focus] + MAX_LINKS); c++) {
    const child = children[c] - 1;
    link(ctx, s, yOf(i), yOf(child), start[child], LINK_CREATE, true);
  }
  const seg = timeline.segments;
  const from = yOf(i);
  let drawn = 0;
  const starts = steps ? seg.slot0 : seg.start;
  const ends = steps ? seg.slot1 : seg.end;
  const hi = timeline.taskSegStart[i + 1];
  for (let q = lowerBound(ends, timeline.taskSegStart[i], hi, s.scale.t0); q < hi && starts[q] <= s.scale.t1 && drawn < MAX_LINKS; q++) {
    if (seg.kind[q] !== SEG_TASK && seg.kind[q] !== SEG_GATHER) continue;
    const at = waitLinkPos(s, starts[q], ends[q]);
    if (seg.kind[q] === SEG_TASK) { link(ctx, s, from, yOf(seg.target[q] - 1), at, LINK_AWAIT, false); drawn++; }
    if (seg.kind[q] === SEG_GATHER) {
      for (const id of trace.lists[seg.target[q]]) {
        if (drawn++ >= MAX_LINKS) break;
        link(ctx, s, from, yOf(id - 1), at, LINK_AWAIT, false);
      }
    }
  }
  if (s.chain && s.markPos !== null) {
    for (let j = 1; j < s.chain.tasks.length && j < MAX_LINKS; j++) {
      link(ctx, s, yOf(s.chain.tasks[s.chain.from[j]]), yOf(s.chain.tasks[j]), s.markPos, LINK_AWAIT, false);
    }
  }
  ctx.restore();
}

// Where the link of a wait [a, b] is drawn: the middle of its visible part,
// away from the step marks and creation links at its ends.
function waitLinkPos(s, a, b) {
  return (Math.max(a, s.scale.t0) + Math.min(b, s.scale.t1)) / 2;
}

// A vertical arrow at axis position `at` from row y0 to row y1 (both row
// centres); dashed for creation links. A white halo keeps it visible over
// bars and step marks.
function link(ctx, s, y0, y1, at, color, dashed) {
  if (y0 === null || y1 === null || y0 === y1) return;
  const x = Math.round(s.scale.toX(at)) + 0.5;
  if (x < s.geo.plotX0 - CAP_W || x > s.geo.plotX1 + CAP_W) return;
  const dir = y1 > y0 ? 1 : -1;
  const tip = y1 - dir * (BAR_H / 2 + 1);
  const shaft = () => { ctx.beginPath(); ctx.moveTo(x, y0); ctx.lineTo(x, tip - dir * 6); ctx.stroke(); };
  const head = () => {
    ctx.beginPath();
    ctx.moveTo(x, tip);
    ctx.lineTo(x - 5, tip - dir * 8);
    ctx.lineTo(x + 5, tip - dir * 8);
    ctx.closePath();
    ctx.arc(x, y0, 3, 0, 2 * Math.PI);
  };
  ctx.setLineDash(dashed ? [4, 3] : []);
  ctx.strokeStyle = 'rgba(255, 255, 255, 0.85)';
  ctx.lineWidth = 4;
  shaft();
  ctx.setLineDash([]);
  head();
  ctx.lineWidth = 3;
  ctx.stroke();
  ctx.strokeStyle = color;
  ctx.fillStyle = color;
  ctx.lineWidth = dashed ? 1.5 : 2;
  ctx.setLineDash(dashed ? [4, 3] : []);
  shaft();
  ctx.setLineDash([]);
  head();
  ctx.fill();
}

// A vertical line at the event hovered in the list, or where the selection
// was clicked.
function drawMarker(ctx, s) {
  if (s.hoverPos === null) return;
  const x = Math.round(s.scale.toX(s.hoverPos)) + 0.5;
  if (x < s.geo.plotX0 - CAP_W || x > s.geo.plotX1 + CAP_W) return;
  ctx.strokeStyle = 'rgba(47, 111, 219, 0.8)';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(x, s.geo.axisH);
  ctx.lineTo(x, s.geo.height);
  ctx.stroke();
}

// The tasks waiting on the selected task's object at the marked moment: a
// connector at that moment through their rows, a dot on each, and the
// object's name at the top.
function drawObjectGroup(ctx, s) {
  const group = s.objectGroup;
  if (!group || s.markPos === null) return;
  const { geo, rows } = s;
  const x = Math.round(s.scale.toX(s.markPos)) + 0.5;
  if (x < geo.plotX0 - CAP_W || x > geo.plotX1 + CAP_W) return;
  const ys = [];
  for (const i of group.tasks) {
    const r = rows.rowOf[i];
    if (r >= 0) ys.push(Math.min(geo.height + 4, Math.max(geo.rowsTop - 4, rowY(geo, r, s.top) + ROW_H / 2)));
  }
  if (ys.length === 0) return;
  const y0 = Math.min(...ys);
  const y1 = Math.max(...ys);
  ctx.save();
  ctx.beginPath();
  ctx.rect(geo.plotX0 - CAP_W, geo.rowsTop, geo.plotX1 - geo.plotX0 + 2 * CAP_W, geo.height - geo.rowsTop);
  ctx.clip();
  ctx.strokeStyle = 'rgba(255, 255, 255, 0.85)';
  ctx.lineWidth = 5;
  ctx.beginPath(); ctx.moveTo(x, y0); ctx.lineTo(x, y1); ctx.stroke();
  ctx.strokeStyle = LINK_OBJECT;
  ctx.fillStyle = LINK_OBJECT;
  ctx.lineWidth = 2;
  ctx.beginPath(); ctx.moveTo(x, y0); ctx.lineTo(x, y1); ctx.stroke();
  for (const y of ys) { ctx.beginPath(); ctx.arc(x, y, 4, 0, 2 * Math.PI); ctx.fill(); }
  ctx.font = `600 ${SMALL_FONT}`;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  const w = ctx.measureText(group.label).width;
  ctx.fillStyle = 'rgba(255, 255, 255, 0.9)';
  ctx.fillRect(x + 7, y0 - ROW_H / 2 + 2, w + 6, ROW_H - 4);
  ctx.fillStyle = LINK_OBJECT;
  ctx.fillText(group.label, x + 10, y0 + 0.5);
  ctx.restore();
}

export function createDrawState() {
  return { marks: createMarks(), cols: createColumns(), pattern: null, patternRatio: 0 };
}
