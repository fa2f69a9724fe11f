// reprlib.repr as asyncio's Future/Task reprs use it for results; expected
// strings are what CPython 3.11.7's reprlib.repr prints for the same values.
#include "sim/loop/reprlib.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sim/runtime/dict_object.h"
#include "sim/runtime/list_object.h"
#include "sim/runtime/str_object.h"
#include "sim/runtime/tuple_object.h"

namespace corosim {
namespace {

Value ints(int n) {
  std::vector<Value> items;
  for (int i = 0; i < n; ++i) items.push_back(Value::from_int(i));
  return Value(new_list(std::move(items)));
}

}  // namespace

TEST_CASE("reprlib shows at most six list items and a one-item tuple keeps its comma") {
  CHECK(reprlib_repr(ints(10)) == "[0, 1, 2, 3, 4, 5, ...]");
  CHECK(reprlib_repr(ints(6)) == "[0, 1, 2, 3, 4, 5]");
  CHECK(reprlib_repr(Value(new_tuple({Value::from_int(1)}))) == "(1,)");
}

TEST_CASE("reprlib cuts long strings in the middle of their repr") {
  CHECK(reprlib_repr(new_str(std::string(50, 'x'))) == "'xxxxxxxxxxxx...xxxxxxxxxxxxx'");
  CHECK(reprlib_repr(new_str("short")) == "'short'");
}

TEST_CASE("reprlib sorts dict keys and shows at most four entries") {
  Ref<DictObject> d = new_dict();
  for (const char* k : {"e", "b", "a", "d", "c"}) d->set(new_str(k), Value::from_int(1));
  CHECK(reprlib_repr(Value(d)) == "{'a': 1, 'b': 1, 'c': 1, 'd': 1, ...}");
}

TEST_CASE("reprlib shows ... for containers nested deeper than six levels") {
  Value v = ints(1);
  for (int i = 0; i < 6; ++i) v = Value(new_list({v}));
  CHECK(reprlib_repr(v) == "[[[[[[[...]]]]]]]");
}

}  // namespace corosim
