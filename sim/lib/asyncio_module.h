// The `asyncio` module object a scenario imports.
#pragma once

#include "sim/runtime/object.h"

namespace corosim {

/// Builds a new `asyncio` module (ModuleObject) binding run, sleep,
/// create_task, ensure_future, gather, current_task, all_tasks,
/// get_running_loop, get_event_loop, iscoroutine, isfuture, the classes
/// Future and Task, and the exceptions CancelledError, TimeoutError (the
/// builtin one, as in 3.11) and InvalidStateError.
Value make_asyncio_module();

}  // namespace corosim
