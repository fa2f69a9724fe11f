// Builtin functions and methods implemented in C++ (ObjKind::kNativeFunction),
// Python's builtin_function_or_method. A method stored in a type's table is
// unbound (self null); attribute access binds it to its instance.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "sim/runtime/call.h"
#include "sim/runtime/object.h"

namespace corosim {

/// self is the bound instance for methods, the function object's `data` for
/// free functions (null unless set).
using NativeFn = Value (*)(const Value& self, std::span<const Value> args,
                           std::span<const KwArg> kwargs);

/// What a native function that hands its Python exception back instead of
/// throwing it returns: the result, or (raised) the exception. The
/// interpreter's CALL unwinds such an exception without a C++ throw, for
/// methods whose common outcome is an exception (gen.throw()).
struct NativeResult {
  Value value;
  bool raised = false;
};
using NativeResultFn = NativeResult (*)(const Value& self, std::span<const Value> args,
                                        std::span<const KwArg> kwargs);

class NativeFunctionObject : public Object {
 public:
  NativeFunctionObject(std::string name, NativeFn fn, Value self = Value(), bool is_method = false);
  void clear_refs() override { self = Value(); }

  /// Calls it; a raised NativeResult is thrown as PyException.
  Value invoke(const Value& self_arg, std::span<const Value> args, std::span<const KwArg> kwargs) const;

  std::string name;  ///< __name__
  NativeFn fn;                        ///< null when result_fn is set
  NativeResultFn result_fn = nullptr;
  Value self;                   ///< bound instance (methods) or data (free functions)
  bool is_method;               ///< from a type's table: unbound calls take self from args[0]
  TypeObject* owner = nullptr;  ///< the type whose table holds the method (for repr)

  /// __qualname__: "list.append" for a method of a built-in type's table,
  /// the bare name for a free function.
  std::string qualname() const;
};

/// A free builtin function, e.g. len; `data` is passed to fn as self.
Ref<NativeFunctionObject> new_native_function(std::string name, NativeFn fn, Value data = Value());

/// Registers a method in a built-in type's table: t.name(self, *args, **kw)
/// calls fn(self, args, kwargs). The library uses it for str/list/dict
/// methods, the loop for Future/Task methods.
void add_method(TypeObject* t, std::string_view name, NativeFn fn);
void add_method(TypeObject* t, std::string_view name, NativeResultFn fn);

/// A native function bound to `self` (what `[].append` evaluates to).
Ref<NativeFunctionObject> bind_native(const NativeFunctionObject& method, Value self);

/// Argument-count checks with CPython's messages, for native functions:
/// "len() takes exactly one argument (2 given)",
/// "pop expected at most 1 argument, got 2", "f() takes no keyword arguments".
void check_no_kwargs(std::string_view fname, std::span<const KwArg> kwargs);
void check_arg_count(std::string_view fname, std::span<const Value> args, size_t min, size_t max);

}  // namespace corosim
