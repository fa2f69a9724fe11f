import test from 'node:test';
import assert from 'node:assert/strict';
import { shiftDigits, shortestDecimal } from '../../src/model/decimal.js';

test('shiftDigits moves the decimal point without rounding', () => {
  assert.equal(shiftDigits('30000000000000004', -17), '0.30000000000000004');
  assert.equal(shiftDigits('15', -1), '1.5');
  assert.equal(shiftDigits('15', 2), '1500');
  assert.equal(shiftDigits('1200', -3, true), '-1.2');
  assert.equal(shiftDigits('0', -4), '0');
  assert.equal(shiftDigits('007', -1), '0.7');
});

test('shortestDecimal gives the digits that read back as the same double', () => {
  assert.deepEqual(shortestDecimal(0.1 + 0.2), { digits: '30000000000000004', exp10: -17, negative: false });
  assert.deepEqual(shortestDecimal(-2.5), { digits: '25', exp10: -1, negative: true });
  assert.deepEqual(shortestDecimal(1e21), { digits: '1', exp10: 21, negative: false });
  for (const x of [0.1, 1 / 3, 2 ** -40, 6.0000001, 1e-300]) {
    const { digits, exp10 } = shortestDecimal(x);
    assert.equal(Number(`${digits}e${exp10}`), x);
  }
});
