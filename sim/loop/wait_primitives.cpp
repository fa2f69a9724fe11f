#include "sim/loop/wait_primitives.h"

namespace corosim {
namespace {

struct WaitPrimitive {
  std::string_view qualname;
  const char* primitive;
};

// One line per library coroutine; a new one is one new line.
constexpr WaitPrimitive kWaitPrimitives[] = {
    {"Lock.acquire", "lock"},
    {"Event.wait", "event"},
    {"Condition.wait", "condition"},
    {"Condition.wait_for", "condition"},
    {"Semaphore.acquire", "semaphore"},  // BoundedSemaphore inherits it
    {"Barrier.wait", "barrier"},
    {"Queue.get", "queue_get"},
    {"Queue.put", "queue_put"},
    {"Queue.join", "queue_join"},
    {"wait_for", "wait_for"},
    {"wait", "wait"},
    {"as_completed.<locals>._wait_for_one", "as_completed"},
    {"TaskGroup.__aexit__", "taskgroup"},
};

}  // namespace

const char* wait_primitive(std::string_view qualname) {
  for (const WaitPrimitive& p : kWaitPrimitives)
    if (p.qualname == qualname) return p.primitive;
  return nullptr;
}

}  // namespace corosim
