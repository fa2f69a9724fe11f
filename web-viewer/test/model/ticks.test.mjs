import test from 'node:test';
import assert from 'node:assert/strict';
import { chooseTicks, chooseSlotTicks, decimalString } from '../../src/model/ticks.js';

const labels = (ticks) => ticks.map((t) => t.label);

test('round steps with readable labels at every zoom', () => {
  assert.deepEqual(labels(chooseTicks(0, 4, 400, 80)), ['0 s', '1 s', '2 s', '3 s', '4 s']);
  assert.deepEqual(labels(chooseTicks(0, 4, 800, 80)), ['0 s', '0.5 s', '1 s', '1.5 s', '2 s', '2.5 s', '3 s', '3.5 s', '4 s']);
  assert.deepEqual(labels(chooseTicks(0, 0.5, 500, 80)), ['0 ms', '100 ms', '200 ms', '300 ms', '400 ms', '500 ms']);
  assert.deepEqual(labels(chooseTicks(0, 1e-5, 500, 80)), ['0 µs', '2 µs', '4 µs', '6 µs', '8 µs', '10 µs']);
  assert.deepEqual(labels(chooseTicks(0, 600, 400, 80)), ['0 s', '200 s', '400 s', '600 s']);
  assert.deepEqual(labels(chooseTicks(1000, 1000.000004, 400, 80)), ['1000 s', '1000.000001 s', '1000.000002 s', '1000.000003 s', '1000.000004 s']);
});

test('no float noise in labels or positions', () => {
  const ticks = chooseTicks(0.1, 0.4, 800, 80);
  assert.deepEqual(labels(ticks), ['100 ms', '150 ms', '200 ms', '250 ms', '300 ms', '350 ms', '400 ms']);
  assert.equal(ticks[4].t, 0.3);
  for (const t of chooseTicks(0, 1e-3, 1000, 50)) assert.doesNotMatch(t.label, /\d{7,}/);
});

test('ticks are at least the minimum spacing apart and inside the range', () => {
  for (const [t0, t1, w] of [[0, 6, 1000], [0.3, 0.7, 333], [12345.6, 12399.1, 1500], [-2, 3, 640], [0, 1e-9, 200]]) {
    const ticks = chooseTicks(t0, t1, w, 60);
    assert.ok(ticks.length >= 1, `${t0}..${t1}`);
    for (let i = 0; i < ticks.length; i++) {
      assert.ok(ticks[i].t >= t0 && ticks[i].t <= t1);
      if (i > 0) assert.ok(((ticks[i].t - ticks[i - 1].t) * w) / (t1 - t0) >= 60 - 1e-6);
    }
  }
});

test('degenerate ranges give no ticks instead of looping', () => {
  assert.deepEqual(chooseTicks(1, 1, 500), []);
  assert.deepEqual(chooseTicks(2, 1, 500), []);
  assert.deepEqual(chooseTicks(0, 1, 0), []);
  assert.deepEqual(chooseTicks(0, Infinity, 500), []);
  assert.deepEqual(chooseTicks(NaN, 1, 500), []);
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
