import test from 'node:test';
import assert from 'node:assert/strict';
import { aggregateSegments, aggregatePoints, createMarks } from '../../src/model/aggregate.js';
import { SEG_RUN, SEG_SLEEP, SEG_TASK, SEG_OVERDUE, SEG_YIELD } from '../../src/model/timeline.js';

function row(list) {
  return {
    starts: Float64Array.from(list, (s) => s[0]),
    ends: Float64Array.from(list, (s) => s[1]),
    kinds: Uint8Array.from(list, (s) => s[2]),
  };
}

const marks = (out) => Array.from({ length: out.count }, (_, j) => [out.x0[j], out.x1[j], out.kind[j], out.mask[j], out.first[j]]);

test('wide segments stay bars; zero-length steps become one-pixel marks', () => {
  const r = row([[0, 0, SEG_RUN], [0, 2, SEG_SLEEP], [2, 2, SEG_RUN], [2, 4, SEG_TASK], [4, 4, SEG_RUN]]);
  const out = aggregateSegments(r.starts, r.ends, r.kinds, 0, 5, 0, 4, 100);
  assert.deepEqual(marks(out), [
    [0, 1, SEG_RUN, 1 << SEG_RUN, 0],
    [0, 200, SEG_SLEEP, 1 << SEG_SLEEP, 1],
    [200, 201, SEG_RUN, 1 << SEG_RUN, 2],
    [200, 400, SEG_TASK, 1 << SEG_TASK, 3],
    [400, 401, SEG_RUN, 1 << SEG_RUN, 4],
  ]);
});

test('many segments in one pixel column collapse into one mark per column', () => {
  // 1000 alternating 1 ms yield / overdue segments, drawn at 10 px per second.
  const list = [];
  for (let i = 0; i < 1000; i++) list.push([i * 1e-3, (i + 1) * 1e-3, i % 4 === 0 ? SEG_OVERDUE : SEG_YIELD]);
  const r = row(list);
  const out = aggregateSegments(r.starts, r.ends, r.kinds, 0, list.length, 0, 1, 10);
  assert.equal(out.count, 10);
  for (let j = 0; j < 10; j++) {
    assert.deepEqual([out.x0[j], out.x1[j]], [j, j + 1]);
    assert.equal(out.kind[j], SEG_YIELD, 'the kind covering most of the column');
    assert.equal(out.mask[j], (1 << SEG_OVERDUE) | (1 << SEG_YIELD));
  }
  assert.equal(out.first[3], 300);
});

test('zero-length marks in one column: overdue, then run wins', () => {
  const r = row([[1, 1, SEG_YIELD], [1, 1, SEG_RUN], [1, 1, SEG_SLEEP]]);
  const out = aggregateSegments(r.starts, r.ends, r.kinds, 0, 3, 0, 2, 50);
  assert.deepEqual(marks(out), [[50, 51, SEG_RUN, (1 << SEG_YIELD) | (1 << SEG_RUN) | (1 << SEG_SLEEP), 0]]);
});

test('only the visible range is drawn, clipped to the view', () => {
  const list = [];
  for (let i = 0; i < 100; i++) list.push([i, i + 1, i % 2 ? SEG_SLEEP : SEG_TASK]);
  const r = row(list);
  const out = aggregateSegments(r.starts, r.ends, r.kinds, 0, 100, 40.5, 42.5, 100, createMarks());
  assert.deepEqual(marks(out).map((m) => [m[0], m[1], m[4]]), [[-1, 50, 40], [50, 150, 41], [150, 201, 42]]);
});

test('a row range and a reused buffer', () => {
  const r = row([[0, 1, SEG_SLEEP], [5, 6, SEG_TASK], [6, 7, SEG_TASK], [9, 10, SEG_SLEEP]]);
  const out = createMarks();
  aggregateSegments(r.starts, r.ends, r.kinds, 1, 3, 0, 10, 10, out);
  assert.deepEqual(marks(out), [[50, 70, SEG_TASK, 1 << SEG_TASK, 1]], 'adjacent bars of one kind merge');
  aggregateSegments(r.starts, r.ends, r.kinds, 0, 4, 0, 10, 10, out);
  assert.equal(out.count, 3);
});

test('points: one mark per pixel column, with counts', () => {
  const pos = Float64Array.from([0, 0, 0, 0.001, 1, 1.5, 1.502, 3, 7]);
  const out = aggregatePoints(pos, 0, pos.length, 0.5, 4, 100);
  const cols = Array.from({ length: out.count }, (_, j) => [out.x[j], out.n[j], out.first[j]]);
  assert.deepEqual(cols.map((c) => [Math.round(c[0]), c[1], c[2]]), [[50, 1, 4], [100, 2, 5], [250, 1, 7]]);
});

test('a mark\'s weight: the pixels its kind covers, 0 for a column of zero-length segments', () => {
  const r = row([[0, 2, SEG_SLEEP], [2, 2, SEG_RUN], [2, 2, SEG_YIELD], [3, 3.004, SEG_RUN], [3.004, 3.006, SEG_TASK]]);
  const out = aggregateSegments(r.starts, r.ends, r.kinds, 0, 5, 0, 4, 100);
  assert.deepEqual(Array.from({ length: out.count }, (_, j) => [out.kind[j], Number(out.weight[j].toFixed(6))]), [
    [SEG_SLEEP, 200], [SEG_RUN, 0], [SEG_RUN, 0.4],
  ]);
});
