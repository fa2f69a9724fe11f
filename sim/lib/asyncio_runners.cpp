#include "sim/lib/asyncio_runners.h"

#include <vector>

#include "sim/lib/asyncio_tasks.h"
#include "sim/loop/future.h"
#include "sim/loop/native_args.h"
#include "sim/loop/task.h"
#include "sim/runtime/exception.h"
#include "sim/runtime/repr.h"

namespace corosim {
namespace {

// The qualnames CPython's shutdown coroutines report (trace `coro`).
constexpr const char* kShutdownCoroutines[] = {
    "BaseEventLoop.shutdown_asyncgens",
    "BaseEventLoop.shutdown_default_executor",
};

// Mirrors Lib/asyncio/runners.py Runner.run (3.11), after _lazy_init.
Value runner_run(EventLoop& loop, const Value& main) {
  if (!is_coroutine(main))
    raise_error(exception_types().value_error, "a coroutine was expected, got " + repr(main));
  Ref<TaskObject> task = loop.create_task(Ref<CoroutineObject>(main.as<CoroutineObject>()));
  return loop.run_until_complete(Value(task));
}

// Mirrors Lib/asyncio/runners.py Runner.close (3.11).
void runner_close(EventLoop& loop) {
  try {
    cancel_all_tasks(loop);
    for (const char* qualname : kShutdownCoroutines) {
      // loop.run_until_complete(loop.shutdown_asyncgens()): the coroutine
      // becomes a task; created here so that it is marked internal.
      Ref<TaskObject> task = loop.create_task(make_immediate_coroutine(qualname), Value(), true);
      loop.run_until_complete(Value(task));
    }
  } catch (...) {
    loop.close();
    throw;
  }
  loop.close();
}

// Mirrors Lib/asyncio/runners.py run (3.11): `with Runner() as runner:
// return runner.run(main)`, where __exit__ always runs Runner.close.
Value run_in_new_loop(const Value& main) {
  if (EventLoop::running_loop() != nullptr)
    raise_error(exception_types().runtime_error,
                "asyncio.run() cannot be called from a running event loop");
  Ref<EventLoop> loop = make<EventLoop>();
  Value result;
  try {
    result = runner_run(*loop, main);
  } catch (PyException&) {
    runner_close(*loop);  // a new exception from the clean-up replaces main's, as in Python
    throw;
  } catch (...) {
    loop->close();  // Deadlock, UntilReached, LimitExceeded: the run is over
    throw;
  }
  runner_close(*loop);
  return result;
}

}  // namespace

Value asyncio_run(Ref<CoroutineObject> main) { return run_in_new_loop(Value(main)); }

// Mirrors Lib/asyncio/runners.py _cancel_all_tasks (3.11).
void cancel_all_tasks(EventLoop& loop) {
  std::vector<Ref<TaskObject>> to_cancel = loop.pending_tasks();  // creation order, see header
  if (to_cancel.empty()) return;
  for (const Ref<TaskObject>& task : to_cancel) task->cancel();
  std::vector<Value> args(to_cancel.begin(), to_cancel.end());
  loop.run_until_complete(Value(gather(args, /*return_exceptions=*/true)));
  for (const Ref<TaskObject>& task : to_cancel) {
    if (task->cancelled()) continue;
    Value exc = task->exception();
    if (!exc.is_none())
      loop.call_exception_handler({"unhandled exception during asyncio.run() shutdown", exc, {{"task", Value(task)}}});
  }
}

Value asyncio_run_native(const Value&, std::span<const Value> args,
                         std::span<const KwArg> kwargs) {
  static constexpr native_args::Param params[] = {{"main"}, {"debug", true}};
  Value bound[2];
  native_args::bind("run", args, kwargs, params, bound);
  native_args::require("run", "main", bound[0]);
  return run_in_new_loop(bound[0]);
}

}  // namespace corosim
