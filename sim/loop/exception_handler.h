// What the loop does with an error nobody can receive: an exception escaping
// a callback, a task's exception never retrieved, a task failing during
// asyncio.run's shutdown. CPython logs these through the `asyncio` logger;
// with no logging configured, logging's last-resort handler writes them to
// stderr, which is what corosim reproduces.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "sim/runtime/object.h"

namespace corosim {

/// The context dict of BaseEventLoop.call_exception_handler: a message, the
/// exception (or null) and the other keys ("handle", "task", "future").
struct ExceptionHandlerContext {
  std::string message;
  Value exception;
  std::vector<std::pair<std::string, Value>> details;
};

/// Mirrors Lib/asyncio/base_events.py BaseEventLoop.default_exception_handler
/// (3.11) as logged to stderr: the message, "key: repr(value)" for the other
/// keys in sorted order, then the exception's traceback in corosim's style
/// (program frames only, no caret lines). Writes to run_context().err.
void default_exception_handler(const ExceptionHandlerContext& context);

}  // namespace corosim
