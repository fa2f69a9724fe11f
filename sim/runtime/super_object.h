// super() (ObjKind::kOther, type builtin_types().super_): the VM creates one
// for zero-argument super() from the method's class (__class__ cell) and its
// first argument; attribute lookup starts after that class in the chain.
#pragma once

#include "sim/runtime/object.h"
#include "sim/runtime/type_object.h"

namespace corosim {

class SuperObject : public Object {
 public:
  SuperObject(TypeObject* start, Value self);
  void clear_refs() override { self = Value(); }

  Ref<TypeObject> start;  ///< the class whose bases are searched
  Value self;
};

/// super(type, obj): TypeError "super(type, obj): obj must be an instance or
/// subtype of type" when obj is not an instance of type.
Ref<SuperObject> new_super(TypeObject* start, Value self);

}  // namespace corosim
