// What Python code sees of the VM's objects: function attributes (__name__,
// __qualname__, __doc__, __module__, __defaults__), the coroutine methods
// send/throw/close and coroutine/generator attributes. Installed once per
// process on the builtin types, before the first such object exists.
#pragma once

namespace corosim {

/// Idempotent; the constructors of FunctionObject, PyCoroObject and
/// PyGenObject call it.
void register_vm_types();

}  // namespace corosim
