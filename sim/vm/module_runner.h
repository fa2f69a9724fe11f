// Entry points Program uses to run a compiled module.
#pragma once

#include "sim/runtime/coroutine_object.h"
#include "sim/runtime/object.h"

namespace corosim {

class CodeObject;
class DictObject;

/// Runs a module's code (no top-level await) with fresh globals (__name__ =
/// '__main__', __file__ = code's filename) and returns None. The program's
/// uncaught exception propagates as PyException, a run limit as LimitExceeded.
Value exec_module(Ref<CodeObject> code);

/// The same in the given globals dict (a test seam: the caller can read the
/// module's functions afterwards). `globals` gets __name__/__file__ if absent.
Value exec_module_in(Ref<CodeObject> code, Ref<DictObject> globals);

/// For a module with top-level await (code flagged as a coroutine): the
/// coroutine `<module>` that runs the body when driven (asyncio.run, or the
/// Program's main task). Nothing runs before the first send().
Ref<CoroutineObject> module_coroutine(Ref<CodeObject> code);

}  // namespace corosim
