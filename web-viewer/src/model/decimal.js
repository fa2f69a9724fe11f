// Exact decimal text from decimal digits, so labels and times never pass
// through a float division that would add binary noise.
//
// API
//   decimalString(mantissa, exp10) -> exact decimal text of mantissa × 10^exp10 (mantissa a safe integer)
//   shiftDigits(digits, exp10, negative = false) -> exact decimal text of the integer written
//     by the digit string `digits` times 10^exp10 ("30000000000000004", -17 -> "0.30000000000000004")
//   shortestDecimal(x) -> {digits, exp10, negative}: the shortest digits that read back as the
//     double x (x finite), as digits × 10^exp10

export function shiftDigits(digits, exp10, negative = false) {
  const sign = negative ? '-' : '';
  let d = digits.replace(/^0+(?=\d)/, '');
  if (exp10 >= 0) return d === '0' ? '0' : sign + d + '0'.repeat(exp10);
  const places = -exp10;
  if (d.length <= places) d = '0'.repeat(places - d.length + 1) + d;
  const int = d.slice(0, d.length - places);
  const frac = d.slice(d.length - places).replace(/0+$/, '');
  if (int === '0' && frac === '') return '0';
  return sign + int + (frac ? `.${frac}` : '');
}

export function decimalString(mantissa, exp10) {
  return shiftDigits(String(Math.abs(mantissa)), exp10, mantissa < 0);
}

// toExponential() without an argument writes as many digits as the double
// needs to read back exactly, and no more (ECMAScript Number::toString).
export function shortestDecimal(x) {
  const [mant, exp] = Math.abs(x).toExponential().split('e');
  const [int, frac = ''] = mant.split('.');
  return { digits: int + frac, exp10: Number(exp) - frac.length, negative: x < 0 };
}
