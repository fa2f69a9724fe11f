
#include <doctest/doctest.h>

#include "sim/runtime/bound_method.h"
#include "sim/runtime/builtin_types.h"
#include "sim/runtime/iterator_object.h"
#include "sim/vm/function.h"
#include "tests/support/run_source.h"
#include "tests/support/values.h"

namespace corosim {
namespace {

using namespace test;
constexpr int kMillion = 1000000;

// Object::dealloc parks deletes past a depth, so a chain of any kind frees in
// a loop; without it each case below overflows the C++ stack.
TEST_CASE("freeing a million-deep chain of cells, bound methods or native iterators does not overflow") {
  size_t before = Heap::live_count();
  {
    Value cell = Value::none();
    for (int i = 0; i < kMillion; ++i) cell = make<CellObject>(cell);
    Value method = Value::none();
    for (int i = 0; i < kMillion; ++i) method = new_bound_method(method, None());
    Value it = Value::none();
    for (int i = 0; i < kMillion; ++i)
      it = new_native_iterator(builtin_types().map, [prev = it](Value&) { return false; });
  }
  CHECK(Heap::live_count() == before);
}

TEST_CASE("freeing a million-deep chain of unawaited coroutines or closures does not overflow") {
  testing::SourceRun r = testing::run_source(R"~(async def wrap(x):
    await x
c = None
for _ in range(10**6):
    c = wrap(c)
del c
def outer(g):
    def h(x=g):
        return g
    return h
f = None
for _ in range(10**6):
    f = outer(f)
del f
print("freed")
)~");
  CHECK(r.diagnostic == "");
  CHECK(r.error == "");
  CHECK(r.out == "freed\n");
}

}  // namespace
}  // namespace corosim
