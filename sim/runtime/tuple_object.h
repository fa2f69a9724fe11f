// tuple (ObjKind::kTuple): an immutable sequence. The vector is only written
// while the tuple is being built (before any Python code sees it).
#pragma once

#include <vector>

#include "sim/runtime/object.h"

namespace corosim {

class TupleObject : public Object {
 public:
  TupleObject();
  explicit TupleObject(std::vector<Value> items);
  ~TupleObject() override;
  void clear_refs() override { items.clear(); }

  std::vector<Value> items;
};

Ref<TupleObject> new_tuple(std::vector<Value> items = {});

}  // namespace corosim
