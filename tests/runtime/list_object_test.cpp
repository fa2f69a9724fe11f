#include "sim/runtime/list_object.h"

#include <doctest/doctest.h>

#include "sim/runtime/object.h"
#include "tests/support/values.h"

namespace corosim {
namespace {

using namespace test;

TEST_CASE("a list is freed when its last reference goes") {
  size_t before = Heap::live_count();
  {
    Value l = L({S("some text that is not interned"), L()});
    CHECK(Heap::live_count() == before + 3);
  }
  CHECK(Heap::live_count() == before);
}

TEST_CASE("Heap::release_all frees a reference cycle") {
  size_t before = Heap::live_count();
  {
    Value a = L();
    Value b = D();
    a.as<ListObject>()->items.push_back(b);
    b.as<DictObject>()->set(S("back"), a);
  }
  CHECK(Heap::live_count() == before + 3);  // the list, the dict and the 'back' str
  Heap::release_all();
  CHECK(Heap::live_count() <= before);
}

TEST_CASE("freeing a list nested a million levels deep does not overflow the stack") {
  size_t before = Heap::live_count();
  {
    Value v = L();
    for (int i = 0; i < 1000000; ++i) v = L({v});
  }
  CHECK(Heap::live_count() == before);
}

}  // namespace
}  // namespace corosim
