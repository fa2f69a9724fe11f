// The `builtins` module: the builtin functions (print, len, sorted, ...), the
// builtin types bound by name (int, str, list, zip, ...) and the exception
// classes, plus the glue that installs the library's methods and the
// constructors of the builtin types. LOAD_GLOBAL and LOAD_NAME fall back to
// builtins_dict() when a name is not a global.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/runtime/dict_object.h"
#include "sim/runtime/module_object.h"
#include "sim/runtime/object.h"

namespace corosim {

/// Installs, once per process, the methods of str/list/dict/set and the
/// `construct` slots of the builtin types (int('12'), zip(a, b), ...). Must run
/// before any program code: Program (or the interpreter) calls it at start-up;
/// builtins_module() calls it too. Idempotent and cheap after the first call.
void init_builtins();

/// The `builtins` module (immortal, one per process).
ModuleObject& builtins_module();

/// Its attribute dict: the fallback of LOAD_GLOBAL / LOAD_NAME.
DictObject& builtins_dict();

/// builtins_dict().get_str(name): a null Value when there is no such builtin.
Value lookup_builtin(std::string_view name);

/// format(value, spec) with CPython's rules for int, bool, float and str and
/// object.__format__ for everything else (empty spec: str(value); otherwise
/// TypeError "unsupported format string passed to NoneType.__format__").
/// What FORMAT_VALUE of an f-string and str.format call (after applying a
/// !r / !s / !a conversion). Throws PyException (ValueError, TypeError, ...).
std::string format_value(const Value& value, std::string_view spec);

/// sorted() and list.sort(): sorts `items` in place as CPython's list.sort
/// does (stable; the key function is called once per item, in order; reverse
/// keeps equal items in their original order; items are compared with `<`
/// through compare_bool, so a mixed list raises CPython's TypeError).
/// `key` may be null or None.
void sort_values(std::vector<Value>& items, const Value& key, bool reverse);

}  // namespace corosim
