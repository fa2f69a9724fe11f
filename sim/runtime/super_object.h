// super() (ObjKind::kOther, type builtin_types().super_): the VM creates one
// for zero-argument super() from the method's class (__class__ cell) and its
// first argument; attribute lookup starts after that class in the chain.
#pragma once

#include <span>

#include "sim/runtime/call.h"
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

/// Mirrors Objects/typeobject.c super_init (3.11) for a call of the type
/// itself: super(type, obj). Zero-argument super() inside a method is the
/// VM's (it needs the frame); super(type) alone, an unbound super object, is
/// refused as a corosim limit.
Value construct_super(TypeObject* type, std::span<const Value> args, std::span<const KwArg> kwargs);

}  // namespace corosim
