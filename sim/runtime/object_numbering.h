// Numbers objects 1, 2, ... in the order they are first asked about, for the
// `object` of a trace's waits_on: the same Lock is the same number in every
// suspend event of a run. Holds each numbered object, so no other object can
// take its address (and its number) while the run lasts.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "sim/runtime/object.h"

namespace corosim {

class ObjectNumbering {
 public:
  /// The number of `object` (an Object value), a new one the first time.
  int64_t number(const Value& object) {
    auto [it, added] = numbers_.try_emplace(object.obj(), static_cast<int64_t>(held_.size()) + 1);
    if (added) held_.push_back(object);
    return it->second;
  }

 private:
  std::unordered_map<const Object*, int64_t> numbers_;
  std::vector<Value> held_;
};

}  // namespace corosim
