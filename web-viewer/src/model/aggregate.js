// Level of detail: what to draw of one row at the current zoom. Segments
// narrower than a pixel that fall in the same pixel column become one mark, so
// a row costs at most a few marks per pixel column however many segments it
// has, and the first visible segment is found by binary search.
//
// API
//   createMarks() -> reusable output buffer {count, x0, x1, kind, mask, first, weight}
//   aggregateSegments(starts, ends, kinds, lo, hi, v0, v1, pxPerUnit, out = createMarks()) -> out
//     starts/ends: a row's segments lo..hi (sorted, contiguous: e.g. timeline.segments
//     .start/.end, or .slot0/.slot1 in loop-steps mode); [v0, v1] the visible range.
//     Mark j covers pixels x0[j]..x1[j] (relative to v0; a collapsed column is
//     [c, c + 1)), kind[j] its dominant kind (longest total time; among
//     zero-length ones SEG_OVERDUE, then SEG_RUN, then the lowest code),
//     mask[j] the bit set of the kinds present (1 << kind), first[j] its first segment,
//     weight[j] the pixels its kind covers (0: a column of zero-length segments only, e.g. steps).
//   createColumns() -> reusable output buffer {count, x, n, first}
//   aggregatePoints(positions, lo, hi, v0, v1, pxPerUnit, out = createColumns()) -> out
//     one mark per pixel column for sorted points (step marks, events): x[j] the
//     pixel of its first point, n[j] how many points, first[j] the first point's index.

import { SEG_OVERDUE, SEG_RUN, lowerBound } from './timeline.js';

const KIND_COUNT = 8;

function ensure(out, need, fields) {
  if (out.cap >= need) return;
  const cap = Math.max(64, need, out.cap * 2);
  for (const [key, Type] of fields) {
    const next = new Type(cap);
    if (out[key]) next.set(out[key].subarray(0, out.count));
    out[key] = next;
  }
  out.cap = cap;
}

const MARK_FIELDS = [
  ['x0', Float64Array],
  ['x1', Float64Array],
  ['kind', Uint8Array],
  ['mask', Uint16Array],
  ['first', Int32Array],
  ['weight', Float64Array],
];
const COLUMN_FIELDS = [
  ['x', Float64Array],
  ['n', Int32Array],
  ['first', Int32Array],
];

export function createMarks() {
  const out = { count: 0, cap: 0 };
  ensure(out, 64, MARK_FIELDS);
  return out;
}

export function createColumns() {
  const out = { count: 0, cap: 0 };
  ensure(out, 64, COLUMN_FIELDS);
  return out;
}

function dominant(weight, mask) {
  let best = -1;
  let bestWeight = 0;
  for (let k = 0; k < KIND_COUNT; k++) {
    if (weight[k] > bestWeight) {
      best = k;
      bestWeight = weight[k];
    }
  }
  if (best >= 0) return best;
  if (mask & (1 << SEG_OVERDUE)) return SEG_OVERDUE;
  if (mask & (1 << SEG_RUN)) return SEG_RUN;
  return 31 - Math.clz32(mask & -mask);
}

export function aggregateSegments(starts, ends, kinds, lo, hi, v0, v1, pxPerUnit, out = createMarks()) {
  out.count = 0;
  if (!(v1 >= v0) || !(pxPerUnit > 0)) return out;
  const width = (v1 - v0) * pxPerUnit;
  const weight = new Float64Array(KIND_COUNT);
  // The mark being built: a wide bar, or (bucket) the pixel column col.
  let open = false;
  let col = 0;
  let x0 = 0;
  let x1 = 0;
  let kind = 0;
  let mask = 0;
  let first = 0;
  let bucket = false;
  const flush = () => {
    if (!open) return;
    ensure(out, out.count + 1, MARK_FIELDS);
    const j = out.count++;
    out.x0[j] = x0;
    out.x1[j] = x1;
    out.kind[j] = bucket ? dominant(weight, mask) : kind;
    out.weight[j] = bucket ? weight[out.kind[j]] : x1 - x0;
    out.mask[j] = mask;
    out.first[j] = first;
    open = false;
  };

  for (let i = lowerBound(ends, lo, hi, v0); i < hi && starts[i] <= v1; i++) {
    const a = Math.max(-1, (starts[i] - v0) * pxPerUnit);
    const b = Math.min(width + 1, (ends[i] - v0) * pxPerUnit);
    const k = kinds[i];
    if (b - a >= 1) {
      if (open && !bucket && kind === k && x1 >= a - 0.5) {
        x1 = b;
        continue;
      }
      flush();
      open = true;
      bucket = false;
      x0 = a;
      x1 = b;
      kind = k;
      mask = 1 << k;
      first = i;
      continue;
    }
    const c = Math.floor(a);
    if (open && bucket && c === col) {
      mask |= 1 << k;
      weight[k] += b - a;
      continue;
    }
    flush();
    open = true;
    bucket = true;
    col = c;
    x0 = c;
    x1 = c + 1;
    mask = 1 << k;
    weight.fill(0);
    weight[k] = b - a;
    first = i;
  }
  flush();
  return out;
}

export function aggregatePoints(positions, lo, hi, v0, v1, pxPerUnit, out = createColumns()) {
  out.count = 0;
  if (!(v1 >= v0) || !(pxPerUnit > 0)) return out;
  let col = -Infinity;
  for (let i = lowerBound(positions, lo, hi, v0); i < hi && positions[i] <= v1; i++) {
    const x = (positions[i] - v0) * pxPerUnit;
    const c = Math.floor(x);
    if (c === col) {
      out.n[out.count - 1]++;
      continue;
    }
    col = c;
    ensure(out, out.count + 1, COLUMN_FIELDS);
    const j = out.count++;
    out.x[j] = x;
    out.n[j] = 1;
    out.first[j] = i;
  }
  return out;
}
