// The methods of set (add, discard, union, ...), registered on the builtin
// set type by init_builtins().
#pragma once

namespace corosim {

/// Adds every set method to builtin_types().set.
void add_set_methods();

}  // namespace corosim
