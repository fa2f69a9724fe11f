#include "sim/runtime/super_object.h"

#include "sim/runtime/builtin_types.h"
#include "sim/runtime/exception.h"

namespace corosim {

SuperObject::SuperObject(TypeObject* start_in, Value self_in)
    : Object(ObjKind::kOther, builtin_types().super_), start(start_in), self(std::move(self_in)) {}

Ref<SuperObject> new_super(TypeObject* start, Value self) {
  TypeObject* t = type_of(self);
  bool ok =
      is_subtype(t, start) || (self.is(ObjKind::kType) && is_subtype(self.as<TypeObject>(), start));
  if (!ok)
    raise_error(exception_types().type_error,
                "super(type, obj): obj must be an instance or subtype of type");
  return make<SuperObject>(start, std::move(self));
}

}  // namespace corosim
