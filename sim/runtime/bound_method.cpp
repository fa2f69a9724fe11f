#include "sim/runtime/bound_method.h"

#include "sim/runtime/builtin_types.h"

namespace corosim {

BoundMethodObject::BoundMethodObject(Value self_in, Value function_in)
    : Object(ObjKind::kBoundMethod, builtin_types().method),
      self(std::move(self_in)),
      function(std::move(function_in)) {}

void BoundMethodObject::clear_refs() {
  self = Value();
  function = Value();
}

Ref<BoundMethodObject> new_bound_method(Value self, Value function) {
  return make<BoundMethodObject>(std::move(self), std::move(function));
}

}  // namespace corosim
