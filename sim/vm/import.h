// `import NAME`: the few modules a scenario can import, built on first use and
// cached for the rest of the run.
#pragma once

#include <string_view>

#include "sim/runtime/object.h"

namespace corosim {

/// The module object for `name` ("asyncio", "time", "random"). Each is built
/// once per run (reset_imports() forgets them). Other names raise
/// ModuleNotFoundError-style ImportError (the parser refuses them earlier).
Value import_module(std::string_view name);

/// Forgets the cached modules (Program calls it between runs).
void reset_imports();

}  // namespace corosim
