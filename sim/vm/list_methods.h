// The methods of list (append, pop, sort, ...), registered on the builtin
// list type by init_builtins().
#pragma once

namespace corosim {

/// Adds every list method to builtin_types().list, and tuple.count and
/// tuple.index to builtin_types().tuple.
void add_list_methods();

}  // namespace corosim
