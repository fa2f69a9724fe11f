// The methods of dict (get, items, pop, update, ...), registered on the
// builtin dict type by init_builtins().
#pragma once

#include <span>

#include "sim/runtime/call.h"
#include "sim/runtime/dict_object.h"

namespace corosim {

/// Adds every dict method to builtin_types().dict.
void add_dict_methods();

/// Mirrors dict_update_arg + the keyword part of dict(...)/d.update(...):
/// `other` (null to skip) is a dict or an iterable of key/value pairs, then
/// every keyword argument is set. TypeError/ValueError with CPython's
/// messages ("dictionary update sequence element #0 has length 3; 2 is required").
void dict_update(DictObject& d, const Value& other, std::span<const KwArg> kwargs);

}  // namespace corosim
