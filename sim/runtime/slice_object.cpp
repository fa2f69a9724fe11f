#include "sim/runtime/slice_object.h"

#include <limits>

#include "sim/runtime/builtin_types.h"
#include "sim/runtime/exception.h"
#include "sim/runtime/ops.h"

namespace corosim {
namespace {

int64_t slice_bound(const Value& v, int64_t if_none) {
  if (v.is_none()) return if_none;
  int64_t i;
  if (!as_index(v, i))
    raise_error(exception_types().type_error,
                "slice indices must be integers or None or have an __index__ method");
  return i;
}

}  // namespace

SliceObject::SliceObject(Value start_in, Value stop_in, Value step_in)
    : Object(ObjKind::kSlice, builtin_types().slice),
      start(std::move(start_in)),
      stop(std::move(stop_in)),
      step(std::move(step_in)) {}

void SliceObject::clear_refs() {
  start = Value();
  stop = Value();
  step = Value();
}

Ref<SliceObject> new_slice(Value start, Value stop, Value step) {
  return make<SliceObject>(std::move(start), std::move(stop), std::move(step));
}

// Mirrors Objects/sliceobject.c PySlice_Unpack and PySlice_AdjustIndices.
SliceIndices slice_indices(const SliceObject& s, int64_t length) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  int64_t step = slice_bound(s.step, 1);
  if (step == 0) raise_error(exception_types().value_error, "slice step cannot be zero");
  if (step < -kMax) step = -kMax;  // so that -step cannot overflow
  int64_t start = slice_bound(s.start, step < 0 ? kMax : 0);
  int64_t stop = slice_bound(s.stop, step < 0 ? -kMax - 1 : kMax);

  if (start < 0) {
    start += length;
    if (start < 0) start = step < 0 ? -1 : 0;
  } else if (start >= length) {
    start = step < 0 ? length - 1 : length;
  }
  if (stop < 0) {
    stop += length;
    if (stop < 0) stop = step < 0 ? -1 : 0;
  } else if (stop >= length) {
    stop = step < 0 ? length - 1 : length;
  }
  int64_t count = 0;
  if (step < 0) {
    if (stop < start) count = (start - stop - 1) / (-step) + 1;
  } else if (start < stop) {
    count = (stop - start - 1) / step + 1;
  }
  return {start, stop, step, count};
}

}  // namespace corosim
