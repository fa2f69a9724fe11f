#include "sim/runtime/dict_object.h"

#include <doctest/doctest.h>

#include "tests/support/values.h"

namespace corosim {
namespace {

using namespace test;

TEST_CASE("a dict keeps insertion order across deletions and re-insertions") {
  // d = {'a': 1, 'b': 2, 'c': 3}; del d['b']; d['d'] = 4; d['b'] = 5
  Value v = D({{S("a"), I(1)}, {S("b"), I(2)}, {S("c"), I(3)}});
  auto* d = v.as<DictObject>();
  d->pop(S("b"));
  d->set(S("d"), I(4));
  d->set(S("b"), I(5));
  CHECK(repr(v) == "{'a': 1, 'c': 3, 'd': 4, 'b': 5}");
}

TEST_CASE("a dict survives many deletions and keeps the survivors' order") {
  // d = {i: i for i in range(10)}; for i in range(8): del d[i]; d[3] = 'x'
  Ref<DictObject> d = new_dict();
  for (int i = 0; i < 10; ++i) d->set(I(i), I(i));
  for (int i = 0; i < 8; ++i) d->pop(I(i));
  d->set(I(3), S("x"));
  CHECK(repr(Value(d)) == "{8: 8, 9: 9, 3: 'x'}");
  CHECK(d->size() == 3);
}

TEST_CASE("equal keys of different types share one entry") {
  Ref<DictObject> d = new_dict();
  d->set(I(1), S("int"));
  d->set(F(1.0), S("float"));
  d->set(B(true), S("bool"));
  CHECK(repr(Value(d)) == "{1: 'bool'}");
  CHECK(repr(d->get(F(1.0))) == "'bool'");
}

TEST_CASE("string keys can be looked up without building a str") {
  Ref<DictObject> d = new_dict();
  d->set_str("name", I(1));
  CHECK(repr(d->get_str("name")) == "1");
  CHECK(d->get_str("other").is_null());
  CHECK(repr(d->get(S("name"))) == "1");
}

TEST_CASE("a large dict grows and still finds every key") {
  Ref<DictObject> d = new_dict();
  for (int i = 0; i < 10000; ++i) d->set(I(i * 7), I(i));
  for (int i = 0; i < 10000; i += 2) d->pop(I(i * 7));
  CHECK(d->size() == 5000);
  CHECK(repr(d->get(I(7))) == "1");
  CHECK(d->get(I(14)).is_null());
  Value k, v;
  size_t first = 0;
  while (!d->entry_at(first, k, v)) ++first;
  CHECK(repr(k) == "7");
}

TEST_CASE("tuple keys and unhashable keys") {
  Ref<DictObject> d = new_dict();
  d->set(T({I(1), S("a")}), I(1));
  CHECK(repr(d->get(T({F(1.0), S("a")}))) == "1");
  CHECK(error_of([&] { d->set(L(), I(1)); }) == "TypeError: unhashable type: 'list'");
}

}  // namespace
}  // namespace corosim
