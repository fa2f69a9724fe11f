// slice (ObjKind::kSlice): what a[1:2:3] passes to get_item.
#pragma once

#include <cstdint>

#include "sim/runtime/object.h"

namespace corosim {

/// start/stop/step are any Values (None when omitted).
class SliceObject : public Object {
 public:
  SliceObject(Value start, Value stop, Value step);
  void clear_refs() override;

  Value start, stop, step;
};

Ref<SliceObject> new_slice(Value start, Value stop, Value step);

/// The concrete indices of a slice over a sequence of `length` items.
struct SliceIndices {
  int64_t start, stop, step, count;
};

/// Mirrors PySlice_Unpack + PySlice_AdjustIndices: TypeError "slice indices
/// must be integers or None or have an __index__ method", ValueError
/// "slice step cannot be zero".
SliceIndices slice_indices(const SliceObject& s, int64_t length);

}  // namespace corosim
