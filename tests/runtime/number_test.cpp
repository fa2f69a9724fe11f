// Expected values come from CPython 3.11 (python3 -c "print(repr(...))").
#include "sim/runtime/number.h"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "sim/runtime/ops.h"
#include "tests/support/values.h"

namespace corosim {
namespace {

using namespace test;

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

std::string op(BinaryOp o, const Value& a, const Value& b) { return repr(binary_op(o, a, b)); }

TEST_CASE("int floor division and modulo round toward minus infinity") {
  CHECK(op(BinaryOp::kFloorDiv, I(-7), I(2)) == "-4");
  CHECK(op(BinaryOp::kFloorDiv, I(7), I(-2)) == "-4");
  CHECK(op(BinaryOp::kMod, I(-7), I(2)) == "1");
  CHECK(op(BinaryOp::kMod, I(7), I(-2)) == "-1");
  CHECK(op(BinaryOp::kFloorDiv, I(kMax), I(-1)) == "-9223372036854775807");
  CHECK(op(BinaryOp::kMod, I(kMin), I(-1)) == "0");
}

TEST_CASE("float floor division and modulo follow CPython's sign rules") {
  CHECK(op(BinaryOp::kFloorDiv, F(-7.5), I(2)) == "-4.0");
  CHECK(op(BinaryOp::kMod, F(7.5), I(-2)) == "-0.5");
  CHECK(op(BinaryOp::kMod, F(-0.0), I(5)) == "0.0");
  CHECK(op(BinaryOp::kMod, I(5), F(-0.5)) == "-0.0");
  CHECK(op(BinaryOp::kFloorDiv, F(-7.0), F(2.0)) == "-4.0");
  CHECK(op(BinaryOp::kMod, F(INFINITY), I(3)) == "nan");
  CHECK(op(BinaryOp::kMod, I(3), F(INFINITY)) == "3.0");
  CHECK(op(BinaryOp::kMod, I(-3), F(INFINITY)) == "inf");
  CHECK(op(BinaryOp::kFloorDiv, F(3.0), F(INFINITY)) == "0.0");
  CHECK(op(BinaryOp::kFloorDiv, F(-3.0), F(INFINITY)) == "-1.0");
}

TEST_CASE("true division always gives a float, correctly rounded") {
  CHECK(op(BinaryOp::kTrueDiv, I(1), I(3)) == "0.3333333333333333");
  CHECK(op(BinaryOp::kTrueDiv, I(7), I(7)) == "1.0");
  CHECK(op(BinaryOp::kTrueDiv, I(10), I(4)) == "2.5");
  CHECK(op(BinaryOp::kTrueDiv, I(9007199254740993), I(1)) == "9007199254740992.0");
  CHECK(op(BinaryOp::kTrueDiv, I(kMax), I(3)) == "3.0744573456182584e+18");
  CHECK(op(BinaryOp::kTrueDiv, I(kMin), I(7)) == "-1.3176245766935393e+18");
  CHECK(op(BinaryOp::kAdd, F(0.1), F(0.2)) == "0.30000000000000004");
}

TEST_CASE("powers of ints stay ints unless the exponent is negative") {
  CHECK(op(BinaryOp::kPow, I(2), I(10)) == "1024");
  CHECK(op(BinaryOp::kPow, I(2), I(-1)) == "0.5");
  CHECK(op(BinaryOp::kPow, I(-2), I(63)) == "-9223372036854775808");
  CHECK(op(BinaryOp::kPow, I(-2), I(3)) == "-8");
  CHECK(op(BinaryOp::kPow, I(0), I(0)) == "1");
  CHECK(op(BinaryOp::kPow, I(3), F(0.5)) == "1.7320508075688772");
  CHECK(op(BinaryOp::kPow, I(4), F(0.5)) == "2.0");
  CHECK(op(BinaryOp::kPow, F(-8.0), I(3)) == "-512.0");
  CHECK(op(BinaryOp::kPow, F(2.0), I(-1074)) == "5e-324");
  CHECK(op(BinaryOp::kPow, F(2.0), I(-1080)) == "0.0");
}

TEST_CASE("int results beyond 64 bits raise OverflowError naming the limit") {
  const std::string overflow =
      "OverflowError: integer overflow: result exceeds the 64-bit range of corosim ints "
      "(-9223372036854775808 to 9223372036854775807)";
  CHECK(error_of([] { binary_op(BinaryOp::kAdd, I(kMax), I(1)); }) == overflow);
  CHECK(error_of([] { binary_op(BinaryOp::kSub, I(kMin), I(1)); }) == overflow);
  CHECK(error_of([] { binary_op(BinaryOp::kMul, I(kMax), I(2)); }) == overflow);
  CHECK(error_of([] { binary_op(BinaryOp::kPow, I(2), I(63)); }) == overflow);
  CHECK(error_of([] { binary_op(BinaryOp::kFloorDiv, I(kMin), I(-1)); }) == overflow);
  CHECK(error_of([] { binary_op(BinaryOp::kLShift, I(1), I(63)); }) == overflow);
  CHECK(error_of([] { unary_op(UnaryOp::kNeg, I(kMin)); }) == overflow);
  CHECK(op(BinaryOp::kSub, I(-kMax), I(1)) == "-9223372036854775808");
  CHECK(op(BinaryOp::kLShift, I(1), I(62)) == "4611686018427387904");
  CHECK(op(BinaryOp::kLShift, I(-1), I(63)) == "-9223372036854775808");
  CHECK(repr(unary_op(UnaryOp::kNeg, I(-kMax))) == "9223372036854775807");
}

TEST_CASE("division by zero raises CPython's messages") {
  CHECK(error_of([] { binary_op(BinaryOp::kMod, I(5), I(0)); }) ==
        "ZeroDivisionError: integer modulo by zero");
  CHECK(error_of([] { binary_op(BinaryOp::kFloorDiv, I(5), I(0)); }) ==
        "ZeroDivisionError: integer division or modulo by zero");
  CHECK(error_of([] { binary_op(BinaryOp::kTrueDiv, I(5), I(0)); }) ==
        "ZeroDivisionError: division by zero");
  CHECK(error_of([] { binary_op(BinaryOp::kMod, F(5), I(0)); }) ==
        "ZeroDivisionError: float modulo");
  CHECK(error_of([] { binary_op(BinaryOp::kFloorDiv, F(5), I(0)); }) ==
        "ZeroDivisionError: float floor division by zero");
  CHECK(error_of([] { binary_op(BinaryOp::kTrueDiv, F(5), I(0)); }) ==
        "ZeroDivisionError: float division by zero");
  CHECK(error_of([] { binary_op(BinaryOp::kPow, F(0.0), I(-1)); }) ==
        "ZeroDivisionError: 0.0 cannot be raised to a negative power");
  CHECK(error_of([] { binary_op(BinaryOp::kPow, I(0), I(-1)); }) ==
        "ZeroDivisionError: 0.0 cannot be raised to a negative power");
}

TEST_CASE("float overflow in pow raises the errno-style OverflowError") {
  CHECK(error_of([] { binary_op(BinaryOp::kPow, F(10.0), I(400)); }) ==
        "OverflowError: (34, 'Numerical result out of range')");
  CHECK(op(BinaryOp::kMul, F(1e308), I(10)) == "inf");
}

TEST_CASE("bools act as ints and bitwise ops on two bools stay bools") {
  CHECK(op(BinaryOp::kAdd, B(true), B(true)) == "2");
  CHECK(op(BinaryOp::kAnd, B(true), B(false)) == "False");
  CHECK(op(BinaryOp::kOr, B(true), I(2)) == "3");
  CHECK(repr(unary_op(UnaryOp::kInvert, B(true))) == "-2");
  CHECK(repr(unary_op(UnaryOp::kNeg, B(true))) == "-1");
  CHECK(op(BinaryOp::kAnd, I(6), I(3)) == "2");
  CHECK(op(BinaryOp::kXor, I(6), I(3)) == "5");
  CHECK(op(BinaryOp::kRShift, I(-1), I(100)) == "-1");
  CHECK(op(BinaryOp::kRShift, I(5), I(1)) == "2");
}

TEST_CASE("shifts by a negative count raise ValueError") {
  CHECK(error_of([] { binary_op(BinaryOp::kLShift, I(1), I(-1)); }) ==
        "ValueError: negative shift count");
  CHECK(error_of([] { binary_op(BinaryOp::kRShift, I(1), I(-1)); }) ==
        "ValueError: negative shift count");
}

TEST_CASE("ints compare exactly with floats") {
  CHECK(compare_int_float(kMax, 9223372036854775808.0) == -1);
  CHECK(compare_int_float(kMin, -9223372036854775808.0) == 0);
  CHECK(compare_int_float(9007199254740993, 9007199254740992.0) == 1);
  CHECK(compare_int_float(1, 1.5) == -1);
  CHECK(compare_int_float(2, 1.5) == 1);
  CHECK(compare_int_float(-2, -1.5) == -1);
  CHECK(compare_int_float(0, NAN) == 2);
}

TEST_CASE("numbers hash as in CPython") {
  CHECK(hash_int(-1) == -2);
  CHECK(hash_int(2305843009213693951) == 0);  // 2**61 - 1
  CHECK(hash_int(2305843009213693952) == 1);  // 2**61
  CHECK(hash_int(kMin) == -4);
  CHECK(hash_float(-1.0) == -2);
  CHECK(hash_float(1.0) == 1);
  CHECK(hash_float(1.5) == 1152921504606846977);
  CHECK(hash_float(0.1) == 230584300921369408);
  CHECK(hash_float(1e300) == 1224995262755759164);
  CHECK(hash_float(INFINITY) == 314159);
}

}  // namespace
}  // namespace corosim
