// What Python code sees of the VM's objects: function attributes (__name__,
// __qualname__, __doc__, __module__, __defaults__), the coroutine and
// generator methods send/throw/close and their attributes. Installed once per
// process on the builtin types, before the first such object exists.
#pragma once

#include "sim/runtime/coroutine_object.h"

namespace corosim {

/// The Python face of a SendResult (Objects/genobject.c gen_send_ex): a yield
/// is returned, a return raises StopIteration(value), an exception propagates.
Value deliver(SendResult r);
/// StopIteration(value) with its .value, what a generator's return raises.
Value stop_iteration(const Value& value);

/// Idempotent; the constructors of FunctionObject, PyCoroObject and
/// PyGenObject call it.
void register_vm_types();

}  // namespace corosim
