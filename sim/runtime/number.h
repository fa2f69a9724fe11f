// int and float arithmetic with Python's semantics: int64 with overflow
// checks (OverflowError instead of wrapping), floor division and modulo
// toward minus infinity, IEEE floats with CPython's ZeroDivisionError and
// OverflowError cases, exact int/float comparison, and CPython's numeric
// hash (hash(1) == hash(1.0) == 1, hash(-1) == -2).
#pragma once

#include <cstdint>

#include "sim/runtime/object.h"
#include "sim/runtime/operators.h"

namespace corosim {

/// a op b for two ints (bools already converted). Returns a float for `/`
/// and for `**` with a negative exponent; a null Value for MatMul.
Value int_binary_op(BinaryOp op, int64_t a, int64_t b);
/// a op b for two floats; a null Value for the ops floats do not support
/// (shifts, bitwise, @).
Value float_binary_op(BinaryOp op, double a, double b);

/// Python's a // b and a % b for ints (ZeroDivisionError on b == 0).
int64_t int_floordiv(int64_t a, int64_t b);
int64_t int_mod(int64_t a, int64_t b);
/// Python's float a % b and a // b (divmod's two halves).
double float_mod(double a, double b);
double float_floordiv(double a, double b);

/// Compares an int with a float exactly (no rounding of the int): -1, 0, 1,
/// or 2 if d is NaN (unordered).
int compare_int_float(int64_t i, double d);

/// CPython's hash of an int and of a float (Python/pyhash.c _Py_HashDouble).
int64_t hash_int(int64_t i);
int64_t hash_float(double d);

}  // namespace corosim
