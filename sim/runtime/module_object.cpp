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

// Dropping the dict too tells import_module that a cached module is spent
// (it may outlive this release in the import cache, and be released again).
void ModuleObject::clear_refs() {
  if (!dict) return;
  dict->clear();
  dict = Ref<DictObject>();
}

Ref<ModuleObject> new_module(std::string name, std::string origin) {
  return make<ModuleObject>(std::move(name), std::move(origin));
}

}  // namespace corosim
