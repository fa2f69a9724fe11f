#include "sim/trace/trace_model.h"

#include <doctest/doctest.h>

#include "tests/support/trace_builder.h"

namespace corosim {
namespace {

TEST_CASE("find_task: the task of an id, null for 0 and for ids the trace does not list") {
  testing::TraceBuilder b;
  TaskId main = b.create(0, "main");
  TaskId child = b.create(0, "child", main);
  Trace trace = b.finish(0);
  REQUIRE(find_task(trace, main) != nullptr);
  CHECK(find_task(trace, main)->coro == "main");
  CHECK(find_task(trace, child)->coro == "child");
  CHECK(find_task(trace, 0) == nullptr);
  CHECK(find_task(trace, 3) == nullptr);
  CHECK(find_task(trace, -1) == nullptr);
  CHECK(find_task(Trace{}, 1) == nullptr);
}

}  // namespace
}  // namespace corosim
