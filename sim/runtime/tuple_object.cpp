#include "sim/runtime/tuple_object.h"

#include "sim/runtime/builtin_types.h"

namespace corosim {

TupleObject::TupleObject() : Object(ObjKind::kTuple, builtin_types().tuple) {}

TupleObject::TupleObject(std::vector<Value> items_in)
    : Object(ObjKind::kTuple, builtin_types().tuple), items(std::move(items_in)) {}

TupleObject::~TupleObject() = default;  // deep nesting: Object::dealloc's trashcan

Ref<TupleObject> new_tuple(std::vector<Value> items) { return make<TupleObject>(std::move(items)); }

}  // namespace corosim
