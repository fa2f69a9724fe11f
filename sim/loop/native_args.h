// Argument parsing for the loop's and asyncio's native functions: positional
// or keyword parameters with defaults, with CPython's TypeError wording.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "sim/runtime/call.h"
#include "sim/runtime/exception.h"
#include "sim/runtime/object.h"

namespace corosim::native_args {

/// One parameter of a native function's signature.
struct Param {
  std::string_view name;
  bool keyword_only = false;
};

/// Binds args/kwargs to `params` (at most 4). Missing parameters are left
/// null (callers apply defaults). Raises TypeError like CPython:
/// "sleep() takes from 1 to 2 positional arguments but 3 were given",
/// "sleep() got an unexpected keyword argument 'x'",
/// "sleep() got multiple values for argument 'delay'".
template <size_t N>
void bind(std::string_view fname, std::span<const Value> args, std::span<const KwArg> kwargs,
          const Param (&params)[N], Value (&out)[N]) {
  size_t positional = 0;
  for (const Param& p : params)
    if (!p.keyword_only) ++positional;
  if (args.size() > positional) {
    std::string msg = std::string(fname) + "() takes ";
    if (positional == 0) msg += "0 positional arguments";
    else msg += std::to_string(positional) + " positional argument" + (positional == 1 ? "" : "s");
    msg += " but " + std::to_string(args.size()) + (args.size() == 1 ? " was" : " were") + " given";
    raise_error(exception_types().type_error, msg);
  }
  for (size_t i = 0; i < args.size(); ++i) out[i] = args[i];
  for (const KwArg& kw : kwargs) {
    size_t i = 0;
    while (i < N && params[i].name != kw.name) ++i;
    if (i == N)
      raise_error(exception_types().type_error, std::string(fname) +
                      "() got an unexpected keyword argument '" + std::string(kw.name) + "'");
    if (!out[i].is_null())
      raise_error(exception_types().type_error, std::string(fname) +
                      "() got multiple values for argument '" + std::string(kw.name) + "'");
    out[i] = kw.value;
  }
}

/// Raises TypeError "NAME() missing 1 required positional argument: 'P'" if
/// `v` is null.
inline void require(std::string_view fname, std::string_view param, const Value& v) {
  if (v.is_null())
    raise_error(exception_types().type_error, std::string(fname) +
                    "() missing 1 required positional argument: '" + std::string(param) + "'");
}

// ---- Functions and methods CPython defines in Python (Lib/asyncio/*.py) ----
// Their argument errors name them by __qualname__ ("Queue.put_nowait") and
// count a method's `self`, as Python/ceval.c words them.

/// Mirrors ceval.c too_many_positional (3.11); `self_count` (0 or 1) is added
/// to the counts: "Queue.__init__() takes from 1 to 2 positional arguments
/// but 3 were given".
[[noreturn]] inline void raise_too_many_positional(std::string_view qualname, size_t self_count,
                                                   size_t required, size_t positional, size_t given) {
  size_t atleast = required + self_count, argcount = positional + self_count;
  bool defaults = required < positional;
  std::string sig = defaults ? "from " + std::to_string(atleast) + " to " + std::to_string(argcount)
                             : std::to_string(argcount);
  raise_error(exception_types().type_error,
              std::string(qualname) + "() takes " + sig + " positional argument" +
                  (argcount != 1 || defaults ? "s" : "") + " but " + std::to_string(given + self_count) +
                  (given + self_count == 1 ? " was" : " were") + " given");
}

/// Mirrors ceval.c missing_arguments (3.11) for positional parameters:
/// "f() missing 2 required positional arguments: 'a' and 'b'".
[[noreturn]] inline void raise_missing_positional(std::string_view qualname,
                                              std::span<const std::string_view> names) {
  std::string list;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) list += names.size() == 2 ? " and " : (i + 1 == names.size() ? ", and " : ", ");
    list += "'" + std::string(names[i]) + "'";
  }
  raise_error(exception_types().type_error,
              std::string(qualname) + "() missing " + std::to_string(names.size()) +
                  " required positional argument" + (names.size() == 1 ? "" : "s") + ": " + list);
}

/// Binds the arguments of a Python-defined function (`self_count` 0) or
/// method (1) whose first `required` parameters have no default, in ceval's
/// order: keyword errors, then too many positional arguments, then missing ones.
template <size_t N>
void bind_python(std::string_view qualname, size_t self_count, size_t required, std::span<const Value> args,
                 std::span<const KwArg> kwargs, const Param (&params)[N], Value (&out)[N]) {
  size_t positional = 0;
  for (const Param& p : params)
    if (!p.keyword_only) ++positional;
  for (const KwArg& kw : kwargs) {
    size_t i = 0;
    while (i < N && params[i].name != kw.name) ++i;
    if (i == N)
      raise_error(exception_types().type_error, std::string(qualname) +
                      "() got an unexpected keyword argument '" + std::string(kw.name) + "'");
    if (i < args.size())
      raise_error(exception_types().type_error, std::string(qualname) +
                      "() got multiple values for argument '" + std::string(kw.name) + "'");
  }
  if (args.size() > positional)
    raise_too_many_positional(qualname, self_count, required, positional, args.size());
  bind(qualname, args, kwargs, params, out);
  std::string_view missing[N];
  size_t n_missing = 0;
  for (size_t i = 0; i < required; ++i)
    if (out[i].is_null()) missing[n_missing++] = params[i].name;
  if (n_missing > 0) raise_missing_positional(qualname, std::span<const std::string_view>(missing, n_missing));
}

template <size_t N>
void bind_method(std::string_view qualname, size_t required, std::span<const Value> args,
                 std::span<const KwArg> kwargs, const Param (&params)[N], Value (&out)[N]) {
  bind_python(qualname, 1, required, args, kwargs, params, out);
}

/// A Python-defined method that takes only self: "Lock.locked() takes 1
/// positional argument but 2 were given".
inline void check_method_no_args(std::string_view qualname, std::span<const Value> args,
                                 std::span<const KwArg> kwargs) {
  if (!kwargs.empty())
    raise_error(exception_types().type_error, std::string(qualname) +
                    "() got an unexpected keyword argument '" + std::string(kwargs[0].name) + "'");
  if (!args.empty()) raise_too_many_positional(qualname, 1, 0, 0, args.size());
}

/// `v`, or None when the argument was not given.
inline Value or_none(const Value& v) { return v.is_null() ? Value::none() : v; }

/// A number as a double (int, bool or float); TypeError(message) otherwise.
inline double to_double(const Value& v, const std::string& message) {
  if (v.is_float()) return v.as_float();
  if (v.is_int()) return static_cast<double>(v.as_int());
  if (v.is_bool()) return v.as_bool() ? 1.0 : 0.0;
  raise_error(exception_types().type_error, message);
}

}  // namespace corosim::native_args
