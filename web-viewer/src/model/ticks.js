// Axis ticks: round values (1, 2 or 5 × 10^k) spaced at least minSpacingPx
// apart, with labels computed from integers so they never show float noise.
// Zoomed in so far that a label would need more than MAX_DIGITS significant
// digits, the ticks are labelled relative to a round base shown once
// ("18 s" + "−10 ns", "0 ns", "+10 ns"), so the digits that differ are the
// ones a person reads.
//
// API
//   chooseTicks(t0, t1, widthPx, minSpacingPx = 80) -> {base, ticks: [{t, label}]}   time axis, seconds;
//     base: null (labels are absolute times) or {t, label} (labels are offsets from t, e.g. "+100 ns")
//   chooseSlotTicks(s0, s1, widthPx, minSpacingPx = 80) -> [{t, label}]   loop-steps axis, integer slots

import { decimalString } from './decimal.js';

const MULTIPLIERS = [1, 2, 5];
const MAX_DIGITS = 6;
// Each unit as a power of ten of a second, largest first.
const UNITS = [
  { exp: 0, name: 's' },
  { exp: -3, name: 'ms' },
  { exp: -6, name: 'µs' },
  { exp: -9, name: 'ns' },
];

// The smallest step m × 10^k (m in 1, 2, 5; k >= minExp) not below minStep.
function niceStep(minStep, minExp) {
  let k = Math.max(minExp, Math.floor(Math.log10(minStep)) - 1);
  for (;;) {
    for (const m of MULTIPLIERS) {
      if (stepValue(m, k) >= minStep) return { m, k };
    }
    k++;
  }
}

// m × 10^k as the double nearest the exact decimal (dividing by an exact
// power of ten rounds once, multiplying by 0.1 would round twice).
function stepValue(m, k) {
  return k >= 0 ? m * 10 ** k : m / 10 ** -k;
}

function ticksFor(t0, t1, widthPx, minSpacingPx, minExp, label) {
  if (!(t1 > t0) || !(widthPx > 0) || !Number.isFinite(t0) || !Number.isFinite(t1)) return [];
  const spacing = minSpacingPx > 0 ? minSpacingPx : 80;
  const { m, k } = niceStep(((t1 - t0) * spacing) / widthPx, minExp);
  const step = stepValue(m, k);
  const first = Math.ceil(t0 / step);
  const last = Math.floor(t1 / step);
  const maxCount = Math.ceil(widthPx / spacing) + 2;
  if (!(last - first + 1 <= maxCount) || !Number.isSafeInteger(first * m) || !Number.isSafeInteger(last * m)) return [];
  const ticks = [];
  for (let i = first; i <= last; i++) ticks.push({ t: stepValue(i * m, k), n: i * m });
  return label(ticks, k);
}

// The largest unit that keeps `biggest` (seconds) >= 1 in that unit.
function unitFor(biggest) {
  return UNITS.find((u) => biggest >= 10 ** u.exp) ?? UNITS[UNITS.length - 1];
}

export function chooseTicks(t0, t1, widthPx, minSpacingPx = 80) {
  let base = null;
  const ticks = ticksFor(t0, t1, widthPx, minSpacingPx, -12, (list, k) => {
    if (list.length === 0) return list;
    const step = stepValue(1, k);
    const biggest = Math.max(Math.abs(list[0].t), Math.abs(list[list.length - 1].t), step);
    if (biggest / step < 10 ** MAX_DIGITS) {
      const unit = unitFor(biggest);
      return list.map(({ t, n }) => ({ t, label: `${decimalString(n, k - unit.exp)} ${unit.name}` }));
    }
    // A base that is a multiple of a power of ten above the span, nearest the
    // middle: offsets stay within a few steps, the base has few digits.
    const p = Math.max(k + 1, Math.ceil(Math.log10(t1 - t0)) + 1);
    const baseN = Math.round((t0 + t1) / 2 / 10 ** p) * 10 ** (p - k);
    base = { t: stepValue(baseN, k), label: `${decimalString(baseN, k)} s` };
    const offsets = list.map(({ n }) => n - baseN);
    const unit = unitFor(Math.max(...offsets.map(Math.abs), 1) * step);
    return list.map(({ t }, i) => {
      const off = offsets[i];
      const sign = off > 0 ? '+' : off < 0 ? '\u2212' : '';
      return { t, label: `${sign}${decimalString(Math.abs(off), k - unit.exp)} ${unit.name}` };
    });
  });
  return { base, ticks };
}

export function chooseSlotTicks(s0, s1, widthPx, minSpacingPx = 80) {
  return ticksFor(s0, s1, widthPx, minSpacingPx, 0, (ticks, k) =>
    ticks.map(({ t, n }) => ({ t, label: decimalString(n, k) })));
}
