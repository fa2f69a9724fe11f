// The time module on the virtual clock; expected texts are python3's.
#include "sim/lib/time_module.h"

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "sim/loop/event_loop.h"
#include "sim/runtime/call.h"
#include "sim/runtime/exception.h"
#include "sim/runtime/module_object.h"
#include "sim/runtime/repr.h"
#include "sim/runtime/run_context.h"
#include "sim/runtime/str_object.h"
#include "sim/runtime/tuple_object.h"
#include "tests/loop/loop_test_support.h"

namespace corosim {
namespace {

// time.NAME(*args) on a fresh module.
Value call_time(const char* name, std::vector<Value> args = {}) {
  Value module = make_time_module();
  return call(module.as<ModuleObject>()->get(name), args);
}

std::string strftime_at(const char* format, double secs) {
  return str(call_time("strftime", {new_str(format), call_time("gmtime", {Value::from_float(secs)})}));
}

std::string raised(std::vector<Value> args, const char* name) {
  try {
    call_time(name, std::move(args));
  } catch (PyException& e) {
    return repr(e.exc);
  }
  return "";
}

}  // namespace

TEST_CASE("time, monotonic and perf_counter read the virtual clock") {
  testing::LoopWorld w;
  run_context().clock = 12.5;
  CHECK(repr(call_time("time")) == "12.5");
  CHECK(repr(call_time("monotonic")) == "12.5");
  CHECK(repr(call_time("perf_counter")) == "12.5");
}

TEST_CASE("time.sleep blocks: it only moves the clock, in doubles") {
  testing::LoopWorld w;
  for (int i = 0; i < 10; ++i) call_time("sleep", {Value::from_float(0.1)});
  CHECK(repr(Value::from_float(run_context().clock)) == "0.9999999999999999");
  call_time("sleep", {Value::from_int(2)});
  CHECK(repr(Value::from_float(run_context().clock)) == "3.0");  // 0.9999999999999999 + 2 rounds to 3.0
  CHECK(raised({Value::from_int(-1)}, "sleep") == "ValueError('sleep length must be non-negative')");
  CHECK(raised({Value::from_float(NAN)}, "sleep") == "ValueError('Invalid value NaN (not a number)')");
  CHECK(raised({Value::from_float(INFINITY)}, "sleep") ==
        "OverflowError('timestamp out of range for platform time_t')");
  CHECK(raised({Value::from_float(-INFINITY)}, "sleep") ==
        "OverflowError('timestamp out of range for platform time_t')");
  CHECK(raised({Value::from_float(1e10)}, "sleep") == "OverflowError('timestamp out of range for platform time_t')");
  CHECK(repr(Value::from_float(run_context().clock)) == "3.0");
  CHECK(raised({new_str("a")}, "sleep") == "TypeError(\"'str' object cannot be interpreted as an integer\")");
}

TEST_CASE("time.sleep past --until stops the clock at the limit") {
  testing::LoopWorld w;
  run_context().until = 1.5;
  call_time("sleep", {Value::from_int(1)});
  CHECK_THROWS_AS(call_time("sleep", {Value::from_int(1)}), UntilReached);
  CHECK(run_context().clock == 1.5);
}

TEST_CASE("strftime formats the clock as UTC from the epoch, so a run starts at 00:00:00") {
  testing::LoopWorld w;
  CHECK(str(call_time("strftime", {new_str("%X")})) == "00:00:00");
  run_context().clock = 3725.75;
  CHECK(str(call_time("strftime", {new_str("%H:%M:%S")})) == "01:02:05");
  CHECK(strftime_at("%a %A %b %B %d %e %H %I %j %m %M %p %S %w %u %y %Y %C %D %T %R %F %h", 0) ==
        "Thu Thursday Jan January 01  1 00 12 001 01 00 AM 00 4 4 70 1970 19 01/01/70 00:00:00 "
        "00:00 1970-01-01 Jan");
  CHECK(strftime_at("%c|%x|%Z|%z|%%", 0) == "Thu Jan  1 00:00:00 1970|01/01/70|GMT|+0000|%");
  CHECK(strftime_at("%Y-%m-%d %H:%M:%S %a %b %p %j %U %W %V %G", 86400 * 400 + 3600 * 13 + 61.7) ==
        "1971-02-05 13:01:01 Fri Feb PM 036 05 05 05 1971");
}

TEST_CASE("gmtime and localtime give a struct_time with python3's repr and fields") {
  testing::LoopWorld w;
  Value t = call_time("gmtime", {Value::from_float(86400 * 400 + 3600 * 13 + 61.7)});
  CHECK(repr(t) ==
        "time.struct_time(tm_year=1971, tm_mon=2, tm_mday=5, tm_hour=13, tm_min=1, tm_sec=1, "
        "tm_wday=4, tm_yday=36, tm_isdst=0)");
  CHECK(repr(call_time("localtime", {Value::from_int(-1)})) ==
        "time.struct_time(tm_year=1969, tm_mon=12, tm_mday=31, tm_hour=23, tm_min=59, tm_sec=59, "
        "tm_wday=2, tm_yday=365, tm_isdst=0)");
  CHECK(t.as<TupleObject>()->items.size() == 9);
}

TEST_CASE("strftime accepts a plain 9-tuple and rejects bad ones with python3's messages") {
  testing::LoopWorld w;
  std::vector<Value> fields;
  for (int v : {1970, 1, 1, 0, 0, 0, 3, 1, 0}) fields.push_back(Value::from_int(v));
  CHECK(str(call_time("strftime", {new_str("%X %Z"), Value(new_tuple(fields))})) == "00:00:00 UTC");
  CHECK(raised({new_str("%X"), Value(new_tuple({Value::from_int(1970)}))}, "strftime") ==
        "TypeError('strftime(): illegal time tuple argument')");
  CHECK(raised({Value::from_int(5)}, "strftime") ==
        "TypeError('strftime() argument 1 must be str, not int')");
}

}  // namespace corosim
