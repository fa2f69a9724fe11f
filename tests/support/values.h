// Builders and checkers for runtime unit tests: short constructors for
// Python values and the "Type: message" text of a raised Python exception.
#pragma once

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "sim/runtime/builtin_types.h"
#include "sim/runtime/dict_object.h"
#include "sim/runtime/exception.h"
#include "sim/runtime/list_object.h"
#include "sim/runtime/repr.h"
#include "sim/runtime/set_object.h"
#include "sim/runtime/str_object.h"
#include "sim/runtime/tuple_object.h"

namespace corosim::test {

inline Value I(int64_t i) { return Value::from_int(i); }
inline Value F(double d) { return Value::from_float(d); }
inline Value B(bool b) { return Value::from_bool(b); }
inline Value S(std::string s) { return new_str(std::move(s)); }
inline Value None() { return Value::none(); }
inline Value L(std::vector<Value> items = {}) { return Value(new_list(std::move(items))); }
inline Value T(std::vector<Value> items = {}) { return Value(new_tuple(std::move(items))); }
inline Value D(std::initializer_list<std::pair<Value, Value>> items = {}) {
  Ref<DictObject> d = new_dict();
  for (const auto& [k, v] : items) d->set(k, v);
  return Value(d);
}
/// A set built by adding the items in order (BUILD_SET, set comprehension).
inline Value Set(std::vector<Value> items = {}) {
  Ref<SetObject> s = new_set();
  for (const Value& v : items) s->add(v);
  return Value(s);
}

/// "ValueError: message" for the exception f raises, "" if it returns.
template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const PyException& e) {
    return qualified_type_name(type_of(e.exc)) + ": " + str(e.exc);
  }
  return "";
}

}  // namespace corosim::test
