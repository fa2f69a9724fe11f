#include "sim/trace/json_text.h"

#include <doctest/doctest.h>

#include <limits>

namespace corosim {
namespace {

std::string json_string(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

std::string json_number(double d) {
  std::string out;
  append_json_number(out, d);
  return out;
}

// Expected values are what python3 -c 'import json; print(json.dumps(X))' prints.
TEST_CASE("strings are escaped exactly as json.dumps escapes them") {
  CHECK(json_string("start 00:00:00\n") == R"("start 00:00:00\n")");
  CHECK(json_string("say \"hi\" \\ now") == R"("say \"hi\" \\ now")");
  CHECK(json_string("\t\r\b\f") == R"("\t\r\b\f")");
  CHECK(json_string(std::string("\x00\x01\x1f\x7f", 4)) == R"("\u0000\u0001\u001f\u007f")");
  CHECK(json_string("/ ~") == R"("/ ~")");
}

TEST_CASE("non-ASCII text is written as \\u escapes with surrogate pairs") {
  CHECK(json_string("caf\xc3\xa9") == R"("caf\u00e9")");
  CHECK(json_string("\xe2\x82\xac") == R"("\u20ac")");
  CHECK(json_string("\xf0\x9f\x98\x80") == R"("\ud83d\ude00")");
}

TEST_CASE("a lone surrogate held WTF-8 style comes out as itself") {
  CHECK(json_string("\xed\xa0\x80") == R"("\ud800")");
}

TEST_CASE("bytes that are not UTF-8 become replacement characters, one per byte") {
  CHECK(json_string("a\xff" "b") == R"("a\ufffdb")");
  CHECK(json_string("\xc3") == R"("\ufffd")");
  CHECK(json_string("\xc0\xaf") == R"("\ufffd\ufffd")");
  CHECK(json_string("\xe0\x80\xaf") == R"("\ufffd\ufffd\ufffd")");
  CHECK(json_string("\xf4\x90\x80\x80") == R"("\ufffd\ufffd\ufffd\ufffd")");
}

TEST_CASE("numbers are written in Python's shortest round-trip form") {
  CHECK(json_number(4.0) == "4.0");
  CHECK(json_number(0.1) == "0.1");
  CHECK(json_number(0.1 + 0.2) == "0.30000000000000004");
  CHECK(json_number(1e-05) == "1e-05");
  CHECK(json_number(1e16) == "1e+16");
  CHECK(json_number(-0.0) == "-0.0");
}

TEST_CASE("inf and nan, which JSON cannot hold, are written as null") {
  CHECK(json_number(std::numeric_limits<double>::infinity()) == "null");
  CHECK(json_number(-std::numeric_limits<double>::infinity()) == "null");
  CHECK(json_number(std::numeric_limits<double>::quiet_NaN()) == "null");
}

TEST_CASE("integers are written in decimal") {
  std::string out;
  append_json_int(out, -12);
  append_json_int(out, 9223372036854775807);
  CHECK(out == "-129223372036854775807");
}

}  // namespace
}  // namespace corosim
