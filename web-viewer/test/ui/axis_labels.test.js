import test from 'node:test';
import assert from 'node:assert/strict';
import { placeLabels } from '../../src/ui/axis_labels.js';

// Labels 10 px wide per character, so the arithmetic is easy to follow.
const width = (label) => label.length * 10;
const ticks = (...xs) => xs.map((x) => ({ x, label: 'abcd' }));
const place = (list, minX, maxX) => placeLabels(list, width, minX, maxX).map(({ tick, x0 }) => [tick.x, x0]);

test('labels are centred on their ticks when they fit', () => {
  assert.deepEqual(place(ticks(200, 300, 400), 100, 600), [[200, 180], [300, 280], [400, 380]]);
});

test('edge labels move inward instead of being cut', () => {
  // 40 px labels: centred at 105 they would start at 85, left of the plot.
  assert.deepEqual(place(ticks(105, 300, 595), 100, 600), [[105, 100], [300, 280], [595, 560]]);
});

test('a label that would overlap the one before it is left out', () => {
  // The second tick is 30 px after the first: its label cannot fit.
  assert.deepEqual(place(ticks(105, 135, 300), 100, 600), [[105, 100], [300, 280]]);
  // Pushed inward at the right end, the last label would overlap its neighbour.
  assert.deepEqual(place(ticks(540, 598), 100, 600), [[540, 520]]);
});

test('a label wider than the whole axis is not drawn', () => {
  assert.deepEqual(placeLabels([{ x: 50, label: 'much too long' }], width, 0, 100), []);
});
