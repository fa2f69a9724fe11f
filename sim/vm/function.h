// Python functions and closure cells: what `def`, `async def` and `lambda`
// evaluate to, and the binding of call arguments to a code object's
// parameters with CPython's TypeError messages.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "sim/runtime/object.h"

namespace corosim {

class CodeObject;
struct KwArg;  // {name, value} of a keyword argument; sim/runtime/call.h

/// A closure cell (ObjKind::kCell): one variable shared between a function and
/// the functions nested in it. `value` is null while the variable is unbound.
class CellObject : public Object {
 public:
  explicit CellObject(Value value = Value());
  void clear_refs() override { value = Value(); }
  Value value;
};

/// A Python function (ObjKind::kFunction). Invariant: code is never null and
/// closure has exactly one cell per free variable of code, in code's order.
class FunctionObject : public Object {
 public:
  FunctionObject(Ref<CodeObject> code, Value globals);
  ~FunctionObject() override;
  void clear_refs() override;

  Ref<CodeObject> code;
  Value globals;                   ///< the module's globals dict
  std::vector<Value> defaults;     ///< for the last defaults.size() positional parameters
  std::vector<Value> kw_defaults;  ///< one per keyword-only parameter; null: no default
  std::vector<Value> closure;      ///< CellObjects, one per free variable
  std::string name;                ///< __name__
  std::string qualname;            ///< __qualname__, e.g. "outer.<locals>.inner"
  Value doc;                       ///< __doc__ (None unless the body starts with a string)
};

/// Binds a call's arguments to `fn`'s parameters, CPython-style, writing
/// the first code->nlocals fast-local slots of `slots` (parameters first, in
/// co_varnames order; *args as a tuple, **kwargs as a dict in call order).
/// Throws PyException(TypeError) with CPython's message on a mismatch, e.g.
/// "f() missing 1 required positional argument: 'x'".
void bind_arguments(const FunctionObject& fn, std::span<const Value> args,
                    std::span<const KwArg> kwargs, Value* slots);

}  // namespace corosim
