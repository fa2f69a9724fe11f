// Expected orders come from CPython 3.11 (python3 -c "print({...})").
#include "sim/runtime/set_object.h"

#include <doctest/doctest.h>

#include <cmath>

#include "sim/runtime/ops.h"
#include "sim/runtime/range_object.h"
#include "tests/support/values.h"

namespace corosim {
namespace {

using namespace test;

std::vector<Value> ints(std::initializer_list<int64_t> xs) {
  std::vector<Value> v;
  for (int64_t x : xs) v.push_back(I(x));
  return v;
}

// CPython 3.11 compiles a display of more than two constants as
// BUILD_SET 0; LOAD_CONST frozenset(...); SET_UPDATE 1.
Value const_display(std::vector<Value> items) {
  Ref<SetObject> s = new_set();
  s->update(Value(frozenset_constant(items)));
  return Value(s);
}

TEST_CASE("small int sets iterate in CPython's order") {
  CHECK(repr(const_display(ints({3, 1, 2}))) == "{1, 2, 3}");
  CHECK(repr(const_display(ints({10, 20, 30, 5, 7}))) == "{20, 5, 7, 10, 30}");
  CHECK(repr(const_display(ints({100, 8, 16, 0}))) == "{8, 16, 100, 0}");
  CHECK(repr(const_display(ints({-1, -2, 5}))) == "{5, -1, -2}");
  CHECK(repr(const_display(ints({8, 16, 0, 1}))) == "{8, 16, 0, 1}");
}

TEST_CASE("sets built by adding one at a time iterate in CPython's order") {
  // {i*8 for i in range(10)}
  std::vector<Value> multiples;
  for (int i = 0; i < 10; ++i) multiples.push_back(I(i * 8));
  CHECK(repr(Set(multiples)) == "{0, 32, 64, 8, 40, 72, 16, 48, 24, 56}");
  // set([33, 1, 65, 97, 129])
  Ref<SetObject> s = new_set();
  s->update(L(ints({33, 1, 65, 97, 129})));
  CHECK(repr(Value(s)) == "{65, 33, 129, 1, 97}");
  // set(range(100, 0, -7))
  Ref<SetObject> r = new_set();
  r->update(Value(new_range(100, 0, -7)));
  CHECK(repr(Value(r)) == "{65, 2, 100, 37, 72, 9, 44, 79, 16, 51, 86, 23, 58, 93, 30}");
}

TEST_CASE("sets of floats tuples bools and big ints hash like CPython") {
  CHECK(repr(const_display({F(1.5), I(2), F(0.5)})) == "{0.5, 1.5, 2}");
  CHECK(repr(const_display({T({I(1), I(2)}), T({I(3), I(4)}), I(5)})) == "{(1, 2), 5, (3, 4)}");
  CHECK(repr(Set({B(true), I(2)})) == "{True, 2}");
  CHECK(repr(const_display(
            {I(int64_t(1) << 40), I(int64_t(1) << 61), I(-(int64_t(1) << 62)), I(7)})) ==
        "{1099511627776, 2305843009213693952, -4611686018427387904, 7}");
  CHECK(repr(const_display({F(-1.0), F(1e100), F(INFINITY)})) == "{1e+100, -1.0, inf}");
}

TEST_CASE("set operators produce CPython's order") {
  Value a = const_display(ints({1, 2, 3}));
  CHECK(repr(Value(set_union(*a.as<SetObject>(), *Set(ints({40, 8})).as<SetObject>()))) ==
        "{1, 2, 3, 40, 8}");
  Value five = const_display(ints({1, 2, 3, 4, 5}));
  CHECK(repr(Value(set_intersection(*five.as<SetObject>(),
                                    *const_display(ints({5, 3, 1})).as<SetObject>()))) ==
        "{1, 3, 5}");
  CHECK(repr(Value(set_symmetric_difference(*a.as<SetObject>(),
                                            *const_display(ints({3, 4, 5})).as<SetObject>()))) ==
        "{1, 2, 4, 5}");
  CHECK(repr(Value(set_symmetric_difference(*Set(ints({40, 8})).as<SetObject>(),
                                            *const_display(ints({1, 9, 17})).as<SetObject>()))) ==
        "{1, 40, 8, 9, 17}");
  std::vector<Value> twenty;
  for (int i = 1; i <= 20; ++i) twenty.push_back(I(i));
  CHECK(repr(Value(set_difference(*const_display(twenty).as<SetObject>(),
                                  *Set(ints({2})).as<SetObject>()))) ==
        "{1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}");
}

TEST_CASE("in-place set operators keep CPython's table layout") {
  // s = {1, ..., 10}; s -= {2, 4, 6, 8}; s.add(2)
  std::vector<Value> ten;
  for (int i = 1; i <= 10; ++i) ten.push_back(I(i));
  Value s = const_display(ten);
  inplace_op(BinaryOp::kSub, s, const_display(ints({2, 4, 6, 8})));
  CHECK(repr(s) == "{1, 3, 5, 7, 9, 10}");
  s.as<SetObject>()->add(I(2));
  CHECK(repr(s) == "{1, 3, 5, 7, 2, 9, 10}");
  Value t = const_display(ints({10, 20, 30}));
  inplace_op(BinaryOp::kAnd, t, const_display(ints({30, 20, 99})));
  CHECK(repr(t) == "{20, 30}");
  Value u = const_display(ints({1, 2, 3}));
  inplace_op(BinaryOp::kXor, u, const_display(ints({3, 4, 9})));
  CHECK(repr(u) == "{1, 2, 4, 9}");
  Value w = const_display(ints({100, 1, 9}));
  inplace_op(BinaryOp::kXor, w, Set(ints({1, 17})));
  CHECK(repr(w) == "{17, 100, 9}");
}

TEST_CASE("discarded slots are reused as CPython reuses its dummies") {
  Ref<SetObject> s = new_set();
  s->update(Value(new_range(0, 10, 1)));
  for (int i = 0; i < 10; i += 2) s->discard(I(i));
  s->add(I(100));
  s->add(I(2));
  CHECK(repr(Value(s)) == "{1, 3, 5, 2, 7, 100, 9}");
}

TEST_CASE("a constant display and one-by-one adds can order the same items differently") {
  CHECK(repr(const_display(ints({5, 6, 7, 13}))) == "{5, 13, 6, 7}");
  CHECK(repr(Set(ints({5, 6, 7, 13}))) == "{13, 5, 6, 7}");
}

TEST_CASE("pop removes from the search finger onwards") {
  Value s = const_display(ints({5, 6, 7, 13}));
  CHECK(repr(s.as<SetObject>()->pop()) == "5");
  CHECK(repr(s) == "{13, 6, 7}");
  CHECK(repr(s.as<SetObject>()->pop()) == "13");
  CHECK(repr(s) == "{6, 7}");
}

TEST_CASE("a set holds equal numbers once and rejects unhashable items") {
  Value s = Set({I(1), F(1.0), B(true)});
  CHECK(repr(s) == "{1}");
  CHECK(s.as<SetObject>()->contains(F(1.0)));
  CHECK(!s.as<SetObject>()->contains(I(2)));
  CHECK(error_of([&] { s.as<SetObject>()->add(L()); }) == "TypeError: unhashable type: 'list'");
}

}  // namespace
}  // namespace corosim
