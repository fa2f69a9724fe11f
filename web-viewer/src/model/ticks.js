// Axis ticks: round values (1, 2 or 5 × 10^k) spaced at least minSpacingPx
// apart, with labels computed from integers so they never show float noise.
//
// API
//   chooseTicks(t0, t1, widthPx, minSpacingPx = 80) -> [{t, label}]   time axis, seconds
//   chooseSlotTicks(s0, s1, widthPx, minSpacingPx = 80) -> [{t, label}]   loop-steps axis, integer slots
//   decimalString(mantissa, exp10) -> exact decimal text of mantissa × 10^exp10 (mantissa an integer)

const MULTIPLIERS = [1, 2, 5];
// Each unit as a power of ten of a second, largest first.
const UNITS = [
  { exp: 0, name: 's' },
  { exp: -3, name: 'ms' },
  { exp: -6, name: 'µs' },
  { exp: -9, name: 'ns' },
];

export function decimalString(mantissa, exp10) {
  const sign = mantissa < 0 ? '-' : '';
  let digits = String(Math.abs(mantissa));
  if (exp10 >= 0) return digits === '0' ? '0' : sign + digits + '0'.repeat(exp10);
  const places = -exp10;
  if (digits.length <= places) digits = '0'.repeat(places - digits.length + 1) + digits;
  const int = digits.slice(0, digits.length - places);
  const frac = digits.slice(digits.length - places).replace(/0+$/, '');
  if (int === '0' && frac === '') return '0';
  return sign + int + (frac ? `.${frac}` : '');
}

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

export function chooseTicks(t0, t1, widthPx, minSpacingPx = 80) {
  return ticksFor(t0, t1, widthPx, minSpacingPx, -12, (ticks, k) => {
    if (ticks.length === 0) return ticks;
    // One unit for the whole axis: the largest that keeps the biggest label >= 1.
    const biggest = Math.max(Math.abs(ticks[0].t), Math.abs(ticks[ticks.length - 1].t), stepValue(1, k));
    const unit = UNITS.find((u) => biggest >= 10 ** u.exp) ?? UNITS[UNITS.length - 1];
    return ticks.map(({ t, n }) => ({ t, label: `${decimalString(n, k - unit.exp)} ${unit.name}` }));
  });
}

export function chooseSlotTicks(s0, s1, widthPx, minSpacingPx = 80) {
  return ticksFor(s0, s1, widthPx, minSpacingPx, 0, (ticks, k) =>
    ticks.map(({ t, n }) => ({ t, label: decimalString(n, k) })));
}
