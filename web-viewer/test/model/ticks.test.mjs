import test from 'node:test';
import assert from 'node:assert/strict';
import { chooseTicks, chooseSlotTicks } from '../../src/model/ticks.js';
import { decimalString } from '../../src/model/decimal.js';

const labels = (axis) => (Array.isArray(axis) ? axis : axis.ticks).map((t) => t.label);

test('round steps with readable labels at every zoom', () => {
  assert.deepEqual(labels(chooseTicks(0, 4, 400, 80)), ['0 s', '1 s', '2 s', '3 s', '4 s']);
  assert.deepEqual(labels(chooseTicks(0, 4, 800, 80)), ['0 s', '0.5 s', '1 s', '1.5 s', '2 s', '2.5 s', '3 s', '3.5 s', '4 s']);
  assert.deepEqual(labels(chooseTicks(0, 0.5, 500, 80)), ['0 ms', '100 ms', '200 ms', '300 ms', '400 ms', '500 ms']);
  assert.deepEqual(labels(chooseTicks(0, 1e-5, 500, 80)), ['0 µs', '2 µs', '4 µs', '6 µs', '8 µs', '10 µs']);
  assert.deepEqual(labels(chooseTicks(0, 600, 400, 80)), ['0 s', '200 s', '400 s', '600 s']);
  assert.deepEqual(labels(chooseTicks(18, 18.001, 1000, 80)).slice(0, 3), ['18 s', '18.0001 s', '18.0002 s']);
  assert.equal(chooseTicks(18, 18.001, 1000, 80).base, null);
});

test('zoomed in deep, labels are offsets from a round base shown once', () => {
  const around18 = chooseTicks(17.999999985, 18.000000015, 1000, 80);
  assert.deepEqual(around18.base, { t: 18, label: '18 s' });
  assert.deepEqual(labels(around18), ['\u221215 ns', '\u221210 ns', '\u22125 ns', '0 ns', '+5 ns', '+10 ns', '+15 ns']);
  const after6 = chooseTicks(6.0000001, 6.0000002, 500, 80);
  assert.equal(after6.base.label, '6 s');
  assert.deepEqual(labels(after6), ['+100 ns', '+120 ns', '+140 ns', '+160 ns', '+180 ns', '+200 ns']);
  const thousand = chooseTicks(1000, 1000.000004, 400, 80);
  assert.equal(thousand.base.label, '1000 s');
  assert.deepEqual(labels(thousand), ['0 µs', '+1 µs', '+2 µs', '+3 µs', '+4 µs']);
  // The tick positions are still absolute times, and offset + base is each one.
  for (const tick of after6.ticks) assert.ok(Math.abs(tick.t - (6 + Number(tick.label.replace(/[^0-9]/g, '')) * 1e-9)) < 1e-15);
  // No label, base or offset, has more than six significant digits.
  for (const [t0, t1] of [[12345.6, 12345.6000001], [0.5, 0.50000001], [31, 31.000000000001]]) {
    const axis = chooseTicks(t0, t1, 1200, 80);
    assert.ok(axis.ticks.length >= 2, `${t0}..${t1}`);
    for (const t of axis.ticks) assert.ok(t.label.replace(/[^0-9]/g, '').replace(/^0+/, '').length <= 6, t.label);
  }
});

test('no float noise in labels or positions', () => {
  const { ticks } = chooseTicks(0.1, 0.4, 800, 80);
  assert.deepEqual(labels(ticks), ['100 ms', '150 ms', '200 ms', '250 ms', '300 ms', '350 ms', '400 ms']);
  assert.equal(ticks[4].t, 0.3);
  for (const t of chooseTicks(0, 1e-3, 1000, 50).ticks) assert.doesNotMatch(t.label, /\d{7,}/);
});

test('ticks are at least the minimum spacing apart and inside the range', () => {
  for (const [t0, t1, w] of [[0, 6, 1000], [0.3, 0.7, 333], [12345.6, 12399.1, 1500], [-2, 3, 640], [0, 1e-9, 200]]) {
    const { ticks } = chooseTicks(t0, t1, w, 60);
    assert.ok(ticks.length >= 1, `${t0}..${t1}`);
    for (let i = 0; i < ticks.length; i++) {
      assert.ok(ticks[i].t >= t0 && ticks[i].t <= t1);
      if (i > 0) assert.ok(((ticks[i].t - ticks[i - 1].t) * w) / (t1 - t0) >= 60 - 1e-6);
    }
  }
});

test('degenerate ranges give no ticks instead of looping', () => {
  assert.deepEqual(chooseTicks(1, 1, 500).ticks, []);
  assert.deepEqual(chooseTicks(2, 1, 500).ticks, []);
  assert.deepEqual(chooseTicks(0, 1, 0).ticks, []);
  assert.deepEqual(chooseTicks(0, Infinity, 500).ticks, []);
  assert.deepEqual(chooseTicks(NaN, 1, 500).ticks, []);
});

test('slot ticks are integers', () => {
  assert.deepEqual(labels(chooseSlotTicks(0, 12, 480, 80)), ['0', '2', '4', '6', '8', '10', '12']);
  assert.deepEqual(labels(chooseSlotTicks(0, 1e6, 500, 80)), ['0', '200000', '400000', '600000', '800000', '1000000']);
  assert.deepEqual(labels(chooseSlotTicks(3, 5, 800, 80)), ['3', '4', '5']);
  assert.deepEqual(chooseSlotTicks(3.2, 3.9, 800, 80), []);
});

test('decimalString writes the exact decimal', () => {
  assert.equal(decimalString(15, -1), '1.5');
  assert.equal(decimalString(3, -1), '0.3');
  assert.equal(decimalString(250, 0), '250');
  assert.equal(decimalString(5, 2), '500');
  assert.equal(decimalString(20, -1), '2');
  assert.equal(decimalString(-5, -3), '-0.005');
  assert.equal(decimalString(0, -4), '0');
});
