// Attribute access: obj.name, obj.name = v, del obj.name, and the method
// lookup the VM's LOAD_METHOD uses.
#pragma once

#include <string_view>

#include "sim/runtime/object.h"

namespace corosim {

/// obj.name. Order: the type's get_attr slot and the standard attributes
/// (__class__, __name__, args, ...), the instance dict (exceptions, modules),
/// then the type chain (Python functions bind to a BoundMethodObject, native
/// methods to a bound NativeFunctionObject). AttributeError with CPython's
/// messages: "'int' object has no attribute 'foo'", "type object 'X' has no
/// attribute 'y'", "module 'asyncio' has no attribute 'x'".
Value get_attr(const Value& obj, std::string_view name);
/// Like get_attr but returns a null Value instead of raising AttributeError.
Value get_attr_or_null(const Value& obj, std::string_view name);
void set_attr(const Value& obj, std::string_view name, Value value);
void del_attr(const Value& obj, std::string_view name);
/// hasattr(obj, name).
bool has_attr(const Value& obj, std::string_view name);

/// LOAD_METHOD: if `name` resolves to a method on obj's type (a Python
/// function or an unbound native method), sets method and self_out = obj
/// (call method(self_out, *args)); otherwise method = get_attr(obj, name)
/// and self_out = null (call method(*args)).
void get_method(const Value& obj, std::string_view name, Value& method, Value& self_out);

}  // namespace corosim
