// The methods of str (join, split, strip, format, ...), registered on the
// builtin str type by init_builtins().
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "sim/runtime/call.h"

namespace corosim {

/// Adds every str method to builtin_types().str.
void add_str_methods();

/// str.format(*args, **kwargs) applied to the UTF-8 template `format`.
std::string str_format(std::string_view format, std::span<const Value> args,
                       std::span<const KwArg> kwargs);

}  // namespace corosim
