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
