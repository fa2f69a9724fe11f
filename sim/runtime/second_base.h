// A second base for a few built-in types: CPython's multiple inheritance,
// reduced to what corosim needs (ExceptionGroup(BaseExceptionGroup,
// Exception)). is_subtype() follows it; attribute lookup does not, so the
// second base must add no attributes of its own that the type would need.
#pragma once

#include <vector>

#include "sim/runtime/type_object.h"

namespace corosim {

/// Makes issubclass(t, x) true for every x that `second` derives from.
void add_second_base(TypeObject* t, TypeObject* second);
/// The second base of t, or nullptr.
const TypeObject* second_base(const TypeObject* t);
/// t.__mro__: C3 over the base and the second base, as CPython computes it.
std::vector<const TypeObject*> type_mro(const TypeObject* t);

}  // namespace corosim
