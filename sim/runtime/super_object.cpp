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

Value construct_super(TypeObject*, std::span<const Value> args, std::span<const KwArg> kwargs) {
  if (!kwargs.empty()) raise_error(exception_types().type_error, "super() takes no keyword arguments");
  if (args.size() > 2)
    raise_error(exception_types().type_error,
                "super() expected at most 2 arguments, got " + std::to_string(args.size()));
  if (args.empty()) raise_error(exception_types().runtime_error, "super(): no arguments");
  if (!args[0].is(ObjKind::kType))
    raise_error(exception_types().type_error,
                "super() argument 1 must be a type, not " + type_of(args[0])->name());
  if (args.size() == 1)
    raise_error(exception_types().type_error,
                "super(type) without a second argument (an unbound super object) is not supported by corosim");
  return Value(new_super(args[0].as<TypeObject>(), args[1]));
}

}  // namespace corosim
