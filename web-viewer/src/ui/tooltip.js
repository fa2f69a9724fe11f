// What is under the pointer, and the tooltip that says what it is. Every
// function takes the viewer's state, `app` (see app.js).
import { segmentAt } from '../model/timeline.js';
import { describeTask, describeSegment, formatExactTime, formatRoundedTime, taskName } from '../model/describe.js';
import { deadlockText } from '../model/deadlock.js';
import { LOOP_H, ROW_H, deadlockMarkBox } from './chart.js';

// How close (px) to a step mark the pointer must be to describe the step.
const STEP_HIT_PX = 3.5;

// What is under a client position: {area: 'axis'|'loop'|'empty'|'label'|'row',
// x, y, pos, and for a label or row: row, task (index)} or null.
export function hitTest(app, clientX, clientY) {
  const { data, geo, scale, view } = app;
  if (!data || !geo) return null;
  const rect = app.el.canvas.getBoundingClientRect();
  const x = clientX - rect.left;
  const y = clientY - rect.top;
  const pos = scale.toT(x);
  if (y < geo.axisH) return { area: 'axis', x, y, pos };
  if (y < geo.axisH + LOOP_H) return { area: 'loop', x, y, pos };
  if (y < geo.rowsTop) return null;
  const row = view.top + Math.floor((y - geo.rowsTop) / ROW_H);
  if (row >= data.rows.count) return { area: 'empty', x, y, pos };
  return { area: x < geo.labelW ? 'label' : 'row', row, task: data.rows.task[row], x, y, pos };
}

// Shows the tooltip for `hit` next to the pointer (hides it for null).
export function showTooltip(app, hit, clientX, clientY) {
  const { tooltip } = app.el;
  const lines = hit ? tooltipLines(app, hit) : null;
  if (!lines) { tooltip.hidden = true; return; }
  tooltip.textContent = lines.join('\n');
  tooltip.hidden = false;
  const w = tooltip.offsetWidth;
  const h = tooltip.offsetHeight;
  const left = clientX + 14 + w > window.innerWidth ? clientX - 14 - w : clientX + 14;
  const top = clientY + 16 + h > window.innerHeight ? clientY - 10 - h : clientY + 16;
  tooltip.style.left = `${Math.max(0, left)}px`;
  tooltip.style.top = `${Math.max(0, top)}px`;
}

function tooltipLines(app, hit) {
  const { trace, timeline } = app.data;
  if (hit.area === 'loop') return loopTooltip(app, hit.pos);
  if (hit.area !== 'row' && hit.area !== 'label') return null;
  const lines = describeTask(trace, timeline, hit.task);
  if (hit.area === 'row') {
    const step = nearStep(app, hit.task, hit.x);
    const deadlocked = app.data.deadlock[hit.task];
    if (deadlocked >= 0 && onDeadlockMark(app, hit.task, hit.x)) {
      lines.push('', deadlockText(trace, timeline, deadlocked));
    } else if (step >= 0) {
      lines.push('', stepText(timeline.steps, step));
    } else {
      const seg = segmentAt(timeline, hit.task, hit.pos, app.view.mode === 'steps');
      if (seg >= 0) lines.push('', describeSegment(trace, timeline, seg));
    }
  }
  return lines;
}

function loopTooltip(app, pos) {
  const { trace, timeline } = app.data;
  const st = timeline.steps;
  if (app.view.mode === 'steps') {
    const k = Math.floor(pos);
    if (k < 0 || k >= st.count) return null;
    return [`loop ${stepText(st, k)}`, `by ${taskName(trace, st.task[k] + 1)}`];
  }
  const b = timeline.busy;
  for (let i = 0; i < b.count; i++) {
    if (b.start[i] <= pos && pos < b.end[i]) {
      return ['event loop: busy (blocking step)', `${formatExactTime(b.start[i])} to ${formatExactTime(b.end[i])}`];
    }
  }
  return ['event loop', `${timeline.stats.steps} steps, busy ${formatRoundedTime(timeline.stats.busyTime)} of ${formatExactTime(trace.endTime)}`];
}

// "step 7 at 2 s", and how long it blocked the loop if it did.
function stepText(st, k) {
  const blocked = st.end[k] > st.t[k] ? `, blocking the loop for ${formatRoundedTime(st.end[k] - st.t[k])}` : ', took no virtual time';
  return `step ${k} at ${formatExactTime(st.t[k])}${blocked}`;
}

// Whether x is on the mark of task i's deadlocked final wait or its end cap.
function onDeadlockMark(app, i, x) {
  const box = deadlockMarkBox({ mode: app.view.mode, timeline: app.data.timeline, scale: app.scale }, i, 0);
  return box !== null && x >= box.x0 - 2 && x <= box.x1 + STEP_HIT_PX + 12;
}

// The step of task i drawn within STEP_HIT_PX of x, or -1.
function nearStep(app, i, x) {
  const tl = app.data.timeline;
  const { scale } = app;
  const steps = app.view.mode === 'steps';
  const pos = steps ? tl.taskStepSlot : tl.taskStepTime;
  // A step is a slot wide in steps mode, a point in time mode.
  const half = steps ? 0.5 : 0;
  const halfWidth = steps ? scale.k / 2 : 0;
  let best = -1;
  let bestD = STEP_HIT_PX;
  for (let q = tl.taskStepStart[i]; q < tl.taskStepStart[i + 1]; q++) {
    const d = Math.abs(scale.toX(pos[q] + half) - x) - halfWidth;
    if (d < bestD) { bestD = d; best = tl.taskSteps[q]; }
    if (scale.toX(pos[q]) > x + 4) break;
  }
  return best;
}
