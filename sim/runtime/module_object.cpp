#include "sim/runtime/module_object.h"

#include "sim/runtime/builtin_types.h"
#include "sim/runtime/str_object.h"

namespace corosim {

ModuleObject::ModuleObject(std::string name, std::string origin)
    : Object(ObjKind::kModule, builtin_types().module),
      dict(new_dict()),
      name_(std::move(name)),
      origin_(std::move(origin)) {
  dict->set_str("__name__", new_str(name_));
}

void ModuleObject::clear_refs() { dict->clear(); }

Ref<ModuleObject> new_module(std::string name, std::string origin) {
  return make<ModuleObject>(std::move(name), std::move(origin));
}

}  // namespace corosim
