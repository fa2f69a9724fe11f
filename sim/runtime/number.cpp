#include "sim/runtime/number.h"

#include <cmath>
#include <limits>

#include "sim/runtime/exception.h"
#include "sim/runtime/ops.h"
#include "sim/runtime/str_object.h"

namespace corosim {
namespace {

constexpr int64_t kIntMin = std::numeric_limits<int64_t>::min();
constexpr int kHashBits = 61;                                      // _PyHASH_BITS
constexpr uint64_t kHashModulus = (uint64_t(1) << kHashBits) - 1;  // _PyHASH_MODULUS
constexpr int64_t kHashInf = 314159;                               // _PyHASH_INF

[[noreturn]] void zero_division(const char* message) {
  raise_error(exception_types().zero_division_error, message);
}

// CPython reports a float result out of range with errno ERANGE.
[[noreturn]] void float_range_error() {
  throw PyException{Value(new_exception(
      exception_types().overflow_error,
      std::vector<Value>{Value::from_int(34), new_str("Numerical result out of range")}))};
}

int64_t add_checked(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_add_overflow(a, b, &r)) raise_int_overflow();
  return r;
}
int64_t sub_checked(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_sub_overflow(a, b, &r)) raise_int_overflow();
  return r;
}
int64_t mul_checked(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_mul_overflow(a, b, &r)) raise_int_overflow();
  return r;
}

// Binary exponentiation; each partial product divides the final result, so
// an intermediate overflow means the result overflows too.
int64_t int_pow(int64_t base, int64_t exp) {
  int64_t result = 1;
  while (exp > 0) {
    if (exp & 1) result = mul_checked(result, base);
    exp >>= 1;
    if (exp > 0) base = mul_checked(base, base);
  }
  return result;
}

double int_true_divide(int64_t a, int64_t b) {
  if (b == 0) zero_division("division by zero");
  constexpr int64_t kExact = int64_t(1) << 53;
  if (a > -kExact && a < kExact && b > -kExact && b < kExact) return double(a) / double(b);
  // Beyond 2**53 the conversion to double would round first; the 64-bit
  // mantissa of long double keeps the operands exact.
  return double(static_cast<long double>(a) / static_cast<long double>(b));
}

int64_t int_lshift(int64_t a, int64_t b) {
  if (b < 0) raise_error(exception_types().value_error, "negative shift count");
  if (a == 0) return 0;
  if (b >= 64) raise_int_overflow();
  int64_t r = int64_t(uint64_t(a) << b);
  if ((r >> b) != a) raise_int_overflow();
  return r;
}

int64_t int_rshift(int64_t a, int64_t b) {
  if (b < 0) raise_error(exception_types().value_error, "negative shift count");
  if (b >= 64) return a < 0 ? -1 : 0;
  return a >> b;
}

bool is_odd_integer(double d) { return std::fmod(std::fabs(d), 2.0) == 1.0; }

// Mirrors Objects/floatobject.c float_pow (3.11).
double float_pow(double iv, double iw) {
  if (iw == 0) return 1.0;
  if (std::isnan(iv)) return iv;
  if (std::isnan(iw)) return iv == 1.0 ? 1.0 : iw;
  if (std::isinf(iw)) {
    iv = std::fabs(iv);
    if (iv == 1.0) return 1.0;
    if ((iw > 0.0) == (iv > 1.0)) return std::fabs(iw);
    return 0.0;
  }
  if (std::isinf(iv)) {
    bool odd = is_odd_integer(iw);
    if (iw > 0.0) return odd ? iv : std::fabs(iv);
    return odd ? std::copysign(0.0, iv) : 0.0;
  }
  if (iv == 0.0) {
    if (iw < 0.0) zero_division("0.0 cannot be raised to a negative power");
    return is_odd_integer(iw) ? iv : 0.0;
  }
  if (iv < 0.0 && iw != std::floor(iw))
    // CPython returns a complex number here; corosim has no complex type.
    raise_error(exception_types().value_error,
                "corosim does not support complex numbers (a negative number raised to a "
                "fractional power)");
  if (iv == 1.0) return 1.0;
  if (iv == -1.0) return is_odd_integer(iw) ? -1.0 : 1.0;
  double r = std::pow(iv, iw);
  if (std::isinf(r)) float_range_error();
  return r;
}

}  // namespace

void raise_int_overflow() {
  raise_error(exception_types().overflow_error,
              "integer overflow: result exceeds the 64-bit range of corosim ints "
              "(-9223372036854775808 to 9223372036854775807)");
}

