import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFragment, formatFragment } from '../../src/ui/fragment.js';

test('round trip', () => {
  const v = { mode: 'steps', t0: 3.5, t1: 12.25, selected: 3, top: 0 };
  assert.deepEqual(parseFragment(formatFragment(v)), { mode: 'steps', t0: 3.5, t1: 12.25, selected: 3 });
});

test('malformed entries are ignored', () => {
  assert.deepEqual(parseFragment('#mode=bogus&t0=x&t1=2&sel=-1'), {});
  assert.deepEqual(parseFragment('#t0=5&t1=1'), {});
  assert.deepEqual(parseFragment(''), {});
});

test('numbers are short but keep the view', () => {
  const f = formatFragment({ mode: 'time', t0: 0.1 + 0.2, t1: 4.000000000001, selected: null });
  assert.equal(f, '#mode=time&t0=0.3&t1=4');
});
