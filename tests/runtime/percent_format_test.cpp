// Generated from CPython 3.11: every expected string is python3's `fmt % args`.
#include "sim/runtime/percent_format.h"

#include <doctest/doctest.h>

#include <cmath>

#include "tests/support/values.h"

namespace corosim {
namespace {

using namespace test;

TEST_CASE("printf-style formatting matches CPython's output and errors") {
  CHECK(percent_format("%d", I(42)) == R"(42)");
  CHECK(percent_format("%5d|", I(42)) == R"(   42|)");
  CHECK(percent_format("%-5d|", I(42)) == R"(42   |)");
  CHECK(percent_format("%05d", I(-42)) == R"(-0042)");
  CHECK(percent_format("%+d", I(5)) == R"(+5)");
  CHECK(percent_format("% d", I(5)) == R"( 5)");
  CHECK(percent_format("%d", F(3.7)) == R"(3)");
  CHECK(percent_format("%d", B(true)) == R"(1)");
  CHECK(percent_format("%i", I(-3)) == R"(-3)");
  CHECK(percent_format("%x", I(255)) == R"(ff)");
  CHECK(percent_format("%X", I(255)) == R"(FF)");
  CHECK(percent_format("%#x", I(255)) == R"(0xff)");
  CHECK(percent_format("%o", I(8)) == R"(10)");
  CHECK(percent_format("%#o", I(8)) == R"(0o10)");
  CHECK(percent_format("%f", F(1.5)) == R"(1.500000)");
  CHECK(percent_format("%.2f", F(3.14159)) == R"(3.14)");
  CHECK(percent_format("%10.3f|", F(-2.5)) == R"(    -2.500|)");
  CHECK(percent_format("%-10.1f|", F(2.25)) == R"(2.2       |)");
  CHECK(percent_format("%e", F(12345.678)) == R"(1.234568e+04)");
  CHECK(percent_format("%g", F(0.0001)) == R"(0.0001)");
  CHECK(percent_format("%G", F(1e+20)) == R"(1E+20)");
  CHECK(percent_format("%f", I(3)) == R"(3.000000)");
  CHECK(percent_format("%s", S("abc")) == R"(abc)");
  CHECK(percent_format("%5s|", S("ab")) == R"(   ab|)");
  CHECK(percent_format("%-5s|", S("ab")) == R"(ab   |)");
  CHECK(percent_format("%.1s", S("abc")) == R"(a)");
  CHECK(percent_format("%r", S("abc")) == R"('abc')");
  CHECK(percent_format("%s", L({I(1), S("a")})) == R"([1, 'a'])");
  CHECK(percent_format("%r", F(1.0)) == R"(1.0)");
  CHECK(percent_format("%%", T({})) == R"(%)");
  CHECK(percent_format("%s and %s", T({I(1), I(2)})) == R"(1 and 2)");
  CHECK(percent_format("%(a)s-%(b)d", D({{S("a"), S("x")}, {S("b"), I(3)}})) == R"(x-3)");
  CHECK(percent_format("%c", I(65)) == R"(A)");
  CHECK(percent_format("%c", S("z")) == R"(z)");
  CHECK(percent_format("%*d|", T({I(5), I(3)})) == R"(    3|)");
  CHECK(percent_format("%.*f", T({I(2), F(3.14159)})) == R"(3.14)");
  CHECK(percent_format("%s", T({I(1)})) == R"(1)");
  CHECK(percent_format("%s", T({T({I(1), I(2)})})) == R"((1, 2))");
  CHECK(percent_format("%s", None()) == R"(None)");
  CHECK(percent_format("%5.1s|", S("abc")) == R"(    a|)");
  CHECK(percent_format("%x", I(-255)) == R"(-ff)");
  CHECK(percent_format("%#X", I(255)) == R"(0XFF)");
  CHECK(percent_format("%08.3f", F(-3.14159)) == R"(-003.142)");
  CHECK(percent_format("%+.1e", F(0.0)) == R"(+0.0e+00)");
  CHECK(percent_format("%a", S("\xc3\xa9")) == R"('\xe9')");
  CHECK(error_of([] { percent_format("%*d", T({I(1'000'000'000'000), I(1)})); }) ==
        "MemoryError: corosim limits a sequence to 1073741824 items");
  CHECK(error_of([] { percent_format("%d", S("a")); }) ==
        R"(TypeError: %d format: a real number is required, not str)");
  CHECK(error_of([] { percent_format("%x", F(1.5)); }) ==
        R"(TypeError: %x format: an integer is required, not float)");
  CHECK(error_of([] { percent_format("%f", S("a")); }) ==
        R"(TypeError: must be real number, not str)");
  CHECK(error_of([] { percent_format("%s %s", T({I(1)})); }) ==
        R"(TypeError: not enough arguments for format string)");
  CHECK(error_of([] {
          percent_format("%s", T({I(1), I(2)}));
        }) == R"(TypeError: not all arguments converted during string formatting)");
  CHECK(error_of([] { percent_format("%z", I(1)); }) ==
        R"(ValueError: unsupported format character 'z' (0x7a) at index 1)");
  CHECK(error_of([] { percent_format("%c", S("ab")); }) == R"(TypeError: %c requires int or char)");
  CHECK(error_of([] { percent_format("%(a)s", I(5)); }) ==
        R"(TypeError: format requires a mapping)");
  CHECK(error_of([] { percent_format("%c", I(1114112)); }) ==
        R"(OverflowError: %c arg not in range(0x110000))");
  CHECK(error_of([] { percent_format("abc", I(5)); }) ==
        R"(TypeError: not all arguments converted during string formatting)");
  CHECK(percent_format("abc", T({})) == R"(abc)");
  CHECK(percent_format("abc", L({})) == R"(abc)");
  CHECK(percent_format("%s", L({})) == R"([])");
  CHECK(error_of([] { percent_format("%", T({})); }) == R"(ValueError: incomplete format)");
  CHECK(error_of([] {
          percent_format("%d %d", L({I(1), I(2)}));
        }) == R"(TypeError: %d format: a real number is required, not list)");
  CHECK(percent_format("%.3d", I(5)) == R"(005)");
  CHECK(percent_format("%x", B(true)) == R"(1)");
  CHECK(error_of([] { percent_format("%5%|", T({})); }) ==
        R"(TypeError: not enough arguments for format string)");
  CHECK(percent_format("%-05d|", I(3)) == R"(3    |)");
  CHECK(percent_format("% 05d", I(3)) == R"( 0003)");
  CHECK(percent_format("%+05d", I(3)) == R"(+0003)");
  CHECK(percent_format("%#.3g", F(1.0)) == R"(1.00)");
  CHECK(percent_format("%.0f", F(0.5)) == R"(0)");
  CHECK(percent_format("%.0f", F(1.5)) == R"(2)");
  CHECK(percent_format("%r", S("it's")) == R"("it's")");
  CHECK(percent_format("%s %(a)s", D({{S("a"), I(1)}})) == "{'a': 1} 1");
  CHECK(error_of([] {
          percent_format("%(a)s %s", D({{S("a"), I(1)}}));
        }) == R"(TypeError: not enough arguments for format string)");
  CHECK(error_of([] {
          percent_format("%(a", D({{S("a"), I(1)}}));
        }) == R"(ValueError: incomplete format key)");
  CHECK(percent_format("%i %u", T({I(1), I(2)})) == "1 2");
  CHECK(error_of([] { percent_format("%i", S("a")); }) ==
        R"(TypeError: %i format: a real number is required, not str)");
  CHECK(error_of([] { percent_format("%c", I(-1)); }) ==
        R"(OverflowError: %c arg not in range(0x110000))");
  CHECK(error_of([] { percent_format("%c", F(1.5)); }) == R"(TypeError: %c requires int or char)");
  CHECK(percent_format("%.0e", I(12345)) == "1e+04");
  CHECK(percent_format("%#.0f", I(3)) == "3.");
  CHECK(percent_format("%F", F(INFINITY)) == "INF");
  CHECK(percent_format("%f", F(NAN)) == "nan");
  CHECK(percent_format("%05f", F(-INFINITY)) == "-0inf");
  CHECK(percent_format("%(a)s", D({{S("a"), I(1)}, {S("b"), I(2)}})) == "1");
  CHECK(error_of([] { percent_format("%d", F(INFINITY)); }) ==
        R"(OverflowError: cannot convert float infinity to integer)");
  CHECK(percent_format("%10s|", S("\xc3\xa9")) == "         \xc3\xa9|");
  CHECK(error_of([] { percent_format("%5%|", T({I(1)})); }) ==
        R"(ValueError: unsupported format character '%' (0x25) at index 2)");
}

}  // namespace
}  // namespace corosim
