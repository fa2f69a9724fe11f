#include "sim/runtime/range_object.h"

#include "sim/runtime/builtin_types.h"
#include "sim/runtime/exception.h"

namespace corosim {
namespace {

// Mirrors Objects/rangeobject.c compute_range_length, in unsigned arithmetic
// so that range(-2**63, 2**63-1) (length 2**64-1) does not overflow.
uint64_t range_length(int64_t start, int64_t stop, int64_t step) {
  if (step > 0) {
    if (start >= stop) return 0;
    uint64_t span = uint64_t(stop) - uint64_t(start) - 1;
    return span / uint64_t(step) + 1;
  }
  if (start <= stop) return 0;
  uint64_t span = uint64_t(start) - uint64_t(stop) - 1;
  return span / (0 - uint64_t(step)) + 1;
}

}  // namespace

RangeObject::RangeObject(int64_t start, int64_t stop, int64_t step)
    : Object(ObjKind::kRange, builtin_types().range),
      start_(start),
      stop_(stop),
      step_(step),
      length_(range_length(start, stop, step)) {}

Ref<RangeObject> new_range(int64_t start, int64_t stop, int64_t step) {
  if (step == 0) raise_error(exception_types().value_error, "range() arg 3 must not be zero");
  return make<RangeObject>(start, stop, step);
}

}  // namespace corosim
