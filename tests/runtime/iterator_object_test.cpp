#include "sim/runtime/iterator_object.h"

#include <doctest/doctest.h>

#include "sim/runtime/builtin_types.h"
#include "sim/runtime/ops.h"
#include "tests/support/run_source.h"
#include "tests/support/values.h"

namespace corosim {
namespace {

using namespace test;

std::string drain(const Value& it) {
  std::string out;
  Value x;
  while (iter_next(it, x)) out += repr(x) + " ";
  return out;
}

TEST_CASE("a native iterator runs its callable until it returns false") {
  int n = 0;
  Value it(new_native_iterator(builtin_types().map, [n](Value& out) mutable {
    if (n == 3) return false;
    out = I(n++);
    return true;
  }));
  CHECK(drain(it) == "0 1 2 ");
  Value x;
  CHECK(!iter_next(it, x));  // stays exhausted
  CHECK(repr(it).starts_with("<map object at 0x7f"));
}

TEST_CASE("iterators of the built-in containers have CPython's type names") {
  CHECK(type_name(get_iter(L())) == "list_iterator");
  CHECK(type_name(get_iter(T())) == "tuple_iterator");
  CHECK(type_name(get_iter(S("ab"))) == "str_ascii_iterator");
  CHECK(type_name(get_iter(S("\xc3\xa9"))) == "str_iterator");
  CHECK(type_name(get_iter(D())) == "dict_keyiterator");
  CHECK(type_name(get_iter(Set())) == "set_iterator");
}

TEST_CASE("dict views iterate keys values and items in order") {
  Value d = D({{S("a"), I(1)}, {S("b"), I(2)}});
  Ref<DictObject> dict(d.as<DictObject>());
  CHECK(drain(get_iter(Value(new_dict_view(dict, DictViewObject::Which::kValues)))) == "1 2 ");
  CHECK(drain(get_iter(Value(new_dict_view(dict, DictViewObject::Which::kItems)))) ==
        "('a', 1) ('b', 2) ");
  CHECK(drain(new_list_reverse_iterator(L({I(1), I(2), I(3)}))) == "3 2 1 ");
  CHECK(drain(get_iter(S("h\xc3\xa9"))) == "'h' '\xc3\xa9' ");
}

TEST_CASE("next on a million nested native iterators raises RecursionError, not a stack overflow") {
  Value it = get_iter(L({I(1)}));
  for (int i = 0; i < 1000000; ++i)
    it = new_native_iterator(builtin_types().map, [prev = it](Value& out) { return iter_next(prev, out); });
  CHECK(error_of([&] {
          Value x;
          iter_next(it, x);
        }) == "RecursionError: maximum recursion depth exceeded");
  Value shallow = get_iter(L({I(1)}));
  for (int i = 0; i < 10; ++i)
    shallow = new_native_iterator(builtin_types().map, [prev = shallow](Value& out) { return iter_next(prev, out); });
  CHECK(drain(shallow) == "1 ");  // the guard's depth is back to zero
}

// CPython 3.11 itself crashes on these (3.12 raises RecursionError).
TEST_CASE("deep chains of map, filter, zip and enumerate raise a catchable RecursionError") {
  testing::SourceRun r = testing::run_source(R"~(def chain(wrap):
    it = iter([1])
    for _ in range(5000):
        it = wrap(it)
    return it
for name, wrap in [("map", lambda it: map(abs, it)), ("filter", lambda it: filter(None, it)),
                   ("zip", zip), ("enumerate", enumerate)]:
    try:
        next(chain(wrap))
    except RecursionError as e:
        print(name, "next:", e)
    try:
        list(chain(wrap))
    except RecursionError as e:
        print(name, "list:", e)
print(list(map(abs, map(abs, iter([-1, 2])))))
)~");
  CHECK(r.error == "");
  CHECK(r.out == R"~(map next: maximum recursion depth exceeded
map list: maximum recursion depth exceeded
filter next: maximum recursion depth exceeded
filter list: maximum recursion depth exceeded
zip next: maximum recursion depth exceeded
zip list: maximum recursion depth exceeded
enumerate next: maximum recursion depth exceeded
enumerate list: maximum recursion depth exceeded
[1, 2]
)~");
}

}  // namespace
}  // namespace corosim
