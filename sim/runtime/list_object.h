// list (ObjKind::kList): a growable vector of Values.
#pragma once

#include <vector>

#include "sim/runtime/object.h"

namespace corosim {

class ListObject : public Object {
 public:
  ListObject();
  explicit ListObject(std::vector<Value> items);
  ~ListObject() override;
  void clear_refs() override { items.clear(); }

  std::vector<Value> items;
};

Ref<ListObject> new_list(std::vector<Value> items = {});

}  // namespace corosim
