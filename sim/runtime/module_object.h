// module (ObjKind::kModule): a name and an attribute dict. The program's
// __main__ module's dict is its functions' globals.
#pragma once

#include <string>
#include <string_view>

#include "sim/runtime/dict_object.h"
#include "sim/runtime/object.h"

namespace corosim {

class ModuleObject : public Object {
 public:
  /// Sets __name__ in the dict. `origin` is what repr shows after the name,
  /// e.g. " (built-in)" or " from '/path/asyncio/__init__.py'"; empty for none.
  explicit ModuleObject(std::string name, std::string origin = "");
  void clear_refs() override;

  const std::string& name() const { return name_; }
  const std::string& origin() const { return origin_; }
  /// Attribute by name, null Value if absent.
  Value get(std::string_view name) const { return dict->get_str(name); }
  void set(std::string_view name, Value value) { dict->set_str(name, std::move(value)); }

  Ref<DictObject> dict;  ///< never null until clear_refs

 private:
  std::string name_;
  std::string origin_;
};

Ref<ModuleObject> new_module(std::string name, std::string origin = "");

}  // namespace corosim
