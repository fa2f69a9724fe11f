// Lib/asyncio/taskgroups.py (3.11.7): asyncio.TaskGroup, as library code on
// tasks, done callbacks and one future. The first child to fail cancels its
// siblings and the parent task; __aexit__ waits for every child, then raises
// the children's errors as a BaseExceptionGroup (an ExceptionGroup when they
// are all Exceptions).
#pragma once

#include "sim/runtime/object.h"
#include "sim/runtime/type_object.h"

namespace corosim {

/// The Python class asyncio.TaskGroup (module "asyncio.taskgroups").
/// Order rule: where CPython iterates the set self._tasks (_abort cancelling
/// the children), corosim takes the children in creation order.
TypeObject* task_group_type();

}  // namespace corosim
