// Calling any callable value: builtin functions and methods, bound methods,
// types (constructors) and Python functions. The VM owns Python frames; the
// two hooks at the bottom are declared here and DEFINED in sim/vm/.
#pragma once

#include <span>
#include <string_view>

#include "sim/runtime/object.h"

namespace corosim {

/// One keyword argument of a call. `name` must outlive the call (interned
/// names or code-object constants).
struct KwArg {
  std::string_view name;
  Value value;
};

/// callable(*args, **kwargs). Throws PyException; TypeError
/// "'int' object is not callable" for values that cannot be called.
Value call(const Value& callable, std::span<const Value> args, std::span<const KwArg> kwargs = {});

/// obj.name(*args, **kwargs) without allocating a bound method when `name`
/// is found on the type (CPython's LOAD_METHOD / CALL).
Value call_method(const Value& obj, std::string_view name, std::span<const Value> args,
                  std::span<const KwArg> kwargs = {});

/// True if call() accepts the value (Python's callable()).
bool is_callable(const Value& v);

// ---- Defined by the vm engineer (sim/vm/). ----

/// Runs a Python function (ObjKind::kFunction) to completion in a nested
/// interpreter loop and returns its result; a coroutine function returns its
/// new coroutine object without running it.
Value call_python_function(Object* fn, std::span<const Value> args, std::span<const KwArg> kwargs);

/// Advances a generator (ObjKind::kGenerator): true with the next value in
/// `out`, false once it is exhausted. Exceptions propagate as PyException.
bool generator_next(Object* gen, Value& out);

}  // namespace corosim
