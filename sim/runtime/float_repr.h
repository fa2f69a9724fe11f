// Python's text forms of a float: repr() (the shortest string that reads back
// as the same double) and the engine behind format(x, '.2f') and round().
// Mirrors Python/pystrtod.c PyOS_double_to_string and format_float_short (3.11),
// with std::to_chars (exact, round-half-even) standing in for _Py_dg_dtoa.
#pragma once

#include <string>

namespace corosim {

/// repr(d) and str(d): '0.1', '1e-05', '1e+16', '123.0', '-0.0', 'inf', 'nan'.
std::string float_repr(double d);

/// The digits of |d| as _Py_dg_dtoa returns them: value = 0.DIGITS x 10^decpt,
/// no leading or trailing zeros (0.0 gives "0" with decpt 1; a value that
/// rounds to nothing in mode 3 gives "" with decpt -ndigits).
struct DecimalDigits {
  std::string digits;
  int decpt = 0;
  bool negative = false;  // the sign bit, also for -0.0
  bool inf = false;
  bool nan = false;
};

/// Mirrors _Py_dg_dtoa's modes: 0 shortest round-trip, 2 max(1, ndigits)
/// significant digits, 3 ndigits past the decimal point (may be negative).
/// Rounding is correct and ties go to even, as in CPython.
DecimalDigits dtoa(double d, int mode, int ndigits);

/// The core of Objects/floatobject.c double_round: finite x correctly rounded
/// to ndigits decimal places (-308..323), ties to even; +-inf when the result
/// overflows (round() then raises OverflowError).
double double_round(double x, int ndigits);

/// Flags of double_to_string, as Py_DTSF_* in pystrtod.h.
enum DtsfFlag : unsigned {
  kDtsfSign = 1,        // always write a sign ('+' for non-negative)
  kDtsfAddDot0 = 2,     // '1.0' instead of '1' (repr, and format with no type)
  kDtsfAlt = 4,         // '#': keep the point and trailing zeros
  kDtsfNoNegZero = 8,   // 'z': a result that shows as zero loses its '-'
};

/// Mirrors PyOS_double_to_string: code is one of 'e' 'E' 'f' 'F' 'g' 'G' 'r'
/// ('r' = repr: precision must be 0). Never fails.
std::string double_to_string(double d, char code, int precision, unsigned flags);

}  // namespace corosim
