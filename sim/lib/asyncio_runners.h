// asyncio.run (Lib/asyncio/runners.py, 3.11): a fresh loop per call, the
// main task, and the shutdown sequence that cancels leftover tasks.
#pragma once

#include <span>

#include "sim/loop/event_loop.h"
#include "sim/runtime/call.h"
#include "sim/runtime/coroutine_object.h"
#include "sim/runtime/object.h"

namespace corosim {

/// Mirrors Lib/asyncio/runners.py run (3.11) for a coroutine: RuntimeError
/// inside a running loop; otherwise a new EventLoop, the main task (Task-N),
/// run_until_complete, then Runner.close (_cancel_all_tasks, the two
/// internal shutdown tasks, loop.close()). Returns main's result or throws
/// PyException with main's exception. Program also uses it to run a module
/// with top-level await (its `<module>` coroutine becomes the main task).
/// Deadlock, UntilReached and LimitExceeded leave at once: the loop is closed
/// without the shutdown sequence (the run is over).
Value asyncio_run(Ref<CoroutineObject> main);

/// Mirrors Lib/asyncio/runners.py _cancel_all_tasks (3.11), cancelling the
/// pending tasks in creation order (corosim's documented rule; CPython
/// iterates a set, whose order follows memory addresses).
void cancel_all_tasks(EventLoop& loop);

/// asyncio.run(main, *, debug=None) for Python callers.
Value asyncio_run_native(const Value& self, std::span<const Value> args,
                         std::span<const KwArg> kwargs);

}  // namespace corosim
