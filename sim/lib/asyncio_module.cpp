#include "sim/lib/asyncio_module.h"

#include "sim/lib/asyncio_locks.h"
#include "sim/lib/asyncio_queues.h"
#include "sim/lib/asyncio_runners.h"
#include "sim/lib/asyncio_taskgroups.h"
#include "sim/lib/asyncio_tasks.h"
#include "sim/lib/asyncio_timeouts.h"
#include "sim/lib/asyncio_wait.h"
#include "sim/loop/future.h"
#include "sim/loop/task.h"
#include "sim/runtime/exception.h"
#include "sim/runtime/module_object.h"
#include "sim/runtime/native_function.h"
#include "sim/runtime/str_object.h"

namespace corosim {
namespace {

struct FunctionEntry {
  const char* name;
  NativeFn fn;
};

// The module's functions (CPython: asyncio/__init__.py re-exports them).
constexpr FunctionEntry kFunctions[] = {
    {"run", asyncio_run_native},
    {"sleep", asyncio_natives::sleep},
    {"create_task", asyncio_natives::create_task},
    {"ensure_future", asyncio_natives::ensure_future},
    {"gather", asyncio_natives::gather},
    {"wait", asyncio_natives::wait},
    {"as_completed", asyncio_natives::as_completed},
    {"wait_for", asyncio_natives::wait_for},
    {"shield", asyncio_natives::shield},
    {"timeout", asyncio_natives::timeout},
    {"timeout_at", asyncio_natives::timeout_at},
    {"current_task", asyncio_natives::current_task},
    {"all_tasks", asyncio_natives::all_tasks},
    {"get_running_loop", asyncio_natives::get_running_loop},
    {"get_event_loop", asyncio_natives::get_event_loop},
    {"iscoroutine", asyncio_natives::iscoroutine},
    {"isfuture", asyncio_natives::isfuture},
};

}  // namespace

Value make_asyncio_module() {
  Ref<ModuleObject> module =
      new_module("asyncio", " from '/usr/lib/python3.11/asyncio/__init__.py'");
  for (const FunctionEntry& f : kFunctions) module->set(f.name, Value(new_native_function(f.name, f.fn)));
  const ExceptionTypes& types = exception_types();
  module->set("CancelledError", Value(types.cancelled_error));
  module->set("TimeoutError", Value(types.timeout_error));
  module->set("InvalidStateError", Value(types.invalid_state_error));
  // tasks.py takes wait()'s return_when values from concurrent.futures.
  for (const char* name : {"FIRST_COMPLETED", "FIRST_EXCEPTION", "ALL_COMPLETED"})
    module->set(name, new_str(name));
  module->set("Future", Value(future_type()));
  module->set("Task", Value(task_type()));
  module->set("Timeout", Value(timeout_type()));
  module->set("TaskGroup", Value(task_group_type()));
  // locks.py and queues.py: asyncio re-exports their classes under their own names.
  for (TypeObject* t : {lock_type(), event_type(), condition_type(), semaphore_type(), bounded_semaphore_type(),
                        barrier_type(), broken_barrier_error_type(), queue_type(), priority_queue_type(),
                        lifo_queue_type(), queue_empty_type(), queue_full_type()})
    module->set(t->name(), Value(t));
  return Value(module);
}

}  // namespace corosim
