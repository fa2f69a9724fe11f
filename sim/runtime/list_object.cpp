#include "sim/runtime/list_object.h"

#include "sim/runtime/builtin_types.h"

namespace corosim {

ListObject::ListObject() : Object(ObjKind::kList, builtin_types().list) {}

ListObject::ListObject(std::vector<Value> items_in)
    : Object(ObjKind::kList, builtin_types().list), items(std::move(items_in)) {}

ListObject::~ListObject() = default;  // deep nesting: Object::dealloc's trashcan

Ref<ListObject> new_list(std::vector<Value> items) { return make<ListObject>(std::move(items)); }

}  // namespace corosim
