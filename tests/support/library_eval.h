// Helpers for the library's generated tests (tests/vm/gen_library_tests.py):
// short constructors for values, and calls that return what CPython's
// generator printed: repr(result), or "TypeName: message" when it raised.
#pragma once

#include <bit>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sim/runtime/attribute.h"
#include "sim/runtime/builtin_types.h"
#include "sim/runtime/call.h"
#include "sim/runtime/dict_object.h"
#include "sim/runtime/exception.h"
#include "sim/runtime/list_object.h"
#include "sim/runtime/range_object.h"
#include "sim/runtime/repr.h"
#include "sim/runtime/set_object.h"
#include "sim/runtime/str_object.h"
#include "sim/runtime/tuple_object.h"
#include "sim/vm/builtins.h"

namespace corosim::libtest {

inline Value N() { return Value::none(); }
inline Value B(bool b) { return Value::from_bool(b); }
inline Value I(int64_t i) { return Value::from_int(i); }
inline Value F(uint64_t bits) { return Value::from_float(std::bit_cast<double>(bits)); }
inline Value S(const char* s) { return new_str(s); }
inline Value L(std::vector<Value> items) { return new_list(std::move(items)); }
inline Value T(std::vector<Value> items) { return new_tuple(std::move(items)); }
inline Value D(std::vector<std::pair<Value, Value>> items) {
  Ref<DictObject> d = new_dict();
  for (auto& [k, v] : items) d->set(k, v);
  return d;
}
inline Value St(std::vector<Value> items) {
  Ref<SetObject> s = new_set();
  for (const Value& v : items) s->add(v);
  return s;
}
inline Value R(int64_t start, int64_t stop, int64_t step) { return new_range(start, stop, step); }
/// A builtin by name: len, str, ...
inline Value Bi(const char* name) { return lookup_builtin(name); }
/// An unbound method of a builtin type: Meth("str", "lower") is str.lower.
inline Value Meth(const char* type, const char* name) { return get_attr(lookup_builtin(type), name); }

/// An exception instance: Ex("ValueError", "m") is ValueError('m').
inline Value Ex(const char* type, const char* message) {
  return call(lookup_builtin(type), std::vector<Value>{new_str(message)});
}

/// repr(f()) or "TypeName: str(exception)".
template <class Fn>
std::string outcome(Fn&& fn) {
  init_builtins();
  try {
    return repr(fn());
  } catch (const PyException& e) {
    return type_name(e.exc) + ": " + exception_str(e.exc);
  }
}

/// builtins.name(*args, **kwargs); with as_list the result goes through list().
inline std::string run(const char* name, std::vector<Value> args, std::vector<KwArg> kwargs = {},
                       bool as_list = false) {
  return outcome([&] {
    Value r = call(lookup_builtin(name), args, kwargs);
    return as_list ? call(lookup_builtin("list"), std::vector<Value>{r}) : r;
  });
}

/// self.name(*args, **kwargs), shown as "repr(result) | repr(self)" so a
/// mutating method's effect is checked too.
inline std::string run_method(Value self, const char* name, std::vector<Value> args,
                              std::vector<KwArg> kwargs = {}) {
  init_builtins();
  std::string result = outcome([&] { return call_method(self, name, args, kwargs); });
  return result + " | " + repr(self);
}

}  // namespace corosim::libtest
