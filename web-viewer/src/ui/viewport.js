// The visible range of the horizontal axis and its mapping to pixels. Pure:
// no DOM, so zoom and pan arithmetic is unit-tested on its own.

// How far past the data the view may go, as a share of the data's span, so
// the end caps drawn after a task's end stay reachable.
const OVERSCROLL = 0.5;

// Smallest span the view can zoom to, relative to the data's span and in
// absolute units (sub-nanosecond spans only show float noise).
const MIN_SPAN_SHARE = 1e-9;
const MIN_SPAN_ABS = 1e-9;

function domainSpan(d0, d1) {
  return d1 > d0 ? d1 - d0 : 1;
}

// The view that shows all of [d0, d1] with a small margin on both sides.
export function fitView(d0, d1) {
  const span = domainSpan(d0, d1);
  return { t0: d0 - span * 0.02, t1: d0 + span * 1.05 };
}

// Keeps a view inside the zoom limits and near the data.
export function clampView(view, d0, d1) {
  const span = domainSpan(d0, d1);
  const minSpan = Math.max(span * MIN_SPAN_SHARE, MIN_SPAN_ABS);
  const maxSpan = span * (1 + 2 * OVERSCROLL);
  let t0 = Number.isFinite(view.t0) ? view.t0 : d0;
  let t1 = Number.isFinite(view.t1) ? view.t1 : d0 + span;
  if (t1 < t0) [t0, t1] = [t1, t0];
  let w = t1 - t0;
  if (w < minSpan) { const mid = (t0 + t1) / 2; w = minSpan; t0 = mid - w / 2; }
  if (w > maxSpan) { const mid = (t0 + t1) / 2; w = maxSpan; t0 = mid - w / 2; }
  const lo = d0 - span * OVERSCROLL;
  const hi = d0 + span * (1 + OVERSCROLL);
  if (t0 < lo) t0 = lo;
  if (t0 + w > hi) t0 = hi - w;
  return { t0, t1: t0 + w };
}

// Zooms by `factor` (> 1 zooms in) keeping time `at` under the same pixel.
export function zoomView(view, factor, at) {
  const a = at === undefined ? (view.t0 + view.t1) / 2 : at;
  return { t0: a - (a - view.t0) / factor, t1: a + (view.t1 - a) / factor };
}

// Moves the view by `dt` units of the axis.
export function panView(view, dt) {
  return { t0: view.t0 + dt, t1: view.t1 + dt };
}

// The mapping between axis units and pixels for a plot spanning [x0, x1].
export function makeScale(view, x0, x1) {
  const k = (x1 - x0) / (view.t1 - view.t0);
  return {
    x0, x1, t0: view.t0, t1: view.t1, k,
    toX: (t) => x0 + (t - view.t0) * k,
    toT: (x) => view.t0 + (x - x0) / k,
  };
}

// The range in `mode` ('time' or 'steps') that shows the same stretch of the
// run as `range` in the other mode, mapped through the steps' times
// (steps: {count, t}, t sorted); a range that maps to less than a slot or an
// instant gets the whole domain of `mode` (endTime: the time domain's end).
export function rangeInMode(steps, range, mode, endTime) {
  if (mode === 'steps') {
    const a = firstStepAtOrAfter(steps, range.t0);
    const b = firstStepAtOrAfter(steps, range.t1);
    return b - a >= 1 ? { t0: a, t1: b } : fitView(0, Math.max(1, steps.count));
  }
  const timeOf = (slot) => (steps.count ? steps.t[Math.max(0, Math.min(steps.count - 1, slot))] : 0);
  const a = timeOf(Math.floor(range.t0));
  const b = timeOf(Math.ceil(range.t1) - 1);
  return b > a ? { t0: a, t1: b } : fitView(0, endTime);
}

function firstStepAtOrAfter(steps, t) {
  let lo = 0;
  let hi = steps.count;
  while (lo < hi) { const mid = (lo + hi) >>> 1; if (steps.t[mid] < t) lo = mid + 1; else hi = mid; }
  return lo;
}
