// Bound methods (ObjKind::kBoundMethod): a Python function found on a class
// and bound to an instance (`exc.describe`), as CPython's method object.
#pragma once

#include "sim/runtime/object.h"

namespace corosim {

class BoundMethodObject : public Object {
 public:
  BoundMethodObject(Value self, Value function);
  void clear_refs() override;

  Value self;      ///< __self__
  Value function;  ///< __func__ (a FunctionObject)
};

Ref<BoundMethodObject> new_bound_method(Value self, Value function);

}  // namespace corosim
