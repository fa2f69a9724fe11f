import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitView, clampView, zoomView, panView, makeScale, rangeInMode } from '../../src/ui/viewport.js';

test('fit shows the whole domain with a margin', () => {
  const v = fitView(0, 4);
  assert.ok(v.t0 < 0 && v.t1 > 4);
  assert.ok(v.t1 - v.t0 < 4 * 1.2);
});

test('fit of an empty domain still has a span', () => {
  const v = fitView(0, 0);
  assert.ok(v.t1 > v.t0);
});

test('zoom keeps the anchor time in place', () => {
  const v = { t0: 0, t1: 10 };
  const z = zoomView(v, 2, 7.5);
  const before = makeScale(v, 100, 1100).toX(7.5);
  const after = makeScale(z, 100, 1100).toX(7.5);
  assert.ok(Math.abs(before - after) < 1e-9);
  assert.ok(Math.abs((z.t1 - z.t0) - 5) < 1e-12);
});

test('clamp limits zoom out and pan away from the data', () => {
  const far = clampView(panView({ t0: 0, t1: 4 }, 1000), 0, 4);
  assert.ok(far.t0 <= 6 && far.t1 - far.t0 === 4);
  const wide = clampView({ t0: -1000, t1: 1000 }, 0, 4);
  assert.ok(wide.t1 - wide.t0 <= 8 + 1e-9);
  const tiny = clampView({ t0: 1, t1: 1 }, 0, 4);
  assert.ok(tiny.t1 > tiny.t0);
});

test('scale maps both ways', () => {
  const s = makeScale({ t0: 2, t1: 4 }, 50, 250);
  assert.equal(s.toX(3), 150);
  assert.equal(s.toT(250), 4);
});

// Steps at 0, 0, 1, 2, 2, 5 s (slots 0..5).
const STEPS = { count: 6, t: Float64Array.from([0, 0, 1, 2, 2, 5]) };

test('a time range maps to the slots of the steps inside it', () => {
  assert.deepEqual(rangeInMode(STEPS, { t0: 0.5, t1: 2 }, 'steps', 5), { t0: 2, t1: 3 });
  assert.deepEqual(rangeInMode(STEPS, { t0: 0, t1: 4 }, 'steps', 5), { t0: 0, t1: 5 });
});

test('a slot range maps to the times of its first and last steps', () => {
  assert.deepEqual(rangeInMode(STEPS, { t0: 1.5, t1: 4.2 }, 'time', 5), { t0: 0, t1: 2 });
  assert.deepEqual(rangeInMode(STEPS, { t0: 3, t1: 9 }, 'time', 5), { t0: 2, t1: 5 });
  assert.deepEqual(rangeInMode(STEPS, { t0: 2, t1: 4 }, 'time', 5), { t0: 1, t1: 2 });
});

test('a range holding no step, or one instant, maps to the whole other domain', () => {
  assert.deepEqual(rangeInMode(STEPS, { t0: 2.5, t1: 4.5 }, 'steps', 5), fitView(0, 6));
  assert.deepEqual(rangeInMode(STEPS, { t0: 3, t1: 5 }, 'time', 5), fitView(0, 5));
  assert.deepEqual(rangeInMode({ count: 0, t: new Float64Array(0) }, { t0: 0, t1: 1 }, 'time', 3), fitView(0, 3));
});
