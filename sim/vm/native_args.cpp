#include "sim/vm/native_args.h"

#include "sim/runtime/exception.h"
#include "sim/runtime/ops.h"
#include "sim/runtime/repr.h"
#include "sim/runtime/str_object.h"

namespace corosim::lib {

void type_error(std::string message) { raise_error(exception_types().type_error, std::move(message)); }

void value_error(std::string message) { raise_error(exception_types().value_error, std::move(message)); }

void expect_one_arg(std::string_view fname, std::span<const Value> args) {
  if (args.size() != 1) {
    type_error(std::string(fname) + "() takes exactly one argument (" + std::to_string(args.size()) +
               " given)");
  }
}

void expect_no_args(std::string_view fname, std::span<const Value> args) {
  if (!args.empty()) {
    type_error(std::string(fname) + "() takes no arguments (" + std::to_string(args.size()) + " given)");
  }
}

void expect_args(std::string_view fname, std::span<const Value> args, size_t min, size_t max) {
  size_t n = args.size();
  if (n >= min && n <= max) return;
  bool too_few = n < min;
  size_t bound = too_few ? min : max;
  std::string qualifier = min == max ? "" : too_few ? "at least " : "at most ";
  type_error(std::string(fname) + " expected " + qualifier + std::to_string(bound) + " argument" +
             (bound == 1 ? "" : "s") + ", got " + std::to_string(n));
}

void expect_args_parsetuple(std::string_view fname, std::span<const Value> args, size_t min,
                            size_t max) {
  size_t n = args.size();
  if (n >= min && n <= max) return;
  bool too_few = n < min;
  size_t bound = too_few ? min : max;
  std::string qualifier = min == max ? "exactly " : too_few ? "at least " : "at most ";
  type_error(std::string(fname) + "() takes " + qualifier + std::to_string(bound) + " argument" +
             (bound == 1 ? "" : "s") + " (" + std::to_string(n) + " given)");
}

void expect_no_kwargs(std::string_view fname, std::span<const KwArg> kwargs) {
  if (!kwargs.empty()) type_error(std::string(fname) + "() takes no keyword arguments");
}

void expect_kwargs(std::string_view fname, std::span<const KwArg> kwargs,
                   std::initializer_list<std::string_view> allowed) {
  for (const KwArg& kw : kwargs) {
    bool ok = false;
    for (std::string_view name : allowed) ok = ok || name == kw.name;
    if (!ok) {
      type_error("'" + std::string(kw.name) + "' is an invalid keyword argument for " +
                 std::string(fname) + "()");
    }
  }
}

Value find_kwarg(std::span<const KwArg> kwargs, std::string_view name) {
  for (const KwArg& kw : kwargs)
    if (kw.name == name) return kw.value;
  return Value();
}

int64_t index_arg(const Value& v) {
  int64_t i = 0;
  if (!as_index(v, i)) type_error("'" + type_name(v) + "' object cannot be interpreted as an integer");
  return i;
}

int64_t slice_index_arg(const Value& v, bool none_allowed) {
  int64_t i = 0;
  if (!as_index(v, i)) {
    type_error(none_allowed ? "slice indices must be integers or None or have an __index__ method"
                            : "slice indices must be integers or have an __index__ method");
  }
  return i;
}

bool is_str(const Value& v) { return v.is(ObjKind::kStr); }

std::string_view str_text(const Value& v) { return v.as<StrObject>()->view(); }

}  // namespace corosim::lib
