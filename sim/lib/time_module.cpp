#include "sim/lib/time_module.h"

#include <cmath>
#include <ctime>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/loop/event_loop.h"
#include "sim/loop/native_args.h"
#include "sim/runtime/exception.h"
#include "sim/runtime/module_object.h"
#include "sim/runtime/native_function.h"
#include "sim/runtime/repr.h"
#include "sim/runtime/finalizer.h"
#include "sim/runtime/run_context.h"
#include "sim/runtime/str_object.h"
#include "sim/runtime/tuple_object.h"
#include "sim/runtime/builtin_types.h"

namespace corosim {
namespace {

// struct_time's fields, in tuple order.
constexpr const char* kStructTimeFields[] = {"tm_year", "tm_mon",  "tm_mday",
                                             "tm_hour", "tm_min",  "tm_sec",
                                             "tm_wday", "tm_yday", "tm_isdst"};
constexpr size_t kStructTimeSize = 9;

Value struct_time_attr(const Value& self, std::string_view name) {
  const auto& items = self.as<TupleObject>()->items;
  for (size_t i = 0; i < kStructTimeSize; ++i)
    if (name == kStructTimeFields[i]) return items[i];
  if (name == "tm_zone") return new_str("GMT");
  if (name == "tm_gmtoff") return Value::from_int(0);
  return Value();
}

std::string struct_time_repr(const Value& self) {
  const auto& items = self.as<TupleObject>()->items;
  std::string text = "time.struct_time(";
  for (size_t i = 0; i < kStructTimeSize; ++i)
    text += std::string(i ? ", " : "") + kStructTimeFields[i] + "=" + repr(items[i]);
  return text + ")";
}

TypeObject* struct_time_type() {
  static TypeObject* type = [] {
    TypeObject* t = new_builtin_type("struct_time", builtin_types().tuple, 0, "time");
    t->get_attr = struct_time_attr;
    t->repr = struct_time_repr;
    return t;
  }();
  return type;
}

// Days since 1970-01-01 -> civil date (H. Hinnant's days_from_civil inverse).
void civil_from_days(int64_t z, int64_t& y, int64_t& m, int64_t& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = yoe + era * 400;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
}

bool is_leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int64_t day_of_year(int64_t y, int64_t m, int64_t d) {
  static constexpr int kBefore[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
  return kBefore[m - 1] + d + (m > 2 && is_leap(y) ? 1 : 0);
}

double clock_now() { return run_context().clock; }

// The `secs` argument of gmtime/localtime: None or absent means now.
double secs_arg(std::span<const Value> args, const char* fname) {
  check_arg_count(fname, args, 0, 1);
  if (args.empty() || args[0].is_none()) return clock_now();
  return native_args::to_double(args[0], "'" + type_name(args[0]) +
                                             "' object cannot be interpreted as an integer");
}

// Python's gettmarg + checktm for strftime's tuple argument.
std::tm tm_from_tuple(const Value& t) {
  const ExceptionTypes& types = exception_types();
  if (!t.is(ObjKind::kTuple))
    raise_error(types.type_error, "Tuple or struct_time argument required");
  const auto& items = t.as<TupleObject>()->items;
  if (items.size() != kStructTimeSize)
    raise_error(types.type_error, "strftime(): illegal time tuple argument");
  int64_t f[kStructTimeSize];
  for (size_t i = 0; i < kStructTimeSize; ++i) {
    if (!items[i].is_int() && !items[i].is_bool())
      raise_error(types.type_error, "'" + type_name(items[i]) +
                                        "' object cannot be interpreted as an integer");
    f[i] = items[i].is_int() ? items[i].as_int() : (items[i].as_bool() ? 1 : 0);
  }
  std::tm tm{};
  tm.tm_year = static_cast<int>(f[0] - 1900);
  tm.tm_mon = static_cast<int>(f[1] == 0 ? 0 : f[1] - 1);  // Python accepts month 0
  tm.tm_mday = static_cast<int>(f[2] == 0 ? 1 : f[2]);
  tm.tm_hour = static_cast<int>(f[3]);
  tm.tm_min = static_cast<int>(f[4]);
  tm.tm_sec = static_cast<int>(f[5]);
  tm.tm_wday = static_cast<int>((f[6] + 1) % 7);  // Python: Monday = 0; C: Sunday = 0
  tm.tm_yday = static_cast<int>(f[7] == 0 ? 0 : f[7] - 1);
  tm.tm_isdst = static_cast<int>(f[8]);
  if (tm.tm_mon < 0 || tm.tm_mon > 11) raise_error(types.value_error, "month out of range");
  if (tm.tm_mday < 0 || tm.tm_mday > 31) raise_error(types.value_error, "day of month out of range");
  if (tm.tm_hour < 0 || tm.tm_hour > 23) raise_error(types.value_error, "hour out of range");
  if (tm.tm_min < 0 || tm.tm_min > 59) raise_error(types.value_error, "minute out of range");
  if (tm.tm_sec < 0 || tm.tm_sec > 61) raise_error(types.value_error, "seconds out of range");
  if (f[6] < 0) raise_error(types.value_error, "day of week out of range");
  if (tm.tm_yday < 0 || tm.tm_yday > 365) raise_error(types.value_error, "day of year out of range");
  bool from_struct_time = t.obj()->type() == struct_time_type();
#if defined(__GLIBC__)
  tm.tm_zone = from_struct_time ? "GMT" : "UTC";  // what python3 prints for %Z
  tm.tm_gmtoff = 0;
#else
  (void)from_struct_time;
#endif
  return tm;
}

Value py_time(const Value&, std::span<const Value> args, std::span<const KwArg> kwargs) {
  check_no_kwargs("time", kwargs);
  check_arg_count("time", args, 0, 0);
  return Value::from_float(clock_now());
}

// time.sleep(s): blocks the whole program, i.e. only moves the clock.
Value py_sleep(const Value&, std::span<const Value> args, std::span<const KwArg> kwargs) {
  check_no_kwargs("sleep", kwargs);
  check_arg_count("sleep", args, 1, 1);
  double secs = native_args::to_double(
      args[0], "'" + type_name(args[0]) + "' object cannot be interpreted as an integer");
  // Mirrors Python/pytime.c _PyTime_FromSecondsObject: NaN, then the
  // nanosecond range, then the sign (timemodule.c time_sleep).
  if (std::isnan(secs)) raise_error(exception_types().value_error, "Invalid value NaN (not a number)");
  if (!(std::fabs(secs) * 1e9 < 9223372036854775808.0))
    raise_error(exception_types().overflow_error, "timestamp out of range for platform time_t");
  if (secs < 0) raise_error(exception_types().value_error, "sleep length must be non-negative");
  RunContext& ctx = run_context();
  double next = ctx.clock + secs;
  if (ctx.until && next > *ctx.until) {
    ctx.clock = std::max(ctx.clock, *ctx.until);
    end_run(UntilReached{*ctx.until});
  }
  ctx.clock = next;
  return Value::none();
}

Value py_gmtime(const Value&, std::span<const Value> args, std::span<const KwArg> kwargs) {
  check_no_kwargs("gmtime", kwargs);
  return make_struct_time(secs_arg(args, "gmtime"));
}

Value py_localtime(const Value&, std::span<const Value> args, std::span<const KwArg> kwargs) {
  check_no_kwargs("localtime", kwargs);
  return make_struct_time(secs_arg(args, "localtime"));  // corosim's local time is UTC
}

Value py_strftime(const Value&, std::span<const Value> args, std::span<const KwArg> kwargs) {
  check_no_kwargs("strftime", kwargs);
  check_arg_count("strftime", args, 1, 2);
  if (!args[0].is(ObjKind::kStr))
    raise_error(exception_types().type_error,
                "strftime() argument 1 must be str, not " + type_name(args[0]));
  Value t = args.size() == 2 ? args[1] : make_struct_time(clock_now());
  return new_str(format_time(args[0].as<StrObject>()->text(), t));
}

struct FunctionEntry {
  const char* name;
  NativeFn fn;
};

constexpr FunctionEntry kFunctions[] = {
    {"time", py_time},         {"monotonic", py_time},    {"perf_counter", py_time},
    {"sleep", py_sleep},       {"gmtime", py_gmtime},     {"localtime", py_localtime},
    {"strftime", py_strftime},
};

}  // namespace

Value make_struct_time(double secs) {
  const int64_t whole = static_cast<int64_t>(std::floor(secs));
  int64_t days = whole / 86400;
  int64_t rem = whole % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  int64_t y, m, d;
  civil_from_days(days, y, m, d);
  const int64_t wday = ((days % 7) + 7 + 3) % 7;  // 1970-01-01 was a Thursday (3)
  std::vector<Value> items = {
      Value::from_int(y),          Value::from_int(m),
      Value::from_int(d),          Value::from_int(rem / 3600),
      Value::from_int(rem / 60 % 60), Value::from_int(rem % 60),
      Value::from_int(wday),       Value::from_int(day_of_year(y, m, d)),
      Value::from_int(0)};
  Ref<TupleObject> tuple = new_tuple(std::move(items));
  tuple->set_type(struct_time_type());
  return Value(tuple);
}

// Mirrors Modules/timemodule.c time_strftime: grow the buffer until the
// result fits (an empty result is accepted once the buffer is 256x the format).
std::string format_time(const std::string& format, const Value& t) {
  std::tm tm = tm_from_tuple(t);
  const size_t fmtlen = format.size();
  for (size_t size = 1024;; size += size) {
    std::vector<char> buffer(size);
    size_t n = std::strftime(buffer.data(), size, format.c_str(), &tm);
    if (n > 0 || size >= 256 * fmtlen) return std::string(buffer.data(), n);
  }
}

Value make_time_module() {
  Ref<ModuleObject> module = new_module("time", " (built-in)");
  for (const FunctionEntry& f : kFunctions)
    module->set(f.name, Value(new_native_function(f.name, f.fn)));
  module->set("struct_time", Value(struct_time_type()));
  return Value(module);
}

}  // namespace corosim