int64_t int_floordiv(int64_t a, int64_t b) {
  if (b == 0) zero_division("integer division or modulo by zero");
  if (a == kIntMin && b == -1) raise_int_overflow();
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

int64_t int_mod(int64_t a, int64_t b) {
  if (b == 0) zero_division("integer modulo by zero");
  if (b == -1) return 0;  // also avoids INT64_MIN % -1, which C++ leaves undefined
  int64_t r = a % b;
  if (r != 0 && ((r < 0) != (b < 0))) r += b;
  return r;
}

double float_mod(double vx, double wx) {
  if (wx == 0.0) zero_division("float modulo");
  double mod = std::fmod(vx, wx);
  if (mod != 0.0) {
    if ((wx < 0) != (mod < 0)) mod += wx;
  } else {
    mod = std::copysign(0.0, wx);
  }
  return mod;
}

// Mirrors _float_div_mod's floor-division half.
double float_floordiv(double vx, double wx) {
  if (wx == 0.0) zero_division("float floor division by zero");
  double mod = std::fmod(vx, wx);
  double div = (vx - mod) / wx;
  if (mod != 0.0 && ((wx < 0) != (mod < 0))) div -= 1.0;
  if (div != 0.0) {
    double floordiv = std::floor(div);
    if (div - floordiv > 0.5) floordiv += 1.0;
    return floordiv;
  }
  return std::copysign(0.0, vx / wx);
}

Value int_binary_op(BinaryOp op, int64_t a, int64_t b) {
  switch (op) {
    case BinaryOp::kAdd:
      return Value::from_int(add_checked(a, b));
    case BinaryOp::kSub:
      return Value::from_int(sub_checked(a, b));
    case BinaryOp::kMul:
      return Value::from_int(mul_checked(a, b));
    case BinaryOp::kTrueDiv:
      return Value::from_float(int_true_divide(a, b));
    case BinaryOp::kFloorDiv:
      return Value::from_int(int_floordiv(a, b));
    case BinaryOp::kMod:
      return Value::from_int(int_mod(a, b));
    case BinaryOp::kPow:
      if (b < 0) return Value::from_float(float_pow(double(a), double(b)));
      return Value::from_int(int_pow(a, b));
    case BinaryOp::kLShift:
      return Value::from_int(int_lshift(a, b));
    case BinaryOp::kRShift:
      return Value::from_int(int_rshift(a, b));
    case BinaryOp::kAnd:
      return Value::from_int(a & b);
    case BinaryOp::kOr:
      return Value::from_int(a | b);
    case BinaryOp::kXor:
      return Value::from_int(a ^ b);
    case BinaryOp::kMatMul:
      return Value();
  }
  return Value();
}

Value float_binary_op(BinaryOp op, double a, double b) {
  switch (op) {
    case BinaryOp::kAdd:
      return Value::from_float(a + b);
    case BinaryOp::kSub:
      return Value::from_float(a - b);
    case BinaryOp::kMul:
      return Value::from_float(a * b);
    case BinaryOp::kTrueDiv:
      if (b == 0.0) zero_division("float division by zero");
      return Value::from_float(a / b);
    case BinaryOp::kFloorDiv:
      return Value::from_float(float_floordiv(a, b));
    case BinaryOp::kMod:
      return Value::from_float(float_mod(a, b));
    case BinaryOp::kPow:
      return Value::from_float(float_pow(a, b));
    default:
      return Value();
  }
}

int compare_int_float(int64_t i, double d) {
  if (std::isnan(d)) return 2;
  if (d >= 9223372036854775808.0) return -1;
  if (d < -9223372036854775808.0) return 1;
  double fl = std::floor(d);
  auto f = static_cast<int64_t>(fl);
  if (i < f) return -1;
  if (i > f) return 1;
  return fl < d ? -1 : 0;  // i == floor(d) < d when d has a fraction
}

// Mirrors Objects/longobject.c long_hash: |i| mod (2**61 - 1), signed.
int64_t hash_int(int64_t i) {
  uint64_t mag = i < 0 ? 0 - uint64_t(i) : uint64_t(i);
  auto h = int64_t(mag % kHashModulus);
  if (i < 0) h = -h;
  return h == -1 ? -2 : h;
}

// Mirrors Python/pyhash.c _Py_HashDouble (NaN hashes by identity in
// CPython; corosim's floats are values, so NaN hashes to 0).
int64_t hash_float(double v) {
  if (!std::isfinite(v)) {
    if (std::isinf(v)) return v > 0 ? kHashInf : -kHashInf;
    return 0;
  }
  int e;
  double m = std::frexp(v, &e);
  int sign = 1;
  if (m < 0) {
    sign = -1;
    m = -m;
  }
  uint64_t x = 0;
  while (m != 0.0) {
    x = ((x << 28) & kHashModulus) | x >> (kHashBits - 28);
    m *= 268435456.0;  // 2**28
    e -= 28;
    auto y = static_cast<uint64_t>(m);
    m -= double(y);
    x += y;
    if (x >= kHashModulus) x -= kHashModulus;
  }
  e = e >= 0 ? e % kHashBits : kHashBits - 1 - ((-1 - e) % kHashBits);
  x = ((x << e) & kHashModulus) | x >> (kHashBits - e);
  x = x * uint64_t(int64_t(sign));
  auto h = int64_t(x);
  return h == -1 ? -2 : h;
}

}  // namespace corosim
