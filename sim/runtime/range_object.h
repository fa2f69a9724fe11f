// range (ObjKind::kRange): an immutable arithmetic progression of ints.
#pragma once

#include <cstdint>

#include "sim/runtime/object.h"

namespace corosim {

/// Invariant: step != 0.
class RangeObject : public Object {
 public:
  RangeObject(int64_t start, int64_t stop, int64_t step);

  int64_t start() const { return start_; }
  int64_t stop() const { return stop_; }
  int64_t step() const { return step_; }
  /// len(self), saturated at 2**63-1: only step ±1 over more than half the
  /// int64 range is longer, and iterating that far never ends anyway.
  int64_t length() const { return length_ > uint64_t(INT64_MAX) ? INT64_MAX : int64_t(length_); }
  /// The exact length, which len() cannot return when it passes 2**63-1.
  uint64_t exact_length() const { return length_; }
  /// The i-th element, 0 <= i < length().
  int64_t at(int64_t i) const { return start_ + i * step_; }

 private:
  int64_t start_, stop_, step_;
  uint64_t length_;
};

/// range(start, stop, step) with CPython's checks: ValueError
/// "range() arg 3 must not be zero".
Ref<RangeObject> new_range(int64_t start, int64_t stop, int64_t step = 1);

}  // namespace corosim
